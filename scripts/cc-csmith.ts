/*
 * Differential testing of cc against the real toolchain: csmith generates
 * random (UB-free) programs; each runs in cc (in process, runUserProgram) and,
 * compiled with arm-linux-gnueabihf-gcc -static, under qemu-arm; the printed
 * checksums must agree. Skips cleanly when the tools are absent.
 *   npx tsx scripts/cc-csmith.ts N [--seed S] [--keep DIR]
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runUserProgram } from '../src-core/cc/index'

const N = Number(process.argv[2] ?? 10)
const si = process.argv.indexOf('--seed')
let seed = si > 0 ? Number(process.argv[si + 1]) : 1
const ki = process.argv.indexOf('--keep')
const keep = ki > 0 ? process.argv[ki + 1] : undefined

function have(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const CSMITH_INC = '/usr/include/csmith'
if (!have('csmith') || !have('arm-linux-gnueabihf-gcc') || !have('qemu-arm') || !existsSync(CSMITH_INC)) {
  console.log('cc-csmith: needs csmith, libcsmith-dev, gcc-arm-linux-gnueabihf and qemu-user; skipping')
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), 'cc-csmith-'))
for (const h of readdirSync(CSMITH_INC)) if (h.endsWith('.h')) copyFileSync(join(CSMITH_INC, h), join(dir, h))
if (keep) mkdirSync(keep, { recursive: true })

let agree = 0
let mismatch = 0
let refFail = 0
let ccTimeout = 0
const t0 = Date.now()
let ccMs = 0
let qemuMs = 0
for (let i = 0; i < N; i++, seed++) {
  const src = join(dir, `p${seed}.c`)
  execFileSync('csmith', ['--seed', String(seed), '-o', src, '--no-packed-struct'], { stdio: 'ignore' })
  const text = readFileSync(src, 'latin1')
  let ref: string
  try {
    execFileSync('arm-linux-gnueabihf-gcc', ['-std=gnu11', '-O0', '-w', '-static', '-I', dir, '-o', join(dir, 'a.out'), src])
    const q0 = Date.now()
    ref = execFileSync('qemu-arm', [join(dir, 'a.out')], { timeout: 10000, encoding: 'latin1' })
    qemuMs += Date.now() - q0
  } catch {
    refFail++
    continue
  }
  const c0 = Date.now()
  const r = runUserProgram([{ name: src, contents: text }], ['./a.out'], {
    readFile: (p) => (existsSync(p) ? readFileSync(p, 'latin1') : null),
    shouldStop: () => Date.now() - c0 > 60000
  })
  ccMs += Date.now() - c0
  if (r.signal === 2) {
    ccTimeout++
    console.log(`seed ${seed}: cc timed out`)
    continue
  }
  if (r.stdout === ref && r.status === 0) agree++
  else {
    mismatch++
    console.log(`seed ${seed}: MISMATCH cc=${JSON.stringify(r.stdout.slice(-60))} status=${r.status} ${r.stderr.split('\n').find((l) => /error/.test(l)) ?? ''} ref=${JSON.stringify(ref.slice(-60))}`)
    if (keep) writeFileSync(join(keep, `p${seed}.c`), text)
  }
}
console.log(`csmith: ${N} programs, ${agree} agree, ${mismatch} mismatches, ${ccTimeout} cc timeouts, ${refFail} reference failures/timeouts; cc ${(ccMs / 1000).toFixed(1)} s vs qemu-arm ${(qemuMs / 1000).toFixed(1)} s; total ${((Date.now() - t0) / 1000).toFixed(0)} s`)
