/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "outputs.h"
#include "dtswrite.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct dtp_out_file *add_file(struct dtp_out_set *set, const char *name)
{
	set->files = dtp_xrealloc(set->files, sizeof(*set->files) * (size_t)(set->n + 1));
	struct dtp_out_file *f = &set->files[set->n++];
	memset(f, 0, sizeof(*f));
	f->name = dtp_xstrdup(name);
	return f;
}

int dtp_outset_put(struct dtp_out_set *set, const char *name, char *data, size_t len)
{
	struct dtp_out_file *f = add_file(set, name);
	f->data = data;
	f->len = len;
	return 0;
}

void dtp_outset_put_dts(struct dtp_out_set *set, const char *name, const void *blob)
{
	add_file(set, name)->dts_of = blob;
}

int dtp_outset_remove(struct dtp_out_set *set, const char *name)
{
	return dtp_outset_put(set, name, NULL, 0);
}

void dtp_outset_free(struct dtp_out_set *set)
{
	dtp_outputs_abandon(set);
	for (int i = 0; i < set->n; i++) {
		free(set->files[i].name);
		free(set->files[i].data);
	}
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

static int same_content(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	struct stat st;
	int same = fstat(fd, &st) == 0 && (size_t)st.st_size == len;
	char buf[65536];
	size_t off = 0;
	while (same && off < len) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r <= 0 || off + (size_t)r > len || memcmp(buf, data + off, (size_t)r))
			same = 0;
		else
			off += (size_t)r;
	}
	close(fd);
	return same && off == len;
}

static void tmp_name(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/.%s.tmp.%ld", dir, name, (long)getpid());
}

static int is_temporary(const char *name)
{
	return name[0] == '.' && strstr(name, ".tmp.") != NULL;
}

/* Applies a journal: "R tmp name" renames, "U name" unlinks. */
static int apply_journal(const char *dir, const char *journal)
{
	FILE *f = fopen(journal, "r");
	if (!f)
		return -1;
	char line[8192];
	int rc = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char a[4096], b[4096];
		if (line[0] == 'R' && sscanf(line, "R %4095s %4095s", a, b) == 2) {
			char from[8192], to[8192];
			snprintf(from, sizeof(from), "%s/%s", dir, a);
			snprintf(to, sizeof(to), "%s/%s", dir, b);
			/* Already renamed in an earlier, interrupted roll-forward: fine. */
			if (rename(from, to) && errno != ENOENT)
				rc = -1;
		} else if (line[0] == 'U' && sscanf(line, "U %4095s", a) == 1) {
			char p[8192];
			snprintf(p, sizeof(p), "%s/%s", dir, a);
			if (unlink(p) && errno != ENOENT)
				rc = -1;
		}
	}
	fclose(f);
	return rc;
}

