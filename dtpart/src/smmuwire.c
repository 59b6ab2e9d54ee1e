/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "smmuwire.h"
#include "xalloc.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note(struct dtp_smmu_edits *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct dtp_smmu_edits *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w->notes = dtp_xrealloc(w->notes, sizeof(*w->notes) * (size_t)(w->n_notes + 1));
	w->notes[w->n_notes++] = dtp_xstrdup(buf);
}

/* Property values must live until the host tree is written. */
static void *keep(struct dtp_smmu_edits *w, size_t size)
{
	w->buffers = dtp_xrealloc(w->buffers, sizeof(*w->buffers) * (size_t)(w->n_buffers + 1));
	return w->buffers[w->n_buffers++] = dtp_xcalloc(1, size);
}

static fdt32_t *keep_u32(struct dtp_smmu_edits *w, uint32_t v)
{
	fdt32_t *p = keep(w, sizeof(*p));
	*p = cpu_to_fdt32(v);
	return p;
}


static uint32_t max_phandle(const struct dtp_index *ix)
{
	uint32_t m = 0;
	for (int i = 0; i < dtp_index_count(ix); i++)
		if (dtp_node_phandle(ix, i) > m)
			m = dtp_node_phandle(ix, i);
	return m;
}

static const char *sid_source_note(enum dtp_sid_source s)
{
	return s == DTP_SID_OPTION ? " (--sid)" : s == DTP_SID_BOARD ? " (stream ID from the board data)" : "";
}

/* Every stream ID of a master for a note: "0x4c0, 0x4c1", or as iommus
 * entries "<&smmu 0x4c0>, <&smmu 0x4c1>". */
static void sid_list(const struct dtp_resolved_device *rd, int as_iommus, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < rd->n_sids && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, as_iommus ? "%s<&smmu 0x%x>" : "%s0x%x",
					 k ? ", " : "", rd->sids[k]);
}

/* The edits of one SMMU being built. */
struct smmu_wiring {
	const struct dtp_host *h;
	const struct dtp_smmu *s;
	uint32_t *next_phandle;
	uint32_t smmu_phandle;
	fdt32_t *legacy;            /* mmu-masters additions */
	int legacy_cells;
	struct dtp_host_edits *edits;
	struct dtp_smmu_edits *w;
};

/* Registers one master not registered yet: an mmu-masters entry (legacy
 * binding) or `iommus` on the node. whose: "" for a guest's device,
 * "dom0's " for a master that stays with dom0. */
static void wire_master(struct smmu_wiring *sw, const struct dtp_resolved_device *rd, const char *whose)
{
	const struct dtp_index *ix = sw->h->ix;
	const char *smmu_path = dtp_node_path(ix, sw->s->node);
	int node = rd->dev.node;
	if (rd->smmu.binding == DTP_BIND_MMU_MASTERS) {
		uint32_t ph = dtp_node_phandle(ix, node);
		if (!ph) {
			ph = (*sw->next_phandle)++;
			dtp_host_edit_prop(sw->edits, node, "phandle", keep_u32(sw->w, ph), 4);
		}
		dtp_host_edit_prop(sw->edits, node, "#stream-id-cells", keep_u32(sw->w, (uint32_t)rd->n_sids), 4);
		sw->legacy = dtp_xrealloc(sw->legacy, sizeof(fdt32_t) * (size_t)(sw->legacy_cells + 1 + rd->n_sids));
		sw->legacy[sw->legacy_cells++] = cpu_to_fdt32(ph);
		for (int k = 0; k < rd->n_sids; k++)
			sw->legacy[sw->legacy_cells++] = cpu_to_fdt32(rd->sids[k]);
		char ids[256];
		sid_list(rd, 0, ids, sizeof(ids));
		note(sw->w, "registered %s%s with %s: mmu-masters entry, stream ID %s%s", whose, rd->path,
		     smmu_path, ids, sid_source_note(rd->smmu.sid_source));
		return;
	}
	if (!sw->smmu_phandle) {
		sw->smmu_phandle = (*sw->next_phandle)++;
		dtp_host_edit_prop(sw->edits, sw->s->node, "phandle", keep_u32(sw->w, sw->smmu_phandle), 4);
	}
	int cells = sw->s->iommu_cells == 2 ? 3 : 2;
	fdt32_t *v = keep(sw->w, sizeof(fdt32_t) * (size_t)(cells * rd->n_sids));
	for (int k = 0; k < rd->n_sids; k++) {
		v[k * cells] = cpu_to_fdt32(sw->smmu_phandle);
		v[k * cells + 1] = cpu_to_fdt32(rd->sids[k]);
		if (cells == 3)
			v[k * cells + 2] = 0;
	}
	dtp_host_edit_prop(sw->edits, node, "iommus", v, (int)sizeof(fdt32_t) * cells * rd->n_sids);
	char ids[512];
	sid_list(rd, 1, ids, sizeof(ids));
	note(sw->w, "registered %s%s with %s: iommus = %s%s", whose, rd->path, smmu_path, ids,
	     sid_source_note(rd->smmu.sid_source));
}

