/*
 * mm/slub.c: the SLUB object allocator, one CPU's view.
 *
 * A cache (KmemCache) carves slabs (2^order pages from the buddy allocator,
 * GFP_KERNEL lowmem, __GFP_COMP when order > 0) into objects of s->size
 * bytes. Each free object holds the address of the next free one at
 * s->offset inside it, in simulated RAM, as the kernel stores it: a double
 * free or a use-after-free write corrupts the freelist exactly as on the
 * board.
 *
 * Where a slab is (the counters /proc/slabinfo prints follow from it):
 *   - the cpu slab (c.slab): frozen, its free objects on c.freelist, its
 *     inuse counted as all objects;
 *   - the cpu partial list (c.partial, LIFO, at most s->cpu_partial_slabs
 *     slabs): frozen slabs that got an object back while full;
 *   - the node partial list (n.partial): unfrozen, some objects free;
 *   - full: on no list (no SLAB_STORE_USER debugging here).
 * slabinfo's active_objs = total_objects - free objects on the node partial
 * lists (count_partial), so objects free in cpu slabs count as active, as in
 * the reference (e.g. "vmap_area 425 512").
 *
 * Orders (calculate_order): slub_min_order 0, slub_max_order 3 (PAGE_ALLOC_
 * COSTLY_ORDER), min_objects = 4 * (fls(nr_cpu_ids) + 1) = 16 with the DT's
 * 4 possible CPUs, fraction 16 → 8 → 4, then fewer objects.
 *
 * slub_debug (F, Z, P, U flags from the command line): sizes grow by red
 * zones, a moved free pointer and two tracks, as calculate_sizes() lays them
 * out; such caches have no cpu partial list and every free is checked
 * against the slab's freelist ("Object already free").
 *
 * Left out: NUMA (one node), other CPUs' slabs (one cpu slab per CPU, only
 * the current CPU's used), cmpxchg races, KASAN/KFENCE/kmemleak, memcg, the
 * poison/redzone *checks* on allocation (the layout and the double-free
 * report are modelled), freelist randomization (not configured).
 */

import type { KFrame, KernelContext } from '../kernel/context'
import { dump_stack, frameSym } from '../kernel/dumpstack'
import { KERN_ERR, KERN_WARNING } from '../kernel/printk'
import { __GFP_COMP, __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM, __GFP_NOFAIL, __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, __GFP_RECLAIMABLE, __GFP_ZERO, format_gfp } from './gfp'
import type { Mm } from './mm_init'
import { PAGE_SIZE, PG_slab, PageOwner } from './mmzone'
import { RatelimitState } from './page_alloc'
import { NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B } from './vmstat'

/* include/linux/slab.h flags (6.1 values). */
export const SLAB_CONSISTENCY_CHECKS = 0x00000100
export const SLAB_RED_ZONE = 0x00000400
export const SLAB_POISON = 0x00000800
export const SLAB_HWCACHE_ALIGN = 0x00002000
export const SLAB_CACHE_DMA = 0x00004000
export const SLAB_CACHE_DMA32 = 0x00008000
export const SLAB_STORE_USER = 0x00010000
export const SLAB_PANIC = 0x00040000
export const SLAB_TYPESAFE_BY_RCU = 0x00080000
export const SLAB_MEM_SPREAD = 0x00100000
export const SLAB_TRACE = 0x00200000
export const SLAB_NOLEAKTRACE = 0x00800000
export const SLAB_FAILSLAB = 0x02000000
export const SLAB_ACCOUNT = 0 // no CONFIG_MEMCG on this board
export const SLAB_RECLAIM_ACCOUNT = 0x00020000
export const SLAB_KMALLOC = 0x10000000 // SLAB_KMALLOC (slab_common.c internal)
export const __OBJECT_POISON = 0x80000000
export const SLAB_NEVER_MERGE = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB
export const SLAB_MERGE_SAME = SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT
export const SLAB_DEBUG_FLAGS = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE

export const slub_min_order = 0
export const slub_max_order = 3
export const MAX_OBJS_PER_PAGE = 32767
export const nr_cpu_ids = 4
/** sizeof(struct track) with CONFIG_STACKDEPOT on ARM32: addr, handle, cpu, pid, when. */
export const SIZEOF_TRACK = 20
export const POISON_INUSE = 0x5a
export const POISON_FREE = 0x6b
export const POISON_END = 0xa5
export const SLUB_RED_INACTIVE = 0xbb
export const SLUB_RED_ACTIVE = 0xcc

/* include/linux/gfp.h GFP_SLAB_BUG_MASK: __GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK (bits 26 and up). */
export const GFP_SLAB_BUG_MASK = 0x04 | 0x02 | ~((1 << 26) - 1)
const PAGE_OFFSET = 0xc0000000
const PHYS_OFFSET = 0x60000000

