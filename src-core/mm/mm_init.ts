/*
 * The memory half of boot, in start_kernel()'s order (init/main.c), for the
 * vexpress-a9 profile:
 *
 *   setup_arch_mm()          arch/arm/kernel/setup.c + arch/arm/mm/{init,mmu}.c:
 *                            memblock from the DT / mem=, adjust_lowmem_bounds()
 *                            with vmalloc=, arm_memblock_init() reservations
 *                            (kernel, initrd, swapper_pg_dir, DTB, reserved-memory,
 *                            CMA), paging_init() allocations, free_area_init()
 *   setup_per_cpu_areas()    mm/percpu.c pcpu_embed_first_chunk()
 *   build_all_zonelists()    mm/page_alloc.c
 *   vfs_caches_init_early()  fs/dcache.c + fs/inode.c hash tables (HASH_EARLY)
 *   mm_init()                init/main.c mm_init(): report_meminit, mem_init
 *                            (memblock_free_all + free_highpages), mem_init_print_info,
 *                            kmem_cache_init's SLUB line, setup_per_cpu_pageset
 *   init_per_zone_wmark_min() postcore_initcall (after core_initcall
 *                            cma_init_reserved_areas)
 *   free_initrd_mem(), free_initmem()
 *
 * Every number printed follows from the configuration (RAM size, mem=,
 * vmalloc=, CPUs) and this kernel build's constants (section addresses,
 * static percpu size, DTB and initrd sizes), which are gathered in
 * KERNEL_IMAGE / BOOT_BLOBS below with their sources.
 *
 * Left out: LPAE, XIP, the early fixmap/ioremap machinery (only the PTE
 * tables it leaves behind are counted), NUMA.
 */

import type { KernelContext } from '../kernel/context'
import { KERN_INFO, KERN_WARNING } from '../kernel/printk'
import { memparse } from '../board/config'
import { __GFP_HIGHMEM, __GFP_ZERO, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL, gfp_zone } from './gfp'
import { Memblock, SMP_CACHE_BYTES } from './memblock'
import {
  MAX_ORDER, MAX_ORDER_NR_PAGES, MIGRATE_CMA, NR_CPUS_POSSIBLE, PAGE_SHIFT, PAGE_SIZE, PG_reserved, PageOwner,
  PglistData, ZONE_HIGHMEM, ZONE_MOVABLE, ZONE_NORMAL, type Zone, pageblock_nr_pages, pageblock_order, zone_names
} from './mmzone'
import { PageAlloc } from './page_alloc'
import { PhysMem } from './phys_mem'
import { CMA_ALLOC_SUCCESS, PGFREE } from './vmstat'

const MiB = 1024 * 1024
export const PHYS_OFFSET = 0x60000000
export const PAGE_OFFSET = 0xc0000000
export const VMALLOC_OFFSET = 8 * MiB
export const VMALLOC_END = 0xff800000
export const DEFAULT_VMALLOC_SIZE = 240 * MiB
export const PMD_SIZE = 2 * MiB
export const PKMAP_BASE = 0xbfe00000
export const MODULES_VADDR = 0xbf000000
/** sizeof(struct static_vm) on ARM: a vm_struct plus a list_head. */
const STATIC_VM_SIZE = 44
export const STRUCT_PAGE_SIZE = 32

/**
 * This kernel build's section boundaries (physical), from the reference's
 * /proc/iomem (Kernel code 60008000-60bfffff, Kernel data 60d00000-60e4abaf)
 * and Memory: line (8192K code, 1010K rwdata, 1976K rodata, 1024K init,
 * 311K bss); the bytes inside a KiB are this model's choice.
 */
export const KERNEL_IMAGE = {
  _text: 0x60008000,
  swapper_pg_dir: 0x60004000,
  SWAPPER_PG_DIR_SIZE: 0x4000,
  _stext: 0x60100000, // 1 MiB aligned (STRICT_KERNEL_RWX)
  _etext: 0x60900000,
  __start_rodata: 0x60900000,
  __end_rodata: 0x60aee2c0,
  __init_begin: 0x60c00000,
  __init_end: 0x60d00000,
  _sdata: 0x60d00000,
  _edata: 0x60dfcb40,
  __bss_start: 0x60dfce00,
  __bss_stop: 0x60e4abb0,
  _end: 0x60e4abb0
} as const

/**
 * Boot blobs and early allocations whose sizes are properties of this
 * kernel, DTB and initramfs rather than of the RAM size.
 */
export const BOOT_BLOBS = {
  /** The initramfs (rootfs cpio) QEMU loads: "Freeing initrd memory: 1288K". */
  initrdSize: 1318605,
  /** fdt_totalsize() of QEMU's patched vexpress-v2p-ca9.dtb. */
  dtbSize: 14985,
  /**
   * unflatten_device_tree(): the expanded device_node/property tree (~150
   * nodes and ~700 properties with their sysfs attributes). Not printed by
   * the kernel; this is the one size derived from the reference: the value
   * that makes the reserved total of the Memory: line come out exact (the
   * same value fits all five reference configurations).
   */
  unflattenedDtSize: 73620,
  /** kernel percpu static data (__per_cpu_end - __per_cpu_start): "s31060". */
  percpuStatic: 31060,
  /** PERCPU_MODULE_RESERVE */
  percpuReserved: 8192,
  /** PERCPU_DYNAMIC_EARLY_SIZE / PERCPU_DYNAMIC_RESERVE on 32-bit */
  percpuDynamicMin: 20 << 10,
  /** percpu first-chunk metadata: chunk structs, alloc/bound maps, md_blocks, slot lists. */
  percpuMetaSizes: [1212, 1220, 496, 124, 64, 16, 16, 384],
  /** setup_command_line(): saved_command_line, static_command_line (+ lengths of the command line). */
  cmdlineCopies: 2,
  /** request_standard_resources(): one struct resource per memory region. */
  resourceSize: 32
} as const

