/*
 * mm/page_alloc.c: the buddy allocator of one node.
 *
 * Free memory lives in zone->free_area[order].free_list[migratetype]; a free
 * block of 2^order frames is represented by its first frame (PG_buddy, order
 * stored). Allocation takes the smallest suitable block and splits it
 * (expand()); freeing merges a block with its buddy, the block whose pfn
 * differs only in bit `order` (pfn ^ (1 << order)), while that buddy is free
 * and of the same order (__free_one_page()). Worked example: frame 8 at order
 * 1 has buddy 8 ^ 2 = 10; merged, they form the order-2 block at 8 & 10 = 8.
 *
 * Pageblocks (2^pageblock_order frames) carry a migratetype; allocations of
 * one mobility type fall back to other types' lists only when their own are
 * empty (__rmqueue_fallback), stealing the whole pageblock when the stolen
 * block is large or the caller unmovable/reclaimable. CMA pageblocks serve
 * only movable allocations. Orders 0..PAGE_ALLOC_COSTLY_ORDER go through the
 * per-cpu lists (rmqueue_pcplist / free_unref_page), refilled and drained in
 * batches.
 *
 * Watermarks (min/low/high, lowmem_reserve) guard each zone; GFP_ATOMIC
 * (ALLOC_HIGH|ALLOC_HARDER) may dip below min. The slow path has named hooks
 * for what is not modelled yet (kswapd, compaction, direct reclaim, the OOM
 * killer): without them a request that would reclaim simply fails, after the
 * steps the kernel does take without reclaim progress (unreserving a
 * highatomic block, draining the pcp lists), and warn_alloc reports it.
 *
 * Invariants (checked by checkInvariants()):
 *  - every frame is in exactly one state: head or tail of a free buddy block,
 *    on a pcp list (as part of a block), allocated, or reserved;
 *  - free_area[o].nr_free == sum of the lengths of free_area[o]'s lists;
 *  - no two free buddies of the same order are both on the free lists;
 *  - NR_FREE_PAGES == frames in free blocks; NR_FREE_CMA_PAGES == those in
 *    CMA-typed lists; pcp->count == frames on the pcp lists.
 *
 * API convention: a page is named by its pfn; alloc_pages() returns the pfn
 * of the first frame or -1.
 *
 * Left out: NUMA, cpusets, memory hotplug, page isolation users
 * (alloc_contig_range is reduced to cma_alloc_range), debug_pagealloc,
 * page poisoning, THP pcp lists, ZONE_RECLAIM_ACTIVE, the shuffle.
 */

import { HZ } from '../board/clock'
import type { KernelContext } from '../kernel/context'
import { dump_stack } from '../kernel/dumpstack'
import { warn_slowpath_fmt } from '../kernel/panic'
import { KERN_WARNING } from '../kernel/printk'
import {
  __GFP_ATOMIC, __GFP_COMP, __GFP_DMA, __GFP_DIRECT_RECLAIM, __GFP_FS, __GFP_HIGH, __GFP_KSWAPD_RECLAIM, __GFP_MEMALLOC,
  __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, __GFP_RETRY_MAYFAIL, __GFP_THISNODE, __GFP_ZERO,
  format_gfp_mode, gfp_migratetype, gfp_zone
} from './gfp'
import {
  MAX_NR_ZONES, MAX_ORDER, MIGRATE_CMA, MIGRATE_HIGHATOMIC, MIGRATE_ISOLATE, MIGRATE_MOVABLE, MIGRATE_PCPTYPES,
  MIGRATE_RECLAIMABLE, MIGRATE_TYPES, MIGRATE_UNMOVABLE, NR_PCP_LISTS, PAGE_ALLOC_COSTLY_ORDER, PG_buddy, PG_head,
  PG_lru, PG_pcp, PG_reserved, PG_tail, PageOwner, type PerCpuPages, type PglistData, WMARK_HIGH, WMARK_LOW,
  WMARK_MIN, WMARK_PROMO, ZONE_HIGHMEM, ZONE_MOVABLE, ZONE_NORMAL, type Zone, pageblock_nr_pages, pageblock_order
} from './mmzone'
import type { PhysMem } from './phys_mem'
import { show_mem } from './show_mem'
import { COMPACT_ISOLATED, NR_FREE_CMA_PAGES, NR_FREE_PAGES, PGALLOC_NORMAL, PGFREE } from './vmstat'

/* mm/internal.h alloc_flags (6.1 values). */
export const ALLOC_WMARK_MIN = WMARK_MIN
export const ALLOC_WMARK_LOW = WMARK_LOW
export const ALLOC_WMARK_HIGH = WMARK_HIGH
export const ALLOC_NO_WATERMARKS = 0x04
export const ALLOC_WMARK_MASK = ALLOC_NO_WATERMARKS - 1
export const ALLOC_OOM = 0x08
export const ALLOC_HARDER = 0x10
export const ALLOC_HIGH = 0x20
export const ALLOC_CPUSET = 0x40
export const ALLOC_CMA = 0x80
export const ALLOC_NOFRAGMENT = 0x100
export const ALLOC_KSWAPD = 0x800

/* fallbacks[]: where each pcp migratetype may steal from, in order. */
const fallbacks: ReadonlyArray<readonly number[]> = [
  [MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE], // UNMOVABLE
  [MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE], // MOVABLE
  [MIGRATE_UNMOVABLE, MIGRATE_MOVABLE] // RECLAIMABLE
]

/** lib/ratelimit.c ___ratelimit() over the simulated jiffies. */
export class RatelimitState {
  begin = 0
  printed = 0
  missed = 0
  constructor(
    readonly interval: number,
    readonly burst: number,
    readonly func: string
  ) {}
  /** Returns true if the caller may print; prints "func: N callbacks suppressed" when a window reopens. */
  ratelimit(k: KernelContext): boolean {
    if (!this.interval) return true
    const j = k.clock.jiffies()
    if (!this.begin) this.begin = j
    if (((this.begin + this.interval - j) | 0) < 0) {
      if (this.missed) {
        k.printk(`${KERN_WARNING}${this.func}: ${this.missed} callbacks suppressed\n`)
        this.missed = 0
      }
      this.begin = j
      this.printed = 0
    }
    if (this.burst && this.burst > this.printed) {
      this.printed++
      return true
    }
    this.missed++
    return false
  }
}

/**
 * What the slow path calls for mechanisms that later issues model. Each
 * returns whether it made progress; absent means "not modelled", which the
 * slow path treats as no progress.
 */
export interface SlowPathHooks {
  /** mm/vmscan.c wakeup_kswapd(). Default: see PageAlloc.wakeup_kswapd. */
  wakeup_kswapd?: (zone: Zone, order: number) => void
  /** mm/compaction.c try_to_compact_pages(): true if a page may now be free. */
  try_to_compact_pages?: (gfp: number, order: number) => boolean
  /** mm/vmscan.c try_to_free_pages(): number of pages reclaimed. */
  try_to_free_pages?: (gfp: number, order: number) => number
  /** mm/oom_kill.c out_of_memory(): true if a victim was chosen (memory will come back). */
  out_of_memory?: (gfp: number, order: number) => boolean
  /** might_alloc(): the "sleeping function called from invalid context" check, owned by the scheduler layer. */
  might_alloc?: (gfp: number) => void
}

export function int_sqrt(x: number): number {
  return Math.floor(Math.sqrt(x))
}

function rounddown_pow_of_two(n: number): number {
  return 2 ** Math.floor(Math.log2(n))
}

function fls(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x)
}

/** include/linux/math.h mult_frac() on integers. */
function mult_frac(x: number, n: number, d: number): number {
  const q = Math.floor(x / d)
  const r = x % d
  return q * n + Math.floor((r * n) / d)
}

export class PageAlloc {
  readonly zones: Zone[]
  readonly base: number
  /* struct page columns, cached for the hot paths */
  private readonly flags: Uint32Array
  private readonly ord: Uint8Array
  private readonly owner: Uint8Array
  private readonly refcount: Int32Array
  private readonly pcpmt: Uint8Array
  private readonly buddymt: Uint8Array
  private readonly zoneid: Uint8Array
  private readonly next: Int32Array
  private readonly prev: Int32Array

  /* sysctls and globals of page_alloc.c */
  min_free_kbytes = 1024
  user_min_free_kbytes = -1
  watermark_scale_factor = 10
  watermark_boost_factor = 15000
  readonly sysctl_lowmem_reserve_ratio = [32, 0, 0]
  percpu_pagelist_high_fraction = 0
  totalreserve_pages = 0
  totalram_pages = 0
  totalhigh_pages = 0
  totalcma_pages = 0
  page_group_by_mobility_disabled = false
  /** False until setup_per_cpu_pageset(): before it the boot pageset (high 0, batch 1) frees straight to the buddy lists. */
  pcp_ready = false
  nr_online_cpus = 1
  /** WARN_ON_ONCE_GFP(order >= MAX_ORDER) has fired. */
  warned_max_order = false
  readonly nopage_rs = new RatelimitState(10 * HZ, 1, 'warn_alloc')
  hooks: SlowPathHooks = {}
  /* find_suitable_fallback() out-parameter */
  private can_steal = false

  constructor(
    readonly pgdat: PglistData,
    readonly k: KernelContext,
    readonly phys: PhysMem,
    /** Is there a populated HighMem zone (movable_zone == ZONE_HIGHMEM)? */
    readonly highmemPresent: boolean
  ) {
    this.zones = pgdat.zones
    this.base = pgdat.node_start_pfn
    this.flags = pgdat.flags
    this.ord = pgdat.order
    this.owner = pgdat.owner
    this.refcount = pgdat.refcount
    this.pcpmt = pgdat.pcpmt
    this.buddymt = pgdat.buddymt
    this.zoneid = pgdat.zoneid
    this.next = pgdat.next
    this.prev = pgdat.prev
  }

  get cpu(): number {
    return this.k.cpu < this.pgdat.nr_cpu_slots ? this.k.cpu : 0
  }

  /* ------------------------------------------------------------------ */
  /* free lists                                                         */
  /* ------------------------------------------------------------------ */

