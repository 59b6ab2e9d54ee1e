/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Register-level programming of an MMU-500, in the order and with the
 * values of Xen's arm/smmu.c (arm_smmu_device_reset, arm_smmu_write_sme,
 * arm_smmu_init_context_bank, arm_smmu_tlb_inv_context). */
#include <iommu/smmu_prog.h>
#include <iommu/smmu_regs.h>

#define TLB_SYNC_POLLS 1000000u

static uint64_t gr0(const struct smmu *s, uint32_t off)
{
	return s->desc.base + off;
}

static uint64_t gr1(const struct smmu *s, uint32_t off)
{
	return s->desc.base + (1ull << s->desc.page_shift) + off;
}

/* Context banks live in the second half of the SMMU's region. */
static uint64_t cbreg(const struct smmu *s, int cb, uint32_t off)
{
	return s->desc.base + s->desc.size / 2 + ((uint64_t)cb << s->desc.page_shift) + off;
}

int smmu_probe(const struct mmio_bus *bus, struct smmu_desc *d)
{
	uint32_t idr0 = mmio_read32(bus, d->base + SMMU_GR0_IDR0);
	uint32_t idr1 = mmio_read32(bus, d->base + SMMU_GR0_IDR1);
	d->num_smrs = IDR0_NUMSMRG(idr0);
	d->num_cbs = IDR1_NUMCB(idr1);
	d->page_shift = (idr1 & IDR1_PAGESIZE) ? 16 : 12;
	if (!d->num_smrs || d->num_smrs > SMMU_MAX_SMRS || !d->num_cbs || d->num_cbs > SMMU_MAX_CBS)
		return -SMMU_ENODEV;
	/* Implemented ID bits: write all ones to SMR(0).ID, read back. */
	mmio_write32(bus, d->base + SMMU_GR0_SMR(0), SMR_ID_MASK);
	uint32_t id = mmio_read32(bus, d->base + SMMU_GR0_SMR(0)) & SMR_ID_MASK;
	mmio_write32(bus, d->base + SMMU_GR0_SMR(0), 0);
	uint32_t bits = 0;
	while (bits < 16 && (id & (1u << bits)))
		bits++;
	d->sid_bits = bits;
	return bits ? 0 : -SMMU_ENODEV;
}

void smmu_hw_write_sme(const struct mmio_bus *bus, const struct smmu *s, int idx)
{
	const struct smmu_s2cr_state *c = &s->s2crs[idx];
	const struct smmu_smr_state *e = &s->smrs[idx];
	/* S2CR first: a valid SMR must never point at a stale S2CR. */
	uint32_t s2cr = ((uint32_t)c->type << S2CR_TYPE_SHIFT) | c->cbndx;
	mmio_write32(bus, gr0(s, SMMU_GR0_S2CR((uint32_t)idx)), s2cr);
	uint32_t smr = e->valid ? (SMR_VALID | ((uint32_t)e->mask << SMR_MASK_SHIFT) | e->id) : 0;
	mmio_write32(bus, gr0(s, SMMU_GR0_SMR((uint32_t)idx)), smr);
}

static int tlb_sync(const struct mmio_bus *bus, const struct smmu *s)
{
	mmio_write32(bus, gr0(s, SMMU_GR0_STLBGSYNC), 0);
	for (uint32_t i = 0; i < TLB_SYNC_POLLS; i++)
		if (!(mmio_read32(bus, gr0(s, SMMU_GR0_STLBGSTATUS)) & 1u))
			return 0;
	return -SMMU_ETIMEDOUT;
}

