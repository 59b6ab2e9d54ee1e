/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "partial.h"
#include "policy.h"
#include "xalloc.h"
#include "fdtwrite.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Properties that only make sense to the host (its firmware, power, pin and
 * IOMMU controllers stay with Xen/dom0), or that dtpart writes itself. */
static const char *const dropped_props[] = {
	"power-domains", "power-domain-names", "resets", "reset-names", "pinctrl-names",
	"iommus", "iommu-map", "iommu-map-mask", "assigned-clocks", "assigned-clock-parents",
	"assigned-clock-rates", "xen,passthrough", "linux,phandle", "phandle",
	"interrupt-parent", "interrupts-extended", "xen,reg", "xen,path",
	"xen,force-assign-without-iommu", NULL
};

enum ph_kind { PH_LIST, PH_CELLS };

/* Properties known to hold phandles: rewritten when the target is copied
 * too, else dropped (with their -names companion) or refused when the
 * device cannot work without it. */
static const struct {
	const char *name;
	enum ph_kind kind;
	const char *cells_prop;
	const char *names_prop;
	int required;
} phandle_props[] = {
	{ "phy-handle", PH_LIST, NULL, NULL, 1 },
	{ "phy", PH_LIST, NULL, NULL, 1 },
	{ "phys", PH_CELLS, "#phy-cells", "phy-names", 1 },
	{ "nvmem-cells", PH_LIST, NULL, "nvmem-cell-names", 0 },
	{ "dmas", PH_CELLS, "#dma-cells", "dma-names", 0 },
	{ "mboxes", PH_CELLS, "#mbox-cells", "mbox-names", 0 },
	{ "memory-region", PH_LIST, NULL, "memory-region-names", 0 },
	{ "pwms", PH_CELLS, "#pwm-cells", "pwm-names", 0 },
	{ "io-channels", PH_CELLS, "#io-channel-cells", "io-channel-names", 0 },
	{ "sram", PH_LIST, NULL, NULL, 0 },
	{ "gpios", PH_CELLS, "#gpio-cells", NULL, 0 },  /* also every *-gpios */
};
#define N_PHANDLE_PROPS (sizeof(phandle_props) / sizeof(phandle_props[0]))

struct pctx {
	const struct dtp_host *h;
	const struct dtp_partial_dev *devs;
	int n_devs;
	int dom0less;
	uint32_t *new_phandle;  /* host node -> guest phandle, 0 = not copied */
	char *copied;           /* host node -> 1 when inside a copied subtree */
	uint64_t rates[64];
	int n_rates;
	uint32_t gic_phandle;
	int pass;               /* warnings only on the first generation pass */
	struct dtp_diag *diag;
};

static int is_pinctrl(const char *name)
{
	return strncmp(name, "pinctrl-", 8) == 0;
}

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

static int phandle_prop_index(const char *name)
{
	size_t l = strlen(name);
	for (size_t i = 0; i < N_PHANDLE_PROPS; i++)
		if (strcmp(phandle_props[i].name, name) == 0)
			return (int)i;
	if (l > 6 && strcmp(name + l - 6, "-gpios") == 0)
		return (int)N_PHANDLE_PROPS - 1;
	return -1;
}

/* Rewrites the phandles of a known phandle property; returns 1 when every
 * target is copied (out filled), 0 when some target stays outside (*outside
 * names it), -1 when malformed. */
static int remap_phandles(struct pctx *c, int pi, const fdt32_t *val, int len, uint32_t *out,
			  int *outside)
{
	const struct dtp_index *ix = c->h->ix;
	int n = len / 4;
	if (len % 4)
		return -1;
	for (int i = 0; i < n;) {
		uint32_t ph = fdt32_ld(&val[i]);
		if (ph == 0) { /* an empty entry (cs-gpios' "native chip select"): no phandle, no cells */
			out[i++] = 0;
			continue;
		}
		int t = dtp_index_by_phandle(ix, ph);
		if (t < 0)
			return -1;
		uint32_t args = 0;
		if (phandle_props[pi].kind == PH_CELLS &&
		    (dtp_index_u32(ix, t, phandle_props[pi].cells_prop, 0, &args) || args > 16))
			return -1;
		if (i + 1 + (int)args > n)
			return -1;
		if (!c->copied[t] || !c->new_phandle[t]) {
			*outside = t;
			return 0;
		}
		out[i] = c->new_phandle[t];
		for (uint32_t a = 0; a < args; a++)
			out[i + 1 + (int)a] = fdt32_ld(&val[i + 1 + (int)a]);
		i += 1 + (int)args;
	}
	return 1;
}

