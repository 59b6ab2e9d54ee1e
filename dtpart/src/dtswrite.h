/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The human-readable copy of every tree dtpart writes (xen.dts, domN.dts):
 * device tree source text made from the blob in two linear passes over its
 * tags, instead of dtc's decompiler, whose time grows with the square of the
 * tree (minutes at 100k nodes).
 *
 * The text compiles back with `dtc -I dts -O dtb` to the same tree: the same
 * nodes, properties and values. Cells that hold a phandle where dtc's checks
 * expect one (clocks, iommus, power-domains, resets, *-gpios, ... and
 * interrupt-parent) are written as path references, &{/path}, to the node
 * that carries that phandle; the node keeps its explicit `phandle`, which
 * dtc then uses, so the value is unchanged and dtc has no "is not a phandle
 * reference" to report. A phandle no node carries stays a number.
 * /__symbols__ is written as the node it is; no labels are added (a .dts fed
 * back through `dtc -@`, as dtpart reads sources, would otherwise make dtc
 * complain that the labels exist already). */
#ifndef DTPART_DTSWRITE_H
#define DTPART_DTSWRITE_H

#include <stddef.h>

/* How a property's value is spelled, chosen from the bytes the way dtc
 * guesses: printable NUL-terminated strings (no more NULs than other
 * bytes) as a string list, a length that is a multiple of 4 as <cells>,
 * anything else as [bytes]. */
enum dtp_dts_form {
	DTP_DTS_EMPTY,      /* name; */
	DTP_DTS_STRINGS,    /* name = "a", "b"; */
	DTP_DTS_CELLS,      /* name = <0x01 0x02>; */
	DTP_DTS_BYTES,      /* name = [01 02 03]; */
};

enum dtp_dts_form dtp_dts_form_of(const void *value, int len);

/* The source text of fdt, a blob that passed dtp_blob_validate or that dtpart
 * built itself. *text is malloc'd, *text_len bytes, NUL-terminated.
 * Returns 0, or -DTP_EBADTREE when the structure block does not walk (out
 * of memory stops the tool, xalloc.h). */
int dtp_dts_write(const void *fdt, char **text, size_t *text_len);

/* The same text handed to sink piece by piece (about a megabyte each) as
 * it is made, so that a large tree's text is never held whole: one more
 * walk over the tags first notes every node a reference names. sink
 * returns 0, or -1 with errno set. Returns 0, -DTP_EBADTREE as above (some
 * text may have gone to sink), or -DTP_EWRITE when sink failed, with
 * sink's errno. */
typedef int (*dtp_dts_sink)(void *ctx, const char *text, size_t len);
int dtp_dts_stream(const void *fdt, dtp_dts_sink sink, void *ctx);

#endif
