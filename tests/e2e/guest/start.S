/* Entry of the e2e test guest: an arm64 Image header so Xen loads it like a
 * kernel (at guest RAM base + text_offset, MMU off, x0 = device tree). */
	.section .text.head, "ax"
	.global _head
_head:
	b	_start			/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	_end - _head		/* image_size */
	.quad	0xa			/* flags: little endian, 4K pages, anywhere */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic at 0x38 */
	.long	0			/* res5 */

	.text
	.global _start
_start:
	mov	x19, x0
	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	guest_main
	/* PSCI SYSTEM_OFF: the domain ends instead of idling, so xl sees it go
	 * and its vCPU stops costing emulation time. */
	ldr	x0, =0x84000008
	hvc	#0
3:	wfi
	b	3b

	.bss
	.balign	16
	.space	0x10000
stack_top:
