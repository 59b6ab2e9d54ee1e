/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Xen version table and each version-dependent rule of the replay: a
 * test per row. The dom0less guest-tree size is checked against libfdt's
 * own sequential writer, the code Xen builds that tree with. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <hypervisor/replay.h>
#include <hypervisor/xen_rules.h>
#include <iommu/smmu.h>

#include "../../hypervisor/src/domu_tree.h"

static struct hv_replay_scratch scratch;
static struct gic_model gic;

static void test_table_rows(void **state)
{
	(void)state;
	for (int r = 0; r < HV_RULE_COUNT; r++) {
		const struct hv_rule_row *row = hv_rule_row((enum hv_rule)r);
		assert_non_null(row);
		assert_int_equal(row->rule, r);
		assert_non_null(row->name);
		assert_non_null(strstr(row->source, "xen/") ? row->source : strstr(row->source, "tools/"));
		assert_true(strlen(row->change) > 10);
		assert_true(row->since || row->until);
		/* The boundaries are where the behaviour changes. */
		if (row->since) {
			assert_true(hv_rule_applies((enum hv_rule)r, row->since));
			assert_false(hv_rule_applies((enum hv_rule)r, row->since - 1));
		}
		if (row->until) {
			assert_true(hv_rule_applies((enum hv_rule)r, row->until - 1));
			assert_false(hv_rule_applies((enum hv_rule)r, row->until));
		}
	}
	assert_null(hv_rule_row(HV_RULE_COUNT));
	/* What the issue and the Xen history say, version by version. */
	assert_true(hv_rule_applies(HV_RULE_DOMU_DTB_4K, HV_XEN(4, 17)));
	assert_false(hv_rule_applies(HV_RULE_DOMU_DTB_4K, HV_XEN(4, 18)));
	assert_false(hv_rule_applies(HV_RULE_DOM0LESS_PT_FATAL, HV_XEN(4, 17)));
	assert_true(hv_rule_applies(HV_RULE_DOM0LESS_PT_FATAL, HV_XEN(4, 20)));
	assert_true(hv_rule_applies(HV_RULE_EXT_REGIONS_XL, HV_XEN(4, 16)));
	assert_true(hv_rule_applies(HV_RULE_EXT_REGIONS_XL, HV_XEN(4, 20)));
	assert_false(hv_rule_applies(HV_RULE_EXT_REGIONS_XL, HV_XEN(4, 21)));
	assert_false(hv_rule_applies(HV_RULE_EXT_REGIONS_DOM0LESS, HV_XEN(4, 16)));
	assert_true(hv_rule_applies(HV_RULE_EXT_REGIONS_DOM0LESS, HV_XEN(4, 17)));
	assert_false(hv_rule_applies(HV_RULE_GENERIC_IOMMUS, HV_XEN(4, 15)));
	assert_true(hv_rule_applies(HV_RULE_GENERIC_IOMMUS, HV_XEN(4, 16)));
	assert_false(hv_rule_applies(HV_RULE_XL_NR_SPIS, HV_XEN(4, 18)));
	assert_true(hv_rule_applies(HV_RULE_DOM0LESS_PASSTHROUGH_PROP, HV_XEN(4, 19)));
}

static void test_version_text(void **state)
{
	(void)state;
	assert_int_equal(hv_xen_parse("4.17"), HV_XEN(4, 17));
	assert_int_equal(hv_xen_parse("4.20.1"), HV_XEN(4, 20));
	assert_int_equal(hv_xen_parse("4"), 0);
	assert_int_equal(hv_xen_parse("4.x"), 0);
	assert_int_equal(hv_xen_parse("4.17junk"), 0);
	assert_int_equal(hv_xen_parse(""), 0);
	assert_int_equal(hv_xen_parse(NULL), 0);
	assert_true(hv_xen_supported(HV_XEN(4, 16)) && hv_xen_supported(HV_XEN(4, 22)));
	assert_false(hv_xen_supported(HV_XEN(4, 15)) || hv_xen_supported(HV_XEN(4, 23)));
	assert_true(hv_xen_supported(HV_XEN_DEFAULT));
}

