/*
 * fs/ramfs and mm/shmem.c's tmpfs: directories and regular files kept in
 * memory. The root file system, /tmp, /dev/shm and /dev are such trees;
 * procfs/sysfs use their skeleton.
 *
 * Once the kernel has attached its page cache (Vfs.attachPageCache, at the
 * end of boot), a file's data lives in page-cache frames of simulated RAM:
 * each 4 KiB page of the file is one frame from shmem (GFP_HIGHUSER_MOVABLE,
 * counted in Cached/Shmem, on the anon LRU since shmem is swap-backed), the
 * bytes a program reads are the frame's bytes (the page-frame map's hexdump
 * shows the file), holes have no page, truncate and the last unlink free
 * them. A tmpfs mount's size limit (shmem_sb_info.max_blocks, half of RAM by
 * default) gives ENOSPC; a page the allocator cannot find (after reclaim and
 * the OOM killer) gives ENOMEM, as shmem_alloc_and_acct_folio does.
 *
 * Files made before that (the initramfs: /etc, the applets, the kernel
 * headers, the labs) keep their bytes in a JS buffer: their pages are the
 * initramfs pages mm/shmem.ts counts at boot (populate_rootfs), so counting
 * them again would double them. Such a file moves into the page cache when
 * it is truncated to zero (`> file`, O_TRUNC) and rewritten. A JS buffer
 * grows by doubling and may not pass RAMFS_MAX_FILE.
 *
 * Left out: an unlinked file that is still open loses its pages at unlink
 * (Linux keeps them until the last close), shmem swap-out, huge pages,
 * nr_inodes limits.
 */

import { EFBIG, ENOMEM, ENOSPC } from './errno'
import { FsError } from './errno'
import {
  type DirInode, type DirOps, type FileInode, type FileOps, type Inode, type InodeFactory, type SymlinkInode,
  inodeCommon
} from './inode'

/** A JS-buffered (initramfs) file may not grow past this (keeps a runaway `yes > f` from eating the host). */
export const RAMFS_MAX_FILE = 64 * 1024 * 1024

const PAGE_SIZE = 4096
/**
 * The page index a tmpfs file may be written at: 4 GiB, so its page table
 * (one Int32 per page, holes included) stays small on the host. Linux
 * allows sparse files up to MAX_LFS_FILESIZE; nothing on this board needs more.
 */
const TMPFS_MAX_PAGES = 1 << 20

/** The page cache as tmpfs uses it (mm/shmem.ts provides it). */
export interface PageCache {
  /**
   * shmem_alloc_and_acct_folio(): a new zeroed page-cache page for page
   * `idx` of `file`, its pfn, or -1 when memory ran out. The page cache
   * remembers the slot so migration (compaction) can move the page.
   */
  alloc_page(file: PageCacheSlots, idx: number): number
  /** shmem_undo_range() for one page. */
  free_page(pfn: number): void
  /** Copy `len` bytes at `off` in the frame into dst[dstOff..]. */
  read(pfn: number, off: number, dst: Uint8Array, dstOff: number, len: number): void
  /** Copy src into the frame at `off`. */
  write(pfn: number, off: number, src: Uint8Array): void
}

/** A file's page slots as migration sees them (struct address_space's xarray). */
export interface PageCacheSlots {
  /** Page `idx` now lives in `pfn` (folio_migrate_mapping()). */
  replace_page(idx: number, pfn: number): void
}

/** struct shmem_sb_info, reduced: one tmpfs instance's page cache and block limit. */
export class ShmemSb {
  /** Pages its files hold (used_blocks). */
  usedBlocks = 0
  constructor(
    readonly cache: PageCache,
    /** max_blocks; Infinity for the unlimited rootfs (a kernel mount). */
    public maxBlocks: number
  ) {}
}

export class RamFileOps implements FileOps, PageCacheSlots {
  private buf: Uint8Array
  private len: number
  /** The file's pages (pfn, -1 for a hole) once it lives in the page cache; null while JS-buffered. */
  private pages: Int32Array | null = null
  private sb: ShmemSb | null = null

  constructor(
    initial: Uint8Array = new Uint8Array(0),
    private readonly touch: () => void = () => {},
    /** The page cache of the file's tmpfs, once the kernel has one. */
    private readonly shmem: () => ShmemSb | null = () => null
  ) {
    const sb = shmem()
    if (sb && initial.length > 0) {
      this.buf = new Uint8Array(0)
      this.len = 0
      this.toPages(sb)
      this.pwrite(0, initial)
    } else {
      this.buf = initial.slice()
      this.len = initial.length
    }
  }

