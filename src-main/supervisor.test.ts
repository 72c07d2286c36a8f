import { describe, expect, it, vi } from 'vitest'
import { MachineSupervisor } from './supervisor'
import type { MachineChild, PortReason, RendererSink, SupervisorDeps } from './supervisor'

vi.mock('electron', () => ({}))

class FakeChild implements MachineChild {
  sent: { message: unknown; transfer?: unknown[] }[] = []
  killed = false
  private handlers: Record<string, ((v: never) => void)[]> = {}
  postMessage(message: unknown, transfer?: unknown[]): void {
    this.sent.push({ message, transfer })
  }
  on(event: 'message' | 'exit', listener: (v: never) => void): this {
    ;(this.handlers[event] ??= []).push(listener)
    return this
  }
  kill(): boolean {
    this.killed = true
    return true
  }
  emit(event: 'message' | 'exit', v: unknown): void {
    for (const h of this.handlers[event] ?? []) h(v as never)
  }
}

interface FakePort {
  id: number
}

function setup(opts = {}) {
  let now = 0
  let portId = 0
  const children: FakeChild[] = []
  const timers: { at: number; fn: () => void }[] = []
  const intervals: { every: number; next: number; fn: () => void }[] = []
  const deps: SupervisorDeps<FakePort> = {
    fork: () => {
      const c = new FakeChild()
      children.push(c)
      // The ESM entry loads, then says it listens.
      timers.push({ at: now + 10, fn: () => c.emit('message', { type: 'ready' }) })
      return c
    },
    createChannel: () => ({ port1: { id: ++portId }, port2: { id: ++portId } }),
    setInterval: (fn, ms) => {
      const h = { every: ms, next: now + ms, fn }
      intervals.push(h)
      return h
    },
    clearInterval: (h) => void intervals.splice(intervals.indexOf(h as never), 1),
    setTimeout: (fn, ms) => void timers.push({ at: now + ms, fn }),
    now: () => now
  }
  /** Let `ms` of host time pass, firing timers and intervals in order. */
  const advance = (ms: number): void => {
    const end = now + ms
    for (;;) {
      const t = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0]
      const i = intervals.filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0]
      if (!t && !i) break
      if (t && (!i || t.at <= i.next)) {
        timers.splice(timers.indexOf(t), 1)
        now = t.at
        t.fn()
      } else if (i) {
        now = i.next
        i.next += i.every
        i.fn()
      }
    }
    now = end
  }
  const given: { port: FakePort; reason: PortReason }[] = []
  const gaveUp: string[] = []
  const sink: RendererSink<FakePort> = {
    givePort: (port, reason) => void given.push({ port, reason }),
    gaveUp: (m) => void gaveUp.push(m)
  }
  const sup = new MachineSupervisor(deps, { heartbeatCheckMs: 1000, hangTimeoutMs: 5000, maxRestarts: 3, restartWindowMs: 60_000, ...opts })
  return { sup, children, advance, given, gaveUp, sink }
}

describe('MachineSupervisor', () => {
  it('forks the machine, sends the share folder, and hands the renderer one end of a fresh channel', () => {
    const { sup, children, advance, given, sink } = setup()
    sup.setShareDir('/home/u/Documents/kmemlab')
    sup.start()
    sup.connectRenderer(sink)
    expect(children).toHaveLength(1)
    const c = children[0]!
    expect(c.sent).toEqual([]) // nothing before the child listens
    advance(10)
    expect(c.sent[0]).toEqual({ message: { type: 'share-dir', dir: '/home/u/Documents/kmemlab' }, transfer: undefined })
    expect(c.sent[1]).toEqual({ message: { type: 'connect' }, transfer: [{ id: 1 }] })
    expect(given).toEqual([{ port: { id: 2 }, reason: { kind: 'connect', fresh: true } }])
    // A renderer reload gets a new pair, and the machine is no longer fresh.
    sup.connectRenderer(sink)
    expect(given[1]).toEqual({ port: { id: 4 }, reason: { kind: 'connect', fresh: false } })
  })

  it('restarts the machine process when it exits, and reconnects the renderer with the reason', () => {
    const { sup, children, advance, given, sink } = setup()
    sup.setShareDir('/share')
    sup.start()
    sup.connectRenderer(sink)
    children[0]!.emit('exit', 1)
    expect(sup.running).toBe(false)
    advance(1000)
    expect(children).toHaveLength(2)
    expect(sup.restarts).toBe(1)
    const c2 = children[1]!
    expect(c2.sent.map((s) => s.message)).toEqual([{ type: 'share-dir', dir: '/share' }, { type: 'connect' }])
    expect(given.at(-1)!.reason).toEqual({ kind: 'restart', cause: 'exit', code: 1, restarts: 1 })
  })

  it('kills and restarts a machine process that stops sending heartbeats', () => {
    const { sup, children, advance, given, sink } = setup()
    sup.start()
    sup.connectRenderer(sink)
    const c = children[0]!
    // Healthy: beats every second for a while.
    for (let i = 0; i < 10; i++) {
      advance(1000)
      c.emit('message', { type: 'heartbeat', nowNs: i })
    }
    expect(c.killed).toBe(false)
    // Hung: no beats.
    advance(6000)
    expect(c.killed).toBe(true)
    c.emit('exit', 15) // what kill() leads to
    advance(1000)
    expect(children).toHaveLength(2)
    expect(given.at(-1)!.reason).toEqual({ kind: 'restart', cause: 'hang', code: null, restarts: 1 })
  })

  it('ignores messages and exits from a process it already replaced', () => {
    const { sup, children, advance, sink } = setup()
    sup.start()
    sup.connectRenderer(sink)
    children[0]!.emit('exit', 1)
    advance(1000)
    children[0]!.emit('exit', 1)
    advance(5000)
    expect(children).toHaveLength(2)
  })

  it('gives up after too many restarts in a row and tells the renderer', () => {
    const { sup, children, advance, gaveUp, sink } = setup()
    sup.start()
    sup.connectRenderer(sink)
    for (let i = 0; i < 3; i++) {
      children.at(-1)!.emit('exit', 70)
      advance(2000)
    }
    expect(children).toHaveLength(4)
    children.at(-1)!.emit('exit', 70)
    advance(10_000)
    expect(children).toHaveLength(4)
    expect(sup.gaveUp).toBe(true)
    expect(gaveUp[0]).toMatch(/4 times in a row/)
  })

  it('does not restart after stop() (app quit)', () => {
    const { sup, children, advance } = setup()
    sup.start()
    sup.stop()
    expect(children[0]!.killed).toBe(true)
    children[0]!.emit('exit', 0)
    advance(10_000)
    expect(children).toHaveLength(1)
  })
})

describe('MachineSupervisor after giving up', () => {
  it('start() tries again with a fresh process and a fresh restart budget', () => {
    const { sup, children, advance, given, sink } = setup()
    sup.start()
    sup.connectRenderer(sink)
    for (let i = 0; i < 4; i++) {
      children.at(-1)!.emit('exit', 70)
      advance(2000)
    }
    expect(sup.gaveUp).toBe(true)
    sup.start()
    sup.connectRenderer(sink)
    advance(10)
    expect(sup.gaveUp).toBe(false)
    expect(children).toHaveLength(5)
    expect(given.at(-1)!.reason).toEqual({ kind: 'connect', fresh: true })
  })
})
