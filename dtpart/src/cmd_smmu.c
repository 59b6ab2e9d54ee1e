/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart smmu`: the stream table Xen's SMMU driver will build for the host
 * tree and every domain in the outputs, checked by programming a simulated
 * MMU-500 and routing every stream ID through it. */
#include "commands.h"
#include "report.h"
#include "smmumodel.h"
#include "xalloc.h"

#include <iommu/smmu_prog.h>
#include <iommu/smmu_sim.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dtp_cmd_smmu(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_resolved r;
	struct dtp_smmu_model m = { 0 };
	dtp_plan_normalise(&s->plan);
	const struct dtp_devlist *dl = dtp_session_devices(s);
	int rc = dtp_resolve_plan(&s->host, &s->board, &s->plan, &r, diag);
	if (!rc)
		rc = dtp_smmu_model_build(&s->host, dl, &s->plan, &r, &m, diag);
	if (rc) {
		dtp_resolved_free(&r);
		return rc;
	}
	json_t *rows = s->opt->json ? json_array() : NULL;
	struct smmu_sim *sim = NULL;
	if (m.smmu) {
		/* Program a simulated MMU-500 from the allocation and ask it where
		 * each stream goes: the table below is what the registers say. */
		sim = dtp_xmalloc(sizeof(*sim));
		struct smmu_s2_params p[SMMU_MAX_CBS];
		for (int i = 0; i < SMMU_MAX_CBS; i++)
			p[i] = (struct smmu_s2_params){ 0x100000000ull + (uint64_t)i * 0x2000, 40, 1, 48 };
		smmu_sim_init(sim, m.smmu->desc.base);
		struct mmio_bus bus = smmu_sim_bus(sim);
		smmu_hw_program_all(&bus, m.smmu, p);
	}
	if (!m.smmu && !rows)
		printf("no enabled SMMU in %s: no stream is translated\n", s->host_path);
	/* The DEVICE column as wide as its longest path. */
	int path_w = 6;
	for (int i = 0; m.smmu && i < m.n_rows; i++)
		if ((int)strlen(m.rows[i].path) > path_w)
			path_w = (int)strlen(m.rows[i].path);
	if (m.smmu && !rows) {
		printf("# SMMU %s: %u stream-match groups, %u context banks\n", m.smmu_path,
		       m.smmu->desc.num_smrs, m.smmu->desc.num_cbs);
		printf("%-8s %-6s %-*s %-8s %-5s %-4s %-5s %s\n", "SID", "MASK", path_w, "DEVICE", "DOMAIN", "SMR",
		       "CB", "VMID", "ROUTE (simulated registers)");
	}
	for (int i = 0; m.smmu && i < m.n_rows; i++) {
		const struct dtp_smmu_row *row = &m.rows[i];
		char dom[16], why[512] = "";
		snprintf(dom, sizeof(dom), row->domain ? "dom%d" : "dom0", row->domain);
		if (row->error)
			dtp_smmu_explain(row, why, sizeof(why));
		else if (row->unmapped)
			snprintf(why, sizeof(why), "no stream mapping, its DMA faults (Xen makes the SMMU fault "
				 "unmatched streams): it can master the bus (%s); give it its stream ID "
				 "(`iommus`, or --sid when passing it through)", row->master_why);
		struct smmu_sim_result t = { 0 };
		if (!row->error && !row->unmapped)
			t = smmu_sim_translate(sim, row->sid);
		int mismatch = !row->error && t.route == SMMU_ROUTE_TRANSLATE && t.cb != row->cb;
		if (rows) {
			char sid[16], mask[16];
			snprintf(sid, sizeof(sid), "0x%x", row->sid);
			snprintf(mask, sizeof(mask), "0x%x", row->mask);
			json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "sid", sid, "mask", mask, "device", row->path,
					      "domain", (json_int_t)row->domain);
			if (row->unmapped) {
				json_object_set_new(o, "sid", json_null());
				json_object_set_new(o, "mask", json_null());
				json_object_set_new(o, "unmapped_because", json_string(why));
			} else if (row->error) {
				json_object_set_new(o, "refused_because", json_string(why));
			} else {
				json_object_set_new(o, "smr", json_integer(row->smr));
				json_object_set_new(o, "context_bank", json_integer(row->cb));
				json_object_set_new(o, "vmid", json_integer(row->vmid));
				json_object_set_new(o, "route", json_string(smmu_route_name(t.route)));
				if (mismatch)
					json_object_set_new(o, "routed_to_bank", json_integer(t.cb));
			}
			json_array_append_new(rows, o);
		} else if (row->unmapped) {
			printf("%-8s %-6s %-*s %-8s UNMAPPED: %s\n", "-", "-", path_w, row->path, dom, why);
		} else if (row->error) {
			printf("0x%-6x 0x%-4x %-*s %-8s REFUSED: %s\n", row->sid, row->mask, path_w, row->path, dom, why);
		} else {
			printf("0x%-6x 0x%-4x %-*s %-8s %-5d %-4d %-5d %s", row->sid, row->mask, path_w, row->path, dom,
			       row->smr, row->cb, row->vmid, smmu_route_name(t.route));
			if (mismatch)
				printf(" (bank %d: MISMATCH)", t.cb);
			printf("\n");
		}
	}
	if (rows) {
		json_t *root = json_object();
		json_object_set_new(root, "host", json_string(s->host_path));
		json_object_set_new(root, "smmu", m.smmu ? json_string(m.smmu_path) : json_null());
		if (m.smmu) {
			json_object_set_new(root, "stream_match_groups", json_integer(m.smmu->desc.num_smrs));
			json_object_set_new(root, "context_banks", json_integer(m.smmu->desc.num_cbs));
		}
		json_object_set_new(root, "streams", rows);
		json_object_set_new(root, "refused", json_integer(m.smmu ? m.n_errors : 0));
		json_object_set_new(root, "unmapped", json_integer(m.smmu ? m.n_unmapped : 0));
		rc = dtp_report_json_print(root, diag);
	}
	if (m.smmu && m.n_errors)
		rc = dtp_fail(diag, DTP_ECHECK, "%d master(s) cannot be given their stream-match "
			      "entries or context bank (see %s)", m.n_errors,
			      rows ? "refused_because" : "REFUSED above");
	else if (m.smmu && m.n_unmapped)
		rc = dtp_fail(diag, DTP_ECHECK, "%d bus master(s) have no stream mapping on %s, which "
			      "faults their DMA (see %s)", m.n_unmapped, m.smmu_path,
			      rows ? "unmapped_because" : "UNMAPPED above");
	free(sim);
	dtp_smmu_model_free(&m);
	dtp_resolved_free(&r);
	return rc;
}
