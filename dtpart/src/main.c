/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dtpart: Xen device passthrough for Arm boards, correct by construction.
 * Data flows one way: host tree -> resolved devices -> policy -> outputs -> checks.
 *
 * This file is the command line: one table of commands and one table of
 * options drive `--help`, `COMMAND --help`, getopt, the check that an option
 * applies to the command given, and `dtpart complete`. The man page follows
 * the same tables (tests/man/run-man.sh compares them). */
#include "commands.h"
#include "dirlock.h"
#include "xalloc.h"

#include <hypervisor/xen_rules.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DTPART_VERSION
#define DTPART_VERSION "0.1"
#endif

/* One bit per command: an option's `commands` says where it means something. */
enum {
	C_LIST = 1 << 0,
	C_SHOW = 1 << 1,
	C_PASSTHROUGH = 1 << 2,
	C_RELEASE = 1 << 3,
	C_SMMU = 1 << 4,
	C_CHECK = 1 << 5,
	C_COMPLETE = 1 << 6,
	C_HOST = 1 << 7,
	C_ALL = C_LIST | C_SHOW | C_PASSTHROUGH | C_RELEASE | C_SMMU | C_CHECK | C_HOST,
	C_WRITERS = C_PASSTHROUGH | C_RELEASE | C_HOST,
};

struct command {
	const char *name;
	unsigned bit;
	int (*run)(struct dtp_session *, struct dtp_diag *);
	const char *args;       /* after the name in the synopsis */
	const char *summary;    /* one line in `dtpart --help` */
	const char *about;      /* the body of `dtpart COMMAND --help` */
};

