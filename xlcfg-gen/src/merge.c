/* Merge passthrough entries into an existing config: nothing existing is
 * rewritten. What is missing is appended, as `key += [...]` when the config
 * has the list already (libxlutil appends), `key = ...` otherwise; then the
 * result is read back through libxlutil and must equal the union. */
#include <xlcfg/merge.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textpos.h"

static int same_values(const struct xlcfg_passthrough *a, const struct xlcfg_passthrough *b)
{
	if ((a->device_tree == NULL) != (b->device_tree == NULL) ||
	    (a->device_tree && strcmp(a->device_tree, b->device_tree)) || a->n_irqs != b->n_irqs ||
	    a->n_iomems != b->n_iomems || a->n_dtdevs != b->n_dtdevs)
		return 0;
	for (size_t i = 0; i < a->n_irqs; i++)
		if (a->irqs[i] != b->irqs[i])
			return 0;
	for (size_t i = 0; i < a->n_iomems; i++) {
		const struct xlcfg_iomem *x = &a->iomems[i], *y = &b->iomems[i];
		if (x->pfn != y->pfn || x->npages != y->npages || x->has_gfn != y->has_gfn ||
		    (x->has_gfn && x->gfn != y->gfn))
			return 0;
	}
	for (size_t i = 0; i < a->n_dtdevs; i++)
		if (strcmp(a->dtdevs[i], b->dtdevs[i]))
			return 0;
	return 1;
}

/* Entries of add that have is missing, in add's order. */
static int missing(const struct xlcfg_passthrough *have, const struct xlcfg_passthrough *add,
		   struct xlcfg_passthrough *out)
{
	struct xlcfg_passthrough u;
	xlcfg_passthrough_init(out);
	xlcfg_passthrough_init(&u);
	int rc = xlcfg_union(&u, have);
	for (size_t i = 0; !rc && i < add->n_irqs; i++) {
		size_t before = u.n_irqs;
		rc = xlcfg_add_irq(&u, add->irqs[i]);
		if (!rc && u.n_irqs > before)
			rc = xlcfg_add_irq(out, add->irqs[i]);
	}
	for (size_t i = 0; !rc && i < add->n_iomems; i++) {
		size_t before = u.n_iomems;
		rc = xlcfg_add_iomem(&u, &add->iomems[i]);
		if (!rc && u.n_iomems > before)
			rc = xlcfg_add_iomem(out, &add->iomems[i]);
	}
	for (size_t i = 0; !rc && i < add->n_dtdevs; i++) {
		size_t before = u.n_dtdevs;
		rc = xlcfg_add_dtdev(&u, add->dtdevs[i]);
		if (!rc && u.n_dtdevs > before)
			rc = xlcfg_add_dtdev(out, add->dtdevs[i]);
	}
	xlcfg_passthrough_free(&u);
	return rc;
}

