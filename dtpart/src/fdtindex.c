#include "fdtindex.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t hash_u32(uint32_t v)
{
	uint64_t h = v * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

int fdt_node_name_valid(const char *name)
{
	if (!*name)
		return 0;
	int at = 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c == '@') {
			if (at++ || p == name)
				return 0;
			continue;
		}
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == ',' || c == '.' || c == '_' || c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

int stringlist_contains(const char *list, int len, const char *s)
{
	if (!list || len <= 0)
		return 0;
	size_t sl = strlen(s);
	int pos = 0;
	while (pos < len) {
		const char *item = list + pos;
		size_t il = strnlen(item, (size_t)(len - pos));
		if (il == sl && memcmp(item, s, sl) == 0)
			return 1;
		pos += (int)il + 1;
	}
	return 0;
}

const void *fdtindex_prop(const struct dtp_index *ix, int node, const char *name, int *len)
{
	const struct dtp_node *n = &ix->nodes[node];
	for (int i = n->first_prop; i < n->first_prop + n->n_props; i++) {
		const char *pn = fdt_string(ix->fdt, ix->props[i].name_off);
		if (pn && strcmp(pn, name) == 0) {
			int l = 0;
			const struct fdt_property *p = fdt_get_property_by_offset(ix->fdt, ix->props[i].offset, &l);
			if (!p)
				break;
			if (len)
				*len = l;
			return p->data;
		}
	}
	if (len)
		*len = -1;
	return NULL;
}

int fdtindex_u32(const struct dtp_index *ix, int node, const char *name, uint32_t dflt,
		 uint32_t *out)
{
	int len;
	const fdt32_t *p = fdtindex_prop(ix, node, name, &len);
	if (!p) {
		*out = dflt;
		return 0;
	}
	if (len != 4)
		return -1;
	*out = fdt32_ld(p);
	return 0;
}

int fdtindex_compatible(const struct dtp_index *ix, int node, const char *compat)
{
	int len;
	const char *c = fdtindex_prop(ix, node, "compatible", &len);
	return stringlist_contains(c, len, compat);
}

static int slot_insert(int *slots, size_t n_slots, uint64_t h, int value)
{
	size_t i = h & (n_slots - 1);
	while (slots[i])
		i = (i + 1) & (n_slots - 1);
	slots[i] = value + 1;
	return 0;
}

int fdtindex_by_path(const struct dtp_index *ix, const char *path)
{
	if (!ix->n_slots)
		return -1;
	size_t i = hash_str(path) & (ix->n_slots - 1);
	while (ix->path_slots[i]) {
		int n = ix->path_slots[i] - 1;
		if (strcmp(ix->nodes[n].path, path) == 0)
			return n;
		i = (i + 1) & (ix->n_slots - 1);
	}
	return -1;
}

int fdtindex_by_phandle(const struct dtp_index *ix, uint32_t phandle)
{
	if (!ix->n_slots || phandle == 0 || phandle == 0xffffffffu)
		return -1;
	size_t i = hash_u32(phandle) & (ix->n_slots - 1);
	while (ix->phandle_slots[i]) {
		int n = ix->phandle_slots[i] - 1;
		if (ix->nodes[n].phandle == phandle)
			return n;
		i = (i + 1) & (ix->n_slots - 1);
	}
	return -1;
}

int fdtindex_by_offset(const struct dtp_index *ix, int offset)
{
	int lo = 0, hi = ix->n_nodes - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (ix->nodes[mid].offset == offset)
			return mid;
		if (ix->nodes[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int by_name(const struct dtp_name_ref *refs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(refs[i].name, name) == 0)
			return refs[i].node;
	return -1;
}

int fdtindex_by_label(const struct dtp_index *ix, const char *label)
{
	return by_name(ix->labels, ix->n_labels, label);
}

int fdtindex_by_alias(const struct dtp_index *ix, const char *alias)
{
	return by_name(ix->aliases, ix->n_aliases, alias);
}

/* /__symbols__ and /aliases map names to path strings. */
static int collect_name_refs(struct dtp_index *ix, int node, struct dtp_name_ref **out,
			     int *n_out, struct dtp_diag *diag)
{
	int count = 0, off;
	fdt_for_each_property_offset(off, ix->fdt, ix->nodes[node].offset)
		count++;
	*out = calloc((size_t)count + 1, sizeof(**out));
	if (!*out)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	*n_out = 0;
	fdt_for_each_property_offset(off, ix->fdt, ix->nodes[node].offset) {
		const char *name;
		int len;
		const char *val = fdt_getprop_by_offset(ix->fdt, off, &name, &len);
		if (!val || len < 2 || val[len - 1] != '\0' || val[0] != '/')
			continue; /* not a path: ignored, as the kernel does */
		int target = fdtindex_by_path(ix, val);
		if (target < 0)
			continue;
		(*out)[*n_out].name = name;
		(*out)[(*n_out)++].node = target;
	}
	return 0;
}

int fdtindex_build(const void *fdt, const char *source, struct dtp_index *ix,
		   struct dtp_diag *diag)
{
	memset(ix, 0, sizeof(*ix));
	ix->fdt = fdt;
	ix->source = source;
	ix->chosen = -1;
	int cap = 1024, prop_cap = 0;
	ix->nodes = malloc(sizeof(*ix->nodes) * (size_t)cap);
	int stack[DTP_MAX_DEPTH + 1];
	int last_child[DTP_MAX_DEPTH + 1];
	if (!ix->nodes)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	int depth = 0, off = 0;
	for (off = 0; off >= 0 && depth >= 0; off = fdt_next_node(fdt, off, &depth)) {
		if (depth > DTP_MAX_DEPTH)
			return dtp_fail(diag, DTP_EBADTREE, "%s: nodes nested deeper than %d",
					source, DTP_MAX_DEPTH);
		if (ix->n_nodes == cap) {
			cap *= 2;
			struct dtp_node *nn = realloc(ix->nodes, sizeof(*nn) * (size_t)cap);
			if (!nn)
				return dtp_fail(diag, DTP_ENOMEM, "out of memory");
			ix->nodes = nn;
		}
		int idx = ix->n_nodes++;
		struct dtp_node *n = &ix->nodes[idx];
		int nlen;
		n->offset = off;
		n->depth = depth;
		n->name = fdt_get_name(fdt, off, &nlen);
		n->first_child = n->next_sibling = -1;
		n->parent = depth ? stack[depth - 1] : -1;
		n->path = NULL;
		n->first_prop = ix->n_props;
		n->n_props = 0;
		int poff;
		fdt_for_each_property_offset(poff, fdt, off) {
			const struct fdt_property *fp = fdt_get_property_by_offset(fdt, poff, NULL);
			if (!fp)
				break;
			if (ix->n_props == prop_cap) {
				prop_cap = prop_cap ? prop_cap * 2 : 4096;
				struct dtp_prop_ref *np = realloc(ix->props, sizeof(*np) * (size_t)prop_cap);
				if (!np)
					return dtp_fail(diag, DTP_ENOMEM, "out of memory");
				ix->props = np;
			}
			ix->props[ix->n_props].name_off = (int)fdt32_ld(&fp->nameoff);
			ix->props[ix->n_props++].offset = poff;
			n->n_props++;
		}
		/* phandle from the cache: no second scan of the node. */
		uint32_t ph = 0;
		const fdt32_t *php;
		int phl;
		if ((php = fdtindex_prop(ix, idx, "phandle", &phl)) && phl == 4)
			ph = fdt32_ld(php);
		else if ((php = fdtindex_prop(ix, idx, "linux,phandle", &phl)) && phl == 4)
			ph = fdt32_ld(php);
		n->phandle = ph;
		if (!n->name)
			return dtp_fail(diag, DTP_EBADTREE, "%s: node at offset %d has no name", source, off);
		if (depth && !fdt_node_name_valid(n->name)) {
			const char *pp = ix->nodes[n->parent].path;
			return dtp_fail(diag, DTP_EBADTREE,
					"%s: node '%s' under %s has an invalid name (allowed: letters, "
					"digits , . _ + - and one @ before the unit address); rename it",
					source, n->name, pp);
		}
		if (depth == 0) {
			n->path = strdup("/");
		} else {
			const char *pp = ix->nodes[n->parent].path;
			size_t pl = strlen(pp), l = pl + (size_t)nlen + 2;
			n->path = malloc(l);
			if (n->path)
				snprintf(n->path, l, "%s%s%s", pp, pl > 1 ? "/" : "", n->name);
			struct dtp_node *p = &ix->nodes[n->parent];
			if (last_child[depth - 1] < 0)
				p->first_child = idx;
			else
				ix->nodes[last_child[depth - 1]].next_sibling = idx;
			last_child[depth - 1] = idx;
		}
		if (!n->path)
			return dtp_fail(diag, DTP_ENOMEM, "out of memory");
		stack[depth] = idx;
		last_child[depth] = -1;
	}
	if (off < 0 && off != -FDT_ERR_NOTFOUND)
		return dtp_fail(diag, DTP_EBADTREE, "%s: structure block walk failed: %s",
				source, fdt_strerror(off));
	size_t slots = 16;
	while (slots < (size_t)ix->n_nodes * 2)
		slots <<= 1;
	ix->n_slots = slots;
	ix->path_slots = calloc(slots, sizeof(int));
	ix->phandle_slots = calloc(slots, sizeof(int));
	if (!ix->path_slots || !ix->phandle_slots)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	for (int i = 0; i < ix->n_nodes; i++) {
		if (fdtindex_by_path(ix, ix->nodes[i].path) >= 0)
			return dtp_fail(diag, DTP_EBADTREE, "%s: two nodes named %s; rename one",
					source, ix->nodes[i].path);
		slot_insert(ix->path_slots, slots, hash_str(ix->nodes[i].path), i);
		uint32_t ph = ix->nodes[i].phandle;
		if (ph == 0)
			continue;
		if (ph == 0xffffffffu)
			return dtp_fail(diag, DTP_EBADTREE, "%s: node %s has the invalid phandle 0xffffffff",
					source, ix->nodes[i].path);
		int other = fdtindex_by_phandle(ix, ph);
		if (other >= 0)
			return dtp_fail(diag, DTP_EBADTREE,
					"%s: nodes %s and %s share phandle 0x%x; every phandle must be unique",
					source, ix->nodes[other].path, ix->nodes[i].path, ph);
		slot_insert(ix->phandle_slots, slots, hash_u32(ph), i);
	}
	ix->chosen = fdtindex_by_path(ix, "/chosen");
	int sym = fdtindex_by_path(ix, "/__symbols__");
	if (sym >= 0) {
		int rc = collect_name_refs(ix, sym, &ix->labels, &ix->n_labels, diag);
		if (rc)
			return rc;
	}
	int al = fdtindex_by_path(ix, "/aliases");
	if (al >= 0) {
		int rc = collect_name_refs(ix, al, &ix->aliases, &ix->n_aliases, diag);
		if (rc)
			return rc;
	}
	return 0;
}

void fdtindex_free(struct dtp_index *ix)
{
	if (ix->nodes)
		for (int i = 0; i < ix->n_nodes; i++)
			free(ix->nodes[i].path);
	free(ix->nodes);
	free(ix->props);
	free(ix->labels);
	free(ix->aliases);
	free(ix->path_slots);
	free(ix->phandle_slots);
	memset(ix, 0, sizeof(*ix));
}
