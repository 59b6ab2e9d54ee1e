/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: any bytes as an xl config. Reading through libxlutil
 * with xl's interpretation, rendering, merging the result back into the
 * input, and libxl's JSON. A merge that succeeds must read back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xlcfg/json.h>
#include <xlcfg/merge.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct xlcfg_passthrough pt, again;
	struct xlcfg_diag d;
	if (xlcfg_read_data("fuzz.cfg", text, strlen(text), &pt, &d) == 0) {
		char *r = xlcfg_render(&pt, "fuzz");
		if (r) {
			/* What we render, libxlutil must read back to the same values. */
			if (xlcfg_read_data("render.cfg", r, strlen(r), &again, &d) != 0)
				abort();
			if (again.n_irqs != pt.n_irqs || again.n_iomems != pt.n_iomems ||
			    again.n_dtdevs != pt.n_dtdevs)
				abort();
			xlcfg_passthrough_free(&again);
			free(r);
		}
		char *merged = NULL;
		struct xlcfg_passthrough add;
		xlcfg_passthrough_init(&add);
		xlcfg_add_irq(&add, 95);
		struct xlcfg_iomem m = { 0xff0e0, 1, 0, false };
		xlcfg_add_iomem(&add, &m);
		if (xlcfg_merge_text("fuzz.cfg", text, strlen(text), &add, &merged, &d) == 0)
			free(merged);
		xlcfg_passthrough_free(&add);
		free(xlcfg_libxl_json(&pt));
		xlcfg_passthrough_free(&pt);
	}
	free(text);
	return 0;
}
