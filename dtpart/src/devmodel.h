/* The device model: what a host node means for passthrough, as plain values.
 * Built from the index alone (no libfdt lookups), one node at a time:
 * reg ranges translated to CPU physical addresses through every parent's
 * `ranges`, GIC interrupts, SMMU stream IDs (generic `iommus` or legacy
 * `mmu-masters`) and clock references. */
#ifndef DTPART_DEVMODEL_H
#define DTPART_DEVMODEL_H

#include <stdint.h>
#include "fdtindex.h"

#define DTP_MAX_REGS 16
#define DTP_MAX_IRQS 256
#define DTP_MAX_SIDS 16
#define DTP_MAX_CLOCKS 16
#define DTP_MAX_SMMUS 16

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
	struct dtp_index ix;
	int gic;                    /* node index or -1 */
	int timer;
	int console;                /* the UART Xen uses, or -1 */
	const char *console_how;    /* "xen,xen-bootargs dtuart=..." or "stdout-path" */
	struct dtp_smmu smmus[DTP_MAX_SMMUS];
	int n_smmus;
	/* legacy mmu-masters: per node index, offset into the SMMU property; built
	 * in one pass over the SMMU nodes. */
	int *legacy_master_smmu;    /* node -> smmu slot + 1, 0 when none */
};

struct dtp_device {
	int node;
	const char *path;
	const char *name;
	const char *compatible;     /* first string, or NULL */
	int status_ok;
	int has_passthrough_flag;   /* xen,passthrough already in the host tree */
	struct dtp_range regs[DTP_MAX_REGS];
	int n_regs;
	int irq_parent;             /* node index */
	struct dtp_irq irqs[DTP_MAX_IRQS];
	int n_irqs;
	struct dtp_sid sids[DTP_MAX_SIDS];
	int n_sids;
	int sids_from_legacy;
	struct dtp_clock clocks[DTP_MAX_CLOCKS];
	int n_clocks;
};

int host_scan(struct dtp_host *h, struct dtp_diag *diag);
/* After property patches (fdtindex_patch): the SMMUs' state and masters
 * read again; the GIC, timer and console are what the patches never touch. */
int host_rescan_smmus(struct dtp_host *h, struct dtp_diag *diag);
void host_free(struct dtp_host *h);

/* Builds the model of one node. Errors name the node and the property. */
int device_build(const struct dtp_host *h, int node, struct dtp_device *dev,
		 struct dtp_diag *diag);
/* The same without clocks (n_clocks = 0): what device lists and checks
 * need, for every node of the tree. */
int device_build_resources(const struct dtp_host *h, int node, struct dtp_device *dev,
			   struct dtp_diag *diag);

/* Cheap test used by `list`: the node has reg and interrupts and is not the
 * root, a CPU or memory. device_build decides the rest. */
int device_is_candidate(const struct dtp_host *h, int node);

/* Why Xen needs this node for itself, or NULL. */
const char *device_xen_role(const struct dtp_host *h, int node);

/* Trigger flag name ("level-high") for messages. */
const char *irq_trigger_name(uint32_t flags);

#endif
