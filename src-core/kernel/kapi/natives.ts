/*
 * The kernel API that module C code calls, bound to src-core: each entry
 * is a cc NativeFn named as the function the headers declare (see
 * src-core/include). Pointers are 32-bit kernel virtual addresses; a
 * `struct page *` is the address of the frame's struct page in mem_map
 * (mm.page_struct_addr), converted back to a pfn here.
 *
 * Allocators get the module's C call chain on KernelContext.frames (the
 * frames above `insmod`'s entry), so warn_alloc/WARN backtraces and
 * /proc/vmallocinfo's caller show `my_init+0x.. [mod]` as on the real
 * kernel.
 */

import type { CValue, NativeFn, Runtime } from '../../cc/index'
import type { KFrame, KernelContext } from '../context'
import type { Mm } from '../../mm/mm_init'
import type { Kmem } from '../../mm/kmem'
import type { KmemCache } from '../../mm/slub'
import { bytesToText, vsprintf, type VsprintfEnv } from '../vsprintf'
import type { KernelCMemory } from './memory'
import { NSEC_PER_JIFFY } from '../../board/clock'
import { MAX_ORDER, PAGE_SIZE } from '../../mm/mmzone'
import { __GFP_DIRECT_RECLAIM, __GFP_HIGHMEM } from '../../mm/gfp'
import { KERN_ERR, KERN_WARNING } from '../printk'
import { CUT_HERE, print_modules, print_oops_end_marker } from '../panic'
import { dump_stack, frameSym } from '../dumpstack'
import { TAINT_WARN } from '../context'
import { get_order } from '../../mm/mm_init'

/** BUG()/panic() from module code: the loader turns it into an Oops. */
export class ModuleBug extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly chain: KFrame[]
  ) {
    super(`kernel BUG at ${file}:${line}!`)
  }
}

/** What the natives need from the machine and the loader. */
export interface KapiHost {
  k: KernelContext
  mm: Mm
  kmem: Kmem
  mem: KernelCMemory
  /** The module frames of the running C code, outermost first. */
  moduleFrames(rt: Runtime): KFrame[]
  /** %pS for an address (kernel or module text). */
  symbolize(addr: number, withOffset: boolean): string | null
  /** Refresh the exported variables (jiffies...) after the clock moved. */
  syncData(): void
  /** The shadow task_struct of `current` (address). */
  currentTaskAddr(): number
  fatalSignalPending(): boolean
  /** Module refcount for try_module_get/module_put on THIS_MODULE (address). */
  moduleGet(addr: number): boolean
  modulePut(addr: number): void
  /** Simulated ns a busy-wait (udelay/mdelay) or sleep takes. */
  sleepNs(ns: number, busy: boolean): void
  /**
   * A sleep of `ns` (schedule_timeout): in a resumable run the task waits
   * while the machine runs on, and `rt.block`'s marker is returned (the
   * native is called again when the sleep is over: undefined then); in a
   * plain run the time passes at once. `first` runs on the first call only.
   */
  sleep(rt: Runtime, ns: number, first?: () => void): CValue | undefined
  /** In atomic context (spinlock held, timer callback)? */
  atomicDepth: number
  /** softirq nesting: a timer callback runs */
  softirq: number
  /** Address of node_zones[idx] in the exported contig_page_data. */
  zoneAddr(idx: number): number
  /** Zone index of a struct zone address, or -1. */
  zoneOfAddr(addr: number): number
}

const u = (v: CValue | undefined): number => Number(v ?? 0) >>> 0
const s32 = (v: CValue | undefined): number => Number(v ?? 0) | 0

/**
 * The allocator entry points module C calls. In a resumable run (a
 * module's init or exit) the machine's single step holds right after each
 * call (Runtime.preempt, see the loader): one hold per allocator call the C
 * code made, vmalloc(1 GB) included.
 */
export const ALLOCATING_NATIVES: ReadonlySet<string> = new Set([
  'alloc_pages', '__get_free_pages', 'get_zeroed_page', 'alloc_pages_exact',
  '__kmalloc', 'kmalloc_array', 'kcalloc', 'krealloc', 'kvmalloc_node', 'kstrdup', 'kstrndup', 'kmemdup', 'kasprintf',
  'kmem_cache_alloc', 'vmalloc', 'vzalloc', 'vmalloc_user', 'vmalloc_32', '__vmalloc'
])

/** The sleeps that wait as the task's own sleep in a resumable run (KapiHost.sleep); busy-waits stay busy. */
export const SLEEPING_NATIVES: ReadonlySet<string> = new Set([
  'msleep', 'msleep_interruptible', 'usleep_range', 'schedule_timeout', 'schedule_timeout_interruptible', 'schedule_timeout_uninterruptible'
])

