/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check.h"
#include "guesttree.h"
#include "hostboot.h"
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
#include <hypervisor/xen_rules.h>
#include <xlcfg/passthrough.h>

#define XL_DEFAULT_MEMORY_MIB 128   /* xl's default when `memory` is not set */

/* Everything the replay's plain structs point to lives in one arena until
 * the end (two small arrays per host device). */
static void *amalloc(struct dtp_arena *a, size_t size)
{
	return dtp_arena_alloc(a, size, 16);
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
	if (dtp_blob_validate(fdt, len, "partial tree", &ignored))
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
	if (dtp_index_chosen(ix) < 0)
		return 0;
	for (int c = dtp_node_first_child(ix, dtp_index_chosen(ix)); c >= 0; c = dtp_node_next_sibling(ix, c))
		if (dtp_index_compatible(ix, c, "multiboot,kernel") ||
		    dtp_index_compatible(ix, c, "xen,linux-zimage"))
			return 1;
	return 0;
}

/* Every multiboot,module under /chosen (any depth): Xen's boot modules. */
static int chosen_modules(struct dtp_arena *a, const struct dtp_index *ix, struct hv_range **out)
{
	int n = 0;
	*out = NULL;
	if (dtp_index_chosen(ix) < 0)
		return 0;
	int end = dtp_index_chosen(ix) + 1;
	while (end < dtp_index_count(ix) && dtp_node_depth(ix, end) > dtp_node_depth(ix, dtp_index_chosen(ix)))
		end++;
	*out = amalloc(a, sizeof(**out) * (size_t)(end - dtp_index_chosen(ix)));
	for (int i = dtp_index_chosen(ix) + 1; i < end; i++) {
		uint32_t ac, sc;
		int p = dtp_node_parent(ix, i), len;
		if (!dtp_index_compatible(ix, i, "multiboot,module") || dtp_index_u32(ix, p, "#address-cells", 2, &ac) ||
		    dtp_index_u32(ix, p, "#size-cells", 1, &sc) || ac < 1 || ac > 2 || sc < 1 || sc > 2)
			continue;
		const fdt32_t *reg = dtp_index_prop(ix, i, "reg", &len);
		if (reg && len >= (int)(4 * (ac + sc)))
			(*out)[n++] = (struct hv_range){ cells_value(reg, ac), cells_value(reg + ac, sc) };
	}
	return n;
}

/* The /chosen node Xen builds dom0less domain `id` from, or -1. */
static int domu_node(const struct dtp_index *ix, unsigned id)
{
	char path[64];
	snprintf(path, sizeof(path), "/chosen/domU%u", id);
	return dtp_index_by_path(ix, path);
}

/* RAM, vCPUs, vpl011, nr_spis, xen,enhanced, passthrough, direct-map,
 * xen,static-mem and the kernel's module of /chosen/domUN: what Xen builds
 * the domain and its tree from. */
static void dom0less_facts(struct dtp_arena *a, const struct dtp_index *ix, unsigned id, struct hv_domain *d)
{
	int n = domu_node(ix, id);
	d->ram_bytes = 256ull << 20;
	d->tree.vcpus = 1;
	if (n < 0)
		return;
	int len;
	const fdt32_t *m = dtp_index_prop(ix, n, "memory", &len);
	if (m && (len == 8 || len == 4))
		d->ram_bytes = cells_value(m, (uint32_t)len / 4) * 1024;
	d->vpl011 = dtp_index_prop(ix, n, "vpl011", NULL) != NULL;
	d->enhanced = dtp_index_prop(ix, n, "xen,enhanced", NULL) != NULL;
	d->passthrough_prop = dtp_index_prop(ix, n, "passthrough", NULL) != NULL;
	uint32_t v;
	if (dtp_index_u32(ix, n, "nr_spis", 0, &v) == 0)
		d->nr_spis = v;
	if (dtp_index_u32(ix, n, "cpus", 1, &v) == 0)
		d->tree.vcpus = v;
	for (int c = dtp_node_first_child(ix, n); c >= 0; c = dtp_node_next_sibling(ix, c)) {
		const fdt32_t *reg = dtp_index_prop(ix, c, "reg", &len);
		uint64_t size = reg && len == 16 ? cells_value(reg + 2, 2) : reg && len == 8 ? fdt32_ld(&reg[1]) : 0;
		if (dtp_index_compatible(ix, c, "multiboot,kernel")) {
			const char *args = dtp_index_prop(ix, c, "bootargs", &len);
			d->tree.bootargs_len = args && len > 0 ? (uint32_t)strnlen(args, (size_t)len) : 0;
			d->tree.kernel_has_size = size != 0;
		} else if (dtp_index_compatible(ix, c, "multiboot,ramdisk")) {
			d->tree.has_ramdisk = size != 0;
		}
	}
	d->direct_map = dtp_index_prop(ix, n, "direct-map", NULL) != NULL;
	/* In the parent's (/chosen's) cells, inherited from the root when
	 * absent, as Xen reads them (dt_n_addr_cells walks up). */
	uint32_t ac = 2, sc = 1;
	int p = dtp_node_parent(ix, n);
	const fdt32_t *sm = dtp_index_prop(ix, n, "xen,static-mem", &len);
	if (sm && !dtp_index_u32(ix, 0, "#address-cells", 2, &ac) && !dtp_index_u32(ix, 0, "#size-cells", 1, &sc) &&
	    !dtp_index_u32(ix, p, "#address-cells", ac, &ac) && !dtp_index_u32(ix, p, "#size-cells", sc, &sc) &&
	    ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2) {
		int nb = len / (int)(4 * (ac + sc));
		struct hv_range *b = amalloc(a, sizeof(*b) * (size_t)(nb + 1));
		for (int k = 0; k < nb; k++)
			b[k] = (struct hv_range){ cells_value(sm + k * (int)(ac + sc), ac),
						  cells_value(sm + k * (int)(ac + sc) + ac, sc) };
		d->static_mem = b;
		d->n_static_mem = nb;
	}
}

