/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dtswrite.h"
#include "diag.h"
#include "prefault.h"
#include "xalloc.h"

#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Properties whose cells dtc's checks walk as phandle + arguments, the
 * argument count read from the target's #...-cells (dtc 1.6.1's
 * WARNING_PROPERTY_PHANDLE_CELLS list, and *-gpios by name). dtc warns for
 * each phandle position that is a number in the source, so these are the
 * cells written as references. */
struct provider {
	const char *prop;
	const char *cells;
	int optional;       /* a target without the #...-cells has 0 arguments */
};

static const struct provider providers[] = {
	{ "clocks", "#clock-cells", 0 },
	{ "cooling-device", "#cooling-cells", 0 },
	{ "dmas", "#dma-cells", 0 },
	{ "hwlocks", "#hwlock-cells", 0 },
	{ "interrupts-extended", "#interrupt-cells", 0 },
	{ "io-channels", "#io-channel-cells", 0 },
	{ "iommus", "#iommu-cells", 0 },
	{ "mboxes", "#mbox-cells", 0 },
	{ "msi-parent", "#msi-cells", 1 },
	{ "mux-controls", "#mux-control-cells", 0 },
	{ "phys", "#phy-cells", 0 },
	{ "power-domains", "#power-domain-cells", 0 },
	{ "pwms", "#pwm-cells", 0 },
	{ "resets", "#reset-cells", 0 },
	{ "sound-dai", "#sound-dai-cells", 0 },
	{ "thermal-sensors", "#thermal-sensor-cells", 0 },
};
#define N_PROVIDERS ((int)(sizeof(providers) / sizeof(providers[0])))
static const struct provider gpio_provider = { "gpios", "#gpio-cells", 0 };

/* Which #...-cells a provider reads, as a number: its index in providers[],
 * N_PROVIDERS for the gpios. */
static int provider_key(const struct provider *p)
{
	return p == &gpio_provider ? N_PROVIDERS : (int)(p - providers);
}

/* The key of a #...-cells name a reference reads, -1 for the others
 * (#address-cells, #size-cells, ...). */
static int cells_key(const char *name)
{
	for (int i = 0; i < N_PROVIDERS; i++)
		if (strcmp(name, providers[i].cells) == 0)
			return i;
	return strcmp(name, gpio_provider.cells) == 0 ? N_PROVIDERS : -1;
}

/* What a property name means to the writer. */
enum prop_class {
	CL_OTHER = 0,
	CL_PHANDLE,         /* phandle, linux,phandle */
	CL_CELLS,           /* #...-cells */
	CL_GPIO_HOG,        /* gpio-hog: dtc skips the node's gpios */
	CL_IPARENT,         /* interrupt-parent: one phandle */
	CL_GPIO,            /* *-gpios, *-gpio, gpios, gpio */
	CL_PROVIDER,        /* + index into providers[] */
};

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int classify(const char *name)
{
	size_t n = strlen(name);
	if (strcmp(name, "phandle") == 0 || strcmp(name, "linux,phandle") == 0)
		return CL_PHANDLE;
	if (name[0] == '#' && ends_with(name, n, "-cells"))
		return CL_CELLS;
	if (strcmp(name, "gpio-hog") == 0)
		return CL_GPIO_HOG;
	if (strcmp(name, "interrupt-parent") == 0)
		return CL_IPARENT;
	/* dtc's prop_is_gpio, with its one known false match. */
	if (!ends_with(name, n, ",nr-gpios") &&
	    (ends_with(name, n, "-gpios") || ends_with(name, n, "-gpio") ||
	     strcmp(name, "gpios") == 0 || strcmp(name, "gpio") == 0))
		return CL_GPIO;
	for (int i = 0; i < N_PROVIDERS; i++)
		if (strcmp(name, providers[i].prop) == 0)
			return CL_PROVIDER + i;
	return CL_OTHER;
}

/* Blobs share one copy of each property name in the strings block, so a
 * name's string and class are looked up by its offset: a few distinct
 * names, millions of properties. */
#define CLASS_CACHE 512
struct class_cache {
	int nameoff[CLASS_CACHE];
	int cls[CLASS_CACHE];
	int key[CLASS_CACHE];       /* cells_key for CL_CELLS */
	const char *name[CLASS_CACHE];
	size_t len[CLASS_CACHE];
};

