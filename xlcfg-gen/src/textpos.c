#include "textpos.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int key_line(const char *data, size_t len, const char *key)
{
	size_t kl = strlen(key);
	int line = 1;
	for (size_t i = 0; i < len; line++) {
		size_t j = i;
		/* A statement starts a line or follows a `;` separator. */
		while (j < len && (data[j] == ' ' || data[j] == '\t' || data[j] == ';'))
			j++;
		if (j + kl <= len && memcmp(data + j, key, kl) == 0 &&
		    (j + kl == len || !(isalnum((unsigned char)data[j + kl]) || data[j + kl] == '_'))) {
			size_t k = j + kl;
			while (k < len && (data[k] == ' ' || data[k] == '\t'))
				k++;
			if (k < len && (data[k] == '=' || (data[k] == '+' && k + 1 < len && data[k + 1] == '=')))
				return line;
		}
		while (i < len && data[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

int read_text_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (!buf || err) {
		free(buf);
		errno = err ? EIO : ENOMEM;
		return -1;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
