/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The e2e test guest. It reads its device tree, finds the devices dtpart put
 * under /passthrough, writes a marker to the passed-through UART, checks
 * that the UART's interrupt arrives through the virtual GIC, and reads
 * GEM3's module ID register when it has GEM3. Without a UART it reports
 * through Xen's console hypercall. Markers (checked by run-e2e.sh):
 *   DTPART-GUEST <bootargs> uart=0x... irq=N
 *   DTPART-GUEST IRQ N delivered | NOT delivered
 *   DTPART-GUEST GEM module id 0x...
 *   DTPART-GUEST DONE */
#include <libfdt.h>
#include <stdint.h>

#define GICD 0x03001000UL
#define GICC 0x03002000UL
/* Cadence UART */
#define UART_CR 0x00
#define UART_IER 0x08
#define UART_IDR 0x0c
#define UART_CISR 0x14
#define UART_SR 0x2c
#define UART_FIFO 0x30
#define UART_SR_TXFULL (1u << 4)
#define UART_INT_TEMPTY (1u << 3)

static volatile uint32_t *reg32(uint64_t addr)
{
	return (volatile uint32_t *)(uintptr_t)addr;
}

static uint64_t uart;

static void hvc_write(const char *s, unsigned long n)
{
	register unsigned long x0 __asm__("x0") = 0;    /* CONSOLEIO_write */
	register unsigned long x1 __asm__("x1") = n;
	register const char *x2 __asm__("x2") = s;
	register unsigned long x16 __asm__("x16") = 18; /* __HYPERVISOR_console_io */
	__asm__ volatile("hvc #0xea1" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x16) : "memory");
}

static void out(const char *s)
{
	unsigned long n = strlen(s);
	if (uart) {
		for (const char *p = s; *p; p++) {
			while (*reg32(uart + UART_SR) & UART_SR_TXFULL)
				;
			*reg32(uart + UART_FIFO) = (uint8_t)*p;
		}
	} else {
		hvc_write(s, n);
	}
}

static char *hex(char *p, uint64_t v)
{
	*p++ = '0';
	*p++ = 'x';
	int started = 0;
	for (int sh = 60; sh >= 0; sh -= 4) {
		unsigned d = (unsigned)(v >> sh) & 0xf;
		if (d || started || sh == 0) {
			*p++ = (char)(d < 10 ? '0' + d : 'a' + d - 10);
			started = 1;
		}
	}
	return p;
}

static char *dec(char *p, unsigned v)
{
	char t[12];
	int k = 0;
	do {
		t[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		*p++ = t[--k];
	return p;
}

static char *str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static uint64_t reg_addr(const void *fdt, int node)
{
	int len;
	const fdt32_t *r = fdt_getprop(fdt, node, "reg", &len);
	if (!r || len < 16)
		return 0;
	return ((uint64_t)fdt32_to_cpu(r[0]) << 32) | fdt32_to_cpu(r[1]);
}

static unsigned spi_id(const void *fdt, int node)
{
	int len;
	const fdt32_t *i = fdt_getprop(fdt, node, "interrupts", &len);
	if (!i || len < 12)
		return 0;
	return fdt32_to_cpu(i[1]) + (fdt32_to_cpu(i[0]) == 0 ? 32 : 16);
}

static int strstr_simple(const char *hay, const char *needle)
{
	for (; *hay; hay++) {
		const char *a = hay, *b = needle;
		while (*a && *b && *a == *b) {
			a++;
			b++;
		}
		if (!*b)
			return 1;
	}
	return 0;
}

static int is(const void *fdt, int node, const char *compat_part)
{
	int len;
	const char *c = fdt_getprop(fdt, node, "compatible", &len);
	for (int off = 0; c && off < len; off += (int)strlen(c + off) + 1)
		if (strstr_simple(c + off, compat_part))
			return 1;
	return 0;
}

/* Polls the GIC CPU interface for irq: the CPU keeps interrupts masked, the
 * GIC still signals them through IAR. */
static int irq_arrives(unsigned irq)
{
	*reg32(GICD + 0x000) = 1;                               /* distributor on */
	*reg32(GICD + 0x400 + (irq & ~3u)) = 0xa0a0a0a0u;        /* priority */
	*reg32(GICD + 0x800 + (irq & ~3u)) = 0x01010101u;        /* to vCPU 0 */
	*reg32(GICD + 0x100 + 4 * (irq / 32)) = 1u << (irq % 32); /* enable */
	*reg32(GICC + 0x004) = 0xff;                            /* priority mask */
	*reg32(GICC + 0x000) = 1;                               /* CPU interface on */
	*reg32(uart + UART_IER) = UART_INT_TEMPTY;              /* TX FIFO empty -> IRQ */
	int got = 0;
	for (long i = 0; i < 20000000 && !got; i++) {
		uint32_t iar = *reg32(GICC + 0x00c);
		if ((iar & 0x3ff) == irq) {
			got = 1;
			*reg32(uart + UART_IDR) = UART_INT_TEMPTY;
			*reg32(uart + UART_CISR) = UART_INT_TEMPTY;
			*reg32(GICC + 0x010) = iar;                     /* EOI */
		} else if ((iar & 0x3ff) != 1023) {
			*reg32(GICC + 0x010) = iar;
		}
	}
	return got;
}

void guest_main(const void *fdt)
{
	char line[256], *p;
	uint64_t gem = 0;
	unsigned uart_irq = 0;
	const char *bootargs = "";
	if (fdt_check_header(fdt) == 0) {
		int chosen = fdt_path_offset(fdt, "/chosen");
		const char *ba = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : 0;
		if (ba)
			bootargs = ba;
		int pt = fdt_path_offset(fdt, "/passthrough");
		int node;
		fdt_for_each_subnode(node, fdt, pt) {
			if (!uart && is(fdt, node, "cdns,uart")) {
				uart = reg_addr(fdt, node);
				uart_irq = spi_id(fdt, node);
			} else if (!gem && is(fdt, node, "cdns,gem")) {
				gem = reg_addr(fdt, node);
			}
		}
	}
	if (uart) {
		*reg32(uart + UART_CR) = 0x17;      /* reset FIFOs, enable RX/TX */
		*reg32(uart + UART_CR) = 0x14;
	}
	p = str(line, "\r\nDTPART-GUEST ");
	p = str(p, bootargs);
	if (uart) {
		p = str(p, " uart=");
		p = hex(p, uart);
		p = str(p, " irq=");
		p = dec(p, uart_irq);
	} else {
		p = str(p, " no-uart");
	}
	p = str(p, "\r\n");
	*p = 0;
	out(line);
	if (uart && uart_irq) {
		p = str(line, "DTPART-GUEST IRQ ");
		p = dec(p, uart_irq);
		p = str(p, irq_arrives(uart_irq) ? " delivered\r\n" : " NOT delivered\r\n");
		*p = 0;
		out(line);
	}
	if (gem) {
		p = str(line, "DTPART-GUEST GEM module id ");
		p = hex(p, *reg32(gem + 0xfc));
		p = str(p, "\r\n");
		*p = 0;
		out(line);
	}
	out("DTPART-GUEST DONE\r\n");
}
