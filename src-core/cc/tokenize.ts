/*
 * Tokenizer: source text -> preprocessing tokens (C11 6.4), one file at a time.
 *
 * Tokens keep their spelling (`text`); numbers stay pp-numbers until the parser
 * converts them, strings and character constants keep their quotes and prefix.
 * Each token records its location and whether it starts a line or follows
 * white space (the preprocessor needs both for directives and `#` stringizing).
 */

import type { DiagList, Loc, SrcFile } from './diag'

export type TokKind = 'ident' | 'punct' | 'num' | 'str' | 'char' | 'eof'

export interface Token {
  kind: TokKind
  text: string
  loc: Loc
  /** First token on a logical line. */
  bol: boolean
  /** Preceded by white space (or a comment). */
  space: boolean
  /** Names of macros this token may not expand again (C11 6.10.3.4 "hide set"). */
  hide?: ReadonlySet<string>
  /** For tokens produced by macro expansion: where the outermost macro was used. */
  expandedFrom?: Loc
  /** Came from a macro argument: diagnostics point at its spelling, as gcc does. */
  fromArg?: boolean
  /** During substitution: where the parameter this argument token replaces appears in the body. */
  argUse?: Loc
}

const PUNCTS = [
  '%:%:', '<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=',
  '-=', '&=', '^=', '|=', '##', '<:', ':>', '<%', '%>', '%:'
]
const DIGRAPH: Record<string, string> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}', '%:': '#', '%:%:': '##' }

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57)
}

/**
 * Remove backslash-newline splices (translation phase 2). The newlines removed
 * are re-inserted after the logical line so later line numbers stay right.
 */
function spliceLines(src: string): string {
  if (src.indexOf('\\\n') < 0 && src.indexOf('\\\r') < 0 && !/\\[ \t]+\r?\n/.test(src)) return src
  const parts: string[] = []
  let pending = 0
  let from = 0
  for (let i = src.indexOf('\\'); i >= 0 && i < src.length; i = src.indexOf('\\', i + 1)) {
    let j = i + 1
    while (src[j] === ' ' || src[j] === '\t' || src[j] === '\r') j++
    if (src[j] !== '\n') continue
    // Drop "\\ ... \n"; owe one newline, paid at the end of the logical line.
    const chunk = src.slice(from, i)
    const nl = chunk.indexOf('\n')
    if (pending && nl >= 0) {
      parts.push(chunk.slice(0, nl), '\n'.repeat(pending), chunk.slice(nl))
      pending = 0
    } else parts.push(chunk)
    pending++
    from = j + 1
    i = j
  }
  const rest = src.slice(from)
  const nl = rest.indexOf('\n')
  if (pending && nl >= 0) parts.push(rest.slice(0, nl), '\n'.repeat(pending), rest.slice(nl))
  else parts.push(rest, '\n'.repeat(pending))
  return parts.join('')
}

export function tokenize(file: SrcFile, diags: DiagList): Token[] {
  const src = spliceLines(file.contents)
  const toks: Token[] = []
  let i = 0
  let line = 1
  let lineStart = 0
  let bol = true
  let space = false
  const n = src.length
  const loc = (pos: number): Loc => ({ file, line, col: pos - lineStart + 1 })

  while (i < n) {
    const c = src.charCodeAt(i)
    if (c === 10) {
      i++
      line++
      lineStart = i
      bol = true
      space = false
      continue
    }
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
      i++
      space = true
      continue
    }
    if (c === 47 && src.charCodeAt(i + 1) === 47) {
      while (i < n && src.charCodeAt(i) !== 10) i++
      space = true
      continue
    }
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const start = loc(i)
      const end = src.indexOf('*/', i + 2)
      if (end < 0) {
        diags.error(start, 'unterminated comment')
        i = n
        break
      }
      for (let k = i; k < end; k++) {
        if (src.charCodeAt(k) === 10) {
          line++
          lineStart = k + 1
        }
      }
      i = end + 2
      space = true
      continue
    }
    const start = i
    const l = loc(i)
    let kind: TokKind
    // pp-number (C11 6.4.8)
    if ((c >= 48 && c <= 57) || (c === 46 && src.charCodeAt(i + 1) >= 48 && src.charCodeAt(i + 1) <= 57)) {
      i++
      for (;;) {
        const d = src.charCodeAt(i)
        const p = src.charCodeAt(i - 1) | 32
        if ((d === 43 || d === 45) && (p === 101 || p === 112)) i++
        else if (isIdChar(d) || d === 46) i++
        else break
      }
      kind = 'num'
    } else if (
      c === 34 ||
      c === 39 ||
      ((c === 76 || c === 85 || c === 117) && (src[i + 1] === '"' || src[i + 1] === "'")) ||
      (c === 117 && src[i + 1] === '8' && src[i + 2] === '"')
    ) {
      while (src[i] !== '"' && src[i] !== "'") i++
      const q = src[i]
      i++
      let closed = true
      for (;;) {
        if (i >= n || src[i] === '\n') {
          diags.error(l, `missing terminating ${q} character`)
          closed = false
          break
        }
        if (src[i] === '\\') i += 2
        else if (src[i] === q) {
          i++
          break
        } else i++
      }
      kind = q === '"' ? 'str' : 'char'
      if (!closed) {
        // Keep the token well formed for later stages; the error is reported.
        const text = src.slice(start, Math.min(i, n)).replace(/\\$/, '') + q
        toks.push({ kind, text, loc: l, bol, space })
        bol = false
        space = false
        continue
      }
    } else if (isIdStart(c)) {
      i++
      while (i < n && isIdChar(src.charCodeAt(i))) i++
      kind = 'ident'
    } else {
      let p = ''
      for (const cand of PUNCTS) {
        if (src.startsWith(cand, i)) {
          p = cand
          break
        }
      }
      if (!p) p = src[i]
      i += p.length
      kind = 'punct'
      const t: Token = { kind, text: DIGRAPH[p] ?? p, loc: l, bol, space }
      toks.push(t)
      bol = false
      space = false
      continue
    }
    if (kind === 'ident') l.len = i - start
    toks.push({ kind, text: src.slice(start, i), loc: l, bol, space })
    bol = false
    space = false
  }
  toks.push({ kind: 'eof', text: '', loc: { file, line, col: i - lineStart + 1 }, bol: true, space: false })
  return toks
}
