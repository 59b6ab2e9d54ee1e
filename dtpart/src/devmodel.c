/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "devmodel.h"
#include "xalloc.h"
#include "xenabi.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const gic_compatibles[] = {
	"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
	"arm,gic-v3", NULL
};
static const char *const smmu_compatibles[] = {
	"arm,mmu-500", "arm,smmu-v2", "arm,mmu-401", "arm,smmu-v1", "arm,mmu-400", NULL
};
static const char *const timer_compatibles[] = {
	"arm,armv8-timer", "arm,armv7-timer", NULL
};

/* A malformed tree: the message names the file and the node (the
 * diagnostic's parts), then what is wrong and the fix. */
static int bad_node(struct dtp_diag *diag, const struct dtp_index *ix, const char *node,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad_node(struct dtp_diag *diag, const struct dtp_index *ix, const char *node,
		    const char *fmt, ...)
{
	char what[DTP_DIAG_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	struct dtp_problem p = { dtp_index_source(ix), node, 0, NULL, NULL };
	return dtp_report(diag, DTP_EBADTREE, &p, "%s", what);
}

/* Room for need entries in an array that grows by doubling. */
static void *room_for(void *p, int *room, int need, size_t size)
{
	if (need <= *room)
		return p;
	int n = *room ? *room : 4;
	while (n < need)
		n = n > 0x3fffffff ? need : n * 2;
	*room = n;
	return dtp_xrealloc(p, size * (size_t)n);
}

static int compatible_any(const struct dtp_index *ix, int node, const char *const *list)
{
	int len;
	const char *c = dtp_index_prop(ix, node, "compatible", &len);
	for (; c && *list; list++)
		if (dtp_stringlist_contains(c, len, *list))
			return 1;
	return 0;
}

const char *dtp_irq_trigger_name(uint32_t flags)
{
	switch (flags & 0xf) {
	case 1: return "edge-rising";
	case 2: return "edge-falling";
	case 3: return "edge-both";
	case 4: return "level-high";
	case 8: return "level-low";
	case 0: return "none";
	default: return "invalid";
	}
}

static int status_ok(const struct dtp_index *ix, int node)
{
	int len;
	const char *s = dtp_index_prop(ix, node, "status", &len);
	if (!s)
		return 1;
	return len >= 3 && (strncmp(s, "okay", (size_t)len) == 0 || strncmp(s, "ok", (size_t)len) == 0);
}

/* Resolves an alias name or a path written in /chosen to a node. */
static int node_by_path_or_alias(const struct dtp_index *ix, const char *ref, size_t len)
{
	char buf[512];
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, ref, len);
	buf[len] = '\0';
	if (buf[0] == '/')
		return dtp_index_by_path(ix, buf);
	return dtp_index_by_alias(ix, buf);
}

/* Xen's console: `dtuart=` in xen,xen-bootargs, else /chosen/stdout-path. */
static void find_console(struct dtp_host *h)
{
	const struct dtp_index *ix = h->ix;
	h->console = -1;
	if (dtp_index_chosen(ix) < 0)
		return;
	int len;
	const char *args = dtp_index_prop(ix, dtp_index_chosen(ix), "xen,xen-bootargs", &len);
	if (args && len > 0 && args[len - 1] == '\0') {
		const char *p = args;
		while ((p = strstr(p, "dtuart=")) != NULL) {
			if (p == args || p[-1] == ' ') {
				const char *v = p + 7;
				size_t n = strcspn(v, " :");
				h->console = node_by_path_or_alias(ix, v, n);
				h->console_how = "xen,xen-bootargs dtuart=";
				if (h->console >= 0)
					return;
			}
			p += 7;
		}
	}
	const char *sp = dtp_index_prop(ix, dtp_index_chosen(ix), "stdout-path", &len);
	if (!sp)
		sp = dtp_index_prop(ix, dtp_index_chosen(ix), "linux,stdout-path", &len);
	if (sp && len > 0 && sp[len - 1] == '\0') {
		h->console = node_by_path_or_alias(ix, sp, strcspn(sp, ":"));
		h->console_how = "/chosen/stdout-path";
	}
}

static int parse_legacy_masters(struct dtp_host *h, int slot, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	int smmu = h->smmus[slot].node, len;
	const fdt32_t *p = dtp_index_prop(ix, smmu, "mmu-masters", &len);
	if (!p)
		return 0;
	h->smmus[slot].has_legacy = 1;
	int n = len / 4, i = 0;
	if (len % 4)
		return bad_node(diag, ix, dtp_node_path(ix, smmu), "mmu-masters length %d is not a multiple "
				"of 4", len);
	while (i < n) {
		uint32_t ph = fdt32_ld(&p[i]);
		int m = dtp_index_by_phandle(ix, ph);
		if (m < 0)
			return bad_node(diag, ix, dtp_node_path(ix, smmu),
					"mmu-masters entry %d refers to phandle 0x%x, which no node has", i, ph);
		uint32_t cells;
		if (dtp_index_u32(ix, m, "#stream-id-cells", 0, &cells) || cells == 0 || cells > 8)
			return dtp_fail(diag, DTP_EBADTREE,
					"%s: %s is listed in %s mmu-masters but has no valid #stream-id-cells; "
					"add #stream-id-cells = <1> to it",
					dtp_index_source(ix), dtp_node_path(ix, m), dtp_node_path(ix, smmu));
		if (i + 1 + (int)cells > n)
			return bad_node(diag, ix, dtp_node_path(ix, smmu), "mmu-masters is truncated after %s",
					dtp_node_path(ix, m));
		h->legacy_master_smmu[m] = slot + 1;
		i += 1 + (int)cells;
	}
	return 0;
}

int dtp_host_scan(struct dtp_host *h, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	h->gic = h->timer = h->console = -1;
	h->n_smmus = 0;
	int room = 0;
	h->legacy_master_smmu = dtp_xcalloc((size_t)dtp_index_count(ix) + 1, sizeof(int));
	uint32_t root_ip;
	int root_gic = -1;
	if (dtp_index_u32(ix, 0, "interrupt-parent", 0, &root_ip) == 0 && root_ip)
		root_gic = dtp_index_by_phandle(ix, root_ip);
	for (int i = 0; i < dtp_index_count(ix); i++) {
		if (dtp_index_prop(ix, i, "interrupt-controller", NULL) &&
		    compatible_any(ix, i, gic_compatibles) && (h->gic < 0 || i == root_gic))
			h->gic = i;
		if (compatible_any(ix, i, smmu_compatibles)) {
			h->smmus = room_for(h->smmus, &room, h->n_smmus + 1, sizeof(*h->smmus));
			struct dtp_smmu *s = &h->smmus[h->n_smmus++];
			memset(s, 0, sizeof(*s));
			s->node = i;
			s->enabled = status_ok(ix, i);
			if (dtp_index_u32(ix, i, "#iommu-cells", 1, &s->iommu_cells) ||
			    dtp_index_u32(ix, i, "stream-match-mask", 0, &s->stream_match_mask))
				return bad_node(diag, ix, dtp_node_path(ix, i),
						"#iommu-cells or stream-match-mask is not one cell");
			int rc = parse_legacy_masters(h, h->n_smmus - 1, diag);
			if (rc)
				return rc;
		}
		if (h->timer < 0 && compatible_any(ix, i, timer_compatibles))
			h->timer = i;
	}
	find_console(h);
	return 0;
}

int dtp_host_rescan_smmus(struct dtp_host *h, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	memset(h->legacy_master_smmu, 0, sizeof(int) * (size_t)dtp_index_count(ix));
	for (int slot = 0; slot < h->n_smmus; slot++) {
		struct dtp_smmu *s = &h->smmus[slot];
		s->enabled = status_ok(ix, s->node);
		if (dtp_index_u32(ix, s->node, "#iommu-cells", 1, &s->iommu_cells) ||
		    dtp_index_u32(ix, s->node, "stream-match-mask", 0, &s->stream_match_mask))
			return bad_node(diag, ix, dtp_node_path(ix, s->node), "#iommu-cells or stream-match-mask is "
					"not one cell");
		int rc = parse_legacy_masters(h, slot, diag);
		if (rc)
			return rc;
	}
	return 0;
}

void dtp_host_free(struct dtp_host *h)
{
	free(h->legacy_master_smmu);
	h->legacy_master_smmu = NULL;
	free(h->smmus);
	h->smmus = NULL;
	h->n_smmus = 0;
	dtp_index_free(h->ix);
	h->ix = NULL;
}

int dtp_device_is_candidate(const struct dtp_host *h, int node)
{
	const struct dtp_index *ix = h->ix;
	if (node <= 0)
		return 0;
	if (!dtp_index_prop(ix, node, "reg", NULL))
		return 0;
	if (!dtp_index_prop(ix, node, "interrupts", NULL) &&
	    !dtp_index_prop(ix, node, "interrupts-extended", NULL))
		return 0;
	int p = dtp_node_parent(ix, node);
	if (p == 0 && (strcmp(dtp_node_name(ix, node), "cpus") == 0 ||
		       strncmp(dtp_node_name(ix, node), "memory", 6) == 0))
		return 0;
	return 1;
}

const char *dtp_device_xen_role(const struct dtp_host *h, int node)
{
	if (node == h->gic)
		return "the interrupt controller (GIC) Xen drives";
	if (node == h->timer)
		return "the architectural timer Xen drives";
	if (node == h->console)
		return "the UART Xen uses as its console";
	for (int i = 0; i < h->n_smmus; i++)
		if (node == h->smmus[i].node)
			return "the SMMU Xen drives";
	return NULL;
}

static int read_cells(const fdt32_t *p, uint32_t n, uint64_t *out)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(&p[i]);
	*out = v;
	return 0;
}

