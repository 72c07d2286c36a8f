/*
 * mm/mmap.c: creating and removing VMAs — mmap (anonymous and file),
 * munmap, brk — with the accounting /proc prints (total_vm, data_vm,
 * exec_vm, stack_vm) and Committed_AS (vm_committed_as, for private writable
 * mappings, VM_ACCOUNT).
 *
 * Addresses: the top-down layout ARM uses (arch_pick_mmap_layout):
 * mmap_base = TASK_SIZE - max(stack rlimit + guard, 128 MiB) - random,
 * so the first anonymous mmap lands just below 0xb7000000; brk grows the
 * heap upward from the end of the program's data.
 *
 * Left out: overcommit heuristics (overcommit_memory=0 accepts anything not
 * larger than RAM + swap), VMA merging of adjacent anonymous mappings
 * beyond the simple case, mprotect, mremap, MAP_FIXED over existing VMAs.
 */

import type { ProcessMemory } from './memory'
import {
  type AddressSpace, type MmStruct, VM_ACCOUNT, VM_EXEC, VM_GROWSDOWN, VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE, VM_READ,
  VM_SHARED, VM_WRITE, VmArea
} from './mm_types'

export const PAGE_SIZE = 4096
export const PROT_READ = 1
export const PROT_WRITE = 2
export const PROT_EXEC = 4
export const MAP_SHARED = 1
export const MAP_PRIVATE = 2
export const MAP_ANONYMOUS = 0x20
/** MAP_FAILED's errno values returned as negatives. */
export const ENOMEM = 12
export const EINVAL = 22

const PAGE_ALIGN = (x: number): number => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE

/** vm_stat_account(): the per-kind VM counters. */
export function vm_stat_account(mm: MmStruct, flags: number, npages: number): void {
  mm.total_vm += npages
  if ((flags & (VM_EXEC | VM_WRITE)) === VM_EXEC) mm.exec_vm += npages
  else if (flags & VM_GROWSDOWN) mm.stack_vm += npages
  else if ((flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) mm.data_vm += npages
  mm.update_hiwater()
}

export class Mmap {
  constructor(
    readonly pm: ProcessMemory,
    /** totalram_pages + total swap pages: the most one mapping may commit. */
    readonly commitLimitPages: () => number
  ) {}

  /** Insert a VMA with its accounting. */
  add_vma(mm: MmStruct, vma: VmArea): VmArea {
    if ((vma.flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) {
      vma.flags |= VM_ACCOUNT
      this.pm.mm.vm_committed_as += vma.pages
    }
    mm.insert_vma(vma)
    vm_stat_account(mm, vma.flags, vma.pages)
    return vma
  }

  /** get_unmapped_area() top-down: the highest gap below mmap_base that fits. */
  get_unmapped_area(mm: MmStruct, len: number): number {
    let top = mm.mmap_base
    for (let i = mm.vmas.length - 1; i >= 0; i--) {
      const v = mm.vmas[i]!
      if (v.start >= top) continue
      if (v.end <= top - len) return top - len
      top = Math.min(top, v.start)
    }
    return top - len >= PAGE_SIZE * 16 ? top - len : -ENOMEM
  }

  /**
   * do_mmap(): a new mapping of len bytes; returns its address or -errno.
   * Anonymous unless `file` is given.
   */
  do_mmap(mm: MmStruct, len: number, prot: number, flags: number, file: AddressSpace | null = null, pgoff = 0, name = ''): number {
    if (len <= 0) return -EINVAL
    len = PAGE_ALIGN(len)
    if (len / PAGE_SIZE > this.commitLimitPages() && (prot & PROT_WRITE) && !(flags & MAP_SHARED)) return -ENOMEM
    const addr = this.get_unmapped_area(mm, len)
    if (addr < 0) return addr
    let vf = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
    if (prot & PROT_READ) vf |= VM_READ
    if (prot & PROT_WRITE) vf |= VM_WRITE
    if (prot & PROT_EXEC) vf |= VM_EXEC
    if (flags & MAP_SHARED) vf |= VM_SHARED | 0x80
    this.add_vma(mm, new VmArea(addr, addr + len, vf, file, pgoff, name))
    return addr
  }

  /** do_munmap(): remove [addr, addr+len), splitting VMAs at the edges. 0 or -errno. */
  do_munmap(mm: MmStruct, addr: number, len: number): number {
    if (addr & (PAGE_SIZE - 1) || len <= 0) return -EINVAL
    const end = addr + PAGE_ALIGN(len)
    const keep: VmArea[] = []
    for (const v of mm.vmas) {
      if (v.end <= addr || v.start >= end) {
        keep.push(v)
        continue
      }
      const s = Math.max(v.start, addr)
      const e = Math.min(v.end, end)
      this.pm.zap_range(mm, v, s, e)
      const n = (e - s) / PAGE_SIZE
      vm_stat_account(mm, v.flags, -n)
      if (v.flags & VM_ACCOUNT) this.pm.mm.vm_committed_as -= n
      if (v.start < s) keep.push(new VmArea(v.start, s, v.flags, v.file, v.pgoff, v.name))
      if (e < v.end) keep.push(new VmArea(e, v.end, v.flags, v.file, v.pgoff + (e - v.start) / PAGE_SIZE, v.name))
    }
    mm.vmas = keep
    return 0
  }

  /**
   * sys_brk(): move the program break; returns the new break (the old one
   * when the request is refused, as the syscall does).
   */
  brk(mm: MmStruct, newbrk: number): number {
    if (newbrk < mm.start_brk) return mm.brk
    const oldEnd = PAGE_ALIGN(mm.brk)
    const newEnd = PAGE_ALIGN(newbrk)
    let heap = mm.vmas.find((v) => v.name === '[heap]') ?? null
    if (newEnd < oldEnd) {
      if (this.do_munmap(mm, newEnd, oldEnd - newEnd) < 0) return mm.brk
      heap = mm.vmas.find((v) => v.name === '[heap]') ?? null
      if (heap) heap.name = '[heap]'
    } else if (newEnd > oldEnd) {
      const next = mm.find_vma(oldEnd)
      if (next && next.start < newEnd + PAGE_SIZE && next !== heap) return mm.brk
      const n = (newEnd - oldEnd) / PAGE_SIZE
      if (n > this.commitLimitPages()) return mm.brk
      if (heap && heap.end === oldEnd) {
        heap.end = newEnd
        this.pm.mm.vm_committed_as += n
        vm_stat_account(mm, heap.flags, n)
      } else {
        this.add_vma(mm, new VmArea(oldEnd, newEnd, VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, null, 0, '[heap]'))
      }
    }
    mm.brk = newbrk
    return newbrk
  }
}