/* The class of the property at off (a FDT_PROP tag fdt_next_tag
 * returned), its name in *name, for #...-cells its cells_key in *key; -1
 * when the name lies outside the blob. */
static int class_at(struct class_cache *cc, const void *fdt, int off, const char **name,
		    size_t *name_len, int *key, const struct fdt_property **prop)
{
	/* fdt_next_tag has checked that the property lies inside the blob. */
	const struct fdt_property *fp =
		(const struct fdt_property *)(const void *)((const char *)fdt + fdt_off_dt_struct(fdt) + off);
	int nameoff = (int)fdt32_ld(&fp->nameoff);
	unsigned slot = (unsigned)nameoff % CLASS_CACHE;
	if (cc->nameoff[slot] != nameoff || !cc->name[slot]) {
		const char *n = fdt_string(fdt, nameoff);
		if (!n)
			return -1;
		cc->nameoff[slot] = nameoff;
		cc->name[slot] = n;
		cc->len[slot] = strlen(n);
		cc->cls[slot] = classify(n);
		cc->key[slot] = cc->cls[slot] == CL_CELLS ? cells_key(n) : -1;
	}
	*key = cc->key[slot];
	*name = cc->name[slot];
	*name_len = cc->len[slot];
	*prop = fp;
	return cc->cls[slot];
}

/* A node that carries a phandle, as a reference target. */
struct target {
	uint32_t phandle;
	int path;           /* offset into paths; -1 when &{...} cannot spell it */
	int path_len;
	int seq;            /* the node's number in walk order */
	int first_cells;    /* its first entry in cells[] (entries of seq follow) */
};

struct cells_prop {
	int seq;
	int key;            /* cells_key of its name */
	uint32_t value;
};

struct text {
	char *p;
	size_t len, cap;
};

/* A property written at the end, once every node is known: one whose
 * phandles point forward, at its own node (whose #...-cells may follow), or
 * a *-gpios (whose node may turn out to be a gpio-hog). */
struct deferred {
	size_t pos;         /* where its line goes in the text */
	int depth, seq, cls, len;
	const char *name;
	size_t name_len;
	const unsigned char *value;
};

/* Per depth of the walk: the path's length, whether &{} can spell it, and
 * where the node's #...-cells start in cells[]. */
struct level {
	int plen, path_ok, cells_first;
};

struct slot {
	uint32_t phandle;
	int target;         /* index + 1; 0: empty */
};

struct writer {
	const void *fdt;
	struct text out;
	struct target *t;
	int n, cap;
	int *dense;         /* phandle -> index + 1 for phandles below DENSE_MAX */
	int cap_dense;
	struct slot *slots; /* the other phandles: a hash, at most half full */
	size_t n_slots;
	struct cells_prop *cells;
	int n_cells, cap_cells;
	int *hogs;          /* seq of nodes with gpio-hog, ascending */
	int n_hogs, cap_hogs;
	struct deferred *def;
	int n_def, cap_def;
	struct level *lv;
	int cap_lv;
	struct text path;   /* the current node's path ("" for the root) */
	struct text paths;  /* the targets' paths, NUL-terminated */
	struct class_cache cc;
	dtp_dts_sink sink;  /* NULL: the whole text stays in out */
	void *sink_ctx;
	int sink_errno;
};

/* Above this, the text written so far goes to the sink (at a node's end,
 * while no property waits to be placed). */
#define DTS_CHUNK ((size_t)1 << 20)

/* Hands out's text to the sink and empties out; -DTP_EWRITE when the sink
 * fails (its errno kept for the caller). */
static int flush(struct writer *w)
{
	if (!w->out.len)
		return 0;
	if (w->sink(w->sink_ctx, w->out.p, w->out.len)) {
		w->sink_errno = errno;
		return -DTP_EWRITE;
	}
	w->out.len = 0;
	return 0;
}

static void grow(void *arr, int *cap, int need, size_t elem)
{
	if (need <= *cap)
		return;
	int c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*(void **)arr = dtp_xrealloc(*(void **)arr, (size_t)c * elem);
	*cap = c;
}

static char *grow_text(struct text *t, size_t n)
{
	size_t c = t->cap ? t->cap : 4096;
	while (c < t->len + n)
		c *= 2;
	t->p = dtp_xrealloc(t->p, c);
	t->cap = c;
	return t->p + t->len;
}

