# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks (make bench): synthetic trees of 1k..1M nodes, dtpart against
# the libfdt floor and the one-process-per-property fdtput flow. Ratios, not
# timed tests.
BENCH_TOOLS := $(O)/bench/gentree $(O)/bench/floor $(O)/bench/peakrss

$(O)/bench/gentree $(O)/bench/floor: $(O)/bench/%: $(O)/obj/bench/%.o
	$(call link,$(FDT_LIBS))
$(O)/bench/peakrss: $(O)/obj/bench/peakrss.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^

.PHONY: bench
bench: $(O)/dtpart $(BENCH_TOOLS)
	@O=$(O) sh bench/run-bench.sh
