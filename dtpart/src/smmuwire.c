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
	for (int i = 0; i < ix->n_nodes; i++)
		if (ix->nodes[i].phandle > m)
			m = ix->nodes[i].phandle;
	return m;
}

static const char *sid_source_note(enum dtp_sid_source s)
{
	return s == DTP_SID_OPTION ? " (--sid)" : " (stream ID from the board data)";
}

/* One SMMU's edits: its new masters, then its status. */
static void wire_smmu(const struct dtp_host *h, const struct dtp_smmu *s, const struct dtp_resolved *r,
		      uint32_t *next_phandle, struct host_edits *edits, struct dtp_smmu_edits *w)
{
	const struct dtp_index *ix = &h->ix;
	const char *smmu_path = ix->nodes[s->node].path;
	uint32_t smmu_phandle = ix->nodes[s->node].phandle;
	fdt32_t *legacy = NULL;     /* mmu-masters additions */
	int legacy_cells = 0, enable = 0;
	for (int i = 0; i < r->n; i++) {
		const struct dtp_resolved_device *rd = &r->devs[i];
		const struct dtp_smmu_decision *dec = &rd->smmu;
		if (!dec->behind_smmu || dec->smmu != s->node)
			continue;
		enable |= dec->enable;
		if (dec->registered)
			continue;
		int node = rd->dev.node;
		if (dec->binding == DTP_BIND_MMU_MASTERS) {
			uint32_t ph = ix->nodes[node].phandle;
			if (!ph) {
				ph = (*next_phandle)++;
				host_edit_prop(edits, node, "phandle", keep_u32(w, ph), 4);
			}
			host_edit_prop(edits, node, "#stream-id-cells", keep_u32(w, (uint32_t)rd->n_sids), 4);
			legacy = dtp_xrealloc(legacy, sizeof(fdt32_t) * (size_t)(legacy_cells + 1 + rd->n_sids));
			legacy[legacy_cells++] = cpu_to_fdt32(ph);
			for (int k = 0; k < rd->n_sids; k++)
				legacy[legacy_cells++] = cpu_to_fdt32(rd->sids[k]);
			note(w, "registered %s with %s: mmu-masters entry, stream ID 0x%x", rd->path, smmu_path,
			     rd->sids[0]);
		} else {
			if (!smmu_phandle) {
				smmu_phandle = (*next_phandle)++;
				host_edit_prop(edits, s->node, "phandle", keep_u32(w, smmu_phandle), 4);
			}
			int cells = s->iommu_cells == 2 ? 3 : 2;
			fdt32_t *v = keep(w, sizeof(fdt32_t) * (size_t)(cells * rd->n_sids));
			for (int k = 0; k < rd->n_sids; k++) {
				v[k * cells] = cpu_to_fdt32(smmu_phandle);
				v[k * cells + 1] = cpu_to_fdt32(rd->sids[k]);
				if (cells == 3)
					v[k * cells + 2] = 0;
			}
			host_edit_prop(edits, node, "iommus", v, (int)sizeof(fdt32_t) * cells * rd->n_sids);
			note(w, "registered %s with %s: iommus = <&smmu 0x%x>%s", rd->path, smmu_path,
			     rd->sids[0], sid_source_note(dec->sid_source));
		}
	}
	if (legacy_cells) {
		int len;
		const void *old = fdtindex_prop(ix, s->node, "mmu-masters", &len);
		if (!old)
			len = 0;
		char *v = keep(w, (size_t)len + sizeof(fdt32_t) * (size_t)legacy_cells);
		if (len)
			memcpy(v, old, (size_t)len);
		memcpy(v + len, legacy, sizeof(fdt32_t) * (size_t)legacy_cells);
		host_edit_prop(edits, s->node, "mmu-masters", v, len + (int)sizeof(fdt32_t) * legacy_cells);
	}
	free(legacy);
	if (enable) {
		host_edit_prop(edits, s->node, "status", "okay", 5);
		note(w, "enabled %s (it had status \"disabled\"): Xen must drive it to protect the "
		     "DMA masters given to guests", smmu_path);
	}
}

void dtp_smmu_edits_build(const struct dtp_host *h, const struct dtp_resolved *r,
			  struct host_edits *edits, struct dtp_smmu_edits *w)
{
	memset(w, 0, sizeof(*w));
	uint32_t next_phandle = max_phandle(&h->ix) + 1;
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
