/*
 * lib/dump_stack.c + arch/arm/kernel/traps.c (dump_backtrace/unwind): the
 * "CPU: … Comm: … Tainted: …" header, "Hardware name:", and the ARM unwinder's
 * " callee from caller+0xoff/0xsize [module]" lines, printed from the
 * simulated call chain KernelContext.frames (outermost first).
 *
 * Left out: the "Exception stack(0x… to 0x…)" hex dump after a syscall entry
 * frame (there are no real stack words to print) and kexec's "Kdump: loaded".
 */

import type { KFrame, KernelContext } from './context'

export const UTS_RELEASE = '6.1.192'
/* init_utsname()->version up to its first space. */
export const UTS_VERSION_SHORT = '#1'
export const HARDWARE_NAME = 'ARM-Versatile Express'

/** %ps: the function name, with " [module]" for module text. */
export function frameName(f: KFrame): string {
  return f.module ? `${f.fn} [${f.module}]` : f.fn
}

/** %pS: name+0xoff/0xsize [module]. */
export function frameSym(f: KFrame): string {
  return `${f.fn}+0x${f.off.toString(16)}/0x${f.size.toString(16)}${f.module ? ` [${f.module}]` : ''}`
}

/** dump_stack_print_info(): the two header lines. */
export function dump_stack_print_info(k: KernelContext, lvl = ''): void {
  k.printk(
    `${lvl}CPU: ${k.cpu} PID: ${k.current.pid} Comm: ${k.current.comm.slice(0, 20)} ${k.taintString()} ${UTS_RELEASE} ${UTS_VERSION_SHORT} \n`
  )
  k.printk(`${lvl}Hardware name: ${HARDWARE_NAME}\n`)
}

/**
 * The unwinder's lines for the current chain. The innermost function is
 * unwind_backtrace itself, called from show_stack.
 */
export function backtraceLines(frames: readonly KFrame[]): string[] {
  const chain: KFrame[] = [...frames, { fn: 'unwind_backtrace', off: 0, size: 0 }]
  const out: string[] = []
  for (let i = chain.length - 1; i >= 1; i--) out.push(` ${frameName(chain[i]!)} from ${frameSym(chain[i - 1]!)}`)
  return out
}

/** dump_stack() == dump_stack_lvl(KERN_DEFAULT): header, then the backtrace. */
export function dump_stack(k: KernelContext, lvl = ''): void {
  k.withFrame({ fn: 'dump_stack_lvl', off: 0x40, size: 0x4c }, () => {
    dump_stack_print_info(k, lvl)
    k.withFrame({ fn: 'show_stack', off: 0x10, size: 0x14 }, () => {
      for (const line of backtraceLines(k.frames)) k.printk(`${lvl}${line}\n`)
    })
  })
}
