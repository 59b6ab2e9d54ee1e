/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The domain-build replay: each mistake Xen reports or silently accepts is
 * found for the right reason, and the fixed set-up passes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <hypervisor/replay.h>
#include <hypervisor/xen_rules.h>
#include <iommu/smmu.h>

/* A ZynqMP host: UART0 (Xen's console), UART1, GEM3 behind the SMMU, GEM0
 * (dom0), a "neighbour" sharing UART1's page, the watchdog. */
static const struct hv_range r_uart0 = { 0xff000000, 0x1000 }, r_uart1 = { 0xff010000, 0x1000 },
	r_gem3 = { 0xff0e0000, 0x1000 }, r_gem0 = { 0xff0b0000, 0x1000 },
	r_neigh = { 0xff010800, 0x100 }, r_wdt = { 0xfd4d0000, 0x1000 };
static const struct hv_irq i_uart0 = { 53, 4 }, i_uart1 = { 54, 4 }, i_gem3[2] = { { 95, 4 }, { 95, 4 } },
	i_gem0 = { 89, 4 }, i_wdt = { 145, 8 };
static struct hv_host_device devs[7];
static const uint32_t xen_irqs[] = { 25, 26, 27, 30, 187 };
static struct smmu smmu;
static struct hv_host host;
static struct gic_model gic;
static struct hv_replay_scratch scratch;
static struct hv_finding findings[32];
static struct hv_result res;

/* Domain 1: UART1 + GEM3 via xl; domain 2: the watchdog via xl. */
static uint32_t irqs1[4], irqs2[2];
static struct hv_iomem iomem1[2], iomem2[1];
static const char *dtdevs1[2];
static uint64_t reg_uart1[2] = { 0xff010000, 0x1000 }, reg_gem3[2] = { 0xff0e0000, 0x1000 };
static uint32_t cells_uart1[3] = { 0, 22, 4 }, cells_gem3[6] = { 0, 63, 4, 0, 63, 4 };
static struct hv_pt_device pt1[2];
static struct hv_domain doms[2];

static int setup(void **state)
{
	(void)state;
	struct hv_host_device d[7] = {
		{ "/axi/serial@ff000000", &r_uart0, 1, &i_uart0, 1, false, "Xen's console", -1, false, false },
		{ "/axi/serial@ff010000", &r_uart1, 1, &i_uart1, 1, true, 0, -1, false, false },
		{ "/axi/ethernet@ff0e0000", &r_gem3, 1, i_gem3, 2, true, 0, -1, false, false },
		{ "/axi/ethernet@ff0b0000", &r_gem0, 1, &i_gem0, 1, false, 0, -1, false, false },
		{ "/axi/neighbour@ff010800", &r_neigh, 1, 0, 0, false, 0, -1, false, false },
		{ "/axi/watchdog@fd4d0000", &r_wdt, 1, &i_wdt, 1, true, 0, -1, false, false },
		/* A master wired to GEM3's stream ID by mistake. */
		{ "/axi/dma@fd500000", 0, 0, 0, 0, true, 0, -1, false, false },
	};
	memcpy(devs, d, sizeof(devs));
	devs[4].n_regs = 0;   /* the neighbour is on UART1's page only in its own test */
	struct smmu_desc sd;
	smmu_desc_zynqmp(&sd);
	smmu_init(&smmu, &sd);
	uint16_t sid3 = 0x877, sid0 = 0x874;
	devs[2].smmu_master = smmu_add_master(&smmu, devs[2].path, &sid3, 0, 1);
	devs[3].smmu_master = smmu_add_master(&smmu, devs[3].path, &sid0, 0, 1);
	struct smmu_conflict why;
	smmu_assign(&smmu, devs[3].smmu_master, 0, &why);   /* dom0's GEM0 */
	host = (struct hv_host){ .gic_lines = 192, .devs = devs, .n_devs = 7, .xen_irqs = xen_irqs,
				 .n_xen_irqs = 5, .smmu = &smmu, .has_dom0 = true };
	irqs1[0] = 54; irqs1[1] = 95;
	iomem1[0] = (struct hv_iomem){ 0xff010, 1, 0xff010 };
	iomem1[1] = (struct hv_iomem){ 0xff0e0, 1, 0xff0e0 };
	dtdevs1[0] = "/axi/ethernet@ff0e0000";
	pt1[0] = (struct hv_pt_device){ "serial@ff010000", reg_uart1, 1, false, cells_uart1, 3, true, 65000,
					-1, 0, 0, 0, false };
	pt1[1] = (struct hv_pt_device){ "ethernet@ff0e0000", reg_gem3, 1, false, cells_gem3, 6, true, 65000,
					-1, 0, 0, 0, false };
	memset(doms, 0, sizeof(doms));
	doms[0] = (struct hv_domain){ .id = 1, .name = "d1", .ram_bytes = 512ull << 20, .has_device_tree = true,
				      .irqs = irqs1, .n_irqs = 2, .iomem = iomem1, .n_iomem = 2,
				      .dtdevs = dtdevs1, .n_dtdevs = 1 };
	doms[0].partial = (struct hv_partial){ true, true, "passthrough", true, true, true, true, 2, 2, 3,
					       65000, pt1, 2 };
	irqs2[0] = 145;
	iomem2[0] = (struct hv_iomem){ 0xfd4d0, 1, 0xfd4d0 };
	doms[1] = (struct hv_domain){ .id = 2, .name = "d2", .ram_bytes = 256ull << 20, .irqs = irqs2,
				      .n_irqs = 1, .iomem = iomem2, .n_iomem = 1 };
	devs[5].irqs = &i_wdt;
	return 0;
}

