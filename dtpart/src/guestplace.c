/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "guestplace.h"
#include "xalloc.h"
#include "xenabi.h"

#include <hypervisor/guest_map.h>
#include <stdlib.h>

struct gspan {
	uint64_t start, end;    /* guest [start, end), whole pages */
	int dev;                /* index in devs */
};

static uint64_t page_down(uint64_t v)
{
	return v & ~(DTP_PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t v)
{
	return (v + DTP_PAGE_SIZE - 1) & ~(DTP_PAGE_SIZE - 1);
}

/* The whole pages the device's registers touch, as one block: [lo, hi). */
static void host_block(const struct dtp_device *d, uint64_t *lo, uint64_t *hi)
{
	*lo = UINT64_MAX;
	*hi = 0;
	for (int i = 0; i < d->n_regs; i++) {
		uint64_t a = page_down(d->regs[i].addr), e = page_up(d->regs[i].addr + d->regs[i].size);
		if (a < *lo)
			*lo = a;
		if (e > *hi)
			*hi = e;
	}
}

/* What Xen already puts at [a, a+size) of this guest, or NULL. The regions
 * Xen 4.17 leaves unused for a device-tree guest (vPCI, ACPI) are not
 * counted: the replay only warns about them. With ext, the extended regions
 * the targeted Xen advertises count too (a place dtpart or the user
 * chooses; guestplace.h says why a 1:1 place does not ask). */
static const char *xen_region_at(uint64_t a, uint64_t size, const struct dtp_place_guest *g, int ext,
				 struct guest_map_hit *hit)
{
	if (hv_guest_map_collides(a, size, g->ram_bytes, g->vpl011 != 0, false, hit) && !hit->unused_by_dt_guests)
		return hit->what;
	for (int i = 0; ext && i < g->n_ext && i < 2; i++)
		if (a < g->ext_base[i] + g->ext_size[i] && g->ext_base[i] < a + size) {
			*hit = (struct guest_map_hit){ "an extended region (which Xen before 4.21 advertises to the "
						       "guest as free for grant and foreign mappings, device ranges "
						       "included)", g->ext_base[i], g->ext_size[i],
						       false, false };
			return hit->what;
		}
	return NULL;
}

/* Every reg range of device p, moved by its offset, against Xen's map. */
static const char *device_collides(const struct dtp_place_dev *p, const struct dtp_place_guest *g, int ext,
				   struct guest_map_hit *hit)
{
	const struct dtp_device *d = p->dev;
	for (int i = 0; i < d->n_regs; i++) {
		uint64_t a = page_down(d->regs[i].addr), e = page_up(d->regs[i].addr + d->regs[i].size);
		const char *what = xen_region_at(a + p->offset, e - a, g, ext, hit);
		if (what)
			return what;
	}
	return NULL;
}

static void add_spans(struct gspan **spans, int *n, const struct dtp_place_dev *p, int dev)
{
	const struct dtp_device *d = p->dev;
	*spans = dtp_xrealloc(*spans, sizeof(**spans) * (size_t)(*n + d->n_regs + 1));
	for (int i = 0; i < d->n_regs; i++) {
		uint64_t a = page_down(d->regs[i].addr), e = page_up(d->regs[i].addr + d->regs[i].size);
		(*spans)[(*n)++] = (struct gspan){ a + p->offset, e + p->offset, dev };
	}
}

/* The first span that overlaps [a, e), or -1. */
static int span_overlap(const struct gspan *spans, int n, uint64_t a, uint64_t e)
{
	for (int i = 0; i < n; i++)
		if (a < spans[i].end && spans[i].start < e)
			return i;
	return -1;
}

/* Alignment of an automatic place: the block's size rounded up to a power
 * of two, from a page to 2 MiB, so a device lands where a 1:1 one would. */
static uint64_t block_align(uint64_t size)
{
	uint64_t a = DTP_PAGE_SIZE;
	while (a < size && a < 0x200000ull)
		a <<= 1;
	return a;
}

static const uint64_t windows[][2] = {
	{ DTP_GUEST_MMIO_WINDOW0_BASE, DTP_GUEST_MMIO_WINDOW0_END },
	{ DTP_GUEST_MMIO_WINDOW1_BASE, DTP_GUEST_MMIO_WINDOW1_END },
};

static int place_auto(struct dtp_place_dev *p, struct gspan **spans, int *n_spans, int dev,
		      const struct dtp_place_guest *g)
{
	uint64_t lo, hi;
	host_block(p->dev, &lo, &hi);
	uint64_t size = hi - lo, align = block_align(size);
	for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
		uint64_t a = (windows[w][0] + align - 1) & ~(align - 1);
		while (a + size <= windows[w][1]) {
			struct guest_map_hit hit;
			int k = span_overlap(*spans, *n_spans, a, a + size);
			uint64_t next = 0;
			if (k >= 0)
				next = (*spans)[k].end;
			else if (xen_region_at(a, size, g, 1, &hit))
				next = hit.base + hit.size;
			if (!next) {
				p->offset = a - lo;
				p->how = DTP_PLACE_AUTO;
				add_spans(spans, n_spans, p, dev);
				return 0;
			}
			a = (next + align - 1) & ~(align - 1);
		}
	}
	return -1;
}

