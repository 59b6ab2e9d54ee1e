/* `dtpart check`: replay Xen's domain build on the outputs in -o DIR, or on
 * given files (--host xen.dtb, xl configs, partial trees). */
#include "blob.h"
#include "check.h"
#include "commands.h"
#include "xalloc.h"

#include <dirent.h>
#include <libfdt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/passthrough.h>

/* "dom12.cfg" -> 12; 0 when the name carries no id. */
static unsigned id_from_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *p = strstr(base, "dom");
	if (!p)
		return 0;
	p += 3;
	if (*p == 'U')
		p++;
	return (unsigned)strtoul(p, NULL, 10);
}

/* Every file read, freed at the end: at most two per domain. */
struct loaded {
	char **data;
	int n, cap;
};

static char *load(struct loaded *l, const char *path, size_t *len, struct dtp_diag *diag)
{
	char *d;
	if (l->n == l->cap || read_whole_file(path, &d, len, diag))
		return NULL;
	l->data[l->n++] = d;
	return d;
}

static int has_domu(const void *host, unsigned id)
{
	char path[64];
	snprintf(path, sizeof(path), "/chosen/domU%u", id);
	return fdt_path_offset(host, path) >= 0;
}

/* dir as one shell word, for a command the user can paste. */
static void shell_word(const char *dir, char *buf, size_t len)
{
	if (strspn(dir, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./+-,:@%=")
	    == strlen(dir)) {
		snprintf(buf, len, "%s", dir);
		return;
	}
	size_t used = 0;
	buf[used++] = '\'';
	for (const char *p = dir; *p && used + 6 < len; p++) {
		if (*p == '\'') {
			memcpy(buf + used, "'\\''", 4);
			used += 4;
		} else {
			buf[used++] = *p;
		}
	}
	buf[used++] = '\'';
	buf[used] = '\0';
}

/* "dom12.cfg" -> 12 with its extension; 0 for any other name (dom012.cfg
 * too: dtpart never writes it, so it is not dtpart's). */
static const char *const output_exts[] = { "dtb", "dts", "cfg" };

static unsigned output_domain(const char *name, const char **ext)
{
	char *end;
	if (strncmp(name, "dom", 3) || name[3] < '1' || name[3] > '9')
		return 0;
	unsigned long id = strtoul(name + 3, &end, 10);
	if (*end != '.' || id > 32767)
		return 0;
	for (size_t i = 0; i < sizeof(output_exts) / sizeof(output_exts[0]); i++)
		if (strcmp(end + 1, output_exts[i]) == 0) {
			*ext = output_exts[i];
			return (unsigned)id;
		}
	return 0;
}

/* Files named like a domain's outputs that the plan does not account for:
 * a domain it does not hold, or an xl config of a dom0less domain. They are
 * errors, not warnings: DIR is deployed as one set, and a stray domN.cfg is
 * a guest xl would start with devices the host tree no longer passes
 * through (a stray .dtb or .dts is the same leftover, only quieter). Each is
 * printed; rm (the fix; dtpart deletes no file it did not write as part of
 * the current set) is put together in rm_cmd. Returns how many. */
static int report_strays(const char *dir, const struct dtp_plan *plan, char *rm_cmd, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), strays = 0;
	char word[4096];
	size_t used = (size_t)snprintf(rm_cmd, len, "rm --");
	for (int i = 0; i < n; i++) {
		const char *ext = NULL, *name = names[i]->d_name;
		unsigned id = output_domain(name, &ext);
		const struct dtp_plan_domain *d = NULL;
		for (int k = 0; id && k < plan->n_domains; k++)
			if (plan->domains[k].id == id)
				d = &plan->domains[k];
		if (id && !d) {
			fprintf(stderr, "dtpart: error: %s/%s: domain %u is not in %s/dtpart.json: a leftover "
				"of an earlier set%s\n", dir, name, id, dir, strcmp(ext, "cfg") ? ""
				: "; xl would start it with devices the host tree does not pass through");
		} else if (id && d->mode == DTP_MODE_DOM0LESS && strcmp(ext, "cfg") == 0) {
			fprintf(stderr, "dtpart: error: %s/%s: domain %u is a dom0less domain (Xen builds it "
				"from /chosen/domU%u at boot): an xl config would start it a second time\n",
				dir, name, id, id);
		} else {
			free(names[i]);
			continue;
		}
		strays++;
		shell_word(dir, word, sizeof(word));
		if (used < len)
			used += (size_t)snprintf(rm_cmd + used, len - used, " %s/%s", word, name);
		free(names[i]);
	}
	if (n > 0)
		free(names);
	if (used >= len && len > 4)
		memcpy(rm_cmd + len - 4, "...", 4);
	return strays;
}

