/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hostboot.h"
#include "plan.h"

#include <hypervisor/xen_rules.h>

#include <stdio.h>
#include <string.h>

int dtp_hostboot_is_zynqmp(const struct dtp_index *ix)
{
	return dtp_index_count(ix) > 0 && dtp_index_compatible(ix, 0, "xlnx,zynqmp");
}

/* Whether a space-separated command line has an argument KEY=... (or KEY). */
static const char *arg_of(const char *line, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = line; p && *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n >= kl && strncmp(p, key, kl) == 0 && (key[kl - 1] == '=' || n == kl))
			return p;
		p += n;
	}
	return NULL;
}

/* The alias that names node, preferring serialN; NULL when none does. */
static const char *alias_of(const struct dtp_index *ix, int node)
{
	const char *best = NULL;
	for (int i = 0; i < dtp_index_n_aliases(ix); i++)
		if (dtp_index_alias_node(ix, i) == node && (!best || strncmp(dtp_index_alias_name(ix, i), "serial", 6) == 0))
			best = dtp_index_alias_name(ix, i);
	return best;
}

/* Xen's console: the user's dtuart=, else the tree's (xen,xen-bootargs or
 * stdout-path, as Xen reads them). -1 when there is none. */
static int console_node(const struct dtp_host *h, const char *user, char *ref, size_t len)
{
	const char *d = user ? arg_of(user, "dtuart=") : NULL;
	if (d) {
		d += 7;
		size_t n = strcspn(d, " :");
		snprintf(ref, len, "%.*s", (int)n, d);
		return ref[0] == '/' ? dtp_index_by_path(h->ix, ref) : dtp_index_by_alias(h->ix, ref);
	}
	if (h->console < 0)
		return -1;
	const char *a = alias_of(h->ix, h->console);
	snprintf(ref, len, "%s", a ? a : dtp_node_path(h->ix, h->console));
	return h->console;
}

void dtp_hostboot_console(struct dtp_host *h, const struct dtp_plan *plan)
{
	char ref[512] = "";
	const char *user = dtp_host_boot_asked(&plan->host_boot) ? plan->host_boot.xen_bootargs : NULL;
	if (!user || !arg_of(user, "dtuart="))
		return;
	int node = console_node(h, user, ref, sizeof(ref));
	if (node >= 0) {
		h->console = node;
		h->console_how = "dtpart host --xen-bootargs dtuart=";
	}
}

/* One of dom0's modules in /chosen, as Xen's bootfdt.c reads them: a
 * multiboot module anywhere below /chosen (also the old binding,
 * /chosen/modules/module@0 with xen,multiboot-module) whose parent is not a
 * dom0less domain (xen,domain); its kind by compatible, or guessed by Xen
 * from its place (the first is the kernel). An XSM policy is Xen's own and
 * a guest's device tree a dom0less domain's: they stay. */
static const char *const dom0_module_kinds[] = { "multiboot,kernel", "multiboot,ramdisk", "xen,linux-zimage",
						  "xen,linux-initrd", "multiboot,module", "xen,multiboot-module" };

static int dom0_module(const struct dtp_index *ix, int node)
{
	if (dtp_index_compatible(ix, node, "xen,xsm-policy") || dtp_index_compatible(ix, node, "multiboot,device-tree") ||
	    dtp_index_compatible(ix, dtp_node_parent(ix, node), "xen,domain"))
		return 0;
	for (size_t i = 0; i < sizeof(dom0_module_kinds) / sizeof(dom0_module_kinds[0]); i++)
		if (dtp_index_compatible(ix, node, dom0_module_kinds[i]))
			return 1;
	return 0;
}

/* Copies name into hb->dropped_names; 0 when it does not fit. */
static int keep_name(struct dtp_hostboot *hb, size_t *used, const char *name)
{
	size_t l = strlen(name) + 1;
	if (*used + l > sizeof(hb->dropped_names))
		return 0;
	memcpy(hb->dropped_names + *used, name, l);
	*used += l;
	return 1;
}

/* The input's own dom0 modules are replaced: named in a warning, and the
 * labels and aliases naming them go too (they would name nothing). A child
 * of /chosen that stays and has a reg is read in /chosen's cells, which
 * dtpart sets to 2: refused when they were others. */
