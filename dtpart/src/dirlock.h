/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One writer at a time per output directory. A run that changes DIR holds an
 * exclusive flock on DIR/.dtpart-lock from before it reads the plan until
 * after its last rename; a run that only reads DIR holds a shared one, so it
 * never sees a set half-way through a commit. A waiting run polls, bounded
 * by --wait, and gives up with DTP_EBUSY (exit 75) naming who holds DIR.
 * The kernel drops the lock when its holder dies, even by kill -9. */
#ifndef DTPART_DIRLOCK_H
#define DTPART_DIRLOCK_H

#include "diag.h"

#define DTP_LOCK_FILE ".dtpart-lock"
#define DTP_DEFAULT_WAIT_SECONDS 60

enum dtp_lock_mode { DTP_LOCK_NONE, DTP_LOCK_SHARED, DTP_LOCK_EXCLUSIVE };

struct dtp_dirlock {
	int fd;                 /* the open lock file; -1 when none */
	enum dtp_lock_mode held;
	int dir_absent;         /* a reader found no DIR: there is nothing to read */
	long long deadline_ns;  /* CLOCK_MONOTONIC; one budget for every wait of a run */
	char *created;          /* the outermost directory this run created, or NULL */
	char *dir;
};

/* Locks dir. An exclusive lock creates dir first (parents too; safe when
 * several runs create it at once). A shared lock on a missing dir succeeds
 * with dir_absent set; on a dir where the lock file can neither be opened
 * nor created (read-only, no earlier run) it succeeds unlocked, since no
 * run can write there either. wait_seconds bounds the wait; 0: none. */
DTP_MUST_CHECK int dtp_dirlock_take(struct dtp_dirlock *lk, const char *dir, enum dtp_lock_mode mode,
		     long wait_seconds, struct dtp_diag *diag);
/* Changes a held lock's mode, waiting within the budget of the first take.
 * Not atomic (flock's conversion is not): re-check DIR afterwards. */
DTP_MUST_CHECK int dtp_dirlock_convert(struct dtp_dirlock *lk, const char *dir, enum dtp_lock_mode mode,
			struct dtp_diag *diag);
/* Unlocks. A directory this run created and left holding only the lock
 * file (the run failed before writing) is removed again, parents it created
 * too: a refused first run leaves nothing behind. */
void dtp_dirlock_release(struct dtp_dirlock *lk);

#endif