const fls = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x))
const ALIGN = (x: number, a: number): number => Math.ceil(x / a) * a
const get_order = (size: number): number => {
  let o = 0
  let s = ((size - 1) >> 12) | 0
  while (s > 0) {
    o++
    s >>= 1
  }
  return o
}
const order_objects = (order: number, size: number): number => Math.floor((PAGE_SIZE << order) / size)

/** calc_slab_order() */
function calc_slab_order(size: number, min_objects: number, max_order: number, fract_leftover: number): number {
  const min_order = slub_min_order
  if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE) return get_order(size * MAX_OBJS_PER_PAGE) - 1
  let order = Math.max(min_order, get_order(min_objects * size))
  for (; order <= max_order; order++) {
    const slab_size = PAGE_SIZE << order
    if (slab_size % size <= slab_size / fract_leftover) break
  }
  return order
}

/** calculate_order(): with one CPU present, min_objects comes from nr_cpu_ids (4): 4 * (3 + 1) = 16. */
export function calculate_order(size: number): number {
  let min_objects = 4 * (fls(nr_cpu_ids) + 1)
  const max_objects = order_objects(slub_max_order, size)
  min_objects = Math.min(min_objects, max_objects)
  while (min_objects > 1) {
    for (let fraction = 16; fraction >= 4; fraction /= 2) {
      const order = calc_slab_order(size, min_objects, slub_max_order, fraction)
      if (order <= slub_max_order) return order
    }
    min_objects--
  }
  let order = calc_slab_order(size, 1, slub_max_order, 1)
  if (order <= slub_max_order) return order
  order = calc_slab_order(size, 1, 10, 1) // MAX_ORDER - 1
  return order < 11 ? order : -1
}

/** struct track (SLAB_STORE_USER) */
export interface Track {
  addr: KFrame | null
  stack: KFrame[]
  cpu: number
  pid: number
  when: number
}

/** struct kmem_cache_cpu */
export interface KmemCacheCpu {
  freelist: number
  slab: number // frame index of the head page, -1 none
  partial: number // head of the cpu partial chain, -1 none
}

/** struct kmem_cache_node */
export interface KmemCacheNode {
  nr_partial: number
  nr_slabs: number
  total_objects: number
  /** sentinel slot of the partial list in Slub.next/prev */
  partialHead: number
}

export class KmemCache {
  object_size = 0
  size = 0
  align = 0
  offset = 0
  inuse = 0
  red_left_pad = 0
  order = 0
  objects = 0
  min_order = 0
  min_objects = 0
  allocflags = 0
  min_partial = 5
  cpu_partial = 0
  cpu_partial_slabs = 0
  refcount = 1
  usersize = 0
  useroffset = 0
  /** Names merged into this cache (sysfs aliases). */
  readonly aliases: string[] = []
  readonly cpu_slab: KmemCacheCpu[] = []
  node!: KmemCacheNode
  /** Objects handed out and not yet freed (a simulator count for tests and boot top-ups; kernel: sum of inuse). */
  nr_allocated = 0
  /** On slab_caches (false once destroyed). */
  live = true
  /** Address of this cache's struct kmem_cache (an object of the kmem_cache cache) and its kmem_cache_node. */
  addr = 0
  nodeAddr = 0

  constructor(
    readonly id: number,
    readonly name: string,
    public flags: number,
    readonly ctor: ((va: number) => void) | null
  ) {}

  get debug(): boolean {
    return (this.flags & SLAB_DEBUG_FLAGS) !== 0
  }
  get has_cpu_partial(): boolean {
    return !this.debug
  }
}

/**
 * The allocator state shared by all caches: per-frame slab columns over the
 * node's frames, and the list links of the partial lists.
 */
export class Slub {
  readonly caches: KmemCache[] = []
  readonly base: number
  readonly nframes: number
  /** cache id + 1 of a slab's head frame; 0 if the frame heads no slab. */
  readonly slabCache: Uint16Array
  /** head frame index of every frame of a slab or large kmalloc; -1 otherwise. */
  readonly head: Int32Array
  readonly inuse: Int32Array
  readonly freelist: Uint32Array
  readonly frozen: Uint8Array
  /** cpu partial chain: next slab, and the chain length stored on its head (slab->slabs). */
  readonly cpuNext: Int32Array
  readonly cpuSlabs: Int32Array
  /* node partial list links: frames [0, nframes), sentinels after */
  readonly next: Int32Array
  readonly prev: Int32Array
  private nextSentinel: number
  readonly slab_out_of_memory_rs = new RatelimitState(5 * 100, 10, 'slab_out_of_memory')
  readonly phys
  constructor(
    readonly k: KernelContext,
    readonly mm: Mm,
    maxCaches = 1024
  ) {
    const pg = mm.pgdat
    this.base = pg.node_start_pfn
    this.nframes = pg.nframes
    const n = pg.nframes
    this.slabCache = new Uint16Array(n)
    this.head = new Int32Array(n).fill(-1)
    this.inuse = new Int32Array(n)
    this.freelist = new Uint32Array(n)
    this.frozen = new Uint8Array(n)
    this.cpuNext = new Int32Array(n).fill(-1)
    this.cpuSlabs = new Int32Array(n)
    this.next = new Int32Array(n + maxCaches)
    this.prev = new Int32Array(n + maxCaches)
    this.nextSentinel = n
    this.phys = mm.phys
  }

