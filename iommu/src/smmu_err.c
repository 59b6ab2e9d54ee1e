/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <iommu/smmu_err.h>

const char *smmu_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case SMMU_OK: return "success";
	case SMMU_EINVAL: return "invalid argument";
	case SMMU_ETOOMANY: return "more masters or stream IDs than the model holds";
	case SMMU_EOVERLAP: return "stream-match entry partially overlaps an existing one";
	case SMMU_ENOSPC_SMR: return "all stream-match registers are in use";
	case SMMU_ENOSPC_CB: return "all context banks are in use";
	case SMMU_EEXIST: return "master already attached to a domain";
	case SMMU_ESHARED: return "stream ID already routed to another domain";
	case SMMU_ENODEV: return "SMMU description would fail Xen's probe";
	case SMMU_ETIMEDOUT: return "TLB sync timed out";
	default: return "unknown error";
	}
}
