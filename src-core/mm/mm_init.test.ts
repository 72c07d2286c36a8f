import { describe, expect, it } from 'vitest'
import { meminfo } from '../fs/proc/meminfo'
import { zoneinfo } from '../fs/proc/zoneinfo'
import { fixtureSections, keyValues, zoneinfoValues } from './__fixtures__/fixture'
import boot1024 from './__fixtures__/boot-1024.txt?raw'
import boot1024v from './__fixtures__/boot-1024-vmalloc512.txt?raw'
import boot800 from './__fixtures__/boot-800.txt?raw'
import boot512 from './__fixtures__/boot-512.txt?raw'
import boot256 from './__fixtures__/boot-256.txt?raw'
import { boot_mm } from './index'
import { LATE_SYSTEM_HASHES, alloc_large_system_hash } from './mm_init'
import { makeKernel, stripTime } from './testing'

const CONFIGS = [
  { name: '1024', mem: 1024, cmdline: '', text: boot1024 },
  { name: '1024-vmalloc512', mem: 1024, cmdline: 'vmalloc=512M', text: boot1024v },
  { name: '800', mem: 800, cmdline: '', text: boot800 },
  { name: '512', mem: 512, cmdline: '', text: boot512 },
  { name: '256', mem: 256, cmdline: '', text: boot256 }
]

const within = (actual: number, expected: number, pct: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(Math.abs(expected) * pct + 1e-9)
}

for (const c of CONFIGS) {
  describe(`vexpress-a9 ${c.name}`, () => {
    const ref = fixtureSections(c.text)
    const t = makeKernel(c.mem, c.cmdline)
    const mm = boot_mm(t.k)
    const out = t.lines.map(stripTime)
    const refBoot = ref.boot!.map(stripTime)

    it('prints the early memory lines exactly', () => {
      const pick = (ls: string[]): string[] =>
        ls.filter((l) => /^(Reserved memory|OF: reserved|cma:|Zone ranges|  Normal|  HighMem|Movable zone|Early memory|  node|Initmem|percpu:|Built 1|Dentry|Inode-cache|mem auto-init|SLUB:|Freeing)/.test(l))
      expect(pick(out)).toEqual(pick(refBoot))
    })

    it('prints the Memory: line within 1%', () => {
      const nums = (l: string): number[] => (l.match(/\d+/g) ?? []).map(Number)
      const mine = nums(out.find((l) => l.startsWith('Memory:'))!)
      const theirs = nums(refBoot.find((l) => l.startsWith('Memory:'))!)
      expect(mine.length).toBe(theirs.length)
      mine.forEach((v, i) => within(v, theirs[i]!, 0.01))
    })

    it('has the reference zones and watermarks', () => {
      const rz = zoneinfoValues(ref['zoneinfo (before)']!)
      const mz = zoneinfoValues(zoneinfo(mm).split('\n'))
      for (const zone of ['Normal', 'HighMem', 'Movable']) {
        const r = rz[zone]
        const m = mz[zone]!
        if (!r) {
          expect(m.present ?? 0).toBe(0)
          continue
        }
        expect(m.spanned).toBe(r.spanned)
        if (r.start_pfn !== undefined) expect(m.start_pfn).toBe(r.start_pfn)
        within(m.present as number, r.present as number, 0.02)
        within(m.managed as number, r.managed as number, 0.02)
        within(m.free as number, r.free as number, 0.02)
        for (const w of ['min', 'low', 'high']) within(m[w] as number, r[w] as number, 0.02)
        expect(m.protection).toBe(r.protection)
        if (r.high !== undefined && r.batch !== undefined) {
          expect(m.batch).toBe(r.batch)
        }
      }
    })

    it('matches MemTotal, MemFree, min_free_kbytes and the rest of meminfo closely', () => {
      const r = keyValues(ref['meminfo (before)']!)
      const m = keyValues(meminfo(mm).split('\n'))
      expect(m.MemTotal).toBe(r.MemTotal)
      within(m.MemFree!, r.MemFree!, 0.02)
      within(m.MemAvailable!, r.MemAvailable!, 0.02)
      expect(m.HighTotal).toBe(r.HighTotal)
      expect(m.LowTotal).toBe(r.LowTotal)
      expect(m.CmaTotal).toBe(r.CmaTotal)
      expect(m.CommitLimit).toBe(r.CommitLimit)
      expect(m.VmallocTotal).toBe(r.VmallocTotal)
      for (const key of ['Slab', 'SReclaimable', 'SUnreclaim', 'Shmem', 'KernelStack', 'VmallocUsed']) within(m[key]!, r[key]!, 0.02)
      const sys = keyValues(ref['vm sysctls (before)']!)
      within(mm.pa.min_free_kbytes, sys.min_free_kbytes!, 0.02)
      expect(Object.keys(m)).toEqual(Object.keys(r))
    })

    it('has HighMem exactly when lowmem cannot hold all RAM', () => {
      const hasHigh = mm.pa.zones[1]!.present_pages > 0
      expect(hasHigh).toBe(c.mem > 768 || c.cmdline.includes('vmalloc=512M'))
      if (c.mem <= 512 && !c.cmdline) expect(hasHigh).toBe(false)
    })

    it('sizes the late hash tables as the reference prints them', () => {
      const want = refBoot.filter((l) => /hash table entries/.test(l) && !/^(Dentry|Inode)/.test(l))
      const t2 = makeKernel(c.mem, c.cmdline)
      const mm2 = boot_mm(t2.k, { workload: false })
      const before = t2.lines.length
      for (const key of ['mount', 'mountpoint', 'futex', 'ip_idents', 'tcp_listen_portaddr', 'table_perturb', 'tcp_established', 'tcp_bind', 'udp', 'udplite'])
        alloc_large_system_hash(t2.k, mm2, LATE_SYSTEM_HASHES[key]!)
      expect(t2.lines.slice(before).map(stripTime)).toEqual(want)
      mm2.pa.checkInvariants()
    })

    it('keeps the allocator invariants after boot', () => {
      mm.pa.checkInvariants()
    })
  })
}

