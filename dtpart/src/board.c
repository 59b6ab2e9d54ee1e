/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "board.h"
#include "xalloc.h"
#include "fdtindex.h"

#include <ctype.h>

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the board data sits relative to the directory of the running
 * executable. `make install` puts the tools in BINDIR and the data in
 * DATADIR/boards; the Makefile passes the way from one to the other, which
 * is ../share/dtpart for every PREFIX (and DESTDIR staging, and a tree moved
 * as a whole) unless DATADIR is moved on its own. No absolute path is
 * compiled in. */
#ifndef DTPART_DATADIR_REL
#define DTPART_DATADIR_REL "../share/dtpart"
#endif

/* A tool run from a build tree (build/dtpart, build/san/dtpart) sits this
 * many directories at most below the source tree it was built from. */
#define SOURCE_TREE_DEPTH 3

/* The board directory found from the executable, resolved on first use
 * (the executable's place does not change while the process runs) and kept
 * for the life of the process. */
static char *boards_path;

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The board directory found from the executable's own path, allocated: the
 * installed data (<bindir>/DTPART_DATADIR_REL/boards); else the boards/ of
 * the source tree the executable was built in (marked by boards/module.mk,
 * which is never installed). When neither exists, the installed place, so
 * that messages name where the data was expected. */
static char *find_boards_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 || exe[0] != '/') /* no /proc: the working directory's boards/ */
		return dtp_xstrdup("boards");
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0'; /* the executable's directory */
	char installed[PATH_MAX + 64], real[PATH_MAX];
	snprintf(installed, sizeof(installed), "%s/" DTPART_DATADIR_REL "/boards", exe);
	if (is_dir(installed) && realpath(installed, real))
		return dtp_xstrdup(real);
	char dir[PATH_MAX], marker[PATH_MAX + 32];
	memcpy(dir, exe, (size_t)n + 1);
	for (int up = 0; up <= SOURCE_TREE_DEPTH; up++) {
		snprintf(marker, sizeof(marker), "%s/boards/module.mk", dir);
		if (access(marker, R_OK) == 0) {
			marker[strlen(marker) - strlen("/module.mk")] = '\0';
			return dtp_xstrdup(marker);
		}
		char *s = strrchr(dir, '/');
		if (!s)
			break;
		*s = '\0';
	}
	return dtp_xstrdup(installed);
}

/* DTPART_BOARDS_DIR when set (read on every call); else the place found
 * from the executable. */
const char *dtp_boards_dir(void)
{
	const char *env = getenv("DTPART_BOARDS_DIR");
	if (env && *env)
		return env;
	if (!boards_path)
		boards_path = find_boards_dir();
	return boards_path;
}

static char *dupstr(const char *s)
{
	return s ? dtp_xstrdup(s) : NULL;
}

static int parse_u64(json_t *v, uint64_t *out)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return -1;
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		errno = 0;
		unsigned long long x = strtoull(s, &end, 0);
		if (errno || end == s || *end)
			return -1;
		*out = x;
		return 0;
	}
	return -1;
}

static int bad(struct dtp_diag *diag, const char *path, const char *what)
{
	return dtp_fail(diag, DTP_EBADTREE, "%s: %s; fix the board file", path, what);
}

