/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan file: stable, round-trips, and refuses what it cannot trust. */
#include "testutil.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_roundtrip_and_order(void **state)
{
	(void)state;
	struct dtp_plan p = { 0 };
	struct dtp_plan_domain *d2 = dtp_plan_domain(&p, 2, 1);
	dtp_plan_add_device(d2, "/axi/serial@ff010000");
	dtp_plan_add_device(d2, "/axi/ethernet@ff0e0000");
	struct dtp_plan_domain *d1 = dtp_plan_domain(&p, 1, 1);
	struct dtp_plan_device *dev = dtp_plan_add_device(d1, "/axi/i2c@ff020000");
	dtp_plan_set_clock(dev, "pclk", 100000000);
	/* Placement, MAC, an xl domain's RAM and dtpart host's settings. */
	dev->guest_addr = 0x5000000;
	dev->mac = strdup("02:00:00:12:34:56");
	d1->boot.memory_kib = 3500 * 1024;
	p.host_boot.kernel = strdup("/boot/Image");
	p.host_boot.dom0_bootargs = strdup("root=/dev/mmcblk0p2");
	p.host_boot.xen_image = strdup("/srv/tftp/xen");
	p.host_boot.boot_load = strdup("tftpb");
	dtp_plan_domain(&p, 7, 1); /* empty: dropped */
	p.host_source = strdup("boards/zcu102/zcu102.dts");
	dtp_plan_normalise(&p);
	assert_int_equal(p.n_domains, 2);
	assert_int_equal(p.domains[0].id, 1);
	assert_string_equal(p.domains[1].devices[0].path, "/axi/ethernet@ff0e0000");
	char *json = dtp_plan_to_json(&p);
	char path[256];
	write_temp_file(path, sizeof(path), ".json", json);
	struct dtp_plan q;
	struct dtp_diag d;
	assert_int_equal(dtp_plan_load(path, &q, &d), 0);
	char *json2 = dtp_plan_to_json(&q);
	assert_string_equal(json, json2);
	struct dtp_plan_device *pd;
	assert_int_equal(dtp_plan_owner(&q, "/axi/ethernet@ff0e0000", &pd)->id, 2);
	assert_int_equal(dtp_plan_owner(&q, "/axi/i2c@ff020000", &pd)->id, 1);
	assert_int_equal(pd->clocks[0].rate, 100000000);
	assert_int_equal(pd->guest_addr, 0x5000000);
	assert_string_equal(pd->mac, "02:00:00:12:34:56");
	assert_int_equal(dtp_plan_domain(&q, 1, 0)->boot.memory_kib, 3500 * 1024);
	assert_string_equal(q.host_boot.kernel, "/boot/Image");
	assert_string_equal(q.host_boot.dom0_bootargs, "root=/dev/mmcblk0p2");
	assert_string_equal(q.host_boot.boot_load, "tftpb");
	assert_null(q.host_boot.ramdisk);
	dtp_plan_remove_device(&q, "/axi/i2c@ff020000");
	dtp_plan_normalise(&q);
	assert_int_equal(q.n_domains, 1);
	free(json);
	free(json2);
	dtp_plan_free(&p);
	dtp_plan_free(&q);
	unlink(path);
}

/* No count in the plan is capped: 30 clock overrides and 20 stream IDs of
 * one device are written and read back, every one of them. */
