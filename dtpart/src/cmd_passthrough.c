/* `dtpart passthrough DEVICE... --domain N` and `dtpart release DEVICE...`:
 * change the plan, regenerate every output from host tree + plan, commit
 * them as one set. Nothing is written when any step fails. */
#include "check.h"
#include "commands.h"
#include "dom0less.h"
#include "generate.h"
#include "lookup.h"
#include "outputs.h"
#include "policy.h"
#include "report.h"
#include "resolve.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int set_str(char **dst, const char *src)
{
	char *n = strdup(src);
	if (!n)
		return -1;
	free(*dst);
	*dst = n;
	return 0;
}

static int absolute_dir(const char *dir, char *buf, size_t len)
{
	if (dir[0] == '/')
		return snprintf(buf, len, "%s", dir) < (int)len ? 0 : -1;
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	return snprintf(buf, len, "%s/%s", cwd, dir) < (int)len ? 0 : -1;
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
	if (o->bootargs && set_str(&dom->boot.bootargs, o->bootargs))
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
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
	return 0;
}

/* Resolves a DEVICE argument to its model, with every refusal that depends
 * on the device alone. */
static int resolve_arg(struct dtp_session *s, const char *arg, struct dtp_device *dev,
		       struct dtp_diag *diag)
{
	int node = lookup_device(&s->host, arg, diag);
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

/* Dom0less modules must sit at the addresses written in /chosen. */
static void print_load_instructions(const struct dtp_session *s, const struct gen_result *res)
{
	for (int i = 0; i < res->n_dom0less; i++) {
		const struct dom0less_domain *d = &res->dom0less[i];
		printf("\ndom0less domain %u (%s): load before starting Xen (with %s/xen.dtb):\n",
		       d->plan->id, d->plan->name ? d->plan->name : "", s->opt->out_dir);
		for (int m = 0; m < d->n_modules; m++) {
			const struct dom0less_module *mod = &d->modules[m];
			char file[4096];
			if (mod->file)
				snprintf(file, sizeof(file), "%s", mod->file);
			else
				snprintf(file, sizeof(file), "%s/dom%u.dtb", s->opt->out_dir, d->plan->id);
			printf("  %-22s 0x%llx size 0x%llx  %s\n", mod->compatible,
			       (unsigned long long)mod->addr, (unsigned long long)mod->size, file);
			printf("    qemu:   -device loader,file=%s,addr=0x%llx,force-raw=on\n", file,
			       (unsigned long long)mod->addr);
			printf("    u-boot: load ${devtype} ${devnum}:${distro_bootpart} 0x%llx %s\n",
			       (unsigned long long)mod->addr, file);
		}
	}
}

static const struct out_file *out_find(const struct out_set *set, const char *name)
{
	for (int i = 0; i < set->n; i++)
		if (strcmp(set->files[i].name, name) == 0 && set->files[i].data)
			return &set->files[i];
	return NULL;
}

/* The same replay as `dtpart check`, before anything is written: on the host
 * model patched to read as the rewritten tree, and on the partial trees and
 * snippets still in memory. Nothing that fails it reaches the disk. */
static int check_planned(const struct dtp_session *s, const struct out_set *set,
			 const struct gen_result *res, struct dtp_diag *diag)
{
	struct check_report rep = { 0 };
	int n = 0, max = s->plan.n_domains + 1;
	struct check_domain_input *in = calloc((size_t)max, sizeof(*in));
	struct check_boot_facts *boot = calloc((size_t)max, sizeof(*boot));
	char (*names)[2][32] = calloc((size_t)max, sizeof(*names));
	if (!in || !boot || !names) {
		free(in);
		free(boot);
		free(names);
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
	for (int i = 0; i < s->plan.n_domains; i++, n++) {
		const struct dtp_plan_domain *d = &s->plan.domains[i];
		in[n].id = d->id;
		in[n].dom0less = d->mode == DTP_MODE_DOM0LESS;
		snprintf(names[n][0], sizeof(names[n][0]), "dom%u.dtb", d->id);
		snprintf(names[n][1], sizeof(names[n][1]), "dom%u.cfg", d->id);
		const struct out_file *p = out_find(set, names[n][0]), *c = out_find(set, names[n][1]);
		in[n].partial_name = names[n][0];
		in[n].partial = p ? p->data : NULL;
		in[n].partial_len = p ? p->len : 0;
		if (!in[n].dom0less && c) {
			in[n].cfg_name = names[n][1];
			in[n].cfg_text = c->data;
			in[n].cfg_len = c->len;
		}
		/* /chosen/domUN is not in the patched model: its facts come from
		 * the plan it is written from (dom0less_emit). */
		for (int k = 0; in[n].dom0less && k < res->n_dom0less; k++)
			if (res->dom0less[k].plan->id == d->id) {
				boot[n].ram_bytes = res->dom0less[k].plan->boot.memory_kib * 1024;
				boot[n].vpl011 = res->dom0less[k].plan->boot.vpl011;
				in[n].boot = &boot[n];
			}
	}
	int rc = check_run_host(&s->host, s->board.gic_lines, in, n, &rep, diag);
	if (!rc && rep.res.errors) {
		check_print(&rep, s->opt->json);
		rc = dtp_fail(diag, DTP_ECHECK, "the set-up fails %d check(s) (above): nothing was written",
			      rep.res.errors);
	}
	check_report_free(&rep);
	free(in);
	free(boot);
	free(names);
	return rc;
}

/* What a run wrote and changed, for --json: the SMMU changes, every file
 * and what happened to it, the dom0less load addresses. */
static void summarise(const struct dtp_session *s, const struct out_set *out,
		      const struct gen_result *res, json_t *summary)
{
	json_t *notes = json_array(), *files = json_array(), *d0l = json_array();
	for (int i = 0; i < res->smmu.n_notes; i++)
		json_array_append_new(notes, json_string(res->smmu.notes[i]));
	for (int i = 0; i < out->n; i++) {
		const struct out_file *f = &out->files[i];
		if (!f->data && !f->changed)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", s->opt->out_dir, f->name);
		json_array_append_new(files, json_pack("{s:s, s:s}", "path", path, "action",
						       !f->changed ? "unchanged" : f->data ? "wrote" : "removed"));
	}
	for (int i = 0; i < res->n_dom0less; i++) {
		const struct dom0less_domain *d = &res->dom0less[i];
		json_t *mods = json_array();
		for (int m = 0; m < d->n_modules; m++) {
			const struct dom0less_module *mod = &d->modules[m];
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
		json_array_append_new(d0l, json_pack("{s:I, s:s?, s:o}", "domain", (json_int_t)d->plan->id,
						     "name", d->plan->name, "modules", mods));
	}
	json_object_set_new(summary, "smmu_changes", notes);
	json_object_set_new(summary, "files", files);
	json_object_set_new(summary, "dom0less", d0l);
}

/* summary: NULL for text output, else the --json object to fill. */
static int commit(struct dtp_session *s, const unsigned *gone, int n_gone, const int *released,
		  int n_released, json_t *summary, struct dtp_diag *diag)
{
	struct gen_options gopt = { !s->opt->no_dts, "xen.dtb", s->opt->load_base };
	struct out_set out = { 0 };
	struct gen_result res = { 0 };
	struct dtp_resolved resolved;
	if (s->plan.host_source && strcmp(s->plan.host_source, s->host_path) != 0 && s->plan.n_domains)
		dtp_warn("the plan in %s was made from %s; applying it to %s", s->state_path,
			 s->plan.host_source, s->host_path);
	plan_normalise(&s->plan);
	int rc = dtp_resolve_plan(&s->host, &s->board, &s->plan, &resolved, diag);
	if (!rc)
		rc = generate_outputs(&s->host, &s->plan, &resolved, gone, n_gone, released, n_released,
				      &gopt, &out, &res, diag);
	char *assumed = rc ? NULL : dtp_resolved_assumed_rates(&resolved, &s->board);
	/* The input's device list is done with: the check builds the patched
	 * one, so peak memory holds one list, not two. */
	devlist_free(&s->devices);
	if (!rc)
		rc = generate_host_patch(&s->host, &res, diag);
	if (!rc)
		rc = check_planned(s, &out, &res, diag);
	if (!rc)
		rc = generate_host_tree(&s->host, &s->blob, &res, &gopt, &out, diag);
	host_free(&s->host);
	blob_free(&s->blob);
	if (!rc)
		rc = outputs_commit(s->opt->out_dir, &out, diag);
	int unchanged = 0;
	if (!rc && summary)
		summarise(s, &out, &res, summary);
	for (int i = 0; !rc && !summary && i < res.smmu.n_notes; i++)
		printf("smmu: %s\n", res.smmu.notes[i]);
	for (int i = 0; !rc && !summary && i < out.n; i++) {
		if (out.files[i].changed)
			printf("%s %s/%s\n", out.files[i].data ? "wrote  " : "removed", s->opt->out_dir,
			       out.files[i].name);
		else
			unchanged += out.files[i].data != NULL;
	}
	if (!rc && unchanged)
		printf("%d output%s in %s unchanged\n", unchanged, unchanged > 1 ? "s" : "", s->opt->out_dir);
	if (!rc && !summary)
		printf("%s", assumed);
	free(assumed);
	if (!rc && !summary)
		print_load_instructions(s, &res);
	gen_result_free(&res);
	dtp_resolved_free(&resolved);
	outset_free(&out);
	return rc;
}

/* The domain's xl snippet as written: printed, or into the --json summary. */
static void print_snippet(const struct dtp_session *s, unsigned domain, json_t *summary)
{
	char path[4096], *text;
	size_t len;
	struct dtp_diag ignored;
	snprintf(path, sizeof(path), "%s/dom%u.cfg", s->opt->out_dir, domain);
	if (read_whole_file(path, &text, &len, &ignored))
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
	return report_json_print(summary, diag);
}

int cmd_passthrough(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	if (o->n_args == 0)
		return dtp_fail(diag, DTP_EUSAGE, "passthrough needs at least one DEVICE (see `dtpart list`)");
	if (o->domain < 1 || o->domain > 32767)
		return dtp_fail(diag, DTP_EUSAGE, o->domain == 0
				? "--domain 0 is dom0, which owns every device not passed through; use "
				  "`dtpart release DEVICE` to give a device back"
				: "--domain N is required (a guest domain ID, 1..32767)");
	struct dtp_device *devs = calloc((size_t)o->n_args, sizeof(*devs));
	if (!devs)
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	int rc = 0;
	for (int i = 0; i < o->n_args && !rc; i++) {
		rc = resolve_arg(s, o->args[i], &devs[i], diag);
		if (rc)
			break;
		rc = dtp_policy_check_owner(&s->plan, devs[i].path, o->args[i], (unsigned)o->domain, diag);
	}
	struct dtp_plan_domain *dom = NULL;
	if (!rc) {
		dom = plan_domain(&s->plan, (unsigned)o->domain, 0);
		rc = dtp_policy_check_mode(dom, o->dom0less, s->state_path, diag);
		if (!rc && !dom && !(dom = plan_domain(&s->plan, (unsigned)o->domain, 1)))
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
	char abs_out[4096];
	if (!rc && !s->plan.dtb_dir && !o->dtb_dir && absolute_dir(o->out_dir, abs_out, sizeof(abs_out)))
		rc = dtp_fail(diag, DTP_EUSAGE, "%s: cannot make the output path absolute; give --dtb-dir",
			      o->out_dir);
	if (!rc) {
		int fail = set_str(&s->plan.host_source, s->host_path);
		if (s->board.name && (!o->host || o->board))
			fail |= set_str(&s->plan.board, s->board.name);
		if (o->dtb_dir)
			fail |= set_str(&s->plan.dtb_dir, o->dtb_dir);
		else if (!s->plan.dtb_dir)
			fail |= set_str(&s->plan.dtb_dir, abs_out);
		if (o->name)
			fail |= set_str(&dom->name, o->name);
		else if (!dom->name) {
			char name[128];
			const char *fmt = s->board.guest_name_format;
			if (fmt && strstr(fmt, "%u") && !strchr(strstr(fmt, "%u") + 2, '%'))
				snprintf(name, sizeof(name), fmt, (unsigned)o->domain);
			else
				snprintf(name, sizeof(name), "guest%u", (unsigned)o->domain);
			fail |= set_str(&dom->name, name);
		}
		if (o->dom0less)
			dom->mode = DTP_MODE_DOM0LESS;
		if (!fail && dom->mode == DTP_MODE_DOM0LESS)
			rc = set_dom0less(dom, o, diag);
		for (int i = 0; i < o->n_args && !fail; i++) {
			struct dtp_plan_device *pd = plan_add_device(dom, devs[i].path);
			fail |= pd == NULL;
			if (pd && o->force_no_iommu)
				pd->no_iommu = 1;
			for (int k = 0; pd && k < o->n_sids; k++) {
				if (k == 0)
					pd->n_sids = 0;
				pd->sids[pd->n_sids++] = o->sids[k];
			}
		}
		if (fail && !rc)
			rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
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
				if (strcmp(cn, name) || !plan_owner(&s->plan, devs[i].path, &pd))
					continue;
				if (plan_set_clock(pd, name, rate))
					rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
				used = 1;
			}
		if (!rc && !used)
			rc = dtp_fail(diag, DTP_EUSAGE, "--clock %s: none of the devices given has a clock "
				      "named '%s' (`dtpart show DEVICE` lists its clocks)", o->clocks[c], name);
	}
	if (!rc && (s->host.ix.chosen < 0 ||
		    !fdtindex_prop(&s->host.ix, s->host.ix.chosen, "xen,xen-bootargs", NULL)))
		dtp_warn("%s has no /chosen/xen,xen-bootargs: it is not a Xen host tree yet. Xen will "
			 "take its console from stdout-path; add xen,xen-bootargs and the dom0 kernel "
			 "module before booting Xen with it", s->host_path);
	json_t *summary = summary_start(s, "passthrough");
	if (summary)
		json_object_set_new(summary, "domain", json_integer(o->domain));
	for (int i = 0; !rc && i < o->n_args; i++)
		summary_device(summary, o->args[i], devs[i].path);
	if (!rc)
		rc = commit(s, NULL, 0, NULL, 0, summary, diag);
	if (!rc)
		print_snippet(s, (unsigned)o->domain, summary);
	for (int i = 0; i < o->n_args; i++)
		device_free(&devs[i]);
	free(devs);
	return summary_print(summary, rc, diag);
}

int cmd_release(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	if (o->n_args == 0)
		return dtp_fail(diag, DTP_EUSAGE, "release needs at least one DEVICE");
	int *released = calloc((size_t)o->n_args, sizeof(int));
	unsigned *gone = calloc((size_t)o->n_args, sizeof(unsigned));
	int n_released = 0, n_gone = 0, rc = 0;
	json_t *summary = summary_start(s, "release");
	if (!released || !gone)
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	if (!rc && o->dtb_dir && set_str(&s->plan.dtb_dir, o->dtb_dir))
		rc = dtp_fail(diag, DTP_ENOMEM, "out of memory");
	for (int i = 0; i < o->n_args && !rc; i++) {
		int node = lookup_device(&s->host, o->args[i], diag);
		if (node < 0) {
			rc = node;
			break;
		}
		const char *path = s->host.ix.nodes[node].path;
		struct dtp_plan_domain *owner = plan_owner(&s->plan, path, NULL);
		int flagged = fdtindex_prop(&s->host.ix, node, "xen,passthrough", NULL) != NULL;
		rc = dtp_policy_check_release(owner != NULL, flagged, path, o->args[i], diag);
		if (rc)
			break;
		if (owner) {
			unsigned id = owner->id;
			plan_remove_device(&s->plan, path);
			if (!plan_domain(&s->plan, id, 0)->n_devices)
				gone[n_gone++] = id;
		}
		released[n_released++] = node;
		summary_device(summary, o->args[i], path);
	}
	if (!rc)
		rc = commit(s, gone, n_gone, released, n_released, summary, diag);
	free(released);
	free(gone);
	return summary_print(summary, rc, diag);
}
