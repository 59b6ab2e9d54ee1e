/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error codes, exit codes and the one-message diagnostic every layer fills.
 *
 * Functions return 0 or a negative DTP_E* code and, on error, leave one
 * human-readable message in a struct dtp_diag: which file, which node, what is
 * wrong, how to fix it. The CLI prints it and maps the code to an exit code. */
#ifndef DTPART_DIAG_H
#define DTPART_DIAG_H

enum dtp_err {
	DTP_OK = 0,
	DTP_EUSAGE = 1,     /* bad command line */
	DTP_EIO,            /* file missing or unreadable */
	DTP_EBADTREE,       /* corrupt blob, dts syntax error, malformed property */
	DTP_ENODEV,         /* device name matches nothing */
	DTP_EAMBIG,         /* device name matches several devices */
	DTP_EREFUSED,       /* a rule forbids it (console UART, GIC, owned elsewhere...) */
	DTP_ECLOCK,         /* a clock rate the guest needs is unknown */
	DTP_ECHECK,         /* the hypervisor model rejects the set-up */
	DTP_EWRITE,         /* an output could not be written */
	DTP_ENOMEM,
	DTP_ESTATE,         /* the output directory's state file is unusable */
	DTP_ENOBOARD,       /* no board data for this tree */
	DTP_EBUSY,          /* another run holds the output directory (--wait ran out) */
	DTP_EUNSUPPORTED,   /* a valid tree (or part of one) dtpart cannot handle */
	DTP_ERR_MAX
};

/* On a function whose result says whether it failed: a call that ignores
 * the result does not compile. */
#define DTP_MUST_CHECK __attribute__((warn_unused_result))

#define DTP_DIAG_LEN 2048
struct dtp_diag {
	char msg[DTP_DIAG_LEN];
	/* The parts of a message made by dtp_report (empty after dtp_fail),
	 * for tools that want them apart. */
	char file[256];
	char node[512];
	int line;
	char xen[256];
	char fix[512];
};

/* Where a problem is and what to do about it: the file, the node (path),
 * the line of a text file (0 when none), Xen's or libxl's own message when
 * it would refuse (NULL otherwise), and the fix. Any part may be NULL. */
struct dtp_problem {
	const char *file;
	const char *node;
	int line;
	const char *xen;
	const char *fix;
};

const char *dtp_strerror(int err);

/* Exit status of the CLI for a (negative) error code; documented in --help
 * and in the man page. */
int dtp_exit_code(int err);

/* Formats the message into diag and returns -code, so callers can write
 * `return dtp_fail(diag, DTP_EBADTREE, "...", ...);`. */
int dtp_fail(struct dtp_diag *diag, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The one diagnostic builder: formats what is wrong and renders
 *   FILE:LINE: NODE: WHAT (Xen: "XEN"); FIX
 * into diag (parts that are NULL left out), keeping the parts; returns
 * -code like dtp_fail. */
int dtp_report(struct dtp_diag *diag, int code, const struct dtp_problem *p, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Warnings go straight to stderr: they never stop a command. Fuzzers
 * silence them. */
extern int dtp_warn_quiet;
void dtp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
