#include "check.h"
#include "blob.h"
#include "devmodel.h"
#include "arena.h"
#include "policy.h"
#include "smmumodel.h"
#include "xalloc.h"
#include "xenabi.h"

#include <jansson.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/passthrough.h>

#define XL_DEFAULT_MEMORY_MIB 128   /* xl's default when `memory` is not set */

/* Everything the replay's plain structs point to lives in one arena until
 * the end (two small arrays per host device). */
static void *amalloc(struct dtp_arena *a, size_t size)
{
	return dtp_xcheck(arena_alloc(a, size, 16));
}

static uint64_t cells_value(const fdt32_t *p, uint32_t n)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(&p[i]);
	return v;
}

static uint32_t prop_u32(const void *fdt, int off, const char *name, uint32_t dflt, int *present)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, off, name, &len);
	if (present)
		*present = p && len == 4;
	return p && len == 4 ? fdt32_ld(p) : dflt;
}

/* The partial tree as the replay needs it (libxl and Xen read only the
 * top-level container, aliases and /gic). */
static void parse_partial(struct dtp_arena *a, const void *fdt, size_t len, struct hv_partial *p)
{
	memset(p, 0, sizeof(*p));
	p->present = true;
	p->gic_phandle = HV_GUEST_GIC_PHANDLE;
	/* The same validation as every input blob (it also keeps libfdt away
	 * from blobs it loops or reads out of bounds on). */
	struct dtp_diag ignored;
	if (blob_validate(fdt, len, "partial tree", &ignored))
		return;
	p->valid_blob = true;
	int depth = 0;
	int gic = fdt_path_offset(fdt, "/gic");
	/* /gic's phandle is the guest GIC's (dom0less), or its node is dropped
	 * (xl): it clashes with nothing. */
	for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(fdt, off, &depth)) {
		uint32_t ph = fdt_get_phandle(fdt, off);
		if (off != gic && ph > p->max_phandle && ph != 0xffffffffu)
			p->max_phandle = ph;
	}
	if (gic >= 0 && fdt_get_phandle(fdt, gic))
		p->gic_phandle = fdt_get_phandle(fdt, gic);
	int cont = fdt_path_offset(fdt, "/passthrough");
	if (cont < 0) {
		/* Name the node that holds devices, so the message can say it. */
		int child;
		fdt_for_each_subnode(child, fdt, 0) {
			const char *n = fdt_get_name(fdt, child, NULL);
			if (strcmp(n, "aliases") && strcmp(n, "gic") && strcmp(n, "chosen") &&
			    fdt_first_subnode(fdt, child) >= 0) {
				cont = child;
				break;
			}
		}
		if (cont < 0)
			return;
	}
	p->container = fdt_get_name(fdt, cont, NULL);
	p->simple_bus = fdt_node_check_compatible(fdt, cont, "simple-bus") == 0;
	int rlen;
	p->has_ranges = fdt_getprop(fdt, cont, "ranges", &rlen) != NULL;
	p->ranges_empty = p->has_ranges && rlen == 0;
	int ha, hs;
	p->addr_cells = prop_u32(fdt, cont, "#address-cells", 2, &ha);
	p->size_cells = prop_u32(fdt, cont, "#size-cells", 1, &hs);
	p->has_cells = ha && hs;
	int n = 0, child;
	fdt_for_each_subnode(child, fdt, cont)
		n++;
	struct hv_pt_device *devs = amalloc(a, sizeof(*devs) * (size_t)(n + 1));
	p->devs = devs;
	uint32_t ac = p->addr_cells, sc = p->size_cells;
	fdt_for_each_subnode(child, fdt, cont) {
		int l;
		const fdt32_t *reg = fdt_getprop(fdt, child, "reg", &l);
		const fdt32_t *xreg;
		int xl;
		xreg = fdt_getprop(fdt, child, "xen,reg", &xl);
		if (!reg && !xreg)
			continue;   /* fixed clocks and other helpers */
		struct hv_pt_device *d = &devs[p->n_devs++];
		d->name = fdt_get_name(fdt, child, NULL);
		if (reg && ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2) {
			int entry = (int)(ac + sc) * 4;
			d->reg_bad_cells = l % entry != 0;
			d->n_reg = l / entry;
			uint64_t *r = amalloc(a, sizeof(uint64_t) * 2 * (size_t)(d->n_reg + 1));
			for (int i = 0; i < d->n_reg; i++) {
				r[2 * i] = cells_value(reg + (size_t)i * (ac + sc), ac);
				r[2 * i + 1] = cells_value(reg + (size_t)i * (ac + sc) + ac, sc);
			}
			d->reg = r;
		}
		const fdt32_t *irq = fdt_getprop(fdt, child, "interrupts", &l);
		if (irq && l >= 4) {
			uint32_t *c = amalloc(a, (size_t)l);
			for (int i = 0; i < l / 4; i++)
				c[i] = fdt32_ld(&irq[i]);
			d->irq_cells = c;
			d->n_irq_cells = l / 4;
		}
		int hp;
		d->interrupt_parent = prop_u32(fdt, child, "interrupt-parent", 0, &hp);
		d->has_interrupt_parent = hp;
		d->xen_reg_cells = xreg ? xl / 4 : -1;
		if (xreg && ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2) {
			int entry = (int)(2 * ac + sc);
			d->n_xen_reg = (xl / 4) / entry;
			uint64_t *x = amalloc(a, sizeof(uint64_t) * 3 * (size_t)(d->n_xen_reg + 1));
			for (int i = 0; i < d->n_xen_reg; i++) {
				const fdt32_t *e = xreg + (size_t)i * (size_t)entry;
				x[3 * i] = cells_value(e, ac);
				x[3 * i + 1] = cells_value(e + ac, sc);
				x[3 * i + 2] = cells_value(e + ac + sc, ac);
			}
			d->xen_reg = x;
		}
		const char *xp = fdt_getprop(fdt, child, "xen,path", &l);
		d->xen_path = xp && l > 0 && xp[l - 1] == '\0' ? xp : NULL;
		d->force_assign = fdt_getprop(fdt, child, "xen,force-assign-without-iommu", NULL) != NULL;
	}
}

