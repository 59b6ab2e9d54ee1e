/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stream-map and context-bank allocation with the rules of Xen's
 * arm/smmu.c: find_sme (cover = reuse, partial overlap = refused, first free
 * entry, else no space), refcounted entries, one context bank per domain
 * allocated first-fit from 0, VMID = bank + 1. */
#include <iommu/smmu.h>

void smmu_desc_zynqmp(struct smmu_desc *d)
{
	d->base = 0xfd800000u;
	d->size = 0x20000u;
	d->num_smrs = 48;
	d->num_cbs = 16;
	d->sid_bits = 15;
	d->page_shift = 12;
	d->n_global_irqs = 1;
	d->n_irqs = 17;
	for (uint32_t i = 0; i < d->n_irqs; i++)
		d->irqs[i] = 155 + 32;
}

int smmu_desc_check(const struct smmu_desc *d)
{
	/* Xen: "missing #global-interrupts property", "found only %d context
	 * interrupt(s) but %d required". */
	if (d->n_global_irqs == 0 || d->n_irqs < d->n_global_irqs + d->num_cbs)
		return -SMMU_ENODEV;
	if (d->num_smrs == 0 || d->num_smrs > SMMU_MAX_SMRS || d->num_cbs == 0 ||
	    d->num_cbs > SMMU_MAX_CBS || d->sid_bits == 0 || d->sid_bits > 16)
		return -SMMU_EINVAL;
	return 0;
}

