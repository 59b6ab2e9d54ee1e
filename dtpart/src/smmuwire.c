#include "smmuwire.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int note(struct smmu_wiring *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	char **n = realloc(w->notes, sizeof(*n) * (size_t)(w->n_notes + 1));
	if (!n)
		return -1;
	w->notes = n;
	n[w->n_notes] = strdup(buf);
	return n[w->n_notes++] ? 0 : -1;
}

/* Property values must live until the host tree is written. */
static void *keep(struct smmu_wiring *w, size_t size)
{
	void **n = realloc(w->buffers, sizeof(*n) * (size_t)(w->n_buffers + 1));
	if (!n)
		return NULL;
	w->buffers = n;
	n[w->n_buffers] = calloc(1, size ? size : 1);
	return n[w->n_buffers] ? n[w->n_buffers++] : NULL;
}

static const struct dtp_smmu *pick_smmu(const struct dtp_host *h)
{
	/* ZynqMP has one SMMU; with several, the enabled one, else the first. */
	for (int i = 0; i < h->n_smmus; i++)
		if (h->smmus[i].enabled)
			return &h->smmus[i];
	return h->n_smmus ? &h->smmus[0] : NULL;
}

static uint32_t max_phandle(const struct dtp_index *ix)
{
	uint32_t m = 0;
	for (int i = 0; i < ix->n_nodes; i++)
		if (ix->nodes[i].phandle > m)
			m = ix->nodes[i].phandle;
	return m;
}

