/*
 * The machine's side of the app, as run inside the Electron utilityProcess
 * (machine-process.ts is the thin Electron glue around it). Kept free of
 * Electron imports so vitest can drive it with fake ports.
 *
 * Trust boundary: the renderer is untrusted. Everything arriving on its port
 * goes through isHostToMachine() (src-core/protocol.ts) before the machine
 * sees it; anything else is dropped and counted. Messages from the main
 * process (the parent port) have their own small validated vocabulary below.
 */
import { isHostToMachine } from '../src-core/protocol'
import type { HostFs, MachineToHost } from '../src-core/protocol'
import type { Driver, DriverEnv, Machine, MachineHostHooks } from '../src-core/host'

/** The renderer's end of the channel as the utility process sees it (Electron's MessagePortMain). */
export interface RendererPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown
  on(event: 'close', listener: () => void): unknown
  start(): void
  close(): void
}

/** main → machine process, over process.parentPort. */
export type ParentToMachine =
  /** Accompanied by one transferred port: the renderer's channel (replaces any previous one). */
  | { type: 'connect' }
  /** Point the guest's /mnt at this host folder. */
  | { type: 'share-dir'; dir: string }

/** machine process → main. */
export type MachineToParent =
  | { type: 'ready' }
  | { type: 'heartbeat'; nowNs: number }
  | { type: 'rejected'; count: number }

export function isParentToMachine(m: unknown): m is ParentToMachine {
  if (typeof m !== 'object' || m === null) return false
  const o = m as Record<string, unknown>
  if (o.type === 'connect') return true
  if (o.type === 'share-dir') return typeof o.dir === 'string' && o.dir.length > 0 && o.dir.length < 4096
  return false
}

export function isMachineToParent(m: unknown): m is MachineToParent {
  if (typeof m !== 'object' || m === null) return false
  const o = m as Record<string, unknown>
  return o.type === 'ready' || (o.type === 'heartbeat' && typeof o.nowNs === 'number') ||
    (o.type === 'rejected' && typeof o.count === 'number')
}

/** Messages other than console/status kept while no renderer is connected. */
const BACKLOG_LIMIT = 1000
/** Console output replayed to a renderer that (re)connects, so a reload keeps the screen. */
const SCROLLBACK_CHARS = 256 * 1024

export interface MachineHostOptions {
  createMachine: (hooks: MachineHostHooks) => Machine
  DriverClass: typeof Driver
  env: DriverEnv
  hostFs?: HostFs
  /** Diagnostics (stderr in the utility process). */
  log?: (line: string) => void
}

export class MachineHost {
  readonly machine: Machine
  private readonly driver: Driver
  private port: RendererPort | null = null
  private backlog: MachineToHost[] = []
  private scrollback = ''
  private lastHello: MachineToHost | null = null
  private lastStatus: MachineToHost | null = null
  /** Messages from the renderer refused by isHostToMachine(). */
  rejected = 0

  constructor(private readonly opts: MachineHostOptions) {
    const hooks: MachineHostHooks = { post: (m) => this.post(m) }
    if (opts.hostFs) hooks.hostFs = opts.hostFs
    this.machine = opts.createMachine(hooks)
    this.driver = new opts.DriverClass(this.machine, opts.env)
  }

  /** Take the renderer's port; an older one is closed (the renderer reloaded or was restarted). */
  attach(port: RendererPort): void {
    const old = this.port
    this.port = port
    if (old && old !== port) old.close()
    port.on('message', (e) => this.receive(e.data))
    port.on('close', () => {
      if (this.port === port) this.port = null
    })
    port.start()
    // Replay the state a new page needs: protocol hello, the recent console, the latest status.
    if (this.lastHello) port.postMessage(this.lastHello)
    if (this.scrollback) port.postMessage({ type: 'console', data: this.scrollback } satisfies MachineToHost)
    if (this.lastStatus) port.postMessage(this.lastStatus)
    const pending = this.backlog
    this.backlog = []
    for (const m of pending) port.postMessage(m)
  }

  /** One message from the renderer: validated, then delivered. Returns whether it was accepted. */
  receive(data: unknown): boolean {
    if (!isHostToMachine(data)) {
      this.rejected++
      this.opts.log?.(`rejected a malformed message from the renderer (${describe(data)})`)
      return false
    }
    this.machine.send(data)
    this.driver.kick()
    return true
  }

  /** The machine's output: to the renderer, or kept (scrollback, latest status, backlog) until one connects. */
  post(m: MachineToHost): void {
    if (m.type === 'console') {
      this.scrollback += m.data
      if (this.scrollback.length > SCROLLBACK_CHARS) {
        // Keep the newer half, from a line start (so no escape sequence is cut in two).
        const cut = this.scrollback.length - SCROLLBACK_CHARS / 2
        const nl = this.scrollback.indexOf('\n', cut)
        this.scrollback = nl < 0 ? '' : this.scrollback.slice(nl + 1)
      }
    } else if (m.type === 'status') {
      this.lastStatus = m
    } else if (m.type === 'hello') {
      this.lastHello = m
    }
    if (this.port) {
      this.port.postMessage(m)
      return
    }
    if (m.type === 'console' || m.type === 'status' || m.type === 'hello') return // replayed on attach
    this.backlog.push(m)
    if (this.backlog.length > BACKLOG_LIMIT) this.backlog.splice(0, this.backlog.length - BACKLOG_LIMIT)
  }
}

function describe(data: unknown): string {
  if (typeof data !== 'object' || data === null) return typeof data
  const t = (data as Record<string, unknown>).type
  return typeof t === 'string' ? `type '${t.slice(0, 40)}'` : 'no type'
}