static int has_dom0_kernel(const struct dtp_index *ix)
{
	if (ix->chosen < 0)
		return 0;
	for (int c = ix->nodes[ix->chosen].first_child; c >= 0; c = ix->nodes[c].next_sibling)
		if (fdtindex_compatible(ix, c, "multiboot,kernel") ||
		    fdtindex_compatible(ix, c, "xen,linux-zimage"))
			return 1;
	return 0;
}

/* RAM, vpl011, nr_spis of /chosen/domUN. */
static void dom0less_facts(const struct dtp_index *ix, unsigned id, struct hv_domain *d)
{
	char path[64];
	snprintf(path, sizeof(path), "/chosen/domU%u", id);
	int n = fdtindex_by_path(ix, path);
	d->ram_bytes = 256ull << 20;
	if (n < 0)
		return;
	int len;
	const fdt32_t *m = fdtindex_prop(ix, n, "memory", &len);
	if (m && (len == 8 || len == 4))
		d->ram_bytes = cells_value(m, (uint32_t)len / 4) * 1024;
	d->vpl011 = fdtindex_prop(ix, n, "vpl011", NULL) != NULL;
	uint32_t v;
	if (fdtindex_u32(ix, n, "nr_spis", 0, &v) == 0)
		d->nr_spis = v;
}

/* The guest whose iomem holds the device's first register page; 0 when none. */
static int owner_by_iomem(const struct dtp_devsum *d, const struct hv_domain *doms, int n_doms)
{
	uint64_t pfn = d->n_regs ? dtp_pfn_of(d->regs[0].addr) : 0;
	for (int i = 0; d->n_regs && i < n_doms; i++)
		for (int k = 0; k < doms[i].n_iomem; k++)
			if (pfn >= doms[i].iomem[k].pfn && pfn < doms[i].iomem[k].pfn + doms[i].iomem[k].npages)
				return doms[i].id;
	return 0;
}

