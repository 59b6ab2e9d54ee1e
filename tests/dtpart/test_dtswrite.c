/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .dts writer: how each value is spelled (dtc's guess), escapes, the
 * phandle cells written as references where dtc's checks expect them, and
 * that dtc compiles the text back, without a warning, to the same blob. */
#include "testutil.h"
#include "diag.h"
#include "dtswrite.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_form_choice(void **state)
{
	(void)state;
	static const unsigned char mac[] = { 0x00, 0x0a, 0x35, 0x00, 0x22, 0x01 };
	static const unsigned char cell1[] = { 0, 0, 0, 1 };
	static const unsigned char high[] = { 'a', 0x80, 0 };
	assert_int_equal(dtp_dts_form_of("", 0), DTP_DTS_EMPTY);
	assert_int_equal(dtp_dts_form_of("okay", 5), DTP_DTS_STRINGS);
	assert_int_equal(dtp_dts_form_of("a\0b", 4), DTP_DTS_STRINGS);
	assert_int_equal(dtp_dts_form_of("tab\there\n", 10), DTP_DTS_STRINGS);
	/* As many NULs as other bytes is still strings (dtc: "ab", ""). */
	assert_int_equal(dtp_dts_form_of("ab\0", 4), DTP_DTS_STRINGS);
	/* More NULs than text: numbers. */
	assert_int_equal(dtp_dts_form_of("a\0\0", 4), DTP_DTS_CELLS);
	assert_int_equal(dtp_dts_form_of(cell1, 4), DTP_DTS_CELLS);
	/* Not NUL-terminated, or not printable: bytes when not whole cells. */
	assert_int_equal(dtp_dts_form_of("abc", 3), DTP_DTS_BYTES);
	assert_int_equal(dtp_dts_form_of(high, 3), DTP_DTS_BYTES);
	assert_int_equal(dtp_dts_form_of(mac, 6), DTP_DTS_BYTES);
	/* A lone NUL is no string: one byte. */
	assert_int_equal(dtp_dts_form_of("", 1), DTP_DTS_BYTES);
}

/* Builds a blob with libfdt's sequential writer. */
struct sw {
	char buf[8192];
};

static void *finish(struct sw *s)
{
	assert_int_equal(fdt_finish(s->buf), 0);
	return s->buf;
}

static char *write_text(const void *fdt)
{
	char *text;
	size_t len;
	assert_int_equal(dtp_dts_write(fdt, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static void expect_line(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("missing %s in:\n%s", line, text);
}

/* dtc compiles the text without a word on stderr, and its blob decompiles
 * to what the original decompiles to. */
static void expect_round_trip(const void *fdt, const char *text)
{
	char src[256], orig[256], back[256], err[256], cmd[2048];
	write_temp_file(src, sizeof(src), ".dts", text);
	write_temp_file(orig, sizeof(orig), ".dtb", "");
	write_temp_file(back, sizeof(back), ".dtb", "");
	write_temp_file(err, sizeof(err), ".txt", "");
	FILE *f = fopen(orig, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(fdt, 1, fdt_totalsize(fdt), f), fdt_totalsize(fdt));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -I dts -O dtb -o %s %s 2> %s", back, src, err);
	assert_int_equal(system(cmd), 0);
	f = fopen(err, "r");
	assert_non_null(f);
	char msg[1024] = "";
	size_t n = fread(msg, 1, sizeof(msg) - 1, f);
	fclose(f);
	if (n)
		fail_msg("dtc warns about the written text:\n%s\n%s", msg, text);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s > %s.txt && dtc -q -I dtb -O dts %s > %s.txt && "
		 "cmp -s %s.txt %s.txt", orig, orig, back, back, orig, back);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -f %s %s %s %s %s.txt %s.txt", src, orig, back, err, orig, back);
	assert_int_equal(system(cmd), 0);
}

static void test_values_and_escapes(void **state)
{
	(void)state;
	static const unsigned char mac[] = { 0x00, 0x0a, 0x35, 0x00, 0x22, 0x01 };
	struct sw s;
	assert_int_equal(fdt_create(s.buf, sizeof(s.buf)), 0);
	assert_int_equal(fdt_add_reservemap_entry(s.buf, 0x40000000, 0x1000), 0);
	assert_int_equal(fdt_finish_reservemap(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, ""), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_string(s.buf, "model", "a \"quoted\" back\\slash\ttab"), 0);
	assert_int_equal(fdt_property(s.buf, "compatible", "vendor,board\0vendor,soc", 24), 0);
	assert_int_equal(fdt_begin_node(s.buf, "node"), 0);
	assert_int_equal(fdt_property(s.buf, "empty", NULL, 0), 0);
	assert_int_equal(fdt_property(s.buf, "local-mac-address", mac, sizeof(mac)), 0);
	assert_int_equal(fdt_property_u64(s.buf, "big", 0xff0e000000001000ULL), 0);
	assert_int_equal(fdt_property_u32(s.buf, "zero", 0), 0);
	assert_int_equal(fdt_property(s.buf, "nuls", "a\0\0", 4), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	void *fdt = finish(&s);
	char *text = write_text(fdt);
	static const char start[] =
		"/dts-v1/;\n\n/memreserve/ 0x0000000040000000 0x0000000000001000;\n\n/ {\n";
	assert_true(strncmp(text, start, strlen(start)) == 0);
	expect_line(text, "\tmodel = \"a \\\"quoted\\\" back\\\\slash\\ttab\";\n");
	expect_line(text, "\tcompatible = \"vendor,board\", \"vendor,soc\";\n");
	expect_line(text, "\n\tnode {\n");
	expect_line(text, "\t\tempty;\n");
	expect_line(text, "\t\tlocal-mac-address = [00 0a 35 00 22 01];\n");
	expect_line(text, "\t\tbig = <0xff0e0000 0x1000>;\n");
	expect_line(text, "\t\tzero = <0x00>;\n");
	expect_line(text, "\t\tnuls = <0x61000000>;\n");
	assert_string_equal(text + strlen(text) - 7, "\t};\n};\n");
	expect_round_trip(fdt, text);
	free(text);
}

static void begin(struct sw *s)
{
	assert_int_equal(fdt_create(s->buf, sizeof(s->buf)), 0);
	assert_int_equal(fdt_finish_reservemap(s->buf), 0);
	assert_int_equal(fdt_begin_node(s->buf, ""), 0);
	assert_int_equal(fdt_property_u32(s->buf, "#address-cells", 1), 0);
	assert_int_equal(fdt_property_u32(s->buf, "#size-cells", 0), 0);
}

static void cells(struct sw *s, const char *name, const uint32_t *v, int n)
{
	fdt32_t be[16];
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	assert_int_equal(fdt_property(s->buf, name, be, n * 4), 0);
}

/* Phandles where dtc's checks expect them become references, backward and
 * forward, by #...-cells; other numbers stay numbers. */
static void test_references(void **state)
{
	(void)state;
	struct sw s;
	begin(&s);
	/* Forward: the interrupt controller comes later. */
	assert_int_equal(fdt_property_u32(s.buf, "interrupt-parent", 3), 0);
	assert_int_equal(fdt_begin_node(s.buf, "clocks"), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#clock-cells", 1), 0);
	assert_int_equal(fdt_property_u32(s.buf, "phandle", 1), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "dev"), 0);
	/* 0 is a skipped entry; 2 has no #clock-cells argument... it is
	 * the firmware below, with #power-domain-cells only. */
	cells(&s, "clocks", (const uint32_t[]){ 1, 7, 0, 1, 1 }, 5);
	cells(&s, "power-domains", (const uint32_t[]){ 2, 5 }, 2);
	/* Not a phandle property: a number that happens to be one. */
	cells(&s, "reg-like", (const uint32_t[]){ 1 }, 1);
	assert_int_equal(fdt_property_u32(s.buf, "phy-handle", 1), 0);
	assert_int_equal(fdt_property_u32(s.buf, "interrupts", 9), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "firmware"), 0);
	assert_int_equal(fdt_property_u32(s.buf, "phandle", 2), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#power-domain-cells", 1), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "intc"), 0);
	assert_int_equal(fdt_property(s.buf, "interrupt-controller", NULL, 0), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#interrupt-cells", 1), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#address-cells", 0), 0);
	assert_int_equal(fdt_property_u32(s.buf, "phandle", 3), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "gpio"), 0);
	assert_int_equal(fdt_property(s.buf, "gpio-controller", NULL, 0), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#gpio-cells", 2), 0);
	assert_int_equal(fdt_property_u32(s.buf, "phandle", 4), 0);
	/* A hog's gpios are line numbers: dtc does not walk them. */
	assert_int_equal(fdt_begin_node(s.buf, "hog"), 0);
	cells(&s, "gpios", (const uint32_t[]){ 1, 0 }, 2);
	assert_int_equal(fdt_property(s.buf, "gpio-hog", NULL, 0), 0);
	assert_int_equal(fdt_property(s.buf, "output-low", NULL, 0), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "user"), 0);
	cells(&s, "reset-gpios", (const uint32_t[]){ 4, 6, 1 }, 3);
	/* A phandle no node has stays a number (and dtc would say so for
	 * the .dtb too). */
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	void *fdt = finish(&s);
	char *text = write_text(fdt);
	expect_line(text, "/ {\n\t#address-cells = <0x01>;\n\t#size-cells = <0x00>;\n"
		    "\tinterrupt-parent = <&{/intc}>;\n\n\tclocks {\n");
	expect_line(text, "\t\tclocks = <&{/clocks} 0x07 0x00 &{/clocks} 0x01>;\n");
	expect_line(text, "\t\tpower-domains = <&{/firmware} 0x05>;\n");
	expect_line(text, "\t\treg-like = <0x01>;\n");
	expect_line(text, "\t\tphy-handle = <0x01>;\n");
	expect_line(text, "\t\t\tgpios = <0x01 0x00>;\n");
	expect_line(text, "\t\treset-gpios = <&{/gpio} 0x06 0x01>;\n");
	expect_round_trip(fdt, text);
	free(text);
}

/* A property whose phandle is its own node's, with #...-cells after it,
 * and a dangling phandle: written once all is known, in place. */
static void test_self_and_dangling(void **state)
{
	(void)state;
	struct sw s;
	begin(&s);
	assert_int_equal(fdt_begin_node(s.buf, "cc"), 0);
	cells(&s, "clocks", (const uint32_t[]){ 5, 2, 5, 3 }, 4);
	assert_int_equal(fdt_property_u32(s.buf, "phandle", 5), 0);
	assert_int_equal(fdt_property_u32(s.buf, "#clock-cells", 1), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_begin_node(s.buf, "dev"), 0);
	cells(&s, "resets", (const uint32_t[]){ 99, 1 }, 2);
	assert_int_equal(fdt_property_string(s.buf, "status", "okay"), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	assert_int_equal(fdt_end_node(s.buf), 0);
	void *fdt = finish(&s);
	char *text = write_text(fdt);
	expect_line(text, "\tcc {\n\t\tclocks = <&{/cc} 0x02 &{/cc} 0x03>;\n\t\tphandle = <0x05>;\n"
		    "\t\t#clock-cells = <0x01>;\n\t};\n");
	expect_line(text, "\tdev {\n\t\tresets = <0x63 0x01>;\n\t\tstatus = \"okay\";\n\t};\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_choice),
		cmocka_unit_test(test_values_and_escapes),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_self_and_dangling),
	};
	return cmocka_run_group_tests_name("dtpart .dts writer", tests, NULL, NULL);
}
