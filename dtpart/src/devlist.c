/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "devlist.h"
#include "prefault.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static void *pool_copy(struct dtp_arena *pool, const void *src, size_t n)
{
	if (n == 0)
		return NULL;
	void *p = dtp_arena_alloc(pool, n, 16);
	memcpy(p, src, n);
	return p;
}

void dtp_devsum_of(const struct dtp_device *d, struct dtp_devsum *s)
{
	s->node = d->node;
	s->path = d->path;
	s->compatible = d->compatible;
	s->status_ok = d->status_ok;
	s->has_passthrough_flag = d->has_passthrough_flag;
	s->regs = d->regs;
	s->n_regs = d->n_regs;
	s->irqs = d->irqs;
	s->n_irqs = d->n_irqs;
	s->sids = d->sids;
	s->n_sids = d->n_sids;
}

void dtp_devlist_build(const struct dtp_host *h, struct dtp_devlist *dl)
{
	int n = dtp_index_count(h->ix);
	memset(dl, 0, sizeof(*dl));
	dl->by_node = dtp_xmalloc(sizeof(int) * (size_t)n);
	/* At most one device per node: reserved, touched only as filled. */
	dl->devs = dtp_xmalloc(sizeof(*dl->devs) * (size_t)(n + 1));
	dtp_prefault(dl->by_node, sizeof(int) * (size_t)n);
	/* One device model reused for every node: its arrays grow to the largest. */
	struct dtp_device *scratch = dtp_xcalloc(1, sizeof(*scratch));
	for (int i = 0; i < n; i++) {
		dl->by_node[i] = -1;
		struct dtp_diag ignored;
		/* Nodes that do not build (not memory-mapped, malformed) are not
		 * candidates here; `show` explains why. */
		if (!dtp_device_is_candidate(h, i) || dtp_device_build_resources(h, i, scratch, &ignored))
			continue;
		struct dtp_devsum *s = &dl->devs[dl->n];
		if (dl->n % 4096 == 0)
			dtp_prefault(s, sizeof(*s) * (size_t)(n - dl->n < 4096 ? n - dl->n : 4096));
		dtp_devsum_of(scratch, s);
		s->regs = pool_copy(&dl->pool, scratch->regs, sizeof(scratch->regs[0]) * (size_t)scratch->n_regs);
		s->irqs = pool_copy(&dl->pool, scratch->irqs, sizeof(scratch->irqs[0]) * (size_t)scratch->n_irqs);
		s->sids = pool_copy(&dl->pool, scratch->sids, sizeof(scratch->sids[0]) * (size_t)scratch->n_sids);
		dl->by_node[i] = dl->n++;
	}
	dtp_device_free(scratch);
	free(scratch);
}

void dtp_devlist_free(struct dtp_devlist *dl)
{
	dtp_arena_free(&dl->pool);
	free(dl->devs);
	free(dl->by_node);
	memset(dl, 0, sizeof(*dl));
}

const struct dtp_devsum *dtp_devlist_get(const struct dtp_devlist *dl, int node)
{
	return dl->by_node[node] >= 0 ? &dl->devs[dl->by_node[node]] : NULL;
}

int dtp_devsum_on_smmu(const struct dtp_devsum *d, int smmu_node)
{
	for (int k = 0; k < d->n_sids; k++)
		if (d->sids[k].smmu == smmu_node)
			return 1;
	return 0;
}
