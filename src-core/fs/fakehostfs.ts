/*
 * An in-memory HostFs for tests: what the Electron main process gives over a
 * real folder (src-main/host-fs.ts), with Node-style error codes. Paths are
 * relative to the share; '.' is its root.
 */

import type { HostFs } from '../protocol'

export class FakeHostFs implements HostFs {
  files = new Map<string, Uint8Array>()
  dirs = new Set<string>(['.'])
  writes: string[] = []
  private norm(p: string): string {
    return p === '' || p === '/' ? '.' : p
  }
  stat(path: string) {
    const p = this.norm(path)
    if (this.dirs.has(p)) return { dir: true, size: 0, mtimeMs: 1_700_000_000_000 }
    const f = this.files.get(p)
    return f ? { dir: false, size: f.length, mtimeMs: 1_700_000_000_000 } : null
  }
  readdir(path: string): string[] {
    const p = this.norm(path)
    if (!this.dirs.has(p)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    const prefix = p === '.' ? '' : p + '/'
    const out = new Set<string>()
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k !== '.' && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) out.add(k.slice(prefix.length))
    }
    return [...out]
  }
  readFile(path: string): Uint8Array {
    const f = this.files.get(this.norm(path))
    if (!f) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    return f.slice()
  }
  writeFile(path: string, data: Uint8Array): void {
    this.writes.push(path)
    this.files.set(this.norm(path), data.slice())
  }
  mkdir(path: string): void {
    if (this.dirs.has(path) || this.files.has(path)) throw Object.assign(new Error('EEXIST'), { code: 'EEXIST' })
    this.dirs.add(path)
  }
  unlink(path: string): void {
    if (!this.files.delete(path)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
  }
  rmdir(path: string): void {
    if (this.readdir(path).length) throw Object.assign(new Error('ENOTEMPTY'), { code: 'ENOTEMPTY' })
    this.dirs.delete(path)
  }
  rename(from: string, to: string): void {
    const f = this.files.get(from)
    if (f) {
      this.files.delete(from)
      this.files.set(to, f)
      return
    }
    if (!this.dirs.has(from)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    for (const k of [...this.files.keys()]) if (k.startsWith(from + '/')) {
      this.files.set(to + k.slice(from.length), this.files.get(k)!)
      this.files.delete(k)
    }
    for (const d of [...this.dirs]) if (d === from || d.startsWith(from + '/')) {
      this.dirs.delete(d)
      this.dirs.add(to + d.slice(from.length))
    }
  }
}
