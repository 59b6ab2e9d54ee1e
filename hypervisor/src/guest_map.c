/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <hypervisor/guest_map.h>

static const struct guest_region regions[] = {
	{ "virtio-mmio", 0x02000000ull, 0x00100000ull, false },
	{ "guest GIC distributor", 0x03001000ull, 0x1000ull, false },
	{ "guest GIC CPU interface", 0x03002000ull, 0x2000ull, false },
	{ "vPCI ECAM", 0x10000000ull, 0x10000000ull, true },
	{ "ACPI tables", 0x20000000ull, 0x02000000ull, true },
	{ "vPL011", 0x22000000ull, 0x1000ull, false },
	{ "vPCI memory", 0x23000000ull, 0x10000000ull, true },
	{ "grant table", 0x38000000ull, 0x01000000ull, false },
	{ "magic pages", 0x39000000ull, 0x01000000ull, false },
	{ "vPCI prefetch memory", 0x100000000ull, 0x100000000ull, true },
};

int hv_guest_map_regions(const struct guest_region **out)
{
	*out = regions;
	return (int)(sizeof(regions) / sizeof(regions[0]));
}

bool hv_guest_page_aligned(uint64_t v)
{
	return (v & (GUEST_PAGE_SIZE - 1)) == 0;
}

static bool overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

static int hit_at(struct guest_map_hit *hit, const char *what, uint64_t base, uint64_t size,
		  bool ram, bool unused_by_dt_guests)
{
	*hit = (struct guest_map_hit){ what, base, size, ram, unused_by_dt_guests };
	return 1;
}

int hv_guest_map_collides(uint64_t gaddr, uint64_t size, uint64_t ram_bytes, bool vpl011,
		       bool virtio, struct guest_map_hit *hit)
{
	uint64_t ram0 = ram_bytes < GUEST_RAM0_SIZE ? ram_bytes : GUEST_RAM0_SIZE;
	uint64_t ram1 = ram_bytes - ram0;
	if (overlap(gaddr, size, GUEST_RAM0_BASE, ram0))
		return hit_at(hit, "guest RAM bank 0", GUEST_RAM0_BASE, ram0, true, false);
	if (overlap(gaddr, size, GUEST_RAM1_BASE, ram1))
		return hit_at(hit, "guest RAM bank 1", GUEST_RAM1_BASE, ram1, true, false);
	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		const struct guest_region *r = &regions[i];
		/* vPL011 and virtio exist only when the domain has them. */
		if ((r->base == 0x22000000ull && !vpl011) || (r->base == 0x02000000ull && !virtio))
			continue;
		if (overlap(gaddr, size, r->base, r->size))
			return hit_at(hit, r->name, r->base, r->size, false, r->unused_by_dt_guests);
	}
	hit_at(hit, 0, 0, 0, false, false);
	return 0;
}
