/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Programming a routed SPI on a GIC-400 distributor through struct
 * mmio_bus, as Xen does (gic_route_irq_to_guest, then the guest's enable):
 * disable, ICFGR from the trigger, IPRIORITYR 0xA0, ITARGETSR, enable. */
#ifndef HYPERVISOR_GIC_PROG_H
#define HYPERVISOR_GIC_PROG_H

#include <iommu/mmio.h>
#include "gic.h"

#define GICD_CTLR         0x000
#define GICD_TYPER        0x004
#define GICD_IIDR         0x008
#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ICENABLER(n) (0x180 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x400 + 4 * (n))
#define GICD_ITARGETSR(n) (0x800 + 4 * (n))
#define GICD_ICFGR(n)     (0xc00 + 4 * (n))
#define GIC_GUEST_PRIORITY 0xa0

void gic_prog_spi(const struct mmio_bus *bus, uint64_t gicd, uint32_t id, uint8_t trigger,
		  uint8_t cpu_mask);
void gic_prog_disable(const struct mmio_bus *bus, uint64_t gicd, uint32_t id);
/* Programs every guest-owned line of the model to cpu_mask. */
void gic_prog_all(const struct mmio_bus *bus, uint64_t gicd, const struct gic_model *g,
		  uint8_t cpu_mask);

#endif
