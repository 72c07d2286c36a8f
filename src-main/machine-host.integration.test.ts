/*
 * The utility process's logic with the real machine (src-core createMachine),
 * minus Electron: a fake renderer port, the Driver at max speed, and the
 * guest's /mnt on a NodeHostFs in a temp folder.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createMachine, Driver, DEFAULT_CONFIG } from '../src-core/index'
import type { MachineToHost } from '../src-core/protocol'
import { MachineHost } from './machine-host'
import type { RendererPort } from './machine-host'
import { NodeHostFs } from './host-fs'

vi.mock('electron', () => ({}))

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmemlab-share-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

class Port implements RendererPort {
  out = ''
  private onMsg: ((e: { data: unknown }) => void) | null = null
  postMessage(m: unknown): void {
    const msg = m as MachineToHost
    if (msg.type === 'console') this.out += msg.data
  }
  on(event: 'message' | 'close', l: (e: never) => void): this {
    if (event === 'message') this.onMsg = l as (e: { data: unknown }) => void
    return this
  }
  start(): void {}
  close(): void {}
  type(data: unknown): void {
    this.onMsg?.({ data })
  }
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('MachineHost with the real machine', () => {
  it('boots, and the guest reads and writes the share folder at /mnt', async () => {
    fs.writeFileSync(path.join(tmp, 'hello.txt'), 'hello from the host\n')
    const host = new MachineHost({
      createMachine,
      DriverClass: Driver,
      env: { schedule: (fn, ms) => void setTimeout(fn, ms), wallNow: () => performance.now(), realtime: false },
      hostFs: new NodeHostFs(tmp)
    })
    const port = new Port()
    host.attach(port)
    port.type({ type: 'boot', config: { ...DEFAULT_CONFIG, quietBoot: true } })
    await until(() => /# $/.test(port.out))

    port.type({ type: 'input', data: 'cat /mnt/hello.txt\r' })
    await until(() => port.out.includes('hello from the host') && /# $/.test(port.out))

    port.type({ type: 'input', data: 'echo written by the guest > /mnt/guest.txt\r' })
    await until(() => fs.existsSync(path.join(tmp, 'guest.txt')))
    expect(fs.readFileSync(path.join(tmp, 'guest.txt'), 'utf8')).toBe('written by the guest\n')

    // Something malformed from the renderer never reaches the machine.
    port.type({ type: 'input', data: 123 })
    expect(host.rejected).toBe(1)
  })
})
