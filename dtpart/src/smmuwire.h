/* SMMU wiring of the host tree. A DMA master given to a guest must be
 * registered with an enabled SMMU, or the guest can read and write all
 * memory. For every planned device with a stream ID (in the tree, in the
 * board data, or from --sid) this decides how Xen will see it and which host
 * tree edits make that true: enable a disabled SMMU, add `iommus` (generic
 * binding) or an `mmu-masters` entry (legacy binding, which Xen prefers). */
#ifndef DTPART_SMMUWIRE_H
#define DTPART_SMMUWIRE_H

#include "board.h"
#include "devmodel.h"
#include "hostwrite.h"
#include "plan.h"

struct dma_wiring {
	const char *path;           /* plan device */
	int dma_capable;            /* has stream IDs */
	int behind_smmu;            /* registered with an enabled SMMU in the output tree */
	int unprotected;            /* DMA master without SMMU, accepted (--force-no-iommu) */
	int smmu;                   /* node index, -1 */
	uint32_t sids[DTP_MAX_SIDS];
	uint32_t masks[DTP_MAX_SIDS];
	int n_sids;
};

struct smmu_wiring {
	struct dma_wiring *devs;
	int n;
	char **notes;               /* what was changed, for the user */
	int n_notes;
	void **buffers;             /* property values the edits point to */
	int n_buffers;
};

int smmu_wire_plan(const struct dtp_host *h, const struct dtp_board *board,
		   const struct dtp_plan *plan, struct host_edits *edits, struct smmu_wiring *w,
		   struct dtp_diag *diag);
const struct dma_wiring *smmu_wiring_of(const struct smmu_wiring *w, const char *path);
void smmu_wiring_free(struct smmu_wiring *w);

#endif
