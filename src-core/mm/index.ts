/*
 * The memory subsystem's public surface for the integrator and the layers
 * above (slab, vmalloc, highmem, processes, /proc).
 *
 * Boot, in start_kernel order (each takes (k: KernelContext, mm: Mm)):
 *   const mm = setup_arch(k)           Reserved memory / cma / Zone ranges ... Initmem setup
 *   setup_per_cpu_areas(k, mm)         percpu: Embedded ...
 *   build_all_zonelists(k, mm)         Built 1 zonelists ...
 *   vfs_caches_init_early(k, mm)       Dentry / Inode-cache hash lines
 *   mm_init(k, mm)                     mem auto-init, Memory:, SLUB:
 *   alloc_large_system_hash(k, mm, LATE_SYSTEM_HASHES.x)   Mount-cache, futex, IP idents, TCP, UDP
 *   cma_init_reserved_areas(k, mm)     core_initcall (silent; also done by the next two if skipped)
 *   init_per_zone_wmark_min(k, mm)     postcore_initcall: min_free_kbytes, watermarks, lowmem_reserve, pcp
 *   dma_atomic_pool_init(k, mm)        DMA: preallocated 256 KiB pool ...
 *   init_emergency_pool(k, mm)         bounce: pool size: 64 pages (HighMem only)
 *   free_initrd_mem(k, mm)             Freeing initrd memory: 1288K
 *   free_initmem(k, mm)                Freeing unused kernel image (initmem) memory: 1024K
 *   boot_workload(mm)                  slab/stacks/vmalloc/page cache/anon of a booted system
 *
 * Pages are named by pfn: mm.alloc_pages(gfp, order[, owner]) -> pfn | -1,
 * mm.__free_pages(pfn, order), mm.__get_free_pages(gfp, order) -> vaddr | 0,
 * mm.free_pages(vaddr, order), mm.get_zeroed_page(gfp), mm.page_address(pfn),
 * mm.alloc_pages_bulk_array(gfp, n, array, start), mm.alloc_pages_exact(size, gfp),
 * mm.page_struct_addr(pfn), mm.cma_alloc(count),
 * mm.PageHighMem(pfn), mm.page_zone(pfn), mm.virt_to_phys / phys_to_virt,
 * mm.phys (RAM contents), mm.pgdat (struct page columns, zones, counters),
 * mm.pa (the allocator: warn_alloc, watermarks, hooks for reclaim/OOM).
 * /proc files: src-core/fs/proc/mm_files.ts mm_proc_files(mm).
 * Snapshots: mm_get_state(mm) / mm_from_state(k, state).
 */

import type { KernelContext } from '../kernel/context'
import { type BootWorkloadParts, boot_workload } from './boot_workload'
import {
  type Mm, build_all_zonelists, dma_atomic_pool_init, free_initmem, free_initrd_mem, init_per_zone_wmark_min,
  mm_init, setup_arch, setup_per_cpu_areas, vfs_caches_init_early
} from './mm_init'

export * from './gfp'
export * from './mmzone'
export * from './mm_init'
export * from './page_alloc'
export * from './boot_workload'
export * from './show_mem'
export * from './vmstat'
export { PhysMem } from './phys_mem'
export { Memblock } from './memblock'
export { MM_STATE_VERSION, type MmState, mm_from_state, mm_get_state } from './snapshot'

/** The whole memory boot in start_kernel order (tests, benches, a quiet integrator). */
export function boot_mm(k: KernelContext, opts: { initrdSize?: number; workload?: boolean; parts?: BootWorkloadParts } = {}): Mm {
  const mm = setup_arch(k, opts)
  setup_per_cpu_areas(k, mm)
  build_all_zonelists(k, mm)
  vfs_caches_init_early(k, mm)
  mm_init(k, mm)
  init_per_zone_wmark_min(k, mm)
  dma_atomic_pool_init(k, mm)
  free_initrd_mem(k, mm)
  free_initmem(k, mm)
  if (opts.workload !== false) boot_workload(mm, opts.parts)
  return mm
}
