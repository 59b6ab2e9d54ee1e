/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rewritten host tree: the input with a short list of edits applied in
 * place through libfdt's read-write functions, so nothing else in the tree
 * changes. Each edit moves the rest of the blob once, and edits are few
 * (the devices passed through). */
#ifndef DTPART_HOSTWRITE_H
#define DTPART_HOSTWRITE_H

#include <stddef.h>
#include "fdtindex.h"
#include "fdtwrite.h"

/* A property set or deleted. A property the node lacks goes first in it
 * (libfdt's placement), new ones in the order added; an existing one keeps
 * its place. */
struct dtp_host_prop_edit {
	int node;
	const char *name;
	const void *value;  /* NULL: delete the property */
	int len;
};

/* Extra child nodes under a node (dom0less /chosen/domU*): libfdt places
 * them before the node's existing children, in the order added. */
struct dtp_host_child_gen {
	int parent;
	void (*emit)(struct dtp_fdtw *w, void *ctx);
	void *ctx;
};

struct dtp_host_edits {
	struct dtp_host_prop_edit *props;
	int n_props;
	struct dtp_host_child_gen *children;
	int n_children;
	/* Nodes taken out with everything below them (dom0 modules that
	 * `dtpart host` replaces); other edits of them are dropped. */
	int *deletes;
	int n_deletes;
};

void dtp_host_edit_prop(struct dtp_host_edits *e, int node, const char *name, const void *value, int len);
void dtp_host_edit_child(struct dtp_host_edits *e, int parent, void (*emit)(struct dtp_fdtw *, void *), void *ctx);
void dtp_host_edit_delete(struct dtp_host_edits *e, int node);
void dtp_host_edits_free(struct dtp_host_edits *e);

/* *blob: the malloc'd buffer ix was built on. It is grown and edited in
 * place (ix's offsets locate the nodes; nothing else of ix is read), and
 * holds the rewritten tree, *len bytes, on success. On failure (a negative
 * libfdt error code, for fdt_strerror) it holds garbage but stays the
 * caller's to free. */
DTP_MUST_CHECK int dtp_host_rewrite(const struct dtp_index *ix, const struct dtp_host_edits *edits, void **blob,
		 size_t *len);
/* The same into a new buffer, *blob (malloc'd, NULL when none was made;
 * the caller's to free either way): in, the blob ix was built on, is only
 * read, so ix stays usable and the rewritten tree can be written while ix
 * is still read. */
DTP_MUST_CHECK int dtp_host_rewrite_copy(const struct dtp_index *ix, const struct dtp_host_edits *edits,
		      const void *in, void **blob, size_t *len);

#endif