/* Room for n more bytes: the write position. */
static inline char *room(struct text *t, size_t n)
{
	return t->len + n <= t->cap ? t->p + t->len : grow_text(t, n);
}

static void append(struct text *t, const char *s, size_t n)
{
	memcpy(room(t, n), s, n);
	t->len += n;
}

static uint32_t hash_u32(uint32_t v)
{
	v ^= v >> 16;
	v *= 0x7feb352dU;
	v ^= v >> 15;
	v *= 0x846ca68bU;
	v ^= v >> 16;
	return v;
}

/* dtc numbers phandles from 1 up, so most trees' phandles index an array
 * directly; the hash takes the rest. */
#define DENSE_MAX (1 << 20)

static const struct target *target_of(const struct writer *w, uint32_t phandle)
{
	if (phandle < DENSE_MAX)
		return (int)phandle < w->cap_dense && w->dense[phandle] ? &w->t[w->dense[phandle] - 1] : NULL;
	if (!w->n_slots)
		return NULL;
	size_t mask = w->n_slots - 1;
	for (size_t s = hash_u32(phandle) & mask;; s = (s + 1) & mask) {
		if (!w->slots[s].target)
			return NULL;
		if (w->slots[s].phandle == phandle)
			return &w->t[w->slots[s].target - 1];
	}
}

/* The first node with a phandle keeps it (dtc refuses duplicates anyway). */
static void hash_insert(struct slot *slots, size_t n_slots, uint32_t phandle, int target)
{
	size_t s = hash_u32(phandle) & (n_slots - 1);
	while (slots[s].target && slots[s].phandle != phandle)
		s = (s + 1) & (n_slots - 1);
	if (!slots[s].target)
		slots[s] = (struct slot){ phandle, target };
}

/* Adds the last target to the hash. */
static void index_target(struct writer *w)
{
	uint32_t ph = w->t[w->n - 1].phandle;
	if (ph < DENSE_MAX) {
		if ((int)ph >= w->cap_dense) {
			int old = w->cap_dense;
			grow(&w->dense, &w->cap_dense, (int)ph + 1, sizeof(int));
			memset(w->dense + old, 0, (size_t)(w->cap_dense - old) * sizeof(int));
		}
		if (!w->dense[ph])
			w->dense[ph] = w->n;
		return;
	}
	if ((size_t)w->n * 2 > w->n_slots) {
		size_t n = w->n_slots ? w->n_slots * 2 : 64;
		struct slot *slots = dtp_xcalloc(n, sizeof(*slots));
		for (size_t s = 0; s < w->n_slots; s++)
			if (w->slots[s].target)
				hash_insert(slots, n, w->slots[s].phandle, w->slots[s].target);
		free(w->slots);
		w->slots = slots;
		w->n_slots = n;
	}
	hash_insert(w->slots, w->n_slots, ph, w->n);
}

/* The target's #...-cells of that key; -1 when it has none. */
static int64_t target_cells(const struct writer *w, const struct target *t, int key)
{
	for (int k = t->first_cells; k < w->n_cells && w->cells[k].seq == t->seq; k++)
		if (w->cells[k].key == key)
			return w->cells[k].value;
	return -1;
}

/* Characters dtc's lexer takes inside &{...}. */
static int path_char_ok(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
		return 1;
	switch (c) {
	case ',': case '.': case '_': case '+': case '*': case '#': case '?': case '@': case '-': case '/':
		return 1;
	default:
		return 0;
	}
}

static const char *node_name_at(const void *fdt, int off)
{
	return (const char *)fdt + fdt_off_dt_struct(fdt) + off + FDT_TAGSIZE;
}

static const char hexdigits[] = "0123456789abcdef";
static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

static char *indent(char *o, int depth)
{
	if (depth < (int)sizeof(tabs))
		memcpy(o, tabs, (size_t)depth);
	else
		memset(o, '\t', (size_t)depth);
	return o + depth;
}

/* "0x%02x" without printf. */
static char *put_cell(char *w, uint32_t v)
{
	int digits = v >> 8 ? (35 - __builtin_clz(v)) / 4 : 2;
	*w++ = '0';
	*w++ = 'x';
	for (int i = digits - 1; i >= 0; i--)
		*w++ = hexdigits[(v >> (4 * i)) & 0xf];
	return w;
}

