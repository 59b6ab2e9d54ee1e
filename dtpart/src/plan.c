/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "plan.h"
#include "guestmac.h"
#include "xalloc.h"

#include <hypervisor/xen_rules.h>

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLAN_FORMAT 1

static void dtp_device_free(struct dtp_plan_device *d)
{
	free(d->path);
	free(d->mac);
	for (int i = 0; i < d->n_clocks; i++)
		free(d->clocks[i].name);
	free(d->clocks);
	free(d->sids);
}

static void domain_free(struct dtp_plan_domain *d)
{
	free(d->name);
	free(d->boot.kernel);
	free(d->boot.ramdisk);
	free(d->boot.bootargs);
	for (int i = 0; i < d->n_devices; i++)
		dtp_device_free(&d->devices[i]);
	free(d->devices);
}

void dtp_plan_free(struct dtp_plan *plan)
{
	for (int i = 0; i < plan->n_domains; i++)
		domain_free(&plan->domains[i]);
	free(plan->domains);
	free(plan->host_boot.kernel);
	free(plan->host_boot.ramdisk);
	free(plan->host_boot.dom0_mem);
	free(plan->host_boot.xen_bootargs);
	free(plan->host_boot.dom0_bootargs);
	free(plan->host_boot.xen_image);
	free(plan->host_boot.boot_dir);
	free(plan->host_boot.boot_load);
	free(plan->host_source);
	free(plan->board);
	free(plan->dtb_dir);
	memset(plan, 0, sizeof(*plan));
}

struct dtp_plan_domain *dtp_plan_domain(struct dtp_plan *plan, unsigned id, int create)
{
	for (int i = 0; i < plan->n_domains; i++)
		if (plan->domains[i].id == id)
			return &plan->domains[i];
	if (!create)
		return NULL;
	struct dtp_plan_domain *nd = dtp_xrealloc(plan->domains, sizeof(*nd) * (size_t)(plan->n_domains + 1));
	plan->domains = nd;
	struct dtp_plan_domain *d = &nd[plan->n_domains++];
	memset(d, 0, sizeof(*d));
	d->id = id;
	return d;
}

int dtp_plan_dtb_dir_elsewhere(const struct dtp_plan *plan, const char *out_dir)
{
	if (!plan->dtb_dir)
		return 0;
	char *there = realpath(plan->dtb_dir, NULL), *here = realpath(out_dir, NULL);
	int other = 0;
	if (there && here && strcmp(there, here) != 0) {
		char state[4096];
		int n = snprintf(state, sizeof(state), "%s/dtpart.json", there);
		other = n > 0 && (size_t)n < sizeof(state) && access(state, F_OK) == 0;
	}
	free(there);
	free(here);
	return other;
}

struct dtp_plan_domain *dtp_plan_owner(const struct dtp_plan *plan, const char *path,
				   struct dtp_plan_device **dev)
{
	for (int i = 0; i < plan->n_domains; i++)
		for (int j = 0; j < plan->domains[i].n_devices; j++)
			if (strcmp(plan->domains[i].devices[j].path, path) == 0) {
				if (dev)
					*dev = &plan->domains[i].devices[j];
				return &plan->domains[i];
			}
	return NULL;
}

struct dtp_plan_device *dtp_plan_add_device(struct dtp_plan_domain *d, const char *path)
{
	for (int j = 0; j < d->n_devices; j++)
		if (strcmp(d->devices[j].path, path) == 0)
			return &d->devices[j];
	struct dtp_plan_device *nd = dtp_xrealloc(d->devices, sizeof(*nd) * (size_t)(d->n_devices + 1));
	d->devices = nd;
	struct dtp_plan_device *dev = &nd[d->n_devices++];
	memset(dev, 0, sizeof(*dev));
	dev->path = dtp_xstrdup(path);
	return dev;
}

