/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "resolve.h"
#include "fwclock.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dtp_resolve_node(const struct dtp_host *h, int node, struct dtp_device *dev,
		     struct dtp_diag *diag)
{
	int rc = dtp_device_build(h, node, dev, diag);
	if (!rc)
		rc = dtp_policy_check_device(h, dev, diag);
	return rc;
}

/* The stream IDs Xen will use: the tree's, else --sid, else the board's. */
static enum dtp_sid_source take_sids(const struct dtp_board *board, const struct dtp_device *d,
				     const uint32_t *opt, int n_opt, struct dtp_resolved_device *rd)
{
	const struct dtp_board_device *bd = d->n_regs ? dtp_board_device_at(board, d->regs[0].addr) : NULL;
	const uint32_t *src = NULL;
	enum dtp_sid_source how = DTP_SID_NONE;
	int n = 0;
	if (d->n_sids) {
		n = d->n_sids;
		how = DTP_SID_TREE;
	} else if (n_opt) {
		src = opt;
		n = n_opt;
		how = DTP_SID_OPTION;
	} else if (bd && bd->n_sids) {
		src = bd->sids;
		n = bd->n_sids;
		how = DTP_SID_BOARD;
	}
	rd->sids = dtp_xcalloc((size_t)n, sizeof(uint32_t));
	rd->masks = dtp_xcalloc((size_t)n, sizeof(uint32_t));
	for (int k = 0; k < n; k++) {
		rd->sids[k] = src ? src[k] : d->sids[k].id;
		rd->masks[k] = src ? 0 : d->sids[k].mask;
	}
	rd->n_sids = n;
	return how;
}

int dtp_resolve_device(const struct dtp_host *h, const struct dtp_board *board, int node,
		       const struct dtp_plan_device *pd, const uint32_t *opt_sids, int n_opt_sids,
		       int no_iommu, struct dtp_resolved_device *rd, struct dtp_diag *diag)
{
	memset(rd, 0, sizeof(*rd));
	int rc = dtp_device_build(h, node, &rd->dev, diag);
	return rc ? rc : dtp_resolve_built(h, board, pd, opt_sids, n_opt_sids, no_iommu, rd, diag);
}

int dtp_resolve_built(const struct dtp_host *h, const struct dtp_board *board,
		      const struct dtp_plan_device *pd, const uint32_t *opt_sids, int n_opt_sids,
		      int no_iommu, struct dtp_resolved_device *rd, struct dtp_diag *diag)
{
	rd->plan = pd;
	int rc = dtp_policy_check_device(h, &rd->dev, diag);
	if (rc)
		return rc;
	rd->path = rd->dev.path;
	if (pd && pd->n_sids) {
		opt_sids = pd->sids;
		n_opt_sids = pd->n_sids;
	}
	enum dtp_sid_source how = take_sids(board, &rd->dev, opt_sids, n_opt_sids, rd);
	return dtp_policy_smmu(h, &rd->dev, rd->n_sids, how, rd->n_sids ? rd->sids[0] : 0,
			       no_iommu || (pd && pd->no_iommu), &rd->smmu, diag);
}

/* The firmware's name of a clock, when its provider is a firmware clock
 * controller whose IDs dtpart knows (ZynqMP); else NULL. */
static const char *firmware_clock_name(const struct dtp_host *h, const struct dtp_clock *c)
{
	if (c->n_args == 1 && dtp_index_compatible(h->ix, c->provider, "xlnx,zynqmp-clk"))
		return dtp_zynqmp_clock_name(c->args[0]);
	return NULL;
}

/* Every rate of rd that something knows; each unknown one appended to
 * missing ("DEVICE: NAME (firmware clock F), ..."). Returns how many are
 * unknown. */