int smmu_wire_plan(const struct dtp_host *h, const struct dtp_board *board,
		   const struct dtp_plan *plan, struct host_edits *edits, struct smmu_wiring *w,
		   struct dtp_diag *diag)
{
	const struct dtp_index *ix = &h->ix;
	memset(w, 0, sizeof(*w));
	int total = 0;
	for (int i = 0; i < plan->n_domains; i++)
		total += plan->domains[i].n_devices;
	w->devs = calloc((size_t)total + 1, sizeof(*w->devs));
	if (!w->devs)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	const struct dtp_smmu *smmu = pick_smmu(h);
	uint32_t next_phandle = max_phandle(ix) + 1;
	uint32_t smmu_phandle = smmu ? ix->nodes[smmu->node].phandle : 0;
	int enable_smmu = 0;
	/* Legacy mmu-masters additions, appended to the existing property. */
	fdt32_t *legacy = NULL;
	int legacy_cells = 0;
	for (int i = 0; i < plan->n_domains; i++)
		for (int j = 0; j < plan->domains[i].n_devices; j++) {
			const struct dtp_plan_device *pd = &plan->domains[i].devices[j];
			struct dma_wiring *dw = &w->devs[w->n++];
			dw->path = pd->path;
			dw->smmu = -1;
			int node = fdtindex_by_path(ix, pd->path);
			struct dtp_device dev;
			if (node < 0 || device_build(h, node, &dev, diag))
				continue; /* reported with context by the domain outputs */
			if (dev.n_sids) {
				dw->smmu = dev.sids[0].smmu;
				for (int k = 0; k < dev.n_sids; k++) {
					dw->sids[k] = dev.sids[k].id;
					dw->masks[k] = dev.sids[k].mask;
				}
				dw->n_sids = dev.n_sids;
			} else {
				const struct dtp_board_device *bd =
					dev.n_regs ? board_device_at(board, dev.regs[0].addr) : NULL;
				const uint32_t *src = pd->n_sids ? pd->sids : bd ? bd->sids : NULL;
				int n = pd->n_sids ? pd->n_sids : bd ? bd->n_sids : 0;
				for (int k = 0; k < n && k < DTP_MAX_SIDS; k++)
					dw->sids[dw->n_sids++] = src[k];
			}
			dw->dma_capable = dw->n_sids > 0;
			if (!dw->dma_capable)
				continue;
			const struct dtp_smmu *s = smmu;
			for (int k = 0; k < h->n_smmus; k++)
				if (h->smmus[k].node == dw->smmu)
					s = &h->smmus[k];
			if (!s || pd->no_iommu) {
				if (!pd->no_iommu)
					return dtp_fail(diag, DTP_EREFUSED,
							"%s: %s does DMA (stream ID 0x%x) but the host tree has no "
							"SMMU: a guest owning it could read and write all memory. Add "
							"the SMMU node, or pass --force-no-iommu to accept that",
							ix->source, pd->path, dw->sids[0]);
				dw->unprotected = 1;
				dtp_warn("%s does DMA (stream ID 0x%x) and is given without an IOMMU "
					 "(--force-no-iommu): the guest can DMA anywhere in memory",
					 pd->path, dw->sids[0]);
				continue;
			}
			dw->smmu = s->node;
			dw->behind_smmu = 1;
			if (!s->enabled)
				enable_smmu = 1;
			if (dev.n_sids)
				continue; /* registered already */
			if (s->has_legacy) {
				/* Xen reads mmu-masters when present: register there. */
				uint32_t ph = ix->nodes[node].phandle;
				if (!ph) {
					ph = next_phandle++;
					fdt32_t *v = keep(w, 4);
					if (!v)
						return dtp_fail(diag, DTP_ENOMEM, "out of memory");
					*v = cpu_to_fdt32(ph);
					host_edit_prop(edits, node, "phandle", v, 4);
				}
				fdt32_t *sc = keep(w, 4);
				fdt32_t *nl = realloc(legacy, sizeof(fdt32_t) * (size_t)(legacy_cells + 1 + dw->n_sids));
				if (!sc || !nl)
					return dtp_fail(diag, DTP_ENOMEM, "out of memory");
				legacy = nl;
				*sc = cpu_to_fdt32((uint32_t)dw->n_sids);
				host_edit_prop(edits, node, "#stream-id-cells", sc, 4);
				legacy[legacy_cells++] = cpu_to_fdt32(ph);
				for (int k = 0; k < dw->n_sids; k++)
					legacy[legacy_cells++] = cpu_to_fdt32(dw->sids[k]);
				note(w, "registered %s with %s: mmu-masters entry, stream ID 0x%x", pd->path,
				     ix->nodes[s->node].path, dw->sids[0]);
			} else {
				if (!smmu_phandle) {
					smmu_phandle = next_phandle++;
					fdt32_t *v = keep(w, 4);
					if (!v)
						return dtp_fail(diag, DTP_ENOMEM, "out of memory");
					*v = cpu_to_fdt32(smmu_phandle);
					host_edit_prop(edits, s->node, "phandle", v, 4);
				}
				int cells = s->iommu_cells == 2 ? 3 : 2;
				fdt32_t *v = keep(w, sizeof(fdt32_t) * (size_t)(cells * dw->n_sids));
				if (!v)
					return dtp_fail(diag, DTP_ENOMEM, "out of memory");
				for (int k = 0; k < dw->n_sids; k++) {
					v[k * cells] = cpu_to_fdt32(smmu_phandle);
					v[k * cells + 1] = cpu_to_fdt32(dw->sids[k]);
					if (cells == 3)
						v[k * cells + 2] = 0;
				}
				host_edit_prop(edits, node, "iommus", v, (int)sizeof(fdt32_t) * cells * dw->n_sids);
				note(w, "registered %s with %s: iommus = <&smmu 0x%x>%s", pd->path,
				     ix->nodes[s->node].path, dw->sids[0],
				     pd->n_sids ? " (--sid)" : " (stream ID from the board data)");
			}
		}
	if (legacy_cells && smmu) {
		int len;
		const void *old = fdtindex_prop(ix, smmu->node, "mmu-masters", &len);
		char *v = keep(w, (size_t)len + sizeof(fdt32_t) * (size_t)legacy_cells);
		if (!v) {
			free(legacy);
			return dtp_fail(diag, DTP_ENOMEM, "out of memory");
		}
		memcpy(v, old, (size_t)len);
		memcpy(v + len, legacy, sizeof(fdt32_t) * (size_t)legacy_cells);
		host_edit_prop(edits, smmu->node, "mmu-masters", v, len + (int)sizeof(fdt32_t) * legacy_cells);
	}
	free(legacy);
	if (enable_smmu && smmu) {
		host_edit_prop(edits, smmu->node, "status", "okay", 5);
		note(w, "enabled %s (it had status \"disabled\"): Xen must drive it to protect the "
		     "DMA masters given to guests", ix->nodes[smmu->node].path);
	}
	return 0;
}

const struct dma_wiring *smmu_wiring_of(const struct smmu_wiring *w, const char *path)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->devs[i].path, path) == 0)
			return &w->devs[i];
	return NULL;
}

void smmu_wiring_free(struct smmu_wiring *w)
{
	for (int i = 0; i < w->n_notes; i++)
		free(w->notes[i]);
	for (int i = 0; i < w->n_buffers; i++)
		free(w->buffers[i]);
	free(w->notes);
	free(w->buffers);
	free(w->devs);
	memset(w, 0, sizeof(*w));
}
