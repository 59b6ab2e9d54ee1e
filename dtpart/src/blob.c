/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "blob.h"
#include "xalloc.h"
#include "prefault.h"
#include "spawn.h"

#include <errno.h>
#include <pthread.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *dtp_dtc_program(void)
{
	const char *p = getenv("DTC");
	return (p && *p) ? p : "dtc";
}

int dtp_read_whole_file(const char *path, char **data, size_t *len, struct dtp_diag *diag)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return dtp_fail(diag, DTP_EIO, "%s: cannot open: %s", path, strerror(errno));
	/* A regular file is read into one buffer of its size: no regrowth. */
	struct stat st;
	size_t cap = 65536, n = 0;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (uint64_t)st.st_size < SIZE_MAX / 2)
		cap = (size_t)st.st_size + 1;
	char *buf = dtp_xmalloc(cap + 1);
	dtp_prefault(buf, cap + 1);
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		cap *= 2;
		buf = dtp_xrealloc(buf, cap + 1);
	}
	int rd_err = ferror(f);
	fclose(f);
	if (rd_err) {
		free(buf);
		return dtp_fail(diag, DTP_EIO, "%s: read error", path);
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* libfdt 1.6.1's fdt_check_full never returns on a property whose length
 * is 0xfffffff4: fdt_next_tag then steps zero bytes, and the check loops
 * (found by fuzzing). A length past the structure block is no better: it
 * wraps fdt_next_tag's offset, and fdt_check_full can let it through (found
 * by fuzzing the .dts writer). One walk of the tags first: the offset of a
 * property that does not advance or is longer than the structure block, or
 * -1 when every tag is sound (the rest is for fdt_check_full to judge). */
static int bad_property_tag(const void *fdt)
{
	int off = 0, next = 0;
	for (;;) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_END || next < 0)
			return -1;
		if (next <= off)
			return off;
		if (tag == FDT_PROP) {
			/* tag, len, nameoff: read byte by byte (the blob may be unaligned) */
			const char *p = fdt_offset_ptr(fdt, off, 12);
			if (!p || fdt32_ld((const fdt32_t *)(const void *)(p + 4)) > fdt_size_dt_struct(fdt))
				return off;
		}
		off = next;
	}
}

/* The header and the blocks' places: what must hold before anything,
 * even a bounded walk, reads the blob. */
static int validate_header(const void *data, size_t len, const char *path, struct dtp_diag *diag)
{
	if (len < sizeof(struct fdt_header))
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: truncated device tree blob (%zu bytes, the header alone is %zu); "
				"regenerate it with dtc", path, len, sizeof(struct fdt_header));
	int err = fdt_check_header(data);
	if (err)
		return dtp_fail(diag, DTP_EBADTREE, "%s: not a valid device tree blob: %s; "
				"regenerate it with dtc", path, fdt_strerror(err));
	/* libfdt 1.6.1's fdt_check_full can read out of bounds on old header
	 * versions (found by fuzzing); every current tool writes 17. */
	if (fdt_version(data) < 17)
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: device tree blob version %u is older than 17; recompile it with dtc",
				path, fdt_version(data));
	if (fdt_totalsize(data) > len)
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: truncated device tree blob: header says %u bytes, file has %zu; "
				"regenerate it with dtc", path, fdt_totalsize(data), len);
	/* libfdt accepts a strings block that overlaps the structure block;
	 * such a blob reads names out of node data. */
	uint64_t st = fdt_off_dt_struct(data), ss = fdt_size_dt_struct(data);
	uint64_t strs = fdt_off_dt_strings(data), strl = fdt_size_dt_strings(data);
	uint64_t rsv = fdt_off_mem_rsvmap(data);
	if ((strs < st + ss && st < strs + strl) || (rsv >= st && rsv < st + ss) ||
	    (rsv >= strs && rsv < strs + strl))
		return dtp_fail(diag, DTP_EBADTREE,
				"%s: corrupt device tree blob: its memory-reservation, structure and "
				"strings blocks overlap; regenerate it with dtc", path);
	return 0;
}

/* The structure block, walked and judged by fdt_check_full. */
/* The one length fdt_next_tag cannot walk past: judged before anything
 * else walks the blob (the index's walk, fdt_check_full). */
static int validate_walkable(const void *data, const char *path, struct dtp_diag *diag)
{
	int bad = bad_property_tag(data);
	if (bad >= 0) {
		uint32_t plen = fdt32_ld((const fdt32_t *)(const void *)((const char *)data +
					 fdt_off_dt_struct(data) + (unsigned)bad + 4));
		return dtp_fail(diag, DTP_EBADTREE, "%s: corrupt device tree blob: the property at "
				"structure offset %d has length 0x%x, which %s; regenerate it with dtc",
				path, bad, plen, plen > fdt_size_dt_struct(data)
				? "runs past the structure block" : "points back at itself");
	}
	return 0;
}

