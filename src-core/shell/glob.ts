/*
 * Pattern matching (fnmatch) and pathname expansion (glob) for the shell.
 *
 * Patterns arrive with quoted characters backslash-escaped by the expander,
 * so `"*".c` matches only a file literally named `*.c`. Pathname expansion
 * matches one path component at a time against the VFS, hides dot files
 * unless the pattern starts with a dot, and sorts results the way busybox
 * does (plain byte order in the C locale).
 */

import type { Vfs } from '../fs/vfs'

/** True if the pattern has an unescaped *, ? or [ (worth globbing). */
export function hasGlobChars(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]
    if (c === '\\') i++
    else if (c === '*' || c === '?') return true
    else if (c === '[' && bracketEnd(pat, i) > 0) return true
  }
  return false
}

/** Remove the expander's escapes. */
export function unescapeGlob(pat: string): string {
  return pat.replace(/\\(.)/gs, '$1')
}

/** Escape a literal string so it matches only itself. */
export function escapeGlob(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&')
}

/** Index of the `]` closing a bracket expression that opens at `i`, or -1. */
function bracketEnd(pat: string, i: number): number {
  let j = i + 1
  if (pat[j] === '!' || pat[j] === '^') j++
  if (pat[j] === ']') j++
  for (; j < pat.length; j++) {
    if (pat[j] === '\\') j++
    else if (pat[j] === '[' && pat[j + 1] === ':') {
      // [:class:] inside a bracket expression: its ']' does not close the bracket.
      const e = pat.indexOf(':]', j + 2)
      if (e > 0) j = e + 1
    } else if (pat[j] === ']') return j
  }
  return -1
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f'
}

/** The regular expression source for a pattern (without anchors). */
export function patternSource(pat: string, greedy = true): string {
  let re = ''
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!
    if (c === '\\') {
      i++
      if (i < pat.length) re += escapeRe(pat[i]!)
      else re += '\\\\'
    } else if (c === '*') re += greedy ? '[^]*' : '[^]*?'
    else if (c === '?') re += '[^]'
    else if (c === '[') {
      const end = bracketEnd(pat, i)
      if (end < 0) {
        re += '\\['
        continue
      }
      let body = pat.slice(i + 1, end)
      let neg = false
      if (body[0] === '!' || body[0] === '^') {
        neg = true
        body = body.slice(1)
      }
      let cls = ''
      for (let k = 0; k < body.length; k++) {
        const m = /^\[:([a-z]+):\]/.exec(body.slice(k))
        if (m && CLASSES[m[1]!]) {
          cls += CLASSES[m[1]!]
          k += m[0].length - 1
        } else if (body[k] === '\\' && k + 1 < body.length) {
          cls += escapeRe(body[++k]!)
        } else if (body[k] === '-' && k > 0 && k < body.length - 1) {
          cls += '-'
        } else {
          cls += escapeRe(body[k]!)
        }
      }
      re += `[${neg ? '^' : ''}${cls}]`
      i = end
    } else re += escapeRe(c)
  }
  return re
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c
}

/** fnmatch(pattern, s) for `case` and `[[`-less tests: the whole string must match. */
export function fnmatch(pat: string, s: string): boolean {
  try {
    return new RegExp(`^${patternSource(pat)}$`).test(s)
  } catch {
    return pat === s
  }
}

/**
 * Pathname expansion of one field. Returns the sorted matches, or [] when
 * nothing matches (the caller then keeps the word, unescaped, as ash does).
 */
export function globPaths(vfs: Vfs, cwd: string, pat: string): string[] {
  const absolute = pat.startsWith('/')
  const comps = pat.split('/').filter((c, i) => c !== '' || i === 0)
  // `*/` matches directories only (a trailing slash asks for one)
  const dirOnly = pat.endsWith('/')
  let results: string[] = [absolute ? '/' : '']
  for (let ci = absolute ? 1 : 0; ci < comps.length; ci++) {
    const comp = comps[ci]!
    const last = ci === comps.length - 1 && !dirOnly
    const next: string[] = []
    for (const base of results) {
      const dirPath = base === '' ? '.' : base
      if (!hasGlobChars(comp)) {
        const p = join(base, unescapeGlob(comp))
        if (last ? exists(vfs, cwd, p) : isDir(vfs, cwd, p)) next.push(p)
        continue
      }
      let names: string[]
      try {
        names = vfs.readdir(dirPath, cwd)
      } catch {
        continue
      }
      const re = new RegExp(`^${patternSource(comp)}$`)
      const dotOk = unescapeGlob(comp).startsWith('.')
      for (const n of names.slice().sort(byteOrder)) {
        if (n.startsWith('.') && !dotOk) continue
        if (!re.test(n)) continue
        const p = join(base, n)
        if (!last && !isDir(vfs, cwd, p)) continue
        next.push(p)
      }
    }
    results = next
    if (results.length === 0) return []
  }
  if (dirOnly) results = results.map((r) => (r.endsWith('/') ? r : r + '/'))
  return results
}

function join(base: string, name: string): string {
  if (base === '') return name
  return base.endsWith('/') ? base + name : `${base}/${name}`
}

function exists(vfs: Vfs, cwd: string, p: string): boolean {
  try {
    vfs.lstat(p, cwd)
    return true
  } catch {
    return false
  }
}

function isDir(vfs: Vfs, cwd: string, p: string): boolean {
  try {
    return (vfs.stat(p, cwd).mode & 0o170000) === 0o040000
  } catch {
    return false
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
