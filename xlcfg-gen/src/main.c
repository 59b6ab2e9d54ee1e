/* xlcfg-gen: the passthrough part of xl domain configs.
 *   xlcfg-gen [--device-tree P] [--dtdev PATH]... [--irq N]... [--iomem PFN,N[@GFN]]...
 *             [--from SNIPPET.cfg]... [--merge EXISTING.cfg] [--json] [-o OUT] */
#include <xlcfg/json.h>
#include <xlcfg/merge.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: xlcfg-gen [OPTIONS]\n"
	"\n"
	"Writes the passthrough keys of an xl domain config (device_tree, irqs, iomem,\n"
	"dtdev), merges them into an existing config, or prints them as libxl JSON.\n"
	"\n"
	"  --device-tree PATH     the partial device tree blob\n"
	"  --dtdev PATH           a host device path to assign through the IOMMU\n"
	"  --irq N                a GIC interrupt ID (SPI + 32)\n"
	"  --iomem PFN,N[@GFN]    MMIO pages, hex, as xl writes them\n"
	"  --from FILE            take the passthrough keys of an xl config or snippet\n"
	"                         (dtpart's domN.cfg); may be repeated\n"
	"  --merge FILE           add them to FILE (union, nothing else changed),\n"
	"                         re-read it with libxlutil, replace it atomically\n"
	"  --json                 print libxenlight's JSON for them\n"
	"  -o FILE                write the snippet to FILE instead of stdout\n"
	"  -h, --help\n"
	"\n"
	"Exit status: 0 ok, 1 usage, 2 cannot read or write a file, 3 syntax error,\n"
	"4 a value xl would refuse, 5 conflict (a different device_tree), 6 the merged\n"
	"config does not read back as expected.\n";

static int exit_code(int err)
{
	switch (-err) {
	case XLCFG_OK: return 0;
	case XLCFG_EIO: return 2;
	case XLCFG_ESYNTAX: return 3;
	case XLCFG_EVALUE: return 4;
	case XLCFG_ECONFLICT: return 5;
	case XLCFG_EVERIFY: return 6;
	default: return 7;
	}
}

static int report(int rc, const struct xlcfg_diag *d)
{
	if (d->line)
		fprintf(stderr, "xlcfg-gen: %s:%d: %s\n", d->file, d->line, d->message);
	else
		fprintf(stderr, "xlcfg-gen: %s: %s\n", d->file[0] ? d->file : "error",
			d->message[0] ? d->message : xlcfg_strerror(rc));
	return exit_code(rc);
}

/* Adds one source's entries (and frees them); a different device_tree is a
 * conflict. */
static int absorb(struct xlcfg_passthrough *pt, struct xlcfg_passthrough *one, const char *what)
{
	int rc = 0;
	if (one->device_tree && pt->device_tree && strcmp(one->device_tree, pt->device_tree)) {
		fprintf(stderr, "xlcfg-gen: %s: device_tree \"%s\" conflicts with \"%s\"\n", what,
			one->device_tree, pt->device_tree);
		rc = exit_code(-XLCFG_ECONFLICT);
	} else if (xlcfg_union(pt, one)) {
		rc = exit_code(-XLCFG_ENOMEM);
	}
	xlcfg_passthrough_free(one);
	return rc;
}

/* Command-line values go through the same reader as files, so they are
 * judged exactly like a config line would be. */
static int add_from_text(struct xlcfg_passthrough *pt, const char *what, const char *key,
			 const char *value, int list, int quote)
{
	char *q = quote ? xlcfg_quote(value) : NULL;
	char line[8192];
	snprintf(line, sizeof(line), list ? "%s = [ %s ]\n" : "%s = %s\n", key, q ? q : value);
	free(q);
	struct xlcfg_passthrough one;
	struct xlcfg_diag d = { "", 0, "" };
	int rc = xlcfg_read_data(what, line, strlen(line), &one, &d);
	return rc ? report(rc, &d) : absorb(pt, &one, what);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device-tree", required_argument, NULL, 'D' }, { "dtdev", required_argument, NULL, 'd' },
		{ "irq", required_argument, NULL, 'i' }, { "iomem", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' }, { "merge", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct xlcfg_passthrough pt;
	xlcfg_passthrough_init(&pt);
	const char *merge = NULL, *out = NULL;
	int json = 0, c, rc = 0;
	while (!rc && (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			rc = add_from_text(&pt, "--device-tree", "device_tree", optarg, 0, 1);
			break;
		case 'd':
			rc = add_from_text(&pt, "--dtdev", "dtdev", optarg, 1, 1);
			break;
		case 'i':
			rc = add_from_text(&pt, "--irq", "irqs", optarg, 1, 1);
			break;
		case 'm':
			rc = add_from_text(&pt, "--iomem", "iomem", optarg, 1, 1);
			break;
		case 'f': {
			struct xlcfg_passthrough one;
			struct xlcfg_diag d = { "", 0, "" };
			rc = xlcfg_read_file(optarg, &one, &d);
			rc = rc ? report(rc, &d) : absorb(&pt, &one, optarg);
			break;
		}
		case 'M': merge = optarg; break;
		case 'j': json = 1; break;
		case 'o': out = optarg; break;
		case 'h':
			fputs(usage, stdout);
			xlcfg_passthrough_free(&pt);
			return 0;
		default:
			fputs(usage, stderr);
			rc = 1;
		}
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "xlcfg-gen: unexpected argument '%s'\n", argv[optind]);
		rc = 1;
	}
	if (!rc && merge) {
		struct xlcfg_diag d = { "", 0, "" };
		int changed;
		int r = xlcfg_merge_file(merge, &pt, &changed, &d);
		if (r)
			rc = report(r, &d);
		else
			printf("xlcfg-gen: %s %s\n", merge, changed ? "updated" : "already has every entry");
	} else if (!rc) {
		char *text = json ? xlcfg_libxl_json(&pt) : xlcfg_render(&pt, NULL);
		FILE *f = out ? fopen(out, "w") : stdout;
		if (!text || !f) {
			fprintf(stderr, "xlcfg-gen: %s: %s\n", out ? out : "output", strerror(errno));
			rc = 2;
		} else {
			fputs(text, f);
			if (json)
				fputc('\n', f);
			if (out && fclose(f)) {
				fprintf(stderr, "xlcfg-gen: %s: %s\n", out, strerror(errno));
				rc = 2;
			}
		}
		free(text);
	}
	xlcfg_passthrough_free(&pt);
	return rc;
}
