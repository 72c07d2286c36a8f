/*
 * mm/vmscan.c: page reclaim — kswapd, direct reclaim, drop_caches.
 *
 *  - kswapd (wakeup_kswapd -> balance_pgdat): woken by the allocator when a
 *    zone falls below its low watermark, it reclaims until every zone is
 *    above its high watermark (then sleeps), or gives up after
 *    MAX_RECLAIM_RETRIES passes without progress (kswapd_failures, which
 *    the OOM report prints as "all_unreclaimable? yes"). On this single
 *    simulated CPU it runs at once, inside the wakeup.
 *  - try_to_free_pages (direct reclaim): the allocating task reclaims
 *    SWAP_CLUSTER_MAX pages itself, priorities DEF_PRIORITY..0;
 *    allocstall_<zone> counts the stalls.
 *  - shrink_lruvec: the inactive anon list is scanned from its tail
 *    (nr = size >> priority). A page whose PTE is young is rotated (its
 *    young bit cleared: folio_referenced); an old anon page is written to
 *    swap and freed (shrink_folio_list: add_to_swap, try_to_unmap, pageout).
 *    Shmem pages (the initramfs, tmpfs files) stay: shmem swap-out is not modelled. The
 *    active list is aged into the inactive one when inactive is low
 *    (inactive_is_low with the 6.1 ratio int_sqrt(10 * gb) or 1).
 *    Without swap, anon memory is not reclaimable at all (can_reclaim_anon_pages).
 *  - drop_caches: clean page cache and reclaimable slab; on this board the
 *    page cache is all tmpfs/shmem (the initramfs and every file written to
 *    the rootfs, /tmp or /dev/shm), which it cannot drop.
 *
 * Counters: pgscan_kswapd/direct, pgscan_anon/file, pgsteal_*, pswpout,
 * pgrotated, pgactivate/pgdeactivate, pgrefill, allocstall_*, pageoutrun,
 * drop_pagecache/drop_slab, nr_vmscan_write.
 *
 * Left out: MGLRU, file LRU (no disk-backed page cache yet), writeback and
 * dirty throttling, slab shrinkers, memcg, proactive reclaim, workingset
 * refault detection.
 */

import type { Zone } from './mmzone'
import type { Mm } from './mm_init'
import type { ProcessMemory } from './memory'
import { LRU_ACTIVE_ANON, LRU_INACTIVE_ANON } from './memory'
import { MM_SWAPENTS } from './mm_types'
import type { Swap } from './swapfile'
import { gfp_zone } from './gfp'
import { KERN_INFO } from '../kernel/printk'
import { L_PTE_YOUNG } from '../arch/arm/pgtable'
import { NR_FREE_PAGES, vm_event_names } from './vmstat'

export const DEF_PRIORITY = 12
export const SWAP_CLUSTER_MAX = 32
import { MAX_RECLAIM_RETRIES } from './mmzone'
export { MAX_RECLAIM_RETRIES }
const NR_VMSCAN_WRITE = 29

const ev = (name: (typeof vm_event_names)[number]): number => vm_event_names.indexOf(name)
const PGSCAN_KSWAPD = ev('pgscan_kswapd')
const PGSCAN_DIRECT = ev('pgscan_direct')
const PGSCAN_ANON = ev('pgscan_anon')
const PGSTEAL_KSWAPD = ev('pgsteal_kswapd')
const PGSTEAL_DIRECT = ev('pgsteal_direct')
const PGSTEAL_ANON = ev('pgsteal_anon')
const PGROTATED = ev('pgrotated')
const PGDEACTIVATE = ev('pgdeactivate')
const PGREFILL = ev('pgrefill')
const ALLOCSTALL_NORMAL = ev('allocstall_normal')
const PAGEOUTRUN = ev('pageoutrun')
const DROP_PAGECACHE = ev('drop_pagecache')
const DROP_SLAB = ev('drop_slab')
const KSWAPD_LOW_WMARK_HIT_QUICKLY = ev('kswapd_low_wmark_hit_quickly')

