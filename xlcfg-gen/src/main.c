/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xlcfg-gen: the passthrough part of xl domain configs.
 *   xlcfg-gen [--device-tree P] [--dtdev PATH]... [--irq N]... [--iomem PFN,N[@GFN]]...
 *             [--from SNIPPET.cfg]... [--merge EXISTING.cfg | --json | -o OUT] */
#include <xlcfg/json.h>
#include <xlcfg/merge.h>
#include <xlcfg/replace.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#ifndef DTPART_VERSION
#define DTPART_VERSION "0.1"
#endif

/* Exit statuses: the sysexits values dtpart uses for the same kinds of
 * failure (dtpart/src/diag.c). */
enum {
	EXIT_USAGE = 64,        /* bad command line, or a value on it xl would refuse */
	EXIT_DATA = 65,         /* a config xl would refuse: syntax or value */
	EXIT_NOINPUT = 66,      /* a config cannot be read */
	EXIT_REFUSED = 68,      /* the config conflicts with the plan */
	EXIT_INTERNAL = 70,     /* a merge that does not read back, JSON libxenlight cannot write */
	EXIT_CANTCREAT = 73,    /* the output or the merged config cannot be written */
};

/* The one option table: getopt's options and --help come from it. */
struct cli_option {
	const char *name;
	int key;                /* a printable key is also the short option */
	int short_too;
	const char *arg;        /* NULL: no argument */
	const char *help;       /* lines after the first start with '\n' */
};

static const struct cli_option cli_options[] = {
	{ "device-tree", 'D', 0, "PATH", "the partial device tree blob (device_tree)" },
	{ "dtdev", 'd', 0, "PATH", "a host device path to assign through the IOMMU" },
	{ "irq", 'i', 0, "N", "a GIC interrupt ID, decimal, 32..1019 (an SPI + 32)" },
	{ "iomem", 'm', 0, "PFN,N[@GFN]", "MMIO pages, hex, as xl reads them" },
	{ "from", 'f', 0, "FILE", "take the passthrough keys of an xl config or snippet\n"
				  "(dtpart's domN.cfg); may be repeated" },
	{ "merge", 'M', 0, "FILE", "make FILE's passthrough keys equal to the snippet's:\n"
				   "what an earlier merge added and the snippet no longer\n"
				   "has is removed, hand-written entries are kept; re-read\n"
				   "with libxlutil, replaced atomically. With no snippet,\n"
				   "it takes out everything earlier merges added" },
	{ "json", 'j', 0, NULL, "print libxenlight's JSON for them" },
	{ "output", 'o', 1, "FILE", "write the snippet to FILE (replaced atomically)\n"
						"instead of stdout" },
	{ "help", 'h', 1, NULL, "this help" },
	{ "version", 'V', 1, NULL, "print the version" },
};
#define N_CLI_OPTIONS (sizeof(cli_options) / sizeof(cli_options[0]))

