/*
 * mm/memory.c (+ the ARM pgd/pte allocation of arch/arm/mm/pgd.c and
 * pgalloc.h, the LRU add/del of mm/swap.c and the anon rmap of mm/rmap.c):
 * user page tables in simulated RAM, demand paging, and tearing an address
 * space down.
 *
 * Page tables are the real ARM short-descriptor layout (arch/arm/pgtable.ts):
 * a 16 KiB pgd (order 2, GFP_KERNEL, kernel half copied from swapper_pg_dir)
 * and one 4 KiB PTE page per 2 MiB pair, allocated on the first fault in the
 * pair with GFP_PGTABLE_USER | __GFP_HIGHMEM (CONFIG_HIGHPTE=y in the
 * reference), counted in NR_PAGETABLE and as 2048 bytes of pgtables_bytes
 * (PTRS_PER_PTE * sizeof(pte_t)), which is what the OOM table prints
 * (sleep: 3 tables = 6144). The Linux PTEs sit at +0/+0x400 and the
 * hardware ones at +0x800/+0xc00, so KernelMmu.translate() with userPgd set
 * walks these tables.
 *
 * Faults (handle_mm_fault):
 *  - anonymous memory: a zeroed page, GFP_HIGHUSER_MOVABLE (HighMem first),
 *    on the inactive anon LRU (lru_cache_add_inactive_or_unevictable), with
 *    the reverse map (mm, va) kept per frame for reclaim;
 *  - a file (shmem) mapping: the page cache page, mapcount + 1
 *    (NR_FILE_MAPPED on the first mapping), MM_SHMEMPAGES/MM_FILEPAGES;
 *    a write to a private file mapping copies it into a new anon page (COW);
 *  - a swap entry: swapped back in through the swap layer (do_swap_page),
 *    a major fault.
 * Every fault counts pgfault (and pgmajfault) and the task's min/maj_flt.
 *
 * Left out: the shared zero page (a read fault on anon memory allocates a
 * zeroed page), fault-around, THP, mlock, userfaultfd, KSM, NUMA balancing.
 */

import { PAGE_FAULT_NS } from '../kernel/costs'
import { __GFP_HIGHMEM, __GFP_ZERO, GFP_HIGHUSER_MOVABLE, GFP_KERNEL, GFP_KERNEL_ACCOUNT } from './gfp'
import type { Mm } from './mm_init'
import { KERNEL_IMAGE } from './mm_init'
import { PAGE_SIZE, PG_active, PG_dirty, PG_lru, PG_swapbacked, PageOwner } from './mmzone'
import {
  MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct, type VmArea, VM_WRITE, VM_SHARED,
  VM_SPECIAL_MAPPING, VM_GROWSDOWN
} from './mm_types'
import {
  NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_ANON_MAPPED, NR_FILE_MAPPED, NR_INACTIVE_ANON, NR_INACTIVE_FILE, NR_PAGETABLE,
  NR_ZONE_ACTIVE_ANON, NR_ZONE_ACTIVE_FILE, NR_ZONE_INACTIVE_ANON, NR_ZONE_INACTIVE_FILE, PGFAULT
} from './vmstat'
import {
  _PAGE_USER_TABLE, L_PTE_DIRTY, L_PTE_MT_WRITEALLOC, L_PTE_PRESENT, L_PTE_RDONLY, L_PTE_SHARED, L_PTE_USER, L_PTE_XN,
  L_PTE_YOUNG, PMD_TYPE_MASK, PMD_TYPE_TABLE, PTE_HWTABLE_OFF, TASK_SIZE, hw_pte
} from '../arch/arm/pgtable'

export const PGMAJFAULT = 18
const PGACTIVATE = 14

/* vm_fault_t (the subset we return) */
export const VM_FAULT_OK = 0
export const VM_FAULT_OOM = 0x1
export const VM_FAULT_SIGBUS = 0x2
export const VM_FAULT_MAJOR = 0x4
export const VM_FAULT_SIGSEGV = 0x40

/** GFP_PGTABLE_USER (GFP_KERNEL_ACCOUNT | __GFP_ZERO) with PGTABLE_HIGHMEM. */
export const GFP_PGTABLE_USER_HIGH = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_HIGHMEM

