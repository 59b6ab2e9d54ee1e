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

/* The index is opaque: later stages ask it questions through the functions
 * below and never walk its arrays, so its layout can change (and did, for
 * speed) without touching them. Nodes are numbered 0..count-1 in tree order,
 * 0 being the root. */
struct dtp_index;

/* Deeper trees are refused: no real tree comes close, and it bounds every
 * walk up the parents. */
#define DTP_MAX_DEPTH 64

/* Builds *out (freed with dtp_index_free, also after a failure). */
DTP_MUST_CHECK int dtp_index_build(const void *fdt, const char *source, struct dtp_index **out,
				   struct dtp_diag *diag);
void dtp_index_free(struct dtp_index *ix);

/* The blob and file name the index was built from; the node count; /chosen
 * (-1 when none). */
const void *dtp_index_fdt(const struct dtp_index *ix);
const char *dtp_index_source(const struct dtp_index *ix);
int dtp_index_count(const struct dtp_index *ix);
int dtp_index_chosen(const struct dtp_index *ix);

/* A node's place in the tree (node indices, -1 when none), its offset in
 * the blob, depth (root 0), phandle (0 when none), name and full path. */
int dtp_node_parent(const struct dtp_index *ix, int node);
int dtp_node_first_child(const struct dtp_index *ix, int node);
int dtp_node_next_sibling(const struct dtp_index *ix, int node);
int dtp_node_offset(const struct dtp_index *ix, int node);
int dtp_node_depth(const struct dtp_index *ix, int node);
uint32_t dtp_node_phandle(const struct dtp_index *ix, int node);
const char *dtp_node_name(const struct dtp_index *ix, int node);
const char *dtp_node_path(const struct dtp_index *ix, int node);

/* /aliases and /__symbols__ entries, in tree order: name and node. */
int dtp_index_n_aliases(const struct dtp_index *ix);
const char *dtp_index_alias_name(const struct dtp_index *ix, int i);
int dtp_index_alias_node(const struct dtp_index *ix, int i);
int dtp_index_n_labels(const struct dtp_index *ix);
const char *dtp_index_label_name(const struct dtp_index *ix, int i);
int dtp_index_label_node(const struct dtp_index *ix, int i);

int dtp_index_by_path(const struct dtp_index *ix, const char *path);
int dtp_index_by_phandle(const struct dtp_index *ix, uint32_t phandle);
int dtp_index_by_offset(const struct dtp_index *ix, int offset);
int dtp_index_by_label(const struct dtp_index *ix, const char *label);
int dtp_index_by_alias(const struct dtp_index *ix, const char *alias);

/* Property of a node (a scan of that node's own properties only). */
const void *dtp_index_prop(const struct dtp_index *ix, int node, const char *name, int *len);
/* The atom of a property name, -1 when no property of the tree has it; and
 * the property lookup by atom, for loops that ask for one name many times. */
int dtp_index_atom(const struct dtp_index *ix, const char *name);
const void *dtp_index_prop_atom(const struct dtp_index *ix, int node, int atom, int *len);
/* A u32 property, or dflt when absent; -1 on malformed (len != 4). */
DTP_MUST_CHECK int dtp_index_u32(const struct dtp_index *ix, int node, const char *name, uint32_t dflt,
		 uint32_t *out);
/* 1 when the node's compatible list contains compat. */
int dtp_index_compatible(const struct dtp_index *ix, int node, const char *compat);
/* 1 when a string list property contains s. */
int dtp_stringlist_contains(const char *list, int len, const char *s);

/* Makes later lookups see a property of a node as set to value (NULL:
 * deleted), without touching the blob: checks can then run on the tree as it
 * will be written, before it is. A "phandle" patch also updates the phandle
 * lookup. name and value must outlive the index. */
void dtp_index_patch(struct dtp_index *ix, int node, const char *name, const void *value, int len);

/* Valid node name per the devicetree specification's character set. */
int dtp_node_name_valid(const char *name);

#endif
