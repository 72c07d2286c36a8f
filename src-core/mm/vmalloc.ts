/*
 * mm/vmalloc.c: the kernel's virtually contiguous allocations.
 *
 * Address space: vmap areas over [VMALLOC_START, VMALLOC_END) (and the
 * module area for module_alloc). alloc_vmap_area() takes the lowest-address
 * free block that fits `size` at `align` — what 6.1's augmented free tree
 * (find_vmap_lowest_match) returns; here the free blocks are a sorted array,
 * which gives the same answer. Every area but VM_NO_GUARD ones carries one
 * guard page (size + PAGE_SIZE). ioremaps align to
 * 1 << clamp(get_count_order(size), PAGE_SHIFT, IOREMAP_MAX_ORDER) with
 * IOREMAP_MAX_ORDER = 19 (512 KiB) on this SMP build.
 *
 * Freeing is lazy, as in 6.1: a freed area leaves the busy list at once but
 * its addresses stay unusable ("unpurged vm_area" in /proc/vmallocinfo) until
 * purge_vmap_area_lazy() runs — when more than lazy_max_pages() (32 MiB per
 * fls(online CPUs)) wait, or when an allocation found no room (retry once
 * after purging, then "vmap allocation for size %lu failed").
 *
 * __vmalloc_node_range(): the "exceeds total pages" check, the vm_struct
 * (kzalloc'ed, kmalloc-64), the page array (kmalloc'ed, or vmalloc'ed with
 * the same caller when larger than a page: the "vpages" areas), then the
 * pages one by one with gfp | __GFP_NOWARN | __GFP_HIGHMEM (HighMem first),
 * mapped through the kernel page tables (arch/arm/mmu.ts). Running out of
 * pages is silent in 6.1.192 (__GFP_NOWARN is already set when warn_alloc
 * is called); the frames of the backtraces are those of the reference.
 *
 * Counters: mm.nr_vmalloc_pages (VmallocUsed); kernel stacks add to
 * NR_KERNEL_STACK_KB (account_kernel_stack); kernel PTE pages are not
 * accounted (as in 6.1).
 *
 * Left out: huge vmap (not on ARM32), vmap blocks / vm_map_ram, KASAN,
 * per-cpu purge workers (purging is synchronous), vread/vwrite.
 */

import type { KFrame, KernelContext } from '../kernel/context'
import { KERN_ERR, KERN_WARNING } from '../kernel/printk'
import { KernelMmu } from '../arch/arm/mmu'
import { MODULES_END, MODULES_VADDR, PAGE_KERNEL, PAGE_KERNEL_EXEC, PROT_PTE_DEVICE } from '../arch/arm/pgtable'
import { __GFP_DMA, __GFP_DMA32, __GFP_HIGHMEM, __GFP_NOFAIL, __GFP_NOWARN, __GFP_ZERO, GFP_KERNEL } from './gfp'
import type { Mm } from './mm_init'
import { PAGE_SIZE, PageOwner } from './mmzone'
import { RatelimitState } from './page_alloc'
import { type SlabCommon, warn_fmt } from './slab_common'
import { NR_KERNEL_STACK_KB } from './vmstat'

export const VM_IOREMAP = 0x001
export const VM_ALLOC = 0x002
export const VM_MAP = 0x004
export const VM_USERMAP = 0x008
export const VM_DMA_COHERENT = 0x010
export const VM_UNINITIALIZED = 0x020
export const VM_NO_GUARD = 0x040
export const IOREMAP_MAX_ORDER = 7 + 12
/* GFP_RECLAIM_MASK (mm/internal.h) */
const GFP_RECLAIM_MASK = 0x400 | 0x800 | 0x40 | 0x80 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x80000 | 0x100000
export const THREAD_SIZE = 8192
export const THREAD_ALIGN = 2 * THREAD_SIZE

/** struct vm_struct */
export interface VmStruct {
  addr: number
  /** including the guard page */
  size: number
  flags: number
  /** backing frames (pfns) of a VM_ALLOC area, one per page */
  pages: Int32Array | null
  nr_pages: number
  phys_addr: number
  caller: KFrame
  /** the pages array itself was vmalloc'ed ("vpages"), at this address */
  pagesVa: number
  /** kmalloc'ed vm_struct and page array addresses (kfree'd with the area) */
  structVa: number
  pagesKmalloc: number
  /** a vmalloc'ed kernel stack (accounted in KernelStack) */
  stack: boolean
}

