# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end boots of real Xen under QEMU (tests/e2e/README.md): dom0less
# (run-e2e.sh), the xl flow with a dom0 (run-xl.sh) and Linux guests driving
# the passed-through UART and Ethernet controller (run-linux.sh).
CHECK_SCRIPTS += tests/e2e/run-e2e.sh tests/e2e/run-xl.sh tests/e2e/run-linux.sh
.PHONY: check-e2e
check-e2e: $(O)/dtpart $(O)/xlcfg-gen $(BOARD_DTBS)
	@O=$(O) SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/dtpart sh tests/e2e/run-e2e.sh
	@O=$(O) SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/dtpart XLCFG_GEN=$(CURDIR)/$(O)/xlcfg-gen sh tests/e2e/run-xl.sh
	@O=$(O) SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/dtpart sh tests/e2e/run-linux.sh