/* A partial tree of n UART-like devices, as a walk and as a blob. */
#define MAX_STEPS 512
static struct hv_walk_step walk[MAX_STEPS];
static int n_walk;
static char names[64][32];

static void step(enum hv_walk_kind k, const char *name, uint32_t len)
{
	walk[n_walk++] = (struct hv_walk_step){ k, name, len };
}

static void make_walk(int n_devs)
{
	n_walk = 0;
	step(HV_WALK_BEGIN, "", 0);
	step(HV_WALK_PROP, "#address-cells", 4);
	step(HV_WALK_BEGIN, "gic", 0);          /* not copied */
	step(HV_WALK_PROP, "phandle", 4);
	step(HV_WALK_END, 0, 0);
	step(HV_WALK_BEGIN, "aliases", 0);
	step(HV_WALK_PROP, "serial0", 32);
	step(HV_WALK_END, 0, 0);
	step(HV_WALK_BEGIN, "passthrough", 0);
	step(HV_WALK_PROP, "compatible", 11);
	step(HV_WALK_PROP, "ranges", 0);
	/* dtpart's fixed clocks, one level further down (partial.c) */
	step(HV_WALK_BEGIN, "clocks@0", 0);
	step(HV_WALK_PROP, "#address-cells", 4);
	step(HV_WALK_PROP, "#size-cells", 4);
	step(HV_WALK_PROP, "ranges", 24);
	for (int i = 0; i < 2; i++) {
		step(HV_WALK_BEGIN, i ? "fixed-clock-99990005" : "fixed-clock-124987511", 0);
		step(HV_WALK_PROP, "compatible", 12);
		step(HV_WALK_PROP, "#clock-cells", 4);
		step(HV_WALK_PROP, "clock-frequency", 4);
		step(HV_WALK_PROP, "phandle", 4);
		step(HV_WALK_END, 0, 0);
	}
	step(HV_WALK_END, 0, 0);
	for (int i = 0; i < n_devs; i++) {
		snprintf(names[i], sizeof(names[i]), "serial@ff%02x0000", i);
		step(HV_WALK_BEGIN, names[i], 0);
		step(HV_WALK_PROP, "compatible", 27);
		step(HV_WALK_PROP, "reg", 16);
		step(HV_WALK_PROP, "interrupts", 12);
		step(HV_WALK_PROP, "interrupt-parent", 4);
		step(HV_WALK_PROP, "clock-names", 14);
		step(HV_WALK_PROP, "xen,reg", 24);      /* not copied */
		step(HV_WALK_PROP, "xen,path", 24);     /* not copied */
		step(HV_WALK_END, 0, 0);
	}
	step(HV_WALK_END, 0, 0);
	step(HV_WALK_BEGIN, "other", 0);        /* not copied */
	step(HV_WALK_PROP, "x", 4);
	step(HV_WALK_END, 0, 0);
	step(HV_WALK_END, 0, 0);
}

