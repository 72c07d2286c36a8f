/*
 * What the kernel and init allocate between mm_init and the shell prompt,
 * as real page allocations through the buddy allocator, until the real
 * subsystems (slab, vmalloc, fork, tmpfs, page tables) exist and replace
 * these pieces one by one.
 *
 * The amounts come from the reference's post-boot state (boot-1024.log,
 * "=== meminfo (before) ===", "zoneinfo (before)", "slabinfo (before)",
 * "vmallocinfo (before)"): they barely depend on the RAM size (the 256, 512
 * and 800 MB runs differ by a few pages), so one set serves every
 * configuration. Each entry names the kernel code whose memory it stands for.
 * Order mixes of slab pages follow SLUB's orders for the caches slabinfo
 * lists (order 0 for kmalloc-64..256, 1 for 512, 2 for 1k, 3 for 2k..8k and
 * the big object caches).
 *
 * Left out: the timing of each allocation (all happen at the end of boot),
 * kmalloc's object-level accounting (slab.ts will own that).
 */

import {
  __GFP_HIGHMEM, __GFP_RECLAIMABLE, __GFP_ZERO, GFP_HIGHUSER_MOVABLE, GFP_KERNEL, GFP_KERNEL_ACCOUNT
} from './gfp'
import { PG_lru, PG_slab, PG_swapbacked, PageOwner, PAGE_SIZE } from './mmzone'
import { dma_atomic_pool_init, init_emergency_pool, type Mm } from './mm_init'
import {
  NR_ACTIVE_ANON, NR_ANON_MAPPED, NR_FILE_MAPPED, NR_FILE_PAGES, NR_INACTIVE_ANON, NR_KERNEL_STACK_KB, NR_PAGETABLE,
  NR_SHMEM, NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, NR_ZONE_ACTIVE_ANON, NR_ZONE_INACTIVE_ANON
} from './vmstat'

/** Amounts in pages (per the reference's 1024 MB boot, see the file comment). */
export const BOOT_WORKLOAD = {
  /** SReclaimable 3168 kB: dentry, inode and shmem_inode caches; [order, count] */
  slabReclaimable: [[0, 396], [1, 64], [2, 33], [3, 17]] as Array<[number, number]>,
  /** SUnreclaim 2972 kB: kmalloc-*, task_struct, mm/vma caches, ... */
  slabUnreclaimable: [[0, 243], [1, 50], [2, 40], [3, 30]] as Array<[number, number]>,
  /** KernelStack 416 kB: 52 THREAD_SIZE (8 KiB) vmalloc'ed stacks */
  kernelStacks: 52,
  /** VmallocUsed 2564 kB minus the stacks: zstd_comp_init 317 pages, bpf/gen_pool and other small vmallocs */
  vmallocPages: 537,
  /** Percpu 288 kB minus the embedded first chunk: a second chunk populated 3 pages x 4 units */
  percpuChunkPages: 12,
  /** PageTables 24 kB: init's and the shell's page tables */
  pageTables: 6,
  /** AnonPages 88 kB */
  anonPages: 22,
  /** Shmem 2196 kB: the unpacked initramfs in rootfs (tmpfs), of which Mapped 1020 kB */
  shmemPages: 549,
  shmemMapped: 255,
  /** Other alloc_pages() users (page_frag caches, pipe buffers, driver buffers, late hash tables' share) */
  kernelPages: 208,
  /**
   * The same once Kmem (slab, vmalloc, the kernel page tables) runs for real:
   * 98 of the 208 pages stood for what it now allocates itself, chiefly the
   * 87 PTE pages mapping the boot's ioremaps in the vmalloc area.
   */
  kernelPagesBesideKmem: 110,
  /** Committed_AS 2812 kB */
  committedPages: 703
} as const

/**
 * Which pieces to model. A subsystem that really exists turns its piece off
 * (e.g. the slab allocator passes { slab: false } once it allocates the boot
 * caches itself).
 */
export interface BootWorkloadParts {
  slab?: boolean
  kernelStacks?: boolean
  vmalloc?: boolean
  percpu?: boolean
  pageTables?: boolean
  /** false, or how many pages (default BOOT_WORKLOAD.kernelPages) */
  kernelPages?: boolean | number
  user?: boolean
}

/**
 * Run the boot workload once. Call after free_initmem(); idempotent.
 * Returns false if an allocation failed (RAM too small).
 */
