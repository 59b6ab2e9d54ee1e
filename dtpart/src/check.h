/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks before boot: the host tree Xen will boot and every domain's xl
 * config and partial tree, turned into plain values and replayed through
 * hypervisor/ (GIC, guest memory map) and iommu/ (the SMMU), as libxl and
 * Xen would build the domains. Works on files on disk or on outputs still in
 * memory, so `passthrough` checks what it is about to write. */
#ifndef DTPART_CHECK_H
#define DTPART_CHECK_H

#include <hypervisor/replay.h>
#include <stddef.h>
#include <stdint.h>
#include "devmodel.h"
#include "diag.h"
#include "plan.h"

/* A dom0less domain's /chosen/domUN facts, when the caller has them before
 * that node is written. */
struct dtp_check_boot_facts {
	uint64_t ram_bytes;
	int vpl011;
	unsigned vcpus;
	uint32_t bootargs_len;      /* the kernel's bootargs, strlen */
	uint64_t kernel_size;
	int has_ramdisk;
	int direct_map;
	uint64_t bank_addr, bank_size;  /* xen,static-mem; size 0: none */
	uint64_t modules[3][2];         /* address, size of its boot modules */
	int n_modules;
};

/* What the replay models: the GIC's interrupt lines from the board data (0
 * when unknown: every ID up to the architecture's 1020 exists) and the Xen
 * version whose rules apply (xen_rules.h; 0: HV_XEN_DEFAULT). */
struct dtp_check_target {
	unsigned gic_lines;
	unsigned xen_version;
	/* The plan the host tree was written from (dtpart -o DIR check), or
	 * NULL: an enabled node carrying xen,passthrough that none of its
	 * domains owns is a warning (Xen hides it from dom0, no guest gets it).
	 * plan_file names the plan in the message. */
	const struct dtp_plan *plan;
	const char *plan_file;
};

struct dtp_check_domain_input {
	unsigned id;
	int dom0less;
	const char *cfg_name;       /* xl config, for messages (NULL for dom0less) */
	const char *cfg_text;
	size_t cfg_len;
	const char *partial_name;   /* partial tree, for messages; may be NULL */
	const void *partial;        /* blob or NULL */
	size_t partial_len;
	const struct dtp_check_boot_facts *boot;  /* dom0less; NULL: read /chosen/domUN */
	int xen_no_static_memory;   /* --xen-config: the Xen build lacks CONFIG_STATIC_MEMORY */
};

/* Which file a domain was read from, so each finding can name it. */
struct dtp_check_domain_file {
	unsigned id;
	char *file;                     /* its xl config, else its partial tree; owned */
};

struct dtp_check_report {
	struct hv_finding *findings;    /* every finding, res.n of them */
	char **devices;                 /* the findings' device names, owned */
	struct hv_result res;
	int n_domains;
	unsigned xen_version;           /* the rules applied */
	/* The domain IDs Xen gives (dom0less 1..N in /chosen order, then xl
	 * ones), by input: findings name those; messages add the plan's. */
	unsigned *plan_ids, *domids;
	struct dtp_check_domain_file *files;    /* n_domains of them */
	char *host_file;                /* the host tree: the file of its own findings */
};
void dtp_check_report_free(struct dtp_check_report *rep);

/* host: the host tree blob Xen boots (already validated by the caller). */
DTP_MUST_CHECK int dtp_check_run(const void *host, size_t host_len, const char *host_name,
	      const struct dtp_check_target *target,
	      const struct dtp_check_domain_input *doms, int n_doms, struct dtp_check_report *rep,
	      struct dtp_diag *diag);
/* The same on a host model already indexed and scanned (its index may carry
 * the patches of a rewrite still to be written). */
DTP_MUST_CHECK int dtp_check_run_host(const struct dtp_host *host, const struct dtp_check_target *target,
		   const struct dtp_check_domain_input *doms, int n_doms, struct dtp_check_report *rep,
		   struct dtp_diag *diag);
void dtp_check_print(const struct dtp_check_report *rep, int json);

#endif
