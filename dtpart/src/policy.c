/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "policy.h"
#include "resolve.h"
#include "xalloc.h"
#include "xenabi.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dtp_policy_check_device(const struct dtp_host *h, const struct dtp_device *d,
			    struct dtp_diag *diag)
{
	const char *role = dtp_device_xen_role(h, d->node);
	if (role) {
		struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL, d->node == h->console
			? "give Xen another console (xen,xen-bootargs dtuart=serialN) or pass another UART"
			: "Xen needs it for itself; it can never be passed through" };
		return dtp_report(diag, DTP_EREFUSED, &p, "%s (%s): refused", role,
				  d->node == h->console ? h->console_how : "found by compatible");
	}
	if (!d->status_ok) {
		struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL,
					 "enable it (status = \"okay\") in the host tree if it is" };
		return dtp_report(diag, DTP_EREFUSED, &p, "status \"disabled\" in the host tree: it is not "
				  "wired up on this board");
	}
	for (int i = 0; i < d->n_irqs; i++)
		if (d->irqs[i].type != DTP_IRQ_SPI) {
			struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, "IRQ can only be routed to an SPI",
						 "pass a device whose interrupts are SPIs" };
			return dtp_report(diag, DTP_EREFUSED, &p, "uses PPI %u (GIC ID %u): Xen can only "
					  "route SPIs to a guest", d->irqs[i].number, d->irqs[i].id);
		}
	return 0;
}

int dtp_policy_check_owner(const struct dtp_plan *plan, const char *path, const char *arg,
			   unsigned domain, struct dtp_diag *diag)
{
	const struct dtp_plan_domain *owner = dtp_plan_owner(plan, path, NULL);
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
	const struct dtp_index *ix = h->ix;
	char name[32];
	snprintf(name, sizeof(name), "domU%u", id);
	for (int c = dtp_index_chosen(ix) < 0 ? -1 : dtp_node_first_child(ix, dtp_index_chosen(ix)); c >= 0;
	     c = dtp_node_next_sibling(ix, c))
		if (strcmp(dtp_node_name(ix, c), name) == 0) {
			struct dtp_problem p = { dtp_index_source(ix), NULL, 0, NULL,
						 "remove it, or give dtpart another domain id" };
			return dtp_report(diag, DTP_EREFUSED, &p, "the host tree already has /chosen/%s", name);
		}
	return 0;
}