static int collect_clocks(const struct dtp_host *h, const struct dtp_board *board,
			  struct dtp_resolved_device *rd, char *missing, size_t room)
{
	const struct dtp_device *d = &rd->dev;
	const struct dtp_plan_device *pd = rd->plan;
	const struct dtp_board_device *bd = d->n_regs ? dtp_board_device_at(board, d->regs[0].addr) : NULL;
	uint64_t *rates = dtp_xcalloc((size_t)d->n_clocks + 1, sizeof(uint64_t));
	enum dtp_rate_source *src = dtp_xcalloc((size_t)d->n_clocks + 1, sizeof(*src));
	int n_missing = 0;
	for (int i = 0; i < d->n_clocks; i++) {
		const struct dtp_clock *c = &d->clocks[i];
		char idx[16];
		snprintf(idx, sizeof(idx), "%d", i);
		const char *name = c->name ? c->name : idx;
		const char *fw = firmware_clock_name(h, c);
		uint64_t r = 0;
		for (int k = 0; pd && k < pd->n_clocks && !r; k++)
			if (strcmp(pd->clocks[k].name, name) == 0) {
				r = pd->clocks[k].rate;
				src[i] = DTP_RATE_OPTION;
			}
		if (!r && c->fixed_rate) {
			r = c->fixed_rate;
			src[i] = DTP_RATE_TREE;
		}
		if (!r)
			r = dtp_board_rate(board, bd, name, fw, &src[i]);
		if (!r) {
			size_t used = strlen(missing);
			snprintf(missing + used, room - used, "%s%s%s%s%s%s", used ? (n_missing ? ", " : "; ") : "",
				 n_missing ? "" : d->path, n_missing ? "" : ": ", name,
				 fw ? " (firmware clock " : "", fw ? fw : "");
			if (fw) {
				used = strlen(missing);
				snprintf(missing + used, room - used, ")");
			}
			n_missing++;
		}
		rates[i] = r;
	}
	free(rd->clock_rates);
	free(rd->clock_sources);
	rd->clock_rates = rates;
	rd->clock_sources = src;
	return n_missing;
}

int dtp_resolve_clocks(const struct dtp_host *h, const struct dtp_board *board,
		       struct dtp_resolved_device *rd, struct dtp_diag *diag)
{
	char missing[1024] = "";
	int n = collect_clocks(h, board, rd, missing, sizeof(missing));
	return n ? dtp_policy_refuse_clocks(h, board, n, missing, diag) : 0;
}

char *dtp_resolved_assumed_rates(const struct dtp_resolved *r, const struct dtp_board *board)
{
	size_t room = 256, used = 0;
	char *text = dtp_xmalloc(room);
	text[0] = '\0';
	for (int k = 0; k < r->n; k++) {
		const struct dtp_resolved_device *rd = &r->devs[k];
		int first = 1;
		for (int i = 0; rd->clock_sources && i < rd->dev.n_clocks; i++) {
			enum dtp_rate_source src = rd->clock_sources[i];
			if (src != DTP_RATE_SUMMARY && src != DTP_RATE_BOARD && src != DTP_RATE_SOC)
				continue;
			char from[512], item[1024];
			int n = snprintf(item, sizeof(item), "%s%s%s%s=%llu Hz (%s)",
					 first ? "clock rates assumed for " : ", ", first ? rd->path : "",
					 first ? ": " : "", rd->dev.clocks[i].name ? rd->dev.clocks[i].name : "0",
					 (unsigned long long)rd->clock_rates[i],
					 dtp_board_rate_source_text(board, src, from, sizeof(from)));
			while (used + (size_t)n + 2 >= room)
				text = dtp_xrealloc(text, room *= 2);
			memcpy(text + used, item, (size_t)n + 1);
			used += (size_t)n;
			first = 0;
		}
		if (!first) {
			text[used++] = '\n';
			text[used] = '\0';
		}
	}
	return text;
}

static int state_missing(const struct dtp_host *h, const struct dtp_plan *plan,
			 unsigned domain, const char *path, struct dtp_diag *diag)
{
	char fix[1024];
	snprintf(fix, sizeof(fix), "`dtpart release %s` or use the host tree the plan was made from (%s)",
		 path, plan->host_source ? plan->host_source : "?");
	struct dtp_problem p = { dtp_index_source(h->ix), NULL, 0, NULL, fix };
	return dtp_report(diag, DTP_ESTATE, &p, "domain %u owns %s (recorded in dtpart.json), but the "
			  "host tree has no such node", domain, path);
}

/* dom0's DMA masters on the SMMU Xen will drive (see struct dtp_resolved).
 * The index alone decides which nodes are masters; only those are built. */
