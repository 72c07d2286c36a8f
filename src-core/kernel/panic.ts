/*
 * kernel/panic.c __warn() / warn_slowpath_fmt(): the WARN_ON() report.
 *
 *   ------------[ cut here ]------------
 *   WARNING: CPU: 0 PID: 203 at mm/page_alloc.c:5634 __alloc_pages+0xfe0/0x1180
 *   Modules linked in: allocmm(O+)
 *   CPU: … (dump_stack)
 *   ---[ end trace 0000000000000000 ]---
 *
 * The taint (W) is added after the report, so the report still shows the
 * old taint, as in the reference logs. The WARN site is the innermost frame
 * of KernelContext.frames (the caller pushes `fn+off/size` of the WARN).
 *
 * Left out: panic_on_warn, the register dump of WARN with pt_regs,
 * print_irqtrace_events (no lockdep).
 */

import { TAINT_WARN, type KernelContext } from './context'
import { dump_stack, frameSym } from './dumpstack'
import { KERN_WARNING } from './printk'

export const CUT_HERE = '------------[ cut here ]------------\n'

/** print_modules(): "Modules linked in:" and the loader's list. */
export function print_modules(k: KernelContext): void {
  const t = k.modulesLinkedIn()
  k.printk(`Modules linked in:${t === '' || t.startsWith(' ') ? t : ' ' + t}\n`)
}

/** print_oops_end_marker() */
export function print_oops_end_marker(k: KernelContext): void {
  k.printk(`${KERN_WARNING}---[ end trace 0000000000000000 ]---\n`)
}

/**
 * warn_slowpath_fmt(file, line, taint, NULL): a WARN_ON() at the innermost
 * frame of the simulated call chain.
 */
export function warn_slowpath_fmt(k: KernelContext, file: string, line: number, taint = TAINT_WARN): void {
  const site = k.frames[k.frames.length - 1]
  k.printk(KERN_WARNING + CUT_HERE)
  k.withFrame({ fn: 'warn_slowpath_fmt', off: 0x188, size: 0x190 }, () => {
    k.withFrame({ fn: '__warn', off: 0x78, size: 0x124 }, () => {
      k.printk(
        `${KERN_WARNING}WARNING: CPU: ${k.cpu} PID: ${k.current.pid} at ${file}:${line} ${site ? frameSym(site) : '0x0'}\n`
      )
      print_modules(k)
      dump_stack(k)
      print_oops_end_marker(k)
    })
  })
  k.addTaint(taint)
}
