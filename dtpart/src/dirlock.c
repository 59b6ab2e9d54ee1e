/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dirlock.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* mkdir of every component; EEXIST is success, so two runs creating the
 * same directory at once both go on (whether it is a directory shows when
 * the lock file is opened in it). The first component this run made is
 * remembered in lk->created. */
static int make_dirs(struct dtp_dirlock *lk, const char *dir)
{
	char buf[4096];
	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	size_t len = strlen(buf);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char end = *p;
		*p = '\0';
		if (mkdir(buf, 0777) == 0) {
			if (!lk->created)
				lk->created = dtp_xstrdup(buf);
		} else if (errno != EEXIST) {
			return -1;
		}
		*p = end;
		if (!end)
			return 0;
	}
}

/* "pid 123 (dtpart -o out passthrough eth0 --domain 2)" */
static size_t describe_pid(long pid, char *buf, size_t len)
{
	char path[64], cmd[160];
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, cmd, sizeof(cmd) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return (size_t)snprintf(buf, len, "pid %ld", pid);
	cmd[n] = '\0';
	for (ssize_t i = 0; i < n - 1; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	const char *dots = n == (ssize_t)sizeof(cmd) - 1 ? "..." : "";
	return (size_t)snprintf(buf, len, "pid %ld (%s%s)", pid, cmd, dots);
}

/* Who holds the lock, from the kernel's table of flock holders
 * (/proc/locks: "1: FLOCK  ADVISORY  WRITE 1234 08:02:56789 0 EOF").
 * Only informative: an empty answer when the table is unreadable. */
static void describe_holders(int fd, char *buf, size_t len)
{
	struct stat st;
	buf[0] = '\0';
	FILE *f = fopen("/proc/locks", "re");
	if (!f || fstat(fd, &st)) {
		if (f)
			fclose(f);
		return;
	}
	char line[256];
	size_t used = 0;
	int shown = 0;
	while (fgets(line, sizeof(line), f) && used + 1 < len) {
		char kind[16], type[16];
		long pid;
		unsigned maj, min;
		unsigned long long ino;
		/* Waiters are listed as "N: -> FLOCK ...": skipped by the format. */
		if (sscanf(line, "%*d: %15s %*s %15s %ld %x:%x:%llu", kind, type, &pid, &maj, &min, &ino) != 6 ||
		    strcmp(kind, "FLOCK") || maj != major(st.st_dev) || min != minor(st.st_dev) ||
		    ino != (unsigned long long)st.st_ino || pid == (long)getpid())
			continue;
		if (shown++ == 3) {
			used += (size_t)snprintf(buf + used, len - used, ", ...");
			break;
		}
		used += (size_t)snprintf(buf + used, len - used, "%s", shown > 1 ? ", " : "");
		if (used + 1 < len)
			used += describe_pid(pid, buf + used, len - used);
		if (used + 1 < len)
			used += (size_t)snprintf(buf + used, len - used, ", %s",
						 strcmp(type, "WRITE") == 0 ? "writing" : "reading");
	}
	fclose(f);
	if (used >= len)
		buf[len - 1] = '\0';
}

static int busy(struct dtp_dirlock *lk, const char *dir, long long waited_ns, struct dtp_diag *diag)
{
	char who[512], waited[64] = "";
	describe_holders(lk->fd, who, sizeof(who));
	if (waited_ns)
		snprintf(waited, sizeof(waited), "; gave up after %.1f s", (double)waited_ns / 1e9);
	return dtp_fail(diag, DTP_EBUSY, "%s: another run is using this output directory (%s)%s; "
			"nothing was changed: run again when it is done, or give --wait SECONDS to "
			"wait longer", dir, who[0] ? who : "held by another process", waited);
}

/* Polls for the lock until the deadline: 2 ms doubling up to 50 ms between
 * tries, short against a passthrough's few tens of milliseconds. */
static int poll_lock(struct dtp_dirlock *lk, const char *dir, enum dtp_lock_mode mode,
		     struct dtp_diag *diag)
{
	int op = (mode == DTP_LOCK_EXCLUSIVE ? LOCK_EX : LOCK_SH) | LOCK_NB;
	long long start = now_ns(), pause_ns = 2000000;
	int noted = 0;
	for (;;) {
		if (flock(lk->fd, op) == 0) {
			lk->held = mode;
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return dtp_fail(diag, DTP_EWRITE, "%s/%s: cannot lock: %s", dir, DTP_LOCK_FILE,
					strerror(errno));
		long long now = now_ns();
		if (now >= lk->deadline_ns)
			return busy(lk, dir, noted ? now - start : 0, diag);
		if (!noted) {
			char who[512];
			describe_holders(lk->fd, who, sizeof(who));
			fprintf(stderr, "dtpart: note: waiting for %s: %s\n", dir,
				who[0] ? who : "another process holds it");
			noted = 1;
		}
		long long left = lk->deadline_ns - now;
		struct timespec ts = { 0, left < pause_ns ? left : pause_ns };
		nanosleep(&ts, NULL);
		if (pause_ns < 50000000)
			pause_ns *= 2;
	}
}

/* The lock file, or -1 with errno. Never follows a symlink planted there. */
static int open_lock_file(const char *dir, enum dtp_lock_mode mode)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, DTP_LOCK_FILE) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && mode == DTP_LOCK_SHARED && (errno == EACCES || errno == EROFS || errno == EPERM))
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	return fd;
}

