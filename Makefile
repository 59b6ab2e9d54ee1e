# dtpart top-level build.
#
#   make                 build the tool, the libraries and every board's xen.dtb
#   make check           install missing Debian packages (as root), build under
#                        ASan+UBSan in $(O)/san and run every test
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#
# CC, CFLAGS, LDFLAGS, PKG_CONFIG and DTC from the environment are honoured
# (cross builds, Yocto). Each component adds its sources, libraries and tests
# in its own module.mk, included below; this file only holds the shared rules.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/dtpart
MANDIR     ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
DTC        ?= dtc
CFLAGS     ?= -O2 -g
O          ?= build

# SAN=1 builds everything with AddressSanitizer and UndefinedBehaviorSanitizer.
ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

FDT_LIBS     := $(call pc_libs,libfdt,-lfdt)
JANSSON_LIBS := $(call pc_libs,jansson,-ljansson)
XEN_CFLAGS   := $(call pc_cflags,xlutil xenlight)
XEN_LIBS     := $(call pc_libs,xlutil xenlight,-lxlutil -lxenlight)
CMOCKA_LIBS  := $(call pc_libs,cmocka,-lcmocka)

INCLUDES := -Idtpart/include -Iiommu/include -Ihypervisor/include -Ixlcfg-gen/include
WARN     := -std=c11 -Wall -Wextra -Werror
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(INCLUDES) $(XEN_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)

# Filled by the module.mk files.
PROGRAMS      :=
UNIT_TESTS    :=
CHECK_SCRIPTS :=
BOARD_DTBS    :=
FREESTANDING_SRCS :=

.PHONY: all check check-deps run-checks install clean
all:

include iommu/module.mk
include hypervisor/module.mk
include xlcfg-gen/module.mk
include dtpart/module.mk
include boards/module.mk
include tests/module.mk
-include bench/module.mk

all: $(PROGRAMS) $(BOARD_DTBS)

# V=1 shows the full command lines.
Q := $(if $(filter 1,$(V)),,@)
# $(call link,LIBS): link $^ into $@.
link = @mkdir -p $(dir $@); $(if $(Q),echo "  LD      $@";) $(CC) $(ALL_LDFLAGS) -o $@ $^ $(1)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# `make check` installs what it needs, then rebuilds under sanitizers in a
# separate tree so that `make` outputs stay sanitizer-free for install.
check: check-deps
	$(MAKE) --no-print-directory O=$(O)/san SAN=1 run-checks

check-deps:
	@sh scripts/deps.sh check

run-checks: $(PROGRAMS) $(BOARD_DTBS) $(UNIT_TESTS)
	@O=$(O) DTC=$(DTC) SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/dtpart \
	  XLCFG_GEN=$(CURDIR)/$(O)/xlcfg-gen FREESTANDING_SRCS="$(FREESTANDING_SRCS)" \
	  sh tests/run-checks.sh $(UNIT_TESTS) -- $(CHECK_SCRIPTS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/boards $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	for b in $(BOARD_NAMES); do \
	  install -d $(DESTDIR)$(DATADIR)/boards/$$b && \
	  install -m 644 boards/$$b/*.dts boards/$$b/board.json $(O)/boards/$$b/*.dtb \
	    $(DESTDIR)$(DATADIR)/boards/$$b/ || exit 1; done
	install -d $(DESTDIR)$(DATADIR)/boards/zynqmp
	install -m 644 $(BOARD_SHARED) $(DESTDIR)$(DATADIR)/boards/zynqmp/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/

clean:
	rm -rf $(O)

-include $(shell find $(O)/obj -name '*.d' -type f 2>/dev/null)

# The README's first command: build, then run dtpart on the shipped ZCU102
# board and show what it writes.
.PHONY: demo
demo:
	@sh scripts/deps.sh build
	$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(O)/dtpart
