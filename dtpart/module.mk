# dtpart: the command-line tool. Its engine (everything but main.c) is also a
# static library so the unit tests link the same code.
DTPART_SRCS := $(filter-out dtpart/src/main.c,$(wildcard dtpart/src/*.c))
DTPART_OBJS := $(DTPART_SRCS:%.c=$(O)/obj/%.o)
DTPART_LIB  := $(O)/libdtpart.a
DTPART_DEFS := -DDTPART_DATADIR='"$(DATADIR)"' -DDTPART_SRCDIR='"$(CURDIR)"'

$(O)/obj/dtpart/src/board.o: ALL_CFLAGS += $(DTPART_DEFS)

$(DTPART_LIB): $(DTPART_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(AR) rcs $@ $^

$(O)/dtpart: $(O)/obj/dtpart/src/main.o $(DTPART_LIB) $(O)/libxlcfg.a $(O)/libhypervisor.a $(O)/libiommu.a
	$(call link,$(FDT_LIBS) $(JANSSON_LIBS) $(XEN_LIBS))

PROGRAMS += $(O)/dtpart
