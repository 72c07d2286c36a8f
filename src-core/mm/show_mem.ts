/*
 * lib/show_mem.c __show_mem() and mm/page_alloc.c __show_free_areas(): the
 * "Mem-Info:" block that warn_alloc and the OOM killer print. Zones above
 * `max_zone_idx` (gfp_zone of the failing mask) are left out, so a
 * GFP_KERNEL failure lists only Normal.
 *
 * Left out: hugetlb lines (no HUGETLBFS), NUMA node filtering.
 */

import type { KernelContext } from '../kernel/context'
import { MAX_NR_ZONES, MAX_ORDER, MIGRATE_TYPES, ZONE_HIGHMEM, migratetype_letters, MAX_RECLAIM_RETRIES } from './mmzone'
import type { PageAlloc } from './page_alloc'
import {
  NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_BOUNCE, NR_FILE_DIRTY, NR_FILE_MAPPED, NR_FILE_PAGES, NR_FREE_CMA_PAGES,
  NR_FREE_PAGES, NR_INACTIVE_ANON, NR_INACTIVE_FILE, NR_ISOLATED_ANON, NR_ISOLATED_FILE, NR_KERNEL_MISC_RECLAIMABLE,
  NR_KERNEL_STACK_KB, NR_MLOCK, NR_PAGETABLE, NR_SECONDARY_PAGETABLE, NR_SHMEM, NR_SLAB_RECLAIMABLE_B,
  NR_SLAB_UNRECLAIMABLE_B, NR_UNEVICTABLE, NR_WRITEBACK, NR_WRITEBACK_TEMP, NR_ZONE_ACTIVE_ANON,
  NR_ZONE_ACTIVE_FILE, NR_ZONE_INACTIVE_ANON, NR_ZONE_INACTIVE_FILE, NR_ZONE_UNEVICTABLE, NR_ZONE_WRITE_PENDING
} from './vmstat'

const K = (pages: number): number => pages * 4

