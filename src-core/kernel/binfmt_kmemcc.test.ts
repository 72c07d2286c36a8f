import { describe, expect, it } from 'vitest'
import { boot_mm } from '../mm'
import { makeKernel } from '../mm/testing'
import { MM_ANONPAGES } from '../mm/mm_types'
import { NR_FREE_PAGES } from '../mm/vmstat'
import { Processes, UserAccess } from './fork'
import { TaskMemory, compileKcc, decodeKcc, encodeKcc, execImage, type KccObject } from './binfmt_kmemcc'
import { MemFault } from '../cc/run'

const HELLO: KccObject = {
  type: 'exec',
  units: [{ name: 'h.c', contents: '#include "h.h"\nint g = 5; char bss[10000];\nint main(void) { return g + N; }\n', defines: { N: '2' } }],
  headers: { 'h.h': 'extern int g;\n' }
}

/** Free frames: buddy lists plus the per-cpu lists. */
function freeFrames(mm: ReturnType<typeof boot>['mm']): number {
  let n = mm.pa.global_zone_page_state(NR_FREE_PAGES)
  for (const z of mm.pa.zones) if (z.populated()) n += mm.pa.zone_pcp_count(z)
  return n
}

function boot() {
  const t = makeKernel(256)
  const mm = boot_mm(t.k, { parts: { user: false, pageTables: false } })
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  return { ...t, mm, procs }
}

describe('the executable file', () => {
  it('is an ELF32 ARM header, the magic and the units, and decodes back', () => {
    const b = encodeKcc(HELLO)
    expect([...b.subarray(0, 6)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1])
    expect(b[16]).toBe(2) // ET_EXEC
    expect(b[18]).toBe(40) // EM_ARM
    expect(decodeKcc(b)).toEqual(HELLO)
    expect(encodeKcc({ ...HELLO, type: 'rel' })[16]).toBe(1)
  })

  it('anything else is not ours', () => {
    expect(decodeKcc(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBeNull()
    const b = encodeKcc(HELLO)
    b[60] = 0x20
    expect(decodeKcc(b)).toBeNull()
  })

  it('compiles from the captured headers and per-unit macros', () => {
    const r = compileKcc(HELLO)
    expect(r.ok).toBe(true)
  })
})

describe('exec and TaskMemory', () => {
  it('maps the program in the task, loads .data, faults pages in through the page tables, returns them at exit', () => {
    const { mm, procs } = boot()
    const free0 = freeFrames(mm)
    const pid = procs.fork_exec('h', 1, ['./h'])
    const t = procs.get(pid)!
    const prog = compileKcc(HELLO).program!
    const ex = execImage(procs, t, prog, '/root/h', ['./h'], ['HOME=/root'])
    if (typeof ex === 'number') throw new Error('exec failed')
    const names = t.mm!.vmas.map((v) => v.name)
    expect(names).toEqual(['/root/h', '/root/h', '[stack]'])
    const mem = new TaskMemory(procs, new UserAccess(procs, t))
    const g = prog.image.symbols.find((s) => s.name === 'g')!
    expect(mem.load32(g.addr)).toBe(5)
    // argv[0] on the stack
    const argv0 = mem.load32(ex.argv) >>> 0
    expect(new TextDecoder().decode(mem.read(argv0, 3))).toBe('./h')
    // a store to .bss: a new page, counted; fast views see the same bytes
    const bss = prog.image.symbols.find((s) => s.name === 'bss')!
    const rss0 = t.mm!.rss[MM_ANONPAGES]! + t.rss_stat[MM_ANONPAGES]!
    mem.store32(bss.addr + 8192, 0x12345678)
    expect(t.mm!.rss[MM_ANONPAGES]! + t.rss_stat[MM_ANONPAGES]!).toBe(rss0 + 1)
    expect(mem.fastPages()[(bss.addr + 8192) >>> 12]!.i32[((bss.addr + 8192) & 4095) >> 2]).toBe(0x12345678)
    // text is read-only, page 0 is unmapped: faults
    expect(() => mem.store8(0x10000, 1)).toThrow(MemFault)
    expect(() => mem.load8(8)).toThrow(MemFault)
    // the heap: brk, then a store
    const ua = new UserAccess(procs, t)
    const brk0 = ua.brk(0)
    expect(ua.brk(brk0 + 65536)).toBe(brk0 + 65536)
    mem.store8(brk0 + 65535, 7)
    expect(mem.load8(brk0 + 65535)).toBe(7)
    procs.do_exit(pid, 0)
    expect(freeFrames(mm)).toBe(free0)
  })
})
