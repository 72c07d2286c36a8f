/*
 * The editor's access to the guest's files: list, read and write under /mnt
 * (the host share) and /root only, through the machine's VFS as the shell's
 * commands see it; and the compiler's diagnostics for one C file, from the
 * same compile step Kbuild runs for `make` (compileModule at modpost's
 * nominal base), so the editor underlines exactly what make would print.
 *
 * A user program (a file that includes no <linux/...> header) is checked in
 * the C engine's user mode with the machine's libc headers.
 *
 * The build button's target comes with the diagnostics: for a module, the
 * obj-m entry of the directory's Kbuild/Makefile that this file is part of
 * (`allocmm-objs := a.o b.o` makes b.c part of allocmm.ko). That is a plain
 * reading of the assignments, not make's evaluation: a Makefile that
 * computes obj-m from other variables leaves the file's own name.
 */

import { checkUserUnits, type Diag } from '../cc/index'
import { compileModule, NATIVE_NAMES } from '../kernel/module/loader'
import type { Vfs } from '../fs/vfs'
import type { EditorBuild, EditorDiag, FsEntry } from './types'

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

const stem = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/\.c$/, '')
const MAKEFILES = ['Kbuild', 'Makefile', 'makefile', 'GNUmakefile']
const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))

/** The words assigned to each variable of a makefile (=, :=, ::=, +=, ?=), continuation lines joined. */
function makeAssignments(text: string): Map<string, string[]> {
  const vars = new Map<string, string[]>()
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*(?:override\s+|export\s+)?([A-Za-z0-9_.-]+)\s*(\+=|\?=|::?=|=)\s*([^#]*)/.exec(line)
    if (!m) continue
    const words = m[3]!.trim().split(/\s+/).filter((w) => w !== '')
    const old = m[2] === '+=' ? (vars.get(m[1]!) ?? []) : m[2] === '?=' && vars.has(m[1]!) ? null : []
    if (old) vars.set(m[1]!, [...old, ...words])
  }
  return vars
}

/** The module (obj-m entry) a C file of a module directory is built into. */
function moduleOf(vfs: Vfs, path: string): string {
  const dir = dirOf(path)
  const obj = stem(path) + '.o'
  for (const f of MAKEFILES) {
    let text: string
    try {
      text = vfs.readText(`${dir}/${f}`)
    } catch {
      continue
    }
    const vars = makeAssignments(text)
    for (const o of vars.get('obj-m') ?? []) {
      if (!o.endsWith('.o')) continue
      const name = o.slice(0, -2).replace(/^.*\//, '')
      const parts = [...(vars.get(`${name}-objs`) ?? []), ...(vars.get(`${name}-y`) ?? [])]
      if (o === obj || parts.includes(obj)) return name
    }
    break
  }
  return stem(path)
}

/** gcc's diagnostics for one C file, limited to the lines of that file, and what the build button does with it. */
export function compileDiagnostics(vfs: Vfs | null, path: string): { diags: EditorDiag[]; build: EditorBuild | null; error: string | null } {
  const r = fsRead(vfs, path)
  if (r.text === null || !vfs) return { diags: [], build: null, error: r.error }
  const src = { name: path, contents: r.text }
  let all: Diag[]
  let build: EditorBuild
  if (/#\s*include\s*<linux\//.test(r.text)) {
    build = { kind: 'module', module: moduleOf(vfs, path) }
    all = compileModule(build.module.replace(/[^A-Za-z0-9_]/g, '_'), [src], 0xbf000000, NATIVE_NAMES, 0xbf00ff00).diagnostics
  } else {
    // A user program as the console's gcc -c sees it: the libc headers, and its own #include "..." files.
    build = { kind: 'program', output: stem(path), makefile: MAKEFILES.slice(1).some((f) => vfs.exists(`${dirOf(path)}/${f}`)) }
    const fs = vfs
    const readFile = (p: string): string | null => {
      try {
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
  return { diags, build, error: null }
}
