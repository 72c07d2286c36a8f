/*
 * The simulated clock: one monotonic nanosecond counter for the whole board.
 *
 * Nothing in src-core reads the host's time. Work advances the clock by
 * modelled costs (a printk, an allocation, a C statement), and the host driver
 * advances it while the machine idles (in real time, or in one jump when a
 * script runs at max speed). Same inputs, same clock, byte for byte.
 *
 * Nanoseconds are kept in a double: exact up to 2^53 ns (104 days of uptime).
 */

export const HZ = 100 // CONFIG_HZ=100 on vexpress_defconfig
export const NSEC_PER_SEC = 1_000_000_000
export const NSEC_PER_JIFFY = NSEC_PER_SEC / HZ
/* include/linux/jiffies.h: jiffies start 5 minutes before wrapping, so wrap bugs show early. */
export const INITIAL_JIFFIES = (-300 * HZ) >>> 0

export class Clock {
  private ns = 0

  /** Nanoseconds since power-on (local_clock()). */
  now(): number {
    return this.ns
  }

  advance(ns: number): void {
    if (ns > 0) this.ns += ns
  }

  /** Jump forward to an absolute time (never backwards). */
  advanceTo(ns: number): void {
    if (ns > this.ns) this.ns = ns
  }

  /** 32-bit jiffies as a module reads them: INITIAL_JIFFIES + ticks, wrapping. */
  jiffies(): number {
    return (INITIAL_JIFFIES + Math.floor(this.ns / NSEC_PER_JIFFY)) >>> 0
  }

  reset(): void {
    this.ns = 0
  }
}
