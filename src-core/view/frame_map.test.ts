import { describe, expect, it } from 'vitest'
import { GFP_HIGHUSER, GFP_KERNEL } from '../mm/gfp'
import { boot_mm } from '../mm/index'
import { PAGE_SIZE, PageOwner } from '../mm/mmzone'
import { makeKernel } from '../mm/testing'
import { isHostToMachine } from '../protocol'
import { FrameMapProducer, classifyFrames } from './frame_map'
import { inspectFrame } from './inspect'
import { ViewProducer } from './index'
import { FrameClass, type FrameMapUpdate } from './types'

/** The frames an update names, as a map index → class. */
function deltaFrames(u: FrameMapUpdate): Map<number, number> {
  const out = new Map<number, number>()
  let o = 0
  for (let r = 0; r < u.runs.length; r += 2) {
    const s = u.runs[r]!
    const len = u.runs[r + 1]!
    for (let j = 0; j < len; j++) out.set(s + j, u.classes[o++]!)
  }
  expect(o).toBe(u.classes.length)
  return out
}

/** Frames whose class differs between two classifications. */
function changed(a: Uint8Array, b: Uint8Array): Map<number, number> {
  const out = new Map<number, number>()
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.set(i, b[i]!)
  return out
}

function booted(mem = 1024) {
  const t = makeKernel(mem)
  const mm = boot_mm(t.k)
  return { ...t, mm }
}

describe('FrameMapProducer', () => {
  it('first update is full and matches the classification; a quiet machine sends no runs', () => {
    const { mm } = booted()
    const p = new FrameMapProducer()
    const u = p.update(mm, 0)
    expect(u.full).toBe(true)
    expect(u.layout).toMatchObject({ basePfn: 0x60000, nframes: 262144, maxLowPfn: mm.layout.max_low_pfn })
    expect(Array.from(u.runs)).toEqual([0, 262144])
    expect(u.classes).toEqual(classifyFrames(mm))
    const u2 = p.update(mm, 1)
    expect(u2.full).toBe(false)
    expect(u2.runs.length).toBe(0)
    expect(u2.classes.length).toBe(0)
    expect(u2.seq).toBe(u.seq + 1)
    expect(u2.generation).toBe(u.generation)
  })

  it('after alloc_pages the delta holds exactly the frames whose class changed', () => {
    const { mm } = booted()
    const p = new FrameMapProducer()
    p.update(mm, 0)
    for (const [gfp, order, owner] of [
      [GFP_KERNEL, 0, PageOwner.KERNEL],
      [GFP_KERNEL, 3, PageOwner.SLAB],
      [GFP_HIGHUSER, 0, PageOwner.USER_ANON],
      [GFP_KERNEL, 10, PageOwner.VMALLOC]
    ] as const) {
      const before = classifyFrames(mm)
      const pfn = mm.alloc_pages(gfp, order, owner)
      expect(pfn).toBeGreaterThan(0)
      const after = classifyFrames(mm)
      const d = deltaFrames(p.update(mm, 0))
      expect(d).toEqual(changed(before, after))
      // The allocated block is in it, with its owner's colour.
      const i = pfn - mm.pgdat.node_start_pfn
      const want = owner === PageOwner.SLAB ? FrameClass.SLAB : owner === PageOwner.KERNEL ? FrameClass.KERNEL
        : owner === PageOwner.USER_ANON ? FrameClass.USER_ANON : FrameClass.VMALLOC
      for (let j = i; j < i + (1 << order); j++) expect(d.get(j)).toBe(want)
    }
  })

  it('freeing returns the frames to free-by-order colours; the delta names them', () => {
    const { mm } = booted(256)
    const p = new FrameMapProducer()
    const pfn = mm.alloc_pages(GFP_KERNEL, 4, PageOwner.KERNEL)
    p.update(mm, 0)
    const before = classifyFrames(mm)
    mm.__free_pages(pfn, 4)
    const d = deltaFrames(p.update(mm, 0))
    expect(d).toEqual(changed(before, classifyFrames(mm)))
    const i = pfn - mm.pgdat.node_start_pfn
    for (let j = i; j < i + 16; j++) expect(d.get(j)).toBeLessThanOrEqual(FrameClass.FREE10)
  })

  it('runs are exact, sorted and disjoint under many scattered changes', () => {
    const { mm } = booted(512)
    const p = new FrameMapProducer()
    p.update(mm, 0)
    const before = classifyFrames(mm)
    const got: Array<[number, number]> = []
    for (let n = 0; n < 3000; n++) {
      const order = n % 4 === 0 ? 1 : 0
      const pfn = mm.alloc_pages(n % 3 ? GFP_KERNEL : GFP_HIGHUSER, order, PageOwner.KERNEL)
      if (pfn > 0) got.push([pfn, order])
      if (n % 5 === 0 && got.length) mm.__free_pages(...got.shift()!)
    }
    const u = p.update(mm, 0)
    for (let r = 2; r < u.runs.length; r += 2) expect(u.runs[r]!).toBeGreaterThan(u.runs[r - 2]! + u.runs[r - 1]!)
    expect(deltaFrames(u)).toEqual(changed(before, classifyFrames(mm)))
  })

  it('a new memory model starts a new generation with a full update; no model gives an empty one', () => {
    const p = new FrameMapProducer()
    const none = p.update(null, 0)
    expect(none.layout).toBeNull()
    const a = p.update(booted(256).mm, 0)
    const b = p.update(booted(256).mm, 0)
    expect(a.full && b.full).toBe(true)
    expect(b.generation).toBe(a.generation + 1)
    expect(a.zones.map((z) => z.name)).toEqual(['Normal'])
  })

  it('zone summaries carry watermarks, lowmem_reserve and free areas consistent with the zone', () => {
    const { mm } = booted()
    const u = new FrameMapProducer().update(mm, 0)
    expect(u.zones.map((z) => z.name)).toEqual(['Normal', 'HighMem'])
    for (const z of u.zones) {
      expect(z.min).toBeGreaterThan(0)
      expect(z.low).toBeGreaterThan(z.min)
      expect(z.high).toBeGreaterThan(z.low)
      expect(z.lowmemReserve).toHaveLength(3)
      expect(z.nrFree).toHaveLength(11)
      expect(z.nrFreeMt).toHaveLength(11 * u.migratetypes.length)
      const pages = z.nrFree.reduce((s, n, o) => s + (n << o), 0)
      expect(pages).toBe(z.free)
      for (let o = 0; o < 11; o++) {
        const sum = z.nrFreeMt.slice(o * 6, o * 6 + 6).reduce((s, n) => s + n, 0)
        expect(sum).toBe(z.nrFree[o])
      }
    }
    expect(u.zones[0]!.lowmemReserve[1]).toBeGreaterThan(0)
  })
})

