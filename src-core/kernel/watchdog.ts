/*
 * kernel/watchdog.c: the soft-lockup detector. A CPU that runs kernel code
 * without scheduling for more than 2 * watchdog_thresh (10) seconds is
 * reported by the watchdog hrtimer (every 4 s) with the interrupted
 * registers and backtrace:
 *
 *   watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [insmod:123]
 *   Modules linked in: spin(O+)
 *   CPU: 0 PID: 123 Comm: insmod Tainted: G           O       6.1.192 #1
 *   Hardware name: ARM-Versatile Express
 *   PC is at spin_init+0x18/0x1000 [spin]
 *   ... (__show_regs, backtrace)
 *
 * and again every ~26 s while the CPU stays stuck (22s, 48s, 74s, ...).
 * TAINT_SOFTLOCKUP (L) is added after the first report.
 *
 * The C engine cannot run a loop for 22 simulated seconds at the speed a
 * student waits for, so the module loader calls the lockup once the code
 * has run LOCKUP_OPS operations without scheduling (seconds of host time,
 * far beyond any lab's work between two sleeps; the code yields to the
 * machine every quantum meanwhile, so the board keeps answering); the task
 * then stays stuck in the kernel and the reports follow on the simulated
 * clock.
 */

import { TAINT_SOFTLOCKUP, type KFrame, type KernelContext } from './context'
import { print_modules } from './panic'
import { KERN_EMERG } from './printk'
import { type OopsRegs, show_regs } from './traps'

export const WATCHDOG_THRESH = 10
/** C operations without scheduling after which a loop counts as stuck. */
export const LOCKUP_OPS = 200_000_000

/** The duration printed by the n-th report (0-based): 22s, 48s, 74s ... */
export function softlockupSeconds(n: number): number {
  return 22 + 26 * n
}

export interface StuckCpu {
  comm: string
  pid: number
  /** clock ns when the CPU got stuck */
  since: number
  frames: KFrame[]
  pcFrame: KFrame
  lrFrame: KFrame
  regs: OopsRegs
  reports: number
}

/** watchdog_timer_fn()'s report for a stuck CPU. */
export function softlockup_report(k: KernelContext, s: StuckCpu): void {
  const secs = softlockupSeconds(s.reports++)
  k.printk(`${KERN_EMERG}watchdog: BUG: soft lockup - CPU#${k.cpu} stuck for ${secs}s! [${s.comm}:${s.pid}]\n`)
  print_modules(k)
  show_regs(k, s.frames, s.pcFrame, s.lrFrame, s.regs)
  k.addTaint(TAINT_SOFTLOCKUP)
}

/** When the next report is due (clock ns). */
export function nextReportNs(s: StuckCpu): number {
  return s.since + softlockupSeconds(s.reports) * 1e9
}