/** scan_control, reduced. */
interface ScanControl {
  nr_to_reclaim: number
  nr_reclaimed: number
  nr_scanned: number
  priority: number
  kswapd: boolean
}

export class Vmscan {
  /** pgdat->kswapd_failures, kept in the node data (show_mem prints it). */
  get kswapd_failures(): number {
    return this.mm.pgdat.kswapd_failures
  }
  set kswapd_failures(n: number) {
    this.mm.pgdat.kswapd_failures = n
  }
  /** /proc/sys/vm/swappiness */
  swappiness = 60
  /** drop_caches' "stfu" (bit 4 silences the message). */
  private stfu = false
  private inKswapd = false

  constructor(
    readonly mm: Mm,
    readonly pm: ProcessMemory,
    readonly swap: Swap | null
  ) {}

  get_state(): { kswapd_failures: number; swappiness: number; stfu: boolean } {
    return { kswapd_failures: this.kswapd_failures, swappiness: this.swappiness, stfu: this.stfu }
  }

  set_state(st: { kswapd_failures: number; swappiness: number; stfu: boolean }): void {
    this.kswapd_failures = st.kswapd_failures
    this.swappiness = st.swappiness
    this.stfu = st.stfu
  }

  install(): void {
    const h = this.mm.pa.hooks
    h.wakeup_kswapd = (zone, order) => this.wakeup_kswapd(zone, order)
    h.try_to_free_pages = (gfp, order) => this.try_to_free_pages(gfp, order)
  }

  /** pgdat_unreclaimable for the OOM report. */
  unreclaimable(): boolean {
    return this.kswapd_failures >= MAX_RECLAIM_RETRIES
  }

  private zoneFree(z: Zone): number {
    return z.vm_stat[NR_FREE_PAGES]!
  }

  /** pgdat_balanced(): every populated zone at or above its high watermark. */
  private balanced(): boolean {
    for (const z of this.mm.pa.zones) if (z.managed_pages && this.zoneFree(z) < z.high_wmark_pages()) return false
    return true
  }

  /** wakeup_kswapd(): kswapd runs balance_pgdat unless the node is balanced or hopeless. */
  wakeup_kswapd(zone: Zone, order: number): void {
    // balance_pgdat ends a boosted pass by removing the boost it was woken for.
    zone.watermark_boost = 0
    void order
    if (this.inKswapd) return
    if (this.kswapd_failures >= MAX_RECLAIM_RETRIES) return
    if (this.zoneFree(zone) >= zone.low_wmark_pages()) return
    // kswapd(): after each balance_pgdat, kswapd_try_to_sleep() sleeps only on a balanced
    // node (prepare_kswapd_sleep), or once the node is hopeless.
    do this.balance_pgdat()
    while (!this.balanced() && this.kswapd_failures < MAX_RECLAIM_RETRIES)
  }

  /** balance_pgdat(): reclaim until balanced at the high watermark. */
  balance_pgdat(): void {
    const ev = this.mm.pgdat.vm_events
    ev[PAGEOUTRUN]!++
    this.inKswapd = true
    try {
      let progress = false
      // The priority only rises (scans grow) when a pass reclaims nothing: "if (raise_priority || !nr_reclaimed) sc.priority--".
      for (let priority = DEF_PRIORITY, passes = 0; priority >= 1 && !this.balanced() && passes < 4096; passes++) {
        let need = 0
        for (const z of this.mm.pa.zones) if (z.managed_pages) need += Math.max(0, z.high_wmark_pages() - this.zoneFree(z))
        const sc: ScanControl = { nr_to_reclaim: Math.max(SWAP_CLUSTER_MAX, need), nr_reclaimed: 0, nr_scanned: 0, priority, kswapd: true }
        this.shrink_node(sc)
        if (sc.nr_reclaimed) progress = true
        else priority--
      }
      if (this.balanced()) ev[KSWAPD_LOW_WMARK_HIT_QUICKLY]!++
      if (!progress) this.kswapd_failures++
      else this.kswapd_failures = 0
    } finally {
      this.inKswapd = false
    }
  }

