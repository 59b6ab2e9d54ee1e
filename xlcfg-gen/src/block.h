/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The block a merge keeps at the end of a config: comment lines that
 * libxlutil skips, holding the plan it was merged from as xl text, and the
 * statements that add what the hand-written lines lack:
 *
 *   # xlcfg-gen: begin ...
 *   # xlcfg-gen: plan: irqs = [ 54, 95 ]
 *   # xlcfg-gen: plan: iomem = [ "0xff010,1", "0xff0e0,1" ]
 *   irqs += [ 95 ]
 *   iomem += [ "0xff0e0,1" ]
 *   # xlcfg-gen: end
 *
 * Every line outside the block is the user's. A later merge removes the
 * block, so what it added and the plan no longer has goes away, and knows
 * from the recorded plan which hand-written entries the plan used to give
 * the domain. Blocks written before the plan was recorded (a
 * "# passthrough merged by xlcfg-gen" line and the statements after it)
 * are read too. */
#ifndef XLCFG_BLOCK_H
#define XLCFG_BLOCK_H

#include <xlcfg/passthrough.h>

struct xlcfg_merge_block {
	char *kept;             /* the text without the block, for the output */
	size_t kept_len;
	char *hand;             /* the text with the block's lines blank: the same line numbers */
	size_t hand_len;
	struct xlcfg_passthrough plan;  /* what the last merge recorded (old blocks: their entries) */
	int line;               /* the block's first line, 0 when there is none */
};

/* Splits data (which libxlutil reads) into the user's lines and the block.
 * Refuses, with the line, a block that is not as a merge wrote it: a line
 * that is not its own inside it, an entry that is not in its plan, a begin
 * without an end, a second block. */
XLCFG_MUST_CHECK int xlcfg_block_split(const char *name, const char *data, size_t len, struct xlcfg_merge_block *b,
		struct xlcfg_diag *diag);
void xlcfg_block_free(struct xlcfg_merge_block *b);

/* The block for plan, adding added; a list the hand-written lines set
 * (hand_has[k] for device_tree, irqs, iomem, dtdev) is extended with +=.
 * "" when plan is empty. malloc'd. */
char *xlcfg_block_render(const struct xlcfg_passthrough *plan, const struct xlcfg_passthrough *added,
		   const int hand_has[4]);

#endif