static int is_printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* The escape letter of a control character dtc writes as one, else 0. */
static char escape_letter(unsigned char c)
{
	switch (c) {
	case '\a': return 'a';
	case '\b': return 'b';
	case '\t': return 't';
	case '\n': return 'n';
	case '\v': return 'v';
	case '\f': return 'f';
	case '\r': return 'r';
	default: return 0;
	}
}

enum dtp_dts_form dtp_dts_form_of(const void *value, int len)
{
	const unsigned char *p = value;
	if (len <= 0)
		return DTP_DTS_EMPTY;
	int nnul = 0, strings = p[len - 1] == '\0';
	for (int i = 0; i < len && strings; i++) {
		if (!p[i])
			nnul++;
		else if (!is_printable(p[i]) && !escape_letter(p[i]))
			strings = 0;
	}
	if (strings && nnul <= len - nnul)
		return DTP_DTS_STRINGS;
	return len % 4 == 0 ? DTP_DTS_CELLS : DTP_DTS_BYTES;
}

static char *put_strings(char *w, const unsigned char *p, int len)
{
	*w++ = '"';
	for (int i = 0; i < len - 1; i++) {
		unsigned char c = p[i];
		char e;
		if (!c) {
			memcpy(w, "\", \"", 4);
			w += 4;
		} else if (c == '"' || c == '\\') {
			*w++ = '\\';
			*w++ = (char)c;
		} else if ((e = escape_letter(c))) {
			*w++ = '\\';
			*w++ = e;
		} else {
			*w++ = (char)c;
		}
	}
	*w++ = '"';
	return w;
}

static char *put_bytes(char *w, const unsigned char *p, int len)
{
	*w++ = '[';
	for (int i = 0; i < len; i++) {
		if (i)
			*w++ = ' ';
		*w++ = hexdigits[p[i] >> 4];
		*w++ = hexdigits[p[i] & 0xf];
	}
	*w++ = ']';
	return w;
}

/* dtc's walk over a phandle + arguments property: from the cell at i (a
 * phandle position), the next phandle position; -1 when the walk ends.
 * *t is the target, NULL for a 0 or -1 entry or an unknown phandle. */
static int64_t next_phandle_at(const struct writer *w, int64_t i, uint32_t v,
			       const struct provider *provider, const struct target **t)
{
	*t = NULL;
	if (v == 0 || v == 0xffffffffU)
		return i + 1;   /* a skipped entry */
	if (!(*t = target_of(w, v)) || !provider)
		return -1;
	int64_t args = target_cells(w, *t, provider_key(provider));
	if (args < 0 && provider->optional)
		args = 0;
	return args < 0 ? -1 : i + args + 1;
}

/* 1 when every phandle position of the value names a node whose
 * properties are all known (not the node being written). */
static int refs_known(const struct writer *w, const unsigned char *p, int len,
		      const struct provider *provider, int cur_seq)
{
	int64_t n = len / 4;
	for (int64_t i = 0; i >= 0 && i < n;) {
		const struct target *t;
		uint32_t v = fdt32_ld((const fdt32_t *)(const void *)(p + 4 * i));
		int64_t next = next_phandle_at(w, i, v, provider, &t);
		if (v != 0 && v != 0xffffffffU && (!t || t->seq == cur_seq))
			return 0;
		i = next;
	}
	return 1;
}

/* <cells>, with references where dtc expects phandles: provider is the
 * property's phandle + arguments layout (NULL for interrupt-parent's one
 * phandle when single, else for none). */
static void put_cells(struct text *out, const struct writer *w, const unsigned char *p, int len,
		      const struct provider *provider, int single)
{
	int n = len / 4;
	int64_t next_ph = provider || single ? 0 : -1;
	char *o = room(out, (size_t)n * 11 + 2);
	*o++ = '<';
	for (int i = 0; i < n; i++) {
		uint32_t v = fdt32_ld((const fdt32_t *)(const void *)(p + 4 * i));
		const struct target *t = NULL;
		if (i == next_ph)
			next_ph = next_phandle_at(w, i, v, provider, &t);
		if (i)
			*o++ = ' ';
		if (t && t->path >= 0) {
			const char *path = w->paths.p + t->path;
			size_t pl = (size_t)t->path_len;
			out->len = (size_t)(o - out->p);
			o = room(out, pl + 3 + (size_t)(n - i) * 11 + 2);
			*o++ = '&';
			*o++ = '{';
			memcpy(o, path, pl);
			o += pl;
			*o++ = '}';
		} else {
			o = put_cell(o, v);
		}
	}
	*o++ = '>';
	out->len = (size_t)(o - out->p);
}

