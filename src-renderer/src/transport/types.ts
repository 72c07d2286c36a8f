/*
 * How the UI reaches the machine, whatever hosts it: a MessagePort-like
 * channel carrying protocol.ts messages. Two implementations:
 * - electron.ts: the port the preload hands over (the machine runs in
 *   Electron's utilityProcess; main restarts it and sends a new port);
 * - worker.ts: a Web Worker running the machine (the web build, e2e tests).
 */
import type { HostToMachine, MachineToHost } from '../../../src-core/protocol'

export type LinkEvent =
  /** fresh: a new machine that has never been booted (the UI may power it on). */
  | { kind: 'connected'; fresh: boolean }
  /** The machine process died or hung and was replaced by a fresh one. */
  | { kind: 'restarted'; cause: 'exit' | 'hang'; restarts: number }
  /** The machine cannot be run (it kept failing). */
  | { kind: 'failed'; message: string }

export interface MachineTransport {
  readonly kind: 'electron' | 'worker'
  send(msg: HostToMachine): void
  onMessage(fn: (msg: MachineToHost) => void): () => void
  onLink(fn: (e: LinkEvent) => void): () => void
  close(): void
}

/** What both a MessagePort and a Worker offer. */
export interface PortLike {
  postMessage(message: unknown): void
  onmessage: ((e: MessageEvent) => void) | null
}

/** Every MachineToHost type (a Record, so the compiler asks for each new message). */
const MACHINE_TO_HOST: Record<MachineToHost['type'], true> = {
  hello: true, console: true, status: true, 'script-done': true, fault: true, 'frame-map': true, 'frame-info': true, vmap: true,
  procs: true, slabs: true, 'fs-listing': true, 'fs-data': true, 'fs-written': true, 'fs-diagnostics': true
}
const MACHINE_TO_HOST_TYPES = new Set(Object.keys(MACHINE_TO_HOST))

/** A light shape check of what the machine sends (it is trusted; this guards against wiring mistakes). */
export function isMachineToHost(m: unknown): m is MachineToHost {
  return typeof m === 'object' && m !== null && MACHINE_TO_HOST_TYPES.has((m as { type?: unknown }).type as string)
}

/**
 * The shared part: listeners, and a queue for what is sent before a port
 * exists (or while it is being replaced).
 */
export abstract class PortTransport implements MachineTransport {
  abstract readonly kind: 'electron' | 'worker'
  protected port: PortLike | null = null
  private queue: HostToMachine[] = []
  private readonly messageFns = new Set<(msg: MachineToHost) => void>()
  private readonly linkFns = new Set<(e: LinkEvent) => void>()
  /** The latest link event, replayed to late subscribers (the link may come up before the UI exists). */
  private lastLink: LinkEvent | null = null

  send(msg: HostToMachine): void {
    if (this.port) this.port.postMessage(msg)
    else this.queue.push(msg)
  }

  onMessage(fn: (msg: MachineToHost) => void): () => void {
    this.messageFns.add(fn)
    return () => void this.messageFns.delete(fn)
  }

  onLink(fn: (e: LinkEvent) => void): () => void {
    this.linkFns.add(fn)
    if (this.lastLink) fn(this.lastLink)
    return () => void this.linkFns.delete(fn)
  }

  abstract close(): void

  protected setPort(port: PortLike | null): void {
    if (this.port) this.port.onmessage = null
    this.port = port
    if (!port) return
    port.onmessage = (e) => {
      if (!isMachineToHost(e.data)) return
      for (const fn of this.messageFns) fn(e.data)
    }
    const q = this.queue
    this.queue = []
    for (const m of q) port.postMessage(m)
  }

  protected emitLink(e: LinkEvent): void {
    this.lastLink = e
    for (const fn of this.linkFns) fn(e)
  }
}
