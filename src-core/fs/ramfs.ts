/*
 * fs/ramfs: directories and regular files kept in memory. The root file
 * system, /tmp, /dev and the skeleton of procfs/sysfs are ramfs trees.
 *
 * A file's bytes live in a buffer that grows by doubling, so a program
 * writing a file in small pieces costs amortised O(n).
 */

import { EFBIG } from './errno'
import { FsError } from './errno'
import {
  type DirInode, type DirOps, type FileInode, type FileOps, type Inode, type InodeFactory, type SymlinkInode,
  inodeCommon
} from './inode'

/** A ramfs file may not grow past this (keeps a runaway `yes > f` from eating the host). */
export const RAMFS_MAX_FILE = 64 * 1024 * 1024

export class RamFileOps implements FileOps {
  private buf: Uint8Array
  private len: number

  constructor(initial: Uint8Array = new Uint8Array(0), private readonly touch: () => void = () => {}) {
    this.buf = initial.slice()
    this.len = initial.length
  }

  size(): number {
    return this.len
  }

  pread(pos: number, len: number): Uint8Array {
    if (pos >= this.len) return new Uint8Array(0)
    return this.buf.slice(pos, Math.min(this.len, pos + len))
  }

  pwrite(pos: number, data: Uint8Array): number {
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

  truncate(len: number): void {
    if (len < this.len) {
      this.len = len
    } else if (len > this.len) {
      this.pwrite(len, new Uint8Array(0))
    }
    this.touch()
  }
}

export class RamDirOps implements DirOps {
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
    return [...this.entries.keys()]
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
    if (node) node.nlink--
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
    if (old) old.nlink--
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

export function makeRamDir(f: InodeFactory, fsId: number, mode = 0o755): DirInode {
  const dir = { ...inodeCommon(f, fsId, mode), type: 'dir' } as DirInode
  dir.nlink = 2
  dir.ops = new RamDirOps(f, fsId, () => dir)
  return dir
}

export function makeRamFile(f: InodeFactory, fsId: number, mode = 0o644, data?: Uint8Array): FileInode {
  const file = { ...inodeCommon(f, fsId, mode), type: 'file' } as FileInode
  file.ops = new RamFileOps(data, () => {
    file.mtimeMs = f.nowMs()
  })
  return file
}
