/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What Xen and xl define and dtpart must compute the same way, in one
 * place: pages (xl's iomem, Xen's xen,reg mapping), GIC interrupt IDs
 * (SPI + 32), the guest GIC's phandle. */
#ifndef DTPART_XENABI_H
#define DTPART_XENABI_H

#include <hypervisor/gic.h>
#include <hypervisor/guest_map.h>
#include <hypervisor/replay.h>
#include <stdint.h>
#include "diag.h"
#include <xlcfg/passthrough.h>

#define DTP_PAGE_SHIFT GUEST_PAGE_SHIFT
#define DTP_PAGE_SIZE (1ull << DTP_PAGE_SHIFT)
/* Stream IDs Xen's SMMU driver holds for one master (MAX_MASTER_STREAMIDS,
 * = MAX_PHANDLE_ARGS, in xen/drivers/passthrough/arm/smmu.c of 4.17). */
#define DTP_XEN_MAX_MASTER_SIDS 16

/* libxl's guest GIC phandle; the replay checks against the same value. */
#define DTP_GUEST_GIC_PHANDLE HV_GUEST_GIC_PHANDLE

/* The whole pages a register range touches: the first page's address and
 * the length in bytes (what dom0less xen,reg maps). */
void dtp_page_span(uint64_t addr, uint64_t size, uint64_t *base, uint64_t *len);

/* xl's iomem entry for a register range: the same pages, 1:1. */
struct xlcfg_iomem dtp_iomem_of_range(uint64_t addr, uint64_t size);

/* What Xen maps for a dom0less xen,reg entry (handle_passthrough_prop):
 * PFN_UP(size) pages from the host address's page. */
uint64_t dtp_pfn_of(uint64_t addr);
uint64_t dtp_pages_up(uint64_t size);

/* The GIC interrupt ID of a 3-cell GIC specifier: SPI (type 0) + 32,
 * PPI (type 1) + 16. -1 when the cells name neither an SPI (0..987) nor
 * a PPI (0..15). */
DTP_MUST_CHECK int dtp_gic_id(uint32_t type, uint32_t number, uint32_t *id);

#endif
