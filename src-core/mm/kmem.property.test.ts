/*
 * Property test: random mixes of kmalloc/kfree/vmalloc/vfree/kmap/kunmap on
 * a booted 1 GB board, with the allocators' invariants checked after each
 * step:
 *   - the buddy allocator's own invariants; no frame both free and used, and
 *     no frame used by two owners (slab pages, vmalloc pages, test pages);
 *   - slab counts: per cache, nr_slabs/total_objects match the slab frames,
 *     and the objects the test holds are exactly the cache's allocated count;
 *   - vmap areas sorted and disjoint, each VM_ALLOC area with an unmapped
 *     guard page after it;
 *   - every mapped virtual page (vmalloc, pkmap, fixmap) translates to the
 *     frame that backs it;
 *   - live objects never overlap: each holds its tag until freed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GFP_HIGHUSER_MOVABLE, GFP_KERNEL } from './gfp'
import { boot_mm } from './index'
import { Kmem } from './kmem'
import { PageOwner } from './mmzone'
import { makeKernel } from './testing'
import { VM_ALLOC, VM_NO_GUARD } from './vmalloc'

type Op =
  | { t: 'kmalloc'; size: number }
  | { t: 'kfree'; i: number }
  | { t: 'vmalloc'; pages: number }
  | { t: 'vfree'; i: number }
  | { t: 'kmap'; local: boolean }
  | { t: 'kunmap'; i: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 20000 }).map((size) => ({ t: 'kmalloc' as const, size })) },
  { weight: 4, arbitrary: fc.nat(1000).map((i) => ({ t: 'kfree' as const, i })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map((pages) => ({ t: 'vmalloc' as const, pages })) },
  { weight: 2, arbitrary: fc.nat(1000).map((i) => ({ t: 'vfree' as const, i })) },
  { weight: 2, arbitrary: fc.boolean().map((local) => ({ t: 'kmap' as const, local })) },
  { weight: 2, arbitrary: fc.nat(1000).map((i) => ({ t: 'kunmap' as const, i })) }
)

/** Boot-time areas (43 k device PTEs) are checked once, after boot; steps check the areas the test made. */
function check(km: Kmem, live: Map<number, number>, kmaps: Array<{ pfn: number; va: number; local: boolean }>, bootAreas: Set<unknown> = new Set()): void {
  const mm = km.mm
  mm.pa.checkInvariants()
  const pg = mm.pgdat
  const base = pg.node_start_pfn
  const user = new Int8Array(pg.nframes) // 1 slab, 2 vmalloc-backed, 3 kmap test page
  const claim = (pfn: number, who: number): void => {
    const i = pfn - base
    if (user[i] && user[i] !== who) throw new Error(`frame ${pfn} used by ${user[i]} and ${who}`)
    user[i] = who
  }
  // slab frames and per-cache counts
  const slub = km.slab.slub
  const slabs = new Map<number, number>()
  const objs = new Map<number, number>()
  for (let i = 0; i < pg.nframes; i++) {
    const c = slub.slabCache[i]!
    if (!c) continue
    const s = slub.caches[c - 1]!
    slabs.set(s.id, (slabs.get(s.id) ?? 0) + 1)
    objs.set(s.id, (objs.get(s.id) ?? 0) + slub.slab_objects(s, i))
    const order = slub.slabOrder.get(i) ?? s.order
    for (let j = 0; j < 1 << order; j++) {
      if (pg.owner[i + j] !== PageOwner.SLAB) throw new Error(`slab frame ${base + i + j} owner ${pg.owner[i + j]}`)
      claim(base + i + j, 1)
    }
  }
  for (const s of km.slab.slab_caches) {
    expect(s.node.nr_slabs).toBe(slabs.get(s.id) ?? 0)
    expect(s.node.total_objects).toBe(objs.get(s.id) ?? 0)
    expect(s.nr_allocated).toBeLessThanOrEqual(s.node.total_objects)
  }
  // vmap areas disjoint, guard pages unmapped, mapped pages resolve to their frames
  const busy = km.vm.busy
  for (let i = 1; i < busy.length; i++) expect(busy[i - 1]!.va_end).toBeLessThanOrEqual(busy[i]!.va_start)
  for (const va of busy) {
    const vm = va.vm
    if (vm && !bootAreas.has(va) && vm.flags & VM_ALLOC && !(vm.flags & VM_NO_GUARD) && vm.pages) expect(km.mmu.translate(vm.addr + vm.size - 4096)).toBe(-1)
  }
  for (const va of busy) {
    const vm = va.vm
    if (!vm || bootAreas.has(va)) continue
    const n = (vm.size - (vm.flags & VM_NO_GUARD ? 0 : 4096)) / 4096
    for (let i = 0; i < n; i++) {
      const pfn = vm.pages ? vm.pages[i]! : vm.phys_addr / 4096 + i
      if (vm.pages && i >= vm.nr_pages) break
      if (!vm.pages && !vm.phys_addr) break
      expect(km.mmu.translate(vm.addr + i * 4096)).toBe(pfn * 4096)
      if (pg.pfn_valid(pfn) && pg.owner[pfn - base] !== PageOwner.DMA) claim(pfn, 2)
    }
  }
  for (const [va, pfn] of km.highmem.mappedPages()) expect(km.mmu.translate(va)).toBe(pfn * 4096)
  for (const m of kmaps) {
    claim(m.pfn, 3)
    expect(km.mmu.translate(m.va)).toBe(m.pfn * 4096)
  }
  // live kmalloc objects keep their tags
  for (const [p, tag] of live) if (p > 16) expect(km.mmu.read32(p)).toBe(tag)
}

