/*
 * Helpers for tests and benchmarks: a KernelContext for a given board
 * configuration with its console captured. Not a kernel file.
 */

import { Clock } from '../board/clock'
import { DEFAULT_CONFIG, type MachineConfig } from '../board/config'
import { KernelContext } from '../kernel/context'
import { Printk } from '../kernel/printk'

export interface TestKernel {
  k: KernelContext
  clock: Clock
  log: Printk
  /** Console output so far, one entry per line, with the [time] prefix. */
  lines: string[]
}

export function makeKernel(memMB = 1024, cmdline = '', cpus = 1, extra: Partial<MachineConfig> = {}): TestKernel {
  const clock = new Clock()
  const log = new Printk(clock)
  const lines: string[] = []
  log.addConsole((t) => {
    for (const l of t.split('\n')) if (l !== '') lines.push(l)
  })
  const k = new KernelContext({ ...DEFAULT_CONFIG, memBytes: memMB * 1024 * 1024, cmdline, cpus, ...extra }, clock, log)
  return { k, clock, log, lines }
}

/** A console line without its "[    0.000000] " prefix. */
export function stripTime(line: string): string {
  return line.replace(/^\[\s*\d+\.\d+\] /, '')
}
