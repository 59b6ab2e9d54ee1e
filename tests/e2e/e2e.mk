# End-to-end boots of real Xen under QEMU (tests/e2e/README.md).
CHECK_SCRIPTS += tests/e2e/run-e2e.sh
.PHONY: check-e2e
check-e2e: $(O)/dtpart $(BOARD_DTBS)
	@O=$(O) SRCDIR=$(CURDIR) DTPART=$(CURDIR)/$(O)/dtpart sh tests/e2e/run-e2e.sh
