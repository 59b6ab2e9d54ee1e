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
/* dtp_blob_load, with work(fdt, ctx, diag) run on this thread while
 * fdt_check_full judges the structure on a second one (indexing a large
 * tree takes as long). work sees a blob whose header and block places are
 * sound, and must walk it within bounds (dtp_index_build does). A corrupt
 * blob is reported as such whatever work said, and then work's result must
 * be dropped; else work's error is the load's. On any error the blob is
 * freed. */
typedef int (*dtp_blob_work)(const void *fdt, void *ctx, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_blob_load_while(const char *path, struct dtp_blob *out, dtp_blob_work work, void *ctx,
				       struct dtp_diag *diag);
/* Validates a blob already in memory (fdt_check_full and header sizes). */
DTP_MUST_CHECK int dtp_blob_validate(const void *data, size_t len, const char *path, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_read_whole_file(const char *path, char **data, size_t *len, struct dtp_diag *diag);
void dtp_blob_free(struct dtp_blob *b);

/* The dtc binary: $DTC or "dtc". */
const char *dtp_dtc_program(void);

#endif