int dtp_place_domain(struct dtp_place_dev *devs, int n, const struct dtp_place_guest *g,
		     struct dtp_diag *diag)
{
	unsigned domain = g->domain;
	struct gspan *spans = NULL;
	int n_spans = 0, rc = 0;
	int *move = dtp_xcalloc((size_t)n + 1, sizeof(int));
	struct guest_map_hit hit;
	/* Fixed places first: they are the user's word. */
	for (int i = 0; i < n && !rc; i++) {
		struct dtp_place_dev *p = &devs[i];
		const struct dtp_device *d = p->dev;
		p->offset = 0;
		p->how = DTP_PLACE_IDENTITY;
		p->why = NULL;
		p->why_base = p->why_size = 0;
		if (!p->fixed || !d->n_regs)
			continue;
		uint64_t first = d->regs[0].addr;
		if ((p->fixed & (DTP_PAGE_SIZE - 1)) != (first & (DTP_PAGE_SIZE - 1))) {
			rc = dtp_fail(diag, DTP_EUSAGE, "--guest-addr %s=0x%llx: the address must keep the "
				      "device's offset in its 4 KiB page (0x%llx): Xen maps whole pages; "
				      "e.g. 0x%llx", d->path, (unsigned long long)p->fixed,
				      (unsigned long long)(first & (DTP_PAGE_SIZE - 1)),
				      (unsigned long long)(page_down(p->fixed) + (first & (DTP_PAGE_SIZE - 1))));
			break;
		}
		p->offset = p->fixed - first;
		p->how = DTP_PLACE_FIXED;
		uint64_t lo, hi;
		host_block(d, &lo, &hi);
		if (hi + p->offset > DTP_GUEST_ADDR_LIMIT || lo + p->offset > DTP_GUEST_ADDR_LIMIT) {
			rc = dtp_fail(diag, DTP_EUSAGE, "--guest-addr %s=0x%llx: the device's registers would "
				      "end beyond the 40-bit guest address space", d->path,
				      (unsigned long long)p->fixed);
			break;
		}
		/* Its own 1:1 address, given explicitly, is kept as 1:1 is. */
		const char *what = device_collides(p, g, p->offset != 0, &hit);
		if (what) {
			rc = dtp_fail(diag, DTP_EUSAGE, "--guest-addr %s=0x%llx: domain %u has %s at 0x%llx size "
				      "0x%llx there; choose a free guest address, e.g. in 0x%llx..0x%llx, or "
				      "leave out --guest-addr for dtpart's own place", d->path,
				      (unsigned long long)p->fixed, domain, what, (unsigned long long)hit.base,
				      (unsigned long long)hit.size, DTP_GUEST_MMIO_WINDOW0_BASE,
				      DTP_GUEST_MMIO_WINDOW0_END - 1);
			break;
		}
		int k = span_overlap(spans, n_spans, lo + p->offset, hi + p->offset);
		if (k >= 0) {
			rc = dtp_fail(diag, DTP_EUSAGE, "--guest-addr %s=0x%llx: it overlaps the guest pages "
				      "of %s (0x%llx..0x%llx) in domain %u; choose another address", d->path,
				      (unsigned long long)p->fixed, devs[spans[k].dev].dev->path,
				      (unsigned long long)spans[k].start, (unsigned long long)spans[k].end - 1,
				      domain);
			break;
		}
		add_spans(&spans, &n_spans, p, i);
	}
	/* 1:1 where that is free; the others are moved below. */
	for (int i = 0; i < n && !rc; i++) {
		struct dtp_place_dev *p = &devs[i];
		if (p->how == DTP_PLACE_FIXED || !p->dev->n_regs)
			continue;
		if (device_collides(p, g, 0, &hit)) {
			move[i] = 1;
			p->why = hit.what;
			p->why_base = hit.base;
			p->why_size = hit.size;
		} else
			add_spans(&spans, &n_spans, p, i);
	}
	for (int i = 0; i < n && !rc; i++) {
		if (!move[i])
			continue;
		if (place_auto(&devs[i], &spans, &n_spans, i, g))
			rc = dtp_fail(diag, DTP_EUSAGE, "%s: its registers collide with guest RAM or Xen's "
				      "regions in domain %u, and no free guest MMIO window below RAM "
				      "(0x%llx..0x%llx, 0x%llx..0x%llx) holds it; give --guest-addr %s=ADDR",
				      devs[i].dev->path, domain, DTP_GUEST_MMIO_WINDOW0_BASE,
				      DTP_GUEST_MMIO_WINDOW0_END - 1, DTP_GUEST_MMIO_WINDOW1_BASE,
				      DTP_GUEST_MMIO_WINDOW1_END - 1, devs[i].dev->path);
	}
	free(move);
	free(spans);
	return rc;
}
