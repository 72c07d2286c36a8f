/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { Terminal } from '@xterm/xterm'
import type { KmemlabBridge } from './transport/electron'
import type { MachineStore } from './lib/machine.svelte'

declare global {
  interface Window {
    /** The preload's bridge (Electron only; absent in the web build). */
    kmemlab?: KmemlabBridge
    /** Handles for tests and devtools. */
    __kmemlab?: { term?: Terminal; store?: MachineStore }
  }
}

export {}