/* One SMMU's edits: its new masters (the guests' devices, then dom0's
 * masters: Xen faults every stream without a mapping), then its status. */
static void wire_smmu(const struct dtp_host *h, const struct dtp_smmu *s, const struct dtp_resolved *r,
		      uint32_t *next_phandle, struct dtp_host_edits *edits, struct dtp_smmu_edits *w)
{
	const struct dtp_index *ix = h->ix;
	const char *smmu_path = dtp_node_path(ix, s->node);
	struct smmu_wiring sw = { h, s, next_phandle, dtp_node_phandle(ix, s->node), NULL, 0, edits, w };
	int enable = 0;
	for (int i = 0; i < r->n; i++) {
		const struct dtp_resolved_device *rd = &r->devs[i];
		const struct dtp_smmu_decision *dec = &rd->smmu;
		if (!dec->behind_smmu || dec->smmu != s->node)
			continue;
		enable |= dec->enable;
		if (!dec->registered)
			wire_master(&sw, rd, "");
	}
	for (int i = 0; i < r->n_dom0; i++)
		if (r->dom0[i].smmu.behind_smmu && r->dom0[i].smmu.smmu == s->node)
			wire_master(&sw, &r->dom0[i], "dom0's ");
	if (sw.legacy_cells) {
		int len;
		const void *old = dtp_index_prop(ix, s->node, "mmu-masters", &len);
		if (!old)
			len = 0;
		char *v = keep(w, (size_t)len + sizeof(fdt32_t) * (size_t)sw.legacy_cells);
		if (len)
			memcpy(v, old, (size_t)len);
		memcpy(v + len, sw.legacy, sizeof(fdt32_t) * (size_t)sw.legacy_cells);
		dtp_host_edit_prop(edits, s->node, "mmu-masters", v, len + (int)sizeof(fdt32_t) * sw.legacy_cells);
	}
	free(sw.legacy);
	if (enable) {
		dtp_host_edit_prop(edits, s->node, "status", "okay", 5);
		note(w, "enabled %s (it had status \"disabled\"): Xen must drive it to protect the "
		     "DMA masters given to guests", smmu_path);
	}
}

void dtp_smmu_edits_build(const struct dtp_host *h, const struct dtp_resolved *r,
			  struct dtp_host_edits *edits, struct dtp_smmu_edits *w)
{
	memset(w, 0, sizeof(*w));
	uint32_t next_phandle = max_phandle(h->ix) + 1;
	for (int i = 0; i < h->n_smmus; i++)
		wire_smmu(h, &h->smmus[i], r, &next_phandle, edits, w);
}

void dtp_smmu_edits_free(struct dtp_smmu_edits *w)
{
	for (int i = 0; i < w->n_notes; i++)
		free(w->notes[i]);
	for (int i = 0; i < w->n_buffers; i++)
		free(w->buffers[i]);
	free(w->notes);
	free(w->buffers);
	memset(w, 0, sizeof(*w));
}
