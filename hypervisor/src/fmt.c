/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fmt.h"

#include <stdint.h>

static void put(char *buf, int cap, int *n, char c)
{
	if (*n < cap - 1)
		buf[(*n)++] = c;
}

static void put_num(char *buf, int cap, int *n, uint64_t v, unsigned base, int neg)
{
	char tmp[24];
	int k = 0;
	do {
		unsigned d = (unsigned)(v % base);
		tmp[k++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v && k < 24);
	if (neg)
		put(buf, cap, n, '-');
	while (k)
		put(buf, cap, n, tmp[--k]);
}

void hv_vfmt(char *buf, int cap, const char *fmt, va_list ap)
{
	int n = 0;
	if (cap <= 0)
		return;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(buf, cap, &n, *p);
			continue;
		}
		p++;
		int ll = 0;
		while (*p == 'l') {
			ll++;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(buf, cap, &n, *s);
			break;
		}
		case 'd': {
			long long v = ll ? va_arg(ap, long long) : va_arg(ap, int);
			put_num(buf, cap, &n, v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			put_num(buf, cap, &n, ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 10, 0);
			break;
		case 'x':
			put_num(buf, cap, &n, ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16, 0);
			break;
		case '%':
			put(buf, cap, &n, '%');
			break;
		default:
			put(buf, cap, &n, '?');
		}
		if (!*p)
			break;
	}
	buf[n] = '\0';
}

void hv_fmt(char *buf, int cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_vfmt(buf, cap, fmt, ap);
	va_end(ap);
}

void hv_fmt_cat(char *buf, int cap, const char *fmt, ...)
{
	int n = 0;
	while (n < cap - 1 && buf[n])
		n++;
	va_list ap;
	va_start(ap, fmt);
	hv_vfmt(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

int hv_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return lower(*a) == lower(*b);
}

int hv_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}
