/*
 * The memory views' side of the UI: asks the machine for frame-map updates,
 * queues them as they arrive and applies them in one requestAnimationFrame
 * loop, then lets the drawers (the pixi map) draw. The console never waits on
 * any of this: updates arrive as ordinary messages, at most one outstanding
 * request at a time, so the machine sends only as fast as the UI draws.
 *
 * Reactive state is kept small and slow (zones, free areas: at most ~8 times
 * a second); the map itself lives in FrameMapModel (not reactive).
 */
import type { FrameInfo, FrameMapLayout, FrameMapUpdate, MachineToHost, VmapSummary, ZoneSummary } from '../../../src-core/protocol'
import type { MachineTransport } from '../transport/types'
import { FrameMapModel } from './framemap'
import type { Theme } from './palette'

/** Minimum host time between two requests (one display frame). */
const REQUEST_INTERVAL_MS = 16
/** A request unanswered for this long is considered lost (the machine process restarted). */
const REQUEST_TIMEOUT_MS = 1500
const SUMMARY_INTERVAL_MS = 120
/** The virtual address map changes slowly: ask for it twice a second. */
const VMAP_INTERVAL_MS = 500
const PERF_SAMPLES = 1024

type Drawer = (now: number) => void

/** Ring buffer of recent samples (ms) for the benchmark and the test hook. */
export class Samples {
  readonly buf = new Float64Array(PERF_SAMPLES)
  n = 0
  push(v: number): void {
    this.buf[this.n++ % PERF_SAMPLES] = v
  }
  values(): number[] {
    return Array.from(this.buf.subarray(0, Math.min(this.n, PERF_SAMPLES)))
  }
  clear(): void {
    this.n = 0
  }
}

export class ViewsStore {
  readonly model: FrameMapModel
  layout = $state<FrameMapLayout | null>(null)
  zones = $state<ZoneSummary[]>([])
  migratetypes = $state<string[]>([])
  /** The frame opened in the inspector (click). */
  selected = $state<FrameInfo | null>(null)
  selectedPfn = $state<number | null>(null)
  /** Frames changed since boot (for the status line). */
  changed = $state(0)
  /** The kernel's virtual address map and vmap areas. */
  vmap = $state<VmapSummary | null>(null)
  /** The vmap area (its start address) whose frames the map highlights. */
  highlightArea = $state<number | null>(null)
  /** The highlighted frames (pfns); `highlightVersion` bumps when they change. */
  highlight: Int32Array | null = null
  highlightVersion = $state(0)
  /** Bumped by the Fit button: the map fits itself to its box. */
  fitRequest = $state(0)

  readonly rafIntervals = new Samples()
  /** apply + flash + draw cost per drawn frame, ms. */
  readonly frameCosts = new Samples()
  updatesApplied = 0

  private readonly queue: FrameMapUpdate[] = []
  private pending = false
  private lastRequest = -Infinity
  private needFull = true
  private lastSummary = -Infinity
  private latestZones: ZoneSummary[] | null = null
  private lastZonesKey = ''
  private raf = 0
  private shownShape = -1
  private lastRaf = 0
  private readonly drawers = new Set<Drawer>()
  private nextId = 1
  private readonly waiting = new Map<number, (info: FrameInfo | null) => void>()
  private vmapPending = false
  private vmapKey = '-'
  private lastVmap = -Infinity

  constructor(private readonly transport: MachineTransport, theme: Theme) {
    this.model = new FrameMapModel(theme)
    transport.onMessage((m) => this.onMessage(m))
    transport.onLink(() => {
      // A new machine process (or the first): nothing of ours is in flight there.
      this.pending = false
      this.needFull = true
    })
  }

  start(): void {
    if (this.raf) return
    const loop = (now: number): void => {
      this.raf = requestAnimationFrame(loop)
      this.frame(now)
    }
    this.raf = requestAnimationFrame(loop)
  }

  stop(): void {
    cancelAnimationFrame(this.raf)
    this.raf = 0
  }

  onDraw(fn: Drawer): () => void {
    this.drawers.add(fn)
    return () => void this.drawers.delete(fn)
  }

