/*
 * Boot a machine in-process and type a script at max speed, synchronously:
 * what `kmemlab -c` does, without a child process, for scenario tests.
 *
 * A script line is typed when the prompt is back. A `{ type }` entry is
 * typed on the console while the command of the line before it still runs
 * (after `afterNs` of simulated time, default 100 ms): a line for a program
 * reading the terminal ("42\r"), Ctrl-C ("\x03"), Ctrl-D ("\x04").
 */

import { createMachine } from '../../src-core/index'
import { DEFAULT_CONFIG, type HostFs, type MachineConfig, type MachineToHost } from '../../src-core/protocol'

export interface ScriptResult {
  /** Console output with the UART's \r removed, as the reference logs are. */
  output: string
  status: number
  faults: string[]
}

/** Keys typed while the previous line's command runs. */
export interface Typed {
  type: string
  afterNs?: number
}

export type ScriptLine = string | Typed

export interface RunOptions {
  /** The folder shared at /mnt (the CLI's --host-dir). */
  hostFs?: HostFs
  maxSteps?: number
}

export function runScript(lines: ScriptLine[], config: Partial<MachineConfig> = {}, opts: RunOptions = {}): ScriptResult {
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
  let steps = 0
  let off = false
  /** Run the machine until `done()` (or it is off, or the step limit). */
  const pump = (done: () => boolean): void => {
    for (; steps < maxSteps && !done() && !off; steps++) {
      const s = machine.run(1000)
      if (s.kind === 'timer') machine.advanceClockTo(s.atNs)
      else if (s.kind === 'off') {
        machine.run(1)
        off = true
      } else if (s.kind === 'idle') {
        // Idle without a prompt change would hang: let a tick of time pass.
        machine.advanceClockTo(machine.nowNs() + 1_000_000)
      }
    }
  }
  let i = 0
  for (;;) {
    const k = lines.findIndex((l, j) => j >= i && typeof l !== 'string')
    // Up to the line whose command gets typed input: a script (done when the prompt is back).
    const upto = k < 0 ? lines.length : Math.max(i, k - 1)
    status = null
    machine.send({ type: 'script', lines: lines.slice(i, upto) as string[] })
    pump(() => status !== null)
    if (k < 0 || off) break
    if (upto < k) machine.send({ type: 'input', data: lines[upto] + '\r' })
    for (i = k; i < lines.length && typeof lines[i] !== 'string'; i++) {
      const t = lines[i] as Typed
      const until = machine.nowNs() + (t.afterNs ?? 100_000_000)
      pump(() => machine.nowNs() >= until)
      machine.send({ type: 'input', data: t.type })
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

/** Script lines that write `src` to `name` through a quoted here-document, as a student would paste it. */
export const heredocFile = (name: string, src: string): string[] => [`cat > ${name} <<'EOF'`, ...src.split('\n'), 'EOF']

/**
 * The non-empty lines a typed command printed (its `nth` occurrence), up to
 * the next shell prompt (`~ # `, `/path # `).
 */
export function outputOf(out: string, cmd: string, nth = 0): string[] {
  let i = -1
  for (let k = 0; k <= nth; k++) {
    i = out.indexOf(`# ${cmd}\n`, i + 1)
    if (i < 0) throw new Error(`no command ${cmd}`)
  }
  const rest = out.slice(i + cmd.length + 3)
  return rest.slice(0, rest.search(/^(~|\/)\S* # /m)).split('\n').filter((l) => l !== '')
}
