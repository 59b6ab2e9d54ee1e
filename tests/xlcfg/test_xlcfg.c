/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xlcfg-gen: reading configs through libxlutil as xl interprets them,
 * merging into real-looking configs without touching anything else, and
 * libxenlight's JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlcfg/json.h>
#include <xlcfg/merge.h>

static const char real_cfg[] =
	"# guest2: a Linux guest with its own rootfs\n"
	"name = \"guest2\"\n"
	"memory = 512; vcpus = 2   # two statements on one line\n"
	"kernel = \"/boot/Image\"\n"
	"extra = \"console=hvc0 root=/dev/xvda rw\"\n"
	"disk = [ 'phy:/dev/vg0/guest2,xvda,w', ]\n"
	"vif = [ 'bridge=xenbr0',\n"
	"        'bridge=xenbr1', ]\n"
	"irqs = [ 54 ]\n"
	"irqs += [ 68, ]\n"
	"iomem = [ \"0xff010,1\" ]\n";

static void read_ok(const char *text, struct xlcfg_passthrough *pt)
{
	struct xlcfg_diag d;
	int rc = xlcfg_read_data("test.cfg", text, strlen(text), pt, &d);
	if (rc)
		fail_msg("%s:%d: %s", d.file, d.line, d.message);
}

static void test_read_real_config(void **state)
{
	(void)state;
	struct xlcfg_passthrough pt;
	read_ok(real_cfg, &pt);
	assert_int_equal(pt.n_irqs, 2);     /* += appended */
	assert_int_equal(pt.irqs[0], 54);
	assert_int_equal(pt.irqs[1], 68);
	assert_int_equal(pt.n_iomems, 1);
	assert_int_equal(pt.iomems[0].pfn, 0xff010);
	assert_int_equal(pt.iomems[0].npages, 1);
	assert_false(pt.iomems[0].has_gfn);
	assert_int_equal(pt.memory_mib, 512);
	assert_null(pt.device_tree);
	xlcfg_passthrough_free(&pt);
}

static void test_iomem_forms(void **state)
{
	(void)state;
	struct xlcfg_passthrough pt;
	read_ok("iomem = [ \"0xff0e0,1\", \"ff010,0x10@0x40000\", \"FF020,a\" ]\n", &pt);
	assert_int_equal(pt.n_iomems, 3);
	assert_int_equal(pt.iomems[1].npages, 0x10);
	assert_true(pt.iomems[1].has_gfn);
	assert_int_equal(pt.iomems[1].gfn, 0x40000);
	assert_int_equal(pt.iomems[2].npages, 0xa);  /* NPAGES is hex for xl */
	char buf[64];
	xlcfg_format_iomem(&pt.iomems[1], buf, sizeof(buf));
	assert_string_equal(buf, "0xff010,0x10@0x40000");
	xlcfg_format_iomem(&pt.iomems[0], buf, sizeof(buf));
	assert_string_equal(buf, "0xff0e0,1");
	xlcfg_passthrough_free(&pt);
}