static int rate_phandle(const struct pctx *c, uint64_t rate)
{
	for (int i = 0; i < c->n_rates; i++)
		if (c->rates[i] == rate)
			return i + 1;
	return 0;
}

/* The companion -names property of a dropped phandle property. */
static int dropped_companion(struct pctx *c, int node, const char *name)
{
	for (size_t i = 0; i < N_PHANDLE_PROPS; i++) {
		const char *np = phandle_props[i].names_prop;
		if (!np || strcmp(np, name))
			continue;
		int len;
		const fdt32_t *v = dtp_index_prop(c->h->ix, node, phandle_props[i].name, &len);
		if (!v)
			return 0;
		uint32_t tmp[256];
		int outside = -1;
		return len > (int)sizeof(tmp) || remap_phandles(c, (int)i, v, len, tmp, &outside) != 1;
	}
	return 0;
}

static int copy_props(struct pctx *c, struct dtp_fdtw *w, int node, const struct dtp_partial_dev *top)
{
	const struct dtp_index *ix = c->h->ix;
	const char *path = dtp_node_path(ix, node);
	int off;
	fdt_for_each_property_offset(off, dtp_index_fdt(ix), dtp_node_offset(ix, node)) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(dtp_index_fdt(ix), off, &name, &len);
		if (!val || in_list(dropped_props, name) || is_pinctrl(name))
			continue;
		if (strcmp(name, "clocks") == 0 || strcmp(name, "interrupts") == 0 ||
		    (top && strcmp(name, "reg") == 0) ||
		    (top && top->has_mac && strcmp(name, "local-mac-address") == 0))
			continue; /* written from the model below */
		if (dropped_companion(c, node, name))
			continue;
		int pi = phandle_prop_index(name);
		/* A gpio-hog's `gpios` holds its controller's specifiers, no phandle. */
		if (pi >= 0 && strcmp(name, "gpios") == 0 && dtp_index_prop(ix, node, "gpio-hog", NULL))
			pi = -1;
		if (pi >= 0) {
			uint32_t cells[256];
			int outside = -1;
			int r = len <= (int)sizeof(cells) ? remap_phandles(c, pi, val, len, cells, &outside) : -1;
			if (r == 1) {
				dtp_fdtw_prop_cells(w, name, cells, len / 4);
				continue;
			}
			if (r < 0)
				return dtp_fail(c->diag, DTP_EBADTREE, "%s: %s: `%s` is malformed (a phandle "
						"that points nowhere or a cell count that does not match)",
						dtp_index_source(ix), path, name);
			if (phandle_props[pi].required)
				return dtp_policy_refuse_outside_ref(c->h, path, name, outside, c->diag);
			if (c->pass == 1)
				dtp_warn("%s: dropped `%s` in the guest copy: it refers to %s, which stays "
					 "with dom0", path, name, dtp_node_path(ix, outside));
			continue;
		}
		dtp_fdtw_prop(w, name, val, len);
	}
	if (c->new_phandle[node])
		dtp_fdtw_prop_u32(w, "phandle", c->new_phandle[node]);
	return 0;
}

