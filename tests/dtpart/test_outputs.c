/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic replacement of the output set, and recovery of an interrupted one. */
#include "testutil.h"
#include "outputs.h"
#include "dtswrite.h"

#include <libfdt.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void make_dir(char *buf, size_t len)
{
	snprintf(buf, len, "%s/dtpart-out-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(buf));
}

static char *slurp(const char *dir, const char *name)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

static void put(struct dtp_out_set *s, const char *name, const char *text)
{
	assert_int_equal(dtp_outset_put(s, name, strdup(text), strlen(text)), 0);
}

static void rm_rf(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_commit_writes_and_keeps_unchanged(void **state)
{
	(void)state;
	char dir[256];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	struct dtp_out_set s = { 0 };
	put(&s, "a.txt", "one");
	put(&s, "b.txt", "two");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);
	assert_string_equal(slurp(dir, "a.txt"), "one");
	char pa[512];
	snprintf(pa, sizeof(pa), "%s/a.txt", dir);
	struct stat before, after;
	stat(pa, &before);
	put(&s, "a.txt", "one");
	put(&s, "b.txt", "changed");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);
	stat(pa, &after);
	/* Unchanged content: same inode, so build systems see no change. */
	assert_int_equal(before.st_ino, after.st_ino);
	assert_string_equal(slurp(dir, "b.txt"), "changed");
	assert_int_equal(dtp_outset_remove(&s, "b.txt"), 0);
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);
	assert_null(slurp(dir, "b.txt"));
	assert_int_equal(count_entries(dir), 1);
	rm_rf(dir);
}

static void test_failure_leaves_old_set(void **state)
{
	(void)state;
	char dir[256];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	struct dtp_out_set s = { 0 };
	put(&s, "xen.dtb", "old-host");
	put(&s, "dom1.cfg", "old-cfg");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);
	/* The second file cannot be written (a directory is in its way): the
	 * first must not change either. */
	char blocker[512];
	snprintf(blocker, sizeof(blocker), "%s/dom2.cfg", dir);
	assert_int_equal(mkdir(blocker, 0755), 0);
	put(&s, "xen.dtb", "new-host");
	put(&s, "dom2.cfg", "new-cfg");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), -DTP_EWRITE);
	dtp_outset_free(&s);
	assert_non_null(strstr(d.msg, "dom2.cfg"));
	assert_string_equal(slurp(dir, "xen.dtb"), "old-host");
	assert_string_equal(slurp(dir, "dom1.cfg"), "old-cfg");
	assert_int_equal(count_entries(dir), 3); /* no temporaries left */
	rm_rf(dir);
}

/* A small tree for the .dts copies: a malloc'd blob of one node. */
static void *small_tree(const char *compatible, size_t *len)
{
	char *buf = malloc(4096);
	assert_non_null(buf);
	assert_int_equal(fdt_create(buf, 4096), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_string(buf, "compatible", compatible), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	*len = fdt_totalsize(buf);
	return buf;
}

/* The .dts text is made at commit (on the second thread), written as
 * dtswrite makes it, and left alone when unchanged. */
static void test_dts_made_at_commit(void **state)
{
	(void)state;
	char dir[256], pa[512];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	struct dtp_out_set s = { 0 };
	size_t len;
	void *blob = small_tree("acme,board", &len);
	char *want;
	size_t want_len;
	assert_int_equal(dtp_dts_write(blob, &want, &want_len), 0);
	for (int round = 0; round < 2; round++) {
		void *b = malloc(len);
		memcpy(b, blob, len);
		dtp_outset_put_dts(&s, "x.dts", b);
		assert_int_equal(dtp_outset_put(&s, "x.dtb", b, len), 0);
		put(&s, "x.cfg", "cfg");
		assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
		/* Written the first time, unchanged (the same file) the second. */
		assert_int_equal(s.files[0].changed, round == 0);
		/* Made as it is written, never held. */
		assert_null(s.files[0].data);
		assert_true(dtp_out_file_kept(&s.files[0]));
		dtp_outset_free(&s);
	}
	assert_string_equal(slurp(dir, "x.dts"), want);
	snprintf(pa, sizeof(pa), "%s/x.dts", dir);
	struct stat st;
	assert_int_equal(stat(pa, &st), 0);
	assert_int_equal((size_t)st.st_size, want_len);
	assert_int_equal(count_entries(dir), 3);
	free(want);
	free(blob);
	rm_rf(dir);
}

/* A failure on either thread leaves the old set: the .dts of a blob that
 * does not walk (made on the second thread) while this thread writes the
 * others; then a file this thread cannot write while the other writes the
 * .dts. No temporary is left either way. */
static void test_dts_failure_leaves_old_set(void **state)
{
	(void)state;
	char dir[256], blocker[512];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	struct dtp_out_set s = { 0 };
	put(&s, "xen.dtb", "old-host");
	put(&s, "xen.dts", "old-text");
	put(&s, "dom1.cfg", "old-cfg");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);

	size_t len;
	char *bad = small_tree("acme,board", &len);
	/* The first tag is no tag: the structure block does not walk. */
	fdt32_st(bad + fdt_off_dt_struct(bad), 0x7fffffffU);
	dtp_outset_put_dts(&s, "xen.dts", bad);
	assert_int_equal(dtp_outset_put(&s, "xen.dtb", bad, len), 0);
	put(&s, "dom1.cfg", "new-cfg");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), -DTP_EBADTREE);
	dtp_outset_free(&s);
	assert_non_null(strstr(d.msg, "xen.dts"));
	assert_string_equal(slurp(dir, "xen.dtb"), "old-host");
	assert_string_equal(slurp(dir, "xen.dts"), "old-text");
	assert_string_equal(slurp(dir, "dom1.cfg"), "old-cfg");
	assert_int_equal(count_entries(dir), 3);

	snprintf(blocker, sizeof(blocker), "%s/dom2.cfg", dir);
	assert_int_equal(mkdir(blocker, 0755), 0);
	void *good = small_tree("acme,new", &len);
	dtp_outset_put_dts(&s, "xen.dts", good);
	assert_int_equal(dtp_outset_put(&s, "xen.dtb", good, len), 0);
	put(&s, "dom2.cfg", "new-cfg");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), -DTP_EWRITE);
	dtp_outset_free(&s);
	assert_non_null(strstr(d.msg, "dom2.cfg"));
	assert_string_equal(slurp(dir, "xen.dtb"), "old-host");
	assert_string_equal(slurp(dir, "xen.dts"), "old-text");
	assert_int_equal(count_entries(dir), 4); /* the three and the blocker */
	rm_rf(dir);
}

