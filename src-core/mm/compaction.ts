/*
 * mm/compaction.c + the page migration of mm/migrate.c: moving user pages
 * out of the way so free memory coalesces into high-order blocks.
 *
 * compact_zone(): two scanners walk towards each other, one pageblock at a
 * time. The migration scanner, from the zone's start, isolates the movable
 * user pages it finds (anon pages, found through the reverse map, and the
 * initramfs' shmem pages, found through the mappings of their file); the
 * free scanner, from the zone's end, takes free frames out of the buddy
 * lists in MOVABLE (or CMA) pageblocks. Each page is migrated: its bytes
 * copied, every PTE that maps it (and the page cache slot) pointed at the
 * new frame, its LRU place and counters moved, the old frame freed. When
 * the scanners meet, the freed frames merge in the buddy allocator.
 *
 *  - echo 1 > /proc/sys/vm/compact_memory: every zone, fully (sync);
 *  - the allocator's try_to_compact_pages hook (direct compaction for
 *    costly orders and fragmenting non-movable ones): each zone the mask
 *    allows, stopping as soon as a free block of the order exists
 *    (compact_finished), counting compact_stall/success/fail.
 * Counters: compact_migrate_scanned, compact_free_scanned,
 * compact_isolated, pgmigrate_success/fail.
 *
 * Left out: kcompactd and proactive compaction, deferral
 * (compact_defer_shift), async/sync-light modes (the migration scanner in
 * direct compaction looks only at MOVABLE pageblocks, as async mode does),
 * skip bits, page tables and kernel pages (never movable), THP.
 */

import type { Mm } from './mm_init'
import type { ProcessMemory } from './memory'
import type { Shmem } from './shmem'
import { MAX_ORDER, MIGRATE_CMA, MIGRATE_MOVABLE, PAGE_SIZE, PG_lru, PageOwner, type Zone, pageblock_nr_pages } from './mmzone'
import { COMPACT_ISOLATED, vm_event_names } from './vmstat'
import { gfp_zone } from './gfp'

const ev = (name: (typeof vm_event_names)[number]): number => vm_event_names.indexOf(name)
const COMPACT_MIGRATE_SCANNED = ev('compact_migrate_scanned')
const COMPACT_FREE_SCANNED = ev('compact_free_scanned')
const COMPACT_STALL = ev('compact_stall')
const COMPACT_FAIL = ev('compact_fail')
const COMPACT_SUCCESS = ev('compact_success')
const PGMIGRATE_SUCCESS = ev('pgmigrate_success')
const PGMIGRATE_FAIL = ev('pgmigrate_fail')

/** compact_control, reduced: order -1 is a full compaction. */
interface CompactControl {
  order: number
  /** Only MOVABLE pageblocks as migration sources (async mode). */
  movableOnly: boolean
}

export class Compaction {
  private freeOrders: Uint8Array

  constructor(
    readonly mm: Mm,
    readonly pm: ProcessMemory,
    readonly shmem: Shmem
  ) {
    this.freeOrders = new Uint8Array(mm.pgdat.nframes)
  }

  install(): void {
    this.mm.pa.hooks.try_to_compact_pages = (gfp, order) => this.try_to_compact_pages(gfp, order)
  }

  /** compact_node(): /proc/sys/vm/compact_memory. */
  compact_nodes(): void {
    for (const z of this.mm.pa.zones) if (z.managed_pages) this.compact_zone(z, { order: -1, movableOnly: false })
  }

  /** try_to_compact_pages(): true if a block of `order` is free afterwards (COMPACT_SUCCESS). */
  try_to_compact_pages(gfp: number, order: number): boolean {
    const events = this.mm.pgdat.vm_events
    events[COMPACT_STALL]!++
    const highest = gfp_zone(gfp)
    for (let zi = Math.min(highest, this.mm.pa.zones.length - 1); zi >= 0; zi--) {
      const z = this.mm.pa.zones[zi]!
      if (!z.managed_pages) continue
      if (this.compact_zone(z, { order, movableOnly: true })) {
        events[COMPACT_SUCCESS]!++
        return true
      }
    }
    events[COMPACT_FAIL]!++
    return false
  }

  /** A free block of at least `order` in the zone (the buddy lists' nr_free). */
  private has_free_order(z: Zone, order: number): boolean {
    for (let o = order; o < MAX_ORDER; o++) if (z.nr_free[o]! > 0) return true
    return false
  }

