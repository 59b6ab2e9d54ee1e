/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The passthrough part of an xl domain config: device_tree, dtdev, irqs,
 * iomem, as values; rendering in xl syntax; reading any config through
 * libxlutil and interpreting the four keys the way xl does. */
#ifndef XLCFG_PASSTHROUGH_H
#define XLCFG_PASSTHROUGH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xlcfg_iomem {
	uint64_t pfn;
	uint64_t npages;
	uint64_t gfn;
	bool has_gfn;           /* false: 1:1 (xl's default) */
};

struct xlcfg_passthrough {
	char *device_tree;                      /* NULL when unset */
	char **dtdevs;
	size_t n_dtdevs;                        /* host paths, in order */
	uint32_t *irqs;
	size_t n_irqs;                          /* GIC interrupt IDs, in order */
	struct xlcfg_iomem *iomems;
	size_t n_iomems;
	/* Other keys of the domain that decide whether the passthrough works
	 * (read by xlcfg_read_*, never rendered): name, memory (MiB, 0 = unset),
	 * vuart = "sbsa_uart" (takes SPI 32), virtio disks (SPIs 33..43),
	 * nr_spis (0 = unset). */
	char *name;             /* the domain's name, NULL when unset */
	uint64_t memory_mib;
	uint32_t *dup_irqs;     /* irqs listed more than once: xl reserves them twice */
	size_t n_dup_irqs;
	bool vpl011;
	bool virtio;
	uint32_t nr_spis;
};

/* Filled on error: the file, the line when known (0 otherwise), and a
 * message that says what is wrong and how to fix it. */
struct xlcfg_diag {
	char file[256];
	int line;
	char message[512];
};

/* On a function whose result says whether it failed: a call that ignores
 * the result does not compile (with -Werror). */
#define XLCFG_MUST_CHECK __attribute__((warn_unused_result))

enum xlcfg_err {
	XLCFG_OK = 0,
	XLCFG_ENOMEM = 1,       /* not returned: allocation stops the program; kept for the numbers */
	XLCFG_EIO,              /* cannot read or write a file */
	XLCFG_ESYNTAX,          /* libxlutil refused the text */
	XLCFG_EVALUE,           /* a value xl would refuse */
	XLCFG_ECONFLICT,        /* merge: the config conflicts with the plan */
	XLCFG_EVERIFY,          /* merge: the result does not read back as expected */
	XLCFG_EWRITE,           /* an output cannot be created or replaced */
	XLCFG_ERR_MAX
};

const char *xlcfg_strerror(int err);

void xlcfg_passthrough_init(struct xlcfg_passthrough *pt);
void xlcfg_passthrough_free(struct xlcfg_passthrough *pt);
/* Allocation in the library stops the program on out-of-memory, as
 * libxenlight's does: what allocates cannot fail otherwise. */
void xlcfg_set_device_tree(struct xlcfg_passthrough *pt, const char *path);
/* The add functions keep the first occurrence: no duplicates. */
void xlcfg_add_dtdev(struct xlcfg_passthrough *pt, const char *host_path);
void xlcfg_add_irq(struct xlcfg_passthrough *pt, uint32_t irq);
void xlcfg_add_iomem(struct xlcfg_passthrough *pt, const struct xlcfg_iomem *r);
bool xlcfg_has_dtdev(const struct xlcfg_passthrough *pt, const char *host_path);
bool xlcfg_has_irq(const struct xlcfg_passthrough *pt, uint32_t irq);
bool xlcfg_has_iomem(const struct xlcfg_passthrough *pt, const struct xlcfg_iomem *r);
/* Adds to dst the entries of a that b lacks, in a's order; a's
 * device_tree when b has none or another. */
void xlcfg_difference(struct xlcfg_passthrough *dst, const struct xlcfg_passthrough *a,
		      const struct xlcfg_passthrough *b);
/* Union of src into dst, dst's order first. */
void xlcfg_union(struct xlcfg_passthrough *dst, const struct xlcfg_passthrough *src);

/* One iomem entry as xl writes it: "0xff0e0,1" (NPAGES is hex for xl). */
void xlcfg_format_iomem(const struct xlcfg_iomem *r, char *buf, size_t len);

/* s as an xl quoted string (with its quotes), escaped so libxlutil reads
 * back exactly s. malloc'd. */
char *xlcfg_quote(const char *s);

/* xl text for the passthrough keys only, deterministic; header_comment (may
 * be NULL) becomes '#' lines. malloc'd. */
char *xlcfg_render(const struct xlcfg_passthrough *pt, const char *header_comment);

/* Parse a config (file or memory) through libxlutil and interpret the four
 * keys as xl does. Other keys are ignored. */
XLCFG_MUST_CHECK int xlcfg_read_file(const char *path, struct xlcfg_passthrough *out, struct xlcfg_diag *diag);
XLCFG_MUST_CHECK int xlcfg_read_data(const char *name, const char *data, size_t len,
		    struct xlcfg_passthrough *out, struct xlcfg_diag *diag);

#endif
