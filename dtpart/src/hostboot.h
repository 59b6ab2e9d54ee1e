/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart host`: what turns a Linux device tree into one Xen boots with.
 * /chosen gets xen,xen-bootargs (Xen's console as dtuart=<alias or path>,
 * dom0_mem, the user's additions), xen,dom0-bootargs (console=hvc0; on
 * ZynqMP clk_ignore_unused, since dom0 must not gate the clocks of devices
 * guests own; the user's root=...), #address-cells/#size-cells = 2, and
 * dom0's kernel and ramdisk as multiboot modules at the addresses of the
 * module layout (dom0less.c). Everything comes from the plan's host_boot,
 * so every later run writes the same /chosen. A tree without /chosen gets
 * one; dom0 modules the input has (an ImageBuilder-made tree) are replaced.
 * Without dom0 (host --no-dom0), xen,xen-bootargs has no dom0_mem and
 * there is neither xen,dom0-bootargs nor a dom0 module. */
#ifndef DTPART_HOSTBOOT_H
#define DTPART_HOSTBOOT_H

#include <libfdt.h>
#include "devmodel.h"
#include "dom0less.h"
#include "hostwrite.h"
#include "plan.h"

/* Xen takes at most 32 boot modules (MAX_MODULES). */
#define DTP_HOSTBOOT_MAX_REPLACED 32

struct dtp_hostboot {
	char xen_args[2048];
	char dom0_args[2048];
	struct dtp_dom0less_module modules[2];  /* dom0's kernel, ramdisk */
	int n_modules;
	fdt32_t two;
	/* dtpart host --no-dom0: no xen,dom0-bootargs, no dom0 modules (the
	 * input's are removed). */
	int no_dom0;
	/* No dtpart host yet and a tree without /chosen: /chosen is created
	 * with its cells and the dom0less domains only. */
	int bare;
	/* The input has no /chosen: the node is added whole, with the dom0less
	 * domains' nodes in it. */
	int create_chosen;
	const struct dtp_dom0less_domain *domus;
	int n_domus;
	/* dom0's modules of the input's /chosen, replaced, and the labels
	 * (/__symbols__) and aliases that named them, taken out with them:
	 * NUL-separated copies (the edits outlive the input blob's layout). */
	int replaced[DTP_HOSTBOOT_MAX_REPLACED];
	int n_replaced;
	char dropped_names[1024];
	int n_dropped_labels, n_dropped_aliases;
};

/* Xen's console as the plan's host_boot names it (--xen-bootargs
 * dtuart=), for the refusals of this run: the input tree may name another. */
void dtp_hostboot_console(struct dtp_host *h, const struct dtp_plan *plan);

/* Whether the tree is a ZynqMP's (root compatible "xlnx,zynqmp"). */
int dtp_hostboot_is_zynqmp(const struct dtp_index *ix);

/* The bootargs of plan->host_boot for this tree; refuses a boot without
 * dom0 with an xl domain or no dom0less domain, or with an input domain
 * wanting Xenstore (4.17+), a tree with no
 * console for Xen, a console that a domain owns, and a /chosen child with a
 * reg in cells other than 2 + 2 that would stay. dom0 modules already in
 * the input's /chosen are replaced (dtp_hostboot_edits deletes them), with
 * a warning naming each. dom0: the kernel and ramdisk as laid out. */
DTP_MUST_CHECK int dtp_hostboot_build(const struct dtp_host *h, const struct dtp_plan *plan,
				      const struct dtp_dom0less_module *dom0, int n_dom0,
				      struct dtp_hostboot *hb, struct dtp_diag *diag);
/* For a tree without /chosen before dtpart host: a /chosen holding the
 * dom0less domains' nodes (dtp_hostboot_edits adds it). */
void dtp_hostboot_bare(struct dtp_hostboot *hb);
/* Its host edits (values point into hb, which must outlive them). The
 * dom0less domains' /chosen nodes are added here when /chosen is created. */
void dtp_hostboot_edits(const struct dtp_host *h, struct dtp_hostboot *hb, const struct dtp_dom0less_domain *domus,
			int n_domus, struct dtp_host_edits *e);

#endif
