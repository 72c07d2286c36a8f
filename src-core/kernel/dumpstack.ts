/*
 * lib/dump_stack.c + arch/arm/kernel/traps.c (dump_backtrace/unwind): the
 * "CPU: … Comm: … Tainted: …" header, "Hardware name:", and the ARM unwinder's
 * " callee from caller+0xoff/0xsize [module]" lines, printed from the
 * simulated call chain KernelContext.frames (outermost first).
 *
 * After a line whose caller is in entry text (ret_fast_syscall, __irq_svc)
 * the unwinder dumps the saved registers, "Exception stack(0x… to 0x…)" and
 * dump_mem()'s hex lines; the layer that models the syscall entry attaches
 * them to its frame as `ptRegs` (EntryFrame). Without them the dump is left
 * out.
 *
 * Left out: kexec's "Kdump: loaded".
 */

import type { KFrame, KernelContext } from './context'

export const UTS_RELEASE = '6.1.192'
/* init_utsname()->version up to its first space. */
export const UTS_VERSION_SHORT = '#1'
export const HARDWARE_NAME = 'ARM-Versatile Express'

/** A frame in entry text carrying the struct pt_regs saved on the kernel stack. */
export interface EntryFrame extends KFrame {
  ptRegs?: {
    /** address of the first saved word (frame + 4) */
    addr: number
    /** the 18 words of struct pt_regs (r0..r12, sp, lr, pc, cpsr, ORIG_r0) */
    words: readonly number[]
  }
}

/** arch/arm/kernel/traps.c dump_mem(): "str(0xbottom to 0xtop)" and 8 words per line. */
export function dump_mem(str: string, bottom: number, words: readonly number[]): string[] {
  const top = bottom + words.length * 4
  const h8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')
  const out = [`${str}(0x${h8(bottom)} to 0x${h8(top)})`]
  for (let first = (bottom & ~31) >>> 0; first < top; first += 32) {
    let line = ''
    let last = 0
    for (let i = 0, p = first; i < 8 && p < top; i++, p += 4) {
      if (p >= bottom) {
        line = line.padEnd(i * 9, ' ') + ' ' + h8(words[(p - bottom) / 4]!)
        last = line.length
      }
    }
    out.push(`${(first & 0xffff).toString(16).padStart(4, '0')}:${line.slice(0, last)}`)
  }
  return out
}

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
  for (let i = chain.length - 1; i >= 1; i--) {
    const caller = chain[i - 1]! as EntryFrame
    out.push(` ${frameName(chain[i]!)} from ${frameSym(caller)}`)
    if (caller.ptRegs) out.push(...dump_mem('Exception stack', caller.ptRegs.addr, caller.ptRegs.words))
  }
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