static int replay(void)
{
	/* A fresh SMMU each time: the replay assigns into it. */
	struct smmu_desc sd;
	smmu_desc_zynqmp(&sd);
	smmu_init(&smmu, &sd);
	uint16_t sid3 = 0x877, sid0 = 0x874;
	devs[2].smmu_master = smmu_add_master(&smmu, devs[2].path, &sid3, 0, 1);
	devs[3].smmu_master = smmu_add_master(&smmu, devs[3].path, &sid0, 0, 1);
	devs[6].smmu_master = smmu_add_master(&smmu, devs[6].path, &sid3, 0, 1);
	struct smmu_conflict why;
	smmu_assign(&smmu, devs[3].smmu_master, 0, &why);
	res = (struct hv_result){ findings, 32, 0, 0, 0 };
	assert_int_equal(hv_replay(&host, doms, 2, &gic, &scratch, &res), 0);
	return res.errors;
}

static int has(enum hv_code code, const char *xen_part)
{
	for (int i = 0; i < res.n && i < res.max; i++)
		if (findings[i].code == code && (!xen_part || strstr(findings[i].xen_message, xen_part)))
			return 1;
	return 0;
}

/* The watchdog is edge... no: its host flags are 8 (level-low), which a
 * GIC-400 SPI cannot do; the good baseline fixes that first. */
static void good_baseline(void)
{
	static const struct hv_irq i_wdt_ok = { 145, 1 };
	devs[5].irqs = &i_wdt_ok;
}

static void test_good_setup_passes(void **state)
{
	(void)state;
	good_baseline();
	assert_int_equal(replay(), 0);
}

static void test_trigger_the_gic_cannot_do(void **state)
{
	(void)state;
	assert_true(replay() > 0);      /* watchdog level-low */
	assert_true(has(HVC_IRQ_TRIGGER, 0));
	good_baseline();
	assert_int_equal(replay(), 0);
}

static void test_irq_wanted_by_two_domains(void **state)
{
	(void)state;
	good_baseline();
	irqs2[1] = 54;
	doms[1].n_irqs = 2;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_BUSY, "IRQ 54 is already used by domain 1"));
	doms[1].n_irqs = 1;
	assert_int_equal(replay(), 0);
}

static void test_irq_xen_keeps(void **state)
{
	(void)state;
	good_baseline();
	irqs2[1] = 187;     /* the SMMU's */
	doms[1].n_irqs = 2;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_XEN, "187 is already used by Xen"));
	doms[1].n_irqs = 1;
	assert_int_equal(replay(), 0);
}

static void test_console_uart(void **state)
{
	(void)state;
	good_baseline();
	irqs2[1] = 53;
	doms[1].n_irqs = 2;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_XEN, "IRQ 53 is already used by Xen"));
	doms[1].n_irqs = 1;
	assert_int_equal(replay(), 0);
}