static int parse_device(json_t *jd, const char *path, struct dtp_board_device *d,
			struct dtp_diag *diag)
{
	if (!json_is_object(jd))
		return bad(diag, path, "every entry of \"devices\" must be an object");
	if (parse_u64(json_object_get(jd, "address"), &d->address))
		return bad(diag, path, "a device has no valid \"address\" (hex string like \"0xff0e0000\")");
	d->label = dupstr(json_string_value(json_object_get(jd, "label")));
	json_t *sids = json_object_get(jd, "stream_ids"), *v;
	size_t i;
	if (sids && !json_is_array(sids))
		return bad(diag, path, "\"stream_ids\" must be an array");
	d->sids = dtp_xcalloc(json_array_size(sids) + 1, sizeof(*d->sids));
	json_array_foreach(sids, i, v) {
		uint64_t sid;
		if (parse_u64(v, &sid) || sid > 0xffff)
			return bad(diag, path, "invalid stream ID (want values below 0x10000)");
		d->sids[d->n_sids++] = (uint32_t)sid;
	}
	json_t *clocks = json_object_get(jd, "clocks");
	const char *key;
	if (clocks && !json_is_object(clocks))
		return bad(diag, path, "\"clocks\" must be an object of clock-name: Hz");
	d->clocks = dtp_xcalloc(json_object_size(clocks) + 1, sizeof(*d->clocks));
	json_object_foreach(clocks, key, v) {
		uint64_t rate;
		if (parse_u64(v, &rate) || rate == 0)
			return bad(diag, path, "invalid clock rate (want a positive Hz value for each clock)");
		d->clocks[d->n_clocks].name = dtp_xstrdup(key);
		d->clocks[d->n_clocks++].rate = rate;
	}
	return 0;
}

/* A rate of the SoC data: a positive integer, or {"rate": N, "source": "..."}. */
static int parse_rate_entry(json_t *v, uint64_t *rate)
{
	if (json_is_object(v))
		v = json_object_get(v, "rate");
	return parse_u64(v, rate) || *rate == 0 ? -1 : 0;
}

static void add_device_copy(struct dtp_board *b, const struct dtp_board_device *src)
{
	b->devices = dtp_xrealloc(b->devices, ((size_t)b->n_devices + 1) * sizeof(*b->devices));
	struct dtp_board_device *d = &b->devices[b->n_devices++];
	memset(d, 0, sizeof(*d));
	d->address = src->address;
	d->label = dupstr(src->label);
	d->sids = dtp_xcalloc((size_t)src->n_sids + 1, sizeof(*d->sids));
	memcpy(d->sids, src->sids, (size_t)src->n_sids * sizeof(*d->sids));
	d->n_sids = src->n_sids;
	d->clocks = dtp_xcalloc(1, sizeof(*d->clocks));
}

/* SoC data into b: what the board gives stays, the SoC's fills the rest. */
static int merge_soc(const char *json_path, json_t *root, struct dtp_board *b, struct dtp_diag *diag)
{
	const char *name = json_string_value(json_object_get(root, "name"));
	json_t *devs = json_object_get(root, "devices"), *rates = json_object_get(root, "clock_rates");
	json_t *lines = json_object_get(root, "gic_lines"), *smmu = json_object_get(root, "smmu"), *v;
	if (!name || !json_is_array(devs) || (rates && !json_is_object(rates)) ||
	    (smmu && !json_is_object(smmu)))
		return bad(diag, json_path, "SoC data needs \"name\", \"devices\" (array) and, when given, "
			   "\"clock_rates\" and \"smmu\" as objects");
	if (lines && (!json_is_integer(lines) || json_integer_value(lines) < 32 ||
		      json_integer_value(lines) > 1020))
		return bad(diag, json_path, "\"gic_lines\" must be an integer from 32 to 1020");
	if (!b->gic_lines && lines)
		b->gic_lines = (unsigned)json_integer_value(lines);
	if (smmu) {
		uint64_t addr = 0, smrs = 0, cbs = 0, mask = 0;
		if (parse_u64(json_object_get(smmu, "address"), &addr) ||
		    parse_u64(json_object_get(smmu, "stream_match_registers"), &smrs) || smrs > 128 ||
		    parse_u64(json_object_get(smmu, "context_banks"), &cbs) || cbs > 128 ||
		    parse_u64(json_object_get(smmu, "stream_id_mask"), &mask) || mask > 0xffff)
			return bad(diag, json_path, "\"smmu\" needs \"address\", \"stream_match_registers\", "
				   "\"context_banks\" (up to 128) and \"stream_id_mask\" (below 0x10000)");
		b->smmu_address = addr;
		b->smmu_stream_match_registers = (unsigned)smrs;
		b->smmu_context_banks = (unsigned)cbs;
		b->smmu_stream_id_mask = (uint32_t)mask;
	}
	const char *key;
	b->soc_rates = dtp_xcalloc(json_object_size(rates) + 1, sizeof(*b->soc_rates));
	json_object_foreach(rates, key, v) {
		uint64_t rate;
		if (parse_rate_entry(v, &rate))
			return bad(diag, json_path, "invalid clock rate in \"clock_rates\" (want a positive Hz "
				   "value, or {\"rate\": HZ, \"source\": ...})");
		b->soc_rates[b->n_soc_rates].name = dtp_xstrdup(key);
		b->soc_rates[b->n_soc_rates++].rate = rate;
	}
	size_t i;
	json_array_foreach(devs, i, v) {
		struct dtp_board_device sd;
		memset(&sd, 0, sizeof(sd));
		int rc = parse_device(v, json_path, &sd, diag);
		struct dtp_board_device *mine = NULL;
		for (int k = 0; !rc && k < b->n_devices && !mine; k++)
			if (b->devices[k].address == sd.address)
				mine = &b->devices[k];
		if (!rc && !mine)
			add_device_copy(b, &sd);
		else if (!rc) {
			if (!mine->n_sids && sd.n_sids) {
				free(mine->sids);
				mine->sids = sd.sids;
				mine->n_sids = sd.n_sids;
				sd.sids = NULL;
			}
			if (!mine->label && sd.label) {
				mine->label = sd.label;
				sd.label = NULL;
			}
		}
		free(sd.label);
		free(sd.sids);
		for (int c = 0; c < sd.n_clocks; c++)
			free(sd.clocks[c].name);
		free(sd.clocks);
		if (rc)
			return rc;
	}
	b->soc = dtp_xstrdup(name);
	return 0;
}

