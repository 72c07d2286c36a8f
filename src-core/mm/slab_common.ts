/*
 * mm/slab_common.c: what every slab allocator shares, over slub.ts.
 *
 *  - kmem_cache_init(): the bootstrap caches (kmem_cache_node, kmem_cache),
 *    then create_kmalloc_caches(): kmalloc-64 … kmalloc-8k plus kmalloc-192,
 *    then the kmalloc-rcl-* twins (KMALLOC_RECLAIM). KMALLOC_MIN_SIZE is 64
 *    here (ARCH_DMA_MINALIGN = L1_CACHE_BYTES), so there is no kmalloc-8,
 *    -16, -32 or -96, and 65..96 byte requests use kmalloc-128
 *    (setup_kmalloc_cache_index_table);
 *  - kmem_cache_create(): a new cache, or an alias of an existing one when
 *    find_mergeable() finds one (unless `slub_nomerge`/`slab_nomerge`, a
 *    ctor or a usercopy region); the alias shares the target (its name only
 *    lives on in sysfs), /proc/slabinfo shows the target;
 *  - kmalloc(): size classes up to KMALLOC_MAX_CACHE_SIZE (8 KiB); above it
 *    __kmalloc_large_node() takes whole pages (order = get_order(size),
 *    __GFP_COMP), which fails with the page allocator's once-per-boot
 *    order >= MAX_ORDER WARN above KMALLOC_MAX_SIZE (4 MiB);
 *  - kfree(), ksize(), krealloc(), kcalloc(), kzalloc(); kfree of NULL and
 *    ZERO_SIZE_PTR (16) does nothing; kfree of a page that is not a slab
 *    goes to free_large_kmalloc(), which WARNs once for an order-0 page and
 *    frees it anyway, as 6.1 does.
 *
 * Pointers are kernel virtual addresses (numbers); 0 is NULL. A cache is a
 * KmemCache object; its address in simulated memory (a kmem_cache object
 * from the kmem_cache cache) is `cache.addr`.
 *
 * Left out: KMALLOC_DMA/CGROUP types (no ZONE_DMA, no MEMCG), kmalloc_node
 * placement (one node), kfree_rcu (immediate), kmemleak/KASAN hooks.
 */

import type { KFrame, KernelContext } from '../kernel/context'
import { dump_stack, frameSym } from '../kernel/dumpstack'
import { CUT_HERE, print_modules, print_oops_end_marker } from '../kernel/panic'
import { KERN_WARNING } from '../kernel/printk'
import { TAINT_WARN } from '../kernel/context'
import { __GFP_COMP, __GFP_RECLAIMABLE, __GFP_ZERO, format_gfp, GFP_KERNEL } from './gfp'
import { get_order, type Mm } from './mm_init'
import { PAGE_SIZE, PG_head, PG_tail, PageOwner } from './mmzone'
import { BOOT_CACHES, BOOT_KMALLOC_OBJECTS } from './slab_boot_caches'
import {
  __OBJECT_POISON, KmemCache, SLAB_CONSISTENCY_CHECKS, SLAB_HWCACHE_ALIGN, SLAB_KMALLOC, SLAB_MERGE_SAME,
  SLAB_NEVER_MERGE, SLAB_PANIC, SLAB_POISON, SLAB_RECLAIM_ACCOUNT, SLAB_RED_ZONE, SLAB_STORE_USER,
  SLAB_TYPESAFE_BY_RCU, Slub, GFP_SLAB_BUG_MASK
} from './slub'
import { NR_SLAB_UNRECLAIMABLE_B } from './vmstat'

export const KMALLOC_MIN_SIZE = 64
export const KMALLOC_SHIFT_LOW = 6
export const KMALLOC_SHIFT_HIGH = 13
export const KMALLOC_MAX_CACHE_SIZE = 1 << KMALLOC_SHIFT_HIGH
export const KMALLOC_SHIFT_MAX = 22
export const KMALLOC_MAX_SIZE = 1 << KMALLOC_SHIFT_MAX
export const KMALLOC_MAX_ORDER = KMALLOC_SHIFT_MAX - 12
export const ZERO_SIZE_PTR = 16
export const ARCH_KMALLOC_MINALIGN = 64
export const ARCH_SLAB_MINALIGN = 8
export const cache_line_size = 64
const SIZE_MAX = 0xffffffff
const PAGE_OFFSET = 0xc0000000
const PHYS_OFFSET = 0x60000000