/* Xen numbers the /chosen nodes compatible with "xen,domain" 1..N in tree
 * order (create_domUs: domain_create(++max_init_domid)); 0 when the node is
 * not in the tree yet (its domain is about to be written). */
static unsigned chosen_domid(const struct dtp_index *ix, unsigned id)
{
	int n = domu_node(ix, id);
	unsigned k = 0;
	for (int c = dtp_index_chosen(ix) < 0 || n < 0 ? -1 : dtp_node_first_child(ix, dtp_index_chosen(ix)); c >= 0;
	     c = dtp_node_next_sibling(ix, c))
		if (dtp_index_compatible(ix, c, "xen,domain")) {
			k++;
			if (c == n)
				return k;
		}
	return 0;
}

/* Whether number k is given to another input already. */
static int domid_used(const unsigned *domids, int n_doms, unsigned k)
{
	for (int i = 0; i < n_doms; i++)
		if (domids[i] == k)
			return 1;
	return 0;
}

/* The domain numbers the replay uses, as Xen gives them: dom0less domains
 * as /chosen numbers them (not written yet: the free numbers from 1 in plan
 * order, which is where dtpart writes them); an xl domain, whose real ID xl
 * picks at creation, keeps its own number unless a dom0less domain boots
 * under it, and then takes the next free one. Same rule as
 * dtp_boot_domid (dom0less.c) for the plan. */
static void boot_domids(const struct dtp_index *ix, const struct dtp_check_domain_input *doms, int n_doms,
			unsigned *domids)
{
	for (int i = 0; i < n_doms; i++)
		domids[i] = doms[i].dom0less ? chosen_domid(ix, doms[i].id) : 0;
	/* pass 0: dom0less domains not in /chosen yet; 1: xl domains on their
	 * own numbers; 2: xl domains whose number a dom0less domain boots as */
	for (int pass = 0; pass < 3; pass++)
		for (;;) {
			int best = -1;  /* the lowest plan id this pass has not numbered */
			for (int i = 0; i < n_doms; i++)
				if (!domids[i] && (pass == 0 ? doms[i].dom0less : !doms[i].dom0less) &&
				    (pass != 1 || !domid_used(domids, n_doms, doms[i].id)) &&
				    (best < 0 || doms[i].id < doms[best].id))
					best = i;
			if (best < 0)
				break;
			unsigned k = pass == 1 ? doms[best].id : 1;
			while (domid_used(domids, n_doms, k))
				k++;
			domids[best] = k;
		}
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
	const char *smmu = dtp_node_path(h->ix, smmu_node);
	struct dtp_dma_memo *memo = dtp_dma_memo_new();
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *d = &dl->devs[i];
		struct dtp_dma_class c;
		if (dtp_devsum_on_smmu(d, smmu_node) || !d->status_ok || !dtp_policy_unmapped_master(h, d->node, memo, &c))
			continue;
		struct hv_finding *f = hv_result_add(res, spare, HV_ERROR, HVC_SMMU,
						     d->has_passthrough_flag ? owner_by_iomem(d, doms, n_doms) : 0, d->path);
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
	dtp_dma_memo_free(memo);
}

