/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GIC-400 model and distributor programming, read back from the simulator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <hypervisor/gic.h>
#include <hypervisor/gic_prog.h>
#include <hypervisor/gic_sim.h>

static struct gic_model g;
static struct gic_sim sim;

static void test_lines_from_typer(void **state)
{
	(void)state;
	gic_sim_init(&sim, 0xf9010000u);
	struct mmio_bus bus = gic_sim_bus(&sim);
	uint32_t lines = gic_lines_from_typer(mmio_read32(&bus, 0xf9010000u + GICD_TYPER));
	assert_int_equal(lines, 192);
	assert_int_equal(gic_init(&g, lines), 0);
}

static void test_triggers(void **state)
{
	(void)state;
	uint8_t t;
	assert_int_equal(gic_spi_trigger(4, &t), 0);
	assert_int_equal(t, GIC_LEVEL_HIGH);
	assert_int_equal(gic_spi_trigger(1, &t), 0);
	assert_int_equal(gic_spi_trigger(8, &t), -HV_ETRIGGER);   /* level-low */
	assert_int_equal(gic_spi_trigger(2, &t), -HV_ETRIGGER);   /* falling edge */
	assert_int_equal(gic_spi_trigger(0, &t), -HV_ETRIGGER);
}

static void test_ownership(void **state)
{
	(void)state;
	int holder;
	gic_init(&g, 192);
	gic_reserve_xen(&g, 53);                                  /* console UART0 */
	assert_int_equal(gic_route(&g, 54, 1, 4, &holder), 0);     /* UART1 */
	assert_int_equal(gic_route(&g, 54, 1, 4, &holder), 0);     /* again, same domain */
	assert_int_equal(gic_route(&g, 54, 2, 4, &holder), -HV_EBUSY);
	assert_int_equal(holder, 1);
	assert_int_equal(gic_route(&g, 53, 2, 4, &holder), -HV_EXEN);
	assert_int_equal(gic_route(&g, 27, 2, 4, &holder), -HV_ENOTSPI);
	assert_int_equal(gic_route(&g, 192, 2, 4, &holder), -HV_ERANGE);
	assert_int_equal(gic_route(&g, 95, 2, 8, &holder), -HV_ETRIGGER);
	assert_int_equal(gic_route(&g, 95, 2, 4, &holder), 0);
	assert_int_equal(gic_route(&g, 145, 2, 1, &holder), 0);    /* watchdog, edge */
	uint32_t virqs[8];
	assert_int_equal(gic_domain_virqs(&g, 2, virqs, 8), 2);
	assert_int_equal(virqs[0], 95);
	assert_int_equal(virqs[1], 145);
}

static void test_programming_read_back(void **state)
{
	(void)state;
	int holder;
	gic_init(&g, 192);
	gic_sim_init(&sim, 0xf9010000u);
	struct mmio_bus bus = gic_sim_bus(&sim);
	assert_int_equal(gic_route(&g, 54, 1, 4, &holder), 0);
	assert_int_equal(gic_route(&g, 145, 2, 1, &holder), 0);
	gic_prog_all(&bus, 0xf9010000u, &g, 0x2);
	assert_true(gic_sim_enabled(&sim, 54));
	assert_true(gic_sim_enabled(&sim, 145));
	assert_false(gic_sim_enabled(&sim, 95));
	assert_false(gic_sim_edge(&sim, 54));
	assert_true(gic_sim_edge(&sim, 145));
	/* ITARGETSR byte 54 -> CPU interface 1, priority 0xa0. */
	assert_int_equal((mmio_read32(&bus, 0xf9010000u + GICD_ITARGETSR(54 / 4)) >> 16) & 0xff, 0x2);
	assert_int_equal((mmio_read32(&bus, 0xf9010000u + GICD_IPRIORITYR(54 / 4)) >> 16) & 0xff, 0xa0);
	/* ICFGR: level fields read 0b01 (reserved low bit is 1 on ZynqMP). */
	assert_int_equal((mmio_read32(&bus, 0xf9010000u + GICD_ICFGR(54 / 16)) >> (2 * (54 % 16))) & 3, 1);
	assert_int_equal((mmio_read32(&bus, 0xf9010000u + GICD_ICFGR(145 / 16)) >> (2 * (145 % 16))) & 3, 3);
	/* The banked targets of SGIs/PPIs are read-only. */
	mmio_write32(&bus, 0xf9010000u + GICD_ITARGETSR(7), 0xffffffffu);
	assert_int_equal(mmio_read32(&bus, 0xf9010000u + GICD_ITARGETSR(7)), 0x01010101u);
	gic_prog_disable(&bus, 0xf9010000u, 54);
	assert_false(gic_sim_enabled(&sim, 54));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_from_typer),
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_ownership),
		cmocka_unit_test(test_programming_read_back),
	};
	return cmocka_run_group_tests_name("hypervisor GIC-400", tests, NULL, NULL);
}
