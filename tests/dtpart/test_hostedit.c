/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host tree's edits, two ways: patched into the index (what the checks
 * read before anything is written) and applied to the blob in place (what is
 * written). Both must describe the same tree. */
#include "testutil.h"
#include "hostwrite.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A node's property names in blob order, joined by spaces. */
static void prop_names(const void *fdt, const char *path, char *out, size_t len)
{
	int node = fdt_path_offset(fdt, path), off;
	assert_true(node >= 0);
	out[0] = '\0';
	fdt_for_each_property_offset(off, fdt, node) {
		const char *name;
		fdt_getprop_by_offset(fdt, off, &name, NULL);
		strncat(out, name, len - strlen(out) - 2);
		strcat(out, " ");
	}
}

static void test_patch_changes_lookups_only(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	struct dtp_index *ix = t.host.ix;
	int uart = node_of(&t, "/axi/serial@ff010000"), gem = node_of(&t, "/axi/ethernet@ff0e0000");
	/* A name no node of the tree has yet. */
	assert_int_equal(dtp_index_atom(ix, "xen,passthrough"), -1);
	dtp_index_patch(ix, uart, "xen,passthrough", "", 0);
	int len = 7;
	assert_non_null(dtp_index_prop(ix, uart, "xen,passthrough", &len));
	assert_int_equal(len, 0);
	assert_null(dtp_index_prop(ix, gem, "xen,passthrough", NULL));
	/* Deleting and replacing. */
	dtp_index_patch(ix, gem, "iommus", NULL, 0);
	assert_null(dtp_index_prop(ix, gem, "iommus", &len));
	assert_int_equal(len, -1);
	static const char okay[] = "okay";
	dtp_index_patch(ix, gem, "status", okay, 5);
	assert_string_equal(dtp_index_prop(ix, gem, "status", NULL), "okay");
	/* The last patch of a name wins. */
	static const char off[] = "disabled";
	dtp_index_patch(ix, gem, "status", off, 9);
	assert_string_equal(dtp_index_prop(ix, gem, "status", NULL), "disabled");
	/* A new phandle is found by the phandle lookup. */
	fdt32_t ph = cpu_to_fdt32(0x4242);
	assert_int_equal(dtp_index_by_phandle(ix, 0x4242), -1);
	dtp_index_patch(ix, uart, "phandle", &ph, 4);
	assert_int_equal(dtp_index_by_phandle(ix, 0x4242), uart);
	/* The blob itself is untouched. */
	assert_null(fdt_getprop(t.blob.fdt, dtp_node_offset(ix, uart), "xen,passthrough", NULL));
	test_host_close(&t);
}

/* Names looked up from one buffer reused for different names must not be
 * answered from the address-keyed cache. */
static void test_atom_cache_follows_text(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	const struct dtp_index *ix = t.host.ix;
	int gem = node_of(&t, "/axi/ethernet@ff0e0000");
	char name[32];
	strcpy(name, "reg");
	int reg_len, irq_len;
	assert_non_null(dtp_index_prop(ix, gem, name, &reg_len));
	strcpy(name, "interrupts");
	assert_non_null(dtp_index_prop(ix, gem, name, &irq_len));
	assert_int_equal(reg_len, 16);
	assert_int_equal(irq_len, 24);
	strcpy(name, "no-such-property");
	assert_null(dtp_index_prop(ix, gem, name, NULL));
	strcpy(name, "reg");
	assert_non_null(dtp_index_prop(ix, gem, name, NULL));
	test_host_close(&t);
}

static void emit_child(struct dtp_fdtw *w, void *ctx)
{
	dtp_fdtw_begin_node(w, ctx);
	dtp_fdtw_prop_str(w, "compatible", "xen,domain");
	dtp_fdtw_begin_node(w, "module@1000");
	dtp_fdtw_prop_u32(w, "n", 1);
	dtp_fdtw_end_node(w);
	dtp_fdtw_begin_node(w, "module@2000");
	dtp_fdtw_prop_u32(w, "n", 2);
	dtp_fdtw_end_node(w);
	dtp_fdtw_end_node(w);
}

