/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LD_PRELOAD shim that makes output writing fail part-way, to prove the
 * output set is replaced atomically.
 *   SHIM_FAIL_WRITE=N   the Nth write() to a regular file fails with ENOSPC
 *   SHIM_FAIL_WRITE_TO=S  every write() to a regular file whose path holds
 *                       S fails with ENOSPC (dtpart writes the .dts copies
 *                       on a second thread: this fails that thread's file)
 *   SHIM_FAIL_RENAME=N  the Nth rename() fails with EIO
 *   SHIM_KILL_RENAME=N  the process dies (_exit 137) at the Nth rename(),
 *                       as a power cut between two files would */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int counter(const char *env, int *count)
{
	const char *v = getenv(env);
	return v && ++*count == atoi(v);
}

static int path_holds(int fd, const char *s)
{
	char link[64], path[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strstr(path, s) != NULL;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	static ssize_t (*real)(int, const void *, size_t);
	static int writes;
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	struct stat st;
	const char *to = getenv("SHIM_FAIL_WRITE_TO");
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    ((to && path_holds(fd, to)) || counter("SHIM_FAIL_WRITE", &writes))) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, len);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	static int renames;
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	int n = renames + 1;
	if (getenv("SHIM_KILL_RENAME") && n == atoi(getenv("SHIM_KILL_RENAME")))
		_exit(137);
	if (counter("SHIM_FAIL_RENAME", &renames)) {
		errno = EIO;
		return -1;
	}
	if (!getenv("SHIM_FAIL_RENAME"))
		renames++;
	return real(from, to);
}
