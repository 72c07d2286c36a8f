/*
 * arch/arm/mm/ioremap.c + kernel/iomem.c (memremap) + lib/devres.c, and the
 * boot's users of the vmalloc area on vexpress-a9.
 *
 * __arm_ioremap_caller(): page-align the physical range, take a VM_IOREMAP
 * area (aligned to its size's order, at most 512 KiB on SMP), map it with
 * MT_DEVICE PTEs. No section mappings on SMP, as in 6.1.
 *
 * SUMMARY §6's surprise: most of the 240 MiB vmalloc area is taken at boot
 * by the NOR flash (2 x 64 MiB) and PSRAM (32 MiB) ioremaps and the 8 MiB
 * vram memremap, leaving one ~67 MiB hole at the top. BOOT_VMAP replays the
 * boot's vmalloc-area users in order through the real allocator, so every
 * address, hole and limit follows from placement:
 *   - the first 60 rows are boot-1024-nohash.log's "vmallocinfo head60
 *     (before)", in allocation order; the five areas >= 1 MiB are its
 *     "entries >= 1MB";
 *   - the other 47 rows of the reference (113 entries, 180473856 bytes) are
 *     not listed there. They are modelled from the numbers that are known:
 *     KernelStack 416 kB (52 task stacks: 44 in head60, so 8 more),
 *     VmallocUsed 2564 kB (641 pages: 210 pages of small vmallocs besides
 *     the stacks, zstd, bpf and gen_pool), a vm-based percpu chunk at the top
 *     (pcpu_get_vm_areas, 4 units of 60 KiB), 34 two-page device ioremaps
 *     and a 396 KiB VM_MAP reservation for the rest of the size (no
 *     8 KiB area may exist: the reference keeps a 12 KiB hole at 0xf090d000
 *     free); NOR at 0xf0a00000 tells that ~0.4 MiB of them came before the
 *     flash probe, and the 67 MiB hole that nothing after the vram memremap
 *     spilled past it. Their callers and physical addresses are this
 *     model's labels; the entry count and total size match the reference.
 *   - one 12 KiB area below bpf_prog_alloc's is allocated early and freed
 *     at the end (the reference leaves its 16 KiB hole at 0xf081d000, and no
 *     "unpurged vm_area" line: the lazy areas are purged before the shell).
 *
 * Known deviation: the reference's boots differ by up to ~75 pages below the
 * vram memremap (512 MB: it ends 184 KiB lower than on 1 GB, so the largest
 * single vmalloc there is 323 MB; this model, sized on the 1 GB run, gives
 * 322 MB). -smp 4 boots have ~26 more areas (per-CPU kthread stacks), not
 * modelled here (the reference's largest vmalloc is then 66 MB, here 67).
 *
 * Left out: static I/O mappings above VMALLOC_END (iotable_init of the
 * vectors/debug pages), early_ioremap, the real device probe order.
 */

import type { KFrame } from '../kernel/context'
import { PAGE_KERNEL } from '../arch/arm/pgtable'
import { __GFP_ZERO, GFP_KERNEL } from './gfp'
import type { Mm } from './mm_init'
import { PAGE_SIZE } from './mmzone'
import { VM_DMA_COHERENT, VM_MAP, type Vmalloc, THREAD_ALIGN, THREAD_SIZE } from './vmalloc'

const f = (fn: string, off: number, size: number): KFrame => ({ fn, off, size })
export const CALLER = {
  devm_ioremap_resource: f('__devm_ioremap_resource', 0x168, 0x1dc),
  memremap: f('memremap', 0x11c, 0x1d8),
  iotable_init: f('iotable_init', 0x0, 0xec),
  pcpu_get_vm_areas: f('pcpu_get_vm_areas', 0x0, 0x6e8),
  kernel_clone: f('kernel_clone', 0xa4, 0x380),
  fork_idle: f('fork_idle', 0x6c, 0xec),
  start_kernel: f('start_kernel', 0x510, 0x6b4)
} as const

