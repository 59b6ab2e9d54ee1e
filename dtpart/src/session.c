/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "session.h"

#include <hypervisor/xen_rules.h>
#include "outputs.h"
#include "xalloc.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note_board(const struct dtp_session *s)
{
	const struct dtp_index *ix = s->host.ix;
	int len;
	const char *compat = dtp_index_prop(ix, 0, "compatible", &len);
	if (s->board.name)
		return;
	fprintf(stderr, "dtpart: note: no board data matches %s (root compatible: ", dtp_index_source(ix));
	for (int off = 0; compat && off < len;) {
		fprintf(stderr, "%s\"%s\"", off ? ", " : "", compat + off);
		off += (int)strnlen(compat + off, (size_t)(len - off)) + 1;
	}
	if (s->board.soc)
		fprintf(stderr, "%s); the %s SoC data applies: stream IDs and default clock rates (each rate "
			"taken from it is printed; -b BOARD or --clock-summary FILE give the board's own)\n",
			compat ? "" : "none", s->board.soc);
	else
		fprintf(stderr, "%s); clock rates come from fixed-clock providers or --clock NAME=HZ, "
			"stream IDs from the tree only\n", compat ? "" : "none");
}

/* Commands whose answer is the output directory's state: with no plan there
 * and no tree named, they have nothing to read (the default board would
 * answer for a board the user may not have). */
static int reads_state(const char *command)
{
	return command && (strcmp(command, "smmu") == 0 || strcmp(command, "release") == 0);
}

/* A plan applies to the host tree it was made from: another tree named with
 * -H or -b is refused unless --rebase says to apply the plan to it. `check`
 * compares files with whatever tree it is given. */
static int check_plan_host(const struct dtp_session *s, struct dtp_diag *diag)
{
	const struct dtp_options *o = s->opt;
	if (!s->plan.host_source || !s->plan.n_domains || o->rebase || !(o->host || o->board) ||
	    (o->command && strcmp(o->command, "check") == 0) || strcmp(s->plan.host_source, s->host_path) == 0)
		return 0;
	return dtp_fail(diag, DTP_EREFUSED, "the plan in %s was made from %s, not %s: its domains' "
			"devices and outputs belong to that tree; drop -H/-b to use it, use another "
			"output directory (-o DIR) for this tree, or give --rebase to apply the plan to %s",
			s->state_path, s->plan.host_source, s->host_path, s->host_path);
}

int dtp_session_command_writes(const char *command)
{
	return command && (strcmp(command, "passthrough") == 0 || strcmp(command, "release") == 0 ||
			   strcmp(command, "host") == 0);
}

void dtp_session_pick_host(const struct dtp_options *opt, const struct dtp_plan *plan, const char **host,
			   const char **board)
{
	const char *board_name = opt->board;
	int borrowed = 0;
	*host = opt->host;
	if (!opt->host && !board_name && plan->host_source) {
		/* The plan's board data, on the plan's tree: the board's own, or
		 * one given with -H (an absolute path) that borrowed its data. */
		board_name = plan->board;
		borrowed = plan->host_source[0] == '/';
		if (!board_name || borrowed)
			*host = plan->host_source;
	}
	/* -H TREE -b BOARD: the tree with the board's data. */
	if (!*host || opt->board || (borrowed && board_name))
		*board = board_name ? board_name : DTP_DEFAULT_BOARD;
	else
		*board = NULL;
}

static int index_tree(const void *fdt, void *ctx, struct dtp_diag *diag)
{
	struct dtp_session *s = ctx;
	return dtp_index_build(fdt, s->host_path, &s->host.ix, diag);
}

