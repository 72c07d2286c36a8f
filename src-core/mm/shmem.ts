/*
 * mm/shmem.c, reduced to what the process layer maps: the initramfs
 * unpacked into rootfs (a tmpfs), whose pages are shmem page cache —
 * swap-backed, on the anon LRU, counted in Cached, Shmem and (while mapped)
 * Mapped. Every busybox process maps /bin/busybox from it, which is why the
 * reference's OOM report shows dd with shmem-rss:780kB.
 *
 * Sizes (boot-1024.log "meminfo (before)"): Shmem 2196 kB = 549 pages, of
 * which /bin/busybox (the static Debian 1.35 binary: 309 pages of text and
 * 2 of data) is one file and the rest the other initramfs files.
 *
 * tmpfs files are VM_NORESERVE: each page is charged to Committed_AS when
 * it is allocated (shmem_acct_block -> vm_acct_memory), which is why the
 * reference's Committed_AS is 2812 kB = 2196 kB of initramfs + 2 processes
 * of 308 kB (see fork.ts).
 *
 * Files written after boot: alloc_file_page()/free_file_page() are the
 * page-cache side of the VFS's tmpfs (fs/ramfs.ts), which page_cache()
 * hands to it: a file's bytes are its frames' bytes. A page allocated for
 * a write(2) has the write path on the simulated call chain, so an OOM
 * report from a tmpfs write shows it (the offsets are estimates: the
 * reference has no tmpfs-write OOM).
 *
 * Left out: shmem swap-out (tmpfs pages stay resident: with or without swap
 * they are not reclaimed here, and drop_caches never touches them, which is
 * right for shmem), huge pages, the shmem inode accounting.
 */

import { GFP_HIGHUSER_MOVABLE } from './gfp'
import type { ProcessMemory } from './memory'
import { LRU_INACTIVE_ANON } from './memory'
import { PageOwner } from './mmzone'
import type { AddressSpace } from './mm_types'
import { NR_FILE_PAGES, NR_SHMEM } from './vmstat'
import type { PageCache, PageCacheSlots } from '../fs/ramfs'

/** write(2) on a tmpfs file down to the page allocation, outermost first (6.1 names, estimated offsets). */
const SHMEM_WRITE_FRAMES = [
  { fn: 'ret_fast_syscall', off: 0x0, size: 0x54 },
  { fn: 'ksys_write', off: 0x68, size: 0xe4 },
  { fn: 'vfs_write', off: 0x1e0, size: 0x3f8 },
  { fn: 'generic_file_write_iter', off: 0x64, size: 0xd0 },
  { fn: '__generic_file_write_iter', off: 0x94, size: 0x1c4 },
  { fn: 'generic_perform_write', off: 0xc8, size: 0x210 },
  { fn: 'shmem_write_begin', off: 0x5c, size: 0xe0 },
  { fn: 'shmem_get_folio_gfp', off: 0x2b8, size: 0x8c4 },
  { fn: 'shmem_alloc_and_acct_folio', off: 0xac, size: 0x270 },
  { fn: 'shmem_alloc_folio', off: 0x6c, size: 0x98 },
  { fn: 'vma_alloc_folio', off: 0x9c, size: 0x1f4 },
  { fn: '__folio_alloc', off: 0x10, size: 0x38 }
] as const

export const INITRAMFS_SHMEM_PAGES = 549
export const BUSYBOX_TEXT_PAGES = 309
export const BUSYBOX_DATA_PAGES = 2

export class Shmem {
  /** /bin/busybox's page cache. */
  busybox: AddressSpace | null = null
  /** Every shmem page the initramfs holds (pfns). */
  readonly pages: number[] = []

  /** The tmpfs file page each page-cache frame of a file written after boot holds (the mapping's xarray, reversed). */
  private readonly fileSlots = new Map<number, { file: PageCacheSlots; idx: number }>()

  constructor(readonly pm: ProcessMemory) {}

  /** A frame holding a tmpfs file's page (movable by compaction). */
  is_file_page(pfn: number): boolean {
    return this.fileSlots.has(pfn)
  }

