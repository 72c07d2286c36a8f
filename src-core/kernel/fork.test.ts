import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { boot_mm } from '../mm'
import { makeKernel } from '../mm/testing'
import { GFP_KERNEL } from '../mm/gfp'
import { PageOwner } from '../mm/mmzone'
import { MM_ANONPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct } from '../mm/mm_types'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../mm/mmap'
import { OomKiller } from '../mm/oom_kill'
import { L_PTE_PRESENT } from '../arch/arm/pgtable'
import {
  NR_ACTIVE_ANON, NR_ANON_MAPPED, NR_FILE_MAPPED, NR_FILE_PAGES, NR_FREE_PAGES, NR_SHMEM, NR_INACTIVE_ANON, NR_PAGETABLE, NR_ZONE_ACTIVE_ANON,
  NR_ZONE_INACTIVE_ANON, PGFAULT
} from '../mm/vmstat'
import { Swap } from '../mm/swapfile'
import { Vmscan } from '../mm/vmscan'
import { Compaction } from '../mm/compaction'
import { mm_from_state, mm_get_state } from '../mm/snapshot'
import { proc_pid_maps, proc_pid_status, proc_pid_smaps_rollup } from '../fs/proc/pid'
import { Processes } from './fork'
import { SIGKILL } from './task'

function boot(memMB = 256, swapPages = 0) {
  const t = makeKernel(memMB)
  const mm = boot_mm(t.k, { parts: { user: false, pageTables: false } })
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  const oom = new OomKiller(t.k, mm, procs)
  oom.install()
  const swap = new Swap(mm, procs.pm)
  const vmscan = new Vmscan(mm, procs.pm, swap)
  vmscan.install()
  procs.totalSwapPages = () => swap.total_swap_pages
  oom.swap = swap
  if (swapPages) expect(swap.swapon('/swapfile', swapPages)).toBe(0)
  const compaction = new Compaction(mm, procs.pm, procs.shmem)
  compaction.install()
  return { ...t, mm, procs, oom, swap, vmscan, compaction }
}

/** Frames owned by `owner`, counted over mem_map. */
function owned(mm: ReturnType<typeof boot>['mm'], owner: PageOwner): number {
  let n = 0
  for (let i = 0; i < mm.pgdat.nframes; i++) if (mm.pgdat.owner[i] === owner && mm.pgdat.refcount[i]! > 0) n++
  return n
}

/** Free frames: buddy lists plus the per-cpu lists. */
function freeFrames(mm: ReturnType<typeof boot>['mm']): number {
  let n = mm.pa.global_zone_page_state(NR_FREE_PAGES)
  for (const z of mm.pa.zones) if (z.populated()) n += mm.pa.zone_pcp_count(z)
  return n
}

/** Walk an mm's PTEs: present anon pages (by the reverse map) and present file pages. */
function walk(s: ReturnType<typeof boot>, mm: MmStruct): { anon: number; file: number; swap: number } {
  let anon = 0
  let file = 0
  let swap = 0
  for (const v of mm.vmas)
    for (let va = v.start; va < v.end; va += 4096) {
      const pte = s.procs.pm.get_pte(mm, va)
      if (pte === 0) continue
      if (!(pte & L_PTE_PRESENT)) {
        swap++
        continue
      }
      const pfn = Math.floor(pte / 4096)
      const i = pfn - s.mm.pgdat.node_start_pfn
      if (s.procs.pm.rmapMm[i] === mm.id) {
        anon++
        expect(s.mm.pgdat.owner[i]).toBe(PageOwner.USER_ANON)
      } else file++
    }
  return { anon, file, swap }
}

