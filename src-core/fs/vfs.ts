/*
 * The virtual file system switch (fs/namei.c, fs/namespace.c, fs/open.c in
 * one place): path walking with `.`, `..`, symlinks and mount points, and the
 * path-based calls the shell's applets and, later, a C program's syscalls
 * use. File systems (ramfs, procfs/sysfs, the host share, devices) plug in
 * through the inode ops of inode.ts.
 *
 * Everything runs as root: permission bits are kept and shown, and only the
 * execute bit is checked (by the shell, as execve would).
 * Errors are thrown as FsError(errno); nothing here prints.
 */

import type { HostFs } from '../protocol'
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EACCES, EXDEV, FsError
} from './errno'
import { OpenFile, type OpenFlags } from './file'
import { HostShare } from './hostshare'
import {
  type CharDevOps, type CharDevInode, type DirInode, type Inode, type InodeFactory, type Stat, inodeCommon, statOf
} from './inode'
import {
  type DynamicDirOps, type DynamicFileOps, type PseudoFsFlavor, PROCFS_FLAVOR, PseudoDirOps, SYSFS_FLAVOR,
  makeDynamicFile, makePseudoDir
} from './pseudofs'
import { type PageCache, RamDirOps, ShmemSb, makeRamDir } from './ramfs'
import { utf8Decode, utf8Encode } from './utf8'

const MAXSYMLINKS = 40
const PATH_MAX = 4096

export interface VfsOptions {
  /** Wall-clock milliseconds now (board RTC at boot + simulated uptime); for mtimes. */
  nowMs?: () => number
  /** Called when a procfs/sysfs handler throws (the reader gets EIO). */
  onFault?: (e: unknown) => void
}

/** One line of /proc/mounts. */
export interface MountInfo {
  source: string
  target: string
  fstype: string
  options: string
}

interface Mount extends MountInfo {
  mountpoint: Inode
  root: DirInode
  /** The pseudo file system's behaviour, for registerDynamic under it. */
  flavor?: PseudoFsFlavor
}

/** The result of a path walk: the inode and the canonical absolute path to it. */
export interface Resolved {
  inode: Inode
  path: string
}

/** What a walk to the parent of the last component gives (creating, removing, renaming). */
export interface ParentRef {
  dir: DirInode
  dirPath: string
  name: string
  /** The existing inode at name (not following a final symlink), if any. */
  existing: Inode | null
  /** The path had a trailing slash (`mkdir a/`): the last component must be a directory. */
  trailingSlash: boolean
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

/** Lexical dirname/basename of a canonical path. */
export function splitPath(p: string): { dir: string; base: string } {
  const i = p.lastIndexOf('/')
  return { dir: i <= 0 ? '/' : p.slice(0, i), base: p.slice(i + 1) }
}

export class Vfs {
  readonly root: DirInode
  private readonly mounts: Mount[] = []
  private readonly mountByPoint = new Map<Inode, Mount>()
  private inoCounter = 1
  /** The tmpfs instances (fs id -> max_blocks, NaN for shmem's default) and, once attached, their page caches. */
  private readonly shmemLimits = new Map<number, number>()
  private readonly sbs = new Map<number, ShmemSb>()
  private pageCache: { cache: PageCache; defaultBlocks: number } | null = null
  private fsCounter = 0
  readonly factory: InodeFactory
  readonly rootFsId: number

  constructor(opts: VfsOptions = {}) {
    const nowMs = opts.nowMs ?? (() => 0)
    const onFault = opts.onFault ?? (() => {})
    this.factory = { nextIno: () => this.inoCounter++, nowMs, fault: (e) => onFault(e), shmemSb: (id) => this.sbs.get(id) ?? null }
    this.rootFsId = this.newFsId()
    // rootfs is a kernel mount of tmpfs: no size limit (shmem_fill_super skips the defaults for SB_KERNMOUNT).
    this.shmemLimits.set(this.rootFsId, Infinity)
    this.root = makeRamDir(this.factory, this.rootFsId, 0o755)
    this.mounts.push({ source: 'rootfs', target: '/', fstype: 'rootfs', options: 'rw', mountpoint: this.root, root: this.root })
  }

  newFsId(): number {
    return ++this.fsCounter
  }