/* kmalloc_info[]: names by index (1 = 96, 2 = 192, else 2^index). */
const kmalloc_size = (i: number): number => (i === 1 ? 96 : i === 2 ? 192 : 1 << i)
const kmalloc_name = (i: number, rcl: boolean): string => {
  const sz = kmalloc_size(i)
  const s = sz >= 1024 ? `${sz >> 10}k` : `${sz}`
  return rcl ? `kmalloc-rcl-${s}` : `kmalloc-${s}`
}

/** kmalloc_index() as kmalloc_slab() computes it with this board's size_index table. */
export function kmalloc_index(size: number): number {
  if (size <= 64) return 6
  if (size <= 128) return 7
  if (size <= 192) return 2
  return 32 - Math.clz32(size - 1)
}

/** Where a WARN prints from: file, line and the function's frame. */
interface WarnSite {
  file: string
  line: number
  frame: KFrame
}

/** __warn() with a message (WARN(cond, fmt…)): as warn_slowpath_fmt, plus the formatted text after the WARNING line. */
export function warn_fmt(k: KernelContext, site: WarnSite, msg: string | null): void {
  k.withFrame(site.frame, () => {
    k.printk(KERN_WARNING + CUT_HERE)
    k.withFrame({ fn: 'warn_slowpath_fmt', off: 0x188, size: 0x190 }, () => {
      k.withFrame({ fn: '__warn', off: 0x78, size: 0x124 }, () => {
        k.printk(`${KERN_WARNING}WARNING: CPU: ${k.cpu} PID: ${k.current.pid} at ${site.file}:${site.line} ${frameSym(site.frame)}\n`)
        if (msg !== null) k.printk(msg)
        print_modules(k)
        dump_stack(k)
        print_oops_end_marker(k)
      })
    })
  })
  k.addTaint(TAINT_WARN)
}

export interface KmemCacheCreateOpts {
  ctor?: ((va: number) => void) | null
  useroffset?: number
  usersize?: number
}

