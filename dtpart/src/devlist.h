/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every passthrough candidate of a host tree, built once per run in compact
 * form: the ranges, interrupts and stream IDs of all devices live in one
 * chunked pool, so a 100,000-node tree costs a few bytes per device, not a
 * full struct dtp_device each. */
#ifndef DTPART_DEVLIST_H
#define DTPART_DEVLIST_H

#include "arena.h"
#include "devmodel.h"

struct dtp_devsum {
	int node;
	const char *path;
	const char *compatible;
	int status_ok;
	int has_passthrough_flag;
	const struct dtp_range *regs;
	int n_regs;
	const struct dtp_irq *irqs;
	int n_irqs;
	const struct dtp_sid *sids;
	int n_sids;
};

struct dtp_devlist {
	struct dtp_devsum *devs;
	int n;
	int *by_node;               /* node -> index in devs, -1 */
	struct dtp_arena pool;       /* regs, irqs and sids of every device */
};

void dtp_devlist_build(const struct dtp_host *h, struct dtp_devlist *dl);
void dtp_devlist_free(struct dtp_devlist *dl);
const struct dtp_devsum *dtp_devlist_get(const struct dtp_devlist *dl, int node);
/* A summary view of one fully built device (points into d). */
void dtp_devsum_of(const struct dtp_device *d, struct dtp_devsum *s);
/* 1 when the tree maps one of the device's streams on the SMMU at smmu_node. */
int dtp_devsum_on_smmu(const struct dtp_devsum *d, int smmu_node);

#endif
