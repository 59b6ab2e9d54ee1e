/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart check`: replay Xen's domain build on the outputs in -o DIR, or on
 * given files (--host xen.dtb, xl configs, partial trees). */
#include "blob.h"
#include "check.h"
#include "commands.h"
#include "dom0less.h"
#include "xalloc.h"

#include <dirent.h>
#include <libfdt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/passthrough.h>

/* Every file read, freed at the end: at most two per domain. */
struct loaded {
	char **data;
	int n, cap;
};

static char *load(struct loaded *l, const char *path, size_t *len, struct dtp_diag *diag)
{
	char *d;
	if (l->n == l->cap || dtp_read_whole_file(path, &d, len, diag))
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

/* Files given to check (dtpart check --host xen.dtb FILE[:N]...): each xl
 * config and partial tree gets the domain it belongs to, so that every
 * finding names the file it comes from and the domain ID Xen would use. */

/* How a file's domain ID was found, for the messages. */
enum id_source {
	ID_NONE,
	ID_GIVEN,           /* FILE:N, or --domain N with one config */
	ID_PLAN_NAME,       /* the config's name is a domain of the plan */
	ID_DEVICE_TREE,     /* a config's device_tree names domN.dtb */
	ID_FILE_NAME,       /* the file is domN.cfg / domN.dtb */
	ID_PAIRED,          /* a partial tree named by a config's device_tree */
	ID_NUMBERED,        /* none of those: the lowest free ID */
};

struct given_file {
	const char *arg;            /* as on the command line */
	char *path;                 /* without ":N" */
	int is_cfg;
	unsigned id;
	enum id_source how;
	char *name;                 /* config: its name, or NULL */
	char *device_tree;          /* config: its device_tree, or NULL */
	int cfg;                    /* partial: index of the config it completes, or -1 */
	int dom;                    /* index in the check's domain inputs */
};

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* "FILE:N" -> FILE and N, unless a file of that whole name exists. */
static int split_domain(struct given_file *g, struct dtp_diag *diag)
{
	const char *colon = strrchr(g->arg, ':');
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    access(g->arg, F_OK) == 0) {
		g->path = dtp_xstrdup(g->arg);
		return 0;
	}
	unsigned long id = strtoul(colon + 1, NULL, 10);
	if (id < 1 || id > 32767)
		return dtp_fail(diag, DTP_EUSAGE, "%s: domain %s: want a guest domain ID, 1..32767", g->arg,
				colon + 1);
	g->path = dtp_xstrdup(g->arg);
	g->path[colon - g->arg] = '\0';
	g->id = (unsigned)id;
	g->how = ID_GIVEN;
	return 0;
}

static const char *id_how(const struct given_file *g)
{
	switch (g->how) {
	case ID_GIVEN: return "as given";
	case ID_PLAN_NAME: return "from its name in the plan";
	case ID_DEVICE_TREE: return "from its device_tree";
	case ID_FILE_NAME: return "from its file name";
	case ID_PAIRED: return "as the partial tree its config's device_tree names";
	default: return "numbered";
	}
}

static int id_taken(const struct given_file *g, int n, unsigned id)
{
	for (int i = 0; i < n; i++)
		if (g[i].id == id)
			return 1;
	return 0;
}

/* The lowest ID no file given has and the plan gives no other domain
 * (messages about "domain 2" would mislead where the plan has a domain 2). */
static unsigned lowest_free_id(const struct given_file *g, int n, const struct dtp_plan *plan)
{
	unsigned id = 1;
	for (;;) {
		int taken = id_taken(g, n, id);
		for (int k = 0; !taken && k < plan->n_domains; k++)
			taken = plan->domains[k].id == id;
		if (!taken)
			return id;
		id++;
	}
}

/* The domain of a config: given, else its name in the plan, else the
 * domN.dtb its device_tree names, else its file name (dtpart's names). */
static void config_domain(struct given_file *g, const struct dtp_plan *plan, const char *state)
{
	const struct dtp_plan_domain *named = NULL;
	for (int k = 0; g->name && k < plan->n_domains; k++)
		if (plan->domains[k].name && strcmp(plan->domains[k].name, g->name) == 0)
			named = &plan->domains[k];
	if (g->how == ID_GIVEN) {
		if (named && named->id != g->id)
			dtp_warn("%s: name \"%s\" is domain %u in %s; checked as domain %u, as given",
				 g->path, g->name, named->id, state, g->id);
		return;
	}
	if (named) {
		g->id = named->id;
		g->how = ID_PLAN_NAME;
		return;
	}
	const char *ext = NULL;
	unsigned id = g->device_tree ? output_domain(base_name(g->device_tree), &ext) : 0;
	if (id && strcmp(ext, "dtb") == 0) {
		g->id = id;
		g->how = ID_DEVICE_TREE;
		return;
	}
	id = output_domain(base_name(g->path), &ext);
	if (id && strcmp(ext, "cfg") == 0) {
		g->id = id;
		g->how = ID_FILE_NAME;
	}
}

/* The config whose device_tree names partial tree p: the same file, else
 * the only one with the same base name (device_tree is a path on the
 * target). -1: none; -2: several. */
static int config_naming(const struct given_file *g, int n, const struct given_file *p)
{
	char *real = realpath(p->path, NULL);
	int found = -1, same_base = 0;
	for (int i = 0; i < n; i++) {
		if (!g[i].is_cfg || !g[i].device_tree)
			continue;
		char *dt = real ? realpath(g[i].device_tree, NULL) : NULL;
		int same = dt && strcmp(dt, real) == 0;
		free(dt);
		if (same) {
			found = i;
			same_base = 1;
			break;
		}
		if (strcmp(base_name(g[i].device_tree), base_name(p->path)) == 0) {
			found = same_base ? -2 : i;
			same_base++;
		}
	}
	free(real);
	return found;
}

/* device_tree of a config, where check runs: the file itself; else a file
 * of that name next to the config (the output directory copied or moved
 * with it), said; else nothing (the replay says the file cannot be read). */
static char *local_partial(const struct given_file *g)
{
	if (access(g->device_tree, R_OK) == 0)
		return dtp_xstrdup(g->device_tree);
	const char *slash = strrchr(g->path, '/');
	size_t dl = slash ? (size_t)(slash - g->path) + 1 : 0;
	const char *b = base_name(g->device_tree);
	char *next = dtp_xmalloc(dl + strlen(b) + 1);
	memcpy(next, g->path, dl);
	strcpy(next + dl, b);
	if (b[0] && access(next, R_OK) == 0) {
		dtp_warn("%s: device_tree \"%s\" does not exist here; checking %s, next to the config, "
			 "instead. If the target keeps the partial tree elsewhere, that path is what "
			 "xl opens (dtpart passthrough --dtb-dir DIR writes it)", g->path, g->device_tree, next);
		return next;
	}
	free(next);
	dtp_warn("%s: device_tree \"%s\" does not exist here, nor next to the config: give the partial "
		 "tree as well (dtpart check --host xen.dtb %s PARTIAL.dtb)", g->path, g->device_tree, g->path);
	return NULL;
}

static void numbered_note(const struct given_file *g, const struct dtp_plan *plan, const char *state)
{
	if (!g->name)
		dtp_warn("%s: checked as domain %u: it sets no name, and neither its device_tree nor its "
			 "file name is dtpart's domN; write %s:N to give its domain ID", g->path, g->id, g->path);
	else if (plan->n_domains)
		dtp_warn("%s: checked as domain %u: no domain of %s is named \"%s\"; write %s:N to give its "
			 "domain ID", g->path, g->id, state, g->name, g->path);
	else
		dtp_warn("%s: checked as domain %u: no plan (%s) to look its name \"%s\" up in; write %s:N "
			 "to give its domain ID, or -o DIR for the output directory that has it", g->path,
			 g->id, state, g->name, g->path);
}

static void given_free(struct given_file *g, int n)
{
	for (int i = 0; i < n; i++) {
		free(g[i].path);
		free(g[i].name);
		free(g[i].device_tree);
	}
	free(g);
}

/* in[] from the files given; *n domains. */
static int given_domains(struct dtp_session *s, struct dtp_check_domain_input *in, int *n,
			 struct loaded *l, struct dtp_diag *diag)
{
	const struct dtp_options *o = s->opt;
	struct given_file *g = dtp_xcalloc((size_t)o->n_args + 1, sizeof(*g));
	int n_cfgs = 0, rc = 0;
	for (int i = 0; i < o->n_args && !rc; i++) {
		g[i].arg = o->args[i];
		g[i].cfg = -1;
		g[i].dom = -1;
		rc = split_domain(&g[i], diag);
		size_t fl = g[i].path ? strlen(g[i].path) : 0;
		g[i].is_cfg = fl > 4 && strcmp(g[i].path + fl - 4, ".cfg") == 0;
		n_cfgs += g[i].is_cfg;
	}
	if (!rc && o->domain != -1) {
		int one = -1;
		for (int i = 0; i < o->n_args; i++)
			if (g[i].is_cfg)
				one = i;
		if (o->domain < 1 || o->domain > 32767)
			rc = dtp_fail(diag, DTP_EUSAGE, "--domain %ld: want a guest domain ID, 1..32767", o->domain);
		else if (n_cfgs != 1)
			rc = dtp_fail(diag, DTP_EUSAGE, "--domain N names the domain of one xl config; with %d, "
				      "give each its own as FILE:N (dtpart check --host xen.dtb a.cfg:1 b.cfg:2)",
				      n_cfgs);
		else if (g[one].how == ID_GIVEN && g[one].id != (unsigned)o->domain)
			rc = dtp_fail(diag, DTP_EUSAGE, "%s and --domain %ld: two domain IDs for one config",
				      g[one].arg, o->domain);
		else {
			g[one].id = (unsigned)o->domain;
			g[one].how = ID_GIVEN;
		}
	}
	/* Configs: read (a config libxlutil refuses is reported by the
	 * replay, with its line), then their domains. */
	for (int i = 0; i < o->n_args && !rc; i++) {
		if (!g[i].is_cfg)
			continue;
		struct dtp_check_domain_input *d = &in[*n];
		g[i].dom = (*n)++;
		d->cfg_name = dtp_xstrdup(g[i].path);
		d->cfg_text = load(l, g[i].path, &d->cfg_len, diag);
		if (!d->cfg_text) {
			rc = -DTP_EIO;
			break;
		}
		struct xlcfg_passthrough pt;
		struct xlcfg_diag xd;
		if (xlcfg_read_data(g[i].path, d->cfg_text, d->cfg_len, &pt, &xd) == 0) {
			g[i].name = pt.name;
			g[i].device_tree = pt.device_tree;
			pt.name = pt.device_tree = NULL;
			xlcfg_passthrough_free(&pt);
		}
		config_domain(&g[i], &s->plan, s->state_path);
	}
	for (int i = 0; i < o->n_args && !rc; i++)
		for (int k = 0; g[i].is_cfg && g[i].how != ID_NONE && k < i; k++)
			if (g[k].is_cfg && g[k].id == g[i].id)
				rc = dtp_fail(diag, DTP_EUSAGE, "%s and %s are both domain %u (%s; %s): give each "
					      "its domain as FILE:N", g[k].path, g[i].path, g[i].id, id_how(&g[k]),
					      id_how(&g[i]));
	/* Partial trees: the config whose device_tree names it, else by ID. */
	for (int i = 0; i < o->n_args && !rc; i++) {
		if (g[i].is_cfg)
			continue;
		if (g[i].how != ID_GIVEN) {
			int c = config_naming(g, o->n_args, &g[i]);
			if (c == -2)
				rc = dtp_fail(diag, DTP_EUSAGE, "%s: the device_tree of several configs given ends "
					      "in %s: write it as %s:N for the config of domain N", g[i].path,
					      base_name(g[i].path), g[i].path);
			if (c >= 0 && g[c].how != ID_NONE) {
				g[i].cfg = c;
				g[i].id = g[c].id;
				g[i].how = ID_PAIRED;
			} else if (c >= 0) {
				g[i].cfg = c;
				g[i].how = ID_PAIRED;
			}
		}
		const char *ext = NULL;
		unsigned id = output_domain(base_name(g[i].path), &ext);
		if (g[i].how == ID_NONE && id && strcmp(ext, "dtb") == 0) {
			g[i].id = id;
			g[i].how = ID_FILE_NAME;
		}
		for (int k = 0; g[i].cfg < 0 && g[i].how != ID_NONE && k < o->n_args; k++)
			if (g[k].is_cfg && g[k].how != ID_NONE && g[k].id == g[i].id)
				g[i].cfg = k;
	}
	/* What is left is numbered, lowest free ID first, and said so. */
	for (int i = 0; i < o->n_args && !rc; i++) {
		int unpaired = !g[i].is_cfg && g[i].cfg < 0;
		if (g[i].how != ID_NONE || !(g[i].is_cfg || unpaired))
			continue;
		g[i].id = lowest_free_id(g, o->n_args, &s->plan);
		g[i].how = ID_NUMBERED;
		if (g[i].is_cfg)
			numbered_note(&g[i], &s->plan, s->state_path);
		else if (has_domu(s->blob.fdt, g[i].id))
			dtp_warn("%s: no config given names it in device_tree; checked as the partial tree of "
				 "/chosen/domU%u (write %s:N for the domain N it belongs to)", g[i].path, g[i].id,
				 g[i].path);
	}
	/* A partial tree paired with a config numbered above takes its ID. */
	for (int i = 0; i < o->n_args && !rc; i++)
		if (!g[i].is_cfg && g[i].cfg >= 0)
			g[i].id = g[g[i].cfg].id;
	for (int i = 0; i < o->n_args && !rc; i++) {
		if (g[i].is_cfg) {
			in[g[i].dom].id = g[i].id;
			continue;
		}
		int dom = g[i].cfg >= 0 ? g[g[i].cfg].dom : -1;
		for (int k = 0; dom < 0 && k < i; k++)
			if (!g[k].is_cfg && g[k].id == g[i].id)
				dom = g[k].dom;
		if (dom < 0) {
			dom = (*n)++;
			in[dom].id = g[i].id;
			in[dom].dom0less = 1;
		} else if (in[dom].partial) {
			rc = dtp_fail(diag, DTP_EUSAGE, "%s and %s: two partial trees for domain %u (%s)",
				      in[dom].partial_name, g[i].path, g[i].id,
				      in[dom].cfg_name ? in[dom].cfg_name : "dom0less");
			break;
		}
		g[i].dom = dom;
		in[dom].partial_name = dtp_xstrdup(g[i].path);
		in[dom].partial = load(l, g[i].path, &in[dom].partial_len, diag);
		if (!in[dom].partial)
			rc = -DTP_EIO;
	}
	/* Configs without a partial tree given: the one device_tree names. */
	for (int i = 0; i < o->n_args && !rc; i++) {
		struct dtp_check_domain_input *d = g[i].is_cfg ? &in[g[i].dom] : NULL;
		if (!d || d->partial || !g[i].device_tree)
			continue;
		char *local = local_partial(&g[i]);
		if (local) {
			d->partial_name = local;
			d->partial = load(l, local, &d->partial_len, diag);
			if (!d->partial)
				rc = -DTP_EIO;
		}
	}
	given_free(g, o->n_args);
	return rc;
}

/* An output directory moved or copied since its snippets were written,
 * with no --dtb-dir in the plan: device_tree still names where it was.
 * The partial tree next to the snippet is what is checked; the user is told
 * that xl on the target opens the old path until the next run rewrites it. */
static void moved_device_tree(const struct dtp_check_domain_input *in, const char *dir)
{
	struct xlcfg_passthrough pt;
	struct xlcfg_diag xd;
	if (xlcfg_read_data(in->cfg_name, in->cfg_text, in->cfg_len, &pt, &xd))
		return;     /* the replay reports it */
	if (pt.device_tree && access(pt.device_tree, F_OK) != 0)
		dtp_warn("%s: device_tree \"%s\" does not exist here (the directory moved since it was "
			 "written); checking %s next to it. xl opens the old path until a `dtpart passthrough` "
			 "or `release` in %s writes this directory's path, or --dtb-dir DIR names the "
			 "target's", in->cfg_name, pt.device_tree, in->partial_name, dir);
	xlcfg_passthrough_free(&pt);
}

int dtp_cmd_check(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_options *o = s->opt;
	/* One domain per plan domain or per file given, at most. */
	int max_doms = (o->n_args > s->plan.n_domains ? o->n_args : s->plan.n_domains) + 1;
	struct loaded l = { dtp_xcalloc((size_t)max_doms * 2, sizeof(char *)), 0, max_doms * 2 };
	struct dtp_check_domain_input *in = dtp_xcalloc((size_t)max_doms, sizeof(*in));
	int n = 0, rc = 0, files_on_outputs = 0;
	char host_path[4096];
	if (o->domain != -1 && o->n_args == 0) {
		rc = dtp_fail(diag, DTP_EUSAGE, "--domain N names the domain of the xl config given to check "
			      "(dtpart check --host xen.dtb CONFIG --domain N); the outputs in %s have theirs",
			      o->out_dir);
	} else if (o->n_args == 0 && !o->host) {
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
				else if (!s->plan.dtb_dir)
					moved_device_tree(&in[n], o->out_dir);
				else if (dtp_plan_dtb_dir_elsewhere(&s->plan, o->out_dir))
					dtp_warn("%s: device_tree names %s/dom%u.dtb, in another dtpart output "
						 "directory on this machine (dtb_dir in %s; a dtpart.json written "
						 "before dtpart stopped storing the output directory's path looks like "
						 "this): checking %s. Rerunning one of its passthroughs with --dtb-dir "
						 "auto (dtpart -o %s passthrough DEVICE --domain %u --dtb-dir auto) "
						 "makes device_tree follow this directory", in[n].cfg_name,
						 s->plan.dtb_dir, d->id, s->state_path, in[n].partial_name, o->out_dir, d->id);
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
		rc = given_domains(s, in, &n, &l, diag);
	}
	/* Given files are checked against the session's host tree, already
	 * loaded and indexed; the outputs' xen.dtb is read here. */
	int on_outputs = (o->n_args == 0 && !o->host) || files_on_outputs;
	struct dtp_blob host = { 0 };
	if (!rc && on_outputs)
		rc = dtp_blob_load(host_path, &host, diag);
	const void *host_fdt = on_outputs ? host.fdt : s->blob.fdt;
	for (int i = 0; !rc && i < n; i++)
		if (in[i].dom0less && !has_domu(host_fdt, in[i].id) && !on_outputs)
			rc = dtp_fail(diag, DTP_ECHECK, "%s: no xl config given names this partial tree in "
				      "device_tree or is domain %u, and the host tree has no /chosen/domU%u: give "
				      "its config (or write %s:N for the config of domain N), or check the "
				      "host tree with its dom0less node", in[i].partial_name, in[i].id, in[i].id,
				      in[i].partial_name);
	/* --xen-config: whether the Xen that boots has static memory. */
	if (!rc && o->xen_config) {
		int has = dtp_dom0less_xen_static_memory(o->xen_config, diag);
		if (has < 0)
			rc = has;
		for (int i = 0; !rc && i < n; i++)
			in[i].xen_no_static_memory = !has;
	}
	struct dtp_check_report rep = { 0 };
	struct dtp_check_target target = { s->board.gic_lines, dtp_session_xen(s), NULL, NULL };
	/* The outputs and the plan they were written from: a device their
	 * xen.dtb hides from dom0 should be one of the plan's. */
	if (on_outputs && !o->n_args && access(s->state_path, R_OK) == 0) {
		target.plan = &s->plan;
		target.plan_file = s->state_path;
	}
	if (!rc)
		rc = on_outputs ? dtp_check_run(host.fdt, host.size, host_path, &target, in, n, &rep, diag)
				: dtp_check_run_host(&s->host, &target, in, n, &rep, diag);
	if (!rc) {
		dtp_check_print(&rep, o->json);
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
	dtp_check_report_free(&rep);
	dtp_blob_free(&host);
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
