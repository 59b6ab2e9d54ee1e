/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <hypervisor/hv_err.h>

const char *hv_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case HV_OK: return "success";
	case HV_EINVAL: return "invalid argument";
	case HV_ENOTSPI: return "IRQ can only be routed to an SPI";
	case HV_ERANGE: return "interrupt beyond the GIC's lines";
	case HV_EXEN: return "interrupt used by Xen";
	case HV_EBUSY: return "interrupt used by another domain";
	case HV_ETRIGGER: return "trigger type a GIC-400 SPI cannot do";
	default: return "unknown error";
	}
}
