/*
 * The seed's lab3 module (lab3_alloc_mm: __get_free_pages and kmalloc
 * sweeps, then vmalloc in 20 MB steps up to mem=1024) at max speed, vs the
 * real kernel on QEMU: the time between the module's first and last
 * message of allocmm in the reference log (boot-1024.log, same three
 * sweeps, 1 GB board). Also the time `make` takes for the lab folder.
 */

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CONFIG as BOARD_CONFIG } from '../src-core/board/config'
import { Clock } from '../src-core/board/clock'
import { KernelContext } from '../src-core/kernel/context'
import { Printk } from '../src-core/kernel/printk'
import { createMachine } from '../src-core/index'
import { boot_mm } from '../src-core/mm/index'
import { Kmem } from '../src-core/mm/kmem'
import { FakeHostFs } from '../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, type MachineToHost } from '../src-core/protocol'
import type { BenchRow } from './run'

const here = dirname(fileURLToPath(import.meta.url))
/** The allocmm section of the reference's boot-1024.log (copied into the project). */
const REF_LOG = join(here, 'fixtures', 'allocmm-1024.txt')

/** allocmm's init on the real kernel: from its first line to its last, in seconds. */
function referenceSeconds(): { s: number; from: string } {
  const ts = readFileSync(REF_LOG, 'utf8')
    .split('\n')
    .filter((l) => /^\[\s*\d+\.\d+\] /.test(l))
    .filter((l) => !/module exit/.test(l))
    .map((l) => Number(/^\[\s*(\d+\.\d+)\]/.exec(l)![1]))
  return { s: ts[ts.length - 1]! - ts[0]!, from: 'boot-1024.log (bench/fixtures/allocmm-1024.txt)' }
}

/** A booted machine that runs one script phase at a time; returns the host ms each phase took. */
function machine(): { phase(lines: string[]): { ms: number; out: string } } {
  let output = ''
  let done = false
  const m = createMachine({
    hostFs: new FakeHostFs(),
    post(msg: MachineToHost) {
      if (msg.type === 'console') output += msg.data
      else if (msg.type === 'script-done') done = true
    }
  })
  m.send({ type: 'boot', config: { ...DEFAULT_CONFIG } })
  const run = (): void => {
    for (let i = 0; i < 5_000_000 && !done; i++) {
      const s = m.run(1000)
      if (s.kind === 'timer') m.advanceClockTo(s.atNs)
      else if (s.kind === 'off') break
      else if (s.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
    }
  }
  return {
    phase(lines: string[]) {
      done = false
      output = ''
      const t0 = performance.now()
      m.send({ type: 'script', lines })
      run()
      return { ms: performance.now() - t0, out: output }
    }
  }
}

/**
 * The allocator's share of the module's run: its vmalloc sweep up to where
 * it fails (vmalloc + vfree of 20, 40 and 60 MB: 30,720 pages taken,
 * mapped, unmapped and given back) on a booted 1 GB Kmem, without the
 * shell, the module loader or printk. Median of `runs`, in ms.
 */
function vmallocSweep(runs: number): number {
  const clock = new Clock()
  const k = new KernelContext({ ...BOARD_CONFIG, memBytes: 1024 * 1024 * 1024 }, clock, new Printk(clock))
  const km = new Kmem(k, boot_mm(k, { workload: false }))
  km.boot_late()
  const MB = 1024 * 1024
  const ts: number[] = []
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    for (let size = 20 * MB; size <= 60 * MB; size += 20 * MB) {
      const a = km.vmalloc(size)
      if (!a) throw new Error(`vmalloc(${size}) failed`)
      km.vfree(a)
    }
    ts.push(performance.now() - t0)
  }
  ts.sort((a, b) => a - b)
  return ts[Math.floor(ts.length / 2)]!
}

export default async function (): Promise<BenchRow[]> {
  const mc = machine()
  mc.phase(['true'])
  const lab = '/mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm'
  const make = mc.phase([`cd ${lab}`, 'make > /dev/null'])
  const first = mc.phase(['insmod allocmm.ko mem=1024', 'rmmod allocmm'])
  const runs: number[] = []
  let out = first.out
  for (let i = 0; i < 5; i++) {
    const r = mc.phase(['insmod allocmm.ko mem=1024', 'rmmod allocmm'])
    runs.push(r.ms)
    out = r.out
  }
  if (!out.includes('... vmalloc failed')) throw new Error('lab3 module did not run:\n' + out.slice(-2000))
  runs.sort((a, b) => a - b)
  const median = runs[Math.floor(runs.length / 2)]!
  const ref = referenceSeconds()
  const refMs = ref.s * 1000
  return [
    {
      name: 'lab3 allocmm insmod+rmmod (3 sweeps, vmalloc to 1 GB)',
      value: median,
      unit: 'ms',
      peer: { name: `real 6.1 on QEMU (${ref.from})`, value: refMs },
      ratio: refMs / median,
      note: 'ratio = real time / ours; > 1 is faster than the real kernel'
    },
    {
      name: 'lab3 first insmod+rmmod after make (image from modpost, new runtime)',
      value: first.ms,
      unit: 'ms',
      peer: { name: 'real 6.1 on QEMU', value: refMs },
      ratio: refMs / first.ms
    },
    { name: 'lab3 make (CC, LD, MODPOST, LD .ko)', value: make.ms, unit: 'ms' },
    { name: "lab3's vmalloc sweep alone (vmalloc+vfree 20/40/60 MB, Kmem)", value: vmallocSweep(30), unit: 'ms' }
  ]
}
