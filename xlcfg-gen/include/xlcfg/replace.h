/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing a file so that readers see the old contents or the new, never a
 * part: a temporary file in the same directory, fsync, rename, directory
 * fsync. */
#ifndef XLCFG_REPLACE_H
#define XLCFG_REPLACE_H

#include <stddef.h>
#include "passthrough.h"

/* Creates or replaces path with data. An existing file keeps its
 * permissions, and a symbolic link (a config kept under version control
 * elsewhere) is followed, so the file it points to is replaced, not the
 * link; a new file gets 0666 less the umask. 0, or -1 with errno set and
 * path as it was. */
XLCFG_MUST_CHECK int xlcfg_replace_file(const char *path, const char *data, size_t len);

#endif
