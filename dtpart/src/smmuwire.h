/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host tree edits that make the SMMU decisions of the resolved set
 * true (policy.c decides, this file only writes): enable a disabled SMMU,
 * add `iommus` (generic binding) or an `mmu-masters` entry (legacy binding)
 * for a DMA master the tree does not register yet, and a note for the user
 * for each change. */
#ifndef DTPART_SMMUWIRE_H
#define DTPART_SMMUWIRE_H

#include "hostwrite.h"
#include "resolve.h"

struct dtp_smmu_edits {
	char **notes;               /* what is changed, for the user */
	int n_notes;
	void **buffers;             /* property values the edits point to */
	int n_buffers;
};

void dtp_smmu_edits_build(const struct dtp_host *h, const struct dtp_resolved *r,
			  struct dtp_host_edits *edits, struct dtp_smmu_edits *w);
void dtp_smmu_edits_free(struct dtp_smmu_edits *w);

#endif
