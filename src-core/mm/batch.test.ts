/*
 * The batched paths vmalloc uses - PageAlloc.alloc_pages_array /
 * free_pages_array and KernelMmu.map_kernel_range / unmap_kernel_range -
 * must leave every list, counter, frame column and page-table byte exactly
 * as the one-page-at-a-time loops they replace. Two machines booted alike
 * run the same random script, one through each path, and are compared
 * whole after every step.
 */

import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { __GFP_ZERO, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL, __GFP_HIGHMEM } from './gfp'
import { boot_mm } from './index'
import { Kmem } from './kmem'
import type { Mm } from './mm_init'
import { PageOwner } from './mmzone'
import { PhysMem } from './phys_mem'
import { makeKernel } from './testing'
import { PAGE_KERNEL, PROT_PTE_DEVICE } from '../arch/arm/pgtable'

function boot(mem: number): { mm: Mm; km: Kmem } {
  const t = makeKernel(mem)
  const mm = boot_mm(t.k, { workload: false })
  const km = new Kmem(t.k, mm)
  km.boot_late()
  return { mm, km }
}

/** Everything the allocator and the page tables keep, hashed (the columns are large). */
function state(mm: Mm): string {
  const pg = mm.pgdat
  const h = createHash('sha256')
  for (const c of [pg.flags, pg.refcount, pg.order, pg.zoneid, pg.owner, pg.mapcount, pg.pcpmt, pg.buddymt, pg.pageblock_mt, pg.next, pg.prev, pg.node_stat, pg.vm_events])
    h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
  for (const z of pg.zones) {
    for (const c of [z.nr_free, z.nr_free_mt, z.vm_stat]) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
    h.update(JSON.stringify([z.watermark_boost, z.pcp.map((p) => [p.count, p.high, p.batch, p.free_factor])]))
  }
  for (const [pfn, bytes] of mm.phys.get_state()) {
    h.update(String(pfn))
    h.update(bytes)
  }
  return h.digest('hex')
}

const GFPS = [GFP_KERNEL | __GFP_HIGHMEM, GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE]

describe('batched order-0 allocation and freeing', () => {
  it('alloc_pages_array / free_pages_array leave the state of the alloc_pages / __free_pages loops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gfp: fc.integer({ min: 0, max: GFPS.length - 1 }), n: fc.integer({ min: 1, max: 3000 }), keep: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (steps) => {
          const a = boot(256)
          const b = boot(256)
          const heldA: Int32Array[] = []
          const heldB: Int32Array[] = []
          for (const s of steps) {
            const gfp = GFPS[s.gfp]!
            const pa = new Int32Array(s.n)
            const na = a.mm.pa.alloc_pages_array(gfp, s.n, pa, 0, PageOwner.VMALLOC)
            const pb = new Int32Array(s.n)
            let nb = 0
            for (; nb < s.n; nb++) {
              const pfn = b.mm.pa.alloc_pages(gfp, 0, PageOwner.VMALLOC)
              if (pfn < 0) break
              pb[nb] = pfn
            }
            expect(na).toBe(nb)
            expect(Array.from(pa)).toEqual(Array.from(pb))
            if (s.keep) {
              heldA.push(pa.subarray(0, na))
              heldB.push(pb.subarray(0, nb))
            } else {
              a.mm.pa.free_pages_array(pa, 0, na)
              for (let i = 0; i < nb; i++) b.mm.pa.__free_pages(pb[i]!, 0)
            }
            expect(state(a.mm)).toEqual(state(b.mm))
          }
          // free what was kept in one call, the batches interleaved (zones and pcp lists alternate)
          const order = (held: Int32Array[]): Int32Array => {
            const out: number[] = []
            for (let i = 0; held.some((h) => i < h.length); i++) for (const h of held) if (i < h.length) out.push(h[i]!)
            return Int32Array.from(out)
          }
          const allA = order(heldA)
          a.mm.pa.free_pages_array(allA, 0, allA.length)
          for (const pfn of order(heldB)) b.mm.pa.__free_pages(pfn, 0)
          expect(state(a.mm)).toEqual(state(b.mm))
          a.mm.pa.checkInvariants()
        }
      ),
      { numRuns: 6, endOnFailure: true }
    )
  })

  it('through HighMem running out into Normal, with pageblocks stolen on the way (1 GB board)', () => {
    const a = boot(1024)
    const b = boot(1024)
    const gfp = GFP_KERNEL | __GFP_HIGHMEM
    for (const n of [3000, 70000]) {
      const pa = new Int32Array(n)
      const na = a.mm.pa.alloc_pages_array(gfp, n, pa, 0, PageOwner.VMALLOC)
      const pb = new Int32Array(n)
      let nb = 0
      for (; nb < n; nb++) {
        const pfn = b.mm.pa.alloc_pages(gfp, 0, PageOwner.VMALLOC)
        if (pfn < 0) break
        pb[nb] = pfn
      }
      expect(na).toBe(nb)
      expect(state(a.mm)).toBe(state(b.mm))
      a.mm.pa.free_pages_array(pa, 0, na)
      for (let i = 0; i < nb; i++) b.mm.pa.__free_pages(pb[i]!, 0)
      expect(state(a.mm)).toBe(state(b.mm))
    }
    a.mm.pa.checkInvariants()
  })

  it('a page still referenced or already free takes __free_pages() (same reports, same state)', () => {
    const a = boot(256)
    const b = boot(256)
    const run = (mm: Mm, batched: boolean): void => {
      const pages = new Int32Array(40)
      for (let i = 0; i < 40; i++) pages[i] = mm.pa.alloc_pages(GFP_KERNEL, 0, PageOwner.KERNEL)
      mm.pgdat.refcount[pages[5]! - mm.pgdat.node_start_pfn]! += 1 // get_page()
      mm.pa.__free_pages(pages[7]!, 0) // freed early: the batch frees it again
      if (batched) mm.pa.free_pages_array(pages, 0, 40)
      else for (const p of pages) mm.pa.__free_pages(p, 0)
    }
    run(a.mm, true)
    run(b.mm, false)
    expect(state(a.mm)).toEqual(state(b.mm))
    expect(a.km.k.log.all().map((r) => r.text)).toEqual(b.km.k.log.all().map((r) => r.text))
    expect(a.km.k.log.all().some((r) => r.text.includes('Bad page state'))).toBe(true)
  })
})

