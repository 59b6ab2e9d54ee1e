/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dtp_outset_put(struct dtp_out_set *set, const char *name, char *data, size_t len)
{
	struct dtp_out_file *nf = realloc(set->files, sizeof(*nf) * (size_t)(set->n + 1));
	if (!nf) {
		free(data);
		return -DTP_ENOMEM;
	}
	set->files = nf;
	nf[set->n].name = strdup(name);
	nf[set->n].data = data;
	nf[set->n].len = len;
	nf[set->n].changed = 0;
	if (!nf[set->n].name) {
		free(data);
		return -DTP_ENOMEM;
	}
	set->n++;
	return 0;
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

int dtp_outputs_commit(const char *dir, struct dtp_out_set *set, struct dtp_diag *diag)
{
	if (mkdir_p(dir))
		return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s",
				dir, strerror(errno));
	char *pending = calloc((size_t)set->n + 1, 1);
	char path[8192], tmp[8192], journal[4096], jtmp[4096];
	int rc = 0, n_changes = 0, decided = 0;
	if (!pending)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	for (int i = 0; i < set->n && !rc; i++) {
		const struct dtp_out_file *f = &set->files[i];
		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		if (!f->data) {
			if (access(path, F_OK) == 0) {
				pending[i] = 'U';
				n_changes++;
			}
			continue;
		}
		if (same_content(path, f->data, f->len))
			continue;
		/* The renames after the journal must not fail: catch what would
		 * make them fail while nothing has changed yet. */
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = dtp_fail(diag, DTP_EWRITE, "%s: is a directory, cannot replace it with a file; "
				      "move it away; nothing in %s was changed", path, dir);
			break;
		}
		tmp_name(tmp, sizeof(tmp), dir, f->name);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write_all(fd, f->data, f->len) || fsync(fd)) {
			rc = dtp_fail(diag, DTP_EWRITE, "%s: cannot write: %s; nothing in %s was changed",
				      path, strerror(errno), dir);
			if (fd >= 0)
				close(fd);
			unlink(tmp);
			break;
		}
		if (close(fd)) {
			rc = dtp_fail(diag, DTP_EWRITE, "%s: cannot write: %s; nothing in %s was changed",
				      path, strerror(errno), dir);
			unlink(tmp);
			break;
		}
		pending[i] = 'R';
		n_changes++;
	}
	if (!rc && n_changes) {
		snprintf(journal, sizeof(journal), "%s/%s", dir, DTP_JOURNAL);
		snprintf(jtmp, sizeof(jtmp), "%s/.dtpart-commit.tmp.%ld", dir, (long)getpid());
		FILE *jf = fopen(jtmp, "w");
		int ok = jf != NULL;
		for (int i = 0; ok && i < set->n; i++) {
			if (pending[i] == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				ok = fprintf(jf, "R %s %s\n", strrchr(tmp, '/') + 1, set->files[i].name) > 0;
			} else if (pending[i] == 'U') {
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
				set->files[i].changed = pending[i] != 0;
		}
	}
	if (rc && !decided)
		for (int i = 0; i < set->n; i++)
			if (pending[i] == 'R') {
				tmp_name(tmp, sizeof(tmp), dir, set->files[i].name);
				unlink(tmp);
			}
	free(pending);
	return rc;
}
