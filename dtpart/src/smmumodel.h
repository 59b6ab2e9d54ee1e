/* The SMMU as Xen will program it for this host tree and plan: every
 * master registered with an enabled SMMU is assigned, dom0's first (Xen
 * attaches them at boot, in tree order), then each guest domain by id,
 * through the iommu/ model. Used by `dtpart smmu` and the checks. */
#ifndef DTPART_SMMUMODEL_H
#define DTPART_SMMUMODEL_H

#include <iommu/smmu.h>
#include "generate.h"
#include "smmuwire.h"

struct smmu_model_row {
	const char *path;
	uint16_t sid, mask;
	int domain;                 /* 0 = dom0 */
	int smr, cb, vmid;          /* -1 when refused */
	int error;                  /* negative SMMU_E* */
	struct smmu_conflict why;
};

struct smmu_model {
	struct smmu smmu;
	int present;                /* an enabled SMMU (after wiring) */
	const char *smmu_path;
	struct smmu_model_row *rows;
	int n_rows;
	int n_errors;
};

int smmu_model_build(const struct dtp_host *h, const struct dtp_devlist *dl,
		     const struct dtp_plan *plan, const struct smmu_wiring *w,
		     struct smmu_model *m, struct dtp_diag *diag);
void smmu_model_free(struct smmu_model *m);
/* The SMMU description Xen would probe from the tree's node; an error
 * when Xen's probe would fail on its interrupts. */
int smmu_model_describe(const struct dtp_host *h, int node, struct smmu_desc *d, struct dtp_diag *diag);
/* One line for a refusal, naming both devices and domains. */
void smmu_model_explain(const struct smmu_model_row *r, char *buf, size_t len);

#endif
