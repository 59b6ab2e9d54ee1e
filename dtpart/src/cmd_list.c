/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `dtpart list`: every device node of the host tree, one aligned row each,
 * with the ones Xen keeps for itself marked and the reason given; or JSON
 * for tools. */
#include "commands.h"
#include "lookup.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

enum { COL_PATH, COL_ALIASES, COL_LABELS, COL_MMIO, COL_IRQS, COL_SIDS, COL_OWNER, COL_XEN, N_COLS };

static const char *const headings[N_COLS] = {
	"PATH", "ALIASES", "LABELS", "MMIO", "IRQS(SPI->ID)", "SIDS", "OWNER", "XEN KEEPS IT AS",
};

/* One row's cells, formatted into the caller's buffers. */
struct row {
	char path[4096], aliases[256], labels[256], mmio[512], irqs[512], sids[256], owner[64];
	const char *cells[N_COLS];
};

static void format_row(const struct dtp_session *s, const struct dtp_devsum *d, struct row *r)
{
	const struct dtp_index *ix = s->host.ix;
	snprintf(r->path, sizeof(r->path), "%s", d->path);
	dtp_node_aliases(ix, d->node, r->aliases, sizeof(r->aliases));
	dtp_node_labels(ix, d->node, r->labels, sizeof(r->labels));
	dtp_format_regs(d, r->mmio, sizeof(r->mmio));
	dtp_format_irqs(d, r->irqs, sizeof(r->irqs));
	dtp_format_sids(d, r->sids, sizeof(r->sids));
	dtp_session_owner(s, d->node, r->owner, sizeof(r->owner));
	if (!d->status_ok)
		strncat(r->owner, " (disabled)", sizeof(r->owner) - strlen(r->owner) - 1);
	const char *role = dtp_device_xen_role(&s->host, d->node);
	const char *cells[N_COLS] = { r->path, r->aliases[0] ? r->aliases : "-",
				      r->labels[0] ? r->labels : "-", r->mmio[0] ? r->mmio : "-",
				      r->irqs, r->sids, r->owner, role ? role : "-" };
	memcpy(r->cells, cells, sizeof(cells));
}

static void print_row(const char *const *cells, const size_t *width)
{
	static const char spaces[] = "                                                                ";
	for (int c = 0; c + 1 < N_COLS; c++) {
		size_t l = strlen(cells[c]);
		fputs(cells[c], stdout);
		for (size_t pad = width[c] - l + 2; pad; ) {
			size_t n = pad < sizeof(spaces) - 1 ? pad : sizeof(spaces) - 1;
			fwrite(spaces, 1, n, stdout);
			pad -= n;
		}
	}
	fputs(cells[N_COLS - 1], stdout);
	fputc('\n', stdout);
}

static int list_json(struct dtp_session *s, const struct dtp_devlist *dl, struct dtp_diag *diag)
{
	json_t *root = json_object(), *arr = json_array();
	json_object_set_new(root, "host", json_string(s->host_path));
	json_object_set_new(root, "board", s->board.name ? json_string(s->board.name) : json_null());
	for (int i = 0; i < dl->n; i++) {
		char owner[64];
		dtp_session_owner(s, dl->devs[i].node, owner, sizeof(owner));
		json_array_append_new(arr, dtp_report_device(&s->host, &dl->devs[i], owner));
	}
	json_object_set_new(root, "devices", arr);
	return dtp_report_json_print(root, diag);
}

/* With no device listed: why. Every candidate node (reg and interrupts)
 * failed to build; the first one's error says why, and is returned when it
 * is "unsupported" (the tree is valid, dtpart cannot read it). */
static int why_no_devices(const struct dtp_session *s, struct dtp_diag *diag)
{
	const struct dtp_host *h = &s->host;
	struct dtp_device scratch = { 0 };
	struct dtp_diag first;
	int candidates = 0, code = 0;
	first.msg[0] = '\0';
	for (int i = 1; i < dtp_index_count(h->ix); i++) {
		if (!dtp_device_is_candidate(h, i))
			continue;
		candidates++;
		struct dtp_diag d;
		int rc = dtp_device_build_resources(h, i, &scratch, &d);
		/* Xen's own nodes fail as such; an "unsupported" says most. */
		if (rc && !dtp_device_xen_role(h, i) && (!code || (rc == -DTP_EUNSUPPORTED && code != rc))) {
			code = rc;
			first = d;
		}
	}
	dtp_device_free(&scratch);
	if (!candidates) {
		printf("# no devices: no node of this tree has both `reg` and `interrupts`\n");
		return 0;
	}
	if (!code) {
		printf("# no devices: the %d nodes with `reg` and `interrupts` are Xen's own\n", candidates);
		return 0;
	}
	printf("# no devices: none of the %d nodes with `reg` and `interrupts` can be read; %s:\n# %s\n",
	       candidates, code == -DTP_EUNSUPPORTED ? "why" : "the first says why", first.msg);
	if (code == -DTP_EUNSUPPORTED) {
		*diag = first;
		return code;
	}
	return 0;
}

int dtp_cmd_list(struct dtp_session *s, struct dtp_diag *diag)
{
	if (s->opt->n_args)
		return dtp_fail(diag, DTP_EUSAGE, "list takes no arguments (did you mean `dtpart show %s`?)",
				s->opt->args[0]);
	const struct dtp_devlist *dl = dtp_session_devices(s);
	if (s->opt->json)
		return list_json(s, dl, diag);
	/* Two passes: widths from every row, then the rows. Formatting twice
	 * costs less than holding every row's text for a large tree. */
	struct row r;
	size_t width[N_COLS];
	int kept = 0;
	for (int c = 0; c < N_COLS; c++)
		width[c] = strlen(headings[c]);
	for (int i = 0; i < dl->n; i++) {
		format_row(s, &dl->devs[i], &r);
		kept += dtp_device_xen_role(&s->host, dl->devs[i].node) != NULL;
		for (int c = 0; c < N_COLS; c++)
			if (strlen(r.cells[c]) > width[c])
				width[c] = strlen(r.cells[c]);
	}
	printf("# host %s, board %s: %d devices, %d kept by Xen (owner xen: cannot be passed "
	       "through)\n", s->host_path,
	       s->board.name ? s->board.name : "(no board data)", dl->n, kept);
	print_row(headings, width);
	for (int i = 0; i < dl->n; i++) {
		format_row(s, &dl->devs[i], &r);
		print_row(r.cells, width);
	}
	return dl->n ? 0 : why_no_devices(s, diag);
}
