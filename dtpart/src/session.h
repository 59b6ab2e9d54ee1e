/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every command starts from: options, the host tree loaded, indexed and
 * scanned once, its board data, its devices, and the output directory's plan. */
#ifndef DTPART_SESSION_H
#define DTPART_SESSION_H

#include "blob.h"
#include "board.h"
#include "devmodel.h"
#include "devlist.h"
#include "dirlock.h"
#include "plan.h"

#define DTP_DEFAULT_OUTDIR "dtpart-out"
#define DTP_DEFAULT_BOARD "zcu102"

/* Repeatable options are arrays sized to how often each was given (main.c
 * owns them); their values point into argv. */
struct dtp_options {
	const char *command;
	const char *host;
	const char *board;
	const char *out_dir;
	const char *dtb_dir;
	const char *name;
	long domain;            /* -1 when not given */
	const char **clocks;    /* --clock NAME=HZ */
	int n_clocks;
	char **args;                       /* positional arguments after the command */
	int n_args;
	int json;
	int no_dts;
	int force_no_iommu;
	const char *clock_summary;  /* --clock-summary FILE */
	int rebase;             /* --rebase: the plan applies to another host tree */
	int help;
	int version;
	long wait_seconds;      /* --wait: for another run holding out_dir */
	unsigned xen;           /* --xen, HV_XEN(major, minor); 0: not given */
	/* dom0less */
	int dom0less;
	const char *kernel;
	const char *ramdisk;
	const char *bootargs;
	long memory_mib;
	long cpus;
	int vpl011;
	uint64_t load_base;
	int direct_map;         /* --direct-map (or --static-mem) */
	uint64_t static_mem_addr, static_mem_size;
	const char *xen_config; /* the Xen build's .config */
	uint32_t *sids;         /* --sid */
	int n_sids;
	const char **guest_addrs;   /* --guest-addr DEVICE=ADDR */
	int n_guest_addrs;
	const char **macs;          /* --mac DEVICE=MAC */
	int n_macs;
	/* host */
	const char *dom0_kernel;
	const char *dom0_ramdisk;
	const char *dom0_mem;
	const char *xen_bootargs;
	const char *dom0_bootargs;
	const char *xen_image;
	const char *boot_dir;
	const char *boot_load;
	int imagebuilder;
	int no_dom0;
};

struct dtp_session {
	struct dtp_options *opt;
	struct dtp_blob blob;
	struct dtp_host host;
	struct dtp_board board;     /* name == NULL when no board data matches */
	struct dtp_devlist devices;     /* built on first use: dtp_session_devices() */
	int have_devices;
	struct dtp_plan plan;
	struct dtp_dirlock lock;    /* on out_dir, from before the plan is read to the end */
	char *host_path;
	char state_path[4096];
};

/* The host tree and board data a command line names, by one rule for every
 * command and for completion: --host, else --board's own tree, else the tree
 * the plan was made from (with the board data it was made with, its own or
 * borrowed by -H TREE -b BOARD), else the default board. *host: a tree file
 * as given or kept in the plan, or NULL for the board's own tree; *board:
 * the board data to load, or NULL when none is named (found from the
 * tree's root compatible). */
void dtp_session_pick_host(const struct dtp_options *opt, const struct dtp_plan *plan, const char **host,
			   const char **board);
/* Locks the output directory (exclusively for a command that changes it),
 * then reads its plan and the host tree. */
DTP_MUST_CHECK int dtp_session_open(struct dtp_session *s, struct dtp_options *opt, struct dtp_diag *diag);
/* Whether a command changes the output directory (and so locks it alone). */
int dtp_session_command_writes(const char *command);
void dtp_session_close(struct dtp_session *s);
/* The Xen version whose rules apply: --xen, else the plan's, else the
 * default (HV_XEN_DEFAULT). */
unsigned dtp_session_xen(const struct dtp_session *s);
/* Every passthrough candidate of the host tree (built once, when asked). */
const struct dtp_devlist *dtp_session_devices(struct dtp_session *s);

/* Owner of a host node as text: "dom0", "domain N", "xen (...)". */
void dtp_session_owner(const struct dtp_session *s, int node, char *buf, size_t len);

#endif
