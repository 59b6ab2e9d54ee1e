/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Merge: the config's passthrough keys become the snippet's. The user's
 * lines are never rewritten; xlcfg-gen's block (block.h) at the end holds
 * the plan and adds what the user's lines lack. A merge drops the old
 * block, checks the user's lines against the plan that block recorded,
 * appends a new block, and reads the result back through libxlutil: it
 * must give the user's entries plus the snippet's. */
#include <xlcfg/merge.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlcfg/replace.h>

#include "block.h"
#include "textpos.h"
#include "xalloc.h"

static int same_values(const struct xlcfg_passthrough *a, const struct xlcfg_passthrough *b)
{
	if ((a->device_tree == NULL) != (b->device_tree == NULL) ||
	    (a->device_tree && strcmp(a->device_tree, b->device_tree)) || a->n_irqs != b->n_irqs ||
	    a->n_iomems != b->n_iomems || a->n_dtdevs != b->n_dtdevs)
		return 0;
	for (size_t i = 0; i < a->n_irqs; i++)
		if (a->irqs[i] != b->irqs[i])
			return 0;
	for (size_t i = 0; i < a->n_iomems; i++) {
		const struct xlcfg_iomem *x = &a->iomems[i], *y = &b->iomems[i];
		if (x->pfn != y->pfn || x->npages != y->npages || x->has_gfn != y->has_gfn ||
		    (x->has_gfn && x->gfn != y->gfn))
			return 0;
	}
	for (size_t i = 0; i < a->n_dtdevs; i++)
		if (strcmp(a->dtdevs[i], b->dtdevs[i]))
			return 0;
	return 1;
}

/* Host pages [pfn, pfn + n) of two iomem entries overlap. */
static int iomem_overlap(const struct xlcfg_iomem *a, const struct xlcfg_iomem *b)
{
	return a->pfn < b->pfn + b->npages && b->pfn < a->pfn + a->npages;
}

/* The user's entries that the last merge's plan gave this domain and the
 * snippet no longer does: the device was released, or moved to another
 * domain, and xl create would ask Xen for what dom0 or another domain
 * owns now. Refused with the first one's line; n_more counts the others. */
static int released_by_hand(const char *text, size_t len, const struct xlcfg_passthrough *hand,
			    const struct xlcfg_passthrough *gone, struct xlcfg_diag *diag)
{
	int line = 0, count = 0;
	char what[320] = "";
	if (gone->device_tree && hand->device_tree && !strcmp(gone->device_tree, hand->device_tree)) {
		line = xlcfg_key_line(text, len, "device_tree");
		snprintf(what, sizeof(what), "device_tree \"%s\"", hand->device_tree);
		count++;
	}
	for (size_t i = 0; i < gone->n_irqs; i++)
		if (xlcfg_has_irq(hand, gone->irqs[i]) && count++ == 0) {
			char item[16];
			snprintf(item, sizeof(item), "%" PRIu32, gone->irqs[i]);
			line = xlcfg_item_line(text, len, "irqs", item);
			snprintf(what, sizeof(what), "irq %s", item);
		}
	for (size_t i = 0; i < gone->n_iomems; i++)
		for (size_t j = 0; j < hand->n_iomems; j++)
			if (iomem_overlap(&gone->iomems[i], &hand->iomems[j]) && count++ == 0) {
				char item[96], plan_item[96];
				xlcfg_format_iomem(&hand->iomems[j], item, sizeof(item));
				xlcfg_format_iomem(&gone->iomems[i], plan_item, sizeof(plan_item));
				line = xlcfg_item_line(text, len, "iomem", item);
				snprintf(what, sizeof(what), "iomem \"%s\" (the plan had \"%s\")", item,
					 plan_item);
			}
	for (size_t i = 0; i < gone->n_dtdevs; i++)
		if (xlcfg_has_dtdev(hand, gone->dtdevs[i]) && count++ == 0) {
			line = xlcfg_item_line(text, len, "dtdev", gone->dtdevs[i]);
			snprintf(what, sizeof(what), "dtdev \"%s\"", gone->dtdevs[i]);
		}
	if (!count)
		return 0;
	diag->line = line;
	snprintf(diag->message, sizeof(diag->message),
		 "%s was written by hand, and the plan gave it to this domain when xlcfg-gen last "
		 "merged, but the snippet no longer has it (the device was released to dom0 or moved "
		 "to another domain): xl create would take it from its owner. Remove it from this "
		 "line, then merge again%s", what,
		 count > 1 ? " (more such entries follow: the merge names each in turn)" : "");
	return -XLCFG_ECONFLICT;
}