void dtp_plan_remove_device(struct dtp_plan *plan, const char *path)
{
	for (int i = 0; i < plan->n_domains; i++) {
		struct dtp_plan_domain *d = &plan->domains[i];
		for (int j = 0; j < d->n_devices; j++)
			if (strcmp(d->devices[j].path, path) == 0) {
				dtp_device_free(&d->devices[j]);
				memmove(&d->devices[j], &d->devices[j + 1],
					sizeof(*d->devices) * (size_t)(d->n_devices - j - 1));
				d->n_devices--;
				j--;
			}
	}
}

void dtp_plan_set_clock(struct dtp_plan_device *d, const char *name, uint64_t rate)
{
	for (int i = 0; i < d->n_clocks; i++)
		if (strcmp(d->clocks[i].name, name) == 0) {
			d->clocks[i].rate = rate;
			return;
		}
	d->clocks = dtp_xrealloc(d->clocks, sizeof(*d->clocks) * (size_t)(d->n_clocks + 1));
	d->clocks[d->n_clocks].name = dtp_xstrdup(name);
	d->clocks[d->n_clocks++].rate = rate;
}

void dtp_plan_set_sids(struct dtp_plan_device *d, const uint32_t *sids, int n)
{
	free(d->sids);
	d->sids = NULL;
	d->n_sids = 0;
	if (n <= 0)
		return;
	d->sids = dtp_xcalloc((size_t)n, sizeof(*d->sids));
	memcpy(d->sids, sids, sizeof(*d->sids) * (size_t)n);
	d->n_sids = n;
}

static int cmp_device(const void *a, const void *b)
{
	return strcmp(((const struct dtp_plan_device *)a)->path, ((const struct dtp_plan_device *)b)->path);
}

static int cmp_domain(const void *a, const void *b)
{
	unsigned x = ((const struct dtp_plan_domain *)a)->id, y = ((const struct dtp_plan_domain *)b)->id;
	return (x > y) - (x < y);
}

