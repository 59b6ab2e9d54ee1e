/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The passthrough part of a domain as libxenlight's own JSON: a
 * libxl_domain_config filled with libxl's types and printed by
 * libxl_domain_config_to_json (which needs no running Xen). */
#ifndef XLCFG_JSON_H
#define XLCFG_JSON_H

#include "passthrough.h"

/* malloc'd JSON text, NULL on failure. */
char *xlcfg_libxl_json(const struct xlcfg_passthrough *pt);

#endif
