#include "dtswrite.h"
#include "diag.h"

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

/* Blobs share one copy of each property name in the strings block, so the
 * class is looked up by the name's offset: a few distinct names, millions
 * of properties. */
#define CLASS_CACHE 512
struct class_cache {
	int nameoff[CLASS_CACHE];
	int cls[CLASS_CACHE];
};

static int class_of(struct class_cache *cc, int nameoff, const char *name)
{
	unsigned slot = (unsigned)nameoff % CLASS_CACHE;
	if (cc->nameoff[slot] != nameoff) {
		cc->nameoff[slot] = nameoff;
		cc->cls[slot] = classify(name);
	}
	return cc->cls[slot];
}

/* A node that carries a phandle, as a reference target. */
struct target {
	uint32_t phandle;
	int path;           /* offset into paths; -1 when &{...} cannot spell it */
	int seq;            /* the node's number in walk order */
	int first_cells;    /* its first entry in cells[] (entries of seq follow) */
};

struct cells_prop {
	int seq;
	const char *name;
	uint32_t value;
};

struct text {
	char *p;
	size_t len, cap;
};

struct targets {
	struct target *t;
	int n, cap;
	struct cells_prop *cells;
	int n_cells, cap_cells;
	int *hogs;          /* seq of nodes with gpio-hog, ascending */
	int n_hogs, cap_hogs;
	struct text paths;
	int *slots;         /* phandle hash: slot -> index + 1, 0 empty */
	size_t n_slots;
};

static int grow(void *arr, int *cap, int need, size_t elem)
{
	if (need <= *cap)
		return 0;
	int c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = realloc(*(void **)arr, (size_t)c * elem);
	if (!p)
		return -1;
	*(void **)arr = p;
	*cap = c;
	return 0;
}

/* Room for n more bytes; the write position, or NULL when out of memory. */
static char *room(struct text *t, size_t n)
{
	if (t->len + n > t->cap) {
		size_t c = t->cap ? t->cap : 4096;
		while (c < t->len + n)
			c *= 2;
		char *p = realloc(t->p, c);
		if (!p)
			return NULL;
		t->p = p;
		t->cap = c;
	}
	return t->p + t->len;
}

static int append(struct text *t, const char *s, size_t n)
{
	char *w = room(t, n);
	if (!w)
		return -1;
	memcpy(w, s, n);
	t->len += n;
	return 0;
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

static const struct target *target_of(const struct targets *ts, uint32_t phandle)
{
	if (!ts->n_slots)
		return NULL;
	size_t mask = ts->n_slots - 1;
	for (size_t s = hash_u32(phandle) & mask;; s = (s + 1) & mask) {
		int v = ts->slots[s];
		if (!v)
			return NULL;
		if (ts->t[v - 1].phandle == phandle)
			return &ts->t[v - 1];
	}
}

static int index_targets(struct targets *ts)
{
	size_t n = 16;
	while (n < (size_t)ts->n * 2)
		n *= 2;
	ts->slots = calloc(n, sizeof(int));
	if (!ts->slots)
		return -1;
	ts->n_slots = n;
	for (int i = 0; i < ts->n; i++) {
		/* The first node with a phandle keeps it (dtc refuses duplicates). */
		if (target_of(ts, ts->t[i].phandle))
			continue;
		size_t s = hash_u32(ts->t[i].phandle) & (n - 1);
		while (ts->slots[s])
			s = (s + 1) & (n - 1);
		ts->slots[s] = i + 1;
	}
	return 0;
}

/* -1 when the target has no such #...-cells. */
static int64_t target_cells(const struct targets *ts, const struct target *t, const char *name)
{
	for (int k = t->first_cells; k < ts->n_cells && ts->cells[k].seq == t->seq; k++)
		if (strcmp(ts->cells[k].name, name) == 0)
			return ts->cells[k].value;
	return -1;
}

/* Characters dtc's lexer takes inside &{...}. */
static int path_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr(",._+*#?@-/", c) != NULL;
}

static const struct fdt_property *prop_at(const void *fdt, int off, const char **name)
{
	const struct fdt_property *fp = fdt_offset_ptr(fdt, off, sizeof(*fp));
	if (!fp)
		return NULL;
	*name = fdt_string(fdt, (int)fdt32_ld(&fp->nameoff));
	return *name ? fp : NULL;
}