  /** try_to_free_pages(): direct reclaim by the allocating task. */
  try_to_free_pages(gfp: number, order: number): number {
    void order
    const ev = this.mm.pgdat.vm_events
    // __count_zid_vm_events(ALLOCSTALL, sc.reclaim_idx = gfp_zone(gfp))
    ev[ALLOCSTALL_NORMAL + gfp_zone(gfp)]!++
    const sc: ScanControl = { nr_to_reclaim: SWAP_CLUSTER_MAX, nr_reclaimed: 0, nr_scanned: 0, priority: DEF_PRIORITY, kswapd: false }
    for (; sc.priority >= 0; sc.priority--) {
      this.shrink_node(sc)
      if (sc.nr_reclaimed >= sc.nr_to_reclaim) break
    }
    if (sc.nr_reclaimed) this.kswapd_failures = 0
    return sc.nr_reclaimed
  }

  /** can_reclaim_anon_pages(): only with free swap. */
  private can_reclaim_anon(): boolean {
    return this.swap !== null && this.swap.nr_swap_pages > 0 && this.swappiness > 0
  }

  /** shrink_node() -> shrink_lruvec() for the anon lists (the only evictable ones here). */
  private shrink_node(sc: ScanControl): void {
    if (!this.can_reclaim_anon()) return
    const before = sc.nr_reclaimed
    this.shrink_lruvec(sc)
    // ZONE_RECLAIM_ACTIVE: while reclaim runs, nr_pcp_high() caps the pcp lists at 4 batches,
    // so the freed pages reach the buddy lists the watermarks count. page_alloc.ts does not
    // model that cap; draining the lists after a productive pass has the same effect.
    if (sc.nr_reclaimed > before) this.mm.pa.drain_all_pages()
  }

  private shrink_lruvec(sc: ScanControl): void {
    // inactive_is_low(): age the active list first.
    const inactive = this.listLen(LRU_INACTIVE_ANON)
    const active = this.listLen(LRU_ACTIVE_ANON)
    const gb = (inactive + active) >> 18
    const ratio = gb ? Math.floor(Math.sqrt(10 * gb)) : 1
    if (inactive * ratio < active) this.shrink_active_list(Math.max(SWAP_CLUSTER_MAX, active >> sc.priority))
    const nr = Math.max(SWAP_CLUSTER_MAX, this.listLen(LRU_INACTIVE_ANON) >> sc.priority)
    this.shrink_inactive_list(nr, sc)
  }

  private listLen(lru: number): number {
    // The node counters are the list lengths (every PG_lru page is counted).
    return this.mm.pgdat.node_stat[lru]!
  }

  /** shrink_active_list(): the tail of active anon moves to the inactive list. */
  private shrink_active_list(nr: number): void {
    const pm = this.pm
    const head = pm.lruHead(LRU_ACTIVE_ANON)
    const ev = this.mm.pgdat.vm_events
    for (let n = 0; n < nr; n++) {
      const i = pm.lruPrev[head]!
      if (i === head) break
      const pfn = pm.base + i
      pm.lru_del(pfn)
      pm.lru_add(pfn, LRU_INACTIVE_ANON)
      ev[PGREFILL]!++
      ev[PGDEACTIVATE]!++
    }
  }

