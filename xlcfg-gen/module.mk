# SPDX-License-Identifier: GPL-2.0-or-later
# xlcfg-gen: the xl config library (libxlutil for parsing, libxenlight for
# JSON) and its command.
XLCFG_SRCS := $(filter-out xlcfg-gen/src/main.c,$(wildcard xlcfg-gen/src/*.c))
XLCFG_OBJS := $(XLCFG_SRCS:%.c=$(O)/obj/%.o)
XLCFG_LIB  := $(O)/libxlcfg.a

$(XLCFG_LIB): $(XLCFG_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(AR) rcs $@ $^

$(O)/xlcfg-gen: $(O)/obj/xlcfg-gen/src/main.o $(XLCFG_LIB)
	$(call link,$(XEN_LIBS))

PROGRAMS += $(O)/xlcfg-gen

XLCFG_TESTS := $(O)/tests/xlcfg/test_xlcfg
$(XLCFG_TESTS): $(O)/tests/xlcfg/%: $(O)/obj/tests/xlcfg/%.o $(XLCFG_LIB)
	$(call link,$(CMOCKA_LIBS) $(XEN_LIBS))
UNIT_TESTS += $(XLCFG_TESTS)

# The command as users meet it: exit codes, messages, the merge flow with dtpart.
CHECK_SCRIPTS += tests/xlcfg/run-cli.sh
