/*
 * Boot a machine in-process and type a script at max speed, synchronously:
 * what `kmemlab -c` does, without a child process, for scenario tests.
 */

import { createMachine } from '../../src-core/index'
import { DEFAULT_CONFIG, type HostFs, type MachineConfig, type MachineToHost } from '../../src-core/protocol'

export interface ScriptResult {
  /** Console output with the UART's \r removed, as the reference logs are. */
  output: string
  status: number
  faults: string[]
}

export interface RunOptions {
  /** The folder shared at /mnt (the CLI's --host-dir). */
  hostFs?: HostFs
  maxSteps?: number
}

export function runScript(lines: string[], config: Partial<MachineConfig> = {}, opts: RunOptions = {}): ScriptResult {
  const maxSteps = opts.maxSteps ?? 5_000_000
  let output = ''
  let status: number | null = null
  const faults: string[] = []
  const machine = createMachine({
    hostFs: opts.hostFs,
    post(msg: MachineToHost) {
      if (msg.type === 'console') output += msg.data
      else if (msg.type === 'script-done') status = msg.status
      else if (msg.type === 'fault') faults.push(msg.message)
    }
  })
  machine.send({ type: 'boot', config: { ...DEFAULT_CONFIG, ...config } })
  machine.send({ type: 'script', lines })
  for (let i = 0; i < maxSteps && status === null; i++) {
    const s = machine.run(1000)
    if (s.kind === 'timer') machine.advanceClockTo(s.atNs)
    else if (s.kind === 'off') {
      machine.run(1)
      break
    } else if (s.kind === 'idle' && status === null) {
      // Idle without a prompt change would hang: let a tick of time pass.
      machine.advanceClockTo(machine.nowNs() + 1_000_000)
    }
  }
  if (status === null) throw new Error(`script did not finish:\n${output.slice(-2000)}`)
  return { output: output.replace(/\r/g, ''), status, faults }
}

/** The text after the boot: from the first shell prompt on. */
export function afterBoot(output: string): string {
  const i = output.indexOf('Run /init as init process\n')
  return i < 0 ? output : output.slice(i + 'Run /init as init process\n'.length)
}
