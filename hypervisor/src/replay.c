/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replay of a domain build, in libxl's and Xen's order (see replay.h). */
#include <hypervisor/guest_map.h>
#include <hypervisor/replay.h>
#include <hypervisor/xen_rules.h>

#include "domu_tree.h"
#include "fmt.h"

#define PAGE_SHIFT GUEST_PAGE_SHIFT

struct ctx {
	const struct hv_host *h;
	const struct hv_domain *doms;
	int n_doms;
	const struct hv_domain *d;
	struct gic_model *g;
	struct hv_result *r;
	struct hv_replay_scratch *s;
};

struct hv_finding *hv_result_add(struct hv_result *r, struct hv_finding *spare, enum hv_severity sev,
				 enum hv_code code, int domain, const char *device)
{
	struct hv_finding *f = r->n < r->max ? &r->findings[r->n] : spare;
	r->n++;
	if (sev == HV_ERROR)
		r->errors++;
	else
		r->warnings++;
	f->severity = sev;
	f->code = code;
	f->domain = domain;
	f->device = device;
	f->xen_message[0] = f->text[0] = f->fix[0] = '\0';
	return f;
}

static struct hv_finding *add(struct ctx *c, enum hv_severity sev, enum hv_code code, const char *dev)
{
	return hv_result_add(c->r, &c->s->finding, sev, code, c->d->id, dev);
}

#define TEXT(f, ...) hv_fmt((f)->text, HV_TEXT, __VA_ARGS__)
#define XEN(f, ...) hv_fmt((f)->xen_message, HV_TEXT, __VA_ARGS__)
#define FIX(f, ...) hv_fmt((f)->fix, HV_TEXT, __VA_ARGS__)

static const struct hv_host_device *dev_by_path(const struct hv_host *h, const char *path)
{
	for (int i = 0; path && i < h->n_devs; i++)
		if (hv_streq(h->devs[i].path, path))
			return &h->devs[i];
	return 0;
}

static const struct hv_host_device *dev_by_addr(const struct hv_host *h, uint64_t addr)
{
	for (int i = 0; i < h->n_devs; i++)
		for (int k = 0; k < h->devs[i].n_regs; k++)
			if (h->devs[i].regs[k].addr == addr)
				return &h->devs[i];
	return 0;
}

static void index_irq_owners(struct ctx *c)
{
	for (int i = 0; i < GIC_MAX_LINES; i++)
		c->s->irq_owner[i] = 0;
	for (int i = c->h->n_devs - 1; i >= 0; i--)
		for (int k = 0; k < c->h->devs[i].n_irqs; k++)
			if (c->h->devs[i].irqs[k].id < GIC_MAX_LINES)
				c->s->irq_owner[c->h->devs[i].irqs[k].id] = i + 1;
}

static const struct hv_host_device *dev_by_irq(const struct ctx *c, uint32_t id)
{
	int owner = id < GIC_MAX_LINES ? c->s->irq_owner[id] : 0;
	return owner ? &c->h->devs[owner - 1] : 0;
}

static unsigned xen_version(const struct ctx *c)
{
	return c->h->xen_version ? c->h->xen_version : HV_XEN_DEFAULT;
}

static bool rule(const struct ctx *c, enum hv_rule r)
{
	return hv_rule_applies(r, xen_version(c));
}

#define VER(c) xen_version(c) >> 8, xen_version(c) & 0xff

/* The fix for an entry of an xl config whose device the host tree no
 * longer gives away (released, or never passed through): the entry goes,
 * which is what xlcfg-gen's merge does with the domain's new snippet (or
 * with none, once dtpart has removed it with the domain's last device). */
static void fix_stale_entry(const struct ctx *c, struct hv_finding *f, const char *entry, const char *key,
			    const char *path)
{
	int id = c->d->id;
	FIX(f, "remove %s from %s in the domain's xl config: `xlcfg-gen --merge CONFIG --from dom%d.cfg` "
	    "does (`--merge CONFIG` alone once the domain has no device left); to keep the device in the "
	    "guest instead, `dtpart passthrough %s --domain %d`", entry, key, id, path, id);
}

/* What Xen prints for a mistake it does not notice. */
static void silent(const struct ctx *c, struct hv_finding *f)
{
	if (c->d->dom0less)
		XEN(f, "(Xen %u.%u accepts this silently: the guest breaks at run time)", VER(c));
	else
		XEN(f, "(libxl and Xen %u.%u accept this silently: the guest breaks at run time)", VER(c));
}

/* A dom0less device whose passthrough fails: up to 4.17 Xen logs it and
 * boots the guest without the device; from 4.18 the domain build fails. */
static bool dom0less_pt_failure(enum hv_code code)
{
	switch (code) {
	case HVC_XEN_PATH: case HVC_NO_HOST_DEVICE: case HVC_XEN_REG_ALIGN: case HVC_NOT_BEHIND_SMMU:
	case HVC_SMMU: case HVC_IRQ_XEN: case HVC_IRQ_BUSY: case HVC_IRQ_DOM0: case HVC_IRQ_NOT_SPI:
	case HVC_IRQ_RANGE: case HVC_IRQ_RESERVED:
		return true;
	default:
		return false;
	}
}

static void dom0less_outcome(const struct ctx *c, struct hv_finding *f)
{
	const struct hv_domain *d = c->d;
	if (rule(c, HV_RULE_DOM0LESS_PT_FATAL))
		hv_fmt_cat(f->xen_message, HV_TEXT, "; then: Panic: Could not set up domain %s (rc = -22)",
			   d->name ? d->name : "domU");
	else
		hv_fmt_cat(f->xen_message, HV_TEXT, "; then: Failed to assign device to d%d (Xen %u.%u boots the "
			   "guest without the device)", d->id, VER(c));
}

