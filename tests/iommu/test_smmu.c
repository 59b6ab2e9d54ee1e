/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The MMU-500 model: Xen's allocation rules, register programming read back
 * from the simulated register file, and where each stream ends up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iommu/smmu.h>
#include <iommu/smmu_prog.h>
#include <iommu/smmu_regs.h>
#include <iommu/smmu_sim.h>

/* ZynqMP stream IDs (zynqmp-facts.md): GEM0..3, SD0/1, USB0/1, QSPI, DMA. */
enum { SID_GEM0 = 0x874, SID_GEM1 = 0x875, SID_GEM2 = 0x876, SID_GEM3 = 0x877, SID_SD0 = 0x870,
       SID_SD1 = 0x871, SID_USB0 = 0x860, SID_USB1 = 0x861, SID_QSPI = 0x873, SID_GDMA1 = 0x14e8,
       SID_ADMA1 = 0x868 };

static struct smmu smmu;
static struct smmu_sim sim;

static int setup(void **state)
{
	(void)state;
	struct smmu_desc d;
	smmu_desc_zynqmp(&d);
	assert_int_equal(smmu_desc_check(&d), 0);
	assert_int_equal(smmu_init(&smmu, &d), 0);
	smmu_sim_init(&sim, d.base);
	return 0;
}

static int master(const char *name, uint16_t sid, uint16_t mask)
{
	int m = smmu_add_master(&smmu, name, &sid, &mask, 1);
	assert_true(m >= 0);
	return m;
}

static void test_zynqmp_description(void **state)
{
	(void)state;
	struct smmu_desc d;
	smmu_desc_zynqmp(&d);
	assert_int_equal(d.num_smrs, 48);
	assert_int_equal(d.num_cbs, 16);
	assert_int_equal(d.irqs[0], 187);
	d.n_irqs = 16;  /* one context interrupt short: Xen's probe fails */
	assert_int_equal(smmu_desc_check(&d), -SMMU_ENODEV);
	d.n_irqs = 17;
	d.n_global_irqs = 0;
	assert_int_equal(smmu_desc_check(&d), -SMMU_ENODEV);
}

static void test_probe_reads_the_hardware(void **state)
{
	(void)state;
	struct mmio_bus bus = smmu_sim_bus(&sim);
	struct smmu_desc d = { .base = 0xfd800000u, .size = 0x20000u };
	assert_int_equal(smmu_probe(&bus, &d), 0);
	assert_int_equal(d.num_smrs, 48);
	assert_int_equal(d.num_cbs, 16);
	assert_int_equal(d.sid_bits, 15);
	assert_int_equal(d.page_shift, 12);
}

static void test_cover_reuses_entry(void **state)
{
	(void)state;
	int wide = master("/axi/dma-controller@fd500000", SID_GDMA1, 0x7);   /* 0x14e8..0x14ef */
	int narrow = master("/axi/dma-controller@fd510000", SID_GDMA1 + 1, 0);
	struct smmu_conflict why;
	assert_int_equal(smmu_assign(&smmu, wide, 1, &why), 0);
	assert_int_equal(smmu_assign(&smmu, narrow, 1, &why), 0);
	assert_int_equal(smmu.masters[narrow].smr[0], smmu.masters[wide].smr[0]);
	assert_int_equal(smmu.smrs[smmu.masters[wide].smr[0]].refcount, 2);
}

static void test_partial_overlap_refused(void **state)
{
	(void)state;
	int a = master("/axi/ethernet@ff0b0000", SID_GEM0, 0x1);  /* 0x874..0x875 */
	int b = master("/axi/ethernet@ff0c0000", SID_GEM1, 0x2);  /* 0x875, 0x877: overlaps */
	struct smmu_conflict why;
	assert_int_equal(smmu_assign(&smmu, a, 1, &why), 0);
	assert_int_equal(smmu_assign(&smmu, b, 2, &why), -SMMU_EOVERLAP);
	assert_string_equal(why.master, "/axi/ethernet@ff0c0000");
	assert_string_equal(why.other_master, "/axi/ethernet@ff0b0000");
	assert_int_equal(why.other_domain, 1);
	assert_int_equal(why.domain, 2);
	assert_int_equal(why.other_id, SID_GEM0);
	assert_int_equal(smmu.masters[b].domain, SMMU_NO_DOMAIN);
}

