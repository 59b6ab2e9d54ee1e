/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Programming an MMU-500 through struct mmio_bus, in Xen's order:
 * global reset, stream-map entries (S2CR before SMR), context banks
 * (CBAR, CBA2R, TTBR0, TCR, SCTLR), TLB invalidation by VMID with a
 * polled global sync. */
#ifndef IOMMU_SMMU_PROG_H
#define IOMMU_SMMU_PROG_H

#include "mmio.h"
#include "smmu.h"

/* Stage-2 translation parameters of a domain's page tables. */
struct smmu_s2_params {
	uint64_t ttbr;          /* machine address of the P2M root */
	uint32_t ipa_bits;      /* e.g. 40 */
	uint32_t root_level;    /* e.g. 1 (3 levels, concatenated root) */
	uint32_t oas_bits;      /* output address size, capped at 48 */
};

/* Reads IDR0/IDR1 and probes the implemented SMR ID bits the way the
 * drivers do (write, read back); fills num_smrs, num_cbs, sid_bits,
 * page_shift of d. */
int smmu_probe(const struct mmio_bus *bus, struct smmu_desc *d);
void smmu_hw_reset(const struct mmio_bus *bus, const struct smmu *s);
void smmu_hw_write_sme(const struct mmio_bus *bus, const struct smmu *s, int idx);
void smmu_hw_init_cb(const struct mmio_bus *bus, const struct smmu *s, int cb,
		     const struct smmu_s2_params *p);
void smmu_hw_disable_cb(const struct mmio_bus *bus, const struct smmu *s, int cb);
int smmu_hw_tlb_inv_vmid(const struct mmio_bus *bus, const struct smmu *s, uint8_t vmid);
/* The stage-2 TCR value for p (ZynqMP: ipa 40, root 1, oas 48 -> 0x80053558). */
uint32_t smmu_s2_tcr(const struct smmu_s2_params *p);
/* Everything the model holds: reset, every used stream-map entry, every
 * used bank with params[domain-of-bank], TLB invalidation per VMID. */
int smmu_hw_program_all(const struct mmio_bus *bus, const struct smmu *s,
			const struct smmu_s2_params *params_by_cb);

#endif