static void test_values_xl_refuses(void **state)
{
	(void)state;
	struct { const char *text; int line; const char *msg; } cases[] = {
		{ "name = \"x\"\nirqs = [ \"fifty\" ]\n", 2, "Invalid argument parsing irq" },
		{ "# c\n\niomem = [ \"0xff0e0\" ]\n", 3, "Invalid argument parsing iomem" },
		{ "iomem = [ \"0xff0e0,1@\" ]\n", 1, "PFN,NPAGES" },
		{ "dtdev = [ \"axi/ethernet\" ]\n", 1, "absolute" },
		{ "irqs = 54\n", 1, "must be a list" },
		{ "device_tree = [ \"a\" ]\n", 1, "must be a string" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xlcfg_passthrough pt;
		struct xlcfg_diag d;
		assert_int_equal(xlcfg_read_data("bad.cfg", cases[i].text, strlen(cases[i].text), &pt, &d),
				 -XLCFG_EVALUE);
		assert_int_equal(d.line, cases[i].line);
		assert_non_null(strstr(d.message, cases[i].msg));
	}
}

static void test_syntax_error_has_line(void **state)
{
	(void)state;
	const char *text = "name = \"x\"\nmemory = 512\nirqs = [ 54,\nvcpus = = 2\n";
	struct xlcfg_passthrough pt;
	struct xlcfg_diag d;
	assert_int_equal(xlcfg_read_data("syntax.cfg", text, strlen(text), &pt, &d), -XLCFG_ESYNTAX);
	assert_true(d.line >= 3 && d.line <= 4);
	/* The caller prints file:line once: the message does not repeat it. */
	assert_null(strstr(d.message, "syntax.cfg"));
	assert_non_null(strstr(d.message, "libxlutil"));
}

struct refusal {
	const char *text;
	int line;
	const char *msg;
};

static void assert_refused(const struct refusal *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct xlcfg_passthrough pt;
		struct xlcfg_diag d;
		int rc = xlcfg_read_data("bad.cfg", cases[i].text, strlen(cases[i].text), &pt, &d);
		if (rc != -XLCFG_EVALUE || d.line != cases[i].line || !strstr(d.message, cases[i].msg))
			fail_msg("case %zu (%s): rc %d, line %d, message: %s", i, cases[i].text, rc,
				 d.line, d.message);
		assert_string_equal(d.file, "bad.cfg");
	}
}

/* xl's parse_config_data (tools/xl/xl_parse.c, 4.17.0 and 4.20.0):
 * strtoul(buf, &ep, 10), nothing after the number, below UINT32_MAX. */
static void test_irqs_as_xl_reads_them(void **state)
{
	(void)state;
	struct xlcfg_passthrough pt;
	/* A number or a string, leading blanks and a sign: strtoul takes them. */
	read_ok("irqs = [ 54, \"95\", \" 68\", \"+70\", 0 ]\n", &pt);
	assert_int_equal(pt.n_irqs, 5);
	assert_int_equal(pt.irqs[1], 95);
	assert_int_equal(pt.irqs[2], 68);
	assert_int_equal(pt.irqs[3], 70);
	xlcfg_passthrough_free(&pt);
	const struct refusal cases[] = {
		/* libxlutil keeps 0x36 as the text "0x36"; base 10 stops at x. */
		{ "name = \"g\"\nirqs = [ 0x36 ]\n", 2, "Invalid argument parsing irq: 0x36" },
		{ "irqs = [ 54,\n        \"54junk\" ]\n", 2, "Invalid argument parsing irq: 54junk" },
		{ "irqs = [ 54 ]\n# more\nirqs += [ \"95 \" ]\n", 3, "'95 ' is not a decimal" },
		{ "irqs = [ \"\" ]\n", 1, "Invalid argument parsing irq" },
		{ "irqs = [ 036x ]\n", 1, "Invalid argument parsing irq" },
		{ "\nirqs = [ \"-1\" ]\n", 2, "too big" },
		{ "irqs = [ 4294967295 ]\n", 1, "irq ffffffff too big" },
		{ "irqs = [ 99999999999999999999999 ]\n", 1, "too big" },
		{ "irqs = [ [ 54 ] ]\n", 1, "Unable to get element 0 in irq list" },
		{ "irqs = 54\n", 1, "must be a list" },
	};
	assert_refused(cases, sizeof(cases) / sizeof(cases[0]));
	/* The highest value xl takes (libxl refuses it later; check does). */
	read_ok("irqs = [ 4294967294 ]\n", &pt);
	assert_int_equal(pt.irqs[0], 4294967294u);
	xlcfg_passthrough_free(&pt);
}

/* xl: sscanf(buf, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n"), ret >= 2 and
 * nothing after the last number. */
