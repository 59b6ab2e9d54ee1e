/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A simulated MMU-500 register file (ZynqMP reset values, read-only and
 * write-1-to-clear bits) that answers, from the programmed registers alone,
 * where a transaction with a given stream ID goes. */
#ifndef IOMMU_SMMU_SIM_H
#define IOMMU_SMMU_SIM_H

#include "mmio.h"

#define SMMU_SIM_PAGE_WORDS 1024
#define SMMU_SIM_MAX_CBS 32
#define SMMU_SIM_GLOBAL_PAGES 16    /* NUMPAGE on ZynqMP */

struct smmu_sim {
	uint64_t base;
	uint32_t gr0[SMMU_SIM_PAGE_WORDS];
	uint32_t gr1[SMMU_SIM_PAGE_WORDS];
	uint32_t cb[SMMU_SIM_MAX_CBS][SMMU_SIM_PAGE_WORDS];
	uint32_t num_cbs, num_smrs;
	uint32_t writes;            /* register writes seen */
	uint32_t tlb_invalidations; /* TLBIVMID writes */
	uint32_t last_tlbi_vmid;
};

enum smmu_route {
	SMMU_ROUTE_TRANSLATE,       /* to context bank cb, VMID vmid */
	SMMU_ROUTE_BYPASS,          /* S2CR bypass, or client port disabled */
	SMMU_ROUTE_FAULT_UNMATCHED, /* no SMR matched and sCR0.USFCFG = 1 */
	SMMU_ROUTE_FAULT_CONFLICT,  /* two SMRs matched: stream match conflict */
	SMMU_ROUTE_FAULT_S2CR,      /* S2CR type fault */
	SMMU_ROUTE_FAULT_CB,        /* bank disabled (SCTLR.M = 0) or not stage 2 */
};

struct smmu_sim_result {
	enum smmu_route route;
	int smr;                    /* matching stream-map index, -1 */
	int cb;
	int vmid;
};

/* ZynqMP reset state at base (0xfd800000). */
void smmu_sim_init(struct smmu_sim *sim, uint64_t base);
struct mmio_bus smmu_sim_bus(struct smmu_sim *sim);
struct smmu_sim_result smmu_sim_translate(const struct smmu_sim *sim, uint16_t sid);
const char *smmu_route_name(enum smmu_route r);

#endif