/* Xen programs the SMMU it drives to fault every stream that matches no
 * stream-match entry (xen/drivers/passthrough/arm/smmu.c,
 * arm_smmu_device_reset: sCR0.USFCFG set, "Unlike Linux, generate a fault
 * when no mapping is found", in 4.17 and 4.20 alike). Every enabled DMA
 * master not registered with that SMMU faults, whoever owns it: dom0's, and
 * a guest's given without an IOMMU. (A tree without a dom0 kernel in
 * /chosen yet is most often one still to be made a Xen tree: its masters
 * are counted as dom0's.) */
static void add_unmapped_masters(const struct dtp_host *h, const struct dtp_devlist *dl, int smmu_node,
				 const struct hv_domain *doms, int n_doms, struct hv_result *res,
				 struct hv_finding *spare)
{
	const char *smmu = h->ix.nodes[smmu_node].path;
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *d = &dl->devs[i];
		int mapped = 0;
		for (int k = 0; k < d->n_sids; k++)
			mapped |= d->sids[k].smmu == smmu_node;
		struct dtp_dma_class c;
		if (mapped || !d->status_ok || !dtp_policy_unmapped_master(h, d->node, &c))
			continue;
		struct hv_finding *f = res->n < res->max ? &res->findings[res->n] : spare;
		res->n++;
		res->errors++;
		memset(f, 0, sizeof(*f));
		f->severity = HV_ERROR;
		f->code = HVC_SMMU;
		f->domain = d->has_passthrough_flag ? owner_by_iomem(d, doms, n_doms) : 0;
		f->device = d->path;
		char text[1024];
		snprintf(text, sizeof(text), "can master the bus (%s) but has no stream mapping on %s, "
			 "which Xen drives and programs to fault every unmatched stream: its DMA faults",
			 c.why, smmu);
		size_t n = strnlen(text, sizeof(f->text) - 1);
		memcpy(f->text, text, n);
		f->text[n] = '\0';
		snprintf(f->xen_message, sizeof(f->xen_message), "smmu: %s: Unexpected global fault, this "
			 "could be serious (arm_smmu_device_reset sets sCR0.USFCFG)", smmu);
		snprintf(f->fix, sizeof(f->fix), d->has_passthrough_flag
			 ? "give it a stream ID (--sid when passing it through) so it is registered with the SMMU"
			 : "register it: `iommus = <&smmu SID>` on the node (`dtpart passthrough` adds it from "
			   "the SoC or board data), or set status = \"disabled\" if dom0 does not use it");
	}
}

int check_run(const void *host, size_t host_len, const char *host_name, unsigned gic_lines,
	      const struct check_domain_input *doms, int n_doms, struct check_report *rep,
	      struct dtp_diag *diag)
{
	(void)host_len;
	memset(rep, 0, sizeof(*rep));
	struct dtp_host h;
	memset(&h, 0, sizeof(h));
	int rc = fdtindex_build(host, host_name, &h.ix, diag);
	if (!rc)
		rc = host_scan(&h, diag);
	if (!rc)
		rc = check_run_host(&h, gic_lines, doms, n_doms, rep, diag);
	host_free(&h);
	return rc;
}

