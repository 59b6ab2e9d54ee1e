/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resolved device set and the policy: one answer to "which SMMU, which
 * binding, must it be enabled" for show, passthrough, smmu and check, and
 * no stream ID dropped on the way to the SMMU model; the one home of Xen's
 * arithmetic (xenabi) and the one diagnostic builder. */
#include "testutil.h"
#include "devlist.h"
#include "policy.h"
#include "resolve.h"
#include "smmumodel.h"
#include "smmuwire.h"
#include "xenabi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A ZynqMP-shaped tree: GIC, an SMMU (with_smmu: one global interrupt and
 * one per context bank, as Xen's probe wants; extra properties from the
 * test), an SD controller and a GEM with extra properties each. */
static char *tree(const char *smmu_extra, const char *sd_extra, const char *gem_extra, int with_smmu)
{
	char *t = malloc(8192);
	snprintf(t, 8192,
		 "/dts-v1/;\n"
		 "/ {\n"
		 "  #address-cells = <2>; #size-cells = <2>;\n"
		 "  interrupt-parent = <&gic>;\n"
		 "  aliases { ethernet0 = &gem3; };\n"
		 "  axi {\n"
		 "    compatible = \"simple-bus\"; #address-cells = <2>; #size-cells = <2>; ranges;\n"
		 "    gic: interrupt-controller@f9010000 { compatible = \"arm,gic-400\"; #interrupt-cells = <3>;\n"
		 "      interrupt-controller; reg = <0 0xf9010000 0 0x10000>; };\n"
		 "%s%s%s"
		 "    sd1: mmc@ff170000 { reg = <0 0xff170000 0 0x1000>; interrupts = <0 49 4>;%s };\n"
		 "    gem3: ethernet@ff0e0000 { reg = <0 0xff0e0000 0 0x1000>; interrupts = <0 63 4>;%s };\n"
		 "  };\n"
		 "};\n",
		 with_smmu ? "    smmu: iommu@fd800000 { compatible = \"arm,mmu-500\"; reg = <0 0xfd800000 0 0x20000>;\n"
			     "      #global-interrupts = <1>; interrupts = <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>,\n"
			     "      <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>,\n"
			     "      <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>, <0 155 4>;" : "",
		 with_smmu ? smmu_extra : "", with_smmu ? " };\n" : "",
		 sd_extra, gem_extra);
	return t;
}

static int open_tree(struct test_host *t, char *dts)
{
	struct dtp_diag d;
	int rc = test_host_open(t, dts, &d);
	free(dts);
	return rc;
}

static const uint32_t gem_sid[] = { 0x877 };

