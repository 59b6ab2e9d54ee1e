/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "imagebuilder.h"
#include "xalloc.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ImageBuilder sources its configuration with bash: a value goes in double
 * quotes, with the characters bash expands there escaped. */
static void put_value(FILE *f, const char *name, const char *value)
{
	fprintf(f, "%s=\"", name);
	for (const char *p = value; *p; p++) {
		if (strchr("\\\"$`", *p))
			fputc('\\', f);
		fputc(*p, f);
	}
	fputs("\"\n", f);
}

/* A file's path relative to the boot directory, into rel; -1 (diag filled)
 * when it lies outside. */
static int relative(const char *dir, const char *file, char *rel, size_t len, struct dtp_diag *diag)
{
	const char *r = dtp_boot_relative(dir, file);
	if (!r)
		return dtp_fail(diag, DTP_EUSAGE, "%s: not inside the boot directory %s, which imagebuilder.cfg's "
				"paths are relative to (uboot-script-gen -d); copy it there, or give the directory "
				"that holds every file with dtpart host --boot-dir DIR", file, dir);
	snprintf(rel, len, "%s", r);
	return 0;
}

/* What ImageBuilder writes itself: dtpart's kernel and ramdisk modules and
 * a plan domain's /chosen/domUN. */
static int boot_node(const void *fdt, int node, const struct dtp_dom0less_domain *domus, int n_domus)
{
	if (!fdt_node_check_compatible(fdt, node, "multiboot,kernel") ||
	    !fdt_node_check_compatible(fdt, node, "multiboot,ramdisk"))
		return 1;
	if (fdt_node_check_compatible(fdt, node, "xen,domain"))
		return 0;
	const char *name = fdt_get_name(fdt, node, NULL);
	for (int i = 0; name && i < n_domus; i++) {
		char want[32];
		snprintf(want, sizeof(want), "domU%u", domus[i].plan->id);
		if (strcmp(name, want) == 0)
			return 1;
	}
	return 0;
}

/* The host tree without dtpart's boot edits of /chosen. Only /chosen's few
 * children are looked at; a deletion moves the ones after it, so the walk
 * starts again after each. */
static int strip_chosen(const void *xen_dtb, size_t len, const struct dtp_dom0less_domain *domus, int n_domus,
			struct dtp_imagebuilder *ib)
{
	ib->dtb = dtp_xmalloc(len);
	int rc = fdt_open_into(xen_dtb, ib->dtb, (int)len);
	int chosen = rc ? -1 : fdt_path_offset(ib->dtb, "/chosen");
	for (int again = chosen >= 0; again && !rc;) {
		int child;
		again = 0;
		fdt_for_each_subnode(child, ib->dtb, chosen)
			if (boot_node(ib->dtb, child, domus, n_domus)) {
				rc = fdt_del_node(ib->dtb, child);
				again = 1;
				break;
			}
	}
	const char *props[2] = { "xen,xen-bootargs", "xen,dom0-bootargs" };
	for (int i = 0; i < 2 && chosen >= 0 && !rc; i++) {
		rc = fdt_delprop(ib->dtb, chosen, props[i]);
		rc = rc == -FDT_ERR_NOTFOUND ? 0 : rc;
	}
	if (!rc)
		rc = fdt_pack(ib->dtb);
	ib->dtb_len = rc ? 0 : fdt_totalsize(ib->dtb);
	return rc;
}