  /* ---- list_head over typed arrays (the node partial lists) ---- */
  private newListHead(): number {
    const h = this.nextSentinel++
    if (h >= this.next.length) throw new Error('slub: too many caches')
    this.next[h] = h
    this.prev[h] = h
    return h
  }
  private list_add(i: number, head: number): void {
    const f = this.next[head]!
    this.next[i] = f
    this.prev[i] = head
    this.prev[f] = i
    this.next[head] = i
  }
  private list_add_tail(i: number, head: number): void {
    const l = this.prev[head]!
    this.next[i] = head
    this.prev[i] = l
    this.next[l] = i
    this.prev[head] = i
  }
  private list_del(i: number): void {
    const n = this.next[i]!
    const p = this.prev[i]!
    this.next[p] = n
    this.prev[n] = p
    this.next[i] = i
    this.prev[i] = i
  }

  /* ---- address helpers (slabs are lowmem) ---- */
  slab_address(i: number): number {
    return (this.base + i) * PAGE_SIZE - PHYS_OFFSET + PAGE_OFFSET
  }
  /** virt_to_slab-ish: the head frame index of the slab or large kmalloc holding va, or -1. */
  frame_of(va: number): number {
    const i = Math.floor((va - PAGE_OFFSET + PHYS_OFFSET) / PAGE_SIZE) - this.base
    if (i < 0 || i >= this.nframes) return -1
    return i
  }
  /** The free pointer stored in a free object (a little-endian word of simulated RAM). */
  get_freepointer(s: KmemCache, obj: number): number {
    const pa = obj - PAGE_OFFSET + PHYS_OFFSET + s.offset
    const f = this.phys.peek(pa >>> 12)
    if (!f) return 0
    const o = pa & 4095
    return (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0
  }
  set_freepointer(s: KmemCache, obj: number, fp: number): void {
    const pa = obj - PAGE_OFFSET + PHYS_OFFSET + s.offset
    const f = this.phys.peek(pa >>> 12)
    if (!f) {
      if (fp !== 0) this.phys.write(pa, 4, fp)
      return
    }
    const o = pa & 4095
    f[o] = fp
    f[o + 1] = fp >>> 8
    f[o + 2] = fp >>> 16
    f[o + 3] = fp >>> 24
  }

  /* ---- cache setup (kmem_cache_open) ---- */

  /** calculate_sizes() + the rest of kmem_cache_open(). */
  kmem_cache_open(s: KmemCache): boolean {
    const flags = s.flags
    let size = ALIGN(s.object_size, 4)
    if (flags & SLAB_POISON && !(flags & SLAB_TYPESAFE_BY_RCU) && !s.ctor) s.flags |= __OBJECT_POISON
    else s.flags &= ~__OBJECT_POISON
    if (flags & SLAB_RED_ZONE && size === s.object_size) size += 4
    s.inuse = size
    if (flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON) || (flags & SLAB_RED_ZONE && s.object_size < 4) || s.ctor) {
      s.offset = size
      size += 4
    } else s.offset = Math.floor(s.object_size / 2 / 4) * 4
    if (flags & SLAB_STORE_USER) {
      size += 2 * SIZEOF_TRACK
      if (flags & SLAB_KMALLOC) size += 4
    }
    if (flags & SLAB_RED_ZONE) {
      size += 4
      s.red_left_pad = ALIGN(4, s.align)
      size += s.red_left_pad
    }
    size = ALIGN(size, s.align)
    s.size = size
    const order = calculate_order(size)
    if (order < 0) return false
    s.allocflags = 0
    if (order) s.allocflags |= __GFP_COMP
    if (s.flags & SLAB_RECLAIM_ACCOUNT) s.allocflags |= __GFP_RECLAIMABLE
    s.order = order
    s.objects = order_objects(order, size)
    s.min_order = get_order(size)
    s.min_objects = order_objects(s.min_order, size)
    // set_min_partial(s, ilog2(s->size) / 2)
    s.min_partial = Math.min(10, Math.max(5, Math.floor(Math.floor(Math.log2(size)) / 2)))
    // set_cpu_partial()
    let nr_objects: number
    if (!s.has_cpu_partial) nr_objects = 0
    else if (size >= PAGE_SIZE) nr_objects = 6
    else if (size >= 1024) nr_objects = 24
    else if (size >= 256) nr_objects = 52
    else nr_objects = 120
    s.cpu_partial = nr_objects
    s.cpu_partial_slabs = Math.ceil((nr_objects * 2) / s.objects)
    for (let c = 0; c < nr_cpu_ids; c++) s.cpu_slab.push({ freelist: 0, slab: -1, partial: -1 })
    s.node = { nr_partial: 0, nr_slabs: 0, total_objects: 0, partialHead: this.newListHead() }
    return true
  }

