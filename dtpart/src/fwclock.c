/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fwclock.h"

#include <stddef.h>

/* Indexed by clock ID: the binding's macro names, lower-cased, are the
 * names the firmware reports for them. Written from the binding's list of
 * IDs 0..112. */
static const char *const zynqmp_names[] = {
	"iopll", "rpll", "apll", "dpll", "vpll", "iopll_to_fpd", "rpll_to_fpd", "apll_to_lpd",
	"dpll_to_lpd", "vpll_to_lpd", "acpu", "acpu_half", "dbf_fpd", "dbf_lpd", "dbg_trace",
	"dbg_tstmp", "dp_video_ref", "dp_audio_ref", "dp_stc_ref", "gdma_ref", "dpdma_ref",
	"ddr_ref", "sata_ref", "pcie_ref", "gpu_ref", "gpu_pp0_ref", "gpu_pp1_ref",
	"topsw_main", "topsw_lsbus", "gtgref0_ref", "lpd_switch", "lpd_lsbus", "usb0_bus_ref",
	"usb1_bus_ref", "usb3_dual_ref", "usb0", "usb1", "cpu_r5", "cpu_r5_core", "csu_spb",
	"csu_pll", "pcap", "iou_switch", "gem_tsu_ref", "gem_tsu", "gem0_tx", "gem1_tx",
	"gem2_tx", "gem3_tx", "gem0_rx", "gem1_rx", "gem2_rx", "gem3_rx", "qspi_ref",
	"sdio0_ref", "sdio1_ref", "uart0_ref", "uart1_ref", "spi0_ref", "spi1_ref",
	"nand_ref", "i2c0_ref", "i2c1_ref", "can0_ref", "can1_ref", "can0", "can1", "dll_ref",
	"adma_ref", "timestamp_ref", "ams_ref", "pl0_ref", "pl1_ref", "pl2_ref", "pl3_ref",
	"wdt", "iopll_int", "iopll_pre_src", "iopll_half", "iopll_int_mux", "iopll_post_src",
	"rpll_int", "rpll_pre_src", "rpll_half", "rpll_int_mux", "rpll_post_src", "apll_int",
	"apll_pre_src", "apll_half", "apll_int_mux", "apll_post_src", "dpll_int",
	"dpll_pre_src", "dpll_half", "dpll_int_mux", "dpll_post_src", "vpll_int",
	"vpll_pre_src", "vpll_half", "vpll_int_mux", "vpll_post_src", "can0_mio", "can1_mio",
	"acpu_full", "gem0_ref", "gem1_ref", "gem2_ref", "gem3_ref", "gem0_ref_ung",
	"gem1_ref_ung", "gem2_ref_ung", "gem3_ref_ung", "lpd_wdt",
};

const char *dtp_zynqmp_clock_name(uint32_t id)
{
	return id < sizeof(zynqmp_names) / sizeof(zynqmp_names[0]) ? zynqmp_names[id] : NULL;
}
