/*
 * Tab completion (busybox lineedit's complete_cmd_dir_file): the first word
 * of a command completes against builtins, functions and the programs on
 * PATH; any other word, or one containing '/', against the file system.
 * A directory completes with '/', anything else with a space.
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
  const commandPosition = head === '' || /(^|[;|&(]|&&|\|\||\b(then|do|else|if|while|until))$/.test(head)
  if (commandPosition && !word.includes('/')) {
    return { start, candidates: commandCandidates(src, word) }
  }
  return { start, candidates: fileCandidates(src, word, commandPosition) }
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
      if (!e.startsWith(word)) continue
      try {
        const st = src.vfs.stat(`${dir}/${e}`, src.cwd())
        if ((st.mode & 0o170000) === 0o100000 && (st.mode & 0o111) !== 0) names.add(e)
      } catch {
        // a dangling link is not a command
      }
    }
  }
  return [...names].sort(byteOrder).map((n) => ({ insert: n.replace(SPECIAL, '\\$&'), display: n, suffix: ' ' }))
}

function fileCandidates(src: CompletionSource, word: string, execOnly: boolean): Completion['candidates'] {
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
    if (e.startsWith('.') && !prefix.startsWith('.')) continue
    let isDir = false
    let isExec = false
    try {
      const st = src.vfs.stat(dir === '.' ? e : `${dir.replace(/\/$/, '')}/${e}`, src.cwd())
      isDir = (st.mode & 0o170000) === 0o040000
      isExec = (st.mode & 0o111) !== 0
    } catch {
      // dangling symlink: complete it like a file
    }
    if (execOnly && !isDir && !isExec) continue
    out.push({ insert: (dirPart + e).replace(SPECIAL, '\\$&'), display: e, suffix: isDir ? '/' : ' ' })
  }
  return out
}