/* Nodes the host tree hides from dom0 (xen,passthrough) that no domain of
 * the plan owns: no guest gets them either. A warning, not an error: a
 * user's own tree may flag a device for an xl domain configured outside
 * dtpart. */
static void add_unowned_flags(const struct dtp_devlist *dl, const struct dtp_check_target *target, struct hv_result *res,
			      struct hv_finding *spare)
{
	for (int i = 0; target->plan && i < dl->n; i++) {
		const struct dtp_devsum *d = &dl->devs[i];
		if (!d->has_passthrough_flag || !d->status_ok || dtp_plan_owner(target->plan, d->path, NULL))
			continue;
		struct hv_finding *f = hv_result_add(res, spare, HV_WARNING, HVC_PASSTHROUGH_UNOWNED, 0, d->path);
		snprintf(f->text, sizeof(f->text), "carries xen,passthrough, but no domain of %s owns it: "
			 "Xen hides it from dom0 and no guest of the plan gets it",
			 target->plan_file ? target->plan_file : "the plan");
		snprintf(f->xen_message, sizeof(f->xen_message), "(accepted silently: dom0's tree gets the "
			 "node with status = \"disabled\", and nothing is mapped for it)");
		snprintf(f->fix, sizeof(f->fix), "give it to a domain with dtpart passthrough, or remove the "
			 "property (dtpart release %s, when the input tree carries it; the next run rewrites "
			 "xen.dtb from the input tree); keep it if an xl domain set up outside dtpart takes it",
			 d->path);
	}
}

int dtp_check_run(const void *host, size_t host_len, const char *host_name, const struct dtp_check_target *target,
	      const struct dtp_check_domain_input *doms, int n_doms, struct dtp_check_report *rep,
	      struct dtp_diag *diag)
{
	(void)host_len;
	memset(rep, 0, sizeof(*rep));
	struct dtp_host h;
	memset(&h, 0, sizeof(h));
	int rc = dtp_index_build(host, host_name, &h.ix, diag);
	if (!rc)
		rc = dtp_host_scan(&h, diag);
	if (!rc)
		rc = dtp_check_run_host(&h, target, doms, n_doms, rep, diag);
	dtp_host_free(&h);
	return rc;
}