static const struct provider *provider_of(int cls, int hog)
{
	if (cls >= CL_PROVIDER)
		return &providers[cls - CL_PROVIDER];
	if (cls == CL_GPIO && !hog)
		return &gpio_provider;
	return NULL;
}

/* One property's line; len is not negative. */
static void put_prop(struct text *out, const struct writer *w, int depth, const char *name,
		     size_t nl, const unsigned char *v, int len, int cls, int hog)
{
	/* Worst case: 4 bytes of text per value byte (escapes, separators). */
	char *o = room(out, (size_t)depth + nl + 4 * (size_t)len + 8);
	o = indent(o, depth);
	memcpy(o, name, nl);
	o += nl;
	const struct provider *provider = provider_of(cls, hog);
	int single = cls == CL_IPARENT && len == 4;
	enum dtp_dts_form form = (provider || single) && len > 0 && len % 4 == 0
		? DTP_DTS_CELLS : dtp_dts_form_of(v, len);
	if (form == DTP_DTS_EMPTY) {
		*o++ = ';';
		*o++ = '\n';
		out->len = (size_t)(o - out->p);
		return;
	}
	memcpy(o, " = ", 3);
	o += 3;
	if (form == DTP_DTS_STRINGS) {
		o = put_strings(o, v, len);
	} else if (form == DTP_DTS_BYTES) {
		o = put_bytes(o, v, len);
	} else {
		out->len = (size_t)(o - out->p);
		put_cells(out, w, v, len, provider, single);
		o = room(out, 2);
	}
	*o++ = ';';
	*o++ = '\n';
	out->len = (size_t)(o - out->p);
}

static int is_hog(const struct writer *w, int *hog_at, int seq)
{
	while (*hog_at < w->n_hogs && w->hogs[*hog_at] < seq)
		(*hog_at)++;
	return *hog_at < w->n_hogs && w->hogs[*hog_at] == seq;
}

/* Remembers what the node's later properties and other nodes' references
 * need: its phandle and path, the #...-cells a reference reads (key: which
 * one, -1 for others), gpio-hog. */
static void note_prop(struct writer *w, int depth, int seq, int cls, int key,
		      const unsigned char *v, int len)
{
	if (cls == CL_PHANDLE && len == 4) {
		grow(&w->t, &w->cap, w->n + 1, sizeof(*w->t));
		struct target *t = &w->t[w->n++];
		t->phandle = fdt32_ld((const fdt32_t *)(const void *)v);
		t->seq = seq;
		t->first_cells = w->lv[depth].cells_first;
		t->path = -1;
		if (w->lv[depth].path_ok) {
			t->path = (int)w->paths.len;
			t->path_len = w->path.len ? (int)w->path.len : 1;
			if (w->path.len)
				append(&w->paths, w->path.p, w->path.len);
			else
				append(&w->paths, "/", 1);
			append(&w->paths, "", 1);
		}
		index_target(w);
	} else if (cls == CL_CELLS && key >= 0 && len == 4) {
		grow(&w->cells, &w->cap_cells, w->n_cells + 1, sizeof(*w->cells));
		w->cells[w->n_cells++] = (struct cells_prop){
			seq, key, fdt32_ld((const fdt32_t *)(const void *)v) };
	} else if (cls == CL_GPIO_HOG) {
		grow(&w->hogs, &w->cap_hogs, w->n_hogs + 1, sizeof(int));
		if (!w->n_hogs || w->hogs[w->n_hogs - 1] != seq)
			w->hogs[w->n_hogs++] = seq;
	}
}

/* The node's path, whether &{} can spell it, and where its #...-cells
 * start: what later references to it read. depth is not negative. */