/** Where the kernel maps memory on this board (arch/arm/include/asm/memory.h, pgtable.h). */
export interface ArmLayout {
  memBytes: number
  vmalloc_size: number
  /** Physical end of lowmem (arm_lowmem_limit). */
  arm_lowmem_limit: number
  high_memory: number
  VMALLOC_START: number
  VMALLOC_END: number
  min_low_pfn: number
  max_low_pfn: number
  max_pfn: number
}

/** The memory object: what start_kernel's memory steps build and later layers use. */
export class Mm {
  readonly memblock = new Memblock()
  readonly phys = new PhysMem()
  pgdat!: PglistData
  pa!: PageAlloc
  layout!: ArmLayout
  initrd_start = 0
  initrd_end = 0
  dtb_start = 0
  cma_base = 0
  cma_size = 16 * MiB
  /** Physical address of mem_map (the struct page array) and the pfn of its first entry. */
  mem_map_phys = 0
  mem_map_first_pfn = 0
  /** free_area_init_core() estimates, used by the hash tables and the zonelist line. */
  nr_kernel_pages = 0
  nr_all_pages = 0
  /** meminfo's VmallocUsed (vmalloc_nr_pages()), updated by vmalloc. */
  nr_vmalloc_pages = 0
  /** pcpu_nr_populated * pcpu_nr_units (meminfo Percpu). */
  pcpu_nr_pages = 0
  readonly pcpu_nr_units = NR_CPUS_POSSIBLE
  /** vm_committed_as in pages (meminfo Committed_AS), updated by mmap/brk. */
  vm_committed_as = 0
  /** CMA bitmap: 1 = allocated. */
  cma_bitmap = new Uint8Array(0)
  cmaActivated = false
  atomicPoolDone = false
  bouncePoolDone = false
  bootWorkloadDone = false
  initrdFreed = false
  initmemFreed = false

  constructor(readonly k: KernelContext) {}

  /* ---- address translation (arch/arm/include/asm/memory.h) ---- */
  get highmemPresent(): boolean {
    return this.layout.max_pfn > this.layout.max_low_pfn
  }
  /** __pa() for lowmem virtual addresses. */
  virt_to_phys(va: number): number {
    return va - PAGE_OFFSET + PHYS_OFFSET
  }
  /** __va(): only meaningful below high_memory. */
  phys_to_virt(pa: number): number {
    return pa - PHYS_OFFSET + PAGE_OFFSET
  }
  virt_to_pfn(va: number): number {
    return Math.floor(this.virt_to_phys(va) / PAGE_SIZE)
  }
  virt_addr_valid(va: number): boolean {
    return va >= PAGE_OFFSET && va < this.layout.high_memory
  }
  /** The kernel virtual address of a frame's struct page (what `%px` of a struct page * prints). */
  page_struct_addr(pfn: number): number {
    return this.phys_to_virt(this.mem_map_phys) + (pfn - this.mem_map_first_pfn) * STRUCT_PAGE_SIZE
  }
  /** The pfn whose struct page is at kernel address `va`, or -1. */
  struct_page_to_pfn(va: number): number {
    const off = va - this.phys_to_virt(this.mem_map_phys)
    if (off < 0 || off % STRUCT_PAGE_SIZE) return -1
    const pfn = this.mem_map_first_pfn + off / STRUCT_PAGE_SIZE
    return this.pgdat.pfn_valid(pfn) ? pfn : -1
  }
  /** A page is named by its pfn in this API. */
  page_to_pfn(pfn: number): number {
    return pfn
  }
  pfn_to_page(pfn: number): number {
    return pfn
  }
  PageHighMem(pfn: number): boolean {
    return pfn >= this.layout.max_low_pfn
  }
  page_zone(pfn: number): Zone {
    return this.pgdat.page_zone(pfn)
  }
  /**
   * mm/highmem.c's page_address_htable lookup, plugged in by the kmap layer:
   * the pkmap address of a highmem page, or 0.
   */
  highmem_page_address: ((pfn: number) => number) | null = null
  /** page_address(): the linear-map address of a lowmem page; for highmem its pkmap address if any, else 0. */
  page_address(pfn: number): number {
    if (this.PageHighMem(pfn)) return this.highmem_page_address ? this.highmem_page_address(pfn) : 0
    return this.phys_to_virt(pfn * PAGE_SIZE)
  }

