/*
 * The guest's /mnt (the lab images' 9p share) as a folder on the host: a
 * HostFs (src-core/protocol.ts) over node's synchronous fs, run in the
 * machine's utilityProcess.
 *
 * Two guarantees the guest cannot break:
 * - No escape: every guest path is resolved inside the share's root. '..',
 *   absolute or drive paths, backslashes and NUL are refused, and so is a
 *   path that leaves the root through a symlink (checked on the real path of
 *   the deepest existing ancestor).
 * - Atomic writes: writeFile() writes a temp file next to the target, fsyncs
 *   it and renames it over the target, so a crash at any point leaves either
 *   the old contents or the new ones, never a torn file. Leftover temp files
 *   (a crash between write and rename) are hidden from readdir() and removed
 *   when the share is opened.
 */
import * as nodeFs from 'node:fs'
import * as path from 'node:path'
import type { HostFs } from '../src-core/protocol'

/** The parts of node:fs the adapter uses (tests inject failures through this). */
export type FsOps = Pick<typeof nodeFs,
  'statSync' | 'lstatSync' | 'readdirSync' | 'readFileSync' | 'openSync' | 'writeSync' | 'fsyncSync' |
  'closeSync' | 'renameSync' | 'unlinkSync' | 'mkdirSync' | 'rmdirSync' | 'realpathSync' | 'existsSync'>

const TEMP_MARK = '.kmemlab-tmp-'

/** An fs error with a code the guest's VFS maps to an errno. */
export class HostFsError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`)
    this.name = 'HostFsError'
  }
}

export function isTempName(name: string): boolean {
  return name.includes(TEMP_MARK)
}

/**
 * Split a guest path relative to the share into checked segments.
 * '' '/' and '.' are the root; leading '/' is accepted ("/foo" == "foo").
 */
export function splitSharePath(p: string): string[] {
  if (typeof p !== 'string') throw new HostFsError('EINVAL', 'path is not a string')
  if (p.includes('\0')) throw new HostFsError('EINVAL', 'NUL in path')
  if (p.includes('\\')) throw new HostFsError('EACCES', `backslash in path '${p}'`)
  if (/^[A-Za-z]:/.test(p)) throw new HostFsError('EACCES', `drive path '${p}'`)
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') throw new HostFsError('EACCES', `'..' in path '${p}'`)
    if (seg.length > 255) throw new HostFsError('ENAMETOOLONG', seg.slice(0, 32) + '...')
    out.push(seg)
  }
  return out
}

let tempCounter = 0

export class NodeHostFs implements HostFs {
  private root = ''
  private realRoot = ''

  constructor(root: string, private readonly fs: FsOps = nodeFs) {
    this.setRoot(root)
  }

  get rootDir(): string {
    return this.root
  }

  /** Point the share at another host folder (created if missing); stale temp files are removed. */
  setRoot(root: string): void {
    const abs = path.resolve(root)
    this.fs.mkdirSync(abs, { recursive: true })
    this.root = abs
    this.realRoot = this.fs.realpathSync(abs)
    this.sweepTemps(abs, 0)
  }

  /** The host path for a guest path, after the escape checks. */
  resolve(p: string): string {
    const segs = splitSharePath(p)
    const full = path.join(this.root, ...segs)
    this.checkRealPath(full)
    return full
  }

  stat(p: string): { dir: boolean; size: number; mtimeMs: number } | null {
    const full = this.resolve(p)
    try {
      const st = this.fs.statSync(full)
      return { dir: st.isDirectory(), size: st.isDirectory() ? 0 : st.size, mtimeMs: st.mtimeMs }
    } catch (e) {
      if (isMissing(e)) return null
      throw e
    }
  }

  readdir(p: string): string[] {
    return this.fs.readdirSync(this.resolve(p)).filter((n) => !isTempName(n)).sort()
  }

  readFile(p: string): Uint8Array {
    const buf = this.fs.readFileSync(this.resolve(p))
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  writeFile(p: string, data: Uint8Array): void {
    const full = this.resolve(p)
    if (full === this.root) throw new HostFsError('EISDIR', 'cannot write the share root')
    const temp = path.join(path.dirname(full), `.${path.basename(full)}${TEMP_MARK}${process.pid}-${++tempCounter}`)
    const fd = this.fs.openSync(temp, 'wx', 0o644)
    try {
      let off = 0
      while (off < data.byteLength) off += this.fs.writeSync(fd, data, off, data.byteLength - off)
      this.fs.fsyncSync(fd)
    } catch (e) {
      this.fs.closeSync(fd)
      this.tryUnlink(temp)
      throw e
    }
    this.fs.closeSync(fd)
    // The commit point: before it the old file is intact, after it the new one is complete.
    this.fs.renameSync(temp, full)
  }

  mkdir(p: string): void {
    this.fs.mkdirSync(this.resolveChild(p))
  }

  unlink(p: string): void {
    this.fs.unlinkSync(this.resolveChild(p))
  }

  rmdir(p: string): void {
    this.fs.rmdirSync(this.resolveChild(p))
  }

  rename(from: string, to: string): void {
    this.fs.renameSync(this.resolveChild(from), this.resolveChild(to))
  }

  /** Like resolve(), for operations that must not touch the root itself. */
  private resolveChild(p: string): string {
    const full = this.resolve(p)
    if (full === this.root) throw new HostFsError('EBUSY', 'the share root')
    return full
  }

  /** Refuse a path whose deepest existing ancestor lies outside the share (symlinks). */
  private checkRealPath(full: string): void {
    let probe = full
    for (;;) {
      if (this.fs.existsSync(probe)) break
      const up = path.dirname(probe)
      if (up === probe) return
      probe = up
    }
    // A dangling symlink is not followed by any operation here (writeFile renames over the link).
    const real = this.fs.realpathSync(probe)
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      throw new HostFsError('EACCES', `path leaves the share: ${full}`)
    }
  }

  private sweepTemps(dir: string, depth: number): void {
    if (depth > 16) return
    let names: string[]
    try {
      names = this.fs.readdirSync(dir)
    } catch {
      return
    }
    for (const n of names) {
      const full = path.join(dir, n)
      if (isTempName(n)) {
        this.tryUnlink(full)
        continue
      }
      try {
        const st = this.fs.lstatSync(full)
        if (st.isDirectory()) this.sweepTemps(full, depth + 1)
      } catch {
        /* vanished meanwhile */
      }
    }
  }

  private tryUnlink(p: string): void {
    try {
      this.fs.unlinkSync(p)
    } catch {
      /* best effort */
    }
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
