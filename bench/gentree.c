/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Synthetic host trees of N nodes, written straight to a DTB with libfdt's
 * sequential writer (dtc is quadratic in phandles, so it cannot make big
 * ones). Shaped like the ZCU102 tree: a GIC, a firmware clock controller and
 * power domains that every filler node references, filler devices on the axi
 * bus, and the real UARTs, GEM3 (with its PHY) and the SMMU at the very end so
 * that every lookup crosses the whole tree.
 *
 *   gentree N OUT.dtb */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x)                                                                 \
	do {                                                                     \
		int rc_ = (x);                                                   \
		if (rc_ < 0) {                                                   \
			fprintf(stderr, "gentree: %s: %s\n", #x, fdt_strerror(rc_)); \
			exit(1);                                                 \
		}                                                                \
	} while (0)

enum { PH_GIC = 1, PH_CLK, PH_FW, PH_SMMU, PH_PHY, PH_FIRST_FILLER };

static void cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t buf[64];
	for (int i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(v[i]);
	CHECK(fdt_property(fdt, name, buf, n * 4));
}

static void u32(void *fdt, const char *name, uint32_t v)
{
	CHECK(fdt_property_u32(fdt, name, v));
}

static void device(void *fdt, const char *name, uint64_t addr, uint32_t spi, const char *compat)
{
	CHECK(fdt_begin_node(fdt, name));
	CHECK(fdt_property_string(fdt, "compatible", compat));
	uint32_t reg[4] = { (uint32_t)(addr >> 32), (uint32_t)addr, 0, 0x1000 };
	cells(fdt, "reg", reg, 4);
	uint32_t irq[3] = { 0, spi, 4 };
	cells(fdt, "interrupts", irq, 3);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gentree N OUT.dtb\n");
		return 2;
	}
	long n = atol(argv[1]);
	size_t size = (size_t)n * 400 + (1 << 20);
	void *fdt = malloc(size);
	if (!fdt || n < 16)
		return 1;
	CHECK(fdt_create(fdt, (int)size));
	CHECK(fdt_finish_reservemap(fdt));
	CHECK(fdt_begin_node(fdt, ""));
	CHECK(fdt_property_string(fdt, "compatible", "xlnx,zynqmp-zcu102-rev1.0"));
	u32(fdt, "#address-cells", 2);
	u32(fdt, "#size-cells", 2);
	u32(fdt, "interrupt-parent", PH_GIC);
	CHECK(fdt_begin_node(fdt, "chosen"));
	CHECK(fdt_property_string(fdt, "xen,xen-bootargs", "console=dtuart dtuart=serial0"));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_begin_node(fdt, "firmware"));
	CHECK(fdt_property_string(fdt, "compatible", "xlnx,zynqmp-firmware"));
	u32(fdt, "#power-domain-cells", 1);
	u32(fdt, "phandle", PH_FW);
	CHECK(fdt_begin_node(fdt, "clock-controller"));
	CHECK(fdt_property_string(fdt, "compatible", "xlnx,zynqmp-clk"));
	u32(fdt, "#clock-cells", 1);
	u32(fdt, "phandle", PH_CLK);
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_begin_node(fdt, "axi"));
	CHECK(fdt_property_string(fdt, "compatible", "simple-bus"));
	u32(fdt, "#address-cells", 2);
	u32(fdt, "#size-cells", 2);
	CHECK(fdt_property(fdt, "ranges", NULL, 0));
	CHECK(fdt_begin_node(fdt, "interrupt-controller@f9010000"));
	CHECK(fdt_property_string(fdt, "compatible", "arm,gic-400"));
	u32(fdt, "#interrupt-cells", 3);
	CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
	uint32_t greg[8] = { 0, 0xf9010000, 0, 0x10000, 0, 0xf902f000, 0, 0x2000 };
	cells(fdt, "reg", greg, 8);
	u32(fdt, "phandle", PH_GIC);
	CHECK(fdt_end_node(fdt));
	/* Fillers: every one references the clock controller, the power domain
	 * provider and has a phandle of its own. */
	long fillers = n - 16;
	for (long i = 0; i < fillers; i++) {
		char name[64];
		uint64_t addr = 0x100000000ULL + (uint64_t)i * 0x1000;
		snprintf(name, sizeof(name), "device@%llx", (unsigned long long)addr);
		device(fdt, name, addr, 100 + (uint32_t)(i % 60), "vendor,filler");
		uint32_t clk[4] = { PH_CLK, (uint32_t)(i % 100), PH_CLK, 31 };
		cells(fdt, "clocks", clk, 4);
		CHECK(fdt_property(fdt, "clock-names", "ref\0pclk", 9));
		uint32_t pd[2] = { PH_FW, (uint32_t)(i % 50) };
		cells(fdt, "power-domains", pd, 2);
		u32(fdt, "phandle", PH_FIRST_FILLER + (uint32_t)i);
		CHECK(fdt_end_node(fdt));
	}
	CHECK(fdt_begin_node(fdt, "iommu@fd800000"));
	CHECK(fdt_property_string(fdt, "compatible", "arm,mmu-500"));
	uint32_t sreg[4] = { 0, 0xfd800000, 0, 0x20000 };
	cells(fdt, "reg", sreg, 4);
	uint32_t sirq[17 * 3];
	for (int i = 0; i < 17; i++) {
		sirq[3 * i] = 0;
		sirq[3 * i + 1] = 155;
		sirq[3 * i + 2] = 4;
	}
	cells(fdt, "interrupts", sirq, 17 * 3);
	u32(fdt, "#iommu-cells", 1);
	u32(fdt, "#global-interrupts", 1);
	u32(fdt, "phandle", PH_SMMU);
	CHECK(fdt_end_node(fdt));
	device(fdt, "serial@ff000000", 0xff000000, 21, "cdns,uart-r1p12");
	CHECK(fdt_end_node(fdt));
	device(fdt, "serial@ff010000", 0xff010000, 22, "cdns,uart-r1p12");
	uint32_t uclk[4] = { PH_CLK, 57, PH_CLK, 31 };
	cells(fdt, "clocks", uclk, 4);
	CHECK(fdt_property(fdt, "clock-names", "uart_clk\0pclk", 14));
	CHECK(fdt_end_node(fdt));
	device(fdt, "ethernet@ff0e0000", 0xff0e0000, 63, "cdns,zynqmp-gem");
	uint32_t iommus[2] = { PH_SMMU, 0x877 };
	cells(fdt, "iommus", iommus, 2);
	u32(fdt, "phy-handle", PH_PHY);
	uint32_t gclk[4] = { PH_CLK, 31, PH_CLK, 107 };
	cells(fdt, "clocks", gclk, 4);
	CHECK(fdt_property(fdt, "clock-names", "pclk\0hclk", 10));
	CHECK(fdt_begin_node(fdt, "mdio"));
	u32(fdt, "#address-cells", 1);
	u32(fdt, "#size-cells", 0);
	CHECK(fdt_begin_node(fdt, "ethernet-phy@c"));
	u32(fdt, "reg", 0xc);
	u32(fdt, "phandle", PH_PHY);
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_end_node(fdt)); /* axi */
	CHECK(fdt_begin_node(fdt, "aliases"));
	CHECK(fdt_property_string(fdt, "serial0", "/axi/serial@ff000000"));
	CHECK(fdt_property_string(fdt, "serial1", "/axi/serial@ff010000"));
	CHECK(fdt_property_string(fdt, "ethernet0", "/axi/ethernet@ff0e0000"));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_finish(fdt));
	FILE *f = fopen(argv[2], "wb");
	if (!f || fwrite(fdt, 1, fdt_totalsize(fdt), f) != fdt_totalsize(fdt) || fclose(f)) {
		fprintf(stderr, "gentree: cannot write %s\n", argv[2]);
		return 1;
	}
	free(fdt);
	return 0;
}
