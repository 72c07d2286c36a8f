/*
 * The 32-bit kernel's virtual address map for the UI (arch/arm's memory
 * layout with VMSPLIT_3G): user space, the module area, pkmap, the lowmem
 * linear map, the vmalloc area and the fixmap, with every busy vmap area
 * (vmallocinfo's view) and, for one area on request, the frames backing it
 * (vmalloc's pages are scattered: the map highlights them).
 */

import { frameSym } from '../kernel/dumpstack'
import {
  FIXADDR_END, FIXADDR_START, LAST_PKMAP, MODULES_END, MODULES_VADDR, PKMAP_BASE, TASK_SIZE
} from '../arch/arm/pgtable'
import type { Kmem } from '../mm/kmem'
import type { Mm } from '../mm/mm_init'
import { PAGE_OFFSET } from '../mm/mm_init'
import { VM_ALLOC, VM_DMA_COHERENT, VM_IOREMAP, VM_MAP, VM_USERMAP } from '../mm/vmalloc'
import type { VmapSummary, VmRegion } from './types'

export function vmapSummary(mm: Mm | null, kmem: Kmem | null, pagesOf: number | null): VmapSummary | null {
  if (!mm || !mm.pgdat) return null
  const L = mm.layout
  const regions: VmRegion[] = [
    { id: 'user', start: 0, end: TASK_SIZE },
    { id: 'modules', start: MODULES_VADDR, end: MODULES_END },
    { id: 'pkmap', start: PKMAP_BASE, end: PKMAP_BASE + LAST_PKMAP * 4096 },
    { id: 'lowmem', start: PAGE_OFFSET, end: L.high_memory },
    { id: 'vmalloc', start: L.VMALLOC_START, end: L.VMALLOC_END },
    { id: 'fixmap', start: FIXADDR_START, end: FIXADDR_END }
  ]
  const areas: VmapSummary['areas'] = []
  let pages: Int32Array | null = null
  const vm = kmem?.vm
  if (vm) {
    for (const va of vm.busy) {
      const v = va.vm
      const kinds: string[] = []
      if (v) {
        if (v.flags & VM_IOREMAP) kinds.push('ioremap')
        if (v.flags & VM_ALLOC) kinds.push('vmalloc')
        if (v.flags & VM_MAP) kinds.push('vmap')
        if (v.flags & VM_USERMAP) kinds.push('user')
        if (v.flags & VM_DMA_COHERENT) kinds.push('dma-coherent')
        if (v.stack) kinds.push('stack')
      } else kinds.push('vm_map_ram')
      areas.push({
        start: va.va_start,
        end: va.va_end,
        nrPages: v?.nr_pages ?? 0,
        phys: v?.phys_addr ?? 0,
        caller: v ? frameSym(v.caller) : '',
        kinds
      })
      if (pagesOf !== null && va.va_start === pagesOf && v?.pages) pages = v.pages.slice(0, v.nr_pages)
    }
  }
  let pkmapUsed = 0
  const hm = kmem?.highmem
  if (hm) for (let i = 0; i < LAST_PKMAP; i++) if (hm.pkmap_count[i]! > 1) pkmapUsed++
  return { regions, areas, pkmapUsed, pagesOf, pages }
}