static void test_rewrite_in_place(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	const struct dtp_index *ix = t.host.ix;
	int uart = node_of(&t, "/axi/serial@ff010000"), gem = node_of(&t, "/axi/ethernet@ff0e0000");
	char before_gem[512], before_uart[512], after[512];
	prop_names(t.blob.fdt, "/axi/ethernet@ff0e0000", before_gem, sizeof(before_gem));
	prop_names(t.blob.fdt, "/axi/serial@ff010000", before_uart, sizeof(before_uart));
	struct dtp_host_edits e = { 0 };
	static const fdt32_t sid[2] = { 0, 0 };
	dtp_host_edit_prop(&e, uart, "xen,passthrough", "", 0);
	dtp_host_edit_prop(&e, uart, "xen,extra", "a", 2);
	dtp_host_edit_prop(&e, gem, "iommus", sid, 8);   /* replaced in place */
	dtp_host_edit_prop(&e, gem, "phy-handle", NULL, 0); /* deleted */
	dtp_host_edit_prop(&e, gem, "no-such", NULL, 0);    /* deleting nothing */
	static char domu1[] = "domU1", domu2[] = "domU2";  /* the generator's context is writable */
	dtp_host_edit_child(&e, dtp_index_chosen(ix), emit_child, domu1);
	dtp_host_edit_child(&e, dtp_index_chosen(ix), emit_child, domu2);
	void *blob = t.blob.fdt;
	size_t len;
	t.blob.fdt = NULL;
	assert_int_equal(dtp_host_rewrite(ix, &e, &blob, &len), 0);
	assert_int_equal(fdt_check_full(blob, len), 0);
	/* New properties first, in the order given; the rest as they were. */
	prop_names(blob, "/axi/serial@ff010000", after, sizeof(after));
	char want[600];
	snprintf(want, sizeof(want), "xen,passthrough xen,extra %s", before_uart);
	assert_string_equal(after, want);
	prop_names(blob, "/axi/ethernet@ff0e0000", after, sizeof(after));
	char *ph = strstr(before_gem, "phy-handle ");
	assert_non_null(ph);
	memmove(ph, ph + strlen("phy-handle "), strlen(ph + strlen("phy-handle ")) + 1);
	assert_string_equal(after, before_gem);
	int l;
	const fdt32_t *io = fdt_getprop(blob, fdt_path_offset(blob, "/axi/ethernet@ff0e0000"), "iommus", &l);
	assert_int_equal(l, 8);
	assert_int_equal(fdt32_ld(&io[1]), 0);
	/* Children in the order given, with their own children in order. */
	int chosen = fdt_path_offset(blob, "/chosen"), c1 = fdt_first_subnode(blob, chosen);
	assert_string_equal(fdt_get_name(blob, c1, NULL), "domU1");
	assert_string_equal(fdt_get_name(blob, fdt_next_subnode(blob, c1), NULL), "domU2");
	int m = fdt_first_subnode(blob, c1);
	assert_string_equal(fdt_get_name(blob, m, NULL), "module@1000");
	assert_string_equal(fdt_get_name(blob, fdt_next_subnode(blob, m), NULL), "module@2000");
	assert_string_equal(fdt_getprop(blob, chosen, "xen,xen-bootargs", NULL),
			    "console=dtuart dtuart=serial0 dom0_mem=512M");
	/* A node nobody edited is unchanged. */
	prop_names(blob, "/timer", after, sizeof(after));
	assert_string_equal(after, "compatible interrupts ");
	dtp_host_edits_free(&e);
	free(blob);
	test_host_close(&t);
}

/* Nodes taken out (dom0 modules `dtpart host` replaces): with their
 * children and whatever other edits named them; edits of nodes after them
 * in the blob still land; a node added under the same parent may take a
 * deleted one's name. */
