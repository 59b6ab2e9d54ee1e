/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The library's one way to report: the message and line into the caller's
 * xlcfg_diag (when it gave one), and -code back. */
#ifndef XLCFG_FAIL_H
#define XLCFG_FAIL_H

#include <xlcfg/passthrough.h>

int xlcfg_fail(struct xlcfg_diag *diag, int code, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