  /* ---- slab pages ---- */

  /** allocate_slab(): a new slab from the buddy allocator, its objects chained in order. Frame index or -1. */
  private allocate_slab(s: KmemCache, gfp: number): number {
    // new_slab(): GFP_SLAB_BUG_MASK bits are reported and dropped (kmalloc_fix_flags)
    if (gfp & GFP_SLAB_BUG_MASK) gfp = this.kmalloc_fix_flags ? this.kmalloc_fix_flags(gfp) : gfp & ~GFP_SLAB_BUG_MASK
    let flags = gfp | s.allocflags
    let alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL
    let order = s.order
    if (alloc_gfp & __GFP_DIRECT_RECLAIM && order > s.min_order) alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
    alloc_gfp &= ~__GFP_ZERO
    flags &= ~__GFP_ZERO
    let pfn = this.mm.pa.alloc_pages(alloc_gfp, order, PageOwner.SLAB)
    if (pfn < 0) {
      order = s.min_order
      pfn = this.mm.pa.alloc_pages(order ? flags | __GFP_COMP : flags & ~__GFP_COMP, order, PageOwner.SLAB)
      if (pfn < 0) return -1
    }
    const i = pfn - this.base
    const n = 1 << order
    const objects = order_objects(order, s.size)
    this.head.fill(i, i, i + n)
    this.slabCache[i] = s.id + 1
    this.mm.pgdat.flags[i]! |= PG_slab
    this.inuse[i] = objects
    this.frozen[i] = 0
    this.cpuNext[i] = -1
    this.mm.mod_node_page_state(s.flags & SLAB_RECLAIM_ACCOUNT ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B, PAGE_SIZE << order)
    s.node.nr_slabs++
    s.node.total_objects += objects
    // the freelist: objects in address order, the last pointing to NULL
    const start = this.slab_address(i)
    if (s.flags & __OBJECT_POISON) this.mm.phys.fill((this.base + i) * PAGE_SIZE, PAGE_SIZE << order, 0x5a) // POISON_INUSE over the slab (setup_slab_debug)
    for (let o = 0; o < objects; o++) {
      const obj = start + o * s.size + s.red_left_pad
      if (s.debug) this.init_object(s, obj, SLUB_RED_INACTIVE)
      if (s.ctor) s.ctor(obj)
      this.set_freepointer(s, obj, o + 1 < objects ? obj + s.size : 0)
    }
    this.freelist[i] = start + s.red_left_pad
    this.slabOrder.set(i, order)
    return i
  }
  /** slab_common's kmalloc_fix_flags(), which prints the "Unexpected gfp" warning. */
  kmalloc_fix_flags: ((gfp: number) => number) | null = null

  /** Order of each live slab (a slab allocated at s->min falls back to a smaller order). */
  readonly slabOrder = new Map<number, number>()

  slab_objects(s: KmemCache, i: number): number {
    return order_objects(this.slabOrder.get(i) ?? s.order, s.size)
  }

  /** discard_slab(): the pages go back to the buddy allocator. */
  private discard_slab(s: KmemCache, i: number): void {
    const order = this.slabOrder.get(i) ?? s.order
    const objects = order_objects(order, s.size)
    this.slabOrder.delete(i)
    s.node.nr_slabs--
    s.node.total_objects -= objects
    this.slabCache[i] = 0
    this.head.fill(-1, i, i + (1 << order))
    this.mm.pgdat.flags[i]! &= ~PG_slab
    this.frozen[i] = 0
    this.mm.mod_node_page_state(s.flags & SLAB_RECLAIM_ACCOUNT ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B, -(PAGE_SIZE << order))
    this.mm.pa.__free_pages(this.base + i, order)
  }

  private add_partial(s: KmemCache, i: number, tail: boolean): void {
    s.node.nr_partial++
    if (tail) this.list_add_tail(i, s.node.partialHead)
    else this.list_add(i, s.node.partialHead)
  }
  private remove_partial(s: KmemCache, i: number): void {
    this.list_del(i)
    s.node.nr_partial--
  }

  /* ---- allocation ---- */