static const struct command commands[] = {
	{ "list", C_LIST, dtp_cmd_list, "",
	  "the devices of the host tree, and which Xen keeps",
	  "One row per device node: path, aliases, labels, MMIO ranges, IRQs (SPI and\n"
	  "Xen ID), stream IDs and owner: dom0, domain N, or xen (the GIC, the SMMU,\n"
	  "the timer and Xen's console UART stay with Xen and cannot be passed through;\n"
	  "the XEN column says why).\n" },
	{ "show", C_SHOW, dtp_cmd_show, "DEVICE...",
	  "devices' resources and what passthrough gives",
	  "One device's resolved resources (MMIO as CPU addresses, IRQs, stream IDs,\n"
	  "clocks and the rates a guest gets) and what passthrough would generate, or\n"
	  "why it is refused.\n" },
	{ "passthrough", C_PASSTHROUGH, dtp_cmd_passthrough, "DEVICE... --domain N",
	  "give devices to domain N (extends earlier runs)",
	  "Gives DEVICE(s) to domain N. The host node gets xen,passthrough; domN.dtb gets\n"
	  "a copy of the node under /passthrough (reg as CPU addresses, interrupt-parent\n"
	  "65000, fixed clocks, host-only properties dropped); domN.cfg gets device_tree,\n"
	  "irqs (SPI+32), iomem (PFN,NPAGES) and, for devices behind an enabled SMMU,\n"
	  "dtdev. A second run for the same domain extends the same files; the same run\n"
	  "twice changes nothing. Refused: Xen's console UART, the GIC, the SMMU, the\n"
	  "timer, a disabled device, a device owned by another domain (release it first).\n"
	  "A DMA master (stream ID in the tree, the board data or --sid) is registered\n"
	  "with the SMMU in the host tree (iommus, or mmu-masters when the tree uses the\n"
	  "legacy binding; a disabled SMMU is enabled) and every change is printed. With\n"
	  "no SMMU it is refused unless --force-no-iommu. Before anything is written, the\n"
	  "outputs are replayed as `dtpart check` does.\n" },
	{ "release", C_RELEASE, dtp_cmd_release, "DEVICE...",
	  "give devices back to dom0",
	  "Gives devices back to dom0: removes xen,passthrough from the host tree and the\n"
	  "device from its domain's partial tree and snippet (a domain left with no device\n"
	  "loses its files).\n" },
	{ "host", C_HOST, dtp_cmd_host, "--dom0-kernel FILE | --no-dom0",
	  "make the host tree one Xen boots with",
	  "Writes the host tree's /chosen for Xen: xen,xen-bootargs (console=dtuart\n"
	  "dtuart=<Xen's console: its alias, from stdout-path>, dom0_mem, --xen-bootargs),\n"
	  "xen,dom0-bootargs (console=hvc0; on ZynqMP clk_ignore_unused, so that dom0\n"
	  "does not gate the clocks of devices guests own; --dom0-bootargs, e.g. root=),\n"
	  "#address-cells/#size-cells and dom0's kernel and ramdisk as multiboot modules,\n"
	  "sized from the files, at addresses of the module layout that the dom0less\n"
	  "domains share. A tree without /chosen gets one; dom0 modules the input's\n"
	  "/chosen holds already are replaced, with a warning naming each. Refused: a\n"
	  "console that a domain owns. Kept in the plan: later passthrough and release\n"
	  "runs write the same /chosen; the same run twice changes nothing.\n"
	  "With --no-dom0 instead, Xen boots the dom0less domains alone (dom0less-only\n"
	  "mode: no dom0 kernel module): xen,xen-bootargs without dom0_mem, no\n"
	  "xen,dom0-bootargs, no dom0 modules; boot.cmd and the QEMU line load Xen, its\n"
	  "tree and the dom0less modules only. Refused while the plan has an xl domain\n"
	  "(xl runs in dom0) or no dom0less domain (nothing would run).\n" },
	{ "smmu", C_SMMU, dtp_cmd_smmu, "",
	  "the SMMU stream table for every domain",
	  "The stream table Xen's SMMU driver builds for the host tree and every domain in\n"
	  "the outputs: SID -> device -> domain -> stream-match index -> context bank ->\n"
	  "VMID, with Xen's allocation rules (dom0's masters first). Each row's route is\n"
	  "read back from a simulated MMU-500 programmed the way Xen programs it.\n"
	  "Exit 69 when a master cannot be given its entries or bank.\n" },
	{ "check", C_CHECK, dtp_cmd_check, "[--host xen.dtb] [CONFIG[:N] | PARTIAL.dtb[:N]]...",
	  "replay Xen's domain build: errors before boot",
	  "Replays what libxl and Xen do when they build each domain: the partial tree\n"
	  "(/passthrough, simple-bus, ranges, cells, phandles below 65000,\n"
	  "interrupt-parent, reg and interrupts against the host node, xen,reg/xen,path\n"
	  "for dom0less), every dtdev through the SMMU model, every IRQ through the GIC\n"
	  "model, every iomem range against the guest memory map and the other owners.\n"
	  "Each error comes with the message Xen or libxl prints (or that it accepts it\n"
	  "silently) and a fix. Without files it checks the outputs in DIR. Each\n"
	  "finding names the file it comes from. An xl config (.cfg) is domain N when\n"
	  "written CONFIG:N (or --domain N for one config), else when its name is\n"
	  "domain N's in the plan of -o DIR, else when its device_tree or file name is\n"
	  "domN; else it is numbered, with a warning. A partial tree (.dtb) belongs to\n"
	  "the config whose device_tree names it (the same file or name), else to\n"
	  "domain N (PARTIAL.dtb:N, domN.dtb): an xl domain's or /chosen/domUN's. A\n"
	  "device_tree not on this machine is looked for next to its config.\n"
	  "Exit 69 on errors.\n" },
	{ "complete", C_COMPLETE, NULL, "WHAT",
	  "words for shell completion, one a line",
	  "WHAT: commands | options [COMMAND] | boards | devices [owned].\n"
	  "Prints words for shell completion, one a line: the commands, the options (of\n"
	  "one COMMAND), the board names in the boards directory, or the names of the\n"
	  "host tree's devices (aliases, labels, paths; from -H, -b or the plan in -o DIR;\n"
	  "with owned, only those passed through).\n"
	  "Reads only; takes no lock and never touches the output directory.\n" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

enum { OPT_NAME = 256, OPT_CLOCK, OPT_DTB_DIR, OPT_NO_DTS, OPT_JSON, OPT_FORCE_NO_IOMMU,
       OPT_DOM0LESS, OPT_KERNEL, OPT_RAMDISK, OPT_BOOTARGS, OPT_MEMORY, OPT_CPUS, OPT_VPL011,
       OPT_LOAD_BASE, OPT_SID, OPT_WAIT, OPT_GUEST_ADDR, OPT_MAC, OPT_DOM0_KERNEL, OPT_DOM0_RAMDISK,
       OPT_DOM0_MEM, OPT_XEN_BOOTARGS, OPT_DOM0_BOOTARGS, OPT_XEN_IMAGE, OPT_BOOT_DIR, OPT_BOOT_LOAD, OPT_XEN,
       OPT_DIRECT_MAP, OPT_STATIC_MEM, OPT_XEN_CONFIG, OPT_CLOCK_SUMMARY, OPT_REBASE,
       OPT_IMAGEBUILDER, OPT_NO_DOM0 };

struct option_spec {
	const char *name;       /* long name */
	int key;                /* getopt's value: the short letter, or OPT_* */
	int has_short;
	const char *arg;        /* argument name; NULL for a flag */
	unsigned commands;      /* C_* bits */
	const char *group;      /* heading of a group in COMMAND --help, or NULL */
	const char *help;       /* continuation lines start after '\n' */
};

static const char group_dom0less[] = "Dom0less (Xen builds the domain at boot from the host tree's /chosen)";

static const struct option_spec options[] = {
	{ "host", 'H', 1, "FILE", C_ALL | C_COMPLETE, NULL,
	  "host tree (.dts through dtc -@, or .dtb)" },
	{ "board", 'b', 1, "NAME", C_ALL | C_COMPLETE, NULL,
	  "a shipped board's host tree and data (default " DTP_DEFAULT_BOARD ";\n"
	  "`dtpart complete boards` lists them); with -H, the\n"
	  "board's data (clock rates) for that tree" },
	{ "rebase", OPT_REBASE, 0, NULL, C_ALL, NULL,
	  "apply the output directory's plan to the -H/-b tree\n"
	  "although the plan was made from another" },
	{ "output", 'o', 1, "DIR", C_ALL | C_COMPLETE, NULL,
	  "output directory, default ./" DTP_DEFAULT_OUTDIR "; the state\n"
	  "(dtpart.json) of earlier runs there is extended" },
	{ "wait", OPT_WAIT, 0, "SECONDS", C_ALL, NULL,
	  "wait up to SECONDS, default 60, for another dtpart\n"
	  "run on the same output directory; 0 = do not wait" },
	{ "xen", OPT_XEN, 0, "VERSION", C_PASSTHROUGH | C_RELEASE | C_SMMU | C_CHECK, NULL,
	  "the Xen version whose rules the checks apply,\n"
	  "4.16 to 4.22 (default: the plan's, else 4.17);\n"
	  "kept in the plan" },
	{ "json", OPT_JSON, 0, NULL, C_ALL, NULL,
	  "machine-readable output on stdout (one JSON object)" },
	{ "help", 'h', 1, NULL, C_ALL | C_COMPLETE, NULL,
	  "this help (dtpart COMMAND --help for a command)" },
	{ "version", 'V', 1, NULL, C_ALL | C_COMPLETE, NULL,
	  "print the version and exit" },
	{ "domain", 'd', 1, "N", C_PASSTHROUGH | C_CHECK, NULL,
	  "guest domain ID (1..32767); for check, the domain of\n"
	  "the one xl config given (several: FILE:N each)" },
	{ "name", OPT_NAME, 0, "NAME", C_PASSTHROUGH, NULL,
	  "the domain's name (default from the board data)" },
	{ "clock", OPT_CLOCK, 0, "NAME=HZ", C_PASSTHROUGH, NULL,
	  "fixed rate for a device clock the board data lacks\n"
	  "(repeatable)" },
	{ "clock-summary", OPT_CLOCK_SUMMARY, 0, "FILE", C_SHOW | C_PASSTHROUGH | C_RELEASE, NULL,
	  "a copy of dom0's /sys/kernel/debug/clk/clk_summary:\n"
	  "device clock rates of the running board (ZynqMP)" },
	{ "sid", OPT_SID, 0, "ID", C_PASSTHROUGH, NULL,
	  "stream ID of a DMA master the tree and board data lack\n"
	  "(once per ID; Xen takes up to 16 per device)" },
	{ "force-no-iommu", OPT_FORCE_NO_IOMMU, 0, NULL, C_PASSTHROUGH, NULL,
	  "give a DMA master without SMMU protection (unsafe)" },
	{ "guest-addr", OPT_GUEST_ADDR, 0, "DEVICE=ADDR", C_PASSTHROUGH, NULL,
	  "the guest address of DEVICE's registers (default: 1:1,\n"
	  "or below guest RAM when that collides; repeatable)" },
	{ "mac", OPT_MAC, 0, "DEVICE=MAC", C_PASSTHROUGH, NULL,
	  "DEVICE's local-mac-address in the guest (default:\n"
	  "derived when the host reads it from nvmem)" },
	{ "memory", OPT_MEMORY, 0, "MIB", C_PASSTHROUGH, NULL,
	  "guest RAM in MiB, 16..1043456 (dom0less default 256;\n"
	  "for an xl domain: its config's memory, for placement)" },
	{ "dtb-dir", OPT_DTB_DIR, 0, "DIR", C_WRITERS, NULL,
	  "absolute directory of domN.dtb on the target, for\n"
	  "device_tree; kept in the plan (default, or auto: the\n"
	  "output directory's path on this machine, with a\n"
	  "warning)" },
	{ "no-dts", OPT_NO_DTS, 0, NULL, C_WRITERS, NULL,
	  "write .dtb files only" },
	{ "dom0-kernel", OPT_DOM0_KERNEL, 0, "FILE", C_HOST, NULL,
	  "dom0's kernel image (required the first time,\n"
	  "unless --no-dom0)" },
	{ "no-dom0", OPT_NO_DOM0, 0, NULL, C_HOST, NULL,
	  "boot without dom0: Xen runs the plan's dom0less\n"
	  "domains alone (kept; --dom0-kernel undoes it)" },
	{ "dom0-ramdisk", OPT_DOM0_RAMDISK, 0, "FILE", C_HOST, NULL,
	  "dom0's initramfs" },
	{ "dom0-mem", OPT_DOM0_MEM, 0, "SIZE", C_HOST, NULL,
	  "Xen's dom0_mem, e.g. 1024M (default 1024M)" },
	{ "xen-bootargs", OPT_XEN_BOOTARGS, 0, "STRING", C_HOST, NULL,
	  "added to xen,xen-bootargs (its dtuart= replaces the\n"
	  "console dtpart finds)" },
	{ "dom0-bootargs", OPT_DOM0_BOOTARGS, 0, "STRING", C_HOST, NULL,
	  "added to xen,dom0-bootargs, e.g. \"root=/dev/mmcblk0p2\"" },
	{ "xen-image", OPT_XEN_IMAGE, 0, "FILE", C_HOST, NULL,
	  "Xen's binary: every run writes boot.cmd (and\n"
	  "boot.scr when mkimage is installed)" },
	{ "boot-dir", OPT_BOOT_DIR, 0, "DIR", C_HOST, NULL,
	  "the TFTP or SD root boot.cmd's paths are relative to\n"
	  "(default: the output directory)" },
	{ "boot-load", OPT_BOOT_LOAD, 0, "CMD", C_HOST, NULL,
	  "U-Boot's load command, e.g. tftpb (default: load\n"
	  "${devtype} ${devnum}:${distro_bootpart})" },
	{ "imagebuilder", OPT_IMAGEBUILDER, 0, NULL, C_HOST, NULL,
	  "also write imagebuilder.cfg and .dtb: the set-up\n"
	  "for ImageBuilder's uboot-script-gen (kept)" },
	{ "dom0less", OPT_DOM0LESS, 0, NULL, C_PASSTHROUGH, group_dom0less,
	  "make domain N a dom0less domain (kept in the plan)" },
	{ "kernel", OPT_KERNEL, 0, "FILE", C_PASSTHROUGH, group_dom0less,
	  "the guest kernel (required for a new dom0less domain)" },
	{ "ramdisk", OPT_RAMDISK, 0, "FILE", C_PASSTHROUGH, group_dom0less,
	  "its ramdisk" },
	{ "bootargs", OPT_BOOTARGS, 0, "STRING", C_PASSTHROUGH, group_dom0less,
	  "its command line" },
	{ "cpus", OPT_CPUS, 0, "N", C_PASSTHROUGH, group_dom0less,
	  "vCPUs, 1..128 (default 1)" },
	{ "vpl011", OPT_VPL011, 0, NULL, C_PASSTHROUGH, group_dom0less,
	  "give the guest a virtual PL011 UART (takes SPI ID 32)" },
	{ "load-base", OPT_LOAD_BASE, 0, "ADDR", C_PASSTHROUGH | C_HOST, group_dom0less,
	  "lowest module load address (default 0x48000000)" },
	{ "direct-map", OPT_DIRECT_MAP, 0, NULL, C_PASSTHROUGH, group_dom0less,
	  "guest RAM at the same machine addresses (direct-map,\n"
	  "xen,static-mem from free host RAM): for DMA masters\n"
	  "without an SMMU; needs Xen with CONFIG_STATIC_MEMORY" },
	{ "static-mem", OPT_STATIC_MEM, 0, "ADDR,SIZE", C_PASSTHROUGH, group_dom0less,
	  "that RAM at ADDR instead (SIZE bytes, the guest's\n"
	  "memory; implies --direct-map)" },
	{ "xen-config", OPT_XEN_CONFIG, 0, "FILE", C_PASSTHROUGH | C_CHECK, group_dom0less,
	  "the Xen build's .config: --direct-map is refused (and\n"
	  "check fails static memory) when it lacks\n"
	  "CONFIG_STATIC_MEMORY=y" },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static const char about_dom0less[] =
	"The partial tree then carries xen,reg, xen,path, xen,force-assign-without-iommu\n"
	"(only for a device not behind an enabled SMMU) and a /gic placeholder; the host\n"
	"tree gets /chosen/domUN with the kernel, ramdisk and partial tree as modules at\n"
	"non-overlapping addresses, printed with QEMU and U-Boot load commands.\n";

static const char about_device[] =
	"DEVICE is an alias (ethernet0, serial1), a Linux name (eth0, ttyPS1), a label\n"
	"(gem3), a full path (/axi/ethernet@ff0e0000) or a unique node name.\n";

static const char about_outputs[] =
	"Outputs in DIR: xen.dtb/xen.dts (host tree), domN.dtb/domN.dts (partial tree),\n"
	"domN.cfg (xl snippet), dtpart.json (the plan), boot.cmd/boot.scr (U-Boot script,\n"
	"after host --xen-image). All are replaced atomically.\n";

static const char about_environment[] =
	"Environment:\n"
	"  DTPART_BOARDS_DIR   where board data is found (one directory per board);\n"
	"                      default: share/dtpart/boards under the installed prefix,\n"
	"                      found relative to the binary; in the build tree the\n"
	"                      source tree's boards/\n";

static const struct { int code; const char *meaning; } exit_codes[] = {
	{ 0, "ok" },
	{ 64, "usage" },
	{ 65, "invalid tree" },
	{ 66, "cannot read input" },
	{ 67, "unknown or ambiguous device" },
	{ 68, "refused (Xen's own device, owner, clock, board)" },
	{ 69, "hypervisor check failed" },
	{ 70, "internal" },
	{ 73, "cannot write output" },
	{ 74, "unusable state in the output directory" },
	{ 75, "another run holds the output directory" },
	{ 76, "unsupported: a valid tree dtpart cannot handle" },
};

/* "  -H, --host FILE         help", continuation lines aligned under the
 * help; with show_commands, the commands it applies to in brackets. */
#define HELP_COLUMN 26
static void print_option(FILE *f, const struct option_spec *o, int show_commands)
{
	char head[64];
	int n;
	if (o->has_short)
		n = snprintf(head, sizeof(head), "  -%c, --%s", o->key, o->name);
	else
		n = snprintf(head, sizeof(head), "      --%s", o->name);
	if (o->arg)
		snprintf(head + n, sizeof(head) - (size_t)n, " %s", o->arg);
	fprintf(f, "%-*s", HELP_COLUMN, head);
	if (strlen(head) >= HELP_COLUMN)
		fprintf(f, "\n%*s", HELP_COLUMN, "");
	size_t col = HELP_COLUMN;
	for (const char *p = o->help; *p;) {
		size_t len = strcspn(p, "\n");
		fprintf(f, "%.*s", (int)len, p);
		col = HELP_COLUMN + len;
		p += len;
		if (*p == '\n') {
			p++;
			fprintf(f, "\n%*s", HELP_COLUMN, "");
		}
	}
	if (show_commands && (o->commands & C_ALL) != C_ALL) {
		char tag[128];
		size_t used = (size_t)snprintf(tag, sizeof(tag), " [");
		for (size_t i = 0; i < N_COMMANDS; i++)
			if (o->commands & commands[i].bit)
				used += (size_t)snprintf(tag + used, sizeof(tag) - used, "%s%s",
							 used > 2 ? ", " : "", commands[i].name);
		snprintf(tag + used, sizeof(tag) - used, "]");
		if (col + strlen(tag) > 80)
			fprintf(f, "\n%*s%s", HELP_COLUMN - 1, "", tag);
		else
			fputs(tag, f);
	}
	fputs("\n", f);
}

static void print_exit_codes(FILE *f)
{
	fputs("Exit status:", f);
	int col = 12;
	for (size_t i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++) {
		char item[96];
		int n = snprintf(item, sizeof(item), " %d %s%s", exit_codes[i].code, exit_codes[i].meaning,
				 i + 1 < sizeof(exit_codes) / sizeof(exit_codes[0]) ? "," : ".");
		if (col + n > 80) {
			fputs("\n", f);
			col = 0;
			fputs(item + 1, f);
			col += n - 1;
		} else {
			fputs(item, f);
			col += n;
		}
	}
	fputs("\n", f);
}

static void usage_main(FILE *f)
{
	fputs("usage: dtpart [OPTIONS] COMMAND [ARGS]\n"
	      "\n"
	      "Gives devices of an Arm board to Xen guests: rewrites the host tree Xen boots\n"
	      "with, writes each domain's partial device tree and xl config snippet.\n"
	      "\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char head[96];
		snprintf(head, sizeof(head), "  %s %s", commands[i].name, commands[i].args);
		if (strlen(head) > 27)
			fprintf(f, "%s\n%28s%s\n", head, "", commands[i].summary);
		else
			fprintf(f, "%-28s%s\n", head, commands[i].summary);
	}
	fprintf(f, "\n%s\nOptions (the commands an option applies to in brackets):\n", about_device);
	for (size_t i = 0; i < N_OPTIONS; i++)
		print_option(f, &options[i], 1);
	fprintf(f, "\n%s\n%s\n", about_outputs, about_environment);
	print_exit_codes(f);
}

static void usage_command(FILE *f, const struct command *c)
{
	fprintf(f, "usage: dtpart [OPTIONS] %s%s%s\n\n%s", c->name, c->args[0] ? " " : "", c->args, c->about);
	if (c->bit & (C_SHOW | C_PASSTHROUGH | C_RELEASE))
		fprintf(f, "\n%s", about_device);
	fputs("\nOptions:\n", f);
	const char *group = NULL;
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (!(options[i].commands & c->bit))
			continue;
		if (options[i].group != group) {
			group = options[i].group;
			fprintf(f, "\n%s:\n", group ? group : "Options");
		}
		print_option(f, &options[i], 0);
	}
	if (group == group_dom0less && (c->bit & C_PASSTHROUGH))
		fprintf(f, "%s", about_dom0less);
	if (c->bit & C_WRITERS)
		fprintf(f, "\n%s", about_outputs);
	fputs("\n", f);
	print_exit_codes(f);
}

static int parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static const struct option_spec *option_by_key(int key)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].key == key)
			return &options[i];
	return NULL;
}

