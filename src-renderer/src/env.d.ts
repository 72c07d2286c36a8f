/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { Terminal } from '@xterm/xterm'
import type { KmemlabBridge } from './transport/electron'
import type { MachineStore } from './lib/machine.svelte'
import type { ViewsStore } from './lib/views.svelte'
import type { PanelsStore } from './lib/panels.svelte'
import type { FrameMapLayout } from '../../src-core/protocol'

/** Test and benchmark hooks of the page-frame map (FrameMap.svelte). */
export interface FrameMapHook {
  rgbaAt(pfn: number): [number, number, number, number] | null
  classAt(pfn: number): string | null
  snapshot(): number[]
  /** The texture's RGBA words, one per frame. */
  pixels(): number[]
  /** Screen pixels per frame cell (zoom). */
  scale(): number
  layout(): FrameMapLayout | null
  /** Bumps when the machine builds a new memory model (power on, reset). */
  generation(): number
  /** Frames now flashing (changed within the last FLASH_STEPS drawn frames). */
  flashing(): number
  clientPoint(pfn: number): { x: number; y: number } | null
  pfnAt(clientX: number, clientY: number): number | null
  renderer(): string | null
  /** The colour on the map's canvas at the centre of the frame's cell (rendered and read back). */
  canvasRgbaAt(pfn: number): [number, number, number, number] | null
  perf(): { raf: number[]; cost: number[]; updates: number; changed: number }
  resetPerf(): void
}

declare global {
  interface Window {
    /** The preload's bridge (Electron only; absent in the web build). */
    kmemlab?: KmemlabBridge
    /** Handles for tests and devtools. */
    __kmemlab?: { term?: Terminal; store?: MachineStore; views?: ViewsStore; panels?: PanelsStore; editor?: import('@codemirror/view').EditorView; frameMap?: FrameMapHook }
  }
}

export {}
