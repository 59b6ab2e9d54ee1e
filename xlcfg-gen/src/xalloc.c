/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xlcfg_xcheck(void *p)
{
	if (!p) {
		fputs("xlcfg: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xlcfg_xmalloc(size_t size)
{
	return xlcfg_xcheck(malloc(size ? size : 1));
}

void *xlcfg_xcalloc(size_t n, size_t size)
{
	return xlcfg_xcheck(calloc(n ? n : 1, size ? size : 1));
}

void *xlcfg_xrealloc(void *p, size_t size)
{
	return xlcfg_xcheck(realloc(p, size ? size : 1));
}

char *xlcfg_xstrdup(const char *s)
{
	return xlcfg_xcheck(strdup(s));
}

char *xlcfg_xstrndup(const char *s, size_t n)
{
	return xlcfg_xcheck(strndup(s, n));
}
