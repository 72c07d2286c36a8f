/*
 * A small board for the shell's tests: a root file system, a clock, a printk
 * buffer and a Shell whose console output is collected. `exec` types a line
 * and runs the machine until the shell is back at its prompt, jumping the
 * clock over timers as a script at max speed would.
 */

import { Clock } from '../board/clock'
import { Rng } from '../board/rng'
import { buildRootFs } from '../fs/rootfs'
import type { Vfs } from '../fs/vfs'
import { Printk } from '../kernel/printk'
import type { HostFs } from '../protocol'
import { Shell, type ShellOptions } from './sh'
import type { ShellSystem } from './types'

export const TEST_BOOT_EPOCH_MS = Date.UTC(2026, 10, 22, 20, 6, 5)

export interface TestBoard {
  shell: Shell
  vfs: Vfs
  clock: Clock
  printk: Printk
  sys: ShellSystem
  /** Everything written to the console so far. */
  output(): string
  /** Forget the output collected so far. */
  clearOutput(): void
  /** Feed input and run until idle (or `maxSteps`). */
  type(data: string, maxSteps?: number): void
  /** Type a command line, run it, return what it printed (without the echo and the next prompt). */
  exec(line: string): string
  faults: string[]
  power: string[]
}

export function makeBoard(opts: { hostFs?: HostFs; shell?: ShellOptions } = {}): TestBoard {
  const clock = new Clock()
  const printk = new Printk(clock)
  let out = ''
  let hostname = '(none)'
  const faults: string[] = []
  const vfs = buildRootFs({
    nowMs: () => TEST_BOOT_EPOCH_MS + clock.now() / 1e6,
    printk,
    rng: new Rng(1, 'dev-random'),
    hostFs: opts.hostFs,
    onFault: (e) => faults.push(`vfs: ${String(e)}`)
  })
  const power: string[] = []
  const sys: ShellSystem = {
    vfs,
    clock,
    write: (s) => {
      out += s
    },
    printk,
    uname: () => ({ sysname: 'Linux', nodename: hostname, release: '6.1.192', version: '#1 SMP Sun Nov 22 19:52:14 UTC 2026', machine: 'armv7l' }),
    sethostname: (n) => {
      hostname = n
    },
    bootEpochMs: TEST_BOOT_EPOCH_MS,
    poweroff: (o) => power.push(`poweroff${o?.force ? ' -f' : ''}`),
    reboot: (o) => power.push(`reboot${o?.force ? ' -f' : ''}`),
    shellPid: 70,
    fault: (m) => faults.push(m)
  }
  const shell = new Shell(sys, opts.shell)
  const board: TestBoard = {
    shell,
    vfs,
    clock,
    printk,
    sys,
    faults,
    power,
    output: () => out,
    clearOutput: () => {
      out = ''
    },
    type(data, maxSteps = 100000) {
      shell.input(data)
      for (let i = 0; i < maxSteps; i++) {
        const r = shell.run(1000)
        if (r.kind === 'timer') clock.advanceTo(r.atNs)
        else if (r.kind !== 'busy') break
      }
    },
    exec(line) {
      board.clearOutput()
      board.type(line + '\r')
      // Skip the echo of the typed line (the editor breaks it with \r\n at the right margin).
      let i = 0
      let j = 0
      while (j < line.length && i < out.length) {
        if (out[i] === line[j]) {
          i++
          j++
        } else if (out.startsWith('\r\n', i)) i += 2
        else break
      }
      if (out.startsWith('\r\n', i)) i += 2
      const text = out.slice(i).replace(/\r\n/g, '\n')
      // Drop the prompt that follows the output.
      return text.slice(0, text.lastIndexOf('\n') + 1)
    }
  }
  shell.start()
  for (let i = 0; i < 1000; i++) {
    const r = shell.run(1000)
    if (r.kind !== 'busy') break
  }
  return board
}