/* LRU list indices (enum lru_list) */
export const LRU_INACTIVE_ANON = 0
export const LRU_ACTIVE_ANON = 1
export const LRU_INACTIVE_FILE = 2
export const LRU_ACTIVE_FILE = 3
const NR_LRU_LISTS = 4
const LRU_NODE_ITEM = [NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE]
const LRU_ZONE_ITEM = [NR_ZONE_INACTIVE_ANON, NR_ZONE_ACTIVE_ANON, NR_ZONE_INACTIVE_FILE, NR_ZONE_ACTIVE_FILE]

/** ARM 2-level swap PTE: type in bits 2..6, offset from bit 7 (pgtable-2level.h __SWP_*). */
export const swp_entry_to_pte = (type: number, offset: number): number => ((type << 2) | (offset << 7)) >>> 0
export const pte_swp_type = (pte: number): number => (pte >>> 2) & 31
export const pte_swp_offset = (pte: number): number => pte >>> 7

/**
 * What memory.ts needs from a task to count its faults. A task with
 * `rss_stat` faulting in its own mm keeps its RSS changes there
 * (SPLIT_RSS_COUNTING: inc_mm_counter_fast) and adds them to the mm every
 * TASK_RSS_EVENTS_THRESH faults (check_sync_rss_stat) and at exit; other
 * callers (exec's argument page, swapoff) change the mm's counters at once.
 */
export interface FaultCounter {
  min_flt: number
  maj_flt: number
  mm?: MmStruct | null
  rss_stat?: Float64Array
  rss_events?: number
}

export const TASK_RSS_EVENTS_THRESH = 64

/** sync_mm_rss(): the task's cached RSS changes go to its mm. */
export function sync_mm_rss(task: FaultCounter): void {
  const c = task.rss_stat
  const mm = task.mm
  if (c && mm) for (let i = 0; i < c.length; i++) {
    if (c[i]) {
      mm.rss[i]! += c[i]!
      c[i] = 0
    }
  }
  task.rss_events = 0
}

/** add_mm_counter_fast(): into the task's cache when it faults in its own mm. */
function add_rss(mm: MmStruct, task: FaultCounter, member: number, delta: number): void {
  if (task.rss_stat && task.mm === mm) task.rss_stat[member]! += delta
  else mm.rss[member]! += delta
}

/** The swap layer as the fault path and exit see it (swapfile.ts). */
export interface SwapOps {
  /** do_swap_page(): read the entry back into a new page; the pfn or -1 (no memory). */
  swapin(pte: number, mm: MmStruct, va: number): number
  /** free_swap_and_cache() for an entry being unmapped. */
  free_entry(pte: number): void
}

/* The allocation's frames under __handle_mm_fault (estimated offsets, see fork.ts USER_FAULT_FRAMES). */
const F_FOLIO = [
  { fn: 'vma_alloc_folio', off: 0x9c, size: 0x1f4 },
  { fn: '__folio_alloc', off: 0x10, size: 0x38 }
]
const F_PTE = [
  { fn: '__pte_alloc', off: 0x20, size: 0x174 },
  { fn: 'pte_alloc_one', off: 0x1c, size: 0x9c }
]

export class ProcessMemory {
  readonly base: number
  /** Reverse map of anon pages: mm id (0: none) and user va, per frame. */
  readonly rmapMm: Int32Array
  readonly rmapVa: Uint32Array
  /** LRU lists over frames: slots [0, n) frames, [n, n+4) heads. */
  readonly lruNext: Int32Array
  readonly lruPrev: Int32Array
  readonly nframes: number
  /** mm id -> mm, for the reverse map. */
  readonly mms = new Map<number, MmStruct>()
  swap: SwapOps | null = null

  constructor(readonly mm: Mm) {
    const pg = mm.pgdat
    this.base = pg.node_start_pfn
    this.nframes = pg.nframes
    this.rmapMm = new Int32Array(pg.nframes)
    this.rmapVa = new Uint32Array(pg.nframes)
    this.lruNext = new Int32Array(pg.nframes + NR_LRU_LISTS)
    this.lruPrev = new Int32Array(pg.nframes + NR_LRU_LISTS)
    for (let i = 0; i < this.lruNext.length; i++) {
      this.lruNext[i] = i
      this.lruPrev[i] = i
    }
  }

  /* ---------------- LRU (mm/swap.c, mm_inline.h) ---------------- */

  lruHead(lru: number): number {
    return this.nframes + lru
  }