static void print_usage(FILE *f)
{
	fputs("usage: xlcfg-gen [OPTIONS]\n"
	      "\n"
	      "Writes the passthrough keys of an xl domain config (device_tree, irqs, iomem,\n"
	      "dtdev), merges them into an existing config, or prints them as libxl JSON.\n"
	      "Values are read as xl reads them (tools/xl/xl_parse.c).\n"
	      "\n", f);
	for (size_t i = 0; i < N_CLI_OPTIONS; i++) {
		const struct cli_option *o = &cli_options[i];
		char head[64];
		snprintf(head, sizeof(head), "%s%c%s--%s%s%s", o->short_too ? "-" : "",
			 o->short_too ? o->key : ' ', o->short_too ? ", " : "  ", o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		/* Without a short option the long one stays in its column. */
		fprintf(f, "  %-24s ", o->short_too ? head : head + 1);
		for (const char *p = o->help; *p;) {
			size_t l = strcspn(p, "\n");
			fprintf(f, "%s%.*s\n", p == o->help ? "" : "                           ", (int)l, p);
			p += l + (p[l] == '\n');
		}
	}
	fputs("\n"
	      "Merged configs carry a block between '# xlcfg-gen: begin' and '# xlcfg-gen: end'\n"
	      "with the plan it was merged from and the entries it added; keep your own\n"
	      "lines outside it.\n"
	      "\n"
	      "Exit status: 0 ok, 64 usage (also a value on the command line xl would refuse),\n"
	      "65 a config xl would refuse (syntax or value), 66 cannot read a config,\n"
	      "68 the config conflicts with the plan, 70 internal, 73 cannot write output.\n", f);
}

static int exit_code(int err)
{
	switch (-err) {
	case XLCFG_OK: return 0;
	case XLCFG_EIO: return EXIT_NOINPUT;
	case XLCFG_ESYNTAX: case XLCFG_EVALUE: return EXIT_DATA;
	case XLCFG_ECONFLICT: return EXIT_REFUSED;
	case XLCFG_EWRITE: return EXIT_CANTCREAT;
	default: return EXIT_INTERNAL;
	}
}

/* One line per error: the file and line once, then what is wrong. */
static int report(int rc, const struct xlcfg_diag *d)
{
	const char *msg = d->message[0] ? d->message : xlcfg_strerror(rc);
	if (d->line)
		fprintf(stderr, "xlcfg-gen: %s:%d: %s\n", d->file, d->line, msg);
	else
		fprintf(stderr, "xlcfg-gen: %s: %s\n", d->file[0] ? d->file : "error", msg);
	return exit_code(rc);
}

/* Adds one source's entries (and frees them); a different device_tree is a
 * conflict. */
static int absorb(struct xlcfg_passthrough *pt, struct xlcfg_passthrough *one, const char *what)
{
	int rc = 0;
	if (one->device_tree && pt->device_tree && strcmp(one->device_tree, pt->device_tree)) {
		fprintf(stderr, "xlcfg-gen: %s: device_tree \"%s\" conflicts with \"%s\" given "
			"before; a domain has one partial tree\n", what, one->device_tree,
			pt->device_tree);
		rc = EXIT_REFUSED;
	} else {
		xlcfg_union(pt, one);
	}
	xlcfg_passthrough_free(one);
	return rc;
}

/* Command-line values go through the same reader as files, so they are
 * judged exactly like a config line would be; a refusal is a usage error
 * and names the option and its value. */
static int add_from_text(struct xlcfg_passthrough *pt, const char *opt, const char *key,
			 const char *value, int list)
{
	char *q = xlcfg_quote(value);
	size_t size = strlen(key) + strlen(q) + 16;
	char *line = xlcfg_xmalloc(size);
	snprintf(line, size, list ? "%s = [ %s ]\n" : "%s = %s\n", key, q);
	free(q);
	struct xlcfg_passthrough one;
	struct xlcfg_diag d = { "", 0, "" };
	int rc = xlcfg_read_data(opt, line, strlen(line), &one, &d);
	free(line);
	if (rc) {
		fprintf(stderr, "xlcfg-gen: --%s %s: %s\n", opt, value, d.message);
		return EXIT_USAGE;
	}
	/* xl takes any 32-bit number; an Arm guest's passthrough IRQ is an
	 * SPI: GIC interrupt IDs 32..1019 (1020..1023 are special). */
	if (strcmp(key, "irqs") == 0 && (one.irqs[0] < 32 || one.irqs[0] > 1019)) {
		fprintf(stderr, "xlcfg-gen: --%s %s: not an SPI: give the GIC interrupt ID, 32..1019 "
			"(the SPI number + 32)\n", opt, value);
		xlcfg_passthrough_free(&one);
		return EXIT_USAGE;
	}
	return absorb(pt, &one, opt);
}

/* One indented line per key, in xl syntax, for the entries of a that b
 * does not have. */
static void print_changes(const char *verb, const struct xlcfg_passthrough *a,
			  const struct xlcfg_passthrough *b)
{
	struct xlcfg_passthrough only;
	xlcfg_passthrough_init(&only);
	xlcfg_difference(&only, a, b);
	char *text = xlcfg_render(&only, NULL);
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, "\n");
		printf("  %s: %.*s\n", verb, (int)l, p);
		p += l + (p[l] == '\n');
	}
	free(text);
	xlcfg_passthrough_free(&only);
}

static int do_merge(const char *path, const struct xlcfg_passthrough *pt)
{
	struct xlcfg_diag d = { "", 0, "" };
	struct xlcfg_passthrough before, after;
	int rc = xlcfg_read_file(path, &before, &d);
	if (rc)
		return report(rc, &d);
	int changed;
	rc = xlcfg_merge_file(path, pt, &changed, &d);
	if (rc) {
		xlcfg_passthrough_free(&before);
		return report(rc, &d);
	}
	if (!changed) {
		printf("xlcfg-gen: %s already in step with the snippet\n", path);
	} else if (xlcfg_read_file(path, &after, &d) == 0) {
		printf("xlcfg-gen: %s updated\n", path);
		print_changes("removed", &before, &after);
		print_changes("added", &after, &before);
		xlcfg_passthrough_free(&after);
	}
	xlcfg_passthrough_free(&before);
	return 0;
}

