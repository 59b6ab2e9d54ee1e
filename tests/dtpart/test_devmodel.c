/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Index, device model and lookup: what every command builds on. */
#include "testutil.h"
#include "lookup.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

static void test_index_paths_labels_aliases(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	const struct dtp_index *ix = t.host.ix;
	int gem = node_of(&t, "/axi/ethernet@ff0e0000");
	int phy = node_of(&t, "/axi/ethernet@ff0e0000/mdio/ethernet-phy@c");
	assert_int_equal(dtp_node_parent(ix, dtp_node_parent(ix, phy)), gem);
	assert_int_equal(dtp_index_by_label(ix, "gem3"), gem);
	assert_int_equal(dtp_index_by_alias(ix, "ethernet0"), gem);
	assert_int_equal(dtp_index_by_phandle(ix, dtp_node_phandle(ix, phy)), phy);
	assert_int_equal(dtp_index_by_offset(ix, dtp_node_offset(ix, phy)), phy);
	assert_int_equal(dtp_index_by_path(ix, "/axi/nothing"), -1);
	test_host_close(&t);
}

static void test_host_scan_finds_xen_devices(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	assert_int_equal(t.host.gic, node_of(&t, "/axi/interrupt-controller@f9010000"));
	assert_int_equal(t.host.timer, node_of(&t, "/timer"));
	/* dtuart= in xen,xen-bootargs wins over stdout-path (serial1 there). */
	assert_int_equal(t.host.console, node_of(&t, "/axi/serial@ff000000"));
	assert_int_equal(t.host.n_smmus, 1);
	assert_true(t.host.smmus[0].enabled);
	assert_non_null(dtp_device_xen_role(&t.host, t.host.console));
	assert_null(dtp_device_xen_role(&t.host, node_of(&t, "/axi/serial@ff010000")));
	test_host_close(&t);
}

static void test_console_from_stdout_path(void **state)
{
	(void)state;
	char dts[8192];
	snprintf(dts, sizeof(dts), "%s", zynqmp_mini_dts);
	char *p = strstr(dts, "dtuart=serial0");
	memcpy(p, "dtuart_serial0", 14); /* no dtuart= any more */
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, dts, &d), 0);
	assert_int_equal(t.host.console, node_of(&t, "/axi/serial@ff010000"));
	test_host_close(&t);
}

static void test_device_gem3(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_device dev = { 0 };
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/axi/ethernet@ff0e0000"), &dev, &d), 0);
	assert_int_equal(dev.n_regs, 1);
	assert_int_equal(dev.regs[0].addr, 0xff0e0000);
	assert_int_equal(dev.regs[0].size, 0x1000);
	assert_int_equal(dev.n_irqs, 2);
	assert_int_equal(dev.irqs[0].id, 95);
	assert_int_equal(dev.irqs[0].flags, 4);
	assert_int_equal(dev.n_sids, 1);
	assert_int_equal(dev.sids[0].id, 0x877);
	assert_int_equal(dev.n_clocks, 2);
	assert_string_equal(dev.clocks[1].name, "hclk");
	assert_int_equal(dev.clocks[1].args[0], 107);
	assert_int_equal(dev.clocks[1].fixed_rate, 0);
	dtp_device_free(&dev);
	test_host_close(&t);
}

static const char *translate_dts =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;\n"
	"  gic: gic@1000 { compatible = \"arm,gic-400\"; interrupt-controller; #interrupt-cells = <3>;\n"
	"    reg = <0 0x1000 0 0x1000>; };\n"
	"  amba { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	"    ranges = <0 0 0xe0000000 0x10000000>;\n"
	"    sub { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	"      ranges = <0x100 0x01000000 0x1000>;\n"
	"      dev@100 { reg = <0x100 0x100>, <0x800 0x10>; interrupts = <0 5 1>; }; };\n"
	"    nomap { #address-cells = <1>; #size-cells = <1>;\n"
	"      dev@0 { reg = <0 0x100>; interrupts = <0 6 4>; }; };\n"
	"    badcells { #address-cells = <1>; #size-cells = <1>; ranges;\n"
	"      dev@0 { reg = <0 0x100 0x5>; interrupts = <0 7 4>; }; };\n"
	"    gap { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x2000000 0x100>;\n"
	"      dev@200 { reg = <0x200 0x100>; interrupts = <0 8 4>; }; };\n"
	"  };\n};\n";