static int replaced_modules(const struct dtp_index *ix, int no_dom0, struct dtp_hostboot *hb,
			    struct dtp_diag *diag)
{
	char names[1024] = "";
	size_t used = 0;
	uint32_t ac = 2, sc = 2;
	int cells_differ = dtp_index_u32(ix, dtp_index_chosen(ix), "#address-cells", 2, &ac) ||
			   dtp_index_u32(ix, dtp_index_chosen(ix), "#size-cells", 1, &sc) || ac != 2 || sc != 2;
	int depth = dtp_node_depth(ix, dtp_index_chosen(ix));
	for (int c = dtp_index_chosen(ix) + 1; c < dtp_index_count(ix) && dtp_node_depth(ix, c) > depth; c++) {
		if (!dom0_module(ix, c)) {
			if (cells_differ && dtp_node_parent(ix, c) == dtp_index_chosen(ix) && dtp_index_prop(ix, c, "reg", NULL))
				return dtp_fail(diag, DTP_EBADTREE, "%s: %s: its reg is in /chosen's #address-cells "
						"= <%u> / #size-cells = <%u>, which dtpart host sets to 2 for dom0's "
						"modules; write its reg in 2 + 2 cells and set both in /chosen, or "
						"remove it (fdtput -r FILE %s)",
						dtp_index_source(ix), dtp_node_path(ix, c), ac, sc, dtp_node_path(ix, c));
			continue;
		}
		if (hb->n_replaced == DTP_HOSTBOOT_MAX_REPLACED)
			return dtp_fail(diag, DTP_EBADTREE, "%s: /chosen has more than %d dom0 modules (Xen takes "
					"at most 32 boot modules); remove them (fdtput -r FILE /chosen/module@...) and "
					"let dtpart host write dom0's", dtp_index_source(ix), DTP_HOSTBOOT_MAX_REPLACED);
		hb->replaced[hb->n_replaced++] = c;
		/* Xen gives a kernel module's own bootargs to dom0 before
		 * xen,dom0-bootargs: say they go. */
		int alen;
		const char *compat = dtp_index_prop(ix, c, "compatible", NULL);
		const char *args = dtp_index_prop(ix, c, "bootargs", &alen);
		size_t l = strlen(names);
		snprintf(names + l, sizeof(names) - l, "%s%s (%s%s%.*s%s)", hb->n_replaced > 1 ? ", " : "",
			 dtp_node_path(ix, c), compat ? compat : "no compatible", args ? ", bootargs \"" : "",
			 args ? (int)strnlen(args, (size_t)alen) : 0, args ? args : "", args ? "\"" : "");
	}
	int n_labels = dtp_index_n_labels(ix);
	for (int i = 0; i < n_labels + dtp_index_n_aliases(ix); i++) {
		int label = i < n_labels;
		int ref_node = label ? dtp_index_label_node(ix, i) : dtp_index_alias_node(ix, i - n_labels);
		const char *ref_name = label ? dtp_index_label_name(ix, i) : dtp_index_alias_name(ix, i - n_labels);
		for (int k = 0; k < hb->n_replaced; k++) {
			if (ref_node != hb->replaced[k])
				continue;
			if (!keep_name(hb, &used, ref_name))
				return dtp_fail(diag, DTP_EBADTREE, "%s: too many labels and aliases name dom0's "
						"modules in /chosen; remove the modules (fdtput -r FILE PATH) and let "
						"dtpart host write dom0's", dtp_index_source(ix));
			if (i < dtp_index_n_labels(ix))
				hb->n_dropped_labels++;
			else
				hb->n_dropped_aliases++;
		}
	}
	const char *gone = hb->n_dropped_labels + hb->n_dropped_aliases ? "; the labels and aliases naming them go too" : "";
	/* Without dom0 they go: a dom0 kernel module left in /chosen would
	 * make Xen boot dom0 after all (is_dom0less_mode). */
	if (hb->n_replaced && no_dom0)
		dtp_warn("%s: removing dom0's module%s of the input's /chosen, %s: dtpart host --no-dom0 boots "
			 "Xen without dom0%s", dtp_index_source(ix), hb->n_replaced > 1 ? "s" : "", names, gone);
	else if (hb->n_replaced)
		dtp_warn("%s: replacing dom0's module%s of the input's /chosen, %s, with the ones dtpart host "
			 "writes (--dom0-kernel/--dom0-ramdisk; dom0's command line: --dom0-bootargs)%s", dtp_index_source(ix),
			 hb->n_replaced > 1 ? "s" : "", names, gone);
	return 0;
}

