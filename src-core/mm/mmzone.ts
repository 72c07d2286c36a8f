/*
 * include/linux/mmzone.h for one node (UMA, FLATMEM): the zones, their
 * free_area[] lists, per-cpu pagesets, watermarks, and the node's struct
 * page array (mem_map) kept as pfn-indexed typed-array columns.
 *
 * Lists are intrusive and circular, as the kernel's list_head: every frame has
 * a next/prev slot in two Int32Arrays indexed by (pfn - node_start_pfn), and
 * every list head is a sentinel slot placed after the frames, so list_add /
 * list_del are O(1) and allocation-free, and a frame can be unlinked without
 * knowing which list holds it.
 *
 * Left out: NUMA (one node, node 0), ZONE_DMA/DMA32 (absent on vexpress-a9),
 * THP pcp lists, memory hotplug, page_ext, zone->lock (one thread).
 */

import {
  NR_VM_NODE_STAT_ITEMS, NR_VM_ZONE_STAT_ITEMS, NR_VM_EVENT_ITEMS
} from './vmstat'

export const PAGE_SHIFT = 12
export const PAGE_SIZE = 4096
/* 6.1 meaning: orders 0..MAX_ORDER-1. */
export const MAX_ORDER = 11
export const MAX_ORDER_NR_PAGES = 1 << (MAX_ORDER - 1)
export const pageblock_order = 10
export const pageblock_nr_pages = 1 << pageblock_order
export const PAGE_ALLOC_COSTLY_ORDER = 3

/* enum migratetype (CONFIG_CMA, CONFIG_MEMORY_ISOLATION). */
export const MIGRATE_UNMOVABLE = 0
export const MIGRATE_MOVABLE = 1
export const MIGRATE_RECLAIMABLE = 2
export const MIGRATE_PCPTYPES = 3
export const MIGRATE_HIGHATOMIC = 3
export const MIGRATE_CMA = 4
export const MIGRATE_ISOLATE = 5
export const MIGRATE_TYPES = 6
export const migratetype_names = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA', 'Isolate'] as const
/* show_migration_types() letters. */
export const migratetype_letters = ['U', 'M', 'E', 'H', 'C', 'I'] as const

/* enum zone_type on this board: no ZONE_DMA. */
export const ZONE_NORMAL = 0
export const ZONE_HIGHMEM = 1
export const ZONE_MOVABLE = 2
export const MAX_NR_ZONES = 3
export const zone_names = ['Normal', 'HighMem', 'Movable'] as const

/* enum zone_watermarks */
export const WMARK_MIN = 0
export const WMARK_LOW = 1
export const WMARK_HIGH = 2
export const WMARK_PROMO = 3

/* NR_PCP_LISTS without THP: one list per (order <= COSTLY, pcp migratetype). */
export const NR_PCP_LISTS = MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1)
/** mm/internal.h: reclaim passes without progress before a node counts as unreclaimable. */
export const MAX_RECLAIM_RETRIES = 16
export const NR_CPUS_POSSIBLE = 4 // the vexpress-a9 DT describes 4 CPUs

/** per_cpu_pages: one CPU's pageset of one zone. List heads are sentinel slots. */
export class PerCpuPages {
  count = 0
  high = 0
  batch = 1
  free_factor = 0
  constructor(readonly listBase: number) {}
}

export class Zone {
  zone_start_pfn = 0
  spanned_pages = 0
  present_pages = 0
  managed_pages = 0
  cma_pages = 0
  /** _watermark[WMARK_MIN..WMARK_PROMO] */
  readonly _watermark = new Int32Array(4)
  watermark_boost = 0
  /** lowmem_reserve[j]: pages kept back from allocations whose highest zone is j. */
  readonly lowmem_reserve = new Int32Array(MAX_NR_ZONES)
  nr_reserved_highatomic = 0
  /** free_area[order].nr_free */
  readonly nr_free = new Int32Array(MAX_ORDER)
  /**
   * Blocks on free_area[order].free_list[mt], index order * MIGRATE_TYPES + mt.
   * Not a kernel field (pagetypeinfo walks the lists); kept so the UI's
   * histogram and /proc/pagetypeinfo cost O(1).
   */
  readonly nr_free_mt = new Int32Array(MAX_ORDER * MIGRATE_TYPES)
  /** Sentinel slot of free_area[order].free_list[mt] is freeListBase + order*MIGRATE_TYPES + mt. */
  freeListBase = 0
  readonly vm_stat = new Float64Array(NR_VM_ZONE_STAT_ITEMS)
  pcp: PerCpuPages[] = []
  stat_threshold = 0
  /** ZONE_BOOSTED_WATERMARK */
  boosted = false
  constructor(
    readonly idx: number,
    readonly name: string
  ) {}

