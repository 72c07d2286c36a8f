/*
 * Buddy allocator throughput on a booted 1 GB vexpress-a9 memory model.
 *
 *  - order-0 alloc/free pairs per second (GFP_KERNEL): the pcp fast path,
 *    with a working set so the lists refill and drain in batches;
 *  - mixed-order operations per second (orders 0..10, several GFP masks),
 *    exercising splitting, merging, fallback and the watermark checks.
 *
 * The peer is a minimal free-list allocator (a stack of frame numbers) doing
 * the same number of order-0 pairs in the same run, as a yardstick for
 * "what a trivial JS allocator costs on this machine".
 */

import { DEFAULT_CONFIG } from '../src-core/board/config'
import { Clock } from '../src-core/board/clock'
import { KernelContext } from '../src-core/kernel/context'
import { Printk } from '../src-core/kernel/printk'
import { __GFP_NOWARN, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL } from '../src-core/mm/gfp'
import { boot_mm } from '../src-core/mm/index'

interface Result {
  name: string
  value: number
  unit: string
  peer?: { name: string; value: number }
  ratio?: number
}

function bootMm() {
  const clock = new Clock()
  const k = new KernelContext({ ...DEFAULT_CONFIG, memBytes: 1024 * 1024 * 1024 }, clock, new Printk(clock))
  return boot_mm(k)
}

/** Order-0 pairs with a small working set (W live pages), as a burst of kmalloc slabs would. */
function order0Pairs(pairs: number): number {
  const mm = bootMm()
  const W = 64
  const live = new Int32Array(W)
  for (let i = 0; i < W; i++) live[i] = mm.alloc_pages(GFP_KERNEL, 0)
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    const j = n & (W - 1)
    mm.__free_pages(live[j]!, 0)
    live[j] = mm.alloc_pages(GFP_KERNEL, 0)
  }
  const dt = (performance.now() - t0) / 1000
  mm.pa.checkInvariants()
  return pairs / dt
}

/** The peer: a trivial free-list allocator over the same number of frames. */
function peerPairs(pairs: number): number {
  const nframes = 262144
  const stack = new Int32Array(nframes)
  for (let i = 0; i < nframes; i++) stack[i] = nframes - 1 - i
  let top = nframes
  const refcount = new Int32Array(nframes)
  const alloc = (): number => {
    if (top === 0) return -1
    const pfn = stack[--top]!
    refcount[pfn] = 1
    return pfn
  }
  const free = (pfn: number): void => {
    refcount[pfn] = 0
    stack[top++] = pfn
  }
  const W = 64
  const live = new Int32Array(W)
  for (let i = 0; i < W; i++) live[i] = alloc()
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    const j = n & (W - 1)
    free(live[j]!)
    live[j] = alloc()
  }
  const dt = (performance.now() - t0) / 1000
  return pairs / dt
}

/** Mixed orders and masks, deterministic pseudo-random sequence. */
function mixedOps(ops: number): number {
  const mm = bootMm()
  const gfps = [GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_NOWARN]
  const livePfn = new Int32Array(4096)
  const liveOrd = new Int8Array(4096)
  let nlive = 0
  let x = 12345
  const rnd = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x >>> 8
  }
  const t0 = performance.now()
  for (let n = 0; n < ops; n++) {
    const r = rnd()
    if ((r & 1) === 0 && nlive < 4096) {
      const sel = (r >>> 1) & 15
      const order = sel < 10 ? sel & 3 : (sel - 6) // 0..3 mostly, 4..9 sometimes
      const pfn = mm.alloc_pages(gfps[(r >>> 5) & 3]! | __GFP_NOWARN, Math.min(order, 10))
      if (pfn >= 0) {
        livePfn[nlive] = pfn
        liveOrd[nlive++] = Math.min(order, 10)
      }
    } else if (nlive > 0) {
      const j = (r >>> 1) % nlive
      mm.__free_pages(livePfn[j]!, liveOrd[j]!)
      livePfn[j] = livePfn[--nlive]!
      liveOrd[j] = liveOrd[nlive]!
    }
  }
  const dt = (performance.now() - t0) / 1000
  mm.pa.checkInvariants()
  return ops / dt
}

export default async function (): Promise<Result[]> {
  const PAIRS = 4_000_000
  const OPS = 2_000_000
  // warm up the JIT on both paths
  order0Pairs(200_000)
  peerPairs(200_000)
  const ours = order0Pairs(PAIRS)
  const peer = peerPairs(PAIRS)
  const mixed = mixedOps(OPS)
  return [
    {
      name: 'page_alloc order-0 alloc/free pairs (1 GB, GFP_KERNEL, pcp path)',
      value: Math.round(ours),
      unit: 'pairs/s',
      peer: { name: 'minimal JS free-list allocator', value: Math.round(peer) },
      ratio: Number((ours / peer).toFixed(3))
    },
    { name: 'page_alloc mixed-order operations (orders 0..9, 4 GFP masks)', value: Math.round(mixed), unit: 'ops/s' }
  ]
}
