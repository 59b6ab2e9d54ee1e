/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libxenlight's own JSON for the passthrough part of a domain. Only the
 * context-free parts of libxl are used: init, fill, to_json, dispose. */
#include <xlcfg/json.h>
#include "xalloc.h"

#include <libxl.h>
#include <stdlib.h>
#include <string.h>

char *xlcfg_libxl_json(const struct xlcfg_passthrough *pt)
{
	libxl_domain_config cfg;
	libxl_domain_config_init(&cfg);
	char *json = NULL;
	libxl_domain_build_info *b = &cfg.b_info;
	if (pt->device_tree)
		b->device_tree = xlcfg_xstrdup(pt->device_tree);
	if (pt->n_irqs) {
		b->irqs = xlcfg_xcalloc(pt->n_irqs, sizeof(*b->irqs));
		b->num_irqs = (int)pt->n_irqs;
		memcpy(b->irqs, pt->irqs, pt->n_irqs * sizeof(*b->irqs));
	}
	if (pt->n_iomems) {
		b->iomem = xlcfg_xcalloc(pt->n_iomems, sizeof(*b->iomem));
		b->num_iomem = (int)pt->n_iomems;
		for (size_t i = 0; i < pt->n_iomems; i++) {
			libxl_iomem_range_init(&b->iomem[i]);
			b->iomem[i].start = pt->iomems[i].pfn;
			b->iomem[i].number = pt->iomems[i].npages;
			if (pt->iomems[i].has_gfn)
				b->iomem[i].gfn = pt->iomems[i].gfn;
		}
	}
	if (pt->n_dtdevs) {
		cfg.dtdevs = xlcfg_xcalloc(pt->n_dtdevs, sizeof(*cfg.dtdevs));
		cfg.num_dtdevs = (int)pt->n_dtdevs;
		for (size_t i = 0; i < pt->n_dtdevs; i++) {
			libxl_device_dtdev_init(&cfg.dtdevs[i]);
			cfg.dtdevs[i].path = xlcfg_xstrdup(pt->dtdevs[i]);
		}
	}
	json = libxl_domain_config_to_json(NULL, &cfg);
	libxl_domain_config_dispose(&cfg);
	return json;
}
