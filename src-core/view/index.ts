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

export { FrameMapProducer, classifyFrames, zoneSummaries, frameMapLayout, OWNER_CLASS } from './frame_map'
export { inspectFrame, decodeFlags } from './inspect'
export { vmapSummary } from './vmap'
export * from './types'

export type ViewRequest = Extract<HostToMachine, { type: 'frame-map-request' | 'inspect-frame' | 'vmap-request' }>

export class ViewProducer {
  private readonly frameMap = new FrameMapProducer()

  /** The answer to one view request. */
  answer(req: ViewRequest, mm: Mm | null, nowNs: number, kmem: Kmem | null = null): MachineToHost {
    if (req.type === 'frame-map-request') return { type: 'frame-map', update: this.frameMap.update(mm, nowNs, req.full) }
    if (req.type === 'vmap-request') return { type: 'vmap', vmap: vmapSummary(mm, kmem, req.pagesOf) }
    return { type: 'frame-info', id: req.id, info: inspectFrame(mm, req.pfn, req.bytes) }
  }
}