/** struct vmap_area */
export interface VmapArea {
  va_start: number
  va_end: number
  vm: VmStruct | null
}

const ALIGN = (x: number, a: number): number => Math.ceil(x / a) * a
const get_count_order = (n: number): number => (n <= 1 ? 0 : 32 - Math.clz32(n - 1))
const fls = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x))

export class Vmalloc {
  /** vmap_area_list: busy areas sorted by address. */
  readonly busy: VmapArea[] = []
  /** free_vmap_area_list: free blocks [start, end) sorted by address, merged. */
  private readonly freeStart: number[] = []
  private readonly freeEnd: number[] = []
  /** purge_vmap_area_list: lazily freed areas. */
  readonly purge: VmapArea[] = []
  vmap_lazy_nr = 0
  readonly VMALLOC_START: number
  readonly VMALLOC_END: number
  /** printk_ratelimit(): 5 s, burst 10. */
  readonly printk_rs = new RatelimitState(5 * 100, 10, 'alloc_vmap_area')
  num_online_cpus = 1

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm,
    readonly mmu: KernelMmu,
    readonly slab: SlabCommon | null
  ) {
    this.VMALLOC_START = mm.layout.VMALLOC_START
    this.VMALLOC_END = mm.layout.VMALLOC_END
    this.num_online_cpus = k.config.cpus
    // vmap_init_free_space(): the module area and the vmalloc area are free;
    // everything below MODULES_VADDR and in lowmem is not vmalloc space.
    this.freeStart.push(MODULES_VADDR, this.VMALLOC_START)
    this.freeEnd.push(MODULES_END, this.VMALLOC_END)
  }

  /* ---- the address-space allocator ---- */

  /**
   * vmap_area_cachep objects: every busy or lazily freed area and every free
   * block is a struct vmap_area (32 bytes) in the "vmap_area" slab cache.
   * Their addresses, kept as a stack, follow the count (the tree links are
   * not stored in them).
   */
  private readonly vaObjs: number[] = []
  private syncVaObjects(): void {
    const s = this.slab?.sysfs.get('vmap_area')
    if (!s) return
    const want = this.busy.length + this.purge.length + this.freeStart.length
    while (this.vaObjs.length < want) {
      const o = this.slab!.kmem_cache_alloc(s, GFP_KERNEL)
      if (!o) break
      this.vaObjs.push(o)
    }
    while (this.vaObjs.length > want) this.slab!.kmem_cache_free(s, this.vaObjs.pop()!)
  }

  /** find_vmap_lowest_match(): index of the free block and the aligned start, or -1. */
  private find_lowest(size: number, align: number, vstart: number, vend: number): number {
    const fs = this.freeStart
    const fe = this.freeEnd
    for (let i = 0; i < fs.length; i++) {
      if (fe[i]! <= vstart) continue
      const start = ALIGN(Math.max(fs[i]!, vstart), align)
      if (start + size <= fe[i]! && start + size <= vend) {
        this.found = start
        return i
      }
      if (fs[i]! >= vend) break
    }
    return -1
  }
  private found = 0

  /** adjust_va_to_fit_type(): cut [start, start+size) out of free block i. */
  private clip(i: number, start: number, size: number): void {
    const s = this.freeStart[i]!
    const e = this.freeEnd[i]!
    const end = start + size
    if (s === start && e === end) {
      this.freeStart.splice(i, 1)
      this.freeEnd.splice(i, 1)
    } else if (s === start) this.freeStart[i] = end
    else if (e === end) this.freeEnd[i] = start
    else {
      this.freeEnd[i] = start
      this.freeStart.splice(i + 1, 0, end)
      this.freeEnd.splice(i + 1, 0, e)
    }
  }

  /** merge_or_add_vmap_area(): give [start, end) back to the free blocks. */
  private free_range(start: number, end: number): void {
    const fs = this.freeStart
    const fe = this.freeEnd
    let i = 0
    while (i < fs.length && fs[i]! < start) i++
    const mergePrev = i > 0 && fe[i - 1] === start
    const mergeNext = i < fs.length && fs[i] === end
    if (mergePrev && mergeNext) {
      fe[i - 1] = fe[i]!
      fs.splice(i, 1)
      fe.splice(i, 1)
    } else if (mergePrev) fe[i - 1] = end
    else if (mergeNext) fs[i] = start
    else {
      fs.splice(i, 0, start)
      fe.splice(i, 0, end)
    }
  }

  private insert_busy(va: VmapArea): void {
    const b = this.busy
    let lo = 0
    let hi = b.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (b[mid]!.va_start < va.va_start) lo = mid + 1
      else hi = mid
    }
    b.splice(lo, 0, va)
  }

  /** lazy_max_pages() */
  lazy_max_pages(): number {
    return fls(this.num_online_cpus) * ((32 * 1024 * 1024) / PAGE_SIZE)
  }

  /** __purge_vmap_area_lazy(): the lazily freed areas become free space. */
  purge_vmap_area_lazy(): void {
    for (const va of this.purge) this.free_range(va.va_start, va.va_end)
    this.purge.length = 0
    this.vmap_lazy_nr = 0
    this.syncVaObjects()
  }

  /** alloc_vmap_area(): a busy area, or null after the failure message. */
  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, gfp: number): VmapArea | null {
    let purged = false
    for (;;) {
      const i = this.find_lowest(size, align, vstart, vend)
      if (i >= 0) {
        const start = this.found
        this.clip(i, start, size)
        const va: VmapArea = { va_start: start, va_end: start + size, vm: null }
        this.insert_busy(va)
        this.syncVaObjects()
        return va
      }
      if (!purged) {
        this.purge_vmap_area_lazy()
        purged = true
        continue
      }
      if (!(gfp & __GFP_NOWARN) && this.printk_rs.ratelimit(this.k))
        this.k.printk(`${KERN_WARNING}vmap allocation for size ${size} failed: use vmalloc=<size> to increase size\n`)
      return null
    }
  }

  /** free_vmap_area_noflush(): off the busy list, onto the purge list. */
  private free_vmap_area_noflush(va: VmapArea): void {
    const i = this.busy.indexOf(va)
    if (i >= 0) this.busy.splice(i, 1)
    this.purge.push(va)
    this.vmap_lazy_nr += (va.va_end - va.va_start) / PAGE_SIZE
    if (this.vmap_lazy_nr > this.lazy_max_pages()) this.purge_vmap_area_lazy()
    else this.syncVaObjects()
  }

  find_vmap_area(addr: number): VmapArea | null {
    const b = this.busy
    let lo = 0
    let hi = b.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const v = b[mid]!
      if (addr < v.va_start) hi = mid - 1
      else if (addr >= v.va_end) lo = mid + 1
      else return v
    }
    return null
  }

  /* ---- vm_struct level ---- */

  /**
   * __get_vm_area_node(): a vm_struct over a new vmap area; the struct is
   * kzalloc'ed (kmalloc-64) as in the kernel.
   */
  __get_vm_area_node(size: number, align: number, flags: number, start: number, end: number, gfp: number, caller: KFrame): VmStruct | null {
    size = ALIGN(size, PAGE_SIZE)
    if (!size) return null
    if (flags & VM_IOREMAP) align = 2 ** Math.min(Math.max(get_count_order(size), 12), IOREMAP_MAX_ORDER)
    const structVa = this.slab ? this.slab.kmalloc(36, (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO) : 0
    if (this.slab && !structVa) return null
    if (!(flags & VM_NO_GUARD)) size += PAGE_SIZE
    const va = this.alloc_vmap_area(size, Math.max(align, PAGE_SIZE), start, end, gfp)
    if (!va) {
      if (structVa) this.slab!.kfree(structVa)
      return null
    }
    const vm: VmStruct = {
      addr: va.va_start, size, flags, pages: null, nr_pages: 0, phys_addr: 0, caller, pagesVa: 0, structVa, pagesKmalloc: 0, stack: false
    }
    va.vm = vm
    return vm
  }

  /** get_vm_area_caller() */
  get_vm_area_caller(size: number, flags: number, caller: KFrame): VmStruct | null {
    return this.__get_vm_area_node(size, 1, flags, this.VMALLOC_START, this.VMALLOC_END, GFP_KERNEL, caller)
  }

  /** vmap_pages_range() / ioremap_page_range(): n pages of `pfns` (or a physical range) at addr. */
  private map_pages(addr: number, pfns: Int32Array | null, physPfn: number, n: number, prot: number): boolean {
    return this.mmu.map_kernel_range(addr, pfns, physPfn, n, prot)
  }
  /** vunmap_range() */
  private unmap_pages(addr: number, n: number): void {
    this.mmu.unmap_kernel_range(addr, n)
  }

  /** __vmalloc_area_node(): page array, pages, mapping. */
  private __vmalloc_area_node(area: VmStruct, gfp: number, prot: number, owner: number): number {
    const nested_gfp = (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO
    const nr_small_pages = (area.size - PAGE_SIZE) / PAGE_SIZE
    const array_size = nr_small_pages * 4
    gfp |= __GFP_NOWARN
    if (!(gfp & (__GFP_DMA | __GFP_DMA32))) gfp |= __GFP_HIGHMEM
    if (array_size > PAGE_SIZE) {
      area.pagesVa = this.__vmalloc_node_range(array_size, 1, this.VMALLOC_START, this.VMALLOC_END, nested_gfp, PAGE_KERNEL, 0, area.caller)
      if (!area.pagesVa) return this.fail_area(area, gfp, `vmalloc error: size ${nr_small_pages * PAGE_SIZE}, failed to allocated page array size ${array_size}`)
    } else if (this.slab) {
      area.pagesKmalloc = this.slab.kmalloc(array_size, nested_gfp)
      if (!area.pagesKmalloc) return this.fail_area(area, gfp, `vmalloc error: size ${nr_small_pages * PAGE_SIZE}, failed to allocated page array size ${array_size}`)
    }
    const pages = new Int32Array(nr_small_pages)
    area.pages = pages
    // vm_area_alloc_pages(): one page at a time (order 0), up to the first failure
    const n = this.k.withFrame({ fn: '__vmalloc_node_range', off: 0x3f8, size: 0x608 }, () =>
      this.mm.pa.alloc_pages_array(gfp, nr_small_pages, pages, 0, owner)
    )
    area.nr_pages = n
    this.mm.nr_vmalloc_pages += n
    if (n !== nr_small_pages) {
      // warn_alloc(gfp_mask, …"failed to allocate pages"): gfp has __GFP_NOWARN, so nothing prints
      this.mm.pa.warn_alloc(gfp, `vmalloc error: size ${n * PAGE_SIZE}, page order 0, failed to allocate pages`)
      this.__vfree_area(area)
      return 0
    }
    if (!this.map_pages(area.addr, pages, 0, n, prot)) {
      this.__vfree_area(area)
      return 0
    }
    return area.addr
  }

  private fail_area(area: VmStruct, gfp: number, msg: string): number {
    this.mm.pa.warn_alloc(gfp, msg)
    this.__vfree_area(area)
    return 0
  }

  /**
   * __vmalloc_node_range(): the address or 0. `caller` is what
   * /proc/vmallocinfo prints (%pS of the caller's return address).
   */
  __vmalloc_node_range(size: number, align: number, start: number, end: number, gfp: number, prot: number, vm_flags: number, caller: KFrame, owner: number = PageOwner.VMALLOC): number {
    const real_size = size
    if (!size) return 0
    if (size / PAGE_SIZE > this.mm.pa.totalram_pages) {
      this.k.withFrame({ fn: '__vmalloc_node_range', off: 0x4c4, size: 0x608 }, () =>
        this.mm.pa.warn_alloc(gfp, `vmalloc error: size ${real_size}, exceeds total pages`)
      )
      return 0
    }
    const area = this.__get_vm_area_node(real_size, align, VM_ALLOC | VM_UNINITIALIZED | vm_flags, start, end, gfp, caller)
    if (!area) {
      this.k.withFrame({ fn: '__vmalloc_node_range', off: 0xc8, size: 0x608 }, () =>
        this.mm.pa.warn_alloc(gfp, `vmalloc error: size ${real_size}, vm_struct allocation failed${gfp & __GFP_NOFAIL ? '. Retrying.' : ''}`)
      )
      return 0
    }
    const addr = this.__vmalloc_area_node(area, gfp, prot, owner)
    if (addr) area.flags &= ~VM_UNINITIALIZED
    return addr
  }

  /** vmalloc(size): GFP_KERNEL, the caller's frame is what vmallocinfo shows. */
  vmalloc(size: number, caller: KFrame = this.callerFrame()): number {
    return this.k.withFrame({ fn: 'vmalloc', off: 0x5c, size: 0x64 }, () =>
      this.__vmalloc_node_range(size, 1, this.VMALLOC_START, this.VMALLOC_END, GFP_KERNEL, PAGE_KERNEL, 0, caller)
    )
  }
  /** vzalloc(size) */
  vzalloc(size: number, caller: KFrame = this.callerFrame()): number {
    return this.k.withFrame({ fn: 'vzalloc', off: 0x5c, size: 0x64 }, () =>
      this.__vmalloc_node_range(size, 1, this.VMALLOC_START, this.VMALLOC_END, GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, 0, caller)
    )
  }
  /** __vmalloc(size, gfp) */
  __vmalloc(size: number, gfp: number, caller: KFrame = this.callerFrame()): number {
    return this.k.withFrame({ fn: '__vmalloc', off: 0x58, size: 0x60 }, () =>
      this.__vmalloc_node_range(size, 1, this.VMALLOC_START, this.VMALLOC_END, gfp, PAGE_KERNEL, 0, caller)
    )
  }
  /** module_alloc(): the module area, executable. */
  module_alloc(size: number, caller: KFrame): number {
    return this.__vmalloc_node_range(size, 1, MODULES_VADDR, MODULES_END, GFP_KERNEL, PAGE_KERNEL_EXEC, 0, caller, PageOwner.MODULE)
  }

  /** alloc_thread_stack_node(): a THREAD_SIZE vmalloc'ed stack, THREAD_ALIGN aligned, accounted in KernelStack. */
  alloc_thread_stack(caller: KFrame): number {
    const addr = this.__vmalloc_node_range(THREAD_SIZE, THREAD_ALIGN, this.VMALLOC_START, this.VMALLOC_END, GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, 0, caller, PageOwner.KERNEL_STACK)
    if (addr) {
      this.find_vmap_area(addr)!.vm!.stack = true
      this.mm.mod_node_page_state(NR_KERNEL_STACK_KB, THREAD_SIZE / 1024)
    }
    return addr
  }

  /** vmap(): map existing pages (no guard-less variant here). */
  vmap(pfns: Int32Array, flags: number, prot: number, caller: KFrame): number {
    const area = this.get_vm_area_caller(pfns.length * PAGE_SIZE, flags, caller)
    if (!area) return 0
    if (!this.map_pages(area.addr, pfns, 0, pfns.length, prot)) {
      this.remove_area(area)
      return 0
    }
    return area.addr
  }

  /** ioremap_page_range() over a new VM_IOREMAP area (arch/arm/mm/ioremap.c __arm_ioremap_pfn_caller). */
  ioremap_area(phys: number, size: number, caller: KFrame): number {
    const offset = phys & (PAGE_SIZE - 1)
    const paddr = phys - offset
    size = ALIGN(offset + size, PAGE_SIZE)
    const area = this.get_vm_area_caller(size, VM_IOREMAP, caller)
    if (!area) return 0
    area.phys_addr = paddr
    if (!this.map_pages(area.addr, null, paddr / PAGE_SIZE, size / PAGE_SIZE, PROT_PTE_DEVICE)) {
      this.remove_area(area)
      return 0
    }
    return area.addr + offset
  }

  /** remove_vm_area() + free_vmap_area: unmap, lazy free of the address range. */
  private remove_area(area: VmStruct): void {
    const va = this.find_vmap_area(area.addr)
    this.unmap_pages(area.addr, (area.size - (area.flags & VM_NO_GUARD ? 0 : PAGE_SIZE)) / PAGE_SIZE)
    if (area.structVa && this.slab) this.slab.kfree(area.structVa)
    if (va) this.free_vmap_area_noflush(va)
  }

  /** __vunmap() for a VM_ALLOC area: pages back to the buddy allocator, the array freed. */
  private __vfree_area(area: VmStruct): void {
    this.remove_area(area)
    if (area.pages) this.mm.pa.free_pages_array(area.pages, 0, area.nr_pages)
    this.mm.nr_vmalloc_pages -= area.nr_pages
    if (area.stack) this.mm.mod_node_page_state(NR_KERNEL_STACK_KB, -(THREAD_SIZE / 1024))
    if (area.pagesVa) this.vfree(area.pagesVa)
    if (area.pagesKmalloc && this.slab) this.slab.kfree(area.pagesKmalloc)
    area.nr_pages = 0
  }

  /** vfree(addr): NULL is ignored; a bad or unknown address gets __vunmap()'s WARN. */
  vfree(addr: number): void {
    if (!addr) return
    const site = (line: number) => ({ file: 'mm/vmalloc.c', line, frame: { fn: '__vunmap', off: line === 2695 ? 0x2a8 : 0x2e0, size: 0x308 } })
    if (addr & (PAGE_SIZE - 1)) {
      warn_fmt(this.k, site(2695), `Trying to vfree() bad address ((ptrval))\n`)
      return
    }
    const va = this.find_vmap_area(addr)
    if (!va || va.va_start !== addr || !va.vm) {
      warn_fmt(this.k, site(2701), `${KERN_ERR}Trying to vfree() nonexistent vm area ((ptrval))\n`)
      return
    }
    this.__vfree_area(va.vm)
  }
  /** iounmap() / vunmap(): the mapping goes, the pages (if any) stay with their owner. */
  vunmap(addr: number): void {
    const va = this.find_vmap_area((addr & ~(PAGE_SIZE - 1)) >>> 0)
    if (!va || !va.vm) return
    this.remove_area(va.vm)
  }

  /** vmalloc_to_page(): the frame mapped at addr (via the page tables), or -1. */
  vmalloc_to_page(addr: number): number {
    const pte = this.mmu.linux_pte(addr)
    if (!(pte & 1)) return -1
    return Math.floor((pte >>> 0) / PAGE_SIZE)
  }
  vmalloc_to_pfn(addr: number): number {
    return this.vmalloc_to_page(addr)
  }
  is_vmalloc_addr(addr: number): boolean {
    return addr >= this.VMALLOC_START && addr < this.VMALLOC_END
  }

  /** The innermost frame of the simulated call chain: the function that called vmalloc. */
  private callerFrame(): KFrame {
    return this.k.frames[this.k.frames.length - 1] ?? { fn: 'kernel_init', off: 0, size: 0 }
  }

  /** Every frame mapped by vmalloc/vmap areas: [va, pfn] pairs (tests, the UI's address map). */
  *mappedPages(): Generator<[number, number]> {
    for (const va of this.busy) {
      const vm = va.vm
      if (!vm) continue
      const n = (vm.size - (vm.flags & VM_NO_GUARD ? 0 : PAGE_SIZE)) / PAGE_SIZE
      for (let i = 0; i < n; i++) {
        if (vm.pages) {
          if (i < vm.nr_pages) yield [vm.addr + i * PAGE_SIZE, vm.pages[i]!]
        } else if (vm.phys_addr) yield [vm.addr + i * PAGE_SIZE, vm.phys_addr / PAGE_SIZE + i]
      }
    }
  }

  /** vm_area_add_early(): a static mapping made by the arch code (not vmalloc space), listed in /proc/vmallocinfo. */
  add_static_vm(addr: number, size: number, phys: number, caller: KFrame): void {
    const vm: VmStruct = { addr, size, flags: VM_IOREMAP, pages: null, nr_pages: 0, phys_addr: phys, caller, pagesVa: 0, structVa: 0, pagesKmalloc: 0, stack: false }
    this.insert_busy({ va_start: addr, va_end: addr + size, vm })
  }

  /**
   * pcpu_get_vm_areas() for one group: the highest free block that fits,
   * top-down (pvm_find_va_enclose_addr / pvm_determine_end_from_reverse),
   * no guard page. The chunk's pages are populated by the percpu allocator.
   */
  pcpu_get_vm_area(size: number, caller: KFrame): number {
    for (let i = this.freeStart.length - 1; i >= 0; i--) {
      const end = Math.min(this.freeEnd[i]!, this.VMALLOC_END)
      const start = end - size
      if (start < this.freeStart[i]! || start < this.VMALLOC_START) continue
      this.clip(i, start, size)
      const vm: VmStruct = { addr: start, size, flags: VM_ALLOC, pages: null, nr_pages: 0, phys_addr: 0, caller, pagesVa: 0, structVa: 0, pagesKmalloc: 0, stack: false }
      this.insert_busy({ va_start: start, va_end: start + size, vm })
      return start
    }
    return 0
  }

  /** Free blocks, for tests: [start, end) pairs. */
  freeBlocks(): Array<[number, number]> {
    return this.freeStart.map((s, i) => [s, this.freeEnd[i]!])
  }
}
