/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The U-Boot script that boots the whole set-up, as ImageBuilder's
 * uboot-script-gen writes one: it loads Xen, the host tree (xen.dtb),
 * dom0's kernel and ramdisk (none after host --no-dom0: Xen, its tree and
 * the dom0less modules only) and every dom0less domain's modules at the
 * addresses /chosen names (the one module layout, dom0less.c), then Xen and
 * its tree above the last module and clear of every direct-map bank, and
 * boots Xen with booti. Paths are
 * relative to the boot directory (a TFTP or SD root); a file outside it is
 * refused. Every address is checked against the host tree's RAM. */
#ifndef DTPART_BOOTSCRIPT_H
#define DTPART_BOOTSCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "dom0less.h"
#include "fdtindex.h"
#include "plan.h"

/* Xen and its tree are 2 MiB aligned, as booti wants a kernel. */
#define DTP_BOOT_ALIGN 0x200000ull

struct dtp_ram {
	uint64_t base, size;
};

struct dtp_boot_item {
	const char *what;       /* "xen", "xen.dtb", a module's compatible */
	char file[4096];        /* absolute */
	char rel[4096];         /* relative to the boot directory */
	uint64_t addr, size;
};

struct dtp_boot_script {
	struct dtp_boot_item *items;
	int n;
	uint64_t xen_addr, dtb_addr;
	char *text;             /* boot.cmd, malloc'd */
};

/* The RAM ranges of the host tree's /memory nodes (root cells), every one
 * of them, in *out (malloc'd, NULL when none); their count. */
int dtp_boot_ram(const struct dtp_index *ix, struct dtp_ram **out);

/* out_dir: absolute; dtb_size: xen.dtb as written; dom0less[i] file NULL:
 * out_dir/domN.dtb. */
DTP_MUST_CHECK int dtp_boot_script_build(const struct dtp_plan *plan, const char *out_dir, size_t dtb_size,
					 const struct dtp_dom0less_module *dom0, int n_dom0,
					 const struct dtp_dom0less_domain *domus, int n_domus,
					 const struct dtp_ram *ram, int n_ram, struct dtp_boot_script *bs,
					 struct dtp_diag *diag);
void dtp_boot_script_free(struct dtp_boot_script *bs);

/* path relative to dir when it lies inside it, else NULL. */
const char *dtp_boot_relative(const char *dir, const char *path);

#endif
