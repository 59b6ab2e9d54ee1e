/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: any bytes as a host tree. Validation, the one-walk
 * index, the host scan, the device model of every node, name lookup, the
 * partial tree of every device that builds, and the host rewrite. Every tree
 * dtpart writes must pass fdt_check_full and have its .dts written, and the
 * patched model the pre-write check reads must match the rewritten tree's.
 * Any blob that passes validation gets its .dts written too. */
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "fuzz_blob.h"
#include "devmodel.h"
#include "dtswrite.h"
#include "hostwrite.h"
#include "lookup.h"
#include "partial.h"

static void write_dts(const void *blob)
{
	char *text;
	size_t len;
	if (dtp_dts_write(blob, &text, &len) != 0 || strlen(text) != len)
		abort();
	free(text);
}

static void check_output(void *blob, size_t len)
{
	if (fdt_check_full(blob, len) != 0)
		abort();
	write_dts(blob);
	free(blob);
}

/* The check before writing reads the input's index patched with the edits;
 * Xen boots the rewritten blob. Both must give the node the same model. */
static void same_as_patched(struct dtp_host *h, int node, const void *blob, size_t len)
{
	struct dtp_diag diag;
	struct dtp_host w;
	memset(&w, 0, sizeof(w));
	if (dtp_blob_validate(blob, len, "rewritten", &diag) || dtp_index_build(blob, "rewritten", &w.ix, &diag) ||
	    dtp_host_scan(&w, &diag))
		abort();   /* a rewrite of a tree that indexes must index */
	dtp_index_patch(h->ix, node, "xen,passthrough", "", 0);
	if (dtp_host_rescan_smmus(h, &diag))
		abort();
	struct dtp_device a = { 0 }, b = { 0 };
	int wn = dtp_index_by_path(w.ix, dtp_node_path(h->ix, node));
	if (wn < 0)
		abort();
	int ra = dtp_device_build_resources(h, node, &a, &diag);
	int rb = dtp_device_build_resources(&w, wn, &b, &diag);
	if ((ra == 0) != (rb == 0))
		abort();
	if (ra == 0 && (!a.has_passthrough_flag || !b.has_passthrough_flag || a.n_regs != b.n_regs ||
			a.n_irqs != b.n_irqs || a.n_sids != b.n_sids ||
			memcmp(a.regs, b.regs, sizeof(a.regs[0]) * (size_t)a.n_regs) ||
			memcmp(a.irqs, b.irqs, sizeof(a.irqs[0]) * (size_t)a.n_irqs)))
		abort();
	dtp_device_free(&a);
	dtp_device_free(&b);
	dtp_host_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dtp_diag diag;
	void *fdt = fuzz_blob(data, size);
	if (!fdt)
		return 0;
	struct dtp_host h;
	memset(&h, 0, sizeof(h));
	int valid = dtp_blob_validate(fdt, size, "fuzz", &diag) == 0;
	if (valid)
		write_dts(fdt);
	if (valid && dtp_index_build(fdt, "fuzz", &h.ix, &diag) == 0 && dtp_host_scan(&h, &diag) == 0) {
		const char *names[] = { "eth0", "serial1", "ttyPS0", "gem3", "ethernet", "/axi" };
		/* Found or not, a name must resolve without a crash: a node or a
		 * negative code with its message. */
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (dtp_lookup_device(&h, names[i], &diag) < 0 && !diag.msg[0])
				__builtin_trap();
		int built = 0;
		for (int n = 0; n < dtp_index_count(h.ix) && built < 8; n++) {
			struct dtp_device dev = { 0 };
			if (!dtp_device_is_candidate(&h, n) || dtp_device_build(&h, n, &dev, &diag)) {
				dtp_device_free(&dev);
				continue;
			}
			built++;
			uint64_t *rates = calloc((size_t)dev.n_clocks + 1, sizeof(uint64_t));
			struct dtp_partial_dev pd = { &dev, rates, dev.n_sids == 0 };
			for (int k = 0; k < dev.n_clocks; k++)
				rates[k] = 1000000u + (unsigned)k;
			void *blob;
			size_t len;
			if (dtp_partial_build(&h, &pd, 1, n & 1, &blob, &len, &diag) == 0)
				check_output(blob, len);
			struct dtp_host_edits e = { 0 };
			dtp_host_edit_prop(&e, n, "xen,passthrough", "", 0);
			/* The rewrite edits its buffer in place: give it a copy (the
			 * index's offsets hold for it). */
			void *copy = malloc(size);
			memcpy(copy, fdt, size);
			if (dtp_host_rewrite(h.ix, &e, &copy, &len) == 0) {
				same_as_patched(&h, n, copy, len);
				check_output(copy, len);
			} else {
				free(copy);
			}
			dtp_host_edits_free(&e);
			free(rates);
			dtp_device_free(&dev);
		}
	}
	dtp_host_free(&h);
	free(fdt);
	return 0;
}
