#include "board.h"
#include "xalloc.h"
#include "fdtindex.h"

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
 * that messages name where the data was expected. NULL when out of memory. */
static char *find_boards_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 || exe[0] != '/') /* no /proc: the working directory's boards/ */
		return strdup("boards");
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0'; /* the executable's directory */
	char installed[PATH_MAX + 64], real[PATH_MAX];
	snprintf(installed, sizeof(installed), "%s/" DTPART_DATADIR_REL "/boards", exe);
	if (is_dir(installed) && realpath(installed, real))
		return strdup(real);
	char dir[PATH_MAX], marker[PATH_MAX + 32];
	memcpy(dir, exe, (size_t)n + 1);
	for (int up = 0; up <= SOURCE_TREE_DEPTH; up++) {
		snprintf(marker, sizeof(marker), "%s/boards/module.mk", dir);
		if (access(marker, R_OK) == 0) {
			marker[strlen(marker) - strlen("/module.mk")] = '\0';
			return strdup(marker);
		}
		char *s = strrchr(dir, '/');
		if (!s)
			break;
		*s = '\0';
	}
	return strdup(installed);
}

/* DTPART_BOARDS_DIR when set (read on every call); else the place found
 * from the executable. */
const char *boards_dir(void)
{
	const char *env = getenv("DTPART_BOARDS_DIR");
	if (env && *env)
		return env;
	if (!boards_path)
		boards_path = find_boards_dir();
	return boards_path ? boards_path : "boards";
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

int board_load_file(const char *json_path, struct dtp_board *b, struct dtp_diag *diag)
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
out:
	json_decref(root);
	if (rc)
		board_free(b);
	return rc;
}

int board_load_by_name(const char *name, struct dtp_board *b, struct dtp_diag *diag)
{
	const char *dir = boards_dir();
	char path[4096];
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '.')
			return dtp_fail(diag, DTP_EUSAGE, "--board %s: a board name has no '/' or '.'; "
					"use --host FILE for a tree of your own", name);
	snprintf(path, sizeof(path), "%s/%s/board.json", dir, name);
	if (access(path, R_OK) == 0)
		return board_load_file(path, b, diag);
	/* A variant: boards/BOARD/BOARD-VARIANT.dts with BOARD's data. */
	const char *dash = strchr(name, '-');
	if (dash) {
		snprintf(path, sizeof(path), "%s/%.*s/board.json", dir, (int)(dash - name), name);
		char tree[4096];
		snprintf(tree, sizeof(tree), "%s/%.*s/%s.dts", dir, (int)(dash - name), name, name);
		if (access(path, R_OK) == 0 && access(tree, R_OK) == 0) {
			int rc = board_load_file(path, b, diag);
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

int board_find_for_compatible(const char *compat_list, int len, struct dtp_board *b,
			      struct dtp_diag *diag)
{
	memset(b, 0, sizeof(*b));
	const char *dir = boards_dir();
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
		rc = board_load_file(jp, &cand, diag);
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
			board_free(b);
			*b = cand;
			best_pos = hit;
		} else {
			board_free(&cand);
		}
	}
	closedir(d);
	return rc;
}

void board_free(struct dtp_board *b)
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
	memset(b, 0, sizeof(*b));
}

const struct dtp_board_device *board_device_at(const struct dtp_board *b, uint64_t address)
{
	for (int i = 0; b && i < b->n_devices; i++)
		if (b->devices[i].address == address)
			return &b->devices[i];
	return NULL;
}

uint64_t board_clock_rate(const struct dtp_board_device *d, const char *clock_name)
{
	for (int i = 0; d && clock_name && i < d->n_clocks; i++)
		if (strcmp(d->clocks[i].name, clock_name) == 0)
			return d->clocks[i].rate;
	return 0;
}