int smmu_init(struct smmu *s, const struct smmu_desc *d)
{
	if (!s || !d || d->num_smrs > SMMU_MAX_SMRS || d->num_cbs > SMMU_MAX_CBS ||
	    d->n_irqs > SMMU_MAX_IRQS)
		return -SMMU_EINVAL;
	/* Field by field: a struct copy could become a memcpy call. */
	s->desc.base = d->base;
	s->desc.size = d->size;
	s->desc.num_smrs = d->num_smrs;
	s->desc.num_cbs = d->num_cbs;
	s->desc.sid_bits = d->sid_bits;
	s->desc.page_shift = d->page_shift;
	s->desc.n_global_irqs = d->n_global_irqs;
	s->desc.n_irqs = d->n_irqs;
	for (uint32_t i = 0; i < d->n_irqs; i++)
		s->desc.irqs[i] = d->irqs[i];
	for (int i = 0; i < SMMU_MAX_SMRS; i++) {
		s->smrs[i].id = s->smrs[i].mask = 0;
		s->smrs[i].valid = false;
		s->smrs[i].refcount = 0;
		s->s2crs[i].type = SMMU_S2CR_FAULT;   /* Xen's s2cr_init_val */
		s->s2crs[i].cbndx = 0;
	}
	for (int i = 0; i < SMMU_MAX_CBS; i++) {
		s->cbs[i].used = false;
		s->cbs[i].domain = SMMU_NO_DOMAIN;
		s->cbs[i].refcount = 0;
		s->cbs[i].vmid = 0;
	}
	s->n_masters = 0;
	return 0;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int smmu_find_master(const struct smmu *s, const char *name)
{
	for (int i = 0; i < s->n_masters; i++)
		if (str_eq(s->masters[i].name, name))
			return i;
	return -SMMU_EINVAL;
}

int smmu_add_master(struct smmu *s, const char *name, const uint16_t *ids, const uint16_t *masks,
		    int n_ids)
{
	if (n_ids < 1 || n_ids > SMMU_MAX_MASTER_SIDS)
		return -SMMU_EINVAL;
	if (s->n_masters == SMMU_MAX_MASTERS)
		return -SMMU_ETOOMANY;
	uint16_t idmask = (uint16_t)((1u << s->desc.sid_bits) - 1);
	struct smmu_master *m = &s->masters[s->n_masters];
	m->name = name;
	m->n_ids = n_ids;
	m->domain = SMMU_NO_DOMAIN;
	for (int i = 0; i < n_ids; i++) {
		m->ids[i] = ids[i] & idmask;
		m->masks[i] = masks ? (uint16_t)(masks[i] & idmask) : 0;
		m->smr[i] = -1;
	}
	return s->n_masters++;
}

bool smmu_smr_covers(uint16_t id, uint16_t mask, uint16_t req_id, uint16_t req_mask)
{
	return (req_mask & mask) == req_mask && ((req_id ^ id) & ~mask) == 0;
}

bool smmu_smr_overlaps(uint16_t id, uint16_t mask, uint16_t req_id, uint16_t req_mask)
{
	return ((req_id ^ id) & ~(mask | req_mask)) == 0;
}

/* Xen's arm_smmu_find_sme: the walk is in index order, so an overlap with
 * an earlier entry wins over a cover by a later one. */
static int find_sme(const struct smmu *s, uint16_t id, uint16_t mask, int *hit)
{
	int free_idx = -1;
	for (uint32_t i = 0; i < s->desc.num_smrs; i++) {
		const struct smmu_smr_state *e = &s->smrs[i];
		if (!e->valid) {
			if (free_idx < 0)
				free_idx = (int)i;
			continue;
		}
		if (smmu_smr_covers(e->id, e->mask, id, mask)) {
			*hit = (int)i;
			return (int)i;
		}
		if (smmu_smr_overlaps(e->id, e->mask, id, mask)) {
			*hit = (int)i;
			return -SMMU_EOVERLAP;
		}
	}
	*hit = -1;
	return free_idx >= 0 ? free_idx : -SMMU_ENOSPC_SMR;
}

/* The master (other than self) using stream-map entry idx, for messages. */
static const struct smmu_master *smr_user(const struct smmu *s, int idx, int self)
{
	for (int i = 0; i < s->n_masters; i++)
		if (i != self)
			for (int k = 0; k < s->masters[i].n_ids; k++)
				if (s->masters[i].smr[k] == idx)
					return &s->masters[i];
	return 0;
}

int smmu_domain_cb(const struct smmu *s, int domain)
{
	for (uint32_t i = 0; i < s->desc.num_cbs; i++)
		if (s->cbs[i].used && s->cbs[i].domain == domain)
			return (int)i;
	return -1;
}

int smmu_cb_domain(const struct smmu *s, int cb)
{
	if (cb < 0 || (uint32_t)cb >= s->desc.num_cbs || !s->cbs[cb].used)
		return SMMU_NO_DOMAIN;
	return s->cbs[cb].domain;
}

static int refuse(struct smmu_conflict *why, int err, const struct smmu_master *m, int domain,
		  const struct smmu_master *other, int smr, uint16_t id, uint16_t mask,
		  const struct smmu *s)
{
	if (why) {
		why->error = err;
		why->master = m->name;
		why->domain = domain;
		why->other_master = other ? other->name : 0;
		why->other_domain = other ? other->domain : SMMU_NO_DOMAIN;
		why->smr = smr;
		why->id = id;
		why->mask = mask;
		why->other_id = smr >= 0 ? s->smrs[smr].id : 0;
		why->other_mask = smr >= 0 ? s->smrs[smr].mask : 0;
	}
	return err;
}

int smmu_assign(struct smmu *s, int master, int domain, struct smmu_conflict *why)
{
	if (master < 0 || master >= s->n_masters || domain < 0)
		return -SMMU_EINVAL;
	struct smmu_master *m = &s->masters[master];
	if (m->domain != SMMU_NO_DOMAIN)
		return refuse(why, -SMMU_EEXIST, m, domain, m, -1, m->ids[0], m->masks[0], s);
	/* All entries first, claimed tentatively so a later ID of this master
	 * sees the earlier ones (as Xen's loop does); rolled back on failure. */
	int idx[SMMU_MAX_MASTER_SIDS];
	bool fresh[SMMU_MAX_MASTER_SIDS];
	for (int k = 0; k < m->n_ids; k++) {
		int hit;
		int r = find_sme(s, m->ids[k], m->masks[k], &hit);
		if (r >= 0 && hit >= 0) {
			/* Covered by an entry that routes elsewhere: the stream would
			 * be shared between two domains. Xen would silently move it. */
			const struct smmu_master *u = smr_user(s, r, master);
			if (u && u->domain != SMMU_NO_DOMAIN && u->domain != domain)
				r = -SMMU_ESHARED;
		}
		if (r < 0) {
			for (int j = 0; j < k; j++)
				if (fresh[j])
					s->smrs[idx[j]].valid = false;
			const struct smmu_master *u = hit >= 0 ? smr_user(s, hit, master) : 0;
			return refuse(why, r, m, domain, u, hit, m->ids[k], m->masks[k], s);
		}
		fresh[k] = hit < 0;
		idx[k] = r;
		if (fresh[k]) {
			s->smrs[r].id = m->ids[k];
			s->smrs[r].mask = m->masks[k];
			s->smrs[r].valid = true;
		}
	}
	int cb = smmu_domain_cb(s, domain);
	if (cb < 0) {
		for (uint32_t i = 0; i < s->desc.num_cbs && cb < 0; i++)
			if (!s->cbs[i].used)
				cb = (int)i;
		if (cb < 0) {
			for (int k = 0; k < m->n_ids; k++)
				if (fresh[k])
					s->smrs[idx[k]].valid = false;
			int holder = -1;
			for (int i = 0; i < s->n_masters && holder < 0; i++)
				if (s->masters[i].domain != SMMU_NO_DOMAIN)
					holder = i;
			return refuse(why, -SMMU_ENOSPC_CB, m, domain, holder >= 0 ? &s->masters[holder] : 0,
				      -1, m->ids[0], m->masks[0], s);
		}
		s->cbs[cb].used = true;
		s->cbs[cb].domain = domain;
		s->cbs[cb].refcount = 0;
		s->cbs[cb].vmid = (uint8_t)(cb + 1);
	}
	for (int k = 0; k < m->n_ids; k++) {
		s->smrs[idx[k]].refcount++;
		m->smr[k] = idx[k];
		s->s2crs[idx[k]].type = SMMU_S2CR_TRANS;
		s->s2crs[idx[k]].cbndx = (uint8_t)cb;
	}
	s->cbs[cb].refcount++;
	m->domain = domain;
	return 0;
}

int smmu_deassign(struct smmu *s, int master)
{
	if (master < 0 || master >= s->n_masters)
		return -SMMU_EINVAL;
	struct smmu_master *m = &s->masters[master];
	if (m->domain == SMMU_NO_DOMAIN)
		return -SMMU_EINVAL;
	int cb = smmu_domain_cb(s, m->domain);
	/* Xen (since fc151829): S2CR back to fault; the SMR stays valid. */
	for (int k = 0; k < m->n_ids; k++)
		if (m->smr[k] >= 0) {
			s->s2crs[m->smr[k]].type = SMMU_S2CR_FAULT;
			s->s2crs[m->smr[k]].cbndx = 0;
		}
	if (cb >= 0 && --s->cbs[cb].refcount == 0) {
		s->cbs[cb].used = false;
		s->cbs[cb].domain = SMMU_NO_DOMAIN;
	}
	m->domain = SMMU_NO_DOMAIN;
	return 0;
}