static int copy_child(struct pctx *c, struct dtp_fdtw *w, int node)
{
	const struct dtp_index *ix = c->h->ix;
	dtp_fdtw_begin_node(w, dtp_node_name(ix, node));
	int rc = copy_props(c, w, node, NULL);
	if (rc)
		return rc;
	if (c->pass == 1 && (dtp_index_prop(ix, node, "clocks", NULL) ||
			     dtp_index_prop(ix, node, "interrupts", NULL)))
		dtp_warn("%s: dropped `clocks`/`interrupts` of this child node in the guest copy: "
			 "dtpart routes the device's own interrupts and clocks only", dtp_node_path(ix, node));
	for (int ch = dtp_node_first_child(ix, node); ch >= 0 && !rc; ch = dtp_node_next_sibling(ix, ch))
		rc = copy_child(c, w, ch);
	dtp_fdtw_end_node(w);
	return rc;
}

static void put_cells64(uint32_t *cells, uint64_t v)
{
	cells[0] = (uint32_t)(v >> 32);
	cells[1] = (uint32_t)v;
}

/* The node's name in the guest: the unit address is the first guest reg
 * address, which dtc expects of a child of the simple-bus /passthrough
 * (simple_bus_reg). The host name may carry a bus-local address
 * (/axi/cci@fd6e0000/pmu@9000, whose reg is 0xfd6e9000 once translated)
 * or none, and a moved device's address follows its guest reg. */
static void guest_node_name(const struct dtp_partial_dev *pd, char *buf, size_t len)
{
	const struct dtp_device *d = pd->dev;
	const char *at = strchr(d->name, '@');
	int base = at ? (int)(at - d->name) : (int)strlen(d->name);
	if (!d->n_regs)
		snprintf(buf, len, "%s", d->name);
	else
		snprintf(buf, len, "%.*s@%llx", base, d->name,
			 (unsigned long long)(d->regs[0].addr + pd->guest_offset));
}

static int emit_device(struct pctx *c, struct dtp_fdtw *w, const struct dtp_partial_dev *pd)
{
	const struct dtp_device *d = pd->dev;
	char node_name[256];
	/* Large enough for every property below: xen,reg (6 cells a range),
	 * interrupts (3 an interrupt), clocks (1 each). */
	int n = d->n_regs * 6;
	n = n > d->n_irqs * 3 ? n : d->n_irqs * 3;
	n = n > d->n_clocks ? n : d->n_clocks;
	guest_node_name(pd, node_name, sizeof(node_name));
	dtp_fdtw_begin_node(w, node_name);
	int rc = copy_props(c, w, d->node, pd);
	if (rc)
		return rc;
	uint32_t *cells = dtp_xcalloc((size_t)n, sizeof(*cells));
	for (int i = 0; i < d->n_regs; i++) {
		put_cells64(&cells[i * 4], d->regs[i].addr + pd->guest_offset);
		put_cells64(&cells[i * 4 + 2], d->regs[i].size);
	}
	dtp_fdtw_prop_cells(w, "reg", cells, d->n_regs * 4);
	if (pd->has_mac)
		dtp_fdtw_prop(w, "local-mac-address", pd->mac, 6);
	dtp_fdtw_prop_u32(w, "interrupt-parent", c->gic_phandle);
	for (int i = 0; i < d->n_irqs; i++) {
		cells[i * 3] = d->irqs[i].type;
		cells[i * 3 + 1] = d->irqs[i].number;
		cells[i * 3 + 2] = d->irqs[i].flags;
	}
	dtp_fdtw_prop_cells(w, "interrupts", cells, d->n_irqs * 3);
	if (d->n_clocks) {
		for (int i = 0; i < d->n_clocks; i++)
			cells[i] = (uint32_t)rate_phandle(c, pd->clock_rates[i]);
		dtp_fdtw_prop_cells(w, "clocks", cells, d->n_clocks);
	}
	if (c->dom0less) {
		/* Xen maps whole pages: host and guest address are page bases,
		 * the guest one moved by the device's placement (0 for 1:1). */
		for (int i = 0; i < d->n_regs; i++) {
			uint64_t base, len;
			dtp_page_span(d->regs[i].addr, d->regs[i].size, &base, &len);
			put_cells64(&cells[i * 6], base);
			put_cells64(&cells[i * 6 + 2], len);
			put_cells64(&cells[i * 6 + 4], base + pd->guest_offset);
		}
		dtp_fdtw_prop_cells(w, "xen,reg", cells, d->n_regs * 6);
		dtp_fdtw_prop_str(w, "xen,path", d->path);
		if (pd->force_assign)
			dtp_fdtw_prop(w, "xen,force-assign-without-iommu", NULL, 0);
	}
	free(cells);
	const struct dtp_index *ix = c->h->ix;
	for (int ch = dtp_node_first_child(ix, d->node); ch >= 0 && !rc; ch = dtp_node_next_sibling(ix, ch))
		rc = copy_child(c, w, ch);
	dtp_fdtw_end_node(w);
	return rc;
}

