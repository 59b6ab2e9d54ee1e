/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "spawn.h"
#include "xalloc.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct growbuf {
	char *data;
	size_t len, cap;
};

static int growbuf_read(struct growbuf *b, int fd)
{
	if (b->cap - b->len < 4096) {
		size_t cap = b->cap ? b->cap * 2 : 8192;
		b->data = dtp_xrealloc(b->data, cap);
		b->cap = cap;
	}
	ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
	if (n > 0)
		b->len += (size_t)n;
	return (int)n;
}

static char *growbuf_finish(struct growbuf *b)
{
	if (!b->data)
		b->data = dtp_xmalloc(1);
	b->data[b->len] = '\0';
	return b->data;
}

int dtp_spawn_capture(const char *const argv[], const void *stdin_data, size_t stdin_len,
		  struct dtp_spawn_result *res)
{
	int in[2], out[2], err[2];
	memset(res, 0, sizeof(*res));
	res->status = -1;
	if (pipe(in) || pipe(out) || pipe(err))
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[0]); close(in[1]); close(out[0]);
		close(out[1]); close(err[0]); close(err[1]);
		/* execvp's argv is char *const[] for historical reasons; it
		 * does not write to the strings (POSIX). */
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]); close(out[1]); close(err[1]);
	/* A child that exits early must not kill us with SIGPIPE. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	struct growbuf ob = {0}, eb = {0};
	size_t fed = 0;
	int in_fd = in[1];
	if (!stdin_data || stdin_len == 0) {
		close(in_fd);
		in_fd = -1;
	}
	int open_fds = 2;
	while (open_fds > 0 || in_fd >= 0) {
		struct pollfd pfd[3];
		int n = 0, oi = -1, ei = -1, ii = -1;
		if (out[0] >= 0) { oi = n; pfd[n++] = (struct pollfd){ out[0], POLLIN, 0 }; }
		if (err[0] >= 0) { ei = n; pfd[n++] = (struct pollfd){ err[0], POLLIN, 0 }; }
		if (in_fd >= 0) { ii = n; pfd[n++] = (struct pollfd){ in_fd, POLLOUT, 0 }; }
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (oi >= 0 && pfd[oi].revents && growbuf_read(&ob, out[0]) <= 0) {
			close(out[0]); out[0] = -1; open_fds--;
		}
		if (ei >= 0 && pfd[ei].revents && growbuf_read(&eb, err[0]) <= 0) {
			close(err[0]); err[0] = -1; open_fds--;
		}
		if (ii >= 0 && pfd[ii].revents) {
			ssize_t w = write(in_fd, (const char *)stdin_data + fed, stdin_len - fed);
			if (w > 0)
				fed += (size_t)w;
			if (w <= 0 || fed == stdin_len) {
				close(in_fd);
				in_fd = -1;
			}
		}
	}
	signal(SIGPIPE, old);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	res->out_len = ob.len;
	res->out = growbuf_finish(&ob);
	res->err = growbuf_finish(&eb);
	return 0;
}

void dtp_spawn_result_free(struct dtp_spawn_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}