/* #address-cells / #size-cells a node gives its children, checked. */
static int bus_cells(const struct dtp_index *ix, int bus, uint32_t *ac, uint32_t *sc,
		     struct dtp_diag *diag)
{
	if (dtp_index_u32(ix, bus, "#address-cells", 2, ac) ||
	    dtp_index_u32(ix, bus, "#size-cells", 1, sc))
		return bad_node(diag, ix, dtp_node_path(ix, bus), "#address-cells or #size-cells is not one cell");
	if (*ac < 1 || *ac > 2)
		return bad_node(diag, ix, dtp_node_path(ix, bus),
				"#address-cells = <%u> is not supported for memory-mapped "
				"devices (1 or 2); fix the bus node", *ac);
	if (*sc > 2)
		return bad_node(diag, ix, dtp_node_path(ix, bus),
				"#size-cells = <%u> is invalid (0, 1 or 2); fix the bus node", *sc);
	return 0;
}

/* Maps one child-bus address range to CPU physical addresses. */
static int translate(const struct dtp_index *ix, int node, struct dtp_range *r,
		     struct dtp_diag *diag)
{
	int bus = dtp_node_parent(ix, node);
	while (bus > 0) {
		int up = dtp_node_parent(ix, bus);
		int len;
		const fdt32_t *ranges = dtp_index_prop(ix, bus, "ranges", &len);
		if (!ranges)
			return bad_node(diag, ix, dtp_node_path(ix, node),
					"reg cannot be translated to a CPU address: its bus %s has no "
					"`ranges` (not a memory-mapped bus); add `ranges;` to %s if it is one",
					dtp_node_path(ix, bus), dtp_node_path(ix, bus));
		if (len > 0) {
			uint32_t ca, cs, pa, ps;
			int rc = bus_cells(ix, bus, &ca, &cs, diag);
			if (!rc)
				rc = bus_cells(ix, up, &pa, &ps, diag);
			if (rc)
				return rc;
			uint32_t entry = ca + pa + cs;
			if (len % (int)(entry * 4))
				return bad_node(diag, ix, dtp_node_path(ix, bus),
						"`ranges` is %d bytes, not a multiple of (%u+%u+%u) cells", len, ca, pa, cs);
			int found = 0;
			for (int i = 0; i < len / (int)(entry * 4) && !found; i++) {
				const fdt32_t *e = ranges + (size_t)i * entry;
				uint64_t caddr, paddr, size;
				read_cells(e, ca, &caddr);
				read_cells(e + ca, pa, &paddr);
				read_cells(e + ca + pa, cs, &size);
				if (r->addr >= caddr && r->size <= size && r->addr - caddr <= size - r->size) {
					r->addr = paddr + (r->addr - caddr);
					found = 1;
				}
			}
			if (!found)
				return bad_node(diag, ix, dtp_node_path(ix, node),
						"reg 0x%llx size 0x%llx is not covered by the `ranges` of %s; "
						"extend that bus's ranges",
						(unsigned long long)r->addr, (unsigned long long)r->size,
						dtp_node_path(ix, bus));
		}
		bus = up;
	}
	return 0;
}

