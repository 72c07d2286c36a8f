/*
 * arch/arm/kernel/traps.c die() and arch/arm/kernel/process.c __show_regs():
 * the ARM Oops for a fault or BUG() in module code, printed from what the
 * simulator knows (the faulting access, the C call chain, the module
 * layout). Register values the C engine does not have (it runs C, not ARM
 * code) are derived from that state: pc/lr from the chain, sp from the C
 * stack, r0..r12 from the access (address, value) and the task.
 *
 *   Internal error: : 81b [#1] SMP ARM
 *   Modules linked in: null_oops(O+) [last unloaded: frag_fail(O)]
 *   CPU: 0 PID: 262 Comm: insmod Tainted: G        W  O       6.1.192 #1
 *   Hardware name: ARM-Versatile Express
 *   PC is at null_oops_init+0x20/0x1000 [null_oops]
 *   LR is at ... / pc : [<..>] lr : [<..>] psr: 60040013 / sp ip fp / r10..r0
 *   Flags / Control / Register rN information / Process / Stack: / backtrace
 *   Code: ... / ---[ end trace 0000000000000000 ]---
 */

import { TAINT_DIE, type KFrame, type KernelContext } from './context'
import { backtraceLines, dump_stack_print_info, dump_mem, frameSym } from './dumpstack'
import { print_modules, print_oops_end_marker } from './panic'
import { KERN_ALERT, KERN_EMERG } from './printk'

const h8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')

export interface OopsRegs {
  pc: number
  lr: number
  sp: number
  /** r0..r12 */
  r: number[]
  psr: number
  /** the process page table (Table:) */
  table: number
}

export interface OopsInfo {
  /** die()'s str ("" for a domain fault, "Oops", "Oops - BUG") and err */
  str: string
  err: number
  /** frames outermost first, the faulting function last */
  frames: KFrame[]
  /** pc / lr symbol frames */
  pcFrame: KFrame
  lrFrame: KFrame
  regs: OopsRegs
  /** stack words from sp to the top of the stack */
  stackBottom: number
  stackWords: number[]
  /** "Register rN information:" text for each register */
  regInfo: (v: number) => string
  /** Code: five words around pc */
  code: number[]
}

export class Traps {
  die_counter = 0

  constructor(readonly k: KernelContext) {}

  /** die(): the report after the fault's header lines (fault.ts). */
  die(o: OopsInfo): void {
    const k = this.k
    const r = o.regs
    this.die_counter++
    k.printk(`${KERN_EMERG}Internal error: ${o.str}: ${o.err.toString(16)} [#${this.die_counter}] SMP ARM\n`)
    print_modules(k)
    __show_regs(k, o.pcFrame, o.lrFrame, r, KERN_EMERG)
    for (let i = 0; i <= 12; i++) k.printk(`${KERN_EMERG}Register r${i} information: ${o.regInfo(r.r[i]!)}\n`)
    k.printk(`${KERN_EMERG}Process ${k.current.comm} (pid: ${k.current.pid}, stack limit = 0x(ptrval))\n`)
    for (const line of dump_mem('Stack: ', o.stackBottom, o.stackWords)) k.printk(`${KERN_EMERG}${line}\n`)
    for (const line of unwindFrom(o.frames)) k.printk(`${KERN_EMERG}${line}\n`)
    k.printk(`${KERN_EMERG}Code: ${o.code.slice(0, 4).map(h8).join(' ')} (${h8(o.code[4]!)}) \n`)
    print_oops_end_marker(k)
    k.addTaint(TAINT_DIE)
  }

  /** The fault header for a BUG(): "------------[ cut here ]------------" and "kernel BUG at". */
  bug_header(file: string, line: number): void {
    this.k.printk(`${KERN_EMERG}------------[ cut here ]------------\n`)
    this.k.printk(`${KERN_ALERT}kernel BUG at ${file}:${line}!\n`)
  }
}

/** arch/arm/kernel/process.c __show_regs(): CPU/Hardware lines, PC/LR, registers, Flags, Control. */
export function __show_regs(k: KernelContext, pcFrame: KFrame, lrFrame: KFrame, r: OopsRegs, lvl = ''): void {
  dump_stack_print_info(k, lvl)
  k.printk(`${lvl}PC is at ${frameSym(pcFrame)}\n`)
  k.printk(`${lvl}LR is at ${frameSym(lrFrame)}\n`)
  k.printk(`${lvl}pc : [<${h8(r.pc)}>]    lr : [<${h8(r.lr)}>]    psr: ${h8(r.psr)}\n`)
  k.printk(`${lvl}sp : ${h8(r.sp)}  ip : ${h8(r.r[12]!)}  fp : ${h8(r.r[11]!)}\n`)
  k.printk(`${lvl}r10: ${h8(r.r[10]!)}  r9 : ${h8(r.r[9]!)}  r8 : ${h8(r.r[8]!)}\n`)
  k.printk(`${lvl}r7 : ${h8(r.r[7]!)}  r6 : ${h8(r.r[6]!)}  r5 : ${h8(r.r[5]!)}  r4 : ${h8(r.r[4]!)}\n`)
  k.printk(`${lvl}r3 : ${h8(r.r[3]!)}  r2 : ${h8(r.r[2]!)}  r1 : ${h8(r.r[1]!)}  r0 : ${h8(r.r[0]!)}\n`)
  const f = r.psr
  const flags = (f & 0x80000000 ? 'N' : 'n') + (f & 0x40000000 ? 'Z' : 'z') + (f & 0x20000000 ? 'C' : 'c') + (f & 0x10000000 ? 'V' : 'v')
  k.printk(`${lvl}Flags: ${flags}  IRQs ${f & 0x80 ? 'off' : 'on'}  FIQs ${f & 0x40 ? 'off' : 'on'}  Mode SVC_32  ISA ARM  Segment none\n`)
  k.printk(`${lvl}Control: 10c5387d  Table: ${h8(r.table)}  DAC: 00000051\n`)
}

/** show_regs(): __show_regs and the backtrace from the interrupted frame. */
export function show_regs(k: KernelContext, frames: readonly KFrame[], pcFrame: KFrame, lrFrame: KFrame, r: OopsRegs): void {
  __show_regs(k, pcFrame, lrFrame, r)
  for (const line of unwindFrom(frames)) k.printk(`${line}\n`)
}

/** The unwinder's lines starting at the faulting frame (innermost is the last frame). */
function unwindFrom(frames: readonly KFrame[]): string[] {
  // backtraceLines() adds unwind_backtrace on top; drop that first line.
  return backtraceLines(frames).slice(1)
}
