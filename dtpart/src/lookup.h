/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the device a user means: alias (ethernet0), Linux name (eth0,
 * ttyPS1), label (gem3), full path, or node name (ethernet@ff0e0000). */
#ifndef DTPART_LOOKUP_H
#define DTPART_LOOKUP_H

#include "devmodel.h"

/* Returns the node index, or a negative code with the candidates listed. */
DTP_MUST_CHECK int dtp_lookup_device(const struct dtp_host *h, const char *name, struct dtp_diag *diag);

/* Aliases and labels that name a node, comma-separated into buf. */
void dtp_node_aliases(const struct dtp_index *ix, int node, char *buf, size_t len);
void dtp_node_labels(const struct dtp_index *ix, int node, char *buf, size_t len);

#endif