static void test_stream_match_exhaustion(void **state)
{
	(void)state;
	static char names[49][16];
	struct smmu_conflict why;
	for (int i = 0; i < 48; i++) {
		names[i][0] = 'm';
		names[i][1] = (char)('A' + i / 26);
		names[i][2] = (char)('a' + i % 26);
		int m = master(names[i], (uint16_t)(0x100 + i), 0);
		assert_int_equal(smmu_assign(&smmu, m, 1, &why), 0);
	}
	int last = master("/axi/one-too-many", 0x200, 0);
	assert_int_equal(smmu_assign(&smmu, last, 1, &why), -SMMU_ENOSPC_SMR);
	assert_string_equal(why.master, "/axi/one-too-many");
}

static void test_two_domains_one_stream(void **state)
{
	(void)state;
	int a = master("/axi/ethernet@ff0e0000", SID_GEM3, 0);
	int b = master("/axi/alias-of-gem3", SID_GEM3, 0);
	struct smmu_conflict why;
	assert_int_equal(smmu_assign(&smmu, a, 1, &why), 0);
	assert_int_equal(smmu_assign(&smmu, b, 2, &why), -SMMU_ESHARED);
	assert_string_equal(why.other_master, "/axi/ethernet@ff0e0000");
	assert_int_equal(why.other_domain, 1);
	assert_int_equal(smmu_assign(&smmu, a, 3, &why), -SMMU_EEXIST);
}

static void test_more_domains_than_banks(void **state)
{
	(void)state;
	struct smmu_conflict why;
	for (int d = 1; d <= 16; d++) {
		int m = master("/axi/dev", (uint16_t)(0x300 + d), 0);
		assert_int_equal(smmu_assign(&smmu, m, d, &why), 0);
		assert_int_equal(smmu_domain_cb(&smmu, d), d - 1);
		assert_int_equal(smmu.cbs[d - 1].vmid, d);   /* VMID = bank + 1 */
	}
	int m = master("/axi/seventeenth", 0x400, 0);
	assert_int_equal(smmu_assign(&smmu, m, 17, &why), -SMMU_ENOSPC_CB);
	assert_int_equal(why.domain, 17);
	/* Nothing was claimed for the refused master. */
	for (uint32_t i = 0; i < smmu.desc.num_smrs; i++)
		assert_false(smmu.smrs[i].valid && smmu.smrs[i].id == 0x400);
	/* Freeing a bank makes room. */
	assert_int_equal(smmu_deassign(&smmu, 0), 0);
	assert_int_equal(smmu_assign(&smmu, m, 17, &why), 0);
	assert_int_equal(smmu_domain_cb(&smmu, 17), 0);
}

static void test_programming_read_back(void **state)
{
	(void)state;
	struct mmio_bus bus = smmu_sim_bus(&sim);
	int gem3 = master("/axi/ethernet@ff0e0000", SID_GEM3, 0);
	struct smmu_conflict why;
	assert_int_equal(smmu_assign(&smmu, gem3, 1, &why), 0);
	struct smmu_s2_params p[SMMU_MAX_CBS] = { { 0x12340000ull, 40, 1, 48 } };
	assert_int_equal(smmu_s2_tcr(&p[0]), 0x80053558u);
	assert_int_equal(smmu_hw_program_all(&bus, &smmu, p), 0);
	/* sCR0 from reset 0x00200001: RO bits keep their reset value. */
	assert_int_equal(sim.gr0[SMMU_GR0_SCR0 / 4], 0x00201c06u);
	int idx = smmu.masters[gem3].smr[0];
	assert_int_equal(sim.gr0[SMMU_GR0_SMR(idx) / 4], SMR_VALID | SID_GEM3);
	assert_int_equal(sim.gr0[SMMU_GR0_S2CR(idx) / 4], 0);   /* translate, bank 0 */
	assert_int_equal(sim.gr1[SMMU_GR1_CBAR(0) / 4], 1);     /* stage 2, VMID 1 */
	assert_int_equal(sim.gr1[SMMU_GR1_CBA2R(0) / 4], CBA2R_VA64);
	assert_int_equal(sim.cb[0][SMMU_CB_TTBR0_LO / 4], 0x12340000u);
	assert_int_equal(sim.cb[0][SMMU_CB_TCR / 4], 0x80053558u);
	assert_int_equal(sim.cb[0][SMMU_CB_SCTLR / 4], 0x67u);
	assert_int_equal(sim.last_tlbi_vmid, 1);
	/* Other entries were reset to fault / invalid. */
	assert_int_equal(sim.gr0[SMMU_GR0_S2CR(idx + 1) / 4], S2CR_RESET);
	assert_int_equal(sim.gr0[SMMU_GR0_SMR(idx + 1) / 4], 0);
}

