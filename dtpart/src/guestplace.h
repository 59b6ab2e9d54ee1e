/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where each passed-through device appears in its guest's physical address
 * space. A device stays 1:1 (guest address = host address) unless that
 * collides with what Xen gives the guest: its RAM (bank 0 from 0x4000_0000
 * upward, then bank 1) or one of Xen's fixed regions (GIC, grant table,
 * magic pages, vPL011...). Such a device moves, whole, to a free guest MMIO
 * window below RAM bank 0, which is never inside guest RAM and never inside
 * the extended regions Xen advertises (those are the unpopulated parts of the
 * RAM banks). --guest-addr DEVICE=ADDR fixes the place instead.
 *
 * Extended regions alone never move a device. libxl 4.16-4.20
 * (finalize_hypervisor_node) and Xen 4.17-4.20 for dom0less guests with
 * xen,enhanced (make_hypervisor_node, find_domU_holes) advertise the whole
 * unpopulated rest of each RAM bank, device mappings included: bank 0's rest
 * holds every ZynqMP peripheral (0xf9000000-0xffffffff) and the low PL
 * window, so avoiding them would move every device of every xl guest. Xen's
 * own fix (108308feef, fba1b0974d, 4.21) keeps the devices where they are and
 * leaves their ranges out of the regions; dtpart keeps them 1:1 likewise and
 * says so (generate.c). A place dtpart or the user chooses (moved, or
 * --guest-addr) avoids the regions the targeted Xen advertises.
 *
 * A placement is one offset per device: every reg range of the device moves
 * by it, so the ranges keep their order and their offsets within a page. The
 * xl iomem "PFN,N@GFN", the partial tree's reg and dom0less xen,reg are all
 * written from the same offset. */
#ifndef DTPART_GUESTPLACE_H
#define DTPART_GUESTPLACE_H

#include <stdint.h>
#include "devmodel.h"
#include "diag.h"

/* The free windows, below RAM bank 0, between the regions of Xen's guest
 * map (xen/include/public/arch-arm.h, 4.17 to 4.21): after the GICv3
 * redistributors (0x03020000 + 16 MiB) up to vPCI ECAM (0x10000000), and
 * after the magic pages (0x39000000 + 16 MiB) up to RAM (0x40000000). */
#define DTP_GUEST_MMIO_WINDOW0_BASE 0x05000000ull
#define DTP_GUEST_MMIO_WINDOW0_END  0x10000000ull
#define DTP_GUEST_MMIO_WINDOW1_BASE 0x3a000000ull
#define DTP_GUEST_MMIO_WINDOW1_END  0x40000000ull
/* Guest physical addresses dtpart accepts for --guest-addr: 40 bits, the
 * smallest IPA size of a ZynqMP guest. */
#define DTP_GUEST_ADDR_LIMIT (1ull << 40)

/* xl's guest RAM when the config sets no `memory` (the check assumes the
 * same, check.c XL_DEFAULT_MEMORY_MIB): an xl domain planned without
 * --memory is placed around this much. */
#define DTP_XL_DEFAULT_MEMORY_MIB 128

enum dtp_place_how { DTP_PLACE_IDENTITY = 0, DTP_PLACE_AUTO, DTP_PLACE_FIXED };

struct dtp_place_dev {
	const struct dtp_device *dev;
	uint64_t fixed;             /* in: --guest-addr of the first reg range, or 0 */
	/* out: guest = host + offset (mod 2^64) for every reg range */
	uint64_t offset;
	enum dtp_place_how how;
	/* out, for a device moved (DTP_PLACE_AUTO): what its 1:1 place
	 * collides with ("guest RAM bank 0", "the grant table", ...) */
	const char *why;
	uint64_t why_base, why_size;
};

struct dtp_place_guest {
	unsigned domain;
	uint64_t ram_bytes;     /* the guest's RAM */
	int vpl011;             /* the virtual PL011 at 0x22000000 */
	/* The extended regions the targeted Xen advertises to this guest over
	 * device mappings (hv_ext_regions_over_devices): a moved or fixed
	 * place avoids them; a 1:1 place inside them stays (above). */
	int n_ext;
	uint64_t ext_base[2], ext_size[2];
};

/* Places the devices of one domain (in output order: the automatic places
 * are handed out in that order, so the same plan gives the same places).
 * Refuses a fixed address that is not usable, and a device that fits in
 * no window. */
DTP_MUST_CHECK int dtp_place_domain(struct dtp_place_dev *devs, int n, const struct dtp_place_guest *g,
				    struct dtp_diag *diag);

/* The guest address of a host address of a placed device. */
static inline uint64_t dtp_place_guest(const struct dtp_place_dev *p, uint64_t host)
{
	return host + p->offset;
}

#endif