  /* ---- the page allocator API ---- */
  /** alloc_pages(gfp, order): pfn or -1. */
  alloc_pages(gfp: number, order: number, owner: number = PageOwner.KERNEL): number {
    return this.pa.alloc_pages(gfp, order, owner)
  }
  alloc_page(gfp: number, owner: number = PageOwner.KERNEL): number {
    return this.pa.alloc_pages(gfp, 0, owner)
  }
  /** alloc_pages_bulk_array(): fill the 0 (NULL) slots of page_array[start..start+nr) with order-0 pfns; returns slots filled. */
  alloc_pages_bulk_array(gfp: number, nr: number, page_array: Int32Array | number[], start = 0, owner: number = PageOwner.KERNEL): number {
    return this.pa.alloc_pages_bulk_array(gfp, nr, page_array, start, owner)
  }
  /** __get_free_pages(): lowmem only (__GFP_HIGHMEM is masked off); virtual address or 0. */
  __get_free_pages(gfp: number, order: number, owner: number = PageOwner.KERNEL): number {
    const pfn = this.k.withFrame({ fn: '__get_free_pages', off: 0x14, size: 0x24 }, () =>
      this.pa.alloc_pages(gfp & ~__GFP_HIGHMEM, order, owner)
    )
    return pfn < 0 ? 0 : this.page_address(pfn)
  }
  get_zeroed_page(gfp: number, owner: number = PageOwner.KERNEL): number {
    return this.__get_free_pages(gfp | __GFP_ZERO, 0, owner)
  }
  __free_pages(pfn: number, order: number): void {
    this.pa.__free_pages(pfn, order)
  }
  /** free_pages(addr, order): addr 0 is ignored, as in the kernel. */
  free_pages(addr: number, order: number): void {
    if (addr === 0) return
    this.pa.__free_pages(this.virt_to_pfn(addr), order)
  }
  /**
   * alloc_pages_exact(): a 2^order block split into single pages, the tail
   * beyond `size` freed. Returns the virtual address or 0.
   */
  alloc_pages_exact(size: number, gfp: number, owner: number = PageOwner.KERNEL): number {
    const order = get_order(size)
    const pfn = this.pa.alloc_pages(gfp & ~__GFP_HIGHMEM, order, owner)
    if (pfn < 0) return 0
    this.pa.split_page(pfn, order)
    const used = Math.ceil(size / PAGE_SIZE)
    for (let p = pfn + used; p < pfn + (1 << order); p++) this.pa.__free_pages(p, 0)
    return this.page_address(pfn)
  }

  /* ---- counters that later subsystems update ---- */
  mod_node_page_state(item: number, delta: number): void {
    this.pgdat.node_stat[item]! += delta
  }
  mod_zone_page_state(zone: Zone, item: number, delta: number): void {
    zone.vm_stat[item]! += delta
  }
  node_page_state(item: number): number {
    return this.pgdat.node_stat[item]!
  }

  /** cma_alloc(): `count` frames from the CMA area, first fit; pfn or -1. */
  cma_alloc(count: number, owner: number = PageOwner.DMA): number {
    if (!this.cmaActivated) return -1
    const base = this.cma_base / PAGE_SIZE
    const bm = this.cma_bitmap
    for (let s = 0; s + count <= bm.length; s++) {
      let ok = true
      for (let j = s; j < s + count; j++) if (bm[j]) { ok = false; s = j; break }
      if (!ok) continue
      const pfn = this.pa.cma_alloc_range(base + s, count, owner)
      if (pfn < 0) continue
      bm.fill(1, s, s + count)
      this.pgdat.vm_events[CMA_ALLOC_SUCCESS]! += 1
      return pfn
    }
    return -1
  }
}

/** get_order(): smallest order whose block holds `size` bytes. */
export function get_order(size: number): number {
  let order = 0
  let s = Math.ceil(size / PAGE_SIZE)
  s -= 1
  while (s > 0) {
    order++
    s >>= 1
  }
  return order
}

const hex18 = (x: number): string => '0x' + x.toString(16).padStart(16, '0')
const PFN_UP = (x: number): number => Math.ceil(x / PAGE_SIZE)
const PFN_DOWN = (x: number): number => Math.floor(x / PAGE_SIZE)
const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a

/**
 * setup_arch()'s memory part. Returns the memory object the later steps and
 * subsystems use. `opts.initrdSize` lets the integrator pass the size of the
 * initramfs it really loads.
 */
