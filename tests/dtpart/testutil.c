/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void write_temp_file(char *path, size_t len, const char *suffix, const char *text)
{
	static int counter;
	const char *tmp = getenv("TMPDIR");
	snprintf(path, len, "%s/dtpart-test-%ld-%d%s", tmp && *tmp ? tmp : "/tmp", (long)getpid(),
		 counter++, suffix);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

int test_host_open(struct test_host *t, const char *dts, struct dtp_diag *diag)
{
	memset(t, 0, sizeof(*t));
	write_temp_file(t->path, sizeof(t->path), ".dts", dts);
	int rc = dtp_blob_load(t->path, &t->blob, diag);
	if (!rc)
		rc = dtp_index_build(t->blob.fdt, t->path, &t->host.ix, diag);
	if (!rc)
		rc = dtp_host_scan(&t->host, diag);
	return rc;
}

void test_host_close(struct test_host *t)
{
	dtp_host_free(&t->host);
	dtp_blob_free(&t->blob);
	unlink(t->path);
}

int node_of(const struct test_host *t, const char *path)
{
	int n = dtp_index_by_path(t->host.ix, path);
	if (n < 0)
		fail_msg("no node %s", path);
	return n;
}

const char zynqmp_mini_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"  compatible = \"test,board\", \"xlnx,zynqmp\";\n"
	"  #address-cells = <2>; #size-cells = <2>;\n"
	"  interrupt-parent = <&gic>;\n"
	"  aliases { serial0 = &uart0; serial1 = &uart1; ethernet0 = &gem3; };\n"
	"  chosen { xen,xen-bootargs = \"console=dtuart dtuart=serial0 dom0_mem=512M\"; "
	"stdout-path = \"serial1:115200n8\"; };\n"
	"  timer { compatible = \"arm,armv8-timer\"; interrupts = <1 13 0xf08>, <1 14 0xf08>; };\n"
	"  clk100: clock-100 { compatible = \"fixed-clock\"; #clock-cells = <0>; clock-frequency = <100000000>; };\n"
	"  firmware { zynqmp_clk: clock-controller { compatible = \"xlnx,zynqmp-clk\"; #clock-cells = <1>; }; };\n"
	"  axi {\n"
	"    compatible = \"simple-bus\"; #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    gic: interrupt-controller@f9010000 { compatible = \"arm,gic-400\"; #interrupt-cells = <3>;\n"
	"      interrupt-controller; reg = <0 0xf9010000 0 0x10000>, <0 0xf902f000 0 0x2000>; };\n"
	"    smmu: iommu@fd800000 { compatible = \"arm,mmu-500\"; reg = <0 0xfd800000 0 0x20000>;\n"
	"      #iommu-cells = <1>; #global-interrupts = <1>; interrupts = <0 155 4>, <0 155 4>; };\n"
	"    uart0: serial@ff000000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff000000 0 0x1000>;\n"
	"      interrupts = <0 21 4>; clocks = <&clk100 &clk100>; clock-names = \"uart_clk\", \"pclk\"; };\n"
	"    uart1: serial@ff010000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff010000 0 0x1000>;\n"
	"      interrupts = <0 22 4>; clocks = <&clk100 &clk100>; clock-names = \"uart_clk\", \"pclk\";\n"
	"      power-domains = <&zynqmp_clk 34>; pinctrl-names = \"default\"; pinctrl-0 = <&clk100>; };\n"
	"    gem3: ethernet@ff0e0000 { compatible = \"cdns,zynqmp-gem\", \"cdns,gem\"; reg = <0 0xff0e0000 0 0x1000>;\n"
	"      interrupts = <0 63 4>, <0 63 4>; iommus = <&smmu 0x877>; phy-handle = <&phy0>;\n"
	"      clocks = <&zynqmp_clk 31>, <&zynqmp_clk 107>; clock-names = \"pclk\", \"hclk\";\n"
	"      resets = <&zynqmp_clk 32>; reset-names = \"gem3_rst\";\n"
	"      mdio { #address-cells = <1>; #size-cells = <0>;\n"
	"        phy0: ethernet-phy@c { reg = <0xc>; ti,rx-internal-delay = <0x8>; reset-gpios = <&gpio 6 1>; }; }; };\n"
	"    gpio: gpio@ff0a0000 { compatible = \"xlnx,zynqmp-gpio-1.0\"; reg = <0 0xff0a0000 0 0x1000>;\n"
	"      interrupts = <0 16 4>; #gpio-cells = <2>; gpio-controller; };\n"
	"    disabled: serial@ff020000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff020000 0 0x1000>;\n"
	"      interrupts = <0 23 4>; status = \"disabled\"; };\n"
	"  };\n"
	"};\n";