void dtp_plan_normalise(struct dtp_plan *plan)
{
	for (int i = 0; i < plan->n_domains; i++) {
		struct dtp_plan_domain *d = &plan->domains[i];
		if (d->n_devices == 0) {
			domain_free(d);
			memmove(d, d + 1, sizeof(*d) * (size_t)(plan->n_domains - i - 1));
			plan->n_domains--;
			i--;
			continue;
		}
		qsort(d->devices, (size_t)d->n_devices, sizeof(*d->devices), cmp_device);
	}
	if (plan->n_domains > 1)
		qsort(plan->domains, (size_t)plan->n_domains, sizeof(*plan->domains), cmp_domain);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *dtp_plan_to_json(const struct dtp_plan *plan)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_integer(PLAN_FORMAT));
	json_object_set_new(root, "generator", json_string("dtpart"));
	json_object_set_new(root, "host_source", str_or_null(plan->host_source));
	json_object_set_new(root, "board", str_or_null(plan->board));
	json_object_set_new(root, "dtb_dir", str_or_null(plan->dtb_dir));
	if (plan->xen) {
		char v[16];
		snprintf(v, sizeof(v), "%u.%u", plan->xen >> 8, plan->xen & 0xff);
		json_object_set_new(root, "xen", json_string(v));
	}
	if (dtp_host_boot_asked(&plan->host_boot)) {
		const struct dtp_host_boot *hb = &plan->host_boot;
		json_object_set_new(root, "host_boot", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
				    "kernel", str_or_null(hb->kernel), "ramdisk", str_or_null(hb->ramdisk),
				    "dom0_mem", str_or_null(hb->dom0_mem),
				    "xen_bootargs", str_or_null(hb->xen_bootargs),
				    "dom0_bootargs", str_or_null(hb->dom0_bootargs),
				    "xen_image", str_or_null(hb->xen_image), "boot_dir", str_or_null(hb->boot_dir),
				    "boot_load", str_or_null(hb->boot_load)));
		if (hb->imagebuilder)
			json_object_set_new(json_object_get(root, "host_boot"), "imagebuilder", json_true());
		if (hb->no_dom0)
			json_object_set_new(json_object_get(root, "host_boot"), "no_dom0", json_true());
		if (hb->load_base) {
			char hex[24];
			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)hb->load_base);
			json_object_set_new(json_object_get(root, "host_boot"), "load_base", json_string(hex));
		}
	}
	json_t *doms = json_array();
	for (int i = 0; i < plan->n_domains; i++) {
		const struct dtp_plan_domain *d = &plan->domains[i];
		json_t *jd = json_object();
		json_object_set_new(jd, "id", json_integer(d->id));
		json_object_set_new(jd, "name", str_or_null(d->name));
		json_object_set_new(jd, "mode", json_string(d->mode == DTP_MODE_DOM0LESS ? "dom0less" : "xl"));
		if (d->mode == DTP_MODE_DOM0LESS) {
			json_t *b = json_object();
			json_object_set_new(b, "kernel", str_or_null(d->boot.kernel));
			json_object_set_new(b, "ramdisk", str_or_null(d->boot.ramdisk));
			json_object_set_new(b, "bootargs", str_or_null(d->boot.bootargs));
			json_object_set_new(b, "memory_kib", json_integer((json_int_t)d->boot.memory_kib));
			json_object_set_new(b, "cpus", json_integer(d->boot.cpus));
			json_object_set_new(b, "vpl011", json_boolean(d->boot.vpl011));
			/* Only when set: plans from before direct-map read the same. */
			if (d->boot.direct_map)
				json_object_set_new(b, "direct_map", json_true());
			if (d->boot.static_mem_size) {
				json_t *bank = json_array();
				json_array_append_new(bank, json_integer((json_int_t)d->boot.static_mem_addr));
				json_array_append_new(bank, json_integer((json_int_t)d->boot.static_mem_size));
				json_object_set_new(b, "static_mem", bank);
			}
			json_object_set_new(jd, "dom0less", b);
		} else if (d->boot.memory_kib) {
			json_object_set_new(jd, "memory_kib", json_integer((json_int_t)d->boot.memory_kib));
		}
		json_t *devs = json_array();
		for (int j = 0; j < d->n_devices; j++) {
			const struct dtp_plan_device *dev = &d->devices[j];
			json_t *jv = json_object();
			json_object_set_new(jv, "path", json_string(dev->path));
			if (dev->no_iommu)
				json_object_set_new(jv, "no_iommu", json_true());
			if (dev->guest_addr) {
				char hex[24];
				snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)dev->guest_addr);
				json_object_set_new(jv, "guest_addr", json_string(hex));
			}
			if (dev->mac)
				json_object_set_new(jv, "mac", json_string(dev->mac));
			if (dev->n_sids) {
				json_t *sa = json_array();
				for (int k = 0; k < dev->n_sids; k++) {
					char hex[16];
					snprintf(hex, sizeof(hex), "0x%x", dev->sids[k]);
					json_array_append_new(sa, json_string(hex));
				}
				json_object_set_new(jv, "stream_ids", sa);
			}
			if (dev->n_clocks) {
				json_t *c = json_object();
				for (int k = 0; k < dev->n_clocks; k++)
					json_object_set_new(c, dev->clocks[k].name,
							    json_integer((json_int_t)dev->clocks[k].rate));
				json_object_set_new(jv, "clock_overrides", c);
			}
			json_array_append_new(devs, jv);
		}
		json_object_set_new(jd, "devices", devs);
		json_array_append_new(doms, jd);
	}
	json_object_set_new(root, "domains", doms);
	/* jansson fails only for want of memory here: every value is valid. */
	char *text = dtp_xcheck(json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS));
	json_decref(root);
	/* A trailing newline makes the file friendly to diff and cat. */
	size_t l = strlen(text);
	char *out = dtp_xrealloc(text, l + 2);
	out[l] = '\n';
	out[l + 1] = '\0';
	return out;
}

static char *dup_json_str(json_t *v)
{
	return json_is_string(v) ? dtp_xstrdup(json_string_value(v)) : NULL;
}

static int state_bad(struct dtp_diag *diag, const char *path, const char *what)
{
	return dtp_fail(diag, DTP_ESTATE, "%s: %s; this file is written by dtpart: restore it, or "
			"remove the output directory to start over", path, what);
}

