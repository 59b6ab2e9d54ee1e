/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic replacement of a file (see replace.h). */
#include <xlcfg/replace.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* The file to write: path's target when it exists, else path itself. */
static char *target_of(const char *path)
{
	char *real = realpath(path, NULL);
	if (real || errno != ENOENT)
		return real;
	return xlcfg_xstrdup(path);
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int xlcfg_replace_file(const char *path, const char *data, size_t len)
{
	if (!*path) {
		errno = ENOENT;
		return -1;
	}
	char *target = target_of(path);
	if (!target)
		return -1;
	struct stat st;
	int exists = stat(target, &st) == 0;
	size_t tl = strlen(target) + 32;
	char *tmp = xlcfg_xmalloc(tl), *dir = xlcfg_xstrdup(target);
	snprintf(tmp, tl, "%s.xlcfg-gen.%ld", target, (long)getpid());
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");       /* target is not empty: room for "." */
	else
		*(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, exists ? 0600 : 0666);
	int ok = fd >= 0 && write_all(fd, data, len) == 0 &&
		 (!exists || fchmod(fd, st.st_mode & 07777) == 0) && fsync(fd) == 0;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, target) != 0) {
		int e = errno;
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		free(dir);
		free(target);
		errno = e;
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dir);
	free(target);
	return 0;
}
