/* Merging passthrough entries into an existing xl config without touching
 * anything else: every existing line and comment stays as it was; the
 * additions are appended (`key += [...]` for lists the config already has);
 * the result is re-read through libxlutil and must give exactly the union. */
#ifndef XLCFG_MERGE_H
#define XLCFG_MERGE_H

#include "passthrough.h"

int xlcfg_merge_text(const char *name, const char *existing, size_t len,
		     const struct xlcfg_passthrough *add, char **merged,
		     struct xlcfg_diag *diag);
/* Merges into the file and replaces it atomically (temporary file in the
 * same directory, fsync, rename, directory fsync). Nothing is written on
 * any error. *changed tells whether the file had to change. */
int xlcfg_merge_file(const char *path, const struct xlcfg_passthrough *add, int *changed,
		     struct xlcfg_diag *diag);

#endif
