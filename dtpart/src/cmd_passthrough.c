/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart passthrough DEVICE... --domain N` and `dtpart release DEVICE...`:
 * change the plan, regenerate every output from host tree + plan, commit
 * them as one set. Nothing is written when any step fails. */
#include "bootscript.h"
#include "check.h"
#include "commands.h"
#include "dom0less.h"
#include "generate.h"
#include "hostboot.h"
#include "imagebuilder.h"
#include "guestmac.h"
#include "lookup.h"
#include "outputs.h"
#include "policy.h"
#include "report.h"
#include "resolve.h"
#include "spawn.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void set_str(char **dst, const char *src)
{
	char *n = dtp_xstrdup(src);
	free(*dst);
	*dst = n;
}

/* dir as an absolute path, without "./" steps or a trailing '/'. */
static int absolute_dir(const char *dir, char *buf, size_t len)
{
	char cwd[4096];
	if (dir[0] != '/' && !getcwd(cwd, sizeof(cwd)))
		return -1;
	while (dir[0] == '.' && dir[1] == '/')
		for (dir += 2; *dir == '/'; dir++)
			;
	int n = dir[0] == '/' ? snprintf(buf, len, "%s", dir)
		: strcmp(dir, ".") == 0 || !dir[0] ? snprintf(buf, len, "%s", cwd)
		: snprintf(buf, len, "%s/%s", cwd, dir);
	if (n < 0 || n >= (int)len)
		return -1;
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return 0;
}

/* --dtb-dir names a directory on the target: xl opens device_tree from its
 * own working directory, so a relative one would depend on where xl runs.
 * "auto" drops it: device_tree follows the output directory again. */
static int set_dtb_dir(struct dtp_plan *plan, const char *dir, struct dtp_diag *diag)
{
	if (!dir)
		return 0;
	if (strcmp(dir, "auto") == 0) {
		free(plan->dtb_dir);
		plan->dtb_dir = NULL;
		return 0;
	}
	if (dir[0] != '/')
		return dtp_fail(diag, DTP_EUSAGE, "--dtb-dir %s: want the absolute directory that holds "
				"domN.dtb on the target (xl opens device_tree relative to where xl runs), or "
				"auto for the output directory's own path", dir);
	set_str(&plan->dtb_dir, dir);
	return 0;
}

/* A plan's dtb_dir that names another output directory on this machine:
 * most likely the original of a copied directory, kept by a dtpart that
 * stored the output directory's path in every plan. */
static void warn_dtb_dir_elsewhere(const struct dtp_session *s)
{
	if (dtp_plan_dtb_dir_elsewhere(&s->plan, s->opt->out_dir))
		dtp_warn("%s keeps dtb_dir %s, another dtpart output directory on this machine: device_tree "
			 "in the xl snippets names %s/domN.dtb, not %s. A dtpart.json written before dtpart "
			 "stopped storing the output directory's path looks like this; --dtb-dir auto makes "
			 "device_tree follow this directory, --dtb-dir DIR names the target's", s->state_path,
			 s->plan.dtb_dir, s->plan.dtb_dir, s->opt->out_dir);
}

/* Boot parameters of a dom0less domain: options override what the plan
 * holds; file paths are kept absolute so later runs find them. */
static int set_dom0less(struct dtp_plan_domain *dom, const struct dtp_options *o,
			struct dtp_diag *diag)
{
	const char *files[2] = { o->kernel, o->ramdisk };
	char **dst[2] = { &dom->boot.kernel, &dom->boot.ramdisk };
	for (int i = 0; i < 2; i++) {
		if (!files[i])
			continue;
		char *abs = realpath(files[i], NULL);
		if (!abs)
			return dtp_fail(diag, DTP_EIO, "%s %s: %s", i ? "--ramdisk" : "--kernel", files[i],
					strerror(errno));
		free(*dst[i]);
		*dst[i] = abs;
	}
	if (!dom->boot.kernel)
		return dtp_fail(diag, DTP_EUSAGE, "dom0less domain %u needs --kernel FILE (the guest's "
				"kernel image)", dom->id);
	if (o->bootargs)
		set_str(&dom->boot.bootargs, o->bootargs);
	if (o->memory_mib > 0)
		dom->boot.memory_kib = (uint64_t)o->memory_mib * 1024;
	else if (!dom->boot.memory_kib)
		dom->boot.memory_kib = 256 * 1024;
	if (o->cpus > 0)
		dom->boot.cpus = (uint32_t)o->cpus;
	else if (!dom->boot.cpus)
		dom->boot.cpus = 1;
	if (o->vpl011)
		dom->boot.vpl011 = 1;
	if (o->direct_map)
		dom->boot.direct_map = 1;
	if (o->static_mem_size) {
		dom->boot.static_mem_addr = o->static_mem_addr;
		dom->boot.static_mem_size = o->static_mem_size;
	}
	/* Xen wants memory to be the banks' total (allocate_static_memory). */
	if (dom->boot.static_mem_size && o->memory_mib > 0 &&
	    dom->boot.static_mem_size != (uint64_t)o->memory_mib << 20)
		return dtp_fail(diag, DTP_EUSAGE, "--memory %ld and --static-mem SIZE 0x%llx differ: Xen needs "
				"the domain's memory to be its static banks' total", o->memory_mib,
				(unsigned long long)dom->boot.static_mem_size);
	if (dom->boot.static_mem_size)
		dom->boot.memory_kib = dom->boot.static_mem_size >> 10;
	if (dom->boot.direct_map && o->xen_config) {
		int has = dtp_dom0less_xen_static_memory(o->xen_config, diag);
		if (has < 0)
			return has;
		if (!has)
			return dtp_fail(diag, DTP_EREFUSED, "--direct-map: the Xen build of %s lacks "
					"CONFIG_STATIC_MEMORY=y, which direct-map needs (Xen would panic \"direct-map "
					"is not valid for domain domU%u without static allocation\"); build Xen with "
					"CONFIG_UNSUPPORTED=y and CONFIG_STATIC_MEMORY=y (Debian's builds lack it), "
					"or give the DMA master through an SMMU", o->xen_config, dom->id);
	}
	return 0;
}

/* The plan names the board only when the host tree is the board's own:
 * a tree given with --host (in this run or kept from an earlier one) stays
 * the plan's tree even when board data matches its compatible. */
/* Whether the plan keeps the board's name: its own tree (-b, or the
 * plan's board), or its data borrowed for another tree (-H TREE -b BOARD).
 * A tree whose board was only recognised by its compatible keeps none. */
static int records_board(const struct dtp_session *s)
{
	return s->board.name && (!s->opt->host || s->opt->board);
}

/* Resolves a DEVICE argument to its model, with every refusal that depends
 * on the device alone. */
static int resolve_arg(struct dtp_session *s, const char *arg, struct dtp_device *dev,
		       struct dtp_diag *diag)
{
	int node = dtp_lookup_device(&s->host, arg, diag);
	if (node < 0)
		return node;
	return dtp_resolve_node(&s->host, node, dev, diag);
}

static int parse_clock_arg(const char *arg, char *name, size_t len, uint64_t *rate,
			   struct dtp_diag *diag)
{
	const char *eq = strchr(arg, '=');
	char *end;
	if (!eq || eq == arg || (size_t)(eq - arg) >= len)
		return dtp_fail(diag, DTP_EUSAGE, "--clock %s: want NAME=HZ, e.g. --clock tx_clk=125000000", arg);
	errno = 0;
	unsigned long long v = strtoull(eq + 1, &end, 10);
	if (errno || end == eq + 1 || *end || v == 0 || v > 0xffffffffULL)
		return dtp_fail(diag, DTP_EUSAGE, "--clock %s: HZ must be a decimal rate between 1 and "
				"4294967295", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	*rate = v;
	return 0;
}

/* --guest-addr DEVICE=ADDR and --mac DEVICE=MAC: DEVICE is one of domain
 * dom's devices (given now or in an earlier run); VALUE "auto" returns to
 * dtpart's choice. Kept in the plan. */
static int set_device_choice(struct dtp_session *s, struct dtp_plan_domain *dom, const char *opt,
			     const char *arg, struct dtp_diag *diag)
{
	const char *eq = strrchr(arg, '=');
	int is_mac = strcmp(opt, "--mac") == 0;
	const char *want = is_mac ? "DEVICE=MAC, e.g. --mac eth0=02:00:00:12:34:56"
				  : "DEVICE=ADDR, e.g. --guest-addr serial1=0x5000000";
	char name[256];
	if (!eq || eq == arg || !eq[1] || (size_t)(eq - arg) >= sizeof(name))
		return dtp_fail(diag, DTP_EUSAGE, "%s %s: want %s", opt, arg, want);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	const char *value = eq + 1;
	int node = dtp_lookup_device(&s->host, name, diag);
	if (node < 0)
		return node;
	struct dtp_plan_device *pd = NULL;
	struct dtp_plan_domain *owner = dtp_plan_owner(&s->plan, dtp_node_path(s->host.ix, node), &pd);
	if (owner != dom)
		return dtp_fail(diag, DTP_EUSAGE, "%s %s: %s is not a device of domain %u; give it to "
				"the domain in the same run (dtpart passthrough %s --domain %u %s ...)", opt, arg,
				dtp_node_path(s->host.ix, node), dom->id, name, dom->id, opt);
	int automatic = strcmp(value, "auto") == 0;
	if (is_mac) {
		int r = automatic ? 0 : dtp_mac_parse(value, NULL);
		if (r)
			return dtp_fail(diag, DTP_EUSAGE, "--mac %s: %s is %s; want six hex bytes "
					"xx:xx:xx:xx:xx:xx of a unicast address (a locally administered "
					"one has 02 in its first byte), or auto", arg, value,
					r == -2 ? "a multicast address" : r == -3 ? "all zeros" : "not a MAC address");
		char *n = automatic ? NULL : dtp_xstrdup(value);
		free(pd->mac);
		pd->mac = n;
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = automatic ? 0 : strtoull(value, &end, 0);
	if (!automatic && (errno || *end || v == 0 || value[0] == '-'))
		return dtp_fail(diag, DTP_EUSAGE, "--guest-addr %s: %s is not an address; want a "
				"non-zero address such as 0x5000000, or auto", arg, value);
	pd->guest_addr = v;
	return 0;
}

/* Dom0less modules must sit at the addresses written in /chosen. */
static void print_load_instructions(const struct dtp_session *s, const struct dtp_gen_result *res)
{
	if (res->n_dom0)
		printf("\ndom0: load before starting Xen (with %s/xen.dtb):\n", s->opt->out_dir);
	for (int m = 0; m < res->n_dom0; m++) {
		const struct dtp_dom0less_module *mod = &res->dom0[m];
		printf("  %-22s 0x%llx size 0x%llx  %s\n", mod->compatible, (unsigned long long)mod->addr,
		       (unsigned long long)mod->size, mod->file);
		printf("    qemu:   -device loader,file=%s,addr=0x%llx,force-raw=on\n", mod->file,
		       (unsigned long long)mod->addr);
	}
	for (int i = 0; i < res->n_dom0less; i++) {
		const struct dtp_dom0less_domain *d = &res->dom0less[i];
		printf("\ndom0less domain %u (%s): load before starting Xen (with %s/xen.dtb):\n",
		       d->plan->id, d->plan->name ? d->plan->name : "", s->opt->out_dir);
		for (int m = 0; m < d->n_modules; m++) {
			const struct dtp_dom0less_module *mod = &d->modules[m];
			char file[4096];
			if (mod->file)
				snprintf(file, sizeof(file), "%s", mod->file);
			else
				snprintf(file, sizeof(file), "%s/dom%u.dtb", s->opt->out_dir, d->plan->id);
			if (m == 0 && d->plan->boot.direct_map)
				printf("  direct-map: the guest's %llu MiB of RAM at machine 0x%llx-0x%llx (xen,static-mem),\n"
				       "    so DMA masters without an SMMU see the guest's addresses; Xen must be built with\n"
				       "    CONFIG_STATIC_MEMORY=y (Debian's builds lack it%s)\n",
				       (unsigned long long)(d->bank_size >> 20), (unsigned long long)d->bank_addr,
				       (unsigned long long)(d->bank_addr + d->bank_size - 1),
				       s->opt->xen_config ? "; --xen-config says this one has it"
							  : "; --xen-config FILE checks a build");
			printf("  %-22s 0x%llx size 0x%llx  %s\n", mod->compatible,
			       (unsigned long long)mod->addr, (unsigned long long)mod->size, file);
			printf("    qemu:   -device loader,file=%s,addr=0x%llx,force-raw=on\n", file,
			       (unsigned long long)mod->addr);
			printf("    u-boot: load ${devtype} ${devnum}:${distro_bootpart} 0x%llx %s\n",
			       (unsigned long long)mod->addr, file);
		}
	}
}

static const struct dtp_out_file *out_find(const struct dtp_out_set *set, const char *name)
{
	for (int i = 0; i < set->n; i++)
		if (strcmp(set->files[i].name, name) == 0 && set->files[i].data)
			return &set->files[i];
	return NULL;
}

/* The same replay as `dtpart check`, before anything is written: on the host
 * model patched to read as the rewritten tree, and on the partial trees and
 * snippets still in memory. Nothing that fails it reaches the disk. */
static int check_planned(const struct dtp_session *s, const struct dtp_out_set *set,
			 const struct dtp_gen_result *res, struct dtp_diag *diag)
{
	struct dtp_check_report rep = { 0 };
	int n = 0, max = s->plan.n_domains + 1;
	struct dtp_check_domain_input *in = dtp_xcalloc((size_t)max, sizeof(*in));
	struct dtp_check_boot_facts *boot = dtp_xcalloc((size_t)max, sizeof(*boot));
	char (*names)[2][32] = dtp_xcalloc((size_t)max, sizeof(*names));
	for (int i = 0; i < s->plan.n_domains; i++, n++) {
		const struct dtp_plan_domain *d = &s->plan.domains[i];
		in[n].id = d->id;
		in[n].dom0less = d->mode == DTP_MODE_DOM0LESS;
		snprintf(names[n][0], sizeof(names[n][0]), "dom%u.dtb", d->id);
		snprintf(names[n][1], sizeof(names[n][1]), "dom%u.cfg", d->id);
		const struct dtp_out_file *p = out_find(set, names[n][0]), *c = out_find(set, names[n][1]);
		in[n].partial_name = names[n][0];
		in[n].partial = p ? p->data : NULL;
		in[n].partial_len = p ? p->len : 0;
		if (!in[n].dom0less && c) {
			in[n].cfg_name = names[n][1];
			in[n].cfg_text = c->data;
			in[n].cfg_len = c->len;
		}
		/* /chosen/domUN is not in the patched model: its facts come from
		 * the plan it is written from (dtp_dom0less_emit). */
		for (int k = 0; in[n].dom0less && k < res->n_dom0less; k++)
			if (res->dom0less[k].plan->id == d->id) {
				const struct dtp_dom0less_domain *dd = &res->dom0less[k];
				boot[n].ram_bytes = dd->plan->boot.memory_kib * 1024;
				boot[n].vpl011 = dd->plan->boot.vpl011;
				boot[n].vcpus = dd->plan->boot.cpus ? dd->plan->boot.cpus : 1;
				boot[n].bootargs_len = dd->plan->boot.bootargs ? (uint32_t)strlen(dd->plan->boot.bootargs) : 0;
				boot[n].direct_map = dd->plan->boot.direct_map;
				boot[n].bank_addr = dd->bank_addr;
				boot[n].bank_size = dd->bank_size;
				for (int m = 0; m < dd->n_modules; m++) {
					if (m < 3) {
						boot[n].modules[m][0] = dd->modules[m].addr;
						boot[n].modules[m][1] = dd->modules[m].size;
						boot[n].n_modules++;
					}
					if (!strcmp(dd->modules[m].compatible, "multiboot,kernel"))
						boot[n].kernel_size = dd->modules[m].size;
					else if (!strcmp(dd->modules[m].compatible, "multiboot,ramdisk"))
						boot[n].has_ramdisk = dd->modules[m].size != 0;
				}
				in[n].boot = &boot[n];
			}
	}
	struct dtp_check_target target = { .gic_lines = s->board.gic_lines, .xen_version = dtp_session_xen(s) };
	int rc = dtp_check_run_host(&s->host, &target, in, n, &rep, diag);
	if (!rc && rep.res.errors) {
		dtp_check_print(&rep, s->opt->json);
		rc = dtp_fail(diag, DTP_ECHECK, "the set-up fails %d check(s) (above): nothing was written",
			      rep.res.errors);
	}
	dtp_check_report_free(&rep);
	free(in);
	free(boot);
	free(names);
	return rc;
}

/* What a run wrote and changed, for --json: the SMMU changes, every file
 * and what happened to it, the dom0less load addresses. */
static void summarise(const struct dtp_session *s, const struct dtp_out_set *out,
		      const struct dtp_gen_result *res, json_t *summary)
{
	json_t *notes = json_array(), *files = json_array(), *d0l = json_array();
	for (int i = 0; i < res->smmu.n_notes; i++)
		json_array_append_new(notes, json_string(res->smmu.notes[i]));
	for (int i = 0; i < out->n; i++) {
		const struct dtp_out_file *f = &out->files[i];
		if (!dtp_out_file_kept(f) && !f->changed)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", s->opt->out_dir, f->name);
		json_array_append_new(files, json_pack("{s:s, s:s}", "path", path, "action",
						       !f->changed ? "unchanged" : dtp_out_file_kept(f) ? "wrote" : "removed"));
	}
	for (int i = 0; i < res->n_dom0less; i++) {
		const struct dtp_dom0less_domain *d = &res->dom0less[i];
		json_t *mods = json_array();
		for (int m = 0; m < d->n_modules; m++) {
			const struct dtp_dom0less_module *mod = &d->modules[m];
			char file[4096], addr[32], size[32];
			if (mod->file)
				snprintf(file, sizeof(file), "%s", mod->file);
			else
				snprintf(file, sizeof(file), "%s/dom%u.dtb", s->opt->out_dir, d->plan->id);
			snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)mod->addr);
			snprintf(size, sizeof(size), "0x%llx", (unsigned long long)mod->size);
			json_array_append_new(mods, json_pack("{s:s, s:s, s:s, s:s}", "compatible", mod->compatible,
							      "address", addr, "size", size, "file", file));
		}
		json_t *dom = json_pack("{s:I, s:s?, s:o}", "domain", (json_int_t)d->plan->id,
					"name", d->plan->name, "modules", mods);
		/* What the text's "direct-map:" note says. */
		if (d->plan->boot.direct_map) {
			char addr[32], size[32];
			snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)d->bank_addr);
			snprintf(size, sizeof(size), "0x%llx", (unsigned long long)d->bank_size);
			json_object_set_new(dom, "static_mem", json_pack("{s:s, s:s, s:s, s:s, s:o}",
				"address", addr, "size", size,
				"source", d->plan->boot.static_mem_size ? "option" : "free host RAM",
				"xen_needs", "CONFIG_STATIC_MEMORY=y",
				"xen_config_checked", s->opt->xen_config ? json_string(s->opt->xen_config) : json_null()));
		}
		json_array_append_new(d0l, dom);
	}
	json_object_set_new(summary, "smmu_changes", notes);
	json_object_set_new(summary, "files", files);
	json_object_set_new(summary, "dom0less", d0l);
}

/* Every clock rate the partial trees give the plan's devices and where it
 * came from, for --json: what the text lists as "clock rates assumed", and
 * the rest. Made while the host tree is loaded (clock names point into it). */
static json_t *summarise_clocks(const struct dtp_resolved *r, const struct dtp_board *board)
{
	json_t *devs = json_array();
	for (int k = 0; k < r->n; k++) {
		const struct dtp_resolved_device *rd = &r->devs[k];
		json_t *clocks = json_array();
		for (int i = 0; rd->clock_sources && i < rd->dev.n_clocks; i++)
			json_array_append_new(clocks, dtp_report_clock(rd->dev.clocks[i].name, rd->clock_rates[i],
								       rd->clock_sources[i], board));
		json_array_append_new(devs, json_pack("{s:s, s:I, s:o}", "path", rd->path, "domain",
						      (json_int_t)rd->domain, "clocks", clocks));
	}
	return devs;
}

/* `dtpart host`'s part of --json: dom0's modules and the boot script's
 * loads (paths relative to the boot directory). Absent without it. */
static void summarise_boot(const struct dtp_gen_result *res, const struct dtp_boot_script *bs, json_t *summary)
{
	char addr[32], size[32];
	if (res->n_dom0) {
		json_t *mods = json_array();
		for (int m = 0; m < res->n_dom0; m++) {
			snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)res->dom0[m].addr);
			snprintf(size, sizeof(size), "0x%llx", (unsigned long long)res->dom0[m].size);
			json_array_append_new(mods, json_pack("{s:s, s:s, s:s, s:s}", "compatible",
							      res->dom0[m].compatible, "address", addr, "size", size,
							      "file", res->dom0[m].file));
		}
		json_object_set_new(summary, "dom0", mods);
	}
	if (!bs->n)
		return;
	json_t *loads = json_array();
	for (int i = 0; i < bs->n; i++) {
		snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)bs->items[i].addr);
		snprintf(size, sizeof(size), "0x%llx", (unsigned long long)bs->items[i].size);
		json_array_append_new(loads, json_pack("{s:s, s:s, s:s, s:s}", "what", bs->items[i].what,
						       "address", addr, "size", size, "file", bs->items[i].rel));
	}
	json_object_set_new(summary, "boot_script", loads);
}

/* boot.scr from boot.cmd through mkimage (u-boot-tools), when installed;
 * SOURCE_DATE_EPOCH=0 keeps its header the same on every run. 1 when
 * mkimage is missing. */
static int make_boot_scr(const char *text, char **scr, size_t *scr_len, struct dtp_diag *diag)
{
	char dir[] = "/tmp/dtpart-bootscr-XXXXXX", cmd[64], out[64];
	if (!mkdtemp(dir))
		return dtp_fail(diag, DTP_EWRITE, "cannot make a temporary directory for mkimage: %s",
				strerror(errno));
	snprintf(cmd, sizeof(cmd), "%s/boot.cmd", dir);
	snprintf(out, sizeof(out), "%s/boot.scr", dir);
	FILE *f = fopen(cmd, "w");
	int rc = !f || fputs(text, f) < 0;
	if (f && fclose(f))
		rc = 1;
	struct dtp_spawn_result r = { 0 };
	/* Writable copies: spawn takes char *const argv[]. */
	const char *argv[] = { "env", "SOURCE_DATE_EPOCH=0", "mkimage", "-A", "arm64", "-T", "script",
			       "-C", "none", "-n", "dtpart boot script", "-d", cmd, out, NULL };
	if (rc)
		rc = dtp_fail(diag, DTP_EWRITE, "%s: cannot write it for mkimage", cmd);
	else if (dtp_spawn_capture(argv, NULL, 0, &r) || r.status == 127)
		rc = 1;
	else if (r.status)
		rc = dtp_fail(diag, DTP_EWRITE, "mkimage failed (exit %d): %s", r.status, r.err ? r.err : "");
	else
		rc = dtp_read_whole_file(out, scr, scr_len, diag);
	dtp_spawn_result_free(&r);
	unlink(cmd);
	unlink(out);
	rmdir(dir);
	return rc;
}

/* boot.cmd (and boot.scr) when `dtpart host` was given Xen's image. */
static int boot_script(const struct dtp_session *s, struct dtp_out_set *out, const struct dtp_gen_result *res,
		       const struct dtp_ram *ram, int n_ram, struct dtp_boot_script *bs, struct dtp_diag *diag)
{
	char abs_out[4096];
	const struct dtp_out_file *dtb = out_find(out, "xen.dtb");
	if (!dtb)
		return 0;
	if (absolute_dir(s->opt->out_dir, abs_out, sizeof(abs_out)))
		return dtp_fail(diag, DTP_EUSAGE, "%s: cannot make the output path absolute", s->opt->out_dir);
	int rc = dtp_boot_script_build(&s->plan, abs_out, dtb->len, res->dom0, res->n_dom0, res->dom0less,
				       res->n_dom0less, ram, n_ram, bs, diag);
	if (rc)
		return rc;
	char *text = dtp_xstrdup(bs->text), *scr = NULL;
	size_t scr_len = 0;
	rc = dtp_outset_put(out, "boot.cmd", text, strlen(text));
	if (rc)
		return rc;
	rc = make_boot_scr(bs->text, &scr, &scr_len, diag);
	if (rc == 1) {
		dtp_warn("mkimage is not installed (Debian: u-boot-tools): boot.cmd written, no boot.scr; "
			 "mkimage -A arm64 -T script -C none -d boot.cmd boot.scr makes it");
		return dtp_outset_remove(out, "boot.scr");
	}
	if (!rc)
		rc = dtp_outset_put(out, "boot.scr", scr, scr_len);
	if (!rc && s->plan.host_boot.imagebuilder && res->hostboot) {
		/* dtp_outset_put moves the set's entries: look xen.dtb up again. */
		struct dtp_imagebuilder ib;
		dtb = out_find(out, "xen.dtb");
		rc = dtp_imagebuilder_build(&s->plan, abs_out, dtb->data, dtb->len, res->hostboot, res->dom0less,
					    res->n_dom0less, ram, n_ram, &ib, diag);
		if (!rc)
			rc = dtp_outset_put(out, "imagebuilder.cfg", ib.cfg, strlen(ib.cfg));
		if (!rc)
			rc = dtp_outset_put(out, "imagebuilder.dtb", ib.dtb, ib.dtb_len);
	}
	return rc;
}

static void print_boot_script(const struct dtp_session *s, const struct dtp_boot_script *bs)
{
	const struct dtp_host_boot *hb = &s->plan.host_boot;
	printf("\nboot: %s/boot.cmd loads, relative to %s:\n", s->opt->out_dir,
	       hb->boot_dir ? hb->boot_dir : s->opt->out_dir);
	for (int i = 0; i < bs->n; i++)
		printf("  %-22s 0x%llx size 0x%llx  %s\n", bs->items[i].what, (unsigned long long)bs->items[i].addr,
		       (unsigned long long)bs->items[i].size, bs->items[i].rel);
	printf("  qemu (from that directory): -kernel %s -dtb %s", bs->items[bs->n - 1].rel,
	       bs->items[bs->n - 2].rel);
	for (int i = 0; i < bs->n - 2; i++)
		printf(" \\\n    -device loader,file=%s,addr=0x%llx,force-raw=on", bs->items[i].rel,
		       (unsigned long long)bs->items[i].addr);
	printf("\n");
}

/* What a command changed besides the plan, for commit. */
struct change {
	const unsigned *gone;       /* domains left without devices */
	int n_gone;
	const int *released;        /* host nodes given back to dom0 */
	int n_released;
	struct dtp_device *given;   /* the DEVICE arguments, built once: the resolved set takes them */
	int n_given;
};

/* summary: NULL for text output, else the --json object to fill. */
static int commit(struct dtp_session *s, const struct change *ch, json_t *summary, struct dtp_diag *diag)
{
	char local_dir[4096];
	/* --load-base given to host stays for every run; this run's overrides. */
	struct dtp_gen_options gopt = { !s->opt->no_dts, "xen.dtb",
				    s->opt->load_base ? s->opt->load_base : s->plan.host_boot.load_base, NULL };
	struct dtp_out_set out = { 0 };
	struct dtp_gen_result res = { 0 };
	struct dtp_resolved resolved;
	if (!s->plan.dtb_dir) {
		if (absolute_dir(s->opt->out_dir, local_dir, sizeof(local_dir)))
			return dtp_fail(diag, DTP_EUSAGE, "%s: cannot make the output path absolute for "
					"device_tree; give --dtb-dir DIR (where domN.dtb lives on the target)",
					s->opt->out_dir);
		gopt.local_dtb_dir = local_dir;
	}
	warn_dtb_dir_elsewhere(s);
	if (s->plan.host_source && strcmp(s->plan.host_source, s->host_path) != 0 && s->plan.n_domains)
		dtp_warn("the plan in %s was made from %s; applying it to %s", s->state_path,
			 s->plan.host_source, s->host_path);
	dtp_plan_normalise(&s->plan);
	int rc = dtp_resolve_plan_given(&s->host, &s->board, &s->plan, ch->given, ch->n_given, &resolved, diag);
	if (!rc)
		rc = dtp_generate_outputs(&s->host, &s->plan, &resolved, ch->gone, ch->n_gone, ch->released,
				      ch->n_released, &gopt, &out, &res, diag);
	char *assumed = rc ? NULL : dtp_resolved_assumed_rates(&resolved, &s->board);
	if (!rc && summary)
		json_object_set_new(summary, "clock_rates", summarise_clocks(&resolved, &s->board));
	/* The input's device list is done with: the check builds the patched
	 * one, so peak memory holds one list, not two. */
	dtp_devlist_free(&s->devices);
	if (!rc)
		rc = dtp_generate_host_patch(&s->host, &res, diag);
	/* With .dts copies, the rewritten tree before the checks, in a buffer
	 * of its own, so that its .dts is made and written on a second thread
	 * while they run; a failed rewrite is reported after the checks, as
	 * when it came later. Without, the input's buffer after them. */
	int early = gopt.write_dts;
	struct dtp_diag tree_diag = { .msg = "" };
	int tree_rc = rc || !early ? 0 : dtp_generate_host_tree(&s->host, &s->blob, 1, &res, &gopt, &out, &tree_diag);
	if (!rc && early && !tree_rc)
		dtp_outputs_begin(s->opt->out_dir, &out);
	if (!rc)
		rc = check_planned(s, &out, &res, diag);
	if (!rc && tree_rc) {
		*diag = tree_diag;
		rc = tree_rc;
	}
	struct dtp_ram *ram;
	struct dtp_boot_script bs = { 0 };
	int n_ram = dtp_boot_ram(s->host.ix, &ram);
	if (!rc && !early)
		rc = dtp_generate_host_tree(&s->host, &s->blob, 0, &res, &gopt, &out, diag);
	if (!rc && dtp_host_boot_asked(&s->plan.host_boot) && s->plan.host_boot.xen_image)
		rc = boot_script(s, &out, &res, ram, n_ram, &bs, diag);
	free(ram);
	dtp_host_free(&s->host);
	dtp_blob_free(&s->blob);
	if (!rc)
		rc = dtp_outputs_commit(s->opt->out_dir, &out, diag);
	else
		dtp_outputs_abandon(&out);
	int unchanged = 0;
	if (!rc && summary) {
		summarise(s, &out, &res, summary);
		summarise_boot(&res, &bs, summary);
	}
	for (int i = 0; !rc && !summary && i < res.smmu.n_notes; i++)
		printf("smmu: %s\n", res.smmu.notes[i]);
	for (int i = 0; !rc && i < s->plan.n_domains; i++) {
		const struct dtp_plan_domain *d = &s->plan.domains[i];
		unsigned domid = dtp_boot_domid(&s->plan, d->id);
		if (domid == d->id)
			continue;
		if (d->mode == DTP_MODE_DOM0LESS)
			dtp_warn("domain %u boots as domid %u: Xen numbers the dom0less domains 1..%d in "
				 "/chosen order; number them 1..N (--domain) to match", d->id, domid,
				 dtp_dom0less_count(&s->plan));
		else
			dtp_warn("xl domain %u shares its number with a dom0less domain (domids 1..%d); "
				 "the checks call it domain %u (xl gives it the next free ID when it "
				 "creates it)", d->id, dtp_dom0less_count(&s->plan), domid);
	}
	for (int i = 0; !rc && !summary && i < out.n; i++) {
		if (out.files[i].changed)
			printf("%s %s/%s\n", dtp_out_file_kept(&out.files[i]) ? "wrote  " : "removed", s->opt->out_dir,
			       out.files[i].name);
		else
			unchanged += dtp_out_file_kept(&out.files[i]);
	}
	if (!rc && unchanged)
		printf("%d output%s in %s unchanged\n", unchanged, unchanged > 1 ? "s" : "", s->opt->out_dir);
	if (!rc && !summary)
		printf("%s", assumed);
	free(assumed);
	if (!rc && !summary && bs.n)
		print_boot_script(s, &bs);
	else if (!rc && !summary)
		print_load_instructions(s, &res);
	if (!rc && res.local_device_trees)
		dtp_warn("device_tree in the xl snippet%s is %s/domN.dtb, the output directory on this "
			 "machine (no --dtb-dir given): xl on the target opens exactly that path. If the "
			 ".dtb files live elsewhere there, or this directory moves, run once with "
			 "--dtb-dir DIR naming their directory on the target (dtpart.json keeps it)",
			 res.local_device_trees > 1 ? "s" : "", local_dir);
	dtp_boot_script_free(&bs);
	dtp_gen_result_free(&res);
	dtp_resolved_free(&resolved);
	dtp_outset_free(&out);
	return rc;
}

/* The domain's xl snippet as written: printed, or into the --json summary. */
static void print_snippet(const struct dtp_session *s, unsigned domain, json_t *summary)
{
	char path[4096], *text;
	size_t len;
	struct dtp_diag ignored;
	snprintf(path, sizeof(path), "%s/dom%u.cfg", s->opt->out_dir, domain);
	if (dtp_read_whole_file(path, &text, &len, &ignored))
		return;
	if (summary)
		json_object_set_new(summary, "xl_snippet", json_pack("{s:s, s:s%}", "path", path, "text", text, len));
	else
		printf("\n--- %s ---\n%.*s", path, (int)len, text);
	free(text);
}

/* --json: {"command", "devices": [{"name", "path"}], ...} filled as the run goes. */
static json_t *summary_start(const struct dtp_session *s, const char *command)
{
	if (!s->opt->json)
		return NULL;
	return json_pack("{s:s, s:s, s:[]}", "command", command, "output_dir", s->opt->out_dir, "devices");
}

static void summary_device(json_t *summary, const char *name, const char *path)
{
	if (summary)
		json_array_append_new(json_object_get(summary, "devices"),
				      json_pack("{s:s, s:s}", "name", name, "path", path));
}

static int summary_print(json_t *summary, int rc, struct dtp_diag *diag)
{
	if (!summary)
		return rc;
	if (rc) {
		json_decref(summary);
		return rc;
	}
	return dtp_report_json_print(summary, diag);
}

int dtp_cmd_passthrough(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	if (o->n_args == 0)
		return dtp_fail(diag, DTP_EUSAGE, "passthrough needs at least one DEVICE (see `dtpart list`)");
	if (o->domain < 1 || o->domain > 32767)
		return dtp_fail(diag, DTP_EUSAGE, o->domain == 0
				? "--domain 0 is dom0, which owns every device not passed through; use "
				  "`dtpart release DEVICE` to give a device back"
				: "--domain N is required (a guest domain ID, 1..32767)");
	struct dtp_device *devs = dtp_xcalloc((size_t)o->n_args, sizeof(*devs));
	int rc = 0;
	dtp_hostboot_console(&s->host, &s->plan);
	for (int i = 0; i < o->n_args && !rc; i++) {
		rc = resolve_arg(s, o->args[i], &devs[i], diag);
		if (rc)
			break;
		rc = dtp_policy_check_owner(&s->plan, devs[i].path, o->args[i], (unsigned)o->domain, diag);
	}
	struct dtp_plan_domain *dom = NULL;
	if (!rc) {
		dom = dtp_plan_domain(&s->plan, (unsigned)o->domain, 0);
		rc = dtp_policy_check_mode(dom, o->dom0less, s->state_path, diag);
		if (!rc && !dom)
			dom = dtp_plan_domain(&s->plan, (unsigned)o->domain, 1);
	}
	if (!rc)
		rc = set_dtb_dir(&s->plan, o->dtb_dir, diag);
	if (!rc) {
		set_str(&s->plan.host_source, s->host_path);
		if (records_board(s))
			set_str(&s->plan.board, s->board.name);
		if (o->name)
			set_str(&dom->name, o->name);
		else if (!dom->name) {
			/* The board's pattern with its one %u replaced: the pattern
			 * comes from a data file, so it is never a format string. */
			char name[128];
			const char *fmt = s->board.guest_name_format;
			const char *at = fmt ? strstr(fmt, "%u") : NULL;
			if (at && !strchr(at + 2, '%') && memchr(fmt, '%', (size_t)(at - fmt)) == NULL)
				snprintf(name, sizeof(name), "%.*s%u%s", (int)(at - fmt), fmt, (unsigned)o->domain,
					 at + 2);
			else
				snprintf(name, sizeof(name), "guest%u", (unsigned)o->domain);
			set_str(&dom->name, name);
		}
		if (o->dom0less)
			dom->mode = DTP_MODE_DOM0LESS;
		if (o->direct_map && dom->mode != DTP_MODE_DOM0LESS)
			rc = dtp_fail(diag, DTP_EUSAGE, "--direct-map and --static-mem are for dom0less domains "
				      "(add --dom0less): an xl guest's RAM is never 1:1");
		if (!rc && dom->mode == DTP_MODE_DOM0LESS)
			rc = set_dom0less(dom, o, diag);
		for (int i = 0; i < o->n_args; i++) {
			struct dtp_plan_device *pd = dtp_plan_add_device(dom, devs[i].path);
			if (o->force_no_iommu)
				pd->no_iommu = 1;
			if (o->n_sids)
				dtp_plan_set_sids(pd, o->sids, o->n_sids);
		}
		/* An xl domain's RAM is in the user's config: --memory tells
		 * dtpart, which places devices around it. */
		if (!rc && dom->mode == DTP_MODE_XL && o->memory_mib > 0)
			dom->boot.memory_kib = (uint64_t)o->memory_mib * 1024;
	}
	for (int i = 0; i < o->n_guest_addrs && !rc; i++)
		rc = set_device_choice(s, dom, "--guest-addr", o->guest_addrs[i], diag);
	for (int i = 0; i < o->n_macs && !rc; i++)
		rc = set_device_choice(s, dom, "--mac", o->macs[i], diag);
	for (int c = 0; c < o->n_clocks && !rc; c++) {
		char name[128] = "";
		uint64_t rate = 0;
		rc = parse_clock_arg(o->clocks[c], name, sizeof(name), &rate, diag);
		int used = 0;
		for (int i = 0; i < o->n_args && !rc; i++)
			for (int k = 0; k < devs[i].n_clocks; k++) {
				char idx[16];
				snprintf(idx, sizeof(idx), "%d", k);
				const char *cn = devs[i].clocks[k].name ? devs[i].clocks[k].name : idx;
				struct dtp_plan_device *pd;
				if (strcmp(cn, name) || !dtp_plan_owner(&s->plan, devs[i].path, &pd))
					continue;
				dtp_plan_set_clock(pd, name, rate);
				used = 1;
			}
		if (!rc && !used)
			rc = dtp_fail(diag, DTP_EUSAGE, "--clock %s: none of the devices given has a clock "
				      "named '%s' (`dtpart show DEVICE` lists its clocks)", o->clocks[c], name);
	}
	if (!rc && !dtp_host_boot_asked(&s->plan.host_boot) && (dtp_index_chosen(s->host.ix) < 0 ||
		    !dtp_index_prop(s->host.ix, dtp_index_chosen(s->host.ix), "xen,xen-bootargs", NULL)))
		dtp_warn("%s has no /chosen/xen,xen-bootargs: it is not a Xen host tree yet. Xen will "
			 "take its console from stdout-path; `dtpart host --dom0-kernel FILE` writes "
			 "xen,xen-bootargs and the dom0 kernel module (`dtpart host --no-dom0`: "
			 "xen,xen-bootargs for the dom0less domains alone)", s->host_path);
	json_t *summary = summary_start(s, "passthrough");
	if (summary)
		json_object_set_new(summary, "domain", json_integer(o->domain));
	for (int i = 0; !rc && i < o->n_args; i++)
		summary_device(summary, o->args[i], devs[i].path);
	if (!rc)
		rc = commit(s, &(struct change){ .given = devs, .n_given = o->n_args }, summary, diag);
	if (!rc)
		print_snippet(s, (unsigned)o->domain, summary);
	for (int i = 0; i < o->n_args; i++)
		dtp_device_free(&devs[i]);
	free(devs);
	return summary_print(summary, rc, diag);
}

int dtp_cmd_release(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	if (o->n_args == 0)
		return dtp_fail(diag, DTP_EUSAGE, "release needs at least one DEVICE");
	int *released = dtp_xcalloc((size_t)o->n_args, sizeof(int));
	unsigned *gone = dtp_xcalloc((size_t)o->n_args, sizeof(unsigned));
	int n_released = 0, n_gone = 0;
	json_t *summary = summary_start(s, "release");
	int rc = set_dtb_dir(&s->plan, o->dtb_dir, diag);
	for (int i = 0; i < o->n_args && !rc; i++) {
		int node = dtp_lookup_device(&s->host, o->args[i], diag);
		if (node < 0) {
			rc = node;
			break;
		}
		const char *path = dtp_node_path(s->host.ix, node);
		struct dtp_plan_domain *owner = dtp_plan_owner(&s->plan, path, NULL);
		int flagged = dtp_index_prop(s->host.ix, node, "xen,passthrough", NULL) != NULL;
		rc = dtp_policy_check_release(owner != NULL, flagged, path, o->args[i], diag);
		if (rc)
			break;
		if (owner) {
			unsigned id = owner->id;
			dtp_plan_remove_device(&s->plan, path);
			if (!dtp_plan_domain(&s->plan, id, 0)->n_devices)
				gone[n_gone++] = id;
		}
		released[n_released++] = node;
		summary_device(summary, o->args[i], path);
	}
	if (!rc)
		rc = commit(s, &(struct change){ gone, n_gone, released, n_released, NULL, 0 }, summary, diag);
	free(released);
	free(gone);
	return summary_print(summary, rc, diag);
}

/* `dtpart host`: the plan's host_boot from the options (given ones replace
 * what earlier runs kept), then every output regenerated. */
int dtp_cmd_host(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	struct dtp_host_boot *hb = &s->plan.host_boot;
	if (o->n_args)
		return dtp_fail(diag, DTP_EUSAGE, "host takes no DEVICE (`%s`): it writes /chosen for Xen; "
				"see dtpart host --help", o->args[0]);
	/* --no-dom0 and --dom0-kernel choose between the two boots; dom0's
	 * other settings need dom0. */
	const char *dom0_opt = o->dom0_kernel ? "--dom0-kernel" : o->dom0_ramdisk ? "--dom0-ramdisk"
			       : o->dom0_mem ? "--dom0-mem" : o->dom0_bootargs ? "--dom0-bootargs" : NULL;
	if (o->no_dom0 && dom0_opt)
		return dtp_fail(diag, DTP_EUSAGE, "--no-dom0 boots Xen without dom0, so %s has nothing to set; "
				"give --no-dom0 alone, or --dom0-kernel FILE to boot dom0", dom0_opt);
	if (hb->no_dom0 && !o->dom0_kernel && dom0_opt)
		return dtp_fail(diag, DTP_EUSAGE, "%s: the plan in %s boots Xen without dom0 (dtpart host "
				"--no-dom0); give --dom0-kernel FILE with it to boot dom0 again", dom0_opt, s->state_path);
	if (o->no_dom0) {
		char **dom0_only[4] = { &hb->kernel, &hb->ramdisk, &hb->dom0_mem, &hb->dom0_bootargs };
		for (int i = 0; i < 4; i++) {
			free(*dom0_only[i]);
			*dom0_only[i] = NULL;
		}
		hb->no_dom0 = 1;
	}
	if (o->dom0_kernel)
		hb->no_dom0 = 0;
	const char *files[4] = { o->dom0_kernel, o->dom0_ramdisk, o->xen_image, o->boot_dir };
	const char *opts[4] = { "--dom0-kernel", "--dom0-ramdisk", "--xen-image", "--boot-dir" };
	char **dst[4] = { &hb->kernel, &hb->ramdisk, &hb->xen_image, &hb->boot_dir };
	for (int i = 0; i < 4; i++) {
		if (!files[i])
			continue;
		char *abs = realpath(files[i], NULL);
		if (!abs)
			return dtp_fail(diag, DTP_EIO, "%s %s: %s", opts[i], files[i], strerror(errno));
		free(*dst[i]);
		*dst[i] = abs;
	}
	if (o->boot_load)
		set_str(&hb->boot_load, o->boot_load);
	if (o->load_base)
		hb->load_base = o->load_base;
	hb->imagebuilder |= o->imagebuilder;
	if (hb->imagebuilder && !hb->xen_image)
		return dtp_fail(diag, DTP_EUSAGE, "--imagebuilder needs Xen's image (ImageBuilder's XEN): give "
				"--xen-image FILE");
	if (!dtp_host_boot_asked(hb))
		return dtp_fail(diag, DTP_EUSAGE, "host needs --dom0-kernel FILE (dom0's kernel image) or, for "
				"a boot without dom0, --no-dom0 the first time; later runs keep it");
	if (o->dom0_mem)
		set_str(&hb->dom0_mem, o->dom0_mem);
	else if (!hb->dom0_mem && !hb->no_dom0)
		set_str(&hb->dom0_mem, "1024M");
	if (o->xen_bootargs)
		set_str(&hb->xen_bootargs, o->xen_bootargs);
	if (o->dom0_bootargs)
		set_str(&hb->dom0_bootargs, o->dom0_bootargs);
	set_str(&s->plan.host_source, s->host_path);
	if (records_board(s))
		set_str(&s->plan.board, s->board.name);
	int rc = set_dtb_dir(&s->plan, o->dtb_dir, diag);
	if (rc)
		return rc;
	json_t *summary = summary_start(s, "host");
	return summary_print(summary, commit(s, &(struct change){ 0 }, summary, diag), diag);
}
