/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names of firmware clocks. The ZynqMP clock binding ("xlnx,zynqmp-clk",
 * #clock-cells = <1>) numbers the clocks of the platform firmware; Linux's
 * clock driver registers each under the name the firmware gives it, and
 * those names are what /sys/kernel/debug/clk/clk_summary and the SoC data
 * (boards/zynqmp/soc.json) key rates by. */
#ifndef DTPART_FWCLOCK_H
#define DTPART_FWCLOCK_H

#include <stdint.h>

/* The firmware's name ("uart0_ref", "gem3_tx") of clock ID id of the ZynqMP
 * binding (include/dt-bindings/clock/xlnx-zynqmp-clk.h in Linux); NULL for
 * an ID the binding does not define. */
const char *dtp_zynqmp_clock_name(uint32_t id);

#endif
