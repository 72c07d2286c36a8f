/*
 * The reference's OOM demo typed at the console (init's t_oom, boot-1024-oom-only.log):
 * three `dd if=/dev/zero bs=<N>M count=1 | sleep 100000 &` hogs sized 50/30/20 % of
 * MemFree - 32 MB, each dd holding its block in simulated memory while blocked on a pipe
 * nobody reads; ps, oom_score, then an OOM. The reference's trigger is insmod
 * oom_vmalloc.ko; here a user hog (memhog) allocates, so the lines that name the
 * allocation (invoked line, call trace, the allocating task's row) are compared by shape
 * and everything else line by line after masking numbers.
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { afterBoot, outputOf, runScript } from '../helpers/run'

const REF = readFileSync(join(__dirname, 'fixtures/oom-dd-reference.txt'), 'utf8')

/** The lines of one `## name` section of the fixture. */
function section(name: string): string[] {
  const m = new RegExp(`^## ${name}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(REF)
  if (!m) throw new Error(`no section ${name}`)
  return m[1]!.split('\n').filter((l) => l !== '')
}

/** Lines with the printk timestamp removed, migratetype letters dropped, numbers masked, blanks collapsed. */
function mask(line: string): string {
  return line
    .replace(/^\[\s*\d+\.\d+\] ?/, '')
    // 32-bit words printed without 0x: %px addresses, show_regs' stack dump
    .replace(/\b[0-9a-f]{8}\b/g, 'W')
    .replace(/ \([UMEHRC]+\)/g, '')
    .replace(/0x[0-9a-f]+/g, 'H')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The script init's t_oom runs, up to the trigger. */
const HOGS = [
  "free_kb=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)",
  'budget_mb=$(( free_kb / 1024 - 32 ))',
  'h1=$(( budget_mb * 50 / 100 )); h2=$(( budget_mb * 30 / 100 )); h3=$(( budget_mb * 20 / 100 ))',
  'echo "hogs: ${h1} MB, ${h2} MB, ${h3} MB"',
  'dd if=/dev/zero bs=${h1}M count=1 2>/dev/null | sleep 100000 &',
  'dd if=/dev/zero bs=${h2}M count=1 2>/dev/null | sleep 100000 &',
  'dd if=/dev/zero bs=${h3}M count=1 2>/dev/null | sleep 100000 &',
  // wait (max ~120 s) until every dd has touched its whole buffer
  [
    'n=0',
    'while [ $n -lt 120 ]; do',
    '  filled=0',
    '  for p in $(pidof dd); do',
    "    rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$p/status)",
    "    vsz=$(awk '/^VmSize:/ { print $2 }' /proc/$p/status)",
    '    [ $(( rss + 4096 )) -ge $(( vsz - 2048 )) ] && filled=$(( filled + 1 ))',
    '  done',
    '  [ $filled -ge 3 ] && break',
    '  sleep 1; n=$(( n + 1 ))',
    'done'
  ].join('\n'),
  'echo "hogs filled after ${n}s (filled=$filled)"'
]

/**
 * ps's COMMAND column. The USER column differs on purpose: the reference's
 * initramfs had no /etc/passwd (ps printed uid 0), this board's has root.
 */
function args(psLine: string): string {
  return psLine.replace(/^\s*\d+ \S+\s+/, '')
}

/** The console text between the line that typed `cmd` and the next prompt. */

describe('the reference OOM demo with dd hogs, from the console', () => {
  const r = runScript([
    'grep AnonPages: /proc/meminfo',
    ...HOGS,
    'ps | grep -E "dd}|sleep 1"',
    'ps -o pid,vsz,rss,comm | grep -E " (dd|sleep)$"',
    'for p in $(pidof dd sleep | tr " " "\\n" | sort -n); do echo "pid=$p comm=$(cat /proc/$p/comm) oom_score=$(cat /proc/$p/oom_score) oom_score_adj=$(cat /proc/$p/oom_score_adj)"; done',
    'memhog 64m 1',
    'ps | grep -E "dd}|sleep 1"',
    'cat /proc/$(pidof -s dd)/cmdline | tr "\\0" " "; echo',
    // init's clean-up: the hogs die, their memory comes back.
    'kill $(pidof dd) $(pidof sleep) 2>/dev/null',
    'sleep 1',
    'grep AnonPages: /proc/meminfo'
  ])
  const out = afterBoot(r.output)

  it('sizes the hogs as init does (477/286/190 MB on 1 GB)', () => {
    expect(r.faults).toEqual([])
    expect(outputOf(out, 'echo "hogs: ${h1} MB, ${h2} MB, ${h3} MB"')).toEqual(['hogs: 477 MB, 286 MB, 190 MB'])
    // init's wait loop sees all three filled (the reference took 17 s of QEMU time; zeroing is faster here).
    expect(outputOf(out, 'echo "hogs filled after ${n}s (filled=$filled)"')).toEqual([expect.stringMatching(/^hogs filled after \d+s \(filled=3\)$/)])
  })

  it('ps shows dd as a NOEXEC applet of the shell and sleep exec\'d', () => {
    const mine = outputOf(out, 'ps | grep -E "dd}|sleep 1"').map(args)
    expect(mine).toEqual(section('ps').map(args))
  })

  it('ps -o pid,vsz,rss,comm: 478m 477m dd, 287m 286m dd, 191m 190m dd, sleeps of 1556/4', () => {
    const cols = (l: string): string => l.replace(/^\s*\d+/, '')
    expect(outputOf(out, 'ps -o pid,vsz,rss,comm | grep -E " (dd|sleep)$"').map(cols)).toEqual(section('ps -o').map(cols))
  })

  it('oom_score: 984 / 857 / 793 for the dd hogs, 666 for each sleep', () => {
    const strip = (l: string): string => l.replace(/^pid=\d+ /, '').replace(/ VmRSS=.*$/, '')
    const lines = out.split('\n').filter((l) => /^pid=\d+ comm=/.test(l))
    expect(lines.map(strip)).toEqual(section('oom scores').map(strip))
  })

  it('the OOM report matches the reference line by line after masking numbers; the victim is the largest dd', () => {
    const ref = section('report')
    const start = out.search(/^\[[\s\d.]+\] memhog invoked oom-killer: /m)
    expect(start).toBeGreaterThan(0)
    const tail = out.slice(start).split('\n')
    const end = tail.findIndex((l) => l.includes('Out of memory: Killed process'))
    const mine = tail.slice(0, end + 1)
    // The header: who allocated differs (memhog faulting vs insmod's vmalloc), the shape does not.
    expect(mine[0]).toMatch(/^\[\s*\d+\.\d{6}\] memhog invoked oom-killer: gfp_mask=0x[0-9a-f]+\([A-Z_|]+\), order=0, oom_score_adj=0$/)
    expect(mine[1]).toMatch(/^\[\s*\d+\.\d{6}\] CPU: 0 PID: \d+ Comm: memhog Not tainted 6\.1\.192 #1 $/)
    expect(mask(mine[2]!)).toBe(mask(ref[2]!))
    // From Mem-Info on, every line but the allocating task's row.
    const fromMemInfo = (ls: string[]): string[] => ls.slice(ls.findIndex((l) => l.endsWith('] Mem-Info:')))
    const a = fromMemInfo(mine)
    const b = fromMemInfo(ref)
    expect(a.length).toBe(b.length)
    const allocRow = b.length - 3
    for (let i = 0; i < b.length; i++) {
      if (i === allocRow) {
        expect(mask(a[i]!)).toBe(mask(b[i]!).replace('insmod', 'memhog'))
        continue
      }
      expect(mask(a[i]!), `line ${i}: ${a[i]}`).toBe(mask(b[i]!))
    }
    // The task table: dd/sleep pairs with the reference's total_vm, rss within 0.5 %.
    const rows = (ls: string[]): number[][] =>
      ls.filter((l) => / (dd|sleep)$/.test(l) && l.includes(']     0 ')).map((l) => l.replace(/^\[[^\]]*\]/, '').match(/\d+/g)!.map(Number))
    const rm = rows(a)
    const rr = rows(b)
    expect(rm.length).toBe(6)
    for (let i = 0; i < 6; i++) {
      expect(rm[i]![3]).toBe(rr[i]![3]) // total_vm
      expect(Math.abs(rm[i]![4]! - rr[i]![4]!) / rr[i]![4]!).toBeLessThan(0.005) // rss
    }
    // The victim: the largest dd, the first row of the table.
    const victim = rm[0]![0]!
    expect(a[a.length - 1]).toMatch(new RegExp(`Out of memory: Killed process ${victim} \\(dd\\) total-vm:490004kB, anon-rss:\\d+kB, file-rss:0kB, shmem-rss:780kB, UID:0 pgtables:\\d+kB oom_score_adj:0$`))
    expect(a[a.length - 2]).toContain(`task=dd,pid=${victim},uid=0`)
  })

  it('after the kill the other two hogs and all three sleeps remain, as in the reference', () => {
    const after = outputOf(out, 'ps | grep -E "dd}|sleep 1"').slice(-5).map(args)
    expect(after).toEqual(section('ps after').map(args))
  })

  it('/proc/PID/cmdline of a dd is the shell\'s; killing the hogs gives their memory back', () => {
    expect(outputOf(out, 'cat /proc/$(pidof -s dd)/cmdline | tr "\\0" " "; echo')).toEqual(['/bin/sh /init '])
    const anon = [...out.matchAll(/^AnonPages:\s+(\d+) kB$/gm)].map((m) => Number(m[1]))
    expect(anon).toHaveLength(2)
    expect(Math.abs(anon[1]! - anon[0]!)).toBeLessThan(256)
    expect(out).not.toMatch(/\] (dd|sleep) invoked oom-killer/)
  })
})

describe('oom_score_adj', () => {
  it('-1000 protects a task: written for the largest hog, the OOM killer takes the next one; a child inherits it at fork', () => {
    const r = runScript([
      ...HOGS,
      'big=$(pidof dd | tr " " "\\n" | sort -n | head -1)',
      'echo -1000 > /proc/$big/oom_score_adj',
      'cat /proc/$big/oom_score /proc/$big/oom_score_adj',
      // A shell that protects itself: the dd it forks inherits -1000 (signal_struct is copied).
      "sh -c 'echo -1000 > /proc/self/oom_score_adj; dd if=/dev/zero bs=8M count=1 2>/dev/null | sleep 100000' &",
      'sleep 1',
      'for p in $(pidof dd); do echo $p $(cat /proc/$p/oom_score_adj); done|sort -n',
      'memhog 64m 1',
      'dmesg | grep "Out of memory"',
      'ps -o pid,rss,comm | grep " dd$"'
    ])
    const out = afterBoot(r.output)
    expect(r.faults).toEqual([])
    expect(outputOf(out, 'cat /proc/$big/oom_score /proc/$big/oom_score_adj')).toEqual(['0', '-1000'])
    const adj = outputOf(out, 'for p in $(pidof dd); do echo $p $(cat /proc/$p/oom_score_adj); done|sort -n')
    expect(adj.map((l) => l.split(' ')[1])).toEqual(['-1000', '0', '0', '-1000'])
    const killed = outputOf(out, 'dmesg | grep "Out of memory"')
    expect(killed).toHaveLength(1)
    const second = adj[1]!.split(' ')[0]!
    expect(killed[0]).toMatch(new RegExp(`Out of memory: Killed process ${second} \\(dd\\) total-vm:294420kB`))
    const left = outputOf(out, 'ps -o pid,rss,comm | grep " dd$"').map((l) => l.trim().split(/\s+/)[0])
    expect(left).toEqual([adj[0]!.split(' ')[0], adj[2]!.split(' ')[0], adj[3]!.split(' ')[0]])
  })
})

describe('the same hogs on 256, 512 and 800 MB', () => {
  const SIZES = readFileSync(join(__dirname, 'fixtures/oom-dd-sizes-reference.txt'), 'utf8')
  // The reference ran these after its other tests (a little less MemFree than a fresh boot):
  // hog sizes agree within 1 MB, oom_score within 4.
  for (const mb of [256, 512, 800]) {
    it(`${mb} MB: hog sizes, ps -o and oom_score as the reference's`, () => {
      const ref = new RegExp(`^## ${mb}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(SIZES)![1]!
      const refHogs = /memory hogs .*: (\d+) MB, (\d+) MB, (\d+) MB/.exec(ref)!.slice(1).map(Number)
      const refScores = [...ref.matchAll(/comm=dd oom_score=(\d+)/g)].map((m) => Number(m[1]))
      const r = runScript([...HOGS, 'ps -o pid,vsz,rss,comm | grep " dd$"', 'for p in $(pidof dd); do cat /proc/$p/oom_score; done'], { memBytes: mb << 20 })
      const out = afterBoot(r.output)
      expect(r.faults).toEqual([])
      const hogs = /hogs: (\d+) MB, (\d+) MB, (\d+) MB/.exec(out)!.slice(1).map(Number)
      hogs.forEach((h, i) => expect(Math.abs(h - refHogs[i]!)).toBeLessThanOrEqual(1))
      // Each dd: VSZ = its block + busybox's 1556 kB, RSS = the block (what ps prints in MB).
      const ps = outputOf(out, 'ps -o pid,vsz,rss,comm | grep " dd$"').map((l) => l.trim().split(/\s+/).slice(1))
      expect(ps).toEqual(hogs.map((h) => [`${h + 1}m`, `${h}m`, 'dd']))
      const scores = outputOf(out, 'for p in $(pidof dd); do cat /proc/$p/oom_score; done').map(Number).reverse()
      scores.forEach((s, i) => expect(Math.abs(s - refScores[i]!)).toBeLessThanOrEqual(4))
    })
  }
})

describe("with the reference's own trigger: insmod oom_vmalloc.ko", () => {
  it('the whole insmod (chunks, the OOM report, the vmap failure, the clean-up) matches the reference line by line after masking numbers', () => {
    const src = readFileSync(join(__dirname, '../modules/fixtures/oom_vmalloc.c'), 'utf8').replace(/^\/\/ source:.*\n/i, '')
    const r = runScript([
      'mkdir -p /root/oom; cd /root/oom',
      `cat > oom_vmalloc.c <<'EOF'\n${src}EOF`,
      "printf 'obj-m := oom_vmalloc.o\\nall:\\n\\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\\n' > Makefile",
      'make >/dev/null; echo make=$?',
      'cd /',
      ...HOGS,
      'insmod /root/oom/oom_vmalloc.ko; echo insmod rc=$?',
      'ps | grep -E "dd}|sleep 1"'
    ])
    const out = afterBoot(r.output)
    expect(r.faults).toEqual([])
    expect(out).toContain('make=0\n')
    const ref = section('insmod')
    const lines = out.split('\n')
    const start = lines.findIndex((l) => l.endsWith('] oom_vmalloc: loading out-of-tree module taints kernel.'))
    const mine = lines.slice(start, lines.indexOf('insmod rc=0', start) + 1)
    expect(mine.length).toBe(ref.length)
    for (let i = 0; i < ref.length; i++) expect(mask(mine[i]!), `line ${i}: ${mine[i]}`).toBe(mask(ref[i]!))
    // The victim is the largest dd; the others and every sleep are left, as after the reference's run.
    expect(outputOf(out, 'ps | grep -E "dd}|sleep 1"').map(args).filter((l) => !l.startsWith('grep'))).toEqual(section('ps after').map(args))
  })
})
