/*
 * arch/arm/mm/fault.c (kernel mode): what the data-abort path prints before
 * die() takes over, for a fault the MMU model reported (mmu.ts MmuFault).
 *
 *  - domain faults (do_bad): "Unhandled fault: %s (0x%03x) at 0x%08lx",
 *    show_pte, then arm_notify_die → die("") → "Internal error: : 81b [#1]";
 *  - translation faults with nothing to map (do_translation_fault /
 *    do_page_fault → __do_kernel_fault): "Unable to handle kernel NULL
 *    pointer dereference|paging request at virtual address %08lx", show_pte,
 *    die("Oops") → "Internal error: Oops: 805 [#1]".
 * Both start with "8<--- cut here ---". The rest of the Oops (modules,
 * registers, stack, backtrace, "---[ end trace") is the die() layer's; this
 * returns the die() message and the err value for it.
 *
 * Left out: exception fixups (uaccess), kfence, vmalloc-area pgd syncing.
 */

import type { KernelContext } from '../../kernel/context'
import { KERN_ALERT } from '../../kernel/printk'
import type { KernelMmu, MmuFault } from './mmu'
import { FSR_FS_PAGE_DOMAIN, FSR_FS_SECTION_DOMAIN } from './pgtable'

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')

/** The header lines of a kernel-mode data abort; returns die()'s `str` and `err`. */
export function do_DataAbort_kernel(k: KernelContext, mmu: KernelMmu, f: MmuFault, pgdBase?: number): { str: string; err: number } {
  const fs = f.fsr & 0xf
  k.printk(`${KERN_ALERT}8<--- cut here ---\n`)
  if (fs === FSR_FS_PAGE_DOMAIN || fs === FSR_FS_SECTION_DOMAIN) {
    k.printk(`${KERN_ALERT}Unhandled fault: ${f.name} (0x${f.fsr.toString(16).padStart(3, '0')}) at 0x${hex8(f.addr)}\n`)
    k.printk(`${KERN_ALERT}${mmu.show_pte(f.addr, pgdBase)}\n`)
    return { str: '', err: f.fsr }
  }
  const msg = f.addr < 4096 ? 'NULL pointer dereference' : 'paging request'
  k.printk(`${KERN_ALERT}Unable to handle kernel ${msg} at virtual address ${hex8(f.addr)}\n`)
  k.printk(`${KERN_ALERT}${mmu.show_pte(f.addr, pgdBase)}\n`)
  return { str: 'Oops', err: f.fsr }
}

/** die()'s first line: "Internal error: %s: %x [#%d] SMP ARM". */
export function die_header(str: string, err: number, count: number): string {
  return `Internal error: ${str}: ${err.toString(16)} [#${count}] SMP ARM`
}
