/* SPDX-License-Identifier: GPL-2.0-or-later */
/* From host tree + plan to the full set of output files. Every run
 * regenerates every output, so a second device for a domain, a release, or a
 * new host tree all give consistent files, and the same command twice gives
 * byte-identical ones. */
#ifndef DTPART_GENERATE_H
#define DTPART_GENERATE_H

#include "blob.h"
#include "board.h"
#include "devlist.h"
#include "devmodel.h"
#include "dom0less.h"
#include "outputs.h"
#include "hostwrite.h"
#include "plan.h"
#include "resolve.h"
#include "smmuwire.h"

struct dtp_gen_options {
	int write_dts;          /* also write .dts next to every .dtb */
	const char *host_name;  /* output name of the rewritten host tree, "xen.dtb" */
	uint64_t load_base;     /* dom0less modules are placed from here up */
	/* Where device_tree points when the plan names no dtb_dir: the output
	 * directory's absolute path on this machine, worked out at each run
	 * (never kept in the plan, so a moved directory gets its new path). */
	const char *local_dtb_dir;
};

struct dtp_dom0less_domain;
struct dtp_hostboot;
/* What generation leaves for the host tree and for the caller to report. */
struct dtp_gen_result {
	struct dtp_dom0less_domain *dom0less;   /* module layout, malloc'd */
	int n_dom0less;
	struct dtp_dom0less_module dom0[2];     /* dom0's kernel and ramdisk (dtpart host) */
	int n_dom0;
	struct dtp_hostboot *hostboot;      /* /chosen's bootargs, NULL without dtpart host */
	struct dtp_host_edits edits;            /* the host tree's changes, not yet applied */
	struct dtp_smmu_edits smmu;         /* holds the values the edits point to */
	int local_device_trees;             /* xl snippets whose device_tree is local_dtb_dir's */
};
void dtp_gen_result_free(struct dtp_gen_result *r);

/* Every output but the host tree: partial trees, snippets, the plan; the
 * host tree's edits are left in res. Three steps, so that the checks run on
 * the tree as it will be before it is written, while the rewritten tree's
 * .dts is made. Everything is written from the resolved set:
 *   dtp_generate_outputs -> dtp_generate_host_patch -> dtp_generate_host_tree
 *   (copy) -> (dtp_outputs_begin, checks, dtp_outputs_commit)
 * or, with no .dts to make, the checks and then dtp_generate_host_tree in
 * place. */
DTP_MUST_CHECK int dtp_generate_outputs(const struct dtp_host *h, const struct dtp_plan *plan,
		     const struct dtp_resolved *resolved, const unsigned *gone_domains, int n_gone,
		     const int *released_nodes, int n_released, const struct dtp_gen_options *opt,
		     struct dtp_out_set *out, struct dtp_gen_result *res, struct dtp_diag *diag);
/* Makes h's lookups answer as the rewritten host tree will (property
 * patches on the index; the blob is untouched) and rescans Xen's devices. */
DTP_MUST_CHECK int dtp_generate_host_patch(struct dtp_host *h, const struct dtp_gen_result *res, struct dtp_diag *diag);
/* The rewritten host tree (and its .dts) into out. copy: in a buffer of its
 * own, blob and h's index left as they were, for the checks; else blob's
 * buffer is taken over and edited in place, and h's index must not be used
 * afterwards. */
DTP_MUST_CHECK int dtp_generate_host_tree(const struct dtp_host *h, struct dtp_blob *blob, int copy, const struct dtp_gen_result *res,
		       const struct dtp_gen_options *opt, struct dtp_out_set *out, struct dtp_diag *diag);

#endif
