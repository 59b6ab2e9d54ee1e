#include "report.h"
#include "xenabi.h"

#include <stdio.h>
#include <string.h>

#define APPEND(buf, len, used, ...)                                              \
	do {                                                                     \
		if ((used) < (len)) {                                            \
			int w_ = snprintf((buf) + (used), (len) - (used), __VA_ARGS__); \
			if (w_ > 0)                                              \
				(used) += (size_t)w_;                            \
		}                                                                \
	} while (0)

static int seen_irq_before(const struct dtp_devsum *d, int i)
{
	for (int j = 0; j < i; j++)
		if (d->irqs[j].id == d->irqs[i].id)
			return 1;
	return 0;
}

void format_regs(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_regs; i++)
		APPEND(buf, len, used, "%s0x%llx+0x%llx", i ? "," : "",
		       (unsigned long long)d->regs[i].addr, (unsigned long long)d->regs[i].size);
}

void format_irqs(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_irqs; i++) {
		if (seen_irq_before(d, i))
			continue;
		APPEND(buf, len, used, "%s%s%u->%u", used ? "," : "",
		       d->irqs[i].type == DTP_IRQ_PPI ? "PPI" : "", d->irqs[i].number, d->irqs[i].id);
	}
	if (!used)
		snprintf(buf, len, "-");
}

void format_sids(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_sids; i++) {
		APPEND(buf, len, used, "%s0x%x", i ? "," : "", d->sids[i].id);
		if (d->sids[i].mask)
			APPEND(buf, len, used, "/0x%x", d->sids[i].mask);
	}
	if (!used)
		snprintf(buf, len, "-");
}

void format_xl_irqs(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_irqs; i++)
		if (!seen_irq_before(d, i))
			APPEND(buf, len, used, "%s%u", used ? ", " : "", d->irqs[i].id);
}

void format_xl_iomem(const struct dtp_devsum *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < d->n_regs; i++) {
		struct xlcfg_iomem m = dtp_iomem_of_range(d->regs[i].addr, d->regs[i].size);
		char one[64];
		xlcfg_format_iomem(&m, one, sizeof(one));
		APPEND(buf, len, used, "%s\"%s\"", i ? ", " : "", one);
	}
}