export function setup_arch(k: KernelContext, opts: { initrdSize?: number } = {}): Mm {
  const mm = new Mm(k)
  const mb = mm.memblock
  const cfg = k.config

  // --- the DT memory node, then early_param("mem") ---
  let memBytes = cfg.memBytes
  const memParam = k.param('mem')
  if (memParam) {
    const v = memparse(memParam).value
    if (v > 0) memBytes = Math.min(memBytes, Math.floor(v / PAGE_SIZE) * PAGE_SIZE)
  }
  mb.memblock_add(PHYS_OFFSET, memBytes)

  // --- early_param("vmalloc") ---
  let vmalloc_size = DEFAULT_VMALLOC_SIZE
  const vmParam = k.param('vmalloc')
  if (vmParam) {
    vmalloc_size = memparse(vmParam).value
    if (vmalloc_size < 16 * MiB) {
      vmalloc_size = 16 * MiB
      k.printk(`${KERN_WARNING}vmalloc area is too small, limiting to ${vmalloc_size / MiB}MiB\n`)
    }
    const vmalloc_max = VMALLOC_END - (PAGE_OFFSET + 32 * MiB + VMALLOC_OFFSET)
    if (vmalloc_size > vmalloc_max) {
      vmalloc_size = vmalloc_max
      k.printk(`${KERN_WARNING}vmalloc area is too big, limiting to ${Math.floor(vmalloc_size / MiB)}MiB\n`)
    }
  }

  // --- adjust_lowmem_bounds(): lowmem ends where the vmalloc area must start ---
  const vmalloc_limit = VMALLOC_END - vmalloc_size - VMALLOC_OFFSET - PAGE_OFFSET + PHYS_OFFSET
  const memEnd = PHYS_OFFSET + memBytes
  const arm_lowmem_limit = Math.min(vmalloc_limit, memEnd)
  const high_memory = arm_lowmem_limit - PHYS_OFFSET + PAGE_OFFSET
  mm.layout = {
    memBytes,
    vmalloc_size,
    arm_lowmem_limit,
    high_memory,
    // VMALLOC_START = (high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET-1)
    VMALLOC_START: Math.floor((high_memory + VMALLOC_OFFSET) / VMALLOC_OFFSET) * VMALLOC_OFFSET,
    VMALLOC_END,
    min_low_pfn: PHYS_OFFSET / PAGE_SIZE,
    max_low_pfn: arm_lowmem_limit / PAGE_SIZE,
    max_pfn: memEnd / PAGE_SIZE
  }
  mb.current_limit = arm_lowmem_limit

  // --- arm_memblock_init() ---
  const KI = KERNEL_IMAGE
  mb.memblock_reserve(KI._stext, KI._end - KI._stext, 'Kernel image', PageOwner.KERNEL_IMAGE)
  // QEMU places the initrd at min(RAM/2, 128M) above the load address, and the DTB after it.
  const initrdSize = opts.initrdSize ?? BOOT_BLOBS.initrdSize
  mm.initrd_start = PHYS_OFFSET + Math.min(cfg.memBytes / 2, 128 * MiB)
  mm.initrd_end = mm.initrd_start + initrdSize
  // reserve_initrd_mem(): whole pages
  const irs = Math.floor(mm.initrd_start / PAGE_SIZE) * PAGE_SIZE
  mb.memblock_reserve(irs, alignUp(mm.initrd_end, PAGE_SIZE) - irs, 'initrd', PageOwner.INITRD)
  mb.memblock_reserve(KI.swapper_pg_dir, KI.SWAPPER_PG_DIR_SIZE, 'swapper_pg_dir', PageOwner.PAGETABLE)
  // early_init_fdt_reserve_self() + the /reserved-memory node (the vram pool lies outside RAM).
  mm.dtb_start = alignUp(mm.initrd_end, PAGE_SIZE)
  mb.memblock_reserve(mm.dtb_start, BOOT_BLOBS.dtbSize, 'DTB', PageOwner.MEMBLOCK)
  k.printk(`${KERN_INFO}Reserved memory: created DMA memory pool at 0x4c000000, size 8 MiB\n`)
  k.printk(`${KERN_INFO}OF: reserved mem: initialized node vram@4c000000, compatible id shared-dma-pool\n`)
  // dma_contiguous_reserve() -> cma_declare_contiguous(): at the top of RAM,
  // in HighMem first when there is any, aligned to max(MAX_ORDER-1, pageblock_order).
  const cmaAlign = PAGE_SIZE << Math.max(MAX_ORDER - 1, pageblock_order)
  let cmaBase = mb.memblock_alloc_range(mm.cma_size, cmaAlign, arm_lowmem_limit, memEnd, 'CMA', PageOwner.RESERVED)
  if (cmaBase < 0) cmaBase = mb.memblock_alloc_range(mm.cma_size, cmaAlign, 0, memEnd, 'CMA', PageOwner.RESERVED)
  mm.cma_base = cmaBase
  mm.cma_bitmap = new Uint8Array(mm.cma_size / PAGE_SIZE)
  k.printk(`${KERN_INFO}cma: Reserved ${mm.cma_size / MiB} MiB at 0x${cmaBase.toString(16).padStart(8, '0')}\n`)

  // --- paging_init() ---
  // dma_contiguous_remap(): a CMA area in lowmem is remapped with page
  // granularity through iotable_init(): one struct static_vm, then one PTE
  // table page (2 x 256 hardware + Linux entries) per 2 MiB.
  const remapEnd = Math.min(cmaBase + mm.cma_size, arm_lowmem_limit)
  if (cmaBase < remapEnd) mb.memblock_alloc(STATIC_VM_SIZE, 4, 'static_vm (dma remap)', PageOwner.MEMBLOCK)
  for (let a = cmaBase; a < remapEnd; a += PMD_SIZE) mb.memblock_alloc(PAGE_SIZE, PAGE_SIZE, 'pte (dma remap)', PageOwner.PAGETABLE)
  // devicemaps_init(): the vector page pair, and a PTE table for 0xffff0000
  // (early_fixmap_shutdown() cleared the early fixmap's one in that PMD).
  mb.memblock_alloc(PAGE_SIZE * 2, PAGE_SIZE * 2, 'vectors', PageOwner.MEMBLOCK)
  mb.memblock_alloc(PAGE_SIZE, PAGE_SIZE, 'pte (vectors)', PageOwner.PAGETABLE)
  // kmap_init(): PTE tables for the pkmap area and for FIXADDR_START's PMD.
  mb.memblock_alloc(PAGE_SIZE, PAGE_SIZE, 'pte (pkmap)', PageOwner.PAGETABLE)
  mb.memblock_alloc(PAGE_SIZE, PAGE_SIZE, 'pte (fixmap)', PageOwner.PAGETABLE)
  mb.memblock_alloc(PAGE_SIZE, PAGE_SIZE, 'empty_zero_page', PageOwner.MEMBLOCK)

  // --- bootmem_init() -> zone_sizes_init() -> free_area_init() ---
  free_area_init(k, mm)

  // --- the rest of setup_arch() ---
  mb.memblock_alloc(BOOT_BLOBS.unflattenedDtSize, 4, 'unflattened DT', PageOwner.MEMBLOCK)
  mb.memblock_alloc(BOOT_BLOBS.resourceSize, SMP_CACHE_BYTES, 'System RAM resource', PageOwner.MEMBLOCK)
  // setup_command_line() in start_kernel
  for (let i = 0; i < BOOT_BLOBS.cmdlineCopies; i++)
    mb.memblock_alloc(k.cmdline.length + 1, SMP_CACHE_BYTES, 'command line', PageOwner.MEMBLOCK)
  return mm
}

