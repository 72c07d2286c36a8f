/*
 * mm/vmstat.c vmstat_show(): /proc/vmstat, the zone counters summed over
 * zones, the node counters (the _B items in pages), the dirty thresholds,
 * then the event counters.
 */

import type { Mm } from '../../mm/mm_init'
import {
  NR_ACTIVE_FILE, NR_FREE_PAGES, NR_INACTIVE_FILE, NR_VM_NODE_STAT_ITEMS, NR_VM_ZONE_STAT_ITEMS,
  NR_ZONE_ACTIVE_FILE, NR_ZONE_INACTIVE_FILE, node_stat_names, vm_event_names, vmstat_item_in_bytes, zone_stat_names
} from '../../mm/vmstat'

export const VM_DIRTY_RATIO = 20
export const DIRTY_BACKGROUND_RATIO = 10

/** global_dirtyable_memory() and domain_dirty_limits() for the global domain. */
export function global_dirty_limits(mm: Mm): { thresh: number; bg_thresh: number } {
  const pa = mm.pa
  const ns = mm.pgdat.node_stat
  let x = pa.global_zone_page_state(NR_FREE_PAGES)
  x -= Math.min(x, pa.totalreserve_pages)
  x += ns[NR_INACTIVE_FILE]! + ns[NR_ACTIVE_FILE]!
  // highmem is not dirtyable (vm_highmem_is_dirtyable = 0)
  let high = 0
  for (const z of pa.zones) {
    if (z.idx === 0 || !z.is_highmem(pa.highmemPresent)) continue
    let nr = z.vm_stat[NR_FREE_PAGES]!
    nr -= Math.min(nr, z.high_wmark_pages())
    nr += z.vm_stat[NR_ZONE_INACTIVE_FILE]! + z.vm_stat[NR_ZONE_ACTIVE_FILE]!
    high += nr
  }
  x -= Math.min(x, high)
  const ratio = Math.floor((VM_DIRTY_RATIO * 4096) / 100)
  const bg_ratio = Math.floor((DIRTY_BACKGROUND_RATIO * 4096) / 100)
  const thresh = Math.floor((ratio * x) / 4096)
  let bg_thresh = Math.floor((bg_ratio * x) / 4096)
  if (bg_thresh >= thresh) bg_thresh = Math.floor(thresh / 2)
  return { thresh, bg_thresh }
}

export function vmstat(mm: Mm): string {
  const pa = mm.pa
  const pg = mm.pgdat
  let s = ''
  for (let i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) s += `${zone_stat_names[i]} ${pa.global_zone_page_state(i)}\n`
  for (let i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
    s += `${node_stat_names[i]} ${vmstat_item_in_bytes(i) ? Math.floor(pg.node_stat[i]! / 4096) : pg.node_stat[i]}\n`
  const d = global_dirty_limits(mm)
  s += `nr_dirty_threshold ${d.thresh}\nnr_dirty_background_threshold ${d.bg_thresh}\n`
  for (let i = 0; i < vm_event_names.length; i++) s += `${vm_event_names[i]} ${pg.vm_events[i]}\n`
  s += 'nr_unstable 0\n'
  return s
}
