/*
 * The memory subsystem's public surface for the integrator and the layers
 * above (slab, vmalloc, highmem, processes, /proc). Boot steps are called
 * in this order from start_kernel: setup_arch, setup_per_cpu_areas,
 * build_all_zonelists, vfs_caches_init_early, mm_init, (core/postcore
 * initcalls) cma_init_reserved_areas, init_per_zone_wmark_min,
 * dma_atomic_pool_init, free_initrd_mem, free_initmem, boot_workload.
 */

import type { KernelContext } from '../kernel/context'
import { boot_workload } from './boot_workload'
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

/** The whole memory boot in start_kernel order (tests, benches, a quiet integrator). */
export function boot_mm(k: KernelContext, opts: { initrdSize?: number; workload?: boolean } = {}): Mm {
  const mm = setup_arch(k, opts)
  setup_per_cpu_areas(k, mm)
  build_all_zonelists(k, mm)
  vfs_caches_init_early(k, mm)
  mm_init(k, mm)
  init_per_zone_wmark_min(k, mm)
  dma_atomic_pool_init(k, mm)
  free_initrd_mem(k, mm)
  free_initmem(k, mm)
  if (opts.workload !== false) boot_workload(mm)
  return mm
}