/* The snippet or JSON on stdout, or in out, replaced atomically. */
static int write_output(const char *out, const char *text, int json)
{
	if (out) {
		size_t n = strlen(text);
		char *all = xlcfg_xmalloc(n + 2);
		memcpy(all, text, n);
		if (json)
			all[n++] = '\n';
		all[n] = '\0';
		int rc = xlcfg_replace_file(out, all, n);
		if (rc)
			fprintf(stderr, "xlcfg-gen: %s: cannot write: %s; it was left as it was\n", out,
				strerror(errno));
		free(all);
		return rc ? EXIT_CANTCREAT : 0;
	}
	fputs(text, stdout);
	if (json)
		fputc('\n', stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "xlcfg-gen: stdout: cannot write: %s\n", strerror(errno));
		return EXIT_CANTCREAT;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct option longopts[N_CLI_OPTIONS + 1];
	char shortopts[2 * N_CLI_OPTIONS + 1];
	size_t ns = 0;
	for (size_t i = 0; i < N_CLI_OPTIONS; i++) {
		const struct cli_option *o = &cli_options[i];
		longopts[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, o->key };
		if (o->short_too) {
			shortopts[ns++] = (char)o->key;
			if (o->arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[N_CLI_OPTIONS] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[ns] = '\0';

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	struct xlcfg_passthrough pt;
	xlcfg_passthrough_init(&pt);
	opterr = 0;             /* our own message, without getopt's argv[0] path */
	const char *merge = NULL, *out = NULL;
	int json = 0, c, rc = 0;
	while (!rc && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'D': rc = add_from_text(&pt, "device-tree", "device_tree", optarg, 0); break;
		case 'd': rc = add_from_text(&pt, "dtdev", "dtdev", optarg, 1); break;
		case 'i': rc = add_from_text(&pt, "irq", "irqs", optarg, 1); break;
		case 'm': rc = add_from_text(&pt, "iomem", "iomem", optarg, 1); break;
		case 'f': {
			struct xlcfg_passthrough one;
			struct xlcfg_diag d = { "", 0, "" };
			errno = 0;
			rc = xlcfg_read_file(optarg, &one, &d);
			/* dtpart removes domN.cfg with the domain's last device. */
			if (rc == -XLCFG_EIO && errno == ENOENT)
				snprintf(d.message, sizeof(d.message), "cannot read: %s (when dtpart has "
					 "released a domain's last device, it removes the domain's snippet; "
					 "xlcfg-gen --merge CONFIG with no snippet takes out what earlier "
					 "merges added)", strerror(ENOENT));
			rc = rc ? report(rc, &d) : absorb(&pt, &one, optarg);
			break;
		}
		case 'M': merge = optarg; break;
		case 'j': json = 1; break;
		case 'o': out = optarg; break;
		case 'h':
			print_usage(stdout);
			xlcfg_passthrough_free(&pt);
			return 0;
		case 'V':
			printf("xlcfg-gen %s\n", DTPART_VERSION);
			xlcfg_passthrough_free(&pt);
			return 0;
		default:
			fprintf(stderr, "xlcfg-gen: '%s': unknown option, or its argument is missing; "
				"see xlcfg-gen --help\n", argv[optind - 1]);
			rc = EXIT_USAGE;
		}
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "xlcfg-gen: unexpected argument '%s'; see xlcfg-gen --help\n",
			argv[optind]);
		rc = EXIT_USAGE;
	}
	if (!rc && merge && (json || out)) {
		fprintf(stderr, "xlcfg-gen: --merge writes FILE itself; it takes no %s\n",
			json ? "--json" : "-o");
		rc = EXIT_USAGE;
	}
	if (!rc && merge) {
		rc = do_merge(merge, &pt);
	} else if (!rc) {
		char *text = json ? xlcfg_libxl_json(&pt) : xlcfg_render(&pt, NULL);
		if (text) {
			rc = write_output(out, text, json);
		} else {
			fprintf(stderr, "xlcfg-gen: libxenlight could not write the domain's JSON\n");
			rc = EXIT_INTERNAL;
		}
		free(text);
	}
	xlcfg_passthrough_free(&pt);
	return rc;
}
