/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libfdt's sequential writer with a growing buffer. Generators take a
 * struct fdtw and call these; the first error sticks and makes the rest
 * no-ops. fdtw_run() reruns a generator with a bigger buffer when libfdt
 * reports -FDT_ERR_NOSPACE, so generators need no size estimate. */
#ifndef DTPART_FDTWRITE_H
#define DTPART_FDTWRITE_H

#include <stddef.h>
#include <stdint.h>

struct fdtw {
	void *buf;
	int size;
	int err;            /* first libfdt error, 0 when none */
};

void fdtw_begin_node(struct fdtw *w, const char *name);
void fdtw_end_node(struct fdtw *w);
void fdtw_prop(struct fdtw *w, const char *name, const void *val, int len);
void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v);
void fdtw_prop_str(struct fdtw *w, const char *name, const char *s);
/* Up to FDTW_MAX_CELLS cells (a device's 256 interrupts of 3 cells fit);
 * more is a writer error. */
#define FDTW_MAX_CELLS 1024
void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, int n);
void fdtw_add_reservation(struct fdtw *w, uint64_t addr, uint64_t size);
void fdtw_finish_reservations(struct fdtw *w);

/* gen is called with a fresh writer (fdt_create done) and returns 0 or a
 * negative dtpart code; writer errors are checked after it. On success
 * *blob (malloc'd) holds the finished tree. */
typedef int (*fdtw_gen_fn)(struct fdtw *w, void *ctx);
int fdtw_run(fdtw_gen_fn gen, void *ctx, size_t size_hint, void **blob, size_t *len);

#endif
