/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ARM MMU-500 (SMMUv2) model: instance description, bus masters and the
 * stream-map / context-bank allocation Xen's SMMU driver performs.
 *
 * Freestanding C: plain structs in and out, caller-provided storage, no libc.
 *   smmu_init()         an SMMU instance from its description
 *   smmu_add_master()   a bus master with its stream IDs (+masks), as the
 *                       host tree gives them (generic `iommus` or legacy
 *                       `mmu-masters`; the tree parsing stays with the caller)
 *   smmu_assign()       give a master to a domain: stream-match entries with
 *                       Xen's cover / overlap rules, one context bank per
 *                       (domain, SMMU), VMID = bank + 1, S2CR translate
 *   smmu_deassign()     back: S2CR fault, SMR kept, bank freed with its last master
 * Registers: smmu_regs.h; programming through struct mmio_bus: smmu_prog.h;
 * a simulated register file: smmu_sim.h; error codes: smmu_err.h. */
#ifndef IOMMU_SMMU_H
#define IOMMU_SMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "smmu_err.h"

#define SMMU_MAX_SMRS 128
#define SMMU_MAX_CBS 128
#define SMMU_MAX_MASTERS 96
#define SMMU_MAX_MASTER_SIDS 16  /* Xen's MAX_MASTER_STREAMIDS (MAX_PHANDLE_ARGS) */
#define SMMU_MAX_IRQS 144
#define SMMU_NO_DOMAIN (-1)

struct smmu_desc {
	uint64_t base;
	uint64_t size;              /* reg size in the tree: 2 x NUMPAGE x PAGESIZE */
	uint32_t num_smrs;          /* stream-match register groups (48 on ZynqMP) */
	uint32_t num_cbs;           /* context banks (16 on ZynqMP) */
	uint32_t sid_bits;          /* implemented stream ID bits (15) */
	uint32_t page_shift;        /* 12 (4 KiB register pages) */
	uint32_t n_global_irqs;     /* #global-interrupts */
	uint32_t irqs[SMMU_MAX_IRQS];   /* GIC IDs: global first, then one per context bank */
	uint32_t n_irqs;
};

/* The ZynqMP instance from the board facts (base 0xfd800000, 48 SMRs,
 * 16 banks, 15-bit IDs, SPI 155 = ID 187 for all 17 interrupts). */
void smmu_desc_zynqmp(struct smmu_desc *d);

/* Xen refuses to probe an SMMU whose tree misses these: checked here. */
int smmu_desc_check(const struct smmu_desc *d);

struct smmu_master {
	const char *name;           /* the device path, for messages */
	uint16_t ids[SMMU_MAX_MASTER_SIDS];
	uint16_t masks[SMMU_MAX_MASTER_SIDS];
	int n_ids;
	int domain;                 /* SMMU_NO_DOMAIN when unassigned */
	int smr[SMMU_MAX_MASTER_SIDS];  /* stream-map entry per ID, -1 none */
};

struct smmu_smr_state {
	uint16_t id, mask;
	bool valid;
	int refcount;
};

enum smmu_s2cr_type { SMMU_S2CR_TRANS = 0, SMMU_S2CR_BYPASS = 1, SMMU_S2CR_FAULT = 2 };

struct smmu_s2cr_state {
	enum smmu_s2cr_type type;
	uint8_t cbndx;
};

struct smmu_cb_state {
	bool used;
	int domain;
	int refcount;               /* masters attached through this bank */
	uint8_t vmid;
};

struct smmu {
	struct smmu_desc desc;
	struct smmu_smr_state smrs[SMMU_MAX_SMRS];
	struct smmu_s2cr_state s2crs[SMMU_MAX_SMRS];
	struct smmu_cb_state cbs[SMMU_MAX_CBS];
	struct smmu_master masters[SMMU_MAX_MASTERS];
	int n_masters;
};

/* Why an allocation was refused: enough to name the devices and domains. */
struct smmu_conflict {
	int error;                  /* negative SMMU_E* */
	const char *master;         /* the master being assigned */
	int domain;
	const char *other_master;   /* who holds what it needs, or NULL */
	int other_domain;
	int smr;                    /* stream-map index involved, -1 */
	uint16_t id, mask;          /* the request */
	uint16_t other_id, other_mask;  /* the entry in the way */
};

int smmu_init(struct smmu *s, const struct smmu_desc *d);
/* Returns the master index or a negative code. */
int smmu_add_master(struct smmu *s, const char *name, const uint16_t *ids, const uint16_t *masks,
		    int n_ids);
int smmu_find_master(const struct smmu *s, const char *name);
int smmu_assign(struct smmu *s, int master, int domain, struct smmu_conflict *why);
int smmu_deassign(struct smmu *s, int master);
/* The bank a domain uses, or -1. */
int smmu_domain_cb(const struct smmu *s, int domain);
/* The domain behind a bank, or SMMU_NO_DOMAIN. */
int smmu_cb_domain(const struct smmu *s, int cb);
/* Xen's predicates: entry (id, mask) fully covers / partially overlaps the request. */
bool smmu_smr_covers(uint16_t id, uint16_t mask, uint16_t req_id, uint16_t req_mask);
bool smmu_smr_overlaps(uint16_t id, uint16_t mask, uint16_t req_id, uint16_t req_mask);

#endif
