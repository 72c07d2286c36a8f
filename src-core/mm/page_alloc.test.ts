import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TAINT_OOT_MODULE } from '../kernel/context'
import fragFail from './__fixtures__/frag-fail.txt?raw'
import warnOrder11 from './__fixtures__/warn-order11.txt?raw'
import {
  __GFP_NORETRY, __GFP_NOWARN, __GFP_ZERO, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_KERNEL
} from './gfp'
import { boot_mm } from './index'
import { MAX_ORDER, PageOwner, ZONE_HIGHMEM, ZONE_NORMAL } from './mmzone'
import { NR_FREE_CMA_PAGES, NR_FREE_PAGES } from './vmstat'
import { makeKernel, stripTime } from './testing'

/** The chain of an insmod'ed module's init function, outermost first. */
function moduleInitFrames(mod: string, fn: string, off: number) {
  return [
    { fn: 'ret_fast_syscall', off: 0, size: 0x54 },
    { fn: 'sys_finit_module', off: 0xc0, size: 0x10c },
    { fn: 'do_init_module', off: 0x44, size: 0x1d8 },
    { fn: 'do_one_initcall', off: 0x58, size: 0x200 },
    { fn, off, size: 0x1000, module: mod }
  ]
}

function bootInsmod(mem = 1024, mod = 'allocmm', fn = 'my_init', off = 0x60) {
  const t = makeKernel(mem)
  const mm = boot_mm(t.k)
  t.k.current = { pid: 203, comm: 'insmod' }
  t.k.addTaint(TAINT_OOT_MODULE)
  t.k.modulesLinkedIn = () => `${mod}(O+)`
  t.k.frames.push(...moduleInitFrames(mod, fn, off))
  return { ...t, mm }
}

/** Reference lines without timestamps, the exception stack dump (not modelled) and the comment. */
function refLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('['))
    .map(stripTime)
    .filter((l) => !/^Exception stack|^[0-9a-f]{4}: /.test(l))
}

// Numbers and the per-order migratetype letters depend on the run.
const maskNumbers = (l: string): string => l.replace(/\([UMEHCI]+\) /g, '').replace(/\d+/g, 'N')

describe('order >= MAX_ORDER', () => {
  it('prints the reference WARNING once, then fails silently', () => {
    const t = bootInsmod()
    const before = t.lines.length
    expect(t.mm.__get_free_pages(GFP_ATOMIC, 11)).toBe(0)
    const got = t.lines.slice(before).map(stripTime)
    const want = refLines(warnOrder11)
    expect(got).toEqual(want.slice(0, want.indexOf('---[ end trace 0000000000000000 ]---') + 1))
    expect(t.k.taintString()).toBe('Tainted: G        W  O      ')
    const n = t.lines.length
    expect(t.mm.alloc_pages(GFP_KERNEL, 11)).toBe(-1)
    expect(t.mm.alloc_pages(GFP_KERNEL, 12)).toBe(-1)
    expect(t.lines.length).toBe(n)
  })
  it('a __GFP_NOWARN request does not use up the one warning', () => {
    const t = bootInsmod()
    const before = t.lines.length
    expect(t.mm.alloc_pages(GFP_KERNEL | __GFP_NOWARN, 11)).toBe(-1)
    expect(t.lines.length).toBe(before)
    expect(t.mm.alloc_pages(GFP_KERNEL, 11)).toBe(-1)
    expect(t.lines.length).toBeGreaterThan(before)
  })
  it('order 10 succeeds at every RAM size', () => {
    for (const mem of [256, 512, 1024]) {
      const t = makeKernel(mem)
      const mm = boot_mm(t.k)
      for (let o = 0; o < MAX_ORDER; o++) expect(mm.__get_free_pages(GFP_ATOMIC, o)).not.toBe(0)
      mm.pa.checkInvariants()
    }
  })
})