  private add_to_free_list(i: number, zone: Zone, order: number, mt: number, tail: boolean): void {
    const li = order * MIGRATE_TYPES + mt
    const head = zone.freeListBase + li
    if (tail) this.pgdat.list_add_tail(i, head)
    else this.pgdat.list_add(i, head)
    zone.nr_free[order]!++
    zone.nr_free_mt[li]!++
    this.buddymt[i] = mt
  }

  private del_page_from_free_list(i: number, zone: Zone, order: number): void {
    this.pgdat.list_del(i)
    this.flags[i]! &= ~PG_buddy
    zone.nr_free[order]!--
    zone.nr_free_mt[order * MIGRATE_TYPES + this.buddymt[i]!]!--
  }

  /** move_to_free_list(): list_move_tail to another migratetype's list. */
  private move_to_free_list(i: number, zone: Zone, order: number, mt: number): void {
    this.pgdat.list_del(i)
    const li = order * MIGRATE_TYPES + mt
    this.pgdat.list_add_tail(i, zone.freeListBase + li)
    zone.nr_free_mt[order * MIGRATE_TYPES + this.buddymt[i]!]!--
    zone.nr_free_mt[li]!++
    this.buddymt[i] = mt
  }

  private set_buddy_order(i: number, order: number): void {
    this.ord[i] = order
    this.flags[i]! |= PG_buddy
  }

  private __mod_zone_freepage_state(zone: Zone, nr: number, mt: number): void {
    zone.vm_stat[NR_FREE_PAGES]! += nr
    if (mt === MIGRATE_CMA) zone.vm_stat[NR_FREE_CMA_PAGES]! += nr
  }

  /**
   * page_is_buddy(): frame i is the head of a free block of exactly `order`
   * in the same zone as `zidx`.
   */
  private page_is_buddy(i: number, order: number, zidx: number): boolean {
    return i >= 0 && i < this.pgdat.nframes && (this.flags[i]! & PG_buddy) !== 0 && this.ord[i] === order && this.zoneid[i] === zidx
  }

  private tagFrames(i: number, n: number, owner: number): void {
    const o = this.owner
    if (n === 1) o[i] = owner
    else o.fill(owner, i, i + n)
  }

  /**
   * __free_one_page(): put the 2^order block at frame index i back, merging
   * with free buddies as far as possible. `toTail` is FPI_TO_TAIL.
   */
  __free_one_page(i: number, zone: Zone, order: number, mt: number, toTail: boolean): void {
    // The hot path of every free: page_is_buddy(), del_page_from_free_list()
    // and add_to_free_list() are written out over the columns here (the
    // kernel's helpers are inline functions too).
    const n = 1 << order
    if (n === 1) this.owner[i] = PageOwner.FREE
    else this.owner.fill(PageOwner.FREE, i, i + n)
    if (mt !== MIGRATE_ISOLATE) this.__mod_zone_freepage_state(zone, n, mt)
    const base = this.base
    const nframes = this.pgdat.nframes
    const flags = this.flags
    const ord = this.ord
    const zoneid = this.zoneid
    const next = this.next
    const prev = this.prev
    const nr_free = zone.nr_free
    const nr_free_mt = zone.nr_free_mt
    const buddymt = this.buddymt
    let pfn = base + i
    let buddy_pfn = 0
    const zidx = zone.idx
    while (order < MAX_ORDER - 1) {
      buddy_pfn = pfn ^ (1 << order)
      const b = buddy_pfn - base
      // page_is_buddy()
      if (b < 0 || b >= nframes || (flags[b]! & PG_buddy) === 0 || ord[b] !== order || zoneid[b] !== zidx) break
      // The kernel refuses to merge across pageblocks of non-mergeable types
      // only at order >= pageblock_order, which here is already the top order.
      // del_page_from_free_list()
      const bn = next[b]!
      const bp = prev[b]!
      next[bp] = bn
      prev[bn] = bp
      next[b] = b
      prev[b] = b
      flags[b]! &= ~PG_buddy
      nr_free[order]!--
      nr_free_mt[order * MIGRATE_TYPES + buddymt[b]!]!--
      pfn &= buddy_pfn
      order++
    }
    i = pfn - base
    ord[i] = order
    flags[i]! |= PG_buddy
    let tail = toTail
    if (!tail && order < MAX_ORDER - 2) {
      // buddy_merge_likely(): if the block one order up would be complete
      // once our buddy is freed, keep this block at the tail so it stays
      // free longer and the merge can happen.
      const higher = buddy_pfn & pfn
      const hb = (higher ^ (1 << (order + 1))) - base
      tail = hb >= 0 && hb < nframes && (flags[hb]! & PG_buddy) !== 0 && ord[hb] === order + 1 && zoneid[hb] === zidx
    }
    // add_to_free_list()
    const li = order * MIGRATE_TYPES + mt
    const head = zone.freeListBase + li
    if (tail) {
      const last = prev[head]!
      next[i] = head
      prev[i] = last
      next[last] = i
      prev[head] = i
    } else {
      const first = next[head]!
      next[i] = first
      prev[i] = head
      prev[first] = i
      next[head] = i
    }
    nr_free[order]!++
    nr_free_mt[li]!++
    buddymt[i] = mt
  }

  /** expand(): split a 2^high block at i down to 2^low, freeing the upper halves. */
  private expand(zone: Zone, i: number, low: number, high: number, mt: number): void {
    const next = this.next
    const prev = this.prev
    let size = 1 << high
    while (high > low) {
      high--
      size >>= 1
      // add_to_free_list() at the head, set_buddy_order()
      const j = i + size
      const li = high * MIGRATE_TYPES + mt
      const head = zone.freeListBase + li
      const first = next[head]!
      next[j] = first
      prev[j] = head
      prev[first] = j
      next[head] = j
      zone.nr_free[high]!++
      zone.nr_free_mt[li]!++
      this.buddymt[j] = mt
      this.ord[j] = high
      this.flags[j]! |= PG_buddy
    }
  }

  /** __rmqueue_smallest(): frame index or -1. NR_FREE_PAGES is adjusted by the caller. */
  private __rmqueue_smallest(zone: Zone, order: number, mt: number): number {
    const next = this.next
    const nr_free = zone.nr_free
    for (let co = order; co < MAX_ORDER; co++) {
      if (nr_free[co] === 0) continue
      const head = zone.freeListBase + co * MIGRATE_TYPES + mt
      const i = next[head]!
      if (i === head) continue
      // del_page_from_free_list() of the list's first block
      const prev = this.prev
      const nx = next[i]!
      next[head] = nx
      prev[nx] = head
      next[i] = i
      prev[i] = i
      this.flags[i]! &= ~PG_buddy
      nr_free[co]!--
      zone.nr_free_mt[co * MIGRATE_TYPES + this.buddymt[i]!]!--
      if (co > order) this.expand(zone, i, order, co, mt)
      this.pcpmt[i] = mt
      return i
    }
    return -1
  }

  /** can_steal_fallback() */
  private can_steal_fallback(order: number, start_mt: number): boolean {
    if (order >= pageblock_order) return true
    return (
      order >= pageblock_order / 2 ||
      start_mt === MIGRATE_RECLAIMABLE ||
      start_mt === MIGRATE_UNMOVABLE ||
      this.page_group_by_mobility_disabled
    )
  }

  /** find_suitable_fallback(): a migratetype to steal from at this order, or -1; sets this.can_steal. */
  find_suitable_fallback(zone: Zone, order: number, mt: number, only_stealable: boolean): number {
    if (zone.nr_free[order] === 0) return -1
    this.can_steal = false
    const fb = fallbacks[mt]!
    for (let j = 0; j < fb.length; j++) {
      const f = fb[j]!
      if (this.pgdat.list_empty(zone.freeListBase + order * MIGRATE_TYPES + f)) continue
      if (this.can_steal_fallback(order, mt)) this.can_steal = true
      if (!only_stealable) return f
      if (this.can_steal) return f
    }
    return -1
  }

  /**
   * move_freepages_block(): move every free block of the pageblock holding
   * frame i to `mt`'s lists. Returns [pages moved, movable (LRU) pages seen].
   */
  private move_freepages_block(zone: Zone, i: number, mt: number): [number, number] {
    const start = i & ~(pageblock_nr_pages - 1)
    const end = start + pageblock_nr_pages - 1
    const sp = this.base + start
    if (sp < zone.zone_start_pfn || this.base + end >= zone.zone_end_pfn) return [0, 0]
    let moved = 0
    let movable = 0
    for (let j = start; j <= end; ) {
      if (!(this.flags[j]! & PG_buddy)) {
        if (this.flags[j]! & PG_lru) movable++
        j++
        continue
      }
      const o = this.ord[j]!
      this.move_to_free_list(j, zone, o, mt)
      j += 1 << o
      moved += 1 << o
    }
    return [moved, movable]
  }

  /** boost_watermark(): fragmentation raises the watermarks by a pageblock, so kswapd reclaims a little more. */
  private boost_watermark(zone: Zone): boolean {
    if (!this.watermark_boost_factor) return false
    if (pageblock_nr_pages * 4 > zone.managed_pages) return false
    let max_boost = mult_frac(zone._watermark[WMARK_HIGH]!, this.watermark_boost_factor, 10000)
    if (!max_boost) return false
    max_boost = Math.max(pageblock_nr_pages, max_boost)
    zone.watermark_boost = Math.min(zone.watermark_boost + pageblock_nr_pages, max_boost)
    return true
  }

