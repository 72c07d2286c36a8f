/*
 * Scenarios through the booted machine (what `kmemlab -c` runs): the
 * process layer's commands and /proc files as a student sees them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { afterBoot, runScript } from '../../tests/helpers/run'
import { createMachine } from '../index'
import { DEFAULT_CONFIG, type MachineToHost } from '../protocol'
import { smart_ulltoa } from './procps'

const MB = 1024 * 1024
const run = (lines: string[], memMB = 256): string => {
  const r = runScript(lines, { memBytes: memMB * MB })
  expect(r.faults).toEqual([])
  return afterBoot(r.output)
}

/** The report's tasks table rows: pid -> badness (oom_badness with the printed columns). */
function tableBadness(out: string, totalpages: number): Map<number, number> {
  const m = new Map<number, number>()
  for (const l of out.split('\n')) {
    const r = /\[\s*(\d+)\]\s+\d+\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+) \S+$/.exec(l)
    if (!r) continue
    const adj = Number(r[5])
    if (adj === -1000) continue
    m.set(Number(r[1]), Number(r[2]) + Number(r[4]) + Math.floor(Number(r[3]) / 4096) + adj * Math.floor(totalpages / 1000))
  }
  return m
}

describe('processes through the console', () => {
  it('ps lists init, the kernel threads and itself in busybox format; ps -o pid,vsz,rss,comm', () => {
    const out = run(['ps', 'ps -o pid,vsz,rss,comm'])
    expect(out).toContain('PID   USER     COMMAND\n    1 root     {init} /bin/sh /init\n    2 root     [kthreadd]\n')
    expect(out).toContain('   46 root     [kswapd0]\n')
    // ps is a busybox NOEXEC applet: the forked shell runs it without exec, so its cmdline is the shell's
    // (boot-1024-oom-only.log: `352 0        {ps} /bin/sh /init`).
    expect(out).toMatch(/\n\s+\d+ root {5}\{ps\} \/bin\/sh \/init\n/)
    expect(out).toContain('PID   VSZ  RSS  COMMAND\n    1 1556 ')
    expect(out).toMatch(/\n\s+\d+ 1556 +\d+ ps\n/)
  })

  it("a hog's RSS grows in /proc/PID/status as it touches pages; kill -9 gives every page back", () => {
    const out = run([
      'grep AnonPages /proc/meminfo',
      'memhog -r 16m 64m & sleep 1; grep VmRSS /proc/$!/status; sleep 2; grep VmRSS /proc/$!/status; sleep 2; grep -E "VmRSS|RssAnon" /proc/$!/status',
      'kill -9 $!; sleep 1',
      'grep AnonPages /proc/meminfo'
    ], 1024)
    const rss = [...out.matchAll(/VmRSS:\s+(\d+) kB/g)].map((m) => Number(m[1]))
    expect(rss.length).toBe(3)
    expect(rss[0]).toBeLessThan(rss[1]!)
    expect(rss[1]).toBeLessThan(rss[2]!)
    expect(rss[2]! - rss[0]!).toBeGreaterThan(40 * 1024)
    // RssAnon lags the touched pages by at most 65 faults (SPLIT_RSS_COUNTING in 6.1)
    expect(Number(/RssAnon:\s+(\d+)/.exec(out)![1])).toBeGreaterThanOrEqual(64 * 1024 - 65 * 4)
    const anon = [...out.matchAll(/AnonPages:\s+(\d+) kB/g)].map((m) => Number(m[1]))
    expect(anon[1]).toBe(anon[0])
  })

  it('a hog driven into OOM is killed with the full report; the victim has the highest badness of the table', () => {
    const out = run(['memhog 80m &', 'memhog 50m &', 'memhog 200m', 'echo rc=$?', 'grep oom_kill /proc/vmstat'], 256)
    expect(out).toMatch(/memhog invoked oom-killer: gfp_mask=0x[0-9a-f]+\([A-Z_|]+\), order=0, oom_score_adj=0\n/)
    for (const s of ['Mem-Info:\n', 'Tasks state (memory values in pages):\n', '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n',
      'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,task=memhog,pid='])
      expect(out).toContain(s)
    expect(out).toContain(' handle_mm_fault from do_page_fault+')
    const totalpages = Number(/(\d+) pages RAM/.exec(out)![1]) - Number(/(\d+) pages reserved/.exec(out)![1])
    const bad = tableBadness(out, totalpages)
    const victim = Number(/oom-kill:.*,pid=(\d+),/.exec(out)![1])
    const max = Math.max(...bad.values())
    expect(bad.get(victim)).toBe(max)
    expect(out).toMatch(new RegExp(`Out of memory: Killed process ${victim} \\(memhog\\) total-vm:\\d+kB, anon-rss:\\d+kB, file-rss:0kB, shmem-rss:\\d+kB, UID:0 pgtables:\\d+kB oom_score_adj:0\\n`))
    expect(out).toContain('Killed\n')
    expect(out).toContain('rc=137\n')
    expect(out).toContain('oom_kill 1\n')
  })

  it('oom_score_adj=-1000 protects a task: the OOM killer takes the next one', () => {
    const out = run([
      'memhog 150m &',
      'echo -1000 > /proc/$!/oom_score_adj; cat /proc/$!/oom_score_adj /proc/$!/oom_score; echo big=$!',
      'memhog 150m',
      'echo rc=$?',
      'echo 1001 > /proc/1/oom_score_adj'
    ], 256)
    const big = Number(/big=(\d+)/.exec(out)![1])
    expect(out).toContain('-1000\n0\n')
    const victim = Number(/oom-kill:.*,pid=(\d+),/.exec(out)![1])
    expect(victim).not.toBe(big)
    expect(out).toMatch(new RegExp(`\\[\\s*${big}\\]\\s+0\\s+${big}\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+-1000 memhog`))
    expect(out).toContain('rc=137\n')
    expect(out).toContain('Invalid argument')
  })

  it('/proc/self, statm, maps and smaps_rollup of the reading process', () => {
    const out = run(['cat /proc/self/statm', 'cat /proc/self/maps', 'cat /proc/self/smaps_rollup', 'cat /proc/self/comm', 'readlink /proc/self', 'head -4 /proc/1/smaps; grep VmFlags /proc/1/smaps | tail -1'])
    expect(out).toContain('00010000-00145000 r-xp 00000000 00:02 25         /bin/busybox\nSize:               1236 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n')
    expect(out).toContain('VmFlags: rd wr mr mw me gd ac \n')
    expect(out).toMatch(/~ # cat \/proc\/self\/statm\n389 \d+ \d+ 309 0 77 0\n/)
    expect(out).toContain('00010000-00145000 r-xp 00000000 00:02 25         /bin/busybox\n')
    expect(out).toMatch(/ rw-p 00000000 00:00 0 {10}\[stack\]\n/)
    expect(out).toMatch(/00010000-[0-9a-f]{8} ---p 00000000 00:00 0 {10}\[rollup\]\nRss: {12} +\d+ kB\n/)
    expect(out).toContain('cat /proc/self/comm\ncat\n')
  })

  it('top -bn1 and pidof', () => {
    const out = run(['memhog 8m &', 'top -bn1 | head -5', 'pidof memhog', 'pidof nosuch; echo $?'])
    expect(out).toMatch(/Mem: \d+K used, \d+K free, \d+K shrd, 0K buff, \d+K cached\n/)
    expect(out).toContain('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n')
    expect(out).toMatch(/pidof memhog\n\d+\n/)
    expect(out).toContain('pidof nosuch; echo $?\n1\n')
  })

  it('smart_ulltoa scales like busybox', () => {
    expect(smart_ulltoa(1556, 4)).toBe('1556')
    expect(smart_ulltoa(489400, 4)).toBe('477m')
    expect(smart_ulltoa(490004, 4)).toBe('478m')
    expect(smart_ulltoa(0, 4)).toBe('   0')
  })

  it('swap lets the same hogs survive: kswapd and direct reclaim write anon pages out, swapoff brings them back', () => {
    const hogs = 'memhog 80m & memhog 50m & memhog 150m 1; echo rc=$?'
    const without = run([hogs], 256)
    expect(without).toContain('rc=137\n')
    expect(without).toContain('Out of memory: Killed process')
    const out = run([
      // Sparse (dd's ftruncate for seek=): a zero-filled file would hold 64 MB of tmpfs pages itself.
      'dd if=/dev/zero of=/swapfile bs=1M count=0 seek=64 2>/dev/null; mkswap /swapfile',
      'swapon /swapfile; cat /proc/swaps; grep Swap /proc/meminfo',
      hogs,
      'grep -E "^(pswpin|pswpout|pgsteal_kswapd|pgsteal_direct|pageoutrun|oom_kill) " /proc/vmstat',
      'grep VmSwap /proc/$!/status',
      'swapoff /swapfile; echo off=$?; grep -E "SwapTotal|SwapFree" /proc/meminfo; grep VmSwap /proc/$!/status',
      'grep -E "^pswpin " /proc/vmstat'
    ], 256)
    expect(out).toMatch(/Setting up swapspace version 1, size = 67104768 bytes\nUUID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n/)
    expect(out).toContain('Adding 65532k swap on /swapfile.  Priority:-2 extents:1 across:65532k \n')
    expect(out).toContain('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swapfile                               file\t\t65532\t\t0\t\t-2\n')
    expect(out).toContain('SwapTotal:         65532 kB\nSwapFree:          65532 kB\n')
    expect(out).toContain('rc=0\n')
    expect(out).not.toContain('Out of memory')
    const vm = (name: string): number => Number(new RegExp(`\\n${name} (\\d+)\\n`).exec(out)![1])
    expect(vm('pswpout')).toBeGreaterThan(10000)
    expect(vm('pgsteal_kswapd')).toBeGreaterThan(0)
    expect(vm('pageoutrun')).toBeGreaterThan(0)
    expect(vm('oom_kill')).toBe(0)
    const swapped = [...out.matchAll(/VmSwap:\s+(\d+) kB/g)].map((m) => Number(m[1]))
    expect(swapped[0]).toBeGreaterThan(0)
    expect(swapped[1]).toBe(0)
    expect(out).toContain('off=0\nSwapTotal:             0 kB\nSwapFree:              0 kB\n')
    const pswpin = [...out.matchAll(/\npswpin (\d+)\n/g)].map((m) => Number(m[1]))
    expect(pswpin[pswpin.length - 1]).toBeGreaterThan(0)
  })

  it('drop_caches: the kernel notes it; the initramfs page cache is tmpfs (Shmem) and stays', () => {
    const out = run(['grep -E "^(Cached|Shmem):" /proc/meminfo', 'echo 3 > /proc/sys/vm/drop_caches', 'dmesg | tail -1', 'grep -E "^(Cached|Shmem):" /proc/meminfo', 'grep drop_ /proc/vmstat', 'echo 5 > /proc/sys/vm/drop_caches'])
    expect(out).toMatch(/\] init \(1\): drop_caches: 3\n/)
    const cached = [...out.matchAll(/Cached:\s+(\d+) kB/g)].map((m) => Number(m[1]))
    expect(cached[0]).toBe(2196)
    expect(cached[1]).toBe(2196)
    expect(out).toContain('drop_pagecache 1\ndrop_slab 1\n')
    expect(out).toContain('Invalid argument')
  })

  it('post-boot meminfo with real tasks holding the user memory stays within 2% of the reference (1024 MB)', () => {
    const fx = readFileSync(new URL('../mm/__fixtures__/boot-1024.txt', import.meta.url), 'utf8')
    const refBlock = fx.slice(fx.indexOf('=== meminfo (before) ===\n'))
    const out = run(['cat /proc/meminfo'], 1024)
    const val = (text: string, k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text)![1])
    for (const k of ['MemFree', 'MemAvailable', 'Cached', 'Shmem', 'Committed_AS', 'PageTables', 'HighFree', 'LowFree']) {
      const ref = val(refBlock, k)
      expect(Math.abs(val(out, k) - ref), k).toBeLessThanOrEqual(Math.max(8, ref * 0.02))
    }
    // Mapped and AnonPages: init's busybox text and anon pages, from real faults.
    expect(Math.abs(val(out, 'Mapped') - val(refBlock, 'Mapped'))).toBeLessThanOrEqual(40)
    expect(Math.abs(val(out, 'AnonPages') - val(refBlock, 'AnonPages'))).toBeLessThanOrEqual(32)
  })

  it('with nothing killable left the kernel panics and the machine stops', () => {
    const out = run(['memhog -r 64m 240m & echo -1000 > /proc/$!/oom_score_adj; wait', 'echo still-running'], 256)
    expect(out).toContain('Out of memory and no killable processes...\n')
    expect(out).toMatch(/Kernel panic - not syncing: System is deadlocked on memory\n[^]*\] ---\[ end Kernel panic - not syncing: System is deadlocked on memory \]---\n$/)
    expect(out).not.toContain('still-running')
  })

  it('Ctrl-C ends a foreground hog mid-way and its memory comes back', () => {
    let out = ''
    const m = createMachine({ post: (msg: MachineToHost) => void (msg.type === 'console' && (out += msg.data)) })
    m.send({ type: 'boot', config: { ...DEFAULT_CONFIG, memBytes: 256 * MB } })
    const runUntil = (pred: () => boolean, steps = 200000): void => {
      for (let i = 0; i < steps && !pred(); i++) {
        const st = m.run(1000)
        if (st.kind === 'timer') m.advanceClockTo(Math.min(st.atNs, m.nowNs() + 50_000_000))
        else if (st.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
      }
    }
    runUntil(() => out.includes('~ # '))
    m.send({ type: 'input', data: 'grep AnonPages /proc/meminfo\r' })
    runUntil(() => (out.match(/~ # /g) ?? []).length >= 2)
    m.send({ type: 'input', data: 'memhog -r 8m 100m\r' })
    // Let it touch for two simulated seconds, then interrupt.
    const t0 = m.nowNs()
    runUntil(() => m.nowNs() - t0 > 2e9)
    m.send({ type: 'input', data: '\x03' })
    runUntil(() => (out.match(/~ # /g) ?? []).length >= 3)
    m.send({ type: 'input', data: 'echo rc=$?; grep AnonPages /proc/meminfo\r' })
    runUntil(() => (out.match(/~ # /g) ?? []).length >= 4)
    const text = out.replace(/\r/g, '')
    expect(text).toContain('^C')
    expect(text).toContain('rc=130')
    const anon = [...text.matchAll(/AnonPages:\s+(\d+) kB/g)].map((x) => Number(x[1]))
    expect(anon.length).toBe(2)
    expect(anon[1]).toBe(anon[0])
  })
})