static void test_reg_translation(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_device dev = { 0 };
	assert_int_equal(test_host_open(&t, translate_dts, &d), 0);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/amba/sub/dev@100"), &dev, &d), 0);
	/* 0x100 -> 0x01000000 (sub) -> 0xe1000000 (amba) */
	assert_int_equal(dev.regs[0].addr, 0xe1000000);
	assert_int_equal(dev.regs[1].addr, 0xe1000700);
	assert_int_equal(dev.irqs[0].id, 37);

	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/amba/nomap/dev@0"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "has no `ranges`"));
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/amba/badcells/dev@0"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "not a multiple"));
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/amba/gap/dev@200"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "not covered by the `ranges` of /amba/gap"));
	dtp_device_free(&dev);
	test_host_close(&t);
}

static const char *irq_dts =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; interrupt-parent = <&gic>;\n"
	"  gic: gic@1000 { compatible = \"arm,gic-400\"; interrupt-controller; #interrupt-cells = <3>; reg = <0x1000 0x1000>; };\n"
	"  other: intc@2000 { compatible = \"vendor,intc\"; interrupt-controller; #interrupt-cells = <2>; reg = <0x2000 0x100>; };\n"
	"  ext@3000 { reg = <0x3000 0x100>; interrupts-extended = <&gic 0 9 4>; };\n"
	"  notgic@4000 { reg = <0x4000 0x100>; interrupt-parent = <&other>; interrupts = <1 2>; };\n"
	"  cells@5000 { reg = <0x5000 0x100>; interrupts = <0 9>; };\n"
	"  dangling@6000 { reg = <0x6000 0x100>; interrupt-parent = <0x999>; interrupts = <0 9 4>; };\n"
	"  noirq@7000 { reg = <0x7000 0x100>; };\n"
	"};\n";

static void test_interrupt_errors(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_device dev = { 0 };
	assert_int_equal(test_host_open(&t, irq_dts, &d), 0);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/ext@3000"), &dev, &d), 0);
	assert_int_equal(dev.irqs[0].id, 41);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/notgic@4000"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "not to the GIC"));
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/cells@5000"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "not a multiple of the GIC's"));
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/dangling@6000"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "points to no node"));
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/noirq@7000"), &dev, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "has no `interrupts`"));
	dtp_device_free(&dev);
	test_host_close(&t);
}

static const char *sid_dts =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; interrupt-parent = <&gic>;\n"
	"  gic: gic@1000 { compatible = \"arm,gic-400\"; interrupt-controller; #interrupt-cells = <3>; reg = <0x1000 0x1000>; };\n"
	"  smmu: smmu@2000 { compatible = \"arm,mmu-500\"; reg = <0x2000 0x1000>; #iommu-cells = <2>;\n"
	"    interrupts = <0 1 4>; mmu-masters = <&legacy 0x870 0x871>; };\n"
	"  smmu1: smmu@9000 { compatible = \"arm,mmu-500\"; reg = <0x9000 0x1000>; #iommu-cells = <1>;\n"
	"    stream-match-mask = <0x7c00>; status = \"disabled\"; interrupts = <0 2 4>; };\n"
	"  generic@3000 { reg = <0x3000 0x100>; interrupts = <0 3 4>; iommus = <&smmu 0x874 0x3>; };\n"
	"  legacy: legacy@4000 { reg = <0x4000 0x100>; interrupts = <0 4 4>; #stream-id-cells = <2>;\n"
	"    iommus = <&smmu 0x999 0>; };\n"
	"  masked@5000 { reg = <0x5000 0x100>; interrupts = <0 5 4>; iommus = <&smmu1 0x14e8>; };\n"
	"};\n";

