/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fail.h"

#include <stdarg.h>
#include <stdio.h>

int xlcfg_fail(struct xlcfg_diag *diag, int code, int line, const char *fmt, ...)
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
