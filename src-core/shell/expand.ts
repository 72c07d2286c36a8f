/*
 * Word expansion (POSIX 2.6, as ash does it): tilde, parameters, command
 * substitution, arithmetic, then field splitting of unquoted results and
 * pathname expansion. Quoted text is carried with its glob characters
 * escaped, so only unquoted *, ? and [ ever glob.
 *
 * Expansion is a generator because $(...) runs commands, which may wait.
 */

import type { Vfs } from '../fs/vfs'
import { ArithError, evalArith } from './arith'
import type { Node, Word, WordPart } from './ast'
import { escapeGlob, fnmatch, globPaths, hasGlobChars, unescapeGlob } from './glob'
import type { ShellState } from './state'
import type { Wait } from './types'

/** An error that aborts the command (ash's "raise error"): bad substitution, ${x?}, arithmetic. */
export class ExpandError extends Error {}

export interface ExpandHost {
  vfs: Vfs
  shellPid: number
  /** Run a command substitution's body in a subshell and return its output. */
  substitute(body: Node, st: ShellState): Generator<Wait, string, void>
}

interface Field {
  text: string
  glob: boolean
  started: boolean
}

const IFS_DEFAULT = ' \t\n'

export class Expander {
  constructor(private readonly host: ExpandHost) {}

  /** Words to argv: every expansion, field splitting and globbing. */
  *fields(words: Word[], st: ShellState): Generator<Wait, string[], void> {
    const out: string[] = []
    for (const w of words) {
      const fs = yield* this.splitWord(w, st)
      for (const f of fs) {
        if (f.glob && !st.opts.noglob && hasGlobChars(f.text)) {
          const m = globPaths(this.host.vfs, st.cwd, f.text)
          if (m.length > 0) {
            out.push(...m)
            continue
          }
        }
        out.push(unescapeGlob(f.text))
      }
    }
    return out
  }

  /** One word to one string, without splitting or globbing (assignments, redirection targets, case). */
  *string(w: Word, st: ShellState): Generator<Wait, string, void> {
    let s = ''
    for (const p of w) s += yield* this.partValue(p, st)
    return s
  }

  /** A word as a pattern: quoted parts escaped (case patterns, ${x#pat}). */
  *pattern(w: Word, st: ShellState): Generator<Wait, string, void> {
    let s = ''
    for (const p of w) {
      const v = yield* this.partValue(p, st)
      s += isQuoted(p) ? escapeGlob(v) : v
    }
    return s
  }

  private *splitWord(w: Word, st: ShellState): Generator<Wait, Field[], void> {
    const fields: Field[] = []
    let cur: Field = { text: '', glob: false, started: false }
    const ifs = st.get('IFS') ?? IFS_DEFAULT
    for (const p of w) {
      if (p.t === 'lit') {
        if (p.q) cur.text += escapeGlob(p.s)
        else {
          cur.text += p.s
          cur.glob = true
        }
        cur.started = true
        continue
      }
      if (p.t === 'tilde') {
        cur.text += escapeGlob(this.tilde(p.user, st))
        cur.started = true
        continue
      }
      // "$@": one field per positional parameter.
      if (p.t === 'param' && p.q && p.name === '@' && p.op === null) {
        const params = st.positional
        if (params.length === 0) continue
        params.forEach((v, i) => {
          cur.text += escapeGlob(v)
          cur.started = true
          if (i < params.length - 1) {
            fields.push(cur)
            cur = { text: '', glob: false, started: false }
          }
        })
        continue
      }
      const v = yield* this.partValue(p, st)
      if (isQuoted(p)) {
        cur.text += escapeGlob(v)
        cur.started = true
        continue
      }
      // Unquoted expansion: split on IFS; the pieces may glob.
      const pieces = splitIfs(v, ifs)
      pieces.forEach((piece, i) => {
        if (i > 0) {
          if (cur.started) fields.push(cur)
          cur = { text: '', glob: false, started: false }
        }
        if (piece !== '') {
          cur.text += piece.replace(/\\/g, '\\\\')
          cur.glob = true
          cur.started = true
        }
      })
    }
    if (cur.started) fields.push(cur)
    return fields
  }

  private tilde(user: string, st: ShellState): string {
    if (user === '') return st.get('HOME') ?? '/'
    if (user === 'root') return '/root'
    return `~${user}`
  }