int dtp_policy_refuse_outside_ref(const struct dtp_host *h, const char *path, const char *prop,
				  int outside, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	char fix[1024];
	snprintf(fix, sizeof(fix), "pass %s through to the same domain, or move the node under the "
		 "device in the host tree", dtp_node_path(ix, outside));
	struct dtp_problem p = { dtp_index_source(ix), path, 0, NULL, fix };
	return dtp_report(diag, DTP_EREFUSED, &p, "`%s` refers to %s, outside the device: the guest "
			  "could not reach it", prop, dtp_node_path(ix, outside));
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

int dtp_policy_refuse_clocks(const struct dtp_host *h, const struct dtp_board *board, int n,
			     const char *missing, struct dtp_diag *diag)
{
	char where[256];
	if (board && board->name)
		snprintf(where, sizeof(where), "board data '%s'%s%s%s", board->name,
			 board->soc ? " and the " : "", board->soc ? board->soc : "", board->soc ? " SoC data" : "");
	else if (board && board->soc)
		snprintf(where, sizeof(where), "the %s SoC data", board->soc);
	else
		snprintf(where, sizeof(where), "no board or SoC data (none matches this tree's root compatible)");
	const char *fix = "give --clock-summary FILE (a copy of dom0's /sys/kernel/debug/clk/clk_summary "
			  "on the running board) or --clock NAME=HZ for each";
	struct dtp_problem p = { dtp_index_source(h->ix), NULL, 0, NULL, fix };
	return dtp_report(diag, DTP_ECLOCK, &p, "%d clock rate%s unknown: %s. Known to neither the tree "
			  "nor %s%s; a guest cannot use the firmware clock driver under Xen, so each "
			  "becomes a fixed-clock", n, n > 1 ? "s" : "", missing, where,
			  board && board->summary_file ? " nor the clk_summary given" : "");
}

static const struct dtp_smmu *host_smmu_at(const struct dtp_host *h, int node)
{
	for (int i = 0; i < h->n_smmus; i++)
		if (h->smmus[i].node == node)
			return &h->smmus[i];
	return NULL;
}

/* Binding classes, decided from the compatible strings (a substring of any
 * of them) and the node name (the name before '@', alone or followed by a
 * digit). PHYs first (no controller, whatever they serve), then the
 * masters: "xlnx,zynqmp-qspi-1.0" on a node named
 * "spi" is a QSPI controller with its own DMA. */
struct dma_class_rule {
	const char *what;
	int dma;
	const char *compat[10];
	const char *names[10];
};

static const struct dma_class_rule dma_classes[] = {
	/* "xlnx,zynqmp-psgtr", "...-usb-phy", "...-pcie-phy": no controller. */
	{ "a PHY", 0, { "phy", "psgtr", NULL }, { "phy", "usb-phy", "pcie-phy", NULL } },
	{ "an Ethernet controller", 1,
	  { "gem", "genet", "-fec", "macb", "gmac", "dwmac", "stmmac", "-eth", "ethernet", NULL },
	  { "ethernet", NULL } },
	{ "an SD/MMC controller", 1, { "sdhci", "sdhc", "mmc", "dw-mshc", NULL }, { "mmc", "sdhci", NULL } },
	{ "a USB controller", 1, { "dwc3", "dwc2", "ehci", "ohci", "xhci", "musb", "usb", NULL }, { "usb", NULL } },
	{ "a SATA controller", 1, { "ahci", "sata", NULL }, { "sata", "ahci", NULL } },
	{ "a DMA engine", 1, { "dma", NULL }, { "dma", "dma-controller", NULL } },
	{ "a QSPI controller with DMA", 1, { "zynqmp-qspi", NULL }, { NULL } },
	{ "a NAND controller with DMA", 1, { "nand", "nfc", NULL }, { "nand", "nand-controller", NULL } },
	{ "a PCIe controller", 1, { "pcie", "pci", NULL }, { "pcie", "pci", NULL } },
	{ "a display controller", 1, { "dpsub", "display", "lcdif", "dcss", "vop", "-dc", "drm", NULL },
	  { "display", "display-controller", "lcd", "lcd-controller", NULL } },
	{ "a GPU", 1, { "mali", "gpu", "v3d", "vivante", "etnaviv", NULL }, { "gpu", NULL } },
	{ "a crypto engine", 1, { "crypto", "caam", NULL }, { "crypto", NULL } },
	{ "a UART", 0, { "uart", "serial", NULL }, { "serial", "uart", NULL } },
	{ "an I2C controller", 0, { "i2c", NULL }, { "i2c", NULL } },
	{ "an SPI controller", 0, { "spi", NULL }, { "spi", NULL } },
	{ "a GPIO controller", 0, { "gpio", NULL }, { "gpio", NULL } },
	{ "a timer or watchdog", 0, { "ttc", "timer", "wdt", "watchdog", NULL }, { "timer", "watchdog", NULL } },
	{ "a CAN controller", 0, { "can-", "-can", NULL }, { "can", NULL } },
	{ "an RTC", 0, { "rtc", NULL }, { "rtc", NULL } },
	{ "a PWM controller", 0, { "pwm", NULL }, { "pwm", NULL } },
	{ "a system controller", 0, { "pinctrl", "syscon", "mailbox", "efuse", "nvmem", "thermal", "sysmon", NULL },
	  { "pinctrl", "syscon", "mailbox", "efuse", "nvmem", "thermal", "ams", "clock-controller", NULL } },
};

/* The node name matches: the whole base name, or the base name followed
 * by a digit ("usb0"). */
static int name_matches(const char *name, const char *word)
{
	/* The first letter first: this runs for every node of the tree. */
	if (name[0] != word[0])
		return 0;
	size_t n = strlen(word);
	if (strncmp(name, word, n) != 0)
		return 0;
	return name[n] == '\0' || name[n] == '@' || (name[n] >= '0' && name[n] <= '9');
}

/* Whether the first three characters of word (or fewer, for a shorter word) are
 * in set, the characters of a compatible list folded to 64 bits: when one
 * is not, the word is in no entry of the list and strstr need not look.
 * Every node of the tree is classified, most by no rule at all. */
static int may_hold(uint64_t set, const char *word)
{
	for (int i = 0; i < 3 && word[i]; i++)
		if (!(set >> ((unsigned char)word[i] & 63) & 1))
			return 0;
	return 1;
}

/* The rule that classifies a node: its matching compatible string in
 * *compat, or NULL when its node name matched. */
static const struct dma_class_rule *class_of_uncached(const char *list, int len, const char *name,
						      const char **compat)
{
	/* The compatible list's characters; a word can only match an entry
	 * when it matches the whole list's set. */
	uint64_t list_set = 0;
	for (int off = 0; list && off < len; off++)
		list_set |= (uint64_t)1 << ((unsigned char)list[off] & 63);
	*compat = NULL;
	for (size_t r = 0; r < sizeof(dma_classes) / sizeof(dma_classes[0]); r++) {
		const struct dma_class_rule *rule = &dma_classes[r];
		int maybe = 0;
		for (int k = 0; list && rule->compat[k] && !maybe; k++)
			maybe = may_hold(list_set, rule->compat[k]);
		for (int off = 0; maybe && off < len; off += (int)strnlen(list + off, (size_t)(len - off)) + 1)
			for (int k = 0; rule->compat[k]; k++)
				if (strstr(list + off, rule->compat[k])) {
					*compat = list + off;
					return rule;
				}
		for (int k = 0; rule->names[k]; k++)
			if (name_matches(name, rule->names[k]))
				return rule;
	}
	return NULL;
}

/* class_of's answers for (compatible list, node base name) pairs seen
 * before: a tree repeats a few of them thousands of times, and the table
 * walk costs some 150 strstr calls a node. */
struct memo_slot {
	const char *list;           /* NULL: empty slot */
	int len;
	const char *name;
	size_t name_len;            /* up to '@': name_matches looks no further */
	int rule;                   /* index into dma_classes[], -1 for none */
	int compat_off;             /* offset of the matching string in list, -1 for none */
	char *why;                  /* the judgement's text when a compatible decided it, or NULL */
};
struct dtp_dma_memo {
	struct memo_slot *slots;
	size_t n_slots;             /* a power of two */
	size_t n_used;
};

struct dtp_dma_memo *dtp_dma_memo_new(void)
{
	struct dtp_dma_memo *m = dtp_xcalloc(1, sizeof(*m));
	m->n_slots = 256;
	m->slots = dtp_xcalloc(m->n_slots, sizeof(*m->slots));
	return m;
}

void dtp_dma_memo_free(struct dtp_dma_memo *m)
{
	for (size_t i = 0; m && i < m->n_slots; i++)
		free(m->slots[i].why);
	if (m)
		free(m->slots);
	free(m);
}

static uint64_t memo_hash(const char *list, int len, const char *name, size_t name_len)
{
	uint64_t h = 1469598103934665603ull;    /* FNV-1a */
	for (int i = 0; i < len; i++)
		h = (h ^ (unsigned char)list[i]) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (size_t i = 0; i < name_len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	return h;
}

static void memo_grow(struct dtp_dma_memo *m)
{
	struct dtp_dma_memo bigger = { dtp_xcalloc(m->n_slots * 2, sizeof(*m->slots)), m->n_slots * 2, m->n_used };
	for (size_t i = 0; i < m->n_slots; i++) {
		const struct memo_slot *e = &m->slots[i];
		if (!e->list)
			continue;
		size_t j = memo_hash(e->list, e->len, e->name, e->name_len) & (bigger.n_slots - 1);
		while (bigger.slots[j].list)
			j = (j + 1) & (bigger.n_slots - 1);
		bigger.slots[j] = *e;
	}
	free(m->slots);
	*m = bigger;
}

static const struct dma_class_rule *class_of(struct dtp_dma_memo *m, const struct dtp_index *ix, int node,
					     const char **compat, struct memo_slot **slot)
{
	int len = 0;
	if (slot)
		*slot = NULL;
	const char *list = dtp_index_prop(ix, node, "compatible", &len);
	const char *name = dtp_node_name(ix, node);
	if (!m || !list || len <= 0)
		return class_of_uncached(list, len, name, compat);
	size_t name_len = strcspn(name, "@");
	size_t j = memo_hash(list, len, name, name_len) & (m->n_slots - 1);
	for (; m->slots[j].list; j = (j + 1) & (m->n_slots - 1)) {
		const struct memo_slot *e = &m->slots[j];
		if (e->len == len && e->name_len == name_len && memcmp(e->list, list, (size_t)len) == 0 &&
		    strncmp(e->name, name, name_len) == 0) {
			*compat = e->compat_off < 0 ? NULL : list + e->compat_off;
			if (slot)
				*slot = &m->slots[j];
			return e->rule < 0 ? NULL : &dma_classes[e->rule];
		}
	}
	const struct dma_class_rule *rule = class_of_uncached(list, len, name, compat);
	m->slots[j] = (struct memo_slot){ list, len, name, name_len, rule ? (int)(rule - dma_classes) : -1,
					  *compat ? (int)(*compat - list) : -1, NULL };
	if (++m->n_used * 2 > m->n_slots)
		memo_grow(m);    /* the slot moved: the caller gets none */
	else if (slot)
		*slot = &m->slots[j];
	return rule;
}

static const char *const dma_props[] = { "iommus", "dmas", "dma-coherent", "dma-ranges" };

/* A DMA property of the node itself, or NULL. */
static const char *dma_prop_of(const struct dtp_index *ix, int node)
{
	for (size_t i = 0; i < sizeof(dma_props) / sizeof(dma_props[0]); i++)
		if (dtp_index_prop(ix, node, dma_props[i], NULL))
			return dma_props[i];
	return NULL;
}

/* why = the parts one after the other, cut as snprintf would: the
 * judgement of every node of the tree is written, and printf's cost would
 * show in the default command. */
static void set_why(struct dtp_dma_class *out, const char *const *parts, int n)
{
	size_t used = 0, cap = sizeof(out->why) - 1;
	for (int i = 0; i < n && used < cap; i++) {
		size_t l = strnlen(parts[i], cap - used);
		memcpy(out->why + used, parts[i], l);
		used += l;
	}
	out->why[used] = '\0';
}

void dtp_policy_dma_class(const struct dtp_index *ix, int node, struct dtp_dma_class *out)
{
	dtp_policy_dma_class_memo(NULL, ix, node, out);
}

void dtp_policy_dma_class_memo(struct dtp_dma_memo *memo, const struct dtp_index *ix, int node,
			       struct dtp_dma_class *out)
{
	memset(out, 0, sizeof(*out));
	const char *compat;
	struct memo_slot *slot;
	const struct dma_class_rule *rule = class_of(memo, ix, node, &compat, &slot);
	if (rule && compat && slot && slot->why) {
		memcpy(out->why, slot->why, strlen(slot->why) + 1);
	} else if (rule && compat) {
		set_why(out, (const char *const[]){ rule->what, " (compatible \"", compat, "\")" }, 4);
		if (slot)   /* the text depends on the compatible alone: keep it */
			slot->why = dtp_xstrdup(out->why);
	}
	else if (rule)
		set_why(out, (const char *const[]){ rule->what, " (node name \"", dtp_node_name(ix, node), "\")" }, 4);
	out->kind = !rule ? DTP_DMA_UNKNOWN : rule->dma ? DTP_DMA_YES : DTP_DMA_NO;
	/* A wrapper (ZynqMP's dwc3 glue) leaves the bus to its child. */
	for (int c = dtp_node_first_child(ix, node); out->kind == DTP_DMA_YES && c >= 0;
	     c = dtp_node_next_sibling(ix, c)) {
		const char *cc;
		const struct dma_class_rule *cr = class_of(memo, ix, c, &cc, NULL);
		if (dma_prop_of(ix, c) || (cr && cr->dma)) {
			out->kind = DTP_DMA_NO;
			snprintf(out->why, sizeof(out->why), "a wrapper: its child %s masters the bus",
				 dtp_node_path(ix, c));
		}
	}
	if (out->kind == DTP_DMA_YES)
		return;
	/* Its own DMA properties say it masters the bus, whatever its class. */
	const char *prop = dma_prop_of(ix, node);
	if (prop) {
		out->kind = DTP_DMA_YES;
		out->via_dmas = strcmp(prop, "dmas") == 0;
		snprintf(out->why, sizeof(out->why), strcmp(prop, "dmas") == 0
			 ? "it has `%s`: it does DMA through a DMA engine's channels" : "it has `%s`", prop);
	} else if (out->kind == DTP_DMA_UNKNOWN) {
		const char *cl = dtp_index_prop(ix, node, "compatible", NULL);
		set_why(out, (const char *const[]){ "dtpart does not know its class (compatible \"", cl ? cl : "",
						    "\", node name \"", dtp_node_name(ix, node), "\")" }, 5);
	}
}

int dtp_policy_smmu(const struct dtp_host *h, const struct dtp_device *d, int n_sids,
		    enum dtp_sid_source src, uint32_t first_sid, int no_iommu,
		    struct dtp_smmu_decision *out, struct dtp_diag *diag)
{
	memset(out, 0, sizeof(*out));
	out->smmu = -1;
	out->sid_source = src;
	out->dma_capable = n_sids > 0;
	if (!n_sids) {
		/* No stream ID anywhere: its class says whether it masters the bus. */
		dtp_policy_dma_class(h->ix, d->node, &out->dma);
		if (out->dma.kind != DTP_DMA_YES)
			return 0;
		out->dma_capable = 1;
		if (no_iommu) {
			out->unprotected = 1;
			return 0;
		}
		struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL, h->n_smmus
			? "give its stream ID with --sid ID (the ID its bus port gives its transactions), "
			  "or pass --force-no-iommu to accept that"
			: "the host tree has no SMMU either: pass --force-no-iommu to accept that" };
		return dtp_report(diag, DTP_EREFUSED, &p, "can master the bus (%s) but has no stream ID "
				  "(none in the tree, none from --sid, none in the SoC or board data): "
				  "without an IOMMU a guest owning it could read and write all memory",
				  out->dma.why);
	}
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
			struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL,
						 "add the SMMU node, or pass --force-no-iommu to accept that" };
			return dtp_report(diag, DTP_EREFUSED, &p, "does DMA (stream ID 0x%x) but the host tree "
					  "has no SMMU: a guest owning it could read and write all memory",
					  first_sid);
		}
		out->unprotected = 1;
		return 0;
	}
	if (n_sids > DTP_XEN_MAX_MASTER_SIDS) {
		struct dtp_problem p = { dtp_index_source(h->ix), d->path, 0, NULL,
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

int dtp_policy_unmapped_master(const struct dtp_host *h, int node, struct dtp_dma_memo *memo,
			       struct dtp_dma_class *c)
{
	dtp_policy_dma_class_memo(memo, h->ix, node, c);
	return dtp_policy_unmapped_master_of(h, node, c);
}

int dtp_policy_unmapped_master_of(const struct dtp_host *h, int node, const struct dtp_dma_class *c)
{
	if (c->kind != DTP_DMA_YES || c->via_dmas || h->n_smmus != 1 || dtp_device_xen_role(h, node))
		return 0;
	/* `iommu-map`: a PCIe host bridge maps its requesters' IDs itself. */
	for (int n = node; n > 0; n = dtp_node_parent(h->ix, n))
		if (dtp_index_prop(h->ix, n, "iommus", NULL) || dtp_index_prop(h->ix, n, "iommu-map", NULL) ||
		    (h->legacy_master_smmu && h->legacy_master_smmu[n]))
			return 0;
	return 1;
}

int dtp_policy_check_dom0_masters(const struct dtp_host *h, const struct dtp_resolved *r,
				  struct dtp_diag *diag)
{
	char list[2048] = "";
	size_t used = 0;
	int n = 0;
	for (int i = 0; i < r->n_dom0; i++) {
		const struct dtp_resolved_device *rd = &r->dom0[i];
		if (rd->n_sids)
			continue;
		n++;
		if (used < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s (%s)", n > 1 ? "; " : "",
						 rd->path, rd->smmu.dma.why);
	}
	if (!n)
		return 0;
	const char *smmu = dtp_node_path(h->ix, h->smmus[dtp_policy_driven_smmu(h, r->enable_smmu)].node);
	char fix[512];
	snprintf(fix, sizeof(fix), "give each its stream ID in the host tree (`iommus = <&smmu SID>` on "
		 "the node, #iommu-cells = <1> on %s), or set status = \"disabled\" on those dom0 does "
		 "not use, or pass them to a guest too", smmu);
	struct dtp_problem p = { dtp_index_source(h->ix), NULL, 0,
				 "smmu: Unexpected global fault, this could be serious", fix };
	return dtp_report(diag, DTP_EREFUSED, &p, "%d DMA master(s) staying with dom0 have no stream ID "
			  "to register with %s: %s. Xen drives that SMMU for the devices given to guests "
			  "and makes it fault every stream without a mapping (smmu.c arm_smmu_device_reset: "
			  "\"Unlike Linux, generate a fault when no mapping is found\"), so their DMA would "
			  "fault", n, smmu, list);
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
