/*
 * kernel/time/timer.c for module code: struct timer_list (timer_setup,
 * add_timer, mod_timer, del_timer[_sync], timer_pending). Callbacks run in
 * softirq context when the simulated clock passes their expiry (jiffies):
 * in_softirq() and in_atomic() are true, so a GFP_KERNEL allocation or a
 * msleep() there prints "BUG: sleeping function called from invalid
 * context", as on the real kernel.
 *
 * A source of the kernel's timer base (kernel/timer.ts): the machine moves
 * time through the base while tasks sleep or the console idles, and timers
 * due on the way run, each at its own expiry time (so their printk
 * timestamps are right). msleep() in a module's init waits as insmod's own
 * sleep while the machine moves time; elsewhere it passes time the same way.
 * A quantum of init code is also a timer tick: timers due meanwhile run then,
 * nested on insmod's stack.
 */

import type { CValue, NativeFn } from '../../cc/index'
import type { KFrame } from '../context'
import { NSEC_PER_JIFFY, type Clock } from '../../board/clock'
import type { KernelCMemory } from './memory'
import type { TimerSource } from '../timer'

/* struct timer_list (include tree's linux/timer.h): entry.next 0, entry.pprev 4, expires 8, function 12, flags 16 */
const T = { next: 0, pprev: 4, expires: 8, function: 12, flags: 16 }

export interface TimersHost {
  mem: KernelCMemory
  clock: Clock
  /** Run a module function in softirq context; false if it crashed or got stuck. */
  callSoftirq(fn: number, args: CValue[], frames: KFrame[]): boolean
}

/** The frames below a timer callback: the timer interrupt's softirq. */
const SOFTIRQ_FRAMES: KFrame[] = [
  { fn: '__irq_svc', off: 0x58, size: 0x80 },
  { fn: 'irq_exit', off: 0xb0, size: 0xdc },
  { fn: '__do_softirq', off: 0x134, size: 0x3c4 },
  { fn: 'run_timer_softirq', off: 0x28, size: 0x54 },
  { fn: '__run_timers', off: 0x214, size: 0x2c4 },
  { fn: 'call_timer_fn', off: 0x38, size: 0x1a4 }
]

export class ModuleTimers implements TimerSource {
  /** timer_list address -> expiry (jiffies) */
  readonly pending = new Map<number, number>()
  /** in a timer callback now (softirq context) */
  inSoftirq = 0

  constructor(readonly h: TimersHost) {}

  /** Clock ns at which jiffies reaches `j` (32-bit, relative to now). */
  private nsOf(j: number): number {
    const now = this.h.clock.now()
    const cur = this.h.clock.jiffies()
    const delta = (j - cur) | 0
    if (delta <= 0) return now
    const tick0 = Math.floor(now / NSEC_PER_JIFFY) * NSEC_PER_JIFFY
    return tick0 + delta * NSEC_PER_JIFFY
  }

  /** Clock ns of the earliest pending timer, or null. */
  nextNs(): number | null {
    let best: number | null = null
    for (const j of this.pending.values()) {
      const ns = this.nsOf(j)
      if (best === null || ns < best) best = ns
    }
    return best
  }

  /** __run_timers(): every timer whose expiry has come, earliest first. */
  runDue(): void {
    const now = this.h.clock.jiffies()
    const due = [...this.pending].filter(([, j]) => ((now - j) | 0) >= 0).sort((a, b) => ((a[1] - b[1]) | 0))
    for (const [t] of due) {
      if (!this.pending.has(t)) continue
      this.pending.delete(t)
      this.h.mem.store32(t + T.pprev, 0)
      const fn = this.h.mem.load32(t + T.function) >>> 0
      if (!fn) continue
      this.inSoftirq++
      try {
        this.h.callSoftirq(fn, [t], SOFTIRQ_FRAMES)
      } finally {
        this.inSoftirq--
      }
    }
  }

  /** A module is gone: its timers too (a real kernel would crash later; we spare the board). */
  dropRange(base: number, end: number): void {
    for (const t of [...this.pending.keys()]) {
      const fn = this.h.mem.peek32(t + T.function)
      if ((t >= base && t < end) || (fn !== null && fn >>> 0 >= base && fn >>> 0 < end)) this.pending.delete(t)
    }
  }

  private add(t: number): void {
    this.pending.set(t, this.h.mem.load32(t + T.expires) >>> 0)
    this.h.mem.store32(t + T.pprev, 1)
  }

  natives(): Record<string, NativeFn> {
    const m = (): KernelCMemory => this.h.mem
    const u = (v: CValue | undefined): number => Number(v ?? 0) >>> 0
    return {
      timer_setup: (a) => {
        const t = u(a[0])
        m().store32(t + T.next, 0)
        m().store32(t + T.pprev, 0)
        m().store32(t + T.function, u(a[1]))
        m().store32(t + T.flags, u(a[2]))
        this.pending.delete(t)
      },
      add_timer: (a) => this.add(u(a[0])),
      mod_timer: (a) => {
        const t = u(a[0])
        const was = this.pending.has(t) ? 1 : 0
        m().store32(t + T.expires, u(a[1]))
        this.add(t)
        return was
      },
      del_timer: (a) => {
        const t = u(a[0])
        const was = this.pending.delete(t) ? 1 : 0
        m().store32(t + T.pprev, 0)
        return was
      },
      del_timer_sync: (a) => {
        const t = u(a[0])
        const was = this.pending.delete(t) ? 1 : 0
        m().store32(t + T.pprev, 0)
        return was
      },
      timer_pending: (a) => (this.pending.has(u(a[0])) ? 1 : 0)
    }
  }
}

