/*
 * `kmemlab`: the board's serial console on the terminal.
 *
 * Interactive: stdin in raw mode goes to the UART byte for byte, the UART goes
 * to stdout; Ctrl-A X quits (as QEMU's -serial mon:stdio). The board's clock
 * follows the wall clock.
 * Scripted (-c, --script, or stdin not a terminal): the machine types each
 * line at the shell's prompt, at max speed (simulated time jumps over
 * sleeps), prints the console with the UART's \r removed, and exits with the
 * last command's status.
 */

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createMachine } from '../src-core/index'
import { Driver } from '../src-core/host'
import type { HostFs, MachineConfig, MachineToHost } from '../src-core/protocol'
import { parseArgs, scriptLines, USAGE } from './args'
import { NodeHostFs } from '../src-main/host-fs'

const VERSION = '0.1.0'

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'cc') {
    const { ccMain } = await import('../src-core/cc/cli')
    return ccMain(argv.slice(1), {
      readFile: (p: string) => {
        try {
          return readFileSync(p, 'latin1')
        } catch {
          return null
        }
      },
      stdout: (s: string) => void process.stdout.write(s),
      stderr: (s: string) => void process.stderr.write(s)
    })
  }

  const opts = parseArgs(argv)
  if ('error' in opts) {
    process.stderr.write(`kmemlab: ${opts.error}\n${USAGE}`)
    return 2
  }
  if (opts.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (opts.version) {
    process.stdout.write(`kmemlab ${VERSION}\n`)
    return 0
  }

  let lines: string[] | null = null
  if (opts.script && 'file' in opts.script) {
    try {
      lines = scriptLines(readFileSync(opts.script.file, 'utf8'))
    } catch (e) {
      process.stderr.write(`kmemlab: cannot read script '${opts.script.file}': ${(e as Error).message}\n`)
      return 2
    }
  } else if (opts.script && 'inline' in opts.script) {
    lines = [opts.script.inline]
  } else if (!process.stdin.isTTY) {
    lines = scriptLines(await readAll(process.stdin))
  }

  let hostFs: HostFs | undefined
  if (opts.hostDir !== null) {
    try {
      hostFs = new NodeHostFs(opts.hostDir)
    } catch (e) {
      process.stderr.write(`kmemlab: --host-dir: ${(e as Error).message}\n`)
      return 2
    }
  }

  return lines ? runScript(opts.config, lines, hostFs) : runInteractive(opts.config, hostFs)
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    stream.on('error', reject)
  })
}

function runScript(config: MachineConfig, lines: string[], hostFs?: HostFs): Promise<number> {
  return new Promise((resolve) => {
    let out = ''
    // Once the script is done, kernel timers (a module's periodic timer_list) must not keep the process alive.
    let done = false
    const flush = (): void => {
      if (out) process.stdout.write(out.replace(/\r/g, ''))
      out = ''
    }
    const machine = createMachine({
      hostFs,
      post(msg: MachineToHost) {
        if (msg.type === 'console') {
          out += msg.data
          if (out.length > 1 << 16) flush()
        } else if (msg.type === 'script-done') {
          done = true
          flush()
          process.stdout.write('\n')
          resolve(msg.status)
        } else if (msg.type === 'fault') {
          flush()
          process.stderr.write(`kmemlab: simulator fault: ${msg.message}\n`)
        }
      }
    })
    const driver = new Driver(machine, { schedule: (fn, ms) => void (done || setTimeout(fn, ms)), wallNow: () => performance.now(), realtime: false })
    machine.send({ type: 'boot', config })
    machine.send({ type: 'script', lines })
    driver.kick()
  })
}

function runInteractive(config: MachineConfig, hostFs?: HostFs): Promise<number> {
  return new Promise((resolve) => {
    const stdin = process.stdin
    const machine = createMachine({
      hostFs,
      post(msg: MachineToHost) {
        // The host tty's own ONLCR (kept by libuv's raw mode) turns \n into \r\n again.
        if (msg.type === 'console') process.stdout.write(process.stdout.isTTY ? msg.data.replace(/\r\n/g, '\n') : msg.data)
        else if (msg.type === 'status' && (msg.status.power === 'off' || msg.status.power === 'halted')) finish(0)
        else if (msg.type === 'fault') process.stderr.write(`\r\nkmemlab: simulator fault: ${msg.message}\r\n`)
      }
    })
    const driver = new Driver(machine, { schedule: (fn, ms) => void setTimeout(fn, ms), wallNow: () => performance.now(), realtime: true })
    let ctrlA = false
    const finish = (code: number): void => {
      if (stdin.isTTY) stdin.setRawMode(false)
      stdin.pause()
      process.stdout.write('\r\n')
      resolve(code)
    }
    if (stdin.isTTY) stdin.setRawMode(true)
    stdin.setEncoding('utf8')
    stdin.on('data', (data: string) => {
      let pass = ''
      for (const ch of data) {
        if (ctrlA) {
          ctrlA = false
          if (ch === 'x' || ch === 'X') return finish(0)
          if (ch !== '\x01') pass += '\x01'
          pass += ch === '\x01' ? '\x01' : ch
        } else if (ch === '\x01') ctrlA = true
        else pass += ch
      }
      if (pass) {
        machine.send({ type: 'input', data: pass })
        driver.kick()
      }
    })
    stdin.on('end', () => finish(0))
    if (process.stdout.columns) machine.send({ type: 'resize', cols: process.stdout.columns, rows: process.stdout.rows })
    machine.send({ type: 'boot', config })
    driver.kick()
  })
}

