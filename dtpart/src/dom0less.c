/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dom0less.h"
#include "policy.h"
#include "xalloc.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct span {
	uint64_t start, end;    /* [start, end) */
	const char *what;
};

static int file_size(const char *path, uint64_t *size)
{
	struct stat st;
	/* stat follows links: Xen needs the real file's size in reg. */
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return -1;
	*size = (uint64_t)st.st_size;
	return 0;
}

/* One (address, size) entry of a reg in ac/sc cells (each 1 or 2). */
static void reg_entry(const fdt32_t *c, uint32_t ac, uint32_t sc, uint64_t *addr, uint64_t *size)
{
	*addr = fdt32_ld(&c[0]);
	if (ac == 2)
		*addr = (*addr << 32) | fdt32_ld(&c[1]);
	*size = fdt32_ld(&c[ac]);
	if (sc == 2)
		*size = (*size << 32) | fdt32_ld(&c[ac + 1]);
}

/* Ranges already taken: the reservation map and every module in /chosen. */
static void taken_spans(const struct dtp_host *h, struct span **out, int *n)
{
	const struct dtp_index *ix = h->ix;
	int cap = 16 + fdt_num_mem_rsv(dtp_index_fdt(ix));
	*out = dtp_xcalloc((size_t)cap, sizeof(**out));
	*n = 0;
	for (int i = 0; i < fdt_num_mem_rsv(dtp_index_fdt(ix)); i++) {
		uint64_t a, s;
		if (fdt_get_mem_rsv(dtp_index_fdt(ix), i, &a, &s) == 0 && s)
			(*out)[(*n)++] = (struct span){ a, a + s, "a /memreserve/ entry" };
	}
	if (dtp_index_chosen(ix) < 0)
		return;
	for (int i = dtp_index_chosen(ix) + 1; i < dtp_index_count(ix) && dtp_node_depth(ix, i) > dtp_node_depth(ix, dtp_index_chosen(ix)); i++) {
		if (!dtp_index_compatible(ix, i, "multiboot,module"))
			continue;
		uint32_t ac, sc;
		int p = dtp_node_parent(ix, i), len;
		if (dtp_index_u32(ix, p, "#address-cells", 2, &ac) || dtp_index_u32(ix, p, "#size-cells", 1, &sc) ||
		    ac < 1 || ac > 2 || sc < 1 || sc > 2)
			continue;
		const fdt32_t *reg = dtp_index_prop(ix, i, "reg", &len);
		if (!reg || len < (int)(4 * (ac + sc)))
			continue;
		uint64_t a, s;
		reg_entry(reg, ac, sc, &a, &s);
		if (*n == cap) {
			cap *= 2;
			*out = dtp_xrealloc(*out, sizeof(**out) * (size_t)cap);
		}
		(*out)[(*n)++] = (struct span){ a, a + s, dtp_node_path(ix, i) };
	}
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* First address >= *cursor where size bytes overlap no span; grows spans. */
static uint64_t place(struct span **spans, int *n, uint64_t *cursor, uint64_t size, const char *what)
{
	uint64_t a = align_up(*cursor, DTP_MODULE_ALIGN);
	for (int moved = 1; moved;) {
		moved = 0;
		for (int i = 0; i < *n; i++)
			if (a < (*spans)[i].end && (*spans)[i].start < a + size) {
				a = align_up((*spans)[i].end, DTP_MODULE_ALIGN);
				moved = 1;
			}
	}
	*spans = dtp_xrealloc(*spans, sizeof(**spans) * (size_t)(*n + 1));
	(*spans)[(*n)++] = (struct span){ a, a + size, what };
	*cursor = a + size;
	return a;
}

/* The RAM of the host: every /memory node's reg, in the root's cells. */
static int host_ram(const struct dtp_index *ix, struct span **out)
{
	uint32_t ac = 2, sc = 1;
	if (dtp_index_u32(ix, 0, "#address-cells", 2, &ac) || dtp_index_u32(ix, 0, "#size-cells", 1, &sc) ||
	    ac < 1 || ac > 2 || sc < 1 || sc > 2)
		ac = 2, sc = 1;
	int n = 0, cap = 8;
	*out = dtp_xcalloc((size_t)cap, sizeof(**out));
	for (int i = dtp_index_count(ix) > 0 ? dtp_node_first_child(ix, 0) : -1; i >= 0; i = dtp_node_next_sibling(ix, i)) {
		int len;
		const char *type = dtp_index_prop(ix, i, "device_type", &len);
		if (!type || len < 7 || strcmp(type, "memory") != 0)
			continue;
		const fdt32_t *reg = dtp_index_prop(ix, i, "reg", &len);
		for (int k = 0; reg && (k + 1) * (int)(4 * (ac + sc)) <= len; k++) {
			const fdt32_t *c = reg + k * (int)(ac + sc);
			uint64_t a, s;
			reg_entry(c, ac, sc, &a, &s);
			if (n == cap) {
				cap *= 2;
				*out = dtp_xrealloc(*out, sizeof(**out) * (size_t)cap);
			}
			(*out)[n++] = (struct span){ a, a + s, "RAM" };
		}
	}
	return n;
}

/* Every child of /reserved-memory with a reg is taken too. */
static void reserved_spans(const struct dtp_index *ix, struct span **spans, int *n)
{
	int rm = dtp_index_by_path(ix, "/reserved-memory");
	uint32_t ac = 2, sc = 2;
	if (rm < 0 || dtp_index_u32(ix, rm, "#address-cells", 2, &ac) || dtp_index_u32(ix, rm, "#size-cells", 2, &sc) ||
	    ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	for (int c = dtp_node_first_child(ix, rm); c >= 0; c = dtp_node_next_sibling(ix, c)) {
		int len;
		const fdt32_t *reg = dtp_index_prop(ix, c, "reg", &len);
		if (!reg || len < (int)(4 * (ac + sc)))
			continue;
		uint64_t a, s;
		reg_entry(reg, ac, sc, &a, &s);
		*spans = dtp_xrealloc(*spans, sizeof(**spans) * (size_t)(*n + 1));
		(*spans)[(*n)++] = (struct span){ a, a + s, dtp_node_path(ix, c) };
	}
}

/* A direct-map bank of size bytes: the first 2 MiB-aligned stretch of host
 * RAM at or above `from` that overlaps no span (modules, reserved memory,
 * banks of other domains). Xen itself moves to the top of RAM, outside the
 * banks (they are reserved before it relocates); QEMU's -kernel and -dtb put
 * Xen and its tree below the modules, which is why the search starts above
 * them, and boot.cmd loads them above the banks (bootscript.c).
 * 0 when none fits. */
static uint64_t place_bank(const struct span *ram, int n_ram, struct span **spans, int *n, uint64_t from,
			   uint64_t size)
{
	for (int r = 0; r < n_ram; r++) {
		uint64_t a = align_up(ram[r].start > from ? ram[r].start : from, DTP_BANK_ALIGN);
		for (int moved = 1; moved && a + size <= ram[r].end;) {
			moved = 0;
			for (int i = 0; i < *n; i++)
				if (a < (*spans)[i].end && (*spans)[i].start < a + size) {
					a = align_up((*spans)[i].end, DTP_BANK_ALIGN);
					moved = 1;
				}
		}
		if (a >= ram[r].start && a + size <= ram[r].end) {
			*spans = dtp_xrealloc(*spans, sizeof(**spans) * (size_t)(*n + 1));
			(*spans)[(*n)++] = (struct span){ a, a + size, "a direct-map bank" };
			return a;
		}
	}
	return 0;
}

/* Gives each direct-mapped domain its bank: the one it was given, or one
 * from free host RAM above the modules. */
static int layout_banks(const struct dtp_host *h, struct dtp_dom0less_domain *doms, int n_doms,
			struct span **spans, int *n_spans, uint64_t from, struct dtp_diag *diag)
{
	const struct dtp_index *ix = h->ix;
	struct span *ram;
	int n_ram = host_ram(ix, &ram), rc = 0;
	reserved_spans(ix, spans, n_spans);
	/* xen,static-mem is read in /chosen's cells, inherited from the root. */
	uint32_t ac = 2, sc = 1;
	if (dtp_index_u32(ix, 0, "#address-cells", 2, &ac) || dtp_index_u32(ix, 0, "#size-cells", 1, &sc))
		ac = 2, sc = 1;
	if (dtp_index_chosen(ix) >= 0 && (dtp_index_u32(ix, dtp_index_chosen(ix), "#address-cells", ac, &ac) ||
				dtp_index_u32(ix, dtp_index_chosen(ix), "#size-cells", sc, &sc)))
		ac = 2, sc = 1;
	for (int i = 0; i < n_doms && !rc; i++) {
		struct dtp_dom0less_domain *dd = &doms[i];
		const struct dtp_dom0less *b = &dd->plan->boot;
		if (!b->direct_map)
			continue;
		uint64_t size = b->static_mem_size ? b->static_mem_size : b->memory_kib * 1024;
		uint64_t a = b->static_mem_addr;
		if (!b->static_mem_size) {
			a = place_bank(ram, n_ram, spans, n_spans, from, size);
			if (!a)
				rc = dtp_fail(diag, DTP_EREFUSED, "domain %u: no %llu MiB of free host RAM (%s's "
					      "memory nodes, above the modules at 0x%llx, clear of reserved memory) for "
					      "its direct-map bank; give one with --static-mem ADDR,SIZE or less --memory",
					      dd->plan->id, (unsigned long long)(size >> 20), dtp_index_source(ix),
					      (unsigned long long)from);
		} else {
			int inside = 0;
			for (int r = 0; r < n_ram; r++)
				inside |= a >= ram[r].start && a + size <= ram[r].end;
			if (!inside)
				rc = dtp_fail(diag, DTP_EREFUSED, "domain %u: --static-mem 0x%llx,0x%llx is not inside "
					      "the host's RAM (the memory nodes of %s)", dd->plan->id,
					      (unsigned long long)a, (unsigned long long)size, dtp_index_source(ix));
		}
		if ((ac == 1 && (a + size) > 0xffffffffULL) || (sc == 1 && size > 0xffffffffULL))
			rc = dtp_fail(diag, DTP_EREFUSED, "domain %u: the bank 0x%llx,0x%llx does not fit /chosen's "
				      "#address-cells %u / #size-cells %u, in which Xen reads xen,static-mem",
				      dd->plan->id, (unsigned long long)a, (unsigned long long)size, ac, sc);
		dd->bank_addr = a;
		dd->bank_size = size;
		dd->bank_ac = ac;
		dd->bank_sc = sc;
	}
	free(ram);
	return rc;
}

int dtp_dom0less_layout(const struct dtp_host *h, const struct dtp_plan *plan, const size_t *dtb_sizes,
		    uint64_t load_base, struct dtp_dom0less_domain **out, int *n_out,
		    struct dtp_dom0less_module dom0[2], int *n_dom0, struct dtp_diag *diag)
{
	struct span *spans;
	int n_spans;
	*out = dtp_xcalloc((size_t)plan->n_domains + 1, sizeof(**out));
	*n_out = 0;
	taken_spans(h, &spans, &n_spans);
	uint64_t cursor = load_base;
	int rc = 0;
	const struct dtp_host_boot *hb = &plan->host_boot;
	const char *dom0_files[2] = { hb->kernel, hb->ramdisk };
	const char *dom0_compat[2] = { "multiboot,kernel", "multiboot,ramdisk" };
	*n_dom0 = 0;
	for (int m = 0; m < 2 && hb->kernel && !rc; m++) {
		uint64_t size;
		if (!dom0_files[m])
			continue;
		if (file_size(dom0_files[m], &size)) {
			rc = dtp_fail(diag, DTP_EIO, "dom0's %s %s: cannot read it (%s); its module's reg needs "
				      "its real size (give it again with dtpart host %s FILE)",
				      m ? "ramdisk" : "kernel", dom0_files[m], strerror(errno),
				      m ? "--dom0-ramdisk" : "--dom0-kernel");
			break;
		}
		if (size == 0) {
			rc = dtp_fail(diag, DTP_EIO, "dom0's %s %s is empty: Xen boots dom0 from this module; "
				      "give the image itself (dtpart host %s FILE)", m ? "ramdisk" : "kernel",
				      dom0_files[m], m ? "--dom0-ramdisk" : "--dom0-kernel");
			break;
		}
		struct dtp_dom0less_module *mod = &dom0[(*n_dom0)++];
		mod->compatible = dom0_compat[m];
		mod->file = dom0_files[m];
		mod->size = size;
		mod->addr = place(&spans, &n_spans, &cursor, size, dom0_compat[m]);
	}
	for (int i = 0; i < plan->n_domains && !rc; i++) {
		const struct dtp_plan_domain *d = &plan->domains[i];
		if (d->mode != DTP_MODE_DOM0LESS)
			continue;
		rc = dtp_policy_check_domu_free(h, d->id, diag);
		if (rc)
			break;
		struct dtp_dom0less_domain *dd = &(*out)[(*n_out)++];
		dd->plan = d;
		const char *files[3] = { d->boot.kernel, d->boot.ramdisk, NULL };
		const char *compat[3] = { "multiboot,kernel", "multiboot,ramdisk", "multiboot,device-tree" };
		for (int m = 0; m < 3 && !rc; m++) {
			uint64_t size;
			if (m < 2 && !files[m])
				continue;
			if (m == 2) {
				size = dtb_sizes[i];
			} else if (file_size(files[m], &size)) {
				rc = dtp_fail(diag, DTP_EIO, "domain %u: %s %s: cannot read it (%s); dom0less "
					      "needs its real size for the module's reg", d->id,
					      m ? "--ramdisk" : "--kernel", files[m], strerror(errno));
				break;
			}
			if (m < 2 && size == 0) {
				rc = dtp_fail(diag, DTP_EIO, "domain %u: %s %s is empty: Xen loads the guest's %s "
					      "from this module; give the image itself", d->id,
					      m ? "--ramdisk" : "--kernel", files[m], m ? "initramfs" : "kernel");
				break;
			}
			struct dtp_dom0less_module *mod = &dd->modules[dd->n_modules++];
			mod->compatible = compat[m];
			mod->file = files[m];
			mod->size = size;
			mod->addr = place(&spans, &n_spans, &cursor, size, compat[m]);
		}
	}
	if (!rc)
		rc = layout_banks(h, *out, *n_out, &spans, &n_spans, cursor, diag);
	free(spans);
	return rc;
}

void dtp_dom0less_emit(struct dtp_fdtw *w, void *ctx)
{
	const struct dtp_dom0less_domain *dd = ctx;
	const struct dtp_plan_domain *d = dd->plan;
	char name[64];
	snprintf(name, sizeof(name), "domU%u", d->id);
	dtp_fdtw_begin_node(w, name);
	dtp_fdtw_prop_str(w, "compatible", "xen,domain");
	dtp_fdtw_prop_u32(w, "#address-cells", 2);
	dtp_fdtw_prop_u32(w, "#size-cells", 2);
	/* Xen reads memory as a 64-bit KiB count. */
	uint32_t mem[2] = { (uint32_t)(d->boot.memory_kib >> 32), (uint32_t)d->boot.memory_kib };
	dtp_fdtw_prop_cells(w, "memory", mem, 2);
	dtp_fdtw_prop_u32(w, "cpus", d->boot.cpus ? d->boot.cpus : 1);
	if (d->boot.vpl011)
		dtp_fdtw_prop(w, "vpl011", NULL, 0);
	if (d->boot.direct_map) {
		uint32_t bank[4];
		int n = 0;
		if (dd->bank_ac == 2)
			bank[n++] = (uint32_t)(dd->bank_addr >> 32);
		bank[n++] = (uint32_t)dd->bank_addr;
		if (dd->bank_sc == 2)
			bank[n++] = (uint32_t)(dd->bank_size >> 32);
		bank[n++] = (uint32_t)dd->bank_size;
		dtp_fdtw_prop_cells(w, "xen,static-mem", bank, n);
		dtp_fdtw_prop(w, "direct-map", NULL, 0);
	}
	for (int m = 0; m < dd->n_modules; m++) {
		const struct dtp_dom0less_module *mod = &dd->modules[m];
		snprintf(name, sizeof(name), "module@%llx", (unsigned long long)mod->addr);
		dtp_fdtw_begin_node(w, name);
		char compat[64];
		int l = snprintf(compat, sizeof(compat), "%s", mod->compatible);
		l += snprintf(compat + l + 1, sizeof(compat) - (size_t)l - 1, "multiboot,module");
		dtp_fdtw_prop(w, "compatible", compat, l + 2);
		uint32_t reg[4] = { (uint32_t)(mod->addr >> 32), (uint32_t)mod->addr,
				    (uint32_t)(mod->size >> 32), (uint32_t)mod->size };
		dtp_fdtw_prop_cells(w, "reg", reg, 4);
		if (strcmp(mod->compatible, "multiboot,kernel") == 0 && d->boot.bootargs)
			dtp_fdtw_prop_str(w, "bootargs", d->boot.bootargs);
		dtp_fdtw_end_node(w);
	}
	dtp_fdtw_end_node(w);
}

int dtp_dom0less_xen_static_memory(const char *path, struct dtp_diag *diag)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return dtp_fail(diag, DTP_EIO, "--xen-config %s: %s (want the .config of the Xen build "
				"that boots, e.g. Debian's /boot/xen-4.17-arm64.config)", path, strerror(errno));
	char line[512];
	int has = 0, any = 0;
	while (fgets(line, sizeof(line), f)) {
		any |= strncmp(line, "CONFIG_", 7) == 0 || strncmp(line, "# CONFIG_", 9) == 0;
		if (strcmp(line, "CONFIG_STATIC_MEMORY=y\n") == 0 || strcmp(line, "CONFIG_STATIC_MEMORY=y") == 0)
			has = 1;
	}
	fclose(f);
	if (!any)
		return dtp_fail(diag, DTP_EUSAGE, "--xen-config %s: no CONFIG_ line: not a Xen .config", path);
	return has;
}

int dtp_dom0less_count(const struct dtp_plan *plan)
{
	int n = 0;
	for (int i = 0; i < plan->n_domains; i++)
		n += plan->domains[i].mode == DTP_MODE_DOM0LESS;
	return n;
}

unsigned dtp_dom0less_boot_domid(const struct dtp_plan *plan, unsigned id)
{
	unsigned rank = 0;
	int found = 0;
	for (int i = 0; i < plan->n_domains; i++) {
		const struct dtp_plan_domain *d = &plan->domains[i];
		if (d->mode != DTP_MODE_DOM0LESS)
			continue;
		if (d->id == id)
			found = 1;
		else if (d->id < id)
			rank++;
	}
	return found ? rank + 1 : 0;
}

/* Whether a number is a dom0less domain's boot ID or an xl domain's own
 * number (which it keeps when no dom0less domain boots under it). */
static int id_taken(const struct dtp_plan *plan, unsigned k)
{
	if (k <= (unsigned)dtp_dom0less_count(plan))
		return 1;
	for (int i = 0; i < plan->n_domains; i++)
		if (plan->domains[i].mode != DTP_MODE_DOM0LESS && plan->domains[i].id == k)
			return 1;
	return 0;
}

unsigned dtp_boot_domid(const struct dtp_plan *plan, unsigned id)
{
	unsigned d = dtp_dom0less_boot_domid(plan, id);
	if (d)
		return d;
	unsigned n = (unsigned)dtp_dom0less_count(plan);
	if (id > n)
		return id;
	/* Under a dom0less ID: the free numbers above, one per such xl domain
	 * in plan order. */
	unsigned k = n;
	for (int i = 0; i < plan->n_domains; i++) {
		const struct dtp_plan_domain *o = &plan->domains[i];
		if (o->mode == DTP_MODE_DOM0LESS || o->id > n)
			continue;
		do
			k++;
		while (id_taken(plan, k));
		if (o->id == id)
			return k;
	}
	return k;
}
