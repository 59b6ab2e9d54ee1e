/* dtpart: Xen device passthrough for Arm boards, correct by construction.
 * Data flows one way: host tree -> resolved devices -> policy -> outputs -> checks. */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DTPART_VERSION
#define DTPART_VERSION "0.1"
#endif

static const char usage_main[] =
	"usage: dtpart [OPTIONS] COMMAND [ARGS]\n"
	"\n"
	"Gives devices of an Arm board to Xen guests: rewrites the host tree Xen boots\n"
	"with, writes each domain's partial device tree and xl config snippet.\n"
	"\n"
	"Commands:\n"
	"  list                      every device that can be passed through\n"
	"  show DEVICE...            devices' resources and what passthrough gives\n"
	"  passthrough DEVICE... --domain N\n"
	"                            give devices to domain N (extends earlier runs)\n"
	"  release DEVICE...         give devices back to dom0\n"
	"  smmu                      the SMMU stream table for every domain\n"
	"  check [FILES]             replay Xen's domain build: errors before boot\n"
	"\n"
	"DEVICE is an alias (ethernet0, serial1), a Linux name (eth0, ttyPS1), a label\n"
	"(gem3), a full path (/axi/ethernet@ff0e0000) or a unique node name.\n"
	"\n"
	"Options:\n"
	"  -H, --host FILE     host tree (.dts through dtc -@, or .dtb)\n"
	"  -b, --board NAME    a shipped board's host tree and data (default " DTP_DEFAULT_BOARD ")\n"
	"  -o, --output DIR    output directory, default ./" DTP_DEFAULT_OUTDIR "; the state\n"
	"                      (dtpart.json) of earlier runs there is extended\n"
	"  -d, --domain N      guest domain ID (1..32767)\n"
	"      --name NAME     the domain's name (default from the board data)\n"
	"      --clock NAME=HZ fixed rate for a device clock the board data lacks\n"
	"      --sid ID        stream ID of a DMA master the tree and board data lack\n"
	"      --force-no-iommu  give a DMA master without SMMU protection (unsafe)\n"
	"      --dtb-dir DIR   directory of domN.dtb on the target, for device_tree\n"
	"                      (default: the output directory's absolute path)\n"
	"      --no-dts        write .dtb files only\n"
	"      --json          machine-readable output (list, check)\n"
	"  -h, --help          this help (dtpart COMMAND --help for a command)\n"
	"  -V, --version\n"
	"\n"
	"Outputs in DIR: xen.dtb/xen.dts (host tree), domN.dtb/domN.dts (partial tree),\n"
	"domN.cfg (xl snippet), dtpart.json (the plan). All are replaced atomically.\n"
	"\n"
	"Exit status: 0 ok, 64 usage, 65 invalid tree, 66 cannot read input,\n"
	"67 unknown or ambiguous device, 68 refused (Xen's own device, owner, clock,\n"
	"board), 69 hypervisor check failed, 70 internal, 73 cannot write output,\n"
	"74 unusable state in the output directory.\n";

static const char usage_passthrough[] =
	"usage: dtpart [-H FILE | -b BOARD] [-o DIR] passthrough DEVICE... --domain N\n"
	"              [--name NAME] [--clock NAME=HZ]... [--dtb-dir DIR] [--no-dts]\n"
	"\n"
	"Gives DEVICE(s) to domain N. The host node gets xen,passthrough; domN.dtb gets a\n"
	"copy of the node under /passthrough (reg as CPU addresses, interrupt-parent\n"
	"65000, fixed clocks, host-only properties dropped); domN.cfg gets device_tree,\n"
	"irqs (SPI+32), iomem (PFN,NPAGES) and, for devices behind an enabled SMMU, dtdev.\n"
	"A second run for the same domain extends the same files; the same run twice\n"
	"changes nothing. Refused: Xen's console UART, the GIC, the SMMU, the timer, a\n"
	"disabled device, a device owned by another domain (release it first).\n"
	"A DMA master (stream ID in the tree, the board data or --sid) is registered\n"
	"with the SMMU in the host tree (iommus, or mmu-masters when the tree uses the\n"
	"legacy binding; a disabled SMMU is enabled) and every change is printed.\n"
	"With no SMMU it is refused unless --force-no-iommu.\n";

