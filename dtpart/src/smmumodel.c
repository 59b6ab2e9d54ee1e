#include "smmumodel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SMMU description Xen would probe from the tree: interrupts from the
 * node, sizes from the ZynqMP facts (Xen reads them from IDR0/IDR1). */
int smmu_model_describe(const struct dtp_host *h, int node, struct smmu_desc *d, struct dtp_diag *diag)
{
	struct dtp_device dev;
	int rc = device_build(h, node, &dev, diag);
	if (rc)
		return rc;
	smmu_desc_zynqmp(d);
	d->base = dev.regs[0].addr;
	d->size = dev.regs[0].size;
	uint32_t g = 0;
	fdtindex_u32(&h->ix, node, "#global-interrupts", 0, &g);
	d->n_global_irqs = g;
	d->n_irqs = (uint32_t)(dev.n_irqs < SMMU_MAX_IRQS ? dev.n_irqs : SMMU_MAX_IRQS);
	for (uint32_t i = 0; i < d->n_irqs; i++)
		d->irqs[i] = dev.irqs[i].id;
	if (smmu_desc_check(d)) {
		char xen[128];
		if (g)
			snprintf(xen, sizeof(xen), "found only %u context interrupt(s) but %u required",
				 d->n_irqs > g ? d->n_irqs - g : 0, d->num_cbs);
		else
			snprintf(xen, sizeof(xen), "missing #global-interrupts property");
		return dtp_fail(diag, DTP_ECHECK,
				"%s: %s has %u interrupt(s) with #global-interrupts = <%u>; Xen needs the "
				"global ones plus one per context bank (%u) and refuses to probe it: \"%s\". "
				"Fix the node", h->ix.source, h->ix.nodes[node].path, d->n_irqs, g, d->num_cbs, xen);
	}
	return 0;
}

static int add_row(struct smmu_model *m, const char *path, uint16_t sid, uint16_t mask, int domain)
{
	struct smmu_model_row *n = realloc(m->rows, sizeof(*n) * (size_t)(m->n_rows + 1));
	if (!n)
		return -1;
	m->rows = n;
	memset(&n[m->n_rows], 0, sizeof(n[0]));
	n[m->n_rows].path = path;
	n[m->n_rows].sid = sid;
	n[m->n_rows].mask = mask;
	n[m->n_rows].domain = domain;
	n[m->n_rows].smr = n[m->n_rows].cb = n[m->n_rows].vmid = -1;
	m->n_rows++;
	return 0;
}

static int assign(struct smmu_model *m, const char *path, const uint32_t *sids, const uint32_t *masks,
		  int n, int domain)
{
	uint16_t ids[SMMU_MAX_MASTER_SIDS] = { 0 }, mk[SMMU_MAX_MASTER_SIDS] = { 0 };
	n = n > SMMU_MAX_MASTER_SIDS ? SMMU_MAX_MASTER_SIDS : n;
	for (int i = 0; i < n; i++) {
		ids[i] = (uint16_t)sids[i];
		mk[i] = masks ? (uint16_t)masks[i] : 0;
	}
	int first = m->n_rows;
	for (int i = 0; i < n; i++)
		if (add_row(m, path, ids[i], mk[i], domain))
			return -DTP_ENOMEM;
	int master = smmu_add_master(&m->smmu, path, ids, mk, n);
	struct smmu_conflict why = { 0 };
	int rc = master < 0 ? master : smmu_assign(&m->smmu, master, domain, &why);
	for (int i = 0; i < n; i++) {
		struct smmu_model_row *r = &m->rows[first + i];
		r->error = rc;
		r->why = why;
		if (!rc) {
			r->smr = m->smmu.masters[master].smr[i];
			r->cb = smmu_domain_cb(&m->smmu, domain);
			r->vmid = r->cb >= 0 ? m->smmu.cbs[r->cb].vmid : -1;
		}
	}
	if (rc)
		m->n_errors++;
	return 0;
}

int smmu_model_build(const struct dtp_host *h, const struct dtp_devlist *dl,
		     const struct dtp_plan *plan, const struct smmu_wiring *w,
		     struct smmu_model *m, struct dtp_diag *diag)
{
	memset(m, 0, sizeof(*m));
	const struct dtp_smmu *s = NULL;
	for (int i = 0; i < h->n_smmus && !s; i++)
		if (h->smmus[i].enabled)
			s = &h->smmus[i];
	for (int i = 0; i < w->n && !s; i++)
		if (w->devs[i].behind_smmu)
			for (int k = 0; k < h->n_smmus; k++)
				if (h->smmus[k].node == w->devs[i].smmu)
					s = &h->smmus[k];
	if (!s)
		return 0;
	struct smmu_desc d;
	int rc = smmu_model_describe(h, s->node, &d, diag);
	if (rc)
		return rc;
	smmu_init(&m->smmu, &d);
	m->present = 1;
	m->smmu_path = h->ix.nodes[s->node].path;
	/* dom0 first: every registered master not given to a guest. */
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *dev = &dl->devs[i];
		/* Xen attaches the masters it finds enabled; disabled ones stay off. */
		if (!dev->n_sids || !dev->status_ok || dev->sids[0].smmu != s->node ||
		    plan_owner(plan, dev->path, NULL))
			continue;
		uint32_t ids[DTP_MAX_SIDS], masks[DTP_MAX_SIDS];
		for (int k = 0; k < dev->n_sids; k++) {
			ids[k] = dev->sids[k].id;
			masks[k] = dev->sids[k].mask;
		}
		if ((rc = assign(m, dev->path, ids, masks, dev->n_sids, 0)))
			return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
	for (int i = 0; i < plan->n_domains; i++)
		for (int j = 0; j < plan->domains[i].n_devices; j++) {
			const struct dma_wiring *dw = smmu_wiring_of(w, plan->domains[i].devices[j].path);
			if (!dw || !dw->behind_smmu || dw->smmu != s->node)
				continue;
			if ((rc = assign(m, dw->path, dw->sids, dw->masks, dw->n_sids, (int)plan->domains[i].id)))
				return dtp_fail(diag, DTP_ENOMEM, "out of memory");
		}
	return 0;
}

void smmu_model_free(struct smmu_model *m)
{
	free(m->rows);
	memset(m, 0, sizeof(*m));
}

void smmu_model_explain(const struct smmu_model_row *r, char *buf, size_t len)
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
