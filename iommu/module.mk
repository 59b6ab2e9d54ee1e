# SPDX-License-Identifier: GPL-2.0-or-later
# iommu/: the MMU-500 model, freestanding (also built for aarch64 with
# -ffreestanding -nostdlib by tests/freestanding-check.sh).
IOMMU_SRCS := $(wildcard iommu/src/*.c)
IOMMU_LIB  := $(O)/libiommu.a

$(IOMMU_LIB): $(IOMMU_SRCS:%.c=$(O)/obj/%.o)
	@mkdir -p $(dir $@)
	$(Q)$(AR) rcs $@ $^

FREESTANDING_SRCS += $(IOMMU_SRCS)
IOMMU_TESTS := $(O)/tests/iommu/test_smmu
$(IOMMU_TESTS): $(O)/tests/iommu/%: $(O)/obj/tests/iommu/%.o $(IOMMU_LIB)
	$(call link,$(CMOCKA_LIBS))
UNIT_TESTS += $(IOMMU_TESTS)
