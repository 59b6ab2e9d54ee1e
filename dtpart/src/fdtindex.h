/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One walk over a blob builds everything later stages look up: parent,
 * children, full path, phandle, labels (/__symbols__) and aliases. libfdt's
 * own lookups are linear scans; nothing after this walk calls them per node. */
#ifndef DTPART_FDTINDEX_H
#define DTPART_FDTINDEX_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "diag.h"

/* Deeper trees are refused: no real tree comes close, and it bounds every
 * walk up the parents. */
#define DTP_MAX_DEPTH 64

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
 * fdtindex_patch). */
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

DTP_MUST_CHECK int fdtindex_build(const void *fdt, const char *source, struct dtp_index *ix,
		   struct dtp_diag *diag);
void fdtindex_free(struct dtp_index *ix);

int fdtindex_by_path(const struct dtp_index *ix, const char *path);
int fdtindex_by_phandle(const struct dtp_index *ix, uint32_t phandle);
int fdtindex_by_offset(const struct dtp_index *ix, int offset);
int fdtindex_by_label(const struct dtp_index *ix, const char *label);
int fdtindex_by_alias(const struct dtp_index *ix, const char *alias);

/* Property of a node (a scan of that node's own properties only). */
const void *fdtindex_prop(const struct dtp_index *ix, int node, const char *name, int *len);
/* The atom of a property name, -1 when no property of the tree has it; and
 * the property lookup by atom, for loops that ask for one name many times. */
int fdtindex_atom(const struct dtp_index *ix, const char *name);
const void *fdtindex_prop_atom(const struct dtp_index *ix, int node, int atom, int *len);
/* A u32 property, or dflt when absent; -1 on malformed (len != 4). */
DTP_MUST_CHECK int fdtindex_u32(const struct dtp_index *ix, int node, const char *name, uint32_t dflt,
		 uint32_t *out);
/* 1 when the node's compatible list contains compat. */
int fdtindex_compatible(const struct dtp_index *ix, int node, const char *compat);
/* 1 when a string list property contains s. */
int stringlist_contains(const char *list, int len, const char *s);

/* Makes later lookups see a property of a node as set to value (NULL:
 * deleted), without touching the blob: checks can then run on the tree as it
 * will be written, before it is. A "phandle" patch also updates the phandle
 * lookup. name and value must outlive the index. Returns 0 or -DTP_ENOMEM. */
void fdtindex_patch(struct dtp_index *ix, int node, const char *name, const void *value, int len);

/* Valid node name per the devicetree specification's character set. */
int dtp_node_name_valid(const char *name);

#endif
