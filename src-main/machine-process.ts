/*
 * Entry of the Electron utilityProcess that runs the machine
 * (utilityProcess.fork('out/main/machine-process.js') in supervisor.ts).
 *
 * - The renderer's channel arrives as a transferred MessagePortMain with a
 *   { type: 'connect' } message on process.parentPort; every message on it is
 *   validated by MachineHost before the machine sees it.
 * - The guest's /mnt is the host folder sent with { type: 'share-dir' }
 *   (NodeHostFs: atomic writes, no escaping the folder).
 * - A heartbeat goes to main every second. It shares this thread with the
 *   machine, so a machine stuck in run() stops it and main's watchdog
 *   restarts the process.
 * - Real-time pacing: the board's clock follows the wall clock.
 */
import { createMachine } from '../src-core/index'
import { Driver } from '../src-core/host'
import { MachineHost, isParentToMachine } from './machine-host'
import type { MachineToParent, RendererPort } from './machine-host'
import { NodeHostFs } from './host-fs'
import type { HostFs } from '../src-core/protocol'

const parentPort = process.parentPort
if (!parentPort) throw new Error('machine-process must run in an Electron utilityProcess')

const HEARTBEAT_MS = 1000
const toParent = (m: MachineToParent): void => parentPort.postMessage(m)
const log = (line: string): void => void process.stderr.write(`[machine] ${line}\n`)

/** The share can be pointed elsewhere at any time; until then the guest's /mnt is empty (ENOENT). */
let share: NodeHostFs | null = null
const hostFs: HostFs = {
  stat: (p) => (share ? share.stat(p) : null),
  readdir: (p) => need().readdir(p),
  readFile: (p) => need().readFile(p),
  writeFile: (p, d) => need().writeFile(p, d),
  mkdir: (p) => need().mkdir(p),
  unlink: (p) => need().unlink(p),
  rmdir: (p) => need().rmdir(p),
  rename: (a, b) => need().rename(a, b)
}
function need(): NodeHostFs {
  if (!share) throw Object.assign(new Error('ENOENT: no share folder'), { code: 'ENOENT' })
  return share
}

const host = new MachineHost({
  createMachine,
  DriverClass: Driver,
  env: { schedule: (fn, ms) => void setTimeout(fn, ms), wallNow: () => performance.now(), realtime: true },
  hostFs,
  log
})

// A simulator exception is a bug, not a guest Oops: report it, then exit so main restarts a fresh machine.
process.on('uncaughtException', (err) => {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
  log(`fault: ${message}`)
  host.post({ type: 'fault', message })
  setTimeout(() => process.exit(70), 50)
})

parentPort.on('message', (e) => {
  const msg: unknown = e.data
  if (!isParentToMachine(msg)) {
    log('ignored an unknown message from main')
    return
  }
  if (msg.type === 'connect') {
    const port = e.ports[0]
    if (port) host.attach(port as unknown as RendererPort)
  } else {
    try {
      if (share) share.setRoot(msg.dir)
      else share = new NodeHostFs(msg.dir)
    } catch (err) {
      log(`cannot use share folder ${msg.dir}: ${String(err)}`)
    }
  }
})

let reportedRejected = 0
setInterval(() => {
  toParent({ type: 'heartbeat', nowNs: host.machine.nowNs() })
  if (host.rejected !== reportedRejected) {
    reportedRejected = host.rejected
    toParent({ type: 'rejected', count: host.rejected })
  }
}, HEARTBEAT_MS)

toParent({ type: 'ready' })