  /**
   * compact_zone(): returns true if, for a given order, a block of that
   * order became free (for order -1: after the full pass).
   */
  compact_zone(z: Zone, cc: CompactControl): boolean {
    const pa = this.mm.pa
    const pg = this.mm.pgdat
    const base = pg.node_start_pfn
    const events = pg.vm_events
    pa.drain_all_pages()
    if (cc.order >= 0 && this.has_free_order(z, cc.order)) return true
    pa.frame_free_orders(this.freeOrders)
    const free = this.freeOrders
    const start = Math.ceil(z.zone_start_pfn / pageblock_nr_pages) * pageblock_nr_pages
    const end = z.zone_start_pfn + z.spanned_pages
    let migrate_pfn = start
    let free_pfn = end - 1
    // the free scanner's current pageblock must be a migration target
    const targetOk = (pfn: number): boolean => {
      const mt = pg.get_pageblock_migratetype(pfn)
      return mt === MIGRATE_MOVABLE || mt === MIGRATE_CMA
    }
    /** isolate_freepages(): the next free frame below free_pfn, taken off the buddy lists; -1 when the scanners meet. */
    const nextFree = (limit: number): number => {
      for (; free_pfn >= limit; free_pfn--) {
        events[COMPACT_FREE_SCANNED]!++
        const i = free_pfn - base
        if (free[i] === 255) continue
        if (!targetOk(free_pfn)) {
          free_pfn = Math.floor(free_pfn / pageblock_nr_pages) * pageblock_nr_pages
          continue
        }
        const before = events[COMPACT_ISOLATED]!
        const got = pa.cma_alloc_range(free_pfn, 1, PageOwner.USER_ANON)
        events[COMPACT_ISOLATED] = before + 1
        free[i] = 255
        if (got >= 0) return free_pfn--
      }
      return -1
    }
    for (; migrate_pfn < free_pfn; migrate_pfn += pageblock_nr_pages) {
      const blockEnd = Math.min(migrate_pfn + pageblock_nr_pages, end)
      if (cc.movableOnly && pg.get_pageblock_migratetype(migrate_pfn) !== MIGRATE_MOVABLE) continue
      for (let pfn = migrate_pfn; pfn < blockEnd && pfn < free_pfn; pfn++) {
        events[COMPACT_MIGRATE_SCANNED]!++
        if (!this.movable(pfn)) continue
        const target = nextFree(blockEnd)
        if (target < 0) break
        events[COMPACT_ISOLATED]!++
        if (this.migrate_page(pfn, target)) events[PGMIGRATE_SUCCESS]!++
        else {
          events[PGMIGRATE_FAIL]!++
          this.mm.__free_pages(target, 0)
        }
      }
      if (cc.order >= 0) {
        pa.drain_all_pages()
        if (this.has_free_order(z, cc.order)) return true
      }
    }
    pa.drain_all_pages()
    return cc.order < 0 || this.has_free_order(z, cc.order)
  }

  /** A page migration can move: an order-0 LRU user page (anon with its reverse map, initramfs shmem, a tmpfs file's page). */
  private movable(pfn: number): boolean {
    const pg = this.mm.pgdat
    const i = pfn - pg.node_start_pfn
    if (!(pg.flags[i]! & PG_lru) || pg.refcount[i] !== 1) return false
    const owner = pg.owner[i]
    if (owner === PageOwner.USER_ANON) return this.pm.rmapMm[i] !== 0
    return owner === PageOwner.PAGE_CACHE && (this.shmem.is_file_page(pfn) || this.shmem.pages.includes(pfn))
  }

  /**
   * migrate_pages() for one page: copy, remap every user of it, move its
   * LRU position and flags, free the old frame. The new frame came from the
   * free scanner (allocated, tagged).
   */
  private migrate_page(oldPfn: number, newPfn: number): boolean {
    const pm = this.pm
    const pg = this.mm.pgdat
    const base = pg.node_start_pfn
    const oi = oldPfn - base
    const ni = newPfn - base
    const phys = this.mm.phys
    const src = phys.peek(oldPfn)
    if (src) phys.writeBytes(newPfn * PAGE_SIZE, src)
    else phys.zeroFrames(newPfn, 1)
    const remap = (mm: Parameters<ProcessMemory['set_pte']>[0], va: number): void => {
      const pte = pm.get_pte(mm, va)
      if (pte & 1 && Math.floor(pte / PAGE_SIZE) === oldPfn) pm.set_pte(mm, va, ((newPfn * PAGE_SIZE) | (pte & 0xfff)) >>> 0)
    }
    const lru = pm.page_lru(oldPfn)
    const anonMm = pm.page_mm(oldPfn)
    if (pg.owner[oi] === PageOwner.USER_ANON) {
      if (!anonMm) return false
      remap(anonMm, pm.rmapVa[oi]!)
      pm.rmapMm[ni] = pm.rmapMm[oi]!
      pm.rmapVa[ni] = pm.rmapVa[oi]!
      pm.rmapMm[oi] = 0
    } else {
      // rmap_walk_file(): every VMA mapping the file at this index.
      const as = this.shmem.busybox
      const idx = as ? as.pages.indexOf(oldPfn) : -1
      if (as && idx >= 0) {
        for (const mm of pm.mms.values())
          for (const v of mm.vmas)
            if (v.file === as && idx >= v.pgoff && idx < v.pgoff + v.pages) remap(mm, v.start + (idx - v.pgoff) * PAGE_SIZE)
        as.pages[idx] = newPfn
      }
      const k = this.shmem.pages.indexOf(oldPfn)
      if (k >= 0) this.shmem.pages[k] = newPfn
      // A tmpfs file's page: its file's slot follows it.
      this.shmem.migrate_file_page(oldPfn, newPfn)
    }
    // The new frame takes the old one's identity.
    pm.lru_del(oldPfn)
    pg.owner[ni] = pg.owner[oi]!
    pg.mapcount[ni] = pg.mapcount[oi]!
    pg.flags[ni] = pg.flags[oi]! & ~PG_lru
    pm.lru_add(newPfn, lru)
    pg.mapcount[oi] = -1
    pg.flags[oi] = 0
    this.mm.__free_pages(oldPfn, 0)
    return true
  }
}

/** /proc/sys/vm/compact_memory (sysctl_compaction_handler: only 1 is accepted). */
export function compaction_proc_files(c: Compaction): Record<string, { read(): string; write?(text: string): number }> {
  let sysctl_compact_memory = 0
  return {
    '/proc/sys/vm/compact_memory': {
      read: () => `${sysctl_compact_memory}\n`,
      write: (text) => {
        const s = text.trim()
        if (!/^[-+]?\d+$/.test(s)) return -22
        sysctl_compact_memory = Number(s)
        if (sysctl_compact_memory !== 1) return -22
        c.compact_nodes()
        return text.length
      }
    }
  }
}