static int parse_regs(const struct dtp_index *ix, int node, struct dtp_device *dev,
		      struct dtp_diag *diag)
{
	int len, parent = dtp_node_parent(ix, node);
	const fdt32_t *reg = dtp_index_prop(ix, node, "reg", &len);
	if (!reg || len == 0)
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: %s has no `reg`: nothing to map into a guest", dtp_index_source(ix), dev->path);
	uint32_t ac, sc;
	int rc = bus_cells(ix, parent, &ac, &sc, diag);
	if (rc)
		return rc;
	if (sc == 0)
		return bad_node(diag, ix, dev->path,
				"its bus %s has #size-cells = <0>: reg is not a memory-mapped range",
				dtp_node_path(ix, parent));
	uint32_t entry = ac + sc;
	if (len % (int)(entry * 4))
		return bad_node(diag, ix, dev->path,
				"`reg` is %d bytes, not a multiple of #address-cells + #size-cells "
				"= %u cells of %s; fix the reg property", len, entry,
				dtp_node_path(ix, parent));
	int n = len / (int)(entry * 4);
	dev->regs = room_for(dev->regs, &dev->room_regs, n, sizeof(*dev->regs));
	for (int i = 0; i < n; i++) {
		struct dtp_range *r = &dev->regs[i];
		read_cells(reg + (size_t)i * entry, ac, &r->addr);
		read_cells(reg + (size_t)i * entry + ac, sc, &r->size);
		if (r->size == 0)
			return bad_node(diag, ix, dev->path, "reg range %d has size 0", i);
		if (r->addr + r->size - 1 < r->addr)
			return bad_node(diag, ix, dev->path, "reg range %d wraps around the address space", i);
		rc = translate(ix, node, r, diag);
		if (rc)
			return rc;
	}
	dev->n_regs = n;
	return 0;
}

