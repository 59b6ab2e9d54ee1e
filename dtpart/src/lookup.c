/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lookup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names (aliases, or labels) that refer to node, comma-separated. */
static void join_refs(const struct dtp_index *ix, int aliases, int node, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	int n = aliases ? dtp_index_n_aliases(ix) : dtp_index_n_labels(ix);
	for (int i = 0; i < n; i++) {
		int ref = aliases ? dtp_index_alias_node(ix, i) : dtp_index_label_node(ix, i);
		if (ref != node)
			continue;
		const char *name = aliases ? dtp_index_alias_name(ix, i) : dtp_index_label_name(ix, i);
		int w = snprintf(buf + used, len - used, "%s%s", used ? "," : "", name);
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}

void dtp_node_aliases(const struct dtp_index *ix, int node, char *buf, size_t len)
{
	join_refs(ix, 1, node, buf, len);
}

void dtp_node_labels(const struct dtp_index *ix, int node, char *buf, size_t len)
{
	join_refs(ix, 0, node, buf, len);
}

/* Linux names to the alias the kernel numbers them by. */
struct linux_name {
	const char *prefix, *alias;
};
static const struct linux_name linux_names[] = {
	{ "eth", "ethernet" }, { "ttyPS", "serial" }, { "ttyAMA", "serial" },
	{ "ttyS", "serial" }, { "ttyUL", "serial" }, { "mmcblk", "mmc" },
	{ "i2c-", "i2c" }, { "spidev", "spi" }, { "can", "can" }, { "rtc", "rtc" },
};

static int linux_name_alias(const char *name, char *alias, size_t len)
{
	const struct linux_name *map = linux_names;
	for (size_t i = 0; i < sizeof(linux_names) / sizeof(linux_names[0]); i++) {
		size_t pl = strlen(map[i].prefix);
		const char *num = name + pl;
		if (strncmp(name, map[i].prefix, pl) || !*num || strspn(num, "0123456789") != strlen(num))
			continue;
		snprintf(alias, len, "%s%s", map[i].alias, num);
		return 1;
	}
	return 0;
}

static int unit_name_matches(const char *node_name, const char *want)
{
	size_t l = strcspn(node_name, "@");
	return strlen(want) == l && strncmp(node_name, want, l) == 0;
}

/* "okay", "disabled", or Xen's role, for lists of devices in messages. */
static const char *node_state(const struct dtp_host *h, int node)
{
	if (dtp_device_xen_role(h, node))
		return dtp_device_xen_role(h, node);
	const char *st = dtp_index_prop(h->ix, node, "status", NULL);
	return !st || strcmp(st, "okay") == 0 || strcmp(st, "ok") == 0 ? "okay" : "disabled";
}

static void append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	if (used < len)
		vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* Every device of a class ("serial"): the nodes its aliases (serial0,
 * serial1...) name and the candidates whose node name is the class, each
 * with its state. */
static void class_devices(const struct dtp_host *h, const char *cls, char *buf, size_t len)
{
	const struct dtp_index *ix = h->ix;
	size_t cl = strlen(cls);
	buf[0] = '\0';
	for (int i = 0; i < dtp_index_n_aliases(ix); i++) {
		const char *a = dtp_index_alias_name(ix, i);
		if (strncmp(a, cls, cl) || strspn(a + cl, "0123456789") != strlen(a + cl))
			continue;
		int n = dtp_index_alias_node(ix, i);
		append(buf, len, "\n  %s (%s): %s", dtp_node_path(ix, n), a,
		       dtp_index_prop(ix, n, "reg", NULL) ? node_state(h, n) : "no reg: not a memory-mapped device");
	}
	for (int i = 1; i < dtp_index_count(ix); i++) {
		if (!unit_name_matches(dtp_node_name(ix, i), cls) || !dtp_device_is_candidate(h, i))
			continue;
		char aliases[256];
		dtp_node_aliases(ix, i, aliases, sizeof(aliases));
		if (!aliases[0])
			append(buf, len, "\n  %s%s: %s", dtp_node_path(ix, i), "", node_state(h, i));
	}
}

/* A node the name finds that is not a device a guest can be given, with
 * what to pass instead: one without `reg` (ZCU111's serial1 -> /dcc), or
 * the glue around a controller (ZynqMP's usb0 -> the dwc3 wrapper without
 * interrupts). 0 when it is worth building as a device. */
static int explain_not_device(const struct dtp_host *h, const char *name, int node, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	if (dtp_device_is_candidate(h, node) || dtp_device_xen_role(h, node) || node == 0)
		return 0;
	const char *path = dtp_node_path(ix, node);
	int clen;
	const char *compat = dtp_index_prop(ix, node, "compatible", &clen);
	if (!compat || clen <= 0)
		compat = "no compatible";
	if (!dtp_index_prop(ix, node, "reg", NULL)) {
		char cls[64], list[1536];
		snprintf(cls, sizeof(cls), "%.*s", (int)strcspn(name[0] == '/' ? dtp_node_name(ix, node) : name,
								 name[0] == '/' ? "@" : "0123456789@"),
			 name[0] == '/' ? dtp_node_name(ix, node) : name);
		class_devices(h, cls, list, sizeof(list));
		struct dtp_problem p = { dtp_index_source(ix), path, 0, NULL, list[0]
			? "pass one of those that is okay, or enable one (status = \"okay\") in the host tree"
			: "`dtpart list` shows the devices" };
		return dtp_report(diag, DTP_ENODEV, &p, "'%s' is %s (%s), which has no `reg`: not a "
				  "memory-mapped device a guest can be given.%s%s%s%s\n", name, path, compat,
				  list[0] ? " The " : "", list[0] ? cls : "", list[0] ? " devices of this tree:" : "", list);
	}
	/* Glue: memory-mapped, no interrupts, a controller below it. */
	int child = -1;
	for (int c = dtp_node_first_child(ix, node); c >= 0 && child < 0; c = dtp_node_next_sibling(ix, c))
		if (dtp_device_is_candidate(h, c))
			child = c;
	if (child < 0)
		return 0;
	char stays[256] = "";
	static const char *const kept[] = { "resets", "power-domains", "clocks", "phys" };
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
		if (dtp_index_prop(ix, node, kept[k], NULL))
			append(stays, sizeof(stays), "%s%s%s", stays[0] ? ", " : "", kept[k], "");
	char fix[1024];
	snprintf(fix, sizeof(fix), "pass its controller %s (%s) instead%s%s%s", dtp_node_path(ix, child),
		 node_state(h, child), stays[0] ? "; the glue's " : "", stays,
		 stays[0] ? " stay with dom0, which must keep them enabled (its driver does while the glue node "
			    "stays okay)" : "");
	struct dtp_problem p = { dtp_index_source(ix), path, 0, NULL, fix };
	return dtp_report(diag, DTP_EREFUSED, &p, "'%s' is %s (%s), the glue around a controller: it "
			  "has no interrupts of its own", name, path, compat);
}

static int lookup_node(const struct dtp_host *h, const char *name, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	if (!*name)
		return dtp_fail(diag, DTP_EUSAGE, "empty device name");
	if (name[0] == '/') {
		int n = dtp_index_by_path(ix, name);
		if (n < 0)
			return dtp_fail(diag, DTP_ENODEV, "%s: no node at path %s; `dtpart list` shows "
					"the devices", dtp_index_source(ix), name);
		return n;
	}
	int n = dtp_index_by_alias(ix, name);
	if (n >= 0)
		return n;
	char alias[64];
	if (linux_name_alias(name, alias, sizeof(alias))) {
		n = dtp_index_by_alias(ix, alias);
		if (n >= 0)
			return n;
	}
	n = dtp_index_by_label(ix, name);
	if (n >= 0)
		return n;
	/* Node names: exact (ethernet@ff0e0000) first, then without unit address. */
	int found = -1, count = 0;
	char cands[1536] = "";
	for (int pass = 0; pass < 2 && count == 0; pass++)
		for (int i = 1; i < dtp_index_count(ix); i++) {
			const char *nn = dtp_node_name(ix, i);
			int hit = pass == 0 ? strcmp(nn, name) == 0 : unit_name_matches(nn, name);
			if (!hit || (pass == 1 && !dtp_device_is_candidate(h, i)))
				continue;
			if (count++ == 0)
				found = i;
			size_t used = strlen(cands);
			snprintf(cands + used, sizeof(cands) - used, "\n  %s", dtp_node_path(ix, i));
		}
	if (count == 1)
		return found;
	if (count > 1)
		return dtp_fail(diag, DTP_EAMBIG, "%s: '%s' names %d nodes:%s\nname one by its full path "
				"or an alias", dtp_index_source(ix), name, count, cands);
	/* Unknown: offer what would have worked. */
	size_t used = 0;
	cands[0] = '\0';
	for (int i = 0; i < dtp_index_n_aliases(ix) && used < sizeof(cands) - 80; i++) {
		int w = snprintf(cands + used, sizeof(cands) - used, " %s", dtp_index_alias_name(ix, i));
		if (w > 0)
			used += (size_t)w;
	}
	return dtp_fail(diag, DTP_ENODEV,
			"%s: no device named '%s' (tried alias, Linux name, label, path and node "
			"name).\naliases in this tree:%s\n`dtpart list` shows every device",
			dtp_index_source(ix), name, used ? cands : " (none)");
}

int dtp_lookup_device(const struct dtp_host *h, const char *name, struct dtp_diag *diag)
{
	int node = lookup_node(h, name, diag);
	if (node < 0)
		return node;
	int rc = explain_not_device(h, name, node, diag);
	if (rc)
		return rc;
	/* A controller inside glue: the glue's resets and power domain stay
	 * with dom0. */
	int parent = dtp_node_parent(h->ix, node);
	if (parent > 0 && !dtp_device_is_candidate(h, parent) && dtp_index_prop(h->ix, parent, "reg", NULL) &&
	    (dtp_index_prop(h->ix, parent, "resets", NULL) || dtp_index_prop(h->ix, parent, "power-domains", NULL)))
		dtp_warn("%s sits in the glue node %s, whose resets and power domain stay with dom0: "
			 "dom0 keeps the glue enabled, and the guest cannot reset or power the controller "
			 "through it", dtp_node_path(h->ix, node), dtp_node_path(h->ix, parent));
	return node;
}
