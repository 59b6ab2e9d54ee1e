/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text and JSON forms of a device's resources, shared by `list`, `show` and
 * the other commands' --json output. */
#ifndef DTPART_REPORT_H
#define DTPART_REPORT_H

#include <stddef.h>
#include <jansson.h>
#include "board.h"
#include "devlist.h"
#include "devmodel.h"
#include "diag.h"

void dtp_format_regs(const struct dtp_devsum *d, char *buf, size_t len);
/* "22->54,63->95" with duplicates removed. */
void dtp_format_irqs(const struct dtp_devsum *d, char *buf, size_t len);
void dtp_format_sids(const struct dtp_devsum *d, char *buf, size_t len);
/* xl forms: "54, 95" and "\"0xff0e0\", 1" */
void dtp_format_xl_irqs(const struct dtp_devsum *d, char *buf, size_t len);
void dtp_format_xl_iomem(const struct dtp_devsum *d, char *buf, size_t len);
/* One range as xl's iomem entry, without quotes: "0xff0e0,1". */
void dtp_format_xl_iomem_range(const struct dtp_range *r, char *buf, size_t len);

/* JSON: "a,b" -> ["a", "b"] ("" -> []). */
json_t *dtp_report_names(const char *comma_list);
/* One device as `list --json` and `show --json` give it: path, aliases,
 * labels, compatible, status, mmio, irqs, stream_ids, owner (as
 * dtp_session_owner gives it), xen_role. */
json_t *dtp_report_device(const struct dtp_host *h, const struct dtp_devsum *d, const char *owner);
/* One clock rate a guest gets: {"name" (null when the clock has none),
 * "guest_rate_hz", "source": "option" (--clock), "tree" (a fixed-clock),
 * "clk_summary", "board" or "soc"; "assumed": true for the last three, which
 * the text output lists as "clock rates assumed"; "from": the source in
 * words, as the text gives it}. */
json_t *dtp_report_clock(const char *name, uint64_t rate, enum dtp_rate_source src,
			 const struct dtp_board *board);
/* Prints root on stdout (indented, keys sorted) and releases it. */
DTP_MUST_CHECK int dtp_report_json_print(json_t *root, struct dtp_diag *diag);

#endif
