/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPI ownership and trigger types, with the refusals of Xen's
 * route_irq_to_guest / irq_set_spi_type. */
#include <hypervisor/gic.h>

int gic_init(struct gic_model *g, uint32_t lines)
{
	if (lines < GIC_SPI_BASE || lines > GIC_MAX_LINES)
		return -HV_EINVAL;
	g->lines = lines;
	for (uint32_t i = 0; i < GIC_MAX_LINES; i++) {
		g->line[i].owner = GIC_FREE;
		g->line[i].trigger = 0;
	}
	return 0;
}

uint32_t gic_lines_from_typer(uint32_t typer)
{
	uint32_t lines = 32 * ((typer & 0x1fu) + 1);
	return lines > GIC_MAX_LINES ? GIC_MAX_LINES : lines;
}

int gic_spi_trigger(uint32_t flags, uint8_t *trigger)
{
	switch (flags & 0xfu) {
	case GIC_LEVEL_HIGH: *trigger = GIC_LEVEL_HIGH; return 0;
	case GIC_EDGE_RISING: *trigger = GIC_EDGE_RISING; return 0;
	default: return -HV_ETRIGGER;   /* falling edge, level-low, none, both */
	}
}

int gic_reserve_xen(struct gic_model *g, uint32_t id)
{
	if (id >= g->lines)
		return -HV_ERANGE;
	g->line[id].owner = GIC_XEN;
	return 0;
}

int gic_route(struct gic_model *g, uint32_t id, int domain, uint32_t flags, int *holder)
{
	*holder = GIC_FREE;
	if (id < GIC_SPI_BASE)
		return -HV_ENOTSPI;
	if (id >= g->lines)
		return -HV_ERANGE;
	struct gic_line *l = &g->line[id];
	if (l->owner == GIC_XEN) {
		*holder = GIC_XEN;
		return -HV_EXEN;
	}
	if (l->owner != GIC_FREE && l->owner != domain) {
		*holder = l->owner;
		return -HV_EBUSY;
	}
	uint8_t trig;
	if (gic_spi_trigger(flags, &trig))
		return -HV_ETRIGGER;
	l->owner = domain;
	l->trigger = trig;
	return 0;
}

int gic_domain_virqs(const struct gic_model *g, int domain, uint32_t *out, int max)
{
	int n = 0;
	for (uint32_t i = GIC_SPI_BASE; i < g->lines && n < max; i++)
		if (g->line[i].owner == domain)
			out[n++] = i;
	return n;
}

int gic_id_of(uint32_t type, uint32_t number, uint32_t *id)
{
	if (type == 0 && number < GIC_MAX_LINES - GIC_SPI_BASE)
		*id = number + GIC_SPI_BASE;
	else if (type == 1 && number < 16)
		*id = number + 16;
	else
		return -1;
	return 0;
}