/* ---- partial tree ---- */

static void check_pt_device(struct ctx *c, const struct hv_pt_device *pd)
{
	const struct hv_domain *d = c->d;
	const struct hv_partial *p = &d->partial;
	uint32_t want_ip = d->dom0less ? p->gic_phandle : HV_GUEST_GIC_PHANDLE;
	if (pd->has_interrupt_parent ? pd->interrupt_parent != want_ip : d->dom0less) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_INTERRUPT_PARENT, pd->name);
		TEXT(f, "partial-tree node %s: interrupt-parent is %s%u, not the guest GIC (%u)", pd->name,
		     pd->has_interrupt_parent ? "" : "missing: ", pd->interrupt_parent, want_ip);
		silent(c, f);
		FIX(f, "interrupt-parent = <%u> in the node", want_ip);
	}
	if (pd->reg_bad_cells) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_CELLS, pd->name);
		TEXT(f, "partial-tree node %s: reg is not a multiple of /%s's #address-cells + #size-cells",
		     pd->name, p->container);
		silent(c, f);
		FIX(f, "write reg in the container's cells (2 address, 2 size)");
	}
	const struct hv_host_device *hd = 0;
	if (d->dom0less) {
		if (!pd->xen_path || pd->xen_reg_cells < 0) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_XEN_PATH, pd->name);
			TEXT(f, "partial-tree node %s has no %s", pd->name, pd->xen_path ? "xen,reg" : "xen,path");
			XEN(f, "xen,reg or xen,path missing for d%d", d->id);
			FIX(f, "add xen,reg = <host size guest> and xen,path = \"/host/path\"");
			return;
		}
		hd = dev_by_path(c->h, pd->xen_path);
		if (!hd) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_NO_HOST_DEVICE, pd->name);
			TEXT(f, "xen,path \"%s\" of %s is not a device of the host tree", pd->xen_path, pd->name);
			XEN(f, "Couldn't find node %s in host_dt!", pd->xen_path);
			FIX(f, "use the host node's full path (dtpart list)");
			return;
		}
		uint32_t cells = 2 * p->addr_cells + p->size_cells;
		if (cells == 0 || pd->xen_reg_cells % (int)cells) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_XEN_REG_CELLS, pd->name);
			TEXT(f, "xen,reg of %s has %d cells, not a multiple of 2 x #address-cells + #size-cells "
			     "= %u: nothing is mapped", pd->name, pd->xen_reg_cells, cells);
			silent(c, f);
			FIX(f, "write xen,reg as <host-address size guest-address> triples in the /passthrough cells");
		}
		for (int i = 0; i < pd->n_xen_reg; i++) {
			uint64_t ha = pd->xen_reg[3 * i], sz = pd->xen_reg[3 * i + 1], ga = pd->xen_reg[3 * i + 2];
			if (!hv_guest_page_aligned(ha) || !hv_guest_page_aligned(sz) || !hv_guest_page_aligned(ga)) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_XEN_REG_ALIGN, pd->name);
				TEXT(f, "xen,reg of %s is not page aligned (0x%llx size 0x%llx -> 0x%llx)", pd->name,
				     (unsigned long long)ha, (unsigned long long)sz, (unsigned long long)ga);
				XEN(f, "DomU passthrough config has not page aligned addresses/sizes");
				FIX(f, "round the host and guest addresses down and the size up to 4 KiB pages");
			}
		}
		/* Every reg range of the guest node must sit in a mapped window. */
		for (int i = 0; i < pd->n_reg; i++) {
			uint64_t a = pd->reg[2 * i], s = pd->reg[2 * i + 1];
			int inside = 0;
			for (int k = 0; k < pd->n_xen_reg && !inside; k++) {
				uint64_t ga = pd->xen_reg[3 * k + 2], sz = pd->xen_reg[3 * k + 1];
				inside = a >= ga && a + s <= ga + sz;
			}
			if (!inside) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_REG_DIFFERS, pd->name);
				TEXT(f, "reg 0x%llx of %s is outside the guest addresses of its xen,reg: the driver "
				     "touches unmapped memory", (unsigned long long)a, pd->name);
				silent(c, f);
				FIX(f, "make reg equal to the guest address in xen,reg");
			}
		}
	} else {
		/* xl: no xen,path; the node's reg is a guest address, which iomem
		 * "PFN,N@GFN" maps onto host pages (libxl: xc_domain_memory_mapping
		 * of gfn -> mfn; without @GFN, 1:1). */
		uint64_t host = pd->n_reg ? pd->reg[0] : 0;
		bool mapped = false;
		for (int k = 0; k < d->n_iomem && pd->n_reg && !mapped; k++) {
			uint64_t g = d->iomem[k].gfn << PAGE_SHIFT, s = d->iomem[k].npages << PAGE_SHIFT;
			if (host >= g && host - g < s) {
				host = (d->iomem[k].pfn << PAGE_SHIFT) + (host - g);
				mapped = true;
			}
		}
		if (pd->n_reg && d->n_iomem && !mapped) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_REG_DIFFERS, pd->name);
			TEXT(f, "reg 0x%llx of partial-tree node %s lies in no guest range of iomem: the driver "
			     "touches unmapped memory", (unsigned long long)pd->reg[0], pd->name);
			silent(c, f);
			FIX(f, "make reg the guest address of the device's iomem entry (GFN, or PFN without @GFN)");
			return;
		}
		hd = pd->n_reg ? dev_by_addr(c->h, host) : 0;
		if (!hd) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_REG_DIFFERS, pd->name);
			TEXT(f, "reg 0x%llx of partial-tree node %s is not the address of any host device",
			     pd->n_reg ? (unsigned long long)pd->reg[0] : 0ull, pd->name);
			silent(c, f);
			FIX(f, "copy reg from the host node, translated to CPU addresses (dtpart does)");
			return;
		}
	}
	/* Xen routes the host node's interrupts whatever the copy says. */
	int same = pd->n_irq_cells == 3 * hd->n_irqs;
	for (int i = 0; same && i < hd->n_irqs; i++) {
		uint32_t t = pd->irq_cells[3 * i], n = pd->irq_cells[3 * i + 1], fl = pd->irq_cells[3 * i + 2];
		uint32_t id;
		same = gic_id_of(t, n, &id) == 0 && id == hd->irqs[i].id && (fl & 0xf) == (hd->irqs[i].flags & 0xf);
	}
	if (!same) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_DIFFERS, pd->name);
		TEXT(f, "interrupts of partial-tree node %s differ from host %s (%d interrupt(s), first ID %u)",
		     pd->name, hd->path, hd->n_irqs, hd->n_irqs ? hd->irqs[0].id : 0);
		silent(c, f);
		FIX(f, "copy interrupts from the host node unchanged");
	}
}

