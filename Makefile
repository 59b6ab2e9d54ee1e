# SPDX-License-Identifier: GPL-2.0-or-later
# dtpart top-level build.
#
#   make                 build the tool, the libraries and every board's xen.dtb
#   make check           install missing Debian packages (as root), build under
#                        ASan+UBSan in $(O)/san and run every test
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#   make uninstall       the same variables remove what install put there
#   make check-deb       build the Debian package, lintian it, install it (as
#                        root) and run the installed tools
#
# CC, CPPFLAGS, CFLAGS, LDFLAGS, LDLIBS, PKG_CONFIG and DTC from the
# environment are honoured (cross builds, Debian, Yocto); WERROR= builds
# without -Werror. The installed dtpart finds its board data relative to its
# own place (BINDIR/../share/dtpart/boards), so PREFIX and DATADIR may be
# given at `make install` only. Each component adds its sources, libraries
# and tests in its own module.mk, included below; this file only holds the
# shared rules.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/dtpart
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config
DTC        ?= dtc
CFLAGS     ?= -O2 -g
O          ?= build
WERROR     ?= -Werror
# The way from BINDIR to DATADIR, compiled into dtpart (dtpart/module.mk).
DATADIR_REL = $(shell realpath -m --relative-to='$(BINDIR)' '$(DATADIR)' 2>/dev/null || echo ../share/dtpart)

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
# As strict as dtc's own build: shadowing, string-literal constness, format
# strings (every printf-like function carries a format attribute), prototypes.
WARN     := -std=c11 -Wall -Wextra -Wshadow -Wwrite-strings -Wformat=2 -Wmissing-prototypes \
            -Wstrict-prototypes $(WERROR)
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(INCLUDES) $(XEN_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)

# Filled by the module.mk files.
PROGRAMS      :=
UNIT_TESTS    :=
CHECK_SCRIPTS :=
BOARD_DTBS    :=
FREESTANDING_SRCS :=

.PHONY: all check check-deps run-checks install uninstall clean check-deb FORCE
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
link = $(Q)mkdir -p $(dir $@); $(if $(Q),echo "  LD      $@";) $(CC) $(ALL_LDFLAGS) -o $@ $^ $(1) $(LDLIBS)

# Before the first compile in $(O): are the headers and dtc there? If not,
# name the missing Debian packages and how to install them, instead of
# stopping at the first "No such file".
$(O)/deps-ok:
	@CC='$(CC)' CPPFLAGS='$(CPPFLAGS)' CFLAGS='$(CFLAGS)' XEN_CFLAGS='$(XEN_CFLAGS)' DTC='$(DTC)' \
	  sh scripts/deps.sh probe
	@mkdir -p $(dir $@) && touch $@

$(O)/obj/%.o: %.c | $(O)/deps-ok
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

BOARD_FILES = $(wildcard boards/$(1)/*.dts) boards/$(1)/board.json $(filter $(O)/boards/$(1)/%,$(BOARD_DTBS))
BASHCOMP := $(wildcard bash-completion/dtpart bash-completion/xlcfg-gen)
MANPAGES := $(wildcard man/*.1)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/boards/zynqmp $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	$(foreach b,$(BOARD_NAMES),install -d $(DESTDIR)$(DATADIR)/boards/$(b) && \
	  install -m 644 $(call BOARD_FILES,$(b)) $(DESTDIR)$(DATADIR)/boards/$(b)/ &&) true
	install -m 644 $(BOARD_SHARED) $(DESTDIR)$(DATADIR)/boards/zynqmp/
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/
ifneq ($(BASHCOMP),)
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 $(BASHCOMP) $(DESTDIR)$(BASHCOMPDIR)/
endif

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))
ifneq ($(BASHCOMP),)
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(notdir $(BASHCOMP)))
endif
	rm -rf $(DESTDIR)$(DATADIR)/boards
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

# The Debian package, built from the tracked files in $(O)/deb, checked with
# lintian, installed, and its /usr/bin tools run (scripts/check-deb.sh).
check-deb:
	@sh scripts/deps.sh deb
	@O=$(O) sh scripts/check-deb.sh

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
