# Every board's host tree is compiled to $(O)/boards/NAME/xen.dtb on `make`:
# the "regenerate xen.dtb during the build" use. Labels are kept (-@) so that
# dtpart can resolve devices by label in the blob too.
BOARD_NAMES := zcu102 ultrazed
BOARD_DTBS  := $(foreach b,$(BOARD_NAMES),$(O)/boards/$(b)/xen.dtb)

define board_rule
$(O)/boards/$(1)/xen.dtb: $(wildcard boards/$(1)/*.dts boards/$(1)/*.dtsi)
	@mkdir -p $$(dir $$@)
	$$(DTC) -q -@ -I dts -O dtb -o $$@.tmp boards/$(1)/$(1).dts && mv $$@.tmp $$@
endef
$(foreach b,$(BOARD_NAMES),$(eval $(call board_rule,$(b))))