  /** add_page_to_lru_list(): at the head, with the node and zone counters. */
  lru_add(pfn: number, lru: number): void {
    const i = pfn - this.base
    const pg = this.mm.pgdat
    const head = this.nframes + lru
    const first = this.lruNext[head]!
    this.lruNext[i] = first
    this.lruPrev[i] = head
    this.lruPrev[first] = i
    this.lruNext[head] = i
    let f = pg.flags[i]! | PG_lru
    if (lru === LRU_ACTIVE_ANON || lru === LRU_ACTIVE_FILE) f |= PG_active
    else f &= ~PG_active
    if (lru <= LRU_ACTIVE_ANON) f |= PG_swapbacked
    pg.flags[i] = f
    this.mm.mod_node_page_state(LRU_NODE_ITEM[lru]!, 1)
    this.mm.mod_zone_page_state(this.mm.page_zone(pfn), LRU_ZONE_ITEM[lru]!, 1)
  }

  /** Which list a PG_lru page is on. */
  page_lru(pfn: number): number {
    const f = this.mm.pgdat.flags[pfn - this.base]!
    return (f & PG_swapbacked ? 0 : 2) + (f & PG_active ? 1 : 0)
  }

  /** del_page_from_lru_list(); no-op for a page not on a list. */
  lru_del(pfn: number): void {
    const i = pfn - this.base
    const pg = this.mm.pgdat
    const f = pg.flags[i]!
    if (!(f & PG_lru)) return
    const lru = this.page_lru(pfn)
    const n = this.lruNext[i]!
    const p = this.lruPrev[i]!
    this.lruNext[p] = n
    this.lruPrev[n] = p
    this.lruNext[i] = i
    this.lruPrev[i] = i
    pg.flags[i] = f & ~(PG_lru | PG_active)
    this.mm.mod_node_page_state(LRU_NODE_ITEM[lru]!, -1)
    this.mm.mod_zone_page_state(this.mm.page_zone(pfn), LRU_ZONE_ITEM[lru]!, -1)
  }

  /* ---------------- page tables ---------------- */

  /** pgd_alloc(): 16 KiB, user half empty, kernel half copied from swapper_pg_dir. false if no memory. */
  pgd_alloc(mm: MmStruct): boolean {
    const pfn = this.mm.alloc_pages(GFP_KERNEL | __GFP_ZERO, 2, PageOwner.PAGETABLE)
    if (pfn < 0) return false
    const pgd = pfn * PAGE_SIZE
    // The new pgd is zeroed, so copying the kernel entries whole equals
    // writing only the non-empty ones.
    const first = (TASK_SIZE >>> 20) * 4
    this.mm.phys.copy(pgd + first, KERNEL_IMAGE.swapper_pg_dir + first, 16384 - first)
    mm.pgd = pgd
    this.mms.set(mm.id, mm)
    return true
  }

  /** __pte_alloc(): the PTE page for va's pair, allocated on first use. Its pfn or -1. */
  pte_alloc(mm: MmStruct, va: number): number {
    const pair = va >>> 21
    const have = mm.ptes.get(pair)
    if (have !== undefined) return have
    const pfn = this.alloc(GFP_PGTABLE_USER_HIGH, PageOwner.PAGETABLE, F_PTE)
    if (pfn < 0) return -1
    // The fault may have OOM-killed this very task (its mm torn down meanwhile).
    if (mm.pgd < 0) {
      this.mm.__free_pages(pfn, 0)
      return -1
    }
    const page = pfn * PAGE_SIZE
    const ph = this.mm.phys
    const even = mm.pgd + (pair << 1) * 4
    ph.write(even, 4, (page + PTE_HWTABLE_OFF) | _PAGE_USER_TABLE)
    ph.write(even + 4, 4, (page + PTE_HWTABLE_OFF + 1024) | _PAGE_USER_TABLE)
    mm.ptes.set(pair, pfn)
    mm.pgtables_bytes += 2048
    this.mm.mod_node_page_state(NR_PAGETABLE, 1)
    return pfn
  }

  /** The Linux PTE for va (0 if none). */
  get_pte(mm: MmStruct, va: number): number {
    const pte = mm.ptes.get(va >>> 21)
    if (pte === undefined) return 0
    return this.mm.phys.read(pte * PAGE_SIZE + ((va >>> 12) & 511) * 4, 4)
  }

  /** set_pte_at(): the Linux PTE and its hardware twin. The PTE page must exist. */
  set_pte(mm: MmStruct, va: number, pte: number): void {
    const page = mm.ptes.get(va >>> 21)! * PAGE_SIZE
    const off = ((va >>> 12) & 511) * 4
    this.mm.phys.write(page + off, 4, pte >>> 0)
    this.mm.phys.write(page + PTE_HWTABLE_OFF + off, 4, hw_pte(pte))
  }