describe('watermarks', () => {
  it('GFP_ATOMIC may dip below min where GFP_KERNEL may not', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const z = mm.pa.zones[ZONE_NORMAL]!
    const min = z.min_wmark_pages()
    // At 256 MB the CMA area lies in Normal: its free pages do not count for unmovable requests.
    const usable = (): number => z.vm_stat[NR_FREE_PAGES]! - z.vm_stat[NR_FREE_CMA_PAGES]!
    let n = 0
    while (mm.alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) >= 0) n++
    expect(n).toBeGreaterThan(50000)
    // GFP_KERNEL stopped at the min watermark; the last pcp refill may take
    // up to a batch of pages below it (they sit on the pcp list, not free).
    expect(usable()).toBeGreaterThanOrEqual(min - z.pcp[0]!.batch)
    expect(usable() + mm.pa.zone_pcp_count(z)).toBeGreaterThanOrEqual(min - 1)
    expect(usable()).toBeLessThanOrEqual(min + 64)
    let atomic = 0
    while (mm.alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) >= 0) atomic++
    expect(atomic).toBeGreaterThan(0)
    const free = usable()
    expect(free).toBeLessThan(min)
    // ALLOC_HIGH halves min and ALLOC_HARDER takes another quarter: min - min/2 - min/4.
    const floor = min - Math.floor(min / 2) - Math.floor((min - Math.floor(min / 2)) / 4)
    expect(free).toBeLessThanOrEqual(floor + 1)
    expect(free).toBeGreaterThanOrEqual(floor - 64)
    mm.pa.checkInvariants()
  })

  it('HighMem allocations fall back to Normal, but not into its lowmem_reserve', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    let high = 0
    let normal = 0
    for (;;) {
      const pfn = mm.alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 0)
      if (pfn < 0) break
      if (mm.PageHighMem(pfn)) high++
      else normal++
    }
    expect(high).toBeGreaterThan(60000)
    expect(normal).toBeGreaterThan(180000)
    const z = mm.pa.zones[ZONE_NORMAL]!
    expect(z.vm_stat[NR_FREE_PAGES]! + mm.pa.zone_pcp_count(z)).toBeGreaterThanOrEqual(z.min_wmark_pages() + z.lowmem_reserve[ZONE_HIGHMEM]! - 1)
    expect(z.vm_stat[NR_FREE_PAGES]!).toBeGreaterThanOrEqual(z.min_wmark_pages() + z.lowmem_reserve[ZONE_HIGHMEM]! - z.pcp[0]!.batch)
    mm.pa.checkInvariants()
  })
})

describe('warn_alloc', () => {
  it('prints the reference "page allocation failure" report, rate limited to 1 per 10 s', () => {
    const t = bootInsmod(1024, 'frag_fail', 'frag_fail_init', 0x54)
    // frag_fail calls alloc_pages directly: its frame is the caller of __alloc_pages.
    let blocks = 0
    let before = t.lines.length
    for (;;) {
      before = t.lines.length
      if (t.mm.alloc_pages(GFP_HIGHUSER | __GFP_NORETRY, 10) < 0) break
      blocks++
    }
    expect(blocks).toBeGreaterThan(230)
    expect(blocks).toBeLessThan(250)
    const got = t.lines.slice(before).map(stripTime)
    const want = refLines(fragFail)
    expect(got[0]).toBe(want[0])
    // Header and backtrace exactly; Mem-Info with the same lines and fields (numbers differ run to run).
    expect(got.slice(0, 12)).toEqual(want.slice(0, 12))
    expect(got.map(maskNumbers)).toEqual(want.map(maskNumbers))
    expect(got).toContain('262144 pages RAM')
    expect(got).toContain('65536 pages HighMem/MovableOnly')
    expect(got).toContain('4096 pages cma reserved')
    // A second failure within 10 s is suppressed...
    const n = t.lines.length
    expect(t.mm.alloc_pages(GFP_HIGHUSER | __GFP_NORETRY, 10)).toBe(-1)
    expect(t.mm.alloc_pages(GFP_HIGHUSER | __GFP_NORETRY, 10)).toBe(-1)
    expect(t.lines.length).toBe(n)
    // ...and counted when the window reopens.
    t.clock.advance(11e9)
    expect(t.mm.alloc_pages(GFP_HIGHUSER | __GFP_NORETRY, 10)).toBe(-1)
    expect(stripTime(t.lines[n]!)).toBe('warn_alloc: 2 callbacks suppressed')
    expect(stripTime(t.lines[n + 1]!)).toMatch(/^insmod: page allocation failure: order:10, mode:0x110cc2/)
    t.mm.pa.checkInvariants()
  })

  it('lists only Normal for a GFP_KERNEL failure', () => {
    const t = bootInsmod(256)
    while (t.mm.alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) >= 0);
    const before = t.lines.length
    expect(t.mm.alloc_pages(GFP_KERNEL, 0)).toBe(-1)
    const got = t.lines.slice(before).map(stripTime)
    expect(got[0]).toBe('insmod: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0')
    expect(got.filter((l) => l.startsWith('Normal free:')).length).toBe(1)
    expect(got.some((l) => l.startsWith('HighMem'))).toBe(false)
  })
})