static int irq_parent_of(const struct dtp_index *ix, int node, struct dtp_diag *diag)
{
	for (int cur = node, steps = 0; cur >= 0 && steps <= DTP_MAX_DEPTH + 1;
	     cur = dtp_node_parent(ix, cur), steps++) {
		int len;
		const fdt32_t *p = dtp_index_prop(ix, cur, "interrupt-parent", &len);
		if (!p)
			continue;
		if (len != 4)
			return bad_node(diag, ix, dtp_node_path(ix, cur), "interrupt-parent is not one phandle");
		int target = dtp_index_by_phandle(ix, fdt32_ld(p));
		if (target < 0)
			return bad_node(diag, ix, dtp_node_path(ix, cur),
					"interrupt-parent <0x%x> points to no node; fix the phandle", fdt32_ld(p));
		return target;
	}
	/* No interrupt-parent anywhere: the parent node itself, per the spec. */
	return dtp_fail(diag, DTP_EBADTREE,
			"%s: %s has interrupts but no interrupt-parent on it or any ancestor; add "
			"interrupt-parent = <&gic> to the root", dtp_index_source(ix), dtp_node_path(ix, node));
}

static int add_irqs(const struct dtp_host *h, struct dtp_device *dev, int ctrl,
		    const fdt32_t *cells, int n_cells, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	if (ctrl != h->gic)
		return bad_node(diag, ix, dev->path,
				"its interrupts go to %s, not to the GIC; Xen can only route GIC "
				"SPIs to a guest", dtp_node_path(ix, ctrl));
	uint32_t icells;
	if (dtp_index_u32(ix, ctrl, "#interrupt-cells", 0, &icells))
		return bad_node(diag, ix, dtp_node_path(ix, ctrl), "#interrupt-cells is not one cell");
	if (icells == 4) {
		/* Valid: a GICv3 whose 4th cell names a PPI partition (RK3399). */
		struct dtp_problem p = { dtp_index_source(ix), dev->path, 0, NULL,
			"give the device by hand in the domain's xl config (iomem, irqs = SPI + 32, "
			"dtdev), or use a tree whose GIC has #interrupt-cells = <3>" };
		return dtp_report(diag, DTP_EUNSUPPORTED, &p, "unsupported: its GIC %s has #interrupt-cells = "
				  "<4> (GICv3 PPI partitions); dtpart reads 3-cell GIC interrupts only",
				  dtp_node_path(ix, ctrl));
	}
	if (icells != 3)
		return bad_node(diag, ix, dtp_node_path(ix, ctrl), "#interrupt-cells must be <3> for a GIC");
	if (n_cells % 3)
		return bad_node(diag, ix, dev->path,
				"`interrupts` has %d cells, not a multiple of the GIC's "
				"#interrupt-cells = <3>; fix the property", n_cells);
	dev->irqs = room_for(dev->irqs, &dev->room_irqs, dev->n_irqs + n_cells / 3, sizeof(*dev->irqs));
	for (int i = 0; i < n_cells; i += 3) {
		struct dtp_irq *q = &dev->irqs[dev->n_irqs++];
		q->type = fdt32_ld(&cells[i]);
		q->number = fdt32_ld(&cells[i + 1]);
		q->flags = fdt32_ld(&cells[i + 2]);
		if (dtp_gic_id(q->type, q->number, &q->id))
			return bad_node(diag, ix, dev->path,
					"interrupt <%u %u 0x%x> is neither an SPI (0, 0..987) nor a "
					"PPI (1, 0..15)", q->type, q->number, q->flags);
	}
	return 0;
}

