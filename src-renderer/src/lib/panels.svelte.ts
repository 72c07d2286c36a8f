/*
 * The table views (processes, the OOM replay, slab caches) and the editor's
 * file access. The tables are asked for only while their tab shows, at most
 * one request in flight, every POLL_MS; the editor's requests carry ids and
 * resolve as promises. Everything goes through protocol messages.
 */
import type { EditorBuild, EditorDiag, FsEntry, HostToMachine, MachineToHost, ProcsSummary, SlabRow } from '../../../src-core/protocol'
import type { MachineTransport } from '../transport/types'

const POLL_MS = 400
const TIMEOUT_MS = 5000

export type Tab = 'memory' | 'procs' | 'oom' | 'slab' | 'editor'

type FsAnswer = Extract<MachineToHost, { type: 'fs-listing' | 'fs-data' | 'fs-written' | 'fs-diagnostics' }>

export class PanelsStore {
  tab = $state<Tab>('memory')
  procs = $state<ProcsSummary | null>(null)
  slabs = $state<SlabRow[] | null>(null)
  private procsKey = ''
  private slabKey = ''
  private inFlight: { kind: 'procs' | 'slab'; at: number } | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private nextId = 1
  private readonly waiting = new Map<number, (a: FsAnswer | null) => void>()

  constructor(private readonly transport: MachineTransport) {
    transport.onMessage((m) => this.onMessage(m))
    transport.onLink(() => (this.inFlight = null))
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.poll(), POLL_MS)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Ask now (a tab just opened). */
  poll(): void {
    const now = performance.now()
    if (this.inFlight && now - this.inFlight.at < TIMEOUT_MS) return
    if (this.tab === 'procs' || this.tab === 'oom') {
      this.inFlight = { kind: 'procs', at: now }
      this.transport.send({ type: 'procs-request' })
    } else if (this.tab === 'slab') {
      this.inFlight = { kind: 'slab', at: now }
      this.transport.send({ type: 'slab-request' })
    }
  }

  setTab(tab: Tab): void {
    this.tab = tab
    this.inFlight = null
    this.poll()
  }

  list(path: string): Promise<{ entries: FsEntry[] | null; error: string | null }> {
    return this.fs({ type: 'fs-list', id: 0, path }).then((a) => (a?.type === 'fs-listing' ? a : { entries: null, error: 'no answer' }))
  }

  read(path: string): Promise<{ text: string | null; error: string | null }> {
    return this.fs({ type: 'fs-read', id: 0, path }).then((a) => (a?.type === 'fs-data' ? a : { text: null, error: 'no answer' }))
  }

  write(path: string, text: string): Promise<string | null> {
    return this.fs({ type: 'fs-write', id: 0, path, text }).then((a) => (a?.type === 'fs-written' ? a.error : 'no answer'))
  }

  diagnostics(path: string): Promise<{ diags: EditorDiag[]; build: EditorBuild | null; error: string | null }> {
    return this.fs({ type: 'fs-diagnostics', id: 0, path }).then((a) => (a?.type === 'fs-diagnostics' ? a : { diags: [], build: null, error: 'no answer' }))
  }

  private fs(req: Extract<HostToMachine, { id: number }>): Promise<FsAnswer | null> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.transport.send({ ...req, id } as HostToMachine)
      setTimeout(() => {
        if (this.waiting.delete(id)) resolve(null)
      }, TIMEOUT_MS)
    })
  }

  private onMessage(m: MachineToHost): void {
    switch (m.type) {
      case 'procs': {
        if (this.inFlight?.kind === 'procs') this.inFlight = null
        const key = JSON.stringify(m.procs)
        if (key !== this.procsKey) {
          this.procsKey = key
          this.procs = m.procs
        }
        break
      }
      case 'slabs': {
        if (this.inFlight?.kind === 'slab') this.inFlight = null
        const key = JSON.stringify(m.slabs)
        if (key !== this.slabKey) {
          this.slabKey = key
          this.slabs = m.slabs
        }
        break
      }
      case 'fs-listing':
      case 'fs-data':
      case 'fs-written':
      case 'fs-diagnostics': {
        const fn = this.waiting.get(m.id)
        if (fn) {
          this.waiting.delete(m.id)
          fn(m)
        }
        break
      }
    }
  }
}