describe('batched kernel page-table updates', () => {
  it('map_kernel_range / unmap_kernel_range write what map_kernel_page / unmap_kernel_page do', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            page: fc.integer({ min: 0, max: 6000 }),
            n: fc.integer({ min: 1, max: 1500 }),
            phys: fc.boolean(),
            dev: fc.boolean(),
            unmap: fc.boolean()
          }),
          { minLength: 1, maxLength: 6 }
        ),
        (steps) => {
          const a = boot(256)
          const b = boot(256)
          const base = a.km.vm.VMALLOC_START + 64 * 1024 * 1024
          for (const s of steps) {
            const va = base + s.page * 4096
            const prot = s.dev ? PROT_PTE_DEVICE : PAGE_KERNEL
            const pfns = s.phys ? null : Int32Array.from({ length: s.n }, (_, i) => 0x60000 + ((i * 7919) % 50000))
            const okA = a.km.mmu.map_kernel_range(va, pfns, 0x10000, s.n, prot)
            let okB = true
            for (let i = 0; i < s.n && okB; i++) okB = b.km.mmu.map_kernel_page(va + i * 4096, pfns ? pfns[i]! : 0x10000 + i, prot)
            expect(okA).toBe(okB)
            if (s.unmap) {
              const from = va + Math.floor(s.n / 3) * 4096
              const n = s.n - Math.floor(s.n / 3) + 300
              a.km.mmu.unmap_kernel_range(from, n)
              for (let i = 0; i < n; i++) b.km.mmu.unmap_kernel_page(from + i * 4096)
            }
            expect(state(a.mm)).toEqual(state(b.mm))
          }
        }
      ),
      { numRuns: 8, endOnFailure: true }
    )
  })
})

describe('PhysMem.copy', () => {
  it('leaves the bytes and the buffers a byte-by-byte copy leaves', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 5 * 4096 }), v: fc.integer({ min: 0, max: 255 }) }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 * 4096 }),
        fc.integer({ min: 0, max: 3 * 4096 }),
        (writes, src, len) => {
          const a = new PhysMem()
          const b = new PhysMem()
          for (const w of writes) {
            a.write8(w.at, w.v)
            b.write8(w.at, w.v)
          }
          const dst = 8 * 4096 + 123
          a.copy(dst, src, len)
          for (let i = 0; i < len; i++) b.write8(dst + i, b.read8(src + i))
          expect(a.get_state()).toEqual(b.get_state())
        }
      ),
      { numRuns: 50 }
    )
  })
})