int dtp_outputs_recover(const char *dir, struct dtp_diag *diag)
{
	char journal[4096];
	snprintf(journal, sizeof(journal), "%s/%s", dir, DTP_JOURNAL);
	if (access(journal, F_OK) == 0) {
		if (apply_journal(dir, journal))
			return dtp_fail(diag, DTP_EWRITE, "%s: cannot finish the interrupted update recorded "
					"in %s: %s", dir, journal, strerror(errno));
		fsync_dir(dir);
		unlink(journal);
		fsync_dir(dir);
	}
	/* Temporaries without a journal belong to a run that never committed. */
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (is_temporary(e->d_name)) {
			char p[8192];
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	closedir(d);
	return 0;
}

static int journal_present(const char *dir)
{
	char journal[4096];
	snprintf(journal, sizeof(journal), "%s/%s", dir, DTP_JOURNAL);
	return access(journal, F_OK) == 0;
}

static int temporaries_present(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;
	while (d && !found && (e = readdir(d)) != NULL)
		found = is_temporary(e->d_name);
	if (d)
		closedir(d);
	return found;
}

int dtp_outputs_lock(const char *dir, enum dtp_lock_mode mode, long wait_seconds,
		 struct dtp_dirlock *lk, struct dtp_diag *diag)
{
	int rc = dtp_dirlock_take(lk, dir, mode, wait_seconds, diag);
	if (rc || lk->dir_absent)
		return rc;
	if (mode == DTP_LOCK_EXCLUSIVE)
		return dtp_outputs_recover(dir, diag);
	/* A journal or temporaries seen under the shared lock belong to a run
	 * that died: a live writer holds the exclusive lock from before its
	 * first temporary until its journal is gone. The temporaries do not
	 * change what is read; the journal does, so it must be completed. */
	for (;;) {
		int journal = journal_present(dir);
		if (!journal && (lk->fd < 0 || !temporaries_present(dir)))
			return 0;
		if (lk->fd < 0)
			return dtp_fail(diag, DTP_ESTATE, "%s: an update of this directory was interrupted "
					"(%s/%s records it) and this run cannot lock the directory to "
					"complete it: run any dtpart command on it (e.g. `dtpart -o %s check`) "
					"as a user who can write there", dir, dir, DTP_JOURNAL, dir);
		rc = dtp_dirlock_convert(lk, dir, DTP_LOCK_EXCLUSIVE, diag);
		if (!rc)
			rc = dtp_outputs_recover(dir, diag);
		if (!rc)
			rc = dtp_dirlock_convert(lk, dir, DTP_LOCK_SHARED, diag);
		if (rc)
			return rc;
		/* Temporaries that cannot be removed (read-only directory) are
		 * left: they are never read. */
		if (!journal_present(dir))
			return 0;
	}
}

static int mkdir_p(const char *dir)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0777) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	if (mkdir(buf, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

/* Why a file could not be staged. */
enum stage_failure {
	STAGE_OK,
	STAGE_WRITE,        /* errno in err */
	STAGE_ISDIR,        /* a directory has the file's name */
	STAGE_BADTREE,      /* the .dts of a blob dtpart built does not walk */
};

/* One file of a commit as staging sees it: a copy of what the set says,
 * so that the set may grow (and its array move) while a thread stages. */
struct slot {
	const char *name;
	const void *dts_of;
	const char *data;   /* the set's; NULL for a .dts made here */
	size_t len;
	int staged;
	int fd;             /* the temporary, written and not yet fsync'd; -1 */
	char pending;       /* 'R' temporary written, 'U' to remove, 0 unchanged */
	enum stage_failure failure;
	int err;
};

/* The .dts copies of a set, staged on a second thread from
 * dtp_outputs_begin until dtp_outputs_commit or dtp_outputs_abandon. */
struct dtp_out_stage {
	char *dir;
	struct slot *slots; /* the set's first n files at dtp_outputs_begin */
	int n;
	pthread_t thread;
	int threaded;
	atomic_int stop;    /* a file failed, or the run gave up: both threads stop */
};

/* Starts writing a temporary's pages to the disk now (Linux), so that the
 * fsync that makes it durable later mostly waits for I/O already under
 * way, and one file's fsync does not wait for another's data. */
static void start_writeback(int fd, off_t from, off_t len)
{
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, from, len, SYNC_FILE_RANGE_WRITE);
#else
	(void)fd;
	(void)from;
	(void)len;
#endif
}

/* Where a .dts text goes as it is made: the temporary, and a comparison
 * with the file it would replace. */
struct dts_sink {
	int fd;             /* the temporary */
	int old_fd;         /* the file as it is, -1 once it differs or when absent */
	atomic_int *stop;
	off_t written;
};

/* Whether the next len bytes of fd are text. */
static int next_bytes_equal(int fd, const char *text, size_t len)
{
	char buf[65536];
	while (len) {
		size_t want = len < sizeof(buf) ? len : sizeof(buf);
		ssize_t r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || memcmp(buf, text, (size_t)r))
			return 0;
		text += r;
		len -= (size_t)r;
	}
	return 1;
}

static int dts_to_file(void *ctx, const char *text, size_t len)
{
	struct dts_sink *k = ctx;
	if (atomic_load(k->stop)) {
		errno = ECANCELED;
		return -1;
	}
	if (k->old_fd >= 0 && !next_bytes_equal(k->old_fd, text, len)) {
		close(k->old_fd);
		k->old_fd = -1;
	}
	if (write_all(k->fd, text, len))
		return -1;
	start_writeback(k->fd, k->written, (off_t)len);
	k->written += (off_t)len;
	return 0;
}

/* A .dts staged as its text is made, never held whole: written to the
 * temporary piece by piece and compared with the file in place; the
 * temporary goes again when the file holds that text already. */
static int stage_dts(const char *path, const char *tmp, struct slot *s, atomic_int *stop)
{
	struct dts_sink k = { -1, open(path, O_RDONLY), stop, 0 };
	k.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc = k.fd >= 0 ? dtp_dts_stream(s->dts_of, dts_to_file, &k) : -DTP_EWRITE;
	int err = errno;
	char end;
	int same = !rc && k.old_fd >= 0 && read(k.old_fd, &end, 1) == 0;
	if (k.old_fd >= 0)
		close(k.old_fd);
	if (!rc && !same && fsync(k.fd)) {
		rc = -DTP_EWRITE;
		err = errno;
	}
	if (k.fd >= 0 && close(k.fd) && !rc) {
		rc = -DTP_EWRITE;
		err = errno;
	}
	if (rc || same)
		unlink(tmp);
	if (rc == -DTP_EWRITE && err == ECANCELED && atomic_load(stop))
		return 0;   /* the run gave up: the other failure is reported */
	if (rc == -DTP_EBADTREE) {
		s->failure = STAGE_BADTREE;
		return -1;
	}
	if (rc) {
		s->failure = STAGE_WRITE;
		s->err = err;
		return -1;
	}
	s->pending = same ? 0 : 'R';
	return 0;
}

