/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The version table (see xen_rules.h). Each row was read from Xen's git
 * history: the commit named is the one that changed the behaviour, and the
 * version is the first release tag that contains it. */
#include <hypervisor/xen_rules.h>
#include "domu_tree.h"

static const struct hv_rule_row rows[HV_RULE_COUNT] = {
	[HV_RULE_DOMU_DTB_4K] = {
		HV_RULE_DOMU_DTB_4K, "domu-dtb-4k", 0, HV_XEN(4, 18),
		"xen/arch/arm/domain_build.c, prepare_dtb_domU (DOMU_DTB_SIZE)",
		"d27d274ffa \"xen/arm: Account for domU dtb bootmodule size separately\" (4.18)" },
	[HV_RULE_DOM0LESS_PT_FATAL] = {
		HV_RULE_DOM0LESS_PT_FATAL, "dom0less-passthrough-fatal", HV_XEN(4, 18), 0,
		"xen/arch/arm/domain_build.c, scan_pfdt_node",
		"f51c92383b \"xen/arm: Check return code from recursive calls to scan_pfdt_node()\" (4.18)" },
	[HV_RULE_EXT_REGIONS_XL] = {
		HV_RULE_EXT_REGIONS_XL, "ext-regions-xl", HV_XEN(4, 16), HV_XEN(4, 21),
		"tools/libs/light/libxl_arm.c, finalize_hypervisor_node",
		"57f87857dc \"libxl/arm: Add handling of extended regions for DomU\" (4.16); "
		"108308feef \"tools/arm: exclude iomem from domU extended regions\" (4.21)" },
	[HV_RULE_EXT_REGIONS_DOM0LESS] = {
		HV_RULE_EXT_REGIONS_DOM0LESS, "ext-regions-dom0less", HV_XEN(4, 17), HV_XEN(4, 21),
		"xen/arch/arm/domain_build.c, make_hypervisor_node / find_domU_holes (called by "
		"prepare_dtb_domU only for xen,enhanced)",
		"2a2447757b \"xen/arm: implement domU extended regions\" (4.17); "
		"fba1b0974d \"xen/arm: exclude xen,reg from domU extended regions\" (4.21)" },
	[HV_RULE_GENERIC_IOMMUS] = {
		HV_RULE_GENERIC_IOMMUS, "generic-iommus", HV_XEN(4, 16), 0,
		"xen/drivers/passthrough/arm/smmu.c, arm_smmu_dt_xlate_generic",
		"2278d2cbb0 \"arm,smmu: add support for generic DT bindings\" (4.16)" },
	[HV_RULE_XL_NR_SPIS] = {
		HV_RULE_XL_NR_SPIS, "xl-nr-spis", HV_XEN(4, 19), 0,
		"tools/xl/xl_parse.c, parse_config_data",
		"6f588194d9 \"tools/arm: Introduce the \\\"nr_spis\\\" xl config entry\" (4.19)" },
	[HV_RULE_DOM0LESS_PASSTHROUGH_PROP] = {
		HV_RULE_DOM0LESS_PASSTHROUGH_PROP, "dom0less-passthrough-property", HV_XEN(4, 19), 0,
		"xen/arch/arm/dom0less-build.c, create_domUs",
		"1d2b4f3049 \"xen/arm, doc: Add a DT property to specify IOMMU for Dom0less domUs\" (4.19)" },
	[HV_RULE_INITRD_PLACEHOLDERS_ALWAYS] = {
		HV_RULE_INITRD_PLACEHOLDERS_ALWAYS, "initrd-placeholders-always", 0, HV_XEN(4, 18),
		"xen/arch/arm/domain_build.c, make_chosen_node",
		"ac547f0bed \"xen/arm: Fix initrd placeholders generation in make_chosen_node()\" (4.18)" },
	[HV_RULE_ENHANCED_NEEDS_DOM0] = {
		HV_RULE_ENHANCED_NEEDS_DOM0, "enhanced-needs-dom0", HV_XEN(4, 17), 0,
		"xen/arch/arm/domain_build.c, construct_domU (dom0less-build.c from 4.19)",
		"5eedfe7728 \"xen: introduce xen,enhanced dom0less property\" (4.17); "
		"4a6d155a84 \"xen/arm: introduce new xen,enhanced property value\" (4.17, no-xenstore)" },
};

const struct hv_rule_row *hv_rule_row(enum hv_rule rule)
{
	return (unsigned)rule < HV_RULE_COUNT ? &rows[rule] : 0;
}

bool hv_rule_applies(enum hv_rule rule, unsigned xen_version)
{
	const struct hv_rule_row *r = hv_rule_row(rule);
	if (!r)
		return false;
	return (!r->since || xen_version >= r->since) && (!r->until || xen_version < r->until);
}

bool hv_xen_supported(unsigned xen_version)
{
	return xen_version >= HV_XEN_OLDEST && xen_version <= HV_XEN_NEWEST;
}

static const char *parse_number(const char *p, unsigned *out)
{
	unsigned v = 0;
	const char *start = p;
	while (*p >= '0' && *p <= '9' && p - start < 3)
		v = v * 10 + (unsigned)(*p++ - '0');
	*out = v;
	return p == start || (*p >= '0' && *p <= '9') ? 0 : p;
}

unsigned hv_xen_parse(const char *text)
{
	unsigned major, minor;
	const char *p = text ? parse_number(text, &major) : 0;
	if (!p || *p != '.')
		return 0;
	p = parse_number(p + 1, &minor);
	unsigned patch;
	if (p && *p == '.')     /* 4.17.5: the patch level changes no rule */
		p = parse_number(p + 1, &patch);
	if (!p || *p || major > 255 || minor > 255)
		return 0;
	return HV_XEN(major, minor);
}

int hv_ext_regions_over_devices(unsigned xen_version, bool dom0less, bool enhanced, uint64_t ram_bytes,
				unsigned ipa_bits, uint64_t base[2], uint64_t size[2])
{
	bool advertised = dom0less ? enhanced && hv_rule_applies(HV_RULE_EXT_REGIONS_DOM0LESS, xen_version)
				   : hv_rule_applies(HV_RULE_EXT_REGIONS_XL, xen_version);
	return advertised ? hv_ext_regions(ram_bytes, ipa_bits, base, size) : 0;
}