static void test_many_clocks_and_sids_roundtrip(void **state)
{
	(void)state;
	enum { N_CLOCKS = 30, N_SIDS = 20 };
	struct dtp_plan p = { 0 };
	struct dtp_plan_device *dev = dtp_plan_add_device(dtp_plan_domain(&p, 3, 1), "/axi/ethernet@ff0e0000");
	uint32_t sids[N_SIDS];
	for (int i = 0; i < N_CLOCKS; i++) {
		char name[16];
		snprintf(name, sizeof(name), "clk%02d", i);
		dtp_plan_set_clock(dev, name, 1000000u + (uint64_t)i);
	}
	dtp_plan_set_clock(dev, "clk07", 7);    /* replaced, not added */
	for (int i = 0; i < N_SIDS; i++)
		sids[i] = 0x800u + (uint32_t)i;
	dtp_plan_set_sids(dev, sids, N_SIDS);
	assert_int_equal(dev->n_clocks, N_CLOCKS);
	char *json = dtp_plan_to_json(&p);
	char path[256];
	write_temp_file(path, sizeof(path), ".json", json);
	struct dtp_plan q;
	struct dtp_diag d;
	assert_int_equal(dtp_plan_load(path, &q, &d), 0);
	struct dtp_plan_device *pd;
	assert_non_null(dtp_plan_owner(&q, "/axi/ethernet@ff0e0000", &pd));
	assert_int_equal(pd->n_clocks, N_CLOCKS);
	for (int i = 0; i < N_CLOCKS; i++) {
		/* Read back in the file's (sorted) key order. */
		int k = atoi(pd->clocks[i].name + 3);
		assert_int_equal(pd->clocks[i].rate, k == 7 ? 7 : 1000000u + (uint64_t)k);
	}
	assert_int_equal(pd->n_sids, N_SIDS);
	for (int i = 0; i < N_SIDS; i++)
		assert_int_equal(pd->sids[i], 0x800u + (uint32_t)i);
	char *json2 = dtp_plan_to_json(&q);
	assert_string_equal(json, json2);
	/* Replacing the stream IDs: fewer, then none. */
	dtp_plan_set_sids(pd, sids, 2);
	assert_int_equal(pd->n_sids, 2);
	dtp_plan_set_sids(pd, NULL, 0);
	assert_int_equal(pd->n_sids, 0);
	assert_null(pd->sids);
	free(json);
	free(json2);
	dtp_plan_free(&p);
	dtp_plan_free(&q);
	unlink(path);
}

static void test_bad_state_refused(void **state)
{
	(void)state;
	const char *bad[] = {
		"{ \"format\": 1, \"domains\": [ { \"id\": 0, \"devices\": [] } ] }",
		"{ \"format\": 2, \"domains\": [] }",
		("{ \"format\": 1, \"domains\": [ { \"id\": 1, \"devices\": [ { \"path\": \"/a\" } ] },"
		 "  { \"id\": 2, \"devices\": [ { \"path\": \"/a\" } ] } ] }"),
		"{ \"format\": 1, \"domains\": [ ",
		/* Unknown fields and values: a hand edit or a newer dtpart's plan. */
		"{ \"format\": 1, \"colour\": 3, \"domains\": [] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"mode\": \"hvm\", \"devices\": [] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"devices\": [ { \"path\": \"/a\", \"x\": 1 } ] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"mode\": \"xl\", \"dom0less\": {}, \"devices\": [] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"mode\": \"dom0less\", \"devices\": [] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"name\": 7, \"devices\": [] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"devices\": [ { \"path\": \"/a\", \"no_iommu\": \"yes\" } ] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"devices\": [ { \"path\": \"/a\", \"guest_addr\": \"x\" } ] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"devices\": [ { \"path\": \"/a\", \"mac\": \"01:00:00:00:00:00\" } ] } ] }",
		"{ \"format\": 1, \"domains\": [ { \"id\": 1, \"memory_kib\": -1, \"devices\": [] } ] }",
		"{ \"format\": 1, \"host_boot\": { \"ramdisk\": \"/r\" }, \"domains\": [] }",
		"{ \"format\": 1, \"host_boot\": { \"kernel\": \"/k\", \"dom0_mem\": 5 }, \"domains\": [] }",
		"[ 1 ]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[256];
		struct dtp_plan q;
		struct dtp_diag d;
		write_temp_file(path, sizeof(path), ".json", bad[i]);
		assert_int_equal(dtp_plan_load(path, &q, &d), -DTP_ESTATE);
		assert_non_null(strstr(d.msg, path));
		unlink(path);
	}
	struct dtp_plan q;
	struct dtp_diag d;
	assert_int_equal(dtp_plan_load("/nonexistent/dtpart.json", &q, &d), 0);
	assert_int_equal(q.n_domains, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_order),
		cmocka_unit_test(test_many_clocks_and_sids_roundtrip),
		cmocka_unit_test(test_bad_state_refused),
	};
	return cmocka_run_group_tests_name("dtpart plan", tests, NULL, NULL);
}