/* One replay with room for rep->res.max findings. */
static int replay_once(const struct dtp_host *h, const struct dtp_check_target *target,
		       const struct dtp_check_domain_input *doms, int n_doms, struct dtp_check_report *rep,
		       struct dtp_diag *diag)
{
	struct dtp_arena a = { 0 };
	struct dtp_devlist dl = { 0 };
	struct smmu *smmu = NULL;
	struct gic_model *gic = dtp_xmalloc(sizeof(*gic));
	rep->res = (struct hv_result){ rep->findings, rep->res.max, 0, 0, 0 };
	rep->n_domains = n_doms;
	int rc = 0;
	dtp_devlist_build(h, &dl);
	struct hv_host hh = { .gic_lines = target->gic_lines ? target->gic_lines : GIC_MAX_LINES,
			      .xen_version = target->xen_version ? target->xen_version : HV_XEN_DEFAULT };
	rep->xen_version = hh.xen_version;
	hh.has_dom0 = has_dom0_kernel(h->ix);
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
		/* A DMA master: stream IDs in the tree, or a class that masters the
		 * bus (policy.c), as passthrough decides it. */
		struct dtp_dma_class dc = { .kind = DTP_DMA_NO };
		if (!d->n_sids && d->has_passthrough_flag)
			dtp_policy_dma_class(h->ix, d->node, &dc);
		hd[i] = (struct hv_host_device){ d->path, r, d->n_regs, q, d->n_irqs, d->has_passthrough_flag,
						 dtp_device_xen_role(h, d->node), -1, false,
						 d->n_sids > 0 || (dc.kind == DTP_DMA_YES && !dc.via_dmas) };
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
				struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL, NULL };
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
			kept_irqs[kn] = dtp_index_prop(h->ix, kept_nodes[kn], "interrupts", &lens[kn]);
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
	/* Boot modules: those in the tree, and those of domains whose
	 * /chosen/domUN is still to be written. */
	struct hv_range *mods;
	int n_mods = chosen_modules(&a, h->ix, &mods), extra = 0;
	for (int i = 0; i < n_doms; i++)
		extra += doms[i].boot ? doms[i].boot->n_modules : 0;
	if (extra) {
		struct hv_range *all = amalloc(&a, sizeof(*all) * (size_t)(n_mods + extra));
		for (int i = 0; i < n_mods; i++)
			all[i] = mods[i];
		for (int i = 0; i < n_doms; i++)
			for (int k = 0; doms[i].boot && k < doms[i].boot->n_modules; k++)
				all[n_mods++] = (struct hv_range){ doms[i].boot->modules[k][0], doms[i].boot->modules[k][1] };
		mods = all;
	}
	hh.modules = mods;
	hh.n_modules = n_mods;
	for (int i = 0; i < n_doms; i++)
		hh.no_static_memory |= doms[i].xen_no_static_memory != 0;
	struct hv_domain *hdoms = amalloc(&a, sizeof(*hdoms) * (size_t)(n_doms + 1));
	struct xlcfg_passthrough *pts = amalloc(&a, sizeof(*pts) * (size_t)(n_doms + 1));
	for (int i = 0; i < n_doms; i++)
		xlcfg_passthrough_init(&pts[i]);
	rep->plan_ids = dtp_xcalloc((size_t)n_doms + 1, sizeof(unsigned));
	rep->domids = dtp_xcalloc((size_t)n_doms + 1, sizeof(unsigned));
	boot_domids(h->ix, doms, n_doms, rep->domids);
	for (int i = 0; !rc && i < n_doms; i++) {
		const struct dtp_check_domain_input *in = &doms[i];
		struct hv_domain *d = &hdoms[i];
		rep->plan_ids[i] = in->id;
		d->id = (int)rep->domids[i];
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
			d->tree.vcpus = in->boot->vcpus ? in->boot->vcpus : 1;
			d->tree.bootargs_len = in->boot->bootargs_len;
			d->tree.kernel_has_size = in->boot->kernel_size != 0;
			d->tree.has_ramdisk = in->boot->has_ramdisk;
			d->direct_map = in->boot->direct_map;
			if (in->boot->bank_size) {
				struct hv_range *b = amalloc(&a, sizeof(*b));
				*b = (struct hv_range){ in->boot->bank_addr, in->boot->bank_size };
				d->static_mem = b;
				d->n_static_mem = 1;
			}
		} else {
			dom0less_facts(&a, h->ix, in->id, d);
		}
		if (in->partial)
			parse_partial(&a, in->partial, in->partial_len, &d->partial);
		if (in->dom0less) {
			char *name = amalloc(&a, 32);
			snprintf(name, 32, "domU%u", in->id);
			d->name = name;
		}
		/* The tree Xen builds for a dom0less domain: sized by the replay. */
		if (in->dom0less && in->partial && d->partial.valid_blob) {
			dtp_guest_tree_host(h->ix, &d->tree);
			d->tree.partial_size = (uint32_t)in->partial_len;
			d->tree.known = dtp_guest_tree_walk(in->partial, &a, &d->tree) == 0;
		}
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
		add_unowned_flags(&dl, target, &rep->res, &scratch->finding);
		rep->host_file = dtp_xstrdup(dtp_index_source(h->ix));
		free(scratch);
		rep->files = dtp_xcalloc((size_t)n_doms + 1, sizeof(*rep->files));
		for (int i = 0; i < n_doms; i++) {
			const char *file = doms[i].cfg_name ? doms[i].cfg_name : doms[i].partial_name;
			/* keyed by the number the findings carry */
			rep->files[i] = (struct dtp_check_domain_file){ rep->domids[i], file ? dtp_xstrdup(file) : NULL };
		}
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
	dtp_arena_free(&a);
	dtp_devlist_free(&dl);
	free(smmu);
	free(gic);
	return rc;
}

void dtp_check_report_free(struct dtp_check_report *rep)
{
	free(rep->plan_ids);
	free(rep->domids);
	for (int i = 0; rep->devices && i < rep->res.max; i++)
		free(rep->devices[i]);
	free(rep->devices);
	free(rep->findings);
	for (int i = 0; rep->files && i < rep->n_domains; i++)
		free(rep->files[i].file);
	free(rep->files);
	free(rep->host_file);
	memset(rep, 0, sizeof(*rep));
}

/* Every finding is kept: when the first replay finds more than it has
 * room for, it runs again with room for all of them. */
/* A ZynqMP dom0 must keep the clocks it does not use itself running: Xen's
 * EEMI mediator gives the firmware's clock calls to dom0 alone, so the
 * clocks of devices guests own are dom0's to leave alone. Xen reads dom0's
 * command line from xen,dom0-bootargs, else /chosen/bootargs. */
