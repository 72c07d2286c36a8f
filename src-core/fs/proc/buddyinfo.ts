/*
 * mm/vmstat.c frag_show(): /proc/buddyinfo, free blocks per order for each
 * populated zone.
 */

import type { Mm } from '../../mm/mm_init'
import { MAX_ORDER } from '../../mm/mmzone'

export function buddyinfo(mm: Mm): string {
  let s = ''
  for (const z of mm.pa.zones) {
    if (!z.populated()) continue
    s += `Node 0, zone ${z.name.padStart(8, ' ')} `
    for (let o = 0; o < MAX_ORDER; o++) s += `${String(z.nr_free[o]).padStart(6, ' ')} `
    s += '\n'
  }
  return s
}
