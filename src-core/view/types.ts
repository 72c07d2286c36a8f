/*
 * The view data the machine sends to the UI: the page-frame map as colour
 * classes (one byte per frame) with dirty runs, zone summaries with the buddy
 * free_area counts, and one frame's struct page on demand. Plain data and
 * typed arrays only, so it all survives postMessage. protocol.ts re-exports
 * these types; the messages that carry them are defined there.
 */

/**
 * One byte per frame: what the page-frame map colours it as. Values 0..10
 * are free buddy blocks by order (every frame of a block carries the block's
 * order, not just its head). The rest come from the PageOwner tag and the
 * page flags (see classify.ts). Append only: renderers keep palettes by value.
 */
export enum FrameClass {
  FREE0 = 0,
  FREE10 = 10,
  PCP = 11,
  RESERVED = 12,
  KERNEL_IMAGE = 13,
  MEMBLOCK = 14,
  MEM_MAP = 15,
  SLAB = 16,
  VMALLOC = 17,
  MODULE = 18,
  PAGETABLE = 19,
  USER_ANON = 20,
  PAGE_CACHE = 21,
  KERNEL_STACK = 22,
  PERCPU = 23,
  KERNEL = 24,
  HASH_TABLE = 25,
  INITRD = 26,
  DMA = 27,
  NOMAP = 28,
  KMAPPED = 29,
  COUNT = 30
}

/** Stable ids of the classes (for palettes and i18n keys), index = FrameClass value. */
export const FRAME_CLASS_IDS = [
  'free0', 'free1', 'free2', 'free3', 'free4', 'free5', 'free6', 'free7', 'free8', 'free9', 'free10',
  'pcp', 'reserved', 'kernelImage', 'memblock', 'memMap', 'slab', 'vmalloc', 'module', 'pageTable',
  'userAnon', 'pageCache', 'kernelStack', 'percpu', 'kernel', 'hashTable', 'initrd', 'dma', 'nomap', 'kmapped'
] as const
export type FrameClassId = (typeof FRAME_CLASS_IDS)[number]

/** Where the map's frames sit in physical and virtual memory. */
export interface FrameMapLayout {
  /** pfn of frame index 0 (node_start_pfn). */
  basePfn: number
  nframes: number
  /** First pfn above lowmem: frames from here on have no permanent kernel mapping. */
  maxLowPfn: number
  /** PHYS_OFFSET and PAGE_OFFSET: lowmem virt = phys - physOffset + pageOffset. */
  physOffset: number
  pageOffset: number
  pageSize: number
}

/** One zone as the zone bars and the free-area histogram show it (counts in pages). */
export interface ZoneSummary {
  idx: number
  name: string
  startPfn: number
  spanned: number
  present: number
  managed: number
  cma: number
  /** NR_FREE_PAGES (buddy lists; pcp pages are counted as allocated, as the kernel does). */
  free: number
  /** Pages on the per-cpu lists of all CPUs. */
  pcp: number
  /** Watermarks without the boost, and the boost (the effective marks are each + boost). */
  min: number
  low: number
  high: number
  boost: number
  /** lowmem_reserve[j] for j = 0..MAX_NR_ZONES-1. */
  lowmemReserve: number[]
  /** free_area[order].nr_free, order 0..10. */
  nrFree: number[]
  /** Blocks on free_area[order].free_list[mt], index order * migratetypes.length + mt. */
  nrFreeMt: number[]
}

export interface FrameMapUpdate {
  /** Increments with every update sent. */
  seq: number
  /** Changes when the machine builds a new memory model (power on, reset): drop the old map. */
  generation: number
  /** True when `runs` cover every frame (first update of a generation, or asked for). */
  full: boolean
  /** Simulated time of the snapshot. */
  nowNs: number
  /** Null while there is no memory model (power off, before setup_arch). */
  layout: FrameMapLayout | null
  /**
   * Dirty runs since the previous update: pairs (first frame index, length).
   * `classes` holds the new class of each frame of each run, runs concatenated.
   */
  runs: Uint32Array
  classes: Uint8Array
  zones: ZoneSummary[]
  /** Migratetype names, in enum order (index of nrFreeMt's mt). */
  migratetypes: string[]
}

