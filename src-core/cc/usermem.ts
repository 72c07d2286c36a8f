/*
 * A bare ILP32 user address space for `kmemlab cc`: a sparse, page-granular
 * CMemory (4 KB pages, little-endian) with read-only and lazily-populated
 * regions. The real machine's process model (page tables under the simulated
 * MMU) will replace it; it only has to honour the CMemory contract.
 *
 * Unmapped pages fault (so `*(int *)0 = 1` is a SIGSEGV), writes to read-only
 * pages (.text, .rodata) fault, and the stack region is populated on first touch.
 * Pages are offered to generated code through fastPages() for direct access.
 */

import { type CMemory, type FastPage, MemFault } from './run'

const PAGE = 4096

interface Page extends FastPage {
  dv: DataView
}

interface LazyRegion {
  lo: number
  hi: number
  writable: boolean
}

export class UserMemory implements CMemory {
  /** Pages by page number; preallocated so the array stays dense (fast) in V8. */
  private pages: (Page | undefined)[] = new Array(1 << 20).fill(undefined)
  private lazy: LazyRegion[] = []
  /** Bytes mapped, for limits. */
  mapped = 0
  limit = 256 * 1024 * 1024

  fastPages(): (FastPage | undefined)[] {
    return this.pages
  }

  map(addr: number, len: number, writable: boolean): void {
    const first = Math.floor(addr / PAGE)
    const last = Math.floor((addr + len - 1) / PAGE)
    for (let p = first; p <= last; p++) {
      const pg = this.pages[p]
      if (pg) {
        pg.w = writable
        continue
      }
      if (this.mapped + PAGE > this.limit) throw new MemFault(p * PAGE, 'write')
      const buf = new ArrayBuffer(PAGE)
      this.pages[p] = { dv: new DataView(buf), u8: new Uint8Array(buf), u16: new Uint16Array(buf), i32: new Int32Array(buf), w: writable }
      this.mapped += PAGE
    }
  }

  unmap(addr: number, len: number): void {
    const first = Math.floor(addr / PAGE)
    const last = Math.floor((addr + len - 1) / PAGE)
    for (let p = first; p <= last; p++) {
      if (this.pages[p]) this.mapped -= PAGE
      this.pages[p] = undefined
    }
  }

  /** Pages in [lo, hi) are mapped on first touch (the stack). */
  addLazy(lo: number, hi: number, writable: boolean): void {
    this.lazy.push({ lo, hi, writable })
  }

  isMapped(a: number): boolean {
    return this.pages[Math.floor(a / PAGE)] !== undefined
  }

  private page(a: number, write: boolean, size: number): DataView {
    a >>>= 0
    let pg = this.pages[a >>> 12]
    if (!pg) {
      for (const r of this.lazy) {
        if (a >= r.lo && a < r.hi) {
          this.map((a & ~4095) >>> 0, PAGE, r.writable)
          pg = this.pages[a >>> 12]
          break
        }
      }
    }
    if (!pg || (write && !pg.w)) throw new MemFault(a, write ? 'write' : 'read', size)
    return pg.dv
  }

  load8(a: number): number {
    return this.page(a, false, 1).getUint8(a & 4095)
  }
  load16(a: number): number {
    const o = a & 4095
    if (o <= 4094) return this.page(a, false, 2).getUint16(o, true)
    return this.load8(a) | (this.load8(a + 1) << 8)
  }
  load32(a: number): number {
    const o = a & 4095
    if (o <= 4092) return this.page(a, false, 4).getInt32(o, true)
    return this.load16(a) | (this.load16(a + 2) << 16)
  }
  load64(a: number): bigint {
    const o = a & 4095
    if (o <= 4088) return this.page(a, false, 8).getBigInt64(o, true)
    return BigInt.asIntN(64, BigInt(this.load32(a) >>> 0) | (BigInt(this.load32(a + 4)) << 32n))
  }
  store8(a: number, v: number): void {
    this.page(a, true, 1).setUint8(a & 4095, v & 255)
  }
  store16(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4094) {
      this.page(a, true, 2).setUint16(o, v & 0xffff, true)
      return
    }
    this.store8(a, v)
    this.store8(a + 1, v >>> 8)
  }
  store32(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4092) {
      this.page(a, true, 4).setInt32(o, v | 0, true)
      return
    }
    this.store16(a, v)
    this.store16(a + 2, v >>> 16)
  }
  store64(a: number, v: bigint): void {
    const o = a & 4095
    if (o <= 4088) {
      this.page(a, true, 8).setBigInt64(o, BigInt.asIntN(64, v), true)
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
      const dv = this.page(addr, false, 1)
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
      const dv = this.page(addr, true, 1)
      const o = addr & 4095
      const n = Math.min(len - i, PAGE - o)
      new Uint8Array(dv.buffer, o, n).set(bytes.subarray(i, i + n))
      i += n
    }
  }
}