  /** slab_alloc_node(): an object address or 0. */
  slab_alloc(s: KmemCache, gfp: number, orig_size: number): number {
    const c = s.cpu_slab[this.k.cpu]!
    let obj = c.freelist
    if (obj !== 0 && c.slab >= 0 && !s.debug) c.freelist = this.get_freepointer(s, obj)
    else obj = this.___slab_alloc(s, gfp, c)
    if (obj === 0) return 0
    s.nr_allocated++
    if (s.flags & SLAB_STORE_USER) this.set_track(obj, this.allocTrack, 'alloc')
    if (gfp & __GFP_ZERO) this.mm.phys.fill(obj - PAGE_OFFSET + PHYS_OFFSET, s.object_size, 0)
    void orig_size // kept for SLAB_STORE_USER's request-size word, not stored here
    return obj
  }

  /** get_freelist(): take the slab's freelist for the cpu; the slab stays frozen only if it had one. */
  private get_freelist(i: number, objects: number): number {
    const fl = this.freelist[i]!
    this.freelist[i] = 0
    this.inuse[i] = objects
    this.frozen[i] = fl !== 0 ? 1 : 0
    return fl
  }

  private ___slab_alloc(s: KmemCache, gfp: number, c: KmemCacheCpu): number {
    let slab = c.slab
    let freelist = 0
    if (slab >= 0 && !s.debug) {
      freelist = this.get_freelist(slab, this.slab_objects(s, slab))
      if (freelist === 0) {
        c.slab = -1 // the exhausted slab is full now, on no list
        slab = -1
      }
    } else if (slab >= 0) {
      this.deactivate_slab(s, slab, c.freelist)
      c.slab = -1
      c.freelist = 0
      slab = -1
    }
    for (;;) {
      if (freelist === 0) {
        // new_slab: the cpu partial list first
        if (c.partial >= 0) {
          slab = c.partial
          c.partial = this.cpuNext[slab]!
          this.cpuNext[slab] = -1
          freelist = this.get_freelist(slab, this.slab_objects(s, slab))
          if (freelist === 0) continue
          c.slab = slab
        } else {
          // get_partial(): node partial slabs, extra ones go to the cpu partial list
          slab = this.get_partial(s, c)
          if (slab >= 0) freelist = this.freelist_taken
          else {
            slab = this.allocate_slab(s, gfp)
            if (slab < 0) {
              this.slab_out_of_memory(s, gfp)
              return 0
            }
            freelist = this.freelist[slab]!
            this.freelist[slab] = 0
            this.inuse[slab] = this.slab_objects(s, slab)
            this.frozen[slab] = 1
          }
          c.slab = slab
        }
      }
      if (s.debug) {
        // return_single: one object, then the slab goes back to the lists
        const obj = freelist
        if (s.flags & SLAB_RED_ZONE || s.flags & __OBJECT_POISON) this.init_object(s, obj, SLUB_RED_ACTIVE)
        this.deactivate_slab(s, slab, this.get_freepointer(s, obj))
        c.slab = -1
        c.freelist = 0
        return obj
      }
      // load_freelist
      c.freelist = this.get_freepointer(s, freelist)
      return freelist
    }
  }

  private freelist_taken = 0

  /** get_partial_node(): frame index of the slab for the cpu (its freelist in freelist_taken), or -1. */
  private get_partial(s: KmemCache, c: KmemCacheCpu): number {
    const n = s.node
    if (!n.nr_partial) return -1
    let ret = -1
    let partial_slabs = 0
    for (let i = this.next[n.partialHead]!; i !== n.partialHead; ) {
      const nx = this.next[i]!
      this.remove_partial(s, i)
      if (ret < 0) {
        ret = i
        this.freelist_taken = this.get_freelist(i, this.slab_objects(s, i))
        this.frozen[i] = 1
      } else {
        this.frozen[i] = 1
        this.put_cpu_partial(s, c, i, false)
        partial_slabs++
      }
      if (!s.has_cpu_partial || partial_slabs > Math.floor(s.cpu_partial_slabs / 2)) break
      i = nx
    }
    return ret
  }

  /** put_cpu_partial() */
  private put_cpu_partial(s: KmemCache, c: KmemCacheCpu, i: number, drain: boolean): void {
    let old = c.partial
    let slabs = 0
    let toUnfreeze = -1
    if (old >= 0) {
      if (drain && this.cpuSlabs[old]! >= s.cpu_partial_slabs) {
        toUnfreeze = old
        old = -1
      } else slabs = this.cpuSlabs[old]!
    }
    slabs++
    this.cpuSlabs[i] = slabs
    this.cpuNext[i] = old
    c.partial = i
    if (toUnfreeze >= 0) this.__unfreeze_partials(s, toUnfreeze)
  }