/** A frame's struct page and contents, for the inspector and the tooltip. */
export interface FrameInfo {
  pfn: number
  phys: number
  /** Lowmem linear-map address, or null for highmem (no permanent mapping). */
  virt: number | null
  highmem: boolean
  zone: string
  /** The pageblock's migratetype. */
  migratetype: string
  flags: number
  flagNames: string[]
  refcount: number
  /** _mapcount as the kernel stores it (-1 = unmapped). */
  mapcount: number
  /** page->order field: buddy order of a free head, compound/pcp order otherwise. */
  order: number
  owner: string
  cls: number
  /** The free buddy block this frame lies in (head pfn, order), if any. */
  buddy: { head: number; order: number; migratetype: string } | null
  /** On a per-cpu list (head of a pcp block). */
  pcp: boolean
  /** The frame's 4096 bytes, when asked for; null when not asked. */
  bytes: Uint8Array | null
  /** The frame was never written (reads as zeros without a backing buffer). */
  untouched: boolean
}

/** A region of the 32-bit virtual address space, [start, end). */
export interface VmRegion {
  id: 'user' | 'modules' | 'pkmap' | 'lowmem' | 'vmalloc' | 'fixmap'
  start: number
  end: number
}

/** The kernel's virtual address map and its vmap areas (answer to `vmap-request`). */
export interface VmapSummary {
  regions: VmRegion[]
  /** Busy vmap areas in address order (/proc/vmallocinfo), [start, end) including the guard page. */
  areas: Array<{ start: number; end: number; nrPages: number; phys: number; caller: string; kinds: string[] }>
  /** pkmap slots in use (count > 1). */
  pkmapUsed: number
  /** The area whose frames were asked for (its start), and those frames' pfns in page order. */
  pagesOf: number | null
  pages: Int32Array | null
}

/** One task of the processes view (`procs` answer). Memory in kB, as ps and top show it. */
export interface ProcRow {
  pid: number
  ppid: number
  comm: string
  /** /proc/PID/stat's state letter (R, S, D, T, Z, I). */
  state: string
  kthread: boolean
  vszKb: number
  rssKb: number
  oom_score_adj: number
  oom_score: number
}

/** One task as the OOM killer's select_bad_process() evaluated it (mm/oom_kill.c oom_badness()). */
export interface OomTaskRow {
  pid: number
  comm: string
  /** Pages: get_mm_rss(), MM_SWAPENTS, and mm_pgtables_bytes() in bytes. */
  rss: number
  swapents: number
  pgtables_bytes: number
  oom_score_adj: number
  /** adj * (totalpages / 1000), as oom_badness() adds it. */
  adjPoints: number
  /** The badness, or null when the task was no candidate. */
  points: number | null
  skipped: 'unkillable' | 'min-adj' | 'exiting' | null
}

/** The last OOM kill, for the replay view. */
export interface OomEventView {
  /** 1-based count of OOM kills since boot (this is the latest). */
  seq: number
  ns: number
  victimPid: number
  victimComm: string
  points: number
  /** totalram_pages + total_swap_pages when the killer ran (null: not recorded). */
  totalpages: number | null
  gfp_mask: number | null
  order: number | null
  invoker: string | null
  tasks: OomTaskRow[]
}

export interface ProcsSummary {
  tasks: ProcRow[]
  /** totalram_pages + total_swap_pages, oom_score's denominator. */
  totalpages: number
  oomKills: number
  lastOom: OomEventView | null
}

/** One slab cache as /proc/slabinfo prints it (SLUB's get_slabinfo). */
export interface SlabRow {
  name: string
  activeObjs: number
  numObjs: number
  /** s->size: the object with its metadata (slabinfo's <objsize>). */
  objSize: number
  /** s->object_size: what the caller asked for. */
  objectSize: number
  objPerSlab: number
  pagesPerSlab: number
  activeSlabs: number
  numSlabs: number
  /** numSlabs * pagesPerSlab */
  pages: number
  aliases: string[]
}

/** One entry of an `fs-list` answer. */
export interface FsEntry {
  name: string
  dir: boolean
  size: number
}

/**
 * What the editor's build button does for a C file: a module is built by the
 * directory's Kbuild makefile and loaded as `module`.ko; a user program is
 * compiled by gcc into `output` and run, or, in a directory with a
 * makefile (the malloc lab), built by `make`.
 */
export type EditorBuild = { kind: 'module'; module: string } | { kind: 'program'; output: string; makefile: boolean }

/** One compiler diagnostic for the editor (1-based line and column, as gcc prints them). */
export interface EditorDiag {
  line: number
  col: number
  /** Length of the underlined token, when known. */
  len: number
  severity: 'error' | 'warning' | 'note'
  message: string
}
