/* Where things are in a config's text. Values always come from libxlutil;
 * this only finds the line a key's statement starts on, for messages and
 * for the merge. */
#ifndef XLCFG_TEXTPOS_H
#define XLCFG_TEXTPOS_H

#include <stddef.h>

/* 1-based line of the first `key =` or `key +=` statement, 0 when none. */
int key_line(const char *data, size_t len, const char *key);
int read_text_file(const char *path, char **data, size_t *len);

#endif
