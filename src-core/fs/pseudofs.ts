/*
 * fs/proc and fs/sysfs (kernfs) as the VFS sees them: trees whose files get
 * their text from callbacks the kernel registers, and directories whose
 * listing is computed on every lookup (/proc/<pid>).
 *
 * Like a seq_file, a dynamic file produces its text once per open and reads
 * walk through that snapshot; each write() goes to the handler, which returns
 * the bytes it accepted or -errno (`echo 3 > /proc/sys/vm/drop_caches`).
 * The text generators themselves live in fs/proc (pure functions).
 */

import { EACCES, EIO, FsError } from './errno'
import { type DirInode, type DirOps, type FileInode, type FileOps, type Inode, type InodeFactory, inodeCommon } from './inode'
import { utf8Decode, utf8Encode } from './utf8'

/** A file whose content comes from the kernel: `{ read(): string; write?(text): number }`. */
export interface DynamicFileOps {
  read(): string
  /** Bytes accepted, or -errno (e.g. -22 for EINVAL). */
  write?(text: string): number
}

/** A directory whose entries are computed (e.g. one per live pid). */
export interface DynamicDirOps {
  list(): string[]
  lookup(name: string): DynamicEntry | null
}

export type DynamicEntry =
  | { type: 'file'; ops: DynamicFileOps; mode?: number }
  | { type: 'dir'; ops: DynamicDirOps; mode?: number }
  | { type: 'symlink'; target: string }

/** How a pseudo file system differs between procfs and sysfs. */
export interface PseudoFsFlavor {
  /** st_size of a dynamic file: 0 in procfs, 4096 in sysfs. */
  fileSize: number
  /**
   * What writing a file without a write handler gives: procfs opens it (root
   * overrides the 0444 mode) and write() fails with EIO; kernfs refuses the
   * open with EACCES.
   */
  noWriteErrno: number
}

export const PROCFS_FLAVOR: PseudoFsFlavor = { fileSize: 0, noWriteErrno: EIO }
export const SYSFS_FLAVOR: PseudoFsFlavor = { fileSize: 4096, noWriteErrno: EACCES }

class DynamicFileContent implements FileOps {
  private bytes: Uint8Array | null = null

  constructor(
    private readonly handler: DynamicFileOps,
    private readonly flavor: PseudoFsFlavor,
    private readonly factory: InodeFactory
  ) {}

  /** Run a kernel callback; its own bug reaches the host as a fault and the reader as EIO. */
  private call<T>(fn: () => T): T {
    try {
      return fn()
    } catch (e) {
      if (e instanceof FsError) throw e
      this.factory.fault(e)
      throw new FsError(EIO)
    }
  }

  private text(): Uint8Array {
    if (!this.bytes) this.bytes = utf8Encode(this.call(() => this.handler.read()))
    return this.bytes
  }

  size(): number {
    return this.flavor.fileSize
  }

  pread(pos: number, len: number): Uint8Array {
    return this.text().slice(pos, pos + len)
  }

  pwrite(_pos: number, data: Uint8Array): number {
    if (!this.handler.write) throw new FsError(this.flavor.noWriteErrno)
    const write = this.handler.write.bind(this.handler)
    const r = this.call(() => write(utf8Decode(data)))
    if (r < 0) throw new FsError(-r)
    return Math.min(r, data.length)
  }

  truncate(): void {
    // O_TRUNC on a proc/sys file is ignored, as in the kernel.
  }

  open(write: boolean): FileOps {
    if (write && !this.handler.write && this.flavor.noWriteErrno === EACCES) throw new FsError(EACCES)
    return new DynamicFileContent(this.handler, this.flavor, this.factory)
  }
}

export function makeDynamicFile(
  f: InodeFactory, fsId: number, flavor: PseudoFsFlavor, ops: DynamicFileOps, mode?: number
): FileInode {
  const m = mode ?? (ops.write ? 0o644 : 0o444)
  return { ...inodeCommon(f, fsId, m), type: 'file', ops: new DynamicFileContent(ops, flavor, f) }
}

/**
 * A pseudo directory: entries registered once (static) plus computed ones
 * from providers. Inodes of computed entries are cached by name so their
 * numbers stay stable while the entry exists.
 */
export class PseudoDirOps implements DirOps {
  readonly entries = new Map<string, Inode>()
  readonly providers: DynamicDirOps[] = []
  private readonly computed = new Map<string, Inode>()

  constructor(
    private readonly factory: InodeFactory,
    private readonly fsId: number,
    private readonly flavor: PseudoFsFlavor
  ) {}

  lookup(name: string): Inode | null {
    const fixed = this.entries.get(name)
    if (fixed) return fixed
    for (const p of this.providers) {
      const e = p.lookup(name)
      if (e) return this.materialise(name, e)
    }
    this.computed.delete(name)
    return null
  }

  list(): string[] {
    const names = [...this.entries.keys()]
    const seen = new Set(names)
    for (const p of this.providers) {
      for (const n of p.list()) {
        if (!seen.has(n)) {
          seen.add(n)
          names.push(n)
        }
      }
    }
    return names
  }

  private materialise(name: string, e: DynamicEntry): Inode {
    const old = this.computed.get(name)
    if (old && old.type === e.type) {
      if (old.type === 'symlink' && e.type === 'symlink') old.target = e.target
      else if (old.type === 'file' && e.type === 'file') old.ops = new DynamicFileContent(e.ops, this.flavor, this.factory)
      else if (old.type === 'dir' && e.type === 'dir') {
        const d = old.ops as PseudoDirOps
        d.providers.length = 0
        d.providers.push(e.ops)
      }
      old.mtimeMs = this.factory.nowMs()
      return old
    }
    let node: Inode
    if (e.type === 'file') node = makeDynamicFile(this.factory, this.fsId, this.flavor, e.ops, e.mode)
    else if (e.type === 'symlink') node = { ...inodeCommon(this.factory, this.fsId, 0o777), type: 'symlink', target: e.target }
    else {
      const dir = makePseudoDir(this.factory, this.fsId, this.flavor, e.mode ?? 0o555)
      ;(dir.ops as PseudoDirOps).providers.push(e.ops)
      node = dir
    }
    this.computed.set(name, node)
    return node
  }
}

export function makePseudoDir(f: InodeFactory, fsId: number, flavor: PseudoFsFlavor, mode = 0o555): DirInode {
  const dir = { ...inodeCommon(f, fsId, mode), type: 'dir' } as DirInode
  dir.nlink = 2
  dir.ops = new PseudoDirOps(f, fsId, flavor)
  return dir
}
