/*
 * The C engine's view of kernel virtual memory: every load and store of
 * module code goes through the kernel MMU (arch/arm/mmu.ts), so lowmem,
 * vmalloc, module, pkmap and fixmap addresses reach the frames they map and
 * anything else faults. A fault is kept (FSR, *pgd) for the Oops and
 * reported to the engine as a MemFault.
 *
 * fastPages(): lowmem pages are handed to the generated code as direct
 * views of their frames (the linear map never changes), which makes memset
 * and loops over kmalloc'ed buffers cheap.
 */

import { type Access, type CMemory, MemFault } from '../../cc/index'
import { KernelFault, type KernelMmu, type MmuFault } from '../../arch/arm/mmu'

export class KernelCMemory implements CMemory {
  /** The fault behind the last MemFault thrown. */
  lastFault: MmuFault | null = null

  constructor(readonly mmu: KernelMmu) {}

  private fail(e: unknown, addr: number, access: Access, size: number): never {
    if (e instanceof KernelFault) {
      this.lastFault = { ...e.f }
      throw new MemFault(addr >>> 0, access, size)
    }
    throw e
  }

  load8(a: number): number {
    try {
      return this.mmu.read8(a >>> 0)
    } catch (e) {
      return this.fail(e, a, 'read', 1)
    }
  }
  load16(a: number): number {
    try {
      return this.mmu.read16(a >>> 0)
    } catch (e) {
      return this.fail(e, a, 'read', 2)
    }
  }
  load32(a: number): number {
    try {
      return this.mmu.read32(a >>> 0) | 0
    } catch (e) {
      return this.fail(e, a, 'read', 4)
    }
  }
  load64(a: number): bigint {
    try {
      return BigInt.asIntN(64, this.mmu.read64(a >>> 0))
    } catch (e) {
      return this.fail(e, a, 'read', 8)
    }
  }
  store8(a: number, v: number): void {
    try {
      this.mmu.write8(a >>> 0, v & 0xff)
    } catch (e) {
      this.fail(e, a, 'write', 1)
    }
  }
  store16(a: number, v: number): void {
    try {
      this.mmu.write16(a >>> 0, v & 0xffff)
    } catch (e) {
      this.fail(e, a, 'write', 2)
    }
  }
  store32(a: number, v: number): void {
    try {
      this.mmu.write32(a >>> 0, v >>> 0)
    } catch (e) {
      this.fail(e, a, 'write', 4)
    }
  }
  store64(a: number, v: bigint): void {
    try {
      this.mmu.write64(a >>> 0, BigInt.asUintN(64, v))
    } catch (e) {
      this.fail(e, a, 'write', 8)
    }
  }
  read(a: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    for (let i = 0; i < len; i++) out[i] = this.load8((a + i) >>> 0)
    return out
  }
  write(a: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.store8((a + i) >>> 0, bytes[i]!)
  }

  /** A byte, or -1 where the access would fault (vsprintf's probes). */
  peek8(a: number): number {
    const pa = this.mmu.translate(a >>> 0, false)
    return pa < 0 ? -1 : this.mmu.mm.phys.read8(pa)
  }
  peek32(a: number): number | null {
    if (this.mmu.translate(a >>> 0, false) < 0 || this.mmu.translate((a + 3) >>> 0, false) < 0) return null
    return this.mmu.read32(a >>> 0)
  }
  /** A NUL-terminated string (at most max bytes), or null on a fault. */
  cstring(a: number, max = 4096): string | null {
    let s = ''
    for (let i = 0; i < max; i++) {
      const c = this.peek8((a + i) >>> 0)
      if (c < 0) return null
      if (c === 0) break
      s += String.fromCharCode(c)
    }
    return s
  }

  /** memmove over kernel virtual memory (faults as the C access would). */
  copy(d: number, s: number, n: number): void {
    if (n <= 0) return
    const bytes = new Uint8Array(n)
    for (let i = 0; i < n; i++) bytes[i] = this.load8((s + i) >>> 0)
    for (let i = 0; i < n; i++) this.store8((d + i) >>> 0, bytes[i]!)
  }
  /** memset. */
  fill(d: number, v: number, n: number): void {
    try {
      this.mmu.memset(d >>> 0, v & 0xff, n)
    } catch (e) {
      this.fail(e, d, 'write', 1)
    }
  }
}