/** ioremap(phys, size) for a caller: the virtual address of phys, or 0. */
export function __arm_ioremap_caller(vm: Vmalloc, phys: number, size: number, caller: KFrame): number {
  return vm.ioremap_area(phys, size, caller)
}

/** memremap(MEMREMAP_WC) of memory outside RAM: an ioremap_wc with memremap's frame. */
export function memremap(vm: Vmalloc, phys: number, size: number): number {
  return vm.ioremap_area(phys, size, CALLER.memremap)
}

export function iounmap(vm: Vmalloc, addr: number): void {
  vm.vunmap(addr)
}

type Step =
  | { t: 'io'; caller: KFrame; phys: number; size: number; n?: number }
  | { t: 'vmalloc'; caller: KFrame; pages: number; n?: number }
  | { t: 'stack'; caller: KFrame; n: number; accounted: boolean }
  | { t: 'dma'; caller: KFrame; pages: number; first?: number }
  | { t: 'scratch' }
  | { t: 'scratch_free' }
  | { t: 'pcpu'; size: number }
  | { t: 'purge' }
  | { t: 'reserve'; caller: KFrame; pages: number }

/** The boot's vmalloc-area users, in order (see the file comment). */
export const BOOT_VMAP: readonly Step[] = [
  { t: 'stack', caller: CALLER.start_kernel, n: 4, accounted: false }, // init_irq_stacks: one per possible CPU
  { t: 'io', caller: f('gic_of_setup', 0x30, 0xf0), phys: 0x1e001000, size: 0x1000 },
  { t: 'io', caller: f('gic_of_setup', 0x48, 0xf0), phys: 0x1e000100, size: 0x100 },
  { t: 'io', caller: f('l2x0_of_init', 0x88, 0x258), phys: 0x1e00a000, size: 0x1000 },
  { t: 'io', caller: f('__sp810_of_clk_init_declare', 0xc0, 0x218), phys: 0x10001000, size: 0x1000 },
  { t: 'io', caller: f('versatile_sched_clock_init', 0x10, 0x60), phys: 0x10000000, size: 0x1000 },
  { t: 'io', caller: f('sp804_of_init', 0x54, 0x204), phys: 0x10011000, size: 0x1000 },
  { t: 'io', caller: f('twd_local_timer_of_register', 0x38, 0x20c), phys: 0x1e000600, size: 0x20 },
  { t: 'scratch' },
  { t: 'vmalloc', caller: f('bpf_prog_alloc_no_stats', 0x2c, 0x128), pages: 1 },
  { t: 'stack', caller: CALLER.kernel_clone, n: 12, accounted: true },
  { t: 'stack', caller: CALLER.fork_idle, n: 3, accounted: true },
  { t: 'stack', caller: CALLER.kernel_clone, n: 19, accounted: true },
  { t: 'dma', caller: f('dma_common_contiguous_remap', 0x68, 0x84), pages: 64, first: 0 }, // the 256 KiB atomic pool
  { t: 'vmalloc', caller: f('gen_pool_add_owner', 0x34, 0xa4), pages: 1 },
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x10002000, size: 0x1000 },
  { t: 'stack', caller: CALLER.kernel_clone, n: 7, accounted: true },
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x10016000, size: 0x1000 },
  { t: 'stack', caller: CALLER.kernel_clone, n: 3, accounted: true },
  // --- beyond head60: modelled (see above) ---
  { t: 'stack', caller: CALLER.kernel_clone, n: 8, accounted: true },
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x10100000, size: 0x2000, n: 10 },
  { t: 'vmalloc', caller: f('kvmalloc_node', 0x48, 0xb0), pages: 40 },
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x40000000, size: 0x4000000 }, // NOR flash 0
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x44000000, size: 0x4000000 }, // NOR flash 1
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x48000000, size: 0x2000000 }, // PSRAM
  { t: 'vmalloc', caller: f('zstd_comp_init', 0x40, 0xa0), pages: 317 },
  { t: 'io', caller: CALLER.memremap, phys: 0x4c000000, size: 0x800000 }, // vram pool
  { t: 'io', caller: CALLER.devm_ioremap_resource, phys: 0x10200000, size: 0x2000, n: 24 },
  { t: 'reserve', caller: f('__get_vm_area_caller', 0x44, 0x54), pages: 99 },
  { t: 'vmalloc', caller: f('kvmalloc_node', 0x48, 0xb0), pages: 120 },
  { t: 'vmalloc', caller: f('kvmalloc_node', 0x48, 0xb0), pages: 30 },
  { t: 'vmalloc', caller: f('kvmalloc_node', 0x48, 0xb0), pages: 20 },
  { t: 'pcpu', size: 4 * 61440 },
  { t: 'scratch_free' },
  // the reference lists no "unpurged vm_area" line by the time the shell runs
  { t: 'purge' }
]

