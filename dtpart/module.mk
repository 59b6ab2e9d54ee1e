# SPDX-License-Identifier: GPL-2.0-or-later
# dtpart: the command-line tool. Its engine (everything but main.c) is also a
# static library so the unit tests link the same code.
DTPART_SRCS := $(filter-out dtpart/src/main.c,$(wildcard dtpart/src/*.c))
DTPART_OBJS := $(DTPART_SRCS:%.c=$(O)/obj/%.o)
DTPART_LIB  := $(O)/libdtpart.a

# board.c finds its data relative to the running executable: the way from
# BINDIR to DATADIR is compiled in (../share/dtpart for any PREFIX), and
# board.o is rebuilt when `make install BINDIR=... DATADIR=...` changes it.
$(O)/obj/dtpart/src/board.o: ALL_CFLAGS += -DDTPART_DATADIR_REL='"$(DATADIR_REL)"'
$(O)/obj/dtpart/src/board.o: $(O)/datadir-rel

$(O)/datadir-rel: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR_REL)' | cmp -s - $@ || echo '$(DATADIR_REL)' > $@

$(DTPART_LIB): $(DTPART_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(AR) rcs $@ $^

$(O)/dtpart: $(O)/obj/dtpart/src/main.o $(DTPART_LIB) $(O)/libxlcfg.a $(O)/libhypervisor.a $(O)/libiommu.a
	$(call link,$(FDT_LIBS) $(JANSSON_LIBS) $(XEN_LIBS))

PROGRAMS += $(O)/dtpart
