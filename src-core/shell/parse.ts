/*
 * The shell grammar (POSIX sh as busybox ash accepts it): tokens, words with
 * their quoting, and the recursive-descent parser that builds ast.ts nodes.
 *
 * Each parse function is named after the grammar symbol it reads. Input that
 * stops in the middle of a construct (open quote, `if` without `fi`, a
 * trailing `|`) raises ParseIncomplete, so the interactive shell can ask for
 * more with PS2; anything else wrong raises ParseError with ash's message
 * (`syntax error: unexpected "fi"`).
 */

import type { Assign, Node, Redir, RedirOp, Word, WordPart, ParamOp } from './ast'

export class ParseError extends Error {
  /** 1-based line of the source where it was found (scripts report it). */
  line = 0
  constructor(message: string) {
    super(message)
    this.name = 'ParseError'
  }
}

/** The input ended inside a construct; more lines would complete it. */
export class ParseIncomplete extends Error {
  constructor(readonly expecting: string) {
    super(`unexpected end of file (expecting "${expecting}")`)
    this.name = 'ParseIncomplete'
  }
}

type Token =
  | { k: 'word'; word: Word; raw: string; plain: boolean }
  | { k: 'op'; op: string }
  | { k: 'redir'; op: RedirOp; fd: number | null }
  | { k: 'nl' }
  | { k: 'eof' }

const META = ' \t\n;&|()<>'
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

export function isName(s: string): boolean {
  return NAME_RE.test(s)
}

/** Parse a whole program (a command line or a script). */
export function parse(src: string, aliases: ReadonlyMap<string, string> | null = null): Node {
  const p = new Parser(src, 0)
  p.aliases = aliases
  try {
    const list = p.parseList(new Set())
    const t = p.peek()
    if (t.k !== 'eof') throw new ParseError(`syntax error: unexpected ${describe(t)}`)
    // `cat <<EOF` typed without its body yet: the body comes on the next lines.
    const doc = p.unreadHeredoc()
    if (doc !== null) throw new ParseIncomplete(doc)
    return list
  } catch (e) {
    if (e instanceof ParseError && e.line === 0) e.line = p.lineAt(p.peekedAt)
    throw e
  }
}

function describe(t: Token): string {
  switch (t.k) {
    case 'word':
      return `"${t.raw}"`
    case 'op':
      return `"${t.op}"`
    case 'redir':
      return `redirection`
    case 'nl':
      return 'newline'
    case 'eof':
      return 'end of file'
  }
}

class Parser {
  private peeked: Token | null = null
  /** Where the peeked token starts (for line numbers). */
  peekedAt = 0
  private tokenStart = 0
  private newlines: number[] | null = null
  private pendingHeredocs: Redir[] = []

  /** alias name → text, substituted for a command's first word while parsing (as ash does). */
  aliases: ReadonlyMap<string, string> | null = null
  /** Aliases already expanded at a position, so `alias ls='ls -F'` does not loop. */
  private aliasGuard: { pos: number; names: Set<string> } | null = null

  constructor(
    private src: string,
    public pos: number
  ) {}

  /** The delimiter of a here-document whose body was never reached, or null. */
  unreadHeredoc(): string | null {
    const r = this.pendingHeredocs[0]
    return r ? wordText(r.target) : null
  }

  // ---- lexer ------------------------------------------------------------

  peek(): Token {
    if (!this.peeked) {
      this.peeked = this.lex()
      this.peekedAt = this.tokenStart
    }
    return this.peeked
  }