function checkConsistent(s: ReturnType<typeof boot>): void {
  let anonSum = 0
  let ptes = 0
  let swapSum = 0
  for (const t of s.procs.table.list()) {
    if (!t.mm) continue
    const w = walk(s, t.mm)
    // the mm's counters plus what the task has not synced yet (SPLIT_RSS_COUNTING)
    const rss = (m: number): number => t.mm!.rss[m]! + t.rss_stat[m]!
    expect(w.anon).toBe(rss(MM_ANONPAGES))
    expect(w.swap).toBe(rss(MM_SWAPENTS))
    swapSum += w.swap
    expect(w.file).toBe(rss(MM_SHMEMPAGES))
    expect(t.mm.pgtables_bytes).toBe(t.mm.ptes.size * 2048)
    anonSum += w.anon
    ptes += t.mm.ptes.size
  }
  const ns = s.mm.pgdat.node_stat
  expect(s.swap.total_swap_pages - s.swap.nr_swap_pages).toBe(swapSum)
  expect(ns[NR_ANON_MAPPED]).toBe(anonSum)
  expect(ns[NR_PAGETABLE]).toBe(ptes)
  expect(owned(s.mm, PageOwner.USER_ANON)).toBe(anonSum)
  // LRU: node counters equal the sum of the zone counters.
  let zi = 0
  let za = 0
  for (const z of s.mm.pa.zones) {
    zi += z.vm_stat[NR_ZONE_INACTIVE_ANON]!
    za += z.vm_stat[NR_ZONE_ACTIVE_ANON]!
  }
  expect(zi).toBe(ns[NR_INACTIVE_ANON])
  expect(za).toBe(ns[NR_ACTIVE_ANON])
  s.mm.pa.checkInvariants()
}

