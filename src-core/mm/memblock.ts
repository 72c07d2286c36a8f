/*
 * mm/memblock.c: the boot-time memory manager. Two region lists, `memory`
 * (what RAM exists) and `reserved` (what is in use before the buddy allocator
 * exists); memblock_alloc() finds free space top-down below current_limit,
 * as the kernel does by default (bottom_up = false).
 *
 * Each reservation keeps a name and an owner tag so the page-frame map can
 * say what a reserved frame holds; the kernel merges adjacent regions and
 * forgets names, but the set of reserved bytes is the same, and that is what
 * memblock_free_all() and the "reserved" figure of the Memory: line follow.
 *
 * Left out: NUMA node ids, hotplug/mirror/nomap flags, memblock_free() of the
 * temporary percpu tables (they never reach the reserved total), debugfs.
 */

import { PageOwner } from './mmzone'

export interface MemblockRegion {
  base: number
  size: number
  name: string
  owner: PageOwner
}

export const SMP_CACHE_BYTES = 64

export class Memblock {
  readonly memory: Array<{ base: number; size: number }> = []
  /** Reservations in the order they were made (not merged). */
  readonly reserved: MemblockRegion[] = []
  current_limit = Number.MAX_SAFE_INTEGER

  memblock_add(base: number, size: number): void {
    this.memory.push({ base, size })
    this.memory.sort((a, b) => a.base - b.base)
  }

  /** memblock_reserve(): parts outside `memory` (e.g. the vram pool) are tracked too, as the kernel does. */
  memblock_reserve(base: number, size: number, name: string, owner: PageOwner = PageOwner.RESERVED): void {
    if (size <= 0) return
    this.reserved.push({ base, size, name, owner })
  }

  /** memblock_phys_free() of a whole reservation made earlier (matched by base). */
  memblock_phys_free(base: number, size: number): void {
    const i = this.reserved.findIndex((r) => r.base === base && r.size === size)
    if (i >= 0) this.reserved.splice(i, 1)
  }

  /** The merged, sorted reserved ranges [start, end). */
  reservedRanges(): Array<[number, number]> {
    const rs = this.reserved.map((r) => [r.base, r.base + r.size] as [number, number]).sort((a, b) => a[0] - b[0])
    const out: Array<[number, number]> = []
    for (const r of rs) {
      const last = out[out.length - 1]
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
      else out.push([r[0], r[1]])
    }
    return out
  }

  /** for_each_free_mem_range(): memory minus reserved, ascending. */
  freeRanges(): Array<[number, number]> {
    const res = this.reservedRanges()
    const out: Array<[number, number]> = []
    for (const m of this.memory) {
      let start = m.base
      const end = m.base + m.size
      for (const [rs, re] of res) {
        if (re <= start || rs >= end) continue
        if (rs > start) out.push([start, rs])
        start = Math.max(start, re)
      }
      if (start < end) out.push([start, end])
    }
    return out
  }

  /**
   * memblock_find_in_range_node() top-down: the highest `align`-aligned
   * address where `size` bytes fit in a free range, within [min, max).
   */
  private findTopDown(size: number, align: number, min: number, max: number): number {
    const free = this.freeRanges()
    for (let i = free.length - 1; i >= 0; i--) {
      const [fs, fe] = free[i]!
      const end = Math.min(fe, max)
      const start = Math.max(fs, min)
      if (end <= start || end - start < size) continue
      const cand = Math.floor((end - size) / align) * align
      if (cand >= start) return cand
    }
    return -1
  }

  /**
   * memblock_alloc_range_nid(): reserve `size` bytes in [min, max) (max 0 =
   * current_limit); returns the physical address, or -1 (the kernel panics
   * in memblock_alloc callers that cannot fail).
   */
  memblock_alloc_range(size: number, align: number, min: number, max: number, name: string, owner: PageOwner): number {
    // MEMBLOCK_ALLOC_ACCESSIBLE (0 here) means current_limit; an explicit end is taken as given.
    const addr = this.findTopDown(size, Math.max(align, 1), min, max === 0 ? this.current_limit : max)
    if (addr < 0) return -1
    this.memblock_reserve(addr, size, name, owner)
    return addr
  }

  /** memblock_alloc(): below current_limit, top-down. */
  memblock_alloc(size: number, align: number, name: string, owner: PageOwner = PageOwner.MEMBLOCK): number {
    return this.memblock_alloc_range(size, align, 0, 0, name, owner)
  }

  /** Total bytes of memory. */
  memblock_phys_mem_size(): number {
    return this.memory.reduce((s, m) => s + m.size, 0)
  }

  /** Is any byte of frame [pfn<<12, +4096) reserved? (reserve_bootmem_region marks such frames PG_reserved.) */
  isReservedPfnRange(ranges: Array<[number, number]>, pfn: number): boolean {
    const a = pfn * 4096
    const b = a + 4096
    for (const [s, e] of ranges) if (s < b && e > a) return true
    return false
  }
}
