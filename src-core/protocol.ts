/*
 * The only contract between the machine (src-core) and its hosts: the CLI
 * (bin/), the Electron utilityProcess (src-main) and the web build's Worker
 * (src-renderer). Plain data only, so every message survives postMessage and
 * structured clone; unions are tagged by `type`.
 *
 * Flow: the host creates the machine (index.ts createMachine), sends `boot`,
 * then `input` with the bytes typed on the serial console; the machine sends
 * `console` with the bytes it writes to the UART, and `status` whenever its
 * power state, uptime or taint change.
 */

import type { MachineConfig } from './board/config'
import type { EditorBuild, EditorDiag, FrameInfo, FrameMapUpdate, FsEntry, ProcsSummary, SlabRow, VmapSummary } from './view/types'

export type { MachineConfig, BoardName } from './board/config'
export { DEFAULT_CONFIG, parseRamSize, validateConfig, MiB } from './board/config'
export type { EditorBuild, EditorDiag, FsEntry, OomEventView, OomTaskRow, ProcRow, ProcsSummary, SlabRow } from './view/types'
export type { FrameInfo, FrameMapLayout, FrameMapUpdate, ZoneSummary, FrameClassId, VmapSummary, VmRegion } from './view/types'
export { FrameClass, FRAME_CLASS_IDS } from './view/types'

export const PROTOCOL_VERSION = 1

export type PowerState = 'off' | 'booting' | 'running' | 'panic' | 'halted'

/** How the machine spends host time: flat out, slowed for watching, or one allocation per step. */
export type Speed = 'max' | 'slow' | 'step'

export interface MachineStatus {
  power: PowerState
  uptimeNs: number
  /** The `Tainted:` letters as print_tainted() shows them, or 'Not tainted'. */
  taint: string
  config: MachineConfig
  speed: Speed
  /** Single step: the machine holds after a page allocation until `step`. */
  paused: boolean
}

export type HostToMachine =
  | { type: 'boot'; config: MachineConfig }
  | { type: 'input'; data: string }
  | { type: 'reset' }
  | { type: 'power-off' }
  /**
   * max: flat out. slow: the running command pauses ~120 ms of real time
   * after each step in which pages were allocated. step: it holds after such
   * a step until `step`. Simulated time stands still while held. A step is
   * one yield of the command's generator (memhog: 256 pages; a module's init
   * or exit: each allocator call it makes, kmalloc, __get_free_pages,
   * vmalloc ..., whether it took pages or failed), the finest grain at which
   * the machine resumes.
   * Only the command typed at the prompt is paced (with background jobs while
   * it runs); the boot and jobs behind an idle prompt run at full speed.
   */
  | { type: 'speed'; speed: Speed }
  /** Single step: let the running command go on to its next page allocation. */
  | { type: 'step' }
  | { type: 'resize'; cols: number; rows: number }
  /**
   * Type these command lines into the shell, one each time it shows its
   * prompt (after the boot if it is still running); the machine answers with
   * `script-done` and the last command's exit status.
   */
  | { type: 'script'; lines: string[] }
  /**
   * Views (the page-frame map, zones, free areas): ask for the next update.
   * The machine answers with one `frame-map` holding what changed since its
   * previous answer (everything when `full`). Asking again only after the
   * answer arrived paces the updates to what the UI can draw.
   */
  | { type: 'frame-map-request'; full: boolean }
  /** One frame's struct page (and its 4096 bytes when `bytes`); answered by `frame-info` with the same id. */
  | { type: 'inspect-frame'; id: number; pfn: number; bytes: boolean }
  /** The virtual address map and its vmap areas; with the frames of the area starting at `pagesOf` (or none: null). */
  | { type: 'vmap-request'; pagesOf: number | null }
  /** The task table (with oom_score) and the last OOM kill's replay; answered by `procs`. */
  | { type: 'procs-request' }
  /** The slab caches as /proc/slabinfo shows them; answered by `slabs`. */
  | { type: 'slab-request' }
  /**
   * The editor's file access, limited to /mnt and /root (clean absolute
   * paths; symlinks leading out are refused). Each is answered with the same id.
   */
  | { type: 'fs-list'; id: number; path: string }
  | { type: 'fs-read'; id: number; path: string }
  | { type: 'fs-write'; id: number; path: string; text: string }
  /** Compile one C file as `make` (a module) or the C engine (a user program) would, for its diagnostics. */
  | { type: 'fs-diagnostics'; id: number; path: string }

