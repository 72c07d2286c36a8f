import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { boot_mm } from '.'
import { makeKernel, stripTime } from './testing'
import { Kmem } from './kmem'
import { OomKiller } from './oom_kill'
import { Swap } from './swapfile'
import { Vmscan } from './vmscan'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './mmap'
import { NR_FREE_PAGES } from './vmstat'
import { Processes } from '../kernel/fork'
import { TAINT_OOT_MODULE, type KFrame } from '../kernel/context'
import type { EntryFrame } from '../kernel/dumpstack'

const fixture = (name: string): string[] =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('# '))

/** The kernel with the real subsystems: Kmem (slab, vmalloc), tasks, reclaim (no swap on), the OOM killer. */
function boot(memMB = 1024) {
  const t = makeKernel(memMB)
  const mm = boot_mm(t.k, { workload: false })
  const km = new Kmem(t.k, mm)
  expect(km.boot_late()).toBe(true)
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  const oom = new OomKiller(t.k, mm, procs)
  oom.install()
  const swap = new Swap(mm, procs.pm)
  new Vmscan(mm, procs.pm, swap).install()
  oom.swap = swap
  return { ...t, mm, km, procs, oom }
}

type S = ReturnType<typeof boot>

/** The reference's memory hog: `dd if=/dev/zero bs=<N>M count=1 | sleep 100000`, dd holding its buffer. */
function hog(s: S, mb: number): number {
  const pid = s.procs.fork_exec('dd', 1, ['dd', 'if=/dev/zero', `bs=${mb}M`, 'count=1'])
  const t = s.procs.get(pid)!
  const addr = s.procs.mmap.do_mmap(t.mm!, mb << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  for (let va = addr; va < addr + (mb << 20) && t.mm; va += 4096) s.procs.fault(t, va, true)
  s.procs.fork_exec('sleep', 1, ['sleep', '100000'])
  return pid
}

/** The reference's oom_vmalloc.ko run by insmod: 4 MB vmallocs until one fails or insmod is killed. */
function insmodOomVmalloc(s: S): { chunks: number; killed: boolean } {
  const k = s.k
  const pid = s.procs.fork_exec('insmod', 1, ['insmod', '/mods/oom_vmalloc.ko'])
  const me = s.procs.get(pid)!
  k.current = me
  k.addTaint(TAINT_OOT_MODULE)
  const entry: EntryFrame = {
    fn: 'ret_fast_syscall', off: 0, size: 0x54,
    // what the module loader will attach (words of the reference's "Exception stack")
    ptRegs: { addr: 0xfb645fa8, words: [0x5ffb0300, 0xffffffff, 3, 0x154fa0, 0, 0x156cc4, 0x5ffb0300, 0xffffffff, 0x15538c, 0x17b, 0, 0x148d20, 0x157d64, 0x1501d0, 0xbe9b5a08, 0xbe9b59f8, 0x49895, 0x12252] }
  }
  const chain: KFrame[] = [
    entry,
    { fn: 'sys_finit_module', off: 0xc0, size: 0x10c },
    { fn: 'do_init_module', off: 0x44, size: 0x1d8 },
    { fn: 'do_one_initcall', off: 0x58, size: 0x200 },
    { fn: 'oom_vmalloc_init', off: 0x7c, size: 0x1000, module: 'oom_vmalloc' }
  ]
  for (const f of chain) k.frames.push(f)
  const held: number[] = []
  try {
    for (let i = 0; i < 1024; i++) {
      const p = s.km.vm.vmalloc(4 << 20)
      if (!p) break
      held.push(p)
      if (me.sigkill) break
    }
  } finally {
    k.frames.length = 0
  }
  for (const p of held) s.km.vm.vfree(p)
  return { chunks: held.length, killed: me.sigkill }
}

/** Numbers, addresses and migratetype letters masked; runs of spaces collapsed. */
function mask(line: string): string {
  return stripTime(line)
    .replace(/\d+\*\d+kB( \([A-Z]+\))?/g, 'N*NkB')
    .replace(/0x[0-9a-f]+/g, 'H')
    .replace(/\b[0-9a-f]{8}\b/g, 'H')
    .replace(/\d+/g, 'N')
    .replace(/ +/g, ' ')
}

/** The first OOM report in the console: from "invoked oom-killer" to "Killed process". */
function firstReport(lines: string[]): string[] {
  const a = lines.findIndex((l) => l.includes('invoked oom-killer'))
  const b = lines.findIndex((l, i) => i > a && l.includes('Killed process'))
  expect(a).toBeGreaterThanOrEqual(0)
  expect(b).toBeGreaterThan(a)
  return lines.slice(a, b + 1)
}

/** Parse the report's tasks table and summary: the victim must have the highest badness. */
function checkVictim(report: string[], totalpages: number): { victim: number; rows: number } {
  const rows: Array<{ pid: number; points: number }> = []
  for (const l of report) {
    const m = /\[\s*(\d+)\]\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+) (\S+)/.exec(stripTime(l))
    if (!m) continue
    const [rss, pgtables, swapents, adj] = [Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8])]
    // oom_badness(): rss + swapents + pgtables_bytes / PAGE_SIZE + adj * (totalpages / 1000)
    if (adj === -1000) continue
    rows.push({ pid: Number(m[1]), points: rss + swapents + Math.floor(pgtables / 4096) + adj * Math.floor(totalpages / 1000) })
  }
  const summary = report.find((l) => l.includes('oom-kill:constraint='))!
  const victim = Number(/,pid=(\d+),/.exec(summary)![1])
  const best = rows.reduce((a, r) => (r.points >= a.points ? r : a), rows[0]!)
  expect(victim).toBe(best.pid)
  return { victim, rows: rows.length }
}