static void check_partial(struct ctx *c)
{
	const struct hv_domain *d = c->d;
	const struct hv_partial *p = &d->partial;
	if (!p->present) {
		if (!d->dom0less && d->has_device_tree) {
			struct hv_finding *f = add(c, HV_ERROR, HVC_PARTIAL_MISSING, 0);
			TEXT(f, "device_tree names a file that cannot be read");
			XEN(f, "libxl__prepare_dtb: failed to read the partial device file");
			FIX(f, "give the path of the partial tree on the target");
		}
		return;
	}
	if (!p->valid_blob) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_PARTIAL_INVALID, 0);
		TEXT(f, "the partial device tree is not a valid blob");
		XEN(f, "check_partial_fdt: Partial FDT is not a valid Flat Device Tree");
		FIX(f, "compile it with dtc");
		return;
	}
	if (!p->container || !hv_streq(p->container, "passthrough")) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_CONTAINER, p->container);
		TEXT(f, "the devices are under /%s, not /passthrough", p->container ? p->container : "?");
		if (d->dom0less)
			XEN(f, "(Xen %u.%u accepts this silently: only /passthrough is read; the devices never appear)",
			    VER(c));
		else
			XEN(f, "copy_partial_fdt: Can't copy the node \"/passthrough\" from the partial FDT");
		FIX(f, "name the container node exactly passthrough");
		return;
	}
	if (!p->simple_bus) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_NOT_SIMPLE_BUS, "passthrough");
		TEXT(f, "/passthrough is not compatible with \"simple-bus\": the guest kernel does not probe its children");
		silent(c, f);
		FIX(f, "compatible = \"simple-bus\" in /passthrough");
	}
	if (!p->has_ranges || !p->ranges_empty) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_RANGES, "passthrough");
		TEXT(f, "/passthrough has %s: the guest cannot translate its children's reg",
		     p->has_ranges ? "a non-empty ranges" : "no ranges");
		silent(c, f);
		FIX(f, "an empty `ranges;` in /passthrough");
	}
	if (!p->has_cells || p->addr_cells < 1 || p->addr_cells > 2 || p->size_cells < 1 || p->size_cells > 2) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_CELLS, "passthrough");
		TEXT(f, "/passthrough #address-cells %u / #size-cells %u (want 1 or 2 each)", p->addr_cells,
		     p->size_cells);
		XEN(f, "Invalid address_cells %u or size_cells %u", p->addr_cells, p->size_cells);
		FIX(f, "#address-cells = <2>; #size-cells = <2>; in /passthrough");
	}
	if (p->max_phandle >= HV_GUEST_GIC_PHANDLE) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_PHANDLE, 0);
		TEXT(f, "the partial tree uses phandle %u: 65000 is the guest GIC's and 65001 the guest IOMMU's",
		     p->max_phandle);
		silent(c, f);
		FIX(f, "renumber the partial tree's phandles below 65000");
	}
	for (int i = 0; i < p->n_devs; i++)
		check_pt_device(c, &p->devs[i]);
}

/* ---- IOMMU ---- */

