/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data a tree cannot carry. SoC data (boards/SOC/soc.json): the stream IDs
 * of every DMA master, the GIC's line count, the SMMU's geometry and the
 * default clock rates by firmware clock name; it applies to every tree whose
 * root `compatible` names the SoC. Board data (boards/NAME/board.json) adds
 * to it or overrides it: the board's own clock rates, the default guest
 * name. A board is found by --board NAME or from a tree's root
 * `compatible`; a copy of dom0's clk_summary (--clock-summary) gives the
 * running board's rates, which win over both. */
#ifndef DTPART_BOARD_H
#define DTPART_BOARD_H

#include <stdint.h>
#include "diag.h"


struct dtp_board_clock {
	char *name;
	uint64_t rate;
};

struct dtp_board_device {
	uint64_t address;
	char *label;
	uint32_t *sids;             /* as many as the board data lists */
	int n_sids;
	struct dtp_board_clock *clocks;
	int n_clocks;
};

/* A rate by firmware clock name, and where the data says it comes from. */
struct dtp_named_rate {
	char *name;
	uint64_t rate;
};

/* Where a clock rate came from, best first. */
enum dtp_rate_source {
	DTP_RATE_UNKNOWN = 0,
	DTP_RATE_OPTION,        /* --clock NAME=HZ */
	DTP_RATE_TREE,          /* a fixed-clock provider in the tree */
	DTP_RATE_SUMMARY,       /* --clock-summary: the running board */
	DTP_RATE_BOARD,         /* the board data */
	DTP_RATE_SOC,           /* the SoC data's default */
};

struct dtp_board {
	char *name;             /* NULL when only SoC data (or nothing) applies */
	char *description;
	char *dir;              /* directory holding board.json */
	char *host_tree;        /* path of the board's host tree source */
	char *guest_name_format;
	unsigned gic_lines;     /* the GIC's interrupt lines (GICD_TYPER); 0 when not given */
	char **compatible;
	int n_compatible;
	struct dtp_board_device *devices;   /* board's, then the SoC's merged in */
	int n_devices;
	/* SoC data; soc == NULL when none applies. */
	char *soc;
	struct dtp_named_rate *soc_rates;
	int n_soc_rates;
	uint64_t smmu_address;          /* 0 when the SoC data gives no SMMU */
	unsigned smmu_stream_match_registers, smmu_context_banks;
	uint32_t smmu_stream_id_mask;
	/* --clock-summary: the running board's rates; summary_file NULL when not given. */
	char *summary_file;
	struct dtp_named_rate *summary_rates;
	int n_summary_rates;
};

/* Directory holding one sub-directory per board. */
const char *dtp_boards_dir(void);

/* --board NAME: boards/NAME/board.json; NAME may also be a variant
 * "BOARD-VARIANT" whose tree is boards/BOARD/BOARD-VARIANT.dts. */
DTP_MUST_CHECK int dtp_board_load_by_name(const char *name, struct dtp_board *b, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_board_load_file(const char *json_path, struct dtp_board *b, struct dtp_diag *diag);
/* The board whose compatible list holds one of the tree's root compatible
 * strings (first match in the tree's order). 0 with b->name == NULL when none. */
DTP_MUST_CHECK int dtp_board_find_for_compatible(const char *compat_list, int len, struct dtp_board *b,
			      struct dtp_diag *diag);
/* The SoC data whose compatible list holds one of the tree's root
 * compatible strings, merged into b (board data or empty) unless b has SoC
 * data already. 0 when none matches. */
DTP_MUST_CHECK int dtp_board_apply_soc_for_tree(const char *compat_list, int len, struct dtp_board *b,
				 struct dtp_diag *diag);
/* Reads a copy of /sys/kernel/debug/clk/clk_summary into b. */
DTP_MUST_CHECK int dtp_board_load_clock_summary(const char *path, struct dtp_board *b, struct dtp_diag *diag);
void dtp_board_free(struct dtp_board *b);

/* The device at that address: board and SoC data together (stream IDs of
 * the SoC unless the board gives its own). NULL when neither names it. */
const struct dtp_board_device *dtp_board_device_at(const struct dtp_board *b, uint64_t address);
/* Rate for a clock name of that device in the board data; 0 when unknown. */
uint64_t dtp_board_clock_rate(const struct dtp_board_device *d, const char *clock_name);
/* The rate of one clock of a device: the running board's (clk_summary, by
 * firmware name), else the board data's (by the device's clock name), else
 * the SoC default (by firmware name). fw_name or clock_name may be NULL.
 * 0 with *src DTP_RATE_UNKNOWN when none knows it. */
uint64_t dtp_board_rate(const struct dtp_board *b, const struct dtp_board_device *d, const char *clock_name,
		    const char *fw_name, enum dtp_rate_source *src);
/* "the ZynqMP SoC default", "board data 'zcu102'", ... for messages. */
const char *dtp_board_rate_source_text(const struct dtp_board *b, enum dtp_rate_source src, char *buf,
				   unsigned len);

#endif
