/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading configs through libxlutil and interpreting the passthrough keys
 * as xl does (libxlutil only gives strings; xl_parse.c holds the rules). */
#include <xlcfg/passthrough.h>

#include <errno.h>
#include <inttypes.h>
#include <libxlutil.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "textpos.h"
#include "xalloc.h"

/* libxlutil reports "NAME:LINE: config parsing error near ...": the line
 * number, and the message without the prefix, which the caller prints
 * with its own file:line (once). */
static int report_line(const char *report, const char *name, const char **rest)
{
	size_t nl = strlen(name);
	const char *p = strstr(report, name);
	*rest = report;
	if (!p || p[nl] != ':')
		return 0;
	char *end;
	long line = strtol(p + nl + 1, &end, 10);
	if (end == p + nl + 1 || line <= 0 || line > 1000000000)
		return 0;
	if (*end == ':')
		end++;
	while (*end == ' ')
		end++;
	*rest = end;
	return (int)line;
}

static int interpret(XLU_Config *cfg, const char *data, size_t len,
		     struct xlcfg_passthrough *out, struct xlcfg_diag *diag)
{
	const char *s;
	/* device_tree: xlu_cfg_replace_string in parse_config_data; a list
	 * there is a warning and no device tree at all. */
	int rc = xlu_cfg_get_string(cfg, "device_tree", &s, 1);
	if (rc == 0) {
		xlcfg_set_device_tree(out, s);
	} else if (rc != ESRCH) {
		return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "device_tree"),
			    "device_tree must be a string (xl warns and ignores a list): "
			    "device_tree = \"/path/to/partial.dtb\"");
	}
	XLU_ConfigList *list;
	int n;
	/* irqs: parse_config_data in tools/xl/xl_parse.c (same code in
	 * RELEASE-4.17.0 and RELEASE-4.20.0) takes each item with
	 * strtoul(buf, &ep, 10), refuses "ep == buf || *ep != '\0'" ("Invalid
	 * argument parsing irq") and "ul >= UINT32_MAX" ("irq %lx too big"). An
	 * item is a string either way: libxlutil's lexer keeps an unquoted
	 * number ([0-9][0-9a-fx]*) as its text, so 0x36 reaches strtoul as
	 * "0x36" and stops at the x. strtoul also takes leading blanks and a
	 * sign, so " 54" and "+54" pass and "-1" wraps to ULONG_MAX (too big). */
	rc = xlu_cfg_get_list(cfg, "irqs", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			char *end;
			if (!item)
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "irqs"),
					    "irqs item %d is a list, not a number (xl: \"Unable to get "
					    "element %d in irq list\"); write irqs = [ 54, 95 ]", i, i);
			unsigned long v = strtoul(item, &end, 10);
			if (end == item || *end != '\0')
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_item_line(data, len, "irqs", item),
					    "irqs: '%s' is not a decimal number (xl: \"Invalid argument "
					    "parsing irq: %s\"); write the GIC interrupt ID in decimal, "
					    "SPI + 32, e.g. 54", item, item);
			if (v >= UINT32_MAX)
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_item_line(data, len, "irqs", item),
					    "irqs: '%s' is too big (xl: \"irq %lx too big\"); GIC "
					    "interrupt IDs go up to 1019", item, v);
			for (size_t k = 0; k < out->n_irqs; k++)
				if (out->irqs[k] == v) {
					out->dup_irqs = xlcfg_xrealloc(out->dup_irqs,
								       sizeof(*out->dup_irqs) * (out->n_dup_irqs + 1));
					out->dup_irqs[out->n_dup_irqs++] = (uint32_t)v;
				}
			xlcfg_add_irq(out, (uint32_t)v);
		}
	} else if (rc != ESRCH) {
		/* xl warns "is a single value but should be a list" and
		 * ignores the key: the guest would boot without the IRQs. */
		return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "irqs"),
			    "irqs must be a list (xl warns and ignores a single value): "
			    "irqs = [ 54, 95 ]");
	}
	/* iomem: parse_config_data (4.17.0 and 4.20.0 alike) reads each item
	 * with sscanf(buf, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", ...) and
	 * refuses "ret < 2 || buf[used] != '\0'" ("Invalid argument parsing
	 * iomem"). The same format here, so the same bases (hex for all three,
	 * 0x optional), the same leading blanks and the same refusals. */
	rc = xlu_cfg_get_list(cfg, "iomem", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			struct xlcfg_iomem m = { 0 };
			int used = 0;
			if (!item)
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "iomem"),
					    "iomem item %d is a list, not a string (xl: \"Unable to get "
					    "element %d in iomem list\"); write iomem = [ \"0xff0e0,1\" ]",
					    i, i);
			int got = sscanf(item, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &m.pfn, &m.npages,
					 &used, &m.gfn, &used);
			if (got < 2 || item[used] != '\0')
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_item_line(data, len, "iomem", item),
					    "iomem: '%s' is not \"PFN,NPAGES[@GFN]\" in hex (xl: \"Invalid "
					    "argument parsing iomem: %s\"); e.g. \"0xff0e0,1\"", item, item);
			m.has_gfn = got == 3;
			xlcfg_add_iomem(out, &m);
		}
	} else if (rc != ESRCH) {
		return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "iomem"),
			    "iomem must be a list (xl warns and ignores a single value): "
			    "iomem = [ \"0xff0e0,1\" ]");
	}
	if (xlu_cfg_get_string(cfg, "name", &s, 1) == 0)
		out->name = xlcfg_xstrdup(s);
	long v;
	if (xlu_cfg_get_long(cfg, "memory", &v, 1) == 0 && v > 0)
		out->memory_mib = (uint64_t)v;
	if (xlu_cfg_get_long(cfg, "nr_spis", &v, 1) == 0 && v > 0)
		out->nr_spis = (uint32_t)v;
	if (xlu_cfg_get_string(cfg, "vuart", &s, 1) == 0 && strcmp(s, "sbsa_uart") == 0)
		out->vpl011 = true;
	if (xlu_cfg_get_list(cfg, "virtio", &list, &n, 1) == 0 && n > 0)
		out->virtio = true;
	/* dtdev: parse_config_data (4.17.0 and 4.20.0 alike) copies each
	 * string as it is, and its loop ends at the first item that is not a
	 * string, silently dropping it and the rest: refused here. A path that
	 * is not absolute passes xl but never matches a host node: libxl's
	 * xc_assign_dtdevice fails at xl create. Refused too. */
	rc = xlu_cfg_get_list(cfg, "dtdev", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			if (!item)
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "dtdev"),
					    "dtdev item %d is a list, not a string: xl stops reading dtdev "
					    "there and assigns none of the paths from it on; write dtdev = "
					    "[ \"/axi/ethernet@ff0e0000\" ]", i);
			if (item[0] != '/')
				return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_item_line(data, len, "dtdev", item),
					    "dtdev: '%s' is not an absolute host path; xl reads it, but the "
					    "assignment fails at xl create (\"xc_assign_dtdevice failed\"); "
					    "write the node's full path, e.g. \"/axi/ethernet@ff0e0000\"",
					    item);
			xlcfg_add_dtdev(out, item);
		}
	} else if (rc != ESRCH) {
		return xlcfg_fail(diag, XLCFG_EVALUE, xlcfg_key_line(data, len, "dtdev"),
			    "dtdev must be a list (xl warns and ignores a single value): "
			    "dtdev = [ \"/axi/ethernet@ff0e0000\" ]");
	}
	return 0;
}

