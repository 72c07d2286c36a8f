import { describe, expect, it } from 'vitest'
import { boot_mm } from '.'
import { makeKernel } from './testing'
import { GFP_KERNEL } from './gfp'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './mmap'
import { MM_ANONPAGES, MM_SWAPENTS } from './mm_types'
import { OomKiller } from './oom_kill'
import { Swap } from './swapfile'
import { Vmscan } from './vmscan'
import { NR_FREE_PAGES, vm_event_names } from './vmstat'
import { Processes } from '../kernel/fork'

function boot(memMB: number, swapPages: number) {
  const t = makeKernel(memMB)
  const mm = boot_mm(t.k, { parts: { user: false, pageTables: false } })
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  const swap = new Swap(mm, procs.pm)
  const vmscan = new Vmscan(mm, procs.pm, swap)
  vmscan.install()
  procs.totalSwapPages = () => swap.total_swap_pages
  const oom = new OomKiller(t.k, mm, procs)
  oom.install()
  oom.swap = swap
  if (swapPages) expect(swap.swapon('/swapfile', swapPages)).toBe(0)
  return { ...t, mm, procs, swap, vmscan, oom }
}

const ev = (s: ReturnType<typeof boot>, name: (typeof vm_event_names)[number]): number =>
  s.mm.pgdat.vm_events[vm_event_names.indexOf(name)]!

describe('vmscan', () => {
  it('kswapd wakes below the low watermark and stops once the zone is above high', () => {
    const s = boot(256, 16384)
    const zone = s.mm.pa.zones.find((z) => z.managed_pages > 0)!
    const pid = s.procs.fork_exec('memhog', 1)
    const t = s.procs.get(pid)!
    const anon0 = t.mm!.rss[MM_ANONPAGES]! + t.rss_stat[MM_ANONPAGES]!
    const addr = s.procs.mmap.do_mmap(t.mm!, 300 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    let i = 0
    const free = (): number => zone.vm_stat[NR_FREE_PAGES]!
    // Touch until kswapd has run once.
    for (; ev(s, 'pageoutrun') === 0 && i < 76800; i++) s.procs.fault(t, addr + i * 4096, true)
    expect(ev(s, 'pageoutrun')).toBeGreaterThanOrEqual(1)
    expect(s.vmscan.kswapd_failures).toBe(0)
    // It ran because free fell below low, and it left the zone balanced at high.
    expect(free()).toBeGreaterThanOrEqual(zone.high_wmark_pages())
    expect(ev(s, 'pgsteal_kswapd')).toBeGreaterThan(0)
    expect(ev(s, 'pswpout')).toBe(ev(s, 'pgsteal_kswapd') + ev(s, 'pgsteal_direct'))
    // While free stays above low, it is not woken again.
    const runs = ev(s, 'pageoutrun')
    const room = free() - zone.low_wmark_pages() - 64
    for (let n = 0; n < room; n++, i++) s.procs.fault(t, addr + i * 4096, true)
    expect(ev(s, 'pageoutrun')).toBe(runs)
    // RSS + swap entries = pages touched.
    // (with the task's unsynced share: SPLIT_RSS_COUNTING)
    const c = (m: number): number => t.mm!.rss[m]! + t.rss_stat[m]!
    expect(c(MM_ANONPAGES) + c(MM_SWAPENTS)).toBe(anon0 + i)
  })

  it('without swap anon memory is not reclaimable: kswapd gives up after MAX_RECLAIM_RETRIES passes', () => {
    const s = boot(256, 0)
    expect(s.vmscan.try_to_free_pages(GFP_KERNEL, 0)).toBe(0)
    expect(ev(s, 'allocstall_normal')).toBe(1)
    const zone = s.mm.pa.zones.find((z) => z.managed_pages > 0)!
    for (let n = 0; n < 20; n++) {
      // a zone below low: each wakeup is a pass without progress
      const saved = zone.vm_stat[NR_FREE_PAGES]!
      zone.vm_stat[NR_FREE_PAGES] = 0
      s.vmscan.wakeup_kswapd(zone, 0)
      zone.vm_stat[NR_FREE_PAGES] = saved
    }
    expect(s.vmscan.kswapd_failures).toBe(16)
    expect(s.vmscan.unreclaimable()).toBe(true)
  })

  it('a swapped page comes back with its bytes (major fault), and swapoff empties the area', () => {
    const s = boot(256, 4096)
    const pid = s.procs.fork_exec('memhog', 1)
    const t = s.procs.get(pid)!
    const mm = t.mm!
    const addr = s.procs.mmap.do_mmap(mm, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    const pa = s.procs.pm.access(mm, t, addr + 100, true)
    s.mm.phys.write(pa, 4, 0xdeadbeef)
    // Age it and reclaim: the first pass clears the young bit, a later one writes it out.
    for (let n = 0; n < 50 && mm.rss[MM_SWAPENTS]! + t.rss_stat[MM_SWAPENTS]! === 0; n++) s.vmscan.try_to_free_pages(GFP_KERNEL, 0)
    expect(mm.rss[MM_SWAPENTS]! + t.rss_stat[MM_SWAPENTS]!).toBeGreaterThan(0)
    // Reclaim takes the oldest pages first: touch the rest again until ours is out.
    for (let n = 0; n < 50 && s.procs.pm.get_pte(mm, addr) & 1; n++) s.vmscan.try_to_free_pages(GFP_KERNEL, 0)
    const swapped = s.procs.pm.get_pte(mm, addr)
    expect(swapped & 1).toBe(0)
    expect(swapped).not.toBe(0)
    const maj = t.maj_flt
    const pa2 = s.procs.pm.access(mm, t, addr + 100, false)
    expect(s.mm.phys.read(pa2, 4)).toBe(0xdeadbeef)
    expect(t.maj_flt).toBe(maj + 1)
    expect(s.swap.swapoff('/swapfile')).toBe(0)
    expect(mm.rss[MM_SWAPENTS]! + t.rss_stat[MM_SWAPENTS]!).toBe(0)
    expect(s.swap.total_swap_pages).toBe(0)
    expect(s.swap.nr_swap_pages).toBe(0)
  })
})
