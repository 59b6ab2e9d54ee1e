/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fdtindex.h"
#include "xalloc.h"
#include "prefault.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct dtp_node {
	int offset;         /* in the blob the index was built from */
	int parent;         /* node index, -1 for the root */
	int first_child;    /* node index, -1 when none */
	int next_sibling;
	int depth;
	int first_prop;     /* index into props[], n_props entries */
	int n_props;
	uint32_t phandle;   /* 0 when none */
	const char *name;   /* points into the blob */
	char *path;
};

struct dtp_name_ref {
	const char *name;   /* label or alias name (points into the blob) */
	int node;
};

/* A property seen by the walk: its name as an atom (one number per distinct
 * name, so lookups compare integers, not strings) and where its value is in
 * the blob. Lookups scan a node's few entries instead of re-parsing the
 * structure block through libfdt each time. */
struct dtp_prop_ref {
	int atom;           /* index into atoms[] */
	int value_off;      /* value's offset from the blob's start (length: 8 bytes before) */
};

/* Open-addressing hash table: slot -> value + 1 (0 = empty). */
struct dtp_hash {
	int *slots;
	size_t n_slots;     /* a power of two */
	int n_used;
};

/* Recent name -> atom answers, keyed by the name's address: callers pass
 * the same literal ("reg", "interrupts") for every node. */
struct dtp_atom_cache;

/* A property as it will be once the host tree is rewritten (see
 * dtp_index_patch). */
struct dtp_prop_patch {
	int node;
	int atom;
	const void *value;  /* NULL: the property is deleted */
	int len;
};

struct dtp_index {
	const void *fdt;
	struct dtp_prop_ref *props;
	int n_props;
	const char **atoms; /* distinct property names (point into the blob) */
	int n_atoms, atoms_cap;
	struct dtp_hash atom_by_nameoff;  /* strings-block offset -> atom */
	struct dtp_hash atom_by_name;     /* name string -> atom */
	struct dtp_arena paths;   /* the nodes' paths: one allocation per chunk, not per node */
	struct dtp_atom_cache *atom_cache;
	const char *source; /* file name, for messages */
	struct dtp_node *nodes;
	int n_nodes;
	struct dtp_name_ref *labels;
	int n_labels;
	struct dtp_name_ref *aliases;
	int n_aliases;
	int chosen;         /* node index or -1 */
	struct dtp_prop_patch *patches;
	int n_patches;
	unsigned char *patched;  /* per node: 1 when a patch names it */
	/* hash tables: slot -> node index + 1 (0 = empty) */
	int *path_slots;
	int *phandle_slots;
	size_t n_slots;
};


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

int dtp_node_name_valid(const char *name)
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

int dtp_stringlist_contains(const char *list, int len, const char *s)
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

/* Slots hold two ints: key + 1 (0 = empty) and value. */
static void hash_init(struct dtp_hash *h, size_t n_slots)
{
	h->slots = dtp_xcalloc(n_slots * 2, sizeof(int));
	h->n_slots = n_slots;
	h->n_used = 0;
}

static uint64_t atom_hash(const struct dtp_index *ix, const struct dtp_hash *h, int key)
{
	return h == &ix->atom_by_name ? hash_str(ix->atoms[key]) : hash_u32((uint32_t)key);
}

static void hash_put(const struct dtp_index *ix, struct dtp_hash *h, int key, int value)
{
	size_t i = atom_hash(ix, h, key) & (h->n_slots - 1);
	while (h->slots[2 * i])
		i = (i + 1) & (h->n_slots - 1);
	h->slots[2 * i] = key + 1;
	h->slots[2 * i + 1] = value;
	h->n_used++;
}

/* Keeps the table at most half full: probes stay short. */
static void hash_add(struct dtp_index *ix, struct dtp_hash *h, int key, int value)
{
	if ((size_t)(h->n_used + 1) * 2 > h->n_slots) {
		struct dtp_hash old = *h;
		hash_init(h, old.n_slots ? old.n_slots * 2 : 64);
		for (size_t i = 0; i < old.n_slots; i++)
			if (old.slots[2 * i])
				hash_put(ix, h, old.slots[2 * i] - 1, old.slots[2 * i + 1]);
		free(old.slots);
	}
	hash_put(ix, h, key, value);
}

