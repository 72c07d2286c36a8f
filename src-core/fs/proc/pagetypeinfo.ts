/*
 * mm/vmstat.c pagetypeinfo_show(): free blocks per migratetype and order,
 * and pageblocks per migratetype, for each populated zone.
 *
 * Left out: the mixed-block counts (CONFIG_PAGE_OWNER only).
 */

import type { Mm } from '../../mm/mm_init'
import { MAX_ORDER, MIGRATE_TYPES, migratetype_names, pageblock_nr_pages, pageblock_order } from '../../mm/mmzone'

export function pagetypeinfo(mm: Mm): string {
  const pg = mm.pgdat
  let s = `Page block order: ${pageblock_order}\nPages per block:  ${pageblock_nr_pages}\n\n`
  s += 'Free pages count per migrate type at order'.padEnd(43, ' ') + ' '
  for (let o = 0; o < MAX_ORDER; o++) s += `${String(o).padStart(6, ' ')} `
  s += '\n'
  for (const z of mm.pa.zones) {
    if (!z.populated()) continue
    for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
      s += `Node ${'0'.padStart(4, ' ')}, zone ${z.name.padStart(8, ' ')}, type ${migratetype_names[mt]!.padStart(12, ' ')} `
      for (let o = 0; o < MAX_ORDER; o++) {
        // the kernel stops counting at 100000 and prints ">100000"
        const n = Math.min(z.nr_free_mt[o * MIGRATE_TYPES + mt]!, 100000)
        s += `${n >= 100000 ? '>' : ''}${String(n).padStart(6, ' ')} `
      }
      s += '\n'
    }
  }
  s += '\n' + 'Number of blocks type '.padEnd(23, ' ')
  for (let mt = 0; mt < MIGRATE_TYPES; mt++) s += `${migratetype_names[mt]!.padStart(12, ' ')} `
  s += '\n'
  for (const z of mm.pa.zones) {
    if (!z.populated()) continue
    const count = new Array<number>(MIGRATE_TYPES).fill(0)
    for (let pfn = z.zone_start_pfn; pfn < z.zone_end_pfn; pfn += pageblock_nr_pages) count[pg.get_pageblock_migratetype(pfn)]!++
    s += `Node 0, zone ${z.name.padStart(8, ' ')} `
    for (let mt = 0; mt < MIGRATE_TYPES; mt++) s += `${String(count[mt]).padStart(12, ' ')} `
    s += '\n'
  }
  return s
}