describe('inspectFrame', () => {
  it('decodes a lowmem kernel page with its linear-map address and contents', () => {
    const { mm } = booted()
    const va = mm.__get_free_pages(GFP_KERNEL, 0)
    const pfn = mm.virt_to_pfn(va)
    for (let a = 0; a < PAGE_SIZE; a++) mm.phys.write8(pfn * PAGE_SIZE + a, 0x55)
    const info = inspectFrame(mm, pfn, true)!
    expect(info.virt).toBe(va)
    expect(info.highmem).toBe(false)
    expect(info.phys).toBe(pfn * PAGE_SIZE)
    expect(info.zone).toBe('Normal')
    expect(info.owner).toBe('kernel')
    expect(info.cls).toBe(FrameClass.KERNEL)
    expect(info.refcount).toBe(1)
    expect(info.buddy).toBeNull()
    expect(info.untouched).toBe(false)
    expect(info.bytes!.length).toBe(PAGE_SIZE)
    expect(info.bytes!.every((b) => b === 0x55)).toBe(true)
  })

  it('highmem has no permanent mapping; free frames name their buddy block', () => {
    const { mm } = booted()
    const hz = mm.pgdat.zones[1]!
    const info = inspectFrame(mm, hz.zone_start_pfn + hz.spanned_pages - 1, false)!
    expect(info.highmem).toBe(true)
    expect(info.virt).toBeNull()
    expect(info.zone).toBe('HighMem')
    expect(info.bytes).toBeNull()
    // Some free frame in Normal: its block's head is PG_buddy with the block's order.
    const cls = classifyFrames(mm)
    const i = cls.findIndex((c, j) => c === FrameClass.FREE0 + 10 && j > 0)
    const free = inspectFrame(mm, i + mm.pgdat.node_start_pfn + 5, false)!
    expect(free.buddy).toEqual({ head: i + mm.pgdat.node_start_pfn, order: 10, migratetype: expect.any(String) })
    expect(free.cls).toBe(10)
    expect(inspectFrame(mm, 5, false)).toBeNull()
    expect(inspectFrame(null, 0x60000, false)).toBeNull()
  })
})

