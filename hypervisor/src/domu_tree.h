/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The size of the device tree Xen builds for a dom0less guest, computed by
 * replaying prepare_dtb_domU's sequence of libfdt sequential-write calls
 * (xen/arch/arm/domain_build.c in 4.17, dom0less-build.c later) on a byte
 * counter instead of a buffer. */
#ifndef HYPERVISOR_DOMU_TREE_H
#define HYPERVISOR_DOMU_TREE_H

#include <hypervisor/replay.h>

struct hv_domu_tree_size {
	uint32_t total;     /* what fdt_finish needs: header, memory map, structure, strings */
	uint32_t copied;    /* of which the copied /aliases and /passthrough (structure only) */
	uint32_t limit;     /* the buffer Xen allocates for it */
};

/* Extended regions Xen or libxl advertise for a guest (find_domU_holes,
 * finalize_hypervisor_node): unallocated parts of each RAM bank of at
 * least 64 MiB. Returns how many, filling base/size (2 entries). */
int hv_ext_regions(uint64_t ram_bytes, unsigned ipa_bits, uint64_t base[2], uint64_t size[2]);

void hv_domu_tree_size(const struct hv_domain *d, unsigned xen_version, unsigned ipa_bits,
		       struct hv_replay_scratch *s, struct hv_domu_tree_size *out);

#endif
