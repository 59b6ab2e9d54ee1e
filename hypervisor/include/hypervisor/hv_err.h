/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Negative error codes of the hypervisor model, and their text. */
#ifndef HYPERVISOR_HV_ERR_H
#define HYPERVISOR_HV_ERR_H

enum hv_err {
	HV_OK = 0,
	HV_EINVAL = 1,
	HV_ENOTSPI,         /* not an SPI: "IRQ can only be routed to an SPI" */
	HV_ERANGE,          /* beyond the GIC's lines */
	HV_EXEN,            /* Xen keeps it */
	HV_EBUSY,           /* another domain (or dom0) owns it */
	HV_ETRIGGER,        /* a trigger type a GIC-400 SPI cannot do */
	HV_ERR_MAX
};

const char *hv_strerror(int err);

#endif
