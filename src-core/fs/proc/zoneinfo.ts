/*
 * mm/vmstat.c zoneinfo_show(): every zone, populated or not (so the effect
 * of lowmem_reserve_ratio is visible), with the node stats under the first
 * populated zone and, for populated zones, zone stats and per-cpu pagesets
 * of the online CPUs.
 *
 * Left out: NUMA event counters (no NUMA).
 */

import type { Mm } from '../../mm/mm_init'
import { NR_VM_NODE_STAT_ITEMS, NR_VM_ZONE_STAT_ITEMS, node_stat_names, vmstat_item_in_bytes, zone_stat_names } from '../../mm/vmstat'

export function zoneinfo(mm: Mm): string {
  const pa = mm.pa
  const pg = mm.pgdat
  const first = pa.zones.find((z) => z.populated())
  let s = ''
  for (const z of pa.zones) {
    s += `Node 0, zone ${z.name.padStart(8, ' ')}`
    if (z === first) {
      s += '\n  per-node stats'
      for (let i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
        const v = vmstat_item_in_bytes(i) ? Math.floor(pg.node_stat[i]! / 4096) : pg.node_stat[i]!
        s += `\n      ${node_stat_names[i]!.padEnd(12, ' ')} ${v}`
      }
    }
    s +=
      `\n  pages free     ${z.vm_stat[0]}` +
      `\n        boost    ${z.watermark_boost}` +
      `\n        min      ${z.min_wmark_pages()}` +
      `\n        low      ${z.low_wmark_pages()}` +
      `\n        high     ${z.high_wmark_pages()}` +
      `\n        spanned  ${z.spanned_pages}` +
      `\n        present  ${z.present_pages}` +
      `\n        managed  ${z.managed_pages}` +
      `\n        cma      ${z.cma_pages}`
    s += `\n        protection: (${Array.from(z.lowmem_reserve).join(', ')})`
    if (!z.populated()) {
      s += '\n'
      continue
    }
    for (let i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) s += `\n      ${zone_stat_names[i]!.padEnd(12, ' ')} ${z.vm_stat[i]}`
    s += '\n  pagesets'
    for (let c = 0; c < pa.nr_online_cpus; c++) {
      const p = z.pcp[c]!
      s += `\n    cpu: ${c}\n              count: ${p.count}\n              high:  ${p.high}\n              batch: ${p.batch}`
      s += `\n  vm stats threshold: ${z.stat_threshold}`
    }
    s += `\n  node_unreclaimable:  0\n  start_pfn:           ${z.zone_start_pfn}\n`
  }
  return s
}