describe('OOM killer', () => {
  it('oom_vmalloc over three dd hogs: the report matches the reference line for line (numbers masked), the largest dd dies', () => {
    const s = boot(1024)
    const freeKb = s.mm.pa.global_zone_page_state(NR_FREE_PAGES) * 4
    const budget = Math.floor(freeKb / 1024) - 32
    const hogs = [hog(s, Math.floor(budget * 0.5)), hog(s, Math.floor(budget * 0.3)), hog(s, Math.floor(budget * 0.2))]
    s.lines.length = 0
    const r = insmodOomVmalloc(s)
    expect(r.killed).toBe(false)
    const report = firstReport(s.lines)
    const ref = fixture('oom-report-1024.txt')
    expect(report.map(mask)).toEqual(ref.map(mask))
    const { victim } = checkVictim(report, s.mm.pa.totalram_pages)
    expect(victim).toBe(hogs[0])
    expect(report[report.length - 1]).toMatch(/Out of memory: Killed process \d+ \(dd\) total-vm:\d+kB, anon-rss:\d+kB, file-rss:0kB, shmem-rss:\d+kB, UID:0 pgtables:\d+kB oom_score_adj:0$/)
    // The victim's memory came back and the vmalloc loop went on.
    expect(s.procs.get(hogs[0]!)!.mm).toBeNull()
    expect(r.chunks).toBeGreaterThan(5)
  })

  it('oom_score: the 6.1 formula, 666 for a tiny task, 0 for init and kernel threads', () => {
    const s = boot(1024)
    const d = hog(s, 200)
    const total = s.oom.totalpages()
    const t = s.procs.get(d)!
    const badness = t.mm!.get_mm_rss() + Math.floor(t.mm!.pgtables_bytes / 4096)
    expect(s.oom.oom_score(t)).toBe(Math.trunc(((1000 + Math.trunc((badness * 1000) / total)) * 2) / 3))
    expect(s.oom.oom_score(s.procs.get(d + 1)!)).toBe(666)
    expect(s.oom.oom_score(s.procs.get(1)!)).toBe(0)
    expect(s.oom.oom_score(s.procs.get(2)!)).toBe(0)
    t.oom_score_adj = -1000
    expect(s.oom.oom_score(t)).toBe(0)
  })

  it('oom_score_adj=-1000 protects the largest task; with nothing killable the kernel panics', () => {
    const s = boot(256)
    const big = hog(s, 120)
    const small = hog(s, 40)
    s.procs.get(big)!.oom_score_adj = -1000
    s.lines.length = 0
    const r = insmodOomVmalloc(s)
    const report = firstReport(s.lines)
    const { victim } = checkVictim(report, s.mm.pa.totalram_pages)
    expect(victim).not.toBe(big)
    expect(victim).toBe(small)
    expect(s.procs.get(big)!.mm).not.toBeNull()
    // Everything else killable went, insmod last (as in the reference's 256 MB run); then only the
    // protected hog and init are left.
    expect(r.killed).toBe(true)
    expect(s.lines.some((l) => /Killed process \d+ \(insmod\)/.test(l))).toBe(true)
    for (const t of s.procs.table.userTasks()) if (t.pid !== 1 && t.pid !== big) s.procs.do_exit(t.pid, 9)
    s.lines.length = 0
    s.k.current = s.procs.get(1)!
    expect(s.oom.out_of_memory(0xcc0, 0)).toBe(false)
    const text = s.lines.map(stripTime)
    expect(text).toContain('Out of memory and no killable processes...')
    expect(text).toContain('Kernel panic - not syncing: System is deadlocked on memory')
    expect(s.oom.panicked).toBe('System is deadlocked on memory')
  })
})