int xlcfg_merge_text(const char *name, const char *existing, size_t len,
		     const struct xlcfg_passthrough *add, char **merged,
		     struct xlcfg_diag *diag)
{
	struct xlcfg_passthrough have, extra, want, got;
	*merged = NULL;
	int rc = xlcfg_read_data(name, existing, len, &have, diag);
	if (rc)
		return rc;
	xlcfg_passthrough_init(&want);
	xlcfg_passthrough_init(&extra);
	if (add->device_tree && have.device_tree && strcmp(add->device_tree, have.device_tree)) {
		diag->line = key_line(existing, len, "device_tree");
		snprintf(diag->message, sizeof(diag->message),
			 "device_tree is \"%s\" here, the snippet wants \"%s\"; a domain has one partial "
			 "tree: remove or change the line, or merge the devices into one tree",
			 have.device_tree, add->device_tree);
		rc = -XLCFG_ECONFLICT;
		goto out;
	}
	rc = xlcfg_union(&want, &have);
	if (!rc)
		rc = xlcfg_union(&want, add);
	if (!rc)
		rc = missing(&have, add, &extra);
	if (rc)
		goto out;
	/* The additions, as xl text; lists the config has get `+=`. */
	int need_dt = add->device_tree && !have.device_tree;
	size_t cap = len + 4 * 4096 + 128 * (extra.n_irqs + extra.n_iomems) + 4 * 4096 * extra.n_dtdevs;
	char *text = malloc(cap);
	if (!text) {
		rc = -XLCFG_ENOMEM;
		goto out;
	}
	memcpy(text, existing, len);
	size_t n = len;
	if (need_dt || extra.n_irqs || extra.n_iomems || extra.n_dtdevs) {
		if (n && text[n - 1] != '\n')
			text[n++] = '\n';
		n += (size_t)snprintf(text + n, cap - n, "# passthrough merged by xlcfg-gen\n");
		struct xlcfg_passthrough one;
		const char *keys[] = { "irqs", "iomem", "dtdev" };
		size_t counts[] = { extra.n_irqs, extra.n_iomems, extra.n_dtdevs };
		if (need_dt) {
			char *q = xlcfg_quote(add->device_tree);
			if (!q) {
				free(text);
				rc = -XLCFG_ENOMEM;
				goto out;
			}
			n += (size_t)snprintf(text + n, cap - n, "device_tree = %s\n", q);
			free(q);
		}
		for (int k = 0; k < 3; k++) {
			if (!counts[k])
				continue;
			xlcfg_passthrough_init(&one);
			one.irqs = k == 0 ? extra.irqs : NULL;
			one.n_irqs = k == 0 ? extra.n_irqs : 0;
			one.iomems = k == 1 ? extra.iomems : NULL;
			one.n_iomems = k == 1 ? extra.n_iomems : 0;
			one.dtdevs = k == 2 ? extra.dtdevs : NULL;
			one.n_dtdevs = k == 2 ? extra.n_dtdevs : 0;
			char *r = xlcfg_render(&one, NULL);
			if (!r) {
				free(text);
				rc = -XLCFG_ENOMEM;
				goto out;
			}
			/* "irqs = [ ... ]" -> "irqs += [ ... ]" when the list exists. */
			const char *eq = strchr(r, '=');
			/* += when the config already has the list (libxlutil says so),
			 * wherever its statement stands. */
			size_t have_n[] = { have.n_irqs, have.n_iomems, have.n_dtdevs };
			int append = have_n[k] != 0 || key_line(existing, len, keys[k]) != 0;
			n += (size_t)snprintf(text + n, cap - n, "%s%s%s", keys[k], append ? " += " : " = ",
					      eq + 2);
			free(r);
		}
	}
	text[n] = '\0';
	/* Prove it: libxlutil must read the result and give the union. */
	rc = xlcfg_read_data(name, text, n, &got, diag);
	if (rc == 0) {
		if (!same_values(&got, &want)) {
			snprintf(diag->message, sizeof(diag->message),
				 "the merged config does not read back as the union of both (libxlutil); "
				 "nothing was written");
			rc = -XLCFG_EVERIFY;
		}
		xlcfg_passthrough_free(&got);
	}
	if (rc)
		free(text);
	else
		*merged = text;
out:
	xlcfg_passthrough_free(&have);
	xlcfg_passthrough_free(&extra);
	xlcfg_passthrough_free(&want);
	return rc;
}

static int write_atomically(const char *path, const char *data, size_t len)
{
	char tmp[4096], dir[4096];
	snprintf(tmp, sizeof(tmp), "%s.xlcfg-gen.%ld", path, (long)getpid());
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	int ok = off == len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int xlcfg_merge_file(const char *path, const struct xlcfg_passthrough *add, int *changed,
		     struct xlcfg_diag *diag)
{
	char *data, *merged;
	size_t len;
	*changed = 0;
	snprintf(diag->file, sizeof(diag->file), "%s", path);
	diag->line = 0;
	if (read_text_file(path, &data, &len)) {
		snprintf(diag->message, sizeof(diag->message), "cannot read: %s", strerror(errno));
		return -XLCFG_EIO;
	}
	int rc = xlcfg_merge_text(path, data, len, add, &merged, diag);
	if (rc == 0 && strcmp(merged, data) != 0) {
		if (write_atomically(path, merged, strlen(merged))) {
			snprintf(diag->message, sizeof(diag->message), "cannot replace the file: %s; it "
				 "was left as it was", strerror(errno));
			rc = -XLCFG_EIO;
		} else {
			*changed = 1;
		}
	}
	free(data);
	free(merged);
	return rc;
}