/**
 * Replay BOOT_VMAP (device probe and init time: after vmalloc_init and
 * kmem_cache_init, before the shell). Returns false if something failed.
 */
export function boot_vmalloc_users(vm: Vmalloc, mm: Mm): boolean {
  let ok = true
  let scratch = 0
  // arm_memblock_init's dma_contiguous_remap of a lowmem CMA area: a static vm_struct (iotable_init) over the linear map
  if (mm.cma_base < mm.layout.arm_lowmem_limit) vm.add_static_vm(mm.phys_to_virt(mm.cma_base), mm.cma_size, mm.cma_base, CALLER.iotable_init)
  for (const s of BOOT_VMAP) {
    switch (s.t) {
      case 'io':
        for (let i = 0; i < (s.n ?? 1); i++) if (!vm.ioremap_area(s.phys + i * s.size, s.size, s.caller)) ok = false
        break
      case 'vmalloc':
        for (let i = 0; i < (s.n ?? 1); i++)
          if (!vm.__vmalloc_node_range(s.pages * PAGE_SIZE, 1, vm.VMALLOC_START, vm.VMALLOC_END, GFP_KERNEL, PAGE_KERNEL, 0, s.caller)) ok = false
        break
      case 'stack':
        for (let i = 0; i < s.n; i++) {
          const a = s.accounted
            ? vm.alloc_thread_stack(s.caller)
            : vm.__vmalloc_node_range(THREAD_SIZE, THREAD_ALIGN, vm.VMALLOC_START, vm.VMALLOC_END, GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, 0, s.caller)
          if (!a) ok = false
        }
        break
      case 'dma': {
        // the atomic pool's pages: the first CMA allocation (dma_atomic_pool_init, already made)
        const first = mm.cma_base / PAGE_SIZE + (s.first ?? 0)
        const pfns = new Int32Array(s.pages)
        for (let i = 0; i < s.pages; i++) pfns[i] = first + i
        if (!vm.vmap(pfns, VM_DMA_COHERENT, PAGE_KERNEL, s.caller)) ok = false
        break
      }
      case 'scratch':
        scratch = vm.__vmalloc_node_range(3 * PAGE_SIZE, 1, vm.VMALLOC_START, vm.VMALLOC_END, GFP_KERNEL, PAGE_KERNEL, 0, f('__vmalloc', 0x58, 0x60))
        break
      case 'scratch_free':
        vm.vfree(scratch)
        break
      case 'reserve':
        // an address-space reservation of the boot (VM_MAP, no pages: the reference's
        // free_cma 4032 says no other CMA pages are taken, VmallocUsed that none are vmalloc'ed)
        if (!vm.get_vm_area_caller(s.pages * PAGE_SIZE, VM_MAP, s.caller)) ok = false
        break
      case 'purge':
        vm.purge_vmap_area_lazy()
        break
      case 'pcpu':
        if (!vm.pcpu_get_vm_area(s.size, CALLER.pcpu_get_vm_areas)) ok = false
        break
    }
  }
  return ok
}
