/* Board data a tree cannot carry (boards/NAME/board.json): fixed clock rates
 * a guest needs, stream IDs of DMA masters, the default guest name. Found by
 * --board NAME or from a tree's root `compatible`. */
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

struct dtp_board {
	char *name;
	char *description;
	char *dir;              /* directory holding board.json */
	char *host_tree;        /* path of the board's host tree source */
	char *guest_name_format;
	unsigned gic_lines;     /* the GIC's interrupt lines (GICD_TYPER); 0 when not given */
	char **compatible;
	int n_compatible;
	struct dtp_board_device *devices;
	int n_devices;
};

/* Directory holding one sub-directory per board. */
const char *boards_dir(void);

/* --board NAME: boards/NAME/board.json; NAME may also be a variant
 * "BOARD-VARIANT" whose tree is boards/BOARD/BOARD-VARIANT.dts. */
DTP_MUST_CHECK int board_load_by_name(const char *name, struct dtp_board *b, struct dtp_diag *diag);
DTP_MUST_CHECK int board_load_file(const char *json_path, struct dtp_board *b, struct dtp_diag *diag);
/* The board whose compatible list holds one of the tree's root compatible
 * strings (first match in the tree's order). 0 with b->name == NULL when none. */
DTP_MUST_CHECK int board_find_for_compatible(const char *compat_list, int len, struct dtp_board *b,
			      struct dtp_diag *diag);
void board_free(struct dtp_board *b);

const struct dtp_board_device *board_device_at(const struct dtp_board *b, uint64_t address);
/* Rate for a clock name of that device; 0 when unknown. */
uint64_t board_clock_rate(const struct dtp_board_device *d, const char *clock_name);

#endif
