/*
 * The host folder shared at /mnt (the lab images' 9p share), backed by the
 * HostFs interface of protocol.ts. Read-through and write-through: every
 * lookup asks the host, every write reaches the host file before write()
 * returns, so the student's editor and the guest always agree.
 *
 * HostFs has no modes, owners or symlinks: files show 0644 and directories
 * 0755 unless chmod changed them in this session (kept in memory only).
 * Paths given to HostFs are relative: '.' is the share's root, 'a/b' below it.
 */

import type { HostFs } from '../protocol'
import { EACCES, EEXIST, EIO, EISDIR, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY, EPERM, EXDEV, FsError } from './errno'
import { type DirInode, type DirOps, type FileInode, type FileOps, type Inode, type InodeFactory, inodeCommon } from './inode'

const HOST_ERRNO: Record<string, number> = {
  ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, EACCES, EPERM, ENOSPC, EXDEV
}

/** Turn whatever the host threw (a Node error with `code`, or anything) into an FsError. */
function hostCall<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof FsError) throw e
    const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined
    throw new FsError(typeof code === 'string' ? HOST_ERRNO[code] ?? EIO : EIO)
  }
}

function childPath(rel: string, name: string): string {
  return rel === '.' ? name : `${rel}/${name}`
}

export class HostShare {
  private readonly nodes = new Map<string, Inode>()
  readonly root: DirInode

  constructor(
    readonly host: HostFs,
    private readonly factory: InodeFactory,
    readonly fsId: number
  ) {
    this.root = this.makeDir('.')
  }

  /** The inode for a relative path, or null if the host has nothing there. */
  node(rel: string): Inode | null {
    const st = hostCall(() => this.host.stat(rel))
    const cached = this.nodes.get(rel)
    if (!st) {
      this.nodes.delete(rel)
      return null
    }
    if (cached && (cached.type === 'dir') === st.dir) {
      cached.mtimeMs = st.mtimeMs
      return cached
    }
    const node = st.dir ? this.makeDir(rel) : this.makeFile(rel)
    node.mtimeMs = st.mtimeMs
    this.nodes.set(rel, node)
    return node
  }

  forget(rel: string): void {
    for (const k of [...this.nodes.keys()]) if (k === rel || k.startsWith(rel + '/')) this.nodes.delete(k)
  }

  private makeDir(rel: string): DirInode {
    const dir = { ...inodeCommon(this.factory, this.fsId, 0o755), type: 'dir', nlink: 2 } as DirInode
    dir.ops = new HostDirOps(this, rel)
    return dir
  }

  private makeFile(rel: string): FileInode {
    const file = { ...inodeCommon(this.factory, this.fsId, 0o644), type: 'file' } as FileInode
    file.ops = new HostFileOps(this, rel, null)
    return file
  }

  /** The path of a directory inode of this share (rename needs the target's). */
  relOf(dir: DirInode): string {
    return (dir.ops as HostDirOps).rel
  }
}

class HostDirOps implements DirOps {
  constructor(
    private readonly share: HostShare,
    readonly rel: string
  ) {}

  lookup(name: string): Inode | null {
    return this.share.node(childPath(this.rel, name))
  }

  list(): string[] {
    return hostCall(() => this.share.host.readdir(this.rel)).filter((n) => n !== '' && !n.includes('/'))
  }

  create(name: string, type: 'file' | 'dir', mode: number): Inode {
    const p = childPath(this.rel, name)
    if (type === 'dir') hostCall(() => this.share.host.mkdir(p))
    else hostCall(() => this.share.host.writeFile(p, new Uint8Array(0)))
    const n = this.share.node(p)
    if (!n) throw new FsError(EIO)
    // The host keeps no modes; the guest's (gcc's 0755 a.out) lives on the cached inode.
    n.mode = mode & 0o7777
    return n
  }

  symlink(): Inode {
    throw new FsError(EPERM)
  }

  unlink(name: string): void {
    const p = childPath(this.rel, name)
    hostCall(() => this.share.host.unlink(p))
    this.share.forget(p)
  }

  rmdir(name: string): void {
    const p = childPath(this.rel, name)
    hostCall(() => this.share.host.rmdir(p))
    this.share.forget(p)
  }

  rename(name: string, newDir: DirInode, newName: string): void {
    const from = childPath(this.rel, name)
    const to = childPath(this.share.relOf(newDir), newName)
    hostCall(() => this.share.host.rename(from, to))
    this.share.forget(from)
    this.share.forget(to)
  }
}

/**
 * A host file. The inode's ops ask the host each time; an open file keeps
 * the bytes it read (so `cat` reading 4 KB at a time reads the host once)
 * and writes the whole new content through on every write.
 */
class HostFileOps implements FileOps {
  constructor(
    private readonly share: HostShare,
    private readonly rel: string,
    private cache: Uint8Array | null
  ) {}

  private data(): Uint8Array {
    if (this.cache) return this.cache
    const d = hostCall(() => this.share.host.readFile(this.rel))
    return d
  }

  size(): number {
    if (this.cache) return this.cache.length
    const st = hostCall(() => this.share.host.stat(this.rel))
    return st ? st.size : 0
  }

  pread(pos: number, len: number): Uint8Array {
    const d = this.data()
    if (this.cache === null && this.isOpen) this.cache = d
    return d.slice(pos, pos + len)
  }

  pwrite(pos: number, data: Uint8Array): number {
    const old = this.data()
    const end = Math.max(old.length, pos + data.length)
    const next = new Uint8Array(end)
    next.set(old)
    next.set(data, pos)
    hostCall(() => this.share.host.writeFile(this.rel, next))
    if (this.isOpen) this.cache = next
    return data.length
  }

  truncate(len: number): void {
    const old = this.data()
    const next = new Uint8Array(len)
    next.set(old.subarray(0, Math.min(len, old.length)))
    hostCall(() => this.share.host.writeFile(this.rel, next))
    if (this.isOpen) this.cache = next
  }

  private isOpen = false

  open(): FileOps {
    const f = new HostFileOps(this.share, this.rel, null)
    f.isOpen = true
    return f
  }
}