static void note_node(struct writer *w, int depth, const char *name, size_t nl)
{
	grow(&w->lv, &w->cap_lv, depth + 1, sizeof(*w->lv));
	int ok = depth == 0 || w->lv[depth - 1].path_ok;
	for (size_t i = 0; i < nl && ok; i++)
		ok = path_char_ok((unsigned char)name[i]);
	w->lv[depth].path_ok = ok;
	w->lv[depth].cells_first = w->n_cells;
	if (depth > 0) {
		w->path.len = (size_t)w->lv[depth - 1].plen;
		append(&w->path, "/", 1);
		append(&w->path, name, nl);
	}
	w->lv[depth].plen = (int)w->path.len;
}

/* depth is not negative; notes: note_node; text: write the node's line. */
static void begin_node(struct writer *w, int depth, const char *name, int notes, int text)
{
	size_t nl = strlen(name);
	if (notes)
		note_node(w, depth, name, nl);
	if (!text)
		return;
	char *o = room(&w->out, (size_t)depth + nl + 8);
	if (depth > 0)
		*o++ = '\n';
	o = indent(o, depth);
	if (depth == 0) {
		*o++ = '/';
	} else {
		memcpy(o, name, nl);
		o += nl;
	}
	memcpy(o, " {\n", 3);
	w->out.len = (size_t)(o + 3 - w->out.p);
}

/* depth is not negative. */
static void end_node(struct writer *w, int depth)
{
	char *o = room(&w->out, (size_t)depth + 4);
	memcpy(indent(o, depth), "};\n", 3);
	w->out.len += (size_t)depth + 3;
}

static int header(struct writer *w)
{
	append(&w->out, "/dts-v1/;\n\n", 11);
	int n_rsv = fdt_num_mem_rsv(w->fdt);
	for (int i = 0; i < n_rsv; i++) {
		uint64_t addr, size;
		if (fdt_get_mem_rsv(w->fdt, i, &addr, &size))
			return -DTP_EBADTREE;
		char *o = room(&w->out, 64);
		memcpy(o, "/memreserve/ 0x", 15);
		o += 15;
		for (int k = 15; k >= 0; k--)
			*o++ = hexdigits[(addr >> (4 * k)) & 0xf];
		memcpy(o, " 0x", 3);
		o += 3;
		for (int k = 15; k >= 0; k--)
			*o++ = hexdigits[(size >> (4 * k)) & 0xf];
		memcpy(o, ";\n", 2);
		w->out.len = (size_t)(o + 2 - w->out.p);
	}
	if (n_rsv)
		append(&w->out, "\n", 1);
	return 0;
}

/* How a walk goes. */
enum pass {
	PASS_ONE,           /* notes and text together; deferred properties
			     * leave their place empty (place_deferred) */
	PASS_NOTES,         /* notes only: every target, #...-cells, gpio-hog */
	PASS_TEXT,          /* text only, every note known: nothing deferred,
			     * so the text may go to the sink as it comes */
};

/* A walk over the tags: nodes and properties written as they come. */
static int walk(struct writer *w, enum pass pass)
{
	int rc = pass == PASS_NOTES ? 0 : header(w);
	if (rc)
		return rc;
	int depth = -1, seq = -1, hog_at = 0;
	for (int off = 0, next;; off = next) {
		uint32_t tag = fdt_next_tag(w->fdt, off, &next);
		if (next < 0)
			return -DTP_EBADTREE;
		if (tag == FDT_END)
			return depth == -1 ? 0 : -DTP_EBADTREE;
		if (tag == FDT_BEGIN_NODE) {
			depth++;
			seq++;
			begin_node(w, depth, node_name_at(w->fdt, off), pass != PASS_TEXT, pass != PASS_NOTES);
		} else if (tag == FDT_END_NODE) {
			if (depth < 0)
				return -DTP_EBADTREE;
			if (pass != PASS_NOTES)
				end_node(w, depth);
			depth--;
			if (pass == PASS_TEXT && w->out.len >= DTS_CHUNK && (rc = flush(w)))
				return rc;
		} else if (tag == FDT_PROP) {
			const char *name;
			size_t nl;
			const struct fdt_property *fp;
			int key;
			int cls = class_at(&w->cc, w->fdt, off, &name, &nl, &key, &fp);
			if (cls < 0 || depth < 0)
				return -DTP_EBADTREE;
			const unsigned char *v = (const unsigned char *)fp->data;
			int len = (int)fdt32_ld(&fp->len);
			if (len < 0)
				return -DTP_EBADTREE;
			if (pass != PASS_TEXT)
				note_prop(w, depth, seq, cls, key, v, len);
			if (pass == PASS_NOTES)
				continue;
			if (pass == PASS_TEXT) {
				put_prop(&w->out, w, depth + 1, name, nl, v, len, cls,
					 cls == CL_GPIO && is_hog(w, &hog_at, seq));
				continue;
			}
			const struct provider *provider = provider_of(cls, 0);
			int later = cls == CL_GPIO ||
				    (provider && !refs_known(w, v, len, provider, seq)) ||
				    (cls == CL_IPARENT && len == 4 &&
				     !target_of(w, fdt32_ld((const fdt32_t *)(const void *)v)));
			if (later) {
				grow(&w->def, &w->cap_def, w->n_def + 1, sizeof(*w->def));
				w->def[w->n_def++] = (struct deferred){ w->out.len, depth + 1, seq, cls, len,
									name, nl, v };
			} else {
				put_prop(&w->out, w, depth + 1, name, nl, v, len, cls, 0);
			}
		}
	}
}