export function boot_workload(mm: Mm, parts: BootWorkloadParts = {}): boolean {
  const on = (p: keyof BootWorkloadParts): boolean => parts[p] !== false
  if (mm.bootWorkloadDone) return true
  mm.bootWorkloadDone = true
  const W = BOOT_WORKLOAD
  const pg = mm.pgdat
  let ok = true
  const alloc = (gfp: number, order: number, owner: number): number => {
    const pfn = mm.alloc_pages(gfp, order, owner)
    if (pfn < 0) ok = false
    return pfn
  }
  dma_atomic_pool_init(mm.k, mm, false)

  if (on('slab')) {
    for (const [order, n] of W.slabReclaimable)
      for (let i = 0; i < n; i++) {
        const pfn = alloc(GFP_KERNEL | __GFP_RECLAIMABLE, order, PageOwner.SLAB)
        if (pfn < 0) continue
        pg.flags[pfn - pg.node_start_pfn]! |= PG_slab
        mm.mod_node_page_state(NR_SLAB_RECLAIMABLE_B, PAGE_SIZE << order)
      }
    for (const [order, n] of W.slabUnreclaimable)
      for (let i = 0; i < n; i++) {
        const pfn = alloc(GFP_KERNEL, order, PageOwner.SLAB)
        if (pfn < 0) continue
        pg.flags[pfn - pg.node_start_pfn]! |= PG_slab
        mm.mod_node_page_state(NR_SLAB_UNRECLAIMABLE_B, PAGE_SIZE << order)
      }
  }
  if (on('kernelStacks')) {
    // vmalloc'ed kernel stacks: THREADINFO_GFP | __GFP_HIGHMEM, one page at a time.
    for (let i = 0; i < W.kernelStacks * 2; i++) {
      if (alloc(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_HIGHMEM, 0, PageOwner.KERNEL_STACK) < 0) continue
      mm.nr_vmalloc_pages++
      if (i % 2 === 1) mm.mod_node_page_state(NR_KERNEL_STACK_KB, 8)
    }
  }
  if (on('vmalloc')) {
    for (let i = 0; i < W.vmallocPages; i++) {
      if (alloc(GFP_KERNEL | __GFP_HIGHMEM, 0, PageOwner.VMALLOC) < 0) continue
      mm.nr_vmalloc_pages++
    }
  }
  if (on('percpu')) {
    for (let i = 0; i < W.percpuChunkPages; i++)
      if (alloc(GFP_KERNEL | __GFP_HIGHMEM, 0, PageOwner.PERCPU) >= 0) mm.pcpu_nr_pages++
  }
  init_emergency_pool(mm.k, mm, false)
  if (on('pageTables')) {
    for (let i = 0; i < W.pageTables; i++)
      if (alloc(GFP_KERNEL_ACCOUNT | __GFP_ZERO, 0, PageOwner.PAGETABLE) >= 0) mm.mod_node_page_state(NR_PAGETABLE, 1)
  }
  if (on('kernelPages')) {
    const n = typeof parts.kernelPages === 'number' ? parts.kernelPages : W.kernelPages
    for (let i = 0; i < n; i++) alloc(GFP_KERNEL, 0, PageOwner.KERNEL)
  }
  if (on('user')) {
    // User pages: anon and the initramfs' shmem page cache, on the anon LRU
    // (shmem is swap-backed). Mapped ones count as active.
    const lru = (pfn: number, active: boolean): void => {
      const z = mm.page_zone(pfn)
      pg.flags[pfn - pg.node_start_pfn]! |= PG_lru | PG_swapbacked
      mm.mod_node_page_state(active ? NR_ACTIVE_ANON : NR_INACTIVE_ANON, 1)
      mm.mod_zone_page_state(z, active ? NR_ZONE_ACTIVE_ANON : NR_ZONE_INACTIVE_ANON, 1)
    }
    for (let i = 0; i < W.shmemPages; i++) {
      const pfn = alloc(GFP_HIGHUSER_MOVABLE, 0, PageOwner.PAGE_CACHE)
      if (pfn < 0) continue
      mm.mod_node_page_state(NR_FILE_PAGES, 1)
      mm.mod_node_page_state(NR_SHMEM, 1)
      const mapped = i < W.shmemMapped
      if (mapped) {
        mm.mod_node_page_state(NR_FILE_MAPPED, 1)
        pg.mapcount[pfn - pg.node_start_pfn] = 0
      }
      lru(pfn, mapped)
    }
    for (let i = 0; i < W.anonPages; i++) {
      const pfn = alloc(GFP_HIGHUSER_MOVABLE, 0, PageOwner.USER_ANON)
      if (pfn < 0) continue
      mm.mod_node_page_state(NR_ANON_MAPPED, 1)
      pg.mapcount[pfn - pg.node_start_pfn] = 0
      lru(pfn, true)
    }
    mm.vm_committed_as += W.committedPages
  }
  return ok
}
