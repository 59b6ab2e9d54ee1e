/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output files are replaced as one set: every new file is written to a
 * temporary name and fsync'd; then a commit journal listing the renames is
 * made durable; then the renames happen. A crash before the journal leaves
 * the old set (temporaries are swept next run); a crash after it is rolled
 * forward by the next run. A failure never leaves a half-written xen.dtb. */
#ifndef DTPART_OUTPUTS_H
#define DTPART_OUTPUTS_H

#include <stddef.h>
#include "diag.h"
#include "dirlock.h"

struct dtp_out_file {
	char *name;         /* file name inside the output directory */
	char *data;         /* NULL: remove the file (unless dts_of) */
	size_t len;
	const void *dts_of; /* a blob whose .dts text (dtswrite.h) is written as
			     * it is made, never held (data stays NULL) */
	int changed;        /* set by dtp_outputs_commit: written or removed */
};

/* Whether the file is in the new set (written or unchanged), not removed. */
static inline int dtp_out_file_kept(const struct dtp_out_file *f)
{
	return f->data != NULL || f->dts_of != NULL;
}

struct dtp_out_stage;
struct dtp_out_set {
	struct dtp_out_file *files;
	int n;
	struct dtp_out_stage *early;    /* staging begun by dtp_outputs_begin */
};

/* Takes ownership of data (malloc'd). Returns 0 (out-of-memory stops the
 * tool, xalloc.h). */
int dtp_outset_put(struct dtp_out_set *set, const char *name, char *data, size_t len);
/* The file name holds the .dts text of blob, made on a second thread
 * (dtp_outputs_begin, else dtp_outputs_commit) while the other files are
 * written. blob must stay as it is until then (the .dtb beside it, put in
 * the same set, is). */
void dtp_outset_put_dts(struct dtp_out_set *set, const char *name, const void *blob);
int dtp_outset_remove(struct dtp_out_set *set, const char *name);
/* Abandons staging that was begun (dtp_outputs_abandon), then frees. */
void dtp_outset_free(struct dtp_out_set *set);

/* Locks dir for one run (dirlock.h) and leaves it without an interrupted
 * commit. A writer (exclusive) creates dir and completes or sweeps what a
 * killed run left. A reader (shared) that finds a commit journal gives up its
 * shared lock, takes the exclusive one, completes the commit, and takes the
 * shared lock again, checking anew: it never reads a half-committed set and
 * never touches one under a shared lock. Held until dtp_dirlock_release. */
int dtp_outputs_lock(const char *dir, enum dtp_lock_mode mode, long wait_seconds,
		 struct dtp_dirlock *lk, struct dtp_diag *diag);
/* Finishes or sweeps an interrupted commit in dir. Only under the
 * exclusive lock (dtp_outputs_lock does it). */
int dtp_outputs_recover(const char *dir, struct dtp_diag *diag);
/* Files whose content is unchanged are left alone (their mtime too). The
 * caller holds dir's exclusive lock from before it read the plan. A file
 * that cannot be made or written (on either thread) leaves dir as it was:
 * no journal is written until every temporary is durable. */
int dtp_outputs_commit(const char *dir, struct dtp_out_set *set, struct dtp_diag *diag);
/* Begins staging the .dts copies already in set (their text made, written
 * to temporaries and fsync'd) on a second thread, while the caller goes on
 * to check the set and add to it: the .dts of xen.dtb costs about as much
 * as the checks. Files added later are staged at commit. Nothing but
 * temporaries is written, under the exclusive lock the caller holds.
 * Then exactly one of: dtp_outputs_commit, which waits for the thread, or
 * dtp_outputs_abandon, which stops it (after the text it is making),
 * waits, and removes its temporaries: dir is left as it was. */
void dtp_outputs_begin(const char *dir, struct dtp_out_set *set);
void dtp_outputs_abandon(struct dtp_out_set *set);

#define DTP_JOURNAL ".dtpart-commit"

#endif