/** free_area_init(): zone ranges, node/zone sizes, mem_map, usemaps; prints the Zone ranges block. */
function free_area_init(k: KernelContext, mm: Mm): void {
  const L = mm.layout
  const start_pfn = L.min_low_pfn
  const lowest = [start_pfn, L.max_low_pfn, 0]
  const highest = [Math.max(L.max_low_pfn, start_pfn), Math.max(L.max_pfn, L.max_low_pfn), 0]
  k.printk(`${KERN_INFO}Zone ranges:\n`)
  for (let i = 0; i < 2; i++) {
    const name = zone_names[i]!.padEnd(8, ' ')
    if (lowest[i] === highest[i]) k.printk(`${KERN_INFO}  ${name} empty\n`)
    else k.printk(`${KERN_INFO}  ${name} [mem ${hex18(lowest[i]! * PAGE_SIZE)}-${hex18(highest[i]! * PAGE_SIZE - 1)}]\n`)
  }
  k.printk(`${KERN_INFO}Movable zone start for each node\n`)
  k.printk(`${KERN_INFO}Early memory node ranges\n`)
  for (const m of mm.memblock.memory)
    k.printk(`${KERN_INFO}  node   0: [mem ${hex18(m.base)}-${hex18(m.base + m.size - 1)}]\n`)
  const nodeStart = start_pfn
  const nodeEnd = L.max_pfn
  k.printk(`${KERN_INFO}Initmem setup node 0 [mem ${hex18(nodeStart * PAGE_SIZE)}-${hex18(nodeEnd * PAGE_SIZE - 1)}]\n`)

  const pgdat = new PglistData(nodeStart, nodeEnd - nodeStart, NR_CPUS_POSSIBLE)
  mm.pgdat = pgdat
  const zN = pgdat.zones[ZONE_NORMAL]!
  const zH = pgdat.zones[ZONE_HIGHMEM]!
  zN.zone_start_pfn = nodeStart
  zN.spanned_pages = zN.present_pages = L.max_low_pfn - nodeStart
  zH.zone_start_pfn = L.max_low_pfn
  zH.spanned_pages = zH.present_pages = L.max_pfn - L.max_low_pfn
  pgdat.zones[ZONE_MOVABLE]!.zone_start_pfn = 0

  // free_area_init_core(): managed-page estimates before memblock_free_all.
  mm.nr_kernel_pages = 0
  mm.nr_all_pages = 0
  for (const z of pgdat.zones) {
    let freesize = z.present_pages
    // calc_memmap_size(): PAGE_ALIGN(spanned * sizeof(struct page)) pages
    const memmap_pages = PFN_UP(z.spanned_pages * STRUCT_PAGE_SIZE)
    const highmem = z.idx !== ZONE_NORMAL
    if (!highmem && freesize >= memmap_pages) freesize -= memmap_pages
    if (!highmem) mm.nr_kernel_pages += freesize
    else if (mm.nr_kernel_pages > memmap_pages * 2) mm.nr_kernel_pages -= memmap_pages
    mm.nr_all_pages += freesize
    z.managed_pages = freesize
  }

  // memmap_init(): every frame starts reserved, every pageblock movable.
  for (const z of pgdat.zones) {
    if (!z.spanned_pages) continue
    pgdat.zoneid.fill(z.idx, z.zone_start_pfn - nodeStart, z.zone_end_pfn - nodeStart)
  }
  pgdat.flags.fill(PG_reserved)
  pgdat.owner.fill(PageOwner.RESERVED)

  // alloc_node_mem_map(): struct page for [start & ~(MAX_ORDER_NR_PAGES-1), ALIGN(end, MAX_ORDER_NR_PAGES)).
  const mstart = nodeStart & ~(MAX_ORDER_NR_PAGES - 1)
  const mend = alignUp(nodeEnd, MAX_ORDER_NR_PAGES)
  mm.mem_map_phys = mm.memblock.memblock_alloc((mend - mstart) * STRUCT_PAGE_SIZE, SMP_CACHE_BYTES, 'mem_map', PageOwner.MEM_MAP)
  mm.mem_map_first_pfn = mstart
  // setup_usemap(): 4 bits per pageblock, rounded to longs.
  for (const z of pgdat.zones) {
    if (!z.spanned_pages) continue
    const blocks = alignUp(z.spanned_pages, pageblock_nr_pages) >> pageblock_order
    const bytes = alignUp(blocks * 4, 32) / 8
    mm.memblock.memblock_alloc(bytes, SMP_CACHE_BYTES, 'pageblock_flags', PageOwner.MEMBLOCK)
  }
  mm.pa = new PageAlloc(pgdat, k, mm.phys, L.max_pfn > L.max_low_pfn)
  mm.pa.nr_online_cpus = k.config.cpus
}

