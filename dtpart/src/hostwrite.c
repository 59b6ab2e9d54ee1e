/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hostwrite.h"
#include "prefault.h"
#include "xalloc.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

void dtp_host_edit_prop(struct dtp_host_edits *e, int node, const char *name, const void *value, int len)
{
	e->props = dtp_xrealloc(e->props, sizeof(*e->props) * (size_t)(e->n_props + 1));
	e->props[e->n_props++] = (struct dtp_host_prop_edit){ node, name, value, len };
}

void dtp_host_edit_child(struct dtp_host_edits *e, int parent, void (*emit)(struct dtp_fdtw *, void *), void *ctx)
{
	e->children = dtp_xrealloc(e->children, sizeof(*e->children) * (size_t)(e->n_children + 1));
	e->children[e->n_children++] = (struct dtp_host_child_gen){ parent, emit, ctx };
}

void dtp_host_edit_delete(struct dtp_host_edits *e, int node)
{
	e->deletes = dtp_xrealloc(e->deletes, sizeof(*e->deletes) * (size_t)(e->n_deletes + 1));
	e->deletes[e->n_deletes++] = node;
}

void dtp_host_edits_free(struct dtp_host_edits *e)
{
	free(e->props);
	free(e->children);
	free(e->deletes);
	memset(e, 0, sizeof(*e));
}

/* A node with edits: its property edits and new children are applied
 * together. */
struct node_edits {
	int node;
	int offset;         /* in the blob being edited */
	int deleted;        /* taken out whole: its other edits are moot */
};

static int cmp_offset_desc(const void *a, const void *b)
{
	const struct node_edits *x = a, *y = b;
	return (x->offset < y->offset) - (x->offset > y->offset);
}

/* A child generator's node as a small blob of its own, to graft. */
static int gen_child(struct dtp_fdtw *w, void *ctx)
{
	const struct dtp_host_child_gen *g = ctx;
	dtp_fdtw_finish_reservations(w);
	dtp_fdtw_begin_node(w, "");
	g->emit(w, g->ctx);
	dtp_fdtw_end_node(w);
	return 0;
}

/* Copies node src_off of src (properties, then children) under parent in
 * dst. libfdt puts a new subnode before its siblings, so children go in
 * backwards to keep their order. */
static int graft(void *dst, int parent, const void *src, int src_off)
{
	int off = fdt_add_subnode(dst, parent, fdt_get_name(src, src_off, NULL));
	if (off < 0)
		return off;
	int p;
	fdt_for_each_property_offset(p, src, src_off) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(src, p, &name, &len);
		int rc = val ? fdt_setprop(dst, off, name, val, len) : -FDT_ERR_BADSTRUCTURE;
		if (rc)
			return rc;
	}
	int *kids = NULL, n = 0, child, rc = 0;
	fdt_for_each_subnode(child, src, src_off) {
		kids = dtp_xrealloc(kids, sizeof(*kids) * (size_t)(n + 1));
		kids[n++] = child;
	}
	while (n-- && rc >= 0)
		rc = graft(dst, off, src, kids[n]);
	free(kids);
	return rc < 0 ? rc : 0;
}

static int superseded(const struct dtp_host_edits *e, int i)
{
	for (int k = i + 1; k < e->n_props; k++)
		if (e->props[k].node == e->props[i].node && strcmp(e->props[k].name, e->props[i].name) == 0)
			return 1;
	return 0;
}