/* Where in the file a field sits: "domains[2] (id 3)", "domains[0].devices[1]". */
struct place {
	const char *path;
	char at[96];
};

__attribute__((format(printf, 3, 4)))
static int place_bad(struct dtp_diag *diag, const struct place *pl, const char *fmt, ...)
{
	char what[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	char full[1200];
	snprintf(full, sizeof(full), "%s%s%s", pl->at, pl->at[0] ? ": " : "", what);
	return state_bad(diag, pl->path, full);
}

/* A field this format does not define is refused, not skipped: it is a hand
 * edit or a newer dtpart's plan, and dropping it on the next write would lose
 * what it meant. keys is NULL-terminated. */
static int only_known_fields(json_t *obj, const char *const *keys, const struct place *pl,
			     struct dtp_diag *diag)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		size_t i;
		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (keys[i])
			continue;
		char known[256];
		size_t used = 0;
		for (i = 0; keys[i] && used < sizeof(known); i++)
			used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "", keys[i]);
		return place_bad(diag, pl, "unknown field \"%s\" (known here: %s)", k, known);
	}
	return 0;
}

/* Absent, null or a string. */
static int opt_string(json_t *obj, const char *key, const struct place *pl, struct dtp_diag *diag)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_string(v) && !json_is_null(v))
		return place_bad(diag, pl, "\"%s\" must be a string or null", key);
	return 0;
}

static int opt_bool(json_t *obj, const char *key, const struct place *pl, struct dtp_diag *diag)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_boolean(v))
		return place_bad(diag, pl, "\"%s\" must be true or false", key);
	return 0;
}

static const char *const root_fields[] = { "format", "generator", "host_source", "board", "dtb_dir",
					   "xen", "domains", "host_boot", NULL };
static const char *const host_boot_fields[] = { "kernel", "ramdisk", "dom0_mem", "xen_bootargs",
						"dom0_bootargs", "xen_image", "boot_dir", "boot_load", "load_base",
						"imagebuilder", "no_dom0", NULL };
static const char *const root_strings[] = { "host_source", "board", "dtb_dir", "xen" };
static const char *const domain_fields[] = { "id", "name", "mode", "dom0less", "devices", "memory_kib",
					    NULL };
static const char *const boot_fields[] = { "kernel", "ramdisk", "bootargs", "memory_kib", "cpus",
					   "vpl011", "direct_map", "static_mem", NULL };
static const char *const device_fields[] = { "path", "no_iommu", "stream_ids", "clock_overrides",
					    "guest_addr", "mac", NULL };

static int load_boot(json_t *b, struct dtp_plan_domain *d, const struct place *pl, struct dtp_diag *diag)
{
	int rc = only_known_fields(b, boot_fields, pl, diag);
	if (!rc && !json_is_string(json_object_get(b, "kernel")))
		rc = place_bad(diag, pl, "\"kernel\" must be the guest kernel's path");
	if (!rc)
		rc = opt_string(b, "ramdisk", pl, diag);
	if (!rc)
		rc = opt_string(b, "bootargs", pl, diag);
	if (!rc)
		rc = opt_bool(b, "vpl011", pl, diag);
	if (!rc)
		rc = opt_bool(b, "direct_map", pl, diag);
	json_t *bank = json_object_get(b, "static_mem");
	if (!rc && bank && (!json_is_array(bank) || json_array_size(bank) != 2 ||
			    !json_is_integer(json_array_get(bank, 0)) || !json_is_integer(json_array_get(bank, 1)) ||
			    json_integer_value(json_array_get(bank, 0)) < 0 ||
			    json_integer_value(json_array_get(bank, 1)) < 1))
		rc = place_bad(diag, pl, "\"static_mem\" must be [address, size], two non-negative integers");
	json_t *mem = json_object_get(b, "memory_kib"), *cpus = json_object_get(b, "cpus");
	if (!rc && (!json_is_integer(mem) || json_integer_value(mem) < 1))
		rc = place_bad(diag, pl, "\"memory_kib\" must be a positive integer");
	if (!rc && (!json_is_integer(cpus) || json_integer_value(cpus) < 1 || json_integer_value(cpus) > 128))
		rc = place_bad(diag, pl, "\"cpus\" must be an integer 1..128");
	if (rc)
		return rc;
	d->boot.kernel = dup_json_str(json_object_get(b, "kernel"));
	d->boot.ramdisk = dup_json_str(json_object_get(b, "ramdisk"));
	d->boot.bootargs = dup_json_str(json_object_get(b, "bootargs"));
	d->boot.memory_kib = (uint64_t)json_integer_value(mem);
	d->boot.cpus = (uint32_t)json_integer_value(cpus);
	d->boot.vpl011 = json_is_true(json_object_get(b, "vpl011"));
	d->boot.direct_map = json_is_true(json_object_get(b, "direct_map"));
	if (bank) {
		d->boot.static_mem_addr = (uint64_t)json_integer_value(json_array_get(bank, 0));
		d->boot.static_mem_size = (uint64_t)json_integer_value(json_array_get(bank, 1));
	}
	return 0;
}