static void test_duplicate_irq(void **state)
{
	(void)state;
	good_baseline();
	irqs1[2] = 95;      /* GEM3 lists its SPI twice: copied naively */
	doms[0].n_irqs = 3;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_DUPLICATE, "-16"));
	doms[0].n_irqs = 2;
	assert_int_equal(replay(), 0);
}

static void test_iomem_inside_guest_ram(void **state)
{
	(void)state;
	good_baseline();
	iomem1[0].gfn = 0x40000;    /* "0xff010,1@0x40000" */
	assert_true(replay() > 0);
	assert_true(has(HVC_IOMEM_RAM, "silently"));
	iomem1[0].gfn = 0xff010;
	assert_int_equal(replay(), 0);
}

/* A device placed away from 1:1: iomem "0xff010,1@0x5000" and reg
 * 0x5000000 agree, and the node is matched to the host UART through the
 * mapping; reg left at the host address is caught. */
static void test_placed_device(void **state)
{
	(void)state;
	good_baseline();
	iomem1[0].gfn = 0x5000;
	reg_uart1[0] = 0x5000000;
	assert_int_equal(replay(), 0);
	reg_uart1[0] = 0xff010000;
	assert_true(replay() > 0);
	assert_true(has(HVC_REG_DIFFERS, "silently"));
	iomem1[0].gfn = 0xff010;
	assert_int_equal(replay(), 0);
}

/* Xen's regions: the grant table is Xen's own (an error); the vPCI windows
 * are unused for a 4.17 device-tree guest (a warning only). */
static void test_iomem_over_xen_regions(void **state)
{
	(void)state;
	good_baseline();
	host.xen_version = HV_XEN(4, 21);   /* no extended-region warnings in the count */
	iomem2[0].gfn = 0x38000;    /* "0xfd4d0,1@0x38000": the grant table */
	assert_true(replay() > 0);
	assert_true(has(HVC_IOMEM_REGION, "grant table"));
	iomem2[0].gfn = 0x23000;    /* the vPCI memory window */
	assert_int_equal(replay(), 0);
	assert_int_equal(res.warnings, 1);
	assert_true(has(HVC_IOMEM_REGION, "vPCI memory"));
	iomem2[0].gfn = 0xfd4d0;
	assert_int_equal(replay(), 0);
	assert_int_equal(res.warnings, 0);
}

/* The GIC's line count is the board's: beyond it an IRQ does not exist. */
static void test_irq_beyond_gic_lines(void **state)
{
	(void)state;
	good_baseline();
	static const struct hv_irq i_wdt_high = { 201, 1 };
	devs[5].irqs = &i_wdt_high;
	irqs2[0] = 201;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_RANGE, "Invalid argument"));
	host.gic_lines = 1020;      /* a GIC with more lines: the same IRQ is fine */
	assert_int_equal(replay(), 0);
}

static void test_unaligned_range(void **state)
{
	(void)state;
	good_baseline();
	/* dom0less: xen,reg not page aligned */
	static uint64_t xr[3] = { 0xff010000, 0x800, 0xff010000 };
	pt1[0].xen_reg = xr;
	pt1[0].n_xen_reg = 1;
	pt1[0].xen_reg_cells = 6;
	pt1[0].xen_path = "/axi/serial@ff010000";
	pt1[0].force_assign = true;
	doms[0].dom0less = true;
	doms[0].partial.gic_phandle = 65000;
	doms[0].partial.n_devs = 1;
	assert_true(replay() > 0);
	assert_true(has(HVC_XEN_REG_ALIGN, "not page aligned"));
	xr[1] = 0x1000;
	assert_int_equal(replay(), 0);
}

static void test_page_shared_with_dom0(void **state)
{
	(void)state;
	good_baseline();
	devs[4].n_regs = 1;         /* neighbour on UART1's page stays with dom0 */
	assert_true(replay() > 0);
	assert_true(has(HVC_IOMEM_SHARED, 0));
	devs[4].n_regs = 0;
	assert_int_equal(replay(), 0);
}

static const struct hv_finding *finding(enum hv_code code)
{
	for (int i = 0; i < res.n && i < res.max; i++)
		if (findings[i].code == code)
			return &findings[i];
	return NULL;
}

