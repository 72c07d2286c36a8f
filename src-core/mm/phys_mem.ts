/*
 * The contents of RAM, by physical address. Not a kernel file: it stands in
 * for the DRAM chips. Storage is sparse: a frame gets its 4096-byte buffer the
 * first time a non-zero byte is written to it; an untouched frame reads as
 * zeros (QEMU hands the guest zeroed RAM). Freeing a page keeps its bytes, as
 * the kernel does without init_on_free, so a later allocation without
 * __GFP_ZERO sees the old contents; zeroing drops or clears the buffer.
 *
 * Little-endian, as the Cortex-A9 runs here.
 */

import { PAGE_SHIFT, PAGE_SIZE } from './mmzone'

export class PhysMem {
  private readonly frames = new Map<number, Uint8Array>()

  /** The frame's buffer, or undefined while it is all zeros. */
  peek(pfn: number): Uint8Array | undefined {
    return this.frames.get(pfn)
  }

  /**
   * The frame's buffer, created (zeros) if absent: a direct view for a user
   * program's loads and stores (binfmt_kmemcc.ts). It stays valid until the
   * frame is zeroed, freed or migrated; the holder drops it at such points.
   */
  buffer(pfn: number): Uint8Array {
    return this.frame(pfn)
  }

  private frame(pfn: number): Uint8Array {
    let f = this.frames.get(pfn)
    if (!f) {
      f = new Uint8Array(PAGE_SIZE)
      this.frames.set(pfn, f)
    }
    return f
  }

  /** clear_page() for `n` frames from `pfn`. */
  zeroFrames(pfn: number, n: number): void {
    if (this.frames.size === 0) return
    for (let i = 0; i < n; i++) this.frames.delete(pfn + i)
  }

  /** The frames holding bytes, for snapshots: [pfn, copy of the 4096 bytes]. */
  get_state(): Array<[number, Uint8Array]> {
    return [...this.frames].map(([pfn, b]) => [pfn, b.slice()] as [number, Uint8Array])
  }

  set_state(frames: Array<[number, Uint8Array]>): void {
    this.frames.clear()
    for (const [pfn, b] of frames) this.frames.set(pfn, b.slice())
  }

  /** Number of frames holding a buffer (for tests and the UI). */
  get populated(): number {
    return this.frames.size
  }

  read8(pa: number): number {
    const f = this.frames.get(Math.floor(pa / PAGE_SIZE))
    return f ? f[pa & (PAGE_SIZE - 1)]! : 0
  }

  write8(pa: number, v: number): void {
    const pfn = Math.floor(pa / PAGE_SIZE)
    const f = this.frames.get(pfn)
    if (!f) {
      if ((v & 0xff) === 0) return
      this.frame(pfn)[pa & (PAGE_SIZE - 1)] = v
      return
    }
    f[pa & (PAGE_SIZE - 1)] = v
  }

  /** Little-endian read of 1, 2 or 4 bytes (unsigned). */
  read(pa: number, size: 1 | 2 | 4): number {
    let v = 0
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.read8(pa + i)
    return v
  }

  write(pa: number, size: 1 | 2 | 4, value: number): void {
    let v = value >>> 0
    for (let i = 0; i < size; i++) {
      this.write8(pa + i, v & 0xff)
      v >>>= 8
    }
  }

  read64(pa: number): bigint {
    return (BigInt(this.read(pa + 4, 4)) << 32n) | BigInt(this.read(pa, 4))
  }

  write64(pa: number, value: bigint): void {
    this.write(pa, 4, Number(value & 0xffffffffn))
    this.write(pa + 4, 4, Number((value >> 32n) & 0xffffffffn))
  }

  readBytes(pa: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    let done = 0
    while (done < len) {
      const a = pa + done
      const pfn = Math.floor(a / PAGE_SIZE)
      const off = a & (PAGE_SIZE - 1)
      const n = Math.min(len - done, PAGE_SIZE - off)
      const f = this.frames.get(pfn)
      if (f) out.set(f.subarray(off, off + n), done)
      done += n
    }
    return out
  }

  writeBytes(pa: number, data: Uint8Array): void {
    let done = 0
    while (done < data.length) {
      const a = pa + done
      const pfn = Math.floor(a / PAGE_SIZE)
      const off = a & (PAGE_SIZE - 1)
      const n = Math.min(data.length - done, PAGE_SIZE - off)
      let f = this.frames.get(pfn)
      if (!f) {
        let allZero = true
        for (let i = 0; i < n; i++) if (data[done + i] !== 0) { allZero = false; break }
        if (allZero) { done += n; continue }
        f = this.frame(pfn)
      }
      f.set(data.subarray(done, done + n), off)
      done += n
    }
  }

  /**
   * memcpy() of len bytes from src to dst (not overlapping), page chunk by
   * page chunk: a chunk of zeros into a frame without a buffer stays
   * without one, as write8() would leave it.
   */
  copy(dst: number, src: number, len: number): void {
    let done = 0
    while (done < len) {
      const s = src + done
      const d = dst + done
      const n = Math.min(len - done, PAGE_SIZE - (s & (PAGE_SIZE - 1)), PAGE_SIZE - (d & (PAGE_SIZE - 1)))
      const sf = this.frames.get(Math.floor(s / PAGE_SIZE))
      const so = s & (PAGE_SIZE - 1)
      let df = this.frames.get(Math.floor(d / PAGE_SIZE))
      if (!df && sf) {
        for (let i = so; i < so + n; i++)
          if (sf[i] !== 0) {
            df = this.frame(Math.floor(d / PAGE_SIZE))
            break
          }
      }
      if (df) {
        const doff = d & (PAGE_SIZE - 1)
        if (sf) df.set(sf.subarray(so, so + n), doff)
        else df.fill(0, doff, doff + n)
      }
      done += n
    }
  }

  /** memset() over physical memory. */
  fill(pa: number, len: number, byte: number): void {
    let done = 0
    while (done < len) {
      const a = pa + done
      const pfn = Math.floor(a / PAGE_SIZE)
      const off = a & (PAGE_SIZE - 1)
      const n = Math.min(len - done, PAGE_SIZE - off)
      if ((byte & 0xff) === 0) {
        const f = this.frames.get(pfn)
        if (f) {
          if (n === PAGE_SIZE) this.frames.delete(pfn)
          else f.fill(0, off, off + n)
        }
      } else this.frame(pfn).fill(byte, off, off + n)
      done += n
    }
  }
}

export const PFN_PHYS = (pfn: number): number => pfn * PAGE_SIZE
export const PHYS_PFN = (pa: number): number => Math.floor(pa / PAGE_SIZE)
export { PAGE_SHIFT }