/* The deferred properties, now that every node is known, put in their
 * places: each part of the text moves once, from the end. */
static void place_deferred(struct writer *w)
{
	if (!w->n_def)
		return;
	struct text side = { NULL, 0, 0 };
	size_t *end = dtp_xmalloc((size_t)w->n_def * sizeof(size_t));
	int hog_at = 0;
	for (int i = 0; i < w->n_def; i++) {
		const struct deferred *d = &w->def[i];
		put_prop(&side, w, d->depth, d->name, d->name_len, d->value, d->len, d->cls,
			 is_hog(w, &hog_at, d->seq));
		end[i] = side.len;
	}
	size_t old = w->out.len;
	room(&w->out, side.len);
	size_t tail = old;
	for (int i = w->n_def - 1; i >= 0; i--) {
		size_t start = i ? end[i - 1] : 0;
		size_t shift = end[i];   /* the deferred lines up to this one */
		char *base = w->out.p;
		memmove(base + w->def[i].pos + shift, base + w->def[i].pos, tail - w->def[i].pos);
		memcpy(base + w->def[i].pos + start, side.p + start, end[i] - start);
		tail = w->def[i].pos;
	}
	w->out.len = old + side.len;
	free(side.p);
	free(end);
}

/* The text into w->out, or through w->sink when there is one. */
static int run(struct writer *w, const void *fdt)
{
	w->fdt = fdt;
	for (int i = 0; i < CLASS_CACHE; i++)
		w->cc.nameoff[i] = -1;
	/* The text is 1.3 to 1.7 times the blob: its pages mapped in at once
	 * (a sink's chunks reuse the same pages). */
	size_t guess = w->sink ? 2 * DTS_CHUNK : fdt_totalsize(fdt) / 4 * 7 + 4096;
	room(&w->out, guess);
	dtp_prefault(w->out.p, guess);
	/* With a sink, one more walk first: every reference is then known
	 * when its property is written, and the text needs no later moves.
	 * The text is the same either way (a deferred property goes to the
	 * place it left, written with what the end of the walk knows). */
	int rc = walk(w, w->sink ? PASS_NOTES : PASS_ONE);
	if (!rc && w->sink)
		rc = walk(w, PASS_TEXT);
	if (!rc && w->sink)
		rc = flush(w);
	if (!rc && !w->sink) {
		place_deferred(w);
		append(&w->out, "", 1);
	}
	free(w->t);
	free(w->slots);
	free(w->dense);
	free(w->cells);
	free(w->hogs);
	free(w->def);
	free(w->lv);
	free(w->path.p);
	free(w->paths.p);
	if (rc || w->sink) {
		free(w->out.p);
		w->out.p = NULL;
	}
	return rc;
}

int dtp_dts_write(const void *fdt, char **text, size_t *text_len)
{
	struct writer w;
	memset(&w, 0, sizeof(w));
	int rc = run(&w, fdt);
	if (rc)
		return rc;
	*text = w.out.p;
	*text_len = w.out.len - 1;
	return 0;
}

int dtp_dts_stream(const void *fdt, dtp_dts_sink sink, void *ctx)
{
	struct writer w;
	memset(&w, 0, sizeof(w));
	w.sink = sink;
	w.sink_ctx = ctx;
	int rc = run(&w, fdt);
	if (rc == -DTP_EWRITE)
		errno = w.sink_errno;
	return rc;
}
