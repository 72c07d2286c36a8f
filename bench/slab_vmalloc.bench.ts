/*
 * Allocators above the buddy, on a booted 1 GB vexpress-a9 (Kmem after
 * boot_late):
 *
 *  - kmalloc/kfree pairs per second, sizes 64..8192 round-robin, with a
 *    working set of live objects so slabs fill, go partial and get freed;
 *  - vmalloc(1 MiB)/vfree pairs per second (256 HighMem pages each, PTE
 *    mapping, lazy purge every 32 MiB).
 *
 * Peers, measured in the same run: for kmalloc a plain JS segregated
 * free-list (one array of free block addresses per size class, bump
 * allocation of 4 KiB "slabs"); for vmalloc the same peer doing 256
 * order-0 page takes/puts plus an address bump per area, i.e. the
 * bookkeeping floor of the operation without page tables or accounting.
 */

import { DEFAULT_CONFIG } from '../src-core/board/config'
import { Clock } from '../src-core/board/clock'
import { KernelContext } from '../src-core/kernel/context'
import { Printk } from '../src-core/kernel/printk'
import { GFP_KERNEL } from '../src-core/mm/gfp'
import { boot_mm } from '../src-core/mm/index'
import { Kmem } from '../src-core/mm/kmem'

interface Result {
  name: string
  value: number
  unit: string
  peer?: { name: string; value: number }
  ratio?: number
}

function bootKmem(): Kmem {
  const clock = new Clock()
  const k = new KernelContext({ ...DEFAULT_CONFIG, memBytes: 1024 * 1024 * 1024 }, clock, new Printk(clock))
  const mm = boot_mm(k, { workload: false })
  const km = new Kmem(k, mm)
  km.boot_late()
  return km
}

const SIZES = [64, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
const W = 256

function kmallocPairs(pairs: number): number {
  const km = bootKmem()
  const live = new Float64Array(W)
  for (let i = 0; i < W; i++) live[i] = km.kmalloc(SIZES[i % SIZES.length]!, GFP_KERNEL)
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    const slot = (n * 7919) % W
    km.kfree(live[slot]!)
    live[slot] = km.kmalloc(SIZES[n % SIZES.length]!, GFP_KERNEL)
  }
  const dt = (performance.now() - t0) / 1000
  return pairs / dt
}

/** The peer: per size class, a stack of free addresses; new blocks are carved from a bump pointer. */
class FreeListPeer {
  private readonly free: Float64Array[] = SIZES.map(() => new Float64Array(1 << 16))
  private readonly top = new Int32Array(SIZES.length)
  private bump = 0xc1000000
  alloc(cls: number): number {
    if (this.top[cls]! > 0) return this.free[cls]![--this.top[cls]!]!
    const size = SIZES[cls]!
    const a = this.bump
    this.bump += size
    return a
  }
  release(cls: number, a: number): void {
    this.free[cls]![this.top[cls]!++] = a
  }
}

function peerPairs(pairs: number): number {
  const p = new FreeListPeer()
  const live = new Float64Array(W)
  const cls = new Int32Array(W)
  for (let i = 0; i < W; i++) {
    cls[i] = i % SIZES.length
    live[i] = p.alloc(cls[i]!)
  }
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    const slot = (n * 7919) % W
    p.release(cls[slot]!, live[slot]!)
    cls[slot] = n % SIZES.length
    live[slot] = p.alloc(cls[slot]!)
  }
  const dt = (performance.now() - t0) / 1000
  return pairs / dt
}

function vmallocPairs(pairs: number): number {
  const km = bootKmem()
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    const v = km.vmalloc(1 << 20)
    if (!v) throw new Error('vmalloc failed')
    km.vfree(v)
  }
  const dt = (performance.now() - t0) / 1000
  return pairs / dt
}

function vmallocPeer(pairs: number): number {
  const frames = new Int32Array(1 << 16)
  for (let i = 0; i < frames.length; i++) frames[i] = i
  let top = frames.length
  let addr = 0
  const pages = new Int32Array(256)
  const t0 = performance.now()
  for (let n = 0; n < pairs; n++) {
    for (let i = 0; i < 256; i++) pages[i] = frames[--top]!
    addr = (addr + (257 << 12)) % 0x4000000
    for (let i = 255; i >= 0; i--) frames[top++] = pages[i]!
  }
  const dt = (performance.now() - t0) / 1000
  void addr
  return pairs / dt
}

export default async function (): Promise<Result[]> {
  // warm up
  kmallocPairs(20_000)
  peerPairs(20_000)
  vmallocPairs(50)
  const k = kmallocPairs(400_000)
  const kp = peerPairs(400_000)
  const v = vmallocPairs(2_000)
  const vp = vmallocPeer(2_000)
  return [
    { name: 'kmalloc/kfree pairs (64..8192 B, 256 live)', value: k, unit: 'pairs/s', peer: { name: 'JS segregated free-list', value: kp }, ratio: k / kp },
    { name: 'vmalloc(1 MiB)/vfree pairs', value: v, unit: 'pairs/s', peer: { name: 'JS page stack, 256 pages/area', value: vp }, ratio: v / vp }
  ]
}
