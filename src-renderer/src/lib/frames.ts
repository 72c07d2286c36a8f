/*
 * Small helpers the views share: address formatting, the virtual address of
 * a frame (lowmem linear map only), which zone holds a pfn, class labels.
 */
import { FRAME_CLASS_IDS, type FrameMapLayout, type ZoneSummary } from '../../../src-core/protocol'
import { t, type MessageKey } from './i18n.svelte'

export function hex32(v: number, digits = 8): string {
  return '0x' + (v >>> 0).toString(16).padStart(digits, '0')
}

/** The lowmem linear-map address of a frame, or null for highmem (no permanent mapping). */
export function virtOf(L: FrameMapLayout, pfn: number): number | null {
  if (pfn >= L.maxLowPfn) return null
  return pfn * L.pageSize - L.physOffset + L.pageOffset
}

export function zoneOf(zones: ZoneSummary[], pfn: number): ZoneSummary | undefined {
  return zones.find((z) => pfn >= z.startPfn && pfn < z.startPfn + z.spanned)
}

/** The translated label of a class value. */
export function classLabel(cls: number): string {
  const id = FRAME_CLASS_IDS[cls]
  if (!id) return `class ${cls}`
  if (/^free\d+$/.test(id)) return t('class.free', { order: Number(id.slice(4)) })
  return t(`class.${id}` as MessageKey)
}
