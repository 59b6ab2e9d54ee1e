/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dom0less domains: Xen builds them at boot from /chosen/domUN nodes of the
 * host tree, each with its kernel, ramdisk and partial tree as modules at
 * fixed load addresses. Chooses addresses that overlap nothing (other
 * modules, reserved memory) and emits the nodes. */
#ifndef DTPART_DOM0LESS_H
#define DTPART_DOM0LESS_H

#include <stdint.h>
#include "devmodel.h"
#include "fdtwrite.h"
#include "plan.h"

#define DTP_DOM0LESS_LOAD_BASE 0x48000000ULL  /* above where QEMU/U-Boot put Xen and its tree */
#define DTP_MODULE_ALIGN 0x200000ULL

struct dtp_dom0less_module {
	const char *compatible;     /* "multiboot,kernel" ... */
	const char *file;
	uint64_t addr;
	uint64_t size;
};

struct dtp_dom0less_domain {
	const struct dtp_plan_domain *plan;
	struct dtp_dom0less_module modules[3];
	int n_modules;
	/* direct-map: the xen,static-mem bank (machine = guest addresses),
	 * written in /chosen's cells, which Xen reads it with (4.17's
	 * process_domain_node and allocate_static_memory: the parent's). */
	uint64_t bank_addr, bank_size;
	uint32_t bank_ac, bank_sc;
};

#define DTP_BANK_ALIGN 0x200000ULL  /* an arm64 kernel's RAM base: 2 MiB aligned */

/* dtb_sizes[i]: size of the partial tree of plan->domains[i] (0 for xl).
 * One layout for every module Xen's boot loader loads: dom0's kernel and
 * ramdisk first (when plan->host_boot names them: into dom0[], *n_dom0),
 * then each dom0less domain's, all from load_base up, 2 MiB aligned,
 * around /memreserve/ entries and modules the input's /chosen holds. */
DTP_MUST_CHECK int dtp_dom0less_layout(const struct dtp_host *h, const struct dtp_plan *plan, const size_t *dtb_sizes,
		    uint64_t load_base, struct dtp_dom0less_domain **out, int *n_out,
		    struct dtp_dom0less_module dom0[2], int *n_dom0, struct dtp_diag *diag);
/* The domain ID Xen will give plan domain `id` when it is a dom0less one:
 * Xen numbers the /chosen nodes compatible with "xen,domain" 1..N in tree
 * order (create_domUs: domain_create(++max_init_domid), 4.17 to 4.22), and
 * dtpart writes them first in /chosen, in ascending plan id. 0 for an xl
 * domain: xl's domains get the next free IDs after the dom0less ones. */
unsigned dtp_dom0less_boot_domid(const struct dtp_plan *plan, unsigned id);
/* The number the checks and the stream table give a plan domain: a
 * dom0less one its boot ID as above; an xl one (whose real ID xl picks when
 * it creates it) its own number, unless a dom0less domain boots under that
 * number: then a free one above them. */
unsigned dtp_boot_domid(const struct dtp_plan *plan, unsigned id);
/* Whether the Xen build whose .config is at path has static memory
 * (CONFIG_STATIC_MEMORY=y, which direct-map needs): 1 yes, 0 no, <0 error. */
DTP_MUST_CHECK int dtp_dom0less_xen_static_memory(const char *path, struct dtp_diag *diag);
/* Number of dom0less domains in the plan. */
int dtp_dom0less_count(const struct dtp_plan *plan);

/* fdtw child generator: ctx is a struct dtp_dom0less_domain. */
void dtp_dom0less_emit(struct dtp_fdtw *w, void *ctx);

#endif
