import { describe, expect, it } from 'vitest'
import { GFP_HIGHUSER_MOVABLE, GFP_KERNEL } from '../../mm/gfp'
import { boot_mm } from '../../mm/index'
import { Kmem } from '../../mm/kmem'
import { makeKernel, stripTime } from '../../mm/testing'
import { die_header, do_DataAbort_kernel } from './fault'
import { KernelFault } from './mmu'

function boot(mem = 1024) {
  const t = makeKernel(mem)
  const mm = boot_mm(t.k, { workload: false })
  const km = new Kmem(t.k, mm)
  km.boot_late()
  return { ...t, mm, km }
}

describe('kernel MMU', () => {
  it('lowmem is section-mapped; the walk and the fast path agree', () => {
    const { km } = boot()
    const mmu = km.mmu
    expect(mmu.pgdEntry(0xc1000000).toString(16)).toBe('6101141e')
    expect(mmu.show_pte(0xc1000000)).toBe('[c1000000] *pgd=6101141e(bad)')
    expect(mmu.pgdEntry(0xc0000000).toString(16)).toBe('6001140e') // kernel text: no XN (0x10)
    expect(mmu.translate(0xc18b5123)).toBe(0x618b5123)
    expect(mmu.virt_addr_valid(0xc18b5000)).toBe(true)
    expect(mmu.virt_addr_valid(0xf0800000)).toBe(false)
    expect(mmu.__pa(0xc18b5000)).toBe(0x618b5000)
    expect(mmu.__va(0x618b5000)).toBe(0xc18b5000)
    expect(mmu.virt_to_page(0xc18b5000)).toBe(399541)
  })

  it('vmalloc, pkmap and fixmap addresses translate through PTE pages to their frames', () => {
    const { km, mm } = boot()
    const v = km.vmalloc(3 * 4096)
    for (let i = 0; i < 3; i++) expect(km.mmu.translate(v + i * 4096 + 5)).toBe(km.vmalloc_to_page(v + i * 4096) * 4096 + 5)
    expect(km.mmu.translate(v + 3 * 4096)).toBe(-1) // the guard page
    expect(km.mmu.fault.name).toBe('page translation fault')
    const p = mm.alloc_page(GFP_HIGHUSER_MOVABLE)
    const a = km.kmap(p)
    expect(km.mmu.translate(a)).toBe(p * 4096)
    const pte = km.mmu.linux_pte(a)
    expect(pte >>> 12).toBe(p)
    expect(km.mmu.show_pte(a)).toMatch(/^\[bfe01000\] \*pgd=[0-9a-f]{5}811, \*pte=[0-9a-f]{5}65f, \*ppte=[0-9a-f]{5}45f$/)
    const q = mm.alloc_page(GFP_HIGHUSER_MOVABLE)
    const f = km.kmap_local_page(q)
    km.mmu.write64(f + 8, 0x1122334455667788n)
    expect(mm.phys.read64(q * 4096 + 8)).toBe(0x1122334455667788n)
    expect(km.mmu.read16(f + 8)).toBe(0x7788)
    // an unaligned word across the end of a vmalloc page lands in two frames
    const w = km.vmalloc(2 * 4096)
    km.mmu.write32(w + 4094, 0xa1b2c3d4)
    expect(mm.phys.read(km.vmalloc_to_page(w) * 4096 + 4094, 2)).toBe(0xc3d4)
    expect(mm.phys.read(km.vmalloc_to_page(w + 4096) * 4096, 2)).toBe(0xa1b2)
    expect(km.mmu.read32(w + 4094)).toBe(0xa1b2c3d4)
    km.vfree(w)
    km.kunmap_local(f)
    expect(km.mmu.translate(f)).toBe(-1)
    km.vfree(v)
    expect(km.mmu.translate(v)).toBe(-1)
  })

  it('a kernel write to user address 0: section translation fault without a user table, page domain fault (0x81b) with one', () => {
    const t = boot()
    const { km, mm } = t
    const mmu = km.mmu
    expect(mmu.translate(0, true)).toBe(-1)
    expect(mmu.fault.fsr.toString(16)).toBe('805')
    expect(mmu.fault.name).toBe('section translation fault')
    const pgd = mmu.pgd_alloc()
    const pte = mmu.user_pte_alloc(pgd, 0x10000)
    mmu.userPgd = pgd
    expect(() => mmu.write32(0, 42)).toThrow(KernelFault)
    expect(mmu.fault.fsr.toString(16)).toBe('81b')
    expect(mmu.fault.name).toBe('page domain fault')
    expect(mmu.fault.pgd).toBe(((pte + 0x800) | 0x31) >>> 0)
    // the user PTE page is in HighMem (HIGHPTE), so show_pte stops at the pgd, as in the reference Oops
    expect(mm.PageHighMem(pte / 4096)).toBe(true)
    expect(mmu.show_pte(0, pgd)).toBe(`[00000000] *pgd=${(((pte + 0x800) | 0x31) >>> 0).toString(16).padStart(8, '0')}`)
    const n = t.lines.length
    const d = do_DataAbort_kernel(t.k, mmu, mmu.fault, pgd)
    expect(t.lines.slice(n).map(stripTime)).toEqual([
      '8<--- cut here ---',
      'Unhandled fault: page domain fault (0x81b) at 0x00000000',
      `[00000000] *pgd=${(((pte + 0x800) | 0x31) >>> 0).toString(16)}`
    ])
    expect(die_header(d.str, d.err, 1)).toBe('Internal error: : 81b [#1] SMP ARM')
    mmu.userPgd = -1
    expect(mmu.translate(0x1234, false)).toBe(-1)
    const n2 = t.lines.length
    const d2 = do_DataAbort_kernel(t.k, mmu, mmu.fault)
    expect(t.lines.slice(n2).map(stripTime)[1]).toBe('Unable to handle kernel paging request at virtual address 00001234')
    expect(die_header(d2.str, d2.err, 2)).toBe('Internal error: Oops: 5 [#2] SMP ARM')
    void GFP_KERNEL
  })
})
