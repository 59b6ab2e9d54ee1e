/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MMIO accessor interface shared by iommu/ and hypervisor/.
 *
 * The libraries never touch memory-mapped registers directly: a hypervisor
 * passes callbacks that do real loads and stores, tests pass a simulated
 * register file. Freestanding: no libc. */
#ifndef IOMMU_MMIO_H
#define IOMMU_MMIO_H

#include <stdint.h>

struct mmio_bus {
	/* addr is an absolute physical address (block base + register offset). */
	uint32_t (*read32)(void *ctx, uint64_t addr);
	void (*write32)(void *ctx, uint64_t addr, uint32_t value);
	void *ctx;
};

static inline uint32_t mmio_read32(const struct mmio_bus *bus, uint64_t addr)
{
	return bus->read32(bus->ctx, addr);
}

static inline void mmio_write32(const struct mmio_bus *bus, uint64_t addr, uint32_t value)
{
	bus->write32(bus->ctx, addr, value);
}

#endif