#define ATOM_CACHE_SLOTS 64
#define ATOM_CACHE_TEXT 32

struct dtp_atom_cache {
	const char *name[ATOM_CACHE_SLOTS];
	char text[ATOM_CACHE_SLOTS][ATOM_CACHE_TEXT];
	int atom[ATOM_CACHE_SLOTS];
};

static int atom_lookup(const struct dtp_index *ix, const char *name)
{
	const struct dtp_hash *h = &ix->atom_by_name;
	if (!h->n_slots)
		return -1;
	size_t i = hash_str(name) & (h->n_slots - 1);
	while (h->slots[2 * i]) {
		int a = h->slots[2 * i] - 1;
		if (strcmp(ix->atoms[a], name) == 0)
			return a;
		i = (i + 1) & (h->n_slots - 1);
	}
	return -1;
}

/* Callers pass the same literal ("reg", "interrupts") for every node: the
 * cache slot is chosen by the name's address, and a hit is confirmed by the
 * text (a caller's buffer may hold another name at the same address). It is
 * emptied whenever an atom is added, as an absent name's -1 would go stale. */
int dtp_index_atom(const struct dtp_index *ix, const char *name)
{
	struct dtp_atom_cache *c = ix->atom_cache;
	if (!c)
		return atom_lookup(ix, name);
	size_t slot = ((uintptr_t)name >> 3) % ATOM_CACHE_SLOTS;
	if (c->name[slot] == name && strcmp(c->text[slot], name) == 0)
		return c->atom[slot];
	int atom = atom_lookup(ix, name);
	size_t len = strlen(name);
	if (len < ATOM_CACHE_TEXT) {
		c->name[slot] = name;
		memcpy(c->text[slot], name, len + 1);
		c->atom[slot] = atom;
	}
	return atom;
}

/* A new atom for a name no atom has (the name must outlive the index); the
 * cache forgets its answers, as an absent name's -1 would go stale. */
static int add_atom(struct dtp_index *ix, const char *name)
{
	if (ix->n_atoms == ix->atoms_cap) {
		int cap = ix->atoms_cap ? ix->atoms_cap * 2 : 64;
		ix->atoms = dtp_xrealloc(ix->atoms, sizeof(*ix->atoms) * (size_t)cap);
		ix->atoms_cap = cap;
	}
	int a = ix->n_atoms;
	ix->atoms[a] = name;
	hash_add(ix, &ix->atom_by_name, a, 0);
	ix->n_atoms++;
	if (ix->atom_cache)
		memset(ix->atom_cache, 0, sizeof(*ix->atom_cache));
	return a;
}

/* The atom of a strings-block offset, made on first sight; a new atom for
 * "phandle" or "linux,phandle" is noted in phandle_atoms[0] or [1].
 * -1: bad offset. */
static int atom_of_nameoff(struct dtp_index *ix, int name_off, int phandle_atoms[2])
{
	struct dtp_hash *h = &ix->atom_by_nameoff;
	if (h->n_slots) {
		size_t i = hash_u32((uint32_t)name_off) & (h->n_slots - 1);
		while (h->slots[2 * i]) {
			if (h->slots[2 * i] - 1 == name_off)
				return h->slots[2 * i + 1];
			i = (i + 1) & (h->n_slots - 1);
		}
	}
	const char *name = fdt_string(ix->fdt, name_off);
	if (!name)
		return -1;
	int a = atom_lookup(ix, name);
	if (a < 0) {
		a = add_atom(ix, name);
		if (strcmp(name, "phandle") == 0)
			phandle_atoms[0] = a;
		else if (strcmp(name, "linux,phandle") == 0)
			phandle_atoms[1] = a;
	}
	hash_add(ix, h, name_off, a);
	return a;
}