static void assign_dev(struct ctx *c, const struct hv_host_device *hd, bool force)
{
	const struct hv_domain *d = c->d;
	if (force)
		return;
	bool unread = hd->smmu_generic && !rule(c, HV_RULE_GENERIC_IOMMUS);
	if (!c->h->smmu || hd->smmu_master < 0 || unread) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_NOT_BEHIND_SMMU, hd->path);
		if (unread)
			TEXT(f, "%s is registered with the SMMU through generic iommus, which Xen %u.%u's SMMU "
			     "driver does not read (mmu-masters only before 4.16)", hd->path, VER(c));
		else
			TEXT(f, "%s is not registered with an enabled SMMU, so it cannot be assigned through it",
			     hd->path);
		if (d->dom0less)
			XEN(f, "(iommu_assign_dt_device: -EINVAL, no message of its own)");
		else if (!c->h->smmu)
			XEN(f, "passthrough not supported on this platform");
		else
			XEN(f, "xc_assign_dtdevice failed: -22");
		FIX(f, "register it with the SMMU (iommus), or for a device that does no DMA drop dtdev%s",
		    d->dom0less ? " and set xen,force-assign-without-iommu" : "");
		return;
	}
	struct smmu_conflict why;
	int rc = smmu_assign(c->h->smmu, hd->smmu_master, d->id, &why);
	if (!rc)
		return;
	struct hv_finding *f = add(c, HV_ERROR, HVC_SMMU, hd->path);
	if (rc == -SMMU_ESHARED) {
		TEXT(f, "stream ID 0x%x of %s is already routed to domain %d for %s", why.id, hd->path,
		     why.other_domain, why.other_master ? why.other_master : "?");
		XEN(f, "(Xen moves the stream silently: domain %d loses its device's DMA)", why.other_domain);
		FIX(f, "give both devices to one domain");
	} else if (rc == -SMMU_ENOSPC_CB) {
		TEXT(f, "no free SMMU context bank for domain %d (%s): one bank per domain and SMMU", d->id,
		     hd->path);
		XEN(f, "Failed to assign device to d%d (arm-smmu: no free context bank, -ENOSPC)", d->id);
		FIX(f, "fewer domains with DMA masters behind this SMMU");
	} else if (rc == -SMMU_EOVERLAP) {
		TEXT(f, "stream 0x%x mask 0x%x of %s partially overlaps entry %d (0x%x mask 0x%x) of %s",
		     why.id, why.mask, hd->path, why.smr, why.other_id, why.other_mask,
		     why.other_master ? why.other_master : "?");
		XEN(f, "Failed to assign device to d%d (stream-match allocation -EINVAL)", d->id);
		FIX(f, "fix the stream ID masks so entries nest or do not overlap");
	} else if (rc == -SMMU_EEXIST && why.other_domain == 0) {
		TEXT(f, "%s is attached to dom0's context: the host node has no xen,passthrough", hd->path);
		XEN(f, "xc_assign_dtdevice failed: -16 (the device belongs to dom0)");
		if (d->dom0less)
			FIX(f, "add xen,passthrough to %s in the host tree (dtpart passthrough does)", hd->path);
		else
			fix_stale_entry(c, f, hd->path, "dtdev", hd->path);
	} else if (rc == -SMMU_EEXIST) {
		TEXT(f, "%s is already assigned to domain %d", hd->path, why.other_domain);
		XEN(f, "Failed to assign device to d%d (-EEXIST)", d->id);
		FIX(f, "list each device once, in one domain");
	} else {
		TEXT(f, "%s: %s", hd->path, smmu_strerror(rc));
		XEN(f, "Failed to assign device to d%d", d->id);
		FIX(f, "see the SMMU description in the host tree");
	}
}

/* ---- IRQs ---- */

static void route_irq(struct ctx *c, uint32_t id, const struct hv_host_device *known)
{
	const struct hv_domain *d = c->d;
	const struct hv_host_device *hd = known ? known : dev_by_irq(c, id);
	const char *path = hd ? hd->path : 0;
	if (id < GIC_SPI_BASE) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_NOT_SPI, path);
		TEXT(f, "IRQ %u is a PPI/SGI: only SPIs (32 and up) can be given to a guest", id);
		XEN(f, "IRQ can only be routed to an SPI");
		FIX(f, "irqs holds GIC IDs = SPI + 32");
		return;
	}
	if (id >= c->g->lines) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_RANGE, path);
		TEXT(f, "IRQ %u is beyond the GIC's %u lines", id, c->g->lines);
		XEN(f, "failed give domain access to irq %u: Invalid argument", id);
		FIX(f, "irqs holds GIC IDs = SPI + 32");
		return;
	}
	if ((d->vpl011 && id == GUEST_VPL011_SPI) ||
	    (d->virtio && id >= GUEST_VIRTIO_FIRST_SPI && id <= GUEST_VIRTIO_LAST_SPI)) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_RESERVED, path);
		TEXT(f, "IRQ %u is the guest's %s interrupt", id, id == 32 ? "virtual PL011" : "virtio-mmio");
		XEN(f, id == 32 ? "Physical IRQ %u conflicting with pl011 SPI" : "IRQ %u is reserved for virtio-mmio", id);
		FIX(f, "drop %s, or do not pass through this interrupt", id == 32 ? "vuart/vpl011" : "virtio");
		return;
	}
	bool xen_keeps = hd && hd->xen_role;
	for (int i = 0; i < c->h->n_xen_irqs; i++)
		xen_keeps |= c->h->xen_irqs[i] == id;
	if (xen_keeps) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_XEN, path);
		TEXT(f, "IRQ %u belongs to %s, which Xen keeps", id, hd && hd->xen_role ? hd->xen_role : "Xen");
		XEN(f, d->dom0less ? "IRQ %u is already used by Xen" : "failed give domain access to irq %u: "
		    "Operation not permitted (Xen: IRQ %u is already used by Xen)", id, id);
		FIX(f, "give Xen another console or pass another device");
		return;
	}
	if (!hd) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_UNKNOWN, 0);
		TEXT(f, "IRQ %u belongs to no device of the host tree", id);
		XEN(f, d->dom0less ? "IRQ %u has not been configured" :
		    "failed give domain access to irq %u: Operation not permitted", id);
		FIX(f, "use the SPI + 32 of a device in the host tree (dtpart show DEVICE)");
		return;
	}
	if (!hd->passthrough && c->h->has_dom0) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_DOM0, path);
		TEXT(f, "IRQ %u of %s stays with dom0: the host node has no xen,passthrough", id, path);
		XEN(f, "IRQ %u is already used by domain 0", id);
		if (d->dom0less) {
			FIX(f, "add xen,passthrough to %s in the host tree (dtpart passthrough does)", path);
		} else {
			char entry[16];
			hv_fmt(entry, sizeof(entry), "%u", id);
			fix_stale_entry(c, f, entry, "irqs", path);
		}
		return;
	}
	uint32_t flags = 4;
	for (int i = 0; i < hd->n_irqs; i++)
		if (hd->irqs[i].id == id)
			flags = hd->irqs[i].flags;
	int holder;
	int rc = gic_route(c->g, id, d->id, flags, &holder);
	if (rc == -HV_EBUSY) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_BUSY, path);
		TEXT(f, "IRQ %u of %s is wanted by domain %d and domain %d", id, path, holder, d->id);
		XEN(f, "IRQ %u is already used by domain %d", id, holder);
		FIX(f, "give the device to one domain only");
	} else if (rc == -HV_ETRIGGER) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_TRIGGER, path);
		TEXT(f, "IRQ %u of %s has trigger flags 0x%x: a GIC-400 SPI is level-high (4) or edge-rising (1)",
		     id, path, flags);
		XEN(f, "(Xen programs it as %s and only warns: the interrupt storms or is lost)",
		    (flags & 0xa) ? "the nearest type" : "level");
		FIX(f, "put 4 (level-high) or 1 (edge-rising) in the host node's interrupts");
	}
}