static int apply_node(void *fdt, const struct dtp_host_edits *e, const struct node_edits *ne,
		      void *const *child_blobs)
{
	/* Its descendants came first (higher offsets) and nothing before it
	 * has moved yet: the offset is still the node's. */
	if (ne->deleted)
		return fdt_del_node(fdt, ne->offset);
	/* libfdt puts a new property first in its node: going backwards keeps
	 * new properties in the order given. The last edit of a name wins. */
	for (int i = e->n_props - 1; i >= 0; i--) {
		const struct dtp_host_prop_edit *pe = &e->props[i];
		if (pe->node != ne->node || superseded(e, i))
			continue;
		int rc = pe->value ? fdt_setprop(fdt, ne->offset, pe->name, pe->value, pe->len)
				   : fdt_delprop(fdt, ne->offset, pe->name);
		if (rc && rc != -FDT_ERR_NOTFOUND)
			return rc;
	}
	for (int i = e->n_children - 1; i >= 0; i--) {
		if (e->children[i].parent != ne->node)
			continue;
		const void *c = child_blobs[i];
		int rc = graft(fdt, ne->offset, c, fdt_first_subnode(c, 0));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* in: the tree to copy into a new buffer; NULL: *blob is grown in place. */
static int rewrite(const struct dtp_index *ix, const struct dtp_host_edits *edits, const void *in,
		   void **blob, size_t *len)
{
	int n_edits = edits->n_props + edits->n_children + edits->n_deletes, n_nodes = 0, rc = 0;
	struct node_edits *nodes = dtp_xcalloc((size_t)n_edits + 1, sizeof(*nodes));
	void **child_blobs = dtp_xcalloc((size_t)edits->n_children + 1, sizeof(void *));
	size_t room = 0;
	for (int i = 0; !rc && i < edits->n_children; i++) {
		size_t clen;
		rc = dtp_fdtw_run(gen_child, &edits->children[i], 4096, &child_blobs[i], &clen) ? -FDT_ERR_INTERNAL : 0;
		room += clen;
	}
	for (int i = 0; !rc && i < n_edits; i++) {
		int node;
		if (i < edits->n_props) {
			const struct dtp_host_prop_edit *pe = &edits->props[i];
			node = pe->node;
			room += strlen(pe->name) + 1 + 16 + (size_t)(pe->len > 0 ? pe->len : 0);
		} else if (i < edits->n_props + edits->n_children) {
			node = edits->children[i - edits->n_props].parent;
		} else {
			node = edits->deletes[i - edits->n_props - edits->n_children];
		}
		int deleted = i >= edits->n_props + edits->n_children, k = 0;
		while (k < n_nodes && nodes[k].node != node)
			k++;
		if (k == n_nodes)
			nodes[n_nodes++] = (struct node_edits){ node, dtp_node_offset(ix, node), deleted };
		else
			nodes[k].deleted |= deleted;
	}
	/* Deepest offsets first: an edit moves only what comes after it, so the
	 * offsets of the nodes still to edit stay valid. */
	qsort(nodes, (size_t)n_nodes, sizeof(*nodes), cmp_offset_desc);
	/* The input's own buffer grows (a large block is remapped, not copied)
	 * and is opened in place; or a new one gets the copy. libfdt's offsets
	 * are int: a larger tree is what libfdt calls no space. */
	size_t size = fdt_totalsize(in ? in : *blob) + room + 1024;
	if (!rc && size > (size_t)INT32_MAX)
		rc = -FDT_ERR_NOSPACE;
	void *out = in ? NULL : *blob;
	if (!rc && in) {
		out = *blob = dtp_xmalloc(size);
		dtp_prefault(out, size);
	} else if (!rc) {
		out = *blob = dtp_xrealloc(*blob, size);
	}
	if (!rc)
		rc = fdt_open_into(in ? in : out, out, (int)size);
	for (int i = 0; !rc && i < n_nodes; i++)
		rc = apply_node(out, edits, &nodes[i], child_blobs);
	if (!rc)
		rc = fdt_pack(out);
	for (int i = 0; i < edits->n_children; i++)
		free(child_blobs[i]);
	free(child_blobs);
	free(nodes);
	if (rc)
		return rc;
	*len = fdt_totalsize(out);
	return 0;
}

int dtp_host_rewrite(const struct dtp_index *ix, const struct dtp_host_edits *edits, void **blob,
		 size_t *len)
{
	return rewrite(ix, edits, NULL, blob, len);
}

int dtp_host_rewrite_copy(const struct dtp_index *ix, const struct dtp_host_edits *edits, const void *in,
			  void **blob, size_t *len)
{
	*blob = NULL;
	return rewrite(ix, edits, in, blob, len);
}
