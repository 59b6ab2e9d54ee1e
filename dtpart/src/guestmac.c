/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "guestmac.h"

#include <stdio.h>
#include <string.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dtp_mac_parse(const char *text, uint8_t out[6])
{
	uint8_t mac[6];
	const char *p = text;
	if (!p)
		return -1;
	for (int i = 0; i < 6; i++) {
		int hi = hex_digit(p[0]), lo = hi < 0 ? -1 : hex_digit(p[1]);
		if (hi < 0 || lo < 0)
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
		p += 2;
		if (i < 5) {
			if (*p != ':' && *p != '-')
				return -1;
			p++;
		}
	}
	if (*p)
		return -1;
	if (mac[0] & 1)
		return -2;
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return -3;
	if (out)
		for (int i = 0; i < 6; i++)
			out[i] = mac[i];
	return 0;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void dtp_mac_derive(const char *board, unsigned domain, const char *path, uint8_t out[6])
{
	char dom[16];
	int n = snprintf(dom, sizeof(dom), "%u", domain);
	uint64_t h = 0xcbf29ce484222325ull;
	const char *b = board ? board : "";
	size_t bl = strlen(b), pl = strlen(path);
	/* The terminating NULs separate the fields: "a","bc" and "ab","c" differ. */
	h = fnv1a(h, b, bl + 1);
	h = fnv1a(h, dom, (size_t)n + 1);
	h = fnv1a(h, path, pl + 1);
	for (int i = 0; i < 6; i++)
		out[i] = (uint8_t)(h >> (8 * i));
	out[0] = (uint8_t)((out[0] & 0xfc) | 0x02);
}

void dtp_mac_format(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
