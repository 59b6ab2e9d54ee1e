/* Text forms of a device's resources, shared by `list` and `show`. */
#ifndef DTPART_REPORT_H
#define DTPART_REPORT_H

#include <stddef.h>
#include "devlist.h"

void format_regs(const struct dtp_devsum *d, char *buf, size_t len);
/* "22->54,63->95" with duplicates removed. */
void format_irqs(const struct dtp_devsum *d, char *buf, size_t len);
void format_sids(const struct dtp_devsum *d, char *buf, size_t len);
/* xl forms: "54, 95" and "\"0xff0e0\", 1" */
void format_xl_irqs(const struct dtp_devsum *d, char *buf, size_t len);
void format_xl_iomem(const struct dtp_devsum *d, char *buf, size_t len);

#endif