export class SlabCommon {
  readonly slub: Slub
  /** slab_caches in creation order (the kernel's list is newest first; /proc/slabinfo prints it that way). */
  readonly slab_caches: KmemCache[] = []
  /** kmalloc_caches[type][index] */
  readonly kmalloc_caches: Array<Array<KmemCache | null>> = [new Array(14).fill(null), new Array(14).fill(null)]
  readonly slab_nomerge: boolean
  /** slub_debug flags and an optional cache-name filter. */
  readonly slub_debug: number
  readonly slub_debug_caches: string[] | null
  kmem_cache!: KmemCache
  kmem_cache_node!: KmemCache
  /** /sys/kernel/slab names: every cache name and alias → its cache. */
  readonly sysfs = new Map<string, KmemCache>()
  readonly byAddr = new Map<number, KmemCache>()
  private warned_free_large = false
  private nextId = 0

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm
  ) {
    this.slub = new Slub(k, mm)
    this.slub.kmalloc_fix_flags = (gfp) => this.kmalloc_fix_flags(gfp)
    this.slab_nomerge = k.hasParam('slub_nomerge') || k.hasParam('slab_nomerge')
    const dbg = k.param('slub_debug')
    if (dbg === undefined) {
      this.slub_debug = 0
      this.slub_debug_caches = null
    } else {
      const [letters, ...names] = (dbg ?? '').split(',')
      let f = 0
      if (dbg === null || letters === '') f = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER
      for (const ch of letters ?? '') {
        const c = ch.toLowerCase()
        if (c === 'f') f |= SLAB_CONSISTENCY_CHECKS
        else if (c === 'z') f |= SLAB_RED_ZONE
        else if (c === 'p') f |= SLAB_POISON
        else if (c === 'u') f |= SLAB_STORE_USER
        else if (c === '-') f = 0
      }
      this.slub_debug = f
      this.slub_debug_caches = names.length ? names : null
    }
  }

  /* ---- cache creation ---- */

  /** kmem_cache_flags(): slub_debug's flags for this cache. */
  private kmem_cache_flags(flags: number, name: string): number {
    if (!this.slub_debug) return flags
    if (this.slub_debug_caches && !this.slub_debug_caches.includes(name)) return flags
    return flags | this.slub_debug
  }

  /** calculate_alignment() */
  calculate_alignment(flags: number, align: number, size: number): number {
    if (flags & SLAB_HWCACHE_ALIGN) {
      let ralign = cache_line_size
      while (size <= ralign / 2) ralign /= 2
      align = Math.max(align, ralign)
    }
    align = Math.max(align, ARCH_SLAB_MINALIGN)
    return Math.ceil(align / 4) * 4
  }

  /** slab_unmergeable() */
  slab_unmergeable(s: KmemCache): boolean {
    if (this.slab_nomerge || s.flags & SLAB_NEVER_MERGE) return true
    if (s.ctor) return true
    if (s.usersize) return true
    if (s.refcount < 0) return true
    return false
  }

  /** find_mergeable(): the oldest cache this one may share. */
  find_mergeable(size: number, align: number, flags: number, name: string, ctor: unknown): KmemCache | null {
    if (this.slab_nomerge || ctor) return null
    size = Math.ceil(size / 4) * 4
    align = this.calculate_alignment(flags, align, size)
    size = Math.ceil(size / align) * align
    flags = this.kmem_cache_flags(flags, name)
    if (flags & SLAB_NEVER_MERGE) return null
    for (const s of this.slab_caches) {
      if (!s.live || this.slab_unmergeable(s)) continue
      if (size > s.size) continue
      if ((flags & SLAB_MERGE_SAME) !== (s.flags & SLAB_MERGE_SAME)) continue
      if ((s.size & ~(align - 1)) !== s.size) continue
      if (s.size - size >= 4) continue
      return s
    }
    return null
  }

  /** create_cache() / create_boot_cache(): a new KmemCache on slab_caches. */
  private create_cache(name: string, object_size: number, align: number, flags: number, opts: KmemCacheCreateOpts, boot: boolean): KmemCache | null {
    const s = new KmemCache(this.nextId++, name, this.kmem_cache_flags(flags, name), opts.ctor ?? null)
    s.object_size = object_size
    s.align = align
    s.useroffset = opts.useroffset ?? 0
    s.usersize = opts.usersize ?? 0
    if (!this.slub.kmem_cache_open(s)) return null
    this.slub.caches[s.id] = s
    if (boot) s.refcount = -1
    this.slab_caches.push(s)
    this.sysfs.set(name, s)
    return s
  }

  /** kmem_cache_alloc(kmem_cache) + the node structure for a new cache. */
  private account_cache_struct(s: KmemCache): void {
    if (!this.kmem_cache) return
    s.addr = this.kmem_cache_alloc(this.kmem_cache, GFP_KERNEL | __GFP_ZERO)
    if (s.addr) this.byAddr.set(s.addr, s)
    s.nodeAddr = this.kmem_cache_alloc(this.kmem_cache_node, GFP_KERNEL)
  }

  /**
   * kmem_cache_init(): the bootstrap caches, then create_kmalloc_caches().
   * Called from mm_init() right after the "SLUB: HWalign=64, …" line.
   */
  kmem_cache_init(): void {
    this.kmem_cache_node = this.create_cache('kmem_cache_node', 64, this.calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 64), SLAB_HWCACHE_ALIGN, {}, true)!
    this.kmem_cache = this.create_cache('kmem_cache', 132, this.calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 132), SLAB_HWCACHE_ALIGN, {}, true)!
    // bootstrap(): kmem_cache is moved to its final place first, then kmem_cache_node
    this.slab_caches.splice(0, 2, this.kmem_cache, this.kmem_cache_node)
    this.account_cache_struct(this.kmem_cache_node)
    this.account_cache_struct(this.kmem_cache)
    // create_kmalloc_caches()
    for (let type = 0; type < 2; type++) {
      for (let i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
        this.new_kmalloc_cache(i, type)
        if (i === 7) this.new_kmalloc_cache(2, type)
      }
    }
  }

  private new_kmalloc_cache(idx: number, type: number): void {
    if (this.kmalloc_caches[type]![idx]) return
    const flags = (type === 1 ? SLAB_RECLAIM_ACCOUNT : 0) | SLAB_KMALLOC
    const size = kmalloc_size(idx)
    const s = this.create_cache(kmalloc_name(idx, type === 1), size, ARCH_KMALLOC_MINALIGN, flags, { useroffset: 0, usersize: size }, true)!
    s.refcount = 1
    this.kmalloc_caches[type]![idx] = s
    this.account_cache_struct(s)
  }

  /** The caches of BOOT_CACHES, in creation order (vmalloc_init's vmap_area … the late initcalls' ones). */
  create_boot_caches(): void {
    for (const [name, size, code] of BOOT_CACHES) {
      let flags = SLAB_PANIC
      if (code.includes('R')) flags |= SLAB_RECLAIM_ACCOUNT
      if (code.includes('r')) flags |= SLAB_TYPESAFE_BY_RCU
      const opts: KmemCacheCreateOpts = {}
      if (code.includes('c')) opts.ctor = () => {}
      if (code.includes('u')) {
        opts.useroffset = 0
        opts.usersize = size
      }
      // s->size holds the free pointer after the object when it may not overwrite it (ctor, RCU)
      const object_size = code.includes('c') || code.includes('r') ? size - 4 : size
      this.kmem_cache_create(name, object_size, 0, flags, opts)
    }
  }

  /**
   * The objects boot code holds after boot (BOOT_CACHES' counts), allocated
   * in each cache on top of what the model itself allocated there (vm_structs
   * in kmalloc-64, kmem_cache objects, …). Call at the end of boot.
   */
  boot_objects(): void {
    const col = this.slab_nomerge ? 1 : 0
    const want = new Map<KmemCache, number>()
    const add = (name: string, n: number): void => {
      const s = this.sysfs.get(name)
      if (s) want.set(s, (want.get(s) ?? 0) + n)
    }
    for (const c of BOOT_CACHES) add(c[0], col ? c[4] : c[3])
    for (const [name, v] of Object.entries(BOOT_KMALLOC_OBJECTS)) add(name, v[col]!)
    for (const [s, n] of want) {
      const gfp = s.flags & SLAB_RECLAIM_ACCOUNT ? GFP_KERNEL | __GFP_RECLAIMABLE : GFP_KERNEL
      for (let i = s.nr_allocated; i < n; i++) if (!this.kmem_cache_alloc(s, gfp)) break
    }
  }

  /**
   * kmem_cache_create_usercopy(): the cache, the cache it merged into, or
   * null (a bad size, or no memory).
   */
  kmem_cache_create(name: string, size: number, align: number, flags: number, opts: KmemCacheCreateOpts = {}): KmemCache | null {
    if (!name || size < 4 || size > KMALLOC_MAX_SIZE) return null
    // CACHE_CREATE_MASK drops flags a caller may not pass
    flags &= ~(SLAB_KMALLOC | __OBJECT_POISON)
    if (!opts.usersize) {
      const s = this.find_mergeable(size, align, flags, name, opts.ctor)
      if (s) {
        // __kmem_cache_alias()
        s.refcount++
        s.object_size = Math.max(s.object_size, size)
        s.inuse = Math.max(s.inuse, Math.ceil(size / 4) * 4)
        s.aliases.push(name)
        this.sysfs.set(name, s)
        return s
      }
    }
    const s = this.create_cache(name, size, this.calculate_alignment(flags, align, size), flags, opts, false)
    if (s) this.account_cache_struct(s)
    return s
  }

  /* ---- objects ---- */

  kmem_cache_alloc(s: KmemCache, gfp: number): number {
    return this.slub.slab_alloc(s, gfp, s.object_size)
  }
  kmem_cache_zalloc(s: KmemCache, gfp: number): number {
    return this.slub.slab_alloc(s, gfp | __GFP_ZERO, s.object_size)
  }
  /** kmem_cache_size(): s->object_size. */
  kmem_cache_size(s: KmemCache): number {
    return s.object_size
  }

  /** kmem_cache_free(): cache_from_obj() trusts the slab's own cache, as 6.1 does without debugging. */
  kmem_cache_free(s: KmemCache, obj: number): void {
    if (!obj) return
    const i = this.slub.frame_of(obj)
    const h = i >= 0 ? this.slub.head[i]! : -1
    if (h < 0 || !this.slub.slabCache[h]) {
      this.kfree_nonslab(obj, i)
      return
    }
    this.slub.slab_free(this.slub.caches[this.slub.slabCache[h]! - 1]!, h, obj)
    void s
  }

  /** kmem_cache_destroy() */
  kmem_cache_destroy(s: KmemCache | null): void {
    if (!s || !s.live) return
    s.refcount--
    if (s.refcount) return
    const empty = this.slub.__kmem_cache_shutdown(s)
    if (!empty) {
      const caller = this.k.frames[this.k.frames.length - 1]
      warn_fmt(
        this.k,
        { file: 'mm/slab_common.c', line: 493, frame: { fn: 'kmem_cache_destroy', off: 0x130, size: 0x15c } },
        `kmem_cache_destroy ${s.name}: Slab cache still has objects when called from ${caller ? frameSym(caller) : '0x0'}\n`
      )
      return
    }
    s.live = false
    const idx = this.slab_caches.indexOf(s)
    if (idx >= 0) this.slab_caches.splice(idx, 1)
    for (const [n, c] of this.sysfs) if (c === s) this.sysfs.delete(n)
    if (s.addr) {
      this.byAddr.delete(s.addr)
      this.kmem_cache_free(this.kmem_cache, s.addr)
    }
    if (s.nodeAddr) this.kmem_cache_free(this.kmem_cache_node, s.nodeAddr)
  }

  /* ---- kmalloc ---- */

  /** kmalloc_slab(): the cache serving `size`, ZERO_SIZE_PTR's marker (null) for 0. */
  kmalloc_slab(size: number, gfp: number): KmemCache | null {
    if (size === 0) return null
    const type = gfp & __GFP_RECLAIMABLE ? 1 : 0
    return this.kmalloc_caches[type]![kmalloc_index(size)] ?? null
  }

  /** kmalloc_fix_flags() */
  private kmalloc_fix_flags(gfp: number): number {
    const invalid = gfp & GFP_SLAB_BUG_MASK
    const fixed = gfp & ~GFP_SLAB_BUG_MASK
    this.k.printk(
      `${KERN_WARNING}Unexpected gfp: 0x${(invalid >>> 0).toString(16)} (${format_gfp(invalid >>> 0)}). Fixing up to gfp: 0x${fixed.toString(16)} (${format_gfp(fixed)}). Fix your code!\n`
    )
    dump_stack(this.k)
    return fixed
  }

  /** __kmalloc(size, gfp): an address, ZERO_SIZE_PTR for 0, or 0. */
  kmalloc(size: number, gfp: number): number {
    if (size > KMALLOC_MAX_CACHE_SIZE) return this.k.withFrame({ fn: '__kmalloc', off: 0x70, size: 0x174 }, () => this.__kmalloc_large_node(size, gfp))
    if (size === 0) return ZERO_SIZE_PTR
    const s = this.kmalloc_slab(size, gfp)!
    return this.slub.slab_alloc(s, gfp, size)
  }

  /** __kmalloc_large_node(): whole pages, a compound page's head address. */
  private __kmalloc_large_node(size: number, gfp: number): number {
    return this.k.withFrame({ fn: '__kmalloc_large_node', off: 0x68, size: 0x100 }, () => {
      if (gfp & GFP_SLAB_BUG_MASK) gfp = this.kmalloc_fix_flags(gfp)
      const order = get_order(size)
      const pfn = this.mm.pa.alloc_pages(gfp | __GFP_COMP, order, PageOwner.KERNEL)
      if (pfn < 0) return 0
      const i = pfn - this.slub.base
      this.slub.head.fill(i, i, i + (1 << order))
      this.mm.mod_node_page_state(NR_SLAB_UNRECLAIMABLE_B, PAGE_SIZE << order)
      return this.mm.page_address(pfn)
    })
  }

  kzalloc(size: number, gfp: number): number {
    return this.kmalloc(size, gfp | __GFP_ZERO)
  }

  /** kcalloc(): n * size with the overflow check of kmalloc_array(). */
  kcalloc(n: number, size: number, gfp: number): number {
    if (size !== 0 && n > Math.floor(SIZE_MAX / size)) return 0
    return this.kmalloc(n * size, gfp | __GFP_ZERO)
  }
  kmalloc_array(n: number, size: number, gfp: number): number {
    if (size !== 0 && n > Math.floor(SIZE_MAX / size)) return 0
    return this.kmalloc(n * size, gfp)
  }

  /** __ksize(): the usable size of an object (0 for ZERO_SIZE_PTR). */
  ksize(obj: number): number {
    if (obj === 0 || obj === ZERO_SIZE_PTR) return 0
    const i = this.slub.frame_of(obj)
    if (i < 0) return 0
    const h = this.slub.head[i]!
    if (h >= 0 && this.slub.slabCache[h]) {
      const s = this.slub.caches[this.slub.slabCache[h]! - 1]!
      if (s.flags & (SLAB_RED_ZONE | SLAB_POISON)) return s.object_size
      if (s.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER)) return s.inuse
      return s.size
    }
    const order = h >= 0 ? this.mm.pgdat.order[h]! : 0
    return PAGE_SIZE << order
  }

  /** krealloc(): grow by a new allocation and a copy of the old ksize() bytes. */
  krealloc(p: number, new_size: number, gfp: number): number {
    if (new_size === 0) {
      this.kfree(p)
      return ZERO_SIZE_PTR
    }
    if (p === 0 || p === ZERO_SIZE_PTR) return this.kmalloc(new_size, gfp)
    const ks = this.ksize(p)
    if (ks >= new_size) return p
    const ret = this.kmalloc(new_size, gfp)
    if (!ret) return 0
    const bytes = this.mm.phys.readBytes(p - PAGE_OFFSET + PHYS_OFFSET, ks)
    this.mm.phys.writeBytes(ret - PAGE_OFFSET + PHYS_OFFSET, bytes)
    this.kfree(p)
    return ret
  }

  /** kfree() */
  kfree(obj: number): void {
    if (obj >>> 0 <= ZERO_SIZE_PTR) return
    // virt_to_folio() is plain arithmetic: a vmalloc or pkmap address lands on
    // whatever struct page sits at __pa(obj) (with 1 GB of RAM, a HighMem
    // page), which free_large_kmalloc() then frees, as on the board
    const i = this.slub.frame_of(obj)
    if (i < 0 || obj < PAGE_OFFSET)
      throw new Error(`kfree(0x${(obj >>> 0).toString(16)}): virt_to_folio() points outside mem_map (the kernel would Oops)`)
    const h = this.slub.head[i]!
    if (h >= 0 && this.slub.slabCache[h]) {
      this.slub.slab_free(this.slub.caches[this.slub.slabCache[h]! - 1]!, h, obj)
      return
    }
    this.kfree_nonslab(obj, i)
  }

  /** free_large_kmalloc(folio, object): the folio is the compound page holding obj, or obj's page alone. */
  private kfree_nonslab(obj: number, i: number): void {
    const pg = this.mm.pgdat
    let h = this.slub.head[i]!
    if (h < 0) {
      h = i
      if (pg.flags[i]! & PG_tail) while (h > 0 && !(pg.flags[h]! & PG_head)) h--
    }
    const order = pg.flags[h]! & PG_head ? pg.order[h]! : 0
    if (order === 0 && !this.warned_free_large) {
      this.warned_free_large = true
      warn_fmt(this.k, { file: 'mm/slab_common.c', line: 904, frame: { fn: 'free_large_kmalloc', off: 0x6c, size: 0xa4 } }, null)
      this.k.printk(`${KERN_WARNING}object pointer: 0x(ptrval)\n`)
    }
    this.mm.mod_node_page_state(NR_SLAB_UNRECLAIMABLE_B, -(PAGE_SIZE << order))
    if (this.slub.head[h]! === h) this.slub.head.fill(-1, h, h + (1 << order))
    this.k.withFrame({ fn: 'free_large_kmalloc', off: 0x58, size: 0xa4 }, () => this.mm.pa.__free_pages(this.slub.base + h, order))
  }

  /** The cache a slab object belongs to (null if obj is not in a slab). */
  virt_to_cache(obj: number): KmemCache | null {
    const i = this.slub.frame_of(obj)
    if (i < 0) return null
    const h = this.slub.head[i]!
    return h >= 0 && this.slub.slabCache[h] ? this.slub.caches[this.slub.slabCache[h]! - 1]! : null
  }
}
