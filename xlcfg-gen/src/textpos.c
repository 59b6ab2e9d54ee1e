/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "textpos.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The statement of key that starts at data[j], if any: 1 for `key =`,
 * 2 for `key +=`, 0 for none. */
static int statement_at(const char *data, size_t len, size_t j, const char *key)
{
	size_t kl = strlen(key);
	if (j + kl > len || memcmp(data + j, key, kl) != 0 ||
	    (j + kl < len && (isalnum((unsigned char)data[j + kl]) || data[j + kl] == '_')))
		return 0;
	size_t k = j + kl;
	while (k < len && (data[k] == ' ' || data[k] == '\t'))
		k++;
	if (k < len && data[k] == '=')
		return 1;
	if (k + 1 < len && data[k] == '+' && data[k + 1] == '=')
		return 2;
	return 0;
}

/* The first line that starts (after blanks and `;`) with a statement of
 * key; with assign_last, the line of the last `key =` instead (libxlutil's
 * value starts there), or the first `key +=` when there is no `=`. */
static int key_line_where(const char *data, size_t len, const char *key, int assign_last)
{
	int line = 1, found = 0;
	for (size_t i = 0; i < len; line++) {
		size_t j = i;
		/* A statement starts a line or follows a `;` separator. */
		while (j < len && (data[j] == ' ' || data[j] == '\t' || data[j] == ';'))
			j++;
		int op = statement_at(data, len, j, key);
		if (op && !assign_last)
			return line;
		if (op == 1 || (op && !found))
			found = line;
		while (i < len && data[i] != '\n')
			i++;
		i++;
	}
	return found;
}

int xlcfg_key_line(const char *data, size_t len, const char *key)
{
	return key_line_where(data, len, key, 0);
}

/* Whether item stands at data[j] as a whole token: bare (a number) or
 * between matching quotes. */
static int item_at(const char *data, size_t len, size_t j, const char *item, size_t il)
{
	if (data[j] == '"' || data[j] == '\'') {
		return j + il + 1 < len && memcmp(data + j + 1, item, il) == 0 &&
		       data[j + il + 1] == data[j];
	}
	if (j > 0 && (isalnum((unsigned char)data[j - 1]) || data[j - 1] == '_'))
		return 0;
	return j + il <= len && memcmp(data + j, item, il) == 0 &&
	       (j + il == len || !(isalnum((unsigned char)data[j + il]) || data[j + il] == '_'));
}

int xlcfg_item_line(const char *data, size_t len, const char *key, const char *item)
{
	int from = key_line_where(data, len, key, 1);
	size_t il = strlen(item);
	if (!from || !il)
		return from;
	int line = 1;
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		if (line >= from && !quote && item_at(data, len, i, item, il))
			return line;
		char c = data[i];
		if (c == '\n') {
			line++;
			quote = 0;
		} else if (quote) {
			if (c == '\\' && i + 1 < len && data[i + 1] != '\n')
				i++;
			else if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '#') {
			while (i + 1 < len && data[i + 1] != '\n')
				i++;
		}
	}
	return from;
}

int xlcfg_read_text_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	char *buf = xlcfg_xmalloc(cap + 1);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			buf = xlcfg_xrealloc(buf, cap * 2 + 1);
			cap *= 2;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		errno = EIO;
		return -1;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