static void test_disabled_smmu_is_enabled_for_a_dma_master(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_board board = { 0 };
	assert_int_equal(open_tree(&t, tree(" #iommu-cells = <1>; status = \"disabled\";", " iommus = <&smmu 0x871>;", "", 1)), 0);
	int gem = node_of(&t, "/axi/ethernet@ff0e0000"), smmu = node_of(&t, "/axi/iommu@fd800000");
	/* No SMMU is driven until a plan enables one. */
	assert_int_equal(dtp_policy_driven_smmu(&t.host, -1), -1);
	assert_int_equal(dtp_policy_driven_smmu(&t.host, smmu), 0);

	/* What show asks: the device alone, stream ID from --sid. */
	struct dtp_resolved_device rd;
	assert_int_equal(dtp_resolve_device(&t.host, &board, gem, NULL, gem_sid, 1, 0, &rd, &d), 0);
	assert_true(rd.smmu.dma_capable);
	assert_true(rd.smmu.behind_smmu);
	assert_true(rd.smmu.enable);
	assert_false(rd.smmu.registered);
	assert_int_equal(rd.smmu.smmu, smmu);
	assert_int_equal(rd.smmu.binding, DTP_BIND_IOMMUS);
	assert_int_equal(rd.smmu.sid_source, DTP_SID_OPTION);
	dtp_resolved_device_free(&rd);

	/* What passthrough, smmu and check ask: the plan. */
	struct dtp_plan plan = { 0 };
	struct dtp_plan_domain *dom = dtp_plan_domain(&plan, 1, 1);
	struct dtp_plan_device *pd = dtp_plan_add_device(dom, "/axi/ethernet@ff0e0000");
	dtp_plan_set_sids(pd, (const uint32_t[]){ 0x877 }, 1);
	struct dtp_resolved r;
	assert_int_equal(dtp_resolve_plan(&t.host, &board, &plan, &r, &d), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.enable_smmu, smmu);
	assert_true(r.devs[0].smmu.behind_smmu);

	/* The host edits: iommus on the GEM, the SMMU enabled. */
	struct dtp_host_edits e = { 0 };
	struct dtp_smmu_edits w;
	dtp_smmu_edits_build(&t.host, &r, &e, &w);
	int iommus = 0, status = 0;
	for (int i = 0; i < e.n_props; i++) {
		iommus |= e.props[i].node == gem && strcmp(e.props[i].name, "iommus") == 0;
		status |= e.props[i].node == smmu && strcmp(e.props[i].name, "status") == 0 &&
			  strcmp(e.props[i].value, "okay") == 0;
	}
	assert_true(iommus);
	assert_true(status);

	/* The stream table: dom0's SD controller and the guest's GEM, both on
	 * the SMMU the plan enables. */
	struct dtp_devlist dl;
	dtp_devlist_build(&t.host, &dl);
	struct dtp_smmu_model m;
	assert_int_equal(dtp_smmu_model_build(&t.host, &dl, &plan, &r, &m, &d), 0);
	assert_non_null(m.smmu);
	assert_int_equal(m.n_rows, 2);
	assert_int_equal(m.rows[0].sid, 0x871);
	assert_int_equal(m.rows[0].domain, 0);
	assert_int_equal(m.rows[1].sid, 0x877);
	assert_int_equal(m.rows[1].domain, 1);
	assert_int_equal(m.n_errors, 0);
	dtp_smmu_model_free(&m);
	dtp_devlist_free(&dl);
	dtp_smmu_edits_free(&w);
	dtp_host_edits_free(&e);
	dtp_resolved_free(&r);
	dtp_plan_free(&plan);
	test_host_close(&t);
}

static void test_legacy_binding_is_kept(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_board board = { 0 };
	assert_int_equal(open_tree(&t, tree(" #iommu-cells = <1>; mmu-masters = <&gem3 0x877>;", "",
					    " #stream-id-cells = <1>;", 1)), 0);
	int sd = node_of(&t, "/axi/mmc@ff170000");
	struct dtp_resolved_device rd;
	/* Registered by mmu-masters: Xen reads it first, so do we. */
	assert_int_equal(dtp_resolve_device(&t.host, &board, node_of(&t, "/axi/ethernet@ff0e0000"), NULL,
					    NULL, 0, 0, &rd, &d), 0);
	assert_true(rd.smmu.registered);
	assert_int_equal(rd.smmu.binding, DTP_BIND_MMU_MASTERS);
	assert_false(rd.smmu.enable);
	dtp_resolved_device_free(&rd);
	/* A new master of a legacy SMMU goes into mmu-masters too. */
	assert_int_equal(dtp_resolve_device(&t.host, &board, sd, NULL, gem_sid, 1, 0, &rd, &d), 0);
	assert_false(rd.smmu.registered);
	assert_int_equal(rd.smmu.binding, DTP_BIND_MMU_MASTERS);
	dtp_resolved_device_free(&rd);
	test_host_close(&t);
}

