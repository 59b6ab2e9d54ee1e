/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fdtwrite.h"
#include "diag.h"
#include "xalloc.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

static void note(struct dtp_fdtw *w, int rc)
{
	if (rc < 0 && !w->err)
		w->err = rc;
}

void dtp_fdtw_begin_node(struct dtp_fdtw *w, const char *name)
{
	if (!w->err)
		note(w, fdt_begin_node(w->buf, name));
}

void dtp_fdtw_end_node(struct dtp_fdtw *w)
{
	if (!w->err)
		note(w, fdt_end_node(w->buf));
}

void dtp_fdtw_prop(struct dtp_fdtw *w, const char *name, const void *val, int len)
{
	if (!w->err)
		note(w, fdt_property(w->buf, name, val, len));
}

void dtp_fdtw_prop_u32(struct dtp_fdtw *w, const char *name, uint32_t v)
{
	fdt32_t c = cpu_to_fdt32(v);
	dtp_fdtw_prop(w, name, &c, 4);
}

void dtp_fdtw_prop_str(struct dtp_fdtw *w, const char *name, const char *s)
{
	dtp_fdtw_prop(w, name, s, (int)strlen(s) + 1);
}

void dtp_fdtw_prop_cells(struct dtp_fdtw *w, const char *name, const uint32_t *cells, int n)
{
	fdt32_t buf[DTP_FDTW_MAX_CELLS];
	if (n < 0 || n > DTP_FDTW_MAX_CELLS) {
		note(w, -FDT_ERR_BADVALUE);
		return;
	}
	for (int i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(cells[i]);
	dtp_fdtw_prop(w, name, buf, n * 4);
}

void dtp_fdtw_add_reservation(struct dtp_fdtw *w, uint64_t addr, uint64_t size)
{
	if (!w->err)
		note(w, fdt_add_reservemap_entry(w->buf, addr, size));
}

void dtp_fdtw_finish_reservations(struct dtp_fdtw *w)
{
	if (!w->err)
		note(w, fdt_finish_reservemap(w->buf));
}

int dtp_fdtw_run(dtp_fdtw_gen_fn gen, void *ctx, size_t size_hint, void **blob, size_t *len)
{
	size_t size = size_hint < 4096 ? 4096 : size_hint;
	for (;;) {
		/* libfdt's offsets are ints: no tree grows that large. */
		if (size > (size_t)INT32_MAX)
			return -DTP_EBADTREE;
		struct dtp_fdtw w = { dtp_xmalloc(size), (int)size, 0 };
		note(&w, fdt_create(w.buf, w.size));
		int rc = gen(&w, ctx);
		if (!rc && !w.err)
			note(&w, fdt_finish(w.buf));
		if (rc || (w.err && w.err != -FDT_ERR_NOSPACE)) {
			free(w.buf);
			return rc ? rc : -DTP_EBADTREE;
		}
		if (w.err == -FDT_ERR_NOSPACE) {
			free(w.buf);
			size *= 2;
			continue;
		}
		*len = fdt_totalsize(w.buf);
		*blob = w.buf;
		return 0;
	}
}
