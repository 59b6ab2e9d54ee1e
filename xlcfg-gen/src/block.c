/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xlcfg-gen's block in a merged config: finding and checking it, writing
 * it. Values always come from libxlutil: the block's plan lines are xl
 * text behind a comment prefix, read back through xlcfg_read_data. */
#include "block.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "textpos.h"
#include "xalloc.h"

#define BEGIN_LINE "# xlcfg-gen: begin"
#define PLAN_PREFIX "# xlcfg-gen: plan: "
#define END_LINE "# xlcfg-gen: end"
/* What merges wrote before the block existed: this line, then one
 * statement per key. */
#define OLD_HEADER "# passthrough merged by xlcfg-gen"

static const char *const keys[4] = { "device_tree", "irqs", "iomem", "dtdev" };

struct text {
	char *s;
	size_t len, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		t->s = xlcfg_xrealloc(t->s, cap);
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

/* The length of the line at data[i], without its newline. */
static size_t line_length(const char *data, size_t len, size_t i)
{
	const char *nl = memchr(data + i, '\n', len - i);
	return nl ? (size_t)(nl - (data + i)) : len - i;
}

static int starts(const char *line, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && memcmp(line, prefix, pl) == 0;
}

/* Whether the line is one statement of a passthrough key, as merges write
 * them. */
static int is_key_statement(const char *line, size_t n)
{
	for (int k = 0; k < 4; k++)
		if (xlcfg_key_line(line, n, keys[k]) == 1)
			return 1;
	return 0;
}

/* Which key an old merge's statement sets (0..3), -1 for any other line.
 * Old merges wrote each key once, at the start of the line, in the order
 * of keys[]; a line out of that order is the user's. */
static int old_statement_key(const char *line, size_t n, int after)
{
	for (int k = after + 1; k < 4; k++) {
		size_t kl = strlen(keys[k]);
		if (n > kl + 3 && memcmp(line, keys[k], kl) == 0 &&
		    (memcmp(line + kl, " = ", 3) == 0 || (n > kl + 4 && memcmp(line + kl, " += ", 4) == 0)))
			return k;
	}
	return -1;
}

/* A statement line inside a block may only add what the block's plan
 * has: anything else was written by hand where the next merge would drop
 * it. */
static int check_statement(const char *name, const char *line, size_t n, int lineno,
			   const struct xlcfg_passthrough *plan, int begin, struct xlcfg_diag *diag)
{
	struct xlcfg_passthrough one, extra;
	struct xlcfg_diag d;
	char *copy = xlcfg_xstrndup(line, n);
	int rc = xlcfg_read_data(name, copy, n, &one, &d);
	free(copy);
	if (rc)
		return xlcfg_fail(diag, XLCFG_ECONFLICT, lineno, "this line inside xlcfg-gen's block (from line %d) does not "
			      "read on its own (%s): it is not as xlcfg-gen wrote it; move your own "
			      "lines above line %d", begin, d.message, begin);
	xlcfg_passthrough_init(&extra);
	xlcfg_difference(&extra, &one, plan);
	if ((extra.device_tree || extra.n_irqs || extra.n_iomems || extra.n_dtdevs))
		rc = xlcfg_fail(diag, XLCFG_ECONFLICT, lineno, "this line inside xlcfg-gen's block (from line %d) has "
			    "entries that are not in the plan recorded there, so they were written by "
			    "hand, and the next merge would drop them; move them to a line of your "
			    "own above line %d", begin, begin);
	xlcfg_passthrough_free(&extra);
	xlcfg_passthrough_free(&one);
	return rc;
}

void xlcfg_block_free(struct xlcfg_merge_block *b)
{
	free(b->kept);
	free(b->hand);
	xlcfg_passthrough_free(&b->plan);
	memset(b, 0, sizeof(*b));
}

enum where { OUTSIDE, IN_BLOCK, IN_OLD };

int xlcfg_block_split(const char *name, const char *data, size_t len, struct xlcfg_merge_block *b,
		struct xlcfg_diag *diag)
{
	struct text kept = { 0 }, hand = { 0 }, plan = { 0 };
	/* Statement lines of the block, checked against its plan at the end. */
	size_t *stmt_off = NULL, n_stmt = 0;
	int *stmt_line = NULL;
	memset(b, 0, sizeof(*b));
	xlcfg_passthrough_init(&b->plan);
	enum where where = OUTSIDE;
	int lineno = 0, rc = 0, new_blocks = 0, old_key = -1;
	for (size_t i = 0; i < len && rc == 0;) {
		const char *line = data + i;
		size_t n = line_length(data, len, i);
		size_t with_nl = n + (i + n < len);
		i += with_nl;
		lineno++;
		if (where == IN_OLD) {
			old_key = old_statement_key(line, n, old_key);
			if (old_key < 0)
				where = OUTSIDE;
		}
		int mine = 1;
		if (where == OUTSIDE) {
			if (starts(line, n, BEGIN_LINE)) {
				if (new_blocks++)
					rc = xlcfg_fail(diag, XLCFG_ECONFLICT, lineno, "a second xlcfg-gen block (the first starts at "
						    "line %d); delete one of them, then merge again", b->line);
				where = IN_BLOCK;
				b->line = lineno;
			} else if (n == strlen(OLD_HEADER) && starts(line, n, OLD_HEADER)) {
				where = IN_OLD;
				old_key = -1;
				if (!b->line)
					b->line = lineno;
			} else if (starts(line, n, PLAN_PREFIX) || starts(line, n, END_LINE)) {
				rc = xlcfg_fail(diag, XLCFG_ECONFLICT, lineno, "this line belongs to an xlcfg-gen block, but no "
					    "'%s' line comes before it; delete the block's lines, then "
					    "merge again", BEGIN_LINE);
			} else {
				mine = 0;
			}
		} else if (where == IN_OLD) {
			/* An old merge's statement: what it added is removed, and
			 * counts as the plan it came from. */
			text_add(&plan, line, n);
			text_str(&plan, "\n");
		} else if (starts(line, n, END_LINE)) {
			where = OUTSIDE;
		} else if (starts(line, n, PLAN_PREFIX)) {
			size_t pl = strlen(PLAN_PREFIX);
			text_add(&plan, line + pl, n - pl);
			text_str(&plan, "\n");
		} else if (is_key_statement(line, n)) {
			stmt_off = xlcfg_xrealloc(stmt_off, sizeof(*stmt_off) * (n_stmt + 1));
			stmt_line = xlcfg_xrealloc(stmt_line, sizeof(*stmt_line) * (n_stmt + 1));
			stmt_off[n_stmt] = (size_t)(line - data);
			stmt_line[n_stmt++] = lineno;
		} else {
			rc = xlcfg_fail(diag, XLCFG_ECONFLICT, lineno, "this line is inside xlcfg-gen's block (lines from %d to "
				    "'%s'), which the next merge rewrites; move it above line %d",
				    b->line, END_LINE, b->line);
		}
		if (mine) {
			text_str(&hand, "\n");
		} else {
			text_add(&kept, line, with_nl);
			text_add(&hand, line, with_nl);
		}
	}
	if (rc == 0 && where == IN_BLOCK)
		rc = xlcfg_fail(diag, XLCFG_ECONFLICT, b->line, "xlcfg-gen's block starts here but has no '%s' line; "
			    "restore it, or delete the block's lines, then merge again", END_LINE);
	if (rc == 0 && plan.len) {
		struct xlcfg_diag d;
		rc = xlcfg_read_data(name, plan.s, plan.len, &b->plan, &d);
		if (rc == -XLCFG_ESYNTAX || rc == -XLCFG_EVALUE)
			rc = xlcfg_fail(diag, XLCFG_ECONFLICT, b->line, "the plan xlcfg-gen recorded in its block does not "
				    "read (%s); delete the block's lines, then merge again", d.message);
	}
	for (size_t s = 0; rc == 0 && s < n_stmt; s++) {
		rc = check_statement(name, data + stmt_off[s], line_length(data, len, stmt_off[s]),
				     stmt_line[s], &b->plan, b->line, diag);
	}
	free(stmt_off);
	free(stmt_line);
	free(plan.s);
	if (rc == 0 && !kept.s)
		text_str(&kept, "");
	if (rc == 0 && !hand.s)
		text_str(&hand, "");
	if (rc) {
		free(kept.s);
		free(hand.s);
		xlcfg_passthrough_free(&b->plan);
		b->line = 0;
		return rc;
	}
	b->kept = kept.s;
	b->kept_len = kept.len;
	b->hand = hand.s;
	b->hand_len = hand.len;
	return 0;
}

/* A view of one key of pt (shares its arrays: never freed). */
static struct xlcfg_passthrough one_key(const struct xlcfg_passthrough *pt, int k)
{
	struct xlcfg_passthrough v;
	xlcfg_passthrough_init(&v);
	if (k == 0)
		v.device_tree = pt->device_tree;
	if (k == 1)
		v.irqs = pt->irqs, v.n_irqs = pt->n_irqs;
	if (k == 2)
		v.iomems = pt->iomems, v.n_iomems = pt->n_iomems;
	if (k == 3)
		v.dtdevs = pt->dtdevs, v.n_dtdevs = pt->n_dtdevs;
	return v;
}

char *xlcfg_block_render(const struct xlcfg_passthrough *plan, const struct xlcfg_passthrough *added,
		   const int hand_has[4])
{
	struct text t = { 0 };
	text_str(&t, "");
	if (!plan->device_tree && !plan->n_irqs && !plan->n_iomems && !plan->n_dtdevs)
		return t.s;
	text_str(&t, BEGIN_LINE " (each xlcfg-gen --merge rewrites this block; "
		 "keep your lines above it)\n");
	char *r = xlcfg_render(plan, NULL);
	for (const char *p = r; *p;) {
		size_t l = strcspn(p, "\n");
		text_str(&t, PLAN_PREFIX);
		text_add(&t, p, l);
		text_str(&t, "\n");
		p += l + (p[l] == '\n');
	}
	free(r);
	for (int k = 0; k < 4; k++) {
		struct xlcfg_passthrough v = one_key(added, k);
		if (!v.device_tree && !v.n_irqs && !v.n_iomems && !v.n_dtdevs)
			continue;
		/* One key's text: "KEY = VALUE\n". A list the user's lines
		 * set is extended, never replaced (device_tree is only added
		 * when they have none). */
		r = xlcfg_render(&v, NULL);
		text_str(&t, keys[k]);
		text_str(&t, k > 0 && hand_has[k] ? " += " : " = ");
		text_str(&t, strstr(r, " = ") + 3);
		free(r);
	}
	text_str(&t, END_LINE "\n");
	return t.s;
}