static void test_dma_master_without_smmu(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_board board = { 0 };
	assert_int_equal(open_tree(&t, tree("", "", "", 0)), 0);
	int gem = node_of(&t, "/axi/ethernet@ff0e0000");
	struct dtp_resolved_device rd;
	assert_int_equal(dtp_resolve_device(&t.host, &board, gem, NULL, gem_sid, 1, 0, &rd, &d), -DTP_EREFUSED);
	assert_non_null(strstr(d.msg, "--force-no-iommu"));
	dtp_resolved_device_free(&rd);
	assert_int_equal(dtp_resolve_device(&t.host, &board, gem, NULL, gem_sid, 1, 1, &rd, &d), 0);
	assert_true(rd.smmu.unprotected);
	assert_false(rd.smmu.behind_smmu);
	dtp_resolved_device_free(&rd);
	/* No stream ID anywhere, but an Ethernet controller masters the bus:
	 * refused all the same, the class named. */
	assert_int_equal(dtp_resolve_device(&t.host, &board, gem, NULL, NULL, 0, 0, &rd, &d), -DTP_EREFUSED);
	assert_non_null(strstr(d.msg, "an Ethernet controller (node name \"ethernet@ff0e0000\")"));
	dtp_resolved_device_free(&rd);
	test_host_close(&t);
}

/* Bus masters by SoC data, binding class or DMA properties; the rest by
 * class, or unknown. Nodes shaped like the Raspberry Pi 4's GENET, the
 * i.MX8MM's FEC and an AXI DMA in a ZynqMP's programmable logic. */