/** The natives table for one loaded kernel (shared by every module). */
export function kernelNatives(h: KapiHost): Record<string, NativeFn> {
  const { k, mm, kmem, mem } = h
  const caches = new Map<number, KmemCache>()
  const env: VsprintfEnv = {
    peek8: (a) => mem.peek8(a),
    peek32: (a) => mem.peek32(a),
    symbol: (a, off) => h.symbolize(a, off),
    // no_hash_pointers prints addresses; otherwise the crng is never ready on this board: (ptrval)
    hashPointer: (a) => (k.hasParam('no_hash_pointers') ? a : null)
  }
  const fmt = (rt: Runtime, fmtAddr: number, ap: number): number[] => vsprintf(env, fmtAddr, rt.va(ap))
  /** Run an allocator with the module's frames on the call chain. */
  const framed = <T>(rt: Runtime, fn: () => T): T => {
    const frames = h.moduleFrames(rt)
    const n = k.frames.length
    k.frames.push(...frames)
    try {
      return fn()
    } finally {
      k.frames.length = n
    }
  }
  const pfnOf = (page: number): number => {
    const pfn = mm.struct_page_to_pfn(page >>> 0)
    return pfn
  }
  /**
   * The struct page * of a frame, its fields written from the frame's state
   * as the kernel keeps them: flags (the PG_ bits and the zone in bits 30-31),
   * _mapcount / page_type, _refcount.
   */
  const pageOf = (pfn: number): number => {
    if (pfn < 0) return 0
    const a = mm.page_struct_addr(pfn) >>> 0
    const i = pfn - mm.pgdat.node_start_pfn
    const f = mm.pgdat.flags[i] ?? 0
    let lf = 0
    for (const [ours, bit] of PAGE_FLAG_BITS) if (f & ours) lf |= 1 << bit
    lf = (lf | (mm.page_zone(pfn).idx << 30)) >>> 0
    const free = (f & PG_BUDDY) !== 0
    try {
      mem.store32(a, lf)
      mem.store32(a + 24, free ? 0xffffff7f : 0xffffffff)
      // _refcount: 0 when free; else what get_page/put_page left there (1 for a fresh allocation)
      const cur = mem.peek32(a + 28)
      mem.store32(a + 28, free ? 0 : cur !== null && cur >= 1 && cur <= 0xffff ? cur : 1)
    } catch {
      /* mem_map outside the kernel's view: the pointer still names the page */
    }
    return a
  }
  const writeBytes = (dst: number, bytes: readonly number[], size: number): void => {
    if (size <= 0) return
    const n = Math.min(bytes.length, size - 1)
    for (let i = 0; i < n; i++) mem.store8(dst + i, bytes[i]!)
    mem.store8(dst + n, 0)
  }
  const might_sleep = (rt: Runtime, gfp?: number, site?: KFrame): void => {
    if (gfp !== undefined && !(gfp & __GFP_DIRECT_RECLAIM)) return
    if (h.atomicDepth <= 0) return
    framed(rt, () => site ? k.withFrame(site, report) : report())
    k.addTaint(TAINT_WARN)
  }
  const report = (): void => {
    {
      k.printk(`${KERN_ERR}BUG: sleeping function called from invalid context at mm/slab.h:760\n`)
      k.printk(`${KERN_ERR}in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: ${k.current.pid}, name: ${k.current.comm}\n`)
      k.printk(`${KERN_ERR}preempt_count: ${h.softirq > 0 ? '101' : '1'}, expected: 0\n`)
      k.printk(`${KERN_ERR}RCU nest depth: 0, expected: 0\n`)
      k.withFrame({ fn: '__might_resched', off: 0x128, size: 0x148 }, () => dump_stack(k))
    }
  }
  const strlen = (a: number): number => {
    let n = 0
    while (mem.load8(a + n) !== 0) n++
    return n
  }
  const cacheOf = (addr: number): KmemCache | null => caches.get(addr >>> 0) ?? null
  let random: { below(n: number): number } | null = null
  const rng = (): { below(n: number): number } => (random ??= k.rng('get_random_bytes'))

  const n: Record<string, NativeFn> = {
    /* ---- printk & friends ---- */
    _printk: (a, rt) => {
      const text = bytesToText(fmt(rt, u(a[0]), u(a[a.length - 1])))
      return k.printk(text)
    },
    vprintk: (a, rt) => k.printk(bytesToText(fmt(rt, u(a[0]), u(a[1])))),
    __printk_ratelimit: () => 1,
    sprintf: (a, rt) => {
      const b = fmt(rt, u(a[1]), u(a[a.length - 1]))
      writeBytes(u(a[0]), b, b.length + 1)
      return b.length
    },
    snprintf: (a, rt) => {
      const b = fmt(rt, u(a[2]), u(a[a.length - 1]))
      writeBytes(u(a[0]), b, u(a[1]))
      return b.length
    },
    scnprintf: (a, rt) => {
      const size = u(a[1])
      const b = fmt(rt, u(a[2]), u(a[a.length - 1]))
      writeBytes(u(a[0]), b, size)
      return size === 0 ? 0 : Math.min(b.length, size - 1)
    },
    vsnprintf: (a, rt) => {
      const b = fmt(rt, u(a[2]), u(a[3]))
      writeBytes(u(a[0]), b, u(a[1]))
      return b.length
    },
    vscnprintf: (a, rt) => {
      const size = u(a[1])
      const b = fmt(rt, u(a[2]), u(a[3]))
      writeBytes(u(a[0]), b, size)
      return size === 0 ? 0 : Math.min(b.length, size - 1)
    },
    kasprintf: (a, rt) => {
      const b = fmt(rt, u(a[1]), u(a[a.length - 1]))
      const p = framed(rt, () => kmem.kmalloc(b.length + 1, u(a[0])))
      if (p) writeBytes(p, b, b.length + 1)
      return p
    },
    dump_stack: (_a, rt) => framed(rt, () => dump_stack(k)),
    print_hex_dump: (a) => {
      const level = mem.cstring(u(a[0])) ?? ''
      const prefix = mem.cstring(u(a[1])) ?? ''
      const type = s32(a[2])
      const rowsize = s32(a[3]) === 32 ? 32 : 16
      const group = s32(a[4])
      const buf = u(a[5])
      const len = u(a[6])
      const ascii = !!a[7]
      for (let i = 0; i < len; i += rowsize) {
        const cnt = Math.min(rowsize, len - i)
        const parts: string[] = []
        let asc = ''
        const g = group === 2 || group === 4 || group === 8 ? group : 1
        for (let j = 0; j < cnt; j += g) {
          let v = ''
          for (let b = Math.min(g, cnt - j) - 1; b >= 0; b--) v += mem.load8(buf + i + j + b).toString(16).padStart(2, '0')
          parts.push(v)
        }
        for (let j = 0; j < cnt; j++) {
          const c = mem.load8(buf + i + j)
          asc += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.'
        }
        let line = parts.join(' ')
        if (ascii) line = line.padEnd(rowsize * 2 + (rowsize / g - 1) + 1, ' ') + ' ' + asc
        const pre = type === 1 ? `${(buf + i >>> 0).toString(16).padStart(8, '0')}: ` : type === 2 ? `${i.toString(16).padStart(8, '0')}: ` : ''
        k.printk(`${level}${prefix}${pre}${line}\n`)
      }
    },

    /* ---- BUG / WARN / panic ---- */
    __bug: (a, rt) => {
      throw new ModuleBug(mem.cstring(u(a[0])) ?? '?', s32(a[1]), h.moduleFrames(rt))
    },
    __warn_on: (a, rt) => {
      const file = mem.cstring(u(a[1])) ?? '?'
      const line = s32(a[2])
      const fmtAddr = u(a[4])
      framed(rt, () => {
        const site = k.frames[k.frames.length - 1]
        k.printk(KERN_WARNING + CUT_HERE)
        k.withFrame({ fn: 'warn_slowpath_fmt', off: 0x188, size: 0x190 }, () => {
          k.withFrame({ fn: '__warn', off: 0x78, size: 0x124 }, () => {
            k.printk(`${KERN_WARNING}WARNING: CPU: ${k.cpu} PID: ${k.current.pid} at ${file}:${line} ${site ? frameSym(site) : '0x0'}\n`)
            if (fmtAddr) k.printk(bytesToText(fmt(rt, fmtAddr, u(a[a.length - 1]))))
            print_modules(k)
            dump_stack(k)
            print_oops_end_marker(k)
          })
        })
      })
      k.addTaint(TAINT_WARN)
      return 1
    },
    panic: (a, rt) => {
      const text = bytesToText(fmt(rt, u(a[0]), u(a[a.length - 1])))
      throw new ModulePanic(text.replace(/\n$/, ''), h.moduleFrames(rt))
    },
    add_taint: (a) => k.addTaint(u(a[0])),
    __might_sleep: (_a, rt) => might_sleep(rt),
    _cond_resched: () => 0,
    __cpu_relax: () => h.sleepNs(100, true),

    /* ---- page allocator ---- */
    alloc_pages: (a, rt) => {
      const gfp = u(a[0])
      might_sleep(rt, gfp, { fn: '__alloc_pages', off: 0x88, size: 0x1180 })
      return pageOf(framed(rt, () => mm.alloc_pages(gfp, u(a[1]))))
    },
    __get_free_pages: (a, rt) => {
      const gfp = u(a[0])
      might_sleep(rt, gfp, { fn: '__alloc_pages', off: 0x88, size: 0x1180 })
      return framed(rt, () => mm.__get_free_pages(gfp, u(a[1])))
    },
    get_zeroed_page: (a, rt) => framed(rt, () => mm.get_zeroed_page(u(a[0]))),
    alloc_pages_exact: (a, rt) => framed(rt, () => mm.alloc_pages_exact(u(a[0]), u(a[1]))),
    free_pages_exact: (a) => {
      const addr = u(a[0])
      if (!addr) return
      const pages = Math.ceil(u(a[1]) / PAGE_SIZE)
      for (let i = 0; i < pages; i++) mm.__free_pages(mm.virt_to_pfn(addr) + i, 0)
    },
    __free_pages: (a, rt) => {
      const pfn = pfnOf(u(a[0]))
      if (pfn >= 0) framed(rt, () => mm.__free_pages(pfn, u(a[1])))
    },
    free_pages: (a, rt) => framed(rt, () => mm.free_pages(u(a[0]), u(a[1]))),
    split_page: (a) => {
      const pfn = pfnOf(u(a[0]))
      if (pfn >= 0) mm.pa.split_page(pfn, u(a[1]))
    },
    __get_order: (a) => get_order(u(a[0])),
    pfn_to_page: (a) => pageOf(u(a[0])),
    page_to_pfn: (a) => pfnOf(u(a[0])) >>> 0,
    virt_addr_valid: (a) => (kmem.virt_addr_valid(u(a[0])) ? 1 : 0),
    __pfn_valid: (a) => (mm.pgdat.pfn_valid(u(a[0])) ? 1 : 0),
    page_address: (a) => {
      const pfn = pfnOf(u(a[0]))
      return pfn < 0 ? 0 : kmem.page_address(pfn) >>> 0
    },
    page_zone: (a) => h.zoneAddr(mm.page_zone(pfnOf(u(a[0]))).idx),
    page_zonenum: (a) => mm.page_zone(pfnOf(u(a[0]))).idx,
    PageHighMem: (a) => (mm.PageHighMem(pfnOf(u(a[0]))) ? 1 : 0),
    PageReserved: (a) => (mm.pgdat.flags[pfnOf(u(a[0])) - mm.pgdat.node_start_pfn]! & 1 ? 1 : 0),
    PageSlab: (a) => ((mm.pgdat.flags[pfnOf(u(a[0])) - mm.pgdat.node_start_pfn]! & (1 << 6)) ? 1 : 0),
    PageBuddy: (a) => ((mm.pgdat.flags[pfnOf(u(a[0])) - mm.pgdat.node_start_pfn]! & (1 << 1)) ? 1 : 0),
    PageCompound: (a) => ((mm.pgdat.flags[pfnOf(u(a[0])) - mm.pgdat.node_start_pfn]! & ((1 << 3) | (1 << 4))) ? 1 : 0),
    page_count: (a) => mem.load32(u(a[0]) + 28),
    page_ref_count: (a) => mem.load32(u(a[0]) + 28),
    page_mapcount: (a) => (mem.load32(u(a[0]) + 24) | 0) + 1,
    get_page: (a) => mem.store32(u(a[0]) + 28, mem.load32(u(a[0]) + 28) + 1),
    put_page: (a, rt) => {
      const p = u(a[0])
      const c = (mem.load32(p + 28) | 0) - 1
      mem.store32(p + 28, Math.max(0, c))
      if (c === 0) {
        const pfn = pfnOf(p)
        if (pfn >= 0) framed(rt, () => mm.__free_pages(pfn, 0))
      }
    },
    totalram_pages: () => mm.pa.totalram_pages,
    totalhigh_pages: () => mm.pa.totalhigh_pages,
    nr_free_pages: () => globalZoneState(mm, 0),
    global_zone_page_state: (a) => globalZoneState(mm, u(a[0])),
    zone_page_state: (a) => {
      const z = h.zoneOfAddr(u(a[0]))
      return z < 0 ? 0 : Math.max(0, Math.floor(mm.pgdat.zones[z]!.vm_stat[u(a[1])] ?? 0))
    },
    si_meminfo: (a) => {
      const p = u(a[0])
      const total = mm.pa.totalram_pages
      const free = globalZoneState(mm, 0)
      const high = mm.pa.totalhigh_pages
      let freehigh = 0
      for (const z of mm.pgdat.zones) if (z.idx !== 0) freehigh += Math.floor(z.vm_stat[0] ?? 0)
      const w = (off: number, v: number): void => mem.store32(p + off, v)
      w(0, 0)
      w(16, total)
      w(20, free)
      w(24, 0)
      w(28, 0)
      w(32, 0)
      w(36, 0)
      w(44, high)
      w(48, freehigh)
      w(52, PAGE_SIZE)
    },

    /* ---- slab ---- */
    __kmalloc: (a, rt) => {
      const gfp = u(a[1])
      might_sleep(rt, gfp, { fn: '__kmalloc', off: 0x4c, size: 0x174 })
      return framed(rt, () => kmem.kmalloc(u(a[0]), gfp)) >>> 0
    },
    kmalloc_array: (a, rt) => framed(rt, () => kmem.kmalloc_array(u(a[0]), u(a[1]), u(a[2]))) >>> 0,
    kcalloc: (a, rt) => framed(rt, () => kmem.kcalloc(u(a[0]), u(a[1]), u(a[2]))) >>> 0,
    krealloc: (a, rt) => framed(rt, () => kmem.krealloc(u(a[0]), u(a[1]), u(a[2]))) >>> 0,
    kfree: (a, rt) => framed(rt, () => kmem.kfree(u(a[0]))),
    kfree_sensitive: (a, rt) => {
      const p = u(a[0])
      if (p > 16) {
        const sz = kmem.ksize(p)
        mem.fill(p, 0, sz)
      }
      framed(rt, () => kmem.kfree(p))
    },
    ksize: (a) => kmem.ksize(u(a[0])),
    kvmalloc_node: (a, rt) => framed(rt, () => kmem.kvmalloc(u(a[0]), u(a[1]))) >>> 0,
    kvfree: (a, rt) => framed(rt, () => kmem.kvfree(u(a[0]))),
    kstrdup: (a, rt) => {
      const s = u(a[0])
      if (!s) return 0
      const len = strlen(s)
      const p = framed(rt, () => kmem.kmalloc(len + 1, u(a[1])))
      if (p) mem.copy(p, s, len + 1)
      return p >>> 0
    },
    kstrndup: (a, rt) => {
      const s = u(a[0])
      if (!s) return 0
      let len = 0
      while (len < u(a[1]) && mem.load8(s + len) !== 0) len++
      const p = framed(rt, () => kmem.kmalloc(len + 1, u(a[2])))
      if (p) {
        mem.copy(p, s, len)
        mem.store8(p + len, 0)
      }
      return p >>> 0
    },
    kmemdup: (a, rt) => {
      const p = framed(rt, () => kmem.kmalloc(u(a[1]), u(a[2])))
      if (p) mem.copy(p, u(a[0]), u(a[1]))
      return p >>> 0
    },
    kmem_cache_create: (a, rt) => {
      const name = mem.cstring(u(a[0])) ?? ''
      const ctorAddr = u(a[4])
      const ctor = ctorAddr ? (obj: number): void => void rt.call(ctorAddr, [obj]) : null
      const c = framed(rt, () => kmem.kmem_cache_create(name, u(a[1]), u(a[2]), u(a[3]), ctor))
      if (!c) return 0
      caches.set(c.addr >>> 0, c)
      return c.addr >>> 0
    },
    kmem_cache_create_usercopy: (a, rt) => n.kmem_cache_create!([a[0]!, a[1]!, a[2]!, a[3]!, a[6]!], rt),
    kmem_cache_alloc: (a, rt) => {
      const c = cacheOf(u(a[0]))
      if (!c) return 0
      might_sleep(rt, u(a[1]), { fn: 'kmem_cache_alloc', off: 0x3c, size: 0x2a0 })
      return framed(rt, () => kmem.kmem_cache_alloc(c, u(a[1]))) >>> 0
    },
    kmem_cache_free: (a, rt) => {
      const c = cacheOf(u(a[0]))
      if (c) framed(rt, () => kmem.kmem_cache_free(c, u(a[1])))
    },
    kmem_cache_destroy: (a, rt) => {
      const c = cacheOf(u(a[0]))
      if (c) framed(rt, () => kmem.kmem_cache_destroy(c))
    },
    kmem_cache_size: (a) => {
      const c = cacheOf(u(a[0]))
      return c ? kmem.kmem_cache_size(c) : 0
    },
    kmem_cache_shrink: (a) => {
      const c = cacheOf(u(a[0]))
      return c ? kmem.kmem_cache_shrink(c) : 0
    },

    /* ---- vmalloc ---- */
    vmalloc: (a, rt) => {
      might_sleep(rt, 0x400, { fn: '__vmalloc_node_range', off: 0x70, size: 0x608 })
      return framed(rt, () => kmem.vmalloc(u(a[0]))) >>> 0
    },
    vzalloc: (a, rt) => framed(rt, () => kmem.vzalloc(u(a[0]))) >>> 0,
    vmalloc_user: (a, rt) => framed(rt, () => kmem.vzalloc(u(a[0]))) >>> 0,
    vmalloc_32: (a, rt) => framed(rt, () => kmem.vmalloc(u(a[0]))) >>> 0,
    __vmalloc: (a, rt) => framed(rt, () => kmem.__vmalloc(u(a[0]), u(a[1]))) >>> 0,
    vfree: (a, rt) => framed(rt, () => kmem.vfree(u(a[0]))),
    vunmap: (a, rt) => framed(rt, () => kmem.iounmap(u(a[0]))),
    is_vmalloc_addr: (a) => (kmem.is_vmalloc_addr(u(a[0])) ? 1 : 0),
    is_vmalloc_or_module_addr: (a) => {
      const x = u(a[0])
      return kmem.is_vmalloc_addr(x) || (x >= 0xbf000000 && x < 0xbfe00000) ? 1 : 0
    },
    vmalloc_to_page: (a) => {
      const pfn = kmem.vmalloc_to_pfn(u(a[0]))
      return pfn > 0 ? pageOf(pfn) : 0
    },
    vmalloc_to_pfn: (a) => Math.max(0, kmem.vmalloc_to_pfn(u(a[0]))),

    /* ---- highmem ---- */
    kmap: (a, rt) => {
      might_sleep(rt)
      return kmem.kmap(pfnOf(u(a[0]))) >>> 0
    },
    kunmap: (a) => kmem.kunmap(pfnOf(u(a[0]))),
    kmap_atomic: (a) => {
      h.atomicDepth++
      return kmem.kmap_atomic(pfnOf(u(a[0]))) >>> 0
    },
    __kunmap_atomic: (a) => {
      kmem.kunmap_atomic(u(a[0]))
      h.atomicDepth = Math.max(0, h.atomicDepth - 1)
    },
    kmap_local_page: (a) => kmem.kmap_local_page(pfnOf(u(a[0]))) >>> 0,
    __kunmap_local: (a) => kmem.kunmap_local(u(a[0])),
    kmap_to_page: (a) => {
      const va = u(a[0])
      const pa = kmem.mmu.translate(va)
      return pa < 0 ? 0 : pageOf(Math.floor(pa / PAGE_SIZE))
    },

    /* ---- string & memory ---- */
    memset: (a) => {
      const d = u(a[0])
      const len = u(a[2])
      try {
        kmem.mmu.memset(d, s32(a[1]) & 0xff, len)
      } catch {
        mem.fill(d, s32(a[1]), len)
      }
      return d
    },
    memcpy: (a) => {
      mem.copy(u(a[0]), u(a[1]), u(a[2]))
      return u(a[0])
    },
    memmove: (a) => {
      mem.copy(u(a[0]), u(a[1]), u(a[2]))
      return u(a[0])
    },
    memcmp: (a) => {
      const x = u(a[0])
      const y = u(a[1])
      for (let i = 0; i < u(a[2]); i++) {
        const d = mem.load8(x + i) - mem.load8(y + i)
        if (d) return d
      }
      return 0
    },
    memchr: (a) => {
      const s = u(a[0])
      for (let i = 0; i < u(a[2]); i++) if (mem.load8(s + i) === (s32(a[1]) & 0xff)) return s + i
      return 0
    },
    memscan: (a) => {
      const s = u(a[0])
      let i = 0
      for (; i < u(a[2]); i++) if (mem.load8(s + i) === (s32(a[1]) & 0xff)) break
      return s + i
    },
    strlen: (a) => strlen(u(a[0])),
    strnlen: (a) => {
      const s = u(a[0])
      let i = 0
      while (i < u(a[1]) && mem.load8(s + i) !== 0) i++
      return i
    },
    strcpy: (a) => {
      const d = u(a[0])
      const s = u(a[1])
      let i = 0
      for (;;) {
        const c = mem.load8(s + i)
        mem.store8(d + i, c)
        if (!c) break
        i++
      }
      return d
    },
    strncpy: (a) => {
      const d = u(a[0])
      const s = u(a[1])
      let end = false
      for (let i = 0; i < u(a[2]); i++) {
        const c = end ? 0 : mem.load8(s + i)
        if (!c) end = true
        mem.store8(d + i, c)
      }
      return d
    },
    strlcpy: (a) => {
      const d = u(a[0])
      const s = u(a[1])
      const size = u(a[2])
      const len = strlen(s)
      if (size) {
        const nn = Math.min(len, size - 1)
        mem.copy(d, s, nn)
        mem.store8(d + nn, 0)
      }
      return len
    },
    strscpy: (a) => {
      const d = u(a[0])
      const s = u(a[1])
      const size = u(a[2])
      if (!size) return -7
      let i = 0
      for (; i < size; i++) {
        const c = mem.load8(s + i)
        mem.store8(d + i, c)
        if (!c) return i
      }
      mem.store8(d + size - 1, 0)
      return -7 // -E2BIG
    },
    strcat: (a) => {
      const d = u(a[0])
      n.strcpy!([d + strlen(d), a[1]!], undefined as never)
      return d
    },
    strncat: (a) => {
      const d = u(a[0])
      const s = u(a[1])
      let e = d + strlen(d)
      for (let i = 0; i < u(a[2]); i++) {
        const c = mem.load8(s + i)
        if (!c) break
        mem.store8(e++, c)
      }
      mem.store8(e, 0)
      return d
    },
    strlcat: (a) => {
      const d = u(a[0])
      const dl = strlen(d)
      const sl = strlen(u(a[1]))
      const size = u(a[2])
      if (dl < size) {
        const nn = Math.min(sl, size - dl - 1)
        mem.copy(d + dl, u(a[1]), nn)
        mem.store8(d + dl + nn, 0)
      }
      return dl + sl
    },
    strcmp: (a) => strncmpImpl(mem, u(a[0]), u(a[1]), 0x7fffffff, false),
    strncmp: (a) => strncmpImpl(mem, u(a[0]), u(a[1]), u(a[2]), false),
    strcasecmp: (a) => strncmpImpl(mem, u(a[0]), u(a[1]), 0x7fffffff, true),
    strncasecmp: (a) => strncmpImpl(mem, u(a[0]), u(a[1]), u(a[2]), true),
    strchr: (a) => {
      const c = s32(a[1]) & 0xff
      for (let p = u(a[0]); ; p++) {
        const x = mem.load8(p)
        if (x === c) return p
        if (!x) return 0
      }
    },
    strrchr: (a) => {
      const c = s32(a[1]) & 0xff
      let last = 0
      for (let p = u(a[0]); ; p++) {
        const x = mem.load8(p)
        if (x === c) last = p
        if (!x) return last
      }
    },
    strstr: (a) => {
      const s = mem.cstring(u(a[0]), 1 << 20) ?? ''
      const t = mem.cstring(u(a[1]), 1 << 20) ?? ''
      const i = s.indexOf(t)
      return i < 0 ? 0 : u(a[0]) + i
    },
    strim: (a) => {
      let s = u(a[0])
      let len = strlen(s)
      while (len > 0 && isSpace(mem.load8(s + len - 1))) mem.store8(s + --len, 0)
      while (isSpace(mem.load8(s))) s++
      return s
    },
    kstrtoint: (a) => kstrto(mem, u(a[0]), u(a[1]), u(a[2]), true, 32),
    kstrtouint: (a) => kstrto(mem, u(a[0]), u(a[1]), u(a[2]), false, 32),
    kstrtol: (a) => kstrto(mem, u(a[0]), u(a[1]), u(a[2]), true, 32),
    kstrtoul: (a) => kstrto(mem, u(a[0]), u(a[1]), u(a[2]), false, 32),
    simple_strtoul: (a) => {
      const s = mem.cstring(u(a[0])) ?? ''
      const m = /^\s*(0x[0-9a-fA-F]+|\d+)/.exec(s)
      const end = u(a[0]) + (m ? m[0].length : 0)
      if (u(a[1])) mem.store32(u(a[1]), end)
      return m ? Number(m[1]) >>> 0 : 0
    },
    simple_strtol: (a) => {
      const s = mem.cstring(u(a[0])) ?? ''
      const m = /^\s*(-?\d+)/.exec(s)
      if (u(a[1])) mem.store32(u(a[1]), u(a[0]) + (m ? m[0].length : 0))
      return m ? Number(m[1]) | 0 : 0
    },

    /* ---- time ---- */
    msleep: (a, rt) => h.sleep(rt, (u(a[0]) + 10) * 1e6 + NSEC_PER_JIFFY, () => might_sleep(rt, undefined, { fn: 'msleep', off: 0x14, size: 0x48 })),
    msleep_interruptible: (a, rt) => h.sleep(rt, (u(a[0]) + 10) * 1e6) ?? 0,
    usleep_range: (a, rt) => h.sleep(rt, u(a[0]) * 1e3),
    udelay: (a) => h.sleepNs(u(a[0]) * 1e3, true),
    ndelay: (a) => h.sleepNs(u(a[0]), true),
    mdelay: (a) => h.sleepNs(u(a[0]) * 1e6, true),
    schedule: () => undefined,
    schedule_timeout: (a, rt) => h.sleep(rt, Math.max(0, s32(a[0])) * NSEC_PER_JIFFY) ?? 0,
    schedule_timeout_interruptible: (a, rt) => h.sleep(rt, Math.max(0, s32(a[0])) * NSEC_PER_JIFFY) ?? 0,
    schedule_timeout_uninterruptible: (a, rt) => h.sleep(rt, Math.max(0, s32(a[0])) * NSEC_PER_JIFFY) ?? 0,
    get_jiffies_64: () => BigInt(k.clock.jiffies()),
    ktime_get: () => BigInt(Math.floor(k.clock.now())),
    ktime_get_ns: () => BigInt(Math.floor(k.clock.now())),

    /* ---- randomness (the machine's seeded generator: same seed, same numbers) ---- */
    get_random_bytes: (a) => {
      const r = rng()
      for (let i = 0; i < u(a[1]); i++) mem.store8(u(a[0]) + i, r.below(256))
    },
    get_random_u32: () => {
      const r = rng()
      return (r.below(0x10000) * 0x10000 + r.below(0x10000)) >>> 0
    },

    /* ---- tasks ---- */
    get_current: () => h.currentTaskAddr(),
    signal_pending: () => (h.fatalSignalPending() ? 1 : 0),
    fatal_signal_pending: () => (h.fatalSignalPending() ? 1 : 0),
    in_interrupt: () => (h.softirq > 0 ? 1 : 0),
    in_softirq: () => (h.softirq > 0 ? 1 : 0),
    in_atomic: () => (h.atomicDepth > 0 ? 1 : 0),
    get_task_comm: (a) => {
      const d = u(a[0])
      const bytes = [...k.current.comm.slice(0, 15)].map((c) => c.charCodeAt(0) & 0xff)
      writeBytes(d, bytes, 16)
      return d
    },
    try_module_get: (a) => (h.moduleGet(u(a[0])) ? 1 : 0),
    module_put: (a) => h.modulePut(u(a[0])),

    /* ---- locking ---- */
    spin_lock_init: (a) => mem.store32(u(a[0]), 0),
    spin_lock: (a) => lock(h, mem, u(a[0])),
    spin_unlock: (a) => unlock(h, mem, u(a[0])),
    spin_trylock: (a) => {
      if (mem.load32(u(a[0]))) return 0
      lock(h, mem, u(a[0]))
      return 1
    },
    spin_lock_bh: (a) => lock(h, mem, u(a[0])),
    spin_unlock_bh: (a) => unlock(h, mem, u(a[0])),
    spin_lock_irq: (a) => lock(h, mem, u(a[0])),
    spin_unlock_irq: (a) => unlock(h, mem, u(a[0])),
    _spin_lock_irqsave: (a) => {
      lock(h, mem, u(a[0]))
      return 0x13
    },
    spin_unlock_irqrestore: (a) => unlock(h, mem, u(a[0])),
    spin_is_locked: (a) => (mem.load32(u(a[0])) ? 1 : 0),
    local_irq_disable: () => void h.atomicDepth++,
    local_irq_enable: () => void (h.atomicDepth = Math.max(0, h.atomicDepth - 1)),
    preempt_disable: () => void h.atomicDepth++,
    preempt_enable: () => void (h.atomicDepth = Math.max(0, h.atomicDepth - 1)),
    mutex_init: (a) => mem.store32(u(a[0]), 0),
    mutex_lock: (a, rt) => {
      might_sleep(rt)
      mem.store32(u(a[0]), k.current.pid || 1)
    },
    mutex_lock_interruptible: (a, rt) => {
      might_sleep(rt)
      mem.store32(u(a[0]), k.current.pid || 1)
      return 0
    },
    mutex_trylock: (a) => {
      if (mem.load32(u(a[0]))) return 0
      mem.store32(u(a[0]), k.current.pid || 1)
      return 1
    },
    mutex_unlock: (a) => mem.store32(u(a[0]), 0),
    mutex_is_locked: (a) => (mem.load32(u(a[0])) ? 1 : 0),

    /* ---- io ---- */
    ioremap: (a, rt) => framed(rt, () => kmem.ioremap(u(a[0]), u(a[1]), { fn: '__arm_ioremap_caller', off: 0x54, size: 0x60 })) >>> 0,
    iounmap: (a) => kmem.iounmap(u(a[0]))
  }
  void __GFP_HIGHMEM
  void MAX_ORDER
  return n
}

