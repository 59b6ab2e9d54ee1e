/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Negative error codes of the SMMU model, and their text. */
#ifndef IOMMU_SMMU_ERR_H
#define IOMMU_SMMU_ERR_H

enum smmu_err {
	SMMU_OK = 0,
	SMMU_EINVAL = 1,        /* bad argument */
	SMMU_ETOOMANY,          /* more masters/IDs than the model's storage */
	SMMU_EOVERLAP,          /* stream-match entry partially overlaps an existing one (Xen: -EINVAL) */
	SMMU_ENOSPC_SMR,        /* every stream-match register is in use (Xen: -ENOSPC) */
	SMMU_ENOSPC_CB,         /* every context bank is in use (Xen: -ENOSPC) */
	SMMU_EEXIST,            /* master already attached to a domain (Xen: -EEXIST) */
	SMMU_ESHARED,           /* stream already routed to another domain */
	SMMU_ENODEV,            /* the tree's SMMU description would fail Xen's probe */
	SMMU_ETIMEDOUT,         /* TLB sync did not complete */
	SMMU_ERR_MAX
};

const char *smmu_strerror(int err);

#endif