  /** The pte protection bits for a VMA (vm_get_page_prot + the fault's dirty/young). */
  private prot(vma: VmArea, writable: boolean, dirty: boolean): number {
    let p = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_USER | L_PTE_MT_WRITEALLOC | L_PTE_SHARED
    if (!writable) p |= L_PTE_RDONLY
    if (dirty) p |= L_PTE_DIRTY
    if (!(vma.flags & 0x4)) p |= L_PTE_XN
    return p
  }

  /* ---------------- faults ---------------- */

  /** An order-0 allocation with `frames` on the simulated call chain (what a backtrace from it shows). */
  private alloc(gfp: number, owner: number, frames: ReadonlyArray<{ fn: string; off: number; size: number }>): number {
    const chain = this.mm.k.frames
    const depth = chain.length
    for (const f of frames) chain.push(f)
    try {
      return this.mm.alloc_pages(gfp, 0, owner)
    } finally {
      chain.length = depth
    }
  }

  /** A new anon page mapped at va: counters, LRU, rmap. */
  private map_anon(mm: MmStruct, task: FaultCounter, vma: VmArea, va: number, pfn: number, write: boolean): void {
    const i = pfn - this.base
    const pg = this.mm.pgdat
    pg.mapcount[i] = 0
    this.rmapMm[i] = mm.id
    this.rmapVa[i] = va
    if (write) pg.flags[i]! |= PG_dirty
    this.lru_add(pfn, LRU_INACTIVE_ANON)
    this.mm.mod_node_page_state(NR_ANON_MAPPED, 1)
    add_rss(mm, task, MM_ANONPAGES, 1)
    this.set_pte(mm, va, (pfn * PAGE_SIZE) | this.prot(vma, (vma.flags & VM_WRITE) !== 0, write))
  }