static void test_iomem_as_xl_reads_it(void **state)
{
	(void)state;
	struct xlcfg_passthrough pt;
	read_ok("iomem = [ \"ff0e0, 1\", \" 0XFF010,0x2@FF010\" ]\n", &pt);
	assert_int_equal(pt.n_iomems, 2);
	assert_int_equal(pt.iomems[0].pfn, 0xff0e0);
	assert_int_equal(pt.iomems[0].npages, 1);
	assert_int_equal(pt.iomems[1].npages, 2);
	assert_int_equal(pt.iomems[1].gfn, 0xff010);
	xlcfg_passthrough_free(&pt);
	const struct refusal cases[] = {
		{ "iomem = [ \"0xff0e0,1\",\n  \"0xff010,1junk\" ]\n", 2, "Invalid argument parsing iomem: 0xff010,1junk" },
		{ "iomem = [ \"0xff0e0 ,1\" ]\n", 1, "Invalid argument parsing iomem" },
		{ "iomem = [ \"0xff0e0;1\" ]\n", 1, "Invalid argument parsing iomem" },
		{ "iomem = [ \"0xff0e0,1@zz\" ]\n", 1, "Invalid argument parsing iomem" },
		{ "iomem = [ \"0xff0e0,1 \" ]\n", 1, "Invalid argument parsing iomem" },
		{ "iomem = [ \"zz,1\" ]\n", 1, "Invalid argument parsing iomem" },
		{ "iomem = [ [ \"0xff0e0,1\" ] ]\n", 1, "Unable to get element 0 in iomem list" },
		{ "iomem = \"0xff0e0,1\"\n", 1, "must be a list" },
	};
	assert_refused(cases, sizeof(cases) / sizeof(cases[0]));
}

/* xl copies dtdev strings as they are and stops at the first item that is
 * not a string; Xen finds nodes by absolute path only. */
static void test_dtdev_as_xl_reads_it(void **state)
{
	(void)state;
	const struct refusal cases[] = {
		{ "dtdev = [ \"/axi/serial@ff010000\",\n  \"axi/ethernet\" ]\n", 2, "not an absolute" },
		{ "dtdev = [ \"/a\", [ \"/b\" ], \"/c\" ]\n", 1, "stops reading dtdev" },
		{ "\n\ndtdev = \"/axi/ethernet@ff0e0000\"\n", 3, "must be a list" },
	};
	assert_refused(cases, sizeof(cases) / sizeof(cases[0]));
}

static void add_gem3(struct xlcfg_passthrough *pt)
{
	xlcfg_passthrough_init(pt);
	xlcfg_set_device_tree(pt, "/etc/xen/dom2.dtb");
	xlcfg_add_irq(pt, 54);
	xlcfg_add_irq(pt, 95);
	struct xlcfg_iomem a = { 0xff010, 1, 0, false }, b = { 0xff0e0, 1, 0, false };
	xlcfg_add_iomem(pt, &a);
	xlcfg_add_iomem(pt, &b);
	xlcfg_add_dtdev(pt, "/axi/ethernet@ff0e0000");
}

static void test_merge_keeps_everything_else(void **state)
{
	(void)state;
	struct xlcfg_passthrough add, got;
	struct xlcfg_diag d;
	char *merged;
	add_gem3(&add);
	assert_int_equal(xlcfg_merge_text("guest2.cfg", real_cfg, strlen(real_cfg), &add, &merged, &d), 0);
	/* Every original line is there, unchanged and in order. */
	assert_memory_equal(merged, real_cfg, strlen(real_cfg));
	/* Union without duplicates: 54 and 0xff010 were there already. */
	assert_non_null(strstr(merged, "irqs += [ 95 ]"));
	assert_non_null(strstr(merged, "iomem += [ \"0xff0e0,1\" ]"));
	assert_non_null(strstr(merged, "dtdev = [ \"/axi/ethernet@ff0e0000\" ]"));
	assert_non_null(strstr(merged, "device_tree = \"/etc/xen/dom2.dtb\""));
	read_ok(merged, &got);
	assert_int_equal(got.n_irqs, 3);
	assert_int_equal(got.irqs[2], 95);
	assert_int_equal(got.n_iomems, 2);
	assert_int_equal(got.memory_mib, 512);
	/* Merging again changes nothing. */
	char *again;
	assert_int_equal(xlcfg_merge_text("guest2.cfg", merged, strlen(merged), &add, &again, &d), 0);
	assert_string_equal(again, merged);
	free(again);
	free(merged);
	xlcfg_passthrough_free(&got);
	xlcfg_passthrough_free(&add);
}

/* Found by fuzzing: a list whose statement follows a `;` must get `+=`,
 * not a second `=` that would replace it. */