export type MachineToHost =
  | { type: 'hello'; version: number }
  | { type: 'console'; data: string }
  | { type: 'status'; status: MachineStatus }
  /** Every line of a `script` was typed and the shell is back at its prompt (or the board stopped). */
  | { type: 'script-done'; status: number }
  /** The machine raised an exception of the simulator itself (a bug, not a guest Oops). */
  | { type: 'fault'; message: string }
  /** Answer to `frame-map-request`. */
  | { type: 'frame-map'; update: FrameMapUpdate }
  /** Answer to `inspect-frame` (info null: no such frame, or no memory model yet). */
  | { type: 'frame-info'; id: number; info: FrameInfo | null }
  /** Answer to `vmap-request` (null: no memory model yet). */
  | { type: 'vmap'; vmap: VmapSummary | null }
  /** Answer to `procs-request` (null: not booted yet). */
  | { type: 'procs'; procs: ProcsSummary | null }
  /** Answer to `slab-request` (null: no slab allocator yet). */
  | { type: 'slabs'; slabs: SlabRow[] | null }
  | { type: 'fs-listing'; id: number; path: string; entries: FsEntry[] | null; error: string | null }
  | { type: 'fs-data'; id: number; path: string; text: string | null; error: string | null }
  | { type: 'fs-written'; id: number; path: string; error: string | null }
  | { type: 'fs-diagnostics'; id: number; path: string; diags: EditorDiag[]; build: EditorBuild | null; error: string | null }

/**
 * A host folder shared into the guest at /mnt (the lab images' 9p share).
 * Synchronous on purpose: the guest's file system calls complete in one step.
 * Paths are relative to the share's root, '/'-separated, never containing '..'.
 */
export interface HostFs {
  stat(path: string): { dir: boolean; size: number; mtimeMs: number } | null
  readdir(path: string): string[]
  readFile(path: string): Uint8Array
  /** Replace the file's contents atomically (temp file + rename on real disks). */
  writeFile(path: string, data: Uint8Array): void
  mkdir(path: string): void
  unlink(path: string): void
  rmdir(path: string): void
  rename(from: string, to: string): void
}

/** Validate a message from an untrusted side (the renderer) before it reaches the machine. */
export function isHostToMachine(m: unknown): m is HostToMachine {
  if (typeof m !== 'object' || m === null) return false
  const o = m as Record<string, unknown>
  switch (o.type) {
    case 'boot': {
      const c = o.config as Record<string, unknown> | undefined
      return (
        typeof c === 'object' && c !== null &&
        (c.board === 'vexpress-a9' || c.board === 'virt-arm64') &&
        typeof c.memBytes === 'number' && typeof c.cpus === 'number' &&
        typeof c.cmdline === 'string' && c.cmdline.length < 4096 &&
        typeof c.seed === 'number' && typeof c.quietBoot === 'boolean'
      )
    }
    case 'input':
      return typeof o.data === 'string' && o.data.length <= 1 << 20
    case 'reset':
    case 'power-off':
    case 'step':
      return true
    case 'speed':
      return o.speed === 'max' || o.speed === 'slow' || o.speed === 'step'
    case 'script':
      return Array.isArray(o.lines) && o.lines.length < 100_000 &&
        o.lines.every((l) => typeof l === 'string' && l.length < 1 << 16)
    case 'resize':
      return Number.isInteger(o.cols) && Number.isInteger(o.rows) &&
        (o.cols as number) > 0 && (o.cols as number) < 1000 && (o.rows as number) > 0 && (o.rows as number) < 1000
    case 'frame-map-request':
      return typeof o.full === 'boolean'
    case 'inspect-frame':
      return Number.isSafeInteger(o.id) && Number.isSafeInteger(o.pfn) && (o.pfn as number) >= 0 &&
        (o.pfn as number) < 2 ** 32 && typeof o.bytes === 'boolean'
    case 'vmap-request':
      return o.pagesOf === null || (Number.isSafeInteger(o.pagesOf) && (o.pagesOf as number) >= 0 && (o.pagesOf as number) < 2 ** 32)
    case 'procs-request':
    case 'slab-request':
      return true
    case 'fs-list':
    case 'fs-read':
    case 'fs-diagnostics':
      return Number.isSafeInteger(o.id) && isEditorPath(o.path)
    case 'fs-write':
      return Number.isSafeInteger(o.id) && isEditorPath(o.path) && typeof o.text === 'string' && o.text.length <= 1 << 20
    default:
      return false
  }
}

/** A clean absolute path under /mnt or /root (the machine checks again after resolving symlinks). */
function isEditorPath(p: unknown): boolean {
  if (typeof p !== 'string' || p.length > 1024 || !/^\/(mnt|root)(\/|$)/.test(p)) return false
  return p.split('/').slice(1).every((c) => c !== '' && c !== '.' && c !== '..' && !c.includes('\0'))
}