int cmd_check(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	/* One domain per plan domain or per file given, at most. */
	int max_doms = (o->n_args > s->plan.n_domains ? o->n_args : s->plan.n_domains) + 1;
	struct loaded l = { calloc((size_t)max_doms * 2, sizeof(char *)), 0, max_doms * 2 };
	struct check_domain_input *in = calloc((size_t)max_doms, sizeof(*in));
	int n = 0, rc = 0, files_on_outputs = 0;
	char host_path[4096];
	if (!l.data || !in) {
		free(l.data);
		free(in);
		return dtp_fail(diag, DTP_ENOMEM, "out of memory");
	}
	if (o->n_args == 0 && !o->host) {
		/* The outputs of earlier runs: what Xen will boot. */
		snprintf(host_path, sizeof(host_path), "%s/xen.dtb", o->out_dir);
		if (s->lock.dir_absent || access(host_path, R_OK) != 0)
			rc = dtp_fail(diag, DTP_EIO, "%s: no outputs to check; run `dtpart passthrough` "
				      "first, or give files: dtpart check --host xen.dtb domN.cfg ...", host_path);
		for (int i = 0; !rc && i < s->plan.n_domains; i++) {
			const struct dtp_plan_domain *d = &s->plan.domains[i];
			char p[4096];
			in[n].id = d->id;
			in[n].dom0less = d->mode == DTP_MODE_DOM0LESS;
			snprintf(p, sizeof(p), "%s/dom%u.dtb", o->out_dir, d->id);
			in[n].partial_name = dtp_xstrdup(p);
			in[n].partial = load(&l, p, &in[n].partial_len, diag);
			if (!in[n].partial)
				rc = -DTP_EIO;
			if (!in[n].dom0less) {
				snprintf(p, sizeof(p), "%s/dom%u.cfg", o->out_dir, d->id);
				in[n].cfg_name = dtp_xstrdup(p);
				in[n].cfg_text = load(&l, p, &in[n].cfg_len, diag);
				if (!in[n].cfg_text)
					rc = -DTP_EIO;
			}
			n++;
			if (rc)
				break;
		}
	} else {
		/* Without --host, files are checked against the outputs' xen.dtb
		 * when the directory has one: the tree Xen will boot, not the one
		 * the plan was made from. */
		snprintf(host_path, sizeof(host_path), "%s/xen.dtb", o->out_dir);
		if (!o->host && !s->lock.dir_absent && access(host_path, R_OK) == 0) {
			files_on_outputs = 1;
			fprintf(stderr, "dtpart: note: checking against %s, the host tree of the outputs "
				"(--host FILE for another)\n", host_path);
		} else
			snprintf(host_path, sizeof(host_path), "%s", o->host ? o->host : s->host_path);
		unsigned next_id = 1;
		for (int i = 0; i < o->n_args && !rc; i++) {
			const char *f = o->args[i];
			size_t fl = strlen(f);
			unsigned id = id_from_name(f);
			if (fl > 4 && strcmp(f + fl - 4, ".cfg") == 0) {
				in[n].id = id ? id : next_id;
				in[n].cfg_name = dtp_xstrdup(f);
				in[n].cfg_text = load(&l, f, &in[n].cfg_len, diag);
				if (!in[n].cfg_text) {
					rc = -DTP_EIO;
					break;
				}
				/* Its partial tree, where device_tree says. */
				struct xlcfg_passthrough pt;
				struct xlcfg_diag xd;
				if (xlcfg_read_data(f, in[n].cfg_text, in[n].cfg_len, &pt, &xd) == 0) {
					if (pt.device_tree && access(pt.device_tree, R_OK) == 0) {
						in[n].partial_name = dtp_xstrdup(pt.device_tree);
						in[n].partial = load(&l, pt.device_tree, &in[n].partial_len, diag);
					}
					xlcfg_passthrough_free(&pt);
				}
				next_id = in[n].id + 1;
				n++;
			} else {
				/* A partial tree: it completes the xl domain of the same id,
				 * or is a dom0less domain's. */
				int k;
				for (k = 0; k < n && !(id && in[k].id == id); k++)
					;
				if (k == n) {
					in[n].id = id ? id : next_id;
					in[n].dom0less = 1;
					next_id = in[n].id + 1;
					n++;
				}
				in[k].partial_name = dtp_xstrdup(f);
				in[k].partial = load(&l, f, &in[k].partial_len, diag);
				if (!in[k].partial)
					rc = -DTP_EIO;
			}
		}
	}
	/* Given files are checked against the session's host tree, already
	 * loaded and indexed; the outputs' xen.dtb is read here. */
	int on_outputs = (o->n_args == 0 && !o->host) || files_on_outputs;
	struct dtp_blob host = { 0 };
	if (!rc && on_outputs)
		rc = blob_load(host_path, &host, diag);
	const void *host_fdt = on_outputs ? host.fdt : s->blob.fdt;
	for (int i = 0; !rc && i < n; i++)
		if (in[i].dom0less && !has_domu(host_fdt, in[i].id) && o->n_args)
			rc = dtp_fail(diag, DTP_ECHECK, "%s: domain %u has a partial tree but no xl config, and "
				      "the host tree has no /chosen/domU%u: give its .cfg, or its dom0less node",
				      in[i].partial_name, in[i].id, in[i].id);
	struct check_report rep = { 0 };
	if (!rc)
		rc = on_outputs ? check_run(host.fdt, host.size, host_path, s->board.gic_lines, in, n, &rep, diag)
				: check_run_host(&s->host, s->board.gic_lines, in, n, &rep, diag);
	if (!rc) {
		check_print(&rep, o->json);
		char rm_cmd[1024];
		int strays = on_outputs && !o->n_args ? report_strays(o->out_dir, &s->plan, rm_cmd, sizeof(rm_cmd)) : 0;
		if (strays)
			rc = dtp_fail(diag, DTP_ECHECK, "%d file(s) in %s that its plan does not account for "
				      "(above)%s; remove them: %s", strays, o->out_dir,
				      rep.res.errors ? ", besides the replay's errors" : "", rm_cmd);
		else if (rep.res.errors)
			rc = dtp_fail(diag, DTP_ECHECK, "%d error(s): Xen would refuse these set-ups or boot "
				      "them into broken guests", rep.res.errors);
	}
	check_report_free(&rep);
	blob_free(&host);
	for (int i = 0; i < n; i++) {
		free((char *)in[i].cfg_name);
		free((char *)in[i].partial_name);
	}
	for (int i = 0; i < l.n; i++)
		free(l.data[i]);
	free(l.data);
	free(in);
	return rc;
}
