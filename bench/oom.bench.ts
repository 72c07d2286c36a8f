/*
 * The process layer on a booted 1 GB vexpress-a9 memory model:
 *
 *  - demand-paging faults per second (anonymous write faults of a memory
 *    hog, HighMem first, page tables on demand);
 *  - the reference's OOM scenario end to end (three dd-like hogs at 50/30/20 %
 *    of free memory, then 4 MB vmallocs until the OOM killer has killed the
 *    largest), in ms; the real kernel took ~17 s to fill the hogs under QEMU
 *    (boot-1024-oom-only.log: "hogs filled after 17s");
 *  - swap-out throughput: a hog twice the size of free RAM minus swap,
 *    anon pages per second written out by kswapd and direct reclaim.
 */

import { DEFAULT_CONFIG } from '../src-core/board/config'
import { Clock } from '../src-core/board/clock'
import { KernelContext } from '../src-core/kernel/context'
import { Printk } from '../src-core/kernel/printk'
import { boot_mm } from '../src-core/mm/index'
import { Kmem } from '../src-core/mm/kmem'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../src-core/mm/mmap'
import { OomKiller } from '../src-core/mm/oom_kill'
import { Swap } from '../src-core/mm/swapfile'
import { Vmscan } from '../src-core/mm/vmscan'
import { NR_FREE_PAGES } from '../src-core/mm/vmstat'
import { Processes } from '../src-core/kernel/fork'

function boot(memMB: number, kmem: boolean) {
  const clock = new Clock()
  const log = new Printk(clock)
  const k = new KernelContext({ ...DEFAULT_CONFIG, memBytes: memMB << 20 }, clock, log)
  const mm = boot_mm(k, kmem ? { workload: false } : { parts: { user: false, pageTables: false } })
  const km = kmem ? new Kmem(k, mm) : null
  km?.boot_late()
  const procs = new Processes(k, mm)
  procs.boot()
  const oom = new OomKiller(k, mm, procs)
  oom.install()
  const swap = new Swap(mm, procs.pm)
  const vmscan = new Vmscan(mm, procs.pm, swap)
  vmscan.install()
  procs.totalSwapPages = () => swap.total_swap_pages
  oom.swap = swap
  return { k, mm, km, procs, oom, swap }
}

function hog(s: ReturnType<typeof boot>, bytes: number): number {
  const pid = s.procs.fork_exec('dd', 1)
  const t = s.procs.get(pid)!
  const addr = s.procs.mmap.do_mmap(t.mm!, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  let n = 0
  for (let va = addr; va < addr + bytes && t.mm; va += 4096, n++) s.procs.fault(t, va, true)
  return n
}

export default async function (): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const rows = []
  {
    const s = boot(1024, false)
    const t0 = performance.now()
    const n = hog(s, 900 << 20)
    const ms = performance.now() - t0
    rows.push({ name: 'anonymous write faults', value: (n / ms) * 1000, unit: 'faults/s', note: `${n} faults, 900 MB hog` })
  }
  {
    const t0 = performance.now()
    const s = boot(1024, true)
    const freeMb = Math.floor((s.mm.pa.global_zone_page_state(NR_FREE_PAGES) * 4) / 1024) - 32
    for (const f of [0.5, 0.3, 0.2]) hog(s, Math.floor(freeMb * f) << 20)
    const insmod = s.procs.get(s.procs.fork_exec('insmod', 1))!
    s.k.current = insmod
    const held: number[] = []
    while (s.oom.history.length === 0 && held.length < 512) {
      const p = s.km!.vm.vmalloc(4 << 20)
      if (!p) break
      held.push(p)
    }
    rows.push({ name: 'seed-000 OOM scenario (boot, hogs, vmalloc to OOM)', value: performance.now() - t0, unit: 'ms', note: 'QEMU: ~17 s to fill the hogs alone' })
  }
  {
    const s = boot(256, false)
    s.swap.swapon('/swapfile', 65535)
    const before = s.mm.pgdat.vm_events[3]!
    const t0 = performance.now()
    hog(s, 400 << 20)
    const ms = performance.now() - t0
    const out = s.mm.pgdat.vm_events[3]! - before
    rows.push({ name: 'swap-out under a 400 MB hog on 256 MB', value: (out / ms) * 1000, unit: 'pages/s', note: `${out} pages swapped out` })
  }
  return rows
}
