/*
 * /proc/vmallocinfo (mm/vmalloc.c s_show / show_purge_info): one line per
 * busy vmap area in address order, then the lazily freed ("unpurged") ones.
 *   0x%pK-0x%pK %7ld %pS pages=%d phys=%pa ioremap|vmalloc|vmap|user|dma-coherent vpages
 * %pK prints "(ptrval)" on this board (the crng is never ready, kptr_restrict
 * is 0) unless the command line has no_hash_pointers, which prints the
 * addresses (SUMMARY §5).
 *
 * Left out: show_numa_info (one node; prints nothing without NUMA).
 */

import type { KernelContext } from '../../kernel/context'
import { frameSym } from '../../kernel/dumpstack'
import { VM_ALLOC, VM_DMA_COHERENT, VM_IOREMAP, VM_MAP, VM_USERMAP, type Vmalloc } from '../../mm/vmalloc'

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')

export function vmallocinfo_show(k: KernelContext, vm: Vmalloc): string {
  const hashed = !k.hasParam('no_hash_pointers')
  const pK = (x: number): string => (hashed ? '(ptrval)' : hex8(x))
  let out = ''
  for (const va of vm.busy) {
    const v = va.vm
    if (!v) {
      out += `0x${pK(va.va_start)}-0x${pK(va.va_end)} ${String(va.va_end - va.va_start).padStart(7, ' ')} vm_map_ram\n`
      continue
    }
    let line = `0x${pK(v.addr)}-0x${pK(v.addr + v.size)} ${String(v.size).padStart(7, ' ')}`
    line += ` ${frameSym(v.caller)}`
    if (v.nr_pages) line += ` pages=${v.nr_pages}`
    if (v.phys_addr) line += ` phys=0x${hex8(v.phys_addr)}`
    if (v.flags & VM_IOREMAP) line += ' ioremap'
    if (v.flags & VM_ALLOC) line += ' vmalloc'
    if (v.flags & VM_MAP) line += ' vmap'
    if (v.flags & VM_USERMAP) line += ' user'
    if (v.flags & VM_DMA_COHERENT) line += ' dma-coherent'
    if (v.pagesVa) line += ' vpages'
    out += line + '\n'
  }
  for (const va of vm.purge)
    out += `0x${pK(va.va_start)}-0x${pK(va.va_end)} ${String(va.va_end - va.va_start).padStart(7, ' ')} unpurged vm_area\n`
  return out
}

export function vmallocinfoFile(k: KernelContext, vm: Vmalloc): { read(): string } {
  return { read: () => vmallocinfo_show(k, vm) }
}
