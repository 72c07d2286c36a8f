/*
 * kernel/time/timer.c, as far as the machine needs it: one timer base per
 * running kernel. Every subsystem with deadlines (module timer_lists; later
 * the watchdog, kswapd's timeouts) registers as a source. The Board asks the
 * base for the next deadline whenever the console waits, and moves time
 * through runUntil(), so each timer fires at its own expiry with its own
 * printk timestamp, whether the host paces in real time or jumps.
 *
 * Left out: timer wheel granularity (expiries are exact jiffies) and
 * per-CPU bases.
 */

import type { Clock } from '../board/clock'

export interface TimerSource {
  /** Clock ns of this source's earliest pending timer, or null. */
  nextNs(): number | null
  /** Run every timer whose expiry has come (the TIMER_SOFTIRQ). */
  runDue(): void
}

/** A periodic timer re-armed for the same instant forever would hang runUntil; this bounds it. */
const MAX_EXPIRIES_PER_RUN = 1_000_000

export class TimerBase {
  private readonly sources: TimerSource[] = []
  /** In runUntil (a callback that sleeps lets time pass but does not nest the softirq). */
  private running = false

  constructor(private readonly clock: Clock) {}

  addSource(s: TimerSource): void {
    this.sources.push(s)
  }

  removeSource(s: TimerSource): void {
    const i = this.sources.indexOf(s)
    if (i >= 0) this.sources.splice(i, 1)
  }

  nextNs(): number | null {
    let best: number | null = null
    for (const s of this.sources) {
      const n = s.nextNs()
      if (n !== null && (best === null || n < best)) best = n
    }
    return best
  }

  /** Move the clock to `target`, running on the way each timer at its expiry. */
  runUntil(target: number): void {
    if (this.running) {
      this.clock.advanceTo(target)
      return
    }
    this.running = true
    try {
      for (let n = 0; n < MAX_EXPIRIES_PER_RUN; n++) {
        const next = this.nextNs()
        if (next === null || next > target) break
        this.clock.advanceTo(next)
        const now = this.clock.now()
        for (const s of [...this.sources]) {
          const due = s.nextNs()
          if (due !== null && due <= now) s.runDue()
        }
      }
    } finally {
      this.running = false
    }
    this.clock.advanceTo(target)
  }
}