/* prepare_dtb_domU's calls, with libfdt, for the same facts. */
static int xen_build(const struct hv_domain *d, char *buf, int size)
{
	static const char zero[256];    /* longer than any value written */
	const struct hv_guest_tree *t = &d->tree;
	int rc = fdt_create(buf, size);
	rc = rc ? rc : fdt_finish_reservemap(buf);
	rc = rc ? rc : fdt_begin_node(buf, "");
	rc = rc ? rc : fdt_property_cell(buf, "#address-cells", 2);
	rc = rc ? rc : fdt_property_cell(buf, "#size-cells", 2);
	rc = rc ? rc : fdt_begin_node(buf, "chosen");
	if (t->bootargs_len)
		rc = rc ? rc : fdt_property(buf, "bootargs", zero, (int)t->bootargs_len + 1);
	rc = rc ? rc : fdt_property(buf, "linux,initrd-start", zero, 8);
	rc = rc ? rc : fdt_property(buf, "linux,initrd-end", zero, 8);
	rc = rc ? rc : fdt_end_node(buf);
	rc = rc ? rc : fdt_begin_node(buf, "psci");
	rc = rc ? rc : fdt_property(buf, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci", 35);
	rc = rc ? rc : fdt_property_string(buf, "method", "hvc");
	rc = rc ? rc : fdt_property_cell(buf, "cpu_off", 1);
	rc = rc ? rc : fdt_property_cell(buf, "cpu_on", 2);
	rc = rc ? rc : fdt_end_node(buf);
	rc = rc ? rc : fdt_begin_node(buf, "cpus");
	rc = rc ? rc : fdt_property_cell(buf, "#address-cells", 1);
	rc = rc ? rc : fdt_property_cell(buf, "#size-cells", 0);
	for (unsigned cpu = 0; cpu < t->vcpus; cpu++) {
		char name[16];
		snprintf(name, sizeof(name), "cpu@%x", (cpu & 0xf) | ((cpu >> 4) << 8));
		rc = rc ? rc : fdt_begin_node(buf, name);
		rc = rc ? rc : fdt_property(buf, "compatible", zero, (int)t->cpu_compatible_len);
		rc = rc ? rc : fdt_property_string(buf, "device_type", "cpu");
		rc = rc ? rc : fdt_property_cell(buf, "reg", cpu);
		rc = rc ? rc : fdt_property_string(buf, "enable-method", "psci");
		rc = rc ? rc : fdt_end_node(buf);
	}
	rc = rc ? rc : fdt_end_node(buf);
	rc = rc ? rc : fdt_begin_node(buf, "memory@40000000");
	rc = rc ? rc : fdt_property_string(buf, "device_type", "memory");
	rc = rc ? rc : fdt_property(buf, "reg", zero, d->ram_bytes > 0xc0000000ull ? 32 : 16);
	rc = rc ? rc : fdt_end_node(buf);
	/* the copy: /aliases whole, /passthrough without xen,* */
	int depth = 0, copy = 0;
	for (int i = 0; i < t->n_walk && !rc; i++) {
		const struct hv_walk_step *w = &t->walk[i];
		if (w->kind == HV_WALK_BEGIN) {
			if (++depth == 2)
				copy = !strcmp(w->name, "aliases") || !strcmp(w->name, "passthrough");
			if (depth >= 2 && copy)
				rc = fdt_begin_node(buf, w->name);
		} else if (w->kind == HV_WALK_END) {
			if (depth-- >= 2 && copy)
				rc = fdt_end_node(buf);
		} else if (depth >= 2 && copy && strncmp(w->name, "xen,", 4)) {
			rc = fdt_property(buf, w->name, zero, (int)w->len);
		}
	}
	rc = rc ? rc : fdt_begin_node(buf, "interrupt-controller@3001000");
	rc = rc ? rc : fdt_property_cell(buf, "#address-cells", 0);
	rc = rc ? rc : fdt_property_cell(buf, "#interrupt-cells", 3);
	rc = rc ? rc : fdt_property(buf, "interrupt-controller", NULL, 0);
	rc = rc ? rc : fdt_property_string(buf, "compatible", "arm,gic-400");
	rc = rc ? rc : fdt_property(buf, "reg", zero, 32);
	rc = rc ? rc : fdt_property_cell(buf, "linux,phandle", 65000);
	rc = rc ? rc : fdt_property_cell(buf, "phandle", 65000);
	rc = rc ? rc : fdt_end_node(buf);
	rc = rc ? rc : fdt_begin_node(buf, "timer");
	rc = rc ? rc : fdt_property_string(buf, "compatible", "arm,armv8-timer");
	rc = rc ? rc : fdt_property(buf, "interrupts", zero, 36);
	rc = rc ? rc : fdt_property_cell(buf, "interrupt-parent", 65000);
	rc = rc ? rc : fdt_end_node(buf);
	if (d->vpl011) {
		rc = rc ? rc : fdt_begin_node(buf, "sbsa-uart@22000000");
		rc = rc ? rc : fdt_property_string(buf, "compatible", "arm,sbsa-uart");
		rc = rc ? rc : fdt_property(buf, "reg", zero, 16);
		rc = rc ? rc : fdt_property(buf, "interrupts", zero, 12);
		rc = rc ? rc : fdt_property_cell(buf, "interrupt-parent", 65000);
		rc = rc ? rc : fdt_property_u32(buf, "current-speed", 115200);
		rc = rc ? rc : fdt_end_node(buf);
	}
	rc = rc ? rc : fdt_end_node(buf);
	rc = rc ? rc : fdt_finish(buf);
	return rc ? rc : (int)fdt_totalsize(buf);
}

static struct hv_domain dtp_dom0less_domain(int n_devs, uint32_t bootargs, bool vpl011)
{
	make_walk(n_devs);
	struct hv_domain d = { .id = 1, .name = "domU1", .dom0less = true, .vpl011 = vpl011,
			       .ram_bytes = 256ull << 20 };
	d.tree = (struct hv_guest_tree){ .known = true, .bootargs_len = bootargs, .kernel_has_size = true,
					 .vcpus = 2, .cpu_compatible_len = 16, .partial_size = 2000,
					 .walk = walk, .n_walk = n_walk };
	return d;
}

/* The model's byte count equals libfdt's for the same sequence. Against
 * real Xen (tests/e2e/README.md, QEMU's ZCU102, 1 vCPU, bootargs
 * "domain=1", 256 MiB, no ramdisk) the model gives the sizes Xen printed:
 * 1669, 2433, 3706 and 3971 bytes on 4.17 for 1, 2, 7 and 8 devices, each
 * 76 less on 4.20, and 4251 for the 9 devices that 4.17 cannot build. */
static void test_guest_tree_size_is_libfdts(void **state)
{
	(void)state;
	static char buf[1 << 16];
	const int devs[] = { 0, 1, 7, 20, 40 };
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		for (int v = 0; v < 2; v++) {
			struct hv_domain d = dtp_dom0less_domain(devs[i], v ? 0 : 77, v);
			struct hv_domu_tree_size sz;
			hv_domu_tree_size(&d, HV_XEN(4, 17), 40, &scratch, &sz);
			int real = xen_build(&d, buf, sizeof(buf));
			assert_true(real > 0);
			assert_int_equal(sz.total, (uint32_t)real);
			assert_int_equal(sz.limit, 4096);
			hv_domu_tree_size(&d, HV_XEN(4, 18), 40, &scratch, &sz);
			assert_int_equal(sz.limit, 4096 + 2000);
			/* 4.18 writes the initrd placeholders only for a ramdisk:
			 * 2 x (12 + 8) bytes of structure, 19 + 17 of strings. */
			assert_int_equal(sz.total, (uint32_t)real - 76);
			d.tree.has_ramdisk = true;
			hv_domu_tree_size(&d, HV_XEN(4, 20), 40, &scratch, &sz);
			assert_int_equal(sz.total, (uint32_t)real);
		}
	/* And libfdt in a 4096-byte buffer fails exactly when the model says so. */
	for (int n = 0; n < 40; n++) {
		struct hv_domain d = dtp_dom0less_domain(n, 77, true);
		struct hv_domu_tree_size sz;
		hv_domu_tree_size(&d, HV_XEN(4, 17), 40, &scratch, &sz);
		int rc = xen_build(&d, buf, 4096);
		assert_int_equal(rc < 0, sz.total > 4096);
		if (rc < 0)
			assert_int_equal(rc, -FDT_ERR_NOSPACE);
	}
}

static void replay_one(struct hv_domain *d, unsigned version, struct hv_result *res, struct hv_finding *f, int max)
{
	static const struct hv_range r_uart1 = { 0xff010000, 0x1000 }, r_gem3 = { 0xff0e0000, 0x1000 };
	static const struct hv_irq i_uart1 = { 54, 4 }, i_gem3 = { 95, 4 };
	static const struct hv_host_device devs[2] = {
		{ "/axi/serial@ff010000", &r_uart1, 1, &i_uart1, 1, true, 0, -1, false, false },
		{ "/axi/ethernet@ff0e0000", &r_gem3, 1, &i_gem3, 1, true, 0, -1, false, false },
	};
	struct hv_host h = { .gic_lines = 192, .devs = devs, .n_devs = 2, .xen_version = version };
	*res = (struct hv_result){ f, max, 0, 0, 0 };
	assert_int_equal(hv_replay(&h, d, 1, &gic, &scratch, res), 0);
}

static const struct hv_finding *find(const struct hv_result *res, enum hv_code code)
{
	for (int i = 0; i < res->n && i < res->max; i++)
		if (res->findings[i].code == code)
			return &res->findings[i];
	return NULL;
}

static void test_guest_tree_over_4k_on_417_only(void **state)
{
	(void)state;
	struct hv_finding f[16];
	struct hv_result res;
	struct hv_domain d = dtp_dom0less_domain(30, 77, true);
	replay_one(&d, HV_XEN(4, 17), &res, f, 16);
	const struct hv_finding *x = find(&res, HVC_DOMU_TREE_SIZE);
	assert_non_null(x);
	assert_int_equal(x->severity, HV_ERROR);
	assert_non_null(strstr(x->xen_message, "Could not set up domain domU1"));
	assert_non_null(strstr(x->text, "4096-byte"));
	d.tree.partial_size = 8000;     /* about what 30 such devices take */
	replay_one(&d, HV_XEN(4, 18), &res, f, 16);
	assert_null(find(&res, HVC_DOMU_TREE_SIZE));
	d = dtp_dom0less_domain(3, 77, true);
	replay_one(&d, HV_XEN(4, 17), &res, f, 16);
	assert_null(find(&res, HVC_DOMU_TREE_SIZE));
}

/* A wrong xen,path: logged on 4.17 (the guest boots without the device),
 * the end of the boot from 4.18 on. */
static void test_dom0less_errors_fatal_from_418(void **state)
{
	(void)state;
	static const uint64_t reg[2] = { 0xff010000, 0x1000 }, xreg[3] = { 0xff010000, 0x1000, 0xff010000 };
	static const uint32_t cells[3] = { 0, 22, 4 };
	struct hv_pt_device pd = { "serial@ff010000", reg, 1, false, cells, 3, true, 65000, 6, xreg, 1,
				   "/axi/serial@ff000000", true };
	struct hv_domain d = { .id = 1, .name = "domU1", .dom0less = true, .ram_bytes = 256ull << 20 };
	d.partial = (struct hv_partial){ true, true, "passthrough", true, true, true, true, 2, 2, 0, 65000, &pd, 1 };
	struct hv_finding f[16];
	struct hv_result res;
	replay_one(&d, HV_XEN(4, 17), &res, f, 16);
	const struct hv_finding *x = find(&res, HVC_NO_HOST_DEVICE);
	assert_non_null(x);
	assert_non_null(strstr(x->xen_message, "Failed to assign device to d1"));
	assert_non_null(strstr(x->xen_message, "4.17 boots the guest"));
	replay_one(&d, HV_XEN(4, 20), &res, f, 16);
	x = find(&res, HVC_NO_HOST_DEVICE);
	assert_non_null(x);
	assert_non_null(strstr(x->xen_message, "Could not set up domain domU1 (rc = -22)"));
	/* A silent mistake stays silent, in the version's words. */
	pd.xen_path = "/axi/serial@ff010000";
	pd.interrupt_parent = 7;
	replay_one(&d, HV_XEN(4, 20), &res, f, 16);
	x = find(&res, HVC_INTERRUPT_PARENT);
	assert_non_null(x);
	assert_non_null(strstr(x->xen_message, "Xen 4.20 accepts this silently"));
}

/* GEM3 1:1 at 0xff0e0000 lies in the extended region libxl advertises above
 * a 256 MiB guest's RAM, until 4.21. */
static void test_extended_regions(void **state)
{
	(void)state;
	static const uint32_t irqs[1] = { 95 };
	static const struct hv_iomem io[1] = { { 0xff0e0, 1, 0xff0e0 } };
	struct hv_domain d = { .id = 1, .name = "xl1", .ram_bytes = 256ull << 20, .irqs = irqs, .n_irqs = 1,
			       .iomem = io, .n_iomem = 1 };
	struct hv_finding f[16];
	struct hv_result res;
	const unsigned clash[] = { HV_XEN(4, 16), HV_XEN(4, 17), HV_XEN(4, 20) };
	for (int i = 0; i < 3; i++) {
		replay_one(&d, clash[i], &res, f, 16);
		const struct hv_finding *x = find(&res, HVC_EXT_REGION);
		assert_non_null(x);
		assert_int_equal(x->severity, HV_WARNING);
		assert_non_null(strstr(x->text, "0x50000000-0xffffffff"));
	}
	replay_one(&d, HV_XEN(4, 21), &res, f, 16);
	assert_null(find(&res, HVC_EXT_REGION));
	/* A guest whose RAM reaches past the device leaves no region there. */
	d.ram_bytes = 3ull << 30;
	replay_one(&d, HV_XEN(4, 17), &res, f, 16);
	assert_null(find(&res, HVC_EXT_REGION));
	/* Dom0less: only with xen,enhanced, and from 4.17. */
	uint64_t base[2], size[2];
	assert_int_equal(hv_ext_regions(256ull << 20, 40, base, size), 2);
	assert_true(base[0] == 0x50000000ull && size[0] == 0xb0000000ull);
	assert_true(base[1] == 0x200000000ull && size[1] == 0xfe00000000ull);
	assert_int_equal(hv_ext_regions(0xc0000000ull - (32ull << 20), 40, base, size), 1);
}

/* What placement avoids: the regions that may cover device mappings, by
 * version and flow, the same as the replay warns of. */
static void test_ext_regions_over_devices(void **state)
{
	(void)state;
	uint64_t base[2], size[2];
	const uint64_t ram = 256ull << 20;
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 16), false, false, ram, 40, base, size), 2);
	assert_true(base[0] == 0x50000000ull && size[0] == 0xb0000000ull);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 17), false, false, ram, 0, base, size), 2);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 20), false, false, ram, 40, base, size), 2);
	/* 4.21 leaves device ranges out of the regions (108308feef). */
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 21), false, false, ram, 40, base, size), 0);
	/* Dom0less: a hypervisor node only with xen,enhanced, regions in it
	 * from 4.17, xen,reg left out from 4.21. */
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 17), true, false, ram, 40, base, size), 0);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 16), true, true, ram, 40, base, size), 0);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 17), true, true, ram, 40, base, size), 2);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 20), true, true, ram, 40, base, size), 2);
	assert_int_equal(hv_ext_regions_over_devices(HV_XEN(4, 21), true, true, ram, 40, base, size), 0);
}

