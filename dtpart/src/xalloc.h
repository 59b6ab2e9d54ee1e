/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation that cannot fail: on out-of-memory the tool stops with a
 * message, as dtc and xl do, so callers carry no out-of-memory paths. The
 * freestanding libraries (iommu/, hypervisor/) keep returning codes. */
#ifndef DTPART_XALLOC_H
#define DTPART_XALLOC_H

#include <stddef.h>

void *dtp_xmalloc(size_t size);
void *dtp_xcalloc(size_t n, size_t size);
void *dtp_xrealloc(void *p, size_t size);
char *dtp_xstrdup(const char *s);
/* p, or the same stop when p is NULL: for allocators of other libraries
 * (the arena, jansson) whose only failure is out-of-memory. */
void *dtp_xcheck(void *p);

#endif
