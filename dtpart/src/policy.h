/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every rule that refuses a passthrough, and the one rule that decides
 * which SMMU Xen drives for a device and how the host tree registers it
 * there. `show`, `smmu`, `check` and `passthrough` all ask here, so they
 * answer each question the same way. */
#ifndef DTPART_POLICY_H
#define DTPART_POLICY_H

#include <stdint.h>
#include "board.h"
#include "devmodel.h"
#include "plan.h"

/* Refusals that depend on the node alone (Xen's own devices, disabled,
 * non-SPI interrupts). */
DTP_MUST_CHECK int dtp_policy_check_device(const struct dtp_host *h, const struct dtp_device *d,
			    struct dtp_diag *diag);

/* A device the plan gives to another domain than `domain`. arg: the name
 * the user gave, for the fix. */
DTP_MUST_CHECK int dtp_policy_check_owner(const struct dtp_plan *plan, const char *path, const char *arg,
			   unsigned domain, struct dtp_diag *diag);

/* An xl domain of the plan cannot become a dom0less one while it owns
 * devices. dom: the plan's domain or NULL. */
DTP_MUST_CHECK int dtp_policy_check_mode(const struct dtp_plan_domain *dom, int want_dom0less,
			  const char *state_path, struct dtp_diag *diag);

/* Release: a device neither in the plan nor flagged xen,passthrough is
 * dom0's already. */
DTP_MUST_CHECK int dtp_policy_check_release(int owned, int flagged, const char *path, const char *arg,
			     struct dtp_diag *diag);

/* Dom0less: dtpart writes /chosen/domUN itself; a host tree that has one
 * already is refused. */
DTP_MUST_CHECK int dtp_policy_check_domu_free(const struct dtp_host *h, unsigned id, struct dtp_diag *diag);

/* The partial tree: a property the guest needs (a required phandle
 * reference) points outside the devices given to it. */
DTP_MUST_CHECK int dtp_policy_refuse_outside_ref(const struct dtp_host *h, const char *path, const char *prop,
				  int outside, struct dtp_diag *diag);

/* The partial tree's phandles must stay below the guest GIC's. */
DTP_MUST_CHECK int dtp_policy_check_phandles(uint32_t next, struct dtp_diag *diag);

/* A guest fixed-clock holds a 32-bit clock-frequency. */
DTP_MUST_CHECK int dtp_policy_check_rate(const char *path, uint64_t rate, struct dtp_diag *diag);

/* The n clocks of a command whose rate nothing gives (missing: their
 * names, for the message), in one refusal that says where rates come from. */
DTP_MUST_CHECK int dtp_policy_refuse_clocks(const struct dtp_host *h, const struct dtp_board *board, int n,
					    const char *missing, struct dtp_diag *diag);

/* How the host tree registers a DMA master with its SMMU. */
enum dtp_smmu_binding {
	DTP_BIND_NONE = 0,          /* not registered (no SMMU, or unprotected) */
	DTP_BIND_IOMMUS,            /* generic binding: `iommus` on the master */
	DTP_BIND_MMU_MASTERS        /* legacy binding: an entry in the SMMU's mmu-masters */
};

/* Where a device's stream IDs come from. */
enum dtp_sid_source { DTP_SID_NONE = 0, DTP_SID_TREE, DTP_SID_OPTION, DTP_SID_BOARD };

/* Whether a device can master the bus, judged from the tree alone: its
 * DMA properties (`iommus`, `dmas`, `dma-coherent`, `dma-ranges`), else its
 * binding class from the compatible strings and the node name (one table
 * in policy.c). A wrapper whose child masters the bus (ZynqMP's dwc3 glue)
 * is not a master itself. */
enum dtp_dma_kind {
	DTP_DMA_NO = 0,             /* a class that never masters the bus (UART, I2C, timer...) */
	DTP_DMA_UNKNOWN,            /* no rule matches: assumed not to */
	DTP_DMA_YES
};
struct dtp_dma_class {
	enum dtp_dma_kind kind;
	int via_dmas;               /* only its `dmas` make it one: a DMA engine's channels do
				     * its DMA, under the engine's stream ID */
	char why[192];              /* "an Ethernet controller (node name \"ethernet\")" */
};
void dtp_policy_dma_class(const struct dtp_index *ix, int node, struct dtp_dma_class *out);
/* The same, for a loop over many nodes: memo keeps the table's answers per
 * compatible list and node name (dtp_dma_memo_new, _free). */
