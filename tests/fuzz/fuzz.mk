# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzzing with libFuzzer (clang). `make fuzz FUZZ_SECONDS=600` runs every
# harness for that long on a corpus seeded from the boards, the fixtures, the
# bad-input blobs and (once fetched) Debian's real DTBs;
# `tests/fuzz/smoke.sh` (part of make check) runs each for a few seconds.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all -Idtpart/src $(INCLUDES)
FUZZ_DTPART_SRCS := $(filter-out dtpart/src/main.c dtpart/src/cmd_% dtpart/src/session.c \
                      dtpart/src/generate.c dtpart/src/guestplace.c dtpart/src/check.c dtpart/src/smmumodel.c,$(wildcard dtpart/src/*.c))

$(O)/fuzz/fuzz_tree: tests/fuzz/fuzz_tree.c $(FUZZ_DTPART_SRCS) $(HV_SRCS) $(IOMMU_SRCS) \
                     $(filter-out xlcfg-gen/src/main.c,$(wildcard xlcfg-gen/src/*.c))
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(FDT_LIBS) $(JANSSON_LIBS) $(XEN_LIBS)

FUZZERS += $(O)/fuzz/fuzz_tree

$(O)/fuzz/fuzz_xlcfg: tests/fuzz/fuzz_xlcfg.c $(filter-out xlcfg-gen/src/main.c,$(wildcard xlcfg-gen/src/*.c))
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(XEN_LIBS)

FUZZERS += $(O)/fuzz/fuzz_xlcfg

$(O)/fuzz/fuzz_check: tests/fuzz/fuzz_check.c $(FUZZ_DTPART_SRCS) dtpart/src/check.c dtpart/src/smmumodel.c \
                      $(HV_SRCS) $(IOMMU_SRCS) $(filter-out xlcfg-gen/src/main.c,$(wildcard xlcfg-gen/src/*.c))
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(FDT_LIBS) $(JANSSON_LIBS) $(XEN_LIBS)

FUZZERS += $(O)/fuzz/fuzz_check

# After every FUZZERS += : a rule's prerequisites are expanded when it is read.
.PHONY: fuzz fuzzers
fuzzers: $(FUZZERS)
fuzz: $(FUZZERS) $(BOARD_DTBS)
	@O=$(O) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run-fuzz.sh $(FUZZERS)