  /**
   * handle_mm_fault(): resolve a fault at va (page-aligned or not) for
   * `task`. Returns VM_FAULT_OK (possibly | VM_FAULT_MAJOR), VM_FAULT_SIGSEGV
   * (no VMA, or a write to a read-only one), or VM_FAULT_OOM (no memory,
   * or the task was killed while the allocation waited).
   */
  handle_mm_fault(mm: MmStruct, task: FaultCounter, addr: number, write: boolean): number {
    this.mm.k.clock.advance(PAGE_FAULT_NS)
    if (mm.pgd < 0) return VM_FAULT_SIGBUS
    const va = (addr & ~4095) >>> 0
    let vma = mm.find_vma(va)
    if (!vma) return VM_FAULT_SIGSEGV
    if (vma.start > va) {
      // expand_stack(): a grows-down stack extends to the faulting page.
      if (!(vma.flags & VM_GROWSDOWN) || vma.start - va > 8 << 20) return VM_FAULT_SIGSEGV
      const grow = (vma.start - va) / PAGE_SIZE
      vma.start = va
      mm.total_vm += grow
      mm.stack_vm += grow
    }
    if (write && !(vma.flags & VM_WRITE)) return VM_FAULT_SIGSEGV
    if (vma.flags & VM_SPECIAL_MAPPING) return VM_FAULT_SIGSEGV
    const pg = this.mm.pgdat
    pg.vm_events[PGFAULT]!++
    // check_sync_rss_stat(current)
    if (task.rss_stat && task.mm === mm && (task.rss_events = (task.rss_events ?? 0) + 1) - 1 > TASK_RSS_EVENTS_THRESH) sync_mm_rss(task)
    if (this.pte_alloc(mm, va) < 0) return VM_FAULT_OOM
    const old = this.get_pte(mm, va)
    if (old & L_PTE_PRESENT) {
      // do_wp_page(): a write to a read-only private file page (COW).
      if (!write || !(old & L_PTE_RDONLY)) {
        task.min_flt++
        return VM_FAULT_OK
      }
      const oldPfn = Math.floor(old / PAGE_SIZE)
      const np = this.alloc(GFP_HIGHUSER_MOVABLE, PageOwner.USER_ANON, F_FOLIO)
      if (np < 0 || mm.pgd < 0) {
        if (np >= 0) this.mm.__free_pages(np, 0)
        return VM_FAULT_OOM
      }
      const src = this.mm.phys.peek(oldPfn)
      if (src) this.mm.phys.writeBytes(np * PAGE_SIZE, src)
      else this.mm.phys.zeroFrames(np, 1)
      this.unmap_file_page(mm, vma, oldPfn, task)
      this.map_anon(mm, task, vma, va, np, true)
      task.min_flt++
      return VM_FAULT_OK
    }
    if (old !== 0) {
      // do_swap_page()
      if (!this.swap) return VM_FAULT_SIGBUS
      const np = this.swap.swapin(old, mm, va)
      if (np < 0 || mm.pgd < 0) {
        if (np >= 0) this.mm.__free_pages(np, 0)
        return VM_FAULT_OOM
      }
      this.swap.free_entry(old)
      add_rss(mm, task, MM_SWAPENTS, -1)
      this.map_anon(mm, task, vma, va, np, write)
      pg.vm_events[PGMAJFAULT]!++
      task.maj_flt++
      mm.update_hiwater()
      return VM_FAULT_MAJOR
    }
    if (vma.file) {
      const idx = vma.pgoff + (va - vma.start) / PAGE_SIZE
      const pfn = idx < vma.file.pages.length ? vma.file.pages[idx]! : -1
      if (pfn < 0) return VM_FAULT_SIGBUS
      if (write && !(vma.flags & VM_SHARED)) {
        // do_cow_fault(): a private copy of the file page.
        const np = this.alloc(GFP_HIGHUSER_MOVABLE, PageOwner.USER_ANON, F_FOLIO)
        if (np < 0 || mm.pgd < 0) {
          if (np >= 0) this.mm.__free_pages(np, 0)
          return VM_FAULT_OOM
        }
        const src = this.mm.phys.peek(pfn)
        if (src) this.mm.phys.writeBytes(np * PAGE_SIZE, src)
        else this.mm.phys.zeroFrames(np, 1)
        this.map_anon(mm, task, vma, va, np, true)
      } else {
        const i = pfn - this.base
        if (++pg.mapcount[i]! === 0) {
          this.mm.mod_node_page_state(NR_FILE_MAPPED, 1)
          // A page the process really uses gets referenced twice: folio_mark_accessed() activates it.
          if (pg.flags[i]! & PG_lru && !(pg.flags[i]! & PG_active)) {
            const lru = this.page_lru(pfn)
            this.lru_del(pfn)
            this.lru_add(pfn, lru + 1)
            pg.vm_events[PGACTIVATE]!++
          }
        }
        add_rss(mm, task, vma.file.shmem ? MM_SHMEMPAGES : MM_FILEPAGES, 1)
        const writable = (vma.flags & VM_WRITE) !== 0 && (vma.flags & VM_SHARED) !== 0
        this.set_pte(mm, va, (pfn * PAGE_SIZE) | this.prot(vma, writable, write))
      }
      task.min_flt++
      mm.update_hiwater()
      return VM_FAULT_OK
    }
    // do_anonymous_page()
    const pfn = this.alloc(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, PageOwner.USER_ANON, F_FOLIO)
    if (pfn < 0 || mm.pgd < 0) {
      if (pfn >= 0) this.mm.__free_pages(pfn, 0)
      return VM_FAULT_OOM
    }
    this.map_anon(mm, task, vma, va, pfn, write)
    task.min_flt++
    mm.update_hiwater()
    return VM_FAULT_OK
  }

  /** A file page's mapping goes away (zap_pte_range for a non-anon page; wp_page_copy with the faulting task). */
  private unmap_file_page(mm: MmStruct, vma: VmArea, pfn: number, task?: FaultCounter): void {
    const i = pfn - this.base
    const pg = this.mm.pgdat
    if (--pg.mapcount[i]! === -1) this.mm.mod_node_page_state(NR_FILE_MAPPED, -1)
    const member = vma.file?.shmem ? MM_SHMEMPAGES : MM_FILEPAGES
    if (task) add_rss(mm, task, member, -1)
    else mm.rss[member]!--
  }

  /** An anon page leaves its last mapping: off the LRU, uncounted, freed. */
  free_anon_page(mm: MmStruct, pfn: number): void {
    const i = pfn - this.base
    this.lru_del(pfn)
    this.rmapMm[i] = 0
    this.mm.pgdat.mapcount[i] = -1
    this.mm.pgdat.flags[i]! &= ~(PG_dirty | PG_swapbacked)
    this.mm.mod_node_page_state(NR_ANON_MAPPED, -1)
    mm.rss[MM_ANONPAGES]!--
    this.mm.__free_pages(pfn, 0)
  }

