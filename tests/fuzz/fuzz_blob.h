/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tree harnesses' input: fuzz bytes as a blob libfdt may read, or NULL
 * when the size is out of the range worth trying. */
#ifndef DTPART_FUZZ_BLOB_H
#define DTPART_FUZZ_BLOB_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static inline void *fuzz_blob(const uint8_t *data, size_t size)
{
	dtp_warn_quiet = 1;   /* warnings are expected on every input */
	if (size < 4 || size > (1 << 20))
		return NULL;
	/* libfdt wants an aligned buffer it owns. */
	void *fdt = malloc(size);
	if (fdt)
		memcpy(fdt, data, size);
	return fdt;
}

#endif