/* ---- iomem ---- */

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

static void map_iomem(struct ctx *c, uint64_t host, uint64_t size, uint64_t guest, const char *dev,
		      const struct hv_host_device *own)
{
	const struct hv_domain *d = c->d;
	struct guest_map_hit hit;
	if (hv_guest_map_collides(guest, size, d->ram_bytes, d->vpl011, d->virtio, &hit) &&
	    hit.unused_by_dt_guests) {
		struct hv_finding *f = add(c, HV_WARNING, HVC_IOMEM_REGION, dev);
		TEXT(f, "guest range 0x%llx size 0x%llx lies in Xen's %s window (0x%llx size 0x%llx), "
		     "which Xen %u.%u leaves unused for a device-tree guest without virtual PCI",
		     (unsigned long long)guest, (unsigned long long)size, hit.what,
		     (unsigned long long)hit.base, (unsigned long long)hit.size, VER(c));
		XEN(f, "(accepted and working with Xen %u.%u; a Xen that gives guests %s there would clash)",
		    VER(c), hit.what);
		FIX(f, "nothing for Xen %u.%u; with a later Xen, give the device a free guest address "
		    "(dtpart passthrough DEVICE --guest-addr DEVICE=ADDR writes iomem @GFN and reg)", VER(c));
	} else if (hit.what) {
		bool ram = hit.ram;
		struct hv_finding *f = add(c, HV_ERROR, ram ? HVC_IOMEM_RAM : HVC_IOMEM_REGION, dev);
		TEXT(f, "guest range 0x%llx size 0x%llx overlaps %s (0x%llx size 0x%llx) of a %llu MiB domain",
		     (unsigned long long)guest, (unsigned long long)size, hit.what,
		     (unsigned long long)hit.base, (unsigned long long)hit.size,
		     (unsigned long long)(d->ram_bytes >> 20));
		if (ram && d->dom0less)
			XEN(f, "Panic: Unable to copy the kernel (or the RAM page is silently replaced)");
		else if (ram)
			XEN(f, "(libxl and Xen accept this silently: the RAM page is replaced, the guest hangs)");
		else
			XEN(f, "(the mapping replaces Xen's %s for the guest)", hit.what);
		FIX(f, "let dtpart place the device (it moves one that collides below guest RAM; for an xl "
		    "domain give --memory) or choose the guest address with --guest-addr DEVICE=ADDR");
	}
	if (own && !own->passthrough && c->h->has_dom0 && !d->dom0less) {
		/* The device's own page, while dom0 keeps the device. */
		struct hv_finding *f = add(c, HV_ERROR, HVC_IOMEM_SHARED, dev);
		char entry[48];
		hv_fmt(entry, sizeof(entry), "\"0x%llx,%llx\"", (unsigned long long)(host >> PAGE_SHIFT),
		       (unsigned long long)(size >> PAGE_SHIFT));
		TEXT(f, "iomem %s maps the registers of %s, which stays with dom0: the host node has no "
		     "xen,passthrough", entry, own->path);
		XEN(f, "%s", "(Xen accepts this silently: dom0 and the guest both drive the registers)");
		fix_stale_entry(c, f, entry, "iomem", own->path);
	}
	for (int i = 0; i < c->h->n_devs; i++) {
		const struct hv_host_device *hd = &c->h->devs[i];
		if (hd == own)
			continue;
		for (int k = 0; k < hd->n_regs; k++) {
			uint64_t p0 = hd->regs[k].addr >> PAGE_SHIFT;
			uint64_t p1 = (hd->regs[k].addr + hd->regs[k].size - 1) >> PAGE_SHIFT;
			if (!ranges_overlap(host >> PAGE_SHIFT, size >> PAGE_SHIFT, p0, p1 - p0 + 1))
				continue;
			if (hd->xen_role) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_IOMEM_XEN, dev);
				TEXT(f, "iomem 0x%llx covers registers of %s, %s", (unsigned long long)(host >> PAGE_SHIFT),
				     hd->path, hd->xen_role);
				XEN(f, "failed give domain access to iomem range %llx-%llx: Operation not permitted",
				    (unsigned long long)(host >> PAGE_SHIFT),
				    (unsigned long long)((host + size - 1) >> PAGE_SHIFT));
				FIX(f, "do not map Xen's devices into a guest");
			} else if (!hd->passthrough && c->h->has_dom0) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_IOMEM_SHARED, dev);
				TEXT(f, "page 0x%llx given to domain %d also holds registers of %s, which stays with dom0",
				     (unsigned long long)(p0 > (host >> PAGE_SHIFT) ? p0 : host >> PAGE_SHIFT), d->id,
				     hd->path);
				XEN(f, "%s", "(Xen accepts this silently: dom0 and the guest both drive the registers)");
				FIX(f, "give %s to the same domain, or leave the page with dom0", hd->path);
			}
			break;
		}
	}
	/* The same host page mapped into two guests. */
	for (int e = 0; e < c->n_doms; e++) {
		const struct hv_domain *o = &c->doms[e];
		if (o->id == d->id)
			continue;
		for (int k = 0; k < o->n_iomem; k++)
			if (ranges_overlap(host >> PAGE_SHIFT, size >> PAGE_SHIFT, o->iomem[k].pfn, o->iomem[k].npages)) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_IOMEM_OTHER_DOMAIN, dev);
				TEXT(f, "host page 0x%llx is mapped into domain %d and domain %d",
				     (unsigned long long)o->iomem[k].pfn, o->id, d->id);
				XEN(f, "%s", "(Xen accepts this silently: two guests drive one device)");
				FIX(f, "give the device to one domain");
				return;
			}
	}
}