  /** __unfreeze_partials(): a cpu partial chain goes to the node list; empty slabs beyond min_partial are freed. */
  private __unfreeze_partials(s: KmemCache, first: number): void {
    const discard: number[] = []
    for (let i = first; i >= 0; ) {
      const nx = this.cpuNext[i]!
      this.cpuNext[i] = -1
      this.frozen[i] = 0
      if (this.inuse[i] === 0 && s.node.nr_partial >= s.min_partial) discard.push(i)
      else this.add_partial(s, i, true)
      i = nx
    }
    for (const i of discard) this.discard_slab(s, i)
  }

  /**
   * deactivate_slab(): the cpu slab's remaining free objects (from
   * `cpuFreelist`) go back to the slab; then it is freed, put on the
   * partial list, or left full.
   */
  private deactivate_slab(s: KmemCache, i: number, cpuFreelist: number): void {
    // count what the cpu still held: objects - (objects handed out)
    let free = 0
    let tail = 0
    for (let o = cpuFreelist; o !== 0; o = this.get_freepointer(s, o)) {
      free++
      tail = o
      if (free > 100000) throw new Error(`slub: freelist loop in ${s.name}`)
    }
    const remoteFrees = this.freelist[i] !== 0
    if (tail) {
      this.set_freepointer(s, tail, this.freelist[i]!)
      this.freelist[i] = cpuFreelist
    }
    this.inuse[i] = this.inuse[i]! - free
    this.frozen[i] = 0
    if (this.inuse[i] === 0 && s.node.nr_partial >= s.min_partial) this.discard_slab(s, i)
    else if (this.freelist[i] !== 0) this.add_partial(s, i, remoteFrees)
    else if (s.debug) this.fullList.add(i)
  }
  /** n->full for debug caches (SLAB_STORE_USER keeps full slabs on a list). */
  readonly fullList = new Set<number>()

  /* ---- freeing ---- */

  /** do_slab_free() for an object of slab i. */
  slab_free(s: KmemCache, i: number, obj: number): void {
    const c = s.cpu_slab[this.k.cpu]!
    if (s.debug && !this.free_debug_processing(s, i, obj)) return
    if (s.flags & SLAB_STORE_USER) this.set_track(obj, this.freeTrack, 'free')
    s.nr_allocated--
    if (i === c.slab && !s.debug) {
      this.set_freepointer(s, obj, c.freelist)
      c.freelist = obj
      return
    }
    this.__slab_free(s, i, obj, c)
  }

  private __slab_free(s: KmemCache, i: number, obj: number, c: KmemCacheCpu): void {
    const prior = this.freelist[i]!
    this.set_freepointer(s, obj, prior)
    this.freelist[i] = obj
    const newInuse = --this.inuse[i]!
    const was_frozen = this.frozen[i] === 1
    let freeze = false
    if ((newInuse === 0 || prior === 0) && !was_frozen) {
      if (s.has_cpu_partial && prior === 0) freeze = true
    }
    if (was_frozen) return
    if (freeze) {
      this.frozen[i] = 1
      this.put_cpu_partial(s, c, i, true)
      return
    }
    if (s.debug && prior === 0) this.fullList.delete(i)
    if (newInuse === 0 && s.node.nr_partial >= s.min_partial) {
      // slab_empty
      if (prior !== 0) this.remove_partial(s, i)
      this.discard_slab(s, i)
      return
    }
    if (!s.has_cpu_partial && prior === 0) this.add_partial(s, i, true)
  }

  /** flush_cpu_slab() + unfreeze of the cpu partial list, for every CPU (flush_all). */
  flush_all(s: KmemCache): void {
    for (const c of s.cpu_slab) {
      if (c.slab >= 0) {
        const i = c.slab
        const fl = c.freelist
        c.slab = -1
        c.freelist = 0
        this.deactivate_slab(s, i, fl)
      }
      if (c.partial >= 0) {
        const p = c.partial
        c.partial = -1
        this.__unfreeze_partials(s, p)
      }
    }
  }

  /**
   * __kmem_cache_shutdown(): flush, free empty partial slabs, complain about
   * partial slabs with objects (list_slab_objects → slab_err, CONFIG_SLUB_
   * DEBUG is built in). Returns true if the cache is empty.
   */
  __kmem_cache_shutdown(s: KmemCache): boolean {
    this.flush_all(s)
    const n = s.node
    for (let i = this.next[n.partialHead]!; i !== n.partialHead; ) {
      const nx = this.next[i]!
      if (this.inuse[i] === 0) {
        this.remove_partial(s, i)
        this.discard_slab(s, i)
      } else this.slab_err(s, i, `Objects remaining in ${s.name} on __kmem_cache_shutdown()`)
      i = nx
    }
    return n.nr_partial === 0 && n.nr_slabs === 0
  }

