/*
 * Speed control (protocol `speed` / `step`): single step holds the machine
 * after each command step that allocated pages, slow motion asks the host to
 * wait, and neither changes what the guest prints.
 */
import { describe, expect, it } from 'vitest'
import { createMachine, Driver, type RunState } from './index'
import { DEFAULT_CONFIG, type MachineStatus, type MachineToHost, type Speed } from './protocol'

const MB = 1024 * 1024

function boot(speed: Speed) {
  let out = ''
  let status: MachineStatus | null = null
  const m = createMachine({
    post: (msg: MachineToHost) => {
      if (msg.type === 'console') out += msg.data
      else if (msg.type === 'status') status = msg.status
      else if (msg.type === 'fault') throw new Error(msg.message)
    }
  })
  m.send({ type: 'boot', config: { ...DEFAULT_CONFIG, memBytes: 256 * MB, quietBoot: true } })
  const prompts = (): number => (out.match(/~ # /g) ?? []).length
  /** Run until pred, like a host at max speed; returns the states seen. */
  const runUntil = (pred: () => boolean, steps = 200_000): RunState[] => {
    const seen: RunState[] = []
    for (let i = 0; i < steps && !pred(); i++) {
      const st = m.run(1000)
      seen.push(st)
      if (st.kind === 'timer') m.advanceClockTo(st.atNs)
      else if (st.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
      else if (st.kind === 'paused') break
    }
    return seen
  }
  runUntil(() => prompts() >= 1)
  m.send({ type: 'speed', speed })
  return { m, runUntil, prompts, out: () => out, status: () => status! }
}

describe('speed control', () => {
  it('single step holds after each allocating step until `step`, and the output is the max-speed output', () => {
    const ref = boot('max')
    ref.m.send({ type: 'input', data: 'memhog 16m 0; grep pgalloc_normal /proc/vmstat\r' })
    ref.runUntil(() => ref.prompts() >= 2)

    const s = boot('step')
    expect(s.status().speed).toBe('step')
    s.m.send({ type: 'input', data: 'memhog 16m 0; grep pgalloc_normal /proc/vmstat\r' })
    let holds = 0
    const uptimes: number[] = []
    for (let i = 0; i < 10_000 && s.prompts() < 2; i++) {
      const seen = s.runUntil(() => s.prompts() >= 2)
      if (seen.at(-1)?.kind !== 'paused') continue
      holds++
      expect(s.status().paused).toBe(true)
      // Held: more runs do nothing and time does not pass.
      const before = s.out()
      const now = s.m.nowNs()
      expect(s.m.run(1000)).toEqual({ kind: 'paused' })
      expect(s.out()).toBe(before)
      expect(s.m.nowNs()).toBe(now)
      uptimes.push(now)
      s.m.send({ type: 'step' })
      expect(s.status().paused).toBe(false)
    }
    // 16 MB touched 256 pages (one memhog step) at a time: a stop after each batch.
    expect(holds).toBeGreaterThanOrEqual(16)
    expect(uptimes).toEqual([...uptimes].sort((a, b) => a - b))
    expect(s.out()).toBe(ref.out())
  })

  it('Ctrl-C ends a command held by single step', () => {
    const s = boot('step')
    s.m.send({ type: 'input', data: 'memhog 64m 0\r' })
    const seen = s.runUntil(() => s.prompts() >= 2)
    expect(seen.at(-1)).toEqual({ kind: 'paused' })
    s.m.send({ type: 'input', data: '\x03' })
    expect(s.status().paused).toBe(false)
    s.runUntil(() => s.prompts() >= 2)
    expect(s.prompts()).toBe(2)
    expect(s.out()).toContain('^C')
  })

  it('slow motion returns throttle after allocating steps; max speed never pauses', () => {
    const s = boot('slow')
    s.m.send({ type: 'input', data: 'memhog 8m 0\r' })
    const seen = s.runUntil(() => s.prompts() >= 2)
    const throttles = seen.filter((x) => x.kind === 'throttle')
    expect(throttles.length).toBeGreaterThanOrEqual(8)
    expect(throttles[0]).toEqual({ kind: 'throttle', wallMs: expect.any(Number) })
    s.m.send({ type: 'speed', speed: 'max' })
    s.m.send({ type: 'input', data: 'memhog 8m 0\r' })
    const fast = s.runUntil(() => s.prompts() >= 3)
    expect(fast.some((x) => x.kind === 'throttle' || x.kind === 'paused')).toBe(false)
  })

  it('the driver waits the throttle in real time without letting the guest clock jump, and stops while paused', () => {
    const timers: Array<{ at: number; fn: () => void }> = []
    let wall = 0
    let nowNs = 5e9
    let next: RunState = { kind: 'throttle', wallMs: 120 }
    const advanced: number[] = []
    const machine = {
      send: () => {},
      run: (): RunState => next,
      advanceClockTo: (ns: number) => {
        advanced.push(ns)
        nowNs = Math.max(nowNs, ns)
      },
      nowNs: () => nowNs
    }
    const d = new Driver(machine, { schedule: (fn, ms) => void timers.push({ at: wall + ms, fn }), wallNow: () => wall, realtime: true })
    d.kick()
    timers.shift()!.fn()
    expect(timers).toEqual([{ at: 120, fn: expect.any(Function) }])
    wall = 120
    next = { kind: 'paused' }
    timers.shift()!.fn()
    // The 120 ms waited were not the guest's.
    expect(nowNs).toBe(5e9)
    expect(timers).toEqual([])
    // A minute later the host sends `step`: the clock resumes where it stood.
    wall = 60_120
    next = { kind: 'idle' }
    d.kick()
    timers.shift()!.fn()
    expect(nowNs).toBe(5e9)
    expect(advanced.every((ns) => ns <= 5e9)).toBe(true)
  })
})
