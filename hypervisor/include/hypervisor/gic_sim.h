/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A simulated GIC-400 distributor: ZynqMP's TYPER (192 lines, 4 CPUs,
 * security extensions), read-only SGI/PPI configuration and targets,
 * set/clear-enable pairs, level SPIs at reset. */
#ifndef HYPERVISOR_GIC_SIM_H
#define HYPERVISOR_GIC_SIM_H

#include <iommu/mmio.h>
#include <stdint.h>

struct gic_sim {
	uint64_t base;
	uint32_t lines;
	uint32_t typer;
	uint32_t enabled[32];       /* bit per interrupt */
	uint32_t icfgr[64];
	uint8_t priority[1024];
	uint8_t targets[1024];
	uint32_t ctlr;
};

void gic_sim_init(struct gic_sim *s, uint64_t base);
struct mmio_bus gic_sim_bus(struct gic_sim *s);
bool gic_sim_enabled(const struct gic_sim *s, uint32_t id);
bool gic_sim_edge(const struct gic_sim *s, uint32_t id);

#endif
