/*
 * Keeps the machine's utilityProcess alive and connected to the renderer.
 *
 * - start() forks the process; connectRenderer() makes a MessageChannelMain,
 *   sends one end to the machine ({ type: 'connect' }) and the other to the
 *   renderer (through the preload), so machine traffic never passes through
 *   main. A renderer reload asks again and gets a fresh pair.
 * - If the process exits, or stops sending heartbeats for hangTimeoutMs (a
 *   machine stuck in run(): the heartbeat shares its thread), it is killed
 *   and forked again, the renderer gets a new port with the reason, and the
 *   share folder is sent again. Too many restarts in a row and it gives up
 *   (and says so) instead of spinning.
 *
 * Electron is injected (fork, channel, timers) so vitest can drive it.
 */
import type { MachineToParent } from './machine-host'
import { isMachineToParent } from './machine-host'

export interface MachineChild {
  postMessage(message: unknown, transfer?: unknown[]): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

export interface ChannelPair<P> {
  port1: P
  port2: P
}

/** Why the renderer is getting a port. */
export type PortReason =
  /** fresh: this machine process has not had a renderer before (so it has never been booted). */
  | { kind: 'connect'; fresh: boolean }
  | { kind: 'restart'; cause: 'exit' | 'hang'; code: number | null; restarts: number }

/** The renderer side: main's index.ts posts the port to the window's webContents. */
export interface RendererSink<P> {
  givePort(port: P, reason: PortReason): void
  /** The machine could not be kept alive; the renderer shows this. */
  gaveUp(message: string): void
}

export interface SupervisorDeps<P> {
  fork(): MachineChild
  createChannel(): ChannelPair<P>
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
  setTimeout(fn: () => void, ms: number): unknown
  now(): number
  log?(line: string): void
}

export interface SupervisorOptions {
  heartbeatCheckMs?: number
  hangTimeoutMs?: number
  /** More restarts than this within restartWindowMs: give up. */
  maxRestarts?: number
  restartWindowMs?: number
}

export class MachineSupervisor<P> {
  private child: MachineChild | null = null
  private sink: RendererSink<P> | null = null
  private shareDir: string | null = null
  private lastBeat = 0
  private watchdog: unknown = null
  private stopping = false
  private killCause: 'hang' | null = null
  private restartTimes: number[] = []
  private pendingReason: PortReason | null = null
  /** Renderer channels handed to the current child. */
  private connects = 0
  /** The child has said 'ready' (its parentPort listener exists); until then messages wait here. */
  private childReady = false
  private toChild: { message: unknown; transfer?: unknown[] }[] = []
  private readonly heartbeatCheckMs: number
  private readonly hangTimeoutMs: number
  private readonly maxRestarts: number
  private readonly restartWindowMs: number
  /** Total restarts since start() (shown in the renderer, and asserted by tests). */
  restarts = 0
  gaveUp = false

  constructor(private readonly deps: SupervisorDeps<P>, opts: SupervisorOptions = {}) {
    this.heartbeatCheckMs = opts.heartbeatCheckMs ?? 1000
    this.hangTimeoutMs = opts.hangTimeoutMs ?? 10_000
    this.maxRestarts = opts.maxRestarts ?? 5
    this.restartWindowMs = opts.restartWindowMs ?? 60_000
  }

  get running(): boolean {
    return this.child !== null
  }

  start(): void {
    this.stopping = false
    if (this.gaveUp) this.restartTimes = []
    this.gaveUp = false
    if (!this.child) this.spawn()
    if (this.watchdog === null) this.watchdog = this.deps.setInterval(() => this.check(), this.heartbeatCheckMs)
  }

  /** Stop for good (app quit): no restart follows. */
  stop(): void {
    this.stopping = true
    if (this.watchdog !== null) this.deps.clearInterval(this.watchdog)
    this.watchdog = null
    const c = this.child
    this.child = null
    c?.kill()
  }

  /** Where the guest's /mnt lives; remembered for restarts. */
  setShareDir(dir: string): void {
    this.shareDir = dir
    if (this.child) this.postToChild({ type: 'share-dir', dir })
  }

  /** (Re)connect a renderer: it gets a fresh channel to the running machine. */
  connectRenderer(sink: RendererSink<P>): void {
    this.sink = sink
    if (this.gaveUp) {
      sink.gaveUp('the machine process keeps failing')
      return
    }
    this.handOver(this.pendingReason ?? { kind: 'connect', fresh: this.connects === 0 })
    this.pendingReason = null
  }

  /** Main-side handling of one message from the machine process. */
  onChildMessage(child: MachineChild, message: unknown): void {
    if (child !== this.child || !isMachineToParent(message)) return
    const m: MachineToParent = message
    if (m.type === 'heartbeat' || m.type === 'ready') this.lastBeat = this.deps.now()
    if (m.type === 'ready' && !this.childReady) {
      this.childReady = true
      const q = this.toChild
      this.toChild = []
      for (const x of q) child.postMessage(x.message, x.transfer)
    }
    else if (m.type === 'rejected') this.deps.log?.(`machine process rejected ${m.count} malformed renderer messages so far`)
  }

  private spawn(): void {
    const child = this.deps.fork()
    this.child = child
    this.killCause = null
    this.connects = 0
    this.childReady = false
    this.toChild = []
    this.lastBeat = this.deps.now()
    child.on('message', (m) => this.onChildMessage(child, m))
    child.on('exit', (code) => this.onExit(child, code))
    if (this.shareDir !== null) this.postToChild({ type: 'share-dir', dir: this.shareDir })
  }

  /** To the current child, once it is listening (an ESM entry loads asynchronously). */
  private postToChild(message: unknown, transfer?: unknown[]): void {
    if (!this.child) return
    if (this.childReady) this.child.postMessage(message, transfer)
    else this.toChild.push({ message, transfer })
  }

  private handOver(reason: PortReason): void {
    if (!this.child || !this.sink) {
      this.pendingReason = reason
      return
    }
    const { port1, port2 } = this.deps.createChannel()
    this.connects++
    this.postToChild({ type: 'connect' }, [port1])
    this.sink.givePort(port2, reason)
  }

  private check(): void {
    if (!this.child || this.killCause) return
    if (this.deps.now() - this.lastBeat > this.hangTimeoutMs) {
      this.deps.log?.(`machine process missed heartbeats for ${this.hangTimeoutMs} ms: killing it`)
      this.killCause = 'hang'
      this.child.kill()
    }
  }

  private onExit(child: MachineChild, code: number): void {
    if (child !== this.child) return
    const cause = this.killCause ?? 'exit'
    this.child = null
    if (this.stopping) return
    const now = this.deps.now()
    this.restartTimes = this.restartTimes.filter((t) => now - t < this.restartWindowMs)
    if (this.restartTimes.length >= this.maxRestarts) {
      this.gaveUp = true
      this.deps.log?.(`machine process exited (code ${code}); ${this.maxRestarts} restarts in a row, giving up`)
      this.sink?.gaveUp(`the machine process exited ${this.maxRestarts + 1} times in a row (last code ${code}); Machine > Power On tries again`)
      return
    }
    this.restartTimes.push(now)
    const delay = 250 * this.restartTimes.length
    this.deps.log?.(`machine process ${cause === 'hang' ? 'hung' : `exited (code ${code})`}; restarting in ${delay} ms`)
    this.deps.setTimeout(() => {
      if (this.stopping || this.child) return
      this.restarts++
      this.spawn()
      this.handOver({ kind: 'restart', cause, code: cause === 'hang' ? null : code, restarts: this.restarts })
    }, delay)
  }
}