  nowMs(): number {
    return this.factory.nowMs()
  }

  // ---- path walking -------------------------------------------------------

  /**
   * Walk `path` (relative paths start at `cwd`). `follow` says whether a
   * final symlink is followed (stat vs lstat). Throws ENOENT, ENOTDIR, ELOOP.
   */
  resolve(path: string, cwd = '/', follow = true): Resolved {
    const r = this.walk(path, cwd, follow)
    return { inode: r.stack[r.stack.length - 1]!.inode, path: stackPath(r.stack) }
  }

  /** Walk to the directory that holds the last component of `path`. */
  parentOf(path: string, cwd = '/'): ParentRef {
    if (path === '') throw new FsError(ENOENT)
    const trailingSlash = /[^/]\/+$/.test(path)
    const trimmed = path.replace(/\/+$/, '')
    if (trimmed === '') throw new FsError(EBUSY) // the root itself
    const i = trimmed.lastIndexOf('/')
    const dirPart = i < 0 ? '.' : i === 0 ? '/' : trimmed.slice(0, i)
    const name = trimmed.slice(i + 1)
    const d = this.resolve(dirPart, cwd, true)
    if (d.inode.type !== 'dir') throw new FsError(ENOTDIR)
    if (name === '.' || name === '..') {
      return { dir: d.inode, dirPath: d.path, name, existing: d.inode, trailingSlash }
    }
    if (name.length > 255) throw new FsError(ENAMETOOLONG)
    const existing = this.mounted(d.inode.ops.lookup(name))
    return { dir: d.inode, dirPath: d.path, name, existing, trailingSlash }
  }

  private mounted(i: Inode | null): Inode | null {
    let cur = i
    while (cur) {
      const m = this.mountByPoint.get(cur)
      if (!m) break
      cur = m.root
    }
    return cur
  }

  private walk(path: string, cwd: string, follow: boolean): { stack: Array<{ name: string; inode: Inode }> } {
    if (path === '') throw new FsError(ENOENT)
    if (path.length > PATH_MAX) throw new FsError(ENAMETOOLONG)
    let stack: Array<{ name: string; inode: Inode }> = [{ name: '', inode: this.root }]
    let todo: string[]
    if (path.startsWith('/')) {
      todo = path.split('/')
    } else {
      todo = [...cwd.split('/'), ...path.split('/')]
    }
    // A trailing slash means "must be a directory" and follows a final symlink.
    const mustBeDir = path.endsWith('/')
    let links = 0
    todo = todo.filter((c) => c !== '')
    while (todo.length > 0) {
      const name = todo.shift()!
      const cur = stack[stack.length - 1]!.inode
      if (cur.type !== 'dir') throw new FsError(ENOTDIR)
      if (name === '.') continue
      if (name === '..') {
        if (stack.length > 1) stack.pop()
        continue
      }
      if (name.length > 255) throw new FsError(ENAMETOOLONG)
      const found = this.mounted(cur.ops.lookup(name))
      if (!found) throw new FsError(ENOENT)
      const last = todo.length === 0
      if (found.type === 'symlink' && (!last || follow || mustBeDir)) {
        if (++links > MAXSYMLINKS) throw new FsError(ELOOP)
        const t = found.target
        if (t === '') throw new FsError(ENOENT)
        if (t.startsWith('/')) stack = [{ name: '', inode: this.root }]
        todo = [...t.split('/').filter((c) => c !== ''), ...todo]
        continue
      }
      stack.push({ name, inode: found })
    }
    if (mustBeDir && stack[stack.length - 1]!.inode.type !== 'dir') throw new FsError(ENOTDIR)
    return { stack }
  }

  // ---- queries ----------------------------------------------------------

  stat(path: string, cwd = '/'): Stat {
    return statOf(this.resolve(path, cwd, true).inode)
  }

  lstat(path: string, cwd = '/'): Stat {
    return statOf(this.resolve(path, cwd, false).inode)
  }

  /**
   * access(2) as root: existence, and for X_OK (mode & 1) an execute bit on a
   * file (directories are always searchable). Throws ENOENT/EACCES.
   */
  access(path: string, mode: number, cwd = '/'): void {
    const i = this.resolve(path, cwd, true).inode
    if (mode & 1 && i.type !== 'dir' && (i.mode & 0o111) === 0) throw new FsError(EACCES)
  }

