/* `dtpart list`: every device that can be passed through, one line each, or
 * JSON for tools. */
#include "commands.h"
#include "lookup.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *device_json(const struct dtp_session *s, const struct dtp_devsum *d)
{
	const struct dtp_index *ix = &s->host.ix;
	char buf[1024];
	json_t *o = json_object();
	json_object_set_new(o, "path", json_string(d->path));
	node_aliases(ix, d->node, buf, sizeof(buf));
	json_object_set_new(o, "aliases", json_string(buf));
	node_labels(ix, d->node, buf, sizeof(buf));
	json_object_set_new(o, "labels", json_string(buf));
	json_object_set_new(o, "compatible", d->compatible ? json_string(d->compatible) : json_null());
	json_object_set_new(o, "status", json_string(d->status_ok ? "okay" : "disabled"));
	json_t *regs = json_array();
	for (int i = 0; i < d->n_regs; i++) {
		json_t *r = json_object();
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)d->regs[i].addr);
		json_object_set_new(r, "address", json_string(buf));
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)d->regs[i].size);
		json_object_set_new(r, "size", json_string(buf));
		json_array_append_new(regs, r);
	}
	json_object_set_new(o, "mmio", regs);
	json_t *irqs = json_array();
	for (int i = 0; i < d->n_irqs; i++) {
		json_t *q = json_object();
		json_object_set_new(q, "type", json_string(d->irqs[i].type ? "ppi" : "spi"));
		json_object_set_new(q, "number", json_integer(d->irqs[i].number));
		json_object_set_new(q, "xen_id", json_integer(d->irqs[i].id));
		json_object_set_new(q, "trigger", json_string(irq_trigger_name(d->irqs[i].flags)));
		json_array_append_new(irqs, q);
	}
	json_object_set_new(o, "irqs", irqs);
	json_t *sids = json_array();
	for (int i = 0; i < d->n_sids; i++) {
		snprintf(buf, sizeof(buf), "0x%x", d->sids[i].id);
		json_array_append_new(sids, json_string(buf));
	}
	json_object_set_new(o, "stream_ids", sids);
	session_owner(s, d->node, buf, sizeof(buf));
	json_object_set_new(o, "owner", json_string(buf));
	const char *role = device_xen_role(&s->host, d->node);
	json_object_set_new(o, "xen_role", role ? json_string(role) : json_null());
	return o;
}

int cmd_list(struct dtp_session *s, struct dtp_diag *diag)
{
	const struct dtp_devlist *dl = session_devices(s, diag);
	if (!dl)
		return -DTP_ENOMEM;
	const struct dtp_index *ix = &s->host.ix;
	if (s->opt->n_args)
		return dtp_fail(diag, DTP_EUSAGE, "list takes no arguments (did you mean `dtpart show %s`?)",
				s->opt->args[0]);
	if (s->opt->json) {
		json_t *root = json_object(), *arr = json_array();
		json_object_set_new(root, "host", json_string(s->host_path));
		json_object_set_new(root, "board", s->board.name ? json_string(s->board.name) : json_null());
		for (int i = 0; i < dl->n; i++)
			json_array_append_new(arr, device_json(s, &dl->devs[i]));
		json_object_set_new(root, "devices", arr);
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
		json_decref(root);
		if (!text)
			return dtp_fail(diag, DTP_ENOMEM, "out of memory");
		puts(text);
		free(text);
		return 0;
	}
	printf("# host %s, board %s: %d devices\n", s->host_path,
	       s->board.name ? s->board.name : "(no board data)", dl->n);
	printf("%-36s %-16s %-10s %-24s %-16s %-10s %s\n", "PATH", "ALIASES", "LABELS", "MMIO",
	       "IRQS(SPI->ID)", "SIDS", "OWNER");
	for (int i = 0; i < dl->n; i++) {
		const struct dtp_devsum *d = &dl->devs[i];
		char al[256], lb[256], regs[512], irqs[512], sids[256], owner[64];
		node_aliases(ix, d->node, al, sizeof(al));
		node_labels(ix, d->node, lb, sizeof(lb));
		format_regs(d, regs, sizeof(regs));
		format_irqs(d, irqs, sizeof(irqs));
		format_sids(d, sids, sizeof(sids));
		session_owner(s, d->node, owner, sizeof(owner));
		if (!d->status_ok)
			strncat(owner, " (disabled)", sizeof(owner) - strlen(owner) - 1);
		printf("%-36s %-16s %-10s %-24s %-16s %-10s %s\n", d->path, al[0] ? al : "-",
		       lb[0] ? lb : "-", regs, irqs, sids, owner);
	}
	return 0;
}