static int load_device(json_t *jv, struct dtp_plan *plan, struct dtp_plan_domain *d,
		       const struct place *pl, struct dtp_diag *diag)
{
	if (!json_is_object(jv))
		return place_bad(diag, pl, "a device must be an object");
	int rc = only_known_fields(jv, device_fields, pl, diag);
	if (!rc)
		rc = opt_bool(jv, "no_iommu", pl, diag);
	if (rc)
		return rc;
	const char *p = json_string_value(json_object_get(jv, "path"));
	if (!p || p[0] != '/')
		return place_bad(diag, pl, "a device has no absolute \"path\"");
	if (dtp_plan_owner(plan, p, NULL))
		return place_bad(diag, pl, "device %s is listed twice", p);
	json_t *sa = json_object_get(jv, "stream_ids"), *co = json_object_get(jv, "clock_overrides");
	if (sa && !json_is_array(sa))
		return place_bad(diag, pl, "\"stream_ids\" must be an array of strings");
	if (co && !json_is_object(co))
		return place_bad(diag, pl, "\"clock_overrides\" must be an object of rates");
	struct dtp_plan_device *dev = dtp_plan_add_device(d, p);
	dev->no_iommu = json_is_true(json_object_get(jv, "no_iommu"));
	json_t *ga = json_object_get(jv, "guest_addr"), *mac = json_object_get(jv, "mac");
	if (ga) {
		const char *t = json_string_value(ga);
		char *end;
		errno = 0;
		unsigned long long v = t ? strtoull(t, &end, 0) : 0;
		if (!t || errno || *end || v == 0)
			return place_bad(diag, pl, "\"guest_addr\" must be a hexadecimal address string");
		dev->guest_addr = v;
	}
	if (mac && (!json_is_string(mac) || dtp_mac_parse(json_string_value(mac), NULL)))
		return place_bad(diag, pl, "\"mac\" must be a MAC address \"xx:xx:xx:xx:xx:xx\"");
	if (mac)
		dev->mac = dtp_xstrdup(json_string_value(mac));
	json_t *sv, *cv;
	size_t k;
	if (sa && json_array_size(sa))
		dev->sids = dtp_xcalloc(json_array_size(sa), sizeof(*dev->sids));
	json_array_foreach(sa, k, sv) {
		const char *t = json_string_value(sv);
		char *end;
		unsigned long v = t ? strtoul(t, &end, 0) : 0;
		if (!t || *end || v > 0xffff)
			return place_bad(diag, pl, "invalid stream ID");
		dev->sids[dev->n_sids++] = (uint32_t)v;
	}
	const char *ck;
	json_object_foreach(co, ck, cv) {
		if (!json_is_integer(cv) || json_integer_value(cv) <= 0)
			return place_bad(diag, pl, "invalid clock override \"%s\"", ck);
		dtp_plan_set_clock(dev, ck, (uint64_t)json_integer_value(cv));
	}
	return 0;
}