  setTheme(theme: Theme): void {
    this.model.setTheme(theme)
  }

  /** Ask for one frame's struct page (and bytes). */
  inspect(pfn: number, bytes: boolean): Promise<FrameInfo | null> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.transport.send({ type: 'inspect-frame', id, pfn, bytes })
      setTimeout(() => {
        if (this.waiting.delete(id)) resolve(null)
      }, 3000)
    })
  }

  async select(pfn: number | null): Promise<void> {
    this.selectedPfn = pfn
    if (pfn === null) {
      this.selected = null
      return
    }
    const info = await this.inspect(pfn, true)
    if (this.selectedPfn === pfn) this.selected = info
  }

  /** Highlight the frames behind a vmap area on the map (null: none). */
  highlightVmapArea(start: number | null): void {
    this.highlightArea = start
    if (start === null) {
      this.highlight = null
      this.highlightVersion++
    }
    this.lastVmap = -Infinity // ask now, with the area's pages
  }

  /** One display frame: request, apply what arrived, draw. */
  frame(now: number): void {
    if (this.lastRaf) this.rafIntervals.push(now - this.lastRaf)
    this.lastRaf = now
    if ((!this.pending || now - this.lastRequest > REQUEST_TIMEOUT_MS) && now - this.lastRequest >= REQUEST_INTERVAL_MS) {
      this.pending = true
      this.lastRequest = now
      this.transport.send({ type: 'frame-map-request', full: this.needFull })
      this.needFull = false
    }
    if ((!this.vmapPending || now - this.lastVmap > REQUEST_TIMEOUT_MS) && now - this.lastVmap >= VMAP_INTERVAL_MS) {
      this.vmapPending = true
      this.lastVmap = now
      this.transport.send({ type: 'vmap-request', pagesOf: this.highlightArea })
    }
    const t0 = performance.now()
    let applied = 0
    while (this.queue.length) {
      const u = this.queue.shift()!
      const n = this.model.apply(u)
      if (n < 0) this.needFull = true
      else applied++
      this.latestZones = u.zones
      if (this.model.shapeVersion !== this.shownShape) {
        this.shownShape = this.model.shapeVersion
        this.layout = this.model.layout
        this.lastSummary = -Infinity
      }
      if (this.migratetypes.length !== u.migratetypes.length) this.migratetypes = u.migratetypes
    }
    this.updatesApplied += applied
    this.model.stepFlashes()
    for (const d of this.drawers) d(now)
    this.frameCosts.push(performance.now() - t0)
    if (this.latestZones && now - this.lastSummary >= SUMMARY_INTERVAL_MS) {
      this.lastSummary = now
      const key = JSON.stringify(this.latestZones)
      if (key !== this.lastZonesKey) {
        this.lastZonesKey = key
        this.zones = this.latestZones
      }
      if (this.changed !== this.model.changedTotal) this.changed = this.model.changedTotal
      this.latestZones = null
    }
  }

  /** Queue an update as if the machine had sent it (the benchmark's synthetic allocation storm). */
  inject(u: FrameMapUpdate): void {
    this.queue.push(u)
  }

  private onMessage(m: MachineToHost): void {
    if (m.type === 'frame-map') {
      this.pending = false
      this.queue.push(m.update)
    } else if (m.type === 'vmap') {
      this.vmapPending = false
      const v = m.vmap
      const key = v ? JSON.stringify([v.areas, v.pkmapUsed, v.regions]) : ''
      if (key !== this.vmapKey) {
        this.vmapKey = key
        this.vmap = v
      }
      if (v && this.highlightArea !== null && v.pagesOf === this.highlightArea) {
        const same = this.highlight && v.pages && this.highlight.length === v.pages.length && this.highlight.every((p, i) => p === v.pages![i])
        if (!same) {
          this.highlight = v.pages
          this.highlightVersion++
        }
        if (!v.areas.some((a) => a.start === this.highlightArea)) this.highlightVmapArea(null) // freed
      }
    } else if (m.type === 'frame-info') {
      const fn = this.waiting.get(m.id)
      if (fn) {
        this.waiting.delete(m.id)
        fn(m.info)
      }
    }
  }
}