  /** steal_suitable_fallback() */
  private steal_suitable_fallback(zone: Zone, i: number, alloc_flags: number, start_type: number, whole_block: boolean): void {
    const current_order = this.ord[i]!
    const pfn = this.base + i
    const old_block_type = this.pgdat.get_pageblock_migratetype(pfn)
    single: {
      if (old_block_type === MIGRATE_HIGHATOMIC) break single
      if (current_order >= pageblock_order) {
        // change_pageblock_range()
        for (let n = 1 << (current_order - pageblock_order), p = pfn; n > 0; n--, p += pageblock_nr_pages)
          this.pgdat.set_pageblock_migratetype(p, start_type)
        break single
      }
      if (this.boost_watermark(zone) && alloc_flags & ALLOC_KSWAPD) zone.boosted = true
      if (!whole_block) break single
      const [free_pages, movable_pages] = this.move_freepages_block(zone, i, start_type)
      if (!free_pages) break single
      let alike_pages: number
      if (start_type === MIGRATE_MOVABLE) alike_pages = movable_pages
      else if (old_block_type === MIGRATE_MOVABLE) alike_pages = pageblock_nr_pages - (free_pages + movable_pages)
      else alike_pages = 0
      // Claim the block if at least half of it is free or compatible.
      if (free_pages + alike_pages >= 1 << (pageblock_order - 1) || this.page_group_by_mobility_disabled)
        this.pgdat.set_pageblock_migratetype(pfn, start_type)
      return
    }
    this.move_to_free_list(i, zone, current_order, start_type)
  }

  /** __rmqueue_fallback(): move a block from another type's lists to start_mt's; true if one was found. */
  private __rmqueue_fallback(zone: Zone, order: number, start_mt: number, alloc_flags: number): boolean {
    const min_order = alloc_flags & ALLOC_NOFRAGMENT ? pageblock_order : order
    let current_order: number
    let fallback_mt = -1
    found: {
      for (current_order = MAX_ORDER - 1; current_order >= min_order; current_order--) {
        fallback_mt = this.find_suitable_fallback(zone, current_order, start_mt, false)
        if (fallback_mt === -1) continue
        // A movable request that cannot claim the whole block takes the
        // smallest block instead, to avoid fragmenting a large one.
        if (!this.can_steal && start_mt === MIGRATE_MOVABLE && current_order > order) {
          for (current_order = order; current_order < MAX_ORDER; current_order++) {
            fallback_mt = this.find_suitable_fallback(zone, current_order, start_mt, false)
            if (fallback_mt !== -1) break
          }
        }
        break found
      }
      return false
    }
    const head = zone.freeListBase + current_order * MIGRATE_TYPES + fallback_mt
    const i = this.next[head]!
    this.steal_suitable_fallback(zone, i, alloc_flags, start_mt, this.can_steal)
    return true
  }

  /** __rmqueue(): frame index or -1. */
  private __rmqueue(zone: Zone, order: number, mt: number, alloc_flags: number): number {
    let i: number
    // Balance movable allocations between regular and CMA areas: use CMA
    // first when it holds more than half of the zone's free memory.
    if (alloc_flags & ALLOC_CMA && zone.vm_stat[NR_FREE_CMA_PAGES]! > Math.floor(zone.vm_stat[NR_FREE_PAGES]! / 2)) {
      i = this.__rmqueue_smallest(zone, order, MIGRATE_CMA)
      if (i >= 0) return i
    }
    for (;;) {
      i = this.__rmqueue_smallest(zone, order, mt)
      if (i >= 0) return i
      if (alloc_flags & ALLOC_CMA) {
        i = this.__rmqueue_smallest(zone, order, MIGRATE_CMA)
        if (i >= 0) return i
      }
      if (!this.__rmqueue_fallback(zone, order, mt, alloc_flags)) return -1
    }
  }

  /* ------------------------------------------------------------------ */
  /* per-cpu lists                                                      */
  /* ------------------------------------------------------------------ */

  /** rmqueue_bulk(): move up to `count` blocks to a pcp list; returns how many. */
  private rmqueue_bulk(zone: Zone, order: number, count: number, list: number, mt: number, alloc_flags: number): number {
    const n = 1 << order
    let got = 0
    const next = this.next
    const prev = this.prev
    for (; got < count; got++) {
      const i = this.__rmqueue(zone, order, mt, alloc_flags)
      if (i < 0) break
      // list_add_tail()
      const last = prev[list]!
      next[i] = list
      prev[i] = last
      next[last] = i
      prev[list] = i
      this.flags[i]! |= PG_pcp
      this.ord[i] = order
      this.tagFrames(i, n, PageOwner.PCP)
      if (this.pcpmt[i] === MIGRATE_CMA) zone.vm_stat[NR_FREE_CMA_PAGES]! -= n
    }
    zone.vm_stat[NR_FREE_PAGES]! -= got << order
    return got
  }

  /** rmqueue_pcplist(): frame index or -1. */
  private rmqueue_pcplist(zone: Zone, order: number, mt: number, alloc_flags: number): number {
    const pcp = zone.pcp[this.cpu]!
    pcp.free_factor >>= 1
    return this.__rmqueue_pcplist(zone, order, mt, alloc_flags, pcp, pcp.listBase + order * MIGRATE_PCPTYPES + mt)
  }

  /** __rmqueue_pcplist(): take the first block of a pcp list, refilling it from the buddy lists when empty. */
  private __rmqueue_pcplist(zone: Zone, order: number, mt: number, alloc_flags: number, pcp: PerCpuPages, list: number): number {
    let i = this.next[list]!
    if (i === list) {
      let batch = pcp.batch
      // Scale the refill to the order, but keep at least two blocks.
      if (batch > 1) batch = Math.max(batch >> order, 2)
      const got = this.rmqueue_bulk(zone, order, batch, list, mt, alloc_flags)
      pcp.count += got << order
      i = this.next[list]!
      if (i === list) return -1
    }
    this.pgdat.list_del(i)
    this.flags[i]! &= ~PG_pcp
    pcp.count -= 1 << order
    return i
  }

  /** nr_pcp_free(): how many pages a bulk free releases. */
  private nr_pcp_free(pcp: PerCpuPages, high: number, batch: number, free_high: boolean): number {
    if (free_high) return pcp.count
    if (high < batch) return 1
    const min_nr_free = batch
    const max_nr_free = high - batch
    // Double the number freed each time frees follow frees without allocations.
    batch <<= pcp.free_factor
    if (batch < max_nr_free) pcp.free_factor++
    return Math.min(Math.max(batch, min_nr_free), max_nr_free)
  }

  /** free_pcppages_bulk(): return `count` pages from the pcp lists to the buddy lists, round-robin from `pindex`. */
  free_pcppages_bulk(zone: Zone, count: number, pcp: PerCpuPages, pindex: number): void {
    count = Math.min(pcp.count, count)
    pindex = pindex - 1
    const pg = this.pgdat
    while (count > 0) {
      let list: number
      do {
        if (++pindex > NR_PCP_LISTS - 1) pindex = 0
        list = pcp.listBase + pindex
      } while (pg.list_empty(list))
      const order = (pindex / MIGRATE_PCPTYPES) | 0
      const nr_pages = 1 << order
      const next = this.next
      const prev = this.prev
      do {
        // the list's tail: the page freed longest ago
        const i = prev[list]!
        const mt = this.pcpmt[i]!
        const p = prev[i]!
        next[p] = list
        prev[list] = p
        next[i] = i
        prev[i] = i
        this.flags[i]! &= ~PG_pcp
        count -= nr_pages
        pcp.count -= nr_pages
        this.__free_one_page(i, zone, order, mt, false)
      } while (count > 0 && next[list] !== list)
    }
  }

  /** free_unref_page(): order <= PAGE_ALLOC_COSTLY_ORDER frees go to the pcp lists. */
  private free_unref_page(i: number, order: number): void {
    const zone = this.zones[this.zoneid[i]!]!
    let mt = this.pgdat.pageblock_mt[i >> pageblock_order]!
    this.pcpmt[i] = mt
    if (mt >= MIGRATE_PCPTYPES) {
      if (mt === MIGRATE_ISOLATE) {
        this.pgdat.vm_events[PGFREE]! += 1 << order
        this.__free_one_page(i, zone, order, mt, false)
        return
      }
      mt = MIGRATE_MOVABLE // CMA and HighAtomic pages park on the movable list
    }
    const pcp = zone.pcp[this.cpu]!
    this.pgdat.vm_events[PGFREE]! += 1 << order
    if (!this.pcp_ready) {
      // Boot pageset: high 0, batch 1 - the page goes straight back.
      this.__free_one_page(i, zone, order, this.pcpmt[i]!, false)
      return
    }
    const pindex = order * MIGRATE_PCPTYPES + mt
    this.pgdat.list_add(i, pcp.listBase + pindex)
    this.flags[i]! |= PG_pcp
    this.ord[i] = order
    this.tagFrames(i, 1 << order, PageOwner.PCP)
    pcp.count += 1 << order
    const free_high = pcp.free_factor !== 0 && order !== 0 && order <= PAGE_ALLOC_COSTLY_ORDER
    const high = pcp.high === 0 || free_high ? 0 : pcp.high
    if (pcp.count >= high) this.free_pcppages_bulk(zone, this.nr_pcp_free(pcp, high, pcp.batch, free_high), pcp, pindex)
  }

  /** drain_zone_pages()/drain_pages_zone(): empty one CPU's pcp lists of a zone. */
  drain_pages_zone(zone: Zone, cpu: number): void {
    const pcp = zone.pcp[cpu]
    if (pcp && pcp.count) this.free_pcppages_bulk(zone, pcp.count, pcp, 0)
  }

  /** drain_all_pages(NULL) */
  drain_all_pages(): void {
    for (const z of this.zones) for (let c = 0; c < z.pcp.length; c++) this.drain_pages_zone(z, c)
  }

  /* ------------------------------------------------------------------ */
  /* watermarks                                                         */
  /* ------------------------------------------------------------------ */

  /** __zone_watermark_unusable_free() */
  private unusable_free(z: Zone, order: number, alloc_flags: number): number {
    let u = (1 << order) - 1
    if (!(alloc_flags & ALLOC_HARDER)) u += z.nr_reserved_highatomic
    if (!(alloc_flags & ALLOC_CMA)) u += z.vm_stat[NR_FREE_CMA_PAGES]!
    return u
  }

