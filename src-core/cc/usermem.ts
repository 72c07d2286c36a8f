/*
 * A bare ILP32 user address space for `kmemlab cc`: a sparse, page-granular
 * CMemory (4 KB pages, little-endian) with read-only and lazily-populated
 * regions. The real machine's process model (page tables under the simulated
 * MMU) will replace it; it only has to honour the CMemory contract.
 *
 * Unmapped pages fault (so `*(int *)0 = 1` is a SIGSEGV), writes to read-only
 * pages (.text, .rodata) fault, and the stack region is populated on first touch.
 */

import { type CMemory, MemFault } from './run'

const PAGE = 4096

interface LazyRegion {
  lo: number
  hi: number
  writable: boolean
}

export class UserMemory implements CMemory {
  /** Readable pages by page number. */
  private rp: (DataView | undefined)[] = []
  /** Writable pages (the same DataView as in rp when read-write). */
  private wp: (DataView | undefined)[] = []
  private lazy: LazyRegion[] = []
  /** Bytes mapped, for limits. */
  mapped = 0
  limit = 256 * 1024 * 1024

  map(addr: number, len: number, writable: boolean): void {
    const first = Math.floor(addr / PAGE)
    const last = Math.floor((addr + len - 1) / PAGE)
    for (let p = first; p <= last; p++) {
      let dv = this.rp[p]
      if (!dv) {
        if (this.mapped + PAGE > this.limit) throw new MemFault(p * PAGE, 'write')
        dv = new DataView(new ArrayBuffer(PAGE))
        this.rp[p] = dv
        this.mapped += PAGE
      }
      this.wp[p] = writable ? dv : undefined
    }
  }

  unmap(addr: number, len: number): void {
    const first = Math.floor(addr / PAGE)
    const last = Math.floor((addr + len - 1) / PAGE)
    for (let p = first; p <= last; p++) {
      if (this.rp[p]) this.mapped -= PAGE
      this.rp[p] = undefined
      this.wp[p] = undefined
    }
  }

  /** Pages in [lo, hi) are mapped on first touch (the stack). */
  addLazy(lo: number, hi: number, writable: boolean): void {
    this.lazy.push({ lo, hi, writable })
  }

  isMapped(a: number): boolean {
    return this.rp[Math.floor(a / PAGE)] !== undefined
  }

  private page(a: number, write: boolean, size: number): DataView {
    const p = a >>> 12
    const dv = write ? this.wp[p] : this.rp[p]
    if (dv) return dv
    if (!this.rp[p]) {
      for (const r of this.lazy) {
        if (a >= r.lo && a < r.hi) {
          this.map(p * PAGE, PAGE, r.writable)
          return (write ? this.wp[p] : this.rp[p]) ?? this.fault(a, write, size)
        }
      }
    }
    return this.fault(a, write, size)
  }

  private fault(a: number, write: boolean, size: number): never {
    throw new MemFault(a >>> 0, write ? 'write' : 'read', size)
  }

  load8(a: number): number {
    const dv = this.rp[a >>> 12] ?? this.page(a >>> 0, false, 1)
    return dv.getUint8(a & 4095)
  }
  load16(a: number): number {
    const o = a & 4095
    if (o <= 4094) {
      const dv = this.rp[a >>> 12] ?? this.page(a >>> 0, false, 2)
      return dv.getUint16(o, true)
    }
    return this.load8(a) | (this.load8(a + 1) << 8)
  }
  load32(a: number): number {
    const o = a & 4095
    if (o <= 4092) {
      const dv = this.rp[a >>> 12] ?? this.page(a >>> 0, false, 4)
      return dv.getInt32(o, true)
    }
    return this.load16(a) | (this.load16(a + 2) << 16)
  }
  load64(a: number): bigint {
    const o = a & 4095
    if (o <= 4088) {
      const dv = this.rp[a >>> 12] ?? this.page(a >>> 0, false, 8)
      return dv.getBigInt64(o, true)
    }
    return BigInt.asIntN(64, BigInt(this.load32(a) >>> 0) | (BigInt(this.load32(a + 4)) << 32n))
  }
  store8(a: number, v: number): void {
    const dv = this.wp[a >>> 12] ?? this.page(a >>> 0, true, 1)
    dv.setUint8(a & 4095, v & 255)
  }
  store16(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4094) {
      const dv = this.wp[a >>> 12] ?? this.page(a >>> 0, true, 2)
      dv.setUint16(o, v & 0xffff, true)
      return
    }
    this.store8(a, v)
    this.store8(a + 1, v >>> 8)
  }
  store32(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4092) {
      const dv = this.wp[a >>> 12] ?? this.page(a >>> 0, true, 4)
      dv.setInt32(o, v | 0, true)
      return
    }
    this.store16(a, v)
    this.store16(a + 2, v >>> 16)
  }
  store64(a: number, v: bigint): void {
    const o = a & 4095
    if (o <= 4088) {
      const dv = this.wp[a >>> 12] ?? this.page(a >>> 0, true, 8)
      dv.setBigInt64(o, BigInt.asIntN(64, v), true)
      return
    }
    this.store32(a, Number(BigInt.asIntN(32, v)))
    this.store32(a + 4, Number(BigInt.asIntN(32, v >> 32n)))
  }
  read(a: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    let i = 0
    while (i < len) {
      const addr = (a + i) >>> 0
      const dv = this.rp[addr >>> 12] ?? this.page(addr, false, 1)
      const o = addr & 4095
      const n = Math.min(len - i, PAGE - o)
      out.set(new Uint8Array(dv.buffer, o, n), i)
      i += n
    }
    return out
  }
  write(a: number, bytes: Uint8Array): void {
    let i = 0
    const len = bytes.length
    while (i < len) {
      const addr = (a + i) >>> 0
      const dv = this.wp[addr >>> 12] ?? this.page(addr, true, 1)
      const o = addr & 4095
      const n = Math.min(len - i, PAGE - o)
      new Uint8Array(dv.buffer, o, n).set(bytes.subarray(i, i + n))
      i += n
    }
  }
}