/* One replay with room for rep->res.max findings. */
static int replay_once(const struct dtp_host *h, unsigned gic_lines,
		       const struct check_domain_input *doms, int n_doms, struct check_report *rep,
		       struct dtp_diag *diag)
{
	struct dtp_arena a = { 0 };
	struct dtp_devlist dl = { 0 };
	struct smmu *smmu = NULL;
	struct gic_model *gic = dtp_xmalloc(sizeof(*gic));
	rep->res = (struct hv_result){ rep->findings, rep->res.max, 0, 0, 0 };
	rep->n_domains = n_doms;
	int rc = 0;
	if (devlist_build(h, &dl))
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	struct hv_host hh = { .gic_lines = gic_lines ? gic_lines : GIC_MAX_LINES };
	hh.has_dom0 = has_dom0_kernel(&h->ix);
	/* The SMMU Xen drives (policy.c); dom0's masters attached. */
	int slot = rc ? -1 : dtp_policy_driven_smmu(h, -1);
	const struct dtp_smmu *sm = slot >= 0 ? &h->smmus[slot] : NULL;
	if (sm) {
		struct smmu_desc sd;
		rc = dtp_smmu_describe(h, sm->node, &sd, diag);
		smmu = dtp_xmalloc(sizeof(*smmu));
		if (!rc)
			smmu_init(smmu, &sd);
		hh.smmu = smmu;
	}
	struct hv_host_device *hd = amalloc(&a, sizeof(*hd) * (size_t)(dl.n + 1));
	for (int i = 0; !rc && i < dl.n; i++) {
		const struct dtp_devsum *d = &dl.devs[i];
		struct hv_range *r = amalloc(&a, sizeof(*r) * (size_t)(d->n_regs + 1));
		struct hv_irq *q = amalloc(&a, sizeof(*q) * (size_t)(d->n_irqs + 1));
		for (int k = 0; k < d->n_regs; k++)
			r[k] = (struct hv_range){ d->regs[k].addr, d->regs[k].size };
		for (int k = 0; k < d->n_irqs; k++)
			q[k] = (struct hv_irq){ d->irqs[k].id, d->irqs[k].flags };
		hd[i] = (struct hv_host_device){ d->path, r, d->n_regs, q, d->n_irqs, d->has_passthrough_flag,
						 device_xen_role(h, d->node), -1, false };
		if (sm && d->n_sids && d->sids[0].smmu == sm->node) {
			uint32_t *ids = dtp_xcalloc((size_t)d->n_sids, sizeof(uint32_t));
			uint32_t *masks = dtp_xcalloc((size_t)d->n_sids, sizeof(uint32_t));
			for (int k = 0; k < d->n_sids; k++) {
				ids[k] = d->sids[k].id;
				masks[k] = d->sids[k].mask;
			}
			/* A master the model cannot hold (iommu/'s SMMU_MAX_MASTERS) keeps
			 * smmu_master < 0: not registered, as before. */
			int n_masters;
			if (dtp_smmu_add_streams(smmu, d->path, ids, masks, d->n_sids, &hd[i].smmu_master,
						 &n_masters))
				n_masters = 0;
			free(ids);
			free(masks);
			/* The replay gives a guest one master: a device given away
			 * must fit in one, or its other streams would be missed. */
			if (n_masters > 1 && d->has_passthrough_flag) {
				struct dtp_problem p = { h->ix.source, d->path, 0, NULL, NULL };
				rc = dtp_report(diag, DTP_ECHECK, &p, "%d stream IDs; the SMMU model holds %d "
						"per master for a device given to a guest, so it cannot check "
						"this set-up", d->n_sids, SMMU_MAX_MASTER_SIDS);
			}
			struct smmu_conflict why;
			for (int k = 0; k < n_masters && hh.has_dom0 &&
			     dtp_policy_dom0_attaches(d->status_ok, d->has_passthrough_flag); k++)
				smmu_assign(smmu, hd[i].smmu_master + k, 0, &why);
		}
	}
	hh.devs = hd;
	hh.n_devs = dl.n;
	/* Interrupts Xen keeps besides its devices': the GIC's and the timer's. */
	int kept_nodes[2] = { h->gic, h->timer }, lens[2] = { 0, 0 }, nx = 0;
	const fdt32_t *kept_irqs[2] = { NULL, NULL };
	for (int kn = 0; kn < 2; kn++)
		if (kept_nodes[kn] >= 0)
			kept_irqs[kn] = fdtindex_prop(&h->ix, kept_nodes[kn], "interrupts", &lens[kn]);
	uint32_t *xen_irqs = amalloc(&a, sizeof(uint32_t) * (size_t)((lens[0] + lens[1]) / 12 + 1));
	for (int kn = 0; !rc && kn < 2; kn++) {
		const fdt32_t *ip = kept_irqs[kn];
		int len = lens[kn];
		for (int k = 0; ip && k + 2 < len / 4; k += 3)
			if (dtp_gic_id(fdt32_ld(&ip[k]), fdt32_ld(&ip[k + 1]), &xen_irqs[nx]) == 0)
				nx++;
	}
	hh.xen_irqs = xen_irqs;
	hh.n_xen_irqs = nx;
	struct hv_domain *hdoms = amalloc(&a, sizeof(*hdoms) * (size_t)(n_doms + 1));
	struct xlcfg_passthrough *pts = amalloc(&a, sizeof(*pts) * (size_t)(n_doms + 1));
	for (int i = 0; i < n_doms; i++)
		xlcfg_passthrough_init(&pts[i]);
	for (int i = 0; !rc && i < n_doms; i++) {
		const struct check_domain_input *in = &doms[i];
		struct hv_domain *d = &hdoms[i];
		d->id = (int)in->id;
		d->dom0less = in->dom0less;
		d->source = in->cfg_name ? in->cfg_name : in->partial_name;
		if (!in->dom0less) {
			struct xlcfg_diag xd;
			int xr = xlcfg_read_data(in->cfg_name, in->cfg_text, in->cfg_len, &pts[i], &xd);
			if (xr) {
				struct dtp_problem p = { xd.file, NULL, xd.line, NULL, NULL };
				rc = dtp_report(diag, DTP_ECHECK, &p, "%s", xd.message);
				break;
			}
			const struct xlcfg_passthrough *pt = &pts[i];
			d->ram_bytes = (pt->memory_mib ? pt->memory_mib : XL_DEFAULT_MEMORY_MIB) << 20;
			d->vpl011 = pt->vpl011;
			d->virtio = pt->virtio;
			d->nr_spis = pt->nr_spis;
			d->has_device_tree = pt->device_tree != NULL;
			/* Duplicates too: xl reserves each entry. */
			uint32_t *irqs = amalloc(&a, sizeof(uint32_t) * (pt->n_irqs + pt->n_dup_irqs + 1));
			for (size_t k = 0; k < pt->n_irqs; k++)
				irqs[d->n_irqs++] = pt->irqs[k];
			for (size_t k = 0; k < pt->n_dup_irqs; k++)
				irqs[d->n_irqs++] = pt->dup_irqs[k];
			d->irqs = irqs;
			struct hv_iomem *io = amalloc(&a, sizeof(*io) * (pt->n_iomems + 1));
			for (size_t k = 0; k < pt->n_iomems; k++)
				io[k] = (struct hv_iomem){ pt->iomems[k].pfn, pt->iomems[k].npages,
							   pt->iomems[k].has_gfn ? pt->iomems[k].gfn : pt->iomems[k].pfn };
			d->iomem = io;
			d->n_iomem = (int)pt->n_iomems;
			d->dtdevs = (const char *const *)pt->dtdevs;
			d->n_dtdevs = (int)pt->n_dtdevs;
		} else if (in->boot) {
			d->ram_bytes = in->boot->ram_bytes;
			d->vpl011 = in->boot->vpl011;
		} else {
			dom0less_facts(&h->ix, in->id, d);
		}
		if (in->partial)
			parse_partial(&a, in->partial, in->partial_len, &d->partial);
		if (in->dom0less) {
			/* Xen maps what xen,reg says: the iomem of a dom0less domain. */
			int total = 0;
			for (int k = 0; k < d->partial.n_devs; k++)
				total += d->partial.devs[k].n_xen_reg;
			struct hv_iomem *io = amalloc(&a, sizeof(*io) * (size_t)(total + 1));
			for (int k = 0; k < d->partial.n_devs; k++)
				for (int x = 0; x < d->partial.devs[k].n_xen_reg; x++) {
					const uint64_t *t = &d->partial.devs[k].xen_reg[3 * x];
					io[d->n_iomem++] = (struct hv_iomem){ dtp_pfn_of(t[0]), dtp_pages_up(t[1]),
									   dtp_pfn_of(t[2]) };
				}
			d->iomem = io;
		}
	}
	if (!rc) {
		struct hv_replay_scratch *scratch = dtp_xmalloc(sizeof(*scratch));
		hv_replay(&hh, hdoms, n_doms, gic, scratch, &rep->res);
		if (sm)
			add_unmapped_masters(h, &dl, sm->node, hdoms, n_doms, &rep->res,
					     &scratch->finding);
		free(scratch);
		/* The findings point into trees freed below: keep their names. */
		int shown = rep->res.n < rep->res.max ? rep->res.n : rep->res.max;
		for (int i = 0; i < shown; i++) {
			struct hv_finding *f = &rep->findings[i];
			if (f->device)
				f->device = rep->devices[i] = dtp_xstrdup(f->device);
		}
	}
	for (int i = 0; i < n_doms; i++)
		xlcfg_passthrough_free(&pts[i]);
	arena_free(&a);
	devlist_free(&dl);
	free(smmu);
	free(gic);
	return rc;
}