/* boards/SOC/soc.json merged into b. */
static int load_soc(const char *json_path, struct dtp_board *b, struct dtp_diag *diag)
{
	json_error_t jerr;
	json_t *root = json_load_file(json_path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return dtp_fail(diag, errno == ENOENT ? DTP_EIO : DTP_EBADTREE, "%s:%d:%d: %s",
				json_path, jerr.line, jerr.column, jerr.text);
	int rc = merge_soc(json_path, root, b, diag);
	json_decref(root);
	return rc;
}

static int soc_matches(const char *json_path, const char *compat_list, int len)
{
	json_t *root = json_load_file(json_path, JSON_REJECT_DUPLICATES, NULL);
	json_t *compat = json_object_get(root, "compatible"), *v;
	size_t i;
	int hit = 0;
	json_array_foreach(compat, i, v)
		for (int off = 0; json_is_string(v) && off < len && !hit;) {
			const char *s = compat_list + off;
			hit = strcmp(s, json_string_value(v)) == 0;
			off += (int)strnlen(s, (size_t)(len - off)) + 1;
		}
	json_decref(root);
	return hit;
}

int dtp_board_apply_soc_for_tree(const char *compat_list, int len, struct dtp_board *b,
			     struct dtp_diag *diag)
{
	if (b->soc || !compat_list)
		return 0;
	const char *dir = dtp_boards_dir();
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while (!rc && !b->soc && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char jp[4096];
		snprintf(jp, sizeof(jp), "%s/%s/soc.json", dir, e->d_name);
		if (access(jp, R_OK) == 0 && soc_matches(jp, compat_list, len))
			rc = load_soc(jp, b, diag);
	}
	closedir(d);
	return rc;
}

int dtp_board_load_file(const char *json_path, struct dtp_board *b, struct dtp_diag *diag)
{
	memset(b, 0, sizeof(*b));
	json_error_t jerr;
	json_t *root = json_load_file(json_path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return dtp_fail(diag, errno == ENOENT ? DTP_EIO : DTP_EBADTREE, "%s:%d:%d: %s",
				json_path, jerr.line, jerr.column, jerr.text);
	int rc = 0;
	const char *name = json_string_value(json_object_get(root, "name"));
	const char *tree = json_string_value(json_object_get(root, "host_tree"));
	json_t *compat = json_object_get(root, "compatible");
	json_t *devs = json_object_get(root, "devices");
	if (!name || !tree || !json_is_array(compat) || !json_is_array(devs)) {
		rc = bad(diag, json_path, "\"name\", \"host_tree\", \"compatible\" (array) and \"devices\" "
			 "(array) are required");
		goto out;
	}
	b->name = dtp_xstrdup(name);
	b->description = dupstr(json_string_value(json_object_get(root, "description")));
	b->guest_name_format = dupstr(json_string_value(json_object_get(root, "guest_name_format")));
	json_t *lines = json_object_get(root, "gic_lines");
	if (lines && (!json_is_integer(lines) || json_integer_value(lines) < 32 ||
		      json_integer_value(lines) > 1020)) {
		rc = bad(diag, json_path, "\"gic_lines\" must be an integer from 32 to 1020");
		goto out;
	}
	b->gic_lines = lines ? (unsigned)json_integer_value(lines) : 0;
	const char *slash = strrchr(json_path, '/');
	b->dir = slash ? dtp_xcheck(strndup(json_path, (size_t)(slash - json_path))) : dtp_xstrdup(".");
	size_t l = strlen(b->dir) + strlen(tree) + 2;
	b->host_tree = dtp_xmalloc(l);
	snprintf(b->host_tree, l, "%s/%s", b->dir, tree);
	b->compatible = dtp_xcalloc(json_array_size(compat) + 1, sizeof(char *));
	b->devices = dtp_xcalloc(json_array_size(devs) + 1, sizeof(*b->devices));
	size_t i;
	json_t *v;
	json_array_foreach(compat, i, v) {
		if (!json_is_string(v)) {
			rc = bad(diag, json_path, "\"compatible\" must hold strings");
			goto out;
		}
		b->compatible[b->n_compatible++] = dtp_xstrdup(json_string_value(v));
	}
	json_array_foreach(devs, i, v) {
		rc = parse_device(v, json_path, &b->devices[b->n_devices++], diag);
		if (rc)
			goto out;
	}
	const char *soc = json_string_value(json_object_get(root, "soc"));
	if (soc) {
		char sp[4096];
		snprintf(sp, sizeof(sp), "%s/../%s/soc.json", b->dir, soc);
		rc = load_soc(sp, b, diag);
	}
out:
	json_decref(root);
	if (rc)
		dtp_board_free(b);
	return rc;
}

int dtp_board_load_by_name(const char *name, struct dtp_board *b, struct dtp_diag *diag)
{
	const char *dir = dtp_boards_dir();
	char path[4096];
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '.')
			return dtp_fail(diag, DTP_EUSAGE, "--board %s: a board name has no '/' or '.'; "
					"use --host FILE for a tree of your own", name);
	snprintf(path, sizeof(path), "%s/%s/board.json", dir, name);
	if (access(path, R_OK) == 0)
		return dtp_board_load_file(path, b, diag);
	/* A variant: boards/BOARD/BOARD-VARIANT.dts with BOARD's data. */
	const char *dash = strchr(name, '-');
	if (dash) {
		snprintf(path, sizeof(path), "%s/%.*s/board.json", dir, (int)(dash - name), name);
		char tree[4096];
		snprintf(tree, sizeof(tree), "%s/%.*s/%s.dts", dir, (int)(dash - name), name, name);
		if (access(path, R_OK) == 0 && access(tree, R_OK) == 0) {
			int rc = dtp_board_load_file(path, b, diag);
			if (rc)
				return rc;
			free(b->host_tree);
			b->host_tree = dtp_xstrdup(tree);
			free(b->name);
			b->name = dtp_xstrdup(name);
			return 0;
		}
	}
	DIR *d = opendir(dir);
	char known[1024] = "";
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.') {
				char jp[4096];
				snprintf(jp, sizeof(jp), "%s/%s/board.json", dir, e->d_name);
				if (access(jp, R_OK) == 0 && strlen(known) + strlen(e->d_name) + 3 < sizeof(known)) {
					strcat(known, known[0] ? ", " : "");
					strcat(known, e->d_name);
				}
			}
		closedir(d);
	}
	if (!known[0])
		return dtp_fail(diag, DTP_ENOBOARD, "no board named '%s': no board data in %s (installed "
				"with dtpart in DATADIR/boards; DTPART_BOARDS_DIR=DIR names another place); "
				"use --host FILE for a tree of your own", name, dir);
	return dtp_fail(diag, DTP_ENOBOARD, "no board named '%s' in %s (known: %s); use --host FILE "
			"for a tree of your own", name, dir, known);
}

