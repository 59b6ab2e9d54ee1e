/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GIC-400 distributor model: interrupt lines, who owns each SPI (Xen,
 * dom0, a guest), its trigger type, and each domain's 1:1 virtual IRQs. */
#ifndef HYPERVISOR_GIC_H
#define HYPERVISOR_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hv_err.h"

#define GIC_MAX_LINES 1020
#define GIC_SPI_BASE 32
#define GIC_XEN (-2)            /* owner: the hypervisor */
#define GIC_FREE (-1)

/* Trigger flags of a device tree interrupt specifier (cell 2, bits 3:0). */
enum { GIC_EDGE_RISING = 1, GIC_EDGE_FALLING = 2, GIC_LEVEL_HIGH = 4, GIC_LEVEL_LOW = 8 };

struct gic_line {
	int owner;              /* GIC_FREE, GIC_XEN, or a domain id (0 = dom0) */
	uint8_t trigger;        /* GIC_EDGE_RISING or GIC_LEVEL_HIGH once routed */
};

struct gic_model {
	uint32_t lines;         /* 192 on ZynqMP (GICD_TYPER) */
	struct gic_line line[GIC_MAX_LINES];
};

int gic_init(struct gic_model *g, uint32_t lines);
/* Lines from GICD_TYPER.ITLinesNumber: 32 * (N + 1), capped at 1020. */
uint32_t gic_lines_from_typer(uint32_t typer);
/* The interrupt ID of a 3-cell GIC specifier (the binding's type and
 * number): SPI (type 0) + 32, PPI (type 1) + 16. -1 when the cells name
 * neither an SPI below GIC_MAX_LINES nor one of the 16 PPIs. */
int gic_id_of(uint32_t type, uint32_t number, uint32_t *id);
/* Level-high and edge-rising are what a GIC-400 SPI can do; anything else
 * is -HV_ETRIGGER. */
int gic_spi_trigger(uint32_t flags, uint8_t *trigger);
int gic_reserve_xen(struct gic_model *g, uint32_t id);
/* Routes SPI id to domain (1:1 vIRQ). Refusals as Xen's route_irq_to_guest:
 * -HV_ENOTSPI, -HV_ERANGE, -HV_EXEN, -HV_EBUSY (*holder says who),
 * -HV_ETRIGGER. Routing it again to the same domain is accepted. */
int gic_route(struct gic_model *g, uint32_t id, int domain, uint32_t flags, int *holder);
/* The virtual IRQs of a domain, ascending; returns how many. */
int gic_domain_virqs(const struct gic_model *g, int domain, uint32_t *out, int max);

#endif