static void test_merge_after_separator(void **state)
{
	(void)state;
	const char *text = "memory = 256; iomem = [ \"0xff010,1\" ]";
	struct xlcfg_passthrough add, got;
	struct xlcfg_diag d;
	char *merged;
	xlcfg_passthrough_init(&add);
	struct xlcfg_iomem m = { 0xff0e0, 1, 0, false };
	xlcfg_add_iomem(&add, &m);
	assert_int_equal(xlcfg_merge_text("s.cfg", text, strlen(text), &add, &merged, &d), 0);
	read_ok(merged, &got);
	assert_int_equal(got.n_iomems, 2);
	free(merged);
	xlcfg_passthrough_free(&got);
	xlcfg_passthrough_free(&add);
}

/* Found by fuzzing: strings with backslashes and quotes must read back. */
static void test_render_quotes_round_trip(void **state)
{
	(void)state;
	struct xlcfg_passthrough pt, got;
	xlcfg_passthrough_init(&pt);
	xlcfg_set_device_tree(&pt, "/a\\b\"c\nd");
	xlcfg_add_dtdev(&pt, "/axi/odd\\name");
	char *text = xlcfg_render(&pt, NULL);
	read_ok(text, &got);
	assert_string_equal(got.device_tree, pt.device_tree);
	assert_string_equal(got.dtdevs[0], pt.dtdevs[0]);
	free(text);
	xlcfg_passthrough_free(&got);
	xlcfg_passthrough_free(&pt);
}

static void test_merge_refuses_other_device_tree(void **state)
{
	(void)state;
	const char *text = "name = \"g\"\n\ndevice_tree = \"/etc/xen/other.dtb\"\n";
	struct xlcfg_passthrough add;
	struct xlcfg_diag d;
	char *merged;
	add_gem3(&add);
	assert_int_equal(xlcfg_merge_text("g.cfg", text, strlen(text), &add, &merged, &d), -XLCFG_ECONFLICT);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.message, "other.dtb"));
	assert_null(merged);
	xlcfg_passthrough_free(&add);
}

/* The plan of a domain with UART1 (irq 54, page 0xff010) and GEM3 (irq
 * 95, page 0xff0e0, behind the SMMU: a dtdev). */
static void plan_uart1(struct xlcfg_passthrough *pt)
{
	xlcfg_passthrough_init(pt);
	xlcfg_set_device_tree(pt, "/etc/xen/dom2.dtb");
	xlcfg_add_irq(pt, 54);
	struct xlcfg_iomem a = { 0xff010, 1, 0, false };
	xlcfg_add_iomem(pt, &a);
}

static char *merge_ok(const char *text, const struct xlcfg_passthrough *plan)
{
	struct xlcfg_diag d;
	char *merged;
	int rc = xlcfg_merge_text("guest.cfg", text, strlen(text), plan, &merged, &d);
	if (rc)
		fail_msg("merge: %d: %s:%d: %s", rc, d.file, d.line, d.message);
	/* Idempotent: the same plan again changes nothing. */
	char *again;
	rc = xlcfg_merge_text("guest.cfg", merged, strlen(merged), plan, &again, &d);
	if (rc)
		fail_msg("merge again: %d: %s:%d: %s", rc, d.file, d.line, d.message);
	assert_string_equal(again, merged);
	free(again);
	return merged;
}

static const char guest_cfg[] =
	"# guest: hand-written, under version control\n"
	"name = \"guest\"\n"
	"memory = 512\n"
	"irqs = [ 68 ]   # the user's own irq\n";

/* Issue 20: after `dtpart release eth0`, the merge removes exactly what the
 * released device had: its irq, its page and its dtdev; the user's irq 68
 * and every line stay. */
