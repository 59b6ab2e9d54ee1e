/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rules of the replay that differ between Xen versions, one row each,
 * with the Xen change that introduced or removed it. The replay asks
 * hv_rule_applies() instead of comparing versions itself, so this table is
 * the one place that says what a version does. */
#ifndef HYPERVISOR_XEN_RULES_H
#define HYPERVISOR_XEN_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* A Xen version as major << 8 | minor: 4.17 is 0x411. */
#define HV_XEN(major, minor) (((major) << 8) | (minor))
#define HV_XEN_OLDEST HV_XEN(4, 16)
#define HV_XEN_NEWEST HV_XEN(4, 22)
/* Debian 12's Xen, the version the project's real-Xen tests started on. */
#define HV_XEN_DEFAULT HV_XEN(4, 17)

enum hv_rule {
	/* Xen builds a dom0less guest's device tree in a fixed 4096-byte
	 * buffer that must also hold the copied partial tree. */
	HV_RULE_DOMU_DTB_4K,
	/* A passthrough error in a dom0less partial tree fails the domain
	 * build (panic) instead of being logged while the guest boots. */
	HV_RULE_DOM0LESS_PT_FATAL,
	/* libxl advertises the unallocated part of each guest RAM bank as
	 * "extended regions" without excluding iomem ranges. */
	HV_RULE_EXT_REGIONS_XL,
	/* Xen does the same for dom0less guests with xen,enhanced, without
	 * excluding xen,reg ranges. */
	HV_RULE_EXT_REGIONS_DOM0LESS,
	/* Xen's SMMU driver reads the generic `iommus` binding (before: only
	 * the legacy mmu-masters). */
	HV_RULE_GENERIC_IOMMUS,
	/* xl reads `nr_spis` (before: an unknown key, ignored). */
	HV_RULE_XL_NR_SPIS,
	/* Dom0less reads the /chosen/domU `passthrough` property (before:
	 * ignored). */
	HV_RULE_DOM0LESS_PASSTHROUGH_PROP,
	/* make_chosen_node writes the initrd placeholders of a dom0less
	 * guest when its kernel module has a size (it tests the kernel's
	 * module, not the ramdisk's): 76 bytes more in the guest tree. */
	HV_RULE_INITRD_PLACEHOLDERS_ALWAYS,
	/* A dom0less domain with xen,enhanced ("enabled" or empty) wants
	 * dom0's Xenstore: with no dom0 Xen panics (before: the property is
	 * unknown and ignored). */
	HV_RULE_ENHANCED_NEEDS_DOM0,
	HV_RULE_COUNT
};

struct hv_rule_row {
	enum hv_rule rule;
	const char *name;       /* short name for tests and messages */
	unsigned since;         /* first version with the behaviour, 0: every modelled one */
	unsigned until;         /* first version without it, 0: still there */
	const char *source;     /* Xen file and function */
	const char *change;     /* the commit or release that made `since`/`until` */
};

/* NULL for an unknown rule. */
const struct hv_rule_row *hv_rule_row(enum hv_rule rule);
bool hv_rule_applies(enum hv_rule rule, unsigned xen_version);
bool hv_xen_supported(unsigned xen_version);
/* "4.17" or "4.17.5" -> 0x411; 0 when the text is neither. */
unsigned hv_xen_parse(const char *text);

/* The extended regions this Xen advertises to a guest of ram_bytes without
 * leaving the guest's device mappings out (HV_RULE_EXT_REGIONS_XL for an xl
 * guest; HV_RULE_EXT_REGIONS_DOM0LESS for a dom0less one, which gets a
 * hypervisor node only with xen,enhanced): how many (0 to 2), in base/size.
 * 0 where the version advertises none, or leaves the devices out (4.21).
 * ipa_bits 0 means 40, a ZynqMP guest's. */
int hv_ext_regions_over_devices(unsigned xen_version, bool dom0less, bool enhanced, uint64_t ram_bytes,
				unsigned ipa_bits, uint64_t base[2], uint64_t size[2]);

#endif