static const char usage_dom0less[] =
	"\n"
	"Dom0less (Xen builds the domain at boot from the host tree's /chosen):\n"
	"  --dom0less          make domain N a dom0less domain (kept in the plan)\n"
	"  --kernel FILE       the guest kernel (required for a new dom0less domain)\n"
	"  --ramdisk FILE      its ramdisk\n"
	"  --bootargs STRING   its command line\n"
	"  --memory MIB        guest RAM (default 256)\n"
	"  --cpus N            vCPUs (default 1)\n"
	"  --vpl011            give the guest a virtual PL011 UART (takes SPI ID 32)\n"
	"  --load-base ADDR    lowest module load address (default 0x48000000)\n"
	"The partial tree then carries xen,reg, xen,path, xen,force-assign-without-iommu\n"
	"(only for a device not behind an enabled SMMU) and a /gic placeholder; the host\n"
	"tree gets /chosen/domUN with the kernel, ramdisk and partial tree as modules at\n"
	"non-overlapping addresses, printed with QEMU and U-Boot load commands.\n";

static const char usage_release[] =
	"usage: dtpart [-o DIR] release DEVICE...\n"
	"\n"
	"Gives devices back to dom0: removes xen,passthrough from the host tree and the\n"
	"device from its domain's partial tree and snippet (a domain left with no device\n"
	"loses its files).\n";

static const char usage_list[] =
	"usage: dtpart [-H FILE | -b BOARD] list [--json]\n"
	"\n"
	"Every device that can be passed through: path, aliases, labels, MMIO ranges,\n"
	"IRQs (SPI and Xen ID), stream IDs, current owner (xen, dom0 or domain N).\n";

static const char usage_smmu[] =
	"usage: dtpart [-o DIR] smmu\n"
	"\n"
	"The stream table Xen's SMMU driver builds for the host tree and every domain in\n"
	"the outputs: SID -> device -> domain -> stream-match index -> context bank ->\n"
	"VMID, with Xen's allocation rules (dom0's masters first). Each row's route is\n"
	"read back from a simulated MMU-500 programmed the way Xen programs it.\n"
	"Exit 69 when a master cannot be given its entries or bank.\n";

static const char usage_check[] =
	"usage: dtpart [-o DIR] check [--json]\n"
	"       dtpart check --host xen.dtb [domN.cfg | domN.dtb]... [--json]\n"
	"\n"
	"Replays what libxl and Xen do when they build each domain: the partial tree\n"
	"(/passthrough, simple-bus, ranges, cells, phandles below 65000, interrupt-parent,\n"
	"reg and interrupts against the host node, xen,reg/xen,path for dom0less), every\n"
	"dtdev through the SMMU model, every IRQ through the GIC model, every iomem range\n"
	"against the guest memory map and the other owners. Each error comes with the\n"
	"message Xen or libxl prints (or that it accepts it silently) and a fix.\n"
	"Without files it checks the outputs in DIR. A .dtb argument is the partial tree\n"
	"of the xl domain with the same domN id, or of /chosen/domUN. Exit 69 on errors.\n";

static const char usage_show[] =
	"usage: dtpart [-H FILE | -b BOARD] show DEVICE...\n"
	"\n"
	"One device's resolved resources (MMIO as CPU addresses, IRQs, stream IDs,\n"
	"clocks and the rates a guest gets) and what passthrough would generate.\n";

enum { OPT_NAME = 256, OPT_CLOCK, OPT_DTB_DIR, OPT_NO_DTS, OPT_JSON, OPT_FORCE_NO_IOMMU,
       OPT_DOM0LESS, OPT_KERNEL, OPT_RAMDISK, OPT_BOOTARGS, OPT_MEMORY, OPT_CPUS, OPT_VPL011,
       OPT_LOAD_BASE, OPT_SID };

static const struct option long_opts[] = {
	{ "host", required_argument, NULL, 'H' },
	{ "board", required_argument, NULL, 'b' },
	{ "output", required_argument, NULL, 'o' },
	{ "domain", required_argument, NULL, 'd' },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "clock", required_argument, NULL, OPT_CLOCK },
	{ "dtb-dir", required_argument, NULL, OPT_DTB_DIR },
	{ "no-dts", no_argument, NULL, OPT_NO_DTS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "force-no-iommu", no_argument, NULL, OPT_FORCE_NO_IOMMU },
	{ "dom0less", no_argument, NULL, OPT_DOM0LESS },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "ramdisk", required_argument, NULL, OPT_RAMDISK },
	{ "bootargs", required_argument, NULL, OPT_BOOTARGS },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "vpl011", no_argument, NULL, OPT_VPL011 },
	{ "load-base", required_argument, NULL, OPT_LOAD_BASE },
	{ "sid", required_argument, NULL, OPT_SID },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

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

