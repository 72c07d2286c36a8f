/*
 * arch/arm/mm/mmu.c + fault.c (the kernel half): the kernel's page tables in
 * simulated RAM and the address translation the MMU does with them.
 *
 *  - swapper_pg_dir (16 KiB at phys 0x60004000) holds the L1 table; lowmem
 *    [PAGE_OFFSET, high_memory) is mapped with 1 MiB sections (map_lowmem);
 *  - vmalloc, ioremap, module, pkmap and fixmap pages are mapped through PTE
 *    pages allocated on demand (pte_alloc_kernel), laid out as Linux/ARM does
 *    (see pgtable.ts); the pkmap PTE page is the one paging_init() took from
 *    memblock ("pte (pkmap)"), the others come from the buddy allocator;
 *  - translate(va) walks the table the hardware way and returns the physical
 *    address, or -1 with the fault (FSR, name, *pgd) in `fault`, as
 *    do_DataAbort/show_pte would print it. Lowmem takes a fast path (no
 *    walk) with the same result.
 *  - loads and stores of 1, 2, 4 and 8 bytes go through translate() onto
 *    PhysMem.
 *
 * Kernel PTE pages are not accounted in NR_PAGETABLE (pte_alloc_one_kernel
 * does not call the page-table ctor), as in 6.1.
 *
 * Left out: user page tables (a process pgd can be passed to translate()),
 * permission faults on read-only kernel text (the sections are RW/RWX as
 * before mark_rodata_ro), TLB maintenance, the vectors page and the
 * static I/O mappings above VMALLOC_END.
 */

import type { KernelContext } from '../../kernel/context'
import { __GFP_ACCOUNT, __GFP_HIGHMEM, __GFP_ZERO, GFP_KERNEL } from '../../mm/gfp'
import type { Mm } from '../../mm/mm_init'
import { KERNEL_IMAGE } from '../../mm/mm_init'
import { PAGE_SIZE, PageOwner } from '../../mm/mmzone'
import { NR_PAGETABLE } from '../../mm/vmstat'
import {
  _PAGE_KERNEL_TABLE, _PAGE_USER_TABLE, DOMAIN_USER, FSR_FS_PAGE_DOMAIN, FSR_FS_PAGE_TRANSLATION, FSR_FS_SECTION_DOMAIN,
  FSR_FS_SECTION_TRANSLATION, FSR_WRITE, PAGE_OFFSET, PHYS_OFFSET, PMD_TYPE_MASK, PMD_TYPE_SECT, PMD_TYPE_TABLE,
  PROT_SECT_MEMORY_RW, PROT_SECT_MEMORY_RWX, PTE_HWTABLE_OFF, PTE_TYPE_SMALL, SECTION_SIZE, TASK_SIZE, fsr_names, hw_pte,
  L_PTE_PRESENT
} from './pgtable'

