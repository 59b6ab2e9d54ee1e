/* `dtpart show DEVICE`: one device's resolved resources and what
 * passthrough would generate for it, or why it would be refused. */
#include "commands.h"
#include "lookup.h"
#include "report.h"
#include "resolve.h"

#include <stdio.h>
#include <string.h>

static int show_one(struct dtp_session *s, const char *name, struct dtp_diag *diag)
{
	const struct dtp_host *h = &s->host;
	const struct dtp_index *ix = &h->ix;
	int node = lookup_device(h, name, diag);
	if (node < 0)
		return node;
	struct dtp_device d = { 0 };
	int rc = device_build(h, node, &d, diag);
	if (rc) {
		device_free(&d);
		return rc;
	}
	char buf[2048];
	printf("device      %s\n", d.path);
	printf("compatible  %s\n", d.compatible ? d.compatible : "-");
	node_aliases(ix, node, buf, sizeof(buf));
	printf("aliases     %s\n", buf[0] ? buf : "-");
	node_labels(ix, node, buf, sizeof(buf));
	printf("labels      %s\n", buf[0] ? buf : "-");
	printf("status      %s\n", d.status_ok ? "okay" : "disabled");
	session_owner(s, node, buf, sizeof(buf));
	printf("owner       %s\n", buf);
	for (int i = 0; i < d.n_regs; i++)
		printf("mmio        0x%llx size 0x%llx\n", (unsigned long long)d.regs[i].addr,
		       (unsigned long long)d.regs[i].size);
	for (int i = 0; i < d.n_irqs; i++)
		printf("irq         %s %u -> GIC ID %u, %s\n", d.irqs[i].type ? "PPI" : "SPI",
		       d.irqs[i].number, d.irqs[i].id, irq_trigger_name(d.irqs[i].flags));
	for (int i = 0; i < d.n_sids; i++) {
		int en = 0;
		for (int k = 0; k < h->n_smmus; k++)
			if (h->smmus[k].node == d.sids[i].smmu)
				en = h->smmus[k].enabled;
		printf("stream id   0x%x mask 0x%x via %s (%s%s)\n", d.sids[i].id, d.sids[i].mask,
		       ix->nodes[d.sids[i].smmu].path, en ? "enabled" : "disabled",
		       d.sids_from_legacy ? ", legacy mmu-masters" : "");
	}
	/* The device as passthrough would resolve it, with the same options
	 * and the same policy: what is printed below is what it would do. */
	struct dtp_plan_device *pd = NULL;
	plan_owner(&s->plan, d.path, &pd);
	struct dtp_resolved_device rd;
	struct dtp_diag refusal;
	int refused = dtp_resolve_device(h, &s->board, node, pd, s->opt->sids, s->opt->n_sids,
					 s->opt->force_no_iommu, &rd, &refusal);
	if (!refused && rd.smmu.sid_source != DTP_SID_TREE)
		for (int i = 0; i < rd.n_sids; i++)
			printf("stream id   0x%x from %s, via %s (%s)\n", rd.sids[i],
			       rd.smmu.sid_source == DTP_SID_OPTION ? "--sid" : "the board data",
			       rd.smmu.smmu >= 0 ? ix->nodes[rd.smmu.smmu].path : "no SMMU",
			       rd.smmu.enable ? "disabled" : rd.smmu.smmu >= 0 ? "enabled" : "-");
	struct dtp_diag cd;
	/* Refused or not, the rates are shown (the node is built either way). */
	int known = dtp_resolve_clocks(h, &s->board, &rd, &cd) == 0;
	for (int i = 0; i < d.n_clocks; i++) {
		printf("clock       %s from %s: ", d.clocks[i].name ? d.clocks[i].name : "(unnamed)",
		       ix->nodes[d.clocks[i].provider].path);
		if (known)
			printf("%llu Hz in the guest\n", (unsigned long long)rd.clock_rates[i]);
		else
			printf("rate unknown (give --clock %s=HZ)\n", d.clocks[i].name ? d.clocks[i].name : "0");
	}
	printf("\n");
	if (refused) {
		dtp_resolved_device_free(&rd);
		*diag = refusal;
		printf("passthrough: refused\n");
		device_free(&d);
		return refused;
	}
	struct dtp_devsum sum;
	devsum_of(&d, &sum);
	format_xl_irqs(&sum, buf, sizeof(buf));
	printf("passthrough would give the domain (xl):\n  irqs  = [ %s ]\n", buf);
	format_xl_iomem(&sum, buf, sizeof(buf));
	printf("  iomem = [ %s ]\n", buf);
	const struct dtp_smmu_decision *dec = &rd.smmu;
	const char *smmu_path = dec->smmu >= 0 ? ix->nodes[dec->smmu].path : "";
	if (dec->behind_smmu) {
		printf("  dtdev = [ \"%s\" ]\n", d.path);
		if (!dec->registered)
			printf("  (the host tree gets it registered with %s: %s, stream ID 0x%x)\n", smmu_path,
			       dec->binding == DTP_BIND_MMU_MASTERS ? "an mmu-masters entry" : "iommus",
			       rd.sids[0]);
		if (dec->enable)
			printf("  (%s is disabled in the host tree: passthrough enables it, so that Xen "
			       "drives it and protects the device)\n", smmu_path);
	} else if (dec->unprotected) {
		printf("  (no dtdev: a DMA master given without an IOMMU (--force-no-iommu): the guest "
		       "can DMA anywhere in memory)\n");
	} else {
		printf("  (no dtdev: not a bus master registered with an SMMU)\n");
	}
	dtp_resolved_device_free(&rd);
	printf("and the host node gets xen,passthrough; the partial tree a copy under /passthrough\n");
	device_free(&d);
	return 0;
}

/* Several devices: each is shown; the first error is returned, after all. */
int cmd_show(struct dtp_session *s, struct dtp_diag *diag)
{
	if (s->opt->n_args < 1)
		return dtp_fail(diag, DTP_EUSAGE, "show needs a DEVICE (see `dtpart list`)");
	int first = 0;
	for (int i = 0; i < s->opt->n_args; i++) {
		struct dtp_diag one = { .msg = "" };
		if (i)
			printf("\n");
		int rc = show_one(s, s->opt->args[i], &one);
		if (rc && s->opt->n_args > 1)
			fprintf(stderr, "dtpart: %s: %s\n", s->opt->args[i], one.msg);
		if (rc && !first) {
			first = rc;
			*diag = one;
		}
	}
	return first;
}
