/*
 * The machine-side producer of the page-frame map: classify every frame into
 * a colour class (types.ts FrameClass) and send only what changed since the
 * last update it sent.
 *
 * How a frame is classified, in order:
 *   1. inside a free buddy block (its head has PG_buddy): FREE0 + the block's
 *      order, for every frame of the block;
 *   2. PG_slab set: SLAB (whatever the owner tag says);
 *   3. otherwise by the PageOwner tag (OWNER_CLASS below).
 *
 * Diffing: one pass over the struct page columns computes each frame's class
 * and compares it with the copy last sent (`sent`), which it updates in
 * place; changed frames are gathered into exact runs (no unchanged frame is
 * sent). For 262,144 frames this is one linear scan over four typed arrays;
 * bench/ui-map.bench.ts measures it.
 *
 * The producer never reads a host clock: the host asks for an update
 * (`frame-map-request`) when it is ready for one, which is what paces it.
 */

import type { Mm } from '../mm/mm_init'
import {
  PAGE_SIZE, PG_buddy, PG_slab, PageOwner, migratetype_names, WMARK_HIGH, WMARK_LOW, WMARK_MIN
} from '../mm/mmzone'
import { NR_FREE_PAGES } from '../mm/vmstat'
import { PHYS_OFFSET, PAGE_OFFSET } from '../mm/mm_init'
import { FrameClass, type FrameMapLayout, type FrameMapUpdate, type ZoneSummary } from './types'

/** PageOwner → FrameClass for frames not in a free block and without PG_slab. */
export const OWNER_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(32).fill(FrameClass.RESERVED)
  t[PageOwner.FREE] = FrameClass.FREE0
  t[PageOwner.RESERVED] = FrameClass.RESERVED
  t[PageOwner.KERNEL_IMAGE] = FrameClass.KERNEL_IMAGE
  t[PageOwner.MEMBLOCK] = FrameClass.MEMBLOCK
  t[PageOwner.MEM_MAP] = FrameClass.MEM_MAP
  t[PageOwner.SLAB] = FrameClass.SLAB
  t[PageOwner.VMALLOC] = FrameClass.VMALLOC
  t[PageOwner.MODULE] = FrameClass.MODULE
  t[PageOwner.PAGETABLE] = FrameClass.PAGETABLE
  t[PageOwner.USER_ANON] = FrameClass.USER_ANON
  t[PageOwner.PAGE_CACHE] = FrameClass.PAGE_CACHE
  t[PageOwner.KERNEL_STACK] = FrameClass.KERNEL_STACK
  t[PageOwner.PERCPU] = FrameClass.PERCPU
  t[PageOwner.KERNEL] = FrameClass.KERNEL
  t[PageOwner.HASH_TABLE] = FrameClass.HASH_TABLE
  t[PageOwner.INITRD] = FrameClass.INITRD
  t[PageOwner.DMA] = FrameClass.DMA
  t[PageOwner.PCP] = FrameClass.PCP
  t[PageOwner.NOMAP] = FrameClass.NOMAP
  return t
})()

/** Classify every frame into `out` (pgdat.nframes entries). The reference for the diffing pass. */
export function classifyFrames(mm: Mm, out: Uint8Array = new Uint8Array(mm.pgdat.nframes)): Uint8Array {
  const pg = mm.pgdat
  const n = pg.nframes
  const flags = pg.flags
  const order = pg.order
  const owner = pg.owner
  for (let i = 0; i < n; ) {
    const f = flags[i]!
    if (f & PG_buddy) {
      const o = order[i]!
      const end = Math.min(n, i + (1 << o))
      out.fill(FrameClass.FREE0 + o, i, end)
      i = end
    } else {
      out[i] = f & PG_slab ? FrameClass.SLAB : OWNER_CLASS[owner[i]!]!
      i++
    }
  }
  return out
}

export function frameMapLayout(mm: Mm): FrameMapLayout {
  return {
    basePfn: mm.pgdat.node_start_pfn,
    nframes: mm.pgdat.nframes,
    maxLowPfn: mm.layout.max_low_pfn,
    physOffset: PHYS_OFFSET,
    pageOffset: PAGE_OFFSET,
    pageSize: PAGE_SIZE
  }
}