/* Makes slot s ready to be committed: the temporary written (for a .dts,
 * as its text is made, and fsync'd) unless the file holds that content
 * already; another file's temporary is left open in s->fd for
 * finish_file. Runs on either thread: touches only s. */
static int stage_file(const char *dir, struct slot *s, atomic_int *stop)
{
	char path[8192], tmp[8192];
	s->staged = 1;
	/* The run gave up: write nothing more. */
	if (atomic_load(stop))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, s->name);
	if (!s->data && !s->dts_of) {
		if (access(path, F_OK) == 0)
			s->pending = 'U';
		return 0;
	}
	if (s->data && same_content(path, s->data, s->len))
		return 0;
	/* The renames after the journal must not fail: catch what would
	 * make them fail while nothing has changed yet. */
	struct stat sb;
	if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		s->failure = STAGE_ISDIR;
		return -1;
	}
	tmp_name(tmp, sizeof(tmp), dir, s->name);
	if (s->dts_of && !s->data)
		return stage_dts(path, tmp, s, stop);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write_all(fd, s->data, s->len)) {
		s->failure = STAGE_WRITE;
		s->err = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	start_writeback(fd, 0, (off_t)s->len);
	s->fd = fd;
	s->pending = 'R';
	return 0;
}

/* s's temporary made durable and closed; when the run gave up, only
 * closed (it is removed with the others). */
static int finish_file(const char *dir, struct slot *s, atomic_int *stop)
{
	int fd = s->fd;
	s->fd = -1;
	int ok = atomic_load(stop) || fsync(fd) == 0;
	int err = errno;
	if (close(fd) && ok) {
		ok = 0;
		err = errno;
	}
	if (ok)
		return 0;
	char tmp[8192];
	tmp_name(tmp, sizeof(tmp), dir, s->name);
	unlink(tmp);
	s->pending = 0;
	s->failure = STAGE_WRITE;
	s->err = err;
	return -1;
}

/* Stages the slots whose .dts text is made at commit (dts != 0) or the
 * others, in order, until one fails or the other thread's does. */
static void stage_some(const char *dir, struct slot *slots, int n, int dts, atomic_int *stop)
{
	for (int i = 0; i < n && !atomic_load(stop); i++)
		if ((slots[i].dts_of != NULL) == dts && !slots[i].staged && stage_file(dir, &slots[i], stop))
			atomic_store(stop, 1);
	/* Every temporary written first, then each fsync'd: their data goes
	 * to the disk together. */
	for (int i = 0; i < n; i++)
		if (slots[i].fd >= 0 && finish_file(dir, &slots[i], stop))
			atomic_store(stop, 1);
}

static void *stage_dts_thread(void *arg)
{
	struct dtp_out_stage *st = arg;
	stage_some(st->dir, st->slots, st->n, 1, &st->stop);
	return NULL;
}

static void fill_slot(struct slot *s, const struct dtp_out_file *f)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->name = f->name;
	s->dts_of = f->dts_of;
	s->data = f->data;
	s->len = f->len;
}

/* The .dts copies (xen.dts is 1.6 times xen.dtb) are made, written and
 * fsync'd on a second thread while this one goes on: with the checks when
 * the caller begins early, with writing and fsyncing the rest at commit. */
void dtp_outputs_begin(const char *dir, struct dtp_out_set *set)
{
	if (set->early)
		return;
	struct dtp_out_stage *st = dtp_xcalloc(1, sizeof(*st));
	st->dir = dtp_xstrdup(dir);
	st->n = set->n;
	st->slots = dtp_xcalloc((size_t)set->n + 1, sizeof(*st->slots));
	int any_dts = 0;
	for (int i = 0; i < set->n; i++) {
		fill_slot(&st->slots[i], &set->files[i]);
		any_dts |= set->files[i].dts_of != NULL;
	}
	atomic_init(&st->stop, 0);
	set->early = st;
	/* Without the directory the thread's writes would fail where the
	 * commit reports the directory itself; without a thread, the commit
	 * stages the copies on this one. */
	if (any_dts && mkdir_p(dir) == 0)
		st->threaded = pthread_create(&st->thread, NULL, stage_dts_thread, st) == 0;
}

/* Waits for the second thread; the slots are then this thread's. */
static struct dtp_out_stage *join_early(struct dtp_out_set *set)
{
	struct dtp_out_stage *st = set->early;
	if (st && st->threaded)
		pthread_join(st->thread, NULL);
	if (st)
		st->threaded = 0;
	return st;
}