static const char dma_shapes[] =
	"    genet: ethernet@7d580000 { compatible = \"brcm,bcm2711-genet-v5\"; reg = <0 0x7d580000 0 0x10000>;\n"
	"      interrupts = <0 157 4>, <0 158 4>; };\n"
	"    fec: ethernet@30be0000 { compatible = \"fsl,imx8mm-fec\", \"fsl,imx6sx-fec\";\n"
	"      reg = <0 0x30be0000 0 0x10000>; interrupts = <0 118 4>; };\n"
	"    pldma: dma@a0000000 { compatible = \"xlnx,axi-dma-1.00.a\"; reg = <0 0xa0000000 0 0x10000>;\n"
	"      interrupts = <0 89 4>; #dma-cells = <1>; };\n"
	"    serial@ff010000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff010000 0 0x1000>; interrupts = <0 22 4>; };\n"
	"    serial@ff020000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff020000 0 0x1000>; interrupts = <0 23 4>;\n"
	"      dmas = <&pldma 0>; };\n"
	"    mystery@a0010000 { compatible = \"vendor,mystery\"; reg = <0 0xa0010000 0 0x1000>; interrupts = <0 91 4>; };\n"
	"    usb@ff9d0000 { compatible = \"xlnx,zynqmp-dwc3\"; reg = <0 0xff9d0000 0 0x100>; interrupts = <0 65 4>;\n"
	"      #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"      usb@fe200000 { compatible = \"snps,dwc3\"; reg = <0 0xfe200000 0 0x40000>; interrupts = <0 65 4>; }; };\n";

static void test_dma_class(void **state)
{
	(void)state;
	struct test_host t;
	/* One tree with every shape, before the SD controller. */
	char *dts = tree(" #iommu-cells = <1>; status = \"disabled\";", "", "", 1);
	char *at = strstr(dts, "    sd1:");
	char *full = malloc(strlen(dts) + sizeof(dma_shapes));
	memcpy(full, dts, (size_t)(at - dts));
	strcpy(full + (at - dts), dma_shapes);
	strcat(full, at);
	free(dts);
	assert_int_equal(open_tree(&t, full), 0);
	struct {
		const char *path;
		enum dtp_dma_kind kind;
		const char *why;
	} want[] = {
		{ "/axi/ethernet@7d580000", DTP_DMA_YES, "an Ethernet controller (compatible \"brcm,bcm2711-genet-v5\")" },
		{ "/axi/ethernet@30be0000", DTP_DMA_YES, "an Ethernet controller (compatible \"fsl,imx8mm-fec\")" },
		{ "/axi/dma@a0000000", DTP_DMA_YES, "a DMA engine (compatible \"xlnx,axi-dma-1.00.a\")" },
		{ "/axi/serial@ff010000", DTP_DMA_NO, "a UART" },
		{ "/axi/serial@ff020000", DTP_DMA_YES, "it has `dmas`" },
		{ "/axi/mystery@a0010000", DTP_DMA_UNKNOWN, "does not know its class" },
		{ "/axi/usb@ff9d0000", DTP_DMA_NO, "a wrapper: its child /axi/usb@ff9d0000/usb@fe200000" },
		{ "/axi/usb@ff9d0000/usb@fe200000", DTP_DMA_YES, "a USB controller" },
		{ "/axi/mmc@ff170000", DTP_DMA_YES, "an SD/MMC controller (node name" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct dtp_dma_class c;
		dtp_policy_dma_class(t.host.ix, node_of(&t, want[i].path), &c);
		if (c.kind != want[i].kind || !strstr(c.why, want[i].why))
			fail_msg("%s: kind %d \"%s\", want %d \"%s\"", want[i].path, c.kind, c.why, want[i].kind,
				 want[i].why);
	}
	/* The memo a loop over every node uses answers as the table does, for
	 * every node of the tree, asked twice (the second time from the memo). */
	struct dtp_dma_memo *memo = dtp_dma_memo_new();
	for (int round = 0; round < 2; round++)
		for (int n = 0; n < dtp_index_count(t.host.ix); n++) {
			struct dtp_dma_class plain, memoised;
			dtp_policy_dma_class(t.host.ix, n, &plain);
			dtp_policy_dma_class_memo(memo, t.host.ix, n, &memoised);
			assert_int_equal(plain.kind, memoised.kind);
			assert_int_equal(plain.via_dmas, memoised.via_dmas);
			assert_string_equal(plain.why, memoised.why);
		}
	dtp_dma_memo_free(memo);

	/* Given to a guest: each master without a stream ID is refused, with
	 * --force-no-iommu given unprotected, with --sid put behind the SMMU. */
	struct dtp_board board = { 0 };
	struct dtp_diag d;
	const char *masters[] = { "/axi/ethernet@7d580000", "/axi/ethernet@30be0000", "/axi/dma@a0000000" };
	const uint32_t sid[] = { 0x880 };
	for (int i = 0; i < 3; i++) {
		int node = node_of(&t, masters[i]);
		struct dtp_resolved_device rd;
		assert_int_equal(dtp_resolve_device(&t.host, &board, node, NULL, NULL, 0, 0, &rd, &d), -DTP_EREFUSED);
		assert_non_null(strstr(d.msg, "--sid"));
		assert_non_null(strstr(d.msg, "--force-no-iommu"));
		dtp_resolved_device_free(&rd);
		assert_int_equal(dtp_resolve_device(&t.host, &board, node, NULL, NULL, 0, 1, &rd, &d), 0);
		assert_true(rd.smmu.unprotected);
		assert_true(rd.smmu.dma_capable);
		assert_false(rd.smmu.behind_smmu);
		dtp_resolved_device_free(&rd);
		assert_int_equal(dtp_resolve_device(&t.host, &board, node, NULL, sid, 1, 0, &rd, &d), 0);
		assert_true(rd.smmu.behind_smmu);
		assert_true(rd.smmu.enable);
		dtp_resolved_device_free(&rd);
	}
	/* A UART is no master; an unknown class is assumed none (resolve warns). */
	struct dtp_resolved_device rd;
	assert_int_equal(dtp_resolve_device(&t.host, &board, node_of(&t, "/axi/serial@ff010000"), NULL, NULL, 0, 0,
					    &rd, &d), 0);
	assert_false(rd.smmu.dma_capable);
	dtp_resolved_device_free(&rd);
	assert_int_equal(dtp_resolve_device(&t.host, &board, node_of(&t, "/axi/mystery@a0010000"), NULL, NULL, 0, 0,
					    &rd, &d), 0);
	assert_false(rd.smmu.dma_capable);
	assert_int_equal(rd.smmu.dma.kind, DTP_DMA_UNKNOWN);
	dtp_resolved_device_free(&rd);
	test_host_close(&t);
}

/* dom0 keeps its masters: a plan that enables the SMMU registers every
 * enabled master that stays with dom0 (stream IDs from the board data),
 * lists it in the stream table, or refuses naming each it cannot. */
static void test_dom0_masters_registered(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(open_tree(&t, tree(" #iommu-cells = <1>; status = \"disabled\";", "", "", 1)), 0);
	int sd = node_of(&t, "/axi/mmc@ff170000");
	/* Board data: the SD controller's stream ID, none for the GEM. */
	uint32_t sd_sid[] = { 0x871 };
	struct dtp_board_device bdev = { 0xff170000, NULL, sd_sid, 1, NULL, 0 };
	struct dtp_board board = { 0 };
	board.devices = &bdev;
	board.n_devices = 1;
	struct dtp_plan plan = { 0 };
	struct dtp_plan_device *pd = dtp_plan_add_device(dtp_plan_domain(&plan, 1, 1), "/axi/ethernet@ff0e0000");
	dtp_plan_set_sids(pd, (const uint32_t[]){ 0x877 }, 1);
	struct dtp_resolved r;
	assert_int_equal(dtp_resolve_plan(&t.host, &board, &plan, &r, &d), 0);
	assert_int_equal(r.n_dom0, 1);
	assert_int_equal(r.dom0[0].dev.node, sd);
	assert_int_equal(r.dom0[0].n_sids, 1);
	assert_int_equal(r.dom0[0].sids[0], 0x871);
	assert_int_equal(r.dom0[0].smmu.sid_source, DTP_SID_BOARD);
	/* The host edits register it as the guest's GEM is registered. */
	struct dtp_host_edits e = { 0 };
	struct dtp_smmu_edits w;
	dtp_smmu_edits_build(&t.host, &r, &e, &w);
	int sd_iommus = 0;
	for (int i = 0; i < e.n_props; i++)
		sd_iommus |= e.props[i].node == sd && strcmp(e.props[i].name, "iommus") == 0 && e.props[i].len == 8;
	assert_true(sd_iommus);
	int noted = 0;
	for (int i = 0; i < w.n_notes; i++)
		noted |= strstr(w.notes[i], "registered dom0's /axi/mmc@ff170000") != NULL;
	assert_true(noted);
	/* `dtpart smmu`: dom0's SD first, then the guest's GEM. */
	struct dtp_devlist dl;
	dtp_devlist_build(&t.host, &dl);
	struct dtp_smmu_model m;
	assert_int_equal(dtp_smmu_model_build(&t.host, &dl, &plan, &r, &m, &d), 0);
	assert_int_equal(m.n_rows, 2);
	assert_string_equal(m.rows[0].path, "/axi/mmc@ff170000");
	assert_int_equal(m.rows[0].domain, 0);
	assert_int_equal(m.rows[1].domain, 1);
	dtp_smmu_model_free(&m);
	dtp_devlist_free(&dl);
	dtp_smmu_edits_free(&w);
	dtp_host_edits_free(&e);
	dtp_resolved_free(&r);

	/* Without the board data the SD controller has no stream ID: refused,
	 * named, with the fix; and nothing for dom0 without a plan. */
	struct dtp_board none = { 0 };
	assert_int_equal(dtp_resolve_plan(&t.host, &none, &plan, &r, &d), -DTP_EREFUSED);
	assert_non_null(strstr(d.msg, "/axi/mmc@ff170000 (an SD/MMC controller"));
	assert_non_null(strstr(d.msg, "Unlike Linux, generate a fault when no mapping is found"));
	assert_non_null(strstr(d.fix, "iommus = <&smmu SID>"));
	dtp_resolved_free(&r);
	struct dtp_plan empty = { 0 };
	assert_int_equal(dtp_resolve_plan(&t.host, &none, &empty, &r, &d), 0);
	assert_int_equal(r.n_dom0, 0);
	dtp_resolved_free(&r);
	dtp_plan_free(&plan);
	test_host_close(&t);
}

static void test_no_stream_id_dropped(void **state)
{
	(void)state;
	/* A master's 16 stream IDs (Xen's most) all reach the resolved set; 20
	 * are refused with a message, never cut to a part. */
	for (int want = 16; want <= 20; want += 4) {
		char gem[1024] = " iommus = <&smmu 0x800>";
		for (int i = 1; i < want; i++)
			snprintf(gem + strlen(gem), sizeof(gem) - strlen(gem), ", <&smmu 0x%x>", 0x800 + i);
		strcat(gem, ";");
		struct test_host t;
		struct dtp_diag d;
		struct dtp_board board = { 0 };
		assert_int_equal(open_tree(&t, tree(" #iommu-cells = <1>;", "", gem, 1)), 0);
		struct dtp_resolved_device rd;
		int rc = dtp_resolve_device(&t.host, &board, node_of(&t, "/axi/ethernet@ff0e0000"), NULL,
					    NULL, 0, 0, &rd, &d);
		assert_int_equal(rd.n_sids, want);
		for (int i = 0; i < want; i++)
			assert_int_equal(rd.sids[i], 0x800u + (unsigned)i);
		if (want == 16) {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, -DTP_EREFUSED);
			assert_non_null(strstr(d.msg, "20 stream IDs"));
		}
		dtp_resolved_device_free(&rd);
		test_host_close(&t);
	}
	/* And all of them reach the SMMU model, in masters of its size. */
	struct smmu_desc desc;
	smmu_desc_zynqmp(&desc);
	struct smmu *s = malloc(sizeof(*s));
	smmu_init(s, &desc);
	uint32_t ids[SMMU_MAX_MASTER_SIDS + 3];
	int n = (int)(sizeof(ids) / sizeof(ids[0]));
	for (int i = 0; i < n; i++)
		ids[i] = 0x100u + (uint32_t)i;
	int master, n_masters;
	assert_int_equal(dtp_smmu_add_streams(s, "/dev", ids, NULL, n, &master, &n_masters), 0);
	assert_int_equal(n_masters, 2);
	int seen = 0;
	for (int k = 0; k < n_masters; k++)
		for (int i = 0; i < s->masters[master + k].n_ids; i++)
			assert_int_equal(s->masters[master + k].ids[i], ids[seen++]);
	assert_int_equal(seen, n);
	free(s);
}

/* A device passthrough has built for its refusals is taken over by the
 * resolved set, not built again; the same device as dtp_resolve_plan gives. */
static void test_given_device_resolved_once(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	struct dtp_board board = { 0 };
	assert_int_equal(open_tree(&t, tree(" #iommu-cells = <1>;", " iommus = <&smmu 0x871>;", "", 1)), 0);
	int gem = node_of(&t, "/axi/ethernet@ff0e0000");
	struct dtp_device given = { 0 };
	assert_int_equal(dtp_resolve_node(&t.host, gem, &given, &d), 0);
	const struct dtp_range *regs = given.regs;
	struct dtp_plan plan = { 0 };
	struct dtp_plan_device *pd = dtp_plan_add_device(dtp_plan_domain(&plan, 1, 1), "/axi/ethernet@ff0e0000");
	dtp_plan_set_sids(pd, gem_sid, 1);
	struct dtp_resolved r, again;
	assert_int_equal(dtp_resolve_plan_given(&t.host, &board, &plan, &given, 1, &r, &d), 0);
	assert_int_equal(r.n, 1);
	assert_ptr_equal(r.devs[0].dev.regs, regs);     /* moved, not rebuilt */
	assert_null(given.path);                        /* and left empty */
	assert_int_equal(dtp_resolve_plan(&t.host, &board, &plan, &again, &d), 0);
	assert_int_equal(r.devs[0].dev.n_regs, again.devs[0].dev.n_regs);
	assert_int_equal(r.devs[0].dev.regs[0].addr, again.devs[0].dev.regs[0].addr);
	assert_int_equal(r.devs[0].n_sids, again.devs[0].n_sids);
	assert_int_equal(r.devs[0].sids[0], again.devs[0].sids[0]);
	assert_int_equal(r.devs[0].smmu.behind_smmu, again.devs[0].smmu.behind_smmu);
	dtp_device_free(&given);
	dtp_resolved_free(&r);
	dtp_resolved_free(&again);
	dtp_plan_free(&plan);
	test_host_close(&t);
}

/* The arithmetic Xen and xl do, in its one home. */
static void test_xen_arithmetic(void **state)
{
	(void)state;
	uint32_t id = 0;
	assert_int_equal(dtp_gic_id(0, 63, &id), 0);
	assert_int_equal(id, 95);                       /* GEM3: SPI 63 -> 95 */
	assert_int_equal(dtp_gic_id(1, 13, &id), 0);
	assert_int_equal(id, 29);                       /* a PPI: + 16 */
	assert_int_equal(dtp_gic_id(0, 987, &id), 0);
	assert_int_equal(id, 1019);
	assert_int_equal(dtp_gic_id(0, 988, &id), -1);  /* past the GIC's 1020 IDs */
	assert_int_equal(dtp_gic_id(1, 16, &id), -1);
	assert_int_equal(dtp_gic_id(2, 0, &id), -1);
	/* Every page a range touches: one page, then a range over a boundary. */
	struct xlcfg_iomem m = dtp_iomem_of_range(0xff0e0000, 0x1000);
	assert_int_equal(m.pfn, 0xff0e0);
	assert_int_equal(m.npages, 1);
	m = dtp_iomem_of_range(0xff0e0ff0, 0x20);
	assert_int_equal(m.pfn, 0xff0e0);
	assert_int_equal(m.npages, 2);
	char text[64];
	m = dtp_iomem_of_range(0xfd800000, 0x20000);
	xlcfg_format_iomem(&m, text, sizeof(text));
	assert_string_equal(text, "0xfd800,0x20");      /* hex NPAGES, prefixed from 10 on */
	uint64_t base, len;
	dtp_page_span(0xff0e0ff0, 0x20, &base, &len);
	assert_int_equal(base, 0xff0e0000);
	assert_int_equal(len, 0x2000);
	assert_int_equal(dtp_pages_up(0x1001), 2);      /* dom0less xen,reg: PFN_UP(size) */
	assert_int_equal(dtp_pfn_of(0xff0e0abc), 0xff0e0);
	assert_int_equal(DTP_GUEST_GIC_PHANDLE, 65000);
}

/* One diagnostic builder: every part in its place, and kept apart. */
static void test_diagnostic_builder(void **state)
{
	(void)state;
	struct dtp_diag d;
	struct dtp_problem p = { "dom1.cfg", "/axi/serial@ff010000", 3, "IRQ 54 is already used",
				 "give the device to one domain" };
	assert_int_equal(dtp_report(&d, DTP_ECHECK, &p, "irq %u reserved twice", 54u), -DTP_ECHECK);
	assert_string_equal(d.msg, "dom1.cfg:3: /axi/serial@ff010000: irq 54 reserved twice "
			    "(Xen: \"IRQ 54 is already used\"); give the device to one domain");
	assert_string_equal(d.file, "dom1.cfg");
	assert_int_equal(d.line, 3);
	assert_string_equal(d.fix, "give the device to one domain");
	struct dtp_problem bare = { NULL, NULL, 0, NULL, NULL };
	dtp_report(&d, DTP_EREFUSED, &bare, "refused");
	assert_string_equal(d.msg, "refused");
	assert_string_equal(d.file, "");
	/* A message longer than the buffer is cut, never overrun. */
	char big[3 * DTP_DIAG_LEN];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct dtp_problem fixed = { NULL, NULL, 0, NULL, big };
	dtp_report(&d, DTP_EREFUSED, &fixed, "%s", "what");
	assert_int_equal(strlen(d.msg), DTP_DIAG_LEN - 1);
	dtp_fail(&d, DTP_EIO, "plain");
	assert_string_equal(d.msg, "plain");
	assert_string_equal(d.fix, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_smmu_is_enabled_for_a_dma_master),
		cmocka_unit_test(test_legacy_binding_is_kept),
		cmocka_unit_test(test_dma_master_without_smmu),
		cmocka_unit_test(test_dma_class),
		cmocka_unit_test(test_dom0_masters_registered),
		cmocka_unit_test(test_no_stream_id_dropped),
		cmocka_unit_test(test_given_device_resolved_once),
		cmocka_unit_test(test_xen_arithmetic),
		cmocka_unit_test(test_diagnostic_builder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
