/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest physical memory map Xen 4.17 gives an Arm guest
 * (xen/include/public/arch-arm.h, which Xen calls not stable), and the
 * checks a stage-2 MMIO mapping must pass. */
#ifndef HYPERVISOR_GUEST_MAP_H
#define HYPERVISOR_GUEST_MAP_H

#include <stdbool.h>
#include <stdint.h>

/* Xen's page on Arm: xl's iomem and dom0less xen,reg count in these. */
#define GUEST_PAGE_SHIFT 12
#define GUEST_PAGE_SIZE (1ull << GUEST_PAGE_SHIFT)
#define GUEST_RAM0_BASE 0x40000000ull
#define GUEST_RAM0_SIZE 0xc0000000ull
#define GUEST_RAM1_BASE 0x200000000ull
#define GUEST_RAM1_SIZE 0xfe00000000ull
#define GUEST_VPL011_SPI 32
#define GUEST_VIRTIO_FIRST_SPI 33
#define GUEST_VIRTIO_LAST_SPI 43

struct guest_region {
	const char *name;
	uint64_t base, size;
	/* Reserved in the map but unused by Xen 4.17 for a device-tree guest
	 * (vPCI needs guest vPCI support, which 4.17 does not build; ACPI is for
	 * ACPI guests): a mapping there works today and may clash with a later
	 * Xen. */
	bool unused_by_dt_guests;
};

/* The fixed regions (GIC, grant table, magic pages, vPL011, virtio...), not RAM. */
int hv_guest_map_regions(const struct guest_region **out);

struct guest_map_hit {
	const char *what;       /* "guest RAM bank 0", a region name, or 0 */
	uint64_t base, size;
	bool ram;
	bool unused_by_dt_guests;
};

/* Checks a guest range [gaddr, gaddr+size) of a domain with ram_bytes of RAM:
 * 0 when clear, else 1 with *hit naming what it collides with. RAM is
 * populated from bank 0's base upward, then bank 1. */
int hv_guest_map_collides(uint64_t gaddr, uint64_t size, uint64_t ram_bytes, bool vpl011,
		       bool virtio, struct guest_map_hit *hit);
bool hv_guest_page_aligned(uint64_t v);

#endif
