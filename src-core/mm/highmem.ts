/*
 * mm/highmem.c (+ arch/arm's ARCH_NEEDS_KMAP_HIGH_GET hooks): temporary
 * kernel mappings of HighMem pages.
 *
 * Persistent kmaps (kmap/kunmap): LAST_PKMAP = 512 PTEs at PKMAP_BASE
 * 0xbfe00000. pkmap_count[i]: 0 = free and unmapped, 1 = mapped but unused
 * (the PTE is still there, page_address() still answers), n = n-1 users.
 * map_new_virtual() scans from last_pkmap_nr + 1, so the very first kmap gets
 * slot 1 (0xbfe01000) — slot 0 is only reached after the scan wraps, which
 * first calls flush_all_zero_pkmaps() to clear every count-1 slot. kunmap()
 * only drops the count to 1: the mapping stays (SUMMARY §7's surprises).
 *
 * kmap_local_page/kmap_atomic: per-task stack of fixmap slots, KM_MAX_IDX =
 * 16 deep per CPU, the first at FIX_KMAP_BEGIN (0xffefe000) growing down;
 * nesting deeper is BUG_ON(idx >= KM_MAX_IDX). On ARM a HighMem page that
 * still has a pkmap mapping reuses it (kmap_high_get), taking a pkmap
 * reference that kunmap_local gives back.
 *
 * Pages that are not HighMem (every page on the 256/512 MB boards) are
 * returned at their linear address by all three.
 *
 * Left out: waiting for a free pkmap slot (the task would sleep; here that
 * is an error), TLB flushes, the per-task save/restore on context switch.
 */

import type { KernelContext } from '../kernel/context'
import { KernelMmu } from '../arch/arm/mmu'
import { FIX_KMAP_BEGIN, FIX_KMAP_END, KM_MAX_IDX, LAST_PKMAP, PAGE_KERNEL, PKMAP_BASE, PAGE_OFFSET, fix_to_virt } from '../arch/arm/pgtable'
import type { Mm } from './mm_init'
import { PAGE_SIZE } from './mmzone'

const PKMAP_NR = (va: number): number => (va - PKMAP_BASE) >>> 12
const PKMAP_ADDR = (nr: number): number => PKMAP_BASE + nr * PAGE_SIZE

/** BUG(): the simulated kernel's assertion; the Oops layer turns it into "kernel BUG at file:line!". */
export class KernelBug extends Error {
  constructor(
    readonly file: string,
    readonly line: number
  ) {
    super(`kernel BUG at ${file}:${line}!`)
  }
}

