/*
 * Saving and restoring the memory model (not a kernel mechanism): every
 * field by name, typed arrays copied, so a snapshot survives structured
 * cloning and a restored machine continues byte for byte like the original.
 * The slow-path hooks are not state: the restoring layer plugs them again.
 *
 * Versioned: MM_STATE_VERSION changes whenever a field is added, removed or
 * changes meaning, and mm_from_state refuses other versions.
 */

import type { KernelContext } from '../kernel/context'
import type { MemblockRegion } from './memblock'
import { type ArmLayout, Mm } from './mm_init'
import { PglistData } from './mmzone'
import { PageAlloc } from './page_alloc'

export const MM_STATE_VERSION = 1

interface ZoneState {
  zone_start_pfn: number
  spanned_pages: number
  present_pages: number
  managed_pages: number
  cma_pages: number
  _watermark: Int32Array
  watermark_boost: number
  lowmem_reserve: Int32Array
  nr_reserved_highatomic: number
  nr_free: Int32Array
  nr_free_mt: Int32Array
  vm_stat: Float64Array
  pcp: Array<{ count: number; high: number; batch: number; free_factor: number }>
  stat_threshold: number
  boosted: boolean
}

export interface MmState {
  version: number
  layout: ArmLayout
  scalars: Record<string, number | boolean>
  cma_bitmap: Uint8Array
  memblock: { memory: Array<{ base: number; size: number }>; reserved: MemblockRegion[]; current_limit: number }
  pgdat: {
    node_start_pfn: number
    nframes: number
    nr_cpu_slots: number
    columns: Record<string, Uint32Array | Int32Array | Uint8Array | Float64Array>
  }
  zones: ZoneState[]
  pa: Record<string, number | boolean | number[]>
  phys: Array<[number, Uint8Array]>
}

const MM_SCALARS = [
  'initrd_start', 'initrd_end', 'dtb_start', 'cma_base', 'cma_size', 'mem_map_phys', 'mem_map_first_pfn',
  'nr_kernel_pages', 'nr_all_pages', 'nr_vmalloc_pages', 'pcpu_nr_pages', 'vm_committed_as', 'cmaActivated',
  'atomicPoolDone', 'bouncePoolDone', 'bootWorkloadDone', 'initrdFreed', 'initmemFreed'
] as const

const PA_SCALARS = [
  'min_free_kbytes', 'user_min_free_kbytes', 'watermark_scale_factor', 'watermark_boost_factor',
  'percpu_pagelist_high_fraction', 'totalreserve_pages', 'totalram_pages', 'totalhigh_pages', 'totalcma_pages',
  'page_group_by_mobility_disabled', 'pcp_ready', 'nr_online_cpus', 'warned_max_order'
] as const

const COLUMNS = [
  'flags', 'refcount', 'order', 'zoneid', 'owner', 'mapcount', 'pcpmt', 'buddymt', 'pageblock_mt', 'next', 'prev',
  'node_stat', 'vm_events'
] as const

type Rec = Record<string, unknown>

