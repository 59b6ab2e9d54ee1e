/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "smmumodel.h"
#include "dom0less.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SMMU description Xen would probe from the tree: interrupts from the
 * node, sizes from the ZynqMP facts (Xen reads them from IDR0/IDR1). */
int dtp_smmu_describe(const struct dtp_host *h, int node, struct smmu_desc *d, struct dtp_diag *diag)
{
	struct dtp_device dev = { 0 };
	int rc = dtp_device_build(h, node, &dev, diag);
	if (rc) {
		dtp_device_free(&dev);
		return rc;
	}
	smmu_desc_zynqmp(d);
	d->base = dev.regs[0].addr;
	d->size = dev.regs[0].size;
	uint32_t g = 0;
	if (dtp_index_u32(h->ix, node, "#global-interrupts", 0, &g)) {
		dtp_device_free(&dev);
		return dtp_fail(diag, DTP_EBADTREE, "%s: %s: #global-interrupts is not one cell",
				dtp_index_source(h->ix), dtp_node_path(h->ix, node));
	}
	d->n_global_irqs = g;
	d->n_irqs = (uint32_t)(dev.n_irqs < SMMU_MAX_IRQS ? dev.n_irqs : SMMU_MAX_IRQS);
	for (uint32_t i = 0; i < d->n_irqs; i++)
		d->irqs[i] = dev.irqs[i].id;
	dtp_device_free(&dev);
	if (smmu_desc_check(d)) {
		char xen[128];
		if (g)
			snprintf(xen, sizeof(xen), "found only %u context interrupt(s) but %u required",
				 d->n_irqs > g ? d->n_irqs - g : 0, d->num_cbs);
		else
			snprintf(xen, sizeof(xen), "missing #global-interrupts property");
		struct dtp_problem p = { dtp_index_source(h->ix), dtp_node_path(h->ix, node), 0, xen,
					 "give the node its global interrupts and one per context bank" };
		return dtp_report(diag, DTP_ECHECK, &p, "%u interrupt(s) with #global-interrupts = <%u>; "
				  "Xen needs the global ones plus one per context bank (%u) and refuses to "
				  "probe it", d->n_irqs, g, d->num_cbs);
	}
	return 0;
}

int dtp_smmu_add_streams(struct smmu *s, const char *path, const uint32_t *ids,
			 const uint32_t *masks, int n, int *master, int *n_masters)
{
	*master = -SMMU_EINVAL;
	*n_masters = 0;
	for (int first = 0; first < n; first += SMMU_MAX_MASTER_SIDS) {
		uint16_t id16[SMMU_MAX_MASTER_SIDS], mask16[SMMU_MAX_MASTER_SIDS];
		int k = n - first < SMMU_MAX_MASTER_SIDS ? n - first : SMMU_MAX_MASTER_SIDS;
		for (int i = 0; i < k; i++) {
			id16[i] = (uint16_t)ids[first + i];
			mask16[i] = masks ? (uint16_t)masks[first + i] : 0;
		}
		int m = smmu_add_master(s, path, id16, mask16, k);
		if (m < 0) {
			*n_masters = 0;
			return *master = m;
		}
		if (!*n_masters)
			*master = m;
		(*n_masters)++;
	}
	return 0;
}

static void add_row(struct dtp_smmu_model *m, const char *path, uint16_t sid, uint16_t mask, int domain)
{
	m->rows = dtp_xrealloc(m->rows, sizeof(*m->rows) * (size_t)(m->n_rows + 1));
	struct dtp_smmu_row *r = &m->rows[m->n_rows++];
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->sid = sid;
	r->mask = mask;
	r->domain = domain;
	r->smr = r->cb = r->vmid = -1;
}

/* One row per stream ID; all of a device's masters go to the domain. */
static void assign(struct dtp_smmu_model *m, const char *path, const uint32_t *sids,
		   const uint32_t *masks, int n, int domain)
{
	int first = m->n_rows;
	for (int i = 0; i < n; i++)
		add_row(m, path, (uint16_t)sids[i], masks ? (uint16_t)masks[i] : 0, domain);
	int master, n_masters;
	int rc = dtp_smmu_add_streams(m->smmu, path, sids, masks, n, &master, &n_masters);
	struct smmu_conflict why = { 0 };
	for (int k = 0; !rc && k < n_masters; k++)
		rc = smmu_assign(m->smmu, master + k, domain, &why);
	for (int i = 0; i < n; i++) {
		struct dtp_smmu_row *r = &m->rows[first + i];
		r->error = rc;
		r->why = why;
		if (!rc) {
			const struct smmu_master *ms = &m->smmu->masters[master + i / SMMU_MAX_MASTER_SIDS];
			r->smr = ms->smr[i % SMMU_MAX_MASTER_SIDS];
			r->cb = smmu_domain_cb(m->smmu, domain);
			r->vmid = r->cb >= 0 ? m->smmu->cbs[r->cb].vmid : -1;
		}
	}
	if (rc)
		m->n_errors++;
}

/* Xen makes the SMMU it drives fault every stream without a mapping
 * (smmu.c arm_smmu_device_reset): each enabled bus master that neither the
 * tree, the host edits nor the plan maps on it gets a row saying so, as
 * `dtpart check` reports it. */
