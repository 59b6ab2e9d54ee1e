/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *dtp_xcheck(void *p)
{
	if (!p) {
		fputs("dtpart: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *dtp_xmalloc(size_t size)
{
	return dtp_xcheck(malloc(size ? size : 1));
}

void *dtp_xcalloc(size_t n, size_t size)
{
	return dtp_xcheck(calloc(n ? n : 1, size ? size : 1));
}

void *dtp_xrealloc(void *p, size_t size)
{
	return dtp_xcheck(realloc(p, size ? size : 1));
}

char *dtp_xstrdup(const char *s)
{
	return dtp_xcheck(strdup(s));
}