int dtp_session_open(struct dtp_session *s, struct dtp_options *opt, struct dtp_diag *diag)
{
	memset(s, 0, sizeof(*s));
	s->lock.fd = -1;
	s->opt = opt;
	diag->msg[0] = '\0';
	snprintf(s->state_path, sizeof(s->state_path), "%s/dtpart.json", opt->out_dir);
	enum dtp_lock_mode mode = dtp_session_command_writes(opt->command) ? DTP_LOCK_EXCLUSIVE
								       : DTP_LOCK_SHARED;
	int rc = dtp_outputs_lock(opt->out_dir, mode, opt->wait_seconds, &s->lock, diag);
	if (!rc && !s->lock.dir_absent)
		rc = dtp_plan_load(s->state_path, &s->plan, diag);
	if (rc)
		return rc;
	/* A writer keeps --xen in the plan; later runs check by its rules. */
	if (opt->xen && dtp_session_command_writes(opt->command))
		s->plan.xen = opt->xen;
	const char *host = NULL, *board_name = NULL;
	dtp_session_pick_host(opt, &s->plan, &host, &board_name);
	if (!opt->host && !opt->board && !s->plan.host_source && reads_state(opt->command))
		return dtp_fail(diag, DTP_ESTATE, "%s has no plan (%s): nothing for `%s` to read; run `dtpart "
				"passthrough` there first, or name the host tree with -H FILE or -b BOARD",
				opt->out_dir, s->state_path, opt->command);
	if (opt->host) {
		/* Absolute, so that later runs from elsewhere find it again. */
		s->host_path = realpath(opt->host, NULL);
		if (!s->host_path)
			return dtp_fail(diag, DTP_EIO, "%s: cannot open: %s", opt->host, strerror(errno));
	} else if (host) {
		s->host_path = dtp_xstrdup(host);
	}
	if (board_name) {
		rc = dtp_board_load_by_name(board_name, &s->board, diag);
		if (rc)
			return rc;
		if (!s->host_path)
			s->host_path = dtp_xstrdup(s->board.host_tree);
	}
	/* The index is built while fdt_check_full judges the blob. */
	rc = dtp_blob_load_while(s->host_path, &s->blob, index_tree, s, diag);
	if (!rc)
		rc = dtp_host_scan(&s->host, diag);
	if (rc)
		return rc;
	if (!s->board.name) {
		int len;
		const char *compat = dtp_index_prop(s->host.ix, 0, "compatible", &len);
		rc = dtp_board_find_for_compatible(compat, compat ? len : 0, &s->board, diag);
		if (!rc)
			rc = dtp_board_apply_soc_for_tree(compat, compat ? len : 0, &s->board, diag);
		if (rc)
			return rc;
		note_board(s);
	}
	if (opt->clock_summary)
		rc = dtp_board_load_clock_summary(opt->clock_summary, &s->board, diag);
	/* After the tree is read: a broken tree is reported as such first. */
	return rc ? rc : check_plan_host(s, diag);
}

unsigned dtp_session_xen(const struct dtp_session *s)
{
	return s->opt->xen ? s->opt->xen : s->plan.xen ? s->plan.xen : HV_XEN_DEFAULT;
}

const struct dtp_devlist *dtp_session_devices(struct dtp_session *s)
{
	if (!s->have_devices) {
		dtp_devlist_build(&s->host, &s->devices);
		s->have_devices = 1;
	}
	return &s->devices;
}

void dtp_session_close(struct dtp_session *s)
{
	dtp_devlist_free(&s->devices);
	dtp_host_free(&s->host);
	dtp_blob_free(&s->blob);
	dtp_board_free(&s->board);
	dtp_plan_free(&s->plan);
	free(s->host_path);
	dtp_dirlock_release(&s->lock);
}

void dtp_session_owner(const struct dtp_session *s, int node, char *buf, size_t len)
{
	const char *role = dtp_device_xen_role(&s->host, node);
	const struct dtp_plan_domain *d = dtp_plan_owner(&s->plan, dtp_node_path(s->host.ix, node), NULL);
	if (role)
		snprintf(buf, len, "xen");
	else if (d)
		snprintf(buf, len, "domain %u", d->id);
	else if (dtp_index_prop(s->host.ix, node, "xen,passthrough", NULL))
		snprintf(buf, len, "passthrough (no domain)");
	else
		snprintf(buf, len, "dom0");
}
