/*
 * include/linux/mm_types.h: struct mm_struct and struct vm_area_struct as
 * the process layer needs them (VMAs, RSS counters, page-table accounting,
 * the layout fields /proc/PID/stat and status print).
 *
 * The page tables themselves live in simulated RAM (memory.ts writes them);
 * `ptes` only remembers which PTE page serves each 2 MiB pair so exit and
 * reclaim need not walk all 2048 pgd pairs.
 *
 * Left out: threads sharing an mm (one task per mm), mm_users/mm_count
 * distinctions, the maple tree (a sorted array of VMAs serves), anon_vma.
 */

/* vm_flags (include/linux/mm.h) */
export const VM_READ = 0x1
export const VM_WRITE = 0x2
export const VM_EXEC = 0x4
export const VM_SHARED = 0x8
export const VM_MAYREAD = 0x10
export const VM_MAYWRITE = 0x20
export const VM_MAYEXEC = 0x40
export const VM_MAYSHARE = 0x80
export const VM_GROWSDOWN = 0x100
export const VM_ACCOUNT = 0x100000
export const VM_SPECIAL_MAPPING = 0x40000000 // not a kernel bit: [vdso]/[sigpage] (no RSS, no faults)

/* enum rss counters (include/linux/mm_types_task.h) */
export const MM_FILEPAGES = 0
export const MM_ANONPAGES = 1
export const MM_SWAPENTS = 2
export const MM_SHMEMPAGES = 3
export const NR_MM_COUNTERS = 4

/**
 * A file's page cache as a mapping sees it (struct address_space): the pfn
 * holding each page index, -1 when not cached. `shmem` files (tmpfs,
 * the initramfs rootfs) count as MM_SHMEMPAGES in a mapper's RSS.
 */
export interface AddressSpace {
  path: string
  /** st_dev as /proc/PID/maps prints it ("00:02") */
  dev: string
  ino: number
  shmem: boolean
  /** pfn per page index, -1 if absent */
  pages: Int32Array
}

export class VmArea {
  constructor(
    public start: number,
    public end: number,
    public flags: number,
    /** The mapped file, or null for anonymous memory. */
    public file: AddressSpace | null,
    /** Page offset in the file of `start`. */
    public pgoff: number,
    /** [heap], [stack], [vdso], [sigpage] or '' */
    public name = ''
  ) {}

  get pages(): number {
    return (this.end - this.start) / 4096
  }

  /** The rwxp column of /proc/PID/maps. */
  permString(): string {
    const f = this.flags
    return (f & VM_READ ? 'r' : '-') + (f & VM_WRITE ? 'w' : '-') + (f & VM_EXEC ? 'x' : '-') + (f & VM_SHARED ? 's' : 'p')
  }
}

let nextMmId = 1

/** The scalar fields of MmStruct, by name (snapshots). */
export const MM_STRUCT_SCALARS = [
  'pgd', 'total_vm', 'locked_vm', 'pinned_vm', 'data_vm', 'exec_vm', 'stack_vm', 'pgtables_bytes', 'hiwater_rss',
  'hiwater_vm', 'start_code', 'end_code', 'start_data', 'end_data', 'start_brk', 'brk', 'start_stack', 'arg_start',
  'arg_end', 'env_start', 'env_end', 'mmap_base'
] as const

export class MmStruct {
  /** A small integer naming this mm in the per-frame reverse map (memory.ts). */
  readonly id: number
  /** Physical address of the 16 KiB pgd, or -1 once freed. */
  pgd = -1
  /** Sorted, non-overlapping VMAs. */
  vmas: VmArea[] = []
  readonly rss = new Float64Array(NR_MM_COUNTERS)
  /** pgd pair index (va >>> 21) -> pfn of the PTE page serving it */
  readonly ptes = new Map<number, number>()
  total_vm = 0
  locked_vm = 0
  pinned_vm = 0
  data_vm = 0
  exec_vm = 0
  stack_vm = 0
  /** mm_pgtables_bytes(): 2048 per ARM PTE table (PTRS_PER_PTE * sizeof(pte_t)) */
  pgtables_bytes = 0
  hiwater_rss = 0
  hiwater_vm = 0
  start_code = 0
  end_code = 0
  start_data = 0
  end_data = 0
  start_brk = 0
  brk = 0
  start_stack = 0
  arg_start = 0
  arg_end = 0
  env_start = 0
  env_end = 0
  /** Top of the top-down mmap area. */
  mmap_base = 0
  /** MMF_OOM_SKIP: reaped or exiting; the OOM killer passes over it. */
  oom_skip = false

  /** A new mm, or (from a snapshot) the one that had `id`. */
  constructor(id?: number) {
    if (id === undefined) id = nextMmId++
    else if (id >= nextMmId) nextMmId = id + 1
    this.id = id
  }

  /**
   * get_mm_counter(): with SPLIT_RSS_COUNTING (6.1 on SMP) the faulting task
   * keeps its own increments and adds them every 64 faults, so the mm's
   * value lags and may even be below zero for a while; readers see >= 0.
   */
  get_mm_counter(member: number): number {
    const v = this.rss[member]!
    return v < 0 ? 0 : v
  }

  get_mm_rss(): number {
    return this.get_mm_counter(MM_FILEPAGES) + this.get_mm_counter(MM_ANONPAGES) + this.get_mm_counter(MM_SHMEMPAGES)
  }

  /** update_hiwater_rss/vm */
  update_hiwater(): void {
    const r = this.get_mm_rss()
    if (r > this.hiwater_rss) this.hiwater_rss = r
    if (this.total_vm > this.hiwater_vm) this.hiwater_vm = this.total_vm
  }

  /** find_vma(): the first VMA whose end is above addr (it may start above addr too). */
  find_vma(addr: number): VmArea | null {
    const v = this.vmas
    let lo = 0
    let hi = v.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (v[mid]!.end <= addr) lo = mid + 1
      else hi = mid
    }
    return lo < v.length ? v[lo]! : null
  }

  /** The VMA containing addr, or null. */
  vma_lookup(addr: number): VmArea | null {
    const v = this.find_vma(addr)
    return v && v.start <= addr ? v : null
  }

  insert_vma(vma: VmArea): void {
    const i = this.vmas.findIndex((v) => v.start >= vma.end)
    if (i < 0) this.vmas.push(vma)
    else this.vmas.splice(i, 0, vma)
  }
}