describe('pages and contents', () => {
  it('translates lowmem and highmem pages as the reference shows', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const low = mm.alloc_pages(GFP_KERNEL, 0)
    expect(mm.PageHighMem(low)).toBe(false)
    expect(mm.page_address(low)).toBe(0xc0000000 + (low - 0x60000) * 4096)
    expect(mm.virt_to_phys(mm.page_address(low))).toBe(low * 4096)
    expect(mm.page_zone(low).name).toBe('Normal')
    const high = mm.alloc_pages(GFP_HIGHUSER_MOVABLE, 0)
    expect(high).toBeGreaterThanOrEqual(589824)
    expect(mm.PageHighMem(high)).toBe(true)
    expect(mm.page_address(high)).toBe(0)
    expect(mm.page_zone(high).name).toBe('HighMem')
    const t2 = makeKernel(512)
    const mm2 = boot_mm(t2.k)
    const p = mm2.alloc_pages(GFP_HIGHUSER_MOVABLE, 0)
    expect(mm2.page_zone(p).name).toBe('Normal')
    expect(mm2.page_address(p)).not.toBe(0)
  })

  it('keeps bytes across free and zeroes on __GFP_ZERO', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const addr = mm.__get_free_pages(GFP_KERNEL, 1)
    const pa = mm.virt_to_phys(addr)
    expect(mm.phys.read(pa, 4)).toBe(0)
    mm.phys.fill(pa, 8192, 0x55)
    expect(mm.phys.read(pa + 4095, 1)).toBe(0x55)
    expect(mm.phys.read(pa + 8188, 4)).toBe(0x55555555)
    mm.phys.write(pa + 2, 2, 0xbeef)
    expect(mm.phys.read(pa, 4)).toBe(0xbeef5555)
    mm.phys.write64(pa + 16, 0x0102030405060708n)
    expect(mm.phys.read64(pa + 16)).toBe(0x0102030405060708n)
    expect(Array.from(mm.phys.readBytes(pa + 16, 3))).toEqual([8, 7, 6])
    mm.free_pages(addr, 1)
    // Reallocating the same frames without __GFP_ZERO sees the old bytes (pcp LIFO).
    const again = mm.__get_free_pages(GFP_KERNEL, 1)
    expect(again).toBe(addr)
    expect(mm.phys.read(pa + 100, 1)).toBe(0x55)
    mm.free_pages(again, 1)
    const z = mm.get_zeroed_page(GFP_KERNEL)
    expect(mm.phys.read(mm.virt_to_phys(z) + 100, 1)).toBe(0)
    const big = mm.alloc_pages(GFP_KERNEL | __GFP_ZERO, 1)
    expect(mm.phys.read(big * 4096 + 4096 + 100, 1)).toBe(0)
  })

  it('reports a double free as a bad page instead of corrupting the lists', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const pfn = mm.alloc_pages(GFP_KERNEL, 0)
    mm.__free_pages(pfn, 0)
    const before = t.lines.length
    mm.__free_pages(pfn, 0)
    expect(stripTime(t.lines[before]!)).toMatch(/^BUG: Bad page state in process swapper\/0  pfn:/)
    mm.pa.checkInvariants()
  })
})

