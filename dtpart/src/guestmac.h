/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The MAC address a guest's network device keeps across boots. The host
 * tree often takes the MAC from an EEPROM (nvmem-cells), which stays with
 * dom0: the guest copy loses it and the guest's driver picks a random MAC
 * on every boot. dtpart writes local-mac-address instead: the one given
 * with --mac, else one derived from the board, domain and device, the same
 * on every run. */
#ifndef DTPART_GUESTMAC_H
#define DTPART_GUESTMAC_H

#include <stddef.h>
#include <stdint.h>

/* "xx:xx:xx:xx:xx:xx" (hex, ':' or '-') into out (may be NULL). -1 when
 * malformed, -2 when it is a multicast address (bit 0 of the first byte),
 * -3 when it is all zeros: neither can be a device's own address. */
int dtp_mac_parse(const char *text, uint8_t out[6]);

/* A locally administered unicast MAC (first byte xxxxxx10) from a hash
 * (FNV-1a, 64 bits) of board, domain and host path: stable across runs and
 * machines, distinct for distinct devices in practice. */
void dtp_mac_derive(const char *board, unsigned domain, const char *path, uint8_t out[6]);

/* "02:1a:..." into buf (18 bytes or more). */
void dtp_mac_format(const uint8_t mac[6], char *buf, size_t len);

#endif
