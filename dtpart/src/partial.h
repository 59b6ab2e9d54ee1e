/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partial guest device tree for one domain: `/passthrough` (simple-bus,
 * `ranges;`, 2/2 cells) with a copy of each device node whose reg is written
 * as CPU physical addresses, whose interrupts point at the guest GIC, whose
 * clocks are fixed-clock nodes at known rates (in `/passthrough/clocks@N`),
 * and whose host-only
 * properties (power domains, resets, pinctrl, iommus...) are dropped;
 * `/aliases` for the guest. Dom0less adds xen,reg / xen,path and `/gic`. */
#ifndef DTPART_PARTIAL_H
#define DTPART_PARTIAL_H

#include <stddef.h>
#include <stdint.h>
#include "devmodel.h"
#include "xenabi.h"

struct dtp_partial_dev {
	const struct dtp_device *dev;
	const uint64_t *clock_rates;            /* resolved, one per dev->clocks */
	int force_assign;                       /* dom0less: not behind an enabled SMMU */
	uint64_t guest_offset;                  /* guest address = host address + this (guestplace) */
	int has_mac;                            /* write local-mac-address = mac */
	uint8_t mac[6];
};

/* devs must be in output order (sorted by host address). Warnings for
 * dropped references are printed once. */
DTP_MUST_CHECK int dtp_partial_build(const struct dtp_host *h, const struct dtp_partial_dev *devs, int n_devs,
		  int dom0less, void **blob, size_t *len, struct dtp_diag *diag);

#endif
