# SPDX-License-Identifier: GPL-2.0-or-later
# Tests: dtpart's cmocka unit tests, the golden and bad-input command tests,
# the freestanding build check of iommu/ and hypervisor/, and the e2e boots.
DTPART_TEST_NAMES := test_devmodel test_partial test_outputs test_plan test_hostedit test_dtswrite test_policy test_guestplace
DTPART_TESTS := $(DTPART_TEST_NAMES:%=$(O)/tests/dtpart/%)
DTPART_TEST_UTIL := $(O)/obj/tests/dtpart/testutil.o

$(O)/obj/tests/dtpart/%.o: ALL_CFLAGS += -Idtpart/src
$(DTPART_TESTS): $(O)/tests/dtpart/%: $(O)/obj/tests/dtpart/%.o $(DTPART_TEST_UTIL) $(DTPART_LIB) $(O)/libxlcfg.a $(O)/libhypervisor.a $(O)/libiommu.a
	$(call link,$(CMOCKA_LIBS) $(FDT_LIBS) $(JANSSON_LIBS) $(XEN_LIBS))

UNIT_TESTS += $(DTPART_TESTS)
CHECK_SCRIPTS += tests/freestanding-check.sh tests/golden/run-golden.sh tests/golden/dts-roundtrip.sh tests/bad/run-bad.sh \
                 tests/fuzz/smoke.sh tests/atomic/run-atomic.sh tests/perf/linear-check.sh \
                 tests/valgrind/run-valgrind.sh tests/man/run-man.sh tests/completion/run-completion.sh
CHECK_SCRIPTS += tests/install/run-install.sh tests/install/run-probe.sh
CHECK_SCRIPTS += tests/concurrency/run-concurrency.sh tests/xen/run-versions.sh tests/compilers/clang-build.sh
CHECK_SCRIPTS += tests/corpus/run-soc-data.sh
include tests/fuzz/fuzz.mk
-include tests/e2e/e2e.mk

# Every arm64 DTB Debian ships, under the sanitizers (also run by .ci/run).
.PHONY: check-corpus
check-corpus: check-deps
	$(MAKE) --no-print-directory O=$(O)/san SAN=1 $(O)/san/dtpart
	@O=$(O)/san SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/san/dtpart sh tests/corpus/run-corpus.sh
