/*
 * The editor's access to the guest's files: list, read and write under /mnt
 * (the host share) and /root only, through the machine's VFS as the shell's
 * commands see it; and the compiler's diagnostics for one C file, from the
 * same compile step Kbuild runs for `make` (compileModule at modpost's
 * nominal base), so the editor underlines exactly what make would print.
 *
 * A user program (a file that includes no <linux/...> header) is checked in
 * the C engine's user mode with the machine's libc headers.
 */

import { checkUserUnits, type Diag } from '../cc/index'
import { compileModule, NATIVE_NAMES } from '../kernel/module/loader'
import type { Vfs } from '../fs/vfs'
import type { EditorDiag, FsEntry } from './types'

export const EDITOR_ROOTS = ['/mnt', '/root'] as const
/** Files larger than this are not opened in the editor. */
export const EDITOR_MAX_BYTES = 1 << 20

const S_IFMT = 0o170000
const S_IFDIR = 0o040000

/** Is `path` a clean absolute path under one of the editor's roots? (No '.', '..', '//'.) */
export function editorPathAllowed(path: string): boolean {
  if (typeof path !== 'string' || path.length > 1024 || !path.startsWith('/')) return false
  const parts = path.split('/').slice(1)
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) return false
  return EDITOR_ROOTS.some((r) => path === r || path.startsWith(r + '/'))
}

/** The real path, still under a root (a symlink out of /mnt is refused). */
function resolve(vfs: Vfs, path: string): string {
  if (!editorPathAllowed(path)) throw new Error('EACCES: outside /mnt and /root')
  const real = vfs.realpath(path)
  if (!EDITOR_ROOTS.some((r) => real === r || real.startsWith(r + '/'))) throw new Error('EACCES: outside /mnt and /root')
  return real
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export function fsList(vfs: Vfs | null, path: string): { entries: FsEntry[] | null; error: string | null } {
  if (!vfs) return { entries: null, error: 'the machine is off' }
  try {
    const dir = resolve(vfs, path)
    const entries = vfs.readdir(dir).filter((n) => n !== '.' && n !== '..').map((name) => {
      try {
        const st = vfs.stat(`${dir}/${name}`)
        return { name, dir: (st.mode & S_IFMT) === S_IFDIR, size: st.size }
      } catch {
        return { name, dir: false, size: 0 }
      }
    })
    entries.sort((a, b) => Number(b.dir) - Number(a.dir) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    return { entries, error: null }
  } catch (e) {
    return { entries: null, error: message(e) }
  }
}

export function fsRead(vfs: Vfs | null, path: string): { text: string | null; error: string | null } {
  if (!vfs) return { text: null, error: 'the machine is off' }
  try {
    const real = resolve(vfs, path)
    const st = vfs.stat(real)
    if ((st.mode & S_IFMT) === S_IFDIR) return { text: null, error: 'EISDIR: is a directory' }
    if (st.size > EDITOR_MAX_BYTES) return { text: null, error: 'EFBIG: too large for the editor' }
    return { text: vfs.readText(real), error: null }
  } catch (e) {
    return { text: null, error: message(e) }
  }
}

export function fsWrite(vfs: Vfs | null, path: string, text: string): string | null {
  if (!vfs) return 'the machine is off'
  try {
    if (!editorPathAllowed(path)) throw new Error('EACCES: outside /mnt and /root')
    const slash = path.lastIndexOf('/')
    resolve(vfs, path.slice(0, slash) || '/') // the directory must exist and stay under a root
    vfs.writeFile(path, text)
    return null
  } catch (e) {
    return message(e)
  }
}

/** gcc's diagnostics for one C file, limited to the lines of that file. */
export function compileDiagnostics(vfs: Vfs | null, path: string): { diags: EditorDiag[]; error: string | null } {
  const r = fsRead(vfs, path)
  if (r.text === null) return { diags: [], error: r.error }
  const src = { name: path, contents: r.text }
  let all: Diag[]
  if (/#\s*include\s*<linux\//.test(r.text)) {
    const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.c$/, '').replace(/[^A-Za-z0-9_]/g, '_')
    all = compileModule(name, [src], 0xbf000000, NATIVE_NAMES, 0xbf00ff00).diagnostics
  } else {
    // A user program as the console's gcc -c sees it: the libc headers, and its own #include "..." files.
    const fs = vfs
    const readFile = (p: string): string | null => {
      try {
        if (!fs) return null
        const b = fs.readFile(p)
        let t = ''
        for (let i = 0; i < b.length; i += 8192) t += String.fromCharCode(...b.subarray(i, i + 8192))
        return t
      } catch {
        return null
      }
    }
    all = checkUserUnits([src], { readFile }).diagnostics
  }
  const diags: EditorDiag[] = []
  for (const d of all) {
    if (!d.loc || d.loc.file.name !== path) continue
    const severity = d.severity === 'warning' ? 'warning' : d.severity === 'note' ? 'note' : 'error'
    const msg = d.option ? `${d.message} [${d.option}]` : d.message
    diags.push({ line: d.loc.line, col: d.loc.col, len: d.loc.len ?? 1, severity, message: msg })
  }
  return { diags, error: null }
}
