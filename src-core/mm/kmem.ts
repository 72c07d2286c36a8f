/*
 * The kernel allocators above the buddy allocator, as one object for the
 * integrator and for code that calls the kernel API (modules in C):
 *   - mmu       arch/arm/mmu.ts: kernel page tables, translate, loads/stores
 *   - slab      slab_common.ts + slub.ts: kmalloc & kmem_cache_*
 *   - vm        vmalloc.ts (+ ioremap.ts): vmalloc/vfree/ioremap
 *   - highmem   highmem.ts: kmap/kmap_atomic/kmap_local_page
 * Methods carry the kernel's names; pages are pfns, pointers are kernel
 * virtual addresses, NULL is 0.
 *
 * Where it goes in boot (start_kernel order):
 *   1. `new Kmem(k, mm)` right after mm_init() (kmem_cache_init() runs at the
 *      end of mm_init, after the "SLUB: HWalign=64…" line; paging_init's
 *      section map and vmalloc_init come with it);
 *   2. `kmem.boot_late()` once the initcalls and device probes are done
 *      (before the first user process): the boot's other slab caches, the
 *      ioremaps/vmallocs/kernel stacks that fill the vmalloc area, and the
 *      objects boot code keeps in the caches.
 * Not a kernel file: mm_init() calls these pieces in the kernel.
 */

import type { KFrame, KernelContext } from '../kernel/context'
import { KernelMmu } from '../arch/arm/mmu'
import { slabinfo_show } from '../fs/proc/slabinfo'
import { vmallocinfo_show } from '../fs/proc/vmallocinfo'
import { Highmem } from './highmem'
import { boot_vmalloc_users } from './ioremap'
import type { Mm } from './mm_init'
import { SlabCommon, type KmemCacheCreateOpts } from './slab_common'
import type { KmemCache } from './slub'
import { Vmalloc } from './vmalloc'
import { PAGE_KERNEL } from '../arch/arm/pgtable'
import { __GFP_DIRECT_RECLAIM, __GFP_NOFAIL, __GFP_NORETRY, __GFP_NOWARN, __GFP_RETRY_MAYFAIL, __GFP_ZERO } from './gfp'
import { PAGE_SIZE } from './mmzone'

