#include "policy.h"
#include "xenabi.h"

#include <stdio.h>
#include <string.h>

int dtp_policy_check_device(const struct dtp_host *h, const struct dtp_device *d,
			    struct dtp_diag *diag)
{
	const char *role = device_xen_role(h, d->node);
	if (role) {
		struct dtp_problem p = { h->ix.source, d->path, 0, NULL, d->node == h->console
			? "give Xen another console (xen,xen-bootargs dtuart=serialN) or pass another UART"
			: "Xen needs it for itself; it can never be passed through" };
		return dtp_report(diag, DTP_EREFUSED, &p, "%s (%s): refused", role,
				  d->node == h->console ? h->console_how : "found by compatible");
	}
	if (!d->status_ok) {
		struct dtp_problem p = { h->ix.source, d->path, 0, NULL,
					 "enable it (status = \"okay\") in the host tree if it is" };
		return dtp_report(diag, DTP_EREFUSED, &p, "status \"disabled\" in the host tree: it is not "
				  "wired up on this board");
	}
	for (int i = 0; i < d->n_irqs; i++)
		if (d->irqs[i].type != DTP_IRQ_SPI) {
			struct dtp_problem p = { h->ix.source, d->path, 0, "IRQ can only be routed to an SPI",
						 "pass a device whose interrupts are SPIs" };
			return dtp_report(diag, DTP_EREFUSED, &p, "uses PPI %u (GIC ID %u): Xen can only "
					  "route SPIs to a guest", d->irqs[i].number, d->irqs[i].id);
		}
	return 0;
}

int dtp_policy_check_owner(const struct dtp_plan *plan, const char *path, const char *arg,
			   unsigned domain, struct dtp_diag *diag)
{
	const struct dtp_plan_domain *owner = plan_owner(plan, path, NULL);
	if (owner && owner->id != domain) {
		char fix[512];
		snprintf(fix, sizeof(fix), "run `dtpart release %s` first", arg);
		struct dtp_problem p = { NULL, NULL, 0, NULL, fix };
		return dtp_report(diag, DTP_EREFUSED, &p, "%s (%s) is passed through to domain %u already",
				  path, arg, owner->id);
	}
	return 0;
}

int dtp_policy_check_mode(const struct dtp_plan_domain *dom, int want_dom0less,
			  const char *state_path, struct dtp_diag *diag)
{
	if (dom && dom->mode == DTP_MODE_XL && want_dom0less) {
		struct dtp_problem p = { NULL, NULL, 0, NULL,
					 "release its devices before making it a dom0less domain" };
		return dtp_report(diag, DTP_EREFUSED, &p, "domain %u is an xl domain in %s", dom->id,
				  state_path);
	}
	return 0;
}

int dtp_policy_check_release(int owned, int flagged, const char *path, const char *arg,
			     struct dtp_diag *diag)
{
	if (!owned && !flagged) {
		struct dtp_problem p = { NULL, NULL, 0, NULL, NULL };
		return dtp_report(diag, DTP_EREFUSED, &p, "%s (%s) is not passed through: dom0 owns it "
				  "already", path, arg);
	}
	return 0;
}

int dtp_policy_check_domu_free(const struct dtp_host *h, unsigned id, struct dtp_diag *diag)
{
	const struct dtp_index *ix = &h->ix;
	char name[32];
	snprintf(name, sizeof(name), "domU%u", id);
	for (int c = ix->chosen < 0 ? -1 : ix->nodes[ix->chosen].first_child; c >= 0;
	     c = ix->nodes[c].next_sibling)
		if (strcmp(ix->nodes[c].name, name) == 0) {
			struct dtp_problem p = { ix->source, NULL, 0, NULL,
						 "remove it, or give dtpart another domain id" };
			return dtp_report(diag, DTP_EREFUSED, &p, "the host tree already has /chosen/%s", name);
		}
	return 0;
}

int dtp_policy_refuse_outside_ref(const struct dtp_host *h, const char *path, const char *prop,
				  int outside, struct dtp_diag *diag)
{
	const struct dtp_index *ix = &h->ix;
	char fix[1024];
	snprintf(fix, sizeof(fix), "pass %s through to the same domain, or move the node under the "
		 "device in the host tree", ix->nodes[outside].path);
	struct dtp_problem p = { ix->source, path, 0, NULL, fix };
	return dtp_report(diag, DTP_EREFUSED, &p, "`%s` refers to %s, outside the device: the guest "
			  "could not reach it", prop, ix->nodes[outside].path);
}