const void *dtp_index_prop_atom(const struct dtp_index *ix, int node, int atom, int *len)
{
	if (ix->patched && ix->patched[node] && atom >= 0)
		for (int i = ix->n_patches - 1; i >= 0; i--) {
			const struct dtp_prop_patch *p = &ix->patches[i];
			if (p->node != node || p->atom != atom)
				continue;
			if (len)
				*len = p->value ? p->len : -1;
			return p->value;
		}
	const struct dtp_node *n = &ix->nodes[node];
	for (int i = n->first_prop; atom >= 0 && i < n->first_prop + n->n_props; i++) {
		if (ix->props[i].atom != atom)
			continue;
		const char *v = (const char *)ix->fdt + ix->props[i].value_off;
		if (len)
			*len = (int)fdt32_ld((const fdt32_t *)(const void *)(v - 8));
		return v;
	}
	if (len)
		*len = -1;
	return NULL;
}

const void *dtp_index_prop(const struct dtp_index *ix, int node, const char *name, int *len)
{
	return dtp_index_prop_atom(ix, node, dtp_index_atom(ix, name), len);
}

int dtp_index_u32(const struct dtp_index *ix, int node, const char *name, uint32_t dflt,
		 uint32_t *out)
{
	int len;
	const fdt32_t *p = dtp_index_prop(ix, node, name, &len);
	if (!p) {
		*out = dflt;
		return 0;
	}
	if (len != 4)
		return -1;
	*out = fdt32_ld(p);
	return 0;
}

int dtp_index_compatible(const struct dtp_index *ix, int node, const char *compat)
{
	int len;
	const char *c = dtp_index_prop(ix, node, "compatible", &len);
	return dtp_stringlist_contains(c, len, compat);
}

static int slot_insert(int *slots, size_t n_slots, uint64_t h, int value)
{
	size_t i = h & (n_slots - 1);
	while (slots[i])
		i = (i + 1) & (n_slots - 1);
	slots[i] = value + 1;
	return 0;
}

int dtp_index_by_path(const struct dtp_index *ix, const char *path)
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

int dtp_index_by_phandle(const struct dtp_index *ix, uint32_t phandle)
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

int dtp_index_by_offset(const struct dtp_index *ix, int offset)
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

void dtp_index_patch(struct dtp_index *ix, int node, const char *name, const void *value, int len)
{
	int atom = atom_lookup(ix, name);
	if (atom < 0)
		atom = add_atom(ix, name);
	if (!ix->patched)
		ix->patched = dtp_xcalloc((size_t)ix->n_nodes, 1);
	ix->patches = dtp_xrealloc(ix->patches, sizeof(*ix->patches) * (size_t)(ix->n_patches + 1));
	ix->patches[ix->n_patches++] = (struct dtp_prop_patch){ node, atom, value, len };
	ix->patched[node] = 1;
	/* Each phandle patch adds one entry to a table of twice the nodes; the
	 * SMMU wiring patches at most one per node, so it never fills. */
	if (strcmp(name, "phandle") == 0 && value && len == 4) {
		uint32_t ph = fdt32_ld(value);
		if (dtp_index_by_phandle(ix, ph) < 0) {
			ix->nodes[node].phandle = ph;
			slot_insert(ix->phandle_slots, ix->n_slots, hash_u32(ph), node);
		}
	}
}

static int by_name(const struct dtp_name_ref *refs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(refs[i].name, name) == 0)
			return refs[i].node;
	return -1;
}

int dtp_index_by_label(const struct dtp_index *ix, const char *label)
{
	return by_name(ix->labels, ix->n_labels, label);
}

int dtp_index_by_alias(const struct dtp_index *ix, const char *alias)
{
	return by_name(ix->aliases, ix->n_aliases, alias);
}

/* /__symbols__ and /aliases map names to path strings. */
static void collect_name_refs(struct dtp_index *ix, int node, struct dtp_name_ref **out, int *n_out)
{
	int count = 0, off;
	fdt_for_each_property_offset(off, ix->fdt, ix->nodes[node].offset)
		count++;
	*out = dtp_xcalloc((size_t)count + 1, sizeof(**out));
	*n_out = 0;
	fdt_for_each_property_offset(off, ix->fdt, ix->nodes[node].offset) {
		const char *name;
		int len;
		const char *val = fdt_getprop_by_offset(ix->fdt, off, &name, &len);
		if (!val || len < 2 || val[len - 1] != '\0' || val[0] != '/')
			continue; /* not a path: ignored, as the kernel does */
		int target = dtp_index_by_path(ix, val);
		if (target < 0)
			continue;
		(*out)[*n_out].name = name;
		(*out)[(*n_out)++].node = target;
	}
}