export class Kmem {
  readonly mmu: KernelMmu
  readonly slab: SlabCommon
  readonly vm: Vmalloc
  readonly highmem: Highmem
  bootDone = false

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm
  ) {
    this.mmu = new KernelMmu(k, mm)
    this.mmu.paging_init()
    this.slab = new SlabCommon(k, mm)
    this.slab.kmem_cache_init()
    this.vm = new Vmalloc(k, mm, this.mmu, this.slab)
    this.highmem = new Highmem(k, mm, this.mmu)
  }

  /** The rest of boot's slab caches, vmalloc-area users and held objects (see the file comment). */
  boot_late(): boolean {
    if (this.bootDone) return true
    this.bootDone = true
    this.slab.create_boot_caches()
    const ok = boot_vmalloc_users(this.vm, this.mm)
    this.slab.boot_objects()
    return ok
  }

  /** /proc files to register (Kernel.registerAll): path → generator. /proc/slabinfo is mode 0400 in 6.1. */
  procFiles(): Record<string, { read(): string }> {
    return {
      '/proc/slabinfo': { read: () => slabinfo_show(this.slab) },
      '/proc/vmallocinfo': { read: () => vmallocinfo_show(this.k, this.vm) }
    }
  }

  /* ---- kmalloc family ---- */
  kmalloc(size: number, gfp: number): number {
    return this.slab.kmalloc(size, gfp)
  }
  kzalloc(size: number, gfp: number): number {
    return this.slab.kzalloc(size, gfp)
  }
  kcalloc(n: number, size: number, gfp: number): number {
    return this.slab.kcalloc(n, size, gfp)
  }
  kmalloc_array(n: number, size: number, gfp: number): number {
    return this.slab.kmalloc_array(n, size, gfp)
  }
  krealloc(p: number, size: number, gfp: number): number {
    return this.slab.krealloc(p, size, gfp)
  }
  ksize(p: number): number {
    return this.slab.ksize(p)
  }
  kfree(p: number): void {
    this.slab.kfree(p)
  }

  /**
   * kvmalloc() (mm/util.c kvmalloc_node): kmalloc first — quietly and
   * without retrying above a page — then vmalloc for blocking requests.
   */
  kvmalloc(size: number, gfp: number, caller?: KFrame): number {
    let kflags = gfp
    if (size > PAGE_SIZE) {
      kflags |= __GFP_NOWARN
      if (!(kflags & __GFP_RETRY_MAYFAIL)) kflags |= __GFP_NORETRY
      kflags &= ~__GFP_NOFAIL
    }
    const ret = this.slab.kmalloc(size, kflags)
    if (ret || size <= PAGE_SIZE) return ret
    if (!(gfp & __GFP_DIRECT_RECLAIM)) return 0
    if (size > 0x7fffffff) return 0
    return this.vm.__vmalloc_node_range(size, 1, this.vm.VMALLOC_START, this.vm.VMALLOC_END, gfp, PAGE_KERNEL, 0, caller ?? { fn: 'kvmalloc_node', off: 0x48, size: 0xb0 })
  }
  kvzalloc(size: number, gfp: number, caller?: KFrame): number {
    return this.kvmalloc(size, gfp | __GFP_ZERO, caller)
  }
  /** kvfree(): vfree for vmalloc addresses, kfree otherwise. */
  kvfree(addr: number): void {
    if (this.vm.is_vmalloc_addr(addr)) this.vm.vfree(addr)
    else this.slab.kfree(addr)
  }

  /* ---- kmem_cache ---- */
  kmem_cache_create(name: string, size: number, align: number, flags: number, ctor: ((obj: number) => void) | null = null): KmemCache | null {
    const opts: KmemCacheCreateOpts = { ctor }
    return this.slab.kmem_cache_create(name, size, align, flags, opts)
  }
  kmem_cache_alloc(s: KmemCache, gfp: number): number {
    return this.slab.kmem_cache_alloc(s, gfp)
  }
  kmem_cache_zalloc(s: KmemCache, gfp: number): number {
    return this.slab.kmem_cache_zalloc(s, gfp)
  }
  kmem_cache_free(s: KmemCache, obj: number): void {
    this.slab.kmem_cache_free(s, obj)
  }
  kmem_cache_destroy(s: KmemCache | null): void {
    this.slab.kmem_cache_destroy(s)
  }
  kmem_cache_size(s: KmemCache): number {
    return this.slab.kmem_cache_size(s)
  }
  /** kmem_cache_shrink(): flush the per-cpu slabs and free the empty ones. */
  kmem_cache_shrink(s: KmemCache): number {
    return this.slab.slub.__kmem_cache_shrink(s)
  }

  /* ---- vmalloc ---- */
  vmalloc(size: number, caller?: KFrame): number {
    return this.vm.vmalloc(size, caller)
  }
  vzalloc(size: number, caller?: KFrame): number {
    return this.vm.vzalloc(size, caller)
  }
  __vmalloc(size: number, gfp: number, caller?: KFrame): number {
    return this.vm.__vmalloc(size, gfp, caller)
  }
  vfree(addr: number): void {
    this.vm.vfree(addr)
  }
  vmalloc_to_page(addr: number): number {
    return this.vm.vmalloc_to_page(addr)
  }
  vmalloc_to_pfn(addr: number): number {
    return this.vm.vmalloc_to_pfn(addr)
  }
  is_vmalloc_addr(addr: number): boolean {
    return this.vm.is_vmalloc_addr(addr)
  }
  ioremap(phys: number, size: number, caller: KFrame): number {
    return this.vm.ioremap_area(phys, size, caller)
  }
  iounmap(addr: number): void {
    this.vm.vunmap(addr)
  }

  /* ---- highmem ---- */
  kmap(pfn: number): number {
    return this.highmem.kmap(pfn)
  }
  kunmap(pfn: number): void {
    this.highmem.kunmap(pfn)
  }
  kmap_atomic(pfn: number): number {
    return this.highmem.kmap_atomic(pfn)
  }
  kunmap_atomic(addr: number): void {
    this.highmem.kunmap_atomic(addr)
  }
  kmap_local_page(pfn: number): number {
    return this.highmem.kmap_local_page(pfn)
  }
  kunmap_local(addr: number): void {
    this.highmem.kunmap_local(addr)
  }
  page_address(pfn: number): number {
    return this.highmem.page_address(pfn)
  }
  PageHighMem(pfn: number): boolean {
    return this.mm.PageHighMem(pfn)
  }

  /* ---- addresses ---- */
  virt_to_page(va: number): number {
    return this.mmu.virt_to_page(va)
  }
  __pa(va: number): number {
    return this.mmu.__pa(va)
  }
  __va(pa: number): number {
    return this.mmu.__va(pa)
  }
  page_to_phys(pfn: number): number {
    return this.mmu.page_to_phys(pfn)
  }
  virt_addr_valid(va: number): boolean {
    return this.mmu.virt_addr_valid(va)
  }
}