static const struct command *command_by_name(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* One more value of a repeatable option. */
static void push_arg(const char ***list, int *n, const char *arg)
{
	*list = dtp_xrealloc(*list, sizeof(**list) * (size_t)(*n + 1));
	(*list)[(*n)++] = arg;
}

static void options_free(struct dtp_options *o)
{
	free(o->clocks);
	free(o->sids);
	free(o->guest_addrs);
	free(o->macs);
}

/* Stores one option's value; the option's key says which. */
static int set_option(struct dtp_options *o, int key, const char *arg, struct dtp_diag *diag)
{
	switch (key) {
	case 'H': o->host = arg; break;
	case 'b': o->board = arg; break;
	case 'o': o->out_dir = arg; break;
	case 'd':
		if (parse_long(arg, &o->domain))
			return dtp_fail(diag, DTP_EUSAGE, "--domain %s: not a number", arg);
		break;
	case OPT_WAIT:
		if (parse_long(arg, &o->wait_seconds) || o->wait_seconds < 0 || o->wait_seconds > 86400)
			return dtp_fail(diag, DTP_EUSAGE, "--wait %s: want whole seconds, 0..86400 "
					"(0: fail at once when another run holds the directory)", arg);
		break;
	case OPT_XEN:
		o->xen = hv_xen_parse(arg);
		if (!hv_xen_supported(o->xen))
			return dtp_fail(diag, DTP_EUSAGE, "--xen %s: want a Xen version from 4.16 to 4.22 "
					"(MAJOR.MINOR, e.g. 4.17)", arg);
		break;
	case OPT_NAME: o->name = arg; break;
	case OPT_CLOCK: push_arg(&o->clocks, &o->n_clocks, arg); break;
	case OPT_DTB_DIR: o->dtb_dir = arg; break;
	case OPT_CLOCK_SUMMARY: o->clock_summary = arg; break;
	case OPT_REBASE: o->rebase = 1; break;
	case OPT_NO_DTS: o->no_dts = 1; break;
	case OPT_JSON: o->json = 1; break;
	case OPT_FORCE_NO_IOMMU: o->force_no_iommu = 1; break;
	case OPT_DOM0LESS: o->dom0less = 1; break;
	case OPT_KERNEL: o->kernel = arg; break;
	case OPT_RAMDISK: o->ramdisk = arg; break;
	case OPT_BOOTARGS: o->bootargs = arg; break;
	case OPT_VPL011: o->vpl011 = 1; break;
	case OPT_MEMORY:
		/* Xen fills RAM bank 0 (3 GiB) and puts the rest in bank 1 (1016 GiB). */
		if (parse_long(arg, &o->memory_mib) || o->memory_mib < 16 || o->memory_mib > 1043456)
			return dtp_fail(diag, DTP_EUSAGE, "--memory %s: want MiB between 16 and 1043456 "
					"(guest RAM banks 0 and 1: 3 GiB + 1016 GiB)", arg);
		break;
	case OPT_GUEST_ADDR: push_arg(&o->guest_addrs, &o->n_guest_addrs, arg); break;
	case OPT_MAC: push_arg(&o->macs, &o->n_macs, arg); break;
	case OPT_CPUS:
		if (parse_long(arg, &o->cpus) || o->cpus < 1 || o->cpus > 128)
			return dtp_fail(diag, DTP_EUSAGE, "--cpus %s: want 1..128", arg);
		break;
	case OPT_LOAD_BASE: {
		char *end;
		errno = 0;
		o->load_base = strtoull(arg, &end, 0);
		if (errno || *end || o->load_base == 0 || (o->load_base & 0xfff))
			return dtp_fail(diag, DTP_EUSAGE, "--load-base %s: want a page-aligned address", arg);
		break;
	}
	case OPT_SID: {
		char *end;
		errno = 0;
		unsigned long v = strtoul(arg, &end, 0);
		if (errno || *end || end == arg || v > 0x7fff)
			return dtp_fail(diag, DTP_EUSAGE, "--sid %s: want a stream ID up to 0x7fff", arg);
		o->sids = dtp_xrealloc(o->sids, sizeof(*o->sids) * (size_t)(o->n_sids + 1));
		o->sids[o->n_sids++] = (uint32_t)v;
		break;
	}
	case OPT_DOM0_KERNEL: o->dom0_kernel = arg; break;
	case OPT_DOM0_RAMDISK: o->dom0_ramdisk = arg; break;
	case OPT_DOM0_MEM: {
		/* Xen's size syntax: a number with an optional K, M or G. */
		size_t n = strspn(arg, "0123456789");
		if (n == 0 || n > 9 || (arg[n] && (strchr("KMGkmg", arg[n]) == NULL || arg[n + 1])))
			return dtp_fail(diag, DTP_EUSAGE, "--dom0-mem %s: want a size as Xen reads it, a "
					"number with K, M or G, e.g. 1024M", arg);
		o->dom0_mem = arg;
		break;
	}
	case OPT_XEN_BOOTARGS: o->xen_bootargs = arg; break;
	case OPT_DOM0_BOOTARGS: o->dom0_bootargs = arg; break;
	case OPT_XEN_IMAGE: o->xen_image = arg; break;
	case OPT_BOOT_DIR: o->boot_dir = arg; break;
	case OPT_IMAGEBUILDER: o->imagebuilder = 1; break;
	case OPT_NO_DOM0: o->no_dom0 = 1; break;
	case OPT_BOOT_LOAD:
		if (!arg[0] || strchr(arg, '\n') || strchr(arg, ';'))
			return dtp_fail(diag, DTP_EUSAGE, "--boot-load %s: want one U-Boot command such as "
					"tftpb or \"load mmc 0:1\" (no newline or ';')", arg);
		o->boot_load = arg;
		break;
	case OPT_DIRECT_MAP: o->direct_map = 1; break;
	case OPT_STATIC_MEM: {
		char *end;
		errno = 0;
		o->static_mem_addr = strtoull(arg, &end, 0);
		if (!errno && *end == ',')
			o->static_mem_size = strtoull(end + 1, &end, 0);
		if (errno || *end || !o->static_mem_size || ((o->static_mem_addr | o->static_mem_size) & 0xfff))
			return dtp_fail(diag, DTP_EUSAGE, "--static-mem %s: want ADDR,SIZE, both page-aligned, "
					"e.g. --static-mem 0x10000000,0x10000000", arg);
		o->direct_map = 1;
		break;
	}
	case OPT_XEN_CONFIG: o->xen_config = arg; break;
	case 'h': o->help = 1; break;
	case 'V': o->version = 1; break;
	}
	return 0;
}

/* getopt's tables, built from `options`. */
static void getopt_tables(struct option *longs, char *shorts, size_t shorts_len)
{
	size_t used = 0;
	for (size_t i = 0; i < N_OPTIONS; i++) {
		longs[i] = (struct option){ options[i].name, options[i].arg ? required_argument : no_argument,
					    NULL, options[i].key };
		if (options[i].has_short && used + 3 < shorts_len) {
			shorts[used++] = (char)options[i].key;
			if (options[i].arg)
				shorts[used++] = ':';
		}
	}
	longs[N_OPTIONS] = (struct option){ NULL, 0, NULL, 0 };
	shorts[used] = '\0';
}

static int parse_options(int argc, char **argv, struct dtp_options *o, unsigned *given,
			 struct dtp_diag *diag)
{
	struct option longs[N_OPTIONS + 1];
	char shorts[2 * N_OPTIONS + 2];
	getopt_tables(longs, shorts, sizeof(shorts));
	memset(o, 0, sizeof(*o));
	o->out_dir = DTP_DEFAULT_OUTDIR;
	o->domain = -1;
	o->wait_seconds = DTP_DEFAULT_WAIT_SECONDS;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct option_spec *spec = option_by_key(c);
		if (!spec)
			return dtp_fail(diag, DTP_EUSAGE, "unknown or incomplete option '%s' (see dtpart --help)",
					argv[optind - 1]);
		given[spec - options] = 1;
		int rc = set_option(o, c, optarg, diag);
		if (rc)
			return rc;
	}
	if (!o->out_dir[0])
		return dtp_fail(diag, DTP_EUSAGE, "--output needs a directory");
	if (optind < argc)
		o->command = argv[optind++];
	o->args = argv + optind;
	o->n_args = argc - optind;
	return 0;
}

