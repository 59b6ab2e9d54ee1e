/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Merging a plan's passthrough entries into an existing xl config: its
 * passthrough keys become the snippet's. The user's lines and comments
 * stay as they were; xlcfg-gen keeps one block at the end (between
 * "# xlcfg-gen: begin" and "# xlcfg-gen: end" comment lines) with the plan
 * it merged and the entries the user's lines lack. A merge rewrites that
 * block, so what an earlier merge added and the snippet no longer has goes
 * away; a hand-written entry that the recorded plan gave the domain and
 * the snippet no longer has is refused with its line. The result is
 * re-read through libxlutil and must give the user's entries plus the
 * snippet's. */
#ifndef XLCFG_MERGE_H
#define XLCFG_MERGE_H

#include "passthrough.h"

XLCFG_MUST_CHECK int xlcfg_merge_text(const char *name, const char *existing, size_t len,
		     const struct xlcfg_passthrough *add, char **merged,
		     struct xlcfg_diag *diag);
/* Merges into the file and replaces it atomically (temporary file in the
 * same directory, fsync, rename, directory fsync). Nothing is written on
 * any error. *changed tells whether the file had to change. */
XLCFG_MUST_CHECK int xlcfg_merge_file(const char *path, const struct xlcfg_passthrough *add, int *changed,
		     struct xlcfg_diag *diag);

#endif
