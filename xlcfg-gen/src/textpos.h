/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where things are in a config's text. Values always come from libxlutil;
 * this only finds the line a key's statement starts on, for messages and
 * for the merge. */
#ifndef XLCFG_TEXTPOS_H
#define XLCFG_TEXTPOS_H

#include <stddef.h>
#include <xlcfg/passthrough.h>

/* 1-based line of the first `key =` or `key +=` statement, 0 when none. */
int xlcfg_key_line(const char *data, size_t len, const char *key);
/* For messages about one list item: the line where item stands (bare or
 * quoted, outside comments) from the key's last `key =` statement on (the
 * statements libxlutil's value comes from); the statement's line when the
 * text differs (escapes), 0 when the key is not set. */
int xlcfg_item_line(const char *data, size_t len, const char *key, const char *item);
XLCFG_MUST_CHECK int xlcfg_read_text_file(const char *path, char **data, size_t *len);

#endif