/* An option given to a command it means nothing to is a usage error, not
 * silently ignored. */
static int check_applies(const struct command *cmd, const unsigned *given, struct dtp_diag *diag)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (given[i] && !(options[i].commands & cmd->bit)) {
			char where[128] = "";
			size_t used = 0;
			for (size_t k = 0; k < N_COMMANDS; k++)
				if (options[i].commands & commands[k].bit)
					used += (size_t)snprintf(where + used, sizeof(where) - used, "%s%s",
								 used ? ", " : "", commands[k].name);
			return dtp_fail(diag, DTP_EUSAGE, "--%s means nothing to `%s` (it applies to: %s); "
					"see dtpart %s --help", options[i].name, cmd->name, where, cmd->name);
		}
	return 0;
}

/* `dtpart complete commands | options [COMMAND]`: straight from the tables. */
static int complete_words(const struct dtp_options *o, struct dtp_diag *diag)
{
	const char *what = o->n_args ? o->args[0] : "";
	if (strcmp(what, "commands") == 0) {
		for (size_t i = 0; i < N_COMMANDS; i++)
			printf("%s\n", commands[i].name);
		return 0;
	}
	const struct command *for_cmd = NULL;
	if (o->n_args > 1 && !(for_cmd = command_by_name(o->args[1])))
		return dtp_fail(diag, DTP_EUSAGE, "complete options %s: no such command", o->args[1]);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (for_cmd && !(options[i].commands & for_cmd->bit))
			continue;
		/* "--host FILE": the argument's name tells completion what follows. */
		const char *arg = options[i].arg ? options[i].arg : "";
		if (options[i].has_short)
			printf("-%c%s%s\n", options[i].key, arg[0] ? " " : "", arg);
		printf("--%s%s%s\n", options[i].name, arg[0] ? " " : "", arg);
	}
	return 0;
}

