/*
 * The Electron transport: the preload (src-main/preload.ts) exposes
 * window.kmemlab and posts the machine's MessagePort to this window, tagged
 * PORT_MESSAGE_TAG; main sends a new one whenever it restarts the machine
 * process. KmemlabBridge mirrors src-main/channels.ts and preload.ts.
 */
import { PortTransport } from './types'

export const PORT_MESSAGE_TAG = 'kmemlab:machine-port'

export type MenuAction = 'reset' | 'power-off' | 'power-on'
export type BridgeMachineEvent = { kind: 'gave-up'; message: string } | { kind: 'share-dir'; dir: string }

export interface KmemlabBridge {
  bridgeVersion: number
  platform: string
  requestPort(): void
  onMenu(cb: (action: MenuAction) => void): () => void
  onMachineEvent(cb: (e: BridgeMachineEvent) => void): () => void
}

type PortReason =
  | { kind: 'connect'; fresh: boolean }
  | { kind: 'restart'; cause: 'exit' | 'hang'; code: number | null; restarts: number }

export class ElectronTransport extends PortTransport {
  readonly kind = 'electron' as const
  private readonly unsubscribe: () => void

  constructor(private readonly bridge: KmemlabBridge) {
    super()
    window.addEventListener('message', this.onWindowMessage)
    this.unsubscribe = bridge.onMachineEvent((e) => {
      if (e.kind === 'gave-up') this.emitLink({ kind: 'failed', message: e.message })
    })
    bridge.requestPort()
  }

  close(): void {
    window.removeEventListener('message', this.onWindowMessage)
    this.unsubscribe()
    const p = this.port as MessagePort | null
    this.setPort(null)
    p?.close()
  }

  private readonly onWindowMessage = (e: MessageEvent): void => {
    if (e.source !== window) return
    const d = e.data as { tag?: unknown; reason?: PortReason } | null
    if (!d || d.tag !== PORT_MESSAGE_TAG || e.ports.length !== 1) return
    const old = this.port as MessagePort | null
    const port = e.ports[0]!
    this.setPort(port)
    old?.close()
    const r = d.reason
    if (r?.kind === 'restart') this.emitLink({ kind: 'restarted', cause: r.cause, restarts: r.restarts })
    else this.emitLink({ kind: 'connected', fresh: r?.kind === 'connect' ? r.fresh : false })
  }
}
