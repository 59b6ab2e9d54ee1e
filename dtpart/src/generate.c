#include "generate.h"
#include "blob.h"
#include "dom0less.h"
#include "smmuwire.h"
#include "hostwrite.h"
#include "partial.h"
#include "dtswrite.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/passthrough.h>

#define PAGE_SHIFT 12

int policy_check_device(const struct dtp_host *h, const struct dtp_device *d,
			struct dtp_diag *diag)
{
	const char *role = device_xen_role(h, d->node);
	if (role) {
		const char *fix = d->node == h->console
			? "give Xen another console (xen,xen-bootargs dtuart=serialN) or pass another UART"
			: "Xen needs it for itself; it can never be passed through";
		return dtp_fail(diag, DTP_EREFUSED, "%s: %s is %s (%s): refused; %s", h->ix.source,
				d->path, role, d->node == h->console ? h->console_how : "found by compatible",
				fix);
	}
	if (!d->status_ok)
		return dtp_fail(diag, DTP_EREFUSED,
				"%s: %s has status \"disabled\" in the host tree: it is not wired up on this "
				"board; enable it (status = \"okay\") in the host tree if it is", h->ix.source,
				d->path);
	for (int i = 0; i < d->n_irqs; i++)
		if (d->irqs[i].type != DTP_IRQ_SPI)
			return dtp_fail(diag, DTP_EREFUSED,
					"%s: %s uses PPI %u (GIC ID %u): Xen can only route SPIs to a guest "
					"(\"IRQ can only be routed to an SPI\")", h->ix.source, d->path,
					d->irqs[i].number, d->irqs[i].id);
	return 0;
}

int resolve_clocks(const struct dtp_host *h, const struct dtp_board *board,
		   const struct dtp_device *d, const struct dtp_plan_device *pd,
		   uint64_t *rates, struct dtp_diag *diag)
{
	const struct dtp_board_device *bd = d->n_regs ? board_device_at(board, d->regs[0].addr) : NULL;
	for (int i = 0; i < d->n_clocks; i++) {
		const struct dtp_clock *c = &d->clocks[i];
		char idx[16];
		snprintf(idx, sizeof(idx), "%d", i);
		const char *name = c->name ? c->name : idx;
		uint64_t r = 0;
		for (int k = 0; pd && k < pd->n_clocks && !r; k++)
			if (strcmp(pd->clocks[k].name, name) == 0)
				r = pd->clocks[k].rate;
		if (!r)
			r = c->fixed_rate;
		if (!r)
			r = board_clock_rate(bd, name);
		if (!r) {
			char where[256];
			if (!board || !board->name)
				snprintf(where, sizeof(where), "no board data matches this tree");
			else
				snprintf(where, sizeof(where), "board data '%s' has no rate for it", board->name);
			return dtp_fail(diag, DTP_ECLOCK,
					"%s: %s: clock '%s' (from %s) has no known rate, and %s. A guest cannot "
					"use the firmware clock driver under Xen, so it gets a fixed-clock: give "
					"the rate with --clock %s=HZ", h->ix.source, d->path, name,
					h->ix.nodes[c->provider].path, where, name);
		}
		rates[i] = r;
	}
	return 0;
}

static int cmp_pdev(const void *a, const void *b)
{
	const struct dtp_device *x = ((const struct partial_dev *)a)->dev;
	const struct dtp_device *y = ((const struct partial_dev *)b)->dev;
	uint64_t ax = x->n_regs ? x->regs[0].addr : 0, ay = y->n_regs ? y->regs[0].addr : 0;
	if (ax != ay)
		return (ax > ay) - (ax < ay);
	return strcmp(x->path, y->path);
}