  get zone_end_pfn(): number {
    return this.zone_start_pfn + this.spanned_pages
  }
  populated(): boolean {
    return this.present_pages > 0
  }
  is_highmem(highmemPresent: boolean): boolean {
    // is_highmem_idx(): ZONE_HIGHMEM, or ZONE_MOVABLE when movable_zone is ZONE_HIGHMEM.
    return this.idx === ZONE_HIGHMEM || (this.idx === ZONE_MOVABLE && highmemPresent)
  }
  min_wmark_pages(): number {
    return this._watermark[WMARK_MIN]! + this.watermark_boost
  }
  low_wmark_pages(): number {
    return this._watermark[WMARK_LOW]! + this.watermark_boost
  }
  high_wmark_pages(): number {
    return this._watermark[WMARK_HIGH]! + this.watermark_boost
  }
  wmark_pages(i: number): number {
    return this._watermark[i]! + this.watermark_boost
  }
}

/* Per-frame flag bits (the subset of enum pageflags and page_type we model). */
export const PG_reserved = 1 << 0
export const PG_buddy = 1 << 1 // page_type PG_buddy: head of a free buddy block
export const PG_pcp = 1 << 2 // on a per-cpu list (the kernel only knows via pcp_list)
export const PG_head = 1 << 3
export const PG_tail = 1 << 4
export const PG_lru = 1 << 5
export const PG_slab = 1 << 6
export const PG_active = 1 << 7
export const PG_dirty = 1 << 8
export const PG_swapbacked = 1 << 9
export const PG_uptodate = 1 << 10
export const PG_highmem_hint = 1 << 11 // unused by the allocator; kept for the UI

/**
 * Who owns a frame, for the page-frame map's colours. Not a kernel field: the
 * kernel knows it only indirectly (page flags, page_type, mapping).
 */
export enum PageOwner {
  FREE = 0,
  RESERVED = 1, // memblock reservation with no better name; CMA before activation
  KERNEL_IMAGE = 2,
  MEMBLOCK = 3, // boot-time memblock allocations (DT, vectors, page tables, ...)
  MEM_MAP = 4,
  SLAB = 5,
  VMALLOC = 6,
  MODULE = 7,
  PAGETABLE = 8,
  USER_ANON = 9,
  PAGE_CACHE = 10,
  KERNEL_STACK = 11,
  PERCPU = 12,
  KERNEL = 13, // plain alloc_pages()/__get_free_pages() by kernel code
  HASH_TABLE = 14,
  INITRD = 15,
  DMA = 16, // dma pools, CMA allocations
  PCP = 17, // free but parked on a per-cpu list
  NOMAP = 18 // hole / not RAM
}
export const PAGE_OWNER_NAMES = [
  'free', 'reserved', 'kernel image', 'memblock', 'mem_map', 'slab', 'vmalloc', 'module', 'page table',
  'user anon', 'page cache', 'kernel stack', 'percpu', 'kernel', 'hash table', 'initrd', 'dma', 'pcp', 'nomap'
] as const

/**
 * pglist_data: the node, its zones and mem_map. Frame i of every column is
 * pfn node_start_pfn + i.
 */