/**
 * setup_per_cpu_areas() -> pcpu_embed_first_chunk(): one unit per possible
 * CPU (the DT lists 4), each static + module-reserved + dynamic, page aligned.
 */
export function setup_per_cpu_areas(k: KernelContext, mm: Mm): void {
  const s = BOOT_BLOBS.percpuStatic
  const r = BOOT_BLOBS.percpuReserved
  const size_sum = alignUp(s + r + BOOT_BLOBS.percpuDynamicMin, PAGE_SIZE)
  const d = size_sum - s - r
  const unit = size_sum
  mm.memblock.memblock_alloc_range(unit * NR_CPUS_POSSIBLE, PAGE_SIZE, 0, 0, 'percpu first chunk', PageOwner.PERCPU)
  for (const sz of BOOT_BLOBS.percpuMetaSizes) mm.memblock.memblock_alloc(sz, SMP_CACHE_BYTES, 'percpu metadata', PageOwner.MEMBLOCK)
  mm.pcpu_nr_pages = (unit / PAGE_SIZE) * NR_CPUS_POSSIBLE
  k.printk(`${KERN_INFO}percpu: Embedded ${PFN_DOWN(size_sum)} pages/cpu s${s} r${r} d${d} u${unit}\n`)
}

/** build_all_zonelists(NULL): one node, so one zonelist; prints the total. */
export function build_all_zonelists(k: KernelContext, mm: Mm): void {
  const vm_total_pages = mm.pa.nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE))
  mm.pa.page_group_by_mobility_disabled = vm_total_pages < pageblock_nr_pages * 6
  k.printk(
    `${KERN_INFO}Built 1 zonelists, mobility grouping ${mm.pa.page_group_by_mobility_disabled ? 'off' : 'on'}.  Total pages: ${vm_total_pages}\n`
  )
}

/* alloc_large_system_hash() flags */
export const HASH_EARLY = 0x1
export const HASH_SMALL = 0x2
export const HASH_ZERO = 0x4

export interface SystemHashSpec {
  tablename: string
  bucketsize: number
  numentries: number
  scale: number
  flags: number
  /** HASH_SMALL's minimum shift */
  hash_shift?: number
  low_limit: number
  high_limit: number
}

export interface SystemHash {
  entries: number
  size: number
  /** physical address of the table */
  phys: number
}

/**
 * mm/page_alloc.c alloc_large_system_hash(): size a hash table from the
 * lowmem page count (one entry per 2^scale bytes), allocate it from memblock
 * (HASH_EARLY) or the page allocator, and print its line.
 */
export function alloc_large_system_hash(k: KernelContext, mm: Mm, spec: SystemHashSpec): SystemHash {
  let numentries = spec.numentries
  if (!numentries) {
    numentries = mm.nr_kernel_pages
    numentries = alignUp(numentries, MiB / PAGE_SIZE)
    if (spec.scale > PAGE_SHIFT) numentries = Math.floor(numentries / 2 ** (spec.scale - PAGE_SHIFT))
    else numentries *= 2 ** (PAGE_SHIFT - spec.scale)
    if (spec.flags & HASH_SMALL) {
      const sh = spec.hash_shift ?? 0
      if (!Math.floor(numentries / 2 ** sh)) numentries = 2 ** sh
    } else if (numentries * spec.bucketsize < PAGE_SIZE) numentries = PAGE_SIZE / spec.bucketsize
  }
  numentries = 2 ** Math.ceil(Math.log2(numentries))
  let max = spec.high_limit
  if (max === 0) max = Math.floor((mm.nr_all_pages * PAGE_SIZE) / 16 / spec.bucketsize)
  max = Math.min(max, 0x80000000)
  if (numentries < spec.low_limit) numentries = spec.low_limit
  if (numentries > max) numentries = max
  let log2qty = Math.floor(Math.log2(numentries))
  let size = 0
  let phys = -1
  do {
    size = spec.bucketsize * 2 ** log2qty
    if (spec.flags & HASH_EARLY) {
      phys = mm.memblock.memblock_alloc(size, SMP_CACHE_BYTES, `${spec.tablename} hash`, PageOwner.HASH_TABLE)
    } else {
      const va = mm.alloc_pages_exact(size, GFP_ATOMIC | (spec.flags & HASH_ZERO ? __GFP_ZERO : 0), PageOwner.HASH_TABLE)
      phys = va ? mm.virt_to_phys(va) : -1
    }
  } while (phys < 0 && size > PAGE_SIZE && --log2qty)
  if (phys < 0) throw new Error(`Failed to allocate ${spec.tablename} hash table`)
  k.printk(`${KERN_INFO}${spec.tablename} hash table entries: ${2 ** log2qty} (order: ${get_order(size)}, ${size} bytes, linear)\n`)
  return { entries: 2 ** log2qty, size, phys }
}

