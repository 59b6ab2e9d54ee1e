/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Simulated MMU-500 register file with the ZynqMP model's reset values,
 * read-only sCR0 bits, 15-bit SMR fields, W1C sGFSR and an instant TLB
 * sync; and the hardware's stream-matching rule on top of it. */
#include <iommu/smmu_regs.h>
#include <iommu/smmu_sim.h>

#define PAGE 0x1000u

void smmu_sim_init(struct smmu_sim *sim, uint64_t base)
{
	sim->base = base;
	sim->num_cbs = 16;
	sim->num_smrs = 48;
	sim->writes = sim->tlb_invalidations = sim->last_tlbi_vmid = 0;
	for (int i = 0; i < SMMU_SIM_PAGE_WORDS; i++)
		sim->gr0[i] = sim->gr1[i] = 0;
	for (int c = 0; c < SMMU_SIM_MAX_CBS; c++)
		for (int i = 0; i < SMMU_SIM_PAGE_WORDS; i++)
			sim->cb[c][i] = 0;
	sim->gr0[SMMU_GR0_SCR0 / 4] = 0x00200001u;
	sim->gr0[SMMU_GR0_SACR / 4] = 0x04000004u;
	sim->gr0[SMMU_GR0_IDR0 / 4] = 0xfc013e30u;
	sim->gr0[SMMU_GR0_IDR1 / 4] = 0x30000f10u;
	sim->gr0[SMMU_GR0_IDR2 / 4] = 0x00005555u;
	sim->gr0[SMMU_GR0_IDR7 / 4] = 0x21u;
	for (uint32_t n = 0; n < sim->num_smrs; n++)
		sim->gr0[SMMU_GR0_S2CR(n) / 4] = S2CR_RESET;
	for (uint32_t n = 0; n < sim->num_cbs; n++) {
		sim->gr1[SMMU_GR1_CBAR(n) / 4] = CBAR_RESET;
		sim->cb[n][SMMU_CB_SCTLR / 4] = 0x100u;
		sim->cb[n][SMMU_CB_ACTLR / 4] = 0x3u;
		sim->cb[n][SMMU_CB_TCR2 / 4] = 0x60u;
	}
}

/* Which word an address names; NULL outside the modelled pages. */
static uint32_t *reg(struct smmu_sim *sim, uint64_t addr, int *page)
{
	if (addr < sim->base || (addr & 3))
		return 0;
	uint64_t off = addr - sim->base;
	uint64_t pg = off / PAGE, word = (off % PAGE) / 4;
	*page = (int)pg;
	if (pg == 0)
		return &sim->gr0[word];
	if (pg == 1)
		return &sim->gr1[word];
	if (pg >= SMMU_SIM_GLOBAL_PAGES && pg - SMMU_SIM_GLOBAL_PAGES < sim->num_cbs)
		return &sim->cb[pg - SMMU_SIM_GLOBAL_PAGES][word];
	return 0;
}

static uint32_t sim_read(void *ctx, uint64_t addr)
{
	struct smmu_sim *sim = ctx;
	int page;
	uint32_t *r = reg(sim, addr, &page);
	if (!r)
		return 0;
	if (page == 0 && r == &sim->gr0[SMMU_GR0_STLBGSTATUS / 4])
		return 0;   /* a sync completes at once */
	return *r;
}