static void test_stream_ids(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_device dev = { 0 };
	assert_int_equal(test_host_open(&t, sid_dts, &d), 0);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/generic@3000"), &dev, &d), 0);
	assert_int_equal(dev.n_sids, 1);
	assert_int_equal(dev.sids[0].id, 0x874);
	assert_int_equal(dev.sids[0].mask, 3);
	/* Legacy mmu-masters wins over iommus, as in Xen. */
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/legacy@4000"), &dev, &d), 0);
	assert_true(dev.sids_from_legacy);
	assert_int_equal(dev.n_sids, 2);
	assert_int_equal(dev.sids[0].id, 0x870);
	assert_int_equal(dev.sids[1].id, 0x871);
	assert_int_equal(dtp_device_build(&t.host, node_of(&t, "/masked@5000"), &dev, &d), 0);
	assert_int_equal(dev.sids[0].mask, 0x7c00);
	assert_false(t.host.smmus[1].enabled);
	dtp_device_free(&dev);
	test_host_close(&t);
}

static void test_lookup_forms(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	int gem = node_of(&t, "/axi/ethernet@ff0e0000");
	int uart1 = node_of(&t, "/axi/serial@ff010000");
	assert_int_equal(dtp_lookup_device(&t.host, "ethernet0", &d), gem);
	assert_int_equal(dtp_lookup_device(&t.host, "eth0", &d), gem);
	assert_int_equal(dtp_lookup_device(&t.host, "gem3", &d), gem);
	assert_int_equal(dtp_lookup_device(&t.host, "/axi/ethernet@ff0e0000", &d), gem);
	assert_int_equal(dtp_lookup_device(&t.host, "ethernet@ff0e0000", &d), gem);
	assert_int_equal(dtp_lookup_device(&t.host, "ttyPS1", &d), uart1);
	assert_int_equal(dtp_lookup_device(&t.host, "serial1", &d), uart1);
	assert_int_equal(dtp_lookup_device(&t.host, "serial", &d), -DTP_EAMBIG);
	assert_non_null(strstr(d.msg, "/axi/serial@ff010000"));
	assert_int_equal(dtp_lookup_device(&t.host, "eth7", &d), -DTP_ENODEV);
	assert_non_null(strstr(d.msg, "ethernet0"));
	assert_int_equal(dtp_lookup_device(&t.host, "/axi/nope", &d), -DTP_ENODEV);
	test_host_close(&t);
}

static void test_bad_blobs(void **state)
{
	(void)state;
	struct dtp_diag d;
	char buf[256];
	assert_int_equal(dtp_blob_validate("abcd", 4, "x.dtb", &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "x.dtb: truncated"));
	memset(buf, 0, sizeof(buf));
	assert_int_equal(dtp_blob_validate(buf, sizeof(buf), "y.dtb", &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "y.dtb"));
	/* A blob with an invalid node name: libfdt accepts it, we must not. */
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_begin_node(buf, "bad name");
	fdt_end_node(buf);
	fdt_end_node(buf);
	fdt_finish(buf);
	struct dtp_index *ix;
	assert_int_equal(dtp_index_build(buf, "z.dtb", &ix, &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "invalid name"));
	dtp_index_free(ix);
}

static void test_dts_syntax_error_passed_on(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, "/dts-v1/;\n/ { foo = <1 ; };\n", &d), -DTP_EBADTREE);
	assert_non_null(strstr(d.msg, "syntax error"));
	assert_non_null(strstr(d.msg, ":2."));   /* dtc's line.column */
	test_host_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_paths_labels_aliases),
		cmocka_unit_test(test_host_scan_finds_xen_devices),
		cmocka_unit_test(test_console_from_stdout_path),
		cmocka_unit_test(test_device_gem3),
		cmocka_unit_test(test_reg_translation),
		cmocka_unit_test(test_interrupt_errors),
		cmocka_unit_test(test_stream_ids),
		cmocka_unit_test(test_lookup_forms),
		cmocka_unit_test(test_bad_blobs),
		cmocka_unit_test(test_dts_syntax_error_passed_on),
	};
	return cmocka_run_group_tests_name("dtpart device model", tests, NULL, NULL);
}