static int parse_options(int argc, char **argv, struct dtp_options *o, struct dtp_diag *diag)
{
	memset(o, 0, sizeof(*o));
	o->out_dir = DTP_DEFAULT_OUTDIR;
	o->domain = -1;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "H:b:o:d:hV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'H': o->host = optarg; break;
		case 'b': o->board = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'd':
			if (parse_long(optarg, &o->domain))
				return dtp_fail(diag, DTP_EUSAGE, "--domain %s: not a number", optarg);
			break;
		case OPT_NAME: o->name = optarg; break;
		case OPT_CLOCK:
			if (o->n_clocks == DTP_MAX_ARGS)
				return dtp_fail(diag, DTP_EUSAGE, "too many --clock options");
			o->clocks[o->n_clocks++] = optarg;
			break;
		case OPT_DTB_DIR: o->dtb_dir = optarg; break;
		case OPT_NO_DTS: o->no_dts = 1; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_FORCE_NO_IOMMU: o->force_no_iommu = 1; break;
		case OPT_DOM0LESS: o->dom0less = 1; break;
		case OPT_KERNEL: o->kernel = optarg; break;
		case OPT_RAMDISK: o->ramdisk = optarg; break;
		case OPT_BOOTARGS: o->bootargs = optarg; break;
		case OPT_VPL011: o->vpl011 = 1; break;
		case OPT_MEMORY:
			if (parse_long(optarg, &o->memory_mib) || o->memory_mib < 16 || o->memory_mib > 3072)
				return dtp_fail(diag, DTP_EUSAGE, "--memory %s: want MiB between 16 and 3072 "
						"(guest RAM bank 0 is 3 GiB)", optarg);
			break;
		case OPT_CPUS:
			if (parse_long(optarg, &o->cpus) || o->cpus < 1 || o->cpus > 128)
				return dtp_fail(diag, DTP_EUSAGE, "--cpus %s: want 1..128", optarg);
			break;
		case OPT_LOAD_BASE: {
			char *end;
			errno = 0;
			o->load_base = strtoull(optarg, &end, 0);
			if (errno || *end || o->load_base == 0 || (o->load_base & 0xfff))
				return dtp_fail(diag, DTP_EUSAGE, "--load-base %s: want a page-aligned address", optarg);
			break;
		}
		case OPT_SID: {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 0);
			if (errno || *end || end == optarg || v > 0x7fff || o->n_sids == 8)
				return dtp_fail(diag, DTP_EUSAGE, "--sid %s: want a stream ID up to 0x7fff "
						"(at most 8)", optarg);
			o->sids[o->n_sids++] = (uint32_t)v;
			break;
		}
		case 'h': o->help = 1; break;
		case 'V':
			printf("dtpart %s\n", DTPART_VERSION);
			exit(0);
		default:
			return dtp_fail(diag, DTP_EUSAGE, "unknown or incomplete option '%s' (see dtpart --help)",
					argv[optind - 1]);
		}
	}
	if (o->host && o->board)
		return dtp_fail(diag, DTP_EUSAGE, "--host and --board exclude each other");
	if (!o->out_dir[0])
		return dtp_fail(diag, DTP_EUSAGE, "--output needs a directory");
	if (optind < argc)
		o->command = argv[optind++];
	o->args = argv + optind;
	o->n_args = argc - optind;
	return 0;
}

struct command {
	const char *name;
	int (*run)(struct dtp_session *, struct dtp_diag *);
	const char *usage;
};

static const struct command commands[] = {
	{ "list", cmd_list, usage_list },
	{ "show", cmd_show, usage_show },
	{ "passthrough", cmd_passthrough, usage_passthrough },
	{ "release", cmd_release, usage_release },
	{ "smmu", cmd_smmu, usage_smmu },
	{ "check", cmd_check, usage_check },
};

int main(int argc, char **argv)
{
	struct dtp_options opt;
	struct dtp_diag diag = { .msg = "" };
	int rc = parse_options(argc, argv, &opt, &diag);
	if (rc) {
		fprintf(stderr, "dtpart: error: %s\n", diag.msg);
		return dtp_exit_code(rc);
	}
	if (!opt.command) {
		fputs(usage_main, opt.help ? stdout : stderr);
		return opt.help ? 0 : dtp_exit_code(-DTP_EUSAGE);
	}
	const struct command *cmd = NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, opt.command) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "dtpart: error: unknown command '%s' (commands: list, show, passthrough, "
			"release, smmu, check)\n", opt.command);
		return dtp_exit_code(-DTP_EUSAGE);
	}
	if (opt.help) {
		fputs(cmd->usage, stdout);
		if (cmd->run == cmd_passthrough)
			fputs(usage_dom0less, stdout);
		return 0;
	}
	struct dtp_session s;
	rc = session_open(&s, &opt, &diag);
	if (!rc)
		rc = cmd->run(&s, &diag);
	session_close(&s);
	if (rc) {
		fprintf(stderr, "dtpart: error: %s\n", diag.msg[0] ? diag.msg : dtp_strerror(rc));
		return dtp_exit_code(rc);
	}
	return 0;
}
