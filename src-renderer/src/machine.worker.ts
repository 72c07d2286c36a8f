/*
 * The machine in a Web Worker (the web build's host, like the utilityProcess
 * in Electron): createMachine + the Driver with real-time pacing. Messages
 * from the page are validated like the renderer's in Electron.
 */
import { createMachine } from '../../src-core/index'
import { Driver } from '../../src-core/host'
import { isHostToMachine } from '../../src-core/protocol'
import type { MachineToHost } from '../../src-core/protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope
const post = (m: MachineToHost): void => scope.postMessage(m)

const machine = createMachine({ post })
const driver = new Driver(machine, {
  schedule: (fn, ms) => void setTimeout(fn, ms),
  wallNow: () => performance.now(),
  realtime: true
})

scope.onmessage = (e: MessageEvent) => {
  if (!isHostToMachine(e.data)) return
  machine.send(e.data)
  driver.kick()
}

scope.addEventListener('error', (e) => {
  post({ type: 'fault', message: e.message })
})