export class Highmem {
  readonly pkmap_count = new Int32Array(LAST_PKMAP)
  /** pfn mapped in each pkmap slot (-1 none) */
  readonly pkmap_page = new Int32Array(LAST_PKMAP).fill(-1)
  last_pkmap_nr = 0
  /** page_address_htable: pfn → pkmap virtual address */
  readonly page_address_map = new Map<number, number>()
  /** current->kmap_ctrl.idx per CPU-task (one task view per CPU here) */
  readonly kmap_idx: number[] = [0, 0, 0, 0, 0, 0, 0, 0]
  /** fixmap slot contents: pfn per slot index (-1 none) */
  private readonly fixPfn = new Int32Array(FIX_KMAP_END + 1).fill(-1)
  /** kmap_atomic's preempt/pagefault disable depth */
  atomic_depth = 0

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm,
    readonly mmu: KernelMmu
  ) {
    // One page_address() for everyone: mm's asks this table for HighMem pages.
    mm.highmem_page_address = (pfn) => this.page_address_map.get(pfn) ?? 0
  }

  PageHighMem(pfn: number): boolean {
    return this.mm.PageHighMem(pfn)
  }

  /** page_address(): linear address for lowmem, the pkmap address of a kmapped HighMem page, else 0. */
  page_address(pfn: number): number {
    return this.mm.page_address(pfn)
  }

  /** flush_all_zero_pkmaps(): every count-1 slot is unmapped. */
  flush_all_zero_pkmaps(): void {
    for (let i = 0; i < LAST_PKMAP; i++) {
      if (this.pkmap_count[i] !== 1) continue
      this.pkmap_count[i] = 0
      const pfn = this.pkmap_page[i]!
      this.mmu.unmap_kernel_page(PKMAP_ADDR(i))
      this.pkmap_page[i] = -1
      this.page_address_map.delete(pfn)
    }
  }

  /** map_new_virtual() */
  private map_new_virtual(pfn: number): number {
    let count = LAST_PKMAP
    for (;;) {
      this.last_pkmap_nr = (this.last_pkmap_nr + 1) & (LAST_PKMAP - 1)
      if (this.last_pkmap_nr === 0) {
        this.flush_all_zero_pkmaps()
        count = LAST_PKMAP
      }
      if (!this.pkmap_count[this.last_pkmap_nr]) break
      if (--count) continue
      throw new Error('kmap: all LAST_PKMAP entries are in use; the task would sleep in D state for good')
    }
    const vaddr = PKMAP_ADDR(this.last_pkmap_nr)
    this.mmu.map_kernel_page(vaddr, pfn, PAGE_KERNEL)
    this.pkmap_count[this.last_pkmap_nr] = 1
    this.pkmap_page[this.last_pkmap_nr] = pfn
    this.page_address_map.set(pfn, vaddr)
    return vaddr
  }

  /** kmap_high() */
  kmap_high(pfn: number): number {
    let vaddr = this.page_address_map.get(pfn) ?? 0
    if (!vaddr) vaddr = this.map_new_virtual(pfn)
    this.pkmap_count[PKMAP_NR(vaddr)]!++
    return vaddr
  }

  /** kmap(): may sleep. */
  kmap(pfn: number): number {
    if (!this.PageHighMem(pfn)) return this.mm.page_address(pfn)
    return this.kmap_high(pfn)
  }

  /** kunmap_high(): the count drops; at 1 the mapping stays for reuse. */
  kunmap_high(pfn: number): void {
    const vaddr = this.page_address_map.get(pfn)
    if (!vaddr) throw new KernelBug('mm/highmem.c', 358)
    const nr = PKMAP_NR(vaddr)
    if (--this.pkmap_count[nr]! === 0) throw new KernelBug('mm/highmem.c', 368)
  }

  kunmap(pfn: number): void {
    if (!this.PageHighMem(pfn)) return
    this.kunmap_high(pfn)
  }

  /** kmap_high_get() (ARCH_NEEDS_KMAP_HIGH_GET): the pkmap address with a reference, or 0. */
  private kmap_high_get(pfn: number): number {
    const vaddr = this.page_address_map.get(pfn) ?? 0
    if (vaddr) {
      const nr = PKMAP_NR(vaddr)
      if (this.pkmap_count[nr]! < 1) throw new KernelBug('mm/highmem.c', 332)
      this.pkmap_count[nr]!++
    }
    return vaddr
  }

  /** __kmap_local_page_prot() */
  kmap_local_page(pfn: number): number {
    if (!this.PageHighMem(pfn)) return this.mm.page_address(pfn)
    const high = this.kmap_high_get(pfn)
    if (high) return high
    const cpu = this.k.cpu
    // kmap_local_idx_push()
    this.kmap_idx[cpu]!++
    if (this.kmap_idx[cpu]! >= KM_MAX_IDX + 1) {
      this.kmap_idx[cpu]!--
      throw new KernelBug('mm/highmem.c', 467)
    }
    const idx = this.kmap_idx[cpu]! - 1 + KM_MAX_IDX * cpu
    const vaddr = fix_to_virt(FIX_KMAP_BEGIN + idx)
    this.mmu.map_kernel_page(vaddr, pfn, PAGE_KERNEL)
    this.fixPfn[FIX_KMAP_BEGIN + idx] = pfn
    return vaddr
  }

  /** kmap_atomic(): pagefaults and preemption off, then kmap_local. */
  kmap_atomic(pfn: number): number {
    this.atomic_depth++
    return this.kmap_local_page(pfn)
  }

  /** kunmap_local_indexed() */
  kunmap_local(vaddr: number): void {
    const addr = (vaddr & ~(PAGE_SIZE - 1)) >>> 0
    const cpu = this.k.cpu
    if (addr < fix_to_virt(FIX_KMAP_END) || addr > fix_to_virt(FIX_KMAP_BEGIN)) {
      // kmap_high_unmap_local(): a reused pkmap mapping gives its reference back
      if (addr >= PKMAP_BASE && addr < PKMAP_ADDR(LAST_PKMAP)) {
        const pfn = this.pkmap_page[PKMAP_NR(addr)]!
        if (pfn >= 0) this.kunmap_high(pfn)
      }
      void PAGE_OFFSET
      return
    }
    const idx = this.kmap_idx[cpu]! - 1 + KM_MAX_IDX * cpu
    if (idx < KM_MAX_IDX * cpu) throw new KernelBug('mm/highmem.c', 479)
    this.mmu.unmap_kernel_page(addr)
    this.fixPfn[FIX_KMAP_BEGIN + idx] = -1
    this.kmap_idx[cpu]!--
  }

  kunmap_atomic(vaddr: number): void {
    this.kunmap_local(vaddr)
    if (this.atomic_depth > 0) this.atomic_depth--
  }

  /** Live mappings [va, pfn] of pkmap and the fixmap slots (tests, the UI). */
  *mappedPages(): Generator<[number, number]> {
    for (let i = 0; i < LAST_PKMAP; i++) if (this.pkmap_count[i]! > 0) yield [PKMAP_ADDR(i), this.pkmap_page[i]!]
    for (let s = FIX_KMAP_BEGIN; s <= FIX_KMAP_END; s++) if (this.fixPfn[s]! >= 0) yield [fix_to_virt(s), this.fixPfn[s]!]
  }
}