/* The input's own command lines are replaced by dtpart's: said, when they
 * differ, so that what the user had (root=, Xen's options) is not lost
 * without a word. */
static void warn_replaced_args(const struct dtp_index *ix, const char *prop, const char *now, const char *option)
{
	int len;
	const char *old = dtp_index_chosen(ix) < 0 ? NULL : dtp_index_prop(ix, dtp_index_chosen(ix), prop, &len);
	if (!old || len < 1 || (strnlen(old, (size_t)len) == strlen(now) && strncmp(old, now, (size_t)len) == 0))
		return;
	if (!option) {
		dtp_warn("%s: /chosen/%s \"%.*s\" is removed: dtpart host --no-dom0 boots Xen without dom0",
			 dtp_index_source(ix), prop, (int)strnlen(old, (size_t)len), old);
		return;
	}
	dtp_warn("%s: /chosen/%s \"%.*s\" is replaced by \"%s\"; give what it should keep with %s",
		 dtp_index_source(ix), prop, (int)strnlen(old, (size_t)len), old, now, option);
}

static void append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);
	if (s && *s)
		snprintf(buf + used, len - used, "%s%s", used ? " " : "", s);
}

/* A boot without dom0 (Xen's dom0less-only mode, since 4.16: with no dom0
 * kernel module and at least one domU kernel, start_xen skips create_dom0;
 * fcb97d1f19 "xen/arm: Prevent Dom0 to be loaded when using dom0less")
 * must have a dom0less domain, for with neither Xen tries dom0 and panics
 * ("Missing kernel boot module?", "Could not set up DOM0 guest OS"); it
 * can have no xl domain, for xl runs in dom0; and no domain of the input's
 * /chosen may want dom0's Xenstore (HV_RULE_ENHANCED_NEEDS_DOM0). */
static int check_no_dom0(const struct dtp_index *ix, const struct dtp_plan *plan, struct dtp_diag *diag)
{
	for (int i = 0; i < plan->n_domains; i++)
		if (plan->domains[i].mode != DTP_MODE_DOM0LESS)
			return dtp_fail(diag, DTP_EREFUSED, "domain %u is an xl domain, but the plan boots Xen without "
					"dom0 (dtpart host --no-dom0) and xl runs in dom0: nothing would start it; "
					"make it a dom0less domain (dtpart release its devices, then dtpart passthrough "
					"DEVICE --domain %u --dom0less --kernel FILE) or boot dom0 (dtpart host "
					"--dom0-kernel FILE)", plan->domains[i].id, plan->domains[i].id);
	if (dtp_dom0less_count(plan) == 0)
		return dtp_fail(diag, DTP_EREFUSED, "the plan boots Xen without dom0 (dtpart host --no-dom0) but has "
				"no dom0less domain: Xen would have nothing to run and, finding no dom0 kernel "
				"either, panics (\"Missing kernel boot module?\", \"Could not set up DOM0 guest OS\"); "
				"give Xen a domain first (dtpart passthrough DEVICE --domain 1 --dom0less --kernel "
				"FILE) or boot dom0 (dtpart host --dom0-kernel FILE)");
	unsigned xen = plan->xen ? plan->xen : HV_XEN_DEFAULT;
	int chosen = dtp_index_chosen(ix);
	if (chosen < 0 || !hv_rule_applies(HV_RULE_ENHANCED_NEEDS_DOM0, xen))
		return 0;
	for (int c = dtp_node_first_child(ix, chosen); c >= 0; c = dtp_node_next_sibling(ix, c)) {
		int len;
		const char *v = dtp_index_prop(ix, c, "xen,enhanced", &len);
		if (!dtp_index_compatible(ix, c, "xen,domain") || !v ||
		    (len > 0 && memchr(v, '\0', (size_t)len) && strcmp(v, "enabled") != 0))
			continue;
		const struct hv_rule_row *r = hv_rule_row(HV_RULE_ENHANCED_NEEDS_DOM0);
		return dtp_fail(diag, DTP_EREFUSED, "%s: %s has xen,enhanced%s%.*s%s, which wants dom0's Xenstore: "
				"Xen %u.%u boots without dom0 (dtpart host --no-dom0) and panics \"At the moment, "
				"Xenstore support requires dom0 to be present\" (%s; %s); set it to \"no-xenstore\" "
				"(fdtput -t s FILE %s xen,enhanced no-xenstore), remove it (fdtput -d FILE %s "
				"xen,enhanced) or boot dom0 (dtpart host --dom0-kernel FILE)",
				dtp_index_source(ix), dtp_node_path(ix, c), len > 0 ? " = \"" : "",
				len > 0 ? (int)strnlen(v, (size_t)len) : 0, v, len > 0 ? "\"" : "", xen >> 8, xen & 0xff,
				r->source, r->change, dtp_node_path(ix, c), dtp_node_path(ix, c));
	}
	return 0;
}

