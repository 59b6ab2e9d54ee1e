/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A replay of what libxl and Xen do when they build a domain, on plain
 * values: check the partial tree (libxl check_partial_fdt / copy_partial_fdt,
 * Xen's dom0less handle_passthrough_prop), assign each dtdev through the
 * iommu/ model, route each IRQ through the GIC model, map each iomem range.
 * Every error comes back with the message Xen or libxl prints for it (or
 * "accepted silently" where they print nothing) and a fix. */
#ifndef HYPERVISOR_REPLAY_H
#define HYPERVISOR_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include <iommu/smmu.h>
#include "gic.h"

#define HV_GUEST_GIC_PHANDLE 65000u

struct hv_range {
	uint64_t addr, size;
};

struct hv_irq {
	uint32_t id;            /* GIC ID */
	uint32_t flags;         /* trigger flags from the tree */
};

struct hv_host_device {
	const char *path;
	const struct hv_range *regs;
	int n_regs;
	const struct hv_irq *irqs;
	int n_irqs;
	bool passthrough;       /* carries xen,passthrough: hidden from dom0 */
	const char *xen_role;   /* non-NULL: Xen keeps it (console, GIC, SMMU, timer) */
	int smmu_master;        /* index in the SMMU model, -1: not behind an enabled SMMU */
	bool smmu_generic;      /* registered through generic `iommus` only (no mmu-masters) */
	bool dma;               /* a DMA master (it has stream IDs) */
};

struct hv_host {
	uint32_t gic_lines;
	const struct hv_host_device *devs;
	int n_devs;
	const uint32_t *xen_irqs;   /* IDs Xen keeps besides its devices' (maintenance, timers) */
	int n_xen_irqs;
	struct smmu *smmu;          /* NULL: no enabled SMMU ("I/O virtualisation disabled") */
	bool has_dom0;              /* a dom0 kernel in /chosen: dom0 owns unflagged devices */
	unsigned xen_version;       /* HV_XEN(4, 17) etc. (xen_rules.h); 0: HV_XEN_DEFAULT */
	unsigned ipa_bits;          /* guest physical address bits (p2m); 0: 40, as on ZynqMP */
	bool no_static_memory;      /* the Xen build is known to lack CONFIG_STATIC_MEMORY */
	const struct hv_range *modules;  /* every boot module in /chosen (kernels, ramdisks, trees) */
	int n_modules;
};

/* One device node under the partial tree's container, as parsed. */
struct hv_pt_device {
	const char *name;
	const uint64_t *reg;        /* address, size pairs (guest addresses) */
	int n_reg;                  /* pairs */
	bool reg_bad_cells;         /* reg length not a multiple of the cells */
	const uint32_t *irq_cells;  /* interrupts as written */
	int n_irq_cells;
	bool has_interrupt_parent;
	uint32_t interrupt_parent;
	/* dom0less only */
	int xen_reg_cells;          /* raw cell count, -1 when absent */
	const uint64_t *xen_reg;    /* host, size, guest triples */
	int n_xen_reg;
	const char *xen_path;
	bool force_assign;
};

struct hv_partial {
	bool present;
	bool valid_blob;            /* fdt header and structure check passed */
	const char *container;      /* top-level node holding the devices */
	bool simple_bus;
	bool has_ranges, ranges_empty;
	bool has_cells;
	uint32_t addr_cells, size_cells;
	uint32_t max_phandle;
	uint32_t gic_phandle;       /* dom0less /gic phandle, else 65000 */
	const struct hv_pt_device *devs;
	int n_devs;
};

/* One step of a walk over a whole partial tree, in blob order: Xen's copy
 * of /aliases and /passthrough into a dom0less guest's tree is replayed
 * from it (top-level nodes included: the replay decides what Xen copies). */
enum hv_walk_kind { HV_WALK_BEGIN, HV_WALK_PROP, HV_WALK_END };
struct hv_walk_step {
	enum hv_walk_kind kind;
	const char *name;           /* node name with unit address, or property name */
	uint32_t len;               /* property value length */
};

/* What, besides the copied partial tree, decides the size of the device
 * tree Xen builds for a dom0less guest (prepare_dtb_domU). */
struct hv_guest_tree {
	bool known;                 /* false: facts not given, size not checked */
	uint32_t bootargs_len;      /* strlen of the kernel's bootargs, 0: none */
	bool kernel_has_size;       /* the kernel module has a size (always, in practice) */
	bool has_ramdisk;           /* a ramdisk module with a size */
	unsigned vcpus;
	uint32_t cpu_compatible_len; /* the host's first cpu node's compatible, in bytes */
	bool cpu_clock_frequency;   /* that node has clock-frequency */
	bool timer_clock_frequency; /* the host's timer node has clock-frequency */
	uint32_t partial_size;      /* the partial tree module's size in bytes */
	const struct hv_walk_step *walk;
	int n_walk;
};

struct hv_iomem {
	uint64_t pfn, npages, gfn;  /* gfn = pfn for 1:1 */
};

struct hv_domain {
	int id;
	const char *name;
	const char *source;         /* the file it came from, for messages */
	bool dom0less;
	bool enhanced;              /* dom0less xen,enhanced: a hypervisor node */
	bool passthrough_prop;      /* dom0less: /chosen/domU has a `passthrough` property */
	uint64_t ram_bytes;
	bool vpl011, virtio;
	uint32_t nr_spis;           /* 0 = not given */
	bool has_device_tree;       /* xl: device_tree set */
	const uint32_t *irqs;       /* xl irqs */
	int n_irqs;
	const struct hv_iomem *iomem;
	int n_iomem;
	const char *const *dtdevs;
	int n_dtdevs;
	struct hv_partial partial;
	struct hv_guest_tree tree;  /* dom0less */
	bool direct_map;            /* dom0less: direct-map (guest RAM at its machine addresses) */
	const struct hv_range *static_mem;  /* dom0less: xen,static-mem banks (machine addresses) */
	int n_static_mem;
};

enum hv_severity { HV_ERROR = 0, HV_WARNING = 1 };

enum hv_code {
	HVC_PARTIAL_MISSING, HVC_PARTIAL_INVALID, HVC_CONTAINER, HVC_NOT_SIMPLE_BUS, HVC_RANGES,
	HVC_CELLS, HVC_PHANDLE, HVC_INTERRUPT_PARENT, HVC_REG_DIFFERS, HVC_IRQ_DIFFERS,
	HVC_XEN_REG_CELLS, HVC_XEN_REG_ALIGN, HVC_XEN_PATH, HVC_NO_HOST_DEVICE, HVC_NOT_BEHIND_SMMU,
	HVC_SMMU, HVC_IRQ_XEN, HVC_IRQ_BUSY, HVC_IRQ_DOM0, HVC_IRQ_NOT_SPI, HVC_IRQ_RANGE,
	HVC_IRQ_TRIGGER, HVC_IRQ_DUPLICATE, HVC_IRQ_RESERVED, HVC_NR_SPIS, HVC_IRQ_UNKNOWN,
	HVC_IOMEM_RAM, HVC_IOMEM_REGION, HVC_IOMEM_SHARED, HVC_IOMEM_XEN, HVC_IOMEM_OTHER_DOMAIN,
	HVC_IOMEM_ALIGN, HVC_DOMU_TREE_SIZE, HVC_EXT_REGION, HVC_IGNORED, HVC_DIRECT_MAP,
	HVC_STATIC_MEM,
	HVC_PASSTHROUGH_UNOWNED,    /* dtpart's check: xen,passthrough on a node no domain of the plan owns */
};

#define HV_TEXT 320

struct hv_finding {
	enum hv_severity severity;
	enum hv_code code;
	int domain;
	const char *device;         /* host path or partial-tree node name, or 0 */
	char xen_message[HV_TEXT];  /* what Xen/libxl prints, or "(accepted silently ...)" */
	char text[HV_TEXT];         /* what is wrong */
	char fix[HV_TEXT];
};

struct hv_result {
	struct hv_finding *findings;    /* caller storage */
	int max;
	int n;                          /* may exceed max: extra findings are counted, not kept */
	int errors, warnings;
};

/* Takes the next finding of r, counted as an error or a warning, with its
 * texts empty: r's storage while it has room, else spare (counted, not
 * kept). For the replay and for callers that add findings of their own. */
struct hv_finding *hv_result_add(struct hv_result *r, struct hv_finding *spare, enum hv_severity sev,
				 enum hv_code code, int domain, const char *device);

#define HV_STRTAB_MAX 8192

/* The replay's working memory, owned by the caller like every other
 * structure here (too large for a hypervisor's stack; a library that could
 * be linked into one keeps no state of its own). */
struct hv_replay_scratch {
	/* GIC ID -> index + 1 of the first host device with it (0: none): one
	 * pass over the devices instead of one per interrupt asked about. */
	int irq_owner[GIC_MAX_LINES];
	struct hv_finding finding;  /* written when res->findings is full */
	/* The strings block of the guest tree being sized (domu_tree.c). */
	char strtab[HV_STRTAB_MAX];
};

/* Replays every domain in ascending id. gic and scratch are caller storage;
 * the SMMU in host (if any) should hold dom0's masters already assigned. */
int hv_replay(const struct hv_host *host, const struct hv_domain *doms, int n_doms,
	      struct gic_model *gic, struct hv_replay_scratch *scratch, struct hv_result *res);
const char *hv_code_name(enum hv_code c);

#endif