static void test_merge_after_release(void **state)
{
	(void)state;
	struct xlcfg_passthrough both, uart, got;
	add_gem3(&both);
	char *merged = merge_ok(guest_cfg, &both);
	assert_memory_equal(merged, guest_cfg, strlen(guest_cfg));
	assert_non_null(strstr(merged, "# xlcfg-gen: begin"));
	assert_non_null(strstr(merged, "\nirqs += [ 54, 95 ]\n"));
	read_ok(merged, &got);
	assert_int_equal(got.n_irqs, 3);
	assert_int_equal(got.n_iomems, 2);
	assert_int_equal(got.n_dtdevs, 1);
	xlcfg_passthrough_free(&got);

	plan_uart1(&uart);
	char *released = merge_ok(merged, &uart);
	assert_memory_equal(released, guest_cfg, strlen(guest_cfg));
	read_ok(released, &got);
	assert_int_equal(got.n_irqs, 2);
	assert_int_equal(got.irqs[0], 68);
	assert_int_equal(got.irqs[1], 54);
	assert_int_equal(got.n_iomems, 1);
	assert_int_equal(got.iomems[0].pfn, 0xff010);
	assert_int_equal(got.n_dtdevs, 0);
	assert_string_equal(got.device_tree, "/etc/xen/dom2.dtb");
	assert_null(strstr(released, "95"));
	assert_null(strstr(released, "ff0e0"));
	xlcfg_passthrough_free(&got);

	/* Every device released: the block goes, the user's text is left. */
	struct xlcfg_passthrough none;
	xlcfg_passthrough_init(&none);
	char *empty = merge_ok(released, &none);
	assert_string_equal(empty, guest_cfg);
	free(empty);
	free(released);
	free(merged);
	xlcfg_passthrough_free(&uart);
	xlcfg_passthrough_free(&both);
}

/* Lines the user adds after the block stay; the block moves to the end so
 * that its += comes after every statement of theirs. */
static void test_merge_keeps_lines_after_block(void **state)
{
	(void)state;
	struct xlcfg_passthrough both, got;
	add_gem3(&both);
	char *merged = merge_ok(guest_cfg, &both);
	size_t l = strlen(merged);
	const char *tail = "vcpus = 2\nirqs = [ 70 ]   # replaces the list above\n";
	char *edited = malloc(l + strlen(tail) + 1);
	memcpy(edited, merged, l);
	strcpy(edited + l, tail);
	char *again = merge_ok(edited, &both);
	assert_memory_equal(again, guest_cfg, strlen(guest_cfg));
	assert_non_null(strstr(again, tail));
	assert_true(strstr(again, tail) < strstr(again, "# xlcfg-gen: begin"));
	read_ok(again, &got);
	assert_int_equal(got.n_irqs, 3);    /* 70, then the plan's 54 and 95 */
	assert_int_equal(got.irqs[0], 70);
	xlcfg_passthrough_free(&got);
	free(again);
	free(edited);
	free(merged);
	xlcfg_passthrough_free(&both);
}

/* A hand-written entry the plan used to give the domain and no longer
 * does is refused with its line; one the plan never had is kept. */