  /** 1-based line number of a source position. */
  lineAt(pos: number): number {
    if (!this.newlines) {
      this.newlines = []
      for (let i = this.src.indexOf('\n'); i >= 0; i = this.src.indexOf('\n', i + 1)) this.newlines.push(i)
    }
    let lo = 0
    let hi = this.newlines.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.newlines[mid]! < pos) lo = mid + 1
      else hi = mid
    }
    return lo + 1
  }

  next(): Token {
    const t = this.peek()
    this.peeked = null
    return t
  }

  private lex(): Token {
    const s = this.src
    for (;;) {
      const c = s[this.pos]
      if (c === ' ' || c === '\t') this.pos++
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++
      } else break
    }
    this.tokenStart = this.pos
    if (this.pos >= s.length) return { k: 'eof' }
    const c = s[this.pos]!
    if (c === '\n') {
      this.pos++
      if (this.pendingHeredocs.length > 0) this.readHeredocs()
      return { k: 'nl' }
    }
    // IO_NUMBER: digits directly followed by < or >
    const io = /^(\d+)[<>]/.exec(s.slice(this.pos, this.pos + 12))
    if (io) {
      this.pos += io[1]!.length
      const r = this.lexRedir()!
      return { k: 'redir', op: r, fd: Number(io[1]) }
    }
    const r = this.lexRedir()
    if (r) return { k: 'redir', op: r, fd: null }
    for (const op of ['&&', '||', ';;', ';', '&', '|', '(', ')']) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length
        return { k: 'op', op }
      }
    }
    return this.lexWord()
  }

  private lexRedir(): RedirOp | null {
    for (const op of ['<<-', '<<', '<>', '<&', '>>', '>|', '>&', '<', '>'] as RedirOp[]) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length
        return op
      }
    }
    return null
  }

  /** A word up to the next unquoted metacharacter. */
  private lexWord(): Token {
    const s = this.src
    const start = this.pos
    const parts: WordPart[] = []
    let lit = ''
    let plain = true
    const flush = (): void => {
      if (lit !== '') parts.push({ t: 'lit', s: lit, q: false })
      lit = ''
    }
    if (s[this.pos] === '~') {
      let j = this.pos + 1
      while (j < s.length && /[A-Za-z0-9_.-]/.test(s[j]!)) j++
      if (j >= s.length || s[j] === '/' || META.includes(s[j]!)) {
        parts.push({ t: 'tilde', user: s.slice(this.pos + 1, j) })
        this.pos = j
      }
    }
    while (this.pos < s.length) {
      const c = s[this.pos]!
      if (META.includes(c)) break
      if (c === '\\') {
        plain = false
        if (this.pos + 1 >= s.length) throw new ParseIncomplete('\\')
        if (s[this.pos + 1] === '\n') {
          this.pos += 2
          continue
        }
        flush()
        parts.push({ t: 'lit', s: s[this.pos + 1]!, q: true })
        this.pos += 2
      } else if (c === "'") {
        plain = false
        const end = s.indexOf("'", this.pos + 1)
        if (end < 0) throw new ParseIncomplete("'")
        flush()
        parts.push({ t: 'lit', s: s.slice(this.pos + 1, end), q: true })
        this.pos = end + 1
      } else if (c === '"') {
        plain = false
        flush()
        this.pos++
        const inner = this.readDouble('"')
        if (inner.length === 0) parts.push({ t: 'lit', s: '', q: true })
        else parts.push(...inner)
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBackquote(false)
        if (part) {
          plain = false
          flush()
          parts.push(part)
        } else {
          lit += c
          this.pos++
        }
      } else {
        lit += c
        this.pos++
      }
    }
    flush()
    return { k: 'word', word: parts, raw: s.slice(start, this.pos), plain }
  }

  /**
   * Inside double quotes (or a here-document when `end` is null): text with
   * $ and ` expansions; backslash escapes only $ ` " \ and newline.
   */
  private readDouble(end: '"' | null): WordPart[] {
    const s = this.src
    const parts: WordPart[] = []
    let lit = ''
    const flush = (): void => {
      if (lit !== '') parts.push({ t: 'lit', s: lit, q: true })
      lit = ''
    }
    for (;;) {
      if (this.pos >= s.length) {
        if (end === null) break
        throw new ParseIncomplete('"')
      }
      const c = s[this.pos]!
      if (end !== null && c === end) {
        this.pos++
        break
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        const d = s[this.pos + 1]!
        if (d === '\n') {
          this.pos += 2
          continue
        }
        if ('$`"\\'.includes(d) && (d !== '"' || end !== null)) {
          lit += d
          this.pos += 2
          continue
        }
        lit += c
        this.pos++
        continue
      }
      if (c === '$' || c === '`') {
        const part = this.readDollarOrBackquote(true)
        if (part) {
          flush()
          parts.push(part)
          continue
        }
      }
      lit += c
      this.pos++
    }
    flush()
    return parts
  }

  /** $name, ${...}, $(...), $((...)), `...` at pos; null if the $ is literal. */
  private readDollarOrBackquote(q: boolean): WordPart | null {
    const s = this.src
    if (s[this.pos] === '`') {
      let j = this.pos + 1
      let body = ''
      while (j < s.length && s[j] !== '`') {
        if (s[j] === '\\' && j + 1 < s.length && '$`\\'.includes(s[j + 1]!)) {
          body += s[j + 1]
          j += 2
        } else body += s[j++]
      }
      if (j >= s.length) throw new ParseIncomplete('`')
      this.pos = j + 1
      return { t: 'cmd', body: parseNested(body), q }
    }
    const c = s[this.pos + 1]
    if (c === undefined) return null
    if (c === '(' && s[this.pos + 2] === '(') {
      // $(( expr )): find the matching "))" counting parentheses.
      let depth = 0
      let j = this.pos + 3
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++
        else if (s[j] === ')') {
          if (depth === 0 && s[j + 1] === ')') break
          depth--
        }
      }
      if (j >= s.length) throw new ParseIncomplete('))')
      const inner = new Parser(s.slice(this.pos + 3, j), 0).readDouble(null)
      this.pos = j + 2
      return { t: 'arith', expr: inner, q }
    }
    if (c === '(') {
      const saved = this.peeked
      this.peeked = null
      this.pos += 2
      const body = this.parseList(new Set())
      const t = this.next()
      if (t.k === 'eof') throw new ParseIncomplete(')')
      if (!(t.k === 'op' && t.op === ')')) throw new ParseError(`syntax error: unexpected ${describe(t)}`)
      this.peeked = saved
      return { t: 'cmd', body, q }
    }
    if (c === '{') {
      return this.readBraceParam(q)
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = this.pos + 1
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++
      const name = s.slice(this.pos + 1, j)
      this.pos = j
      return { t: 'param', name, op: null, arg: null, q }
    }
    if (/[0-9?#$!@*\-]/.test(c)) {
      this.pos += 2
      return { t: 'param', name: c, op: null, arg: null, q }
    }
    return null
  }

  private readBraceParam(q: boolean): WordPart {
    const s = this.src
    let j = this.pos + 2
    let lenOp = false
    if (s[j] === '#' && j + 1 < s.length && s[j + 1] !== '}') {
      lenOp = true
      j++
    }
    let name: string
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$!@*\-])/.exec(s.slice(j))
    if (!m) {
      if (j >= s.length) throw new ParseIncomplete('}')
      throw new ParseError('syntax error: bad substitution')
    }
    name = m[1]!
    j += name.length
    if (lenOp) {
      if (s[j] !== '}') throw new ParseError('syntax error: bad substitution')
      this.pos = j + 1
      return { t: 'param', name, op: 'len', arg: null, q }
    }
    if (j >= s.length) throw new ParseIncomplete('}')
    if (s[j] === '}') {
      this.pos = j + 1
      return { t: 'param', name, op: null, arg: null, q }
    }
    let op: ParamOp | null = null
    for (const o of [':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%'] as ParamOp[]) {
      if (s.startsWith(o, j)) {
        op = o
        break
      }
    }
    if (!op) throw new ParseError('syntax error: bad substitution')
    this.pos = j + op.length
    const arg = this.readParamWord(q)
    return { t: 'param', name, op, arg, q }
  }

  /** The word of ${name op word}, up to the matching }. */
  private readParamWord(q: boolean): Word {
    const s = this.src
    const parts: WordPart[] = []
    let lit = ''
    const flush = (): void => {
      if (lit !== '') parts.push({ t: 'lit', s: lit, q })
      lit = ''
    }
    for (;;) {
      if (this.pos >= s.length) throw new ParseIncomplete('}')
      const c = s[this.pos]!
      if (c === '}') {
        this.pos++
        break
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        flush()
        parts.push({ t: 'lit', s: s[this.pos + 1]!, q: true })
        this.pos += 2
      } else if (c === "'" && !q) {
        const end = s.indexOf("'", this.pos + 1)
        if (end < 0) throw new ParseIncomplete("'")
        flush()
        parts.push({ t: 'lit', s: s.slice(this.pos + 1, end), q: true })
        this.pos = end + 1
      } else if (c === '"') {
        flush()
        this.pos++
        parts.push(...this.readDouble('"'))
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBackquote(q)
        if (part) {
          flush()
          parts.push(part)
        } else {
          lit += c
          this.pos++
        }
      } else {
        lit += c
        this.pos++
      }
    }
    flush()
    return parts
  }

  private readHeredocs(): void {
    const docs = this.pendingHeredocs
    this.pendingHeredocs = []
    const s = this.src
    for (const r of docs) {
      const delim = wordText(r.target)
      const quoted = r.target.some((p) => p.t === 'lit' && p.q)
      let body = ''
      for (;;) {
        if (this.pos >= s.length) throw new ParseIncomplete(delim)
        let nl = s.indexOf('\n', this.pos)
        if (nl < 0) {
          // The last line without a newline can still be the delimiter.
          nl = s.length
        }
        let line = s.slice(this.pos, nl)
        this.pos = Math.min(s.length, nl + 1)
        if (r.op === '<<-') line = line.replace(/^\t+/, '')
        if (line === delim) break
        if (nl >= s.length && this.pos >= s.length && line !== delim) {
          throw new ParseIncomplete(delim)
        }
        body += line + '\n'
      }
      const bodyWord: Word = quoted ? [{ t: 'lit', s: body, q: true }] : new Parser(body, 0).readDouble(null)
      r.heredoc = { body: bodyWord, quoted }
    }
  }

  // ---- grammar ----------------------------------------------------------

  private isReserved(t: Token, w: string): boolean {
    return t.k === 'word' && t.plain && t.raw === w
  }

  private skipNewlines(): void {
    while (this.peek().k === 'nl') this.next()
  }

  /** list: and_or ((';' | '&' | newline) and_or)*, up to a terminator word, ')' or EOF. */
  parseList(terms: Set<string>): Node {
    const items: Array<{ node: Node; bg: boolean }> = []
    for (;;) {
      this.skipNewlines()
      const t = this.peek()
      if (t.k === 'eof') break
      if (t.k === 'op' && (t.op === ')' || t.op === ';;')) break
      if (t.k === 'word' && t.plain && terms.has(t.raw)) break
      const node = this.parseAndOr()
      let bg = false
      const sep = this.peek()
      if (sep.k === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.next()
        bg = sep.op === '&'
      } else if (sep.k === 'nl') {
        this.next()
      } else if (!(sep.k === 'eof' || (sep.k === 'op' && (sep.op === ')' || sep.op === ';;')) || (sep.k === 'word' && sep.plain && terms.has(sep.raw)))) {
        throw new ParseError(`syntax error: unexpected ${describe(sep)}`)
      }
      items.push({ node, bg })
    }
    return { t: 'list', items }
  }

  private parseAndOr(): Node {
    const first = this.parsePipeline()
    const rest: Array<{ op: '&&' | '||'; node: Node }> = []
    for (;;) {
      const t = this.peek()
      if (t.k === 'op' && (t.op === '&&' || t.op === '||')) {
        this.next()
        this.skipNewlinesOrIncomplete(t.op)
        rest.push({ op: t.op, node: this.parsePipeline() })
      } else break
    }
    return rest.length === 0 ? first : { t: 'andor', first, rest }
  }

  private skipNewlinesOrIncomplete(after: string): void {
    this.skipNewlines()
    if (this.peek().k === 'eof') throw new ParseIncomplete(after)
  }

  private parsePipeline(): Node {
    let bang = false
    if (this.isReserved(this.peek(), '!')) {
      this.next()
      bang = true
    }
    const cmds = [this.parseCommand()]
    for (;;) {
      const t = this.peek()
      if (t.k === 'op' && t.op === '|') {
        this.next()
        this.skipNewlinesOrIncomplete('|')
        cmds.push(this.parseCommand())
      } else break
    }
    return cmds.length === 1 && !bang ? cmds[0]! : { t: 'pipeline', cmds, bang }
  }

  private expectWord(w: string): void {
    this.skipNewlines()
    const t = this.next()
    if (this.isReserved(t, w)) return
    if (t.k === 'eof') throw new ParseIncomplete(w)
    throw new ParseError(`syntax error: unexpected ${describe(t)}${w ? ` (expecting "${w}")` : ''}`)
  }

  /** Replace the peeked command word by its alias text, as often as aliases chain. */
  private expandAlias(): void {
    for (let n = 0; n < 32; n++) {
      const t = this.peek()
      if (!(t.k === 'word' && t.plain && this.aliases?.has(t.raw))) return
      const at = this.peekedAt
      const guard = this.aliasGuard && this.aliasGuard.pos === at ? this.aliasGuard.names : new Set<string>()
      if (guard.has(t.raw)) return
      guard.add(t.raw)
      this.aliasGuard = { pos: at, names: guard }
      this.src = this.src.slice(0, at) + this.aliases.get(t.raw)! + this.src.slice(this.pos)
      this.pos = at
      this.peeked = null
      this.newlines = null
    }
  }

  private parseCommand(): Node {
    this.expandAlias()
    const t = this.peek()
    if (t.k === 'eof') throw new ParseIncomplete('command')
    if (t.k === 'word' && t.plain) {
      switch (t.raw) {
        case 'if':
          return this.withRedirs(this.parseIf())
        case 'while':
        case 'until':
          return this.withRedirs(this.parseLoop())
        case 'for':
          return this.withRedirs(this.parseFor())
        case 'case':
          return this.withRedirs(this.parseCase())
        case '{': {
          this.next()
          const body = this.parseList(new Set(['}']))
          this.expectWord('}')
          this.checkNonEmpty(body, '}')
          return this.withRedirs({ t: 'group', body, subshell: false, redirs: [] })
        }
        case 'then': case 'elif': case 'else': case 'fi': case 'do': case 'done': case 'esac': case '}': case 'in':
          throw new ParseError(`syntax error: unexpected "${t.raw}"`)
      }
    }
    if (t.k === 'op' && t.op === '(') {
      this.next()
      const body = this.parseList(new Set())
      const c = this.next()
      if (c.k === 'eof') throw new ParseIncomplete(')')
      if (!(c.k === 'op' && c.op === ')')) throw new ParseError(`syntax error: unexpected ${describe(c)}`)
      this.checkNonEmpty(body, ')')
      return this.withRedirs({ t: 'group', body, subshell: true, redirs: [] })
    }
    if (t.k === 'op' || t.k === 'nl') throw new ParseError(`syntax error: unexpected ${describe(t)}`)
    return this.parseSimple()
  }

  private checkNonEmpty(body: Node, closer: string): void {
    if (body.t === 'list' && body.items.length === 0) throw new ParseError(`syntax error: unexpected "${closer}"`)
  }

  /** Redirections after a compound command (`while ...; done < file`). */
  private withRedirs(n: Node): Node {
    const redirs = (n as { redirs: Redir[] }).redirs
    for (;;) {
      const t = this.peek()
      if (t.k !== 'redir') break
      redirs.push(this.parseRedir())
    }
    return n
  }

  private parseIf(): Node {
    this.next() // if
    const clauses: Array<{ cond: Node; body: Node }> = []
    let orelse: Node | null = null
    for (;;) {
      const cond = this.parseList(new Set(['then']))
      this.expectWord('then')
      const body = this.parseList(new Set(['elif', 'else', 'fi']))
      clauses.push({ cond, body })
      this.skipNewlines()
      const t = this.next()
      if (this.isReserved(t, 'elif')) continue
      if (this.isReserved(t, 'else')) {
        orelse = this.parseList(new Set(['fi']))
        this.expectWord('fi')
        break
      }
      if (this.isReserved(t, 'fi')) break
      if (t.k === 'eof') throw new ParseIncomplete('fi')
      throw new ParseError(`syntax error: unexpected ${describe(t)} (expecting "fi")`)
    }
    return { t: 'if', clauses, orelse, redirs: [] }
  }

  private parseLoop(): Node {
    const kw = this.next() as { raw: string }
    const cond = this.parseList(new Set(['do']))
    this.expectWord('do')
    const body = this.parseList(new Set(['done']))
    this.expectWord('done')
    return { t: 'loop', until: kw.raw === 'until', cond, body, redirs: [] }
  }

  private parseFor(): Node {
    this.next() // for
    const nameTok = this.next()
    if (nameTok.k === 'eof') throw new ParseIncomplete('do')
    if (nameTok.k !== 'word' || !isName(nameTok.raw)) throw new ParseError(`syntax error: bad for loop variable`)
    let words: Word[] | null = null
    const t = this.peek()
    if (t.k === 'op' && t.op === ';') this.next()
    this.skipNewlines()
    if (this.isReserved(this.peek(), 'in')) {
      this.next()
      words = []
      for (;;) {
        const w = this.peek()
        if (w.k === 'word') {
          this.next()
          words.push(w.word)
        } else break
      }
      const sep = this.next()
      if (sep.k === 'eof') throw new ParseIncomplete('do')
      if (!(sep.k === 'nl' || (sep.k === 'op' && sep.op === ';'))) throw new ParseError(`syntax error: unexpected ${describe(sep)}`)
    }
    this.expectWord('do')
    const body = this.parseList(new Set(['done']))
    this.expectWord('done')
    return { t: 'for', name: nameTok.raw, words, body, redirs: [] }
  }

  private parseCase(): Node {
    this.next() // case
    const wt = this.next()
    if (wt.k === 'eof') throw new ParseIncomplete('esac')
    if (wt.k !== 'word') throw new ParseError(`syntax error: unexpected ${describe(wt)}`)
    this.expectWord('in')
    const items: Array<{ patterns: Word[]; body: Node | null }> = []
    for (;;) {
      this.skipNewlines()
      let t = this.next()
      if (this.isReserved(t, 'esac')) break
      if (t.k === 'eof') throw new ParseIncomplete('esac')
      if (t.k === 'op' && t.op === '(') t = this.next()
      const patterns: Word[] = []
      for (;;) {
        if (t.k !== 'word') {
          if (t.k === 'eof') throw new ParseIncomplete('esac')
          throw new ParseError(`syntax error: unexpected ${describe(t)}`)
        }
        patterns.push(t.word)
        const sep = this.next()
        if (sep.k === 'op' && sep.op === '|') {
          t = this.next()
          continue
        }
        if (sep.k === 'op' && sep.op === ')') break
        if (sep.k === 'eof') throw new ParseIncomplete('esac')
        throw new ParseError(`syntax error: unexpected ${describe(sep)}`)
      }
      const body = this.parseList(new Set(['esac']))
      items.push({ patterns, body: body.t === 'list' && body.items.length === 0 ? null : body })
      this.skipNewlines()
      const end = this.peek()
      if (end.k === 'op' && end.op === ';;') {
        this.next()
        continue
      }
      if (this.isReserved(end, 'esac')) {
        this.next()
        break
      }
      if (end.k === 'eof') throw new ParseIncomplete('esac')
      throw new ParseError(`syntax error: unexpected ${describe(end)}`)
    }
    return { t: 'case', word: wt.word, items, redirs: [] }
  }

  private parseRedir(): Redir {
    const r = this.next() as { k: 'redir'; op: RedirOp; fd: number | null }
    const target = this.next()
    if (target.k === 'eof') throw new ParseIncomplete('word')
    if (target.k !== 'word') throw new ParseError(`syntax error: unexpected ${describe(target)}`)
    const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1)
    const redir: Redir = { fd, op: r.op, target: target.word }
    if (r.op === '<<' || r.op === '<<-') this.pendingHeredocs.push(redir)
    return redir
  }

  private parseSimple(): Node {
    this.peek()
    const line = this.lineAt(this.peekedAt)
    const assigns: Assign[] = []
    const words: Word[] = []
    const redirs: Redir[] = []
    for (;;) {
      const t = this.peek()
      if (t.k === 'redir') {
        redirs.push(this.parseRedir())
        continue
      }
      if (t.k !== 'word') break
      if (words.length === 0) {
        const a = asAssignment(t.word)
        if (a) {
          this.next()
          assigns.push(a)
          continue
        }
      }
      // NAME() { ... }: a function definition.
      if (words.length === 0 && assigns.length === 0 && redirs.length === 0 && t.plain && isName(t.raw)) {
        this.next()
        const n = this.peek()
        if (n.k === 'op' && n.op === '(') {
          this.next()
          const close = this.next()
          if (!(close.k === 'op' && close.op === ')')) throw new ParseError(`syntax error: unexpected ${describe(close)}`)
          this.skipNewlinesOrIncomplete('}')
          const body = this.parseCommand()
          return { t: 'func', name: t.raw, body }
        }
        words.push(t.word)
        continue
      }
      this.next()
      words.push(t.word)
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) {
      throw new ParseError(`syntax error: unexpected ${describe(this.peek())}`)
    }
    return { t: 'simple', assigns, words, redirs, line }
  }
}

