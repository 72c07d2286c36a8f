import { describe, expect, it } from 'vitest'
import { fixtureSections } from '../../mm/__fixtures__/fixture'
import boot1024 from '../../mm/__fixtures__/boot-1024.txt?raw'
import boot1024v from '../../mm/__fixtures__/boot-1024-vmalloc512.txt?raw'
import boot800 from '../../mm/__fixtures__/boot-800.txt?raw'
import boot512 from '../../mm/__fixtures__/boot-512.txt?raw'
import boot256 from '../../mm/__fixtures__/boot-256.txt?raw'
import vmstat1024 from '../../mm/__fixtures__/vmstat-1024.txt?raw'
import { boot_mm } from '../../mm/index'
import { makeKernel } from '../../mm/testing'
import { buddyinfo } from './buddyinfo'
import { iomem } from './iomem'
import { meminfo } from './meminfo'
import { pagetypeinfo } from './pagetypeinfo'
import { vm_sysctls } from './sysctl_vm'
import { vmstat } from './vmstat'
import { zoneinfo } from './zoneinfo'

// Numbers vary between runs; the layout (labels, widths of text columns, order) must not.
const shape = (s: string): string[] =>
  s
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/\s*\d+/g, ' N').replace(/ +/g, ' '))

describe('/proc text generators (1024 MB)', () => {
  const ref = fixtureSections(boot1024)
  const t = makeKernel(1024)
  const mm = boot_mm(t.k)

  it('meminfo has the reference lines, widths and order', () => {
    const mine = meminfo(mm).split('\n').filter((l) => l)
    const theirs = ref['meminfo (before)']!
    expect(mine.map((l) => l.length)).toEqual(theirs.map((l) => l.length))
    expect(shape(mine.join('\n'))).toEqual(shape(theirs.join('\n')))
  })
  it('zoneinfo has the reference structure', () => {
    expect(shape(zoneinfo(mm))).toEqual(shape(ref['zoneinfo (before)']!.join('\n')))
  })
  it('buddyinfo and pagetypeinfo have the reference structure', () => {
    expect(shape(buddyinfo(mm))).toEqual(shape(ref['buddyinfo (before)']!.join('\n')))
    const b = buddyinfo(mm).split('\n')[0]!
    expect(b.length).toBe(ref['buddyinfo (before)']![0]!.length)
    expect(shape(pagetypeinfo(mm))).toEqual(shape(ref['pagetypeinfo (before)']!.join('\n')))
    // the initial pageblock split of the reference
    expect(pagetypeinfo(mm)).toContain('Node 0, zone   Normal            2          189            1            0            0            0 ')
    expect(pagetypeinfo(mm)).toContain('Node 0, zone  HighMem            1           59            0            0            4            0 ')
  })
  it('vmstat lists the reference counters in order', () => {
    const theirs = vmstat1024.split('\n').filter((l) => l && !l.startsWith('#'))
    const mine = vmstat(mm).split('\n').filter((l) => l)
    expect(mine.map((l) => l.split(' ')[0])).toEqual(theirs.map((l) => l.split(' ')[0]))
    const get = (ls: string[], k: string): number => Number(ls.find((l) => l.startsWith(k + ' '))!.split(' ')[1])
    for (const k of ['nr_free_pages', 'nr_dirty_threshold', 'nr_dirty_background_threshold'])
      expect(Math.abs(get(mine, k) - get(theirs, k))).toBeLessThan(get(theirs, k) * 0.02)
  })
  it('iomem shows RAM with the kernel inside it', () => {
    expect(iomem(mm).split('\n').slice(-4)).toEqual([
      '60000000-9fffffff : System RAM',
      '  60008000-60bfffff : Kernel code',
      '  60d00000-60e4abaf : Kernel data',
      ''
    ])
  })
})