static void free_early(struct dtp_out_set *set)
{
	struct dtp_out_stage *st = set->early;
	free(st->dir);
	free(st->slots);
	free(st);
	set->early = NULL;
}

void dtp_outputs_abandon(struct dtp_out_set *set)
{
	if (!set->early)
		return;
	atomic_store(&set->early->stop, 1);
	struct dtp_out_stage *st = join_early(set);
	for (int i = 0; i < st->n; i++) {
		char tmp[8192];
		if (st->slots[i].pending == 'R') {
			tmp_name(tmp, sizeof(tmp), st->dir, st->slots[i].name);
			unlink(tmp);
		}
	}
	free_early(set);
}

/* The first file that failed to stage, in set order, as the diagnostic;
 * 0 when none did. */
static int stage_report(const char *dir, const struct slot *slots, int n, struct dtp_diag *diag)
{
	for (int i = 0; i < n; i++) {
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, slots[i].name);
		switch (slots[i].failure) {
		case STAGE_OK:
			break;
		case STAGE_WRITE:
			return dtp_fail(diag, DTP_EWRITE, "%s: cannot write: %s; nothing in %s was changed",
					path, strerror(slots[i].err), dir);
		case STAGE_ISDIR:
			return dtp_fail(diag, DTP_EWRITE, "%s: is a directory, cannot replace it with a file; "
					"move it away; nothing in %s was changed", path, dir);
		case STAGE_BADTREE:
			return dtp_fail(diag, DTP_EBADTREE, "cannot write %s: libfdt cannot walk the tree "
					"dtpart built (a bug in dtpart); nothing in %s was changed", path, dir);
		}
	}
	return 0;
}

int dtp_outputs_commit(const char *dir, struct dtp_out_set *set, struct dtp_diag *diag)
{
	if (mkdir_p(dir)) {
		dtp_outputs_abandon(set);
		return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s",
				dir, strerror(errno));
	}
	/* The .dts copies on the second thread (begun earlier, or now), the
	 * rest on this one, then the copies added since the thread began. */
	dtp_outputs_begin(dir, set);
	struct dtp_out_stage *early = set->early;
	int n = set->n;
	struct slot *slots = dtp_xcalloc((size_t)n + 1, sizeof(*slots));
	for (int i = 0; i < n; i++)
		fill_slot(&slots[i], &set->files[i]);
	stage_some(dir, slots, n, 0, &early->stop);
	join_early(set);
	for (int i = 0; i < early->n; i++)
		if (early->slots[i].dts_of)
			slots[i] = early->slots[i];
	stage_some(dir, slots, n, 1, &early->stop);
	free_early(set);
	char tmp[8192], journal[4096], jtmp[4096];
	int n_changes = 0, decided = 0;
	int rc = stage_report(dir, slots, n, diag);
	for (int i = 0; i < n; i++)
		n_changes += slots[i].pending != 0;
	if (!rc && n_changes) {
		snprintf(journal, sizeof(journal), "%s/%s", dir, DTP_JOURNAL);
		snprintf(jtmp, sizeof(jtmp), "%s/.dtpart-commit.tmp.%ld", dir, (long)getpid());
		FILE *jf = fopen(jtmp, "w");
		int ok = jf != NULL;
		for (int i = 0; ok && i < n; i++) {
			if (slots[i].pending == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				ok = fprintf(jf, "R %s %s\n", strrchr(tmp, '/') + 1, set->files[i].name) > 0;
			} else if (slots[i].pending == 'U') {
				ok = fprintf(jf, "U %s\n", set->files[i].name) > 0;
			}
		}
		if (jf) {
			ok = ok && fflush(jf) == 0 && fsync(fileno(jf)) == 0;
			ok = (fclose(jf) == 0) && ok;
		}
		ok = ok && rename(jtmp, journal) == 0 && fsync_dir(dir) == 0;
		if (!ok) {
			rc = dtp_fail(diag, DTP_EWRITE, "%s: cannot record the update: %s; nothing was changed",
				      dir, strerror(errno));
			unlink(jtmp);
			unlink(journal);
		} else {
			/* From here on the new set is decided: finish it, or the next run will. */
			decided = 1;
			if (apply_journal(dir, journal) || fsync_dir(dir))
				rc = dtp_fail(diag, DTP_EWRITE, "%s: the update was interrupted (%s); the next "
					      "dtpart run on this directory completes it", dir, strerror(errno));
			else
				unlink(journal);
			fsync_dir(dir);
			for (int i = 0; i < n; i++)
				set->files[i].changed = slots[i].pending != 0;
		}
	}
	if (rc && !decided)
		for (int i = 0; i < n; i++)
			if (slots[i].pending == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				unlink(tmp);
			}
	free(slots);
	return rc;
}
