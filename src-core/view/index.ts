/*
 * The machine's view producer: answers the UI's view requests
 * (`frame-map-request`, `inspect-frame`) from the board's memory model. The
 * board owns one and hands it each request with its current Mm (null before
 * setup_arch or while powered off). Pure TypeScript: no host clock.
 */

import type { Kmem } from '../mm/kmem'
import type { Mm } from '../mm/mm_init'
import type { HostToMachine, MachineToHost } from '../protocol'
import { FrameMapProducer } from './frame_map'
import { inspectFrame } from './inspect'
import { vmapSummary } from './vmap'
import type { Processes } from '../kernel/fork'
import type { OomKiller } from '../mm/oom_kill'
import type { Vfs } from '../fs/vfs'
import { procsSummary } from './procs'
import { slabSummary } from './slab'
import { compileDiagnostics, fsList, fsRead, fsWrite } from './files'

export { FrameMapProducer, classifyFrames, zoneSummaries, frameMapLayout, OWNER_CLASS } from './frame_map'
export { inspectFrame, decodeFlags } from './inspect'
export { vmapSummary } from './vmap'
export { procsSummary, lastOom } from './procs'
export { slabSummary } from './slab'
export { fsList, fsRead, fsWrite, compileDiagnostics, editorPathAllowed } from './files'
export * from './types'

export type ViewRequest = Extract<
  HostToMachine,
  { type: 'frame-map-request' | 'inspect-frame' | 'vmap-request' | 'procs-request' | 'slab-request' | 'fs-list' | 'fs-read' | 'fs-write' | 'fs-diagnostics' }
>

/** The kernel parts the views read (the Kernel, or null before boot). */
export interface ViewKernel {
  procs: Processes | null
  oom: OomKiller | null
  vfs: Vfs
}

export class ViewProducer {
  private readonly frameMap = new FrameMapProducer()

  /** The answer to one view request. */
  answer(req: ViewRequest, mm: Mm | null, nowNs: number, kmem: Kmem | null = null, kernel: ViewKernel | null = null): MachineToHost {
    const vfs = kernel?.vfs ?? null
    switch (req.type) {
      case 'frame-map-request':
        return { type: 'frame-map', update: this.frameMap.update(mm, nowNs, req.full) }
      case 'vmap-request':
        return { type: 'vmap', vmap: vmapSummary(mm, kmem, req.pagesOf) }
      case 'inspect-frame':
        return { type: 'frame-info', id: req.id, info: inspectFrame(mm, req.pfn, req.bytes) }
      case 'procs-request':
        return { type: 'procs', procs: procsSummary(kernel?.procs ?? null, kernel?.oom ?? null) }
      case 'slab-request':
        return { type: 'slabs', slabs: slabSummary(kmem) }
      case 'fs-list':
        return { type: 'fs-listing', id: req.id, path: req.path, ...fsList(vfs, req.path) }
      case 'fs-read':
        return { type: 'fs-data', id: req.id, path: req.path, ...fsRead(vfs, req.path) }
      case 'fs-write':
        return { type: 'fs-written', id: req.id, path: req.path, error: fsWrite(vfs, req.path, req.text) }
      case 'fs-diagnostics':
        return { type: 'fs-diagnostics', id: req.id, path: req.path, ...compileDiagnostics(vfs, req.path) }
    }
  }
}
