/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libfdt's sequential writer with a growing buffer. Generators take a
 * struct dtp_fdtw and call these; the first error sticks and makes the rest
 * no-ops. dtp_fdtw_run() reruns a generator with a bigger buffer when libfdt
 * reports -FDT_ERR_NOSPACE, so generators need no size estimate. */
#ifndef DTPART_FDTWRITE_H
#define DTPART_FDTWRITE_H

#include <stddef.h>
#include <stdint.h>

struct dtp_fdtw {
	void *buf;
	int size;
	int err;            /* first libfdt error, 0 when none */
};

void dtp_fdtw_begin_node(struct dtp_fdtw *w, const char *name);
void dtp_fdtw_end_node(struct dtp_fdtw *w);
void dtp_fdtw_prop(struct dtp_fdtw *w, const char *name, const void *val, int len);
void dtp_fdtw_prop_u32(struct dtp_fdtw *w, const char *name, uint32_t v);
void dtp_fdtw_prop_str(struct dtp_fdtw *w, const char *name, const char *s);
/* Up to DTP_FDTW_MAX_CELLS cells (a device's 256 interrupts of 3 cells fit);
 * more is a writer error. */
#define DTP_FDTW_MAX_CELLS 1024
void dtp_fdtw_prop_cells(struct dtp_fdtw *w, const char *name, const uint32_t *cells, int n);
void dtp_fdtw_add_reservation(struct dtp_fdtw *w, uint64_t addr, uint64_t size);
void dtp_fdtw_finish_reservations(struct dtp_fdtw *w);

/* gen is called with a fresh writer (fdt_create done) and returns 0 or a
 * negative dtpart code; writer errors are checked after it. On success
 * *blob (malloc'd) holds the finished tree. */
typedef int (*dtp_fdtw_gen_fn)(struct dtp_fdtw *w, void *ctx);
int dtp_fdtw_run(dtp_fdtw_gen_fn gen, void *ctx, size_t size_hint, void **blob, size_t *len);

#endif