static void test_rewrite_deletes_nodes(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	const struct dtp_index *ix = t.host.ix;
	int fw = node_of(&t, "/firmware"), clk = node_of(&t, "/firmware/clock-controller");
	int timer = node_of(&t, "/timer"), uart = node_of(&t, "/axi/serial@ff010000");
	struct dtp_host_edits e = { 0 };
	dtp_host_edit_prop(&e, clk, "xen,moot", "", 0);
	dtp_host_edit_delete(&e, fw);
	dtp_host_edit_prop(&e, uart, "xen,passthrough", "", 0);
	dtp_host_edit_delete(&e, timer);
	dtp_host_edit_prop(&e, timer, "xen,moot", "", 0);
	dtp_host_edit_prop(&e, 0, "xen,root", "r", 2);
	static char again[] = "timer";
	dtp_host_edit_child(&e, 0, emit_child, again);
	void *blob = t.blob.fdt;
	size_t len;
	t.blob.fdt = NULL;
	assert_int_equal(dtp_host_rewrite(ix, &e, &blob, &len), 0);
	assert_int_equal(fdt_check_full(blob, len), 0);
	assert_int_equal(fdt_path_offset(blob, "/firmware"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(blob, "/firmware/clock-controller"), -FDT_ERR_NOTFOUND);
	int tn = fdt_path_offset(blob, "/timer");
	assert_true(tn >= 0);
	assert_string_equal(fdt_getprop(blob, tn, "compatible", NULL), "xen,domain");
	assert_null(fdt_getprop(blob, tn, "xen,moot", NULL));
	assert_true(fdt_path_offset(blob, "/timer/module@2000") >= 0);
	assert_non_null(fdt_getprop(blob, fdt_path_offset(blob, "/axi/serial@ff010000"), "xen,passthrough", NULL));
	assert_string_equal(fdt_getprop(blob, 0, "xen,root", NULL), "r");
	assert_true(fdt_path_offset(blob, "/clock-100") >= 0);
	assert_true(fdt_path_offset(blob, "/chosen") >= 0);
	dtp_host_edits_free(&e);
	free(blob);
	test_host_close(&t);
}

/* The check reads the patched model; Xen boots the rewritten blob: the
 * device models must agree, resource for resource. */
static void test_patched_model_matches_rewritten_tree(void **state)
{
	(void)state;
	struct test_host t;
	struct dtp_diag d;
	assert_int_equal(test_host_open(&t, zynqmp_mini_dts, &d), 0);
	int uart = node_of(&t, "/axi/serial@ff010000"), gem = node_of(&t, "/axi/ethernet@ff0e0000");
	struct dtp_host_edits e = { 0 };
	dtp_host_edit_prop(&e, uart, "xen,passthrough", "", 0);
	dtp_host_edit_prop(&e, gem, "xen,passthrough", "", 0);
	fdt32_t iommus[2];
	iommus[0] = cpu_to_fdt32(dtp_node_phandle(t.host.ix, t.host.smmus[0].node));
	iommus[1] = cpu_to_fdt32(0x876);
	dtp_host_edit_prop(&e, gem, "iommus", iommus, 8);
	for (int i = 0; i < e.n_props; i++)
		dtp_index_patch(t.host.ix, e.props[i].node, e.props[i].name, e.props[i].value,
			       e.props[i].len);
	assert_int_equal(dtp_host_rescan_smmus(&t.host, &d), 0);
	struct dtp_device patched[2] = { { 0 } }, written[2] = { { 0 } };
	int nodes[2] = { uart, gem };
	for (int i = 0; i < 2; i++)
		assert_int_equal(dtp_device_build(&t.host, nodes[i], &patched[i], &d), 0);
	void *blob = t.blob.fdt;
	size_t len;
	t.blob.fdt = NULL;
	assert_int_equal(dtp_host_rewrite(t.host.ix, &e, &blob, &len), 0);
	struct dtp_host w;
	memset(&w, 0, sizeof(w));
	assert_int_equal(dtp_index_build(blob, "rewritten", &w.ix, &d), 0);
	assert_int_equal(dtp_host_scan(&w, &d), 0);
	const char *paths[2] = { "/axi/serial@ff010000", "/axi/ethernet@ff0e0000" };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(dtp_device_build(&w, dtp_index_by_path(w.ix, paths[i]), &written[i], &d), 0);
		assert_true(patched[i].has_passthrough_flag);
		assert_int_equal(patched[i].has_passthrough_flag, written[i].has_passthrough_flag);
		assert_int_equal(patched[i].n_regs, written[i].n_regs);
		assert_memory_equal(patched[i].regs, written[i].regs, sizeof(patched[i].regs[0]) * (size_t)patched[i].n_regs);
		assert_int_equal(patched[i].n_irqs, written[i].n_irqs);
		assert_memory_equal(patched[i].irqs, written[i].irqs, sizeof(patched[i].irqs[0]) * (size_t)patched[i].n_irqs);
		assert_int_equal(patched[i].n_sids, written[i].n_sids);
		for (int k = 0; k < patched[i].n_sids; k++)
			assert_int_equal(patched[i].sids[k].id, written[i].sids[k].id);
	}
	assert_int_equal(patched[1].sids[0].id, 0x876);
	for (int i = 0; i < 2; i++) {
		dtp_device_free(&patched[i]);
		dtp_device_free(&written[i]);
	}
	dtp_host_free(&w);
	dtp_host_edits_free(&e);
	free(blob);
	test_host_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patch_changes_lookups_only),
		cmocka_unit_test(test_atom_cache_follows_text),
		cmocka_unit_test(test_rewrite_in_place),
		cmocka_unit_test(test_rewrite_deletes_nodes),
		cmocka_unit_test(test_patched_model_matches_rewritten_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