  /** Start keeping the data in page-cache pages (an empty file). */
  private toPages(sb: ShmemSb): void {
    this.sb = sb
    this.pages = new Int32Array(Math.max(1, Math.ceil(this.len / PAGE_SIZE))).fill(-1)
    this.buf = new Uint8Array(0)
  }

  size(): number {
    return this.len
  }

  /** Pages held (st_blocks / 8): holes have none. */
  blocks(): number {
    if (!this.pages) return Math.ceil(this.len / PAGE_SIZE)
    let n = 0
    for (let i = 0; i < this.pages.length; i++) if (this.pages[i]! >= 0) n++
    return n
  }

  replace_page(idx: number, pfn: number): void {
    this.pages![idx] = pfn
  }

  /** The frame holding page `idx` of the file: its pfn, -1 for a hole or a JS-buffered file. */
  pfnAt(idx: number): number {
    return this.pages && idx < this.pages.length ? this.pages[idx]! : -1
  }

  pread(pos: number, len: number): Uint8Array {
    if (pos >= this.len) return new Uint8Array(0)
    const end = Math.min(this.len, pos + len)
    const pages = this.pages
    if (!pages) return this.buf.slice(pos, end)
    const out = new Uint8Array(end - pos)
    const cache = this.sb!.cache
    for (let at = pos; at < end; ) {
      const idx = Math.floor(at / PAGE_SIZE)
      const off = at - idx * PAGE_SIZE
      const n = Math.min(end - at, PAGE_SIZE - off)
      const pfn = idx < pages.length ? pages[idx]! : -1
      if (pfn >= 0) cache.read(pfn, off, out, at - pos, n)
      at += n
    }
    return out
  }

  pwrite(pos: number, data: Uint8Array): number {
    if (!this.pages) {
      const sb = this.len === 0 ? this.shmem() : null
      if (sb) this.toPages(sb)
    }
    if (this.pages) return this.pwritePages(pos, data)
    const end = pos + data.length
    if (end > RAMFS_MAX_FILE) throw new FsError(EFBIG)
    if (end > this.buf.length) {
      let cap = Math.max(64, this.buf.length)
      while (cap < end) cap *= 2
      const nb = new Uint8Array(cap)
      nb.set(this.buf.subarray(0, this.len))
      this.buf = nb
    }
    // A write past the end leaves a hole of zeros, as on a real file.
    if (pos > this.len) this.buf.fill(0, this.len, pos)
    this.buf.set(data, pos)
    if (end > this.len) this.len = end
    this.touch()
    return data.length
  }

  /**
   * generic_perform_write() over shmem_write_begin/end: page by page, each
   * missing page allocated (and charged to the mount's blocks). Returns the
   * bytes written; throws ENOSPC/ENOMEM only if nothing could be written
   * (the caller's next write gets the error, as full_write sees it).
   */
  private pwritePages(pos: number, data: Uint8Array): number {
    const sb = this.sb!
    const end = pos + data.length
    const lastIdx = Math.ceil(end / PAGE_SIZE)
    if (lastIdx > TMPFS_MAX_PAGES) throw new FsError(EFBIG)
    if (lastIdx > this.pages!.length) {
      let cap = this.pages!.length
      while (cap < lastIdx) cap *= 2
      const np = new Int32Array(cap).fill(-1)
      np.set(this.pages!)
      this.pages = np
    }
    const pages = this.pages!
    let done = 0
    let err = 0
    while (done < data.length) {
      const at = pos + done
      const idx = Math.floor(at / PAGE_SIZE)
      const off = at - idx * PAGE_SIZE
      const n = Math.min(data.length - done, PAGE_SIZE - off)
      let pfn = pages[idx]!
      if (pfn < 0) {
        if (sb.usedBlocks >= sb.maxBlocks) {
          err = ENOSPC
          break
        }
        pfn = sb.cache.alloc_page(this, idx)
        if (pfn < 0) {
          err = ENOMEM
          break
        }
        pages[idx] = pfn
        sb.usedBlocks++
      }
      sb.cache.write(pfn, off, data.subarray(done, done + n))
      done += n
    }
    if (pos + done > this.len) this.len = pos + done
    if (done > 0 || data.length === 0) this.touch()
    if (err && done === 0) throw new FsError(err)
    return done
  }