/* UART1 given back to dom0 while domain 1's xl config still lists its IRQ
 * and page: the fix removes them from the config (the merge does), it does
 * not put xen,passthrough back. */
static void test_released_device_left_in_config(void **state)
{
	(void)state;
	good_baseline();
	devs[1].passthrough = false;
	assert_int_equal(replay(), 2);
	const struct hv_finding *irq = finding(HVC_IRQ_DOM0), *page = finding(HVC_IOMEM_SHARED);
	assert_non_null(irq);
	assert_non_null(page);
	assert_int_equal(irq->domain, 1);
	assert_string_equal(irq->device, "/axi/serial@ff010000");
	assert_non_null(strstr(irq->fix, "remove 54 from irqs in the domain's xl config: "
				"`xlcfg-gen --merge CONFIG --from dom1.cfg` does (`--merge CONFIG` alone once"));
	assert_null(strstr(irq->fix, "add xen,passthrough"));
	assert_non_null(strstr(page->text, "iomem \"0xff010,1\" maps the registers of /axi/serial@ff010000"));
	assert_non_null(strstr(page->fix, "remove \"0xff010,1\" from iomem"));
	/* Without those entries (what the merge leaves) and without the node
	 * in the partial tree (dtpart writes it without), the set-up passes. */
	irqs1[0] = 95;
	doms[0].n_irqs = 1;
	iomem1[0] = iomem1[1];
	doms[0].n_iomem = 1;
	pt1[0] = pt1[1];
	doms[0].partial.n_devs = 1;
	assert_int_equal(replay(), 0);
}

static void test_dtdev_not_behind_smmu(void **state)
{
	(void)state;
	good_baseline();
	dtdevs1[1] = "/axi/serial@ff010000";
	doms[0].n_dtdevs = 2;
	devs[4].n_regs = 0;
	assert_true(replay() > 0);
	assert_true(has(HVC_NOT_BEHIND_SMMU, "xc_assign_dtdevice failed"));
	doms[0].n_dtdevs = 1;
	assert_int_equal(replay(), 0);
}

static void test_two_domains_share_stream(void **state)
{
	(void)state;
	good_baseline();
	static const char *d2dev[1] = { "/axi/dma@fd500000" };   /* same stream as GEM3 */
	doms[1].dtdevs = d2dev;
	doms[1].n_dtdevs = 1;
	assert_true(replay() > 0);
	assert_true(has(HVC_SMMU, "moves the stream"));
	doms[1].n_dtdevs = 0;
	assert_int_equal(replay(), 0);
}

/* 17 domains, each with one DMA master behind the SMMU: the ZynqMP MMU-500
 * has 16 context banks and Xen needs one per domain (dom0 has none here). */
static void test_more_domains_than_banks(void **state)
{
	(void)state;
	static struct hv_host_device many[17];
	static struct hv_range regs[17];
	static char paths[17][32];
	static const char *dt[17][1];
	static struct hv_domain ds[17];
	struct smmu_desc sd;
	smmu_desc_zynqmp(&sd);
	smmu_init(&smmu, &sd);
	for (int i = 0; i < 17; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/axi/dma@%x", 0xfd500000 + i * 0x10000);
		regs[i] = (struct hv_range){ 0xfd500000ull + (uint64_t)i * 0x10000, 0x1000 };
		uint16_t sid = (uint16_t)(0x14e8 + i);
		many[i] = (struct hv_host_device){ paths[i], &regs[i], 1, 0, 0, true, 0,
						   smmu_add_master(&smmu, paths[i], &sid, 0, 1), false, false };
		dt[i][0] = paths[i];
		ds[i] = (struct hv_domain){ .id = i + 1, .ram_bytes = 128ull << 20, .dtdevs = dt[i], .n_dtdevs = 1 };
	}
	struct hv_host h = { .gic_lines = 192, .devs = many, .n_devs = 17, .xen_irqs = xen_irqs, .n_xen_irqs = 5,
			     .smmu = &smmu };
	res = (struct hv_result){ findings, 32, 0, 0, 0 };
	assert_int_equal(hv_replay(&h, ds, 17, &gic, &scratch, &res), 0);
	assert_int_equal(res.errors, 1);
	assert_true(has(HVC_SMMU, "no free context bank"));
	assert_int_equal(findings[0].domain, 17);
	/* Sixteen domains fit. */
	smmu_init(&smmu, &sd);
	for (int i = 0; i < 17; i++) {
		uint16_t sid = (uint16_t)(0x14e8 + i);
		many[i].smmu_master = smmu_add_master(&smmu, paths[i], &sid, 0, 1);
	}
	res = (struct hv_result){ findings, 32, 0, 0, 0 };
	assert_int_equal(hv_replay(&h, ds, 16, &gic, &scratch, &res), 0);
	assert_int_equal(res.errors, 0);
}

