/*
 * Tab completion (busybox lineedit's build_match_prefix and
 * complete_cmd_dir_file): the first word of a command completes against
 * builtins, functions and the entries of the PATH directories; a word with
 * a '/' or any later word against the file system (directories only after
 * `cd `). Dot files are candidates, `.` and `..` are not. A directory
 * completes with '/', anything else with a space; the listing shows
 * directories with their '/'.
 */

import type { Vfs } from '../fs/vfs'
import { byteOrder } from './glob'
import type { Completion } from './lineedit'

export interface CompletionSource {
  vfs: Vfs
  cwd(): string
  path(): string
  /** Builtin and function names. */
  commandNames(): string[]
}

const SPECIAL = /[ \t\\'"$`&|;<>()*?[\]!#]/g

export function complete(src: CompletionSource, line: string, cursor: number): Completion {
  const before = line.slice(0, cursor)
  // The word under the cursor starts after the last unescaped separator.
  let start = 0
  let quoted = false
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!
    if (c === '\\') {
      i++
      continue
    }
    if (c === '"' || c === "'") quoted = !quoted
    if (!quoted && (c === ' ' || c === '\t' || ';|&<>()'.includes(c))) start = i + 1
  }
  const word = before.slice(start).replace(/\\(.)/g, '$1').replace(/["']/g, '')
  const head = before.slice(0, start).trimEnd()
  const commandPosition = head === '' || /(^|[;|&({]|&&|\|\||\b(then|do|else|if|while|until))$/.test(head)
  if (commandPosition && !word.includes('/')) {
    return { start, candidates: commandCandidates(src, word) }
  }
  const dirsOnly = /(^|[;|&({]\s*)cd$/.test(head)
  return { start, candidates: fileCandidates(src, word, dirsOnly) }
}

function commandCandidates(src: CompletionSource, word: string): Completion['candidates'] {
  const names = new Set<string>()
  for (const n of src.commandNames()) if (n.startsWith(word)) names.add(n)
  for (const dir of src.path().split(':')) {
    let entries: string[]
    try {
      entries = src.vfs.readdir(dir || '.', src.cwd())
    } catch {
      continue
    }
    for (const e of entries) {
      if (!e.startsWith(word) || e === '.' || e === '..') continue
      try {
        const st = src.vfs.stat(`${dir}/${e}`, src.cwd())
        names.add((st.mode & 0o170000) === 0o040000 ? e + '/' : e)
      } catch {
        names.add(e) // a dangling link still matches, as lstat() finds it
      }
    }
  }
  return [...names].sort(byteOrder).map((n) =>
    n.endsWith('/')
      ? { insert: n.slice(0, -1).replace(SPECIAL, '\\$&'), display: n, suffix: '/' }
      : { insert: n.replace(SPECIAL, '\\$&'), display: n, suffix: ' ' }
  )
}

function fileCandidates(src: CompletionSource, word: string, dirsOnly: boolean): Completion['candidates'] {
  const slash = word.lastIndexOf('/')
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : ''
  const prefix = word.slice(slash + 1)
  let dir = dirPart === '' ? '.' : dirPart
  if (dir.startsWith('~')) dir = '/root' + dir.slice(1)
  let entries: string[]
  try {
    entries = src.vfs.readdir(dir, src.cwd())
  } catch {
    return []
  }
  const out: Completion['candidates'] = []
  for (const e of entries.slice().sort(byteOrder)) {
    if (!e.startsWith(prefix)) continue
    if (prefix === '' && (e === '.' || e === '..')) continue
    let isDir = false
    try {
      const st = src.vfs.stat(dir === '.' ? e : `${dir.replace(/\/$/, '')}/${e}`, src.cwd())
      isDir = (st.mode & 0o170000) === 0o040000
    } catch {
      // dangling symlink: complete it like a file
    }
    if (dirsOnly && !isDir) continue
    out.push({ insert: (dirPart + e).replace(SPECIAL, '\\$&'), display: isDir ? e + '/' : e, suffix: isDir ? '/' : ' ' })
  }
  return out
}
