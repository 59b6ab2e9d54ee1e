/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs an external tool (dtc) without a shell and collects what it prints. */
#ifndef DTPART_SPAWN_H
#define DTPART_SPAWN_H

#include <stddef.h>
#include "diag.h"

struct dtp_spawn_result {
	int status;        /* exit status, or 128 + signal, or -1 if it could not start */
	char *out;         /* stdout, NUL-terminated (malloc'd) */
	size_t out_len;
	char *err;         /* stderr, NUL-terminated (malloc'd) */
};

/* argv[0] is looked up in PATH. stdin_data (may be NULL) is fed to the
 * child's standard input. Returns 0 when the child ran (see status). */
DTP_MUST_CHECK int dtp_spawn_capture(const char *const argv[], const void *stdin_data, size_t stdin_len,
		  struct dtp_spawn_result *res);
void dtp_spawn_result_free(struct dtp_spawn_result *res);

#endif