static void warn_dom0_clocks(const struct dtp_host *h)
{
	const struct dtp_index *ix = h->ix;
	if (dtp_index_chosen(ix) < 0 || !has_dom0_kernel(ix) || !dtp_hostboot_is_zynqmp(ix))
		return;
	int len;
	const char *args = dtp_index_prop(ix, dtp_index_chosen(ix), "xen,dom0-bootargs", &len);
	if (!args)
		args = dtp_index_prop(ix, dtp_index_chosen(ix), "bootargs", &len);
	if (args && len > 0 && memchr(args, '\0', (size_t)len) && strstr(args, "clk_ignore_unused"))
		return;
	dtp_warn("%s: dom0's command line (/chosen/xen,dom0-bootargs) lacks clk_ignore_unused: on ZynqMP "
		 "dom0 switches off the clocks it does not use, which include those of the devices guests "
		 "own (Xen leaves the clock calls to dom0); add it (`dtpart host` writes it)", dtp_index_source(ix));
}

int dtp_check_run_host(const struct dtp_host *h, const struct dtp_check_target *target,
		   const struct dtp_check_domain_input *doms, int n_doms, struct dtp_check_report *rep,
		   struct dtp_diag *diag)
{
	int room = 64, rc;
	warn_dom0_clocks(h);
	memset(rep, 0, sizeof(*rep));
	for (;;) {
		rep->findings = dtp_xcalloc((size_t)room, sizeof(*rep->findings));
		rep->devices = dtp_xcalloc((size_t)room, sizeof(*rep->devices));
		rep->res.max = room;
		rc = replay_once(h, target, doms, n_doms, rep, diag);
		if (rc || rep->res.n <= rep->res.max)
			break;
		room = rep->res.n;
		dtp_check_report_free(rep);
	}
	return rc;
}

/* The file a finding is about: its domain's, or the host tree's for the
 * findings about the host tree alone. */
static const char *finding_file(const struct dtp_check_report *rep, const struct hv_finding *f)
{
	if (f->code == HVC_PASSTHROUGH_UNOWNED)
		return rep->host_file;
	for (int i = 0; rep->files && i < rep->n_domains; i++)
		if ((int)rep->files[i].id == f->domain)
			return rep->files[i].file;
	return NULL;
}

void dtp_check_print(const struct dtp_check_report *rep, int json)
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
			const char *file = finding_file(rep, f);
			json_object_set_new(o, "file", file ? json_string(file) : json_null());
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
		char ver[16];
		snprintf(ver, sizeof(ver), "%u.%u", rep->xen_version >> 8, rep->xen_version & 0xff);
		json_object_set_new(root, "xen", json_string(ver));
		json_t *ids = json_array();
		for (int i = 0; rep->domids && i < rep->n_domains; i++)
			json_array_append_new(ids, json_pack("{s:I, s:I}", "domain", (json_int_t)rep->plan_ids[i],
							     "domid", (json_int_t)rep->domids[i]));
		json_object_set_new(root, "domids", ids);
		/* jansson fails only for want of memory here (xalloc.h). */
		char *text = dtp_xcheck(json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS));
		puts(text);
		free(text);
		json_decref(root);
		return;
	}
	for (int i = 0; i < shown; i++) {
		const struct hv_finding *f = &r->findings[i];
		const char *file = finding_file(rep, f);
		char who[64];
		snprintf(who, sizeof(who), "domain %d", f->domain);
		for (int k = 0; rep->domids && k < rep->n_domains; k++)
			if ((int)rep->domids[k] == f->domain && rep->plan_ids[k] != rep->domids[k])
				snprintf(who, sizeof(who), "domain %u (boots as domid %d)", rep->plan_ids[k], f->domain);
		printf("%s: %s%s%s%s%s%s: %s\n", f->severity == HV_ERROR ? "ERROR" : "warning",
		       file ? file : "", file ? " (" : "", who, file ? ")" : "", f->device ? ": " : "",
		       f->device ? f->device : "", f->text);
		printf("    Xen: %s\n    fix: %s\n", f->xen_message, f->fix);
	}
	if (r->n > shown)
		printf("(%d more findings not shown)\n", r->n - shown);
	printf("check: %d error(s), %d warning(s) in %d domain(s), Xen %u.%u rules\n", r->errors, r->warnings,
	       rep->n_domains, rep->xen_version >> 8, rep->xen_version & 0xff);
}