static void test_container_not_passthrough(void **state)
{
	(void)state;
	good_baseline();
	doms[0].partial.container = "devices";
	assert_true(replay() > 0);
	assert_true(has(HVC_CONTAINER, "Can't copy the node"));
	doms[0].partial.container = "passthrough";
	assert_int_equal(replay(), 0);
}

static void test_reg_differs(void **state)
{
	(void)state;
	good_baseline();
	reg_uart1[0] = 0xff020000;
	assert_true(replay() > 0);
	assert_true(has(HVC_REG_DIFFERS, "silently"));
	reg_uart1[0] = 0xff010000;
	assert_int_equal(replay(), 0);
}

static void test_interrupts_differ(void **state)
{
	(void)state;
	good_baseline();
	cells_uart1[1] = 23;
	assert_true(replay() > 0);
	assert_true(has(HVC_IRQ_DIFFERS, "silently"));
	cells_uart1[1] = 22;
	assert_int_equal(replay(), 0);
}

static void test_phandle_65000(void **state)
{
	(void)state;
	good_baseline();
	doms[0].partial.max_phandle = 65000;
	assert_true(replay() > 0);
	assert_true(has(HVC_PHANDLE, 0));
	doms[0].partial.max_phandle = 3;
	assert_int_equal(replay(), 0);
}

static void test_interrupt_parent_not_guest_gic(void **state)
{
	(void)state;
	good_baseline();
	pt1[1].interrupt_parent = 7;
	assert_true(replay() > 0);
	assert_true(has(HVC_INTERRUPT_PARENT, 0));
	pt1[1].interrupt_parent = 65000;
	assert_int_equal(replay(), 0);
}

static void test_vpl011_and_nr_spis(void **state)
{
	(void)state;
	good_baseline();
	doms[1].nr_spis = 64;       /* 145 needs 114 */
	host.xen_version = HV_XEN(4, 18);   /* xl before 4.19 does not know nr_spis */
	assert_int_equal(replay(), 0);
	assert_true(has(HVC_IGNORED, "ignores it"));
	host.xen_version = HV_XEN(4, 19);
	assert_true(replay() > 0);
	assert_true(has(HVC_NR_SPIS, "too small"));
	doms[1].nr_spis = 114;
	assert_int_equal(replay(), 0);
}

/* direct-map and xen,static-mem (Xen 4.17's create_domUs,
 * allocate_static_memory, bootfdt.c): domain 2 becomes a dom0less domain
 * with no devices. */