  /** migrate_page() of a tmpfs file page: its file now finds it at newPfn (bytes, LRU and counters are the caller's). */
  migrate_file_page(oldPfn: number, newPfn: number): void {
    const slot = this.fileSlots.get(oldPfn)
    if (!slot) return
    this.fileSlots.delete(oldPfn)
    this.fileSlots.set(newPfn, slot)
    slot.file.replace_page(slot.idx, newPfn)
  }

  /** shmem_add_to_page_cache() for one new page. The pfn or -1. */
  private add_page(): number {
    const mm = this.pm.mm
    const pfn = mm.alloc_pages(GFP_HIGHUSER_MOVABLE, 0, PageOwner.PAGE_CACHE)
    if (pfn < 0) return -1
    mm.mod_node_page_state(NR_FILE_PAGES, 1)
    mm.mod_node_page_state(NR_SHMEM, 1)
    mm.vm_committed_as++ // shmem_acct_block()
    this.pm.lru_add(pfn, LRU_INACTIVE_ANON)
    this.pages.push(pfn)
    return pfn
  }

  /**
   * shmem_get_folio(SGP_WRITE) for a tmpfs file written after boot: a new
   * page counted in Cached, Shmem and Committed_AS, on the anon LRU. The
   * VFS's ramfs keeps the pfn per file page; -1 when memory ran out (the
   * write fails with ENOMEM). Compaction moves it through
   * migrate_file_page(); not swapped (no shmem swap-out).
   */
  alloc_file_page(): number {
    const mm = this.pm.mm
    const pfn = mm.alloc_pages(GFP_HIGHUSER_MOVABLE, 0, PageOwner.PAGE_CACHE)
    if (pfn < 0) return -1
    mm.mod_node_page_state(NR_FILE_PAGES, 1)
    mm.mod_node_page_state(NR_SHMEM, 1)
    mm.vm_committed_as++
    this.pm.lru_add(pfn, LRU_INACTIVE_ANON)
    return pfn
  }

  /** shmem_undo_range() for one page (truncate, unlink of the last link): the page is freed. */
  free_file_page(pfn: number): void {
    const mm = this.pm.mm
    this.pm.lru_del(pfn)
    mm.mod_node_page_state(NR_FILE_PAGES, -1)
    mm.mod_node_page_state(NR_SHMEM, -1)
    mm.vm_committed_as--
    mm.__free_pages(pfn, 0)
  }

  /**
   * The page cache as the VFS's tmpfs uses it: zeroed pages from
   * alloc_file_page() with the write path on the call chain, and the
   * frames' bytes in PhysMem.
   */
  page_cache(): PageCache {
    const phys = this.pm.mm.phys
    const chain = this.pm.mm.k.frames
    return {
      alloc_page: (file, idx) => {
        const depth = chain.length
        for (const f of SHMEM_WRITE_FRAMES) chain.push(f)
        try {
          const pfn = this.alloc_file_page()
          if (pfn >= 0) {
            // shmem_write_end zeroes what the write did not fill of a new page.
            phys.zeroFrames(pfn, 1)
            this.fileSlots.set(pfn, { file, idx })
          }
          return pfn
        } finally {
          chain.length = depth
        }
      },
      free_page: (pfn) => {
        this.fileSlots.delete(pfn)
        this.free_file_page(pfn)
      },
      read: (pfn, off, dst, dstOff, len) => {
        const f = phys.peek(pfn)
        if (f) dst.set(f.subarray(off, off + len), dstOff)
        else dst.fill(0, dstOff, dstOff + len)
      },
      write: (pfn, off, src) => phys.writeBytes(pfn * 4096 + off, src)
    }
  }

  /** populate_rootfs(): the initramfs' files become shmem pages. false if RAM ran out. */
  populate_rootfs(): boolean {
    const n = BUSYBOX_TEXT_PAGES + BUSYBOX_DATA_PAGES
    const bb: AddressSpace = { path: '/bin/busybox', dev: '00:02', ino: 25, shmem: true, pages: new Int32Array(n).fill(-1) }
    for (let i = 0; i < n; i++) {
      const pfn = this.add_page()
      if (pfn < 0) return false
      bb.pages[i] = pfn
    }
    this.busybox = bb
    for (let i = n; i < INITRAMFS_SHMEM_PAGES; i++) if (this.add_page() < 0) return false
    return true
  }
}
