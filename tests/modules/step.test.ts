/*
 * The machine's speed control inside a module's init (lab3_alloc_mm): at
 * 'step' the board holds right after each allocator call the module makes,
 * with the frames it took visible (pgalloc/pgfree counters, the frame map) while
 * held; `step` lets one call through; 'max' finishes it with the same
 * dmesg, timestamps included, as a run at max speed all along. Slow motion
 * pauses after each call the same way.
 */
import { describe, expect, it } from 'vitest'
import { createMachine } from '../../src-core/index'
import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, FrameClass, type FrameMapUpdate, type MachineToHost, type Speed } from '../../src-core/protocol'
import type { Kernel } from '../../src-core/kernel/kernel'
import type { Machine } from '../../src-core/host'
import { PGALLOC_NORMAL, PGFREE } from '../../src-core/mm/vmstat'

const LAB3 = '/mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm'

interface Board {
  m: Machine
  kernel(): Kernel
  out(): string
  paused(): boolean
  /** The frame map's changes since the last request (what the UI would draw now), or all of it. */
  mapDelta(full?: boolean): FrameMapUpdate
  /** Run until the script is done (or held, or off); returns the last state's kind. */
  pump(until?: () => boolean, steps?: number): string
  script(lines: string[]): void
}

function board(): Board {
  let out = ''
  let done = true
  let paused = false
  let map: FrameMapUpdate | null = null
  const m = createMachine({
    hostFs: new FakeHostFs(),
    post(msg: MachineToHost) {
      if (msg.type === 'console') out += msg.data
      else if (msg.type === 'script-done') done = true
      else if (msg.type === 'status') paused = msg.status.paused
      else if (msg.type === 'frame-map') map = msg.update
    }
  })
  m.send({ type: 'boot', config: DEFAULT_CONFIG })
  const pump = (until: () => boolean = () => done, steps = 1_000_000): string => {
    let kind = ''
    for (let i = 0; i < steps && !until(); i++) {
      const s = m.run(1000)
      kind = s.kind
      if (s.kind === 'paused' || s.kind === 'off') break
      if (s.kind === 'timer') m.advanceClockTo(s.atNs)
      else if (s.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
    }
    return kind
  }
  return {
    m,
    kernel: () => (m as unknown as { kernel: Kernel }).kernel,
    out: () => out.replace(/\r/g, ''),
    paused: () => paused,
    mapDelta(full = false) {
      map = null
      m.send({ type: 'frame-map-request', full })
      expect(map).not.toBeNull()
      return map!
    },
    pump,
    script(lines: string[]) {
      done = false
      m.send({ type: 'script', lines })
      pump()
      expect(done).toBe(true)
    }
  }
}

const pgalloc = (k: Kernel): number => {
  const ev = k.mm!.pgdat.vm_events
  return (ev[PGALLOC_NORMAL] ?? 0) + (ev[PGALLOC_NORMAL + 1] ?? 0) + (ev[PGALLOC_NORMAL + 2] ?? 0)
}
const pgfree = (k: Kernel): number => k.mm!.pgdat.vm_events[PGFREE] ?? 0
/** Frames the delta shows as taken by the kernel (__get_free_pages' class). */
const kernelFrames = (u: FrameMapUpdate): number => u.classes.reduce((n, c) => n + (c === FrameClass.KERNEL ? 1 : 0), 0)
/** The kernel's lines after the insmod command line, without timestamps. */
const kernelLines = (out: string): string[] => out.slice(out.lastIndexOf('insmod allocmm.ko')).split('\n').filter((l) => /^\[ *\d+\.\d{6}\] /.test(l))

describe('single step inside a module init (lab3_alloc_mm)', () => {
  // The reference run at max speed all along.
  const ref = board()
  ref.script([`cd ${LAB3}`, 'make > /dev/null'])
  ref.script(['insmod allocmm.ko; echo rc=$?'])
  const refLines = kernelLines(ref.out())

  const b = board()
  b.script([`cd ${LAB3}`, 'make > /dev/null'])
  const k = b.kernel()
  const speed = (s: Speed): void => b.m.send({ type: 'speed', speed: s })
  speed('step')
  b.m.send({ type: 'input', data: 'insmod allocmm.ko; echo rc=$?\r' })
  /** One hold: run until the board holds; what moved since the last one. */
  const holds: Array<{ calls: number; pages: number; freed: number; kernel: number; total: number; text: string }> = []
  const hold = (): void => {
    const kind = b.pump(() => false, 100_000)
    expect(kind).toBe('paused')
    expect(b.paused()).toBe(true)
    const kernel = kernelFrames(b.mapDelta())
    holds.push({ calls: k.k.allocCalls, pages: pgalloc(k), freed: pgfree(k), kernel, total: kernelFrames(b.mapDelta(true)), text: b.out() })
  }
  const step = (): void => {
    b.m.send({ type: 'step' })
    hold()
  }
  // Holds before the init's first call (the shell's fork and exec, the loader) take no allocator calls.
  const calls0 = k.k.allocCalls
  hold()
  while (holds[holds.length - 1]!.calls === calls0) step()
  const first = holds.length - 1
  for (let i = 0; i < 14; i++) step()

  it('holds right after the first allocator call of the first sweep, its frame on the map', () => {
    const h = holds[first]!
    expect(h.calls).toBe(calls0 + 1)
    // __get_free_pages(GFP_ATOMIC, 0) returned, its "OK" is not printed yet
    expect(h.text).not.toContain('__get_free_pages OK')
    expect(h.kernel).toBe(1)
  })

  it('nothing moves while held', () => {
    const h = holds[holds.length - 1]!
    const now = b.m.nowNs()
    for (let i = 0; i < 20; i++) expect(b.m.run(1000).kind).toBe('paused')
    expect(b.m.nowNs()).toBe(now)
    expect(pgalloc(k)).toBe(h.pages)
    expect(k.k.allocCalls).toBe(h.calls)
    expect(b.mapDelta().classes.length).toBe(0)
  })

  it('each step lets exactly one allocator call through: 2^order pages for order 1..10, the block before freed', () => {
    for (let order = 1; order <= 10; order++) {
      const h = holds[first + order]!
      const prev = holds[first + order - 1]!
      expect(h.calls).toBe(prev.calls + 1)
      expect(h.pages - prev.pages).toBe(2 ** order)
      // the previous block went back (free_pages); the map shows this one taken
      expect(h.freed - prev.freed).toBe(2 ** (order - 1))
      expect(h.total - prev.total).toBe(2 ** order - 2 ** (order - 1))
      // the frames the map redraws: the new block's that were not the old block's
      expect(h.kernel).toBeGreaterThanOrEqual(2 ** (order - 1))
      expect(h.kernel).toBeLessThanOrEqual(2 ** order)
      expect(h.text.match(/__get_free_pages OK/g)?.length ?? 0).toBe(order)
    }
    // order 11 is past MAX_ORDER - 1: the call fails, no page moves, and the machine still holds after it
    const h11 = holds[first + 11]!
    expect(h11.calls).toBe(holds[first + 10]!.calls + 1)
    expect(h11.pages).toBe(holds[first + 10]!.pages)
    // then the kmalloc sweep: kmalloc(4096) is the next call
    const h12 = holds[first + 12]!
    expect(h12.text).toContain('... __get_free_pages failed')
    expect(h12.text).not.toContain('kmalloc OK')
  })

  it("switching to 'max' finishes with exactly the dmesg of a max-speed run", () => {
    speed('max')
    expect(b.paused()).toBe(false)
    b.pump(() => /rc=\d+\n/.test(b.out().slice(b.out().lastIndexOf('insmod allocmm.ko'))))
    expect(b.out()).toMatch(/\nrc=0\n/)
    expect(kernelLines(b.out())).toEqual(refLines)
    expect(refLines.some((l) => l.includes('... vmalloc failed'))).toBe(true)
  })
})

describe('slow motion inside a module init', () => {
  it('throttles after each allocator call: as many pauses as calls', () => {
    const b = board()
    b.script([`cd ${LAB3}`, 'make > /dev/null'])
    const k = b.kernel()
    b.m.send({ type: 'speed', speed: 'slow' })
    const calls0 = k.k.allocCalls
    b.m.send({ type: 'input', data: 'insmod allocmm.ko; echo rc=$?\r' })
    let throttles = 0
    for (let i = 0; i < 100_000 && !/\nrc=\d+\n/.test(b.out()); i++) {
      const s = b.m.run(1000)
      if (s.kind === 'throttle') throttles++
      else if (s.kind === 'timer') b.m.advanceClockTo(s.atNs)
    }
    expect(b.out()).toMatch(/\nrc=0\n/)
    const calls = k.k.allocCalls - calls0
    // 12 __get_free_pages, 12 kmalloc, the vmalloc steps up to the failing one
    expect(calls).toBeGreaterThan(24)
    // every call paused the board; a few more pauses for the pages the command's start took
    expect(throttles).toBeGreaterThanOrEqual(calls)
    expect(throttles).toBeLessThan(calls + 10)
  })
})