static void ext_region_clash(struct ctx *c, uint64_t guest, uint64_t size, const char *dev);

/* A DMA master without an IOMMU in a guest whose RAM is not at its machine
 * addresses: the device reads and writes machine memory at the guest's
 * addresses (Xen's docs/misc/arm/passthrough-noiommu.txt wants the domain
 * direct-mapped). */
static void dma_not_1to1(struct ctx *c, const struct hv_host_device *own)
{
	const struct hv_domain *d = c->d;
	if (!own || !own->dma || (c->h->smmu && own->smmu_master >= 0) || (d->dom0less && d->direct_map))
		return;
	struct hv_finding *f = add(c, HV_WARNING, HVC_DIRECT_MAP, own->path);
	TEXT(f, "%s does DMA without an IOMMU, and the guest's RAM is not at its machine addresses: the "
	     "device reads and writes machine memory at the guest's addresses", own->path);
	silent(c, f);
	if (d->dom0less)
		FIX(f, "dtpart passthrough --direct-map (needs Xen with CONFIG_STATIC_MEMORY), or an SMMU");
	else
		FIX(f, "an xl guest's RAM is never 1:1: give it to a dom0less domain with --direct-map, or use an SMMU");
}

static void domain_irqs_and_iomem(struct ctx *c)
{
	const struct hv_domain *d = c->d;
	uint32_t max_id = 0;
	if (d->dom0less) {
		for (int i = 0; i < d->partial.n_devs; i++) {
			const struct hv_pt_device *pd = &d->partial.devs[i];
			const struct hv_host_device *hd = dev_by_path(c->h, pd->xen_path);
			if (!hd || !pd->xen_path)
				continue;
			for (int k = 0; k < hd->n_irqs; k++) {
				bool dup = false;
				for (int j = 0; j < k; j++)
					dup |= hd->irqs[j].id == hd->irqs[k].id;
				if (!dup)
					route_irq(c, hd->irqs[k].id, hd);
				if (hd->irqs[k].id > max_id)
					max_id = hd->irqs[k].id;
			}
		}
	} else {
		for (int i = 0; i < d->n_irqs; i++) {
			bool dup = false;
			for (int j = 0; j < i; j++)
				dup |= d->irqs[j] == d->irqs[i];
			if (dup) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_IRQ_DUPLICATE, 0);
				TEXT(f, "IRQ %u is listed twice in irqs", d->irqs[i]);
				XEN(f, "xc_domain_bind_pt_irq failed: -16 (vIRQ %u is already reserved)", d->irqs[i]);
				FIX(f, "list each interrupt once (GEM nodes name their SPI twice)");
				continue;
			}
			route_irq(c, d->irqs[i], 0);
			if (d->irqs[i] > max_id)
				max_id = d->irqs[i];
		}
	}
	if (d->nr_spis && !d->dom0less && !rule(c, HV_RULE_XL_NR_SPIS)) {
		struct hv_finding *f = add(c, HV_WARNING, HVC_IGNORED, 0);
		TEXT(f, "nr_spis = %u in an xl config: xl %u.%u does not know the key", d->nr_spis, VER(c));
		XEN(f, "(xl %u.%u ignores it without a word; it reads nr_spis from 4.19 on)", VER(c));
		FIX(f, "drop nr_spis, or use Xen 4.19 or later");
	} else if (d->nr_spis && max_id >= GIC_SPI_BASE && max_id - GIC_SPI_BASE + 1 > d->nr_spis) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_NR_SPIS, 0);
		TEXT(f, "nr_spis = %u does not reach IRQ %u", d->nr_spis, max_id);
		XEN(f, "Provided nr_spis value is too small");
		FIX(f, "nr_spis = %u or more", max_id - GIC_SPI_BASE + 1);
	}
	for (int i = 0; i < d->n_iomem; i++) {
		uint64_t host = d->iomem[i].pfn << PAGE_SHIFT, size = d->iomem[i].npages << PAGE_SHIFT;
		const struct hv_host_device *own = 0;
		for (int k = 0; k < c->h->n_devs && !own; k++)
			for (int r = 0; r < c->h->devs[k].n_regs; r++)
				if ((c->h->devs[k].regs[r].addr >> PAGE_SHIFT) == d->iomem[i].pfn &&
				    !c->h->devs[k].xen_role)
					own = &c->h->devs[k];
		map_iomem(c, host, size, d->iomem[i].gfn << PAGE_SHIFT, own ? own->path : 0, own);
		dma_not_1to1(c, own);
		ext_region_clash(c, d->iomem[i].gfn << PAGE_SHIFT, size, own ? own->path : 0);
	}
}

/* libxl (xl guests) and Xen (dom0less guests with xen,enhanced) advertise
 * the unallocated part of each RAM bank as free guest space, not excluding
 * the device mappings, until 4.21. */
