/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Simulated GIC-400 distributor (the registers gic_prog touches, plus TYPER). */
#include <hypervisor/gic_prog.h>
#include <hypervisor/gic_sim.h>

void gic_sim_init(struct gic_sim *s, uint64_t base)
{
	s->base = base;
	s->typer = 0x465u;          /* 192 lines, 4 CPUs, security extensions */
	s->lines = gic_lines_from_typer(s->typer);
	s->ctlr = 0;
	for (int i = 0; i < 32; i++)
		s->enabled[i] = 0;
	for (int i = 0; i < 64; i++)
		s->icfgr[i] = 0x55555555u;  /* SPIs level at reset (ZynqMP) */
	s->icfgr[0] = 0xaaaaaaaau;      /* SGIs: always edge, read-only */
	for (int i = 0; i < 1024; i++) {
		s->priority[i] = 0;
		s->targets[i] = 0;
	}
}

static uint32_t rd(void *ctx, uint64_t addr)
{
	struct gic_sim *s = ctx;
	uint32_t off = (uint32_t)(addr - s->base);
	if (off == GICD_CTLR)
		return s->ctlr;
	if (off == GICD_TYPER)
		return s->typer;
	if (off == GICD_IIDR)
		return 0x0200143bu;
	if (off >= GICD_ISENABLER(0) && off < GICD_ICENABLER(32))
		return s->enabled[(off - GICD_ISENABLER(0)) / 4 % 32];
	if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(255) + 4) {
		uint32_t b = off - GICD_IPRIORITYR(0);
		return s->priority[b] | (uint32_t)s->priority[b + 1] << 8 |
		       (uint32_t)s->priority[b + 2] << 16 | (uint32_t)s->priority[b + 3] << 24;
	}
	if (off >= GICD_ITARGETSR(0) && off < GICD_ITARGETSR(255) + 4) {
		uint32_t b = off - GICD_ITARGETSR(0);
		if (b < 32)
			return 0x01010101u;     /* banked: the reading CPU's own bit */
		return s->targets[b] | (uint32_t)s->targets[b + 1] << 8 |
		       (uint32_t)s->targets[b + 2] << 16 | (uint32_t)s->targets[b + 3] << 24;
	}
	if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(64))
		return s->icfgr[(off - GICD_ICFGR(0)) / 4];
	return 0;
}

static void wr(void *ctx, uint64_t addr, uint32_t v)
{
	struct gic_sim *s = ctx;
	uint32_t off = (uint32_t)(addr - s->base);
	if (off == GICD_CTLR) {
		s->ctlr = v & 1u;
	} else if (off >= GICD_ISENABLER(0) && off < GICD_ICENABLER(0)) {
		s->enabled[(off - GICD_ISENABLER(0)) / 4] |= v;
	} else if (off >= GICD_ICENABLER(0) && off < GICD_ICENABLER(32)) {
		s->enabled[(off - GICD_ICENABLER(0)) / 4] &= ~v;
	} else if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(255) + 4) {
		uint32_t b = off - GICD_IPRIORITYR(0);
		for (int i = 0; i < 4; i++)
			s->priority[b + (uint32_t)i] = (uint8_t)(v >> (8 * i));
	} else if (off >= GICD_ITARGETSR(0) && off < GICD_ITARGETSR(255) + 4) {
		uint32_t b = off - GICD_ITARGETSR(0);
		if (b >= 32)    /* ITARGETSR0-7 are read-only */
			for (int i = 0; i < 4; i++)
				s->targets[b + (uint32_t)i] = (uint8_t)(v >> (8 * i));
	} else if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(64)) {
		uint32_t n = (off - GICD_ICFGR(0)) / 4;
		/* ICFGR0/1 read-only on GIC-400; the low bit of each field is
		 * reserved and reads 1 on ZynqMP. */
		if (n >= 2)
			s->icfgr[n] = (v & 0xaaaaaaaau) | 0x55555555u;
	}
}

struct mmio_bus gic_sim_bus(struct gic_sim *s)
{
	struct mmio_bus b = { rd, wr, s };
	return b;
}

bool gic_sim_enabled(const struct gic_sim *s, uint32_t id)
{
	return (s->enabled[id / 32] >> (id % 32)) & 1u;
}

bool gic_sim_edge(const struct gic_sim *s, uint32_t id)
{
	return (s->icfgr[id / 16] >> (2 * (id % 16) + 1)) & 1u;
}