static const char *node_name_at(const void *fdt, int off)
{
	return (const char *)fdt + fdt_off_dt_struct(fdt) + off + FDT_TAGSIZE;
}

/* Pass 1: every node with a phandle, its path and its #...-cells. */
static int find_targets(const void *fdt, struct targets *ts, struct class_cache *cc)
{
	/* Per depth of the walk: the path's length, whether &{} can spell
	 * it, and where the node's #...-cells start in ts->cells. */
	struct level {
		int plen, path_ok, cells_first;
	} *lv = NULL;
	struct text path = { NULL, 0, 0 };
	int cap_depth = 0;
	int depth = -1, seq = -1, rc = 0;
	for (int off = 0, next;; off = next) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);
		if (next < 0) {
			rc = -DTP_EBADTREE;
			break;
		}
		if (tag == FDT_END)
			break;
		if (tag == FDT_BEGIN_NODE) {
			depth++;
			seq++;
			if (grow(&lv, &cap_depth, depth + 1, sizeof(*lv))) {
				rc = -DTP_ENOMEM;
				break;
			}
			const char *name = node_name_at(fdt, off);
			size_t nl = strlen(name);
			int ok = depth == 0 || lv[depth - 1].path_ok;
			for (size_t i = 0; i < nl && ok; i++)
				ok = path_char_ok((unsigned char)name[i]);
			lv[depth].path_ok = ok;
			lv[depth].cells_first = ts->n_cells;
			if (depth > 0) {
				path.len = (size_t)lv[depth - 1].plen;
				if (append(&path, "/", 1) || append(&path, name, nl)) {
					rc = -DTP_ENOMEM;
					break;
				}
			}
			lv[depth].plen = (int)path.len;
		} else if (tag == FDT_END_NODE) {
			if (--depth < -1) {
				rc = -DTP_EBADTREE;
				break;
			}
		} else if (tag == FDT_PROP) {
			if (depth < 0) {
				rc = -DTP_EBADTREE;
				break;
			}
			const char *name;
			const struct fdt_property *fp = prop_at(fdt, off, &name);
			if (!fp) {
				rc = -DTP_EBADTREE;
				break;
			}
			int cls = class_of(cc, (int)fdt32_ld(&fp->nameoff), name);
			int len = (int)fdt32_ld(&fp->len);
			if (cls == CL_PHANDLE && len == 4) {
				if (grow(&ts->t, &ts->cap, ts->n + 1, sizeof(*ts->t))) {
					rc = -DTP_ENOMEM;
					break;
				}
				struct target *t = &ts->t[ts->n++];
				t->phandle = fdt32_ld((const fdt32_t *)(const void *)fp->data);
				t->seq = seq;
				t->first_cells = lv[depth].cells_first;
				t->path = -1;
				if (lv[depth].path_ok) {
					t->path = (int)ts->paths.len;
					size_t pl = (size_t)lv[depth].plen;
					if ((pl ? append(&ts->paths, path.p, pl) : append(&ts->paths, "/", 1)) ||
					    append(&ts->paths, "", 1)) {
						rc = -DTP_ENOMEM;
						break;
					}
				}
			} else if (cls == CL_CELLS && len == 4) {
				if (grow(&ts->cells, &ts->cap_cells, ts->n_cells + 1, sizeof(*ts->cells))) {
					rc = -DTP_ENOMEM;
					break;
				}
				ts->cells[ts->n_cells++] = (struct cells_prop){
					seq, name, fdt32_ld((const fdt32_t *)(const void *)fp->data) };
			} else if (cls == CL_GPIO_HOG) {
				if (grow(&ts->hogs, &ts->cap_hogs, ts->n_hogs + 1, sizeof(int))) {
					rc = -DTP_ENOMEM;
					break;
				}
				if (!ts->n_hogs || ts->hogs[ts->n_hogs - 1] != seq)
					ts->hogs[ts->n_hogs++] = seq;
			}
		}
	}
	free(path.p);
	free(lv);
	if (!rc && index_targets(ts))
		rc = -DTP_ENOMEM;
	return rc;
}

