/*
 * /proc/slabinfo (mm/slab_common.c slab_show / cache_show, SLUB's
 * get_slabinfo): version 2.1, one line per cache on slab_caches, newest
 * first. Aliases made by merging have no line of their own. SLUB has no
 * tunables, so those columns are 0.
 *
 * Left out: the write side (SLAB's tunables; SLUB returns -EIO).
 */

import type { SlabCommon } from '../../mm/slab_common'

export const SLABINFO_HEADER =
  'slabinfo - version: 2.1\n' +
  '# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n'

const pad = (v: number | string, w: number): string => String(v).padStart(w, ' ')

export function slabinfo_show(sc: SlabCommon): string {
  let out = SLABINFO_HEADER
  for (let j = sc.slab_caches.length - 1; j >= 0; j--) {
    const s = sc.slab_caches[j]!
    const si = sc.slub.get_slabinfo(s)
    out +=
      `${s.name.padEnd(17, ' ')} ${pad(si.active_objs, 6)} ${pad(si.num_objs, 6)} ${pad(s.size, 6)} ${pad(si.objects_per_slab, 4)} ${pad(1 << si.cache_order, 4)}` +
      ` : tunables ${pad(0, 4)} ${pad(0, 4)} ${pad(0, 4)}` +
      ` : slabdata ${pad(si.active_slabs, 6)} ${pad(si.num_slabs, 6)} ${pad(0, 6)}\n`
  }
  return out
}

/** The /proc registration record: { read } as Kernel.registerAll expects. */
export function slabinfoFile(sc: SlabCommon): { read(): string } {
  return { read: () => slabinfo_show(sc) }
}
