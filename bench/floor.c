/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The floor any tool that reads a tree must pay: read the blob, validate it
 * with fdt_check_full, and walk every node and property once with libfdt.
 *
 *   floor FILE.dtb   (prints nodes and properties seen) */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return 1;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		return 1;
	fclose(f);
	if (fdt_check_full(buf, (size_t)size))
		return 1;
	long nodes = 0, props = 0, bytes = 0;
	int depth = 0;
	for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(buf, off, &depth)) {
		nodes++;
		int p;
		fdt_for_each_property_offset(p, buf, off) {
			const char *name;
			int len;
			if (fdt_getprop_by_offset(buf, p, &name, &len))
				bytes += len;
			props++;
		}
	}
	printf("%ld nodes %ld properties %ld bytes\n", nodes, props, bytes);
	free(buf);
	return 0;
}
