/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart host --imagebuilder`: the same set-up as an ImageBuilder
 * (uboot-script-gen) configuration, for users who build their boot with
 * ImageBuilder: Xen, dom0's kernel and ramdisk, the command lines dtpart
 * host writes and every dom0less domain (kernel, ramdisk, partial tree,
 * memory, vCPUs, command line), with paths relative to the boot directory.
 * Without dom0 (host --no-dom0) it has no DOM0_KERNEL, DOM0_RAMDISK or
 * DOM0_CMD: ImageBuilder's dom0less-only set-up.
 * ImageBuilder writes /chosen itself and picks its own addresses, so its
 * DEVICE_TREE is imagebuilder.dtb: the host tree as written (devices
 * flagged, SMMU wired) without what dtpart put in /chosen for the boot
 * (the command lines, dom0's modules, the domUN nodes of the plan). xl
 * domains are started from dom0 and are not ImageBuilder's. */
#ifndef DTPART_IMAGEBUILDER_H
#define DTPART_IMAGEBUILDER_H

#include <stddef.h>
#include "bootscript.h"
#include "diag.h"
#include "dom0less.h"
#include "hostboot.h"
#include "plan.h"

struct dtp_imagebuilder {
	char *cfg;          /* imagebuilder.cfg, malloc'd */
	void *dtb;          /* imagebuilder.dtb, malloc'd */
	size_t dtb_len;
};

/* out_dir: absolute; xen_dtb: the host tree as written. Files outside the
 * boot directory are refused, as for boot.cmd. */
DTP_MUST_CHECK int dtp_imagebuilder_build(const struct dtp_plan *plan, const char *out_dir, const void *xen_dtb,
					  size_t xen_dtb_len, const struct dtp_hostboot *hb,
					  const struct dtp_dom0less_domain *domus, int n_domus, const struct dtp_ram *ram,
					  int n_ram, struct dtp_imagebuilder *ib, struct dtp_diag *diag);
void dtp_imagebuilder_free(struct dtp_imagebuilder *ib);

#endif
