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

/**
 * A compiled user program (gcc's a.out): simulated ns per unit of the C
 * engine's icount (a call or a loop iteration, a handful of ARM
 * instructions).
 */
export const USER_NS_PER_OP = 2

/** Module code (kernel C): the same figure; the loader moves the clock by it at each quantum and kernel call. */
export const KERNEL_NS_PER_OP = USER_NS_PER_OP

/** gcc: cc1 + as for one small translation unit on the board (TCG Cortex-A9). */
export const GCC_UNIT_NS = 150_000_000

/** gcc: collect2/ld linking a small static program against libc. */
export const GCC_LINK_NS = 60_000_000

/**
 * Writing one record to the serial console (PL011 under QEMU, console_lock
 * held): a fixed part and a part per character. The reference's OOM report
 * advances 0.1 to 0.5 ms per line. Charged from run_init on; the boot's own
 * times come from the reference log.
 */
export const CONSOLE_RECORD_NS = 60_000
export const CONSOLE_CHAR_NS = 1_000
