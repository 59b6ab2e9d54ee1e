/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: any bytes as the host tree of `dtpart check`, and the
 * same bytes as a dom0less domain's partial tree. Index, host scan, device
 * list, SMMU model, an xl config made from the tree's first device, and Xen's
 * domain build replayed through hypervisor/ and iommu/. */
#include <hypervisor/xen_rules.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "fuzz_blob.h"
#include "check.h"
#include "devmodel.h"

/* The xl config of the first device that builds: its first IRQ and page, and
 * its path as dtdev. 0 when no device builds. */
static size_t first_device_cfg(const void *fdt, char *cfg, size_t len)
{
	struct dtp_diag diag;
	struct dtp_host h;
	struct dtp_device dev = { 0 };
	size_t n = 0;
	memset(&h, 0, sizeof(h));
	if (dtp_index_build(fdt, "fuzz", &h.ix, &diag) == 0 && dtp_host_scan(&h, &diag) == 0)
		for (int i = 0; i < dtp_index_count(h.ix) && !n; i++) {
			if (!dtp_device_is_candidate(&h, i) || dtp_device_build_resources(&h, i, &dev, &diag) ||
			    !dev.n_irqs || !dev.n_regs)
				continue;
			int w = snprintf(cfg, len, "memory = 128\nirqs = [ %u ]\niomem = [ \"0x%llx,1\" ]\n"
					 "dtdev = [ \"%s\" ]\n", dev.irqs[0].id,
					 (unsigned long long)(dev.regs[0].addr >> 12), dev.path);
			n = w > 0 && (size_t)w < len ? (size_t)w : 0;
		}
	dtp_device_free(&dev);
	dtp_host_free(&h);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dtp_diag diag;
	void *fdt = fuzz_blob(data, size);
	if (!fdt)
		return 0;
	if (dtp_blob_validate(fdt, size, "fuzz", &diag) == 0) {
		static char cfg[8192];
		size_t cfg_len = first_device_cfg(fdt, cfg, sizeof(cfg));
		struct dtp_check_domain_input in[2];
		memset(in, 0, sizeof(in));
		int n = 0;
		if (cfg_len) {
			in[n].id = 1;
			in[n].cfg_name = "dom1.cfg";
			in[n].cfg_text = cfg;
			in[n++].cfg_len = cfg_len;
		}
		in[n].id = 2;
		in[n].dom0less = 1;
		in[n].partial_name = "dom2.dtb";
		in[n].partial = fdt;
		in[n++].partial_len = size;
		struct dtp_check_report rep;
		/* Every modelled Xen version's rules, picked by the input. */
		struct dtp_check_target target = { .gic_lines = size & 1 ? 192 : 0,
						   .xen_version = HV_XEN(4, 16 + (unsigned)(size / 2 % 7)) };
		if (dtp_check_run(fdt, size, "fuzz", &target, in, n, &rep, &diag) == 0) {
			const struct hv_result *r = &rep.res;
			if (r->errors + r->warnings != r->n || r->n < 0 || r->n > r->max)
				abort();
		}
		dtp_check_report_free(&rep);
	}
	free(fdt);
	return 0;
}
