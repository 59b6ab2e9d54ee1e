/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a command and prints its wall time (ms), peak resident memory (KiB)
 * and CPU time (user + system, ms) on stderr as "peakrss: MS KIB CPU_MS";
 * the command's output is discarded. CPU time tells the work apart from
 * waiting (fsync, other processes on a shared machine).
 *
 *   peakrss CMD ARGS... */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	fprintf(stderr, "peakrss: %.2f %ld %.2f\n", ms, ru.ru_maxrss, cpu);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
