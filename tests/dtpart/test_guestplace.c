/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest placement and the guest MAC: pure logic, no tree needed. */
#include "testutil.h"
#include "guestmac.h"
#include "guestplace.h"

#include <string.h>

static struct dtp_device dev_at(struct dtp_range *r, int n, const char *path)
{
	struct dtp_device d;
	memset(&d, 0, sizeof(d));
	d.path = path;
	d.name = path;
	d.regs = r;
	d.n_regs = n;
	return d;
}

/* A small guest keeps ZynqMP devices 1:1; a 3.5 GiB one moves them below
 * RAM, in order, page offsets kept, several ranges moved together. */
static void test_identity_then_moved(void **state)
{
	(void)state;
	struct dtp_range uart = { 0xff010000, 0x1000 };
	struct dtp_range two[2] = { { 0xfd0c0000, 0x2000 }, { 0xfd0c2100, 0x100 } };
	struct dtp_device d[2] = { dev_at(two, 2, "/a"), dev_at(&uart, 1, "/b") };
	struct dtp_place_dev p[2] = { { .dev = &d[0] }, { .dev = &d[1] } };
	struct dtp_diag diag = { .msg = "" };
	struct dtp_place_guest small = { .domain = 1, .ram_bytes = 256ull << 20 };
	assert_int_equal(dtp_place_domain(p, 2, &small, &diag), 0);
	assert_int_equal(p[0].how, DTP_PLACE_IDENTITY);
	assert_int_equal(p[1].offset, 0);
	struct dtp_place_guest big = { .domain = 1, .ram_bytes = 3500ull << 20 };
	assert_int_equal(dtp_place_domain(p, 2, &big, &diag), 0);
	assert_int_equal(p[0].how, DTP_PLACE_AUTO);
	assert_int_equal(dtp_place_guest(&p[0], 0xfd0c0000), DTP_GUEST_MMIO_WINDOW0_BASE);
	assert_int_equal(dtp_place_guest(&p[0], 0xfd0c2100), DTP_GUEST_MMIO_WINDOW0_BASE + 0x2100);
	/* The UART (one page, page-aligned) follows the 3-page block. */
	assert_int_equal(dtp_place_guest(&p[1], 0xff010000), DTP_GUEST_MMIO_WINDOW0_BASE + 0x3000);
	/* Deterministic: the same input, the same places. */
	uint64_t o0 = p[0].offset, o1 = p[1].offset;
	assert_int_equal(dtp_place_domain(p, 2, &big, &diag), 0);
	assert_int_equal(p[0].offset, o0);
	assert_int_equal(p[1].offset, o1);
}

/* A fixed place is kept and the automatic one goes around it; bad fixed
 * places are refused with what is there. */
static void test_fixed(void **state)
{
	(void)state;
	struct dtp_range a = { 0xff010000, 0x1000 }, b = { 0xff0e0000, 0x1000 };
	struct dtp_device d[2] = { dev_at(&a, 1, "/a"), dev_at(&b, 1, "/b") };
	struct dtp_place_dev p[2] = { { .dev = &d[0] }, { .dev = &d[1], .fixed = DTP_GUEST_MMIO_WINDOW0_BASE } };
	struct dtp_diag diag = { .msg = "" };
	struct dtp_place_guest g = { .domain = 2, .ram_bytes = 4096ull << 20 };
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(p[1].how, DTP_PLACE_FIXED);
	assert_int_equal(dtp_place_guest(&p[1], 0xff0e0000), DTP_GUEST_MMIO_WINDOW0_BASE);
	assert_int_equal(dtp_place_guest(&p[0], 0xff010000), DTP_GUEST_MMIO_WINDOW0_BASE + 0x1000);
	p[1].fixed = 0x40001000;   /* guest RAM */
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), -DTP_EUSAGE);
	assert_non_null(strstr(diag.msg, "guest RAM bank 0"));
	p[1].fixed = 0x38000000;   /* grant table */
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), -DTP_EUSAGE);
	assert_non_null(strstr(diag.msg, "grant table"));
	p[1].fixed = 0x5000800;    /* not the device's page offset */
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), -DTP_EUSAGE);
	p[0].fixed = 0x6000000;    /* two devices on one page */
	p[1].fixed = 0x6000000;
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), -DTP_EUSAGE);
	assert_non_null(strstr(diag.msg, "overlaps"));
}

/* Extended regions (xl on Xen 4.16-4.20): a device inside one stays 1:1,
 * as Xen 4.21 keeps it; a place chosen for it avoids them: a fixed one in a
 * region is refused, its own 1:1 address given explicitly is kept. A
 * device in bank 1 of a guest over 3 GiB moves for the RAM, and says so. */