static void resolve_dom0_masters(const struct dtp_host *h, const struct dtp_board *board,
				 const struct dtp_plan *plan, int also_given, struct dtp_resolved *r)
{
	int slot = plan->n_domains || also_given >= 0 ? dtp_policy_driven_smmu(h, r->enable_smmu) : -1;
	if (slot < 0)
		return;
	int smmu = h->smmus[slot].node;
	const struct dtp_index *ix = h->ix;
	struct dtp_diag ignored;
	int board_sids = 0;
	for (int i = 0; board && i < board->n_devices; i++)
		board_sids |= board->devices[i].n_sids > 0;
	/* Cheap tests first: this looks at every node of the tree. */
	int a_status = dtp_index_atom(ix, "status"), a_iommus = dtp_index_atom(ix, "iommus");
	int a_flag = dtp_index_atom(ix, "xen,passthrough");
	struct dtp_dma_memo *memo = dtp_dma_memo_new();
	for (int node = 0; node < dtp_index_count(ix); node++) {
		int len;
		const char *st = a_status < 0 ? NULL : dtp_index_prop_atom(ix, node, a_status, &len);
		if (st && !(len >= 3 && (strncmp(st, "okay", (size_t)len) == 0 || strncmp(st, "ok", (size_t)len) == 0)))
			continue;   /* disabled: it does no DMA */
		if ((a_iommus >= 0 && dtp_index_prop_atom(ix, node, a_iommus, NULL)) ||
		    (h->legacy_master_smmu && h->legacy_master_smmu[node]))
			continue;   /* registered by the tree (with this SMMU or another) */
		if ((a_flag >= 0 && dtp_index_prop_atom(ix, node, a_flag, NULL)) || !dtp_device_is_candidate(h, node) ||
		    dtp_device_xen_role(h, node) || node == also_given || dtp_plan_owner(plan, dtp_node_path(ix, node), NULL))
			continue;
		struct dtp_dma_class c;
		dtp_policy_dma_class_memo(memo, ix, node, &c);
		if (c.kind != DTP_DMA_YES && !board_sids)
			continue;
		/* The tree gives it no stream ID (no `iommus`, no mmu-masters
		 * entry): it is dom0's master on this SMMU when the board data
		 * has IDs for its address or its class masters the bus. Both are
		 * known without building the device, which most nodes then skip. */
		uint64_t first;
		const struct dtp_board_device *bd = board_sids && !dtp_device_first_address(h, node, &first)
			? dtp_board_device_at(board, first) : NULL;
		if (!(bd && bd->n_sids) && !dtp_policy_unmapped_master_of(h, node, &c))
			continue;
		struct dtp_resolved_device rd;
		memset(&rd, 0, sizeof(rd));
		/* A node the device model cannot read is no device of dom0's. */
		if (dtp_device_build_resources(h, node, &rd.dev, &ignored) || !rd.dev.status_ok) {
			dtp_device_free(&rd.dev);
			continue;
		}
		rd.path = rd.dev.path;
		enum dtp_sid_source how = take_sids(board, &rd.dev, NULL, 0, &rd);
		/* Registered with the driven SMMU already, or with another one
		 * (which Xen does not drive), or no master at all. */
		if (how == DTP_SID_TREE || (how == DTP_SID_NONE && !dtp_policy_unmapped_master_of(h, node, &c))) {
			dtp_resolved_device_free(&rd);
			continue;
		}
		rd.smmu.smmu = smmu;
		rd.smmu.dma = c;
		rd.smmu.dma_capable = 1;
		rd.smmu.sid_source = how;
		rd.smmu.behind_smmu = rd.n_sids > 0;
		rd.smmu.binding = h->smmus[slot].has_legacy ? DTP_BIND_MMU_MASTERS : DTP_BIND_IOMMUS;
		r->dom0 = dtp_xrealloc(r->dom0, sizeof(*r->dom0) * (size_t)(r->n_dom0 + 1));
		r->dom0[r->n_dom0++] = rd;
	}
	dtp_dma_memo_free(memo);
}

int dtp_resolve_plan(const struct dtp_host *h, const struct dtp_board *board,
		     const struct dtp_plan *plan, struct dtp_resolved *r, struct dtp_diag *diag)
{
	return dtp_resolve_plan_given(h, board, plan, NULL, 0, r, diag);
}

/* given's device of path, or NULL. */
static struct dtp_device *given_device(struct dtp_device *given, int n_given, const char *path)
{
	for (int g = 0; g < n_given; g++)
		if (given[g].path && strcmp(given[g].path, path) == 0)
			return &given[g];
	return NULL;
}