describe('ViewProducer and the protocol', () => {
  it('answers requests with protocol messages that pass the validators', () => {
    const { mm } = booted(256)
    const v = new ViewProducer()
    const req = { type: 'frame-map-request', full: false } as const
    expect(isHostToMachine(req)).toBe(true)
    const a = v.answer(req, mm, 5)
    expect(a.type).toBe('frame-map')
    const ins = { type: 'inspect-frame', id: 7, pfn: 0x60100, bytes: true } as const
    expect(isHostToMachine(ins)).toBe(true)
    const b = v.answer(ins, mm, 5)
    expect(b).toMatchObject({ type: 'frame-info', id: 7, info: { pfn: 0x60100 } })
    expect(structuredClone(a)).toEqual(a)
    for (const bad of [
      { type: 'frame-map-request' },
      { type: 'inspect-frame', id: 1, pfn: -1, bytes: false },
      { type: 'inspect-frame', id: 1, pfn: 1.5, bytes: false },
      { type: 'inspect-frame', id: 'x', pfn: 1, bytes: false },
      { type: 'inspect-frame', id: 1, pfn: 1 }
    ]) expect(isHostToMachine(bad)).toBe(false)
  })
})

describe('vmapSummary', () => {
  it('lists the regions of the 32-bit map, the boot vmap areas, and one area frames on request', async () => {
    const { Kmem } = await import('../mm/kmem')
    const { vmapSummary } = await import('./vmap')
    const { mm, k } = booted()
    const kmem = new Kmem(k, mm)
    const none = vmapSummary(mm, null, null)!
    expect(none.regions.map((r) => r.id)).toEqual(['user', 'modules', 'pkmap', 'lowmem', 'vmalloc', 'fixmap'])
    expect(none.regions.find((r) => r.id === 'lowmem')).toEqual({ id: 'lowmem', start: 0xc0000000, end: mm.layout.high_memory })
    const va = kmem.vm.vmalloc(10 * PAGE_SIZE)
    expect(va).toBeGreaterThan(0)
    const s = vmapSummary(mm, kmem, null)!
    expect(s.areas.some((a) => a.start === va && a.nrPages === 10 && a.kinds.includes('vmalloc'))).toBe(true)
    for (let i = 1; i < s.areas.length; i++) expect(s.areas[i]!.start).toBeGreaterThanOrEqual(s.areas[i - 1]!.end)
    const withPages = s.areas.find((a) => a.start === va)
    expect(withPages, JSON.stringify(s.areas.slice(0, 3))).toBeDefined()
    if (withPages) {
      const p = vmapSummary(mm, kmem, withPages.start)!
      expect(p.pagesOf).toBe(withPages.start)
      expect(p.pages!.length).toBe(withPages.nrPages)
      for (const [j, pfn] of p.pages!.entries()) expect(pfn).toBe(kmem.vm.vmalloc_to_pfn(va + j * PAGE_SIZE))
    }
    expect(vmapSummary(null, null, null)).toBeNull()
    expect(isHostToMachine({ type: 'vmap-request', pagesOf: null })).toBe(true)
    expect(isHostToMachine({ type: 'vmap-request', pagesOf: 0xf0000000 })).toBe(true)
    expect(isHostToMachine({ type: 'vmap-request', pagesOf: -4 })).toBe(false)
    expect(isHostToMachine({ type: 'vmap-request' })).toBe(false)
  })
})
