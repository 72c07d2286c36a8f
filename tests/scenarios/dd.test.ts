/*
 * busybox dd with its block in simulated memory, through pipes that hold
 * 64 KiB: a reader that reads gets everything, a reader that never reads
 * leaves dd blocked with its block resident, a reader that leaves kills dd
 * with SIGPIPE before it reports.
 */

import { expect, it } from 'vitest'
import { afterBoot, outputOf, runScript } from '../helpers/run'

it('dd through pipes: all data to a reader, blocked with its block resident, SIGPIPE when the reader leaves', () => {
  const r = runScript([
    'dd if=/dev/zero bs=1M count=2 2>/tmp/e | wc -c; cat /tmp/e',
    'dd if=/dev/zero bs=4M count=1 2>/dev/null | sleep 100 &',
    'sleep 1',
    'p=$(pidof dd); grep -E "^Vm(Size|RSS)" /proc/$p/status',
    'grep AnonPages: /proc/meminfo',
    'kill %1; sleep 1',
    'grep AnonPages: /proc/meminfo',
    'dd if=/dev/zero bs=1M count=1 2>/tmp/e | sleep 1; echo rc=$?; wc -c < /tmp/e',
    "printf 'abc' | dd bs=8k of=/tmp/u 2>/dev/null; cat /tmp/u; echo",
    'dd if=/tmp/u of=/tmp/v bs=1 skip=1; cat /tmp/v; echo'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, 'dd if=/dev/zero bs=1M count=2 2>/tmp/e | wc -c; cat /tmp/e').slice(0, 3)).toEqual(['2097152', '2+0 records in', '2+0 records out'])
  // VmSize: busybox's 1556 kB + the 4 MB block (mmap'ed); VmRSS: the block, cleared by read_zero, plus the applet's pages.
  const vm = outputOf(out, 'p=$(pidof dd); grep -E "^Vm(Size|RSS)" /proc/$p/status').map((l) => Number(/(\d+) kB/.exec(l)![1]))
  expect(vm[0]).toBe(1556 + 4096)
  expect(vm[1]).toBeGreaterThan(4096)
  expect(vm[1]).toBeLessThan(4096 + 1024)
  const anon = [...out.matchAll(/^AnonPages:\s+(\d+) kB$/gm)].map((m) => Number(m[1]))
  expect(anon[0]! - anon[1]!).toBeGreaterThanOrEqual(4096)
  // The reader left: SIGPIPE, nothing reported, the pipeline's status is sleep's.
  expect(outputOf(out, 'dd if=/dev/zero bs=1M count=1 2>/tmp/e | sleep 1; echo rc=$?; wc -c < /tmp/e')).toEqual(['rc=0', '0'])
  expect(outputOf(out, "printf 'abc' | dd bs=8k of=/tmp/u 2>/dev/null; cat /tmp/u; echo")).toEqual(['abc'])
  expect(outputOf(out, 'dd if=/tmp/u of=/tmp/v bs=1 skip=1; cat /tmp/v; echo')).toEqual(['2+0 records in', '2+0 records out', expect.stringMatching(/^2 bytes \(2B\) copied, /), 'bc'])
})