int dtp_resolve_plan_given(const struct dtp_host *h, const struct dtp_board *board,
			   const struct dtp_plan *plan, struct dtp_device *given, int n_given,
			   struct dtp_resolved *r, struct dtp_diag *diag)
{
	memset(r, 0, sizeof(*r));
	r->enable_smmu = -1;
	int total = 0;
	for (int i = 0; i < plan->n_domains; i++)
		total += plan->domains[i].n_devices;
	r->devs = dtp_xcalloc((size_t)total, sizeof(*r->devs));
	int *built = dtp_xcalloc((size_t)total, sizeof(int));
	int rc = 0, n_missing = 0;
	char missing[2048] = "";
	/* First every device's SMMU decision (a DMA master without an SMMU is
	 * the first refusal a plan gets), then, domain by domain, what each
	 * device needs for its outputs: a node that exists, the refusals on
	 * the node, the clock rates. */
	for (int i = 0; i < plan->n_domains && !rc; i++)
		for (int j = 0; j < plan->domains[i].n_devices && !rc; j++) {
			const struct dtp_plan_device *pd = &plan->domains[i].devices[j];
			struct dtp_resolved_device *rd = &r->devs[r->n];
			struct dtp_diag later;
			int node = dtp_index_by_path(h->ix, pd->path);
			rd->path = pd->path;
			rd->plan = pd;
			rd->domain = plan->domains[i].id;
			rd->smmu.smmu = -1;
			struct dtp_device *done = node >= 0 ? given_device(given, n_given, pd->path) : NULL;
			if (done) {
				rd->dev = *done;
				memset(done, 0, sizeof(*done));
			}
			if (done || (node >= 0 && dtp_device_build(h, node, &rd->dev, &later) == 0)) {
				enum dtp_sid_source how = take_sids(board, &rd->dev, pd->sids, pd->n_sids, rd);
				rc = dtp_policy_smmu(h, &rd->dev, rd->n_sids, how,
						     rd->n_sids ? rd->sids[0] : 0, pd->no_iommu, &rd->smmu, diag);
				built[r->n] = 1;
			}
			r->n++;
		}
	for (int i = 0, k = 0; i < plan->n_domains && !rc; i++)
		for (int j = 0; j < plan->domains[i].n_devices && !rc; j++, k++) {
			const struct dtp_plan_device *pd = &plan->domains[i].devices[j];
			struct dtp_resolved_device *rd = &r->devs[k];
			int node = dtp_index_by_path(h->ix, pd->path);
			if (node < 0) {
				rc = state_missing(h, plan, rd->domain, pd->path, diag);
				break;
			}
			rc = built[k] ? dtp_policy_check_device(h, &rd->dev, diag)
				      : dtp_resolve_node(h, node, &rd->dev, diag);
			if (!rc)
				n_missing += collect_clocks(h, board, rd, missing, sizeof(missing));
		}
	if (!rc && n_missing)
		rc = dtp_policy_refuse_clocks(h, board, n_missing, missing, diag);
	for (int k = 0; !rc && k < r->n; k++) {
		const struct dtp_resolved_device *rd = &r->devs[k];
		if (rd->smmu.enable && r->enable_smmu < 0)
			r->enable_smmu = rd->smmu.smmu;
		if (rd->smmu.unprotected && rd->n_sids)
			dtp_warn("%s does DMA (stream ID 0x%x) and is given without an IOMMU "
				 "(--force-no-iommu): the guest can DMA anywhere in memory",
				 rd->path, rd->sids[0]);
		else if (rd->smmu.unprotected)
			dtp_warn("%s can master the bus (%s) and is given without an IOMMU "
				 "(--force-no-iommu): the guest can DMA anywhere in memory",
				 rd->path, rd->smmu.dma.why);
		else if (!rd->n_sids && rd->smmu.dma.kind == DTP_DMA_UNKNOWN)
			dtp_warn("%s: %s; assumed it does not master the bus, so it is given without an "
				 "IOMMU. If it does DMA, give its stream ID with --sid ID, or "
				 "--force-no-iommu", rd->path, rd->smmu.dma.why);
	}
	if (!rc)
		resolve_dom0_masters(h, board, plan, -1, r);
	if (!rc)
		rc = dtp_policy_check_dom0_masters(h, r, diag);
	free(built);
	return rc;
}

int dtp_resolve_dom0_with(const struct dtp_host *h, const struct dtp_board *board,
			  const struct dtp_plan *plan, const struct dtp_resolved_device *rd,
			  struct dtp_diag *diag)
{
	struct dtp_resolved r;
	memset(&r, 0, sizeof(r));
	r.enable_smmu = rd->smmu.enable ? rd->smmu.smmu : -1;
	resolve_dom0_masters(h, board, plan, rd->dev.node, &r);
	int rc = dtp_policy_check_dom0_masters(h, &r, diag);
	dtp_resolved_free(&r);
	return rc;
}

const struct dtp_resolved_device *dtp_resolved_find(const struct dtp_resolved *r, const char *path)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->devs[i].path, path) == 0)
			return &r->devs[i];
	return NULL;
}

void dtp_resolved_device_free(struct dtp_resolved_device *rd)
{
	dtp_device_free(&rd->dev);
	free(rd->clock_rates);
	free(rd->clock_sources);
	free(rd->sids);
	free(rd->masks);
	memset(rd, 0, sizeof(*rd));
}

void dtp_resolved_free(struct dtp_resolved *r)
{
	for (int i = 0; i < r->n; i++)
		dtp_resolved_device_free(&r->devs[i]);
	for (int i = 0; i < r->n_dom0; i++)
		dtp_resolved_device_free(&r->dom0[i]);
	free(r->devs);
	free(r->dom0);
	memset(r, 0, sizeof(*r));
}