/* fdt_check_full on a blob validate_walkable passed. */
static int validate_full(const void *data, size_t len, const char *path, struct dtp_diag *diag)
{
	int err = fdt_check_full(data, len);
	if (err)
		return dtp_fail(diag, DTP_EBADTREE, "%s: corrupt device tree blob: %s "
				"(fdt_check_full); regenerate it with dtc", path, fdt_strerror(err));
	return 0;
}

int dtp_blob_validate(const void *data, size_t len, const char *path, struct dtp_diag *diag)
{
	int rc = validate_header(data, len, path, diag);
	if (!rc)
		rc = validate_walkable(data, path, diag);
	return rc ? rc : validate_full(data, len, path, diag);
}

struct structure_check {
	const void *data;
	size_t len;
	const char *path;
	struct dtp_diag diag;
	int rc;
};

static void *structure_thread(void *arg)
{
	struct structure_check *c = arg;
	c->rc = validate_full(c->data, c->len, c->path, &c->diag);
	return NULL;
}

static int compile_dts(const char *path, char **out, size_t *out_len, struct dtp_diag *diag)
{
	const char *argv[] = { dtp_dtc_program(), "-q", "-@", "-I", "dts", "-O", "dtb", "-o", "-", path, NULL };
	struct dtp_spawn_result r;
	if (dtp_spawn_capture(argv, NULL, 0, &r))
		return dtp_fail(diag, DTP_EIO, "%s: cannot run %s: %s", path, argv[0], strerror(errno));
	if (r.status != 0) {
		/* dtc's own message names the file, line and column: pass it on. */
		size_t l = strlen(r.err);
		while (l && (r.err[l - 1] == '\n' || r.err[l - 1] == ' '))
			r.err[--l] = '\0';
		int rc = dtp_fail(diag, r.status == 127 ? DTP_EIO : DTP_EBADTREE,
				  "%s: dtc rejected the source (exit %d):\n%s\nfix the source and retry",
				  path, r.status, r.status == 127 ? "dtc not found: install device-tree-compiler" : r.err);
		dtp_spawn_result_free(&r);
		return rc;
	}
	free(r.err);
	*out = r.out;
	*out_len = r.out_len;
	return 0;
}

int dtp_blob_load(const char *path, struct dtp_blob *out, struct dtp_diag *diag)
{
	return dtp_blob_load_while(path, out, NULL, NULL, diag);
}

int dtp_blob_load_while(const char *path, struct dtp_blob *out, dtp_blob_work work, void *ctx,
			struct dtp_diag *diag)
{
	memset(out, 0, sizeof(*out));
	char *data;
	size_t len;
	int rc = dtp_read_whole_file(path, &data, &len, diag);
	if (rc)
		return rc;
	int is_blob = len >= 4 && fdt_magic(data) == FDT_MAGIC;
	if (!is_blob) {
		/* Anything that is not a blob is taken as source; dtc judges it. */
		free(data);
		rc = compile_dts(path, &data, &len, diag);
		if (rc)
			return rc;
		out->from_source = 1;
	}
	rc = validate_header(data, len, path, diag);
	if (!rc)
		rc = validate_walkable(data, path, diag);
	/* fdt_check_full judges the structure on a second thread while work
	 * (libfdt's fdt_next_tag walks, bounded by the structure block) runs on
	 * this one; a corrupt blob is reported as such, whatever work found. */
	struct structure_check c = { data, len, path, { .msg = "" }, 0 };
	struct dtp_diag work_diag = { .msg = "" };
	pthread_t thread;
	int threaded = !rc && work && pthread_create(&thread, NULL, structure_thread, &c) == 0;
	int work_rc = threaded ? work(data, ctx, &work_diag) : 0;
	if (threaded) {
		pthread_join(thread, NULL);
		rc = c.rc;
		if (rc)
			*diag = c.diag;
	} else if (!rc) {
		rc = validate_full(data, len, path, diag);
		if (!rc && work)
			work_rc = work(data, ctx, &work_diag);
	}
	if (!rc && work_rc) {
		*diag = work_diag;
		rc = work_rc;
	}
	if (rc) {
		free(data);
		return rc;
	}
	out->fdt = data;
	out->size = fdt_totalsize(data);
	out->path = dtp_xstrdup(path);
	return 0;
}

void dtp_blob_free(struct dtp_blob *b)
{
	free(b->fdt);
	free(b->path);
	b->fdt = NULL;
	b->path = NULL;
}
