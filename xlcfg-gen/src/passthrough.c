/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The passthrough values and their xl rendering. */
#include <xlcfg/passthrough.h>
#include "xalloc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const messages[XLCFG_ERR_MAX] = {
	[XLCFG_OK] = "success",
	[XLCFG_ENOMEM] = "out of memory",
	[XLCFG_EIO] = "cannot read or write the file",
	[XLCFG_ESYNTAX] = "xl config syntax error",
	[XLCFG_EVALUE] = "value xl would refuse",
	[XLCFG_ECONFLICT] = "conflicting setting",
	[XLCFG_EVERIFY] = "merged config does not read back as expected",
	[XLCFG_EWRITE] = "cannot write the file",
};

const char *xlcfg_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < XLCFG_ERR_MAX ? messages[err] : "unknown error";
}

void xlcfg_passthrough_init(struct xlcfg_passthrough *pt)
{
	memset(pt, 0, sizeof(*pt));
}

void xlcfg_passthrough_free(struct xlcfg_passthrough *pt)
{
	free(pt->device_tree);
	free(pt->name);
	for (size_t i = 0; i < pt->n_dtdevs; i++)
		free(pt->dtdevs[i]);
	free(pt->dtdevs);
	free(pt->irqs);
	free(pt->dup_irqs);
	free(pt->iomems);
	memset(pt, 0, sizeof(*pt));
}

void xlcfg_set_device_tree(struct xlcfg_passthrough *pt, const char *path)
{
	char *p = xlcfg_xstrdup(path);
	free(pt->device_tree);
	pt->device_tree = p;
}

/* Grows an array by one element; the caller fills it. */
static void *grow(void *arr, size_t n, size_t elem)
{
	return xlcfg_xrealloc(arr, (n + 1) * elem);
}

bool xlcfg_has_dtdev(const struct xlcfg_passthrough *pt, const char *host_path)
{
	for (size_t i = 0; i < pt->n_dtdevs; i++)
		if (strcmp(pt->dtdevs[i], host_path) == 0)
			return true;
	return false;
}

bool xlcfg_has_irq(const struct xlcfg_passthrough *pt, uint32_t irq)
{
	for (size_t i = 0; i < pt->n_irqs; i++)
		if (pt->irqs[i] == irq)
			return true;
	return false;
}

static int same_iomem(const struct xlcfg_iomem *a, const struct xlcfg_iomem *b)
{
	return a->pfn == b->pfn && a->npages == b->npages && a->has_gfn == b->has_gfn &&
	       (!a->has_gfn || a->gfn == b->gfn);
}

bool xlcfg_has_iomem(const struct xlcfg_passthrough *pt, const struct xlcfg_iomem *r)
{
	for (size_t i = 0; i < pt->n_iomems; i++)
		if (same_iomem(&pt->iomems[i], r))
			return true;
	return false;
}

void xlcfg_add_dtdev(struct xlcfg_passthrough *pt, const char *host_path)
{
	if (xlcfg_has_dtdev(pt, host_path))
		return;
	pt->dtdevs = grow(pt->dtdevs, pt->n_dtdevs, sizeof(*pt->dtdevs));
	pt->dtdevs[pt->n_dtdevs++] = xlcfg_xstrdup(host_path);
}

void xlcfg_add_irq(struct xlcfg_passthrough *pt, uint32_t irq)
{
	if (xlcfg_has_irq(pt, irq))
		return;
	pt->irqs = grow(pt->irqs, pt->n_irqs, sizeof(*pt->irqs));
	pt->irqs[pt->n_irqs++] = irq;
}

void xlcfg_add_iomem(struct xlcfg_passthrough *pt, const struct xlcfg_iomem *r)
{
	if (xlcfg_has_iomem(pt, r))
		return;
	pt->iomems = grow(pt->iomems, pt->n_iomems, sizeof(*pt->iomems));
	pt->iomems[pt->n_iomems++] = *r;
}

void xlcfg_union(struct xlcfg_passthrough *dst, const struct xlcfg_passthrough *src)
{
	if (src->device_tree && !dst->device_tree)
		xlcfg_set_device_tree(dst, src->device_tree);
	for (size_t i = 0; i < src->n_dtdevs; i++)
		xlcfg_add_dtdev(dst, src->dtdevs[i]);
	for (size_t i = 0; i < src->n_irqs; i++)
		xlcfg_add_irq(dst, src->irqs[i]);
	for (size_t i = 0; i < src->n_iomems; i++)
		xlcfg_add_iomem(dst, &src->iomems[i]);
}

