/*
 * mm/swapfile.c + swap_state.c: swap areas, swap entries and the swap-out
 * and swap-in of anonymous pages.
 *
 *  - swapon(): a file prepared by mkswap (its header page: version 1,
 *    last_page, "SWAPSPACE2" at 4086) becomes area `type`, priority
 *    -2, -3 ... (least_priority), usable pages = last_page (page 0 is the
 *    header), and the kernel prints "Adding %uk swap on %s.  Priority:%d
 *    extents:%d across:%lluk ";
 *  - get_swap_page(): a free slot of the highest-priority area, scanning
 *    from cluster_next (scan_swap_map_slots, without clusters);
 *  - the swapped page's bytes are kept by the area (a zero page costs
 *    nothing), not written into the file: the VFS keeps file bytes in host
 *    memory anyway;
 *  - swapoff(): try_to_unuse() faults every entry of the area back in,
 *    process by process; it fails with ENOMEM if RAM cannot hold them.
 *
 * There is no swap cache: a page is unmapped and freed as soon as it is
 * written (add_to_swap + pageout + __remove_mapping in one step), and a
 * swap-in frees the entry at once (as when the swap cache page is dropped
 * right after do_swap_page). "SwapCached" stays 0.
 *
 * Left out: swap on block devices (partitions), discard, frontswap/zswap,
 * swap readahead (page-cluster), the swap cgroup, bad-block lists.
 */

import type { Mm } from './mm_init'
import type { MmStruct } from './mm_types'
import { MM_SWAPENTS } from './mm_types'
import type { ProcessMemory, SwapOps } from './memory'
import { L_PTE_PRESENT } from '../arch/arm/pgtable'
import { GFP_HIGHUSER_MOVABLE } from './gfp'
import { PageOwner, PAGE_SIZE } from './mmzone'
import { KERN_INFO } from '../kernel/printk'
import { pte_swp_offset, pte_swp_type, swp_entry_to_pte } from './memory'

export const MAX_SWAPFILES = 32
export const SWAP_MAGIC = 'SWAPSPACE2'
export const SWAP_MAGIC_OFFSET = PAGE_SIZE - 10
const vm_event = { PSWPIN: 2, PSWPOUT: 3 }

export class SwapArea {
  /** swap_map[]: 0 free, 1 in use; slot 0 is the header. */
  readonly map: Uint8Array
  inuse_pages = 0
  cluster_next = 1
  /** SWP_WRITEOK: new entries may go here (cleared while swapoff drains it). */
  writeok = true
  /** The bytes of swapped-out pages that were not all zero. */
  readonly data = new Map<number, Uint8Array>()

  constructor(
    readonly type: number,
    readonly path: string,
    /** usable pages (slots 1..pages) */
    readonly pages: number,
    readonly prio: number
  ) {
    this.map = new Uint8Array(pages + 1)
    this.map[0] = 1
  }
}

export interface SwapState {
  least_priority: number
  total_swap_pages: number
  nr_swap_pages: number
  areas: Array<{
    type: number; path: string; pages: number; prio: number; map: Uint8Array; inuse_pages: number; cluster_next: number
    writeok: boolean; data: Array<[number, Uint8Array]>
  } | null>
}

export class Swap implements SwapOps {
  readonly areas: Array<SwapArea | null> = []
  private least_priority = -1
  /** The globals of mm/swapfile.c, kept in the node data for show_mem and meminfo. */
  get total_swap_pages(): number {
    return this.mm.pgdat.total_swap_pages
  }
  set total_swap_pages(n: number) {
    this.mm.pgdat.total_swap_pages = n
  }
  get nr_swap_pages(): number {
    return this.mm.pgdat.nr_swap_pages
  }
  set nr_swap_pages(n: number) {
    this.mm.pgdat.nr_swap_pages = n
  }

  constructor(
    readonly mm: Mm,
    readonly pm: ProcessMemory
  ) {
    pm.swap = this
  }

  /** sys_swapon(): 0 or -errno. `lastPage` comes from the header mkswap wrote. */
  swapon(path: string, lastPage: number, prio?: number): number {
    if (this.areas.some((a) => a?.path === path)) return -16 // EBUSY
    let type = this.areas.findIndex((a) => a === null)
    if (type < 0) type = this.areas.length
    if (type >= MAX_SWAPFILES) return -1 // EPERM
    if (lastPage < 10) return -22 // EINVAL: too small
    const p = new SwapArea(type, path, lastPage, prio ?? --this.least_priority)
    this.areas[type] = p
    this.total_swap_pages += p.pages
    this.nr_swap_pages += p.pages
    const K = p.pages * 4
    this.mm.k.printk(`${KERN_INFO}Adding ${K}k swap on ${path}.  Priority:${p.prio} extents:1 across:${K}k \n`)
    return 0
  }

  /** sys_swapoff(): bring every page back (try_to_unuse), then drop the area. 0 or -errno. */
  swapoff(path: string): number {
    const p = this.areas.find((a) => a?.path === path)
    if (!p) return -22
    // The area takes no new entries while it drains (SWP_WRITEOK cleared).
    p.writeok = false
    const ok = this.try_to_unuse(p)
    if (!ok) {
      p.writeok = true
      return -12 // ENOMEM
    }
    this.total_swap_pages -= p.pages
    this.nr_swap_pages -= p.pages
    this.areas[p.type] = null
    if (p.prio < 0 && p.prio === this.least_priority) this.least_priority++
    return 0
  }

