/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SMMU as Xen will program it for this host tree and resolved set:
 * every master registered with the SMMU Xen drives is assigned, dom0's
 * first (Xen attaches them at boot, in tree order), then each guest's
 * devices by domain id, through the iommu/ model. Used by `dtpart smmu`
 * and the checks. */
#ifndef DTPART_SMMUMODEL_H
#define DTPART_SMMUMODEL_H

#include <iommu/smmu.h>
#include "devlist.h"
#include "resolve.h"

struct dtp_smmu_row {
	const char *path;
	uint16_t sid, mask;
	int domain;                 /* 0 = dom0 */
	int smr, cb, vmid;          /* -1 when refused */
	int error;                  /* negative SMMU_E* */
	struct smmu_conflict why;
	/* An enabled bus master with no stream mapping on this SMMU: Xen
	 * faults its DMA (sid, smr, cb unused); why it is taken for a master. */
	int unmapped;
	char master_why[192];
};

struct dtp_smmu_model {
	struct smmu *smmu;          /* NULL when no SMMU is enabled */
	const char *smmu_path;
	struct dtp_smmu_row *rows;
	int n_rows;
	int n_errors;
	int n_unmapped;             /* rows with unmapped set */
};

DTP_MUST_CHECK int dtp_smmu_model_build(const struct dtp_host *h, const struct dtp_devlist *dl,
			 const struct dtp_plan *plan, const struct dtp_resolved *r,
			 struct dtp_smmu_model *m, struct dtp_diag *diag);
void dtp_smmu_model_free(struct dtp_smmu_model *m);
/* The SMMU description Xen would probe from the tree's node; an error
 * when Xen's probe would fail on its interrupts. */
DTP_MUST_CHECK int dtp_smmu_describe(const struct dtp_host *h, int node, struct smmu_desc *d, struct dtp_diag *diag);
/* One line for a refusal, naming both devices and domains. */
void dtp_smmu_explain(const struct dtp_smmu_row *r, char *buf, size_t len);

/* A master's stream IDs added to the model: ids and masks as the tree or
 * the resolved set has them. The model holds SMMU_MAX_MASTER_SIDS per
 * master; a device with more is added as several masters, so no stream is
 * dropped. The first master's index in *master (negative SMMU_E* on
 * failure); *n_masters of them. */
DTP_MUST_CHECK int dtp_smmu_add_streams(struct smmu *s, const char *path, const uint32_t *ids,
			 const uint32_t *masks, int n, int *master, int *n_masters);

#endif