static void test_static_memory(void **state)
{
	(void)state;
	good_baseline();
	static const struct hv_range mods[1] = { { 0x48000000, 0x2400000 } };
	static struct hv_range bank2[2], bank1[1];
	host.modules = mods;
	host.n_modules = 1;
	doms[1] = (struct hv_domain){ .id = 2, .name = "domU2", .dom0less = true, .ram_bytes = 256ull << 20,
				      .direct_map = true };
	assert_true(replay() > 0);
	assert_true(has(HVC_DIRECT_MAP, "direct-map is not valid for domain domU2 without static allocation"));
	bank2[0] = (struct hv_range){ 0x4a400000, 0x10000000 };
	doms[1].static_mem = bank2;
	doms[1].n_static_mem = 1;
	assert_int_equal(replay(), 0);
	/* A build without CONFIG_STATIC_MEMORY: direct-map panics as above. */
	host.no_static_memory = true;
	assert_true(replay() > 0);
	assert_true(has(HVC_DIRECT_MAP, "without static allocation"));
	doms[1].direct_map = false;
	assert_true(replay() > 0);
	assert_true(has(HVC_STATIC_MEM, "Could not set up domain domU2"));
	host.no_static_memory = false;
	doms[1].direct_map = true;
	/* Over the modules; memory not the banks' total; banks overlapping. */
	bank2[0].addr = 0x49000000;
	assert_true(replay() > 0);
	assert_true(has(HVC_STATIC_MEM, "accepts this silently"));
	bank2[0] = (struct hv_range){ 0x60000000, 0x8000000 };
	assert_true(replay() > 0);
	assert_true(has(HVC_STATIC_MEM, "doesn't match up with the sum-up"));
	bank2[1] = (struct hv_range){ 0x64000000, 0x8000000 };
	doms[1].n_static_mem = 2;
	assert_true(replay() > 0);
	assert_int_equal(res.errors, 1);
	bank2[1].addr = 0x68000000;
	assert_int_equal(replay(), 0);
	/* A bank of another domain over this one's. */
	doms[0] = (struct hv_domain){ .id = 1, .name = "domU1", .dom0less = true, .ram_bytes = 128ull << 20,
				      .direct_map = true, .static_mem = bank1, .n_static_mem = 1 };
	bank1[0] = (struct hv_range){ 0x6c000000, 0x8000000 };
	assert_true(replay() > 0);
	assert_true(has(HVC_STATIC_MEM, 0));
	bank1[0].addr = 0x70000000;
	assert_int_equal(replay(), 0);
}

/* A DMA master without an IOMMU, in a guest whose RAM is not 1:1: a
 * warning (its DMA misses the guest's RAM); behind the SMMU, nothing. */
static void test_dma_without_iommu(void **state)
{
	(void)state;
	good_baseline();
	devs[2].dma = true;
	assert_int_equal(replay(), 0);
	assert_false(has(HVC_DIRECT_MAP, 0));
	host.smmu = NULL;
	doms[0].n_dtdevs = 0;
	assert_int_equal(replay(), 0);
	int n = 0;
	for (int i = 0; i < res.n && i < res.max; i++)
		n += findings[i].code == HVC_DIRECT_MAP && findings[i].severity == HV_WARNING &&
		     strcmp(findings[i].device, "/axi/ethernet@ff0e0000") == 0;
	assert_int_equal(n, 1);
	assert_true(has(HVC_DIRECT_MAP, "silently"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good_setup_passes, setup),
		cmocka_unit_test_setup(test_trigger_the_gic_cannot_do, setup),
		cmocka_unit_test_setup(test_irq_wanted_by_two_domains, setup),
		cmocka_unit_test_setup(test_irq_xen_keeps, setup),
		cmocka_unit_test_setup(test_console_uart, setup),
		cmocka_unit_test_setup(test_duplicate_irq, setup),
		cmocka_unit_test_setup(test_iomem_inside_guest_ram, setup),
		cmocka_unit_test_setup(test_placed_device, setup),
		cmocka_unit_test_setup(test_unaligned_range, setup),
		cmocka_unit_test_setup(test_iomem_over_xen_regions, setup),
		cmocka_unit_test_setup(test_irq_beyond_gic_lines, setup),
		cmocka_unit_test_setup(test_page_shared_with_dom0, setup),
		cmocka_unit_test_setup(test_released_device_left_in_config, setup),
		cmocka_unit_test_setup(test_dtdev_not_behind_smmu, setup),
		cmocka_unit_test_setup(test_two_domains_share_stream, setup),
		cmocka_unit_test_setup(test_more_domains_than_banks, setup),
		cmocka_unit_test_setup(test_container_not_passthrough, setup),
		cmocka_unit_test_setup(test_reg_differs, setup),
		cmocka_unit_test_setup(test_interrupts_differ, setup),
		cmocka_unit_test_setup(test_phandle_65000, setup),
		cmocka_unit_test_setup(test_interrupt_parent_not_guest_gic, setup),
		cmocka_unit_test_setup(test_vpl011_and_nr_spis, setup),
		cmocka_unit_test_setup(test_static_memory, setup),
		cmocka_unit_test_setup(test_dma_without_iommu, setup),
	};
	return cmocka_run_group_tests_name("hypervisor replay", tests, NULL, NULL);
}