describe('property: random alloc/free keeps the buddy invariants', () => {
  const GFPS = [GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER | __GFP_NORETRY, GFP_KERNEL | __GFP_NORETRY, GFP_KERNEL | __GFP_ZERO]
  it('10^5 operations, freeing everything returns the post-boot state', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const pa = mm.pa
    pa.drain_all_pages()
    pa.checkInvariants()
    const states0 = pa.frameStates()
    const nrFree0 = pa.zones.map((z) => Array.from(z.nr_free))
    const stat0 = pa.zones.map((z) => Array.from(z.vm_stat))
    const managed = pa.zones.map((z) => z.managed_pages)
    const op = fc.record({
      alloc: fc.integer({ min: 0, max: 99 }),
      order: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 10 })),
      gfp: fc.integer({ min: 0, max: GFPS.length - 1 }),
      pick: fc.nat()
    })
    let total = 0
    fc.assert(
      fc.property(fc.array(op, { minLength: 20000, maxLength: 20000 }), (ops) => {
        const live: Array<[number, number]> = []
        let held = 0
        let step = 0
        for (const o of ops) {
          step++
          // Keep some memory free so failures are the exception, but let the zones run low at times.
          if (o.alloc < 55 && held < 200000) {
            const pfn = mm.alloc_pages(GFPS[o.gfp]! | __GFP_NOWARN, o.order, PageOwner.KERNEL)
            if (pfn >= 0) {
              live.push([pfn, o.order])
              held += 1 << o.order
            }
          } else if (live.length) {
            const j = o.pick % live.length
            const [pfn, order] = live[j]!
            live[j] = live[live.length - 1]!
            live.pop()
            mm.__free_pages(pfn, order)
            held -= 1 << order
          }
          // cheap check each step: frames are conserved per zone
          let inUse = 0
          for (let zi = 0; zi < pa.zones.length; zi++) {
            const z = pa.zones[zi]!
            if (z.managed_pages !== managed[zi]) return false
            inUse += z.vm_stat[NR_FREE_PAGES]! + pa.zone_pcp_count(z)
          }
          if (inUse + held !== stat0.reduce((s, st) => s + st[NR_FREE_PAGES]!, 0)) return false
          if (step % 400 === 0) pa.checkInvariants()
        }
        pa.checkInvariants()
        for (const [pfn, order] of live) mm.__free_pages(pfn, order)
        pa.drain_all_pages()
        pa.checkInvariants()
        expect(pa.zones.map((z) => Array.from(z.nr_free))).toEqual(nrFree0)
        expect(pa.zones.map((z) => Array.from(z.vm_stat))).toEqual(stat0)
        expect(pa.frameStates()).toEqual(states0)
        expect(pa.zones.map((z) => z.watermark_boost)).toEqual([0, 0, 0])
        total += ops.length
        return true
      }),
      { numRuns: 5, seed: 20261126 }
    )
    expect(total).toBe(100000)
  }, 120000)
})

