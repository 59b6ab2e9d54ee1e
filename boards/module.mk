# SPDX-License-Identifier: GPL-2.0-or-later
# Every board's host tree is compiled on `make`: boards/NAME/NAME.dts to
# $(O)/boards/NAME/xen.dtb, each variant boards/NAME/NAME-VARIANT.dts to
# $(O)/boards/NAME/NAME-VARIANT.dtb: the "regenerate xen.dtb during the
# build" use. Labels are kept (-@) so dtpart resolves devices by label in the
# blobs too. The SoC part shared by the boards is boards/zynqmp/: the
# .dtsi the trees include, and soc.json, the SoC data every ZynqMP tree gets
# (installed with them into DATADIR/boards/zynqmp).
BOARD_NAMES := zcu102 ultrazed
BOARD_SHARED := $(wildcard boards/zynqmp/*.dtsi) boards/zynqmp/soc.json
BOARD_VARIANTS := $(foreach b,$(BOARD_NAMES),$(filter-out boards/$(b)/$(b).dts,$(wildcard boards/$(b)/$(b)-*.dts)))
BOARD_DTBS  := $(foreach b,$(BOARD_NAMES),$(O)/boards/$(b)/xen.dtb) \
               $(patsubst boards/%.dts,$(O)/boards/%.dtb,$(BOARD_VARIANTS))

define board_rule
$(O)/boards/$(1)/xen.dtb: $(wildcard boards/$(1)/*.dts boards/$(1)/*.dtsi) $(BOARD_SHARED)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  DTC     $$@")
	$$(Q)$$(DTC) -q -@ -I dts -O dtb -o $$@.tmp boards/$(1)/$(1).dts && mv $$@.tmp $$@
endef
$(foreach b,$(BOARD_NAMES),$(eval $(call board_rule,$(b))))

$(O)/boards/%.dtb: boards/%.dts $(BOARD_SHARED)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  DTC     $@")
	$(Q)$(DTC) -q -@ -I dts -O dtb -o $@.tmp $< && mv $@.tmp $@