/* The arrays are sized from the blob and filled in steps: each step's
 * pages are mapped in at once (prefault.h). */
#define PREFAULT_STEP 16384

/* arr (cap elements of elem bytes) with room for element n: doubled when
 * full (a tree of bare nodes outgrows the estimate), the step from n on
 * prefaulted. The new base. */
static void *array_room(void *arr, int n, int *cap, size_t elem)
{
	if (n == *cap) {
		arr = dtp_xrealloc(arr, elem * (size_t)*cap * 2);
		*cap *= 2;
	}
	if (n % PREFAULT_STEP == 0) {
		int step = *cap - n < PREFAULT_STEP ? *cap - n : PREFAULT_STEP;
		dtp_prefault((char *)arr + elem * (size_t)n, elem * (size_t)step);
	}
	return arr;
}

/* State of the one walk over the structure block. */
struct walk {
	int depth;                          /* of the node being filled, -1 before the root */
	int stack[DTP_MAX_DEPTH + 1];       /* node index at each depth */
	int last_child[DTP_MAX_DEPTH + 1];  /* last child seen at each depth, -1 */
	size_t path_len[DTP_MAX_DEPTH + 1];
	int node_cap, prop_cap;
	int phandle_atoms[2];               /* "phandle", "linux,phandle" once seen */
};

static int walk_begin_node(struct dtp_index *ix, struct walk *w, int off, struct dtp_diag *diag)
{
	const char *source = ix->source;
	int depth = ++w->depth;
	if (depth > DTP_MAX_DEPTH)
		return dtp_fail(diag, DTP_EBADTREE, "%s: nodes nested deeper than %d", source, DTP_MAX_DEPTH);
	if (depth == 0 && ix->n_nodes)
		return dtp_fail(diag, DTP_EBADTREE, "%s: more than one root node", source);
	ix->nodes = array_room(ix->nodes, ix->n_nodes, &w->node_cap, sizeof(*ix->nodes));
	int idx = ix->n_nodes++, nlen;
	struct dtp_node *n = &ix->nodes[idx];
	n->offset = off;
	n->depth = depth;
	/* fdt_next_tag has checked that the name ends inside the structure
	 * block (fdt_get_name would walk the tag again). */
	n->name = (const char *)ix->fdt + fdt_off_dt_struct(ix->fdt) + off + FDT_TAGSIZE;
	nlen = (int)strlen(n->name);
	n->first_child = n->next_sibling = -1;
	n->parent = depth ? w->stack[depth - 1] : -1;
	n->first_prop = ix->n_props;
	n->n_props = 0;
	n->phandle = 0;
	if (!n->name)
		return dtp_fail(diag, DTP_EBADTREE, "%s: node at offset %d has no name", source, off);
	const char *pp = depth ? ix->nodes[n->parent].path : "";
	if (depth && !dtp_node_name_valid(n->name))
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: node '%s' under %s has an invalid name (allowed: letters, "
				"digits , . _ + - and one @ before the unit address); rename it",
				source, n->name, pp);
	/* The path is the parent's plus "/name"; the root's is "/". */
	size_t pl = depth ? w->path_len[depth - 1] : 0, sep = depth > 1;
	size_t len = depth ? pl + sep + (size_t)nlen : 1;
	n->path = dtp_xcheck(dtp_arena_alloc(&ix->paths, len + 1, 1));
	if (depth) {
		memcpy(n->path, pp, pl);
		if (sep)
			n->path[pl] = '/';
		memcpy(n->path + pl + sep, n->name, (size_t)nlen);
	} else {
		n->path[0] = '/';
	}
	n->path[len] = '\0';
	if (depth) {
		if (w->last_child[depth - 1] < 0)
			ix->nodes[n->parent].first_child = idx;
		else
			ix->nodes[w->last_child[depth - 1]].next_sibling = idx;
		w->last_child[depth - 1] = idx;
	}
	w->stack[depth] = idx;
	w->last_child[depth] = -1;
	w->path_len[depth] = len;
	return 0;
}

