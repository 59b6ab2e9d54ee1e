/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-domain plan: which host devices each domain owns and the choices
 * made for them. It is kept in the output directory (dtpart.json) and is the
 * state later runs extend; every output file is regenerated from the host
 * tree plus this plan, so outputs never drift apart. */
#ifndef DTPART_PLAN_H
#define DTPART_PLAN_H

#include <stdint.h>
#include "diag.h"

struct dtp_clock_override {
	char *name;         /* clock-name */
	uint64_t rate;
};

/* Every array is sized to what it holds: no count is capped. */
struct dtp_plan_device {
	char *path;         /* host path */
	struct dtp_clock_override *clocks;  /* --clock overrides, n_clocks of them */
	int n_clocks;
	uint32_t *sids;     /* --sid override, used when the tree has none; n_sids of them */
	int n_sids;
	int no_iommu;       /* --force-no-iommu: the user accepted an unprotected DMA master */
	uint64_t guest_addr; /* --guest-addr: guest address of the first reg; 0 = dtpart places it */
	char *mac;          /* --mac: "xx:xx:xx:xx:xx:xx" for local-mac-address, or NULL */
};

enum dtp_domain_mode { DTP_MODE_XL = 0, DTP_MODE_DOM0LESS = 1 };

struct dtp_dom0less {
	char *kernel;       /* file paths as given */
	char *ramdisk;
	char *bootargs;
	uint64_t memory_kib;    /* also kept for an xl domain given --memory: placement needs it */
	uint32_t cpus;
	int vpl011;
	int direct_map;             /* guest RAM 1:1 with machine RAM (xen,static-mem) */
	uint64_t static_mem_addr;   /* --static-mem: the bank; size 0: dtpart chooses one */
	uint64_t static_mem_size;
};

struct dtp_plan_domain {
	unsigned id;
	char *name;
	enum dtp_domain_mode mode;
	struct dtp_dom0less boot;
	struct dtp_plan_device *devices;
	int n_devices;
};

/* `dtpart host`: what makes the input a Xen host tree (/chosen's bootargs
 * and dom0's modules). Neither kernel nor no_dom0: not asked for; /chosen
 * is left as the input has it. */
struct dtp_host_boot {
	char *kernel;       /* dom0's kernel, absolute path */
	char *ramdisk;      /* dom0's initramfs, or NULL */
	char *dom0_mem;     /* Xen's dom0_mem= value, e.g. "1024M" */
	char *xen_bootargs; /* the user's additions to xen,xen-bootargs */
	char *dom0_bootargs; /* the user's additions to xen,dom0-bootargs (root=...) */
	char *xen_image;    /* Xen's binary, absolute: with it, boot.cmd is written */
	char *boot_dir;     /* the TFTP or SD root boot.cmd's paths are relative to */
	char *boot_load;    /* U-Boot's load command, e.g. "tftpb" */
	uint64_t load_base; /* host --load-base, for every later run; 0 = default */
	int imagebuilder;   /* host --imagebuilder: imagebuilder.cfg/.dtb with boot.cmd */
	int no_dom0;        /* host --no-dom0: Xen boots the dom0less domains alone (kernel NULL) */
};

/* Whether `dtpart host` was run: /chosen is dtpart's to write. */
static inline int dtp_host_boot_asked(const struct dtp_host_boot *b)
{
	return b->kernel || b->no_dom0;
}

struct dtp_plan {
	struct dtp_host_boot host_boot;
	char *host_source;  /* what the plan was made from, for messages */
	char *board;
	char *dtb_dir;      /* where domN.dtb lives on the target, for device_tree */
	unsigned xen;       /* Xen version whose rules the checks apply (HV_XEN(4, 17)); 0: not chosen */
	struct dtp_plan_domain *domains;
	int n_domains;
};

DTP_MUST_CHECK int dtp_plan_load(const char *path, struct dtp_plan *plan, struct dtp_diag *diag);  /* absent file = empty plan */
/* Stable JSON text (sorted keys, domains by id, devices by path). malloc'd;
 * the tool stops on out-of-memory (xalloc.h). */
char *dtp_plan_to_json(const struct dtp_plan *plan);
void dtp_plan_free(struct dtp_plan *plan);

/* Domain id; with create, added when absent (never NULL then). */
struct dtp_plan_domain *dtp_plan_domain(struct dtp_plan *plan, unsigned id, int create);
/* The domain owning a host path and the device entry, or NULL. */
struct dtp_plan_domain *dtp_plan_owner(const struct dtp_plan *plan, const char *path,
				   struct dtp_plan_device **dev);
/* The device entry for path in d, added when absent. */
struct dtp_plan_device *dtp_plan_add_device(struct dtp_plan_domain *d, const char *path);
void dtp_plan_remove_device(struct dtp_plan *plan, const char *path);
/* Sets (or replaces) the override of clock name. */
void dtp_plan_set_clock(struct dtp_plan_device *d, const char *name, uint64_t rate);
/* Replaces d's --sid stream IDs with n of sids (n == 0: none). */
void dtp_plan_set_sids(struct dtp_plan_device *d, const uint32_t *sids, int n);
/* Sorts domains by id and devices by path, drops empty domains. */
void dtp_plan_normalise(struct dtp_plan *plan);
/* Whether the plan's dtb_dir names another dtpart output directory on this
 * machine (one with a dtpart.json, not out_dir itself). dtpart before
 * --dtb-dir was the only way to set it kept the output directory's own path
 * there, as if given: in a copy of that directory, device_tree still names
 * the original. It cannot be told apart from a --dtb-dir given on purpose in
 * general, so the commands say what they see (--dtb-dir auto drops it). */
int dtp_plan_dtb_dir_elsewhere(const struct dtp_plan *plan, const char *out_dir);

#endif