int dtp_imagebuilder_build(const struct dtp_plan *plan, const char *out_dir, const void *xen_dtb,
			   size_t xen_dtb_len, const struct dtp_hostboot *hb, const struct dtp_dom0less_domain *domus,
			   int n_domus, const struct dtp_ram *ram, int n_ram, struct dtp_imagebuilder *ib,
			   struct dtp_diag *diag)
{
	const struct dtp_host_boot *b = &plan->host_boot;
	memset(ib, 0, sizeof(*ib));
	const char *dir = b->boot_dir ? b->boot_dir : out_dir;
	/* ImageBuilder loads from MEMORY_START up: the RAM bank dtpart lays
	 * its modules out in. */
	uint64_t base = b->load_base ? b->load_base : DTP_DOM0LESS_LOAD_BASE;
	int bank = -1;
	for (int i = 0; i < n_ram && bank < 0; i++)
		if (base >= ram[i].base && base - ram[i].base < ram[i].size)
			bank = i;
	if (bank < 0)
		return dtp_fail(diag, DTP_EBADTREE, "%s: no /memory bank holds the load base 0x%llx: "
				"imagebuilder.cfg needs the RAM ImageBuilder loads into (MEMORY_START, MEMORY_END); "
				"give --load-base inside the host's RAM", plan->host_source ? plan->host_source : "the host tree",
				(unsigned long long)base);
	int rc = strip_chosen(xen_dtb, xen_dtb_len, domus, n_domus, ib);
	if (rc) {
		dtp_imagebuilder_free(ib);
		return dtp_fail(diag, DTP_EWRITE, "imagebuilder.dtb: libfdt: %s", fdt_strerror(rc));
	}
	char rel[4096], file[4096];
	size_t cap = 0;
	/* open_memstream fails only for want of memory: stop, as dtp_xmalloc does. */
	FILE *f = dtp_xcheck(open_memstream(&ib->cfg, &cap));
	fprintf(f, "# ImageBuilder configuration written by dtpart from %s: the set-up of\n"
		"# boot.cmd, for scripts/uboot-script-gen (paths relative to %s):\n"
		"#   uboot-script-gen -c %s/imagebuilder.cfg -d %s -t \"%s\" -o boot-imagebuilder\n"
		"# DEVICE_TREE is the host tree without the /chosen entries ImageBuilder writes;\n"
		"# ImageBuilder picks its own load addresses and gives every domain a vpl011.\n",
		plan->host_source ? plan->host_source : "the host tree", dir, out_dir, dir,
		b->boot_load ? b->boot_load : "load mmc 0:1");
	fprintf(f, "MEMORY_START=\"0x%llx\"\nMEMORY_END=\"0x%llx\"\n", (unsigned long long)ram[bank].base,
		(unsigned long long)(ram[bank].base + ram[bank].size));
	snprintf(file, sizeof(file), "%s/imagebuilder.dtb", out_dir);
	rc = relative(dir, file, rel, sizeof(rel), diag);
	if (!rc)
		put_value(f, "DEVICE_TREE", rel);
	if (!rc && !(rc = relative(dir, b->xen_image, rel, sizeof(rel), diag)))
		put_value(f, "XEN", rel);
	if (!rc)
		put_value(f, "XEN_CMD", hb->xen_args);
	const char *dom0_names[2] = { "DOM0_KERNEL", "DOM0_RAMDISK" };
	for (int i = 0; i < hb->n_modules && i < 2 && !rc; i++)
		if (!(rc = relative(dir, hb->modules[i].file, rel, sizeof(rel), diag)))
			put_value(f, dom0_names[i], rel);
	/* Without dom0 (host --no-dom0) no DOM0_* at all: ImageBuilder then
	 * writes no dom0 module (DOM0_KERNEL is optional for a dom0less
	 * set-up) and refuses other dom0 settings given without it. */
	if (!rc && !hb->no_dom0)
		put_value(f, "DOM0_CMD", hb->dom0_args);
	if (!rc)
		fprintf(f, "NUM_DOMUS=%d\n", n_domus);
	/* ImageBuilder's domain k is the k-th /chosen/domU node: Xen's domid
	 * k + 1, as dtpart numbers the dom0less domains. */
	for (int k = 0; k < n_domus && !rc; k++) {
		const struct dtp_dom0less_domain *d = &domus[k];
		const struct dtp_dom0less *db = &d->plan->boot;
		char name[64];
		fprintf(f, "# domain %u%s%s\n", d->plan->id, d->plan->name ? ": " : "", d->plan->name ? d->plan->name : "");
		for (int m = 0; m < d->n_modules && !rc; m++) {
			const char *what = strcmp(d->modules[m].compatible, "multiboot,kernel") == 0 ? "DOMU_KERNEL"
					   : strcmp(d->modules[m].compatible, "multiboot,ramdisk") == 0 ? "DOMU_RAMDISK"
					   : "DOMU_PASSTHROUGH_DTB";
			if (d->modules[m].file)
				snprintf(file, sizeof(file), "%s", d->modules[m].file);
			else
				snprintf(file, sizeof(file), "%s/dom%u.dtb", out_dir, d->plan->id);
			snprintf(name, sizeof(name), "%s[%d]", what, k);
			if (!(rc = relative(dir, file, rel, sizeof(rel), diag)))
				put_value(f, name, rel);
		}
		if (rc)
			break;
		/* DOMU_MEM is in MiB: dtpart's --memory is too. */
		fprintf(f, "DOMU_MEM[%d]=%llu\nDOMU_VCPUS[%d]=%u\n", k, (unsigned long long)(db->memory_kib / 1024), k,
			db->cpus ? db->cpus : 1);
		if (db->bootargs) {
			snprintf(name, sizeof(name), "DOMU_CMD[%d]", k);
			put_value(f, name, db->bootargs);
		}
		/* Read by ImageBuilder versions that have them (older ones give
		 * every domain a vpl011 and know no direct map). */
		fprintf(f, "DOMU_VPL011[%d]=%d\n", k, db->vpl011 ? 1 : 0);
		if (db->direct_map)
			fprintf(f, "DOMU_DIRECT_MAP[%d]=1\nDOMU_STATIC_MEM[%d]=\"0x%llx 0x%llx\"\n", k, k,
				(unsigned long long)d->bank_addr, (unsigned long long)d->bank_size);
	}
	for (int i = 0; i < plan->n_domains && !rc; i++)
		if (plan->domains[i].mode != DTP_MODE_DOM0LESS)
			fprintf(f, "# xl domain %u: started from dom0 with %s/dom%u.cfg merged into its config\n",
				plan->domains[i].id, out_dir, plan->domains[i].id);
	if (fclose(f))      /* a memory stream's flush: only out of memory */
		dtp_xcheck(NULL);
	if (rc)
		dtp_imagebuilder_free(ib);
	return rc;
}

void dtp_imagebuilder_free(struct dtp_imagebuilder *ib)
{
	free(ib->cfg);
	free(ib->dtb);
	memset(ib, 0, sizeof(*ib));
}
