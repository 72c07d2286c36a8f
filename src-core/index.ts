/*
 * The machine's entry point for hosts: createMachine() and the protocol.
 * Hosts (bin/, src-main/, the renderer's Worker) import only this file,
 * host.ts and protocol.ts.
 */

import { Board } from './machine'
import type { Machine, MachineHostHooks } from './host'

export type { Machine, MachineHostHooks, RunState, DriverEnv } from './host'
export { Driver } from './host'
export * from './protocol'

export function createMachine(hooks: MachineHostHooks): Machine {
  return new Board(hooks)
}