  truncate(len: number): void {
    if (!this.pages && len === 0) {
      // A JS-buffered (initramfs) file emptied: its new contents go to the page cache.
      const sb = this.shmem()
      if (sb) {
        this.len = 0
        this.toPages(sb)
        this.touch()
        return
      }
    }
    if (this.pages) {
      if (len < this.len) this.freeFrom(len)
      this.len = len
    } else if (len < this.len) {
      this.len = len
    } else if (len > this.len) {
      this.pwrite(len, new Uint8Array(0))
    }
    this.touch()
  }

  /** truncate_inode_pages_range(): pages wholly past `len` freed, the partial one zeroed beyond it. */
  private freeFrom(len: number): void {
    const pages = this.pages!
    const sb = this.sb!
    const first = Math.ceil(len / PAGE_SIZE)
    for (let i = first; i < pages.length; i++) {
      const pfn = pages[i]!
      if (pfn >= 0) {
        sb.cache.free_page(pfn)
        sb.usedBlocks--
        pages[i] = -1
      }
    }
    const partial = Math.floor(len / PAGE_SIZE)
    const off = len - partial * PAGE_SIZE
    if (off > 0 && partial < pages.length && pages[partial]! >= 0) sb.cache.write(pages[partial]!, off, new Uint8Array(PAGE_SIZE - off))
  }

  /** The last link went (shmem_evict_inode): every page is freed. */
  evict(): void {
    if (this.pages) this.freeFrom(0)
    this.len = 0
    this.buf = new Uint8Array(0)
  }
}

/** shmem's stand-in size of a directory entry: a directory's st_size is 2 of them plus one per entry. */
const BOGO_DIRENT_SIZE = 20

/**
 * A tmpfs directory. Its entries list newest first, as dcache_readdir walks
 * d_subdirs (a new or renamed dentry goes to its head), so `ls -f` and find
 * show the last file made first.
 */
export class RamDirOps implements DirOps {
  /** In the order the entries were made (or renamed into this directory). */
  readonly entries = new Map<string, Inode>()

  constructor(
    private readonly factory: InodeFactory,
    private readonly fsId: number,
    private readonly self: () => DirInode
  ) {}

  lookup(name: string): Inode | null {
    return this.entries.get(name) ?? null
  }

  list(): string[] {
    return [...this.entries.keys()].reverse()
  }

  size(): number {
    return (2 + this.entries.size) * BOGO_DIRENT_SIZE
  }

  create(name: string, type: 'file' | 'dir', mode: number): Inode {
    const node = type === 'dir' ? makeRamDir(this.factory, this.fsId, mode) : makeRamFile(this.factory, this.fsId, mode)
    this.link(name, node)
    return node
  }

  symlink(name: string, target: string): Inode {
    const node: SymlinkInode = { ...inodeCommon(this.factory, this.fsId, 0o777), type: 'symlink', target }
    this.link(name, node)
    return node
  }

  unlink(name: string): void {
    const node = this.entries.get(name)
    if (node) dropLink(node)
    this.entries.delete(name)
    this.touch()
  }

  rmdir(name: string): void {
    this.entries.delete(name)
    this.self().nlink--
    this.touch()
  }

  rename(name: string, newDir: DirInode, newName: string): void {
    const node = this.entries.get(name)
    if (!node) return
    const target = newDir.ops as RamDirOps
    this.entries.delete(name)
    const old = target.entries.get(newName)
    if (old) dropLink(old)
    target.entries.set(newName, node)
    if (node.type === 'dir' && target !== this) {
      this.self().nlink--
      newDir.nlink++
    }
    this.touch()
    target.touch()
  }

  /** Insert an existing inode (used to build trees and by create). */
  link(name: string, node: Inode): void {
    this.entries.set(name, node)
    if (node.type === 'dir') this.self().nlink++
    this.touch()
  }

  touch(): void {
    this.self().mtimeMs = this.factory.nowMs()
  }
}

/** One name of an inode goes; a file's pages go with its last one. */
function dropLink(node: Inode): void {
  node.nlink--
  if (node.type === 'file' && node.nlink <= 0) node.ops.evict?.()
}

export function makeRamDir(f: InodeFactory, fsId: number, mode = 0o755): DirInode {
  const dir = { ...inodeCommon(f, fsId, mode), type: 'dir' } as DirInode
  dir.nlink = 2
  dir.ops = new RamDirOps(f, fsId, () => dir)
  return dir
}

export function makeRamFile(f: InodeFactory, fsId: number, mode = 0o644, data?: Uint8Array): FileInode {
  const file = { ...inodeCommon(f, fsId, mode), type: 'file' } as FileInode
  file.ops = new RamFileOps(
    data,
    () => {
      file.mtimeMs = f.nowMs()
    },
    () => f.shmemSb?.(fsId) ?? null
  )
  return file
}
