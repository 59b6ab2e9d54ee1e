#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

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
	default: return 70;
	}
}

int dtp_fail(struct dtp_diag *diag, int code, const char *fmt, ...)
{
	if (diag) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
		va_end(ap);
	}
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