static int parse_irqs(const struct dtp_host *h, int node, struct dtp_device *dev,
		      struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	int len;
	const fdt32_t *ext = dtp_index_prop(ix, node, "interrupts-extended", &len);
	if (ext) {
		int n = len / 4, i = 0;
		if (len % 4 || n == 0)
			return bad_node(diag, ix, dev->path, "malformed interrupts-extended");
		while (i < n) {
			int ctrl = dtp_index_by_phandle(ix, fdt32_ld(&ext[i]));
			if (ctrl < 0)
				return bad_node(diag, ix, dev->path,
						"interrupts-extended refers to phandle 0x%x, which no "
						"node has", fdt32_ld(&ext[i]));
			uint32_t ic;
			if (dtp_index_u32(ix, ctrl, "#interrupt-cells", 0, &ic) || ic == 0 ||
			    i + 1 + (int)ic > n)
				return bad_node(diag, ix, dev->path,
						"interrupts-extended entry for %s does not match its "
						"#interrupt-cells", dtp_node_path(ix, ctrl));
			int rc = add_irqs(h, dev, ctrl, ext + i + 1, (int)ic, diag);
			if (rc)
				return rc;
			dev->irq_parent = ctrl;
			i += 1 + (int)ic;
		}
		return 0;
	}
	const fdt32_t *irqs = dtp_index_prop(ix, node, "interrupts", &len);
	if (!irqs || len == 0)
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: %s has no `interrupts`: dtpart passes through devices with GIC "
				"interrupts only", dtp_index_source(ix), dev->path);
	if (len % 4)
		return bad_node(diag, ix, dev->path, "`interrupts` length %d is not whole cells", len);
	int ctrl = irq_parent_of(ix, node, diag);
	if (ctrl < 0)
		return ctrl;
	dev->irq_parent = ctrl;
	return add_irqs(h, dev, ctrl, irqs, len / 4, diag);
}

static int host_smmu_slot(const struct dtp_host *h, int node)
{
	for (int i = 0; i < h->n_smmus; i++)
		if (h->smmus[i].node == node)
			return i;
	return -1;
}

static void add_sid(struct dtp_device *dev, uint32_t id, uint32_t mask, int smmu)
{
	dev->sids = room_for(dev->sids, &dev->room_sids, dev->n_sids + 1, sizeof(*dev->sids));
	dev->sids[dev->n_sids++] = (struct dtp_sid){ id, mask, smmu };
}

