# SPDX-License-Identifier: GPL-2.0-or-later
# hypervisor/: GIC-400 model, guest memory map and the domain-build replay,
# freestanding (also built for aarch64 by tests/freestanding-check.sh).
HV_SRCS := $(wildcard hypervisor/src/*.c)
HV_LIB  := $(O)/libhypervisor.a
$(O)/obj/hypervisor/src/%.o: ALL_CFLAGS += -Ihypervisor/src

$(HV_LIB): $(HV_SRCS:%.c=$(O)/obj/%.o)
	@mkdir -p $(dir $@)
	$(Q)$(AR) rcs $@ $^

FREESTANDING_SRCS += $(HV_SRCS)
HV_TESTS := $(O)/tests/hypervisor/test_gic $(O)/tests/hypervisor/test_replay
$(HV_TESTS): $(O)/tests/hypervisor/%: $(O)/obj/tests/hypervisor/%.o $(HV_LIB) $(IOMMU_LIB)
	$(call link,$(CMOCKA_LIBS))
# The version rules' test also builds trees with libfdt, the writer Xen uses.
$(O)/tests/hypervisor/test_xen_rules: $(O)/obj/tests/hypervisor/test_xen_rules.o $(HV_LIB) $(IOMMU_LIB)
	$(call link,$(CMOCKA_LIBS) $(FDT_LIBS))
HV_TESTS += $(O)/tests/hypervisor/test_xen_rules
UNIT_TESTS += $(HV_TESTS)