  /**
   * zap_page_range() over [start, end) of one VMA: every mapped page is
   * unmapped (anon pages freed, file pages' mapcount dropped), swap entries
   * released. PTE pages stay (free_pgtables frees them at exit).
   */
  zap_range(mm: MmStruct, vma: VmArea, start: number, end: number): void {
    const ph = this.mm.phys
    for (let va = start; va < end; ) {
      const pair = va >>> 21
      const pairEnd = Math.min(end, (pair + 1) * 0x200000)
      const ptePfn = mm.ptes.get(pair)
      if (ptePfn === undefined) {
        va = pairEnd
        continue
      }
      const page = ptePfn * PAGE_SIZE
      for (; va < pairEnd; va += PAGE_SIZE) {
        const off = ((va >>> 12) & 511) * 4
        const pte = ph.read(page + off, 4)
        if (pte === 0) continue
        if (pte & L_PTE_PRESENT) {
          const pfn = Math.floor(pte / PAGE_SIZE)
          if (this.rmapMm[pfn - this.base] === mm.id) this.free_anon_page(mm, pfn)
          else this.unmap_file_page(mm, vma, pfn)
        } else {
          this.swap?.free_entry(pte)
          mm.rss[MM_SWAPENTS]!--
        }
        ph.write(page + off, 4, 0)
        ph.write(page + PTE_HWTABLE_OFF + off, 4, 0)
      }
    }
  }

  /**
   * exit_mmap(): unmap every VMA, free the PTE pages (free_pgtables) and the
   * pgd (pgd_free). Afterwards every frame the mm held is back in the
   * allocator and mm.pgd is -1.
   */
  exit_mmap(mm: MmStruct): void {
    if (mm.pgd < 0) return
    for (const vma of mm.vmas) this.zap_range(mm, vma, vma.start, vma.end)
    for (const pfn of mm.ptes.values()) {
      this.mm.__free_pages(pfn, 0)
      this.mm.mod_node_page_state(NR_PAGETABLE, -1)
    }
    mm.ptes.clear()
    mm.pgtables_bytes = 0
    this.mm.__free_pages(mm.pgd / PAGE_SIZE, 2)
    mm.pgd = -1
    for (const v of mm.vmas) if (v.flags & 0x100000) this.mm.vm_committed_as -= v.pages
    mm.vmas = []
    mm.total_vm = mm.data_vm = mm.exec_vm = mm.stack_vm = 0
    this.mms.delete(mm.id)
  }

  /**
   * A user access at va as the MMU sees it: the physical address, faulting
   * the page in first if needed; -1 with the fault code in `lastFault`
   * (VM_FAULT_SIGSEGV for a bad address: the caller delivers SIGSEGV).
   * The C engine's user runner sits on this.
   */
  lastFault = 0
  access(mm: MmStruct, task: FaultCounter, va: number, write: boolean): number {
    va >>>= 0
    if (va >= TASK_SIZE) {
      this.lastFault = VM_FAULT_SIGSEGV
      return -1
    }
    let pte = this.get_pte(mm, va)
    if (!(pte & L_PTE_PRESENT) || (write && pte & L_PTE_RDONLY)) {
      const r = this.handle_mm_fault(mm, task, va, write)
      if (r & (VM_FAULT_SIGSEGV | VM_FAULT_OOM | VM_FAULT_SIGBUS)) {
        this.lastFault = r
        return -1
      }
      pte = this.get_pte(mm, va)
    } else if (write && !(pte & L_PTE_DIRTY)) {
      // The hardware has no dirty bit: the first write to a clean page faults (pte_mkdirty).
      this.set_pte(mm, va, pte | L_PTE_DIRTY)
    }
    return ((pte & 0xfffff000) >>> 0) + (va & 4095)
  }

  /** Is the pgd pair's L1 entry a table (for tests and show_pte)? */
  l1_is_table(mm: MmStruct, va: number): boolean {
    return (this.mm.phys.read(mm.pgd + (va >>> 20) * 4, 4) & PMD_TYPE_MASK) === PMD_TYPE_TABLE
  }

  /** The anon page's owning mm (reverse map), or null. */
  page_mm(pfn: number): MmStruct | null {
    const id = this.rmapMm[pfn - this.base]!
    return id ? this.mms.get(id) ?? null : null
  }
}