  exists(path: string, cwd = '/'): boolean {
    try {
      this.resolve(path, cwd, true)
      return true
    } catch {
      return false
    }
  }

  /** The canonical absolute path (realpath(3)). */
  realpath(path: string, cwd = '/'): string {
    return this.resolve(path, cwd, true).path
  }

  readdir(path: string, cwd = '/'): string[] {
    const d = this.resolve(path, cwd, true).inode
    if (d.type !== 'dir') throw new FsError(ENOTDIR)
    return d.ops.list()
  }

  readlink(path: string, cwd = '/'): string {
    const i = this.resolve(path, cwd, false).inode
    if (i.type !== 'symlink') throw new FsError(EINVAL)
    return i.target
  }

  /** The whole content of a file (regular, proc/sys, or a device read to EOF/block). */
  readFile(path: string, cwd = '/'): Uint8Array {
    const f = this.open(path, { read: true }, cwd)
    const parts: Uint8Array[] = []
    let total = 0
    for (;;) {
      const d = f.read(65536)
      if (!d || d.length === 0) break
      parts.push(d)
      total += d.length
      if (f.inode.type === 'chr' && total >= 65536) break // /dev/zero never ends
    }
    f.close()
    return concatBytes(parts, total)
  }

  readText(path: string, cwd = '/'): string {
    return utf8Decode(this.readFile(path, cwd))
  }

  /** Create or replace (or append to) a file, like `> file` / `>> file`. */
  writeFile(path: string, data: Uint8Array | string, opts: { cwd?: string; append?: boolean; mode?: number } = {}): void {
    const bytes = typeof data === 'string' ? utf8Encode(data) : data
    const f = this.open(path, { write: true, create: true, truncate: !opts.append, append: !!opts.append, mode: opts.mode }, opts.cwd ?? '/')
    if (bytes.length > 0 || f.inode.type !== 'file') f.write(bytes)
    f.close()
  }

  // ---- open ---------------------------------------------------------------

  open(path: string, flags: OpenFlags, cwd = '/'): OpenFile {
    let inode: Inode
    let canon: string
    if (flags.create) {
      const p = this.parentOf(path, cwd)
      let existing = p.existing
      // O_CREAT follows a final symlink to create its target.
      if (existing && existing.type === 'symlink') {
        const r = this.resolveOrNull(joinPath(p.dirPath, p.name), '/')
        if (r) existing = r.inode
        else return this.open(resolveLinkTarget(p.dirPath, existing.target), flags, '/')
      }
      if (existing) {
        if (flags.excl) throw new FsError(EEXIST)
        inode = existing
        canon = joinPath(p.dirPath, p.name)
      } else {
        if (p.trailingSlash) throw new FsError(EISDIR)
        if (!p.dir.ops.create) throw new FsError(EACCES)
        inode = p.dir.ops.create(p.name, 'file', (flags.mode ?? 0o666) & ~0o022)
        canon = joinPath(p.dirPath, p.name)
      }
    } else {
      const r = this.resolve(path, cwd, true)
      inode = r.inode
      canon = r.path
    }
    if (inode.type === 'dir' && flags.write) throw new FsError(EISDIR)
    if (inode.type === 'file') {
      const ops = inode.ops.open ? inode.ops.open(!!flags.write) : inode.ops
      if (flags.truncate && flags.write) ops.truncate(0)
      return new OpenFile(inode, ops, null, flags, canon)
    }
    if (inode.type === 'chr') {
      const ops = inode.ops.open ? inode.ops.open({ read: !!flags.read, write: !!flags.write, append: !!flags.append }) : inode.ops
      return new OpenFile(inode, null, ops, flags, canon)
    }
    return new OpenFile(inode, null, null, flags, canon)
  }

  private resolveOrNull(path: string, cwd: string): Resolved | null {
    try {
      return this.resolve(path, cwd, true)
    } catch {
      return null
    }
  }

  // ---- changing the tree ------------------------------------------------

  mkdir(path: string, cwd = '/', mode = 0o777): void {
    const p = this.parentOf(path, cwd)
    if (p.existing) throw new FsError(EEXIST)
    if (!p.dir.ops.create) throw new FsError(EPERM)
    p.dir.ops.create(p.name, 'dir', mode & ~0o022)
  }