static void test_merge_refuses_released_hand_entry(void **state)
{
	(void)state;
	const char *text =
		"name = \"guest\"\n"
		"iomem = [ \"0xff010,1\" ]\n"
		"irqs = [ 68,\n"
		"         54 ]   # UART1, written before dtpart\n";
	struct xlcfg_passthrough both, gem3_only, got;
	struct xlcfg_diag d;
	char *merged, *out;
	add_gem3(&both);
	merged = merge_ok(text, &both);
	/* 54 and 0xff010 are the user's: not added twice, but recorded. */
	assert_non_null(strstr(merged, "\nirqs += [ 95 ]\n"));
	assert_non_null(strstr(merged, "# xlcfg-gen: plan: irqs = [ 54, 95 ]\n"));
	read_ok(merged, &got);
	assert_int_equal(got.n_irqs, 3);
	xlcfg_passthrough_free(&got);

	/* UART1 released: its irq and page are dom0's again. */
	xlcfg_passthrough_init(&gem3_only);
	xlcfg_set_device_tree(&gem3_only, "/etc/xen/dom2.dtb");
	xlcfg_add_irq(&gem3_only, 95);
	struct xlcfg_iomem m = { 0xff0e0, 1, 0, false };
	xlcfg_add_iomem(&gem3_only, &m);
	xlcfg_add_dtdev(&gem3_only, "/axi/ethernet@ff0e0000");
	assert_int_equal(xlcfg_merge_text("guest.cfg", merged, strlen(merged), &gem3_only, &out, &d),
			 -XLCFG_ECONFLICT);
	assert_null(out);
	assert_string_equal(d.file, "guest.cfg");
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.message, "irq 54 was written by hand"));
	assert_non_null(strstr(d.message, "released"));
	assert_non_null(strstr(d.message, "more such entries"));

	/* The user removes 54; then the page is named. */
	char *fixed = strdup(merged);
	char *p = strstr(fixed, "         54 ]");
	memcpy(p, "          ]", strlen("          ]"));
	memmove(p + strlen("          ]"), p + strlen("         54 ]"), strlen(p + strlen("         54 ]")) + 1);
	p = strstr(fixed, "68,");
	p[2] = ' ';
	assert_int_equal(xlcfg_merge_text("guest.cfg", fixed, strlen(fixed), &gem3_only, &out, &d),
			 -XLCFG_ECONFLICT);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.message, "iomem \"0xff010,1\""));
	free(fixed);

	/* An irq the plan never had (68) is the user's business. */
	const char *own = "irqs = [ 68 ]\niomem = [ \"0xff020,1\" ]\n";
	char *m2 = merge_ok(own, &both);
	char *m3 = merge_ok(m2, &gem3_only);
	read_ok(m3, &got);
	assert_int_equal(got.irqs[0], 68);
	assert_int_equal(got.iomems[0].pfn, 0xff020);
	xlcfg_passthrough_free(&got);
	free(m3);
	free(m2);
	free(merged);
	xlcfg_passthrough_free(&gem3_only);
	xlcfg_passthrough_free(&both);
}

/* The block is the merge's: a line the user writes inside it would be
 * dropped by the next merge, so it is refused with its line. */
static void test_merge_refuses_edits_inside_block(void **state)
{
	(void)state;
	struct xlcfg_passthrough both;
	struct xlcfg_diag d;
	add_gem3(&both);
	char *merged = merge_ok(guest_cfg, &both);
	int end_line = 1;
	for (const char *p = merged; *p; p++)
		end_line += *p == '\n';
	end_line--;         /* the last line: "# xlcfg-gen: end" */
	const char *inserts[] = { "irqs += [ 99 ]\n", "memory = 1024\n", "\n" };
	const char *msgs[] = { "not in the plan", "inside xlcfg-gen's block", "inside xlcfg-gen's block" };
	for (int i = 0; i < 3; i++) {
		char *end = strstr(merged, "# xlcfg-gen: end");
		size_t head = (size_t)(end - merged);
		char *edited = malloc(strlen(merged) + strlen(inserts[i]) + 1);
		memcpy(edited, merged, head);
		strcpy(edited + head, inserts[i]);
		strcat(edited, end);
		char *out;
		assert_int_equal(xlcfg_merge_text("guest.cfg", edited, strlen(edited), &both, &out, &d),
				 -XLCFG_ECONFLICT);
		assert_int_equal(d.line, end_line);
		assert_non_null(strstr(d.message, msgs[i]));
		free(edited);
	}
	/* The end line deleted. */
	char *cut = strdup(merged);
	*strstr(cut, "# xlcfg-gen: end") = '\0';
	char *out;
	assert_int_equal(xlcfg_merge_text("guest.cfg", cut, strlen(cut), &both, &out, &d),
			 -XLCFG_ECONFLICT);
	assert_int_equal(d.line, 5);
	assert_non_null(strstr(d.message, "no '# xlcfg-gen: end'"));
	free(cut);
	free(merged);
	xlcfg_passthrough_free(&both);
}

/* Configs merged before the block existed: the old header and the
 * statements after it are the merge's, and go when the plan drops them. */