/* Still the file at DIR/.dtpart-lock? A directory removed and made again
 * while this run waited has a new lock file that the old one does not guard. */
static int lock_is_current(int fd, const char *dir)
{
	char path[4096];
	struct stat held, now;
	snprintf(path, sizeof(path), "%s/%s", dir, DTP_LOCK_FILE);
	return fstat(fd, &held) == 0 && lstat(path, &now) == 0 && held.st_dev == now.st_dev &&
	       held.st_ino == now.st_ino;
}

int dtp_dirlock_take(struct dtp_dirlock *lk, const char *dir, enum dtp_lock_mode mode,
		     long wait_seconds, struct dtp_diag *diag)
{
	memset(lk, 0, sizeof(*lk));
	lk->fd = -1;
	lk->deadline_ns = now_ns() + (long long)(wait_seconds > 0 ? wait_seconds : 0) * 1000000000LL;
	lk->dir = dtp_xstrdup(dir);
	if (mode == DTP_LOCK_EXCLUSIVE && make_dirs(lk, dir))
		return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s", dir,
				strerror(errno));
	for (int tries = 0;; tries++) {
		lk->fd = open_lock_file(dir, mode);
		/* A first run that failed removes the directory it made (see
		 * dtp_dirlock_release), maybe just after make_dirs here: again. */
		if (lk->fd < 0 && errno == ENOENT && mode == DTP_LOCK_EXCLUSIVE && tries < 100) {
			if (make_dirs(lk, dir))
				return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s",
						dir, strerror(errno));
			continue;
		}
		if (lk->fd < 0) {
			int err = errno;
			struct stat st;
			if (mode == DTP_LOCK_SHARED && err == ENOENT && stat(dir, &st) != 0) {
				lk->dir_absent = 1;
				return 0;
			}
			if (mode == DTP_LOCK_SHARED && (err == ENOENT || err == EACCES || err == EROFS))
				return 0;
			return dtp_fail(diag, DTP_EWRITE, "%s: cannot %s the output directory's lock file "
					"%s: %s", dir, mode == DTP_LOCK_EXCLUSIVE ? "create" : "open",
					DTP_LOCK_FILE, strerror(err));
		}
		int rc = poll_lock(lk, dir, mode, diag);
		if (rc || lock_is_current(lk->fd, dir))
			return rc;
		close(lk->fd);
		lk->fd = -1;
		lk->held = DTP_LOCK_NONE;
		if (mode == DTP_LOCK_EXCLUSIVE && make_dirs(lk, dir))
			return dtp_fail(diag, DTP_EWRITE, "%s: cannot create the output directory: %s", dir,
					strerror(errno));
	}
}

int dtp_dirlock_convert(struct dtp_dirlock *lk, const char *dir, enum dtp_lock_mode mode,
			struct dtp_diag *diag)
{
	if (lk->fd < 0 || lk->held == mode)
		return 0;
	flock(lk->fd, LOCK_UN);
	lk->held = DTP_LOCK_NONE;
	return poll_lock(lk, dir, mode, diag);
}

/* Only the lock file in dir? */
static int holds_only_lock(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int only = d != NULL;
	while (only && (e = readdir(d)) != NULL)
		only = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		       strcmp(e->d_name, DTP_LOCK_FILE) == 0;
	if (d)
		closedir(d);
	return only;
}

void dtp_dirlock_release(struct dtp_dirlock *lk)
{
	/* Unlinked while still held: a run waiting on this file finds it is
	 * no longer DIR's lock (lock_is_current) and starts again. */
	if (lk->created && lk->held == DTP_LOCK_EXCLUSIVE && lk->dir && holds_only_lock(lk->dir)) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", lk->dir, DTP_LOCK_FILE);
		unlink(path);
		/* Deepest first; rmdir refuses any that another run filled. */
		snprintf(path, sizeof(path), "%s", lk->dir);
		size_t len = strlen(path), stop = strlen(lk->created);
		while (len > 1 && path[len - 1] == '/')
			path[--len] = '\0';
		while (len >= stop && rmdir(path) == 0) {
			char *slash = strrchr(path, '/');
			if (!slash || slash == path)
				break;
			*slash = '\0';
			len = (size_t)(slash - path);
		}
	}
	if (lk->fd >= 0)
		close(lk->fd);
	lk->fd = -1;
	lk->held = DTP_LOCK_NONE;
	free(lk->created);
	free(lk->dir);
	lk->created = NULL;
	lk->dir = NULL;
}