int dtp_policy_check_phandles(uint32_t next, struct dtp_diag *diag)
{
	if (next >= DTP_GUEST_GIC_PHANDLE) {
		struct dtp_problem p = { NULL, NULL, 0, NULL, "give the domain fewer devices" };
		return dtp_report(diag, DTP_EREFUSED, &p, "the partial tree would need phandle %u; "
				  "phandles %u and above are the guest GIC's and IOMMU's", next,
				  DTP_GUEST_GIC_PHANDLE);
	}
	return 0;
}

int dtp_policy_check_rate(const char *path, uint64_t rate, struct dtp_diag *diag)
{
	if (rate > 0xffffffffULL) {
		struct dtp_problem p = { NULL, path, 0, NULL, "give a rate below 4294967296 Hz with --clock" };
		return dtp_report(diag, DTP_ECLOCK, &p, "clock rate %llu Hz does not fit a fixed-clock's "
				  "32-bit clock-frequency", (unsigned long long)rate);
	}
	return 0;
}

int dtp_policy_refuse_clock(const struct dtp_host *h, const struct dtp_device *d, int clock,
			    const char *name, const char *board_name, struct dtp_diag *diag)
{
	char where[256], fix[256];
	if (!board_name)
		snprintf(where, sizeof(where), "no board data matches this tree");
	else
		snprintf(where, sizeof(where), "board data '%s' has no rate for it", board_name);
	snprintf(fix, sizeof(fix), "give the rate with --clock %s=HZ", name);
	struct dtp_problem p = { h->ix.source, d->path, 0, NULL, fix };
	return dtp_report(diag, DTP_ECLOCK, &p, "clock '%s' (from %s) has no known rate, and %s. A "
			  "guest cannot use the firmware clock driver under Xen, so it gets a "
			  "fixed-clock", name, h->ix.nodes[d->clocks[clock].provider].path, where);
}

static const struct dtp_smmu *host_smmu_at(const struct dtp_host *h, int node)
{
	for (int i = 0; i < h->n_smmus; i++)
		if (h->smmus[i].node == node)
			return &h->smmus[i];
	return NULL;
}

int dtp_policy_smmu(const struct dtp_host *h, const struct dtp_device *d, int n_sids,
		    enum dtp_sid_source src, uint32_t first_sid, int no_iommu,
		    struct dtp_smmu_decision *out, struct dtp_diag *diag)
{
	memset(out, 0, sizeof(*out));
	out->smmu = -1;
	out->sid_source = src;
	out->dma_capable = n_sids > 0;
	if (!n_sids)
		return 0;
	/* The SMMU the tree registers it with; else the host's (ZynqMP has
	 * one; with several, the enabled one, else the first). */
	const struct dtp_smmu *s = src == DTP_SID_TREE ? host_smmu_at(h, d->sids[0].smmu) : NULL;
	for (int i = 0; !s && i < h->n_smmus; i++)
		if (h->smmus[i].enabled)
			s = &h->smmus[i];
	if (!s && h->n_smmus)
		s = &h->smmus[0];
	if (!s || no_iommu) {
		if (!no_iommu) {
			struct dtp_problem p = { h->ix.source, d->path, 0, NULL,
						 "add the SMMU node, or pass --force-no-iommu to accept that" };
			return dtp_report(diag, DTP_EREFUSED, &p, "does DMA (stream ID 0x%x) but the host tree "
					  "has no SMMU: a guest owning it could read and write all memory",
					  first_sid);
		}
		out->unprotected = 1;
		return 0;
	}
	if (n_sids > DTP_XEN_MAX_MASTER_SIDS) {
		struct dtp_problem p = { h->ix.source, d->path, 0, NULL,
					 "it cannot be given to a guest behind Xen's SMMU; pass another device" };
		return dtp_report(diag, DTP_EREFUSED, &p, "%d stream IDs; Xen's SMMU driver holds %d for "
				  "one master (MAX_MASTER_STREAMIDS)", n_sids, DTP_XEN_MAX_MASTER_SIDS);
	}
	out->smmu = s->node;
	out->behind_smmu = 1;
	out->enable = !s->enabled;
	out->registered = src == DTP_SID_TREE;
	if (out->registered)
		out->binding = d->sids_from_legacy ? DTP_BIND_MMU_MASTERS : DTP_BIND_IOMMUS;
	else    /* Xen reads mmu-masters when present: register there. */
		out->binding = s->has_legacy ? DTP_BIND_MMU_MASTERS : DTP_BIND_IOMMUS;
	return 0;
}

int dtp_policy_driven_smmu(const struct dtp_host *h, int enable_node)
{
	for (int i = 0; i < h->n_smmus; i++)
		if (h->smmus[i].enabled || h->smmus[i].node == enable_node)
			return i;
	return -1;
}

int dtp_policy_dom0_attaches(int status_ok, int given_to_guest)
{
	return status_ok && !given_to_guest;
}