void check_report_free(struct check_report *rep)
{
	for (int i = 0; rep->devices && i < rep->res.max; i++)
		free(rep->devices[i]);
	free(rep->devices);
	free(rep->findings);
	memset(rep, 0, sizeof(*rep));
}

/* Every finding is kept: when the first replay finds more than it has
 * room for, it runs again with room for all of them. */
int check_run_host(const struct dtp_host *h, unsigned gic_lines,
		   const struct check_domain_input *doms, int n_doms, struct check_report *rep,
		   struct dtp_diag *diag)
{
	int room = 64, rc;
	memset(rep, 0, sizeof(*rep));
	for (;;) {
		rep->findings = dtp_xcalloc((size_t)room, sizeof(*rep->findings));
		rep->devices = dtp_xcalloc((size_t)room, sizeof(*rep->devices));
		rep->res.max = room;
		rc = replay_once(h, gic_lines, doms, n_doms, rep, diag);
		if (rc || rep->res.n <= rep->res.max)
			break;
		room = rep->res.n;
		check_report_free(rep);
	}
	return rc;
}

void check_print(const struct check_report *rep, int json)
{
	const struct hv_result *r = &rep->res;
	int shown = r->n < r->max ? r->n : r->max;
	if (json) {
		json_t *root = json_object(), *arr = json_array();
		for (int i = 0; i < shown; i++) {
			const struct hv_finding *f = &r->findings[i];
			json_t *o = json_object();
			json_object_set_new(o, "severity", json_string(f->severity == HV_ERROR ? "error" : "warning"));
			json_object_set_new(o, "code", json_string(hv_code_name(f->code)));
			json_object_set_new(o, "domain", json_integer(f->domain));
			json_object_set_new(o, "device", f->device ? json_string(f->device) : json_null());
			json_object_set_new(o, "problem", json_string(f->text));
			json_object_set_new(o, "xen_says", json_string(f->xen_message));
			json_object_set_new(o, "fix", json_string(f->fix));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "findings", arr);
		json_object_set_new(root, "errors", json_integer(r->errors));
		json_object_set_new(root, "warnings", json_integer(r->warnings));
		json_object_set_new(root, "domains", json_integer(rep->n_domains));
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (text)
			puts(text);
		free(text);
		json_decref(root);
		return;
	}
	for (int i = 0; i < shown; i++) {
		const struct hv_finding *f = &r->findings[i];
		printf("%s: domain %d%s%s: %s\n", f->severity == HV_ERROR ? "ERROR" : "warning", f->domain,
		       f->device ? ": " : "", f->device ? f->device : "", f->text);
		printf("    Xen: %s\n    fix: %s\n", f->xen_message, f->fix);
	}
	if (r->n > shown)
		printf("(%d more findings not shown)\n", r->n - shown);
	printf("check: %d error(s), %d warning(s) in %d domain(s)\n", r->errors, r->warnings, rep->n_domains);
}
