/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation that cannot fail: on out-of-memory the library stops the
 * program with a message, as libxenlight (libxl__alloc_failed) and dtpart
 * do, so its functions carry no out-of-memory paths. */
#ifndef XLCFG_XALLOC_H
#define XLCFG_XALLOC_H

#include <stddef.h>

void *xlcfg_xmalloc(size_t size);
void *xlcfg_xcalloc(size_t n, size_t size);
void *xlcfg_xrealloc(void *p, size_t size);
char *xlcfg_xstrdup(const char *s);
char *xlcfg_xstrndup(const char *s, size_t n);
/* p, or the same stop when p is NULL: for allocators of other libraries
 * whose only failure is out-of-memory. */
void *xlcfg_xcheck(void *p);

#endif
