/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts for the dom0less guest-tree size (see guesttree.h). */
#include "guesttree.h"

#include <libfdt.h>
#include <stdlib.h>

void dtp_guest_tree_host(const struct dtp_index *host, struct hv_guest_tree *t)
{
	int cpus = dtp_index_by_path(host, "/cpus");
	for (int c = cpus < 0 ? -1 : dtp_node_first_child(host, cpus); c >= 0; c = dtp_node_next_sibling(host, c)) {
		int len;
		const char *type = dtp_index_prop(host, c, "device_type", &len);
		if (!type || len < 4 || !dtp_stringlist_contains(type, len, "cpu"))
			continue;
		/* Xen copies the first cpu's compatible to every vCPU. */
		if (!dtp_index_prop(host, c, "compatible", &len))
			len = 0;
		t->cpu_compatible_len = (uint32_t)len;
		t->cpu_clock_frequency = dtp_index_prop(host, c, "clock-frequency", NULL) != NULL;
		break;
	}
	for (int n = 0; n < dtp_index_count(host); n++)
		if (dtp_index_compatible(host, n, "arm,armv8-timer") || dtp_index_compatible(host, n, "arm,armv7-timer")) {
			t->timer_clock_frequency = dtp_index_prop(host, n, "clock-frequency", NULL) != NULL;
			break;
		}
}

int dtp_guest_tree_walk(const void *partial, struct dtp_arena *a, struct hv_guest_tree *t)
{
	/* One tag walk counts, a second fills: the tree is small. */
	int n = 0;
	for (int pass = 0; pass < 2; pass++) {
		struct hv_walk_step *steps = NULL;
		if (pass)
			steps = dtp_arena_alloc(a, sizeof(*steps) * (size_t)(n + 1), 8);
		int k = 0, offset = 0, next;
		for (;;) {
			uint32_t tag = fdt_next_tag(partial, offset, &next);
			if (tag == FDT_END)
				break;
			if (next <= offset)
				return -DTP_EBADTREE;
			if (tag == FDT_BEGIN_NODE || tag == FDT_END_NODE || tag == FDT_PROP) {
				if (pass) {
					struct hv_walk_step *s = &steps[k];
					if (tag == FDT_BEGIN_NODE) {
						*s = (struct hv_walk_step){ HV_WALK_BEGIN, fdt_get_name(partial, offset, NULL), 0 };
					} else if (tag == FDT_END_NODE) {
						*s = (struct hv_walk_step){ HV_WALK_END, NULL, 0 };
					} else {
						int len;
						const struct fdt_property *p = fdt_get_property_by_offset(partial, offset, &len);
						if (!p)
							return -DTP_EBADTREE;
						*s = (struct hv_walk_step){ HV_WALK_PROP,
							fdt_string(partial, (int)fdt32_to_cpu(p->nameoff)), (uint32_t)len };
					}
				}
				k++;
			}
			offset = next;
		}
		n = k;
		t->walk = steps;
		t->n_walk = n;
	}
	return 0;
}