export class PglistData {
  readonly node_id = 0
  readonly zones: Zone[]
  /**
   * pgdat->kswapd_failures: reclaim passes in a row that freed nothing
   * (vmscan.ts); at MAX_RECLAIM_RETRIES the node is "all_unreclaimable".
   */
  kswapd_failures = 0
  /**
   * mm/swapfile.c's total_swap_pages and nr_swap_pages (free slots), kept by
   * swapfile.ts; here because show_mem and meminfo read them beside the node's
   * counters (one node on this board).
   */
  total_swap_pages = 0
  nr_swap_pages = 0
  readonly nframes: number
  /* struct page columns */
  readonly flags: Uint32Array
  readonly refcount: Int32Array
  /** Buddy order of a PG_buddy head, compound order of a PG_head, order of a pcp page. */
  readonly order: Uint8Array
  readonly zoneid: Uint8Array
  readonly owner: Uint8Array
  readonly mapcount: Int32Array
  /** get/set_pcppage_migratetype(): page->index while on a pcp list or just allocated. */
  readonly pcpmt: Uint8Array
  /** Which free_list[mt] a free buddy head is on (for nr_free_mt). */
  readonly buddymt: Uint8Array
  /** Pageblock migratetype bitmap (pageblock_flags), one entry per pageblock. */
  readonly pageblock_mt: Uint8Array
  /* list links: slots [0, nframes) are frames, [nframes, ...) list sentinels */
  readonly next: Int32Array
  readonly prev: Int32Array
  readonly node_stat = new Float64Array(NR_VM_NODE_STAT_ITEMS)
  readonly vm_events = new Float64Array(NR_VM_EVENT_ITEMS)
  readonly nr_cpu_slots: number

  constructor(
    readonly node_start_pfn: number,
    readonly node_spanned_pages: number,
    nrCpus: number
  ) {
    this.nframes = node_spanned_pages
    this.nr_cpu_slots = nrCpus
    const n = node_spanned_pages
    this.flags = new Uint32Array(n)
    this.refcount = new Int32Array(n)
    this.order = new Uint8Array(n)
    this.zoneid = new Uint8Array(n)
    this.owner = new Uint8Array(n)
    this.mapcount = new Int32Array(n).fill(-1)
    this.pcpmt = new Uint8Array(n)
    this.buddymt = new Uint8Array(n)
    this.pageblock_mt = new Uint8Array(Math.ceil(n / pageblock_nr_pages)).fill(MIGRATE_MOVABLE)
    this.zones = zone_names.map((nm, i) => new Zone(i, nm))
    const perZone = MAX_ORDER * MIGRATE_TYPES + nrCpus * NR_PCP_LISTS
    const slots = n + MAX_NR_ZONES * perZone
    this.next = new Int32Array(slots)
    this.prev = new Int32Array(slots)
    let s = n
    for (const z of this.zones) {
      z.freeListBase = s
      s += MAX_ORDER * MIGRATE_TYPES
      z.pcp = []
      for (let c = 0; c < nrCpus; c++) {
        z.pcp.push(new PerCpuPages(s))
        s += NR_PCP_LISTS
      }
    }
    for (let i = n; i < slots; i++) {
      this.next[i] = i
      this.prev[i] = i
    }
  }

  /* ---- list_head over the typed arrays ---- */
  list_empty(head: number): boolean {
    return this.next[head] === head
  }
  /** list_add(): insert after the head (becomes the first entry). */
  list_add(i: number, head: number): void {
    const first = this.next[head]!
    this.next[i] = first
    this.prev[i] = head
    this.prev[first] = i
    this.next[head] = i
  }
  list_add_tail(i: number, head: number): void {
    const last = this.prev[head]!
    this.next[i] = head
    this.prev[i] = last
    this.next[last] = i
    this.prev[head] = i
  }
  list_del(i: number): void {
    const n = this.next[i]!
    const p = this.prev[i]!
    this.next[p] = n
    this.prev[n] = p
    this.next[i] = i
    this.prev[i] = i
  }
  list_length(head: number): number {
    let c = 0
    for (let i = this.next[head]!; i !== head; i = this.next[i]!) c++
    return c
  }

  pfn_valid(pfn: number): boolean {
    return pfn >= this.node_start_pfn && pfn < this.node_start_pfn + this.nframes
  }
  page_zone(pfn: number): Zone {
    return this.zones[this.zoneid[pfn - this.node_start_pfn]!]!
  }
  get_pageblock_migratetype(pfn: number): number {
    return this.pageblock_mt[(pfn - this.node_start_pfn) >> pageblock_order]!
  }
  set_pageblock_migratetype(pfn: number, mt: number): void {
    this.pageblock_mt[(pfn - this.node_start_pfn) >> pageblock_order] = mt
  }
}
