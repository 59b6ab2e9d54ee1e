/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "generate.h"
#include "blob.h"
#include "dom0less.h"
#include "smmuwire.h"
#include "hostwrite.h"
#include "partial.h"
#include "guestmac.h"
#include "guestplace.h"
#include "hostboot.h"
#include "xalloc.h"
#include "xenabi.h"

#include <hypervisor/xen_rules.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/passthrough.h>

static int cmp_pdev(const void *a, const void *b)
{
	const struct dtp_device *x = ((const struct dtp_partial_dev *)a)->dev;
	const struct dtp_device *y = ((const struct dtp_partial_dev *)b)->dev;
	uint64_t ax = x->n_regs ? x->regs[0].addr : 0, ay = y->n_regs ? y->regs[0].addr : 0;
	if (ax != ay)
		return (ax > ay) - (ax < ay);
	return strcmp(x->path, y->path);
}

/* guest_offset: the device's placement; a moved device's pages get @GFN. */
static void add_snippet_resources(struct xlcfg_passthrough *pt, const struct dtp_resolved_device *rd,
				  uint64_t guest_offset)
{
	const struct dtp_device *d = &rd->dev;
	for (int i = 0; i < d->n_irqs; i++)
		xlcfg_add_irq(pt, d->irqs[i].id);
	for (int i = 0; i < d->n_regs; i++) {
		struct xlcfg_iomem m = dtp_iomem_of_range(d->regs[i].addr, d->regs[i].size);
		if (guest_offset) {
			/* offset is modular (a device moved down wraps): add, then shift. */
			m.gfn = ((m.pfn << DTP_PAGE_SHIFT) + guest_offset) >> DTP_PAGE_SHIFT;
			m.has_gfn = true;
		}
		xlcfg_add_iomem(pt, &m);
	}
	if (rd->smmu.behind_smmu)
		xlcfg_add_dtdev(pt, d->path);
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

static int put_blob_and_dts(struct dtp_out_set *out, const char *base, void *blob, size_t len,
			    const struct dtp_gen_options *opt)
{
	char name[256];
	/* The .dts text is made when the set is committed, on its own thread. */
	if (opt->write_dts) {
		snprintf(name, sizeof(name), "%s.dts", base);
		dtp_outset_put_dts(out, name, blob);
	}
	snprintf(name, sizeof(name), "%s.dtb", base);
	return dtp_outset_put(out, name, blob, len);
}

/* A name for the board that is the same on every machine: the board data's
 * name, else the host tree's root compatible. */
static const char *board_identity(const struct dtp_host *h, const struct dtp_plan *plan)
{
	if (plan->board)
		return plan->board;
	int len;
	const char *c = dtp_index_prop(h->ix, 0, "compatible", &len);
	return c && len > 0 && memchr(c, '\0', (size_t)len) ? c : "";
}

/* Whether the host takes the device's MAC from nvmem (an EEPROM that stays
 * with dom0) and gives it no address of its own. */
static int mac_from_nvmem(const struct dtp_index *ix, int node)
{
	int len;
	const char *names = dtp_index_prop(ix, node, "nvmem-cell-names", &len);
	if (!names || !dtp_index_prop(ix, node, "nvmem-cells", NULL) ||
	    dtp_index_prop(ix, node, "local-mac-address", NULL) || dtp_index_prop(ix, node, "mac-address", NULL))
		return 0;
	for (const char *p = names; p < names + len; p += strlen(p) + 1)
		if (strcmp(p, "mac-address") == 0)
			return 1;
	return 0;
}

/* Placement, MAC: what the guest copy of each device gets beyond the host
 * node. pdevs in output order. */
static int guest_specifics(const struct dtp_host *h, const struct dtp_plan *plan,
			   const struct dtp_plan_domain *dom, const struct dtp_resolved *resolved,
			   struct dtp_partial_dev *pdevs, struct dtp_diag *diag)
{
	int n = dom->n_devices;
	struct dtp_place_dev *pl = dtp_xcalloc((size_t)n + 1, sizeof(*pl));
	for (int i = 0; i < n; i++) {
		const struct dtp_resolved_device *rd = dtp_resolved_find(resolved, pdevs[i].dev->path);
		pl[i].dev = pdevs[i].dev;
		pl[i].fixed = rd->plan ? rd->plan->guest_addr : 0;
	}
	/* The extended regions of the Xen the plan targets (--xen, else
	 * Debian 12's 4.17) that cover device mappings: xl guests on 4.16 to
	 * 4.20; dom0less guests only with xen,enhanced, which dtpart does not
	 * write. A moved or fixed place avoids them; 1:1 stays (guestplace.h). */
	unsigned xen = plan->xen ? plan->xen : HV_XEN_DEFAULT;
	int dom0less = dom->mode == DTP_MODE_DOM0LESS;
	uint64_t ram = dom->boot.memory_kib ? dom->boot.memory_kib * 1024
					    : (uint64_t)DTP_XL_DEFAULT_MEMORY_MIB << 20;
	struct dtp_place_guest g = { .domain = dom->id, .ram_bytes = ram, .vpl011 = dom0less && dom->boot.vpl011 };
	g.n_ext = hv_ext_regions_over_devices(xen, dom0less, false, ram, 0, g.ext_base, g.ext_size);
	int rc = dtp_place_domain(pl, n, &g, diag);
	char inside[512] = "";
	size_t used = 0;
	int n_inside = 0, in_region[2] = { 0, 0 };
	for (int i = 0; i < n && !rc; i++) {
		const struct dtp_resolved_device *rd = dtp_resolved_find(resolved, pdevs[i].dev->path);
		const struct dtp_device *d = pdevs[i].dev;
		pdevs[i].guest_offset = pl[i].offset;
		if (pl[i].how == DTP_PLACE_AUTO)
			dtp_warn("%s: its 1:1 guest address 0x%llx lies in %s (0x%llx size 0x%llx) of domain %u; "
				 "placed at guest address 0x%llx (give --guest-addr %s=ADDR for another)",
				 d->path, (unsigned long long)d->regs[0].addr, pl[i].why,
				 (unsigned long long)pl[i].why_base, (unsigned long long)pl[i].why_size, dom->id,
				 (unsigned long long)dtp_place_guest(&pl[i], d->regs[0].addr), d->path);
		int inside_one = 0;
		for (int e = 0; e < g.n_ext && pl[i].offset == 0; e++)
			for (int r = 0; r < d->n_regs; r++)
				if (d->regs[r].addr < g.ext_base[e] + g.ext_size[e] &&
				    g.ext_base[e] < d->regs[r].addr + d->regs[r].size)
					inside_one = in_region[e] = 1;
		if (inside_one && used < sizeof(inside))
			used += (size_t)snprintf(inside + used, sizeof(inside) - used, "%s%s", n_inside++ ? ", " : "",
						 d->path);
		if (rd->plan && rd->plan->mac) {
			pdevs[i].has_mac = dtp_mac_parse(rd->plan->mac, pdevs[i].mac) == 0;
		} else if (mac_from_nvmem(h->ix, pdevs[i].dev->node)) {
			char text[24];
			dtp_mac_derive(board_identity(h, plan), dom->id, pdevs[i].dev->path, pdevs[i].mac);
			pdevs[i].has_mac = 1;
			dtp_mac_format(pdevs[i].mac, text, sizeof(text));
			dtp_warn("%s: the host reads its MAC from nvmem-cells, which stay with dom0; the guest "
				 "gets local-mac-address %s, derived from the board, domain %u and the device "
				 "(the same on every run; --mac %s=MAC for another)", pdevs[i].dev->path, text,
				 dom->id, pdevs[i].dev->path);
		}
	}
	/* What `dtpart check` will warn of, said once per domain when it is
	 * written (only xl guests get regions here: libxl's wording). */
	if (!rc && n_inside) {
		char regions[96] = "";
		for (int e = 0, k = 0; e < g.n_ext; e++)
			if (in_region[e])
				k += snprintf(regions + k, sizeof(regions) - (size_t)k, "%s0x%llx-0x%llx", k ? ", " : "",
					      (unsigned long long)g.ext_base[e],
					      (unsigned long long)(g.ext_base[e] + g.ext_size[e] - 1));
		dtp_warn("domain %u: %s %s 1:1, inside the extended region %s that Xen %u.%u's libxl advertises "
			 "to the guest as free for grant and foreign mappings (finalize_hypervisor_node), device "
			 "ranges included. Xen 4.21 keeps devices there and leaves their ranges out "
			 "(108308feef); until then a guest that maps pages over one (Linux does with "
			 "CONFIG_XEN_UNPOPULATED_ALLOC, except over a range a driver holds) hides it. "
			 "--guest-addr DEVICE=ADDR in 0x%llx..0x%llx moves a device out", dom->id, inside, n_inside == 1 ? "stays" : "stay", regions, xen >> 8,
			 xen & 0xff, DTP_GUEST_MMIO_WINDOW0_BASE, DTP_GUEST_MMIO_WINDOW0_END - 1);
	}
	free(pl);
	return rc;
}

static int domain_outputs(const struct dtp_host *h, const struct dtp_plan *plan,
			  const struct dtp_plan_domain *dom, const struct dtp_resolved *resolved,
			  const struct dtp_gen_options *opt, struct dtp_out_set *out, size_t *dtb_size,
			  int *local_device_tree, struct dtp_diag *diag)
{
	struct dtp_partial_dev *pdevs = dtp_xcalloc((size_t)dom->n_devices + 1, sizeof(*pdevs));
	const struct dtp_resolved_device **rds = dtp_xcalloc((size_t)dom->n_devices + 1, sizeof(*rds));
	struct xlcfg_passthrough pt;
	xlcfg_passthrough_init(&pt);
	int rc = 0;
	for (int i = 0; i < dom->n_devices; i++) {
		const struct dtp_resolved_device *rd = dtp_resolved_find(resolved, dom->devices[i].path);
		pdevs[i].dev = &rd->dev;
		pdevs[i].clock_rates = rd->clock_rates;
		pdevs[i].force_assign = !rd->smmu.behind_smmu;
	}
	qsort(pdevs, (size_t)dom->n_devices, sizeof(*pdevs), cmp_pdev);
	void *blob;
	size_t len;
	rc = guest_specifics(h, plan, dom, resolved, pdevs, diag);
	if (rc)
		goto out;
	rc = dtp_partial_build(h, pdevs, dom->n_devices, dom->mode == DTP_MODE_DOM0LESS, &blob, &len, diag);
	if (rc)
		goto out;
	char base[64];
	snprintf(base, sizeof(base), "dom%u", dom->id);
	*dtb_size = len;
	rc = put_blob_and_dts(out, base, blob, len, opt);
	if (rc)
		goto out;
	if (dom->mode == DTP_MODE_DOM0LESS) {
		/* Xen builds this domain from /chosen: no xl config. */
		snprintf(base, sizeof(base), "dom%u.cfg", dom->id);
		rc = dtp_outset_remove(out, base);
		goto out;
	}
	/* The xl snippet: irqs sorted and de-duplicated (GEM nodes list their SPI
	 * twice, and a duplicate makes xl's second reservation fail). */
	/* device_tree: the directory the user named for the target (kept in
	 * the plan), else this machine's absolute path of the output directory,
	 * which the caller says is what xl on the target will open. */
	const char *dir = plan->dtb_dir ? plan->dtb_dir : opt->local_dtb_dir ? opt->local_dtb_dir : ".";
	*local_device_tree = !plan->dtb_dir;
	char dtb_path[4096];
	snprintf(dtb_path, sizeof(dtb_path), "%s/%s.dtb", dir, base);
	xlcfg_set_device_tree(&pt, dtb_path);
	for (int i = 0; i < dom->n_devices; i++)
		rds[i] = dtp_resolved_find(resolved, pdevs[i].dev->path);
	for (int i = 0; i < dom->n_devices; i++)
		add_snippet_resources(&pt, rds[i], pdevs[i].guest_offset);
	qsort(pt.irqs, pt.n_irqs, sizeof(*pt.irqs), cmp_u32);
	qsort(pt.iomems, pt.n_iomems, sizeof(*pt.iomems), cmp_iomem);
	char header[1024];
	size_t used = (size_t)snprintf(header, sizeof(header),
				       "Passthrough for domain %u, generated by dtpart from %s.\n"
				       "Merge into the domain's xl config (xlcfg-gen --merge).\nDevices:",
				       dom->id, plan->host_source ? plan->host_source : dtp_index_source(h->ix));
	for (int i = 0; i < dom->n_devices && used < sizeof(header); i++)
		used += (size_t)snprintf(header + used, sizeof(header) - used, " %s", pdevs[i].dev->path);
	char *text = xlcfg_render(&pt, header);
	snprintf(base, sizeof(base), "dom%u.cfg", dom->id);
	rc = dtp_outset_put(out, base, text, strlen(text));
out:
	xlcfg_passthrough_free(&pt);
	free(pdevs);
	free(rds);
	return rc;
}

static const char passthrough_value[] = "";

int dtp_generate_outputs(const struct dtp_host *h, const struct dtp_plan *plan,
		     const struct dtp_resolved *resolved, const unsigned *gone_domains, int n_gone,
		     const int *released_nodes, int n_released, const struct dtp_gen_options *opt,
		     struct dtp_out_set *out, struct dtp_gen_result *res, struct dtp_diag *diag)
{
	int rc = 0;
	size_t *dtb_sizes = dtp_xcalloc((size_t)plan->n_domains + 1, sizeof(size_t));
	memset(res, 0, sizeof(*res));
	struct dtp_host_edits *edits = &res->edits;
	dtp_smmu_edits_build(h, resolved, edits, &res->smmu);
	for (int i = 0; i < resolved->n; i++)
		dtp_host_edit_prop(edits, resolved->devs[i].dev.node, "xen,passthrough", passthrough_value, 0);
	for (int i = 0; i < n_released; i++)
		dtp_host_edit_prop(edits, released_nodes[i], "xen,passthrough", NULL, 0);
	for (int i = 0; i < plan->n_domains && !rc; i++) {
		int local = 0;
		rc = domain_outputs(h, plan, &plan->domains[i], resolved, opt, out, &dtb_sizes[i], &local, diag);
		res->local_device_trees += local;
	}
	if (!rc)
		rc = dtp_dom0less_layout(h, plan, dtb_sizes, opt->load_base ? opt->load_base
				     : DTP_DOM0LESS_LOAD_BASE, &res->dom0less, &res->n_dom0less,
				     res->dom0, &res->n_dom0, diag);
	if (!rc && dtp_host_boot_asked(&plan->host_boot)) {
		res->hostboot = dtp_xcalloc(1, sizeof(*res->hostboot));
		rc = dtp_hostboot_build(h, plan, res->dom0, res->n_dom0, res->hostboot, diag);
	} else if (!rc && res->n_dom0less && dtp_index_chosen(h->ix) < 0) {
		/* A Linux tree: /chosen for the domains until dtpart host writes the rest. */
		res->hostboot = dtp_xcalloc(1, sizeof(*res->hostboot));
		dtp_hostboot_bare(res->hostboot);
	}
	/* A /chosen that dtpart host creates holds the domU nodes itself. */
	for (int i = 0; i < res->n_dom0less && !rc && !(res->hostboot && res->hostboot->create_chosen); i++)
		dtp_host_edit_child(edits, dtp_index_chosen(h->ix), dtp_dom0less_emit, &res->dom0less[i]);
	if (!rc && res->hostboot)
		dtp_hostboot_edits(h, res->hostboot, res->dom0less, res->n_dom0less, edits);
	for (int i = 0; i < n_gone && !rc; i++) {
		char name[64];
		const char *ext[] = { "dtb", "dts", "cfg" };
		for (int e = 0; e < 3 && !rc; e++) {
			snprintf(name, sizeof(name), "dom%u.%s", gone_domains[i], ext[e]);
			rc = dtp_outset_remove(out, name);
		}
	}
	if (!rc) {
		char *json = dtp_plan_to_json(plan);
		rc = dtp_outset_put(out, "dtpart.json", json, strlen(json));
	}
	free(dtb_sizes);
	return rc;
}

int dtp_generate_host_patch(struct dtp_host *h, const struct dtp_gen_result *res, struct dtp_diag *diag)
{
	const struct dtp_host_edits *e = &res->edits;
	for (int i = 0; i < e->n_props; i++)
		dtp_index_patch(h->ix, e->props[i].node, e->props[i].name, e->props[i].value, e->props[i].len);
	return dtp_host_rescan_smmus(h, diag);
}

int dtp_generate_host_tree(const struct dtp_host *h, struct dtp_blob *blob, int copy, const struct dtp_gen_result *res,
		       const struct dtp_gen_options *opt, struct dtp_out_set *out, struct dtp_diag *diag)
{
	void *fdt = blob->fdt;
	size_t len;
	int rc;
	/* Into a buffer of its own when the checks still read the input
	 * through h's index while the .dts of this one is made (outputs.h);
	 * else in the input's buffer, taken over. */
	if (copy) {
		rc = dtp_host_rewrite_copy(h->ix, &res->edits, blob->fdt, &fdt, &len);
	} else {
		blob->fdt = NULL;
		rc = dtp_host_rewrite(h->ix, &res->edits, &fdt, &len);
	}
	if (rc) {
		free(fdt);
		/* libfdt's offsets are int: a tree past 2 GiB is one it cannot hold. */
		return dtp_fail(diag, rc == -FDT_ERR_NOSPACE ? DTP_EUNSUPPORTED : DTP_EWRITE,
				"%s: cannot write the host tree: libfdt: %s%s", dtp_index_source(h->ix), fdt_strerror(rc),
				rc == -FDT_ERR_EXISTS ? " (a node it adds exists already)"
				: rc == -FDT_ERR_NOSPACE ? " (the rewritten tree would pass libfdt's 2 GiB)" : "");
	}
	char base[256];
	snprintf(base, sizeof(base), "%s", opt->host_name);
	char *dot = strrchr(base, '.');
	if (dot && strcmp(dot, ".dtb") == 0)
		*dot = '\0';
	return put_blob_and_dts(out, base, fdt, len, opt);
}

void dtp_gen_result_free(struct dtp_gen_result *r)
{
	free(r->dom0less);
	free(r->hostboot);
	dtp_host_edits_free(&r->edits);
	dtp_smmu_edits_free(&r->smmu);
	memset(r, 0, sizeof(*r));
}
