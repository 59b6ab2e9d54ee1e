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

/* The files of one commit, and what staging each one came to. */
struct stage {
	const char *dir;
	struct dtp_out_set *set;
	char *pending;      /* per file: 'R' temporary written, 'U' to remove, 0 unchanged */
	enum stage_failure *failure;
	int *err;
	atomic_int stop;    /* a file failed: the other thread stops too */
};

/* Makes file i ready to be committed: its .dts text made when it is one,
 * the temporary written and fsync'd unless the file holds that content
 * already. Runs on either thread: touches only file i's slots. */
static int stage_file(struct stage *st, int i)
{
	struct dtp_out_file *f = &st->set->files[i];
	char path[8192], tmp[8192];
	if (f->dts_of && !f->data && dtp_dts_write(f->dts_of, &f->data, &f->len)) {
		st->failure[i] = STAGE_BADTREE;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", st->dir, f->name);
	if (!f->data) {
		if (access(path, F_OK) == 0)
			st->pending[i] = 'U';
		return 0;
	}
	if (same_content(path, f->data, f->len))
		return 0;
	/* The renames after the journal must not fail: catch what would
	 * make them fail while nothing has changed yet. */
	struct stat sb;
	if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		st->failure[i] = STAGE_ISDIR;
		return -1;
	}
	tmp_name(tmp, sizeof(tmp), st->dir, f->name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write_all(fd, f->data, f->len) == 0 && fsync(fd) == 0;
	int err = errno;
	if (fd >= 0 && close(fd) && ok) {
		ok = 0;
		err = errno;
	}
	if (!ok) {
		st->failure[i] = STAGE_WRITE;
		st->err[i] = err;
		unlink(tmp);
		return -1;
	}
	st->pending[i] = 'R';
	return 0;
}

/* Stages the files whose .dts text is made at commit (dts != 0) or the
 * others, in order, until one fails or the other thread's does. */
static void stage_some(struct stage *st, int dts)
{
	for (int i = 0; i < st->set->n && !atomic_load(&st->stop); i++)
		if ((st->set->files[i].dts_of != NULL) == dts && stage_file(st, i))
			atomic_store(&st->stop, 1);
}

static void *stage_dts_thread(void *arg)
{
	stage_some(arg, 1);
	return NULL;
}

/* Every file staged. The .dts copies (xen.dts is 1.6 times xen.dtb) are
 * made, written and fsync'd on a second thread while this one writes and
 * fsyncs the rest: the two fsyncs overlap. */
static void stage_all(struct stage *st)
{
	int any_dts = 0;
	for (int i = 0; i < st->set->n; i++)
		any_dts |= st->set->files[i].dts_of != NULL;
	pthread_t thread;
	int threaded = any_dts && pthread_create(&thread, NULL, stage_dts_thread, st) == 0;
	stage_some(st, 0);
	if (threaded)
		pthread_join(thread, NULL);
	else if (any_dts)
		stage_some(st, 1);
}

/* The first file that failed to stage, in set order, as the diagnostic;
 * 0 when none did. */
static int stage_report(const struct stage *st, struct dtp_diag *diag)
{
	for (int i = 0; i < st->set->n; i++) {
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", st->dir, st->set->files[i].name);
		switch (st->failure[i]) {
		case STAGE_OK:
			break;
		case STAGE_WRITE:
			return dtp_fail(diag, DTP_EWRITE, "%s: cannot write: %s; nothing in %s was changed",
					path, strerror(st->err[i]), st->dir);
		case STAGE_ISDIR:
			return dtp_fail(diag, DTP_EWRITE, "%s: is a directory, cannot replace it with a file; "
					"move it away; nothing in %s was changed", path, st->dir);
		case STAGE_BADTREE:
			return dtp_fail(diag, DTP_EBADTREE, "cannot write %s: libfdt cannot walk the tree "
					"dtpart built (a bug in dtpart); nothing in %s was changed", path, st->dir);
		}
	}
	return 0;
}

int dtp_outputs_commit(const char *dir, struct dtp_out_set *set, struct dtp_diag *diag)
{
	if (mkdir_p(dir))
		return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s",
				dir, strerror(errno));
	size_t n = (size_t)set->n + 1;
	struct stage st;
	st.dir = dir;
	st.set = set;
	st.pending = dtp_xcalloc(n, 1);
	st.failure = dtp_xcalloc(n, sizeof(*st.failure));
	st.err = dtp_xcalloc(n, sizeof(*st.err));
	atomic_init(&st.stop, 0);
	char tmp[8192], journal[4096], jtmp[4096];
	int n_changes = 0, decided = 0;
	stage_all(&st);
	int rc = stage_report(&st, diag);
	for (int i = 0; i < set->n; i++)
		n_changes += st.pending[i] != 0;
	if (!rc && n_changes) {
		snprintf(journal, sizeof(journal), "%s/%s", dir, DTP_JOURNAL);
		snprintf(jtmp, sizeof(jtmp), "%s/.dtpart-commit.tmp.%ld", dir, (long)getpid());
		FILE *jf = fopen(jtmp, "w");
		int ok = jf != NULL;
		for (int i = 0; ok && i < set->n; i++) {
			if (st.pending[i] == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				ok = fprintf(jf, "R %s %s\n", strrchr(tmp, '/') + 1, set->files[i].name) > 0;
			} else if (st.pending[i] == 'U') {
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
			for (int i = 0; i < set->n; i++)
				set->files[i].changed = st.pending[i] != 0;
		}
	}
	if (rc && !decided)
		for (int i = 0; i < set->n; i++)
			if (st.pending[i] == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				unlink(tmp);
			}
	free(st.pending);
	free(st.failure);
	free(st.err);
	return rc;
}