describe('processes', () => {
  it('boot: kernel threads, init holding the initramfs pages and its page tables', () => {
    const s = boot(1024)
    const init = s.procs.get(1)!
    expect(init.mm!.total_vm).toBe(389)
    expect(init.mm!.rss[MM_SHMEMPAGES]! + init.rss_stat[MM_SHMEMPAGES]!).toBe(250)
    expect(s.procs.get(46)!.comm).toBe('kswapd0')
    expect(s.procs.get(46)!.mm).toBeNull()
    // init's text is mapped from the shmem page cache: Mapped = the pages it touched.
    expect(s.mm.pgdat.node_stat[NR_FILE_MAPPED]).toBe(250)
    checkConsistent(s)
  })

  it('demand paging: anon pages come from HighMem first, are counted as faults, and exit returns every frame', () => {
    const s = boot(1024)
    const before = freeFrames(s.mm)
    const faults = s.mm.pgdat.vm_events[PGFAULT]!
    const pid = s.procs.fork_exec('memhog', 1)
    const t = s.procs.get(pid)!
    const mm = t.mm!
    const addr = s.procs.mmap.do_mmap(mm, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(addr).toBeGreaterThan(0xb0000000)
    const rss0 = mm.get_mm_rss() + t.rss_stat[MM_ANONPAGES]! + t.rss_stat[MM_SHMEMPAGES]!
    for (let i = 0; i < 1000; i++) expect(s.procs.fault(t, addr + i * 4096, true)).toBe(0)
    expect(mm.get_mm_rss() + t.rss_stat[MM_ANONPAGES]! + t.rss_stat[MM_SHMEMPAGES]!).toBe(rss0 + 1000)
    // the mm's own counter lags by at most TASK_RSS_EVENTS_THRESH + 1 faults
    expect(t.rss_stat[MM_ANONPAGES]!).toBeLessThanOrEqual(65)
    expect(t.min_flt).toBeGreaterThanOrEqual(1000)
    expect(s.mm.pgdat.vm_events[PGFAULT]! - faults).toBeGreaterThanOrEqual(1000)
    // HighMem first: the first anon page of the mapping is a HighMem frame.
    const pte = s.procs.pm.get_pte(mm, addr)
    expect(s.mm.PageHighMem(Math.floor(pte / 4096))).toBe(true)
    checkConsistent(s)
    s.procs.do_exit(pid, 0)
    expect(s.procs.get(pid)).toBeUndefined()
    expect(freeFrames(s.mm)).toBe(before)
    checkConsistent(s)
  })

  it('UserAccess: brk, mmap, loads and stores through the page tables, SIGSEGV on NULL', () => {
    const s = boot()
    const pid = s.procs.fork_exec('a.out', 1)
    const u = s.procs.uaccess(pid)!
    const t = s.procs.get(pid)!
    const b0 = u.brk(0)
    expect(u.brk(b0 + 3 * 4096)).toBe(b0 + 3 * 4096)
    expect(u.store(b0 + 8, 4, 0x12345678)).toBe(true)
    expect(u.load(b0 + 8, 4)).toBe(0x12345678)
    const full = (): number => t.mm!.rss[MM_ANONPAGES]! + t.rss_stat[MM_ANONPAGES]!
    const rss = full()
    const a = u.mmap(1 << 20)
    expect(u.touch(a, 1 << 20)).toBe(1 << 20)
    expect(full()).toBe(rss + 256)
    expect(u.load(0, 4)).toBeNull()
    expect(u.signal).toBe(11)
    expect(u.munmap(a, 1 << 20)).toBe(0)
    expect(full()).toBe(rss)
    expect(u.load(a, 4)).toBeNull()
    checkConsistent(s)
  })

  it('fork copies oom_score_adj (signal_struct) and, without exec, the parent\'s command line', () => {
    const s = boot()
    const parent = s.procs.get(s.procs.fork_exec('sh', 1, ['sh', '-c', 'x']))!
    parent.oom_score_adj = -1000
    parent.oom_score_adj_min = -1000
    const child = s.procs.get(s.procs.fork_exec('memhog', parent.pid, ['memhog', '64m']))!
    expect([child.oom_score_adj, child.oom_score_adj_min]).toEqual([-1000, -1000])
    expect(child.argv).toEqual(['memhog', '64m'])
    // A NOEXEC applet (dd) in a forked shell: comm dd, cmdline the shell's.
    const dd = s.procs.get(s.procs.fork_exec('dd', 1, null))!
    expect([dd.comm, dd.argv, dd.oom_score_adj]).toEqual(['dd', ['/bin/sh', '/init'], 0])
  })

  it('UserAccess copies: clear_user faults the buffer in, copy_to_user/copy_from_user go through the frames', () => {
    const s = boot()
    const pid = s.procs.fork_exec('dd', 1)
    const u = s.procs.uaccess(pid)!
    const t = s.procs.get(pid)!
    const full = (): number => t.mm!.rss[MM_ANONPAGES]! + t.rss_stat[MM_ANONPAGES]!
    const rss = full()
    const a = u.mmap(64 * 4096)
    expect(u.copy_to_user(a + 4090, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe(10)
    expect(u.clear_user(a, 64 * 4096 - 8)).toBe(64 * 4096 - 8)
    expect(full()).toBe(rss + 64)
    expect(Array.from(u.copy_from_user(a + 64 * 4096 - 10, 10)!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(u.copy_to_user(a + 4094, new Uint8Array([7, 8, 9]))).toBe(3)
    expect(Array.from(u.copy_from_user(a + 4093, 5)!)).toEqual([0, 7, 8, 9, 0])
    expect(u.copy_from_user(0, 4)).toBeNull()
    expect(u.signal).toBe(11)
    checkConsistent(s)
  })

  it('tmpfs file pages from shmem: Cached, Shmem and Committed_AS follow them', () => {
    const s = boot()
    const ns = s.mm.pgdat.node_stat
    const [files, shmem, committed] = [ns[NR_FILE_PAGES]!, ns[NR_SHMEM]!, s.mm.vm_committed_as]
    const pfns = Array.from({ length: 100 }, () => s.procs.shmem.alloc_file_page())
    expect(pfns.every((p) => p > 0)).toBe(true)
    expect(ns[NR_FILE_PAGES]).toBe(files + 100)
    expect(ns[NR_SHMEM]).toBe(shmem + 100)
    expect(s.mm.vm_committed_as).toBe(committed + 100)
    for (const p of pfns) s.procs.shmem.free_file_page(p)
    expect([ns[NR_FILE_PAGES], ns[NR_SHMEM], s.mm.vm_committed_as]).toEqual([files, shmem, committed])
    checkConsistent(s)
  })

  it('a fault outside every VMA is SIGSEGV; the stack grows down', () => {
    const s = boot()
    const pid = s.procs.fork_exec('sh', 1)
    const t = s.procs.get(pid)!
    expect(s.procs.pm.access(t.mm!, t, 0, true)).toBe(-1)
    const stack = t.mm!.vmas.find((v) => v.name === '[stack]')!
    const vm = t.mm!.total_vm
    expect(s.procs.pm.access(t.mm!, t, stack.start - 8192, true)).toBeGreaterThan(0)
    expect(t.mm!.total_vm).toBe(vm + 2)
  })

  it('property: random spawn/touch/munmap/exit/kill/OOM/reclaim/swapoff/compaction sequences keep RSS, swap, counters and frames consistent', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('spawn' as const), comm: fc.constantFrom('sh', 'cat', 'memhog', 'dd') }),
      fc.record({ k: fc.constant('touch' as const), who: fc.nat(), pages: fc.integer({ min: 1, max: 3000 }), write: fc.boolean() }),
      fc.record({ k: fc.constant('munmap' as const), who: fc.nat() }),
      fc.record({ k: fc.constant('exit' as const), who: fc.nat() }),
      fc.record({ k: fc.constant('adj' as const), who: fc.nat(), adj: fc.constantFrom(-1000, -500, 0, 500, 1000) }),
      fc.record({ k: fc.constant('oom' as const) }),
      fc.record({ k: fc.constant('reclaim' as const), n: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ k: fc.constant('swapoff' as const) }),
      fc.record({ k: fc.constant('compact' as const) })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const s = boot(256, 4096)
        const before = freeFrames(s.mm)
        const maps = new Map<number, number[]>()
        const live = (): number[] => s.procs.table.userTasks().filter((t) => t.pid !== 1).map((t) => t.pid)
        for (const o of ops) {
          const pids = live()
          const pick = (n: number): number | undefined => pids[n % Math.max(1, pids.length)]
          if (o.k === 'spawn') s.procs.fork_exec(o.comm, 1)
          else if (o.k === 'touch') {
            const t = s.procs.get(pick(o.who) ?? -1)
            if (!t?.mm) continue
            const addr = s.procs.mmap.do_mmap(t.mm, o.pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
            if (addr < 0) continue
            maps.set(t.pid, [...(maps.get(t.pid) ?? []), addr, o.pages])
            for (let i = 0; i < o.pages && t.mm; i++) s.procs.fault(t, addr + i * 4096, o.write)
          } else if (o.k === 'munmap') {
            const pid = pick(o.who)
            const t = pid === undefined ? undefined : s.procs.get(pid)
            const m = pid === undefined ? undefined : maps.get(pid)
            if (!t?.mm || !m?.length) continue
            s.procs.mmap.do_munmap(t.mm, m[0]!, m[1]! * 4096)
            maps.set(pid!, m.slice(2))
          } else if (o.k === 'exit') {
            const pid = pick(o.who)
            if (pid !== undefined) s.procs.do_exit(pid, 0)
          } else if (o.k === 'adj') {
            const t = s.procs.get(pick(o.who) ?? -1)
            if (t) t.oom_score_adj = o.adj
          } else if (o.k === 'oom') {
            if (s.oom.panicked) break
            s.oom.out_of_memory(GFP_KERNEL, 0)
          } else if (o.k === 'reclaim') {
            for (let n = 0; n < o.n; n++) s.vmscan.try_to_free_pages(GFP_KERNEL, 0)
          } else if (o.k === 'compact') {
            s.compaction.compact_nodes()
          } else if (o.k === 'swapoff') {
            // swapoff fails (ENOMEM) when RAM cannot take the pages back; either way swap is on again after.
            if (s.swap.swapoff('/swapfile') === 0) expect(s.swap.swapon('/swapfile', 4096)).toBe(0)
          }
          checkConsistent(s)
        }
        // Killed tasks keep no memory; every exit returns all frames.
        for (const t of s.procs.table.list()) if (t.sigkill) expect(t.mm).toBeNull()
        for (const pid of live()) s.procs.do_exit(pid, 0)
        for (const t of s.procs.table.userTasks()) if (t.pid !== 1) s.procs.do_exit(t.pid, SIGKILL)
        for (const t of s.procs.table.list()) if (t.pid !== 1 && !t.kthread) s.procs.do_exit(t.pid, 0)
        // init's pages may be in swap: swapoff brings them back, then every frame is accounted for.
        expect(s.swap.swapoff('/swapfile')).toBe(0)
        expect(s.swap.nr_swap_pages).toBe(0)
        expect(s.swap.total_swap_pages).toBe(0)
        expect(freeFrames(s.mm)).toBe(before)
        checkConsistent(s)
      }),
      { numRuns: 30 }
    )
  })

  it('snapshot: a restored process layer continues in lockstep with the original', () => {
    const a = boot(256, 2048)
    const work = (s: ReturnType<typeof boot>, seed: number): void => {
      for (let r = 0; r < 3; r++) {
        const pid = s.procs.fork_exec(r % 2 ? 'memhog' : 'sh', 1)
        const t = s.procs.get(pid)!
        const n = 3000 + seed * 1000 + r * 500
        const addr = s.procs.mmap.do_mmap(t.mm!, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
        for (let i = 0; i < n && t.mm; i++) {
          const pa = s.procs.pm.access(t.mm, t, addr + i * 4096, true)
          if (pa >= 0) s.mm.phys.write(pa, 4, (pid << 16) ^ i)
        }
        s.vmscan.try_to_free_pages(GFP_KERNEL, 0)
      }
      s.compaction.compact_nodes()
      const victims = s.procs.table.userTasks().filter((t) => t.pid !== 1)
      if (victims.length > 2) s.procs.do_exit(victims[0]!.pid, 0)
      s.oom.out_of_memory(GFP_KERNEL, 0)
    }
    work(a, 1)
    const snap = structuredClone({
      mm: mm_get_state(a.mm), procs: a.procs.get_state(), swap: a.swap.get_state(), vmscan: a.vmscan.get_state(), oom: a.oom.get_state()
    })
    // Restore into a second kernel.
    const t2 = makeKernel(256)
    const mm2 = mm_from_state(t2.k, snap.mm)
    const procs2 = Processes.from_state(t2.k, mm2, snap.procs)
    const oom2 = new OomKiller(t2.k, mm2, procs2)
    oom2.install()
    oom2.set_state(snap.oom)
    const swap2 = new Swap(mm2, procs2.pm)
    swap2.set_state(snap.swap)
    const vmscan2 = new Vmscan(mm2, procs2.pm, swap2)
    vmscan2.install()
    vmscan2.set_state(snap.vmscan)
    procs2.totalSwapPages = () => swap2.total_swap_pages
    oom2.swap = swap2
    const compaction2 = new Compaction(mm2, procs2.pm, procs2.shmem)
    compaction2.install()
    const b = { ...t2, mm: mm2, procs: procs2, oom: oom2, swap: swap2, vmscan: vmscan2, compaction: compaction2 }
    checkConsistent(b)
    work(a, 2)
    work(b, 2)
    const view = (s: ReturnType<typeof boot>): unknown => ({
      free: freeFrames(s.mm),
      node: Array.from(s.mm.pgdat.node_stat),
      events: Array.from(s.mm.pgdat.vm_events),
      swap: [s.swap.total_swap_pages, s.swap.nr_swap_pages],
      tasks: s.procs.table.list().map((t) => {
        const d = { procs: s.procs, oom_score: (x: typeof t) => s.oom.oom_score(x), nrCpuIds: 4, now: () => 0 }
        return [t.pid, t.comm, s.oom.oom_score(t), proc_pid_status(d, t), proc_pid_maps(t), proc_pid_smaps_rollup(d, t)]
      })
    })
    expect(view(b)).toEqual(view(a))
    checkConsistent(b)
  })
})

