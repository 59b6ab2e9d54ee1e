/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart complete boards|devices`: the words shell completion offers. They
 * only read: a TAB must never wait for another run's lock, complete an
 * interrupted run or write anything, so no session is opened here. */
#include "commands.h"
#include "devlist.h"
#include "lookup.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int has_suffix(const char *s, const char *suffix)
{
	size_t l = strlen(s), sl = strlen(suffix);
	return l > sl && strcmp(s + l - sl, suffix) == 0;
}

/* Each directory with a board.json is a board; BOARD/BOARD-VARIANT.dts in
 * it a variant (what dtp_board_load_by_name accepts). */
int dtp_complete_boards(struct dtp_diag *diag)
{
	const char *dir = dtp_boards_dir();
	struct dirent **boards;
	int n = scandir(dir, &boards, NULL, alphasort);
	if (n < 0)
		return dtp_fail(diag, DTP_EIO, "%s: cannot read the boards directory (set "
				"DTPART_BOARDS_DIR)", dir);
	for (int i = 0; i < n; i++) {
		const char *name = boards[i]->d_name;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s/board.json", dir, name);
		if (name[0] != '.' && access(path, R_OK) == 0) {
			printf("%s\n", name);
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			struct dirent **files;
			int m = scandir(path, &files, NULL, alphasort);
			size_t nl = strlen(name);
			for (int k = 0; k < m; k++) {
				const char *f = files[k]->d_name;
				if (strncmp(f, name, nl) == 0 && f[nl] == '-' && has_suffix(f, ".dts"))
					printf("%.*s\n", (int)(strlen(f) - 4), f);
				free(files[k]);
			}
			if (m >= 0)
				free(files);
		}
		free(boards[i]);
	}
	free(boards);
	return 0;
}

/* Each word of a comma-separated list that `skip` (another such list) lacks. */
static void print_words(const char *comma_list, const char *skip)
{
	while (*comma_list) {
		size_t len = strcspn(comma_list, ",");
		int dup = 0;
		for (const char *q = skip; *q && !dup;) {
			size_t ql = strcspn(q, ",");
			dup = ql == len && strncmp(q, comma_list, len) == 0;
			q += ql + (q[ql] == ',');
		}
		if (!dup)
			printf("%.*s\n", (int)len, comma_list);
		comma_list += len;
		if (*comma_list)
			comma_list++;
	}
}

/* The host tree the command line names: -H, -b, the plan in -o DIR, or the
 * default board, as dtp_session_open chooses it (dtp_session_pick_host). With "owned", only the devices
 * the plan gives to a domain (what `release` takes). */
int dtp_complete_devices(const struct dtp_options *o, struct dtp_diag *diag)
{
	int owned_only = o->n_args > 1 && strcmp(o->args[1], "owned") == 0;
	struct dtp_plan plan;
	struct dtp_board board;
	struct dtp_blob blob;
	struct dtp_host host;
	struct dtp_devlist dl;
	char state[4096];
	memset(&plan, 0, sizeof(plan));
	memset(&board, 0, sizeof(board));
	memset(&blob, 0, sizeof(blob));
	memset(&host, 0, sizeof(host));
	memset(&dl, 0, sizeof(dl));
	snprintf(state, sizeof(state), "%s/dtpart.json", o->out_dir);
	struct dtp_diag ignored;
	if (dtp_plan_load(state, &plan, &ignored))
		memset(&plan, 0, sizeof(plan));
	/* The tree the command would read: a plan made from a tree given with
	 * -H keeps that tree, even when it borrowed a board's data. */
	const char *host_path = NULL, *board_name = NULL;
	dtp_session_pick_host(o, &plan, &host_path, &board_name);
	int rc = 0;
	if (!host_path) {
		rc = dtp_board_load_by_name(board_name, &board, diag);
		host_path = board.host_tree;
	}
	if (!rc)
		rc = dtp_blob_load(host_path, &blob, diag);
	if (!rc)
		rc = dtp_index_build(blob.fdt, host_path, &host.ix, diag);
	if (!rc)
		rc = dtp_host_scan(&host, diag);
	if (!rc)
		dtp_devlist_build(&host, &dl);
	for (int i = 0; !rc && i < dl.n; i++) {
		const struct dtp_devsum *d = &dl.devs[i];
		if (dtp_device_xen_role(&host, d->node))
			continue;
		if (owned_only && !dtp_plan_owner(&plan, d->path, NULL) && !d->has_passthrough_flag)
			continue;
		char aliases[1024], labels[1024];
		dtp_node_aliases(host.ix, d->node, aliases, sizeof(aliases));
		print_words(aliases, "");
		dtp_node_labels(host.ix, d->node, labels, sizeof(labels));
		print_words(labels, aliases);
		printf("%s\n", d->path);
	}
	dtp_devlist_free(&dl);
	dtp_host_free(&host);
	dtp_blob_free(&blob);
	dtp_board_free(&board);
	dtp_plan_free(&plan);
	return rc;
}