static int load_domain(json_t *jd, size_t index, struct dtp_plan *plan, struct place *pl,
		       struct dtp_diag *diag)
{
	snprintf(pl->at, sizeof(pl->at), "domains[%zu]", index);
	if (!json_is_object(jd))
		return place_bad(diag, pl, "a domain must be an object");
	json_t *jid = json_object_get(jd, "id");
	if (!json_is_integer(jid) || json_integer_value(jid) < 1 || json_integer_value(jid) > 32767)
		return place_bad(diag, pl, "a domain has no valid \"id\" (1..32767)");
	unsigned id = (unsigned)json_integer_value(jid);
	snprintf(pl->at, sizeof(pl->at), "domains[%zu] (id %u)", index, id);
	int rc = only_known_fields(jd, domain_fields, pl, diag);
	if (!rc)
		rc = opt_string(jd, "name", pl, diag);
	if (rc)
		return rc;
	if (dtp_plan_domain(plan, id, 0))
		return place_bad(diag, pl, "domain id %u appears twice", id);
	/* No "mode": a plan written before dom0less support, an xl domain. */
	json_t *jmode = json_object_get(jd, "mode");
	const char *mode = json_string_value(jmode);
	enum dtp_domain_mode m = DTP_MODE_XL;
	if (jmode && (!mode || (strcmp(mode, "xl") && strcmp(mode, "dom0less"))))
		return place_bad(diag, pl, "\"mode\" must be \"xl\" or \"dom0less\"%s%s%s",
				 mode ? ", not \"" : "", mode ? mode : "", mode ? "\"" : "");
	if (mode && strcmp(mode, "dom0less") == 0)
		m = DTP_MODE_DOM0LESS;
	json_t *b = json_object_get(jd, "dom0less");
	if (m == DTP_MODE_DOM0LESS && !json_is_object(b))
		return place_bad(diag, pl, "a dom0less domain needs its \"dom0less\" boot parameters");
	if (m != DTP_MODE_DOM0LESS && b)
		return place_bad(diag, pl, "\"dom0less\" boot parameters on an xl domain");
	json_t *xmem = json_object_get(jd, "memory_kib");
	if (xmem && (m == DTP_MODE_DOM0LESS || !json_is_integer(xmem) || json_integer_value(xmem) < 1))
		return place_bad(diag, pl, "\"memory_kib\" belongs to an xl domain and must be a positive integer");
	json_t *devs = json_object_get(jd, "devices");
	if (!json_is_array(devs))
		return place_bad(diag, pl, "\"devices\" must be an array");
	struct dtp_plan_domain *d = dtp_plan_domain(plan, id, 1);
	d->name = dup_json_str(json_object_get(jd, "name"));
	d->mode = m;
	if (xmem)
		d->boot.memory_kib = (uint64_t)json_integer_value(xmem);
	if (b) {
		snprintf(pl->at, sizeof(pl->at), "domains[%zu] (id %u).dom0less", index, id);
		rc = load_boot(b, d, pl, diag);
		if (rc)
			return rc;
	}
	json_t *jv;
	size_t j;
	json_array_foreach(devs, j, jv) {
		snprintf(pl->at, sizeof(pl->at), "domains[%zu] (id %u).devices[%zu]", index, id, j);
		rc = load_device(jv, plan, d, pl, diag);
		if (rc)
			return rc;
	}
	return 0;
}

