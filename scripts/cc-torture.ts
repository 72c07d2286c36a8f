/*
 * Run gcc's c-torture "execute" tests through cc (in process, via
 * runUserProgram, as `kmemlab cc` would) and print the pass rate of the
 * applicable ones. A test passes when it exits 0 (they call abort() on
 * failure). Tests that need features cc deliberately lacks (complex numbers,
 * nested functions, vector extensions, __int128, inline asm, computed goto...)
 * are counted as skipped, with the reason.
 * --resumable runs the resumable code (what a process on the machine runs).
 *   npx tsx scripts/cc-torture.ts DIR [--verbose] [--filter REGEX] [--json OUT] [--resumable]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runUserProgram } from '../src-core/cc/index'

const dir = process.argv[2]
const verbose = process.argv.includes('--verbose')
const fi = process.argv.indexOf('--filter')
const filter = fi > 0 ? new RegExp(process.argv[fi + 1]) : undefined
const ji = process.argv.indexOf('--json')
const resumable = process.argv.includes('--resumable')

const SKIPS: Array<[RegExp, string]> = [
  [/_Complex|__complex__|__real__|__imag__|\bcomplex\.h/, 'complex numbers'],
  [/vector_size|__attribute__\s*\(\(\s*(__)?vector/, 'vector extension'],
  [/__int128/, '__int128'],
  [/\b(asm|__asm__|__asm)\b/, 'inline asm'],
  [/goto\s*\*|&&[A-Za-z_]\w*\s*[,;}\])]/, 'labels as values'],
  [/dg-require-effective-target\s+trampolines|dg-require-effective-target\s+nonlocal_goto/, 'nested functions'],
  [/__builtin_apply|__builtin_return\b/, '__builtin_apply'],
  [/_Decimal|_Float(16|32|64|128)|_Sat|_Fract|_Accum/, 'extended float types'],
  [/scalar_storage_order/, 'scalar_storage_order'],
  [/__builtin_setjmp|__builtin_longjmp/, '__builtin_setjmp'],
  [/dg-skip-if[^\n]*\*-\*-\*|dg-skip-if[^\n]*arm/, 'dg-skip-if'],
  [/__attribute__\s*\(\(\s*(__)?mode\s*\(/, 'mode attribute'],
  [/__sync_|__atomic_/, 'atomics'],
  [/dg-additional-sources/, 'multiple sources'],
  [/\blink_error\b|link_failure/, 'needs optimisation (link_error calls must be folded away)'],
  [/dg-require-alias|__attribute__\s*\(\(\s*(__)?alias/, 'alias attribute'],
  [/-fgnu89-inline/, 'gnu89 inline semantics'],
  [/\bsignal\s*\(\s*SIG|sigaction/, 'signal handlers']
]

/* Nested functions: a function definition inside another's body (heuristic). */
function hasNestedFunction(src: string): boolean {
  let depth = 0
  const lines = src.split('\n')
  for (const l of lines) {
    if (depth > 0 && /^\s+(static\s+|auto\s+|inline\s+)*(int|void|char|long|double|float|unsigned|short|struct\s+\w+\s*\*?)\s+\**\w+\s*\([^;]*\)\s*(\{|$)/.test(l) && !/;\s*$/.test(l)) return true
    for (const c of l) {
      if (c === '{') depth++
      else if (c === '}') depth--
    }
  }
  return false
}

const files = readdirSync(dir).filter((f) => f.endsWith('.c') && (!filter || filter.test(f))).sort()
let pass = 0
let fail = 0
const skipped = new Map<string, string[]>()
const failures: Array<{ file: string; why: string }> = []
const t0 = Date.now()
for (const f of files) {
  const src = readFileSync(join(dir, f), 'latin1')
  let reason = SKIPS.find(([re]) => re.test(src))?.[1]
  if (!reason && hasNestedFunction(src)) reason = 'nested functions'
  if (reason) {
    if (!skipped.has(reason)) skipped.set(reason, [])
    skipped.get(reason)!.push(f)
    continue
  }
  const start = Date.now()
  let why = ''
  try {
    const r = runUserProgram([{ name: f, contents: src }], ['./a.out'], {
      readFile: (p) => {
        try {
          return readFileSync(p.startsWith('/') ? p : join(dir, p), 'latin1')
        } catch {
          return null
        }
      },
      shouldStop: () => Date.now() - start > 10000,
      resumable
    })
    if (r.status === 0) pass++
    else {
      fail++
      why = !r.compiled
        ? 'compile: ' + (r.stderr.split('\n').find((l) => /error:/.test(l)) ?? r.stderr.slice(0, 200))
        : `status ${r.status}${r.signal ? ` (signal ${r.signal})` : ''} ${r.stderr.slice(0, 120).replace(/\n/g, ' ')}`
    }
  } catch (e) {
    fail++
    why = 'internal: ' + String((e as Error).stack ?? e).split('\n').slice(0, 3).join(' | ')
  }
  if (why) {
    failures.push({ file: f, why })
    if (verbose) console.log(`FAIL ${f}: ${why}`)
  }
}
const applicable = pass + fail
const nskip = [...skipped.values()].reduce((a, b) => a + b.length, 0)
console.log(`c-torture execute${resumable ? ' (resumable)' : ''}: ${pass}/${applicable} passed (${((100 * pass) / Math.max(1, applicable)).toFixed(1)}%), ${fail} failed, ${nskip} skipped, ${((Date.now() - t0) / 1000).toFixed(0)} s`)
for (const [r, l] of skipped) console.log(`  skipped (${r}): ${l.length}`)
if (ji > 0) writeFileSync(process.argv[ji + 1], JSON.stringify({ pass, fail, skipped: Object.fromEntries(skipped), failures }, null, 1))