/* True when a device on /passthrough has unit address `unit`. */
static int unit_taken(const struct pctx *c, uint64_t unit)
{
	char want[24];
	snprintf(want, sizeof(want), "%llx", (unsigned long long)unit);
	for (int i = 0; i < c->n_devs; i++) {
		char name[256];
		guest_node_name(&c->devs[i], name, sizeof(name));
		const char *at = strchr(name, '@');
		if (at && strcmp(at + 1, want) == 0)
			return 1;
	}
	return 0;
}

/* The fixed clocks, in one container on /passthrough. libxl and Xen copy
 * only /passthrough into the guest and it must be a simple-bus; dtc wants
 * each child of a simple-bus to carry `reg` or a non-empty `ranges` that
 * matches its unit address (simple_bus_reg), which a fixed clock cannot.
 * The container can: /passthrough's cells and one range of length 0 (it
 * maps nothing). It is no device: without `compatible`, Linux's
 * of_platform_populate passes it by, and of_clk_init registers fixed
 * clocks wherever they sit. Xen's dom0less and libxl copy /passthrough
 * whole, nested nodes included. */
static void emit_clocks(const struct pctx *c, struct dtp_fdtw *w)
{
	if (!c->n_rates)
		return;
	uint64_t unit = 0;   /* the first unit address no device has (unique_unit_address) */
	while (unit_taken(c, unit))
		unit++;
	char name[48];
	snprintf(name, sizeof(name), "clocks@%llx", (unsigned long long)unit);
	dtp_fdtw_begin_node(w, name);
	dtp_fdtw_prop_u32(w, "#address-cells", 2);
	dtp_fdtw_prop_u32(w, "#size-cells", 2);
	uint32_t range[6] = { 0, 0, 0, 0, 0, 0 };
	put_cells64(&range[2], unit);
	dtp_fdtw_prop_cells(w, "ranges", range, 6);
	for (int i = 0; i < c->n_rates; i++) {
		snprintf(name, sizeof(name), "fixed-clock-%llu", (unsigned long long)c->rates[i]);
		dtp_fdtw_begin_node(w, name);
		dtp_fdtw_prop_str(w, "compatible", "fixed-clock");
		dtp_fdtw_prop_u32(w, "#clock-cells", 0);
		dtp_fdtw_prop_u32(w, "clock-frequency", (uint32_t)c->rates[i]);
		dtp_fdtw_prop_u32(w, "phandle", (uint32_t)(i + 1));
		dtp_fdtw_end_node(w);
	}
	dtp_fdtw_end_node(w);
}