void smmu_hw_reset(const struct mmio_bus *bus, const struct smmu *s)
{
	uint32_t gfsr = mmio_read32(bus, gr0(s, SMMU_GR0_SGFSR));
	mmio_write32(bus, gr0(s, SMMU_GR0_SGFSR), gfsr);
	for (uint32_t i = 0; i < s->desc.num_smrs; i++) {
		mmio_write32(bus, gr0(s, SMMU_GR0_S2CR(i)), S2CR_RESET);
		mmio_write32(bus, gr0(s, SMMU_GR0_SMR(i)), 0);
	}
	for (uint32_t i = 0; i < s->desc.num_cbs; i++) {
		mmio_write32(bus, cbreg(s, (int)i, SMMU_CB_SCTLR), 0);
		mmio_write32(bus, cbreg(s, (int)i, SMMU_CB_FSR), FSR_FAULT);
	}
	mmio_write32(bus, gr0(s, SMMU_GR0_STLBIALL), 0);
	mmio_write32(bus, gr0(s, SMMU_GR0_TLBIALLH), 0);
	mmio_write32(bus, gr0(s, SMMU_GR0_TLBIALLNSNH), 0);
	uint32_t cr0 = mmio_read32(bus, gr0(s, SMMU_GR0_SCR0));
	cr0 |= SCR0_GFRE | SCR0_GFIE | SCR0_GCFGFRE | SCR0_GCFGFIE | SCR0_VMIDPNE | SCR0_PTM;
	/* Unlike Linux's default, Xen faults streams no SMR matches. */
	cr0 |= SCR0_USFCFG;
	cr0 &= ~(SCR0_CLIENTPD | SCR0_FB | SCR0_BSU_MASK);
	tlb_sync(bus, s);
	mmio_write32(bus, gr0(s, SMMU_GR0_SCR0), cr0);
}

uint32_t smmu_s2_tcr(const struct smmu_s2_params *p)
{
	uint32_t oas = p->oas_bits > 48 ? 48 : p->oas_bits;
	uint32_t ps = oas >= 48 ? 5 : oas >= 44 ? 4 : oas >= 42 ? 3 : oas >= 40 ? 2 : oas >= 36 ? 1 : 0;
	return TCR_RES1 | TCR_TG0_4K | TCR_T0SZ(64 - p->ipa_bits) | TCR_PS(ps) | TCR_SH0_IS |
	       TCR_ORGN0_WBWA | TCR_IRGN0_WBWA | TCR_SL0(2 - p->root_level);
}

void smmu_hw_init_cb(const struct mmio_bus *bus, const struct smmu *s, int cb,
		     const struct smmu_s2_params *p)
{
	uint32_t vmid = s->cbs[cb].vmid;
	mmio_write32(bus, gr1(s, SMMU_GR1_CBAR((uint32_t)cb)), CBAR_TYPE_S2_TRANS | (vmid & CBAR_VMID_MASK));
	mmio_write32(bus, gr1(s, SMMU_GR1_CBA2R((uint32_t)cb)), CBA2R_VA64);
	/* Stage 2: the VMID lives in CBAR, TTBR0 holds the table base only. */
	mmio_write32(bus, cbreg(s, cb, SMMU_CB_TTBR0_LO), (uint32_t)p->ttbr);
	mmio_write32(bus, cbreg(s, cb, SMMU_CB_TTBR0_HI), (uint32_t)(p->ttbr >> 32));
	mmio_write32(bus, cbreg(s, cb, SMMU_CB_TCR), smmu_s2_tcr(p));
	/* CFCFG stays clear: MMU-500 erratum 842869. */
	mmio_write32(bus, cbreg(s, cb, SMMU_CB_SCTLR), SCTLR_XEN_S2);
}

void smmu_hw_disable_cb(const struct mmio_bus *bus, const struct smmu *s, int cb)
{
	mmio_write32(bus, cbreg(s, cb, SMMU_CB_SCTLR), 0);
}

int smmu_hw_tlb_inv_vmid(const struct mmio_bus *bus, const struct smmu *s, uint8_t vmid)
{
	mmio_write32(bus, gr0(s, SMMU_GR0_TLBIVMID), vmid);
	return tlb_sync(bus, s);
}

int smmu_hw_program_all(const struct mmio_bus *bus, const struct smmu *s,
			const struct smmu_s2_params *params_by_cb)
{
	smmu_hw_reset(bus, s);
	for (uint32_t cb = 0; cb < s->desc.num_cbs; cb++)
		if (s->cbs[cb].used)
			smmu_hw_init_cb(bus, s, (int)cb, &params_by_cb[cb]);
	for (uint32_t i = 0; i < s->desc.num_smrs; i++)
		if (s->smrs[i].valid)
			smmu_hw_write_sme(bus, s, (int)i);
	for (uint32_t cb = 0; cb < s->desc.num_cbs; cb++)
		if (s->cbs[cb].used) {
			int rc = smmu_hw_tlb_inv_vmid(bus, s, s->cbs[cb].vmid);
			if (rc)
				return rc;
		}
	return 0;
}