/* our frame flags (mmzone.ts) -> enum pageflags bit numbers of 6.1 (32-bit ARM) */
const PG_RESERVED = 1 << 0
const PG_BUDDY = 1 << 1
const PAGE_FLAG_BITS: ReadonlyArray<readonly [number, number]> = [
  [1 << 10, 2], // PG_uptodate
  [1 << 8, 3], // PG_dirty
  [1 << 5, 4], // PG_lru
  [1 << 7, 5], // PG_active
  [1 << 6, 9], // PG_slab
  [PG_RESERVED, 12], // PG_reserved
  [1 << 3, 16], // PG_head
  [1 << 9, 19] // PG_swapbacked
]

/** panic() from module code. */
export class ModulePanic extends Error {
  constructor(
    readonly text: string,
    readonly chain: KFrame[]
  ) {
    super(`Kernel panic - not syncing: ${text}`)
  }
}

function lock(h: KapiHost, mem: KernelCMemory, a: number): void {
  mem.store32(a, 1)
  h.atomicDepth++
}
function unlock(h: KapiHost, mem: KernelCMemory, a: number): void {
  mem.store32(a, 0)
  h.atomicDepth = Math.max(0, h.atomicDepth - 1)
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13)

function strncmpImpl(mem: KernelCMemory, x: number, y: number, n: number, icase: boolean): number {
  for (let i = 0; i < n; i++) {
    let a = mem.load8(x + i)
    let b = mem.load8(y + i)
    if (icase) {
      if (a >= 65 && a <= 90) a += 32
      if (b >= 65 && b <= 90) b += 32
    }
    if (a !== b) return a < b ? -1 : 1
    if (!a) return 0
  }
  return 0
}

function kstrto(mem: KernelCMemory, s: number, base: number, res: number, signed: boolean, _bits: number): number {
  let t = (mem.cstring(s) ?? '').replace(/\n$/, '')
  let neg = false
  if (signed && t.startsWith('-')) {
    neg = true
    t = t.slice(1)
  } else if (t.startsWith('+')) t = t.slice(1)
  let b = base
  if (b === 0) b = /^0[xX]/.test(t) ? 16 : /^0/.test(t) && t.length > 1 ? 8 : 10
  if (b === 16) t = t.replace(/^0[xX]/, '')
  const re = b === 16 ? /^[0-9a-fA-F]+$/ : b === 8 ? /^[0-7]+$/ : /^[0-9]+$/
  if (!re.test(t)) return -22
  const v = parseInt(t, b)
  if (v > 0xffffffff || (signed && (neg ? v > 0x80000000 : v > 0x7fffffff))) return -34
  mem.store32(res, neg ? -v : v)
  return 0
}

function globalZoneState(mm: Mm, item: number): number {
  let s = 0
  for (const z of mm.pgdat.zones) s += z.vm_stat[item] ?? 0
  return Math.max(0, Math.floor(s))
}

