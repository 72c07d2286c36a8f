/*
 * `npm run fidelity`: build the reference modules (copied into
 * tests/modules/fixtures with their Makefile) with the machine's make,
 * run them in the reference init's order on a 1 GB board, and compare each
 * module's kernel messages with the same test's section of boot-1024.log
 * (its test sections are copied into tests/fidelity/).
 *
 * Lines are compared after masking the timestamps and hashed pointers
 * ("exact"); a second count also masks every number ("shape": same
 * message, possibly other addresses, pfns, pids or offsets). Lines are
 * aligned by longest common subsequence, so a missing or extra line
 * costs one line, not the rest of the section.
 *
 *   npm run fidelity [-- -v]     -v prints the unmatched lines
 *
 * A developer tool, not a test: it prints figures and fails only if make does.
 */

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runWithShare } from '../tests/modules/run'

const here = dirname(fileURLToPath(import.meta.url))
/** The reference run's console from test i to test g, and its module sources (copied into the project). */
const REF_LOG = join(here, '../tests/fidelity/boot-1024-tests.txt')
const MODULES = join(here, '../tests/modules/fixtures')
const verbose = process.argv.includes('-v')

/** The memory hogs of the reference init's t_oom (dd holding 50/30/20 % of MemFree - 32 MB, blocked on a pipe). */
const OOM_PRE = [
  // the reference takes its 'after-tests' snapshot first: more than warn_alloc's 10 s pass since the last report
  'sleep 10',
  "free_kb=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)",
  'budget_mb=$(( free_kb / 1024 - 32 ))',
  'h1=$(( budget_mb * 50 / 100 )); h2=$(( budget_mb * 30 / 100 )); h3=$(( budget_mb * 20 / 100 ))',
  'dd if=/dev/zero bs=${h1}M count=1 2>/dev/null | sleep 100000 &',
  'dd if=/dev/zero bs=${h2}M count=1 2>/dev/null | sleep 100000 &',
  'dd if=/dev/zero bs=${h3}M count=1 2>/dev/null | sleep 100000 &',
  'sleep 5'
]

/** The reference init's tests, in its default order. */
const TESTS: Array<{ key: string; module: string; title: string; pre?: string[]; post?: string[] }> = [
  { key: 'i', module: 'mm_layout', title: 'test i: mm_layout' },
  { key: 'a', module: 'alloc_page_lab', title: 'test a: alloc_page_lab' },
  { key: 'c', module: 'kmalloc_limits', title: 'test c: kmalloc_limits' },
  { key: 'b', module: 'allocmm', title: 'test b: allocmm (default params)' },
  { key: 'd', module: 'vmalloc_test', title: 'test d: vmalloc_test' },
  { key: 'e', module: 'kmem_cache_test', title: 'test e: kmem_cache_test' },
  { key: 'f', module: 'memory', title: 'test f: memory' },
  { key: 'j', module: 'frag_fail', title: 'test j: frag_fail' },
  { key: 'h', module: 'null_oops', title: 'test h: null_oops' },
  { key: 'g', module: 'oom_vmalloc', title: 'test g: oom_vmalloc', pre: OOM_PRE, post: ['sleep 2'] }
]

const maskExact = (l: string): string => l.replace(/^\[\s*\d+\.\d+\]/, '[T]').replace(/\b[0-9a-f]{8} \(hashed %p\)/, '(ptrval) (hashed %p)')
const maskShape = (l: string): string => maskExact(l).replace(/0x[0-9a-f]+/gi, 'N').replace(/\b[0-9a-f]*\d[0-9a-f]*\b/gi, 'N')

function lcs(a: string[], b: string[]): number {
  const dp = new Array<number>((b.length + 1) * 2).fill(0)
  for (let i = 1; i <= a.length; i++) {
    const cur = (i & 1) * (b.length + 1)
    const prev = ((i - 1) & 1) * (b.length + 1)
    for (let j = 1; j <= b.length; j++) {
      dp[cur + j] = a[i - 1] === b[j - 1] ? dp[prev + j - 1]! + 1 : Math.max(dp[prev + j]!, dp[cur + j - 1]!)
    }
  }
  return dp[(a.length & 1) * (b.length + 1) + b.length]!
}

function unmatched(a: string[], b: string[]): string[] {
  const set = new Map<string, number>()
  for (const x of b) set.set(x, (set.get(x) ?? 0) + 1)
  const out: string[] = []
  for (const x of a) {
    const n = set.get(x) ?? 0
    if (n > 0) set.set(x, n - 1)
    else out.push(x)
  }
  return out
}

