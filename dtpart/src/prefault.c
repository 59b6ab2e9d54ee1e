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
	if (end <= start)
		return;
#ifdef MADV_HUGEPAGE
	/* A large buffer in 2 MB pages where the kernel has them: one fault
	 * and one page-table entry per 512 pages (a tree of 100k nodes fills
	 * about 60 MB; under a hypervisor the 4 KB faults cost more than the
	 * copying). */
	if (end - start >= ((uintptr_t)4 << 20))
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#endif
	(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)buf;
	(void)len;
#endif
}