static int parse_sids(const struct dtp_host *h, int node, struct dtp_device *dev,
		      struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	int legacy = h->legacy_master_smmu[node];
	int len;
	if (legacy) {
		/* Xen uses mmu-masters when present, so do we. */
		const struct dtp_smmu *s = &h->smmus[legacy - 1];
		const fdt32_t *p = dtp_index_prop(ix, s->node, "mmu-masters", &len);
		int n = len / 4;
		for (int i = 0; i < n;) {
			int m = dtp_index_by_phandle(ix, fdt32_ld(&p[i]));
			uint32_t cells;
			if (m < 0 || dtp_index_u32(ix, m, "#stream-id-cells", 0, &cells) || i + 1 + (int)cells > n)
				return bad_node(diag, ix, dtp_node_path(ix, s->node), "mmu-masters does not match the "
						"#stream-id-cells of its masters");
			if (m == node)
				for (uint32_t c = 0; c < cells; c++)
					add_sid(dev, fdt32_ld(&p[i + 1 + (int)c]), s->stream_match_mask, s->node);
			i += 1 + (int)cells;
		}
		dev->sids_from_legacy = 1;
		return 0;
	}
	const fdt32_t *p = dtp_index_prop(ix, node, "iommus", &len);
	if (!p)
		return 0;
	int n = len / 4;
	if (len % 4)
		return bad_node(diag, ix, dev->path, "`iommus` length %d is not whole cells", len);
	for (int i = 0; i < n;) {
		uint32_t ph = fdt32_ld(&p[i]);
		int target = dtp_index_by_phandle(ix, ph);
		int slot = target >= 0 ? host_smmu_slot(h, target) : -1;
		if (target < 0)
			return bad_node(diag, ix, dev->path,
					"`iommus` refers to phandle 0x%x, which no node has", ph);
		if (slot < 0) {
			/* A valid tree with an IOMMU dtpart has no model of (Renesas
			 * IPMMU, Rockchip, Qualcomm, SMMUv3...). */
			int clen;
			const char *compat = dtp_index_prop(ix, target, "compatible", &clen);
			struct dtp_problem prob = { dtp_index_source(ix), dev->path, 0, NULL,
				"set up this device's passthrough by hand (xl dtdev, irqs, iomem), or pass "
				"a device that is not behind that IOMMU" };
			return dtp_report(diag, DTP_EUNSUPPORTED, &prob, "unsupported: `iommus` refers to %s (%s), "
					  "an IOMMU dtpart does not model; it handles the Arm SMMU (arm,smmu-v1/v2, "
					  "arm,mmu-500) only", dtp_node_path(ix, target),
					  compat && clen > 0 ? compat : "no compatible");
		}
		const struct dtp_smmu *s = &h->smmus[slot];
		if (s->iommu_cells < 1 || s->iommu_cells > 2 || i + 1 + (int)s->iommu_cells > n)
			return bad_node(diag, ix, dev->path,
					"`iommus` does not match #iommu-cells = <%u> of %s", s->iommu_cells,
					dtp_node_path(ix, s->node));
		uint32_t id = fdt32_ld(&p[i + 1]);
		uint32_t mask = s->iommu_cells == 2 ? fdt32_ld(&p[i + 2]) : s->stream_match_mask;
		add_sid(dev, id, mask, s->node);
		i += 1 + (int)s->iommu_cells;
	}
	return 0;
}

static int parse_clocks(const struct dtp_index *ix, int node, struct dtp_device *dev,
			struct dtp_diag *diag)
{
	int len, names_len;
	const fdt32_t *p = dtp_index_prop(ix, node, "clocks", &len);
	if (!p)
		return 0;
	const char *names = dtp_index_prop(ix, node, "clock-names", &names_len);
	int n = len / 4, name_pos = 0;
	for (int i = 0; i < n;) {
		int prov = dtp_index_by_phandle(ix, fdt32_ld(&p[i]));
		if (prov < 0)
			return bad_node(diag, ix, dev->path,
					"`clocks` refers to phandle 0x%x, which no node has", fdt32_ld(&p[i]));
		uint32_t cc;
		if (dtp_index_u32(ix, prov, "#clock-cells", 0, &cc) || cc > 4 || i + 1 + (int)cc > n)
			return bad_node(diag, ix, dev->path,
					"`clocks` entry for %s does not match its #clock-cells", dtp_node_path(ix, prov));
		dev->clocks = room_for(dev->clocks, &dev->room_clocks, dev->n_clocks + 1, sizeof(*dev->clocks));
		struct dtp_clock *c = &dev->clocks[dev->n_clocks++];
		memset(c, 0, sizeof(*c));
		c->provider = prov;
		c->n_args = (int)cc;
		for (uint32_t a = 0; a < cc; a++)
			c->args[a] = fdt32_ld(&p[i + 1 + (int)a]);
		if (names && name_pos < names_len) {
			c->name = names + name_pos;
			name_pos += (int)strnlen(c->name, (size_t)(names_len - name_pos)) + 1;
			if (name_pos > names_len || names[name_pos - 1] != '\0')
				c->name = NULL;
		}
		uint32_t freq;
		if (dtp_index_compatible(ix, prov, "fixed-clock") &&
		    dtp_index_u32(ix, prov, "clock-frequency", 0, &freq) == 0)
			c->fixed_rate = freq;
		i += 1 + (int)cc;
	}
	return 0;
}

