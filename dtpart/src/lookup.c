#include "lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void join_refs(const struct dtp_name_ref *refs, int n, int node, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		if (refs[i].node == node) {
			int w = snprintf(buf + used, len - used, "%s%s", used ? "," : "", refs[i].name);
			if (w < 0 || (size_t)w >= len - used)
				return;
			used += (size_t)w;
		}
}

void node_aliases(const struct dtp_index *ix, int node, char *buf, size_t len)
{
	join_refs(ix->aliases, ix->n_aliases, node, buf, len);
}

void node_labels(const struct dtp_index *ix, int node, char *buf, size_t len)
{
	join_refs(ix->labels, ix->n_labels, node, buf, len);
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

int lookup_device(const struct dtp_host *h, const char *name, struct dtp_diag *diag)
{
	const struct dtp_index *ix = &h->ix;
	if (!*name)
		return dtp_fail(diag, DTP_EUSAGE, "empty device name");
	if (name[0] == '/') {
		int n = fdtindex_by_path(ix, name);
		if (n < 0)
			return dtp_fail(diag, DTP_ENODEV, "%s: no node at path %s; `dtpart list` shows "
					"the devices", ix->source, name);
		return n;
	}
	int n = fdtindex_by_alias(ix, name);
	if (n >= 0)
		return n;
	char alias[64];
	if (linux_name_alias(name, alias, sizeof(alias))) {
		n = fdtindex_by_alias(ix, alias);
		if (n >= 0)
			return n;
	}
	n = fdtindex_by_label(ix, name);
	if (n >= 0)
		return n;
	/* Node names: exact (ethernet@ff0e0000) first, then without unit address. */
	int found = -1, count = 0;
	char cands[1536] = "";
	for (int pass = 0; pass < 2 && count == 0; pass++)
		for (int i = 1; i < ix->n_nodes; i++) {
			const char *nn = ix->nodes[i].name;
			int hit = pass == 0 ? strcmp(nn, name) == 0 : unit_name_matches(nn, name);
			if (!hit || (pass == 1 && !device_is_candidate(h, i)))
				continue;
			if (count++ == 0)
				found = i;
			size_t used = strlen(cands);
			snprintf(cands + used, sizeof(cands) - used, "\n  %s", ix->nodes[i].path);
		}
	if (count == 1)
		return found;
	if (count > 1)
		return dtp_fail(diag, DTP_EAMBIG, "%s: '%s' names %d nodes:%s\nname one by its full path "
				"or an alias", ix->source, name, count, cands);
	/* Unknown: offer what would have worked. */
	size_t used = 0;
	cands[0] = '\0';
	for (int i = 0; i < ix->n_aliases && used < sizeof(cands) - 80; i++) {
		int w = snprintf(cands + used, sizeof(cands) - used, " %s", ix->aliases[i].name);
		if (w > 0)
			used += (size_t)w;
	}
	return dtp_fail(diag, DTP_ENODEV,
			"%s: no device named '%s' (tried alias, Linux name, label, path and node "
			"name).\naliases in this tree:%s\n`dtpart list` shows every device",
			ix->source, name, used ? cands : " (none)");
}
