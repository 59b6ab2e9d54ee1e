/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bootscript.h"
#include "xalloc.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int dtp_boot_ram(const struct dtp_index *ix, struct dtp_ram **out)
{
	uint32_t ac, sc;
	int n = 0;
	struct dtp_ram *ram = NULL;
	*out = NULL;
	if (dtp_index_count(ix) < 1 || dtp_index_u32(ix, 0, "#address-cells", 2, &ac) ||
	    dtp_index_u32(ix, 0, "#size-cells", 1, &sc) || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return 0;
	for (int i = 1; i < dtp_index_count(ix); i++) {
		int len;
		const char *t = dtp_index_prop(ix, i, "device_type", &len);
		if (dtp_node_depth(ix, i) != 1 || !t || len != 7 || memcmp(t, "memory", 7))
			continue;
		const fdt32_t *reg = dtp_index_prop(ix, i, "reg", &len);
		for (int k = 0; reg && k + (int)(ac + sc) <= len / 4; k += (int)(ac + sc)) {
			uint64_t a = fdt32_ld(&reg[k]), s = fdt32_ld(&reg[k + (int)ac]);
			if (ac == 2)
				a = (a << 32) | fdt32_ld(&reg[k + 1]);
			if (sc == 2)
				s = (s << 32) | fdt32_ld(&reg[k + (int)ac + 1]);
			if (!s)
				continue;
			ram = dtp_xrealloc(ram, sizeof(*ram) * (size_t)(n + 1));
			ram[n++] = (struct dtp_ram){ a, s };
		}
	}
	*out = ram;
	return n;
}

const char *dtp_boot_relative(const char *dir, const char *path)
{
	size_t l = strlen(dir);
	while (l > 1 && dir[l - 1] == '/')
		l--;
	if (strncmp(dir, path, l) || path[l] != '/')
		return NULL;
	return path + l + 1;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int in_ram(const struct dtp_ram *ram, int n, uint64_t a, uint64_t s)
{
	for (int i = 0; i < n; i++)
		if (a >= ram[i].base && a + s <= ram[i].base + ram[i].size)
			return 1;
	return 0;
}

/* Xen's tree and then Xen, 2 MiB aligned, from `end` (above the last
 * module) up, and past every direct-map bank they would overlap: the bank
 * is the guest's RAM, which Xen keeps for it from the start (the boot
 * loader's copies must not lie there), and a bank dtpart chose itself
 * starts right above the modules. */
static void place_xen(struct dtp_boot_script *bs, uint64_t end, uint64_t dtb_size, uint64_t xen_size,
		      const struct dtp_dom0less_domain *domus, int n_domus)
{
	for (int moved = 1; moved;) {
		moved = 0;
		bs->dtb_addr = align_up(end, DTP_BOOT_ALIGN);
		bs->xen_addr = align_up(bs->dtb_addr + dtb_size, DTP_BOOT_ALIGN);
		uint64_t last = bs->xen_addr + xen_size;
		for (int d = 0; d < n_domus; d++) {
			const struct dtp_dom0less_domain *dd = &domus[d];
			if (dd->bank_size && bs->dtb_addr < dd->bank_addr + dd->bank_size && dd->bank_addr < last) {
				end = dd->bank_addr + dd->bank_size;
				moved = 1;
			}
		}
	}
}

static struct dtp_boot_item *add_item(struct dtp_boot_script *bs, const char *what, const char *file,
				      uint64_t addr, uint64_t size)
{
	bs->items = dtp_xrealloc(bs->items, sizeof(*bs->items) * (size_t)(bs->n + 1));
	struct dtp_boot_item *it = &bs->items[bs->n++];
	memset(it, 0, sizeof(*it));
	it->what = what;
	snprintf(it->file, sizeof(it->file), "%s", file);
	it->addr = addr;
	it->size = size;
	return it;
}

int dtp_boot_script_build(const struct dtp_plan *plan, const char *out_dir, size_t dtb_size,
			  const struct dtp_dom0less_module *dom0, int n_dom0,
			  const struct dtp_dom0less_domain *domus, int n_domus,
			  const struct dtp_ram *ram, int n_ram, struct dtp_boot_script *bs,
			  struct dtp_diag *diag)
{
	const struct dtp_host_boot *hb = &plan->host_boot;
	memset(bs, 0, sizeof(*bs));
	struct stat st;
	if (stat(hb->xen_image, &st) || !S_ISREG(st.st_mode))
		return dtp_fail(diag, DTP_EIO, "Xen's image %s: cannot read it (%s); give it again with "
				"dtpart host --xen-image FILE", hb->xen_image, strerror(errno));
	uint64_t end = 0;
	for (int i = 0; i < n_dom0; i++) {
		add_item(bs, dom0[i].compatible, dom0[i].file, dom0[i].addr, dom0[i].size);
		end = dom0[i].addr + dom0[i].size > end ? dom0[i].addr + dom0[i].size : end;
	}
	for (int d = 0; d < n_domus; d++)
		for (int m = 0; m < domus[d].n_modules; m++) {
			const struct dtp_dom0less_module *mod = &domus[d].modules[m];
			char file[4096];
			if (mod->file)
				snprintf(file, sizeof(file), "%s", mod->file);
			else
				snprintf(file, sizeof(file), "%s/dom%u.dtb", out_dir, domus[d].plan->id);
			add_item(bs, mod->compatible, file, mod->addr, mod->size);
			end = mod->addr + mod->size > end ? mod->addr + mod->size : end;
		}
	char dtb[4096];
	snprintf(dtb, sizeof(dtb), "%s/xen.dtb", out_dir);
	place_xen(bs, end, dtb_size, (uint64_t)st.st_size, domus, n_domus);
	add_item(bs, "xen.dtb", dtb, bs->dtb_addr, dtb_size);
	add_item(bs, "xen", hb->xen_image, bs->xen_addr, (uint64_t)st.st_size);
	const char *dir = hb->boot_dir ? hb->boot_dir : out_dir;
	for (int i = 0; i < bs->n; i++) {
		struct dtp_boot_item *it = &bs->items[i];
		const char *rel = dtp_boot_relative(dir, it->file);
		if (!rel) {
			int rc = dtp_fail(diag, DTP_EUSAGE, "%s: not inside the boot directory %s, which boot.cmd's "
					  "paths are relative to; copy it there, or give the directory that holds "
					  "every file with dtpart host --boot-dir DIR", it->file, dir);
			dtp_boot_script_free(bs);
			return rc;
		}
		snprintf(it->rel, sizeof(it->rel), "%s", rel);
		if (n_ram && !in_ram(ram, n_ram, it->addr, it->size)) {
			int rc = dtp_fail(diag, DTP_EUSAGE, "%s would load at 0x%llx..0x%llx, outside the RAM of "
					  "the host tree's /memory; give a lower --load-base", it->rel,
					  (unsigned long long)it->addr,
					  (unsigned long long)(it->addr + it->size - 1));
			dtp_boot_script_free(bs);
			return rc;
		}
	}
	const char *load = hb->boot_load ? hb->boot_load : "load ${devtype} ${devnum}:${distro_bootpart}";
	size_t cap = 1024 + strlen(dir) + (plan->host_source ? strlen(plan->host_source) : 0) +
		     (size_t)bs->n * (4200 + strlen(load)), used = 0;
	bs->text = dtp_xcalloc(cap, 1);
	used += (size_t)snprintf(bs->text + used, cap - used,
		"# U-Boot script written by dtpart from %s: loads Xen, its host tree and every\n"
		"# module /chosen names at that module's address, then boots Xen.\n"
		"# Paths are relative to %s (the TFTP or SD root).\n"
		"# mkimage -A arm64 -T script -C none -d boot.cmd boot.scr\n",
		plan->host_source ? plan->host_source : "the host tree", dir);
	/* Xen and its tree first, then the modules in layout order. */
	const int order_first[2] = { bs->n - 1, bs->n - 2 };
	for (int j = 0; j < bs->n; j++) {
		int i = j < 2 ? order_first[j] : j - 2;
		const struct dtp_boot_item *it = &bs->items[i];
		used += (size_t)snprintf(bs->text + used, cap - used, "%s 0x%llx %s\n", load,
					 (unsigned long long)it->addr, it->rel);
	}
	snprintf(bs->text + used, cap - used, "booti 0x%llx - 0x%llx\n", (unsigned long long)bs->xen_addr,
		 (unsigned long long)bs->dtb_addr);
	return 0;
}

void dtp_boot_script_free(struct dtp_boot_script *bs)
{
	free(bs->items);
	free(bs->text);
	memset(bs, 0, sizeof(*bs));
}
