/*
 * The slab caches view: what /proc/slabinfo prints (fs/proc/slabinfo.ts,
 * SLUB's get_slabinfo), one row per cache on slab_caches, newest first;
 * caches merged into another appear as its aliases.
 */

import type { Kmem } from '../mm/kmem'
import type { SlabRow } from './types'

export function slabSummary(kmem: Kmem | null): SlabRow[] | null {
  if (!kmem) return null
  const sc = kmem.slab
  const rows: SlabRow[] = []
  for (let j = sc.slab_caches.length - 1; j >= 0; j--) {
    const s = sc.slab_caches[j]!
    const si = sc.slub.get_slabinfo(s)
    const pagesPerSlab = 1 << si.cache_order
    rows.push({
      name: s.name,
      activeObjs: si.active_objs,
      numObjs: si.num_objs,
      objSize: s.size,
      objectSize: s.object_size,
      objPerSlab: si.objects_per_slab,
      pagesPerSlab,
      activeSlabs: si.active_slabs,
      numSlabs: si.num_slabs,
      pages: si.num_slabs * pagesPerSlab,
      aliases: [...s.aliases]
    })
  }
  return rows
}