static void test_merge_reads_old_merges(void **state)
{
	(void)state;
	const char *old =
		"name = \"guest\"\n"
		"# passthrough merged by xlcfg-gen\n"
		"device_tree = \"/etc/xen/dom2.dtb\"\n"
		"irqs = [ 54, 95 ]\n"
		"iomem = [ \"0xff010,1\", \"0xff0e0,1\" ]\n"
		"irqs += [ 70 ]\n"         /* the user's: out of the old merges' order */
		"vcpus = 1\n";
	struct xlcfg_passthrough uart, got;
	plan_uart1(&uart);
	char *merged = merge_ok(old, &uart);
	assert_null(strstr(merged, "# passthrough merged by xlcfg-gen"));
	assert_non_null(strstr(merged, "name = \"guest\"\nirqs += [ 70 ]\nvcpus = 1\n# xlcfg-gen: begin"));
	read_ok(merged, &got);
	assert_int_equal(got.n_irqs, 2);
	assert_int_equal(got.irqs[0], 70);
	assert_int_equal(got.irqs[1], 54);
	assert_int_equal(got.n_iomems, 1);
	xlcfg_passthrough_free(&got);
	free(merged);
	xlcfg_passthrough_free(&uart);
}

static void test_merge_file_atomic(void **state)
{
	(void)state;
	char path[] = "/tmp/xlcfg-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, real_cfg, strlen(real_cfg)), (ssize_t)strlen(real_cfg));
	close(fd);
	struct xlcfg_passthrough add;
	struct xlcfg_diag d;
	int changed;
	add_gem3(&add);
	assert_int_equal(xlcfg_merge_file(path, &add, &changed, &d), 0);
	assert_true(changed);
	assert_int_equal(xlcfg_merge_file(path, &add, &changed, &d), 0);
	assert_false(changed);
	/* A broken file is left alone. */
	FILE *f = fopen(path, "w");
	fputs("name = \"x\nmemory = \n", f);
	fclose(f);
	assert_int_equal(xlcfg_merge_file(path, &add, &changed, &d), -XLCFG_ESYNTAX);
	f = fopen(path, "r");
	char buf[64] = "";
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "name = \"x\n");
	unlink(path);
	xlcfg_passthrough_free(&add);
}

static void test_libxl_json_golden(void **state)
{
	(void)state;
	struct xlcfg_passthrough add;
	add_gem3(&add);
	char *json = xlcfg_libxl_json(&add);
	assert_non_null(json);
	const char *golden = getenv("XLCFG_GOLDEN");
	char path[512];
	snprintf(path, sizeof(path), "%s/libxl-gem3-uart1.json",
		 golden ? golden : "tests/xlcfg/golden");
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		fputs(json, f);
		fputc('\n', f);
		fclose(f);
	}
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char want[8192];
	size_t n = fread(want, 1, sizeof(want) - 1, f);
	fclose(f);
	want[n] = '\0';
	if (n && want[n - 1] == '\n')
		want[n - 1] = '\0';
	assert_string_equal(json, want);
	/* libxl's own field names and values. */
	assert_non_null(strstr(json, "\"device_tree\": \"/etc/xen/dom2.dtb\""));
	assert_non_null(strstr(json, "\"start\": 1044704"));
	assert_non_null(strstr(json, "\"path\": \"/axi/ethernet@ff0e0000\""));
	free(json);
	xlcfg_passthrough_free(&add);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_real_config),
		cmocka_unit_test(test_iomem_forms),
		cmocka_unit_test(test_values_xl_refuses),
		cmocka_unit_test(test_syntax_error_has_line),
		cmocka_unit_test(test_irqs_as_xl_reads_them),
		cmocka_unit_test(test_iomem_as_xl_reads_it),
		cmocka_unit_test(test_dtdev_as_xl_reads_it),
		cmocka_unit_test(test_merge_keeps_everything_else),
		cmocka_unit_test(test_merge_after_separator),
		cmocka_unit_test(test_render_quotes_round_trip),
		cmocka_unit_test(test_merge_refuses_other_device_tree),
		cmocka_unit_test(test_merge_after_release),
		cmocka_unit_test(test_merge_keeps_lines_after_block),
		cmocka_unit_test(test_merge_refuses_released_hand_entry),
		cmocka_unit_test(test_merge_refuses_edits_inside_block),
		cmocka_unit_test(test_merge_reads_old_merges),
		cmocka_unit_test(test_merge_file_atomic),
		cmocka_unit_test(test_libxl_json_golden),
	};
	return cmocka_run_group_tests_name("xlcfg-gen", tests, NULL, NULL);
}