  /** shrink_inactive_list() + shrink_folio_list() for anon pages. */
  private shrink_inactive_list(nr: number, sc: ScanControl): void {
    const pm = this.pm
    const swap = this.swap!
    const head = pm.lruHead(LRU_INACTIVE_ANON)
    const ev = this.mm.pgdat.vm_events
    const pg = this.mm.pgdat
    for (let n = 0; n < nr && sc.nr_reclaimed < sc.nr_to_reclaim; n++) {
      const i = pm.lruPrev[head]!
      if (i === head) break
      const pfn = pm.base + i
      sc.nr_scanned++
      ev[sc.kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT]!++
      ev[PGSCAN_ANON]!++
      const mm = pm.page_mm(pfn)
      const rotate = (): void => {
        pm.lru_del(pfn)
        pm.lru_add(pfn, LRU_INACTIVE_ANON)
        ev[PGROTATED]!++
      }
      if (!mm || pg.mapcount[i]! > 0) {
        // shmem or shared: not reclaimed here
        rotate()
        continue
      }
      const va = pm.rmapVa[i]!
      const pte = pm.get_pte(mm, va)
      if (pte & L_PTE_YOUNG) {
        // folio_referenced(): recently used, give it another round.
        pm.set_pte(mm, va, pte & ~L_PTE_YOUNG)
        rotate()
        continue
      }
      const entry = swap.get_swap_page()
      if (!entry) break
      swap.write_page(entry, pfn)
      pg.node_stat[NR_VMSCAN_WRITE]!++
      pm.set_pte(mm, va, entry)
      pm.free_anon_page(mm, pfn)
      mm.rss[MM_SWAPENTS]!++
      sc.nr_reclaimed++
      ev[sc.kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT]!++
      ev[PGSTEAL_ANON]!++
    }
  }

  /**
   * drop_caches_sysctl_handler(): 1 = page cache, 2 = slab, 3 = both, 4 =
   * silence the message. Prints "%s (%d): drop_caches: %d" as 6.1 does.
   */
  drop_caches(mode: number, comm: string, pid: number): void {
    const ev = this.mm.pgdat.vm_events
    if (mode & 1) ev[DROP_PAGECACHE]!++ // no clean, unmapped file pages outside tmpfs to drop
    if (mode & 2) ev[DROP_SLAB]!++
    if (!this.stfu) this.mm.k.printk(`${KERN_INFO}${comm} (${pid}): drop_caches: ${mode}\n`)
    this.stfu = this.stfu || (mode & 4) !== 0
  }
}

/** A /proc file as Kernel.registerAll takes it: write returns the bytes taken or -errno. */
export interface ReclaimProcFile {
  read(): string
  write?(text: string): number
}

/** proc_dointvec_minmax over one int. */
function intSysctl(get: () => number, set: (v: number) => void, min: number, max: number): ReclaimProcFile {
  return {
    read: () => `${get()}\n`,
    write: (text) => {
      const s = text.trim()
      if (!/^[-+]?\d+$/.test(s)) return -22
      const v = Number(s)
      if (v < min || v > max) return -22
      set(v)
      return text.length
    }
  }
}

/**
 * The /proc files of reclaim, swap and the OOM killer: /proc/swaps and
 * /proc/sys/vm/{drop_caches,swappiness,panic_on_oom,oom_dump_tasks,
 * oom_kill_allocating_task}.
 */
export function reclaim_proc_files(
  v: Vmscan,
  swap: Swap,
  oom: { panic_on_oom: number; oom_dump_tasks: number; oom_kill_allocating_task: number },
  current: () => { comm: string; pid: number }
): Record<string, ReclaimProcFile> {
  return {
    '/proc/swaps': { read: () => swap.proc_swaps() },
    '/proc/sys/vm/drop_caches': intSysctl(
      () => 0,
      (mode) => {
        const c = current()
        v.drop_caches(mode, c.comm, c.pid)
      },
      1,
      4
    ),
    '/proc/sys/vm/swappiness': intSysctl(() => v.swappiness, (x) => (v.swappiness = x), 0, 200),
    '/proc/sys/vm/panic_on_oom': intSysctl(() => oom.panic_on_oom, (x) => (oom.panic_on_oom = x), 0, 2),
    '/proc/sys/vm/oom_dump_tasks': intSysctl(() => oom.oom_dump_tasks, (x) => (oom.oom_dump_tasks = x), 0, 1),
    '/proc/sys/vm/oom_kill_allocating_task': intSysctl(() => oom.oom_kill_allocating_task, (x) => (oom.oom_kill_allocating_task = x), 0, 2147483647)
  }
}

