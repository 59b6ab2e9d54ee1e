/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a device tree from outside: a .dtb as it is, a .dts through dtc
 * (labels kept with -@). Every blob is validated with fdt_check_full before
 * anything else looks at it. */
#ifndef DTPART_BLOB_H
#define DTPART_BLOB_H

#include <stddef.h>
#include "diag.h"

struct dtp_blob {
	void *fdt;          /* malloc'd, fdt_totalsize(fdt) bytes valid */
	size_t size;
	char *path;         /* where it came from, for messages */
	int from_source;    /* 1 when compiled from a .dts */
};

DTP_MUST_CHECK int dtp_blob_load(const char *path, struct dtp_blob *out, struct dtp_diag *diag);
/* Validates a blob already in memory (fdt_check_full and header sizes). */
DTP_MUST_CHECK int dtp_blob_validate(const void *data, size_t len, const char *path, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_read_whole_file(const char *path, char **data, size_t *len, struct dtp_diag *diag);
void dtp_blob_free(struct dtp_blob *b);

/* The dtc binary: $DTC or "dtc". */
const char *dtp_dtc_program(void);

#endif
