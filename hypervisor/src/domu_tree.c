/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizing the dom0less guest tree (see domu_tree.h). libfdt's sequential
 * writer (fdt_create .. fdt_finish) needs, at the end: a 48-byte header
 * aligned to the memory map, one 16-byte terminating memory-map entry,
 * every begin-node (tag + name, 4-aligned), property (tag, length, name
 * offset + value, 4-aligned) and end-node tag, the FDT_END tag, and the
 * strings block, where a name that is already there, or is the tail of one
 * that is, is not added again (fdt_find_add_string_ searches the block
 * byte by byte). Space only grows, so the tree fits exactly when the final
 * size fits: overflowing anywhere on the way is the same condition. */
#include "domu_tree.h"

#include <hypervisor/guest_map.h>
#include <hypervisor/xen_rules.h>

#include "fmt.h"

#define FDT_HEADER_ALIGNED 48u  /* sizeof(struct fdt_header) rounded to 16 */
#define FDT_RSV_ENTRY 16u
#define DOMU_DTB_SIZE 4096u
#define FDT_MAX_SIZE 0x200000u  /* SZ_2M, Xen's cap from 4.18 on */

struct sizer {
	uint32_t structure;
	uint32_t strings;
	char *tab;      /* strings in the order added (the writer prepends; */
	uint32_t used;  /*  tail matches do not depend on where a string sits) */
	uint32_t cap;
};

static uint32_t text_len(const char *s)
{
	uint32_t n = 0;
	while (s && s[n])
		n++;
	return n;
}

static uint32_t align4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

/* True when s (with its NUL) ends one of the strings already added. */
static bool string_known(const struct sizer *z, const char *s, uint32_t len)
{
	for (uint32_t p = 0; p + len + 1 <= z->used; p++) {
		uint32_t k = 0;
		while (k <= len && z->tab[p + k] == s[k])
			k++;
		if (k == len + 1)
			return true;
	}
	return false;
}

static void add_string(struct sizer *z, const char *s)
{
	uint32_t len = text_len(s);
	if (string_known(z, s, len))
		return;
	z->strings += len + 1;
	if (z->used + len + 1 > z->cap)
		return;     /* past the scratch table: counted, no longer shared */
	for (uint32_t k = 0; k <= len; k++)
		z->tab[z->used++] = s[k];
}

static void begin(struct sizer *z, const char *name)
{
	z->structure += 4 + align4(text_len(name) + 1);
}

static void end(struct sizer *z)
{
	z->structure += 4;
}

static void prop(struct sizer *z, const char *name, uint32_t len)
{
	add_string(z, name);
	z->structure += 12 + align4(len);
}

static uint32_t hex_digits(uint64_t v)
{
	uint32_t n = 1;
	while (v >>= 4)
		n++;
	return n;
}

static uint32_t dec_digits(unsigned v)
{
	uint32_t n = 1;
	while (v /= 10)
		n++;
	return n;
}

/* A node named PREFIX@<hex>, as Xen's snprintf makes it. */
static void begin_at(struct sizer *z, uint32_t prefix_len, uint64_t unit)
{
	z->structure += 4 + align4(prefix_len + 1 + hex_digits(unit) + 1);
}

int hv_ext_regions(uint64_t ram_bytes, unsigned ipa_bits, uint64_t base[2], uint64_t size[2])
{
	const uint64_t bank_base[2] = { GUEST_RAM0_BASE, GUEST_RAM1_BASE };
	const uint64_t bank_size[2] = { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE };
	uint64_t ram[2] = { ram_bytes < GUEST_RAM0_SIZE ? ram_bytes : GUEST_RAM0_SIZE, 0 };
	ram[1] = ram_bytes - ram[0];
	uint64_t ipa_end = ipa_bits >= 64 ? ~0ull : (1ull << (ipa_bits ? ipa_bits : 40)) - 1;
	int n = 0;
	for (int i = 0; i < 2; i++) {
		uint64_t start = (bank_base[i] + ram[i] + 0x1fffffull) & ~0x1fffffull;
		uint64_t last = bank_base[i] + bank_size[i] - 1;
		if (ipa_end < last)
			last = ipa_end;
		if (last <= start || last - start + 1 < (64ull << 20))
			continue;
		base[n] = start;
		size[n] = last - start + 1;
		n++;
	}
	return n;
}

/* domain_handle_dtb_bootmodule: of the partial tree's top-level nodes, Xen
 * copies /aliases whole and /passthrough without its xen,* properties
 * (handle_prop_pfdt), and takes only the phandle of /gic. */
static uint32_t copy_partial(struct sizer *z, const struct hv_guest_tree *t)
{
	uint32_t before = z->structure;
	int depth = 0;
	enum { SKIP, COPY, COPY_FILTERED } mode = SKIP;
	for (int i = 0; i < t->n_walk; i++) {
		const struct hv_walk_step *w = &t->walk[i];
		if (w->kind == HV_WALK_BEGIN) {
			depth++;
			if (depth == 2) {
				/* dt_node_cmp is a case-insensitive compare */
				mode = hv_strcaseeq(w->name, "aliases") ? COPY
				     : hv_strcaseeq(w->name, "passthrough") ? COPY_FILTERED : SKIP;
			}
			if (depth >= 2 && mode != SKIP)
				begin(z, w->name);
		} else if (w->kind == HV_WALK_END) {
			if (depth >= 2 && mode != SKIP)
				end(z);
			depth--;
		} else if (depth >= 2 && mode != SKIP) {
			if (mode == COPY_FILTERED &&
			    (hv_streq(w->name, "xen,reg") || hv_streq(w->name, "xen,path") ||
			     hv_streq(w->name, "xen,force-assign-without-iommu")))
				continue;
			prop(z, w->name, w->len);
		}
	}
	return z->structure - before;
}

