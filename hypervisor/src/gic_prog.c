/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Distributor programming for a routed SPI. ICFGR may only change while the
 * interrupt is disabled (GICv2 4.3.13), so disable first. */
#include <hypervisor/gic_prog.h>

static void rmw_byte(const struct mmio_bus *bus, uint64_t reg, uint32_t byte, uint8_t v)
{
	uint32_t shift = 8 * byte;
	uint32_t w = mmio_read32(bus, reg);
	w = (w & ~(0xffu << shift)) | ((uint32_t)v << shift);
	mmio_write32(bus, reg, w);
}

void gic_prog_disable(const struct mmio_bus *bus, uint64_t gicd, uint32_t id)
{
	mmio_write32(bus, gicd + GICD_ICENABLER(id / 32), 1u << (id % 32));
}

void gic_prog_spi(const struct mmio_bus *bus, uint64_t gicd, uint32_t id, uint8_t trigger,
		  uint8_t cpu_mask)
{
	gic_prog_disable(bus, gicd, id);
	uint64_t cfg = gicd + GICD_ICFGR(id / 16);
	uint32_t edge = 2u << (2 * (id % 16));
	uint32_t w = mmio_read32(bus, cfg);
	w = trigger == GIC_EDGE_RISING ? (w | edge) : (w & ~edge);
	mmio_write32(bus, cfg, w);
	rmw_byte(bus, gicd + GICD_IPRIORITYR(id / 4), id % 4, GIC_GUEST_PRIORITY);
	rmw_byte(bus, gicd + GICD_ITARGETSR(id / 4), id % 4, cpu_mask);
	mmio_write32(bus, gicd + GICD_ISENABLER(id / 32), 1u << (id % 32));
}

void gic_prog_all(const struct mmio_bus *bus, uint64_t gicd, const struct gic_model *g,
		  uint8_t cpu_mask)
{
	for (uint32_t i = GIC_SPI_BASE; i < g->lines; i++)
		if (g->line[i].owner > 0)
			gic_prog_spi(bus, gicd, i, g->line[i].trigger, cpu_mask);
}