int dtp_plan_load(const char *path, struct dtp_plan *plan, struct dtp_diag *diag)
{
	memset(plan, 0, sizeof(*plan));
	if (access(path, F_OK) != 0)
		return 0;
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return dtp_fail(diag, DTP_ESTATE, "%s:%d:%d: %s; remove the output directory to start over",
				path, jerr.line, jerr.column, jerr.text);
	struct place pl = { path, "" };
	int rc = 0;
	json_t *fmt = json_object_get(root, "format"), *gen = json_object_get(root, "generator");
	if (!json_is_object(root))
		rc = state_bad(diag, path, "not a JSON object");
	else if (!json_is_integer(fmt) || json_integer_value(fmt) != PLAN_FORMAT)
		rc = state_bad(diag, path, "unknown state format (want \"format\": 1)");
	else if (gen && (!json_is_string(gen) || strcmp(json_string_value(gen), "dtpart")))
		rc = state_bad(diag, path, "\"generator\" is not \"dtpart\"");
	if (!rc)
		rc = only_known_fields(root, root_fields, &pl, diag);
	for (size_t k = 0; !rc && k < sizeof(root_strings) / sizeof(root_strings[0]); k++)
		rc = opt_string(root, root_strings[k], &pl, diag);
	json_t *doms = json_object_get(root, "domains"), *jd;
	if (!rc && !json_is_array(doms))
		rc = state_bad(diag, path, "\"domains\" is not an array");
	if (rc)
		goto out;
	plan->host_source = dup_json_str(json_object_get(root, "host_source"));
	plan->board = dup_json_str(json_object_get(root, "board"));
	plan->dtb_dir = dup_json_str(json_object_get(root, "dtb_dir"));
	json_t *xen = json_object_get(root, "xen");
	if (json_is_string(xen)) {
		plan->xen = hv_xen_parse(json_string_value(xen));
		if (!hv_xen_supported(plan->xen)) {
			rc = place_bad(diag, &pl, "\"xen\" is \"%s\", not a Xen version dtpart models (4.16 to 4.22)",
				       json_string_value(xen));
			goto out;
		}
	}
	json_t *hb = json_object_get(root, "host_boot");
	if (hb) {
		struct place hp = { path, "host_boot" };
		if (!json_is_object(hb))
			rc = place_bad(diag, &hp, "must be an object");
		if (!rc)
			rc = only_known_fields(hb, host_boot_fields, &hp, diag);
		for (int k = 1; !rc && host_boot_fields[k]; k++)
			rc = strcmp(host_boot_fields[k], "imagebuilder") && strcmp(host_boot_fields[k], "no_dom0")
				     ? opt_string(hb, host_boot_fields[k], &hp, diag)
				     : opt_bool(hb, host_boot_fields[k], &hp, diag);
		/* Either dom0 boots from its kernel or there is no dom0. */
		int no_dom0 = json_is_true(json_object_get(hb, "no_dom0"));
		if (!rc && (!json_is_string(json_object_get(hb, "kernel"))) != no_dom0)
			rc = place_bad(diag, &hp, no_dom0 ? "\"kernel\" must be null with \"no_dom0\": true"
						     : "\"kernel\" must be dom0's kernel path");
		if (rc)
			goto out;
		plan->host_boot.kernel = dup_json_str(json_object_get(hb, "kernel"));
		plan->host_boot.ramdisk = dup_json_str(json_object_get(hb, "ramdisk"));
		plan->host_boot.dom0_mem = dup_json_str(json_object_get(hb, "dom0_mem"));
		plan->host_boot.xen_bootargs = dup_json_str(json_object_get(hb, "xen_bootargs"));
		plan->host_boot.dom0_bootargs = dup_json_str(json_object_get(hb, "dom0_bootargs"));
		plan->host_boot.xen_image = dup_json_str(json_object_get(hb, "xen_image"));
		plan->host_boot.boot_dir = dup_json_str(json_object_get(hb, "boot_dir"));
		plan->host_boot.boot_load = dup_json_str(json_object_get(hb, "boot_load"));
		plan->host_boot.imagebuilder = json_is_true(json_object_get(hb, "imagebuilder"));
		plan->host_boot.no_dom0 = no_dom0;
		const char *lb = json_string_value(json_object_get(hb, "load_base"));
		if (lb) {
			char *end;
			errno = 0;
			plan->host_boot.load_base = strtoull(lb, &end, 0);
			if (errno || *end || (plan->host_boot.load_base & 0xfff)) {
				rc = place_bad(diag, &hp, "\"load_base\" must be a page-aligned address");
				goto out;
			}
		}
	}
	size_t i;
	json_array_foreach(doms, i, jd) {
		rc = load_domain(jd, i, plan, &pl, diag);
		if (rc)
			goto out;
	}
out:
	json_decref(root);
	if (rc)
		dtp_plan_free(plan);
	return rc;
}