static int walk_prop(struct dtp_index *ix, struct walk *w, int off, struct dtp_diag *diag)
{
	if (w->depth < 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: a property outside the root node", ix->source);
	struct dtp_node *n = &ix->nodes[w->stack[w->depth]];
	if (n->first_child >= 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: node %s has a property after its subnodes",
				ix->source, n->path);
	/* fdt_next_tag has checked that the property and its value are inside
	 * the structure block. */
	const struct fdt_property *fp =
		(const struct fdt_property *)(const void *)((const char *)ix->fdt + fdt_off_dt_struct(ix->fdt) + off);
	ix->props = array_room(ix->props, ix->n_props, &w->prop_cap, sizeof(*ix->props));
	int atom = atom_of_nameoff(ix, (int)fdt32_ld(&fp->nameoff), w->phandle_atoms);
	if (atom < 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: a property of %s has a name outside the "
				"strings block", ix->source, n->path);
	/* The phandle comes from the walk itself: no second scan of the node.
	 * "phandle" wins over the older "linux,phandle". */
	if (fdt32_ld(&fp->len) == 4) {
		uint32_t v = fdt32_ld((const fdt32_t *)(const void *)fp->data);
		if (atom == w->phandle_atoms[0] || (atom == w->phandle_atoms[1] && !n->phandle))
			n->phandle = v;
	}
	ix->props[ix->n_props].atom = atom;
	ix->props[ix->n_props++].value_off = (int)((const char *)fp->data - (const char *)ix->fdt);
	n->n_props++;
	return 0;
}

int dtp_index_build(const void *fdt, const char *source, struct dtp_index **out,
		    struct dtp_diag *diag)
{
	struct dtp_index *ix = dtp_xcalloc(1, sizeof(*ix));
	*out = ix;
	ix->fdt = fdt;
	ix->source = source;
	ix->chosen = -1;
	/* Capacities from the structure block's size, so that real trees never
	 * regrow the arrays: a node with its usual properties takes more than 32
	 * bytes of it, a property 16. Only address space is reserved; pages the
	 * walk does not fill are never touched. A tree of bare nodes regrows. */
	struct walk w = { .depth = -1, .phandle_atoms = { -1, -1 } };
	w.node_cap = (int)(fdt_size_dt_struct(fdt) / 32) + 1024;
	w.prop_cap = (int)(fdt_size_dt_struct(fdt) / 16) + 1024;
	ix->props = dtp_xmalloc(sizeof(*ix->props) * (size_t)w.prop_cap);
	ix->nodes = dtp_xmalloc(sizeof(*ix->nodes) * (size_t)w.node_cap);
	/* One pass of fdt_next_tag over every tag: nodes and properties are
	 * read once (fdt_next_node would step over each property a second
	 * time). It may run while fdt_check_full judges the blob on another
	 * thread (blob.c): fdt_next_tag keeps every tag inside the structure
	 * block, and the walk refuses bad nesting itself. */
	int off = 0, next = 0, done = 0;
	while (!done) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);
		int rc = 0;
		switch (tag) {
		case FDT_BEGIN_NODE:
			rc = walk_begin_node(ix, &w, off, diag);
			break;
		case FDT_PROP:
			rc = walk_prop(ix, &w, off, diag);
			break;
		case FDT_END_NODE:
			done = --w.depth < 0;
			break;
		case FDT_NOP:
			break;
		default:    /* FDT_END before the root closed, or a bad tag */
			rc = dtp_fail(diag, DTP_EBADTREE, "%s: structure block walk failed at offset %d: %s",
				      source, off, next < 0 ? fdt_strerror(next) : "unexpected tag");
		}
		if (rc)
			return rc;
		off = next;
	}
	/* Every atom exists now: the cache can start answering. */
	ix->atom_cache = dtp_xcalloc(1, sizeof(*ix->atom_cache));
	size_t slots = 16;
	while (slots < (size_t)ix->n_nodes * 2)
		slots <<= 1;
	ix->n_slots = slots;
	ix->path_slots = dtp_xcalloc(slots, sizeof(int));
	ix->phandle_slots = dtp_xcalloc(slots, sizeof(int));
	for (int i = 0; i < ix->n_nodes; i++) {
		if (dtp_index_by_path(ix, ix->nodes[i].path) >= 0)
			return dtp_fail(diag, DTP_EBADTREE, "%s: two nodes named %s; rename one",
					source, ix->nodes[i].path);
		slot_insert(ix->path_slots, slots, hash_str(ix->nodes[i].path), i);
		uint32_t ph = ix->nodes[i].phandle;
		if (ph == 0)
			continue;
		if (ph == 0xffffffffu)
			return dtp_fail(diag, DTP_EBADTREE, "%s: node %s has the invalid phandle 0xffffffff",
					source, ix->nodes[i].path);
		int other = dtp_index_by_phandle(ix, ph);
		if (other >= 0)
			return dtp_fail(diag, DTP_EBADTREE,
					"%s: nodes %s and %s share phandle 0x%x; every phandle must be unique",
					source, ix->nodes[other].path, ix->nodes[i].path, ph);
		slot_insert(ix->phandle_slots, slots, hash_u32(ph), i);
	}
	ix->chosen = dtp_index_by_path(ix, "/chosen");
	int sym = dtp_index_by_path(ix, "/__symbols__");
	if (sym >= 0)
		collect_name_refs(ix, sym, &ix->labels, &ix->n_labels);
	int al = dtp_index_by_path(ix, "/aliases");
	if (al >= 0)
		collect_name_refs(ix, al, &ix->aliases, &ix->n_aliases);
	return 0;
}