  /** try_to_unuse(): swap in every entry of area p in every mm. */
  private try_to_unuse(p: SwapArea): boolean {
    for (const mm of [...this.pm.mms.values()]) {
      if (p.inuse_pages === 0) break
      for (const [pair] of mm.ptes) {
        for (let i = 0; i < 512; i++) {
          const va = (pair * 0x200000 + i * PAGE_SIZE) >>> 0
          const pte = this.pm.get_pte(mm, va)
          if (pte === 0 || pte & L_PTE_PRESENT || pte_swp_type(pte) !== p.type) continue
          const r = this.pm.handle_mm_fault(mm, { min_flt: 0, maj_flt: 0 }, va, false)
          if (r & 0x43) return false
        }
      }
    }
    return p.inuse_pages === 0
  }

  /** get_swap_page(): a swap PTE for a new entry, or 0 if swap is full. */
  get_swap_page(): number {
    let best: SwapArea | null = null
    for (const a of this.areas) if (a && a.writeok && a.inuse_pages < a.pages && (!best || a.prio > best.prio)) best = a
    if (!best) return 0
    const map = best.map
    let off = best.cluster_next
    for (let n = 0; n <= best.pages; n++, off++) {
      if (off > best.pages) off = 1
      if (map[off] === 0) {
        map[off] = 1
        best.inuse_pages++
        this.nr_swap_pages--
        best.cluster_next = off + 1
        return swp_entry_to_pte(best.type, off)
      }
    }
    return 0
  }

  /** swap_free() / free_swap_and_cache() */
  free_entry(pte: number): void {
    const a = this.areas[pte_swp_type(pte)]
    if (!a) return
    const off = pte_swp_offset(pte)
    if (!a.map[off]) return
    a.map[off] = 0
    a.data.delete(off)
    a.inuse_pages--
    this.nr_swap_pages++
  }

  /** swap_writepage(): the page's bytes into the slot. */
  write_page(pte: number, pfn: number): void {
    const a = this.areas[pte_swp_type(pte)]!
    const src = this.mm.phys.peek(pfn)
    if (src) a.data.set(pte_swp_offset(pte), src.slice())
    this.mm.pgdat.vm_events[vm_event.PSWPOUT]!++
  }

  /** do_swap_page()'s read: a new page holding the slot's bytes; the pfn or -1. */
  swapin(pte: number, _mm: MmStruct, _va: number): number {
    const pfn = this.mm.alloc_pages(GFP_HIGHUSER_MOVABLE, 0, PageOwner.USER_ANON)
    if (pfn < 0) return -1
    const a = this.areas[pte_swp_type(pte)]
    const d = a?.data.get(pte_swp_offset(pte))
    if (d) this.mm.phys.writeBytes(pfn * PAGE_SIZE, d)
    else this.mm.phys.zeroFrames(pfn, 1)
    this.mm.pgdat.vm_events[vm_event.PSWPIN]!++
    return pfn
  }

  /** The swap entries an mm holds (MM_SWAPENTS). */
  swapents(mm: MmStruct): number {
    return mm.get_mm_counter(MM_SWAPENTS)
  }


  /** Snapshot: every area with its map and the swapped bytes. */
  get_state(): SwapState {
    return {
      least_priority: this.least_priority,
      total_swap_pages: this.total_swap_pages,
      nr_swap_pages: this.nr_swap_pages,
      areas: this.areas.map((a) =>
        a === null
          ? null
          : {
              type: a.type, path: a.path, pages: a.pages, prio: a.prio, map: a.map.slice(), inuse_pages: a.inuse_pages,
              cluster_next: a.cluster_next, writeok: a.writeok, data: [...a.data.entries()].map(([o, d]) => [o, d.slice()] as [number, Uint8Array])
            }
      )
    }
  }

  set_state(st: SwapState): void {
    this.least_priority = st.least_priority
    this.total_swap_pages = st.total_swap_pages
    this.nr_swap_pages = st.nr_swap_pages
    this.areas.length = 0
    for (const a of st.areas) {
      if (a === null) {
        this.areas.push(null)
        continue
      }
      const area = new SwapArea(a.type, a.path, a.pages, a.prio)
      area.map.set(a.map)
      area.inuse_pages = a.inuse_pages
      area.cluster_next = a.cluster_next
      area.writeok = a.writeok
      for (const [o, d] of a.data) area.data.set(o, d.slice())
      this.areas.push(area)
    }
  }

  /** /proc/swaps (swap_show) */
  proc_swaps(): string {
    let s = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n'
    for (const a of this.areas) {
      if (!a) continue
      const bytes = a.pages * 4
      const inuse = a.inuse_pages * 4
      const len = a.path.length
      s += `${a.path}${' '.repeat(len < 40 ? 40 - len : 1)}file\t\t${bytes}\t${bytes < 10000000 ? '\t' : ''}${inuse}\t${inuse < 10000000 ? '\t' : ''}${a.prio}\n`
    }
    return s
  }
}