  /** mkdir -p for building trees: every missing directory on the way. */
  mkdirp(path: string, mode = 0o755): DirInode {
    let cur = '/'
    for (const c of path.split('/').filter((x) => x !== '')) {
      cur = joinPath(cur, c)
      const p = this.parentOf(cur, '/')
      if (!p.existing) {
        if (!p.dir.ops.create) throw new FsError(EPERM)
        p.dir.ops.create(p.name, 'dir', mode)
      }
    }
    const r = this.resolve(path, '/', true)
    if (r.inode.type !== 'dir') throw new FsError(ENOTDIR)
    return r.inode
  }

  rmdir(path: string, cwd = '/'): void {
    const p = this.parentOf(path, cwd)
    if (p.name === '.') throw new FsError(EINVAL)
    if (p.name === '..') throw new FsError(ENOTEMPTY)
    const node = p.existing
    if (!node) throw new FsError(ENOENT)
    if (node.type !== 'dir') throw new FsError(ENOTDIR)
    if (this.isMountRoot(node)) throw new FsError(EBUSY)
    if (node.ops.list().length > 0) throw new FsError(ENOTEMPTY)
    if (!p.dir.ops.rmdir) throw new FsError(EPERM)
    p.dir.ops.rmdir(p.name)
  }

  unlink(path: string, cwd = '/'): void {
    const p = this.parentOf(path, cwd)
    const node = p.existing
    if (!node || p.name === '.' || p.name === '..') throw new FsError(node ? EISDIR : ENOENT)
    if (node.type === 'dir') throw new FsError(EISDIR)
    if (p.trailingSlash) throw new FsError(ENOTDIR)
    if (!p.dir.ops.unlink) throw new FsError(EPERM)
    p.dir.ops.unlink(p.name)
  }

  symlink(target: string, path: string, cwd = '/'): void {
    const p = this.parentOf(path, cwd)
    if (p.existing) throw new FsError(EEXIST)
    if (!p.dir.ops.symlink) throw new FsError(EPERM)
    p.dir.ops.symlink(p.name, target)
  }

  /** link(2): a second name for a file (ramfs only). */
  link(existing: string, path: string, cwd = '/'): void {
    const src = this.resolve(existing, cwd, false).inode
    if (src.type === 'dir') throw new FsError(EPERM)
    const p = this.parentOf(path, cwd)
    if (p.existing) throw new FsError(EEXIST)
    if (p.dir.fsId !== src.fsId) throw new FsError(EXDEV)
    if (!(p.dir.ops instanceof RamDirOps)) throw new FsError(EPERM)
    p.dir.ops.link(p.name, src)
    src.nlink++
  }

  /** rename(2): replaces a file, or an empty directory with a directory. */
  rename(from: string, to: string, cwd = '/'): void {
    const a = this.parentOf(from, cwd)
    const b = this.parentOf(to, cwd)
    const node = a.existing
    if (!node) throw new FsError(ENOENT)
    if (a.name === '.' || a.name === '..' || b.name === '.' || b.name === '..') throw new FsError(EBUSY)
    if (a.dir.fsId !== b.dir.fsId || this.isMountRoot(node)) throw new FsError(EXDEV)
    const src = joinPath(a.dirPath, a.name)
    const dst = joinPath(b.dirPath, b.name)
    if (src === dst) return
    if (node.type === 'dir' && (dst + '/').startsWith(src + '/')) throw new FsError(EINVAL)
    const old = b.existing
    if (old) {
      if (node.type === 'dir' && old.type !== 'dir') throw new FsError(ENOTDIR)
      if (node.type !== 'dir' && old.type === 'dir') throw new FsError(EISDIR)
      if (old.type === 'dir' && old.ops.list().length > 0) throw new FsError(ENOTEMPTY)
    }
    if (!a.dir.ops.rename) throw new FsError(EPERM)
    a.dir.ops.rename(a.name, b.dir, b.name)
  }

  chmod(path: string, mode: number, cwd = '/'): void {
    const i = this.resolve(path, cwd, true).inode
    i.mode = mode & 0o7777
  }

