/*
 * How much simulated time the work the machine models takes.
 *
 * The board's clock moves only when modelled work says so (see board/clock.ts),
 * so printk timestamps after boot come from these costs. They are rough
 * figures for Linux 6.1 on QEMU's TCG Cortex-A9 (the reference setup), where
 * a busybox fork+exec takes about a millisecond and an anonymous page fault a
 * few microseconds; they make the log read like the real board's (time passes
 * between commands, a memory hog takes a visible while), not match it to the
 * microsecond. Changing one changes every timestamp after boot, never an outcome.
 */

/** fork() + execve() of a busybox applet, up to its first instruction. */
export const FORK_EXEC_NS = 1_200_000

/** One handled user page fault (anonymous or file, minor). */
export const PAGE_FAULT_NS = 3_000

/** A line typed on the serial console reaching the line discipline. */
export const TTY_INPUT_NS = 20_000
