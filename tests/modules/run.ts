/*
 * Boot a machine in-process with a host folder at /mnt (an in-memory
 * FakeHostFs holding `files`), type a script at max speed, return the
 * console: the module tests' runner (tests/helpers/run.ts has no share).
 */

import { createMachine } from '../../src-core/index'
import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, type MachineConfig, type MachineToHost } from '../../src-core/protocol'

export interface ShareResult {
  output: string
  status: number
  faults: string[]
  host: FakeHostFs
}

export function runWithShare(files: Record<string, string>, lines: string[], config: Partial<MachineConfig> = {}, maxSteps = 5_000_000): ShareResult {
  const host = new FakeHostFs()
  const enc = (s: string): Uint8Array => {
    const b = unescape(encodeURIComponent(s))
    const out = new Uint8Array(b.length)
    for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i)
    return out
  }
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) host.dirs.add(parts.slice(0, i).join('/'))
    host.files.set(path, enc(text))
  }
  let output = ''
  let status: number | null = null
  const faults: string[] = []
  const machine = createMachine({
    hostFs: host,
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
    } else if (s.kind === 'idle' && status === null) machine.advanceClockTo(machine.nowNs() + 1_000_000)
  }
  if (status === null) throw new Error(`script did not finish:\n${output.slice(-2000)}`)
  return { output: output.replace(/\r/g, ''), status, faults, host }
}

/** Console text after the boot (from the first command on). */
export function afterBoot(output: string): string {
  const i = output.indexOf('Run /init as init process\n')
  return i < 0 ? output : output.slice(i + 'Run /init as init process\n'.length)
}