static void test_ext_regions_and_bank1(void **state)
{
	(void)state;
	struct dtp_range a = { 0xa0000000, 0x10000 }, hi = { 0x200100000ull, 0x1000 };
	struct dtp_device d[2] = { dev_at(&a, 1, "/pl"), dev_at(&hi, 1, "/hi") };
	struct dtp_place_dev p[2] = { { .dev = &d[0] }, { .dev = &d[1] } };
	struct dtp_diag diag = { .msg = "" };
	struct dtp_place_guest g = { .domain = 1, .ram_bytes = 512ull << 20 };
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(p[0].how, DTP_PLACE_IDENTITY);
	assert_int_equal(p[1].how, DTP_PLACE_IDENTITY);
	g.n_ext = 2;     /* what libxl 4.17 advertises to a 512 MiB guest */
	g.ext_base[0] = 0x60000000;
	g.ext_size[0] = 0xa0000000;
	g.ext_base[1] = 0x200000000ull;
	g.ext_size[1] = 0xfe00000000ull;
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(p[0].how, DTP_PLACE_IDENTITY);
	assert_int_equal(p[1].how, DTP_PLACE_IDENTITY);
	assert_null(p[0].why);
	p[0].fixed = 0xb0000000;
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), -DTP_EUSAGE);
	assert_non_null(strstr(diag.msg, "extended region"));
	assert_non_null(strstr(diag.msg, "0x60000000 size 0xa0000000"));
	p[0].fixed = 0xa0000000;   /* its own address: 1:1 */
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(p[0].offset, 0);
	p[0].fixed = 0x3a000000;
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(dtp_place_guest(&p[0], 0xa0000000), 0x3a000000);
	p[0].fixed = 0;
	g.n_ext = 0;
	g.ram_bytes = 4096ull << 20;   /* 1 GiB of it in bank 1 */
	assert_int_equal(dtp_place_domain(p, 2, &g, &diag), 0);
	assert_int_equal(p[1].how, DTP_PLACE_AUTO);
	assert_non_null(strstr(p[1].why, "bank 1"));
	assert_true(p[1].why_base == 0x200000000ull);
}

/* A device too big for any window is refused with the way out. */
static void test_no_room(void **state)
{
	(void)state;
	struct dtp_range big = { 0x80000000, 0x20000000 };
	struct dtp_device d = dev_at(&big, 1, "/big");
	struct dtp_place_dev p = { .dev = &d };
	struct dtp_diag diag = { .msg = "" };
	struct dtp_place_guest g = { .domain = 1, .ram_bytes = 2048ull << 20 };
	assert_int_equal(dtp_place_domain(&p, 1, &g, &diag), -DTP_EUSAGE);
	assert_non_null(strstr(diag.msg, "--guest-addr /big=ADDR"));
}

static void test_mac(void **state)
{
	(void)state;
	uint8_t m[6], n[6];
	char text[24];
	assert_int_equal(dtp_mac_parse("02:00:00:12:34:5f", m), 0);
	assert_int_equal(m[5], 0x5f);
	assert_int_equal(dtp_mac_parse("02-00-00-12-34-5F", NULL), 0);
	assert_int_equal(dtp_mac_parse("02:00:00:12:34", NULL), -1);
	assert_int_equal(dtp_mac_parse("02:00:00:12:34:56:78", NULL), -1);
	assert_int_equal(dtp_mac_parse("0x:00:00:12:34:56", NULL), -1);
	assert_int_equal(dtp_mac_parse("01:00:5e:00:00:01", NULL), -2);
	assert_int_equal(dtp_mac_parse("00:00:00:00:00:00", NULL), -3);
	dtp_mac_derive("zcu102", 1, "/axi/ethernet@ff0e0000", m);
	assert_int_equal(m[0] & 3, 2);     /* locally administered, unicast */
	dtp_mac_derive("zcu102", 1, "/axi/ethernet@ff0e0000", n);
	assert_memory_equal(m, n, 6);      /* stable */
	dtp_mac_derive("zcu102", 2, "/axi/ethernet@ff0e0000", n);
	assert_memory_not_equal(m, n, 6);  /* per domain */
	dtp_mac_derive("ultrazed", 1, "/axi/ethernet@ff0e0000", n);
	assert_memory_not_equal(m, n, 6);  /* per board */
	dtp_mac_format(m, text, sizeof(text));
	assert_int_equal(strlen(text), 17);
	assert_int_equal(dtp_mac_parse(text, n), 0);
	assert_memory_equal(m, n, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_then_moved),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_ext_regions_and_bank1),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_mac),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
