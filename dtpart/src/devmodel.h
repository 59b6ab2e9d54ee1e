/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The device model: what a host node means for passthrough, as plain values.
 * Built from the index alone (no libfdt lookups), one node at a time:
 * reg ranges translated to CPU physical addresses through every parent's
 * `ranges`, GIC interrupts, SMMU stream IDs (generic `iommus` or legacy
 * `mmu-masters`) and clock references. */
#ifndef DTPART_DEVMODEL_H
#define DTPART_DEVMODEL_H

#include <stdint.h>
#include "fdtindex.h"

struct dtp_range {
	uint64_t addr;
	uint64_t size;
};

enum { DTP_IRQ_SPI = 0, DTP_IRQ_PPI = 1 };

struct dtp_irq {
	uint32_t type;      /* cell 0: 0 SPI, 1 PPI */
	uint32_t number;    /* cell 1 */
	uint32_t flags;     /* cell 2: trigger in bits 3:0 */
	uint32_t id;        /* GIC interrupt ID: SPI + 32, PPI + 16 */
};

struct dtp_sid {
	uint32_t id;
	uint32_t mask;
	int smmu;           /* node index of the SMMU */
};

struct dtp_clock {
	const char *name;   /* from clock-names, NULL when the tree gives none */
	int provider;       /* node index */
	uint32_t args[4];
	int n_args;
	uint64_t fixed_rate; /* provider is a fixed-clock: its clock-frequency; else 0 */
};

struct dtp_smmu {
	int node;
	int enabled;        /* status okay */
	uint32_t iommu_cells;
	uint32_t stream_match_mask;
	int has_legacy;     /* carries mmu-masters */
};

/* Host-wide facts found once: the GIC, SMMUs, timer, Xen's console. */
struct dtp_host {
	struct dtp_index *ix;
	int gic;                    /* node index or -1 */
	int timer;
	int console;                /* the UART Xen uses, or -1 */
	const char *console_how;    /* "xen,xen-bootargs dtuart=..." or "stdout-path" */
	struct dtp_smmu *smmus;     /* every SMMU node, in tree order */
	int n_smmus;
	/* legacy mmu-masters: per node index, offset into the SMMU property; built
	 * in one pass over the SMMU nodes. */
	int *legacy_master_smmu;    /* node -> smmu slot + 1, 0 when none */
};

/* A device's arrays are sized to its node: no fixed maximum. A device is
 * zeroed before its first build, can be built again for another node (its
 * arrays are reused), and is released with dtp_device_free. */
struct dtp_device {
	int node;
	const char *path;
	const char *name;
	const char *compatible;     /* first string, or NULL */
	int status_ok;
	int has_passthrough_flag;   /* xen,passthrough already in the host tree */
	int irq_parent;             /* node index */
	int sids_from_legacy;
	struct dtp_range *regs;
	int n_regs;
	struct dtp_irq *irqs;
	int n_irqs;
	struct dtp_sid *sids;
	int n_sids;
	struct dtp_clock *clocks;
	int n_clocks;
	int room_regs, room_irqs, room_sids, room_clocks;   /* entries allocated */
};

DTP_MUST_CHECK int dtp_host_scan(struct dtp_host *h, struct dtp_diag *diag);
/* After property patches (dtp_index_patch): the SMMUs' state and masters
 * read again; the GIC, timer and console are what the patches never touch. */
DTP_MUST_CHECK int dtp_host_rescan_smmus(struct dtp_host *h, struct dtp_diag *diag);
void dtp_host_free(struct dtp_host *h);

/* Builds the model of one node into dev (zeroed, or built before). Errors
 * name the node and the property. */
DTP_MUST_CHECK int dtp_device_build(const struct dtp_host *h, int node, struct dtp_device *dev,
		 struct dtp_diag *diag);
/* The same without clocks (n_clocks = 0): what device lists and checks
 * need, for every node of the tree. */
DTP_MUST_CHECK int dtp_device_build_resources(const struct dtp_host *h, int node, struct dtp_device *dev,
			   struct dtp_diag *diag);
void dtp_device_free(struct dtp_device *dev);
/* The CPU address of the node's first reg range, as dtp_device_build would
 * give it, without building the rest: 0, or -1 when that would fail. For
 * loops over every node that need only the address. */
int dtp_device_first_address(const struct dtp_host *h, int node, uint64_t *addr);

/* Cheap test used by `list`: the node has reg and interrupts and is not the
 * root, a CPU or memory. dtp_device_build decides the rest. */
int dtp_device_is_candidate(const struct dtp_host *h, int node);

/* Why Xen needs this node for itself, or NULL. */
const char *dtp_device_xen_role(const struct dtp_host *h, int node);

/* Trigger flag name ("level-high") for messages. */
const char *dtp_irq_trigger_name(uint32_t flags);

#endif