int dtp_board_find_for_compatible(const char *compat_list, int len, struct dtp_board *b,
			      struct dtp_diag *diag)
{
	memset(b, 0, sizeof(*b));
	const char *dir = dtp_boards_dir();
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dtp_board cand;
	int best_pos = -1, rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char jp[4096];
		snprintf(jp, sizeof(jp), "%s/%s/board.json", dir, e->d_name);
		if (access(jp, R_OK) != 0)
			continue;
		rc = dtp_board_load_file(jp, &cand, diag);
		if (rc)
			break;
		/* The earliest root compatible string wins: it is the most specific. */
		int pos = 0, hit = -1;
		for (int off = 0; off < len && hit < 0; pos++) {
			const char *s = compat_list + off;
			for (int c = 0; c < cand.n_compatible; c++)
				if (strcmp(cand.compatible[c], s) == 0)
					hit = pos;
			off += (int)strnlen(s, (size_t)(len - off)) + 1;
		}
		if (hit >= 0 && (best_pos < 0 || hit < best_pos)) {
			dtp_board_free(b);
			*b = cand;
			best_pos = hit;
		} else {
			dtp_board_free(&cand);
		}
	}
	closedir(d);
	return rc;
}

void dtp_board_free(struct dtp_board *b)
{
	free(b->name);
	free(b->description);
	free(b->dir);
	free(b->host_tree);
	free(b->guest_name_format);
	for (int i = 0; b->compatible && i < b->n_compatible; i++)
		free(b->compatible[i]);
	free(b->compatible);
	for (int i = 0; b->devices && i < b->n_devices; i++) {
		free(b->devices[i].label);
		for (int c = 0; c < b->devices[i].n_clocks; c++)
			free(b->devices[i].clocks[c].name);
		free(b->devices[i].clocks);
		free(b->devices[i].sids);
	}
	free(b->devices);
	free(b->soc);
	for (int i = 0; i < b->n_soc_rates; i++)
		free(b->soc_rates[i].name);
	free(b->soc_rates);
	free(b->summary_file);
	for (int i = 0; i < b->n_summary_rates; i++)
		free(b->summary_rates[i].name);
	free(b->summary_rates);
	memset(b, 0, sizeof(*b));
}