static const char hexdigits[] = "0123456789abcdef";

/* "0x%02x" without printf. */
static char *put_cell(char *w, uint32_t v)
{
	int digits = 2;
	while (digits < 8 && (v >> (4 * digits)))
		digits++;
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

/* <cells>, with references where dtc expects phandles: provider is the
 * property's phandle + arguments layout, NULL for none; single for
 * interrupt-parent. Returns -1 when out of memory. */
static int put_cells(struct text *out, const struct targets *ts, const unsigned char *p, int len,
		     const struct provider *provider, int single)
{
	int n = len / 4;
	int64_t next_ph = provider || single ? 0 : -1;
	char *w = room(out, (size_t)n * 11 + 2);
	if (!w)
		return -1;
	*w++ = '<';
	for (int i = 0; i < n; i++) {
		uint32_t v = fdt32_ld((const fdt32_t *)(const void *)(p + 4 * i));
		const struct target *t = NULL;
		if (i == next_ph) {
			/* dtc's walk: 0 and -1 are skipped entries, an unknown
			 * phandle or a target without #...-cells ends it. */
			if (v == 0 || v == 0xffffffffU) {
				next_ph = i + 1;
			} else if (!(t = target_of(ts, v))) {
				next_ph = -1;
			} else if (single) {
				next_ph = -1;
			} else {
				int64_t args = target_cells(ts, t, provider->cells);
				if (args < 0 && provider->optional)
					args = 0;
				next_ph = args < 0 ? -1 : i + args + 1;
			}
		}
		if (i)
			*w++ = ' ';
		if (t && t->path >= 0) {
			const char *path = ts->paths.p + t->path;
			size_t pl = strlen(path);
			out->len = (size_t)(w - out->p);
			if (!(w = room(out, pl + 3 + (size_t)(n - i) * 11 + 2)))
				return -1;
			*w++ = '&';
			*w++ = '{';
			memcpy(w, path, pl);
			w += pl;
			*w++ = '}';
		} else {
			w = put_cell(w, v);
		}
	}
	*w++ = '>';
	out->len = (size_t)(w - out->p);
	return 0;
}

static int is_hog(const struct targets *ts, int *hog_at, int seq)
{
	while (*hog_at < ts->n_hogs && ts->hogs[*hog_at] < seq)
		(*hog_at)++;
	return *hog_at < ts->n_hogs && ts->hogs[*hog_at] == seq;
}

static int put_prop(struct text *out, const struct targets *ts, int depth, const char *name,
		    const unsigned char *v, int len, int cls, int hog)
{
	size_t nl = strlen(name);
	/* Worst cases: 4 bytes of text per value byte (escapes, separators). */
	char *w = room(out, (size_t)depth + nl + 4 * (size_t)len + 8);
	if (!w)
		return -1;
	memset(w, '\t', (size_t)depth);
	w += depth;
	memcpy(w, name, nl);
	w += nl;
	const struct provider *provider = NULL;
	int single = 0;
	if (cls >= CL_PROVIDER)
		provider = &providers[cls - CL_PROVIDER];
	else if (cls == CL_GPIO && !hog)
		provider = &gpio_provider;
	else if (cls == CL_IPARENT && len == 4)
		single = 1;
	enum dtp_dts_form form = dtp_dts_form_of(v, len);
	if ((provider || single) && len > 0 && len % 4 == 0)
		form = DTP_DTS_CELLS;
	if (form == DTP_DTS_EMPTY) {
		*w++ = ';';
		*w++ = '\n';
		out->len = (size_t)(w - out->p);
		return 0;
	}
	memcpy(w, " = ", 3);
	w += 3;
	if (form == DTP_DTS_STRINGS) {
		w = put_strings(w, v, len);
	} else if (form == DTP_DTS_BYTES) {
		w = put_bytes(w, v, len);
	} else {
		out->len = (size_t)(w - out->p);
		if (put_cells(out, ts, v, len, provider, single))
			return -1;
		if (!(w = room(out, 2)))
			return -1;
	}
	*w++ = ';';
	*w++ = '\n';
	out->len = (size_t)(w - out->p);
	return 0;
}

/* Pass 2: the text. */
static int write_text(const void *fdt, const struct targets *ts, struct class_cache *cc,
		      struct text *out)
{
	if (append(out, "/dts-v1/;\n\n", 11))
		return -DTP_ENOMEM;
	int n_rsv = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < n_rsv; i++) {
		uint64_t addr, size;
		if (fdt_get_mem_rsv(fdt, i, &addr, &size))
			return -DTP_EBADTREE;
		char *w = room(out, 64);
		if (!w)
			return -DTP_ENOMEM;
		memcpy(w, "/memreserve/ ", 13);
		w += 13;
		for (int k = 15; k >= 0; k--)
			*w++ = hexdigits[(addr >> (4 * k)) & 0xf];
		*w++ = ' ';
		for (int k = 15; k >= 0; k--)
			*w++ = hexdigits[(size >> (4 * k)) & 0xf];
		memcpy(w, ";\n", 2);
		w += 2;
		out->len = (size_t)(w - out->p);
	}
	if (n_rsv && append(out, "\n", 1))
		return -DTP_ENOMEM;
	int depth = -1, seq = -1, hog_at = 0, hog = 0;
	for (int off = 0, next;; off = next) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);
		if (next < 0)
			return -DTP_EBADTREE;
		if (tag == FDT_END)
			return depth == -1 ? 0 : -DTP_EBADTREE;
		if (tag == FDT_BEGIN_NODE) {
			depth++;
			seq++;
			hog = is_hog(ts, &hog_at, seq);
			const char *name = node_name_at(fdt, off);
			size_t nl = strlen(name);
			char *w = room(out, (size_t)depth + nl + 8);
			if (!w)
				return -DTP_ENOMEM;
			if (depth > 0)
				*w++ = '\n';
			memset(w, '\t', (size_t)depth);
			w += depth;
			if (depth == 0) {
				*w++ = '/';
			} else {
				memcpy(w, name, nl);
				w += nl;
			}
			memcpy(w, " {\n", 3);
			w += 3;
			out->len = (size_t)(w - out->p);
		} else if (tag == FDT_END_NODE) {
			if (depth < 0)
				return -DTP_EBADTREE;
			char *w = room(out, (size_t)depth + 4);
			if (!w)
				return -DTP_ENOMEM;
			memset(w, '\t', (size_t)depth);
			w += depth;
			memcpy(w, "};\n", 3);
			out->len = (size_t)(w + 3 - out->p);
			depth--;
			/* Properties after a child are rare, but they would be
			 * the parent's: its gpio-hog flag is not tracked, so
			 * treat them as not a hog's. */
			hog = 0;
		} else if (tag == FDT_PROP) {
			if (depth < 0)
				return -DTP_EBADTREE;
			const char *name;
			const struct fdt_property *fp = prop_at(fdt, off, &name);
			if (!fp)
				return -DTP_EBADTREE;
			int cls = class_of(cc, (int)fdt32_ld(&fp->nameoff), name);
			if (put_prop(out, ts, depth + 1, name, (const unsigned char *)fp->data,
				     (int)fdt32_ld(&fp->len), cls, hog))
				return -DTP_ENOMEM;
		}
	}
}

int dtp_dts_write(const void *fdt, char **text, size_t *text_len)
{
	struct targets ts;
	struct class_cache cc;
	struct text out = { NULL, 0, 0 };
	memset(&ts, 0, sizeof(ts));
	for (int i = 0; i < CLASS_CACHE; i++)
		cc.nameoff[i] = -1;
	int rc = find_targets(fdt, &ts, &cc);
	if (!rc) {
		/* The text is about 1.3 times the blob: start near that. */
		if (!room(&out, fdt_totalsize(fdt) / 4 * 5 + 4096))
			rc = -DTP_ENOMEM;
	}
	if (!rc)
		rc = write_text(fdt, &ts, &cc, &out);
	if (!rc && append(&out, "", 1))
		rc = -DTP_ENOMEM;
	free(ts.t);
	free(ts.cells);
	free(ts.hogs);
	free(ts.paths.p);
	free(ts.slots);
	if (rc) {
		free(out.p);
		return rc;
	}
	*text = out.p;
	*text_len = out.len - 1;
	return 0;
}
