/*
 * fs/proc/meminfo.c meminfo_proc_show(): /proc/meminfo from the memory
 * object's counters. Pure text generator; the VFS mounts it.
 *
 * Left out: hugetlb lines (no HUGETLBFS), Zswap (no ZSWAP), THP lines.
 */

import type { Mm } from '../../mm/mm_init'
import { ZONE_HIGHMEM } from '../../mm/mmzone'
import {
  NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_ANON_MAPPED, NR_BOUNCE, NR_FILE_DIRTY, NR_FILE_MAPPED, NR_FILE_PAGES,
  NR_FREE_CMA_PAGES, NR_FREE_PAGES, NR_INACTIVE_ANON, NR_INACTIVE_FILE, NR_KERNEL_MISC_RECLAIMABLE,
  NR_KERNEL_STACK_KB, NR_MLOCK, NR_PAGETABLE, NR_SECONDARY_PAGETABLE, NR_SHMEM, NR_SLAB_RECLAIMABLE_B,
  NR_SLAB_UNRECLAIMABLE_B, NR_SWAPCACHE, NR_UNEVICTABLE, NR_WRITEBACK, NR_WRITEBACK_TEMP
} from '../../mm/vmstat'

/** sysctl_overcommit_ratio (mm/util.c); the mmap layer may change it. */
export const OVERCOMMIT_RATIO = 50

/** si_mem_available(): an estimate of memory available without swapping. */
export function si_mem_available(mm: Mm): number {
  const pa = mm.pa
  const ns = mm.pgdat.node_stat
  let wmark_low = 0
  for (const z of pa.zones) wmark_low += z.low_wmark_pages()
  let available = pa.global_zone_page_state(NR_FREE_PAGES) - pa.totalreserve_pages
  let pagecache = ns[NR_ACTIVE_FILE]! + ns[NR_INACTIVE_FILE]!
  pagecache -= Math.min(Math.floor(pagecache / 2), wmark_low)
  available += pagecache
  const reclaimable = Math.floor(ns[NR_SLAB_RECLAIMABLE_B]! / 4096) + ns[NR_KERNEL_MISC_RECLAIMABLE]!
  available += reclaimable - Math.min(Math.floor(reclaimable / 2), wmark_low)
  return available < 0 ? 0 : available
}

function line(label: string, kb: number): string {
  return `${(label + ':').padEnd(16, ' ')}${String(kb).padStart(8, ' ')} kB\n`
}

export function meminfo(mm: Mm): string {
  const pa = mm.pa
  const ns = mm.pgdat.node_stat
  const K = (p: number): number => p * 4
  const totalram = pa.totalram_pages
  const freeram = pa.global_zone_page_state(NR_FREE_PAGES)
  let freehigh = 0
  for (const z of pa.zones) if (z.idx >= ZONE_HIGHMEM && z.is_highmem(pa.highmemPresent)) freehigh += z.vm_stat[NR_FREE_PAGES]!
  const totalhigh = pa.totalhigh_pages
  const cached = Math.max(0, ns[NR_FILE_PAGES]! - ns[NR_SWAPCACHE]!)
  const sreclaimable = Math.floor(ns[NR_SLAB_RECLAIMABLE_B]! / 4096)
  const sunreclaim = Math.floor(ns[NR_SLAB_UNRECLAIMABLE_B]! / 4096)
  // mm/util.c vm_commit_limit(): the overcommit share of RAM plus all of swap.
  const commitLimit = Math.floor((totalram * OVERCOMMIT_RATIO) / 100) + mm.pgdat.total_swap_pages
  const L = mm.layout
  let s = ''
  s += line('MemTotal', K(totalram))
  s += line('MemFree', K(freeram))
  s += line('MemAvailable', K(si_mem_available(mm)))
  s += line('Buffers', 0)
  s += line('Cached', K(cached))
  s += line('SwapCached', K(ns[NR_SWAPCACHE]!))
  s += line('Active', K(ns[NR_ACTIVE_ANON]! + ns[NR_ACTIVE_FILE]!))
  s += line('Inactive', K(ns[NR_INACTIVE_ANON]! + ns[NR_INACTIVE_FILE]!))
  s += line('Active(anon)', K(ns[NR_ACTIVE_ANON]!))
  s += line('Inactive(anon)', K(ns[NR_INACTIVE_ANON]!))
  s += line('Active(file)', K(ns[NR_ACTIVE_FILE]!))
  s += line('Inactive(file)', K(ns[NR_INACTIVE_FILE]!))
  s += line('Unevictable', K(ns[NR_UNEVICTABLE]!))
  s += line('Mlocked', K(pa.global_zone_page_state(NR_MLOCK)))
  s += line('HighTotal', K(totalhigh))
  s += line('HighFree', K(freehigh))
  s += line('LowTotal', K(totalram - totalhigh))
  s += line('LowFree', K(freeram - freehigh))
  s += line('SwapTotal', K(mm.pgdat.total_swap_pages))
  s += line('SwapFree', K(mm.pgdat.nr_swap_pages))
  s += line('Dirty', K(ns[NR_FILE_DIRTY]!))
  s += line('Writeback', K(ns[NR_WRITEBACK]!))
  s += line('AnonPages', K(ns[NR_ANON_MAPPED]!))
  s += line('Mapped', K(ns[NR_FILE_MAPPED]!))
  s += line('Shmem', K(ns[NR_SHMEM]!))
  s += line('KReclaimable', K(sreclaimable + ns[NR_KERNEL_MISC_RECLAIMABLE]!))
  s += line('Slab', K(sreclaimable + sunreclaim))
  s += line('SReclaimable', K(sreclaimable))
  s += line('SUnreclaim', K(sunreclaim))
  s += line('KernelStack', ns[NR_KERNEL_STACK_KB]!)
  s += line('PageTables', K(ns[NR_PAGETABLE]!))
  s += line('SecPageTables', K(ns[NR_SECONDARY_PAGETABLE]!))
  s += line('NFS_Unstable', 0)
  s += line('Bounce', K(pa.global_zone_page_state(NR_BOUNCE)))
  s += line('WritebackTmp', K(ns[NR_WRITEBACK_TEMP]!))
  s += line('CommitLimit', K(commitLimit))
  s += line('Committed_AS', K(mm.vm_committed_as))
  s += line('VmallocTotal', Math.floor((L.VMALLOC_END - L.VMALLOC_START) / 1024))
  s += line('VmallocUsed', K(mm.nr_vmalloc_pages))
  s += line('VmallocChunk', 0)
  s += line('Percpu', K(mm.pcpu_nr_pages))
  s += line('CmaTotal', K(pa.totalcma_pages))
  s += line('CmaFree', K(pa.global_zone_page_state(NR_FREE_CMA_PAGES)))
  return s
}