static void sim_write(void *ctx, uint64_t addr, uint32_t v)
{
	struct smmu_sim *sim = ctx;
	int page;
	uint32_t *r = reg(sim, addr, &page);
	sim->writes++;
	if (!r)
		return;
	if (page == 0) {
		uint32_t off = (uint32_t)(r - sim->gr0) * 4;
		if (off == SMMU_GR0_SCR0) {
			*r = (*r & SCR0_RO_MASK) | (v & ~SCR0_RO_MASK);
			return;
		}
		if (off == SMMU_GR0_SGFSR) {
			*r &= ~v;
			return;
		}
		if (off >= SMMU_GR0_IDR0 && off <= SMMU_GR0_IDR7)
			return;
		if (off == SMMU_GR0_TLBIVMID) {
			sim->tlb_invalidations++;
			sim->last_tlbi_vmid = v & 0xffu;
			return;
		}
		if (off >= SMMU_GR0_SMR(0) && off < SMMU_GR0_SMR(sim->num_smrs)) {
			*r = v & SMR_RW_MASK;
			return;
		}
		if (off >= SMMU_GR0_SMR(sim->num_smrs) && off < SMMU_GR0_S2CR(0))
			return;
	}
	if (page == 1 && (uint32_t)(r - sim->gr1) * 4 < SMMU_GR1_CBFRSYNRA(0)) {
		*r = v & 0x00ffffffu;   /* IRPTNDX is read-only 0 on MMU-500 */
		return;
	}
	*r = v;
}

struct mmio_bus smmu_sim_bus(struct smmu_sim *sim)
{
	struct mmio_bus b = { sim_read, sim_write, sim };
	return b;
}

struct smmu_sim_result smmu_sim_translate(const struct smmu_sim *sim, uint16_t sid)
{
	struct smmu_sim_result res = { SMMU_ROUTE_BYPASS, -1, -1, -1 };
	uint32_t cr0 = sim->gr0[SMMU_GR0_SCR0 / 4];
	if (cr0 & SCR0_CLIENTPD)
		return res;
	int matches = 0;
	for (uint32_t n = 0; n < sim->num_smrs; n++) {
		uint32_t smr = sim->gr0[SMMU_GR0_SMR(n) / 4];
		uint32_t id = smr & SMR_ID_MASK, mask = (smr >> SMR_MASK_SHIFT) & SMR_ID_MASK;
		if ((smr & SMR_VALID) && ((sid ^ id) & ~mask & SMR_ID_MASK) == 0) {
			matches++;
			res.smr = (int)n;
		}
	}
	if (matches > 1) {
		res.route = SMMU_ROUTE_FAULT_CONFLICT;
		return res;
	}
	if (matches == 0) {
		res.route = (cr0 & SCR0_USFCFG) ? SMMU_ROUTE_FAULT_UNMATCHED : SMMU_ROUTE_BYPASS;
		return res;
	}
	uint32_t s2cr = sim->gr0[SMMU_GR0_S2CR((uint32_t)res.smr) / 4];
	uint32_t type = (s2cr & S2CR_TYPE_MASK) >> S2CR_TYPE_SHIFT;
	if (type == 1)
		return res;
	if (type != 0) {
		res.route = SMMU_ROUTE_FAULT_S2CR;
		return res;
	}
	res.cb = (int)(s2cr & S2CR_CBNDX_MASK);
	if ((uint32_t)res.cb >= sim->num_cbs) {
		res.route = SMMU_ROUTE_FAULT_CB;
		return res;
	}
	uint32_t cbar = sim->gr1[SMMU_GR1_CBAR((uint32_t)res.cb) / 4];
	res.vmid = (int)(cbar & CBAR_VMID_MASK);
	if ((cbar & CBAR_TYPE_MASK) != CBAR_TYPE_S2_TRANS || !(sim->cb[res.cb][SMMU_CB_SCTLR / 4] & SCTLR_M)) {
		res.route = SMMU_ROUTE_FAULT_CB;
		return res;
	}
	res.route = SMMU_ROUTE_TRANSLATE;
	return res;
}

const char *smmu_route_name(enum smmu_route r)
{
	switch (r) {
	case SMMU_ROUTE_TRANSLATE: return "translate";
	case SMMU_ROUTE_BYPASS: return "bypass";
	case SMMU_ROUTE_FAULT_UNMATCHED: return "fault (unmatched stream)";
	case SMMU_ROUTE_FAULT_CONFLICT: return "fault (stream match conflict)";
	case SMMU_ROUTE_FAULT_S2CR: return "fault (S2CR)";
	case SMMU_ROUTE_FAULT_CB: return "fault (context bank disabled)";
	}
	return "?";
}