describe('/proc/sys/vm', () => {
  it('reads the reference values', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const vm = vm_sysctls(mm)
    expect(vm.min_free_kbytes!.read()).toBe('3492\n')
    expect(vm.lowmem_reserve_ratio!.read()).toBe('32\t0\t0\n')
    expect(vm.watermark_scale_factor!.read()).toBe('10\n')
    expect(vm.watermark_boost_factor!.read()).toBe('15000\n')
  })
  it('min_free_kbytes recomputes the watermarks and pcp sizes', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const vm = vm_sysctls(mm)
    expect(vm.min_free_kbytes!.write!('8192\n')).toBe(5)
    const n = mm.pa.zones[0]!
    expect(n._watermark[0]).toBe(2048)
    // low = min + max(min/4, managed*10/10000)
    expect(n._watermark[1]).toBe(2048 + Math.max(512, Math.floor((n.managed_pages * 10) / 10000)))
    expect(n.pcp[0]!.high).toBe(n.low_wmark_pages())
    expect(zoneinfo(mm)).toContain('        min      2048')
    expect(vm.min_free_kbytes!.write!('abc')).toBe(-22)
    expect(vm.min_free_kbytes!.write!('-5')).toBe(-22)
    expect(vm.min_free_kbytes!.read()).toBe('8192\n')
  })
  it('watermark_scale_factor and lowmem_reserve_ratio take effect', () => {
    const t = makeKernel(1024)
    const mm = boot_mm(t.k)
    const vm = vm_sysctls(mm)
    expect(vm.watermark_scale_factor!.write!('100')).toBe(3)
    const n = mm.pa.zones[0]!
    expect(n._watermark[1]! - n._watermark[0]!).toBe(Math.floor((n.managed_pages * 100) / 10000))
    expect(vm.watermark_scale_factor!.write!('0')).toBe(-22)
    expect(vm.watermark_scale_factor!.write!('3001')).toBe(-22)
    expect(vm.lowmem_reserve_ratio!.write!('64 0 0')).toBe(6)
    expect(Array.from(n.lowmem_reserve)).toEqual([0, 1024, 1024])
    expect(vm.lowmem_reserve_ratio!.write!('0 0 0')).toBe(5)
    expect(Array.from(n.lowmem_reserve)).toEqual([0, 0, 0])
  })
})

describe('mm_proc_files', () => {
  it('lists every memory file with a reader', async () => {
    const { mm_proc_files } = await import('./mm_files')
    const t = makeKernel(512)
    const mm = boot_mm(t.k)
    const files = mm_proc_files(mm)
    expect(Object.keys(files).sort()).toEqual(
      [
        '/proc/buddyinfo', '/proc/iomem', '/proc/meminfo', '/proc/pagetypeinfo', '/proc/vmstat', '/proc/zoneinfo',
        '/proc/sys/vm/lowmem_reserve_ratio', '/proc/sys/vm/min_free_kbytes', '/proc/sys/vm/percpu_pagelist_high_fraction',
        '/proc/sys/vm/watermark_boost_factor', '/proc/sys/vm/watermark_scale_factor'
      ].sort()
    )
    for (const f of Object.values(files)) expect(f.read().endsWith('\n')).toBe(true)
    expect(files['/proc/buddyinfo']!.read()).toMatch(/^Node 0, zone   Normal /)
  })
})

describe('/proc layouts at every reference size', () => {
  for (const [mem, cmdline, text] of [
    [1024, 'vmalloc=512M', boot1024v],
    [800, '', boot800],
    [512, '', boot512],
    [256, '', boot256]
  ] as const) {
    it(`${mem} MB ${cmdline}`, () => {
      const ref = fixtureSections(text)
      const mm = boot_mm(makeKernel(mem, cmdline).k)
      expect(shape(meminfo(mm))).toEqual(shape(ref['meminfo (before)']!.join('\n')))
      expect(shape(zoneinfo(mm))).toEqual(shape(ref['zoneinfo (before)']!.join('\n')))
      expect(shape(buddyinfo(mm))).toEqual(shape(ref['buddyinfo (before)']!.join('\n')))
      expect(shape(pagetypeinfo(mm))).toEqual(shape(ref['pagetypeinfo (before)']!.join('\n')))
      // the pageblock migratetypes after boot are the reference's exactly
      const blocks = (ls: string[]): string[] => ls.filter((l) => /^Node 0, zone\s+\w+\s+\d/.test(l))
      expect(blocks(pagetypeinfo(mm).split('\n'))).toEqual(blocks(ref['pagetypeinfo (before)']!))
    })
  }
})
