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

#include "textpos.h"

static int fail(struct xlcfg_diag *diag, int code, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct xlcfg_diag *diag, int code, int line, const char *fmt, ...)
{
	if (diag) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
		va_end(ap);
		diag->line = line;
	}
	return -code;
}

/* libxlutil reports "NAME:LINE: config parsing error near ...". */
static int report_line(const char *report, const char *name)
{
	size_t nl = strlen(name);
	const char *p = strstr(report, name);
	if (!p || p[nl] != ':')
		return 0;
	return atoi(p + nl + 1);
}

static int interpret(XLU_Config *cfg, const char *data, size_t len,
		     struct xlcfg_passthrough *out, struct xlcfg_diag *diag)
{
	const char *s;
	int rc = xlu_cfg_get_string(cfg, "device_tree", &s, 1);
	if (rc == 0) {
		if (xlcfg_set_device_tree(out, s))
			return -XLCFG_ENOMEM;
	} else if (rc != ESRCH) {
		return fail(diag, XLCFG_EVALUE, key_line(data, len, "device_tree"),
			    "device_tree must be a string: device_tree = \"/path/to/partial.dtb\"");
	}
	XLU_ConfigList *list;
	int n;
	rc = xlu_cfg_get_list(cfg, "irqs", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			char *end;
			if (!item)
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "irqs"),
					    "irqs item %d is not a number (xl: \"Unable to get element %d in "
					    "irq list\")", i, i);
			errno = 0;
			unsigned long v = strtoul(item, &end, 0);
			if (end == item)
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "irqs"),
					    "irqs: '%s' is not a number (xl: \"Invalid argument parsing irq: "
					    "%s\"); write the GIC interrupt ID, SPI + 32", item, item);
			if (errno || v >= UINT32_MAX)
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "irqs"),
					    "irqs: %s is out of range (xl: \"unsigned long overflows\")", item);
			for (size_t k = 0; k < out->n_irqs; k++)
				if (out->irqs[k] == v) {
					uint32_t *d = realloc(out->dup_irqs, sizeof(*d) * (out->n_dup_irqs + 1));
					if (!d)
						return -XLCFG_ENOMEM;
					out->dup_irqs = d;
					d[out->n_dup_irqs++] = (uint32_t)v;
				}
			if (xlcfg_add_irq(out, (uint32_t)v))
				return -XLCFG_ENOMEM;
		}
	} else if (rc != ESRCH) {
		return fail(diag, XLCFG_EVALUE, key_line(data, len, "irqs"),
			    "irqs must be a list: irqs = [ 54, 95 ]");
	}
	rc = xlu_cfg_get_list(cfg, "iomem", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			struct xlcfg_iomem m = { 0 };
			int used = 0;
			if (!item)
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "iomem"),
					    "iomem item %d is not a string", i);
			int got = sscanf(item, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &m.pfn, &m.npages,
					 &used, &m.gfn, &used);
			if (got < 2 || item[used] != '\0')
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "iomem"),
					    "iomem: '%s' is not \"PFN,NPAGES[@GFN]\" in hex (xl: \"Invalid "
					    "argument parsing iomem: %s\"); e.g. \"0xff0e0,1\"", item, item);
			m.has_gfn = got == 3;
			if (xlcfg_add_iomem(out, &m))
				return -XLCFG_ENOMEM;
		}
	} else if (rc != ESRCH) {
		return fail(diag, XLCFG_EVALUE, key_line(data, len, "iomem"),
			    "iomem must be a list: iomem = [ \"0xff0e0,1\" ]");
	}
	long v;
	if (xlu_cfg_get_long(cfg, "memory", &v, 1) == 0 && v > 0)
		out->memory_mib = (uint64_t)v;
	if (xlu_cfg_get_long(cfg, "nr_spis", &v, 1) == 0 && v > 0)
		out->nr_spis = (uint32_t)v;
	if (xlu_cfg_get_string(cfg, "vuart", &s, 1) == 0 && strcmp(s, "sbsa_uart") == 0)
		out->vpl011 = true;
	if (xlu_cfg_get_list(cfg, "virtio", &list, &n, 1) == 0 && n > 0)
		out->virtio = true;
	rc = xlu_cfg_get_list(cfg, "dtdev", &list, &n, 1);
	if (rc == 0) {
		for (int i = 0; i < n; i++) {
			const char *item = xlu_cfg_get_listitem(list, i);
			if (!item)
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "dtdev"),
					    "dtdev item %d is not a string", i);
			if (item[0] != '/')
				return fail(diag, XLCFG_EVALUE, key_line(data, len, "dtdev"),
					    "dtdev: '%s' is not an absolute host path; libxl assignment would "
					    "fail (\"xc_assign_dtdevice failed\")", item);
			if (xlcfg_add_dtdev(out, item))
				return -XLCFG_ENOMEM;
		}
	} else if (rc != ESRCH) {
		return fail(diag, XLCFG_EVALUE, key_line(data, len, "dtdev"),
			    "dtdev must be a list: dtdev = [ \"/axi/ethernet@ff0e0000\" ]");
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
	FILE *rs = open_memstream(&report, &report_len);
	if (!rs)
		return -XLCFG_ENOMEM;
	XLU_Config *cfg = xlu_cfg_init(rs, name);
	int rc = 0;
	if (!cfg) {
		rc = -XLCFG_ENOMEM;
	} else if (xlu_cfg_readdata(cfg, data, (int)len)) {
		fflush(rs);
		char first[400] = "";
		sscanf(report ? report : "", "%399[^\n]", first);
		rc = fail(diag, XLCFG_ESYNTAX, report_line(report ? report : "", name),
			  "%s (libxlutil); fix the syntax at that line", first[0] ? first : "syntax error");
	} else {
		rc = interpret(cfg, data, len, out, diag);
	}
	if (cfg)
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
	int rc = read_text_file(path, &data, &len);
	if (rc)
		return fail(diag, XLCFG_EIO, 0, "cannot read: %s", strerror(errno));
	rc = xlcfg_read_data(path, data, len, out, diag);
	free(data);
	return rc;
}
