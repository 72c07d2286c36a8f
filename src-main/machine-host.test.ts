import { describe, expect, it, vi } from 'vitest'
import { MachineHost, isMachineToParent, isParentToMachine } from './machine-host'
import type { RendererPort } from './machine-host'
import type { HostToMachine, MachineToHost } from '../src-core/protocol'
import type { Machine, MachineHostHooks } from '../src-core/host'
import { Driver } from '../src-core/host'

// Nothing here may need Electron; the mock makes an accidental import fail loudly instead of downloading.
vi.mock('electron', () => ({}))

class FakePort implements RendererPort {
  sent: unknown[] = []
  closed = false
  private handlers: Record<string, ((e?: unknown) => void)[]> = {}
  postMessage(m: unknown): void {
    this.sent.push(m)
  }
  on(event: 'message' | 'close', listener: (e: never) => void): this {
    ;(this.handlers[event] ??= []).push(listener as (e?: unknown) => void)
    return this
  }
  start(): void {}
  close(): void {
    this.closed = true
    for (const h of this.handlers.close ?? []) h()
  }
  /** The renderer sends something. */
  deliver(data: unknown): void {
    for (const h of this.handlers.message ?? []) h({ data })
  }
}

function makeHost() {
  const received: HostToMachine[] = []
  let hooks!: MachineHostHooks
  const machine: Machine = {
    send: (m) => void received.push(m),
    run: () => ({ kind: 'idle' }),
    advanceClockTo: () => {},
    nowNs: () => 0
  }
  const host = new MachineHost({
    createMachine: (h) => {
      hooks = h
      return machine
    },
    DriverClass: Driver,
    env: { schedule: () => {}, wallNow: () => 0, realtime: false }
  })
  return { host, received, post: (m: MachineToHost) => hooks.post(m) }
}

describe('MachineHost: messages from the renderer', () => {
  it('delivers well-formed messages to the machine', () => {
    const { host, received } = makeHost()
    const port = new FakePort()
    host.attach(port)
    port.deliver({ type: 'input', data: 'ls\r' })
    port.deliver({ type: 'reset' })
    port.deliver({ type: 'resize', cols: 120, rows: 40 })
    expect(received).toEqual([{ type: 'input', data: 'ls\r' }, { type: 'reset' }, { type: 'resize', cols: 120, rows: 40 }])
    expect(host.rejected).toBe(0)
  })

  it.each([
    ['null', null],
    ['a string', 'boot'],
    ['an unknown type', { type: 'eval', code: 'process.exit()' }],
    ['input without data', { type: 'input' }],
    ['input with a non-string', { type: 'input', data: 42 }],
    ['oversized input', { type: 'input', data: 'x'.repeat((1 << 20) + 1) }],
    ['boot without config', { type: 'boot' }],
    ['boot with a bad board', { type: 'boot', config: { board: 'pc', memBytes: 1, cpus: 1, cmdline: '', seed: 1, quietBoot: false } }],
    ['boot with a huge cmdline', { type: 'boot', config: { board: 'vexpress-a9', memBytes: 1 << 30, cpus: 1, cmdline: 'x'.repeat(5000), seed: 1, quietBoot: false } }],
    ['a bad speed', { type: 'speed', speed: 'ludicrous' }],
    ['a negative resize', { type: 'resize', cols: -1, rows: 20 }],
    ['a fractional resize', { type: 'resize', cols: 80.5, rows: 20 }],
    ['a prototype-polluting object', JSON.parse('{"__proto__": {"type": "reset"}}')]
  ])('rejects %s', (_name, msg) => {
    const { host, received } = makeHost()
    const port = new FakePort()
    host.attach(port)
    port.deliver(msg)
    expect(received).toEqual([])
    expect(host.rejected).toBe(1)
  })

  it('replays hello, console scrollback and the latest status to a renderer that connects later', () => {
    const { host, post } = makeHost()
    post({ type: 'hello', version: 1 })
    post({ type: 'console', data: 'Booting Linux\n' })
    post({ type: 'console', data: '~ # ' })
    const status = { power: 'running' as const, uptimeNs: 5, taint: 'Not tainted', config: {} as never, speed: 'max' as const, paused: false }
    post({ type: 'status', status })
    post({ type: 'fault', message: 'boom' })
    const port = new FakePort()
    host.attach(port)
    expect(port.sent).toEqual([
      { type: 'hello', version: 1 },
      { type: 'console', data: 'Booting Linux\n~ # ' },
      { type: 'status', status },
      { type: 'fault', message: 'boom' }
    ])
    post({ type: 'console', data: 'x' })
    expect(port.sent.at(-1)).toEqual({ type: 'console', data: 'x' })
  })

  it('a new renderer port replaces (and closes) the old one', () => {
    const { host, post } = makeHost()
    const a = new FakePort()
    const b = new FakePort()
    host.attach(a)
    host.attach(b)
    expect(a.closed).toBe(true)
    post({ type: 'console', data: 'hi' })
    expect(a.sent).toEqual([])
    expect(b.sent.at(-1)).toEqual({ type: 'console', data: 'hi' })
  })
})

describe('main <-> machine process messages', () => {
  it('accepts only the known control messages', () => {
    expect(isParentToMachine({ type: 'connect' })).toBe(true)
    expect(isParentToMachine({ type: 'share-dir', dir: '/home/u/kmemlab' })).toBe(true)
    expect(isParentToMachine({ type: 'share-dir', dir: '' })).toBe(false)
    expect(isParentToMachine({ type: 'share-dir', dir: 7 })).toBe(false)
    expect(isParentToMachine({ type: 'boot' })).toBe(false)
    expect(isMachineToParent({ type: 'heartbeat', nowNs: 1 })).toBe(true)
    expect(isMachineToParent({ type: 'heartbeat' })).toBe(false)
    expect(isMachineToParent(undefined)).toBe(false)
  })
})