/* The arrays are valid up to their counts and keep their room: only the
 * fixed fields are cleared, as a device model is built for every node of
 * large trees. */
int dtp_device_build_resources(const struct dtp_host *h, int node, struct dtp_device *dev,
			   struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	memset(dev, 0, offsetof(struct dtp_device, regs));
	dev->n_regs = dev->n_irqs = dev->n_sids = dev->n_clocks = 0;
	dev->sids_from_legacy = 0;
	dev->node = node;
	dev->path = dtp_node_path(ix, node);
	dev->name = dtp_node_name(ix, node);
	dev->irq_parent = -1;
	int len;
	const char *compat = dtp_index_prop(ix, node, "compatible", &len);
	dev->compatible = compat && len > 0 && compat[len - 1] == '\0' ? compat : NULL;
	dev->status_ok = status_ok(ix, node);
	dev->has_passthrough_flag = dtp_index_prop(ix, node, "xen,passthrough", NULL) != NULL;
	if (node == 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: the root node is not a device", dtp_index_source(ix));
	int rc = parse_regs(ix, node, dev, diag);
	if (!rc)
		rc = parse_irqs(h, node, dev, diag);
	if (!rc)
		rc = parse_sids(h, node, dev, diag);
	const char *role = rc ? dtp_device_xen_role(h, node) : NULL;
	if (role) {
		/* Xen's own devices (the timer has no `reg`) are refused as such,
		 * whatever else their node lacks. */
		struct dtp_problem p = { dtp_index_source(ix), dev->path, 0, NULL,
					 node == h->console ? "give Xen another console (xen,xen-bootargs "
					 "dtuart=serialN) or pass another UART"
					 : "Xen needs it for itself; it can never be passed through" };
		rc = dtp_report(diag, DTP_EREFUSED, &p, "%s: refused", role);
	}
	return rc;
}

int dtp_device_first_address(const struct dtp_host *h, int node, uint64_t *addr)
{
	const struct dtp_index *ix = h->ix;
	int len, parent = dtp_node_parent(ix, node);
	const fdt32_t *reg = node > 0 ? dtp_index_prop(ix, node, "reg", &len) : NULL;
	uint32_t ac, sc;
	struct dtp_diag ignored;
	if (!reg || bus_cells(ix, parent, &ac, &sc, &ignored) || sc == 0 || len < (int)((ac + sc) * 4))
		return -1;
	struct dtp_range r;
	read_cells(reg, ac, &r.addr);
	read_cells(reg + ac, sc, &r.size);
	if (r.size == 0 || r.addr + r.size - 1 < r.addr || translate(ix, node, &r, &ignored))
		return -1;
	*addr = r.addr;
	return 0;
}

int dtp_device_build(const struct dtp_host *h, int node, struct dtp_device *dev,
		 struct dtp_diag *diag)
{
	int rc = dtp_device_build_resources(h, node, dev, diag);
	if (!rc)
		rc = parse_clocks(h->ix, node, dev, diag);
	return rc;
}

void dtp_device_free(struct dtp_device *dev)
{
	free(dev->regs);
	free(dev->irqs);
	free(dev->sids);
	free(dev->clocks);
	memset(dev, 0, sizeof(*dev));
}
