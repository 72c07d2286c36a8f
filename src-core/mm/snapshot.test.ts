import { describe, expect, it } from 'vitest'
import { meminfo } from '../fs/proc/meminfo'
import { zoneinfo } from '../fs/proc/zoneinfo'
import { __GFP_NOWARN, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL } from './gfp'
import { boot_mm } from './index'
import { mm_from_state, mm_get_state } from './snapshot'
import { makeKernel } from './testing'

describe('mm snapshot', () => {
  it('a restored model continues exactly like the original', () => {
    const t = makeKernel(512)
    const a = boot_mm(t.k)
    const held: number[] = []
    for (let i = 0; i < 500; i++) held.push(a.alloc_pages(GFP_KERNEL, i % 4))
    a.phys.fill(held[0]! * 4096, 4096, 0x5a)
    const state = structuredClone(mm_get_state(a))
    const b = mm_from_state(makeKernel(512).k, state)
    b.pa.checkInvariants()
    expect(zoneinfo(b)).toBe(zoneinfo(a))
    expect(meminfo(b)).toBe(meminfo(a))
    expect(b.phys.read(held[0]! * 4096 + 17, 1)).toBe(0x5a)
    const gfps = [GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE]
    for (let i = 0; i < 3000; i++) {
      const g = gfps[i % 3]! | __GFP_NOWARN
      const o = (i * 7) % 6
      expect(b.alloc_pages(g, o)).toBe(a.alloc_pages(g, o))
      if (i % 5 === 0 && held.length) {
        const pfn = held.pop()!
        const order = held.length % 4
        a.__free_pages(pfn, order)
        b.__free_pages(pfn, order)
      }
    }
    expect(zoneinfo(b)).toBe(zoneinfo(a))
    expect(() => mm_from_state(t.k, { ...state, version: 99 })).toThrow(/version/)
  })
})