describe('allocator invariants under random kmalloc/vmalloc/kmap mixes', () => {
  it('hold after every step', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const t = makeKernel(1024)
        const mm = boot_mm(t.k, { workload: false })
        const km = new Kmem(t.k, mm)
        km.boot_late()
        const live = new Map<number, number>() // kmalloc address -> tag
        const order: number[] = []
        const vms: number[] = []
        const kmaps: Array<{ pfn: number; va: number; local: boolean }> = []
        let tag = 1
        const baseline = new Map(km.slab.slab_caches.map((s) => [s.id, s.nr_allocated]))
        const bootAreas = new Set<unknown>(km.vm.busy)
        for (const op of ops) {
          switch (op.t) {
            case 'kmalloc': {
              const p = km.kmalloc(op.size, GFP_KERNEL)
              if (p > 16) {
                expect(live.has(p)).toBe(false)
                km.mmu.write32(p, tag)
                live.set(p, tag++)
                order.push(p)
              }
              break
            }
            case 'kfree':
              if (order.length) {
                const p = order.splice(op.i % order.length, 1)[0]!
                expect(km.mmu.read32(p)).toBe(live.get(p))
                live.delete(p)
                km.kfree(p)
              }
              break
            case 'vmalloc': {
              const v = km.vmalloc(op.pages * 4096)
              if (v) vms.push(v)
              break
            }
            case 'vfree':
              if (vms.length) km.vfree(vms.splice(op.i % vms.length, 1)[0]!)
              break
            case 'kmap': {
              if (kmaps.filter((m) => m.local).length >= 16 && op.local) break
              const pfn = mm.alloc_page(GFP_HIGHUSER_MOVABLE)
              if (pfn < 0) break
              const va = op.local ? km.kmap_local_page(pfn) : km.kmap(pfn)
              kmaps.push({ pfn, va, local: op.local })
              break
            }
            case 'kunmap': {
              // kmap_local mappings unmap in reverse order; pkmaps in any order
              if (!kmaps.length) break
              let j = op.i % kmaps.length
              const lastLocal = kmaps.map((m) => m.local).lastIndexOf(true)
              if (kmaps[j]!.local) j = lastLocal
              const m = kmaps.splice(j, 1)[0]!
              if (m.local) km.kunmap_local(m.va)
              else km.kunmap(m.pfn)
              mm.__free_pages(m.pfn, 0)
              break
            }
          }
          check(km, live, kmaps, bootAreas)
        }
        // once the test frees what it holds (vm_structs and page arrays go with
        // their areas), every cache is back to its boot count of objects
        for (const p of order) km.kfree(p)
        for (const v of vms) km.vfree(v)
        km.vm.purge_vmap_area_lazy() // lazily freed areas still hold vmap_area objects until purged
        check(km, new Map(), kmaps, bootAreas)
        for (const s of km.slab.slab_caches) expect(s.nr_allocated, s.name).toBe(baseline.get(s.id))
      }),
      { numRuns: 20, seed: 20261126 }
    )
  })
})

describe('boot-time mappings', () => {
  it('every page of every boot vmalloc/ioremap area resolves to its frame or device address', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k, { workload: false })
    const km = new Kmem(t.k, mm)
    km.boot_late()
    let n = 0
    for (const [va, pfn] of km.vm.mappedPages()) {
      if (km.mmu.translate(va) !== pfn * 4096) throw new Error(`0x${va.toString(16)} does not map pfn ${pfn}`)
      n++
    }
    expect(n).toBeGreaterThan(43000)
  })
})