/**
 * The hash tables created after mm_init, for the integrator to allocate at
 * their moments in boot with alloc_large_system_hash (sizes from the kernel
 * call sites: fs/namespace.c, kernel/futex, net/ipv4).
 */
export const LATE_SYSTEM_HASHES: Record<string, SystemHashSpec> = {
  mount: { tablename: 'Mount-cache', bucketsize: 4, numentries: 0, scale: 19, flags: HASH_ZERO, low_limit: 0, high_limit: 0 },
  mountpoint: { tablename: 'Mountpoint-cache', bucketsize: 4, numentries: 0, scale: 19, flags: HASH_ZERO, low_limit: 0, high_limit: 0 },
  // roundup_pow_of_two(256 * num_possible_cpus()) buckets of 64 bytes
  futex: { tablename: 'futex', bucketsize: 64, numentries: 256 * NR_CPUS_POSSIBLE, scale: 0, flags: 0, low_limit: 256 * NR_CPUS_POSSIBLE, high_limit: 256 * NR_CPUS_POSSIBLE },
  ip_idents: { tablename: 'IP idents', bucketsize: 8, numentries: 0, scale: 16, flags: HASH_ZERO, low_limit: 2048, high_limit: 256 * 1024 },
  tcp_listen_portaddr: { tablename: 'tcp_listen_portaddr_hash', bucketsize: 8, numentries: 0, scale: 21, flags: 0, low_limit: 0, high_limit: 64 * 1024 },
  table_perturb: { tablename: 'Table-perturb', bucketsize: 4, numentries: 1 << 16, scale: 0, flags: 0, low_limit: 1 << 16, high_limit: 1 << 16 },
  tcp_established: { tablename: 'TCP established', bucketsize: 4, numentries: 0, scale: 17, flags: 0, low_limit: 0, high_limit: 512 * 1024 },
  // numentries = ehash_mask + 1, the established table's size; same formula as above
  tcp_bind: { tablename: 'TCP bind', bucketsize: 16, numentries: 0, scale: 17, flags: 0, low_limit: 0, high_limit: 64 * 1024 },
  udp: { tablename: 'UDP', bucketsize: 32, numentries: 0, scale: 21, flags: 0, low_limit: 256, high_limit: 64 * 1024 },
  udplite: { tablename: 'UDP-Lite', bucketsize: 32, numentries: 0, scale: 21, flags: 0, low_limit: 256, high_limit: 64 * 1024 }
}

/** vfs_caches_init_early(): dcache_init_early + inode_init_early. */
export function vfs_caches_init_early(k: KernelContext, mm: Mm): void {
  const dh = k.param('dhash_entries')
  const ih = k.param('ihash_entries')
  alloc_large_system_hash(k, mm, {
    tablename: 'Dentry cache', bucketsize: 4, numentries: dh ? Number(dh) || 0 : 0, scale: 13,
    flags: HASH_EARLY | HASH_ZERO, low_limit: 0, high_limit: 0
  })
  alloc_large_system_hash(k, mm, {
    tablename: 'Inode-cache', bucketsize: 4, numentries: ih ? Number(ih) || 0 : 0, scale: 14,
    flags: HASH_EARLY | HASH_ZERO, low_limit: 0, high_limit: 0
  })
}

/**
 * mm_init(): report_meminit(), mem_init() (memblock_free_all for lowmem,
 * free_highpages for highmem, both skipping reserved memory), the Memory:
 * line, kmem_cache_init()'s SLUB line, then setup_per_cpu_pageset().
 */
export function mm_init(k: KernelContext, mm: Mm): void {
  const pa = mm.pa
  const pgdat = mm.pgdat
  const L = mm.layout
  k.printk(`${KERN_INFO}mem auto-init: stack:all(zero), heap alloc:off, heap free:off\n`)

  // reserve_bootmem_region(): owner tags for the reserved frames.
  const base = pgdat.node_start_pfn
  for (const r of mm.memblock.reserved) {
    const s = Math.max(PFN_DOWN(r.base), base)
    const e = Math.min(PFN_UP(r.base + r.size), base + pgdat.nframes)
    if (s < e) pgdat.owner.fill(r.owner, s - base, e - base)
  }
  // memblock_free_all(): managed counts restart from zero.
  for (const z of pgdat.zones) z.managed_pages = 0
  pa.totalram_pages = 0
  pa.totalhigh_pages = 0
  const free = mm.memblock.freeRanges()
  for (const [fs, fe] of free) {
    // __free_memory_core(): whole pages, lowmem only, in max-order aligned chunks.
    let start = PFN_UP(fs)
    const end = Math.min(PFN_DOWN(fe), L.max_low_pfn)
    while (start < end) {
      let order = Math.min(MAX_ORDER - 1, start === 0 ? MAX_ORDER - 1 : 31 - Math.clz32(start & -start))
      while (start + (1 << order) > end) order--
      pa.__free_pages_core(start, order)
      start += 1 << order
    }
  }
  // free_highpages(): one page at a time, as free_highmem_page() does.
  for (const [fs, fe] of free) {
    let start = PFN_UP(fs)
    const end = PFN_DOWN(fe)
    if (end <= L.max_low_pfn) continue
    if (start < L.max_low_pfn) start = L.max_low_pfn
    for (; start < end; start++) {
      pgdat.flags[start - base] = 0
      pa.adjust_managed_page_count(start, 1)
      pgdat.vm_events[PGFREE]! += 1
      pa.__free_one_page(start - base, pgdat.page_zone(start), 0, pgdat.get_pageblock_migratetype(start), false)
    }
  }
  pa.totalcma_pages = mm.cma_size / PAGE_SIZE

  // mem_init_print_info()
  const KI = KERNEL_IMAGE
  const K = (p: number): number => p * 4
  const physpages = pgdat.zones.reduce((s, z) => s + z.present_pages, 0)
  const codesize = KI._etext - KI._stext
  const datasize = KI._edata - KI._sdata
  const rosize = KI.__end_rodata - KI.__start_rodata
  const bss_size = KI.__bss_stop - KI.__bss_start
  const init_size = KI.__init_end - KI.__init_begin
  k.printk(
    `${KERN_INFO}Memory: ${K(pa.nr_free_pages())}K/${K(physpages)}K available (${codesize >> 10}K kernel code, ${datasize >> 10}K rwdata, ` +
      `${rosize >> 10}K rodata, ${init_size >> 10}K init, ${bss_size >> 10}K bss, ` +
      `${K(physpages - pa.totalram_pages - pa.totalcma_pages)}K reserved, ${K(pa.totalcma_pages)}K cma-reserved, ` +
      `${K(pa.totalhigh_pages)}K highmem)\n`
  )
  k.printk(`${KERN_INFO}SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${NR_CPUS_POSSIBLE}, Nodes=1\n`)
  pa.setup_per_cpu_pageset()
}