static int run_complete(struct dtp_options *o, struct dtp_diag *diag)
{
	const char *what = o->n_args ? o->args[0] : "";
	if (strcmp(what, "commands") == 0 || strcmp(what, "options") == 0)
		return complete_words(o, diag);
	if (strcmp(what, "boards") == 0)
		return dtp_complete_boards(diag);
	if (strcmp(what, "devices") == 0)
		return dtp_complete_devices(o, diag);
	return dtp_fail(diag, DTP_EUSAGE, "complete: want commands, options [COMMAND], boards or devices");
}

/* The command line parsed into o, then the command run. */
static int run(int argc, char **argv, struct dtp_options *o, int *silent, struct dtp_diag *diag)
{
	unsigned given[N_OPTIONS] = { 0 };
	int rc = parse_options(argc, argv, o, given, diag);
	if (rc)
		return rc;
	if (o->version) {
		printf("dtpart %s\n", DTPART_VERSION);
		return 0;
	}
	if (!o->command) {
		/* The usage is the whole message. */
		usage_main(o->help ? stdout : stderr);
		*silent = 1;
		return o->help ? 0 : -DTP_EUSAGE;
	}
	const struct command *cmd = command_by_name(o->command);
	if (!cmd) {
		char known[512];
		size_t used = 0;
		for (size_t i = 0; i < N_COMMANDS && used < sizeof(known); i++)
			used += (size_t)snprintf(known + used, sizeof(known) - used, "%s %s", i ? "," : "",
						 commands[i].name);
		return dtp_fail(diag, DTP_EUSAGE, "unknown command '%s' (commands:%s)", o->command, known);
	}
	if (o->help) {
		usage_command(stdout, cmd);
		return 0;
	}
	rc = check_applies(cmd, given, diag);
	if (!rc && !cmd->run)
		rc = run_complete(o, diag);
	else if (!rc) {
		struct dtp_session s;
		rc = dtp_session_open(&s, o, diag);
		if (!rc)
			rc = cmd->run(&s, diag);
		dtp_session_close(&s);
	}
	return rc;
}

int main(int argc, char **argv)
{
	/* jansson's allocations stop the tool on out-of-memory too, so a NULL
	 * from it never means a lost value. */
	json_set_alloc_funcs(dtp_xmalloc, free);
	struct dtp_options opt;
	struct dtp_diag diag = { .msg = "" };
	int silent = 0;
	int rc = run(argc, argv, &opt, &silent, &diag);
	options_free(&opt);
	if (rc && !silent)
		fprintf(stderr, "dtpart: error: %s\n", diag.msg[0] ? diag.msg : dtp_strerror(rc));
	return rc ? dtp_exit_code(rc) : 0;
}
