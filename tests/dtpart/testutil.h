/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers for dtpart's unit tests: compile a DTS snippet with dtc and build
 * the host model from it, exactly as the tool does. */
#ifndef DTPART_TESTUTIL_H
#define DTPART_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "blob.h"
#include "devmodel.h"

struct test_host {
	struct dtp_blob blob;
	struct dtp_host host;
	char path[256];
};

/* Writes text to a temporary .dts; returns its path (static buffer per call). */
void write_temp_file(char *path, size_t len, const char *suffix, const char *text);
/* 0 and a scanned host, or the error code with diag filled. */
int test_host_open(struct test_host *t, const char *dts, struct dtp_diag *diag);
void test_host_close(struct test_host *t);
/* Node index by path; fails the test when absent. */
int node_of(const struct test_host *t, const char *path);

/* A ZynqMP-shaped minimal tree used by several tests: GIC, SMMU, two UARTs,
 * one GEM with a PHY, a fixed clock and a firmware clock controller. */
extern const char zynqmp_mini_dts[];

#endif
