/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The facts hypervisor/ needs to size the device tree Xen builds for a
 * dom0less guest (struct hv_guest_tree): a walk of the partial tree, and
 * what Xen copies from the host's cpu and timer nodes. */
#ifndef DTPART_GUESTTREE_H
#define DTPART_GUESTTREE_H

#include <hypervisor/replay.h>
#include "arena.h"
#include "fdtindex.h"

/* From the host tree Xen boots: the first cpu node's compatible length and
 * clock-frequency, the timer's clock-frequency (make_cpus_node,
 * make_timer_node). */
void dtp_guest_tree_host(const struct dtp_index *host, struct hv_guest_tree *t);

/* The walk of a partial tree that has passed fdt_check_full, in blob order,
 * into t->walk (allocated from a). Names point into the blob. Returns 0 or
 * -DTP_EBADTREE when the structure block ends early. */
DTP_MUST_CHECK int dtp_guest_tree_walk(const void *partial, struct dtp_arena *a, struct hv_guest_tree *t);

#endif