  /** utimes(2) with "now" when ms is omitted (touch). */
  utime(path: string, cwd = '/', ms?: number): void {
    const i = this.resolve(path, cwd, true).inode
    i.mtimeMs = ms ?? this.nowMs()
  }

  // ---- mounts ---------------------------------------------------------------

  /** Mount a file system root on an existing directory. */
  mount(target: string, root: DirInode, info: { source: string; fstype: string; options?: string }, flavor?: PseudoFsFlavor): void {
    const r = this.resolve(target, '/', true)
    if (r.inode.type !== 'dir') throw new FsError(ENOTDIR)
    if (this.mountByPoint.has(r.inode)) throw new FsError(EBUSY)
    const m: Mount = { source: info.source, target: r.path, fstype: info.fstype, options: info.options ?? 'rw,relatime', mountpoint: r.inode, root, flavor }
    this.mounts.push(m)
    this.mountByPoint.set(r.inode, m)
  }

  /** umount(2). */
  umount(target: string): void {
    const r = this.resolve(target, '/', true)
    const m = this.mounts.find((x) => x.root === r.inode && x.target !== '/')
    if (!m) throw new FsError(EINVAL)
    this.mounts.splice(this.mounts.indexOf(m), 1)
    this.mountByPoint.delete(m.mountpoint)
  }

  /** The mount table in mount order (/proc/mounts, `mount`, `df`). */
  mountTable(): MountInfo[] {
    return this.mounts.map(({ source, target, fstype, options }) => ({ source, target, fstype, options }))
  }

  private isMountRoot(i: Inode): boolean {
    return this.mounts.some((m) => m.root === i)
  }

  /**
   * A fresh empty tmpfs tree to mount (tmpfs, devtmpfs). `maxBlocks`: its
   * size= in pages; shmem_default_max_blocks() (half of RAM) when absent.
   */
  newRamFs(opts: { maxBlocks?: number } = {}): DirInode {
    const id = this.newFsId()
    this.shmemLimits.set(id, opts.maxBlocks ?? NaN)
    if (this.pageCache) this.sbs.set(id, this.makeSb(id))
    return makeRamDir(this.factory, id, 0o755)
  }

  /**
   * The kernel's page cache is up: from now on data written to the files of
   * every tmpfs (rootfs, /tmp, /dev/shm, /dev, later mounts) lives in its
   * pages. `totalramPages` gives shmem_default_max_blocks() = totalram / 2.
   */
  attachPageCache(cache: PageCache, totalramPages: number): void {
    this.pageCache = { cache, defaultBlocks: Math.floor(totalramPages / 2) }
    for (const id of this.shmemLimits.keys()) this.sbs.set(id, this.makeSb(id))
  }

  private makeSb(id: number): ShmemSb {
    const pc = this.pageCache!
    const lim = this.shmemLimits.get(id)!
    return new ShmemSb(pc.cache, Number.isNaN(lim) ? pc.defaultBlocks : lim)
  }

  /** The page cache of the tmpfs an inode belongs to (null: none attached, or not a tmpfs). */
  shmemSbOf(fsId: number): ShmemSb | null {
    return this.sbs.get(fsId) ?? null
  }

  /** A fresh procfs (flavor PROCFS_FLAVOR) or sysfs (SYSFS_FLAVOR) root. */
  newPseudoFs(flavor: PseudoFsFlavor): DirInode {
    return makePseudoDir(this.factory, this.newFsId(), flavor, 0o555)
  }

  /** Mount the host folder at `target` (default /mnt); it stays an ordinary directory without one. */
  mountHostFs(host: HostFs, target = '/mnt'): void {
    const share = new HostShare(host, this.factory, this.newFsId())
    this.mount(target, share.root, { source: 'hostshare', fstype: '9p', options: 'rw,sync,dirsync,relatime,access=client,trans=virtio' })
  }

  // ---- procfs / sysfs registration ------------------------------------------

  /**
   * Register a file whose text comes from the kernel, e.g.
   * `vfs.registerDynamic('/proc/meminfo', { read: () => meminfoText() })`.
   * The path must lie under a procfs or sysfs mount; missing directories are
   * created. Registering the same path again replaces the handler.
   */
  registerDynamic(path: string, ops: DynamicFileOps, opts: { mode?: number } = {}): void {
    const { dir, name, flavor, fsId } = this.pseudoParent(path)
    dir.entries.set(name, makeDynamicFile(this.factory, fsId, flavor, ops, opts.mode))
  }

