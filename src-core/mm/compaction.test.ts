import { describe, expect, it } from 'vitest'
import { boot_mm } from '.'
import { makeKernel } from './testing'
import { GFP_KERNEL } from './gfp'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './mmap'
import { Compaction } from './compaction'
import { vm_event_names } from './vmstat'
import { Processes } from '../kernel/fork'

function boot(memMB = 256) {
  const t = makeKernel(memMB)
  const mm = boot_mm(t.k, { parts: { user: false, pageTables: false } })
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  const c = new Compaction(mm, procs.pm, procs.shmem)
  c.install()
  return { ...t, mm, procs, c }
}

describe('compaction', () => {
  it('compact_memory moves user pages (bytes and mappings intact) so free memory coalesces', () => {
    const s = boot(256)
    // Interleave two hogs' pages, then let one go: free memory is left in single pages.
    const a = s.procs.get(s.procs.fork_exec('memhog', 1))!
    const b = s.procs.get(s.procs.fork_exec('memhog', 1))!
    const n = 20000
    const va = s.procs.mmap.do_mmap(a.mm!, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    const vb = s.procs.mmap.do_mmap(b.mm!, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    for (let i = 0; i < n; i++) {
      const pa = s.procs.pm.access(a.mm!, a, va + i * 4096, true)
      s.mm.phys.write(pa, 4, 0x1000 + i)
      s.procs.pm.access(b.mm!, b, vb + i * 4096, true)
    }
    s.procs.do_exit(b.pid, 0)
    s.mm.pa.drain_all_pages()
    const zone = s.mm.pa.zones.find((z) => z.managed_pages)!
    const before = zone.nr_free[10]!
    s.c.compact_nodes()
    s.mm.pa.checkInvariants()
    expect(zone.nr_free[10]!).toBeGreaterThan(before)
    expect(s.mm.pgdat.vm_events[vm_event_names.indexOf('pgmigrate_success')]).toBeGreaterThan(0)
    for (let i = 0; i < n; i += 97) expect(s.mm.phys.read(s.procs.pm.access(a.mm!, a, va + i * 4096, false), 4)).toBe(0x1000 + i)
    // init's busybox text (shmem, mapped) still maps the page cache's frames.
    const init = s.procs.get(1)!
    const bb = s.procs.shmem.busybox!
    expect(Math.floor(s.procs.pm.get_pte(init.mm!, 0x10000) / 4096)).toBe(bb.pages[0])
    // Exit still returns everything (the moved pages are the process's).
    s.procs.do_exit(a.pid, 0)
    s.mm.pa.checkInvariants()
  })

  it('direct compaction for a costly order counts a stall and succeeds when it can make the block', () => {
    const s = boot(256)
    const stall = vm_event_names.indexOf('compact_stall')
    expect(s.c.try_to_compact_pages(GFP_KERNEL, 4)).toBe(true)
    expect(s.mm.pgdat.vm_events[stall]).toBe(1)
  })
})