/** Kernel lines of one test section of the reference log (first occurrence: the live console). */
function refSection(log: string, title: string): string[] {
  const start = log.indexOf(`=== ${title}`)
  if (start < 0) return []
  const end = log.indexOf('=== end test', start)
  return log
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => /^\[\s*\d+\.\d+\] /.test(l))
    // deferred-probe noise that shares the UART
    .filter((l) => !/drm-clcd-pl111|deferred probe pending/.test(l))
}

function main(): void {
  const log = readFileSync(REF_LOG, 'utf8')
  // The reference modules and their Makefile, without the first line naming where each was copied from.
  const files: Record<string, string> = {}
  for (const f of ['Makefile', ...TESTS.map((t) => `${t.module}.c`)])
    files[f] = readFileSync(join(MODULES, f), 'utf8').replace(/^(\/\/|#) source:.*\n/i, '')
  const lines = ['cd /mnt', 'make KDIR=/lib/modules/$(uname -r)/build > /dev/null 2>&1; echo "make rc=$?"', 'dmesg -c > /dev/null']
  for (const t of TESTS) {
    lines.push(`echo "=== begin ${t.key} ==="`)
    lines.push(...(t.pre ?? []))
    lines.push(`insmod ${t.module}.ko; echo "insmod rc=$?"`)
    lines.push(...(t.post ?? []))
    lines.push(`rmmod ${t.module}; echo "rmmod rc=$?"`)
    lines.push(`dmesg -c | sed 's/^/K /'`)
    lines.push(`echo "=== end ${t.key} ==="`)
  }
  const t0 = performance.now()
  const r = runWithShare(files, lines, {}, 20_000_000)
  const ms = performance.now() - t0
  const out = r.output
  if (!/make rc=0/.test(out)) {
    process.stdout.write('fidelity: make failed\n' + out.slice(out.indexOf('make KDIR')).slice(0, 3000) + '\n')
    process.exitCode = 1
    return
  }
  const rows: string[] = []
  let totRef = 0
  let totExact = 0
  let totShape = 0
  for (const t of TESTS) {
    const s = out.indexOf(`=== begin ${t.key} ===\n`)
    const e = out.indexOf(`=== end ${t.key} ===\n`, s)
    const ours = out
      .slice(s, e)
      .split('\n')
      .filter((l) => l.startsWith('K ['))
      .map((l) => l.slice(2))
      .filter((l) => !/loading out-of-tree module taints kernel/.test(l) || refSection(log, t.title).some((x) => x.includes('taints kernel')))
    const ref = refSection(log, t.title)
    const re = ref.map(maskExact)
    const oe = ours.map(maskExact)
    const exact = lcs(re, oe)
    const shape = lcs(ref.map(maskShape), ours.map(maskShape))
    totRef += ref.length
    totExact += exact
    totShape += shape
    rows.push(`| ${t.module.padEnd(16)} | ${String(ref.length).padStart(4)} | ${String(ours.length).padStart(4)} | ${String(exact).padStart(5)} | ${String(ref.length - exact).padStart(10)} | ${String(shape).padStart(5)} |`)
    if (verbose) {
      const miss = unmatched(re, oe)
      const extra = unmatched(oe, re)
      if (miss.length || extra.length) {
        rows.push(`    ${t.module}: reference lines not matched:`)
        for (const l of miss) rows.push(`      - ${l}`)
        rows.push(`    ${t.module}: our lines not in the reference:`)
        for (const l of extra) rows.push(`      + ${l}`)
      }
    }
  }
  process.stdout.write(`fidelity: reference modules on vexpress-a9 1 GB vs the reference's boot-1024.log (${ms.toFixed(0)} ms)\n\n`)
  process.stdout.write('| module           |  ref | ours | exact | mismatched | shape |\n|---|---|---|---|---|---|\n')
  for (const row of rows) process.stdout.write(row + '\n')
  process.stdout.write(`| total            | ${String(totRef).padStart(4)} |      | ${String(totExact).padStart(5)} | ${String(totRef - totExact).padStart(10)} | ${String(totShape).padStart(5)} |\n`)
  process.stdout.write('\nexact: lines equal after masking timestamps and hashed pointers; shape: also masking every number.\n')
}

main()