static void ext_region_clash(struct ctx *c, uint64_t guest, uint64_t size, const char *dev)
{
	const struct hv_domain *d = c->d;
	uint64_t base[2], len[2];
	int n = hv_ext_regions_over_devices(xen_version(c), d->dom0less, d->enhanced, d->ram_bytes,
					    c->h->ipa_bits, base, len);
	for (int i = 0; i < n; i++) {
		if (!ranges_overlap(guest, size, base[i], len[i]))
			continue;
		struct hv_finding *f = add(c, HV_WARNING, HVC_EXT_REGION, dev);
		TEXT(f, "guest range 0x%llx size 0x%llx lies in the extended region 0x%llx-0x%llx that Xen %u.%u "
		     "advertises to the guest as free for grant and foreign mappings",
		     (unsigned long long)guest, (unsigned long long)size, (unsigned long long)base[i],
		     (unsigned long long)(base[i] + len[i] - 1), VER(c));
		XEN(f, "%s: extended region %d: 0x%llx->0x%llx (a guest that maps pages there hides the device)",
		    d->dom0less ? "make_hypervisor_node" : "libxl finalize_hypervisor_node", i,
		    (unsigned long long)base[i], (unsigned long long)(base[i] + len[i]));
		FIX(f, "use Xen 4.21 or later (--xen 4.21), which leaves device ranges out of the extended regions; "
		    "until then a guest that uses them (Linux: CONFIG_XEN_UNPOPULATED_ALLOC) can map pages over the "
		    "device, unless dtpart passthrough --guest-addr DEVICE=ADDR moves it below guest RAM");
		return;
	}
}

/* Xen 4.17 builds a dom0less guest's tree in 4096 bytes; later versions
 * add the partial tree's size to that. */
static void guest_tree_fits(struct ctx *c)
{
	const struct hv_domain *d = c->d;
	struct hv_domu_tree_size sz;
	hv_domu_tree_size(d, xen_version(c), c->h->ipa_bits, c->s, &sz);
	if (sz.total <= sz.limit)
		return;
	struct hv_finding *f = add(c, HV_ERROR, HVC_DOMU_TREE_SIZE, 0);
	TEXT(f, "the device tree Xen %u.%u builds for %s comes to %u bytes (%u of them the copied partial "
	     "tree's nodes), over its %u-byte buffer", VER(c), d->name ? d->name : "the domain", sz.total,
	     sz.copied, sz.limit);
	/* As real Xen 4.17 printed it on QEMU's ZCU102 (tests/e2e, 9 devices):
	 * prepare_dtb_domU's error path, then create_domUs' panic. */
	XEN(f, "Device tree generation failed (-3). Panic on CPU 0: Could not set up domain %s%s",
	    d->name ? d->name : "domU", rule(c, HV_RULE_DOM0LESS_PT_FATAL) ? " (rc = -22)" : "");
	if (rule(c, HV_RULE_DOMU_DTB_4K))
		FIX(f, "give these devices to two domains, shorten the bootargs, or use Xen 4.18 or later, "
		    "which sizes the buffer by the partial tree");
	else
		FIX(f, "give these devices to two domains or shorten the bootargs");
}

/* Static memory and direct-map of a dom0less domain, as Xen 4.17's
 * create_domUs and allocate_static_memory (arch/arm/domain_build.c) take
 * them: CDF_staticmem is 0 in a build without CONFIG_STATIC_MEMORY, so
 * direct-map there panics as if xen,static-mem were absent, and the banks
 * alone fail the domain's construction; bootfdt.c reserves the banks
 * assuming they overlap nothing ("This function assumes that memory regions
 * are not overlapped"), so overlaps go unnoticed. */
static void static_memory(struct ctx *c)
{
	const struct hv_domain *d = c->d;
	char name[24];
	if (d->name)
		hv_fmt(name, sizeof(name), "%s", d->name);
	else
		hv_fmt(name, sizeof(name), "domU%d", d->id);
	bool staticmem = d->n_static_mem > 0 && !c->h->no_static_memory;
	if (d->direct_map && !staticmem) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_DIRECT_MAP, 0);
		if (d->n_static_mem)
			TEXT(f, "%s is direct-mapped with xen,static-mem, but this Xen build lacks "
			     "CONFIG_STATIC_MEMORY", name);
		else
			TEXT(f, "%s is direct-mapped without xen,static-mem banks", name);
		XEN(f, "Panic: direct-map is not valid for domain %s without static allocation.", name);
		FIX(f, d->n_static_mem ? "use a Xen built with CONFIG_UNSUPPORTED=y and CONFIG_STATIC_MEMORY=y"
					: "give the domain xen,static-mem banks (dtpart --direct-map chooses them)");
		return;
	}
	if (!d->n_static_mem)
		return;
	if (c->h->no_static_memory) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_STATIC_MEM, 0);
		TEXT(f, "%s has xen,static-mem, but this Xen build lacks CONFIG_STATIC_MEMORY", name);
		XEN(f, "Panic: Could not set up domain %s", name);
		FIX(f, "use a Xen built with CONFIG_UNSUPPORTED=y and CONFIG_STATIC_MEMORY=y, or drop xen,static-mem");
		return;
	}
	uint64_t total = 0;
	for (int i = 0; i < d->n_static_mem; i++) {
		const struct hv_range *b = &d->static_mem[i];
		total += b->size;
		for (int m = 0; m < c->h->n_modules; m++)
			if (ranges_overlap(b->addr, b->size, c->h->modules[m].addr, c->h->modules[m].size)) {
				struct hv_finding *f = add(c, HV_ERROR, HVC_STATIC_MEM, 0);
				TEXT(f, "xen,static-mem bank 0x%llx-0x%llx of %s overlaps the boot module at 0x%llx",
				     (unsigned long long)b->addr, (unsigned long long)(b->addr + b->size - 1), name,
				     (unsigned long long)c->h->modules[m].addr);
				silent(c, f);
				FIX(f, "move the bank or the module: Xen gives the bank's pages to the guest and the "
				    "module is lost");
			}
		/* Each pair once: banks of this domain after this one, and every
		 * bank of the domains before it. */
		for (int e = 0; e < c->n_doms; e++) {
			const struct hv_domain *o = &c->doms[e];
			if (o->id > d->id)
				continue;
			for (int k = o == d ? i + 1 : 0; k < o->n_static_mem; k++)
				if (ranges_overlap(b->addr, b->size, o->static_mem[k].addr, o->static_mem[k].size)) {
					struct hv_finding *f = add(c, HV_ERROR, HVC_STATIC_MEM, 0);
					TEXT(f, "xen,static-mem bank 0x%llx-0x%llx of %s overlaps bank 0x%llx of domain %d",
					     (unsigned long long)b->addr, (unsigned long long)(b->addr + b->size - 1),
					     name, (unsigned long long)o->static_mem[k].addr, o->id);
					silent(c, f);
					FIX(f, "give each bank its own host RAM");
				}
		}
	}
	if (total != d->ram_bytes) {
		struct hv_finding *f = add(c, HV_ERROR, HVC_STATIC_MEM, 0);
		TEXT(f, "the xen,static-mem banks of %s hold %llu KiB, its memory property %llu KiB", name,
		     (unsigned long long)(total >> 10), (unsigned long long)(d->ram_bytes >> 10));
		XEN(f, "Size of \"memory\" property doesn't match up with the sum-up of \"xen,static-mem\". "
		    "Unsupported configuration.; then: Panic: Could not set up domain %s", name);
		FIX(f, "make memory the banks' total");
	}
}