int xlcfg_read_data(const char *name, const char *data, size_t len,
		    struct xlcfg_passthrough *out, struct xlcfg_diag *diag)
{
	xlcfg_passthrough_init(out);
	if (diag) {
		snprintf(diag->file, sizeof(diag->file), "%s", name);
		diag->line = 0;
		diag->message[0] = '\0';
	}
	char *report = NULL;
	size_t report_len = 0;
	/* libxlutil crashes with a NULL report stream: capture it instead. */
	/* Both fail only for want of memory. */
	FILE *rs = xlcfg_xcheck(open_memstream(&report, &report_len));
	XLU_Config *cfg = xlcfg_xcheck(xlu_cfg_init(rs, name));
	int rc = 0;
	if (xlu_cfg_readdata(cfg, data, (int)len)) {
		fflush(rs);
		char first[400] = "";
		sscanf(report ? report : "", "%399[^\n]", first);
		const char *what;
		int line = report_line(first, name, &what);
		rc = xlcfg_fail(diag, XLCFG_ESYNTAX, line, "%s (libxlutil); fix the syntax at that line",
			  what[0] ? what : "syntax error");
	} else {
		rc = interpret(cfg, data, len, out, diag);
	}
	xlu_cfg_destroy(cfg);
	fclose(rs);
	free(report);
	if (rc)
		xlcfg_passthrough_free(out);
	return rc;
}

int xlcfg_read_file(const char *path, struct xlcfg_passthrough *out, struct xlcfg_diag *diag)
{
	char *data;
	size_t len;
	xlcfg_passthrough_init(out);
	if (diag)
		snprintf(diag->file, sizeof(diag->file), "%s", path);
	int rc = xlcfg_read_text_file(path, &data, &len);
	if (rc)
		return xlcfg_fail(diag, XLCFG_EIO, 0, "cannot read: %s", strerror(errno));
	rc = xlcfg_read_data(path, data, len, out, diag);
	free(data);
	return rc;
}
