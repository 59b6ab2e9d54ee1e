/* `dtpart smmu`: the stream table Xen's SMMU driver will build for the host
 * tree and every domain in the outputs, checked by programming a simulated
 * MMU-500 and routing every stream ID through it. */
#include "commands.h"
#include "smmumodel.h"
#include "xalloc.h"

#include <iommu/smmu_prog.h>
#include <iommu/smmu_sim.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_smmu(struct dtp_session *s, struct dtp_diag *diag)
{
	struct dtp_resolved r;
	struct dtp_smmu_model m = { 0 };
	plan_normalise(&s->plan);
	const struct dtp_devlist *dl = session_devices(s, diag);
	if (!dl)
		return -DTP_ENOMEM;
	int rc = dtp_resolve_plan(&s->host, &s->board, &s->plan, &r, diag);
	if (!rc)
		rc = dtp_smmu_model_build(&s->host, dl, &s->plan, &r, &m, diag);
	if (rc) {
		dtp_resolved_free(&r);
		return rc;
	}
	if (!m.smmu) {
		printf("no enabled SMMU in %s: no stream is translated\n", s->host_path);
	} else {
		/* Program a simulated MMU-500 from the allocation and ask it where
		 * each stream goes: the table below is what the registers say. */
		struct smmu_sim *sim = dtp_xmalloc(sizeof(*sim));
		struct smmu_s2_params p[SMMU_MAX_CBS];
		for (int i = 0; i < SMMU_MAX_CBS; i++)
			p[i] = (struct smmu_s2_params){ 0x100000000ull + (uint64_t)i * 0x2000, 40, 1, 48 };
		smmu_sim_init(sim, m.smmu->desc.base);
		struct mmio_bus bus = smmu_sim_bus(sim);
		smmu_hw_program_all(&bus, m.smmu, p);
		printf("# SMMU %s: %u stream-match groups, %u context banks\n", m.smmu_path,
		       m.smmu->desc.num_smrs, m.smmu->desc.num_cbs);
		printf("%-8s %-6s %-40s %-8s %-5s %-4s %-5s %s\n", "SID", "MASK", "DEVICE", "DOMAIN", "SMR",
		       "CB", "VMID", "ROUTE (simulated registers)");
		for (int i = 0; i < m.n_rows; i++) {
			const struct dtp_smmu_row *row = &m.rows[i];
			char dom[16];
			snprintf(dom, sizeof(dom), row->domain ? "dom%d" : "dom0", row->domain);
			if (row->error) {
				char why[512];
				dtp_smmu_explain(row, why, sizeof(why));
				printf("0x%-6x 0x%-4x %-40s %-8s REFUSED: %s\n", row->sid, row->mask, row->path, dom, why);
				continue;
			}
			struct smmu_sim_result t = smmu_sim_translate(sim, row->sid);
			printf("0x%-6x 0x%-4x %-40s %-8s %-5d %-4d %-5d %s", row->sid, row->mask, row->path, dom,
			       row->smr, row->cb, row->vmid, smmu_route_name(t.route));
			if (t.route == SMMU_ROUTE_TRANSLATE && t.cb != row->cb)
				printf(" (bank %d: MISMATCH)", t.cb);
			printf("\n");
		}
		if (m.n_errors)
			rc = dtp_fail(diag, DTP_ECHECK, "%d master(s) cannot be given their stream-match "
				      "entries or context bank (see REFUSED above)", m.n_errors);
		free(sim);
	}
	dtp_smmu_model_free(&m);
	dtp_resolved_free(&r);
	return rc;
}