void xlcfg_difference(struct xlcfg_passthrough *dst, const struct xlcfg_passthrough *a,
		      const struct xlcfg_passthrough *b)
{
	if (a->device_tree && (!b->device_tree || strcmp(a->device_tree, b->device_tree)))
		xlcfg_set_device_tree(dst, a->device_tree);
	for (size_t i = 0; i < a->n_dtdevs; i++)
		if (!xlcfg_has_dtdev(b, a->dtdevs[i]))
			xlcfg_add_dtdev(dst, a->dtdevs[i]);
	for (size_t i = 0; i < a->n_irqs; i++)
		if (!xlcfg_has_irq(b, a->irqs[i]))
			xlcfg_add_irq(dst, a->irqs[i]);
	for (size_t i = 0; i < a->n_iomems; i++)
		if (!xlcfg_has_iomem(b, &a->iomems[i]))
			xlcfg_add_iomem(dst, &a->iomems[i]);
}

void xlcfg_format_iomem(const struct xlcfg_iomem *r, char *buf, size_t len)
{
	/* xl reads NPAGES as hex too: below 10 both bases agree, above the
	 * 0x prefix keeps a reader from taking it as decimal. */
	int n = snprintf(buf, len, r->npages < 10 ? "0x%" PRIx64 ",%" PRIx64 : "0x%" PRIx64 ",0x%" PRIx64,
			 r->pfn, r->npages);
	if (r->has_gfn && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "@0x%" PRIx64, r->gfn);
}

struct strbuf {
	char *s;
	size_t len, cap;
};

/* The formats here are strings and integers, which vsnprintf always
 * formats: its only failure, output past INT_MAX, needs a longer config
 * than memory holds, so it stops the program like out-of-memory. */
static void sb_add(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct strbuf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			xlcfg_xcheck(NULL);
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		b->s = xlcfg_xrealloc(b->s, cap);
		b->cap = cap;
	}
}

/* A string as an xl quoted string: libxlutil decodes backslash escapes, so
 * quotes, backslashes and the control characters it names go escaped (found
 * by fuzzing: a path with a backslash did not read back). Its \\x and octal
 * escapes are broken in 4.17, so other bytes go raw, which it accepts. */
/* Pairs: a character and the letter of its backslash escape. */
static const char named_escapes[] = "\"\"\\\\\nn\tt\rr\aa\bb\ff\vv";

static void sb_quoted(struct strbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (const char *p = s; *p; p++) {
		const char *e = NULL;
		for (const char *n = named_escapes; *n; n += 2)
			if (*n == *p)
				e = n;
		if (e)
			sb_add(b, "\\%c", e[1]);
		else
			sb_add(b, "%c", *p);
	}
	sb_add(b, "\"");
}

char *xlcfg_quote(const char *s)
{
	struct strbuf b = { 0 };
	sb_quoted(&b, s);
	return b.s;
}

char *xlcfg_render(const struct xlcfg_passthrough *pt, const char *header_comment)
{
	struct strbuf b = { 0 };
	for (const char *p = header_comment; p && *p;) {
		size_t l = strcspn(p, "\n");
		sb_add(&b, "# %.*s\n", (int)l, p);
		p += l + (p[l] == '\n');
	}
	if (pt->device_tree) {
		sb_add(&b, "device_tree = ");
		sb_quoted(&b, pt->device_tree);
		sb_add(&b, "\n");
	}
	if (pt->n_irqs) {
		sb_add(&b, "irqs = [ ");
		for (size_t i = 0; i < pt->n_irqs; i++)
			sb_add(&b, "%s%" PRIu32, i ? ", " : "", pt->irqs[i]);
		sb_add(&b, " ]\n");
	}
	if (pt->n_iomems) {
		sb_add(&b, "iomem = [ ");
		for (size_t i = 0; i < pt->n_iomems; i++) {
			char one[96];
			xlcfg_format_iomem(&pt->iomems[i], one, sizeof(one));
			sb_add(&b, "%s\"%s\"", i ? ", " : "", one);
		}
		sb_add(&b, " ]\n");
	}
	if (pt->n_dtdevs) {
		sb_add(&b, "dtdev = [ ");
		for (size_t i = 0; i < pt->n_dtdevs; i++) {
			sb_add(&b, "%s", i ? ", " : "");
			sb_quoted(&b, pt->dtdevs[i]);
		}
		sb_add(&b, " ]\n");
	}
	if (!b.s)
		sb_add(&b, "%s", "");
	return b.s;
}