/* Dom0less: Xen advertises extended regions only to xen,enhanced guests,
 * from 4.17, and leaves xen,reg out of them from 4.21. */
static void test_extended_regions_dom0less(void **state)
{
	(void)state;
	static const uint64_t reg[2] = { 0xff0e0000, 0x1000 }, xreg[3] = { 0xff0e0000, 0x1000, 0xff0e0000 };
	static const uint32_t cells[3] = { 0, 63, 4 };
	struct hv_pt_device pd = { "ethernet@ff0e0000", reg, 1, false, cells, 3, true, 65000, 6, xreg, 1,
				   "/axi/ethernet@ff0e0000", true };
	static const struct hv_iomem io[1] = { { 0xff0e0, 1, 0xff0e0 } };
	struct hv_domain d = { .id = 1, .name = "domU1", .dom0less = true, .ram_bytes = 256ull << 20,
			       .iomem = io, .n_iomem = 1 };
	d.partial = (struct hv_partial){ true, true, "passthrough", true, true, true, true, 2, 2, 0, 65000, &pd, 1 };
	struct hv_finding f[16];
	struct hv_result res;
	replay_one(&d, HV_XEN(4, 20), &res, f, 16);
	assert_null(find(&res, HVC_EXT_REGION));        /* not enhanced: no hypervisor node */
	d.enhanced = true;
	replay_one(&d, HV_XEN(4, 16), &res, f, 16);
	assert_null(find(&res, HVC_EXT_REGION));        /* dom0less regions came in 4.17 */
	replay_one(&d, HV_XEN(4, 17), &res, f, 16);
	const struct hv_finding *x = find(&res, HVC_EXT_REGION);
	assert_non_null(x);
	assert_non_null(strstr(x->xen_message, "make_hypervisor_node"));
	replay_one(&d, HV_XEN(4, 21), &res, f, 16);
	assert_null(find(&res, HVC_EXT_REGION));
}