  /** __zone_watermark_ok() */
  __zone_watermark_ok(z: Zone, order: number, mark: number, highest_zoneidx: number, alloc_flags: number, free_pages: number): boolean {
    let min = mark
    const alloc_harder = (alloc_flags & (ALLOC_HARDER | ALLOC_OOM)) !== 0
    free_pages -= this.unusable_free(z, order, alloc_flags)
    if (alloc_flags & ALLOC_HIGH) min -= Math.floor(min / 2)
    if (alloc_harder) {
      if (alloc_flags & ALLOC_OOM) min -= Math.floor(min / 2)
      else min -= Math.floor(min / 4)
    }
    if (free_pages <= min + z.lowmem_reserve[highest_zoneidx]!) return false
    if (!order) return true
    for (let o = order; o < MAX_ORDER; o++) {
      if (!z.nr_free[o]) continue
      const b = z.freeListBase + o * MIGRATE_TYPES
      for (let mt = 0; mt < MIGRATE_PCPTYPES; mt++) if (!this.pgdat.list_empty(b + mt)) return true
      if (alloc_flags & ALLOC_CMA && !this.pgdat.list_empty(b + MIGRATE_CMA)) return true
      if (alloc_harder && !this.pgdat.list_empty(b + MIGRATE_HIGHATOMIC)) return true
    }
    return false
  }

