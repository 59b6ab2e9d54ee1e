/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bump allocation from large chunks, freed all at once: for the many small
 * arrays and strings a run keeps until its end (node paths, device list
 * resources, the replay's plain structs). Pointers stay valid as the arena
 * grows; memory comes zeroed and prefaulted. */
#ifndef DTPART_ARENA_H
#define DTPART_ARENA_H

#include <stddef.h>

struct dtp_arena_chunk;

struct dtp_arena {
	struct dtp_arena_chunk *chunks;
};

/* size bytes aligned to align (a power of two, at most 16); never NULL: the
 * tool stops on out-of-memory (xalloc.h). Zero bytes give a valid, unique
 * pointer. */
void *dtp_arena_alloc(struct dtp_arena *a, size_t size, size_t align);
void dtp_arena_free(struct dtp_arena *a);

#endif