/** What an Oops prints about a failed kernel access. */
export interface MmuFault {
  addr: number
  write: boolean
  /** DFSR value, e.g. 0x81b */
  fsr: number
  /** fsr_info[] name, e.g. "page domain fault" */
  name: string
  /** pgd_val(*pgd): the even L1 entry of the pair covering addr */
  pgd: number
}

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')
/** Simulated RAM is little-endian; word stores through an Int32Array view need the host to be too. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

export class KernelMmu {
  /** Physical address of swapper_pg_dir. */
  readonly swapper_pg_dir: number = KERNEL_IMAGE.swapper_pg_dir
  /** The last fault (valid after translate() returned -1). */
  fault: MmuFault = { addr: 0, write: false, fsr: 0, name: '', pgd: 0 }
  /** PTE pages this MMU allocated from the buddy allocator (pfns). */
  readonly ptePages = new Set<number>()
  private lowmemEnd = 0
  /** pkmap's PTE page from memblock, if paging_init reserved one. */
  private pkmapPte = -1
  /** Process page directory the MMU walks for user addresses (set by the process layer). */
  userPgd = -1
  /** Inside uaccess_save_and_enable(): the user domain is client (copy_to_user and friends reach user pages). */
  uaccess = false

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm
  ) {
    this.lowmemEnd = mm.layout.high_memory
    const r = mm.memblock.reserved.find((x) => x.name === 'pte (pkmap)')
    if (r) this.pkmapPte = r.base
  }

  /** map_lowmem(): section entries for [PAGE_OFFSET, high_memory). Kernel text sections stay RWX. */
  paging_init(): void {
    const ph = this.mm.phys
    const textEnd = KERNEL_IMAGE._etext
    for (let va = PAGE_OFFSET; va < this.lowmemEnd; va += SECTION_SIZE) {
      const pa = va - PAGE_OFFSET + PHYS_OFFSET
      const prot = pa < textEnd ? PROT_SECT_MEMORY_RWX : PROT_SECT_MEMORY_RW
      this.w32(this.swapper_pg_dir + (va >>> 20) * 4, (pa | prot) >>> 0)
    }
  }

  /* ---- table access ---- */

  /** A little-endian word of simulated RAM (one frame lookup instead of four byte reads). */
  r32(pa: number): number {
    const f = this.mm.phys.peek(pa >>> 12)
    if (!f) return 0
    const o = pa & 4095
    return (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0
  }
  w32(pa: number, v: number): void {
    const f = this.mm.phys.peek(pa >>> 12)
    if (!f) {
      if (v !== 0) this.mm.phys.write(pa, 4, v)
      return
    }
    const o = pa & 4095
    f[o] = v
    f[o + 1] = v >>> 8
    f[o + 2] = v >>> 16
    f[o + 3] = v >>> 24
  }
  pgdEntry(va: number, pgdBase: number = this.swapper_pg_dir): number {
    return this.r32(pgdBase + (va >>> 20) * 4)
  }

  /**
   * pte_alloc_kernel(): the PTE page serving va's 2 MiB pair, allocated and
   * hooked into both L1 entries if absent. Returns its physical address or -1.
   */
  pte_alloc_kernel(va: number): number {
    const ph = this.mm.phys
    const even = this.swapper_pg_dir + ((va >>> 21) << 1) * 4
    const l1 = this.r32(even)
    if ((l1 & PMD_TYPE_MASK) === PMD_TYPE_TABLE) return (l1 & 0xfffff000) >>> 0
    if ((l1 & PMD_TYPE_MASK) === PMD_TYPE_SECT) throw new Error(`pte_alloc_kernel: ${hex8(va)} is section-mapped`)
    let page: number
    if (this.pkmapPte >= 0 && va >>> 21 === 0xbfe00000 >>> 21) page = this.pkmapPte
    else {
      const pfn = this.mm.pa.alloc_pages(GFP_KERNEL | __GFP_ZERO, 0, PageOwner.PAGETABLE)
      if (pfn < 0) return -1
      this.ptePages.add(pfn)
      page = pfn * PAGE_SIZE
    }
    this.w32(even, (page + PTE_HWTABLE_OFF) | _PAGE_KERNEL_TABLE)
    this.w32(even + 4, (page + PTE_HWTABLE_OFF + 1024) | _PAGE_KERNEL_TABLE)
    return page
  }

  /** set_pte_ext() for a kernel address: the Linux PTE and its hardware twin. Returns false if no PTE page could be had. */
  set_pte(va: number, linuxPte: number): boolean {
    const page = this.pte_alloc_kernel(va)
    if (page < 0) return false
    const idx = (va >>> 12) & 511
    const ph = this.mm.phys
    this.w32(page + idx * 4, linuxPte >>> 0)
    // hardware tables: entries for the even MiB at +0x800, odd MiB at +0xc00
    this.w32(page + PTE_HWTABLE_OFF + idx * 4, hw_pte(linuxPte))
    return true
  }

  /** map one page: vmap_pte_range / set_fixmap / kmap_high. */
  map_kernel_page(va: number, pfn: number, prot: number): boolean {
    return this.set_pte(va, ((pfn * PAGE_SIZE) | prot) >>> 0)
  }

  /**
   * vmap_pages_range() / ioremap_page_range(): n consecutive pages from va,
   * the frames pfns[0..n) (or physPfn, physPfn+1, ... when pfns is null).
   * The same entries, PTE pages and order of PTE-page allocations as n
   * map_kernel_page() calls (a missing table is allocated when the walk
   * reaches its 2 MiB pair); what is batched is the walk itself: each PTE
   * page is looked up once and its entries are stored as words. False if a
   * PTE page could not be had (the pages before it stay mapped).
   */
  map_kernel_range(va: number, pfns: Int32Array | null, physPfn: number, n: number, prot: number): boolean {
    // hw_pte() of a present entry is the frame's address | bits that depend on prot alone
    if (!HOST_LITTLE_ENDIAN || prot <= 0 || prot >= PAGE_SIZE) return this.map_kernel_pages(va, pfns, physPfn, n, prot)
    const hwBits = hw_pte(prot)
    const ph = this.mm.phys
    for (let k = 0; k < n; ) {
      const v = va + k * PAGE_SIZE
      const page = this.pte_alloc_kernel(v)
      if (page < 0) return false
      const idx = (v >>> 12) & 511
      const cnt = Math.min(n - k, 512 - idx)
      if (page & (PAGE_SIZE - 1)) {
        if (!this.map_kernel_pages(v, pfns ? pfns.subarray(k, k + cnt) : null, physPfn + k, cnt, prot)) return false
        k += cnt
        continue
      }
      const f = ph.buffer(page / PAGE_SIZE)
      const w = new Int32Array(f.buffer, f.byteOffset, PAGE_SIZE / 4)
      const hw = PTE_HWTABLE_OFF / 4 + idx
      for (let j = 0; j < cnt; j++) {
        const pa = (pfns ? pfns[k + j]! : physPfn + k + j) * PAGE_SIZE
        w[idx + j] = pa | prot
        w[hw + j] = hwBits ? pa | hwBits : 0
      }
      k += cnt
    }
    return true
  }
  private map_kernel_pages(va: number, pfns: Int32Array | null, physPfn: number, n: number, prot: number): boolean {
    for (let i = 0; i < n; i++) if (!this.map_kernel_page(va + i * PAGE_SIZE, pfns ? pfns[i]! : physPfn + i, prot)) return false
    return true
  }

  /**
   * vunmap_range(): pte_clear() for n consecutive pages from va, one PTE
   * page (one MiB of its entries) at a time; MiBs without a table are
   * skipped, as unmap_kernel_page() skips their pages.
   */
  unmap_kernel_range(va: number, n: number): void {
    const ph = this.mm.phys
    for (let k = 0; k < n; ) {
      const v = va + k * PAGE_SIZE
      const cnt = Math.min(n - k, 256 - ((v >>> 12) & 255))
      const l1 = this.pgdEntry(v)
      if ((l1 & PMD_TYPE_MASK) === PMD_TYPE_TABLE) {
        const page = ((l1 & 0xfffffc00) >>> 0) - ((v >>> 20) & 1 ? PTE_HWTABLE_OFF + 1024 : PTE_HWTABLE_OFF)
        if (page & (PAGE_SIZE - 1)) {
          for (let j = 0; j < cnt; j++) this.unmap_kernel_page(v + j * PAGE_SIZE)
        } else {
          // an entry of a frame without a buffer already reads 0
          const f = ph.peek(page / PAGE_SIZE)
          if (f) {
            const idx = (v >>> 12) & 511
            f.fill(0, idx * 4, (idx + cnt) * 4)
            f.fill(0, PTE_HWTABLE_OFF + idx * 4, PTE_HWTABLE_OFF + (idx + cnt) * 4)
          }
        }
      }
      k += cnt
    }
  }

  /** pte_clear(): the page is no longer mapped at va. */
  unmap_kernel_page(va: number): void {
    const l1 = this.pgdEntry(va)
    if ((l1 & PMD_TYPE_MASK) !== PMD_TYPE_TABLE) return
    const page = ((l1 & 0xfffffc00) >>> 0) - ((va >>> 20) & 1 ? PTE_HWTABLE_OFF + 1024 : PTE_HWTABLE_OFF)
    const idx = (va >>> 12) & 511
    this.w32(page + idx * 4, 0)
    this.w32(page + PTE_HWTABLE_OFF + idx * 4, 0)
  }

  /** The Linux PTE for a kernel va (0 if none). */
  linux_pte(va: number, pgdBase: number = this.swapper_pg_dir): number {
    const l1 = this.pgdEntry(va, pgdBase)
    if ((l1 & PMD_TYPE_MASK) !== PMD_TYPE_TABLE) return 0
    const page = (((va >>> 20) & 1 ? (l1 & 0xfffffc00) - 1024 : l1 & 0xfffffc00) - PTE_HWTABLE_OFF) >>> 0
    return this.r32(page + ((va >>> 12) & 511) * 4)
  }

  /**
   * pgd_alloc() (arch/arm/mm/pgd.c): a process page directory, 16 KiB
   * (order 2), user entries empty, kernel entries copied from swapper_pg_dir.
   * Returns its physical address or -1.
   */
  pgd_alloc(): number {
    const pfn = this.mm.pa.alloc_pages(GFP_KERNEL | __GFP_ZERO, 2, PageOwner.PAGETABLE)
    if (pfn < 0) return -1
    const pgd = pfn * PAGE_SIZE
    const ph = this.mm.phys
    for (let i = TASK_SIZE >>> 20; i < 4096; i++) {
      const e = this.r32(this.swapper_pg_dir + i * 4)
      if (e) this.w32(pgd + i * 4, e)
    }
    return pgd
  }

  /**
   * A user PTE page under `pgd` for va (pte_alloc_one: GFP_PGTABLE_USER with
   * __GFP_HIGHMEM, CONFIG_HIGHPTE), hooked with _PAGE_USER_TABLE; its
   * physical address or -1.
   */
  user_pte_alloc(pgd: number, va: number): number {
    const ph = this.mm.phys
    const even = pgd + ((va >>> 21) << 1) * 4
    const l1 = this.r32(even)
    if ((l1 & PMD_TYPE_MASK) === PMD_TYPE_TABLE) return (l1 & 0xfffff000) >>> 0
    const pfn = this.mm.pa.alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_HIGHMEM | __GFP_ACCOUNT, 0, PageOwner.PAGETABLE)
    if (pfn < 0) return -1
    this.mm.mod_node_page_state(NR_PAGETABLE, 1) // pgtable_pte_page_ctor()
    const page = pfn * PAGE_SIZE
    this.w32(even, (page + PTE_HWTABLE_OFF) | _PAGE_USER_TABLE)
    this.w32(even + 4, (page + PTE_HWTABLE_OFF + 1024) | _PAGE_USER_TABLE)
    return page
  }

  /* ---- translation ---- */

  /**
   * The MMU's walk for a privileged access: physical address, or -1 with
   * this.fault filled. Kernel mode with CPU_SW_DOMAIN_PAN: the user domain
   * is "no access" outside uaccess, so any access through a user-domain L1
   * entry is a domain fault.
   */
  translate(va: number, write = false): number {
    va >>>= 0
    if (va >= PAGE_OFFSET && va < this.lowmemEnd) return va - PAGE_OFFSET + PHYS_OFFSET
    const base = va < TASK_SIZE && this.userPgd >= 0 ? this.userPgd : this.swapper_pg_dir
    const ph = this.mm.phys
    const l1 = this.r32(base + (va >>> 20) * 4)
    const type = l1 & PMD_TYPE_MASK
    const domain = (l1 >>> 5) & 15
    if (type === PMD_TYPE_SECT) {
      if (domain === DOMAIN_USER && !this.uaccess) return this.fail(va, write, FSR_FS_SECTION_DOMAIN, domain, base)
      return ((l1 & 0xfff00000) >>> 0) + (va & (SECTION_SIZE - 1))
    }
    if (type !== PMD_TYPE_TABLE) return this.fail(va, write, FSR_FS_SECTION_TRANSLATION, 0, base)
    if (domain === DOMAIN_USER && !this.uaccess) return this.fail(va, write, FSR_FS_PAGE_DOMAIN, domain, base)
    const hw = this.r32(((l1 & 0xfffffc00) >>> 0) + ((va >>> 12) & 255) * 4)
    if ((hw & 3) !== PTE_TYPE_SMALL && (hw & 3) !== 3) return this.fail(va, write, FSR_FS_PAGE_TRANSLATION, domain, base)
    return ((hw & 0xfffff000) >>> 0) + (va & 4095)
  }

  private fail(va: number, write: boolean, fs: number, domain: number, base: number): number {
    const f = this.fault
    f.addr = va
    f.write = write
    f.fsr = (write ? FSR_WRITE : 0) | (domain << 4) | fs
    f.name = fsr_names[fs]!
    f.pgd = this.r32(base + ((va >>> 21) << 1) * 4)
    return -1
  }

  /** Is va mapped (readable) in the kernel's view? */
  is_mapped(va: number): boolean {
    return this.translate(va) >= 0
  }

  /**
   * show_pte(): "[%08lx] *pgd=%08llx" and, for a table, ", *pte=…, *ppte=…";
   * a section prints "(bad)" (pmd_bad).
   */
  show_pte(addr: number, pgdBase: number = this.swapper_pg_dir): string {
    const ph = this.mm.phys
    const pgd = this.r32(pgdBase + ((addr >>> 21) << 1) * 4)
    let s = `[${hex8(addr)}] *pgd=${hex8(pgd)}`
    if (pgd === 0) return s
    if (pgd & 2) return s + '(bad)'
    // "We must not map this if we have highmem enabled": a PTE page in HighMem (HIGHPTE user tables) stops here
    if (this.mm.PageHighMem(Math.floor(((pgd & 0xfffff000) >>> 0) / PAGE_SIZE))) return s
    // pte_offset_map(): the Linux entry in the PTE page, the hardware one PTE_HWTABLE_PTRS later
    const linuxBase = (pgd & 0xfffff000) >>> 0
    const idx = (addr >>> 12) & 511
    s += `, *pte=${hex8(this.r32(linuxBase + idx * 4))}, *ppte=${hex8(this.r32(linuxBase + PTE_HWTABLE_OFF + idx * 4))}`
    return s
  }

  /* ---- loads and stores on the frames' bytes ---- */
  private pa(va: number, write: boolean): number {
    const pa = this.translate(va, write)
    if (pa < 0) throw new KernelFault(this.fault)
    return pa
  }
  /** True if an access of `size` bytes at va stays in one page (the common case: one translation). */
  private static inPage(va: number, size: number): boolean {
    return (va & 4095) + size <= 4096
  }
  /** A little-endian load that crosses a page: each byte translated on its own, as the CPU splits it. */
  private readSplit(va: number, size: number): number {
    let v = 0
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.mm.phys.read8(this.pa(va + i, false))
    return v
  }
  private writeSplit(va: number, size: number, v: number): void {
    for (let i = 0; i < size; i++) this.pa(va + i, true) // fault before any byte is written
    for (let i = 0; i < size; i++) {
      this.mm.phys.write8(this.pa(va + i, true), v & 0xff)
      v = Math.floor(v / 256)
    }
  }
  read8(va: number): number {
    return this.mm.phys.read8(this.pa(va, false))
  }
  read16(va: number): number {
    return KernelMmu.inPage(va, 2) ? this.mm.phys.read(this.pa(va, false), 2) : this.readSplit(va, 2)
  }
  read32(va: number): number {
    return KernelMmu.inPage(va, 4) ? this.r32(this.pa(va, false)) : this.readSplit(va, 4)
  }
  read64(va: number): bigint {
    return (BigInt(this.read32(va + 4)) << 32n) | BigInt(this.read32(va))
  }
  write8(va: number, v: number): void {
    this.mm.phys.write8(this.pa(va, true), v)
  }
  write16(va: number, v: number): void {
    if (KernelMmu.inPage(va, 2)) this.mm.phys.write(this.pa(va, true), 2, v)
    else this.writeSplit(va, 2, v & 0xffff)
  }
  write32(va: number, v: number): void {
    if (KernelMmu.inPage(va, 4)) this.w32(this.pa(va, true), v >>> 0)
    else this.writeSplit(va, 4, v >>> 0)
  }
  write64(va: number, v: bigint): void {
    if (!KernelMmu.inPage(va, 8)) {
      this.pa(va, true)
      this.pa(va + 7, true)
    }
    this.write32(va, Number(v & 0xffffffffn))
    this.write32(va + 4, Number((v >> 32n) & 0xffffffffn))
  }
  /** memset over kernel virtual memory, page by page. */
  memset(va: number, byte: number, len: number): void {
    let done = 0
    while (done < len) {
      const a = va + done
      const n = Math.min(len - done, 4096 - (a & 4095))
      const pa = this.translate(a, true)
      if (pa < 0) throw new KernelFault(this.fault)
      this.mm.phys.fill(pa, n, byte)
      done += n
    }
  }

  /* ---- asm/memory.h conversions ---- */
  __pa(va: number): number {
    return va - PAGE_OFFSET + PHYS_OFFSET
  }
  __va(pa: number): number {
    return pa - PHYS_OFFSET + PAGE_OFFSET
  }
  phys_to_virt(pa: number): number {
    return this.__va(pa)
  }
  virt_to_phys(va: number): number {
    return this.__pa(va)
  }
  /** virt_to_page(): pfn of a lowmem address. */
  virt_to_page(va: number): number {
    return Math.floor(this.__pa(va) / PAGE_SIZE)
  }
  page_to_phys(pfn: number): number {
    return pfn * PAGE_SIZE
  }
  virt_addr_valid(va: number): boolean {
    return va >= PAGE_OFFSET && va < this.lowmemEnd && this.mm.pgdat.pfn_valid(this.virt_to_page(va))
  }
  /** Free the PTE pages (reboot of a test machine). */
  get nr_pte_pages(): number {
    return this.ptePages.size
  }
  present(pte: number): boolean {
    return (pte & L_PTE_PRESENT) !== 0
  }
}

/** A kernel access that faulted: the Oops layer catches it and prints the report. */
export class KernelFault extends Error {
  constructor(readonly f: MmuFault) {
    super(`Unhandled fault: ${f.name} (0x${f.fsr.toString(16).padStart(3, '0')}) at 0x${hex8(f.addr)}`)
  }
}
