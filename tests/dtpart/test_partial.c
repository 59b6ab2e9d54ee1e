/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partial guest tree: what libxl and Xen read from it. */
#include "testutil.h"
#include "partial.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const fdt32_t *prop_cells(const void *fdt, const char *path, const char *name, int *n)
{
	int off = fdt_path_offset(fdt, path);
	assert_true(off >= 0);
	int len;
	const fdt32_t *p = fdt_getprop(fdt, off, name, &len);
	*n = p ? len / 4 : -1;
	return p;
}

static int has_prop(const void *fdt, const char *path, const char *name)
{
	int off = fdt_path_offset(fdt, path);
	assert_true(off >= 0);
	return fdt_getprop(fdt, off, name, NULL) != NULL;
}

struct built {
	struct test_host t;
	struct dtp_device dev[2];
	struct dtp_partial_dev pd[2];
	uint64_t *rates[2];
	void *blob;
	size_t len;
};

static int build(struct built *b, const char *dts, const char *const *paths, int n, int dom0less,
		 struct dtp_diag *d)
{
	memset(b, 0, sizeof(*b));
	assert_int_equal(test_host_open(&b->t, dts, d), 0);
	for (int i = 0; i < n; i++) {
		assert_int_equal(dtp_device_build(&b->t.host, node_of(&b->t, paths[i]), &b->dev[i], d), 0);
		b->pd[i].dev = &b->dev[i];
		b->rates[i] = calloc((size_t)b->dev[i].n_clocks + 1, sizeof(uint64_t));
		b->pd[i].clock_rates = b->rates[i];
		for (int k = 0; k < b->dev[i].n_clocks; k++)
			b->rates[i][k] = b->dev[i].clocks[k].fixed_rate ? b->dev[i].clocks[k].fixed_rate
										  : 125000000u + (unsigned)k;
		b->pd[i].force_assign = b->dev[i].n_sids == 0;
	}
	return dtp_partial_build(&b->t.host, b->pd, n, dom0less, &b->blob, &b->len, d);
}

static void built_free(struct built *b)
{
	for (int i = 0; i < 2; i++) {
		dtp_device_free(&b->dev[i]);
		free(b->rates[i]);
	}
	free(b->blob);
	test_host_close(&b->t);
}