int hv_replay(const struct hv_host *host, const struct hv_domain *doms, int n_doms,
	      struct gic_model *gic, struct hv_replay_scratch *scratch, struct hv_result *res)
{
	struct ctx c = { .h = host, .doms = doms, .n_doms = n_doms, .g = gic, .r = res, .s = scratch };
	index_irq_owners(&c);
	res->n = res->errors = res->warnings = 0;
	int rc = gic_init(gic, host->gic_lines);
	if (rc)
		return rc;
	for (int i = 0; i < host->n_xen_irqs; i++)
		gic_reserve_xen(gic, host->xen_irqs[i]);
	/* Ascending id, the order Xen creates dom0less domains in. */
	for (int last = -1;;) {
		const struct hv_domain *d = 0;
		for (int i = 0; i < n_doms; i++)
			if (doms[i].id > last && (!d || doms[i].id < d->id))
				d = &doms[i];
		if (!d)
			break;
		last = d->id;
		c.d = d;
		int first = res->n;
		if (d->dom0less && d->tree.known)
			guest_tree_fits(&c);
		if (d->dom0less)
			static_memory(&c);
		if (d->dom0less && d->passthrough_prop && !rule(&c, HV_RULE_DOM0LESS_PASSTHROUGH_PROP)) {
			struct hv_finding *f = add(&c, HV_WARNING, HVC_IGNORED, 0);
			TEXT(f, "/chosen/%s has a passthrough property, which Xen %u.%u does not read", d->name ? d->name : "domU",
			     VER(&c));
			XEN(f, "(ignored: Xen %u.%u gives every dom0less domain with a partial tree an IOMMU context)",
			    VER(&c));
			FIX(f, "drop it, or use Xen 4.19 or later");
		}
		check_partial(&c);
		if (d->dom0less) {
			for (int i = 0; i < d->partial.n_devs; i++) {
				const struct hv_host_device *hd = dev_by_path(host, d->partial.devs[i].xen_path);
				if (hd && d->partial.devs[i].xen_path)
					assign_dev(&c, hd, d->partial.devs[i].force_assign);
			}
		} else {
			for (int i = 0; i < d->n_dtdevs; i++) {
				const struct hv_host_device *hd = dev_by_path(host, d->dtdevs[i]);
				if (!hd) {
					struct hv_finding *f = add(&c, HV_ERROR, HVC_NO_HOST_DEVICE, d->dtdevs[i]);
					TEXT(f, "dtdev \"%s\" is not a device of the host tree", d->dtdevs[i]);
					XEN(f, "xc_assign_dtdevice failed: -19 (Couldn't find node %s in host_dt!)",
					    d->dtdevs[i]);
					FIX(f, "use the host node's full path (dtpart list)");
					continue;
				}
				assign_dev(&c, hd, false);
			}
		}
		domain_irqs_and_iomem(&c);
		for (int i = first; d->dom0less && i < res->n && i < res->max; i++)
			if (res->findings[i].severity == HV_ERROR && dom0less_pt_failure(res->findings[i].code))
				dom0less_outcome(&c, &res->findings[i]);
	}
	return 0;
}

/* Indexed by enum hv_code. */
static const char *const code_names[] = {
	"partial-missing", "partial-invalid", "container", "not-simple-bus", "ranges", "cells",
	"phandle", "interrupt-parent", "reg-differs", "irq-differs", "xen-reg-cells",
	"xen-reg-align", "xen-path", "no-host-device", "not-behind-smmu", "smmu", "irq-xen",
	"irq-busy", "irq-dom0", "irq-not-spi", "irq-range", "irq-trigger", "irq-duplicate",
	"irq-reserved", "nr-spis", "irq-unknown", "iomem-ram", "iomem-region", "iomem-shared",
	"iomem-xen", "iomem-other-domain", "iomem-align", "domu-tree-size", "ext-region", "ignored",
	"direct-map", "static-mem", "passthrough-unowned",
};

const char *hv_code_name(enum hv_code c)
{
	return (unsigned)c < sizeof(code_names) / sizeof(code_names[0]) ? code_names[c] : "?";
}