int xlcfg_merge_text(const char *name, const char *existing, size_t len,
		     const struct xlcfg_passthrough *add, char **merged,
		     struct xlcfg_diag *diag)
{
	struct xlcfg_passthrough hand, gone, extra, want, got;
	struct xlcfg_merge_block blk;
	*merged = NULL;
	/* The whole text first: libxlutil's refusals with the file's lines. */
	int rc = xlcfg_read_data(name, existing, len, &got, diag);
	if (rc)
		return rc;
	xlcfg_passthrough_free(&got);
	rc = xlcfg_block_split(name, existing, len, &blk, diag);
	if (rc)
		return rc;
	rc = xlcfg_read_data(name, blk.hand, blk.hand_len, &hand, diag);
	if (rc) {
		xlcfg_block_free(&blk);
		return rc;
	}
	xlcfg_passthrough_init(&gone);
	xlcfg_passthrough_init(&extra);
	xlcfg_passthrough_init(&want);
	if (add->device_tree && hand.device_tree && strcmp(add->device_tree, hand.device_tree) &&
	    !(blk.plan.device_tree && !strcmp(blk.plan.device_tree, hand.device_tree))) {
		diag->line = xlcfg_key_line(blk.hand, blk.hand_len, "device_tree");
		snprintf(diag->message, sizeof(diag->message),
			 "device_tree is \"%s\" here, the snippet wants \"%s\"; a domain has one partial "
			 "tree: remove or change the line, or merge the devices into one tree",
			 hand.device_tree, add->device_tree);
		rc = -XLCFG_ECONFLICT;
		goto out;
	}
	xlcfg_difference(&gone, &blk.plan, add);
	rc = released_by_hand(blk.hand, blk.hand_len, &hand, &gone, diag);
	if (rc)
		goto out;
	xlcfg_difference(&extra, add, &hand);
	xlcfg_union(&want, &hand);
	xlcfg_union(&want, &extra);
	int hand_has[4] = {
		hand.device_tree != NULL,
		hand.n_irqs || xlcfg_key_line(blk.hand, blk.hand_len, "irqs"),
		hand.n_iomems || xlcfg_key_line(blk.hand, blk.hand_len, "iomem"),
		hand.n_dtdevs || xlcfg_key_line(blk.hand, blk.hand_len, "dtdev"),
	};
	char *block = xlcfg_block_render(add, &extra, hand_has);
	size_t bl = strlen(block);
	char *text = xlcfg_xmalloc(blk.kept_len + bl + 2);
	size_t n = blk.kept_len;
	memcpy(text, blk.kept, n);
	if (bl && n && text[n - 1] != '\n')
		text[n++] = '\n';
	memcpy(text + n, block, bl);
	n += bl;
	text[n] = '\0';
	free(block);
	/* Prove it: libxlutil must read the user's entries plus the snippet's. */
	rc = xlcfg_read_data(name, text, n, &got, diag);
	if (rc == 0) {
		if (!same_values(&got, &want)) {
			diag->line = 0;
			snprintf(diag->message, sizeof(diag->message),
				 "the merged config does not read back as your entries plus the snippet's "
				 "(libxlutil); nothing was written");
			rc = -XLCFG_EVERIFY;
		}
		xlcfg_passthrough_free(&got);
	}
	if (rc)
		free(text);
	else
		*merged = text;
out:
	xlcfg_block_free(&blk);
	xlcfg_passthrough_free(&hand);
	xlcfg_passthrough_free(&gone);
	xlcfg_passthrough_free(&extra);
	xlcfg_passthrough_free(&want);
	return rc;
}

int xlcfg_merge_file(const char *path, const struct xlcfg_passthrough *add, int *changed,
		     struct xlcfg_diag *diag)
{
	char *data, *merged;
	size_t len;
	*changed = 0;
	snprintf(diag->file, sizeof(diag->file), "%s", path);
	diag->line = 0;
	if (xlcfg_read_text_file(path, &data, &len)) {
		snprintf(diag->message, sizeof(diag->message), "cannot read: %s", strerror(errno));
		return -XLCFG_EIO;
	}
	int rc = xlcfg_merge_text(path, data, len, add, &merged, diag);
	if (rc == 0 && strcmp(merged, data) != 0) {
		if (xlcfg_replace_file(path, merged, strlen(merged))) {
			diag->line = 0;
			snprintf(diag->message, sizeof(diag->message), "cannot replace the file: %s; it "
				 "was left as it was", strerror(errno));
			rc = -XLCFG_EWRITE;
		} else {
			*changed = 1;
		}
	}
	free(data);
	free(merged);
	return rc;
}