  /**
   * Register a directory whose entries are computed on each lookup (e.g.
   * `/proc` gets one provider listing the pids; each `<pid>` entry is a dir
   * with its own provider). Providers add to any registered entries.
   */
  registerDynamicDir(path: string, ops: DynamicDirOps): void {
    const d = this.pseudoDir(path)
    d.providers.push(ops)
  }

  /** A symlink inside procfs/sysfs (/proc/self, /sys/kernel/slab/<alias>). */
  registerSymlink(path: string, target: string): void {
    const { dir, name, fsId } = this.pseudoParent(path)
    dir.entries.set(name, { ...inodeCommon(this.factory, fsId, 0o777), type: 'symlink', target })
  }

  /** Remove a registered entry (a module's /sys/module/<name> on rmmod). */
  unregister(path: string): void {
    const { dir, name } = this.pseudoParent(path)
    dir.entries.delete(name)
  }

  private pseudoParent(path: string): { dir: PseudoDirOps; name: string; flavor: PseudoFsFlavor; fsId: number } {
    const { dir: dirPath, base } = splitPath(normalize(path))
    if (base === '') throw new FsError(EINVAL, path)
    const d = this.pseudoDir(dirPath)
    const m = this.mountFor(normalize(path))
    return { dir: d, name: base, flavor: m!.flavor!, fsId: m!.root.fsId }
  }

  private mountFor(path: string): Mount | undefined {
    let best: Mount | undefined
    for (const m of this.mounts) {
      if (m.flavor && (path === m.target || path.startsWith(m.target + '/'))) {
        if (!best || m.target.length > best.target.length) best = m
      }
    }
    return best
  }

  /** The pseudo directory at `path`, creating missing ones below the mount. */
  private pseudoDir(path: string): PseudoDirOps {
    const p = normalize(path)
    const m = this.mountFor(p)
    if (!m) throw new FsError(EINVAL, path)
    let cur: DirInode = m.root
    const rest = p.slice(m.target.length).split('/').filter((c) => c !== '')
    for (const c of rest) {
      const ops = cur.ops as PseudoDirOps
      let next = ops.entries.get(c) ?? null
      if (!next) {
        next = makePseudoDir(this.factory, m.root.fsId, m.flavor!, 0o555)
        ops.entries.set(c, next)
        cur.nlink++
      }
      if (next.type !== 'dir') throw new FsError(ENOTDIR, path)
      cur = next
    }
    return cur.ops as PseudoDirOps
  }

  // ---- devices ------------------------------------------------------------

  /** mknod a character device (or replace its driver if the node exists). */
  mknod(path: string, major: number, minor: number, ops: CharDevOps, mode = 0o666): void {
    const p = this.parentOf(path, '/')
    if (p.existing && p.existing.type === 'chr') {
      p.existing.ops = ops
      return
    }
    if (p.existing) throw new FsError(EEXIST)
    const dirOps = p.dir.ops
    if (!(dirOps instanceof RamDirOps)) throw new FsError(EPERM)
    const node: CharDevInode = { ...inodeCommon(this.factory, p.dir.fsId, mode), type: 'chr', major, minor, ops }
    dirOps.link(p.name, node)
  }
}

export { PROCFS_FLAVOR, SYSFS_FLAVOR }

function stackPath(stack: Array<{ name: string }>): string {
  if (stack.length <= 1) return '/'
  return stack.slice(1).map((s) => s.name).reduce((acc, n) => `${acc}/${n}`, '')
}

/** Lexical normalisation of an absolute path (no symlinks): for registration paths. */
export function normalize(path: string): string {
  const out: string[] = []
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue
    if (c === '..') out.pop()
    else out.push(c)
  }
  return '/' + out.join('/')
}

function resolveLinkTarget(dirPath: string, target: string): string {
  return target.startsWith('/') ? target : joinPath(dirPath, target)
}

export function concatBytes(parts: Uint8Array[], total?: number): Uint8Array {
  const n = total ?? parts.reduce((a, p) => a + p.length, 0)
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
