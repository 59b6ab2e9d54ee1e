#include "hostwrite.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

int host_edit_prop(struct host_edits *e, int node, const char *name, const void *value, int len)
{
	struct host_prop_edit *n = realloc(e->props, sizeof(*n) * (size_t)(e->n_props + 1));
	if (!n)
		return -1;
	e->props = n;
	n[e->n_props++] = (struct host_prop_edit){ node, name, value, len };
	return 0;
}

int host_edit_child(struct host_edits *e, int parent, void (*emit)(struct fdtw *, void *), void *ctx)
{
	struct host_child_gen *n = realloc(e->children, sizeof(*n) * (size_t)(e->n_children + 1));
	if (!n)
		return -1;
	e->children = n;
	n[e->n_children++] = (struct host_child_gen){ parent, emit, ctx };
	return 0;
}

void host_edits_free(struct host_edits *e)
{
	free(e->props);
	free(e->children);
	memset(e, 0, sizeof(*e));
}

struct rewrite_ctx {
	const struct dtp_index *ix;
	const struct host_edits *edits;
	int *first_edit;    /* node -> first index in the sorted edit order, -1 */
	int *order;         /* edit indices sorted by node */
};

static const struct host_prop_edit *find_edit(const struct rewrite_ctx *c, int node, const char *name)
{
	int i = c->first_edit[node];
	for (; i >= 0 && i < c->edits->n_props; i++) {
		const struct host_prop_edit *e = &c->edits->props[c->order[i]];
		if (e->node != node)
			break;
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

static void copy_node(struct rewrite_ctx *c, struct fdtw *w, int node)
{
	const struct dtp_index *ix = c->ix;
	fdtw_begin_node(w, node == 0 ? "" : ix->nodes[node].name);
	int off;
	fdt_for_each_property_offset(off, ix->fdt, ix->nodes[node].offset) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(ix->fdt, off, &name, &len);
		if (!val)
			continue;
		const struct host_prop_edit *e = find_edit(c, node, name);
		if (e) {
			if (e->value)
				fdtw_prop(w, name, e->value, e->len);
			continue;
		}
		fdtw_prop(w, name, val, len);
	}
	/* New properties go after the existing ones, in edit order. */
	for (int i = c->first_edit[node]; i >= 0 && i < c->edits->n_props; i++) {
		const struct host_prop_edit *e = &c->edits->props[c->order[i]];
		if (e->node != node)
			break;
		if (e->value && !fdt_getprop(ix->fdt, ix->nodes[node].offset, e->name, NULL))
			fdtw_prop(w, e->name, e->value, e->len);
	}
	for (int ch = ix->nodes[node].first_child; ch >= 0; ch = ix->nodes[ch].next_sibling)
		copy_node(c, w, ch);
	for (int i = 0; i < c->edits->n_children; i++)
		if (c->edits->children[i].parent == node)
			c->edits->children[i].emit(w, c->edits->children[i].ctx);
	fdtw_end_node(w);
}

static int gen_host(struct fdtw *w, void *vctx)
{
	struct rewrite_ctx *c = vctx;
	const void *fdt = c->ix->fdt;
	int n = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < n; i++) {
		uint64_t a, s;
		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0)
			fdtw_add_reservation(w, a, s);
	}
	fdtw_finish_reservations(w);
	copy_node(c, w, 0);
	return 0;
}

static const struct host_edits *sort_edits_src;
static int cmp_edit(const void *a, const void *b)
{
	const struct host_prop_edit *x = &sort_edits_src->props[*(const int *)a];
	const struct host_prop_edit *y = &sort_edits_src->props[*(const int *)b];
	if (x->node != y->node)
		return (x->node > y->node) - (x->node < y->node);
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

int host_rewrite(const struct dtp_index *ix, const struct host_edits *edits, void **blob,
		 size_t *len)
{
	struct rewrite_ctx c = { ix, edits, NULL, NULL };
	c.first_edit = malloc(sizeof(int) * (size_t)ix->n_nodes);
	c.order = malloc(sizeof(int) * (size_t)(edits->n_props + 1));
	if (!c.first_edit || !c.order) {
		free(c.first_edit);
		free(c.order);
		return -1;
	}
	for (int i = 0; i < ix->n_nodes; i++)
		c.first_edit[i] = -1;
	for (int i = 0; i < edits->n_props; i++)
		c.order[i] = i;
	sort_edits_src = edits;
	qsort(c.order, (size_t)edits->n_props, sizeof(int), cmp_edit);
	for (int i = edits->n_props - 1; i >= 0; i--)
		c.first_edit[edits->props[c.order[i]].node] = i;
	int rc = fdtw_run(gen_host, &c, fdt_totalsize(ix->fdt) + 16384, blob, len);
	free(c.first_edit);
	free(c.order);
	return rc;
}
