/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resolved device set: what every stage after the host tree reads.
 * Built once per command from the plan and the host tree: each planned
 * device with its resources (reg, interrupts, stream IDs), its clock rates,
 * its DMA capability and the SMMU decision of the policy (which SMMU Xen
 * drives for it, which binding, whether that SMMU must be enabled). The
 * host edits, outputs, stream table and checks are written from it; none
 * of them turns a plan path back into a device on its own. */
#ifndef DTPART_RESOLVE_H
#define DTPART_RESOLVE_H

#include <stdint.h>
#include "board.h"
#include "devmodel.h"
#include "plan.h"
#include "policy.h"

struct dtp_resolved_device {
	const char *path;
	unsigned domain;                    /* owning guest; 0 when not in the plan */
	const struct dtp_plan_device *plan; /* NULL when not in the plan */
	struct dtp_device dev;
	uint64_t *clock_rates;              /* one per dev.clocks; NULL until resolved */
	enum dtp_rate_source *clock_sources; /* where each rate came from */
	uint32_t *sids;                     /* the stream IDs Xen will use, n_sids of them */
	uint32_t *masks;
	int n_sids;
	struct dtp_smmu_decision smmu;
};

struct dtp_resolved {
	struct dtp_resolved_device *devs;   /* plan order: domains by id, devices by path */
	int n;
	int enable_smmu;                    /* node of an SMMU the plan enables, or -1 */
	/* dom0's DMA masters on the SMMU Xen will drive, when the plan gives
	 * devices to guests: enabled nodes outside the plan that the tree does
	 * not register there yet, in tree order, with the stream IDs to
	 * register (SoC or board data; none: n_sids == 0, refused). Xen faults
	 * every stream without a mapping. */
	struct dtp_resolved_device *dom0;
	int n_dom0;
};

/* One host node as a device, with the refusals that depend on it alone. */
DTP_MUST_CHECK int dtp_resolve_node(const struct dtp_host *h, int node, struct dtp_device *dev,
		     struct dtp_diag *diag);

/* One device as passthrough would give it: resources, stream IDs (tree,
 * else pd's --sid, else the board data) and the SMMU decision. pd may be
 * NULL (a device not in the plan); no_iommu: --force-no-iommu. Clocks are
 * left to dtp_resolve_clocks. */
DTP_MUST_CHECK int dtp_resolve_device(const struct dtp_host *h, const struct dtp_board *board, int node,
		       const struct dtp_plan_device *pd, const uint32_t *opt_sids, int n_opt_sids,
		       int no_iommu, struct dtp_resolved_device *rd, struct dtp_diag *diag);
/* The same for a device already built into rd->dev (dtp_device_build), the
 * rest of rd zeroed: the refusals on the node, the stream IDs and the SMMU
 * decision. */
DTP_MUST_CHECK int dtp_resolve_built(const struct dtp_host *h, const struct dtp_board *board,
				     const struct dtp_plan_device *pd, const uint32_t *opt_sids, int n_opt_sids,
				     int no_iommu, struct dtp_resolved_device *rd, struct dtp_diag *diag);

/* Every clock rate of rd: --clock override, fixed-clock provider, the
 * running board's clk_summary, board data, SoC default (dtp_board_rate). Unknown
 * rates are refused in one message naming each with how to give it. */
DTP_MUST_CHECK int dtp_resolve_clocks(const struct dtp_host *h, const struct dtp_board *board,
		       struct dtp_resolved_device *rd, struct dtp_diag *diag);
/* One line per device of the rates the outputs take from data rather than
 * from the tree or --clock (board data, SoC default, clk_summary); "" when
 * none. Allocated: free it. Made while the host tree is loaded (clock
 * names point into it). */
char *dtp_resolved_assumed_rates(const struct dtp_resolved *r, const struct dtp_board *board);

/* Every device of the plan, and dom0's masters that must be registered
 * with it. Warns once for each DMA master given without an IOMMU and for
 * each device whose class is unknown (assumed not to master the bus);
 * refuses when a master staying with dom0 has no stream ID
 * (dtp_policy_check_dom0_masters). */
DTP_MUST_CHECK int dtp_resolve_plan(const struct dtp_host *h, const struct dtp_board *board,
		     const struct dtp_plan *plan, struct dtp_resolved *r, struct dtp_diag *diag);
/* The same, taking over devices the command has built already (its DEVICE
 * arguments, by dtp_resolve_node): each one whose path is in the plan moves
 * into r and is left zeroed in given, so no device is built twice. */
DTP_MUST_CHECK int dtp_resolve_plan_given(const struct dtp_host *h, const struct dtp_board *board,
					  const struct dtp_plan *plan, struct dtp_device *given, int n_given,
					  struct dtp_resolved *r, struct dtp_diag *diag);
/* What `show` asks of one device rd as passthrough would give it next to
 * the plan: the refusal dtp_resolve_plan would add for dom0's masters
 * (dtp_policy_check_dom0_masters), or 0. */
DTP_MUST_CHECK int dtp_resolve_dom0_with(const struct dtp_host *h, const struct dtp_board *board,
					 const struct dtp_plan *plan, const struct dtp_resolved_device *rd,
					 struct dtp_diag *diag);
const struct dtp_resolved_device *dtp_resolved_find(const struct dtp_resolved *r, const char *path);
void dtp_resolved_device_free(struct dtp_resolved_device *rd);
void dtp_resolved_free(struct dtp_resolved *r);

#endif
