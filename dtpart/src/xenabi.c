/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "xenabi.h"

void dtp_page_span(uint64_t addr, uint64_t size, uint64_t *base, uint64_t *len)
{
	*base = addr & ~(DTP_PAGE_SIZE - 1);
	*len = ((addr + size + DTP_PAGE_SIZE - 1) & ~(DTP_PAGE_SIZE - 1)) - *base;
}

struct xlcfg_iomem dtp_iomem_of_range(uint64_t addr, uint64_t size)
{
	uint64_t base, len;
	dtp_page_span(addr, size, &base, &len);
	struct xlcfg_iomem m = { base >> DTP_PAGE_SHIFT, len >> DTP_PAGE_SHIFT, 0, false };
	return m;
}

uint64_t dtp_pfn_of(uint64_t addr)
{
	return addr >> DTP_PAGE_SHIFT;
}

uint64_t dtp_pages_up(uint64_t size)
{
	return (size + DTP_PAGE_SIZE - 1) >> DTP_PAGE_SHIFT;
}

int dtp_gic_id(uint32_t type, uint32_t number, uint32_t *id)
{
	return gic_id_of(type, number, id);
}
