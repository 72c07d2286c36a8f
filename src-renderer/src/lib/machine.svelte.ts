/*
 * The UI's view of the machine: power state, uptime, taint and the settings
 * for the next boot, updated from `status` messages; console bytes go to
 * subscribers (the terminal) without passing through reactive state.
 * Components call the actions here; nothing else talks to the transport.
 */
import { DEFAULT_CONFIG } from '../../../src-core/protocol'
import type { MachineConfig, MachineToHost, PowerState, Speed } from '../../../src-core/protocol'
import type { LinkEvent, MachineTransport } from '../transport/types'

export type LinkState = 'connecting' | 'connected' | 'failed'

const SETTINGS_KEY = 'kmemlab.nextBoot'

function loadNextBoot(): MachineConfig {
  try {
    const raw = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as Partial<MachineConfig> | null
    if (raw && typeof raw.memBytes === 'number' && typeof raw.cmdline === 'string') {
      return { ...DEFAULT_CONFIG, memBytes: raw.memBytes, cmdline: raw.cmdline }
    }
  } catch {
    /* storage unavailable or corrupt */
  }
  return { ...DEFAULT_CONFIG }
}

export type Notice =
  | { kind: 'restarted'; cause: 'exit' | 'hang'; restarts: number }
  | { kind: 'failed'; message: string }
  | { kind: 'fault'; message: string }
  | { kind: 'share-dir'; dir: string }

export class MachineStore {
  link = $state<LinkState>('connecting')
  power = $state<PowerState>('off')
  uptimeNs = $state(0)
  taint = $state('Not tainted')
  /** Speed control: max, slow motion or single step of allocations. */
  speed = $state<Speed>('max')
  /** Single step: the machine holds after an allocation until step(). */
  paused = $state(false)
  /** The configuration the running machine booted with (null before the first status). */
  running = $state<MachineConfig | null>(null)
  /** RAM and command line for the next boot (power on or reset). */
  nextBoot = $state<MachineConfig>(loadNextBoot())
  notice = $state<Notice | null>(null)
  /** Boot automatically when a fresh machine connects (once per page). */
  autoBoot = true

  private readonly consoleFns = new Set<(data: string) => void>()

  constructor(private readonly transport: MachineTransport) {
    transport.onMessage((m) => this.onMessage(m))
    transport.onLink((e) => this.onLink(e))
  }

  get transportKind(): 'electron' | 'worker' {
    return this.transport.kind
  }

  onConsole(fn: (data: string) => void): () => void {
    this.consoleFns.add(fn)
    return () => void this.consoleFns.delete(fn)
  }

  powerOn(): void {
    this.notice = null
    this.transport.send({ type: 'boot', config: $state.snapshot(this.nextBoot) })
  }

  powerOff(): void {
    this.transport.send({ type: 'power-off' })
  }

  /** Reset: a plain reset, or a power cycle when the next-boot settings changed. */
  reset(): void {
    const next = $state.snapshot(this.nextBoot)
    const cur = this.running
    if (cur && (cur.memBytes !== next.memBytes || cur.cmdline !== next.cmdline)) {
      this.transport.send({ type: 'power-off' })
      this.transport.send({ type: 'boot', config: next })
    } else if (this.power === 'off') {
      this.powerOn()
    } else {
      this.transport.send({ type: 'reset' })
    }
  }

  setNextBoot(patch: Partial<Pick<MachineConfig, 'memBytes' | 'cmdline'>>): void {
    this.nextBoot = { ...this.nextBoot, ...patch }
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify({ memBytes: this.nextBoot.memBytes, cmdline: this.nextBoot.cmdline }))
    } catch {
      /* storage unavailable */
    }
  }

  setSpeed(speed: Speed): void {
    this.speed = speed
    this.transport.send({ type: 'speed', speed })
  }

  /** Single step: go on to the next allocation. */
  step(): void {
    this.transport.send({ type: 'step' })
  }

  input(data: string): void {
    this.transport.send({ type: 'input', data })
  }

  resize(cols: number, rows: number): void {
    this.transport.send({ type: 'resize', cols, rows })
  }

  showNotice(n: Notice | null): void {
    this.notice = n
  }

  private onMessage(m: MachineToHost): void {
    switch (m.type) {
      case 'console':
        for (const fn of this.consoleFns) fn(m.data)
        break
      case 'status':
        this.power = m.status.power
        this.uptimeNs = m.status.uptimeNs
        this.taint = m.status.taint
        this.running = m.status.config
        this.paused = m.status.paused
        // A fresh machine process starts at max speed: tell it ours.
        if (m.status.speed !== this.speed) this.transport.send({ type: 'speed', speed: this.speed })
        break
      case 'fault':
        this.notice = { kind: 'fault', message: m.message }
        break
      default:
        break
    }
  }

  private onLink(e: LinkEvent): void {
    if (e.kind === 'failed') {
      this.link = 'failed'
      this.notice = { kind: 'failed', message: e.message }
      return
    }
    this.link = 'connected'
    if (this.notice?.kind === 'failed') this.notice = null
    if (e.kind === 'restarted') {
      this.power = 'off'
      this.running = null
      this.notice = { kind: 'restarted', cause: e.cause, restarts: e.restarts }
    } else if (e.fresh && this.autoBoot) {
      this.autoBoot = false
      this.powerOn()
    }
  }
}