describe('cmdline', () => {
  it('mem= limits RAM', () => {
    const t = makeKernel(1024, 'mem=256M')
    const mm = boot_mm(t.k)
    expect(mm.layout.max_pfn).toBe(0x70000)
    expect(mm.pa.zones[1]!.present_pages).toBe(0)
  })
  it('1 CPU gives the reference pcp sizes', () => {
    const mm = boot_mm(makeKernel(1024).k)
    expect([mm.pa.zones[0]!.pcp[0]!.high, mm.pa.zones[0]!.pcp[0]!.batch]).toEqual([1091, 63])
    expect([mm.pa.zones[1]!.pcp[0]!.high, mm.pa.zones[1]!.pcp[0]!.batch]).toEqual([139, 15])
    expect([mm.pa.zones[0]!.stat_threshold, mm.pa.zones[1]!.stat_threshold]).toEqual([8, 6])
  })
  it('smp 4 gives the reference pcp sizes', () => {
    const t = makeKernel(1024, '', 4)
    const mm = boot_mm(t.k)
    expect([mm.pa.zones[0]!.pcp[0]!.high, mm.pa.zones[0]!.pcp[0]!.batch]).toEqual([272, 63])
    expect([mm.pa.zones[1]!.pcp[0]!.high, mm.pa.zones[1]!.pcp[0]!.batch]).toEqual([60, 15])
    expect([mm.pa.zones[0]!.stat_threshold, mm.pa.zones[1]!.stat_threshold]).toEqual([24, 18])
  })
})

describe('mem_map placement', () => {
  it('struct page addresses match the reference alloc_page_lab output', () => {
    // boot-1024.log: "struct page=ef82b6a0 pfn=399541"; boot-512.log: "struct page=dec0a760 pfn=396475"
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    expect(mm.page_struct_addr(399541).toString(16)).toBe('ef82b6a0')
    expect(mm.struct_page_to_pfn(0xef82b6a0)).toBe(399541)
    const t2 = makeKernel(512)
    const mm2 = boot_mm(t2.k)
    expect(mm2.page_struct_addr(396475).toString(16)).toBe('dec0a760')
  })
})

describe('boot workload parts', () => {
  it('a subsystem can turn its piece off', () => {
    const a = boot_mm(makeKernel(512).k)
    const b = boot_mm(makeKernel(512).k, { parts: { slab: false } })
    const slabPages = (mm: typeof a): number => {
      let n = 0
      for (let i = 0; i < mm.pgdat.nframes; i++) if (mm.pgdat.owner[i] === 5 /* PageOwner.SLAB */) n++
      return n
    }
    expect(slabPages(a)).toBe(792 + 743)
    expect(slabPages(b)).toBe(0)
    expect(b.pa.nr_free_pages()).toBeGreaterThan(a.pa.nr_free_pages() + 1400)
  })
})