static void test_gem3_partial_tree(void **state)
{
	(void)state;
	struct built b;
	struct dtp_diag d;
	const char *paths[] = { "/axi/ethernet@ff0e0000" };
	assert_int_equal(build(&b, zynqmp_mini_dts, paths, 1, 0, &d), 0);
	const void *fdt = b.blob;
	assert_int_equal(fdt_check_full(fdt, b.len), 0);
	int n;
	const char *compat = fdt_getprop(fdt, fdt_path_offset(fdt, "/passthrough"), "compatible", &n);
	assert_string_equal(compat, "simple-bus");
	const fdt32_t *c = prop_cells(fdt, "/passthrough", "ranges", &n);
	assert_non_null(c);
	assert_int_equal(n, 0);
	c = prop_cells(fdt, "/passthrough", "#address-cells", &n);
	assert_int_equal(fdt32_ld(c), 2);
	const char *dev = "/passthrough/ethernet@ff0e0000";
	c = prop_cells(fdt, dev, "reg", &n);
	assert_int_equal(n, 4);
	assert_int_equal(fdt32_ld(&c[1]), 0xff0e0000);
	assert_int_equal(fdt32_ld(&c[3]), 0x1000);
	c = prop_cells(fdt, dev, "interrupt-parent", &n);
	assert_int_equal(fdt32_ld(c), 65000);
	c = prop_cells(fdt, dev, "interrupts", &n);
	assert_int_equal(n, 6);
	assert_int_equal(fdt32_ld(&c[1]), 63);
	/* Host-only properties are gone. */
	assert_false(has_prop(fdt, dev, "iommus"));
	assert_false(has_prop(fdt, dev, "resets"));
	assert_false(has_prop(fdt, dev, "reset-names"));
	assert_false(has_prop(fdt, dev, "xen,reg"));
	/* Clocks point at fixed-clock nodes with the resolved rates. */
	c = prop_cells(fdt, dev, "clocks", &n);
	assert_int_equal(n, 2);
	for (int i = 0; i < 2; i++) {
		int clk = fdt_node_offset_by_phandle(fdt, fdt32_ld(&c[i]));
		assert_true(clk >= 0);
		assert_string_equal(fdt_getprop(fdt, clk, "compatible", NULL), "fixed-clock");
		const fdt32_t *f = fdt_getprop(fdt, clk, "clock-frequency", NULL);
		assert_int_equal(fdt32_ld(f), 125000000u + (unsigned)i);
	}
	/* They sit in /passthrough/clocks@0: no device (no compatible), a
	 * range of length 0 from guest address 0, so that dtc finds the reg or
	 * ranges it wants on a simple-bus child (simple_bus_reg). */
	const char *box = "/passthrough/clocks@0";
	int clk = fdt_node_offset_by_phandle(fdt, fdt32_ld(&c[0]));
	assert_int_equal(fdt_parent_offset(fdt, clk), fdt_path_offset(fdt, box));
	assert_false(has_prop(fdt, box, "compatible"));
	assert_false(has_prop(fdt, box, "reg"));
	assert_int_equal(fdt32_ld(prop_cells(fdt, box, "#address-cells", &n)), 2);
	assert_int_equal(fdt32_ld(prop_cells(fdt, box, "#size-cells", &n)), 2);
	c = prop_cells(fdt, box, "ranges", &n);
	assert_int_equal(n, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(fdt32_ld(&c[i]), 0);
	/* Nothing but the clock container and the device on /passthrough. */
	int child, kids = 0;
	fdt_for_each_subnode(child, fdt, fdt_path_offset(fdt, "/passthrough"))
		kids++;
	assert_int_equal(kids, 2);
	/* The PHY comes along, renumbered, with its host-only reset GPIO dropped. */
	const char *phy = "/passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c";
	c = prop_cells(fdt, phy, "reg", &n);
	assert_int_equal(fdt32_ld(c), 0xc);
	assert_true(has_prop(fdt, phy, "ti,rx-internal-delay"));
	assert_false(has_prop(fdt, phy, "reset-gpios"));
	c = prop_cells(fdt, dev, "phy-handle", &n);
	uint32_t ph = fdt32_ld(c);
	assert_true(ph > 0 && ph < 65000);
	assert_int_equal(fdt_node_offset_by_phandle(fdt, ph), fdt_path_offset(fdt, phy));
	const char *alias = fdt_getprop(fdt, fdt_path_offset(fdt, "/aliases"), "ethernet0", NULL);
	assert_string_equal(alias, dev);
	built_free(&b);
}

static void test_uart_partial_drops_pinctrl_power(void **state)
{
	(void)state;
	struct built b;
	struct dtp_diag d;
	const char *paths[] = { "/axi/serial@ff010000" };
	assert_int_equal(build(&b, zynqmp_mini_dts, paths, 1, 0, &d), 0);
	const char *dev = "/passthrough/serial@ff010000";
	assert_false(has_prop(b.blob, dev, "power-domains"));
	assert_false(has_prop(b.blob, dev, "pinctrl-0"));
	assert_false(has_prop(b.blob, dev, "pinctrl-names"));
	assert_true(has_prop(b.blob, dev, "clock-names"));
	/* Both clocks come from a 100 MHz fixed clock on the host: one node. */
	int n;
	const fdt32_t *c = prop_cells(b.blob, dev, "clocks", &n);
	assert_int_equal(fdt32_ld(&c[0]), fdt32_ld(&c[1]));
	assert_true(fdt_path_offset(b.blob, "/passthrough/clocks@0/fixed-clock-100000000") >= 0);
	built_free(&b);
}

static void test_dom0less_properties(void **state)
{
	(void)state;
	struct built b;
	struct dtp_diag d;
	const char *paths[] = { "/axi/serial@ff010000", "/axi/ethernet@ff0e0000" };
	assert_int_equal(build(&b, zynqmp_mini_dts, paths, 2, 1, &d), 0);
	int n;
	const fdt32_t *c = prop_cells(b.blob, "/passthrough/serial@ff010000", "xen,reg", &n);
	assert_int_equal(n, 6);
	assert_int_equal(fdt32_ld(&c[1]), 0xff010000);
	assert_int_equal(fdt32_ld(&c[3]), 0x1000);
	assert_int_equal(fdt32_ld(&c[5]), 0xff010000);
	assert_string_equal(fdt_getprop(b.blob, fdt_path_offset(b.blob, "/passthrough/serial@ff010000"),
					"xen,path", NULL), "/axi/serial@ff010000");
	assert_true(has_prop(b.blob, "/passthrough/serial@ff010000", "xen,force-assign-without-iommu"));
	assert_false(has_prop(b.blob, "/passthrough/ethernet@ff0e0000", "xen,force-assign-without-iommu"));
	int gic = fdt_path_offset(b.blob, "/gic");
	assert_true(gic >= 0);
	c = prop_cells(b.blob, "/passthrough/serial@ff010000", "interrupt-parent", &n);
	assert_int_equal(fdt32_ld(c), fdt_get_phandle(b.blob, gic));
	assert_true(fdt32_ld(c) < 65000);
	built_free(&b);
}

/* A device at guest address 0 keeps its unit address; the clock
 * container takes the next one free (dtc's unique_unit_address), with its
 * range from there. Without clocks there is no container. */
static void test_clock_container_unit_address(void **state)
{
	(void)state;
	const char *dts =
		"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;\n"
		"  gic: interrupt-controller@f9010000 { compatible = \"arm,gic-400\"; #interrupt-cells = <3>;\n"
		"    interrupt-controller; reg = <0 0xf9010000 0 0x10000>; };\n"
		"  clk: clock { compatible = \"fixed-clock\"; #clock-cells = <0>; clock-frequency = <50000000>; };\n"
		"  serial@0 { compatible = \"cdns,uart-r1p12\"; reg = <0 0 0 0x1000>; interrupts = <0 21 4>;\n"
		"    clocks = <&clk>; };\n"
		"  serial@1000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0x1000 0 0x1000>; interrupts = <0 22 4>; };\n"
		"};\n";
	struct built b;
	struct dtp_diag d;
	const char *const paths[] = { "/serial@0", "/serial@1000" };
	assert_int_equal(build(&b, dts, paths, 2, 0, &d), 0);
	assert_true(fdt_path_offset(b.blob, "/passthrough/serial@0") >= 0);
	assert_true(fdt_path_offset(b.blob, "/passthrough/clocks@0") < 0);
	int n;
	const fdt32_t *c = prop_cells(b.blob, "/passthrough/clocks@1", "ranges", &n);
	assert_int_equal(n, 6);
	assert_int_equal(fdt32_ld(&c[2]), 0);
	assert_int_equal(fdt32_ld(&c[3]), 1);
	assert_true(fdt_path_offset(b.blob, "/passthrough/clocks@1/fixed-clock-50000000") >= 0);
	built_free(&b);
	const char *const clockless[] = { "/serial@1000" };
	assert_int_equal(build(&b, dts, clockless, 1, 0, &d), 0);
	assert_true(fdt_path_offset(b.blob, "/passthrough/clocks@0") < 0);
	assert_true(fdt_path_offset(b.blob, "/passthrough/clocks@1") < 0);
	built_free(&b);
}

static const char *shared_mdio_dts =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;\n"
	"  gic: gic@f9010000 { compatible = \"arm,gic-400\"; interrupt-controller; #interrupt-cells = <3>;\n"
	"    reg = <0 0xf9010000 0 0x1000>; };\n"
	"  ethernet@ff0b0000 { reg = <0 0xff0b0000 0 0x1000>; interrupts = <0 57 4>;\n"
	"    mdio { #address-cells = <1>; #size-cells = <0>; phyx: phy@1 { reg = <1>; }; }; };\n"
	"  ethernet@ff0e0000 { reg = <0 0xff0e0000 0 0x1000>; interrupts = <0 63 4>; phy-handle = <&phyx>; };\n"
	"};\n";

/* ZynqMP designs often hang every PHY on GEM0's MDIO bus: a guest given
 * only GEM3 could not reach its PHY, so dtpart refuses and says why. */
static void test_phy_outside_device_refused(void **state)
{
	(void)state;
	struct built b;
	struct dtp_diag d;
	const char *paths[] = { "/ethernet@ff0e0000" };
	int rc = build(&b, shared_mdio_dts, paths, 1, 0, &d);
	assert_int_equal(rc, -DTP_EREFUSED);
	assert_non_null(strstr(d.msg, "phy-handle"));
	assert_non_null(strstr(d.msg, "/ethernet@ff0b0000/mdio/phy@1"));
	built_free(&b);
}

/* A device with many interrupts (DMA engines have one per channel): every
 * one reaches the guest's copy, in order (found by fuzzing a real tree). */
static void test_many_interrupts_copied(void **state)
{
	(void)state;
	char dts[16384], irqs[4096] = "";
	for (int i = 0; i < 40; i++) {
		char one[32];
		snprintf(one, sizeof(one), "%s<0 %d 4>", i ? ", " : "", 100 + i);
		strcat(irqs, one);
	}
	snprintf(dts, sizeof(dts),
		 "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;\n"
		 "  gic: interrupt-controller@f9010000 { compatible = \"arm,gic-400\"; #interrupt-cells = <3>;\n"
		 "    interrupt-controller; reg = <0 0xf9010000 0 0x10000>; };\n"
		 "  dma@fd500000 { compatible = \"test,dma\"; reg = <0 0xfd500000 0 0x1000>;\n"
		 "    interrupts = %s; };\n};\n", irqs);
	struct built b;
	struct dtp_diag d;
	const char *const paths[] = { "/dma@fd500000" };
	assert_int_equal(build(&b, dts, paths, 1, 0, &d), 0);
	int n;
	const fdt32_t *p = prop_cells(b.blob, "/passthrough/dma@fd500000", "interrupts", &n);
	assert_int_equal(n, 120);
	for (int i = 0; i < 40; i++)
		assert_int_equal(fdt32_ld(&p[3 * i + 1]), 100 + i);
	built_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gem3_partial_tree),
		cmocka_unit_test(test_uart_partial_drops_pinctrl_power),
		cmocka_unit_test(test_dom0less_properties),
		cmocka_unit_test(test_clock_container_unit_address),
		cmocka_unit_test(test_phy_outside_device_refused),
		cmocka_unit_test(test_many_interrupts_copied),
	};
	return cmocka_run_group_tests_name("dtpart partial tree", tests, NULL, NULL);
}
