/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "arena.h"
#include "prefault.h"
#include "xalloc.h"

#include <stdlib.h>

#define ARENA_CHUNK_BYTES (256 * 1024)

struct dtp_arena_chunk {
	struct dtp_arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *dtp_arena_alloc(struct dtp_arena *a, size_t size, size_t align)
{
	struct dtp_arena_chunk *c = a->chunks;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	size_t need = size ? size : 1;
	if (!c || at > c->size || c->size - at < need) {
		size_t csize = need > ARENA_CHUNK_BYTES ? need : ARENA_CHUNK_BYTES;
		c = dtp_xcalloc(1, sizeof(*c) + csize);
		dtp_prefault(c->data, csize);
		c->size = csize;
		c->next = a->chunks;
		a->chunks = c;
		at = 0;
	}
	c->used = at + need;
	return c->data + at;
}

void dtp_arena_free(struct dtp_arena *a)
{
	while (a->chunks) {
		struct dtp_arena_chunk *next = a->chunks->next;
		free(a->chunks);
		a->chunks = next;
	}
}