static int gen_partial(struct dtp_fdtw *w, void *vctx)
{
	struct pctx *c = vctx;
	const struct dtp_index *ix = c->h->ix;
	c->pass++;
	dtp_fdtw_finish_reservations(w);
	dtp_fdtw_begin_node(w, "");
	dtp_fdtw_prop_u32(w, "#address-cells", 2);
	dtp_fdtw_prop_u32(w, "#size-cells", 2);
	/* Dom0less: Xen gives the guest GIC this node's phandle. xl: libxl
	 * drops the node (it copies only /passthrough and /aliases) and the
	 * guest GIC is 65000; the node is there so that the devices'
	 * interrupt-parent names a node and dtc reads domN.dts without
	 * warnings. #address-cells: dtc wants it in an interrupt provider. */
	dtp_fdtw_begin_node(w, "gic");
	dtp_fdtw_prop_u32(w, "#interrupt-cells", 3);
	dtp_fdtw_prop_u32(w, "#address-cells", 0);
	dtp_fdtw_prop(w, "interrupt-controller", NULL, 0);
	dtp_fdtw_prop_u32(w, "phandle", c->gic_phandle);
	dtp_fdtw_end_node(w);
	dtp_fdtw_begin_node(w, "passthrough");
	dtp_fdtw_prop_str(w, "compatible", "simple-bus");
	dtp_fdtw_prop(w, "ranges", NULL, 0);
	dtp_fdtw_prop_u32(w, "#address-cells", 2);
	dtp_fdtw_prop_u32(w, "#size-cells", 2);
	emit_clocks(c, w);
	for (int i = 0; i < c->n_devs; i++) {
		int rc = emit_device(c, w, &c->devs[i]);
		if (rc)
			return rc;
	}
	dtp_fdtw_end_node(w);
	dtp_fdtw_begin_node(w, "aliases");
	for (int i = 0; i < c->n_devs; i++)
		for (int a = 0; a < dtp_index_n_aliases(ix); a++)
			if (dtp_index_alias_node(ix, a) == c->devs[i].dev->node) {
				char p[512], name[256];
				guest_node_name(&c->devs[i], name, sizeof(name));
				snprintf(p, sizeof(p), "/passthrough/%s", name);
				dtp_fdtw_prop_str(w, dtp_index_alias_name(ix, a), p);
			}
	dtp_fdtw_end_node(w);
	dtp_fdtw_end_node(w);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void mark_subtree(struct pctx *c, int node, uint32_t *next)
{
	const struct dtp_index *ix = c->h->ix;
	c->copied[node] = 1;
	if (dtp_node_phandle(ix, node))
		c->new_phandle[node] = (*next)++;
	for (int ch = dtp_node_first_child(ix, node); ch >= 0; ch = dtp_node_next_sibling(ix, ch))
		mark_subtree(c, ch, next);
}

int dtp_partial_build(const struct dtp_host *h, const struct dtp_partial_dev *devs, int n_devs,
		  int dom0less, void **blob, size_t *len, struct dtp_diag *diag)
{
	struct pctx c = { h, devs, n_devs, dom0less, NULL, NULL, {0}, 0, DTP_GUEST_GIC_PHANDLE, 0, diag };
	for (int i = 0; i < n_devs; i++)
		for (int k = 0; k < devs[i].dev->n_clocks; k++) {
			uint64_t r = devs[i].clock_rates[k];
			int seen = 0;
			for (int j = 0; j < c.n_rates; j++)
				seen |= c.rates[j] == r;
			if (!seen) {
				if (c.n_rates == 64)
					return dtp_fail(diag, DTP_ECLOCK, "more than 64 distinct clock rates");
				if (dtp_policy_check_rate(devs[i].dev->path, r, diag))
					return -DTP_ECLOCK;
				c.rates[c.n_rates++] = r;
			}
		}
	qsort(c.rates, (size_t)c.n_rates, sizeof(uint64_t), cmp_u64);
	c.new_phandle = dtp_xcalloc((size_t)dtp_index_count(h->ix), sizeof(uint32_t));
	c.copied = dtp_xcalloc((size_t)dtp_index_count(h->ix), 1);
	uint32_t next = (uint32_t)c.n_rates + 1;
	for (int i = 0; i < n_devs; i++)
		mark_subtree(&c, devs[i].dev->node, &next);
	if (dom0less)
		c.gic_phandle = next++;
	int rc = dtp_policy_check_phandles(next, diag);
	if (!rc) {
		rc = dtp_fdtw_run(gen_partial, &c, 16384, blob, len);
		if (rc == -DTP_EBADTREE && !diag->msg[0])
			dtp_fail(diag, DTP_EBADTREE, "cannot write the partial tree");
	}
	free(c.new_phandle);
	free(c.copied);
	return rc;
}
