/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[DTP_ERR_MAX] = {
	[DTP_OK] = "success",
	[DTP_EUSAGE] = "invalid command line",
	[DTP_EIO] = "cannot read input file",
	[DTP_EBADTREE] = "invalid device tree",
	[DTP_ENODEV] = "no such device",
	[DTP_EAMBIG] = "ambiguous device name",
	[DTP_EREFUSED] = "refused",
	[DTP_ECLOCK] = "unknown clock rate",
	[DTP_ECHECK] = "hypervisor check failed",
	[DTP_EWRITE] = "cannot write output",
	[DTP_ENOMEM] = "out of memory",
	[DTP_ESTATE] = "unusable output state",
	[DTP_ENOBOARD] = "no board data",
	[DTP_EBUSY] = "output directory busy",
	[DTP_EUNSUPPORTED] = "unsupported",
};

const char *dtp_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= DTP_ERR_MAX)
		return "unknown error";
	return messages[err];
}

int dtp_exit_code(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case DTP_OK: return 0;
	case DTP_EUSAGE: return 64;
	case DTP_EIO: return 66;
	case DTP_EBADTREE: return 65;
	case DTP_ENODEV: case DTP_EAMBIG: return 67;
	case DTP_EREFUSED: case DTP_ECLOCK: case DTP_ENOBOARD: return 68;
	case DTP_ECHECK: return 69;
	case DTP_EWRITE: return 73;
	case DTP_ESTATE: return 74;
	case DTP_EBUSY: return 75;     /* EX_TEMPFAIL: try again later */
	case DTP_EUNSUPPORTED: return 76; /* EX_PROTOCOL's number: the tree is valid, dtpart lacks support */
	default: return 70;
	}
}

static void clear_parts(struct dtp_diag *diag)
{
	diag->file[0] = diag->node[0] = diag->xen[0] = diag->fix[0] = '\0';
	diag->line = 0;
}

int dtp_fail(struct dtp_diag *diag, int code, const char *fmt, ...)
{
	if (diag) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
		va_end(ap);
		clear_parts(diag);
	}
	return -code;
}

static void keep(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* Appends s where it fits; a message too long is cut, never overrun. */
static size_t append(char *buf, size_t len, size_t used, const char *s)
{
	size_t n = strlen(s);
	if (used + 1 >= len)
		return used;
	if (n > len - used - 1)
		n = len - used - 1;
	memcpy(buf + used, s, n);
	buf[used + n] = '\0';
	return used + n;
}

int dtp_report(struct dtp_diag *diag, int code, const struct dtp_problem *p, const char *fmt, ...)
{
	if (!diag)
		return -code;
	char what[DTP_DIAG_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	keep(diag->file, sizeof(diag->file), p->file);
	keep(diag->node, sizeof(diag->node), p->node);
	keep(diag->xen, sizeof(diag->xen), p->xen);
	keep(diag->fix, sizeof(diag->fix), p->fix);
	diag->line = p->line;
	char line[32] = "";
	if (p->file && p->line)
		snprintf(line, sizeof(line), ":%d", p->line);
	const char *parts[] = {
		p->file ? p->file : "", line, p->file ? ": " : "",
		p->node ? p->node : "", p->node ? ": " : "",
		what,
		p->xen ? " (Xen: \"" : "", p->xen ? p->xen : "", p->xen ? "\")" : "",
		p->fix ? "; " : "", p->fix ? p->fix : "",
	};
	size_t used = 0;
	diag->msg[0] = '\0';
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		used = append(diag->msg, sizeof(diag->msg), used, parts[i]);
	return -code;
}

int dtp_warn_quiet;

void dtp_warn(const char *fmt, ...)
{
	va_list ap;
	if (dtp_warn_quiet)
		return;
	fputs("dtpart: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