void hv_domu_tree_size(const struct hv_domain *d, unsigned xen_version, unsigned ipa_bits,
		       struct hv_replay_scratch *s, struct hv_domu_tree_size *out)
{
	const struct hv_guest_tree *t = &d->tree;
	struct sizer z = { 0, 0, s->strtab, 0, HV_STRTAB_MAX };

	begin(&z, "");
	prop(&z, "#address-cells", 4);
	prop(&z, "#size-cells", 4);

	/* make_chosen_node: initrd placeholders for a ramdisk; up to 4.17
	 * whenever the kernel module has a size (it tested kernel_bootmodule). */
	begin(&z, "chosen");
	if (t->bootargs_len)
		prop(&z, "bootargs", t->bootargs_len + 1);
	if (hv_rule_applies(HV_RULE_INITRD_PLACEHOLDERS_ALWAYS, xen_version) ? t->kernel_has_size
									    : t->has_ramdisk) {
		prop(&z, "linux,initrd-start", 8);
		prop(&z, "linux,initrd-end", 8);
	}
	end(&z);

	begin(&z, "psci");
	prop(&z, "compatible", sizeof("arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
	prop(&z, "method", sizeof("hvc"));
	prop(&z, "cpu_off", 4);
	prop(&z, "cpu_on", 4);
	end(&z);

	begin(&z, "cpus");
	prop(&z, "#address-cells", 4);
	prop(&z, "#size-cells", 4);
	for (unsigned cpu = 0; cpu < (t->vcpus ? t->vcpus : 1); cpu++) {
		uint64_t aff = (cpu & 0xfu) | ((uint64_t)((cpu >> 4) & 0xffu) << 8);
		begin_at(&z, 3, aff);
		prop(&z, "compatible", t->cpu_compatible_len);
		prop(&z, "device_type", sizeof("cpu"));
		prop(&z, "reg", 4);
		if (t->cpu_clock_frequency)
			prop(&z, "clock-frequency", 4);
		prop(&z, "enable-method", sizeof("psci"));
		end(&z);
	}
	end(&z);

	/* make_memory_node: one node, one reg entry (2 + 2 cells) per bank. */
	begin_at(&z, 6, GUEST_RAM0_BASE);
	prop(&z, "device_type", sizeof("memory"));
	prop(&z, "reg", d->ram_bytes > GUEST_RAM0_SIZE ? 32 : 16);
	end(&z);

	out->copied = copy_partial(&z, t);

	/* make_gicv2_domU_node (ZynqMP's GIC-400) */
	begin_at(&z, 20, 0x03001000);
	prop(&z, "#address-cells", 4);
	prop(&z, "#interrupt-cells", 4);
	prop(&z, "interrupt-controller", 0);
	prop(&z, "compatible", sizeof("arm,gic-400"));
	prop(&z, "reg", 32);
	prop(&z, "linux,phandle", 4);
	prop(&z, "phandle", 4);
	end(&z);

	begin(&z, "timer");
	prop(&z, "compatible", sizeof("arm,armv8-timer"));
	prop(&z, "interrupts", 36);
	prop(&z, "interrupt-parent", 4);
	if (t->timer_clock_frequency)
		prop(&z, "clock-frequency", 4);
	end(&z);

	if (d->vpl011) {
		begin_at(&z, 9, 0x22000000);
		prop(&z, "compatible", sizeof("arm,sbsa-uart"));
		prop(&z, "reg", 16);
		prop(&z, "interrupts", 12);
		prop(&z, "interrupt-parent", 4);
		prop(&z, "current-speed", 4);
		end(&z);
	}

	if (d->enhanced) {
		/* "xen,xen-MAJOR.MINOR\0xen,xen\0"; reg: grant table + extended regions */
		uint64_t base[2], size[2];
		int n_ext = hv_rule_applies(HV_RULE_EXT_REGIONS_DOM0LESS, xen_version)
			? hv_ext_regions(d->ram_bytes, ipa_bits, base, size) : 0;
		begin(&z, "hypervisor");
		prop(&z, "compatible", 8 + dec_digits(xen_version >> 8) + 1 + dec_digits(xen_version & 0xff) + 1 + 8);
		prop(&z, "reg", 16u * (uint32_t)(1 + n_ext));
		prop(&z, "interrupts", 12);
		prop(&z, "interrupt-parent", 4);
		end(&z);
	}

	end(&z);
	z.structure += 4;   /* FDT_END */

	out->total = FDT_HEADER_ALIGNED + FDT_RSV_ENTRY + z.structure + z.strings;
	if (hv_rule_applies(HV_RULE_DOMU_DTB_4K, xen_version)) {
		out->limit = DOMU_DTB_SIZE;
	} else {
		uint64_t lim = (uint64_t)DOMU_DTB_SIZE + t->partial_size;
		out->limit = lim < FDT_MAX_SIZE ? (uint32_t)lim : FDT_MAX_SIZE;
	}
}