const struct dtp_board_device *dtp_board_device_at(const struct dtp_board *b, uint64_t address)
{
	for (int i = 0; b && i < b->n_devices; i++)
		if (b->devices[i].address == address)
			return &b->devices[i];
	return NULL;
}

uint64_t dtp_board_clock_rate(const struct dtp_board_device *d, const char *clock_name)
{
	for (int i = 0; d && clock_name && i < d->n_clocks; i++)
		if (strcmp(d->clocks[i].name, clock_name) == 0)
			return d->clocks[i].rate;
	return 0;
}

static uint64_t named_rate(const struct dtp_named_rate *r, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(r[i].name, name) == 0)
			return r[i].rate;
	return 0;
}

uint64_t dtp_board_rate(const struct dtp_board *b, const struct dtp_board_device *d, const char *clock_name,
		    const char *fw_name, enum dtp_rate_source *src)
{
	uint64_t r = b ? named_rate(b->summary_rates, b->n_summary_rates, fw_name) : 0;
	*src = DTP_RATE_SUMMARY;
	if (!r) {
		r = dtp_board_clock_rate(d, clock_name);
		*src = DTP_RATE_BOARD;
	}
	if (!r && b) {
		r = named_rate(b->soc_rates, b->n_soc_rates, fw_name);
		*src = DTP_RATE_SOC;
	}
	if (!r)
		*src = DTP_RATE_UNKNOWN;
	return r;
}