int dtp_hostboot_build(const struct dtp_host *h, const struct dtp_plan *plan,
		       const struct dtp_dom0less_module *dom0, int n_dom0, struct dtp_hostboot *hb,
		       struct dtp_diag *diag)
{
	const struct dtp_host_boot *b = &plan->host_boot;
	const struct dtp_index *ix = h->ix;
	memset(hb, 0, sizeof(*hb));
	hb->two = cpu_to_fdt32(2);
	hb->create_chosen = dtp_index_chosen(ix) < 0;
	hb->no_dom0 = b->no_dom0;
	int rc = b->no_dom0 ? check_no_dom0(ix, plan, diag) : 0;
	if (!rc && dtp_index_chosen(ix) >= 0)
		rc = replaced_modules(ix, b->no_dom0, hb, diag);
	if (rc)
		return rc;
	char ref[512] = "";
	int con = console_node(h, b->xen_bootargs, ref, sizeof(ref));
	if (con < 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: no console for Xen: %s; add /chosen/stdout-path "
				"(e.g. \"serial0:115200n8\") to the tree or give --xen-bootargs "
				"\"dtuart=serial0\" (an alias or path of the UART Xen should use)", dtp_index_source(ix),
				ref[0] ? "the dtuart= given names no node of the tree"
				       : "the tree has no /chosen/stdout-path");
	if (dtp_plan_owner(plan, dtp_node_path(ix, con), NULL)) {
		unsigned owner = dtp_plan_owner(plan, dtp_node_path(ix, con), NULL)->id;
		return dtp_fail(diag, DTP_EREFUSED, "%s is Xen's console (dtuart=%s) but domain %u owns it: "
				"Xen would share its UART with a guest (\"IRQ is already used by Xen\"); "
				"release it (dtpart release %s) or give Xen another UART with --xen-bootargs "
				"\"dtuart=ALIAS\"", dtp_node_path(ix, con), ref, owner, ref);
	}
	size_t xl = sizeof(hb->xen_args), dl = sizeof(hb->dom0_args);
	if (!b->xen_bootargs || !arg_of(b->xen_bootargs, "console="))
		append(hb->xen_args, xl, "console=dtuart");
	if (!b->xen_bootargs || !arg_of(b->xen_bootargs, "dtuart=")) {
		char d[600];
		snprintf(d, sizeof(d), "dtuart=%s", ref);
		append(hb->xen_args, xl, d);
	}
	if (!b->no_dom0 && (!b->xen_bootargs || !arg_of(b->xen_bootargs, "dom0_mem="))) {
		char m[64];
		snprintf(m, sizeof(m), "dom0_mem=%s", b->dom0_mem ? b->dom0_mem : "1024M");
		append(hb->xen_args, xl, m);
	}
	append(hb->xen_args, xl, b->xen_bootargs);
	if (!b->no_dom0 && (!b->dom0_bootargs || !arg_of(b->dom0_bootargs, "console=")))
		append(hb->dom0_args, dl, "console=hvc0");
	/* Xen's EEMI mediator keeps the clock calls for dom0: a dom0 that
	 * gates "unused" clocks stops the devices the guests own. */
	if (!b->no_dom0 && dtp_hostboot_is_zynqmp(ix) &&
	    (!b->dom0_bootargs || !arg_of(b->dom0_bootargs, "clk_ignore_unused")))
		append(hb->dom0_args, dl, "clk_ignore_unused");
	if (!b->no_dom0)
		append(hb->dom0_args, dl, b->dom0_bootargs);
	if (strlen(hb->xen_args) + 1 >= xl || strlen(hb->dom0_args) + 1 >= dl)
		return dtp_fail(diag, DTP_EUSAGE, "the bootargs are longer than %zu bytes", xl - 2);
	for (int i = 0; i < n_dom0 && i < 2; i++)
		hb->modules[hb->n_modules++] = dom0[i];
	warn_replaced_args(ix, "xen,xen-bootargs", hb->xen_args, "--xen-bootargs");
	warn_replaced_args(ix, "xen,dom0-bootargs", hb->dom0_args, b->no_dom0 ? NULL : "--dom0-bootargs");
	return 0;
}