struct dtp_dma_memo;
struct dtp_dma_memo *dtp_dma_memo_new(void);
void dtp_dma_memo_free(struct dtp_dma_memo *memo);
void dtp_policy_dma_class_memo(struct dtp_dma_memo *memo, const struct dtp_index *ix, int node,
			       struct dtp_dma_class *out);

/* The SMMU decision for one device given to a guest. */
struct dtp_smmu_decision {
	int dma_capable;            /* it has stream IDs, or masters the bus by its class */
	int smmu;                   /* node index of the SMMU Xen drives for it, or -1 */
	enum dtp_smmu_binding binding;
	int registered;             /* the host tree registers it already */
	int enable;                 /* the SMMU is disabled in the host tree: it must be enabled */
	int behind_smmu;            /* translated by an enabled SMMU in the output tree: dtdev */
	int unprotected;            /* DMA master given without an IOMMU (--force-no-iommu) */
	enum dtp_sid_source sid_source;
	struct dtp_dma_class dma;   /* the class judgement, for a device without stream IDs */
};

/* The rule. d: the device as the host tree has it; n_sids: its stream IDs
 * (from src), first_sid the first (for messages); no_iommu:
 * --force-no-iommu. A DMA master is refused when the tree has no SMMU, or
 * when it has no stream ID at all (tree, --sid, SoC or board data) though
 * its class masters the bus, unless no_iommu; and when it has more stream
 * IDs than Xen's SMMU driver holds for one master. */
DTP_MUST_CHECK int dtp_policy_smmu(const struct dtp_host *h, const struct dtp_device *d, int n_sids,
				   enum dtp_sid_source src, uint32_t first_sid, int no_iommu,
				   struct dtp_smmu_decision *out, struct dtp_diag *diag);

/* The SMMU Xen drives, as the replay and the stream table model it: the
 * first SMMU of the tree that is enabled, or that enable_node (-1 for none)
 * is about to enable. Its slot in h->smmus, or -1. */
int dtp_policy_driven_smmu(const struct dtp_host *h, int enable_node);

/* Whether Xen's SMMU faults the DMA of an enabled node that the tree does
 * not map on the SMMU Xen drives (Xen sets sCR0.USFCFG in
 * arm_smmu_device_reset: unmatched streams fault). True for a bus master
 * (dtp_policy_dma_class, filled into c; not one through `dmas` alone: the
 * engine's stream faults, not its client's) that names no IOMMU, itself or
 * through an ancestor (`iommus`, `iommu-map`, an mmu-masters entry: it sits
 * behind that one), on a tree with one SMMU, as ZynqMP has; with several, which one it
 * sits behind is not known and nothing is claimed. memo: NULL, or one for a
 * loop over many nodes. */
int dtp_policy_unmapped_master(const struct dtp_host *h, int node, struct dtp_dma_memo *memo,
			       struct dtp_dma_class *c);
/* The same for a node whose class c the caller has judged already. */
int dtp_policy_unmapped_master_of(const struct dtp_host *h, int node, const struct dtp_dma_class *c);

/* The plan gives devices to guests while Xen drives an SMMU: Xen makes that
 * SMMU fault every stream without a mapping (arm_smmu_device_reset, "Unlike
 * Linux, generate a fault when no mapping is found"), so each DMA master
 * that stays with dom0 must be registered too. Refuses, naming each, when
 * some have no stream ID to register (r->dom0 entries with n_sids == 0). */
struct dtp_resolved;
DTP_MUST_CHECK int dtp_policy_check_dom0_masters(const struct dtp_host *h, const struct dtp_resolved *r,
						 struct dtp_diag *diag);

/* Xen attaches a master to dom0 at boot when the node is enabled and not
 * given to a guest (xen,passthrough). */
int dtp_policy_dom0_attaches(int status_ok, int given_to_guest);

#endif