/* A master registered through generic iommus only: Xen's SMMU driver reads
 * that binding from 4.16; before, it cannot be assigned. The library takes
 * any version (the tool refuses those it does not model). */
static void test_generic_iommus(void **state)
{
	(void)state;
	static const struct hv_range r_gem3 = { 0xff0e0000, 0x1000 };
	static const struct hv_irq i_gem3 = { 95, 4 };
	struct smmu_desc sd;
	static struct smmu smmu;
	smmu_desc_zynqmp(&sd);
	smmu_init(&smmu, &sd);
	uint16_t sid = 0x877;
	struct hv_host_device dev = { "/axi/ethernet@ff0e0000", &r_gem3, 1, &i_gem3, 1, true, 0, -1, true, true };
	dev.smmu_master = smmu_add_master(&smmu, dev.path, &sid, 0, 1);
	const char *dtdevs[1] = { dev.path };
	static const uint32_t irqs[1] = { 95 };
	static const struct hv_iomem io[1] = { { 0xff0e0, 1, 0xff0e0 } };
	struct hv_domain d = { .id = 1, .name = "xl1", .ram_bytes = 256ull << 20, .irqs = irqs, .n_irqs = 1,
			       .iomem = io, .n_iomem = 1, .dtdevs = dtdevs, .n_dtdevs = 1 };
	struct hv_finding f[16];
	struct hv_result res;
	const unsigned versions[2] = { HV_XEN(4, 15), HV_XEN(4, 16) };
	for (int i = 0; i < 2; i++) {
		smmu_init(&smmu, &sd);
		dev.smmu_master = smmu_add_master(&smmu, dev.path, &sid, 0, 1);
		struct hv_host h = { .gic_lines = 192, .devs = &dev, .n_devs = 1, .smmu = &smmu,
				     .xen_version = versions[i] };
		res = (struct hv_result){ f, 16, 0, 0, 0 };
		assert_int_equal(hv_replay(&h, &d, 1, &gic, &scratch, &res), 0);
		const struct hv_finding *x = find(&res, HVC_NOT_BEHIND_SMMU);
		if (i == 0) {
			assert_non_null(x);
			assert_non_null(strstr(x->text, "generic iommus"));
		} else {
			assert_null(x);
		}
	}
}

static void test_dom0less_passthrough_property(void **state)
{
	(void)state;
	struct hv_domain d = { .id = 1, .name = "domU1", .dom0less = true, .ram_bytes = 256ull << 20,
			       .passthrough_prop = true };
	struct hv_finding f[8];
	struct hv_result res;
	replay_one(&d, HV_XEN(4, 18), &res, f, 8);
	assert_non_null(find(&res, HVC_IGNORED));
	replay_one(&d, HV_XEN(4, 19), &res, f, 8);
	assert_null(find(&res, HVC_IGNORED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_version_text),
		cmocka_unit_test(test_guest_tree_size_is_libfdts),
		cmocka_unit_test(test_guest_tree_over_4k_on_417_only),
		cmocka_unit_test(test_dom0less_errors_fatal_from_418),
		cmocka_unit_test(test_extended_regions),
		cmocka_unit_test(test_extended_regions_dom0less),
		cmocka_unit_test(test_ext_regions_over_devices),
		cmocka_unit_test(test_generic_iommus),
		cmocka_unit_test(test_dom0less_passthrough_property),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