  zone_watermark_ok(z: Zone, order: number, mark: number, highest_zoneidx: number, alloc_flags: number): boolean {
    return this.__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, z.vm_stat[NR_FREE_PAGES]!)
  }

  /** zone_watermark_fast() */
  private zone_watermark_fast(z: Zone, order: number, mark: number, highest_zoneidx: number, alloc_flags: number, gfp: number): boolean {
    const free_pages = z.vm_stat[NR_FREE_PAGES]!
    if (!order) {
      const reserved = this.unusable_free(z, 0, alloc_flags)
      const usable = free_pages - Math.min(free_pages, reserved)
      if (usable > mark + z.lowmem_reserve[highest_zoneidx]!) return true
    }
    if (this.__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages)) return true
    // GFP_ATOMIC order-0 requests ignore the boost when checking min.
    if (!order && gfp & __GFP_ATOMIC && z.watermark_boost && (alloc_flags & ALLOC_WMARK_MASK) === WMARK_MIN)
      return this.__zone_watermark_ok(z, order, z._watermark[WMARK_MIN]!, highest_zoneidx, alloc_flags, free_pages)
    return false
  }

  /* ------------------------------------------------------------------ */
  /* allocation                                                         */
  /* ------------------------------------------------------------------ */

  /** rmqueue(): frame index or -1. */
  private rmqueue(zone: Zone, order: number, gfp: number, alloc_flags: number, mt: number): number {
    let i = -1
    if (order <= PAGE_ALLOC_COSTLY_ORDER && this.pcp_ready) {
      // The movable pcp list may hold CMA pages: only ALLOC_CMA users may take from it.
      if (alloc_flags & ALLOC_CMA || mt !== MIGRATE_MOVABLE) i = this.rmqueue_pcplist(zone, order, mt, alloc_flags)
    }
    if (i < 0) {
      // rmqueue_buddy()
      if (order > 0 && alloc_flags & ALLOC_HARDER) i = this.__rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC)
      if (i < 0) i = this.__rmqueue(zone, order, mt, alloc_flags)
      if (i < 0) return -1
      this.__mod_zone_freepage_state(zone, -(1 << order), this.pcpmt[i]!)
    }
    this.pgdat.vm_events[PGALLOC_NORMAL + zone.idx]! += 1 << order
    if (zone.boosted) {
      zone.boosted = false
      this.wakeup_kswapd(zone, 0)
    }
    return i
  }

  /**
   * wakeup_kswapd(). kswapd is not modelled yet: with nothing it can
   * reclaim, its boosted pass ends by removing the boost it was woken for
   * (balance_pgdat's "zone->watermark_boost -= zone_boosts[i]"), which is
   * what this default does at once. A later vmscan.ts replaces the hook.
   */
  wakeup_kswapd(zone: Zone, order: number): void {
    if (this.hooks.wakeup_kswapd) this.hooks.wakeup_kswapd(zone, order)
    else zone.watermark_boost = 0
  }

  /** prep_new_page(): refcount 1, compound setup, zeroing, owner tag. */
  private prep_new_page(i: number, order: number, gfp: number, owner: number): void {
    const n = 1 << order
    this.refcount[i] = 1
    this.ord[i] = order
    const f = this.flags
    f[i] = gfp & __GFP_COMP && order ? PG_head : 0
    if (n > 1) {
      f.fill(gfp & __GFP_COMP ? PG_tail : 0, i + 1, i + n)
      this.refcount.fill(0, i + 1, i + n)
    }
    this.tagFrames(i, n, owner)
    if (gfp & __GFP_ZERO) this.phys.zeroFrames(this.base + i, n)
  }

  /** reserve_highatomic_pageblock(): a high-order atomic allocation reserves its pageblock for later ones. */
  private reserve_highatomic_pageblock(i: number, zone: Zone): void {
    const max_managed = Math.floor(zone.managed_pages / 100) + pageblock_nr_pages
    if (zone.nr_reserved_highatomic >= max_managed) return
    const pfn = this.base + i
    const mt = this.pgdat.get_pageblock_migratetype(pfn)
    if (mt < MIGRATE_PCPTYPES) {
      zone.nr_reserved_highatomic += pageblock_nr_pages
      this.pgdat.set_pageblock_migratetype(pfn, MIGRATE_HIGHATOMIC)
      this.move_freepages_block(zone, i, MIGRATE_HIGHATOMIC)
    }
  }

  /** unreserve_highatomic_pageblock(): give a highatomic pageblock back under pressure. */
  private unreserve_highatomic_pageblock(highest_zoneidx: number, mt: number, force: boolean): boolean {
    for (let zi = highest_zoneidx; zi >= ZONE_NORMAL; zi--) {
      const zone = this.zones[zi]!
      if (!zone.populated()) continue
      if (!force && zone.nr_reserved_highatomic <= pageblock_nr_pages) continue
      for (let order = 0; order < MAX_ORDER; order++) {
        const head = zone.freeListBase + order * MIGRATE_TYPES + MIGRATE_HIGHATOMIC
        const i = this.next[head]!
        if (i === head) continue
        const pfn = this.base + i
        if (this.pgdat.get_pageblock_migratetype(pfn) === MIGRATE_HIGHATOMIC)
          zone.nr_reserved_highatomic -= Math.min(pageblock_nr_pages, zone.nr_reserved_highatomic)
        this.pgdat.set_pageblock_migratetype(pfn, mt)
        const [moved] = this.move_freepages_block(zone, i, mt)
        if (moved) return true
      }
    }
    return false
  }

  /**
   * get_page_from_freelist(): walk the zonelist (HighMem -> Normal, from
   * the highest zone the mask allows) and take from the first zone whose
   * watermark allows it. Returns a frame index or -1.
   */
  private get_page_from_freelist(gfp: number, order: number, alloc_flags: number, highest: number, mt: number, owner: number): number {
    const mark_idx = alloc_flags & ALLOC_WMARK_MASK
    for (let zi = highest; zi >= ZONE_NORMAL; zi--) {
      const zone = this.zones[zi]!
      if (zone.managed_pages === 0) continue
      if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
        const mark = zone._watermark[mark_idx]! + zone.watermark_boost
        if (!this.zone_watermark_fast(zone, order, mark, highest, alloc_flags, gfp)) continue
      }
      const i = this.rmqueue(zone, order, gfp, alloc_flags, mt)
      if (i >= 0) {
        this.prep_new_page(i, order, gfp, owner)
        if (order && alloc_flags & ALLOC_HARDER) this.reserve_highatomic_pageblock(i, zone)
        return i
      }
    }
    return -1
  }

  /** gfp_to_alloc_flags_cma() */
  private alloc_flags_cma(gfp: number, alloc_flags: number): number {
    return gfp_migratetype(gfp) === MIGRATE_MOVABLE ? alloc_flags | ALLOC_CMA : alloc_flags
  }

  /** gfp_to_alloc_flags(): the slow path's flags. */
  gfp_to_alloc_flags(gfp: number): number {
    let alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET
    // ALLOC_HIGH == __GFP_HIGH and ALLOC_KSWAPD == __GFP_KSWAPD_RECLAIM by construction.
    alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
    if (gfp & __GFP_ATOMIC) {
      if (!(gfp & __GFP_NOMEMALLOC)) alloc_flags |= ALLOC_HARDER
      alloc_flags &= ~ALLOC_CPUSET
    }
    return this.alloc_flags_cma(gfp, alloc_flags)
  }

  /**
   * __alloc_pages(gfp, order): pfn of the first frame, or -1. `owner` tags
   * the frames for the page-frame map (slab, vmalloc, ... pass their own).
   */
  alloc_pages(gfp: number, order: number, owner: number = PageOwner.KERNEL): number {
    // C callers pass unsigned values: a negative order is a huge one.
    gfp >>>= 0
    order >>>= 0
    if (order >= MAX_ORDER) {
      // WARN_ON_ONCE_GFP(order >= MAX_ORDER, gfp): once per boot, and
      // __GFP_NOWARN requests neither print nor use up the "once".
      if (!(gfp & __GFP_NOWARN) && !this.warned_max_order) {
        this.warned_max_order = true
        this.k.withFrame({ fn: '__alloc_pages', off: 0xfe0, size: 0x1180 }, () =>
          warn_slowpath_fmt(this.k, 'mm/page_alloc.c', 5634)
        )
      }
      return -1
    }
    if (this.hooks.might_alloc) this.hooks.might_alloc(gfp)
    const highest = gfp_zone(gfp)
    const mt = gfp_migratetype(gfp)
    // prepare_alloc_pages() + alloc_flags_nofragment() (no ZONE_DMA32: only ALLOC_KSWAPD).
    let alloc_flags = ALLOC_WMARK_LOW | (gfp & __GFP_KSWAPD_RECLAIM)
    if (mt === MIGRATE_MOVABLE) alloc_flags |= ALLOC_CMA
    const i = this.get_page_from_freelist(gfp, order, alloc_flags, highest, mt, owner)
    if (i >= 0) return this.base + i
    return this.__alloc_pages_slowpath(gfp, order, highest, mt, owner)
  }

  /**
   * __alloc_pages_bulk() into a page array: fill the empty slots (0, like
   * NULL) of page_array[start .. start+nr_pages) with order-0 pages, taken
   * straight from one zone's pcp list when that zone has `nr_pages` above
   * its watermark, else one page through the normal allocator (which may
   * report a failure). Returns how many slots are now filled. vmalloc uses
   * it (alloc_pages_bulk_array_node) for batches of up to 100 pages.
   */
  alloc_pages_bulk_array(gfp: number, nr_pages: number, page_array: Int32Array | number[], start = 0, owner: number = PageOwner.KERNEL): number {
    gfp >>>= 0
    let nr_populated = 0
    while (nr_populated < nr_pages && page_array[start + nr_populated]) nr_populated++
    if (nr_pages <= 0 || nr_pages - nr_populated === 0) return nr_populated
    const single = (): number => {
      const pfn = this.alloc_pages(gfp, 0, owner)
      if (pfn >= 0) page_array[start + nr_populated++] = pfn
      return nr_populated
    }
    if (nr_pages - nr_populated === 1) return single()
    if (this.hooks.might_alloc) this.hooks.might_alloc(gfp)
    const highest = gfp_zone(gfp)
    const mt = gfp_migratetype(gfp)
    let alloc_flags = ALLOC_WMARK_LOW | (gfp & __GFP_KSWAPD_RECLAIM)
    if (mt === MIGRATE_MOVABLE) alloc_flags |= ALLOC_CMA
    // The first zone of the zonelist with nr_pages above its low watermark.
    let zone: Zone | null = null
    for (let zi = highest; zi >= ZONE_NORMAL; zi--) {
      const z = this.zones[zi]!
      if (z.managed_pages === 0) continue
      const mark = z.wmark_pages(alloc_flags & ALLOC_WMARK_MASK) + nr_pages
      if (this.zone_watermark_fast(z, 0, mark, highest, alloc_flags, gfp)) {
        zone = z
        break
      }
    }
    if (!zone || !this.pcp_ready) return single()
    const pcp = zone.pcp[this.cpu]!
    const list = pcp.listBase + mt // order 0
    let nr_account = 0
    while (nr_populated < nr_pages) {
      if (page_array[start + nr_populated]) {
        nr_populated++
        continue
      }
      const i = this.__rmqueue_pcplist(zone, 0, mt, alloc_flags, pcp, list)
      if (i < 0) {
        if (!nr_account) return single()
        break
      }
      nr_account++
      this.prep_new_page(i, 0, gfp, owner)
      page_array[start + nr_populated++] = this.base + i
    }
    this.pgdat.vm_events[PGALLOC_NORMAL + zone.idx]! += nr_account
    return nr_populated
  }

  /**
   * `nr` order-0 alloc_pages(gfp, 0, owner) calls in a row, their pfns into
   * pages[start..start+nr): stops at the first failure and returns how many
   * pages it got. The effect on every list, counter and frame is exactly
   * that of the loop (vmalloc takes its pages one at a time, failures and
   * all); only the common case runs inline: while the zone the zonelist
   * walk picks keeps its low watermark and its pcp list still holds pages,
   * each page is rmqueue_pcplist()'s first entry, prepared by
   * prep_new_page(). Nothing that page takes changes a watermark (the pcp
   * pages were subtracted from NR_FREE_PAGES when the list was refilled), so
   * the zone is picked once per run. Everything else - the refill, a zone
   * below its mark, a boosted zone, the slow path - is the full
   * alloc_pages().
   */
  alloc_pages_array(gfp: number, nr: number, pages: Int32Array, start: number, owner: number): number {
    gfp >>>= 0
    const pg = this.pgdat
    const next = this.next
    const prev = this.prev
    const flags = this.flags
    const refcount = this.refcount
    const ord = this.ord
    const own = this.owner
    const base = this.base
    const zeroing = (gfp & __GFP_ZERO) !== 0
    const highest = gfp_zone(gfp)
    const mt = gfp_migratetype(gfp)
    // prepare_alloc_pages()'s flags, as alloc_pages() computes them
    let alloc_flags = ALLOC_WMARK_LOW | (gfp & __GFP_KSWAPD_RECLAIM)
    if (mt === MIGRATE_MOVABLE) alloc_flags |= ALLOC_CMA
    const inline = this.hooks.might_alloc === undefined
    // A refill's pages not linked yet: refillBuf[rb..rn), in list order
    // (__rmqueue_pcplist() refills an empty list, so they are all of it).
    const buf = this.refillBuf
    let rb = 0
    let rn = 0
    let n = 0
    let full = true
    while (n < nr) {
      if (full) {
        const pfn = this.alloc_pages(gfp, 0, owner)
        if (pfn < 0) return n
        pages[start + n++] = pfn
      }
      full = true
      if (!inline || !this.pcp_ready || n === nr) continue
      // get_page_from_freelist()'s zone for the next call
      let zone: Zone | null = null
      for (let zi = highest; zi >= ZONE_NORMAL; zi--) {
        const z = this.zones[zi]!
        if (z.managed_pages === 0) continue
        if (this.zone_watermark_fast(z, 0, z._watermark[WMARK_LOW]! + z.watermark_boost, highest, alloc_flags, gfp)) {
          zone = z
          break
        }
      }
      const pcp = zone ? zone.pcp[this.cpu]! : null
      const list = pcp ? pcp.listBase + mt : -1
      if (rb < rn && (zone === null || zone !== this.refillZone || zone.boosted)) {
        // the next page is not taken from that list: the refill is linked as rmqueue_bulk() leaves it
        this.link_refill(this.refillZone!.pcp[this.cpu]!.listBase + mt, rb, rn)
        rb = rn = 0
      }
      if (zone === null || zone.boosted) continue
      let taken = 0
      while (n < nr) {
        let i: number
        let refill = false
        if (rb < rn) {
          // the list's first entry is the refill's next page, never linked:
          // after list_add_tail() and list_del() its links are its own again
          pcp!.free_factor >>= 1 // rmqueue_pcplist()
          i = buf[rb++]!
        } else {
          i = next[list]!
          if (i === list) {
            // __rmqueue_pcplist()'s refill, when __rmqueue() is sure to find a
            // block (a failed refill goes on to other paths: the full call)
            let batch = pcp!.batch
            if (batch > 1) batch = Math.max(batch, 2)
            if (batch > buf.length || !this.rmqueue_can_succeed(zone, mt, alloc_flags)) break
            pcp!.free_factor >>= 1
            rn = this.rmqueue_bulk_unlinked(zone, batch, mt, alloc_flags)
            pcp!.count += rn
            this.refillZone = zone
            i = buf[0]!
            rb = 1
            refill = true
          } else {
            pcp!.free_factor >>= 1 // rmqueue_pcplist()
            const nx = next[i]!
            next[list] = nx
            prev[nx] = list
            next[i] = i
            prev[i] = i
          }
        }
        pcp!.count--
        taken++
        if (refill) {
          // rmqueue(): the refill may have stolen a pageblock and boosted the watermark
          pg.vm_events[PGALLOC_NORMAL + zone.idx]! += taken
          taken = 0
          if (zone.boosted) {
            zone.boosted = false
            if (rb < rn) {
              this.link_refill(list, rb, rn)
              rb = rn = 0
            }
            this.wakeup_kswapd(zone, 0)
          }
        }
        // prep_new_page(): PG_pcp cleared with the rest of the flags
        flags[i] = 0
        refcount[i] = 1
        ord[i] = 0
        own[i] = owner
        if (zeroing) this.phys.zeroFrames(base + i, 1)
        pages[start + n++] = base + i
        if (refill) {
          // NR_FREE_PAGES (and maybe the boost) moved: pick the zone again
          full = false
          break
        }
      }
      pg.vm_events[PGALLOC_NORMAL + zone.idx]! += taken
    }
    if (rb < rn) this.link_refill(this.refillZone!.pcp[this.cpu]!.listBase + mt, rb, rn)
    return n
  }

  /** alloc_pages_array()'s refill pages, taken but not yet linked (at most a pcp batch). */
  private readonly refillBuf = new Int32Array(1024)
  private refillZone: Zone | null = null

  /**
   * rmqueue_bulk() of order-0 pages for an empty pcp list, without linking
   * them: into refillBuf, with everything else rmqueue_bulk() does to them
   * and to the zone. Returns how many.
   */
  private rmqueue_bulk_unlinked(zone: Zone, count: number, mt: number, alloc_flags: number): number {
    const buf = this.refillBuf
    let got = 0
    for (; got < count; got++) {
      const i = this.__rmqueue(zone, 0, mt, alloc_flags)
      if (i < 0) break
      buf[got] = i
      this.ord[i] = 0
      if (this.pcpmt[i] === MIGRATE_CMA) zone.vm_stat[NR_FREE_CMA_PAGES]! -= 1
    }
    zone.vm_stat[NR_FREE_PAGES]! -= got
    return got
  }

  /** What rmqueue_bulk() did to refillBuf[from..to) and the (empty) list, in order: list_add_tail(), PG_pcp, the pcp owner. */
  private link_refill(list: number, from: number, to: number): void {
    const next = this.next
    const prev = this.prev
    const buf = this.refillBuf
    for (let k = from; k < to; k++) {
      const i = buf[k]!
      const last = prev[list]!
      next[i] = list
      prev[i] = last
      next[last] = i
      prev[list] = i
      this.flags[i]! |= PG_pcp
      this.owner[i] = PageOwner.PCP
    }
  }

  /**
   * Will __rmqueue(zone, 0, mt, alloc_flags) find a block? Yes if a list
   * it takes from directly (mt, or CMA with ALLOC_CMA) or one
   * __rmqueue_fallback() may steal from holds one, at any order (without
   * ALLOC_NOFRAGMENT the fallback looks down to order 0).
   */
  private rmqueue_can_succeed(zone: Zone, mt: number, alloc_flags: number): boolean {
    if (alloc_flags & ALLOC_NOFRAGMENT || mt >= MIGRATE_PCPTYPES) return false
    const fb = fallbacks[mt]!
    const cma = (alloc_flags & ALLOC_CMA) !== 0
    const nfm = zone.nr_free_mt
    for (let o = 0; o < MAX_ORDER; o++) {
      const b = o * MIGRATE_TYPES
      if (nfm[b + mt]! > 0 || nfm[b + fb[0]!]! > 0 || nfm[b + fb[1]!]! > 0 || (cma && nfm[b + MIGRATE_CMA]! > 0)) return true
    }
    return false
  }

  /**
   * __free_pages(pfn, 0) for pages[start..start+nr), in order: the effect of
   * the loop (vfree's), with the common case inline - the last reference to
   * an order-0 page going to its zone's pcp list (free_unref_page()), and the
   * list's bulk free when it reaches pcp->high. Anything else (a bad page, a
   * page still referenced, an isolated pageblock, the boot pageset) takes
   * __free_pages().
   *
   * Pages freed by this call wait in pages[pend..k) instead of being linked
   * at the head of their pcp list one by one: the list is that run (newest
   * first) followed by its linked entries. free_pcppages_bulk() takes from
   * the tail, so a bulk free gives back the linked entries first, then the
   * waiting pages oldest first - the same pages in the same order - and
   * pages that come and go within the call are never linked. Whatever still
   * waits is linked (list_add in freeing order) before anything else may
   * look at the list: a page of another zone or list, __free_pages(), the
   * round-robin to the other lists, the end of the call.
   */
  free_pages_array(pages: Int32Array, start: number, nr: number): void {
    const pg = this.pgdat
    const next = this.next
    const prev = this.prev
    const flags = this.flags
    const refcount = this.refcount
    const ord = this.ord
    const own = this.owner
    const pcpmt = this.pcpmt
    const mapcount = pg.mapcount
    const pbmt = pg.pageblock_mt
    const zoneid = this.zoneid
    const events = pg.vm_events
    const base = this.base
    const nframes = pg.nframes
    const cpu = this.cpu
    // the zone, pcp and list of the waiting run (vmalloc's pages are mostly of one zone and list)
    let zone = this.zones[0]!
    let pcp = zone.pcp[cpu]!
    let list = -1
    let pmt = -1
    let pend = start
    let freed = 0
    const link = (to: number): void => {
      // list_add() of each waiting page, oldest first
      for (; pend < to; pend++) {
        const i = pages[pend]! - base
        const first = next[list]!
        next[i] = first
        prev[i] = list
        prev[first] = i
        next[list] = i
        flags[i] = PG_pcp
        own[i] = PageOwner.PCP
      }
    }
    let k = start
    for (; k < start + nr; k++) {
      const pfn = pages[k]!
      const i = pfn - base
      let mt = i >= 0 && i < nframes ? pbmt[i >> pageblock_order]! : MIGRATE_ISOLATE
      if (mt === MIGRATE_ISOLATE || !this.pcp_ready || refcount[i] !== 1 || flags[i]! & (PG_buddy | PG_pcp | PG_reserved)) {
        link(k)
        pend = k + 1
        this.__free_pages(pfn, 0)
        continue
      }
      // __free_pages(): the last reference; free_pages_prepare() has no tail pages to check
      refcount[i] = 0
      mapcount[i] = -1
      // free_unref_page()
      pcpmt[i] = mt
      if (mt >= MIGRATE_PCPTYPES) mt = MIGRATE_MOVABLE // CMA and HighAtomic pages park on the movable list
      const z = this.zones[zoneid[i]!]!
      if (z !== zone || mt !== pmt) {
        link(k)
        zone = z
        pcp = z.pcp[cpu]!
        pmt = mt
        list = pcp.listBase + mt
      }
      freed++
      // waits in pages[pend..k]: PG_pcp and the pcp owner are set when it is linked
      flags[i] = 0
      ord[i] = 0
      const count = ++pcp.count
      const high = pcp.high
      if (count < high) continue
      // free_pcppages_bulk(zone, nr_pcp_free(), pcp, pindex of this list): this list first, from the tail
      let todo = Math.min(count, this.nr_pcp_free(pcp, high, pcp.batch, false))
      while (todo > 0 && next[list] !== list) {
        const j = prev[list]!
        const jmt = pcpmt[j]!
        const p = prev[j]!
        next[p] = list
        prev[list] = p
        next[j] = j
        prev[j] = j
        flags[j]! &= ~PG_pcp
        todo--
        pcp.count--
        this.__free_one_page(j, zone, 0, jmt, false)
      }
      while (todo > 0 && pend <= k) {
        const j = pages[pend++]! - base
        next[j] = j
        prev[j] = j
        todo--
        pcp.count--
        this.__free_one_page(j, zone, 0, pcpmt[j]!, false)
      }
      // the list is empty: the round-robin goes on to the pcp's other lists
      if (todo > 0) this.free_pcppages_bulk(zone, todo, pcp, pmt)
    }
    link(k)
    // PGFREE, once for the inline frees (__free_pages() counted its own)
    events[PGFREE]! += freed
  }

  /**
   * __alloc_pages_slowpath(), with the steps not modelled yet (compaction,
   * reclaim, the OOM killer) behind hooks. Without them: compaction counts
   * as skipped, reclaim as no progress, so - as in the kernel when nothing
   * can be reclaimed - the pcp lists are not drained, costly and
   * __GFP_NORETRY requests give up, and the rest fail where the kernel
   * would call the OOM killer.
   */
  private __alloc_pages_slowpath(gfp: number, order: number, highest: number, mt: number, owner: number): number {
    const can_direct_reclaim = (gfp & __GFP_DIRECT_RECLAIM) !== 0
    const costly_order = order > PAGE_ALLOC_COSTLY_ORDER
    const alloc_flags = this.gfp_to_alloc_flags(gfp)
    const memalloc = (gfp & __GFP_MEMALLOC) !== 0 && !(gfp & __GFP_NOMEMALLOC)
    const h = this.hooks
    const wake = (): void => {
      if (alloc_flags & ALLOC_KSWAPD)
        for (let zi = highest; zi >= ZONE_NORMAL; zi--) if (this.zones[zi]!.managed_pages) this.wakeup_kswapd(this.zones[zi]!, order)
    }
    wake()
    let i = this.get_page_from_freelist(gfp, order, alloc_flags, highest, mt, owner)
    if (i >= 0) return this.base + i
    // Costly (or fragmenting non-movable) orders try direct compaction first.
    if (can_direct_reclaim && (costly_order || (order > 0 && mt !== MIGRATE_MOVABLE)) && !memalloc) {
      const compacted = h.try_to_compact_pages ? h.try_to_compact_pages(gfp, order) : false
      if (compacted) {
        i = this.get_page_from_freelist(gfp, order, alloc_flags, highest, mt, owner)
        if (i >= 0) return this.base + i
      }
      // COMPACT_SKIPPED/DEFERRED: a costly __GFP_NORETRY request stops here.
      if (costly_order && gfp & __GFP_NORETRY && !compacted) return this.nopage(gfp, order)
    }
    let drained = false
    for (let loops = 0; loops < 16; loops++) {
      wake()
      // __gfp_pfmemalloc_flags(): __GFP_MEMALLOC ignores the watermarks.
      const flags = memalloc ? this.alloc_flags_cma(gfp, ALLOC_NO_WATERMARKS) | (alloc_flags & ALLOC_KSWAPD) : alloc_flags
      i = this.get_page_from_freelist(gfp, order, flags, highest, mt, owner)
      if (i >= 0) return this.base + i
      if (!can_direct_reclaim) break
      // __alloc_pages_direct_reclaim(): only progress leads to the retry
      // that unreserves highatomic blocks and drains the pcp lists.
      const reclaimed = h.try_to_free_pages ? h.try_to_free_pages(gfp, order) : 0
      if (reclaimed > 0) {
        i = this.get_page_from_freelist(gfp, order, alloc_flags, highest, mt, owner)
        if (i >= 0) return this.base + i
        if (!drained) {
          this.unreserve_highatomic_pageblock(highest, mt, false)
          this.drain_all_pages()
          drained = true
          i = this.get_page_from_freelist(gfp, order, alloc_flags, highest, mt, owner)
          if (i >= 0) return this.base + i
        }
      }
      if (gfp & __GFP_NORETRY) break
      if (costly_order && !(gfp & __GFP_RETRY_MAYFAIL)) break
      if (reclaimed > 0) continue // should_reclaim_retry()
      // __alloc_pages_may_oom(): not for costly orders, __GFP_RETRY_MAYFAIL, __GFP_THISNODE or !__GFP_FS.
      if (costly_order || gfp & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE) || !(gfp & __GFP_FS)) break
      if (!h.out_of_memory || !h.out_of_memory(gfp, order)) break
    }
    return this.nopage(gfp, order)
  }

  /** The slow path's "nopage:" exit. */
  private nopage(gfp: number, order: number): number {
    // __GFP_NOFAIL would retry forever in the kernel; with nothing to
    // reclaim or kill here it would hang, so it fails like the others.
    this.k.withFrame({ fn: '__alloc_pages', off: 0xf68, size: 0x1180 }, () =>
      this.warn_alloc(gfp, `page allocation failure: order:${order}`)
    )
    return -1
  }

  /**
   * warn_alloc(): the "page allocation failure" / "vmalloc error" report,
   * at most one per 10 s (nopage_rs), then dump_stack and show_mem limited to
   * the zones the mask may use. The caller's frames are on k.frames.
   */
  warn_alloc(gfp: number, msg: string): void {
    if (gfp & __GFP_NOWARN) return
    // "(gfp_mask & __GFP_DMA) && !has_managed_dma()": this board has no ZONE_DMA.
    if (gfp & __GFP_DMA) return
    if (!this.nopage_rs.ratelimit(this.k)) return
    const k = this.k
    k.printk(
      `${KERN_WARNING}${k.current.comm}: ${msg}, mode:${format_gfp_mode(gfp)}, nodemask=(null),cpuset=/,mems_allowed=0\n`
    )
    k.withFrame({ fn: 'warn_alloc', off: 0xdc, size: 0x168 }, () => dump_stack(k))
    show_mem(this, k, gfp_zone(gfp))
  }

  /* ------------------------------------------------------------------ */
  /* freeing                                                            */
  /* ------------------------------------------------------------------ */

  /** free_the_page() */
  private free_the_page(i: number, order: number): void {
    if (order <= PAGE_ALLOC_COSTLY_ORDER) this.free_unref_page(i, order)
    else {
      // __free_pages_ok()
      const zone = this.zones[this.zoneid[i]!]!
      const mt = this.pgdat.pageblock_mt[i >> pageblock_order]!
      this.pgdat.vm_events[PGFREE]! += 1 << order
      this.__free_one_page(i, zone, order, mt, false)
    }
  }

  /**
   * __free_pages(page, order): drop a reference; the last one frees. For a
   * non-compound high-order page still referenced, the kernel frees the
   * parts after the first page, which we do too.
   */
  __free_pages(pfn: number, order: number): void {
    const i = pfn - this.base
    if (i < 0 || i >= this.pgdat.nframes) throw new Error(`__free_pages: bad pfn ${pfn}`)
    const f = this.flags[i]!
    if (f & (PG_buddy | PG_pcp | PG_reserved) || this.refcount[i]! <= 0) {
      this.bad_page(pfn, f & PG_reserved ? 'PAGE_FLAGS_CHECK_AT_FREE flag(s) set' : 'nonzero _refcount')
      return
    }
    const head = (f & PG_head) !== 0
    order >>>= 0
    if (order >= MAX_ORDER || i + (1 << order) > this.pgdat.nframes) {
      this.bad_page(pfn, 'order out of range')
      return
    }
    if (--this.refcount[i]! === 0) {
      // free_pages_prepare(): every subpage must look free-able, or nothing is freed.
      for (let j = i + 1; j < i + (1 << order); j++) {
        const fj = this.flags[j]!
        if (this.refcount[j] !== 0 || fj & (PG_buddy | PG_pcp | PG_reserved) || (!head && fj & PG_tail)) {
          this.bad_page(this.base + j, this.refcount[j] !== 0 ? 'nonzero _refcount' : 'PAGE_FLAGS_CHECK_AT_FREE flag(s) set')
          return
        }
      }
      this.clearAllocated(i, order)
      this.free_the_page(i, order)
    } else if (!head) {
      while (order-- > 0) {
        const j = i + (1 << order)
        this.clearAllocated(j, order)
        this.free_the_page(j, order)
      }
    }
  }

  /**
   * bad_page(): freeing a page that is free already or reserved. The kernel
   * prints the page and taints the kernel with BAD_PAGE; the page is left
   * alone (it is not freed twice).
   */
  bad_page(pfn: number, reason: string): void {
    const k = this.k
    const i = pfn - this.base
    k.printk(`\x011BUG: Bad page state in process ${k.current.comm}  pfn:${pfn.toString(16).padStart(5, '0')}\n`)
    k.printk(
      `\x011page:(ptrval) refcount:${this.refcount[i]} mapcount:${this.pgdat.mapcount[i]! + 1} mapping:00000000 index:0x0 pfn:0x${pfn.toString(16)}\n`
    )
    k.printk(`\x011page dumped because: ${reason}\n`)
    k.withFrame({ fn: 'bad_page', off: 0xc8, size: 0x12c }, () => dump_stack(k))
    k.addTaint(5) // TAINT_BAD_PAGE
  }

  private clearAllocated(i: number, order: number): void {
    const n = 1 << order
    if (n === 1) {
      this.flags[i] = 0
      this.pgdat.mapcount[i] = -1
      return
    }
    this.flags.fill(0, i, i + n)
    this.pgdat.mapcount.fill(-1, i, i + n)
  }

  /**
   * split_page(): make a non-compound 2^order page into 2^order order-0
   * pages, each with its own reference (alloc_pages_exact uses it).
   */
  split_page(pfn: number, order: number): void {
    const i = pfn - this.base
    for (let j = 1; j < 1 << order; j++) {
      this.refcount[i + j] = 1
      this.ord[i + j] = 0
    }
    this.ord[i] = 0
  }

  /* ------------------------------------------------------------------ */
  /* boot-time freeing and managed page accounting                      */
  /* ------------------------------------------------------------------ */

  /** adjust_managed_page_count() */
  adjust_managed_page_count(pfn: number, count: number): void {
    const z = this.pgdat.page_zone(pfn)
    z.managed_pages += count
    this.totalram_pages += count
    if (z.idx === ZONE_HIGHMEM) this.totalhigh_pages += count
  }

  /**
   * __free_pages_core() as memblock_free_all() uses it: a reserved-at-boot
   * block becomes free, added at the list tail (FPI_TO_TAIL).
   */
  __free_pages_core(pfn: number, order: number): void {
    const i = pfn - this.base
    const n = 1 << order
    for (let j = i; j < i + n; j++) {
      this.flags[j] = 0
      this.refcount[j] = 0
    }
    const zone = this.zones[this.zoneid[i]!]!
    zone.managed_pages += n
    this.totalram_pages += n
    if (zone.idx === ZONE_HIGHMEM) this.totalhigh_pages += n
    this.pgdat.vm_events[PGFREE]! += n
    this.__free_one_page(i, zone, order, this.pgdat.pageblock_mt[i >> pageblock_order]!, true)
  }

  /** free_reserved_page(): a reserved frame joins the allocator (via the pcp path, as __free_page does). */
  free_reserved_page(pfn: number): void {
    const i = pfn - this.base
    this.flags[i] = 0
    this.refcount[i] = 0
    this.adjust_managed_page_count(pfn, 1)
    this.free_unref_page(i, 0)
  }

  /** free_reserved_area(): returns the number of pages freed. */
  free_reserved_area(startPfn: number, endPfn: number): number {
    let n = 0
    for (let pfn = startPfn; pfn < endPfn; pfn++) {
      this.free_reserved_page(pfn)
      n++
    }
    return n
  }

  /**
   * cma_alloc() of `count` frames at the start of a free CMA pageblock range:
   * alloc_contig_range() reduced to taking already-free frames off the buddy
   * lists. The remainder of the free block they came from goes back as the
   * largest aligned blocks. Returns the first pfn or -1.
   */
  cma_alloc_range(startPfn: number, count: number, owner: number = PageOwner.DMA): number {
    const i0 = startPfn - this.base
    // Find the free block holding the range.
    let head = -1
    for (let o = 0; o < MAX_ORDER; o++) {
      const h = i0 & ~((1 << o) - 1)
      if (this.flags[h]! & PG_buddy && this.ord[h]! >= o && h + (1 << this.ord[h]!) >= i0 + count) {
        head = h
        break
      }
    }
    if (head < 0) return -1
    const zone = this.zones[this.zoneid[head]!]!
    const order = this.ord[head]!
    const mt = this.pgdat.pageblock_mt[head >> pageblock_order]!
    // alloc_contig_range() isolates the whole free block around the range.
    this.pgdat.vm_events[COMPACT_ISOLATED]! += 1 << order
    this.del_page_from_free_list(head, zone, order)
    this.__mod_zone_freepage_state(zone, -(1 << order), mt)
    const end = head + (1 << order)
    const giveBack = (s: number, e: number): void => {
      while (s < e) {
        let o = Math.min(MAX_ORDER - 1, s === 0 ? MAX_ORDER - 1 : 31 - Math.clz32(s & -s))
        while (s + (1 << o) > e) o--
        this.set_buddy_order(s, o)
        this.add_to_free_list(s, zone, o, mt, false)
        this.__mod_zone_freepage_state(zone, 1 << o, mt)
        s += 1 << o
      }
    }
    giveBack(head, i0)
    giveBack(i0 + count, end)
    for (let j = i0; j < i0 + count; j++) {
      this.flags[j] = 0
      this.refcount[j] = 1
      this.ord[j] = 0
    }
    this.tagFrames(i0, count, owner)
    return startPfn
  }

  /* ------------------------------------------------------------------ */
  /* watermarks, reserves, pcp sizes (setup_per_zone_*)                 */
  /* ------------------------------------------------------------------ */

  private populatedZones(): Zone[] {
    return this.zones.filter((z) => z.populated())
  }

  /** nr_free_zone_pages(): sum over the zonelist of managed - high. */
  nr_free_zone_pages(highest: number): number {
    let sum = 0
    for (let zi = highest; zi >= ZONE_NORMAL; zi--) {
      const z = this.zones[zi]!
      if (!z.populated()) continue
      const high = z.high_wmark_pages()
      if (z.managed_pages > high) sum += z.managed_pages - high
    }
    return sum
  }

  nr_free_buffer_pages(): number {
    return this.nr_free_zone_pages(ZONE_NORMAL)
  }

  /** calculate_min_free_kbytes(): sqrt(lowmem_kbytes * 16), clamped to [128, 262144]. */
  calculate_min_free_kbytes(): void {
    const lowmem_kbytes = this.nr_free_buffer_pages() * 4
    const new_min = int_sqrt(lowmem_kbytes * 16)
    if (new_min > this.user_min_free_kbytes) this.min_free_kbytes = Math.min(Math.max(new_min, 128), 262144)
    else
      this.k.printk(
        `${KERN_WARNING}min_free_kbytes is not updated to ${new_min} because user defined value ${this.user_min_free_kbytes} is preferred\n`
      )
  }

  /** __setup_per_zone_wmarks() */
  __setup_per_zone_wmarks(): void {
    const pages_min = this.min_free_kbytes >> 2
    let lowmem_pages = 0
    for (const z of this.zones) if (!z.is_highmem(this.highmemPresent)) lowmem_pages += z.managed_pages
    for (const z of this.zones) {
      let tmp = lowmem_pages ? Math.floor((pages_min * z.managed_pages) / lowmem_pages) : 0
      if (z.is_highmem(this.highmemPresent)) {
        // Highmem min is capped small: __GFP_HIGH users rarely need highmem.
        z._watermark[WMARK_MIN] = Math.min(Math.max(Math.floor(z.managed_pages / 1024), 32), 128)
      } else {
        z._watermark[WMARK_MIN] = tmp
      }
      tmp = Math.max(tmp >> 2, mult_frac(z.managed_pages, this.watermark_scale_factor, 10000))
      z.watermark_boost = 0
      z._watermark[WMARK_LOW] = z._watermark[WMARK_MIN]! + tmp
      z._watermark[WMARK_HIGH] = z._watermark[WMARK_LOW]! + tmp
      z._watermark[WMARK_PROMO] = z._watermark[WMARK_HIGH]! + tmp
    }
    this.calculate_totalreserve_pages()
  }

  /** setup_per_zone_wmarks(): watermarks, then the pcp sizes that depend on them. */
  setup_per_zone_wmarks(): void {
    this.__setup_per_zone_wmarks()
    for (const z of this.zones) this.zone_pcp_update(z, 0)
  }

  /** zone_batchsize() */
  zone_batchsize(z: Zone): number {
    let batch = Math.min(z.managed_pages >> 10, (1024 * 1024) / 4096)
    batch = Math.floor(batch / 4)
    if (batch < 1) batch = 1
    return rounddown_pow_of_two(batch + Math.floor(batch / 2)) - 1
  }

  /** zone_highsize() */
  zone_highsize(z: Zone, batch: number, cpu_online: number): number {
    const total_pages = this.percpu_pagelist_high_fraction
      ? Math.floor(z.managed_pages / this.percpu_pagelist_high_fraction)
      : z.low_wmark_pages()
    let nr_split_cpus = this.nr_online_cpus + cpu_online
    if (!nr_split_cpus) nr_split_cpus = this.nr_online_cpus
    return Math.max(Math.floor(total_pages / nr_split_cpus), batch << 2)
  }

  /** zone_pcp_update() / zone_set_pageset_high_and_batch() */
  zone_pcp_update(z: Zone, cpu_online: number): void {
    if (!this.pcp_ready) return
    const batch = Math.max(1, this.zone_batchsize(z))
    const high = this.zone_highsize(z, batch, cpu_online)
    for (const pcp of z.pcp) {
      pcp.high = high
      pcp.batch = batch
    }
  }

  /** setup_per_cpu_pageset(): the real pagesets replace the boot pageset. */
  setup_per_cpu_pageset(): void {
    this.pcp_ready = true
    for (const z of this.zones) this.zone_pcp_update(z, 0)
    this.refresh_zone_stat_thresholds()
  }

  /** calculate_normal_threshold(), as refresh_zone_stat_thresholds() applies it. */
  refresh_zone_stat_thresholds(): void {
    for (const z of this.zones) {
      const mem = z.managed_pages >> (27 - 12)
      z.stat_threshold = Math.min(125, 2 * fls(this.nr_online_cpus) * (1 + fls(mem)))
    }
  }

  /** setup_per_zone_lowmem_reserve(): Normal keeps back (managed pages of the zones above) / ratio. */
  setup_per_zone_lowmem_reserve(): void {
    for (let i = 0; i < MAX_NR_ZONES - 1; i++) {
      const z = this.zones[i]!
      const ratio = this.sysctl_lowmem_reserve_ratio[i]!
      const clear = !ratio || !z.managed_pages
      let managed = 0
      for (let j = i + 1; j < MAX_NR_ZONES; j++) {
        managed += this.zones[j]!.managed_pages
        z.lowmem_reserve[j] = clear ? 0 : Math.floor(managed / ratio)
      }
    }
    this.calculate_totalreserve_pages()
  }

  /** calculate_totalreserve_pages() */
  calculate_totalreserve_pages(): void {
    let total = 0
    for (const z of this.zones) {
      let max = 0
      for (let j = z.idx; j < MAX_NR_ZONES; j++) if (z.lowmem_reserve[j]! > max) max = z.lowmem_reserve[j]!
      max += z.high_wmark_pages()
      if (max > z.managed_pages) max = z.managed_pages
      total += max
    }
    this.totalreserve_pages = total
  }

  /** init_per_zone_wmark_min() (postcore_initcall). */
  init_per_zone_wmark_min(): void {
    this.calculate_min_free_kbytes()
    this.setup_per_zone_wmarks()
    this.refresh_zone_stat_thresholds()
    this.setup_per_zone_lowmem_reserve()
  }

  /* ------------------------------------------------------------------ */
  /* queries                                                            */
  /* ------------------------------------------------------------------ */

  nr_free_pages(): number {
    let n = 0
    for (const z of this.zones) n += z.vm_stat[NR_FREE_PAGES]!
    return n
  }

  global_zone_page_state(item: number): number {
    let n = 0
    for (const z of this.zones) n += z.vm_stat[item]!
    return n
  }

  /** Pages parked on all pcp lists of a zone. */
  zone_pcp_count(z: Zone): number {
    let n = 0
    for (const p of z.pcp) n += p.count
    return n
  }

  /* ------------------------------------------------------------------ */
  /* self-check (simulator bug detector, not a kernel mechanism)        */
  /* ------------------------------------------------------------------ */

  /**
   * Walk every list and frame and verify the invariants listed at the top
   * of the file. Throws with a description of the first violation.
   */
  checkInvariants(): void {
    const pg = this.pgdat
    const n = pg.nframes
    const state = new Uint8Array(n) // 0 unseen, 1 free, 2 pcp
    for (const z of this.zones) {
      let free = 0
      let freeCma = 0
      for (let o = 0; o < MAX_ORDER; o++) {
        let cnt = 0
        for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
          const head = z.freeListBase + o * MIGRATE_TYPES + mt
          for (let i = pg.next[head]!; i !== head; i = pg.next[i]!) {
            cnt++
            if (!(pg.flags[i]! & PG_buddy) || pg.order[i] !== o) throw new Error(`free list ${z.name}/${o}/${mt}: frame ${i} not a buddy head of order ${o}`)
            if (pg.zoneid[i] !== z.idx) throw new Error(`frame ${i} on ${z.name} list but in zone ${pg.zoneid[i]}`)
            if (i & ((1 << o) - 1)) throw new Error(`free block ${i} order ${o} misaligned`)
            for (let j = i; j < i + (1 << o); j++) {
              if (state[j]) throw new Error(`frame ${j} in two free blocks`)
              state[j] = 1
              if (pg.owner[j] !== PageOwner.FREE) throw new Error(`free frame ${j} owner ${pg.owner[j]}`)
            }
            free += 1 << o
            if (mt === MIGRATE_CMA) freeCma += 1 << o
            if (o < MAX_ORDER - 1) {
              const b = i ^ (1 << o)
              if (b >= 0 && b < n && pg.flags[b]! & PG_buddy && pg.order[b] === o && pg.zoneid[b] === z.idx)
                throw new Error(`unmerged buddies ${i} and ${b} at order ${o}`)
            }
          }
        }
        if (cnt !== z.nr_free[o]) throw new Error(`${z.name} order ${o}: nr_free ${z.nr_free[o]} != list length ${cnt}`)
        for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
          const len = pg.list_length(z.freeListBase + o * MIGRATE_TYPES + mt)
          if (len !== z.nr_free_mt[o * MIGRATE_TYPES + mt]) throw new Error(`${z.name} order ${o} type ${mt}: nr_free_mt ${z.nr_free_mt[o * MIGRATE_TYPES + mt]} != ${len}`)
        }
      }
      if (free !== z.vm_stat[NR_FREE_PAGES]) throw new Error(`${z.name}: NR_FREE_PAGES ${z.vm_stat[NR_FREE_PAGES]} != ${free}`)
      for (const p of z.pcp) {
        let c = 0
        for (let l = 0; l < NR_PCP_LISTS; l++) {
          const head = p.listBase + l
          const o = (l / MIGRATE_PCPTYPES) | 0
          for (let i = pg.next[head]!; i !== head; i = pg.next[i]!) {
            if (!(pg.flags[i]! & PG_pcp)) throw new Error(`pcp frame ${i} without PG_pcp`)
            for (let j = i; j < i + (1 << o); j++) {
              if (state[j]) throw new Error(`frame ${j} on pcp and elsewhere`)
              state[j] = 2
            }
            c += 1 << o
          }
        }
        if (c !== p.count) throw new Error(`${z.name} pcp count ${p.count} != ${c}`)
      }
      if (freeCma !== z.vm_stat[NR_FREE_CMA_PAGES]) throw new Error(`${z.name}: NR_FREE_CMA_PAGES ${z.vm_stat[NR_FREE_CMA_PAGES]} != ${freeCma}`)
    }
    for (let i = 0; i < n; i++) {
      const f = pg.flags[i]!
      if (state[i] === 0) {
        if (f & (PG_buddy | PG_pcp)) throw new Error(`frame ${i} flagged free but on no list`)
        const reserved = (f & PG_reserved) !== 0
        if (!reserved && pg.owner[i] === PageOwner.FREE) throw new Error(`allocated frame ${i} has owner FREE`)
      } else if (state[i] === 1 && f & PG_buddy && pg.next[i] === i) throw new Error(`buddy head ${i} unlinked`)
    }
  }

  /**
   * For the page-frame map: out[i] = order of the free buddy block frame i
   * belongs to, or 255 if the frame is not in a free block (pcp pages are
   * reported by owner PCP). `out` has pgdat.nframes entries; O(frames).
   */
  frame_free_orders(out: Uint8Array): Uint8Array {
    const pg = this.pgdat
    const f = this.flags
    const ord = this.ord
    out.fill(255)
    for (let i = 0; i < pg.nframes; ) {
      if (f[i]! & PG_buddy) {
        const o = ord[i]!
        out.fill(o, i, i + (1 << o))
        i += 1 << o
      } else i++
    }
    return out
  }

  /** The frames' states packed for tests: 0 free, 1 pcp, 2 allocated, 3 reserved. */
  frameStates(): Uint8Array {
    const pg = this.pgdat
    const out = new Uint8Array(pg.nframes).fill(2)
    for (const z of this.zones)
      for (let h = z.freeListBase; h < z.freeListBase + MAX_ORDER * MIGRATE_TYPES; h++)
        for (let i = pg.next[h]!; i !== h; i = pg.next[i]!) out.fill(0, i, i + (1 << pg.order[i]!))
    for (let i = 0; i < pg.nframes; i++) if (pg.flags[i]! & PG_reserved) out[i] = 3
    for (const z of this.zones)
      for (const p of z.pcp)
        for (let l = 0; l < NR_PCP_LISTS; l++)
          for (let i = pg.next[p.listBase + l]!; i !== p.listBase + l; i = pg.next[i]!)
            out.fill(1, i, i + (1 << ((l / MIGRATE_PCPTYPES) | 0)))
    return out
  }
}

