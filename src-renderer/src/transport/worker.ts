/*
 * The web build's transport: the machine in a Web Worker
 * (../machine.worker.ts), bundled by Vite's ?worker import. Loaded with a
 * dynamic import so the Electron renderer never fetches the machine.
 */
import MachineWorker from '../machine.worker?worker'
import { PortTransport } from './types'

export class WorkerTransport extends PortTransport {
  readonly kind = 'worker' as const
  private worker: Worker | null = null
  private restarts = 0

  constructor() {
    super()
    this.start(false)
  }

  /** Replace the worker with a fresh machine (after a simulator fault the page asks for this). */
  restart(): void {
    this.worker?.terminate()
    this.start(true)
  }

  close(): void {
    this.worker?.terminate()
    this.worker = null
    this.setPort(null)
  }

  private start(isRestart: boolean): void {
    const w = new MachineWorker({ name: 'kmemlab-machine' })
    this.worker = w
    w.onerror = (e) => {
      e.preventDefault()
      this.emitLink({ kind: 'failed', message: e.message || 'the machine worker failed' })
    }
    this.setPort(w)
    this.emitLink(isRestart ? { kind: 'restarted', cause: 'exit', restarts: ++this.restarts } : { kind: 'connected', fresh: true })
  }
}
