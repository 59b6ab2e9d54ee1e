/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny formatter for messages: freestanding code has no snprintf.
 * Supports %s %d %u %x and %llu %llx (64-bit); always terminates. */
#ifndef HYPERVISOR_FMT_H
#define HYPERVISOR_FMT_H

#include <stdarg.h>

void hv_vfmt(char *buf, int cap, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Checked like printf (the compiler sees every caller's arguments). */
void hv_fmt(char *buf, int cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends to what buf holds already. */
void hv_fmt_cat(char *buf, int cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int hv_streq(const char *a, const char *b);
/* ASCII case-insensitive, as Xen's dt_node_cmp. */
int hv_strcaseeq(const char *a, const char *b);

#endif