static int add_snippet_resources(struct xlcfg_passthrough *pt, const struct dma_wiring *dw,
				 const struct dtp_device *d)
{
	for (int i = 0; i < d->n_irqs; i++)
		if (xlcfg_add_irq(pt, d->irqs[i].id) < 0)
			return -1;
	for (int i = 0; i < d->n_regs; i++) {
		uint64_t p0 = d->regs[i].addr >> PAGE_SHIFT;
		uint64_t p1 = (d->regs[i].addr + d->regs[i].size - 1) >> PAGE_SHIFT;
		struct xlcfg_iomem m = { p0, p1 - p0 + 1, 0, false };
		if (xlcfg_add_iomem(pt, &m) < 0)
			return -1;
	}
	if (dw && dw->behind_smmu && xlcfg_add_dtdev(pt, d->path) < 0)
		return -1;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_iomem(const void *a, const void *b)
{
	const struct xlcfg_iomem *x = a, *y = b;
	return (x->pfn > y->pfn) - (x->pfn < y->pfn);
}

static int put_blob_and_dts(struct out_set *out, const char *base, void *blob, size_t len,
			    const struct gen_options *opt, struct dtp_diag *diag)
{
	char name[256];
	int rc = 0;
	if (opt->write_dts) {
		char *text;
		size_t tl;
		rc = dtp_dts_write(blob, &text, &tl);
		if (rc) {
			free(blob);
			return dtp_fail(diag, -rc, "cannot write %s.dts: %s", base,
					rc == -DTP_ENOMEM ? "out of memory"
					: "libfdt cannot walk the tree dtpart built (a bug in dtpart)");
		}
		snprintf(name, sizeof(name), "%s.dts", base);
		rc = outset_put(out, name, text, tl);
	}
	snprintf(name, sizeof(name), "%s.dtb", base);
	if (!rc)
		rc = outset_put(out, name, blob, len);
	else
		free(blob);
	return rc ? dtp_fail(diag, DTP_ENOMEM, "out of memory") : 0;
}

static int domain_outputs(const struct dtp_host *h, const struct dtp_board *board,
			  const struct dtp_plan *plan, const struct dtp_plan_domain *dom, const struct smmu_wiring *wiring,
			  const struct gen_options *opt, struct out_set *out, size_t *dtb_size,
			  struct dtp_diag *diag)
{
	struct partial_dev *pdevs = calloc((size_t)dom->n_devices + 1, sizeof(*pdevs));
	struct dtp_device *models = calloc((size_t)dom->n_devices + 1, sizeof(*models));
	struct xlcfg_passthrough pt;
	xlcfg_passthrough_init(&pt);
	int rc = 0;
	if (!pdevs || !models) {
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < dom->n_devices && !rc; i++) {
		const struct dtp_plan_device *pd = &dom->devices[i];
		int node = fdtindex_by_path(&h->ix, pd->path);
		if (node < 0) {
			rc = dtp_fail(diag, DTP_ESTATE, "%s: domain %u owns %s (recorded in dtpart.json), "
				      "but the host tree has no such node; `dtpart release %s` or use the "
				      "host tree the plan was made from (%s)", h->ix.source, dom->id,
				      pd->path, pd->path, plan->host_source ? plan->host_source : "?");
			break;
		}
		rc = device_build(h, node, &models[i], diag);
		if (!rc)
			rc = policy_check_device(h, &models[i], diag);
		if (!rc)
			rc = resolve_clocks(h, board, &models[i], pd, pdevs[i].clock_rates, diag);
		pdevs[i].dev = &models[i];
		const struct dma_wiring *dw = smmu_wiring_of(wiring, pd->path);
		pdevs[i].force_assign = !dw || !dw->behind_smmu;
	}
	if (rc)
		goto out;
	qsort(pdevs, (size_t)dom->n_devices, sizeof(*pdevs), cmp_pdev);
	void *blob;
	size_t len;
	rc = partial_build(h, pdevs, dom->n_devices, dom->mode == DTP_MODE_DOM0LESS, &blob, &len, diag);
	if (rc)
		goto out;
	char base[64];
	snprintf(base, sizeof(base), "dom%u", dom->id);
	*dtb_size = len;
	rc = put_blob_and_dts(out, base, blob, len, opt, diag);
	if (rc)
		goto out;
	if (dom->mode == DTP_MODE_DOM0LESS) {
		/* Xen builds this domain from /chosen: no xl config. */
		snprintf(base, sizeof(base), "dom%u.cfg", dom->id);
		if (outset_remove(out, base))
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
		goto out;
	}
	/* The xl snippet: irqs sorted and de-duplicated (GEM nodes list their SPI
	 * twice, and a duplicate makes xl's second reservation fail). */
	char dtb_path[4096];
	snprintf(dtb_path, sizeof(dtb_path), "%s/%s.dtb", plan->dtb_dir ? plan->dtb_dir : ".", base);
	if (xlcfg_set_device_tree(&pt, dtb_path) < 0) {
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < dom->n_devices; i++) {
		if (add_snippet_resources(&pt, smmu_wiring_of(wiring, pdevs[i].dev->path), pdevs[i].dev) < 0) {
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
			goto out;
		}
	}
	qsort(pt.irqs, pt.n_irqs, sizeof(*pt.irqs), cmp_u32);
	qsort(pt.iomems, pt.n_iomems, sizeof(*pt.iomems), cmp_iomem);
	char header[1024];
	size_t used = (size_t)snprintf(header, sizeof(header),
				       "Passthrough for domain %u, generated by dtpart from %s.\n"
				       "Merge into the domain's xl config (xlcfg-gen --merge).\nDevices:",
				       dom->id, plan->host_source ? plan->host_source : h->ix.source);
	for (int i = 0; i < dom->n_devices && used < sizeof(header); i++)
		used += (size_t)snprintf(header + used, sizeof(header) - used, " %s", pdevs[i].dev->path);
	char *text = xlcfg_render(&pt, header);
	snprintf(base, sizeof(base), "dom%u.cfg", dom->id);
	if (!text || outset_put(out, base, text, strlen(text)))
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
out:
	xlcfg_passthrough_free(&pt);
	free(pdevs);
	free(models);
	return rc;
}

static const char passthrough_value[] = "";

int generate_outputs(const struct dtp_host *h, const struct dtp_board *board,
		     const struct dtp_plan *plan, const unsigned *gone_domains, int n_gone, const int *released_nodes,
		     int n_released, const struct gen_options *opt, struct out_set *out,
		     struct gen_result *res, struct dtp_diag *diag)
{
	int rc = 0;
	size_t *dtb_sizes = calloc((size_t)plan->n_domains + 1, sizeof(size_t));
	memset(res, 0, sizeof(*res));
	struct host_edits *edits = &res->edits;
	struct smmu_wiring *wiring = &res->wiring;
	if (!dtb_sizes)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	rc = smmu_wire_plan(h, board, plan, edits, wiring, diag);
	for (int i = 0; i < plan->n_domains && !rc; i++)
		for (int j = 0; j < plan->domains[i].n_devices && !rc; j++) {
			int node = fdtindex_by_path(&h->ix, plan->domains[i].devices[j].path);
			if (node >= 0 && host_edit_prop(edits, node, "xen,passthrough", passthrough_value, 0))
				rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
		}
	for (int i = 0; i < n_released && !rc; i++)
		if (host_edit_prop(edits, released_nodes[i], "xen,passthrough", NULL, 0))
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	for (int i = 0; i < plan->n_domains && !rc; i++)
		rc = domain_outputs(h, board, plan, &plan->domains[i], wiring, opt, out,
				    &dtb_sizes[i], diag);
	if (!rc)
		rc = dom0less_layout(h, plan, dtb_sizes, opt->load_base ? opt->load_base
				     : DTP_DOM0LESS_LOAD_BASE, &res->dom0less, &res->n_dom0less, diag);
	for (int i = 0; i < res->n_dom0less && !rc; i++)
		if (host_edit_child(edits, h->ix.chosen, dom0less_emit, &res->dom0less[i]))
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	for (int i = 0; i < n_gone && !rc; i++) {
		char name[64];
		const char *ext[] = { "dtb", "dts", "cfg" };
		for (int e = 0; e < 3 && !rc; e++) {
			snprintf(name, sizeof(name), "dom%u.%s", gone_domains[i], ext[e]);
			if (outset_remove(out, name))
				rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
		}
	}
	if (!rc) {
		char *json = plan_to_json(plan);
		if (!json || outset_put(out, "dtpart.json", json, strlen(json)))
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
	free(dtb_sizes);
	return rc;
}

int generate_host_patch(struct dtp_host *h, const struct gen_result *res, struct dtp_diag *diag)
{
	const struct host_edits *e = &res->edits;
	for (int i = 0; i < e->n_props; i++)
		if (fdtindex_patch(&h->ix, e->props[i].node, e->props[i].name, e->props[i].value,
				   e->props[i].len))
			return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	return host_rescan_smmus(h, diag);
}

int generate_host_tree(struct dtp_host *h, struct dtp_blob *blob, const struct gen_result *res,
		       const struct gen_options *opt, struct out_set *out, struct dtp_diag *diag)
{
	void *fdt = blob->fdt;
	size_t len;
	blob->fdt = NULL;   /* the rewrite takes the buffer over */
	if (host_rewrite(&h->ix, &res->edits, &fdt, &len)) {
		free(fdt);
		return dtp_fail(diag, DTP_ENOMEM, "cannot write the host tree: out of memory, or a "
				"node it adds exists already");
	}
	char base[256];
	snprintf(base, sizeof(base), "%s", opt->host_name);
	char *dot = strrchr(base, '.');
	if (dot && strcmp(dot, ".dtb") == 0)
		*dot = '\0';
	return put_blob_and_dts(out, base, fdt, len, opt, diag);
}

void gen_result_free(struct gen_result *r)
{
	free(r->dom0less);
	host_edits_free(&r->edits);
	smmu_wiring_free(&r->wiring);
	memset(r, 0, sizeof(*r));
}