function parseNested(src: string): Node {
  const p = new Parser(src, 0)
  const list = p.parseList(new Set())
  const t = p.peek()
  if (t.k !== 'eof') throw new ParseError(`syntax error: unexpected ${describe(t)}`)
  return list
}

/** NAME=value as the first parts of a word (the name unquoted). */
function asAssignment(w: Word): Assign | null {
  const first = w[0]
  if (!first || first.t !== 'lit' || first.q) return null
  const eq = first.s.indexOf('=')
  if (eq <= 0 || !isName(first.s.slice(0, eq))) return null
  const rest: Word = []
  const tail = first.s.slice(eq + 1)
  // X=~/dir: a tilde right after the = expands too.
  const tilde = /^~([A-Za-z0-9_.-]*)(?=\/|$)/.exec(tail)
  if (tilde) {
    rest.push({ t: 'tilde', user: tilde[1]! })
    if (tail.length > tilde[0].length) rest.push({ t: 'lit', s: tail.slice(tilde[0].length), q: false })
  } else if (tail !== '') rest.push({ t: 'lit', s: tail, q: false })
  rest.push(...w.slice(1))
  return { name: first.s.slice(0, eq), value: rest }
}

/** The literal text of a word, quotes removed, expansions as written (here-doc delimiters). */
export function wordText(w: Word): string {
  return w
    .map((p) => (p.t === 'lit' ? p.s : p.t === 'tilde' ? `~${p.user}` : p.t === 'param' ? `$${p.name}` : ''))
    .join('')
}
