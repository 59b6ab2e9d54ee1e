/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "report.h"
#include "lookup.h"
#include "xenabi.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPEND(buf, len, used, ...)                                              \
	do {                                                                     \
		if ((used) < (len)) {                                            \
			int w_ = snprintf((buf) + (used), (len) - (used), __VA_ARGS__); \
			if (w_ > 0)                                              \
				(used) += (size_t)w_;                            \
		}                                                                \
	} while (0)

static int seen_irq_before(const struct dtp_devsum *d, int i)
{
	for (int j = 0; j < i; j++)
		if (d->irqs[j].id == d->irqs[i].id)
			return 1;
	return 0;
}

/* Text built into a caller's buffer, cut (and still terminated) when full.
 * `list` formats every row twice (widths, then rows): hand-made digits cost
 * a fraction of printf's. */
struct text {
	char *buf;
	size_t len, used;
};

static void put_str(struct text *t, const char *s)
{
	while (*s && t->used + 1 < t->len)
		t->buf[t->used++] = *s++;
	t->buf[t->used] = '\0';
}

static void put_num(struct text *t, unsigned long long v, unsigned base, const char *prefix)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put_str(t, prefix);
	while (n && t->used + 1 < t->len)
		t->buf[t->used++] = digits[--n];
	t->buf[t->used] = '\0';
}

void dtp_format_regs(const struct dtp_devsum *d, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };
	buf[0] = '\0';
	for (int i = 0; i < d->n_regs; i++) {
		put_num(&t, d->regs[i].addr, 16, i ? ",0x" : "0x");
		put_num(&t, d->regs[i].size, 16, "+0x");
	}
}

void dtp_format_irqs(const struct dtp_devsum *d, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };
	buf[0] = '\0';
	for (int i = 0; i < d->n_irqs; i++) {
		if (seen_irq_before(d, i))
			continue;
		if (t.used)
			put_str(&t, ",");
		put_num(&t, d->irqs[i].number, 10, d->irqs[i].type == DTP_IRQ_PPI ? "PPI" : "");
		put_num(&t, d->irqs[i].id, 10, "->");
	}
	if (!t.used)
		put_str(&t, "-");
}

void dtp_format_sids(const struct dtp_devsum *d, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };
	buf[0] = '\0';
	for (int i = 0; i < d->n_sids; i++) {
		put_num(&t, d->sids[i].id, 16, i ? ",0x" : "0x");
		if (d->sids[i].mask)
			put_num(&t, d->sids[i].mask, 16, "/0x");
	}
	if (!t.used)
		put_str(&t, "-");
}

void dtp_format_xl_irqs(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_irqs; i++)
		if (!seen_irq_before(d, i))
			APPEND(buf, len, used, "%s%u", used ? ", " : "", d->irqs[i].id);
}

void dtp_format_xl_iomem_range(const struct dtp_range *r, char *buf, size_t len)
{
	struct xlcfg_iomem m = dtp_iomem_of_range(r->addr, r->size);
	xlcfg_format_iomem(&m, buf, len);
}

void dtp_format_xl_iomem(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_regs; i++) {
		char one[64];
		dtp_format_xl_iomem_range(&d->regs[i], one, sizeof(one));
		APPEND(buf, len, used, "%s\"%s\"", i ? ", " : "", one);
	}
}

json_t *dtp_report_names(const char *comma_list)
{
	json_t *arr = json_array();
	while (*comma_list) {
		size_t len = strcspn(comma_list, ",");
		json_array_append_new(arr, json_stringn(comma_list, len));
		comma_list += len;
		if (*comma_list)
			comma_list++;
	}
	return arr;
}

static json_t *hex(unsigned long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "0x%llx", v);
	return json_string(buf);
}

json_t *dtp_report_device(const struct dtp_host *h, const struct dtp_devsum *d, const char *owner)
{
	const struct dtp_index *ix = h->ix;
	char buf[1024];
	json_t *o = json_object();
	json_object_set_new(o, "path", json_string(d->path));
	dtp_node_aliases(ix, d->node, buf, sizeof(buf));
	json_object_set_new(o, "aliases", dtp_report_names(buf));
	dtp_node_labels(ix, d->node, buf, sizeof(buf));
	json_object_set_new(o, "labels", dtp_report_names(buf));
	json_object_set_new(o, "compatible", d->compatible ? json_string(d->compatible) : json_null());
	json_object_set_new(o, "status", json_string(d->status_ok ? "okay" : "disabled"));
	json_t *regs = json_array();
	for (int i = 0; i < d->n_regs; i++)
		json_array_append_new(regs, json_pack("{s:o, s:o}", "address", hex(d->regs[i].addr),
						      "size", hex(d->regs[i].size)));
	json_object_set_new(o, "mmio", regs);
	json_t *irqs = json_array();
	for (int i = 0; i < d->n_irqs; i++)
		json_array_append_new(irqs, json_pack("{s:s, s:I, s:I, s:s}",
						      "type", d->irqs[i].type == DTP_IRQ_PPI ? "ppi" : "spi",
						      "number", (json_int_t)d->irqs[i].number,
						      "xen_id", (json_int_t)d->irqs[i].id,
						      "trigger", dtp_irq_trigger_name(d->irqs[i].flags)));
	json_object_set_new(o, "irqs", irqs);
	json_t *sids = json_array();
	for (int i = 0; i < d->n_sids; i++)
		json_array_append_new(sids, hex(d->sids[i].id));
	json_object_set_new(o, "stream_ids", sids);
	json_object_set_new(o, "owner", json_string(owner));
	const char *role = dtp_device_xen_role(h, d->node);
	json_object_set_new(o, "xen_role", role ? json_string(role) : json_null());
	return o;
}

static const char *const rate_source_names[] = {
	[DTP_RATE_UNKNOWN] = "unknown", [DTP_RATE_OPTION] = "option", [DTP_RATE_TREE] = "tree",
	[DTP_RATE_SUMMARY] = "clk_summary", [DTP_RATE_BOARD] = "board", [DTP_RATE_SOC] = "soc",
};

json_t *dtp_report_clock(const char *name, uint64_t rate, enum dtp_rate_source src,
			 const struct dtp_board *board)
{
	char from[512];
	int assumed = src == DTP_RATE_SUMMARY || src == DTP_RATE_BOARD || src == DTP_RATE_SOC;
	unsigned i = (unsigned)src < sizeof(rate_source_names) / sizeof(rate_source_names[0]) ? (unsigned)src : 0;
	return json_pack("{s:o, s:I, s:s, s:b, s:s}", "name", name ? json_string(name) : json_null(),
			 "guest_rate_hz", (json_int_t)rate, "source", rate_source_names[i], "assumed", assumed,
			 "from", dtp_board_rate_source_text(board, src, from, sizeof(from)));
}

int dtp_report_json_print(json_t *root, struct dtp_diag *diag)
{
	/* jansson fails only for want of memory here (xalloc.h). */
	char *text = dtp_xcheck(json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS));
	json_decref(root);
	if (puts(text) == EOF || fflush(stdout)) {
		free(text);
		return dtp_fail(diag, DTP_EWRITE, "cannot write the JSON to standard output: %s", strerror(errno));
	}
	free(text);
	return 0;
}