/** The lines of __show_free_areas() + __show_mem(), one string per printk record. */
export function show_mem_records(pa: PageAlloc, max_zone_idx: number = MAX_NR_ZONES - 1): string[] {
  const pg = pa.pgdat
  const ns = (i: number): number => pg.node_stat[i]!
  const nsPages = (i: number): number => Math.floor(pg.node_stat[i]! / 4096)
  const zones = pa.zones.filter((z) => z.populated() && z.idx <= max_zone_idx)
  const out: string[] = []
  let free_pcp = 0
  for (const z of zones) free_pcp += pa.zone_pcp_count(z)
  out.push(
    `active_anon:${ns(NR_ACTIVE_ANON)} inactive_anon:${ns(NR_INACTIVE_ANON)} isolated_anon:${ns(NR_ISOLATED_ANON)}\n` +
      ` active_file:${ns(NR_ACTIVE_FILE)} inactive_file:${ns(NR_INACTIVE_FILE)} isolated_file:${ns(NR_ISOLATED_FILE)}\n` +
      ` unevictable:${ns(NR_UNEVICTABLE)} dirty:${ns(NR_FILE_DIRTY)} writeback:${ns(NR_WRITEBACK)}\n` +
      ` slab_reclaimable:${nsPages(NR_SLAB_RECLAIMABLE_B)} slab_unreclaimable:${nsPages(NR_SLAB_UNRECLAIMABLE_B)}\n` +
      ` mapped:${ns(NR_FILE_MAPPED)} shmem:${ns(NR_SHMEM)} pagetables:${ns(NR_PAGETABLE)}\n` +
      ` sec_pagetables:${ns(NR_SECONDARY_PAGETABLE)} bounce:${pa.global_zone_page_state(NR_BOUNCE)}\n` +
      ` kernel_misc_reclaimable:${ns(NR_KERNEL_MISC_RECLAIMABLE)}\n` +
      ` free:${pa.global_zone_page_state(NR_FREE_PAGES)} free_pcp:${free_pcp} free_cma:${pa.global_zone_page_state(NR_FREE_CMA_PAGES)}`
  )
  if (zones.some((z) => z.managed_pages > 0))
    out.push(
      `Node 0 active_anon:${K(ns(NR_ACTIVE_ANON))}kB inactive_anon:${K(ns(NR_INACTIVE_ANON))}kB` +
        ` active_file:${K(ns(NR_ACTIVE_FILE))}kB inactive_file:${K(ns(NR_INACTIVE_FILE))}kB` +
        ` unevictable:${K(ns(NR_UNEVICTABLE))}kB isolated(anon):${K(ns(NR_ISOLATED_ANON))}kB` +
        ` isolated(file):${K(ns(NR_ISOLATED_FILE))}kB mapped:${K(ns(NR_FILE_MAPPED))}kB dirty:${K(ns(NR_FILE_DIRTY))}kB` +
        ` writeback:${K(ns(NR_WRITEBACK))}kB shmem:${K(ns(NR_SHMEM))}kB writeback_tmp:${K(ns(NR_WRITEBACK_TEMP))}kB` +
        ` kernel_stack:${ns(NR_KERNEL_STACK_KB)}kB pagetables:${K(ns(NR_PAGETABLE))}kB` +
        ` sec_pagetables:${K(ns(NR_SECONDARY_PAGETABLE))}kB all_unreclaimable? ${pg.kswapd_failures >= MAX_RECLAIM_RETRIES ? 'yes' : 'no'}`
    )
  for (const z of zones) {
    const zs = (i: number): number => z.vm_stat[i]!
    const pcp = pa.zone_pcp_count(z)
    const local = z.pcp[pa.cpu]?.count ?? 0
    out.push(
      `${z.name} free:${K(zs(NR_FREE_PAGES))}kB boost:${K(z.watermark_boost)}kB min:${K(z.min_wmark_pages())}kB` +
        ` low:${K(z.low_wmark_pages())}kB high:${K(z.high_wmark_pages())}kB reserved_highatomic:${K(z.nr_reserved_highatomic)}KB` +
        ` active_anon:${K(zs(NR_ZONE_ACTIVE_ANON))}kB inactive_anon:${K(zs(NR_ZONE_INACTIVE_ANON))}kB` +
        ` active_file:${K(zs(NR_ZONE_ACTIVE_FILE))}kB inactive_file:${K(zs(NR_ZONE_INACTIVE_FILE))}kB` +
        ` unevictable:${K(zs(NR_ZONE_UNEVICTABLE))}kB writepending:${K(zs(NR_ZONE_WRITE_PENDING))}kB` +
        ` present:${K(z.present_pages)}kB managed:${K(z.managed_pages)}kB mlocked:${K(zs(NR_MLOCK))}kB` +
        ` bounce:${K(zs(NR_BOUNCE))}kB free_pcp:${K(pcp)}kB local_pcp:${K(local)}kB free_cma:${K(zs(NR_FREE_CMA_PAGES))}kB`
    )
    out.push(`lowmem_reserve[]: ${Array.from(z.lowmem_reserve).join(' ')}`)
  }
  for (const z of zones) {
    let line = `${z.name}: `
    let total = 0
    for (let o = 0; o < MAX_ORDER; o++) {
      const nr = z.nr_free[o]!
      total += nr << o
      line += `${nr}*${4 << o}kB `
      if (nr) {
        let types = ''
        for (let mt = 0; mt < MIGRATE_TYPES; mt++)
          if (!pg.list_empty(z.freeListBase + o * MIGRATE_TYPES + mt)) types += migratetype_letters[mt]
        line += `(${types}) `
      }
    }
    out.push(`${line}= ${K(total)}kB`)
  }
  out.push(`${ns(NR_FILE_PAGES)} total pagecache pages`)
  out.push('0 pages in swap cache')
  out.push(`Free swap  = ${pg.nr_swap_pages * 4}kB`)
  out.push(`Total swap = ${pg.total_swap_pages * 4}kB`)
  let total = 0
  let reserved = 0
  let highmem = 0
  for (const z of pa.zones) {
    if (!z.populated()) continue
    total += z.present_pages
    reserved += z.present_pages - z.managed_pages
    if (z.idx >= ZONE_HIGHMEM && z.is_highmem(pa.highmemPresent)) highmem += z.present_pages
  }
  out.push(`${total} pages RAM`)
  out.push(`${highmem} pages HighMem/MovableOnly`)
  out.push(`${reserved} pages reserved`)
  out.push(`${pa.totalcma_pages} pages cma reserved`)
  return out
}

/** __show_mem(filter, NULL, max_zone_idx): prints "Mem-Info:" and the block. */
export function show_mem(pa: PageAlloc, k: KernelContext, max_zone_idx: number = MAX_NR_ZONES - 1): void {
  k.printk('Mem-Info:\n')
  for (const r of show_mem_records(pa, max_zone_idx)) k.printk(r + '\n')
}