static void emit_module(struct dtp_fdtw *w, void *ctx)
{
	const struct dtp_dom0less_module *mod = ctx;
	char name[64], compat[64];
	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)mod->addr);
	dtp_fdtw_begin_node(w, name);
	int l = snprintf(compat, sizeof(compat), "%s", mod->compatible);
	l += snprintf(compat + l + 1, sizeof(compat) - (size_t)l - 1, "multiboot,module");
	dtp_fdtw_prop(w, "compatible", compat, l + 2);
	uint32_t reg[4] = { (uint32_t)(mod->addr >> 32), (uint32_t)mod->addr, (uint32_t)(mod->size >> 32),
			    (uint32_t)mod->size };
	dtp_fdtw_prop_cells(w, "reg", reg, 4);
	dtp_fdtw_end_node(w);
}

static void emit_chosen_props(struct dtp_fdtw *w, const struct dtp_hostboot *hb)
{
	dtp_fdtw_prop_u32(w, "#address-cells", 2);
	dtp_fdtw_prop_u32(w, "#size-cells", 2);
	if (hb->bare)
		return;
	dtp_fdtw_prop_str(w, "xen,xen-bootargs", hb->xen_args);
	if (!hb->no_dom0)
		dtp_fdtw_prop_str(w, "xen,dom0-bootargs", hb->dom0_args);
}

/* The whole /chosen, for a tree that has none. */
static void emit_chosen(struct dtp_fdtw *w, void *ctx)
{
	struct dtp_hostboot *hb = ctx;
	dtp_fdtw_begin_node(w, "chosen");
	emit_chosen_props(w, hb);
	for (int i = 0; i < hb->n_domus; i++)
		dtp_dom0less_emit(w, (void *)&hb->domus[i]);
	for (int i = 0; i < hb->n_modules; i++)
		emit_module(w, &hb->modules[i]);
	dtp_fdtw_end_node(w);
}

void dtp_hostboot_bare(struct dtp_hostboot *hb)
{
	memset(hb, 0, sizeof(*hb));
	hb->create_chosen = 1;
	hb->bare = 1;
}

void dtp_hostboot_edits(const struct dtp_host *h, struct dtp_hostboot *hb, const struct dtp_dom0less_domain *domus,
			int n_domus, struct dtp_host_edits *e)
{
	int chosen = dtp_index_chosen(h->ix);
	if (hb->create_chosen) {
		hb->domus = domus;
		hb->n_domus = n_domus;
		dtp_host_edit_child(e, 0, emit_chosen, hb);
		return;
	}
	for (int i = 0; i < hb->n_replaced; i++)
		dtp_host_edit_delete(e, hb->replaced[i]);
	const char *name = hb->dropped_names;
	int symbols = dtp_index_by_path(h->ix, "/__symbols__"), aliases = dtp_index_by_path(h->ix, "/aliases");
	for (int i = 0; i < hb->n_dropped_labels + hb->n_dropped_aliases; i++, name += strlen(name) + 1)
		dtp_host_edit_prop(e, i < hb->n_dropped_labels ? symbols : aliases, name, NULL, 0);
	dtp_host_edit_prop(e, chosen, "#address-cells", &hb->two, 4);
	dtp_host_edit_prop(e, chosen, "#size-cells", &hb->two, 4);
	dtp_host_edit_prop(e, chosen, "xen,xen-bootargs", hb->xen_args, (int)strlen(hb->xen_args) + 1);
	/* Without dom0, an input's xen,dom0-bootargs goes (NULL: delete). */
	dtp_host_edit_prop(e, chosen, "xen,dom0-bootargs", hb->no_dom0 ? NULL : hb->dom0_args,
			   hb->no_dom0 ? 0 : (int)strlen(hb->dom0_args) + 1);
	for (int i = 0; i < hb->n_modules; i++)
		dtp_host_edit_child(e, chosen, emit_module, &hb->modules[i]);
}