static void test_translation_per_domain(void **state)
{
	(void)state;
	struct mmio_bus bus = smmu_sim_bus(&sim);
	struct smmu_conflict why;
	/* Domain 0 keeps SD1, USB0, QSPI; domain 1 gets GEM3; domain 2 SD0 + ADMA1. */
	struct { const char *name; uint16_t sid; int domain; } devs[] = {
		{ "/axi/mmc@ff170000", SID_SD1, 0 }, { "/axi/usb@fe200000", SID_USB0, 0 },
		{ "/axi/spi@ff0f0000", SID_QSPI, 0 }, { "/axi/ethernet@ff0e0000", SID_GEM3, 1 },
		{ "/axi/mmc@ff160000", SID_SD0, 2 }, { "/axi/dma-controller@ffa80000", SID_ADMA1, 2 },
	};
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		assert_int_equal(smmu_assign(&smmu, master(devs[i].name, devs[i].sid, 0), devs[i].domain, &why), 0);
	struct smmu_s2_params p[SMMU_MAX_CBS];
	for (int i = 0; i < SMMU_MAX_CBS; i++)
		p[i] = (struct smmu_s2_params){ 0x40000000ull + (uint64_t)i * 0x10000, 40, 1, 48 };
	assert_int_equal(smmu_hw_program_all(&bus, &smmu, p), 0);
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		struct smmu_sim_result r = smmu_sim_translate(&sim, devs[i].sid);
		assert_int_equal(r.route, SMMU_ROUTE_TRANSLATE);
		assert_int_equal(smmu_cb_domain(&smmu, r.cb), devs[i].domain);
		assert_int_equal(r.vmid, r.cb + 1);
	}
	/* An assigned-to-nobody stream (GEM1) faults: Xen sets sCR0.USFCFG. */
	assert_int_equal(smmu_sim_translate(&sim, SID_GEM1).route, SMMU_ROUTE_FAULT_UNMATCHED);
	/* Deassign GEM3: its entry stays, routed to fault. */
	assert_int_equal(smmu_deassign(&smmu, smmu_find_master(&smmu, "/axi/ethernet@ff0e0000")), 0);
	assert_int_equal(smmu_hw_program_all(&bus, &smmu, p), 0);
	assert_int_equal(smmu_sim_translate(&sim, SID_GEM3).route, SMMU_ROUTE_FAULT_S2CR);
}

static void test_sim_conflict_and_bypass(void **state)
{
	(void)state;
	struct mmio_bus bus = smmu_sim_bus(&sim);
	/* At reset the client port is disabled: everything bypasses. */
	assert_int_equal(smmu_sim_translate(&sim, SID_GEM3).route, SMMU_ROUTE_BYPASS);
	mmio_write32(&bus, sim.base + SMMU_GR0_SCR0, SCR0_USFCFG);
	mmio_write32(&bus, sim.base + SMMU_GR0_SMR(0), SMR_VALID | SID_GEM3);
	mmio_write32(&bus, sim.base + SMMU_GR0_SMR(1), SMR_VALID | (0x3u << SMR_MASK_SHIFT) | SID_GEM0);
	/* 0x877 matches both (0x874 with mask 3 covers 0x874..0x877): conflict. */
	assert_int_equal(smmu_sim_translate(&sim, SID_GEM3).route, SMMU_ROUTE_FAULT_CONFLICT);
	mmio_write32(&bus, sim.base + SMMU_GR0_S2CR(1), 1u << S2CR_TYPE_SHIFT);
	assert_int_equal(smmu_sim_translate(&sim, SID_GEM1).route, SMMU_ROUTE_BYPASS);
	/* SMR fields hold 15 bits: bit 15 reads back as 0. */
	mmio_write32(&bus, sim.base + SMMU_GR0_SMR(2), 0xffffffffu);
	assert_int_equal(mmio_read32(&bus, sim.base + SMMU_GR0_SMR(2)), 0xffff7fffu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_zynqmp_description, setup),
		cmocka_unit_test_setup(test_probe_reads_the_hardware, setup),
		cmocka_unit_test_setup(test_cover_reuses_entry, setup),
		cmocka_unit_test_setup(test_partial_overlap_refused, setup),
		cmocka_unit_test_setup(test_stream_match_exhaustion, setup),
		cmocka_unit_test_setup(test_two_domains_one_stream, setup),
		cmocka_unit_test_setup(test_more_domains_than_banks, setup),
		cmocka_unit_test_setup(test_programming_read_back, setup),
		cmocka_unit_test_setup(test_translation_per_domain, setup),
		cmocka_unit_test_setup(test_sim_conflict_and_bypass, setup),
	};
	return cmocka_run_group_tests_name("iommu MMU-500 model", tests, NULL, NULL);
}
