/*
 * Colours of the page-frame map's classes (src-core/view/types.ts
 * FrameClass), for the dark and the light theme. Free blocks run from a pale
 * colour for order 0 (fragmented) to a deep one for order 10, so
 * fragmentation shows as speckle; allocated memory uses distinct hues.
 */
import { FRAME_CLASS_IDS, type FrameClassId } from '../../../src-core/protocol'

export type Theme = 'dark' | 'light'

const FREE_DARK = ['#8fd694', '#7fcc86', '#6fc178', '#60b46b', '#52a65f', '#459754', '#3a884a', '#2f7840', '#256837', '#1d592f', '#174b28']
const FREE_LIGHT = ['#4e9a52', '#5aa35e', '#67ad6a', '#75b677', '#83bf84', '#92c892', '#a1d1a0', '#b0d9ae', '#c0e2bd', '#cfeacc', '#dff2dc']

const USED: Record<Exclude<FrameClassId, `free${number}`>, string> = {
  pcp: '#7fd4c1',
  reserved: '#5f6670',
  kernelImage: '#c0392b',
  memblock: '#8e6c8a',
  memMap: '#b07aa1',
  slab: '#f28e2b',
  vmalloc: '#4e79a7',
  module: '#e15759',
  pageTable: '#9c755f',
  userAnon: '#edc948',
  pageCache: '#59a4c8',
  kernelStack: '#ff9da7',
  percpu: '#bab0ac',
  kernel: '#d37295',
  hashTable: '#a0cbe8',
  initrd: '#c9a0dc',
  dma: '#b6992d',
  nomap: '#202428',
  kmapped: '#ffe066'
}

export function classColour(id: FrameClassId, theme: Theme): string {
  if (/^free\d+$/.test(id)) {
    const o = Number(id.slice(4))
    return (theme === 'dark' ? FREE_DARK : FREE_LIGHT)[o]!
  }
  return USED[id as keyof typeof USED]
}

/** '#rrggbb' → a little-endian RGBA word as ImageData's Uint32Array view stores it. */
export function rgbaWord(hex: string): number {
  const v = parseInt(hex.slice(1), 16)
  const r = (v >> 16) & 255
  const g = (v >> 8) & 255
  const b = v & 255
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
}

/** Palette words indexed by class value (unknown classes: magenta, so bugs show). */
export function paletteWords(theme: Theme): Uint32Array {
  const out = new Uint32Array(256).fill(rgbaWord('#ff00ff'))
  FRAME_CLASS_IDS.forEach((id, i) => (out[i] = rgbaWord(classColour(id, theme))))
  return out
}

/** Blend a palette word toward white by t in [0, 1] (the flash of a changed frame). */
export function flashWord(word: number, t: number): number {
  const r = word & 255
  const g = (word >> 8) & 255
  const b = (word >> 16) & 255
  const m = (c: number): number => Math.round(c + (255 - c) * t)
  return ((255 << 24) | (m(b) << 16) | (m(g) << 8) | m(r)) >>> 0
}