void dtp_index_free(struct dtp_index *ix)
{
	if (!ix)
		return;
	dtp_arena_free(&ix->paths);
	free(ix->atoms);
	free(ix->atom_cache);
	free(ix->patches);
	free(ix->patched);
	free(ix->atom_by_name.slots);
	free(ix->atom_by_nameoff.slots);
	free(ix->nodes);
	free(ix->props);
	free(ix->labels);
	free(ix->aliases);
	free(ix->path_slots);
	free(ix->phandle_slots);
	free(ix);
}

const void *dtp_index_fdt(const struct dtp_index *ix) { return ix->fdt; }
const char *dtp_index_source(const struct dtp_index *ix) { return ix->source; }
int dtp_index_count(const struct dtp_index *ix) { return ix->n_nodes; }
int dtp_index_chosen(const struct dtp_index *ix) { return ix->chosen; }

int dtp_node_parent(const struct dtp_index *ix, int node) { return ix->nodes[node].parent; }
int dtp_node_first_child(const struct dtp_index *ix, int node) { return ix->nodes[node].first_child; }
int dtp_node_next_sibling(const struct dtp_index *ix, int node) { return ix->nodes[node].next_sibling; }
int dtp_node_offset(const struct dtp_index *ix, int node) { return ix->nodes[node].offset; }
int dtp_node_depth(const struct dtp_index *ix, int node) { return ix->nodes[node].depth; }
uint32_t dtp_node_phandle(const struct dtp_index *ix, int node) { return ix->nodes[node].phandle; }
const char *dtp_node_name(const struct dtp_index *ix, int node) { return ix->nodes[node].name; }
const char *dtp_node_path(const struct dtp_index *ix, int node) { return ix->nodes[node].path; }

int dtp_index_n_aliases(const struct dtp_index *ix) { return ix->n_aliases; }
const char *dtp_index_alias_name(const struct dtp_index *ix, int i) { return ix->aliases[i].name; }
int dtp_index_alias_node(const struct dtp_index *ix, int i) { return ix->aliases[i].node; }
int dtp_index_n_labels(const struct dtp_index *ix) { return ix->n_labels; }
const char *dtp_index_label_name(const struct dtp_index *ix, int i) { return ix->labels[i].name; }
int dtp_index_label_node(const struct dtp_index *ix, int i) { return ix->labels[i].node; }