describe('CMA and migratetypes', () => {
  it('CMA pageblocks serve only movable allocations', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const cmaStart = mm.cma_base / 4096
    const inCma = (pfn: number): boolean => pfn >= cmaStart && pfn < cmaStart + 4096
    let unmovableInCma = 0
    while (true) {
      const pfn = mm.alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 0)
      if (pfn < 0) break
      if (inCma(pfn)) unmovableInCma++
    }
    expect(unmovableInCma).toBe(0)
    let movableInCma = 0
    for (let i = 0; i < 3000; i++) {
      const pfn = mm.alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0)
      if (pfn >= 0 && inCma(pfn)) movableInCma++
    }
    expect(movableInCma).toBeGreaterThan(2000)
    mm.pa.checkInvariants()
  })

  it('an unmovable allocation stealing from a movable pageblock claims it', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const pg = mm.pgdat
    const count = (mt: number): number => {
      let n = 0
      for (let b = 0; b < pg.pageblock_mt.length; b++) if (pg.pageblock_mt[b] === mt) n++
      return n
    }
    const before = count(0)
    // exhaust the unmovable and reclaimable free lists, then keep going
    for (let i = 0; i < 20000; i++) mm.alloc_pages(GFP_KERNEL, 0)
    expect(count(0)).toBeGreaterThan(before)
    mm.pa.checkInvariants()
  })
})

describe('every supported RAM size boots', () => {
  it('128..1024 MB in 96 MB steps, 1 and 4 CPUs', () => {
    for (let mem = 128; mem <= 1024; mem += 96) {
      for (const cpus of [1, 4]) {
        const t = makeKernel(mem, '', cpus)
        const mm = boot_mm(t.k)
        mm.pa.checkInvariants()
        expect(mm.pa.totalram_pages).toBeGreaterThan(mem * 256 * 0.85)
        expect(mm.layout.max_low_pfn).toBe(Math.min(0x60000 + mem * 256, 0x90000))
        expect(mm.bootWorkloadDone).toBe(true)
      }
    }
  })
})

describe('frame_free_orders', () => {
  it('marks every frame of each free block with the block order', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const out = mm.pa.frame_free_orders(new Uint8Array(mm.pgdat.nframes))
    let free = 0
    for (let i = 0; i < out.length; i++) if (out[i] !== 255) free++
    expect(free).toBe(mm.pa.nr_free_pages())
  })
})

describe('bad frees', () => {
  it('freeing with a larger order than allocated is refused when a subpage is in use', () => {
    const t = makeKernel(256)
    const mm = boot_mm(t.k)
    const a = mm.alloc_pages(GFP_KERNEL, 0)
    const b = mm.alloc_pages(GFP_KERNEL, 0)
    const lo = Math.min(a, b)
    const before = t.lines.length
    if (Math.abs(a - b) === 1 && (lo & 1) === 0) {
      mm.__free_pages(lo, 1)
      expect(t.lines.slice(before).some((l) => l.includes('BUG: Bad page state'))).toBe(true)
    }
    mm.pa.checkInvariants()
    expect(mm.alloc_pages(GFP_KERNEL, -1)).toBe(-1)
  })
})

describe('alloc_pages_bulk_array', () => {
  it('fills empty slots from the first zone with room, as vmalloc asks for them', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const pages = new Int32Array(250)
    pages[3] = 12345 // a slot already filled is skipped
    let got = 0
    while (got < 250) {
      const n = mm.alloc_pages_bulk_array(GFP_KERNEL | 0x02 /* __GFP_HIGHMEM */, Math.min(100, 250 - got), pages, got, PageOwner.VMALLOC)
      expect(n).toBeGreaterThan(0)
      got += n
    }
    expect(pages[3]).toBe(12345)
    const mine = Array.from(pages).filter((p, i) => i !== 3)
    expect(new Set(mine).size).toBe(249)
    for (const p of mine) {
      expect(mm.PageHighMem(p)).toBe(true)
      expect(mm.pgdat.owner[p - mm.pgdat.node_start_pfn]).toBe(PageOwner.VMALLOC)
    }
    mm.pa.checkInvariants()
    for (const p of mine) mm.__free_pages(p, 0)
    mm.pa.checkInvariants()
  })
})
