/*
 * inspect-frame: one frame's struct page, decoded for people (flags by name,
 * zone, pageblock migratetype, the free block it lies in), its addresses, and
 * optionally its 4096 bytes for the hexdump.
 */

import type { Mm } from '../mm/mm_init'
import {
  MAX_ORDER, PAGE_SIZE, PAGE_OWNER_NAMES, PG_active, PG_buddy, PG_dirty, PG_head, PG_highmem_hint, PG_lru, PG_pcp,
  PG_reserved, PG_slab, PG_swapbacked, PG_tail, PG_uptodate, migratetype_names
} from '../mm/mmzone'
import { PHYS_OFFSET, PAGE_OFFSET } from '../mm/mm_init'
import { OWNER_CLASS } from './frame_map'
import { FrameClass, type FrameInfo } from './types'

/** Flag bits in the order dump_page() prints them (pageflag names as in include/trace/events/mmflags.h). */
const FLAG_NAMES: Array<[number, string]> = [
  [PG_reserved, 'reserved'],
  [PG_head, 'head'],
  [PG_tail, 'tail'],
  [PG_lru, 'lru'],
  [PG_active, 'active'],
  [PG_slab, 'slab'],
  [PG_dirty, 'dirty'],
  [PG_uptodate, 'uptodate'],
  [PG_swapbacked, 'swapbacked'],
  [PG_buddy, 'buddy'],
  [PG_pcp, 'pcp'],
  [PG_highmem_hint, 'highmem']
]

export function decodeFlags(flags: number): string[] {
  const out: string[] = []
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(name)
  return out
}

/** The free buddy block frame index i lies in, as [head index, order], or null. */
function findBuddyBlock(mm: Mm, i: number): [number, number] | null {
  const pg = mm.pgdat
  for (let o = 0; o < MAX_ORDER; o++) {
    const head = i & ~((1 << o) - 1)
    // Frame indices are pfn - node_start_pfn; the node start is MAX_ORDER aligned on this board.
    if (head < 0 || head >= pg.nframes) continue
    if (pg.flags[head]! & PG_buddy && pg.order[head] === o) return [head, o]
  }
  return null
}

/** inspect-frame for `pfn`; null if the pfn has no struct page. */
export function inspectFrame(mm: Mm | null, pfn: number, withBytes: boolean): FrameInfo | null {
  if (!mm || !mm.pgdat || !Number.isInteger(pfn) || !mm.pgdat.pfn_valid(pfn)) return null
  const pg = mm.pgdat
  const i = pfn - pg.node_start_pfn
  const phys = pfn * PAGE_SIZE
  const highmem = pfn >= mm.layout.max_low_pfn
  const flags = pg.flags[i]!
  const block = findBuddyBlock(mm, i)
  const cls = block ? FrameClass.FREE0 + block[1] : flags & PG_slab ? FrameClass.SLAB : OWNER_CLASS[pg.owner[i]!]!
  const stored = mm.phys.peek(pfn)
  return {
    pfn,
    phys,
    virt: highmem ? null : phys - PHYS_OFFSET + PAGE_OFFSET,
    highmem,
    zone: pg.page_zone(pfn).name,
    migratetype: migratetype_names[pg.get_pageblock_migratetype(pfn)] ?? '?',
    flags,
    flagNames: decodeFlags(flags),
    refcount: pg.refcount[i]!,
    mapcount: pg.mapcount[i]!,
    order: pg.order[i]!,
    owner: PAGE_OWNER_NAMES[pg.owner[i]!] ?? `owner ${pg.owner[i]}`,
    cls,
    buddy: block
      ? { head: block[0] + pg.node_start_pfn, order: block[1], migratetype: migratetype_names[pg.buddymt[block[0]]!] ?? '?' }
      : null,
    pcp: (flags & PG_pcp) !== 0,
    bytes: withBytes ? (stored ? stored.slice() : new Uint8Array(PAGE_SIZE)) : null,
    untouched: !stored
  }
}