static void add_unmapped(const struct dtp_host *h, const struct dtp_devlist *dl, const struct dtp_plan *plan,
			 const struct dtp_resolved *r, int smmu_node, struct dtp_smmu_model *m)
{
	struct dtp_dma_memo *memo = dtp_dma_memo_new();
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *dev = &dl->devs[i];
		int mapped = dtp_devsum_on_smmu(dev, smmu_node);
		const struct dtp_resolved_device *rd = dtp_resolved_find(r, dev->path);
		mapped |= rd && rd->smmu.behind_smmu;
		for (int k = 0; k < r->n_dom0 && !mapped; k++)
			mapped |= r->dom0[k].dev.node == dev->node && r->dom0[k].smmu.behind_smmu;
		struct dtp_dma_class c;
		if (mapped || !dev->status_ok || !dtp_policy_unmapped_master(h, dev->node, memo, &c))
			continue;
		const struct dtp_plan_domain *owner = dtp_plan_owner(plan, dev->path, NULL);
		add_row(m, dev->path, 0, 0, owner ? (int)owner->id : 0);
		struct dtp_smmu_row *row = &m->rows[m->n_rows - 1];
		row->unmapped = 1;
		snprintf(row->master_why, sizeof(row->master_why), "%s", c.why);
		m->n_unmapped++;
	}
	dtp_dma_memo_free(memo);
}

int dtp_smmu_model_build(const struct dtp_host *h, const struct dtp_devlist *dl,
			 const struct dtp_plan *plan, const struct dtp_resolved *r,
			 struct dtp_smmu_model *m, struct dtp_diag *diag)
{
	memset(m, 0, sizeof(*m));
	int slot = dtp_policy_driven_smmu(h, r->enable_smmu);
	if (slot < 0)
		return 0;
	const struct dtp_smmu *s = &h->smmus[slot];
	struct smmu_desc d;
	int rc = dtp_smmu_describe(h, s->node, &d, diag);
	if (rc)
		return rc;
	m->smmu = dtp_xmalloc(sizeof(*m->smmu));
	smmu_init(m->smmu, &d);
	m->smmu_path = dtp_node_path(h->ix, s->node);
	/* dom0 first, in tree order: every registered master not given to a
	 * guest, and those the host edits register (r->dom0, in tree order
	 * too). */
	int j = 0;
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *dev = &dl->devs[i];
		while (j < r->n_dom0 && r->dom0[j].dev.node < dev->node)
			j++;
		if (j < r->n_dom0 && r->dom0[j].dev.node == dev->node) {
			const struct dtp_resolved_device *rd = &r->dom0[j];
			if (rd->smmu.behind_smmu && rd->smmu.smmu == s->node)
				assign(m, rd->path, rd->sids, rd->masks, rd->n_sids, 0);
			continue;
		}
		if (!dev->n_sids || dev->sids[0].smmu != s->node ||
		    !dtp_policy_dom0_attaches(dev->status_ok, dtp_plan_owner(plan, dev->path, NULL) != NULL))
			continue;
		uint32_t *ids = dtp_xcalloc((size_t)dev->n_sids, sizeof(uint32_t));
		uint32_t *masks = dtp_xcalloc((size_t)dev->n_sids, sizeof(uint32_t));
		for (int k = 0; k < dev->n_sids; k++) {
			ids[k] = dev->sids[k].id;
			masks[k] = dev->sids[k].mask;
		}
		assign(m, dev->path, ids, masks, dev->n_sids, 0);
		free(ids);
		free(masks);
	}
	for (int i = 0; i < r->n; i++) {
		const struct dtp_resolved_device *rd = &r->devs[i];
		if (rd->smmu.behind_smmu && rd->smmu.smmu == s->node)
			/* The domain ID Xen gives it, which the table shows. */
			assign(m, rd->path, rd->sids, rd->masks, rd->n_sids, (int)dtp_boot_domid(plan, rd->domain));
	}
	add_unmapped(h, dl, plan, r, s->node, m);
	return 0;
}

void dtp_smmu_model_free(struct dtp_smmu_model *m)
{
	free(m->smmu);
	free(m->rows);
	memset(m, 0, sizeof(*m));
}

void dtp_smmu_explain(const struct dtp_smmu_row *r, char *buf, size_t len)
{
	const struct smmu_conflict *w = &r->why;
	switch (-r->error) {
	case SMMU_ESHARED:
		snprintf(buf, len, "stream ID 0x%x of %s (domain %d) is already routed to domain %d for "
			 "%s: two domains cannot share a stream; give both devices to one domain",
			 r->sid, r->path, r->domain, w->other_domain, w->other_master ? w->other_master : "?");
		break;
	case SMMU_EOVERLAP:
		snprintf(buf, len, "stream ID 0x%x mask 0x%x of %s (domain %d) partially overlaps "
			 "stream-match entry %d (ID 0x%x mask 0x%x) of %s (domain %d); Xen refuses it "
			 "(-EINVAL): fix the masks", r->sid, r->mask, r->path, r->domain, w->smr, w->other_id,
			 w->other_mask, w->other_master ? w->other_master : "?", w->other_domain);
		break;
	case SMMU_ENOSPC_SMR:
		snprintf(buf, len, "no free stream-match register for 0x%x of %s (domain %d): all %u are "
			 "in use (Xen: -ENOSPC); use masks to share entries", r->sid, r->path, r->domain,
			 SMMU_MAX_SMRS < 48 ? SMMU_MAX_SMRS : 48);
		break;
	case SMMU_ENOSPC_CB:
		snprintf(buf, len, "no free context bank for domain %d (%s): every bank already serves "
			 "another domain and Xen needs one per domain and SMMU (-ENOSPC); put devices of "
			 "fewer domains behind the SMMU", r->domain, r->path);
		break;
	default:
		snprintf(buf, len, "%s (domain %d): %s", r->path, r->domain, smmu_strerror(r->error));
	}
}