  private *partValue(p: WordPart, st: ShellState): Generator<Wait, string, void> {
    switch (p.t) {
      case 'lit':
        return p.s
      case 'tilde':
        return this.tilde(p.user, st)
      case 'cmd': {
        const out = yield* this.host.substitute(p.body, st)
        return out.replace(/\n+$/, '')
      }
      case 'arith': {
        const src = yield* this.string(p.expr, st)
        try {
          return String(
            evalArith(src, {
              get: (n) => st.get(n),
              set: (n, v) => st.set(n, v)
            })
          )
        } catch (e) {
          if (e instanceof ArithError) throw new ExpandError(e.message)
          throw e
        }
      }
      case 'param':
        return yield* this.param(p, st)
    }
  }

  private special(name: string, st: ShellState): string | undefined {
    switch (name) {
      case '?':
        return String(st.lastStatus)
      case '$':
        return String(this.host.shellPid)
      case '#':
        return String(st.positional.length)
      case '@':
      case '*':
        return st.positional.join(name === '*' ? (st.get('IFS') ?? ' ')[0] ?? '' : ' ')
      case '!':
        return st.lastBgPid ? String(st.lastBgPid) : ''
      case '-':
        return (st.opts.errexit ? 'e' : '') + (st.opts.noglob ? 'f' : '') + (st.opts.xtrace ? 'x' : '') + 'i'
      case '0':
        return st.arg0
    }
    if (/^[0-9]+$/.test(name)) return st.positional[Number(name) - 1]
    return st.get(name)
  }

  private *param(p: Extract<WordPart, { t: 'param' }>, st: ShellState): Generator<Wait, string, void> {
    const val = this.special(p.name, st)
    const op = p.op
    if (op === null) {
      if (val === undefined && st.opts.nounset) throw new ExpandError(`${p.name}: parameter not set`)
      return val ?? ''
    }
    if (op === 'len') return String((val ?? '').length)
    const unsetOrNull = op.startsWith(':') ? val === undefined || val === '' : val === undefined
    switch (op) {
      case '-':
      case ':-':
        return unsetOrNull ? yield* this.string(p.arg ?? [], st) : val!
      case '=':
      case ':=': {
        if (!unsetOrNull) return val!
        const v = yield* this.string(p.arg ?? [], st)
        if (!/^[A-Za-z_]/.test(p.name)) throw new ExpandError(`${p.name}: bad variable name`)
        st.set(p.name, v)
        return v
      }
      case '+':
      case ':+':
        return unsetOrNull ? '' : yield* this.string(p.arg ?? [], st)
      case '?':
      case ':?': {
        if (!unsetOrNull) return val!
        const msg = yield* this.string(p.arg ?? [], st)
        throw new ExpandError(`${p.name}: ${msg || 'parameter not set'}`)
      }
      case '#':
      case '##':
      case '%':
      case '%%': {
        const s = val ?? ''
        const pat = yield* this.pattern(p.arg ?? [], st)
        return trimPattern(s, pat, op)
      }
    }
    return val ?? ''
  }
}

function isQuoted(p: WordPart): boolean {
  return p.t !== 'tilde' && p.q
}

/** Field splitting: IFS whitespace runs separate and are trimmed; other IFS chars each end a field. */
export function splitIfs(v: string, ifs: string): string[] {
  if (ifs === '') return [v]
  const ws = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('')
  const other = [...ifs].filter((c) => !ws.includes(c)).join('')
  const out: string[] = []
  let cur = ''
  let i = 0
  // Leading whitespace gives an empty first piece only so the caller ends the previous field.
  if (v.length > 0 && ws.includes(v[0]!)) {
    out.push('')
    while (i < v.length && ws.includes(v[i]!)) i++
  }
  let pendingSep = false
  for (; i < v.length; i++) {
    const c = v[i]!
    if (ws.includes(c)) {
      pendingSep = true
      continue
    }
    if (other.includes(c)) {
      out.push(cur)
      cur = ''
      pendingSep = false
      continue
    }
    if (pendingSep) {
      out.push(cur)
      cur = ''
      pendingSep = false
    }
    cur += c
  }
  out.push(cur)
  if (pendingSep) out.push('')
  return out
}

function trimPattern(s: string, pat: string, op: '#' | '##' | '%' | '%%'): string {
  if (op === '#' || op === '##') {
    const lens = [...Array(s.length + 1).keys()]
    if (op === '##') lens.reverse()
    for (const n of lens) if (fnmatch(pat, s.slice(0, n))) return s.slice(n)
    return s
  }
  const starts = [...Array(s.length + 1).keys()]
  if (op === '%') starts.reverse()
  for (const n of starts) if (fnmatch(pat, s.slice(n))) return s.slice(0, n)
  return s
}

