/* `dtpart show DEVICE`: one device's resolved resources and what
 * passthrough would generate for it, or why it would be refused. */
#include "commands.h"
#include "lookup.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static int show_one(struct dtp_session *s, const char *name, struct dtp_diag *diag)
{
	const struct dtp_host *h = &s->host;
	const struct dtp_index *ix = &h->ix;
	int node = lookup_device(h, name, diag);
	if (node < 0)
		return node;
	struct dtp_device d;
	int rc = device_build(h, node, &d, diag);
	if (rc)
		return rc;
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
	struct dtp_plan_device *pd = NULL;
	plan_owner(&s->plan, d.path, &pd);
	for (int i = 0; i < d.n_clocks; i++) {
		uint64_t rates[DTP_MAX_CLOCKS];
		struct dtp_diag cd;
		int known = resolve_clocks(h, &s->board, &d, pd, rates, &cd) == 0;
		printf("clock       %s from %s: ", d.clocks[i].name ? d.clocks[i].name : "(unnamed)",
		       ix->nodes[d.clocks[i].provider].path);
		if (known)
			printf("%llu Hz in the guest\n", (unsigned long long)rates[i]);
		else
			printf("rate unknown (give --clock %s=HZ)\n", d.clocks[i].name ? d.clocks[i].name : "0");
	}
	printf("\n");
	rc = policy_check_device(h, &d, diag);
	if (rc) {
		printf("passthrough: refused\n");
		return rc;
	}
	struct dtp_devsum sum;
	devsum_of(&d, &sum);
	format_xl_irqs(&sum, buf, sizeof(buf));
	printf("passthrough would give the domain (xl):\n  irqs  = [ %s ]\n", buf);
	format_xl_iomem(&sum, buf, sizeof(buf));
	printf("  iomem = [ %s ]\n", buf);
	int behind = 0;
	for (int k = 0; d.n_sids && k < h->n_smmus; k++)
		if (h->smmus[k].node == d.sids[0].smmu)
			behind = h->smmus[k].enabled;
	if (behind)
		printf("  dtdev = [ \"%s\" ]\n", d.path);
	else if (d.n_sids)
		printf("  (no dtdev: its SMMU is disabled, so the device is not protected)\n");
	else
		printf("  (no dtdev: not a bus master registered with an SMMU)\n");
	printf("and the host node gets xen,passthrough; the partial tree a copy under /passthrough\n");
	return 0;
}

/* Several devices: each is shown; the first error is returned, after all. */
int cmd_show(struct dtp_session *s, struct dtp_diag *diag)
{
	if (s->opt->n_args < 1)
		return dtp_fail(diag, DTP_EUSAGE, "show needs a DEVICE (see `dtpart list`)");
	int first = 0;
	for (int i = 0; i < s->opt->n_args; i++) {
		struct dtp_diag one = { "" };
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