export function zoneSummaries(mm: Mm): ZoneSummary[] {
  const out: ZoneSummary[] = []
  for (const z of mm.pgdat.zones) {
    if (!z.spanned_pages) continue
    let pcp = 0
    for (const p of z.pcp) pcp += p.count
    out.push({
      idx: z.idx,
      name: z.name,
      startPfn: z.zone_start_pfn,
      spanned: z.spanned_pages,
      present: z.present_pages,
      managed: z.managed_pages,
      cma: z.cma_pages,
      free: z.vm_stat[NR_FREE_PAGES]!,
      pcp,
      min: z._watermark[WMARK_MIN]!,
      low: z._watermark[WMARK_LOW]!,
      high: z._watermark[WMARK_HIGH]!,
      boost: z.watermark_boost,
      lowmemReserve: Array.from(z.lowmem_reserve),
      nrFree: Array.from(z.nr_free),
      nrFreeMt: Array.from(z.nr_free_mt)
    })
  }
  return out
}

const EMPTY_RUNS = new Uint32Array(0)
const EMPTY_CLASSES = new Uint8Array(0)

/**
 * The diffing producer. One instance per board; it follows the board's
 * current memory model and starts a new generation when that changes.
 */
export class FrameMapProducer {
  private mm: Mm | null = null
  private sent: Uint8Array | null = null
  private generation = 0
  private seq = 0
  /* scratch run list, grown as needed */
  private runBuf = new Uint32Array(1024)

  /** The next update for `mm` (null: no memory model yet). `full` resends every frame. */
  update(mm: Mm | null, nowNs: number, full = false): FrameMapUpdate {
    if (mm !== this.mm || (mm && !mm.pgdat)) {
      this.mm = mm && mm.pgdat ? mm : null
      this.sent = null
      this.generation++
    }
    const seq = ++this.seq
    const m = this.mm
    if (!m) {
      return {
        seq, generation: this.generation, full: true, nowNs, layout: null,
        runs: EMPTY_RUNS, classes: EMPTY_CLASSES, zones: [], migratetypes: [...migratetype_names]
      }
    }
    const n = m.pgdat.nframes
    let runs: Uint32Array
    let classes: Uint8Array
    if (!this.sent || full) {
      this.sent = classifyFrames(m, this.sent ?? new Uint8Array(n))
      runs = Uint32Array.of(0, n)
      classes = this.sent.slice()
      full = true
    } else {
      const nruns = this.diff(m)
      runs = this.runBuf.slice(0, nruns * 2)
      let total = 0
      for (let r = 0; r < nruns; r++) total += runs[2 * r + 1]!
      classes = new Uint8Array(total)
      const sent = this.sent
      let o = 0
      for (let r = 0; r < nruns; r++) {
        const s = runs[2 * r]!
        const len = runs[2 * r + 1]!
        classes.set(sent.subarray(s, s + len), o)
        o += len
      }
    }
    return {
      seq, generation: this.generation, full, nowNs, layout: frameMapLayout(m),
      runs, classes, zones: zoneSummaries(m), migratetypes: [...migratetype_names]
    }
  }

  /** One pass: classify, compare with `sent`, update it; returns the number of runs in runBuf. */
  private diff(mm: Mm): number {
    const pg = mm.pgdat
    const n = pg.nframes
    const flags = pg.flags
    const order = pg.order
    const owner = pg.owner
    const sent = this.sent!
    let nruns = 0
    let runStart = -1
    let runBuf = this.runBuf
    // A changed frame at i extends the open run if it ends at i, else opens a new one.
    const mark = (i: number): void => {
      if (runStart >= 0 && runStart + runBuf[2 * nruns - 1]! === i) {
        runBuf[2 * nruns - 1]!++
        return
      }
      if (2 * nruns + 2 > runBuf.length) {
        const bigger = new Uint32Array(runBuf.length * 2)
        bigger.set(runBuf)
        runBuf = this.runBuf = bigger
      }
      runBuf[2 * nruns] = i
      runBuf[2 * nruns + 1] = 1
      runStart = i
      nruns++
    }
    for (let i = 0; i < n; ) {
      const f = flags[i]!
      if (f & PG_buddy) {
        const o = order[i]!
        const c = FrameClass.FREE0 + o
        const end = Math.min(n, i + (1 << o))
        for (; i < end; i++) {
          if (sent[i] !== c) {
            sent[i] = c
            mark(i)
          }
        }
      } else {
        const c = f & PG_slab ? FrameClass.SLAB : OWNER_CLASS[owner[i]!]!
        if (sent[i] !== c) {
          sent[i] = c
          mark(i)
        }
        i++
      }
    }
    return nruns
  }
}