/* Staging begun before the checks (dtp_outputs_begin): abandoned, it
 * leaves the directory as it was, temporaries of the .dts gone; committed,
 * the .dts begun early and the files put after it are all written. */
static void test_begun_then_abandoned_or_committed(void **state)
{
	(void)state;
	char dir[256];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	struct dtp_out_set s = { 0 };
	put(&s, "xen.dts", "old-text");
	assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
	dtp_outset_free(&s);

	size_t len;
	char *want;
	size_t want_len;
	void *blob = small_tree("acme,new", &len);
	assert_int_equal(dtp_dts_write(blob, &want, &want_len), 0);
	for (int round = 0; round < 2; round++) {
		void *b = malloc(len);
		memcpy(b, blob, len);
		dtp_outset_put_dts(&s, "xen.dts", b);
		assert_int_equal(dtp_outset_put(&s, "xen.dtb", b, len), 0);
		dtp_outputs_begin(dir, &s);
		put(&s, "dom1.cfg", "cfg");
		if (round == 0) {
			/* The check refused the set. */
			dtp_outputs_abandon(&s);
			assert_null(s.early);
			dtp_outset_free(&s);
			assert_string_equal(slurp(dir, "xen.dts"), "old-text");
			assert_int_equal(count_entries(dir), 1);
		} else {
			assert_int_equal(dtp_outputs_commit(dir, &s, &d), 0);
			assert_true(s.files[0].changed);
			dtp_outset_free(&s);
			assert_string_equal(slurp(dir, "xen.dts"), want);
			assert_string_equal(slurp(dir, "dom1.cfg"), "cfg");
			assert_int_equal(count_entries(dir), 3);
		}
	}
	free(want);
	free(blob);
	rm_rf(dir);
}

static void test_recover_rolls_forward_and_sweeps(void **state)
{
	(void)state;
	char dir[256], p[512];
	struct dtp_diag d;
	make_dir(dir, sizeof(dir));
	/* A run that died after making its journal durable. */
	snprintf(p, sizeof(p), "%s/.xen.dtb.tmp.1", dir);
	FILE *f = fopen(p, "w"); fputs("new", f); fclose(f);
	snprintf(p, sizeof(p), "%s/old.cfg", dir);
	f = fopen(p, "w"); fputs("x", f); fclose(f);
	snprintf(p, sizeof(p), "%s/%s", dir, DTP_JOURNAL);
	f = fopen(p, "w"); fputs("R .xen.dtb.tmp.1 xen.dtb\nU old.cfg\n", f); fclose(f);
	/* And one that died before: its temporary must just go. */
	snprintf(p, sizeof(p), "%s/.dom1.cfg.tmp.2", dir);
	f = fopen(p, "w"); fputs("junk", f); fclose(f);
	assert_int_equal(dtp_outputs_recover(dir, &d), 0);
	assert_string_equal(slurp(dir, "xen.dtb"), "new");
	assert_null(slurp(dir, "old.cfg"));
	assert_int_equal(count_entries(dir), 1);
	rm_rf(dir);
}