const char *dtp_board_rate_source_text(const struct dtp_board *b, enum dtp_rate_source src, char *buf,
				   unsigned len)
{
	switch (src) {
	case DTP_RATE_OPTION: snprintf(buf, len, "--clock"); break;
	case DTP_RATE_TREE: snprintf(buf, len, "the tree's fixed-clock"); break;
	case DTP_RATE_SUMMARY: snprintf(buf, len, "clk_summary %s", b && b->summary_file ? b->summary_file : ""); break;
	case DTP_RATE_BOARD: snprintf(buf, len, "board data '%s'", b && b->name ? b->name : "?"); break;
	case DTP_RATE_SOC: snprintf(buf, len, "the %s SoC default", b && b->soc ? b->soc : "?"); break;
	default: snprintf(buf, len, "unknown"); break;
	}
	return buf;
}

/* One line of clk_summary: the clock's name (indented by its depth in the
 * tree) then the counts and the rate, in the columns the header names. */
static int summary_rate_column(const char *line)
{
	char copy[1024];
	snprintf(copy, sizeof(copy), "%.1000s", line);
	int col = 0, found = -1;
	char *save = NULL;
	for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), col++)
		if (strcmp(t, "rate") == 0)
			found = col;
	return found;
}

int dtp_board_load_clock_summary(const char *path, struct dtp_board *b, struct dtp_diag *diag)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return dtp_fail(diag, DTP_EIO, "%s: cannot open: %s", path, strerror(errno));
	char line[1024];
	int rate_col = -1, lineno = 0, room = 0, rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		/* The header: "clock enable_cnt ... rate ..." (one line, or the
		 * second of two in newer kernels). Its "rate" column is the one read. */
		if (strncmp(p, "clock ", 6) == 0) {
			rate_col = summary_rate_column(p);
			continue;
		}
		if (rate_col < 1 || *p == '-' || *p == '\0' || *p == '\n')
			continue;
		char copy[1024], *save = NULL, *name = NULL, *rate_tok = NULL;
		snprintf(copy, sizeof(copy), "%s", p);
		int col = 0, numeric = 1;
		for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), col++) {
			if (col == 0)
				name = t;
			else if (col <= rate_col && !isdigit((unsigned char)t[0]) && t[0] != '-')
				numeric = 0;
			if (col == rate_col)
				rate_tok = t;
		}
		/* Lines of consumers ("deviceless no_connection_id") have no counts. */
		if (!name || !rate_tok || !numeric)
			continue;
		char *end;
		errno = 0;
		unsigned long long rate = strtoull(rate_tok, &end, 10);
		if (errno || *end) {
			rc = dtp_fail(diag, DTP_EBADTREE, "%s:%d: clock '%s': rate '%s' is not a number; give a "
				      "copy of /sys/kernel/debug/clk/clk_summary", path, lineno, name, rate_tok);
			break;
		}
		if (b->n_summary_rates == room) {
			room = room ? 2 * room : 64;
			b->summary_rates = dtp_xrealloc(b->summary_rates, (size_t)room * sizeof(*b->summary_rates));
		}
		b->summary_rates[b->n_summary_rates].name = dtp_xstrdup(name);
		b->summary_rates[b->n_summary_rates++].rate = rate;
	}
	fclose(f);
	if (!rc && rate_col < 1)
		rc = dtp_fail(diag, DTP_EBADTREE, "%s: no \"clock ... rate\" header: not a copy of "
			      "/sys/kernel/debug/clk/clk_summary (copy it from dom0 with "
			      "`cat /sys/kernel/debug/clk/clk_summary > FILE`)", path);
	if (!rc) {
		free(b->summary_file);
		b->summary_file = dtp_xstrdup(path);
	}
	return rc;
}