/**
 * core_initcall cma_init_reserved_areas(): each CMA pageblock becomes
 * MIGRATE_CMA and is freed to the buddy allocator as one order-10 block.
 */
export function cma_init_reserved_areas(k: KernelContext, mm: Mm): void {
  if (mm.cmaActivated) return
  mm.cmaActivated = true
  const pa = mm.pa
  const pgdat = mm.pgdat
  const startPfn = mm.cma_base / PAGE_SIZE
  const n = mm.cma_size / PAGE_SIZE
  for (let pfn = startPfn; pfn < startPfn + n; pfn += pageblock_nr_pages) {
    const i = pfn - pgdat.node_start_pfn
    for (let j = i; j < i + pageblock_nr_pages; j++) {
      pgdat.flags[j] = 0
      pgdat.refcount[j] = 0
    }
    pgdat.set_pageblock_migratetype(pfn, MIGRATE_CMA)
    pa.adjust_managed_page_count(pfn, pageblock_nr_pages)
    pgdat.vm_events[PGFREE]! += pageblock_nr_pages
    pa.__free_one_page(i, pgdat.page_zone(pfn), pageblock_order, MIGRATE_CMA, false)
    pgdat.page_zone(pfn).cma_pages += pageblock_nr_pages
  }
  void k
}

/**
 * postcore_initcall init_per_zone_wmark_min(). The core_initcall that
 * activates the CMA area runs first; if the integrator has not called it,
 * it happens here.
 */
export function init_per_zone_wmark_min(k: KernelContext, mm: Mm): void {
  cma_init_reserved_areas(k, mm)
  mm.pa.init_per_zone_wmark_min()
}

/** kernel/dma/pool.c dma_atomic_pool_init(): 256 KiB from CMA. */
export function dma_atomic_pool_init(k: KernelContext, mm: Mm, print = true): void {
  if (mm.atomicPoolDone) return
  mm.atomicPoolDone = true
  cma_init_reserved_areas(k, mm) // a core_initcall: always done before this postcore one
  const pages = (256 * 1024) / PAGE_SIZE
  if (mm.cma_alloc(pages, PageOwner.DMA) < 0) return
  if (print) k.printk(`${KERN_INFO}DMA: preallocated 256 KiB pool for atomic coherent allocations\n`)
}

/**
 * mm/highmem.c init_emergency_pool(): with HighMem present, a mempool of
 * POOL_SIZE (64) lowmem pages for bouncing I/O to highmem pages.
 */
export function init_emergency_pool(k: KernelContext, mm: Mm, print = true): void {
  if (mm.bouncePoolDone || !mm.highmemPresent) return
  mm.bouncePoolDone = true
  const POOL_SIZE = 64
  let n = 0
  for (; n < POOL_SIZE; n++) if (mm.alloc_pages(GFP_KERNEL, 0, PageOwner.KERNEL) < 0) break
  if (print) k.printk(`${KERN_INFO}bounce: pool size: ${n} pages\n`)
}

/** free_initrd_mem(): the initramfs has been unpacked; its pages return. */
export function free_initrd_mem(k: KernelContext, mm: Mm): void {
  if (mm.initrdFreed) return
  mm.initrdFreed = true
  const n = mm.pa.free_reserved_area(PFN_DOWN(mm.initrd_start), PFN_UP(mm.initrd_end))
  k.printk(`${KERN_INFO}Freeing initrd memory: ${n * 4}K\n`)
}

/** free_initmem(): __init text and data are no longer needed. */
export function free_initmem(k: KernelContext, mm: Mm): void {
  if (mm.initmemFreed) return
  mm.initmemFreed = true
  const n = mm.pa.free_reserved_area(PFN_DOWN(KERNEL_IMAGE.__init_begin), PFN_DOWN(KERNEL_IMAGE.__init_end))
  k.printk(`${KERN_INFO}Freeing unused kernel image (initmem) memory: ${n * 4}K\n`)
}


