/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "prefault.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

void dtp_prefault(void *buf, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	if (!buf || page <= 0 || len < (size_t)page * 16)
		return;
	uintptr_t start = ((uintptr_t)buf + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t end = ((uintptr_t)buf + len) & ~((uintptr_t)page - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)buf;
	(void)len;
#endif
}
