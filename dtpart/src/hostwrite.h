/* The rewritten host tree: a copy of the input, node for node and property
 * for property, with a short list of edits. Built with the sequential
 * writer in one walk, so nothing else in the tree changes and the cost is
 * linear in the tree's size. */
#ifndef DTPART_HOSTWRITE_H
#define DTPART_HOSTWRITE_H

#include <stddef.h>
#include "fdtindex.h"
#include "fdtwrite.h"

struct host_prop_edit {
	int node;
	const char *name;
	const void *value;  /* NULL: delete the property */
	int len;
};

/* Extra child nodes appended under a node (dom0less /chosen/domU*). */
struct host_child_gen {
	int parent;
	void (*emit)(struct fdtw *w, void *ctx);
	void *ctx;
};

struct host_edits {
	struct host_prop_edit *props;
	int n_props;
	struct host_child_gen *children;
	int n_children;
};

int host_edit_prop(struct host_edits *e, int node, const char *name, const void *value, int len);
int host_edit_child(struct host_edits *e, int parent, void (*emit)(struct fdtw *, void *), void *ctx);
void host_edits_free(struct host_edits *e);

int host_rewrite(const struct dtp_index *ix, const struct host_edits *edits, void **blob,
		 size_t *len);

#endif