export function mm_get_state(mm: Mm): MmState {
  const m = mm as unknown as Rec
  const pa = mm.pa as unknown as Rec
  const pg = mm.pgdat as unknown as Rec
  const scalars: Record<string, number | boolean> = {}
  for (const k of MM_SCALARS) scalars[k] = m[k] as number | boolean
  const paState: Record<string, number | boolean | number[]> = {}
  for (const k of PA_SCALARS) paState[k] = pa[k] as number | boolean
  paState.sysctl_lowmem_reserve_ratio = [...mm.pa.sysctl_lowmem_reserve_ratio]
  paState.nopage_rs = [mm.pa.nopage_rs.begin, mm.pa.nopage_rs.printed, mm.pa.nopage_rs.missed]
  const columns: MmState['pgdat']['columns'] = {}
  for (const c of COLUMNS) columns[c] = (pg[c] as Uint8Array).slice()
  return {
    version: MM_STATE_VERSION,
    layout: { ...mm.layout },
    scalars,
    cma_bitmap: mm.cma_bitmap.slice(),
    memblock: {
      memory: mm.memblock.memory.map((r) => ({ ...r })),
      reserved: mm.memblock.reserved.map((r) => ({ ...r })),
      current_limit: mm.memblock.current_limit
    },
    pgdat: { node_start_pfn: mm.pgdat.node_start_pfn, nframes: mm.pgdat.nframes, nr_cpu_slots: mm.pgdat.nr_cpu_slots, columns },
    zones: mm.pgdat.zones.map((z) => ({
      zone_start_pfn: z.zone_start_pfn,
      spanned_pages: z.spanned_pages,
      present_pages: z.present_pages,
      managed_pages: z.managed_pages,
      cma_pages: z.cma_pages,
      _watermark: z._watermark.slice(),
      watermark_boost: z.watermark_boost,
      lowmem_reserve: z.lowmem_reserve.slice(),
      nr_reserved_highatomic: z.nr_reserved_highatomic,
      nr_free: z.nr_free.slice(),
      nr_free_mt: z.nr_free_mt.slice(),
      vm_stat: z.vm_stat.slice(),
      pcp: z.pcp.map((p) => ({ count: p.count, high: p.high, batch: p.batch, free_factor: p.free_factor })),
      stat_threshold: z.stat_threshold,
      boosted: z.boosted
    })),
    pa: paState,
    phys: mm.phys.get_state()
  }
}

/** A new memory object, in the state `s` was taken in, on kernel context `k`. */
export function mm_from_state(k: KernelContext, s: MmState): Mm {
  if (s.version !== MM_STATE_VERSION) throw new Error(`mm snapshot version ${s.version}, expected ${MM_STATE_VERSION}`)
  const mm = new Mm(k)
  const m = mm as unknown as Rec
  mm.layout = { ...s.layout }
  for (const key of MM_SCALARS) m[key] = s.scalars[key]
  mm.cma_bitmap = s.cma_bitmap.slice()
  for (const r of s.memblock.memory) mm.memblock.memory.push({ ...r })
  for (const r of s.memblock.reserved) mm.memblock.reserved.push({ ...r })
  mm.memblock.current_limit = s.memblock.current_limit
  const pgdat = new PglistData(s.pgdat.node_start_pfn, s.pgdat.nframes, s.pgdat.nr_cpu_slots)
  const pg = pgdat as unknown as Rec
  for (const c of COLUMNS) (pg[c] as Uint8Array).set(s.pgdat.columns[c] as Uint8Array)
  s.zones.forEach((zs, i) => {
    const z = pgdat.zones[i]!
    z.zone_start_pfn = zs.zone_start_pfn
    z.spanned_pages = zs.spanned_pages
    z.present_pages = zs.present_pages
    z.managed_pages = zs.managed_pages
    z.cma_pages = zs.cma_pages
    z._watermark.set(zs._watermark)
    z.watermark_boost = zs.watermark_boost
    z.lowmem_reserve.set(zs.lowmem_reserve)
    z.nr_reserved_highatomic = zs.nr_reserved_highatomic
    z.nr_free.set(zs.nr_free)
    z.nr_free_mt.set(zs.nr_free_mt)
    z.vm_stat.set(zs.vm_stat)
    zs.pcp.forEach((p, c) => Object.assign(z.pcp[c]!, p))
    z.stat_threshold = zs.stat_threshold
    z.boosted = zs.boosted
  })
  mm.pgdat = pgdat
  mm.phys.set_state(s.phys)
  const pa = new PageAlloc(pgdat, k, mm.phys, s.layout.max_pfn > s.layout.max_low_pfn)
  const p = pa as unknown as Rec
  for (const key of PA_SCALARS) p[key] = s.pa[key]
  const ratio = s.pa.sysctl_lowmem_reserve_ratio as number[]
  ratio.forEach((v, i) => (pa.sysctl_lowmem_reserve_ratio[i] = v))
  const rs = s.pa.nopage_rs as number[]
  pa.nopage_rs.begin = rs[0]!
  pa.nopage_rs.printed = rs[1]!
  pa.nopage_rs.missed = rs[2]!
  mm.pa = pa
  return mm
}
