/*
 * The renderer's copy of the page-frame map: one class byte per frame,
 * applied from the machine's `frame-map` updates, and the RGBA image the map
 * texture is made of (MAP_WIDTH frames per row, frame i at (i % W, i / W)).
 *
 * Not reactive on purpose: 262,144 frames change far too often for Svelte
 * state. Updates are queued as they arrive and applied in the rAF loop
 * (ViewsStore.frame), which then draws only the rows that changed.
 *
 * Recently changed frames flash: they start white and fade to their class
 * colour over FLASH_STEPS frames. The flashing set is a list, so the cost is
 * proportional to what changed, not to the map's size.
 */
import type { FrameMapLayout, FrameMapUpdate } from '../../../src-core/protocol'
import { flashWord, paletteWords, type Theme } from './palette'

export const MAP_WIDTH = 512
export const FLASH_STEPS = 24

export class FrameMapModel {
  layout: FrameMapLayout | null = null
  generation = -1
  classes = new Uint8Array(0)
  /** The texture's pixels (RGBA words), MAP_WIDTH x rows. */
  pixels = new Uint32Array(0)
  rows = 0
  /** Rows [dirtyLo, dirtyHi) must be copied to the texture. */
  dirtyLo = Infinity
  dirtyHi = -1
  /** Bumps whenever the layout (size) changes: the texture must be rebuilt. */
  shapeVersion = 0

  private palette: Uint32Array
  /** flash tables: flashLut[level * 256 + class] */
  private flashLut = new Uint32Array(0)
  private flashLevel = new Uint8Array(0)
  private flashList = new Int32Array(0)
  private flashCount = 0
  changedTotal = 0

  constructor(theme: Theme = 'dark') {
    this.palette = paletteWords(theme)
    this.buildFlashLut()
  }

  setTheme(theme: Theme): void {
    this.palette = paletteWords(theme)
    this.buildFlashLut()
    this.repaintAll()
  }

  private buildFlashLut(): void {
    const lut = new Uint32Array((FLASH_STEPS + 1) * 256)
    for (let l = 0; l <= FLASH_STEPS; l++)
      for (let c = 0; c < 256; c++) lut[l * 256 + c] = l === 0 ? this.palette[c]! : flashWord(this.palette[c]!, 0.15 + (0.85 * l) / FLASH_STEPS)
    this.flashLut = lut
  }

  get nframes(): number {
    return this.classes.length
  }

  /** Apply one update from the machine. Returns the number of frames it changed. */
  apply(u: FrameMapUpdate): number {
    if (!u.layout) {
      this.reset(null, u.generation)
      return 0
    }
    if (u.generation !== this.generation || !this.layout || u.layout.nframes !== this.classes.length) {
      if (!u.full) return -1 // a delta for a map we do not have: the caller asks for a full one
      this.reset(u.layout, u.generation)
    }
    const { runs, classes } = u
    const cls = this.classes
    const px = this.pixels
    const pal = this.palette
    const flash = !u.full
    let o = 0
    let lo = Infinity
    let hi = -1
    for (let r = 0; r < runs.length; r += 2) {
      const s = runs[r]!
      const len = runs[r + 1]!
      for (let i = s; i < s + len; i++) {
        const c = classes[o++]!
        cls[i] = c
        px[i] = pal[c]!
        if (flash) this.startFlash(i)
      }
      if (len) {
        lo = Math.min(lo, s)
        hi = Math.max(hi, s + len)
      }
    }
    if (hi > lo) this.markDirty(lo, hi)
    const n = classes.length
    if (flash) this.changedTotal += n
    return n
  }

  private reset(layout: FrameMapLayout | null, generation: number): void {
    this.layout = layout
    this.generation = generation
    const n = layout?.nframes ?? 0
    this.rows = Math.ceil(n / MAP_WIDTH)
    this.classes = new Uint8Array(n)
    this.pixels = new Uint32Array(this.rows * MAP_WIDTH).fill(this.palette[28]!)
    this.flashLevel = new Uint8Array(n)
    this.flashList = new Int32Array(n)
    this.flashCount = 0
    this.shapeVersion++
    this.markDirty(0, n)
  }

  private startFlash(i: number): void {
    if (this.flashLevel[i] === 0) this.flashList[this.flashCount++] = i
    this.flashLevel[i] = FLASH_STEPS
    this.pixels[i] = this.flashLut[FLASH_STEPS * 256 + this.classes[i]!]!
  }

  /** Advance the flashes by one step (call once per drawn frame). */
  stepFlashes(): void {
    const list = this.flashList
    const lvl = this.flashLevel
    const lut = this.flashLut
    const cls = this.classes
    const px = this.pixels
    let w = 0
    let lo = Infinity
    let hi = -1
    for (let k = 0; k < this.flashCount; k++) {
      const i = list[k]!
      const l = --lvl[i]!
      px[i] = lut[l * 256 + cls[i]!]!
      if (i < lo) lo = i
      if (i > hi) hi = i
      if (l > 0) list[w++] = i
    }
    this.flashCount = w
    if (hi >= lo) this.markDirty(lo, hi + 1)
  }

  get flashing(): number {
    return this.flashCount
  }

  private repaintAll(): void {
    const pal = this.palette
    for (let i = 0; i < this.classes.length; i++) px(this.pixels, i, pal[this.classes[i]!]!)
    for (let k = 0; k < this.flashCount; k++) {
      const i = this.flashList[k]!
      this.pixels[i] = this.flashLut[this.flashLevel[i]! * 256 + this.classes[i]!]!
    }
    this.markDirty(0, this.classes.length)
  }

  private markDirty(lo: number, hi: number): void {
    const r0 = Math.floor(lo / MAP_WIDTH)
    const r1 = Math.ceil(hi / MAP_WIDTH)
    if (r0 < this.dirtyLo) this.dirtyLo = r0
    if (r1 > this.dirtyHi) this.dirtyHi = r1
  }

  /** Take the dirty row range (and clear it): [lo, hi) or null. */
  takeDirtyRows(): [number, number] | null {
    if (this.dirtyHi <= this.dirtyLo) return null
    const r: [number, number] = [this.dirtyLo, Math.min(this.dirtyHi, this.rows)]
    this.dirtyLo = Infinity
    this.dirtyHi = -1
    return r[1] > r[0] ? r : null
  }

  /** pfn of frame index i, and back. */
  pfnOf(i: number): number {
    return (this.layout?.basePfn ?? 0) + i
  }
  indexOf(pfn: number): number {
    return pfn - (this.layout?.basePfn ?? 0)
  }

  /** The colour the map shows for a frame now, as [r, g, b, a]. */
  rgbaAt(pfn: number): [number, number, number, number] | null {
    const i = this.indexOf(pfn)
    if (i < 0 || i >= this.classes.length) return null
    const w = this.pixels[i]!
    return [w & 255, (w >> 8) & 255, (w >> 16) & 255, w >>> 24]
  }
}

function px(arr: Uint32Array, i: number, w: number): void {
  arr[i] = w
}
