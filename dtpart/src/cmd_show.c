/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart show DEVICE`: one device's resolved resources and what
 * passthrough would generate for it, or why it would be refused; as text or
 * as one JSON object for all devices given. The device is resolved exactly
 * as passthrough resolves it (resolve.c, policy.c), so both say the same. */
#include "commands.h"
#include "lookup.h"
#include "report.h"
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What `show` works out for one device, for either output form. */
struct shown {
	struct dtp_resolved_device rd;  /* as passthrough would give it; rd.dev the node as the
					   host tree has it, built once */
	struct dtp_devsum sum;
	int rates_known;
	int refused;                    /* policy's code, 0 when allowed */
	struct dtp_diag why;
};

static int smmu_enabled(const struct dtp_host *h, int smmu_node)
{
	for (int k = 0; k < h->n_smmus; k++)
		if (h->smmus[k].node == smmu_node)
			return h->smmus[k].enabled;
	return 0;
}

static void shown_free(struct shown *w)
{
	dtp_resolved_device_free(&w->rd);
}

static int work_out(struct dtp_session *s, const char *name, struct shown *w, struct dtp_diag *diag)
{
	const struct dtp_host *h = &s->host;
	memset(w, 0, sizeof(*w));
	int node = dtp_lookup_device(h, name, diag);
	if (node < 0)
		return node;
	/* A node the device model cannot read is an error; a refusal by the
	 * policy is part of what is shown. */
	int rc = dtp_device_build(h, node, &w->rd.dev, diag);
	if (rc) {
		dtp_resolved_device_free(&w->rd);
		return rc;
	}
	dtp_devsum_of(&w->rd.dev, &w->sum);
	struct dtp_plan_device *pd = NULL;
	dtp_plan_owner(&s->plan, w->rd.dev.path, &pd);
	w->refused = dtp_resolve_built(h, &s->board, pd, s->opt->sids, s->opt->n_sids,
				       s->opt->force_no_iommu, &w->rd, &w->why);
	if (!w->refused)    /* dom0's masters, as passthrough would refuse them */
		w->refused = dtp_resolve_dom0_with(h, &s->board, &s->plan, &w->rd, &w->why);
	struct dtp_diag cd;
	/* Refused or not, the rates are shown (the node is built either way). */
	w->rates_known = dtp_resolve_clocks(h, &s->board, &w->rd, &cd) == 0;
	return 0;
}

static const char *clock_name(const struct dtp_clock *c)
{
	return c->name ? c->name : "(unnamed)";
}

static const char *sid_source_name(enum dtp_sid_source src)
{
	return src == DTP_SID_OPTION ? "--sid" : src == DTP_SID_BOARD ? "the board data" : "the tree";
}

static void show_text(const struct dtp_session *s, const struct shown *w)
{
	const struct dtp_host *h = &s->host;
	const struct dtp_index *ix = h->ix;
	const struct dtp_device *d = &w->rd.dev;
	const struct dtp_resolved_device *rd = &w->rd;
	char buf[2048];
	printf("device      %s\n", d->path);
	printf("compatible  %s\n", d->compatible ? d->compatible : "-");
	dtp_node_aliases(ix, d->node, buf, sizeof(buf));
	printf("aliases     %s\n", buf[0] ? buf : "-");
	dtp_node_labels(ix, d->node, buf, sizeof(buf));
	printf("labels      %s\n", buf[0] ? buf : "-");
	printf("status      %s\n", d->status_ok ? "okay" : "disabled");
	dtp_session_owner(s, d->node, buf, sizeof(buf));
	printf("owner       %s\n", buf);
	for (int i = 0; i < d->n_regs; i++)
		printf("mmio        0x%llx size 0x%llx\n", (unsigned long long)d->regs[i].addr,
		       (unsigned long long)d->regs[i].size);
	for (int i = 0; i < d->n_irqs; i++)
		printf("irq         %s %u -> GIC ID %u, %s\n", d->irqs[i].type ? "PPI" : "SPI",
		       d->irqs[i].number, d->irqs[i].id, dtp_irq_trigger_name(d->irqs[i].flags));
	for (int i = 0; i < d->n_sids; i++)
		printf("stream id   0x%x mask 0x%x via %s (%s%s)\n", d->sids[i].id, d->sids[i].mask,
		       dtp_node_path(ix, d->sids[i].smmu), smmu_enabled(h, d->sids[i].smmu) ? "enabled" : "disabled",
		       d->sids_from_legacy ? ", legacy mmu-masters" : "");
	if (!w->refused && rd->smmu.sid_source != DTP_SID_TREE)
		for (int i = 0; i < rd->n_sids; i++)
			printf("stream id   0x%x from %s, via %s (%s)\n", rd->sids[i],
			       sid_source_name(rd->smmu.sid_source),
			       rd->smmu.smmu >= 0 ? dtp_node_path(ix, rd->smmu.smmu) : "no SMMU",
			       rd->smmu.enable ? "disabled" : rd->smmu.smmu >= 0 ? "enabled" : "-");
	for (int i = 0; i < d->n_clocks; i++) {
		printf("clock       %s from %s: ", clock_name(&d->clocks[i]), dtp_node_path(ix, d->clocks[i].provider));
		if (w->rates_known)
			printf("%llu Hz in the guest (%s)\n", (unsigned long long)rd->clock_rates[i],
			       dtp_board_rate_source_text(&s->board, rd->clock_sources[i], buf, sizeof(buf)));
		else
			printf("rate unknown (give --clock %s=HZ)\n", d->clocks[i].name ? d->clocks[i].name : "0");
	}
	printf("\n");
	if (w->refused) {
		printf("passthrough: refused\n");
		return;
	}
	dtp_format_xl_irqs(&w->sum, buf, sizeof(buf));
	printf("passthrough would give the domain (xl):\n  irqs  = [ %s ]\n", buf);
	dtp_format_xl_iomem(&w->sum, buf, sizeof(buf));
	printf("  iomem = [ %s ]\n", buf);
	const struct dtp_smmu_decision *dec = &rd->smmu;
	const char *smmu_path = dec->smmu >= 0 ? dtp_node_path(ix, dec->smmu) : "";
	if (dec->behind_smmu) {
		printf("  dtdev = [ \"%s\" ]\n", d->path);
		if (!dec->registered)
			printf("  (the host tree gets it registered with %s: %s, stream ID 0x%x)\n", smmu_path,
			       dec->binding == DTP_BIND_MMU_MASTERS ? "an mmu-masters entry" : "iommus",
			       rd->sids[0]);
		if (dec->enable)
			printf("  (%s is disabled in the host tree: passthrough enables it, so that Xen "
			       "drives it and protects the device)\n", smmu_path);
	} else if (dec->unprotected) {
		printf("  (no dtdev: a DMA master given without an IOMMU (--force-no-iommu): the guest "
		       "can DMA anywhere in memory)\n");
	} else {
		printf("  (no dtdev: not a bus master registered with an SMMU)\n");
	}
	printf("and the host node gets xen,passthrough; the partial tree a copy under /passthrough\n");
}

static json_t *show_json(const struct dtp_session *s, const char *name, const struct shown *w)
{
	const struct dtp_device *d = &w->rd.dev;
	const struct dtp_resolved_device *rd = &w->rd;
	const struct dtp_index *ix = s->host.ix;
	char owner[64];
	dtp_session_owner(s, d->node, owner, sizeof(owner));
	json_t *o = dtp_report_device(&s->host, &w->sum, owner);
	json_object_set_new(o, "name", json_string(name));
	json_t *sids = json_array();
	for (int i = 0; i < d->n_sids; i++) {
		char id[16], mask[16];
		snprintf(id, sizeof(id), "0x%x", d->sids[i].id);
		snprintf(mask, sizeof(mask), "0x%x", d->sids[i].mask);
		json_array_append_new(sids, json_pack("{s:s, s:s, s:s, s:b, s:b}", "id", id, "mask", mask,
						      "smmu", dtp_node_path(ix, d->sids[i].smmu),
						      "smmu_enabled", smmu_enabled(&s->host, d->sids[i].smmu),
						      "legacy_mmu_masters", d->sids_from_legacy));
	}
	json_object_set_new(o, "streams", sids);
	json_t *clocks = json_array();
	for (int i = 0; i < d->n_clocks; i++) {
		/* Known rates carry where they come from, as passthrough --json's
		 * clock_rates do; unknown ones a null rate. */
		json_t *c = w->rates_known && rd->clock_sources
			? dtp_report_clock(d->clocks[i].name, rd->clock_rates[i], rd->clock_sources[i], &s->board)
			: json_pack("{s:o, s:n}", "name", d->clocks[i].name ? json_string(d->clocks[i].name) : json_null(),
				    "guest_rate_hz");
		json_object_set_new(c, "provider", json_string(dtp_node_path(ix, d->clocks[i].provider)));
		json_array_append_new(clocks, c);
	}
	json_object_set_new(o, "clocks", clocks);
	json_t *pt = json_object();
	json_object_set_new(pt, "allowed", json_boolean(!w->refused));
	json_object_set_new(pt, "refused_because", w->refused ? json_string(w->why.msg) : json_null());
	if (!w->refused) {
		json_t *irqs = json_array(), *iomem = json_array(), *dtdev = json_array();
		for (int i = 0; i < d->n_irqs; i++) {
			int seen = 0;
			for (int j = 0; j < i; j++)
				seen |= d->irqs[j].id == d->irqs[i].id;
			if (!seen)
				json_array_append_new(irqs, json_integer(d->irqs[i].id));
		}
		for (int i = 0; i < d->n_regs; i++) {
			char buf[64];
			dtp_format_xl_iomem_range(&d->regs[i], buf, sizeof(buf));
			json_array_append_new(iomem, json_string(buf));
		}
		const struct dtp_smmu_decision *dec = &rd->smmu;
		if (dec->behind_smmu)
			json_array_append_new(dtdev, json_string(d->path));
		json_object_set_new(pt, "xl", json_pack("{s:o, s:o, s:o}", "irqs", irqs, "iomem", iomem,
							"dtdev", dtdev));
		json_t *smmu = json_object();
		json_object_set_new(smmu, "smmu", dec->smmu >= 0 ? json_string(dtp_node_path(ix, dec->smmu)) : json_null());
		json_object_set_new(smmu, "behind_smmu", json_boolean(dec->behind_smmu));
		json_object_set_new(smmu, "enables_smmu", json_boolean(dec->enable));
		json_object_set_new(smmu, "registers", json_boolean(dec->behind_smmu && !dec->registered));
		json_object_set_new(smmu, "unprotected", json_boolean(dec->unprotected));
		json_object_set_new(pt, "smmu", smmu);
	}
	json_object_set_new(o, "passthrough", pt);
	return o;
}

/* Several devices: each is shown; the first error is returned, after all.
 * With --json one object: {"devices": [...]} with an "error" entry for a
 * name that resolves to nothing. */
int dtp_cmd_show(struct dtp_session *s, struct dtp_diag *diag)
{
	if (s->opt->n_args < 1)
		return dtp_fail(diag, DTP_EUSAGE, "show needs a DEVICE (see `dtpart list`)");
	int first = 0;
	struct shown w;
	json_t *arr = s->opt->json ? json_array() : NULL;
	for (int i = 0; i < s->opt->n_args; i++) {
		const char *name = s->opt->args[i];
		struct dtp_diag one = { .msg = "" };
		int rc = work_out(s, name, &w, &one);
		if (!rc && arr)
			json_array_append_new(arr, show_json(s, name, &w));
		else if (!rc) {
			if (i)
				printf("\n");
			show_text(s, &w);
		} else if (arr)
			json_array_append_new(arr, json_pack("{s:s, s:s}", "name", name, "error", one.msg));
		if (!rc) {
			if (w.refused) {
				rc = w.refused;
				one = w.why;
			}
			shown_free(&w);
		}
		if (rc && s->opt->n_args > 1)
			fprintf(stderr, "dtpart: %s: %s\n", name, one.msg);
		if (rc && !first) {
			first = rc;
			*diag = one;
		}
	}
	if (arr) {
		int rc = dtp_report_json_print(json_pack("{s:o}", "devices", arr), diag);
		if (rc)
			return rc;
	}
	return first;
}