/* The directory lock: a reader of a missing directory creates nothing; a
 * writer creates it, and removes it again when it wrote nothing there;
 * writers exclude everyone, readers only writers (each open of the lock
 * file is its own holder, so one process can play all). */
static void test_lock_excludes_writers(void **state)
{
	(void)state;
	char dir[256], sub[320], p[400];
	struct dtp_diag d;
	struct dtp_dirlock w, r1, r2, x;
	make_dir(dir, sizeof(dir));
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_SHARED, 0, &r1, &d), 0);
	assert_true(r1.dir_absent);
	assert_int_equal(access(sub, F_OK), -1);
	dtp_dirlock_release(&r1);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_EXCLUSIVE, 0, &w, &d), 0);
	assert_int_equal(access(sub, F_OK), 0);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_EXCLUSIVE, 0, &x, &d), -DTP_EBUSY);
	assert_non_null(strstr(d.msg, sub));
	dtp_dirlock_release(&x);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_SHARED, 0, &r1, &d), -DTP_EBUSY);
	dtp_dirlock_release(&r1);
	/* Nothing written: the directories this writer made go again. */
	dtp_dirlock_release(&w);
	assert_int_equal(access(sub, F_OK), -1);
	snprintf(p, sizeof(p), "%s/a", dir);
	assert_int_equal(access(p, F_OK), -1);
	/* Something written: kept. */
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_EXCLUSIVE, 0, &w, &d), 0);
	snprintf(p, sizeof(p), "%s/dtpart.json", sub);
	FILE *f = fopen(p, "w");
	fclose(f);
	dtp_dirlock_release(&w);
	assert_int_equal(access(p, F_OK), 0);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_SHARED, 0, &r1, &d), 0);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_SHARED, 0, &r2, &d), 0);
	assert_int_equal(dtp_outputs_lock(sub, DTP_LOCK_EXCLUSIVE, 1, &x, &d), -DTP_EBUSY);
	assert_non_null(strstr(d.msg, "gave up after 1.0 s"));
	dtp_dirlock_release(&x);
	dtp_dirlock_release(&r1);
	dtp_dirlock_release(&r2);
	rm_rf(dir);
}

/* A reader that finds a dead run's journal completes it under the
 * exclusive lock and goes on reading under the shared one; while another
 * reader holds the shared lock it cannot, and says so (exit 75), without
 * touching the journal. */
static void test_reader_completes_dead_commit(void **state)
{
	(void)state;
	char dir[256], p[512];
	struct dtp_diag d;
	struct dtp_dirlock r1, r2;
	make_dir(dir, sizeof(dir));
	assert_int_equal(dtp_outputs_lock(dir, DTP_LOCK_SHARED, 0, &r1, &d), 0);
	snprintf(p, sizeof(p), "%s/.xen.dtb.tmp.1", dir);
	FILE *f = fopen(p, "w"); fputs("new", f); fclose(f);
	snprintf(p, sizeof(p), "%s/%s", dir, DTP_JOURNAL);
	f = fopen(p, "w"); fputs("R .xen.dtb.tmp.1 xen.dtb\n", f); fclose(f);
	assert_int_equal(dtp_outputs_lock(dir, DTP_LOCK_SHARED, 0, &r2, &d), -DTP_EBUSY);
	assert_int_equal(access(p, F_OK), 0);
	assert_null(slurp(dir, "xen.dtb"));
	dtp_dirlock_release(&r2);
	dtp_dirlock_release(&r1);
	assert_int_equal(dtp_outputs_lock(dir, DTP_LOCK_SHARED, 0, &r2, &d), 0);
	assert_int_equal(r2.held, DTP_LOCK_SHARED);
	assert_int_equal(access(p, F_OK), -1);
	assert_string_equal(slurp(dir, "xen.dtb"), "new");
	dtp_dirlock_release(&r2);
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_writes_and_keeps_unchanged),
		cmocka_unit_test(test_failure_leaves_old_set),
		cmocka_unit_test(test_dts_made_at_commit),
		cmocka_unit_test(test_dts_failure_leaves_old_set),
		cmocka_unit_test(test_begun_then_abandoned_or_committed),
		cmocka_unit_test(test_recover_rolls_forward_and_sweeps),
		cmocka_unit_test(test_lock_excludes_writers),
		cmocka_unit_test(test_reader_completes_dead_commit),
	};
	return cmocka_run_group_tests_name("dtpart outputs", tests, NULL, NULL);
}
