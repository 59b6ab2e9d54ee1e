/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Large buffers about to be filled: their pages mapped in by one madvise
 * call instead of one page fault each, which under a hypervisor costs as
 * much as filling the page. Best effort and Linux-only: elsewhere, or when
 * the call fails, the faults simply happen as usual. */
#ifndef DTPART_PREFAULT_H
#define DTPART_PREFAULT_H

#include <stddef.h>

void dtp_prefault(void *buf, size_t len);

#endif