  /** __kmem_cache_shrink(): flush, then every empty partial slab goes back to the buddy allocator. Returns 0. */
  __kmem_cache_shrink(s: KmemCache): number {
    this.flush_all(s)
    const n = s.node
    for (let i = this.next[n.partialHead]!; i !== n.partialHead; ) {
      const nx = this.next[i]!
      if (this.inuse[i] === 0) {
        this.remove_partial(s, i)
        this.discard_slab(s, i)
      }
      i = nx
    }
    return 0
  }

  /* ---- reports ---- */

  /** slab_bug() */
  private slab_bug(s: KmemCache, msg: string): void {
    const k = this.k
    k.printk(`${KERN_ERR}=============================================================================\n`)
    k.printk(`${KERN_ERR}BUG ${s.name} (${k.taintString()}): ${msg}\n`)
    k.printk(`${KERN_ERR}-----------------------------------------------------------------------------\n\n`)
  }
  /** print_slab_info(): "Slab 0x%p objects=%u used=%u fp=0x%p flags=%pGp" */
  private print_slab_info(s: KmemCache, i: number): void {
    const order = this.slabOrder.get(i) ?? s.order
    const flags = order ? '0x10200(slab|head|zone=0)' : '0x200(slab|zone=0)'
    this.k.printk(`${KERN_ERR}Slab 0x(ptrval) objects=${this.slab_objects(s, i)} used=${this.inuse[i]} fp=0x(ptrval) flags=${flags}\n`)
  }
  /** slab_err() */
  slab_err(s: KmemCache, i: number, msg: string): void {
    this.slab_bug(s, msg)
    this.print_slab_info(s, i)
    this.k.withFrame({ fn: 'slab_err', off: 0x7c, size: 0xb4 }, () => dump_stack(this.k))
    this.k.addTaint(5) // TAINT_BAD_PAGE
  }
  /** print_section(): print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, …, true) */
  private print_section(text: string, va: number, len: number): void {
    const ph = this.mm.phys
    for (let off = 0; off < len; off += 16) {
      const n = Math.min(16, len - off)
      const bytes: number[] = []
      for (let j = 0; j < n; j++) bytes.push(ph.read8(va + off + j - PAGE_OFFSET + PHYS_OFFSET))
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')
      const asc = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
      this.k.printk(`${KERN_ERR}${text}(ptrval): ${hex.padEnd(16 * 3 - 1, ' ')}  ${asc}\n`)
    }
  }
  /**
   * SLAB_STORE_USER tracks (struct track: caller, stack depot handle, cpu,
   * pid, jiffies), kept beside the object rather than in its metadata bytes.
   * The saved stack is the call chain below the allocator's own frames.
   */
  readonly allocTrack = new Map<number, Track>()
  readonly freeTrack = new Map<number, Track>()
  private set_track(obj: number, m: Map<number, Track>, kind: 'alloc' | 'free'): void {
    const k = this.k
    const chain = k.frames.slice().reverse()
    const own: KFrame[] = kind === 'alloc'
      ? [{ fn: '__kmem_cache_alloc_node', off: 0x1cc, size: 0x2d8 }, { fn: 'kmalloc_trace', off: 0x2c, size: 0x50 }]
      : [{ fn: 'kfree', off: 0x1a0, size: 0x1d4 }]
    m.set(obj, { addr: chain[0] ?? null, stack: [...own, ...chain], cpu: k.cpu, pid: k.current.pid, when: k.clock.jiffies() })
  }
  /** print_tracking() */
  private print_tracking(s: KmemCache, obj: number): void {
    if (!(s.flags & SLAB_STORE_USER)) return
    const now = this.k.clock.jiffies()
    for (const [label, m] of [['Allocated', this.allocTrack], ['Freed', this.freeTrack]] as const) {
      const t = m.get(obj)
      if (!t || !t.addr) continue
      this.k.printk(`${KERN_ERR}${label} in ${frameSym(t.addr)} age=${(now - t.when) >>> 0} cpu=${t.cpu} pid=${t.pid}\n`)
      for (const f of t.stack) this.k.printk(` ${frameSym(f)}\n`)
    }
  }
  /** get_info_end() + the tracks + the kmalloc request size: where the padding starts (print_trailer). */
  private padding_start(s: KmemCache): number {
    let off = s.offset >= s.inuse ? s.offset + 4 : s.inuse
    if (s.flags & SLAB_STORE_USER) off += 2 * SIZEOF_TRACK
    if (s.flags & SLAB_STORE_USER && s.flags & SLAB_KMALLOC) off += 4
    return off
  }
  /** object_err() + print_trailer() */
  private object_err(s: KmemCache, i: number, obj: number, reason: string): void {
    this.slab_bug(s, reason)
    const addr = this.slab_address(i)
    this.print_tracking(s, obj)
    this.print_slab_info(s, i)
    this.k.printk(`${KERN_ERR}Object 0x(ptrval) @offset=${obj - addr} fp=0x(ptrval)\n\n`)
    if (s.flags & SLAB_RED_ZONE) this.print_section('Redzone  ', obj - s.red_left_pad, s.red_left_pad)
    else if (obj > addr + 16) this.print_section('Bytes b4 ', obj - 16, 16)
    this.print_section('Object   ', obj, Math.min(s.object_size, PAGE_SIZE))
    if (s.flags & SLAB_RED_ZONE) this.print_section('Redzone  ', obj + s.object_size, s.inuse - s.object_size)
    const off = this.padding_start(s)
    const size_from_object = s.flags & SLAB_RED_ZONE ? s.size - s.red_left_pad : s.size
    if (off !== size_from_object) this.print_section('Padding  ', obj + off, size_from_object - off)
    this.k.withFrame({ fn: 'print_trailer', off: 0x1b0, size: 0x1c0 }, () => dump_stack(this.k))
    this.k.addTaint(5)
  }
  /** init_object(): poison and red zones of a debug cache's object. */
  private init_object(s: KmemCache, obj: number, val: number): void {
    const ph = this.mm.phys
    const pa = obj - PAGE_OFFSET + PHYS_OFFSET
    if (s.flags & SLAB_RED_ZONE) ph.fill(pa - s.red_left_pad, s.red_left_pad, val)
    if (s.flags & __OBJECT_POISON) {
      // allocated or free, the object itself reads 6b 6b … a5 until it is written
      ph.fill(pa, s.object_size - 1, POISON_FREE)
      ph.write8(pa + s.object_size - 1, POISON_END)
    }
    if (s.flags & SLAB_RED_ZONE) ph.fill(pa + s.object_size, s.inuse - s.object_size, val)
  }
  /** free_debug_processing(): the checks slub_debug=F makes before a free; false if the free is refused. */
  private free_debug_processing(s: KmemCache, i: number, obj: number): boolean {
    const addr = this.slab_address(i)
    if ((obj - addr - s.red_left_pad) % s.size !== 0) {
      this.slab_err(s, i, `Invalid object pointer 0x(ptrval)`)
      this.slab_fix(s, `Object at 0x(ptrval) not freed`)
      return false
    }
    // on_freelist(): walk the slab's freelist (and the cpu's, for the cpu slab)
    const objects = this.slab_objects(s, i)
    let n = 0
    for (let fp = this.freelist[i]!; fp !== 0 && n <= objects; fp = this.get_freepointer(s, fp), n++) {
      if (fp === obj) {
        this.object_err(s, i, obj, 'Object already free')
        this.slab_fix(s, `Object at 0x(ptrval) not freed`)
        return false
      }
    }
    if (s.flags & (SLAB_RED_ZONE | __OBJECT_POISON)) this.init_object(s, obj, SLUB_RED_INACTIVE)
    return true
  }
  /** slab_fix(): "FIX %s: …" */
  private slab_fix(s: KmemCache, msg: string): void {
    this.k.printk(`${KERN_ERR}FIX ${s.name}: ${msg}\n`)
  }
  /** slab_out_of_memory(): printed unless __GFP_NOWARN, rate limited. */
  private slab_out_of_memory(s: KmemCache, gfp: number): void {
    if (gfp & __GFP_NOWARN || !this.slab_out_of_memory_rs.ratelimit(this.k)) return
    const k = this.k
    k.printk(`${KERN_WARNING}SLUB: Unable to allocate memory on node -1, gfp=0x${gfp.toString(16)}(${format_gfp(gfp)})\n`)
    k.printk(`${KERN_WARNING}  cache: ${s.name}, object size: ${s.object_size}, buffer size: ${s.size}, default order: ${s.order}, min order: ${s.min_order}\n`)
    k.printk(`${KERN_WARNING}  node 0: slabs: ${s.node.nr_slabs}, objs: ${s.node.total_objects}, free: ${this.count_partial_free(s)}\n`)
  }

  /** count_partial(n, count_free) */
  count_partial_free(s: KmemCache): number {
    let x = 0
    const h = s.node.partialHead
    for (let i = this.next[h]!; i !== h; i = this.next[i]!) x += this.slab_objects(s, i) - this.inuse[i]!
    return x
  }

  /** get_slabinfo() */
  get_slabinfo(s: KmemCache): { active_objs: number; num_objs: number; active_slabs: number; num_slabs: number; objects_per_slab: number; cache_order: number } {
    const nr_free = this.count_partial_free(s)
    return {
      active_objs: s.node.total_objects - nr_free,
      num_objs: s.node.total_objects,
      active_slabs: s.node.nr_slabs,
      num_slabs: s.node.nr_slabs,
      objects_per_slab: s.objects,
      cache_order: s.order
    }
  }
}
