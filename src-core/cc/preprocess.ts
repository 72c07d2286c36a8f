/*
 * The C preprocessor (C11 6.10 plus the GNU extensions gcc 12 accepts):
 * tokens of the main file -> fully expanded tokens, directives executed.
 *
 * Macro expansion follows Prosser's hide-set algorithm (as chibicc does): each
 * token carries the set of macro names that may not expand it again. Input is
 * a stack of tokens popped from the end, so a macro's expansion is pushed back
 * in front of the remaining input in O(length of the expansion).
 *
 * `#include <x>` reads from the embedder's include tree, `#include "x"` first
 * relative to the including file. `#if` expressions go to cexpr.ts.
 */

import { type DiagList, type Loc, type SrcFile } from './diag'
import { evalIfExpr } from './cexpr'
import { type Token, tokenize } from './tokenize'

/** How the embedder serves files: a virtual lookup, never the host file system directly. */
export type FileLookup = (path: string) => string | null

export interface PreprocessOptions {
  /** Predefined macros: name -> replacement text ('' for an empty definition). */
  defines: Record<string, string>
  /** Reads a file by path (user files, and the include tree under `includeDirs`). */
  readFile: FileLookup
  /** Directories searched for <...> (and after the including file's directory for "..."). */
  includeDirs: string[]
}

interface Macro {
  name: string
  fn: boolean
  params: string[]
  variadic: boolean
  /** Name used for the variadic parameter (`__VA_ARGS__` or a GNU named one). */
  vaName: string
  body: Token[]
  builtin?: (tok: Token) => Token
}

interface Cond {
  /** Some branch of this #if group has been taken. */
  taken: boolean
  /** The current branch is being skipped. */
  skipping: boolean
  sawElse: boolean
  loc: Loc
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/')
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)
}

export function normalizePath(p: string): string {
  const abs = p.startsWith('/')
  const parts: string[] = []
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue
    if (s === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop()
    else parts.push(s)
  }
  return (abs ? '/' : '') + parts.join('/')
}

const EMPTY_SET: ReadonlySet<string> = new Set()

function withHide(t: Token, hide: ReadonlySet<string>): Token {
  return { ...t, hide }
}

function union(a: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  const s = new Set(a ?? EMPTY_SET)
  s.add(name)
  return s
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> {
  if (!a || !b) return EMPTY_SET
  const s = new Set<string>()
  for (const x of a) if (b.has(x)) s.add(x)
  return s
}

/** Stringize tokens as `#` does (C11 6.10.3.2). */
function stringize(toks: readonly Token[]): string {
  let s = ''
  toks.forEach((t, i) => {
    if (i > 0 && t.space) s += ' '
    s += t.kind === 'str' || t.kind === 'char' ? t.text.replace(/[\\"]/g, (c) => '\\' + c) : t.text
  })
  return `"${s}"`
}

export class Preprocessor {
  private macros = new Map<string, Macro>()
  private conds: Cond[] = []
  private once = new Set<string>()
  private counter = 0
  private includeDepth = 0
  /** Input stack; the next token is at the end. */
  private stack: Token[] = []
  private out: Token[] = []
  private files = new Map<string, SrcFile>()
  /** Stack of include-guard candidates keyed by file: unused for now, see `once`. */

  constructor(
    private opts: PreprocessOptions,
    private diags: DiagList
  ) {
    const builtinFile: SrcFile = { name: '<built-in>', contents: '' }
    for (const [name, value] of Object.entries(opts.defines)) this.defineFromText(name, value, builtinFile)
    const mk = (name: string, f: (t: Token) => Token): void => {
      this.macros.set(name, { name, fn: false, params: [], variadic: false, vaName: '', body: [], builtin: f })
    }
    const where = (t: Token): Loc => t.expandedFrom ?? t.loc
    mk('__FILE__', (t) => ({ ...t, kind: 'str', text: JSON.stringify(where(t).file.name) }))
    mk('__BASE_FILE__', (t) => ({ ...t, kind: 'str', text: JSON.stringify(this.baseFile) }))
    mk('__LINE__', (t) => ({ ...t, kind: 'num', text: String(where(t).line) }))
    mk('__COUNTER__', (t) => ({ ...t, kind: 'num', text: String(this.counter++) }))
    mk('__INCLUDE_LEVEL__', (t) => ({ ...t, kind: 'num', text: String(this.includeDepth) }))
    // Deterministic build date: the simulator has no wall clock.
    mk('__DATE__', (t) => ({ ...t, kind: 'str', text: '"Jan  1 2024"' }))
    mk('__TIME__', (t) => ({ ...t, kind: 'str', text: '"00:00:00"' }))
    mk('__TIMESTAMP__', (t) => ({ ...t, kind: 'str', text: '"Mon Jan  1 00:00:00 2024"' }))
  }

  private baseFile = ''

  private defineFromText(name: string, value: string, file: SrcFile): void {
    const f: SrcFile = { name: file.name, contents: `${name} ${value}\n` }
    const toks = tokenize(f, this.diags)
    toks.pop()
    this.defineMacro(toks, 0)
  }

  run(mainName: string, contents: string): Token[] {
    this.baseFile = mainName
    const file: SrcFile = { name: mainName, contents }
    this.files.set(mainName, file)
    const toks = tokenize(file, this.diags)
    toks.pop()
    this.pushFile(toks)
    this.loop()
    for (const c of this.conds) this.diags.error(c.loc, 'unterminated #if')
    this.conds = []
    const last = this.out.length ? this.out[this.out.length - 1].loc : { file, line: 1, col: 1 }
    this.out.push({ kind: 'eof', text: '', loc: last, bol: true, space: false })
    return this.out
  }

  private pushFile(toks: Token[]): void {
    // A marker keeps track of include depth when the file's tokens run out.
    const end: Token = { kind: 'eof', text: '<end-of-file>', loc: toks[0]?.loc ?? { file: { name: '', contents: '' }, line: 1, col: 1 }, bol: true, space: false }
    this.stack.push(end)
    for (let i = toks.length - 1; i >= 0; i--) this.stack.push(toks[i])
  }

  private get skipping(): boolean {
    const c = this.conds[this.conds.length - 1]
    return c ? c.skipping : false
  }

  /** The main loop: directives, skipping, expansion. */
  private loop(): void {
    const st = this.stack
    while (st.length) {
      const t = st.pop()!
      if (t.kind === 'eof') {
        if (t.text === '<end-of-file>') this.includeDepth--
        continue
      }
      if (t.bol && t.kind === 'punct' && t.text === '#' && !t.expandedFrom) {
        this.directive(t)
        continue
      }
      if (this.skipping) continue
      if (t.kind === 'ident' && this.expand(t)) continue
      this.out.push(t)
    }
  }

  /** Tokens up to the end of the current line (directive arguments). */
  private restOfLine(): Token[] {
    const r: Token[] = []
    const st = this.stack
    while (st.length) {
      const t = st[st.length - 1]
      if (t.bol || t.kind === 'eof') break
      r.push(st.pop()!)
    }
    return r
  }

  private directive(hash: Token): void {
    const st = this.stack
    const next = st[st.length - 1]
    if (!next || next.bol || next.kind === 'eof') return // null directive
    const name = st.pop()!
    const args = this.restOfLine()
    const d = name.text
    if (this.skipping) {
      // Only track nesting while skipping.
      if (d === 'if' || d === 'ifdef' || d === 'ifndef') {
        this.conds.push({ taken: true, skipping: true, sawElse: false, loc: hash.loc })
        return
      }
      if (d !== 'elif' && d !== 'else' && d !== 'endif') return
      // A skipped group's own #elif/#else/#endif are handled below, unless an
      // enclosing group is skipped too.
      const outer = this.conds[this.conds.length - 2]
      if (outer && outer.skipping && d !== 'endif') return
    }
    switch (d) {
      case 'define':
        this.defineMacro(args, 0)
        return
      case 'undef':
        if (args[0]?.kind !== 'ident') this.diags.error(name.loc, 'no macro name given in #undef directive')
        else this.macros.delete(args[0].text)
        return
      case 'include':
      case 'include_next':
        this.include(name, args)
        return
      case 'if': {
        const v = this.evalIf(args, name)
        this.conds.push({ taken: v, skipping: !v, sawElse: false, loc: hash.loc })
        return
      }
      case 'ifdef':
      case 'ifndef': {
        if (args[0]?.kind !== 'ident') this.diags.error(name.loc, `no macro name given in #${d} directive`)
        const def = !!args[0] && this.macros.has(args[0].text)
        const v = d === 'ifdef' ? def : !def
        this.conds.push({ taken: v, skipping: !v, sawElse: false, loc: hash.loc })
        return
      }
      case 'elif': {
        const c = this.conds[this.conds.length - 1]
        if (!c) return this.diags.error(hash.loc, '#elif without #if')
        if (c.sawElse) this.diags.error(hash.loc, '#elif after #else')
        if (c.taken) c.skipping = true
        else {
          const v = this.evalIf(args, name)
          c.taken = v
          c.skipping = !v
        }
        return
      }
      case 'else': {
        const c = this.conds[this.conds.length - 1]
        if (!c) return this.diags.error(hash.loc, '#else without #if')
        if (c.sawElse) this.diags.error(hash.loc, '#else after #else')
        c.sawElse = true
        c.skipping = c.taken
        c.taken = true
        return
      }
      case 'endif':
        if (!this.conds.pop()) this.diags.error(hash.loc, '#endif without #if')
        return
      case 'error':
        this.diags.error(hash.loc, `#error ${args.map((t, i) => (i && t.space ? ' ' : '') + t.text).join('')}`)
        return
      case 'warning':
        this.diags.add('warning', hash.loc, `#warning ${args.map((t, i) => (i && t.space ? ' ' : '') + t.text).join('')}`, '-Wcpp')
        return
      case 'pragma':
        if (args[0]?.text === 'once') this.once.add(hash.loc.file.name)
        return // other pragmas (GCC diagnostic, pack...) are accepted and ignored
      case 'line':
        return
      case 'ident':
      case 'sccs':
        return
      default:
        this.diags.error(name.loc, `invalid preprocessing directive #${d}`)
    }
  }

  private evalIf(args: Token[], name: Token): boolean {
    // Resolve `defined X` / `defined(X)` and __has_* before expansion.
    const pre: Token[] = []
    for (let i = 0; i < args.length; i++) {
      const t = args[i]
      if (t.kind === 'ident' && (t.text === 'defined' || t.text.startsWith('__has_'))) {
        let j = i + 1
        const paren = args[j]?.text === '('
        if (paren) j++
        const id = args[j]
        let ok = false
        if (t.text === 'defined') {
          if (!id || id.kind !== 'ident') {
            this.diags.error(t.loc, 'operator "defined" requires an identifier')
          } else ok = this.macros.has(id.text)
        } else if (t.text === '__has_include' || t.text === '__has_include_next') {
          // __has_include("x") / __has_include(<x>)
          let k = j
          let path = ''
          if (args[k]?.kind === 'str') path = args[k].text.slice(1, -1)
          else if (args[k]?.text === '<') {
            k++
            while (k < args.length && args[k].text !== '>') path += args[k++].text
          }
          ok = this.findInclude(path, args[j]?.kind === 'str', name.loc.file.name) !== null
          j = k
        } else if (t.text === '__has_attribute' || t.text === '__has_builtin' || t.text === '__has_feature') {
          ok = !!id && KNOWN_HAS.has(id.text.replace(/^__(.*)__$/, '$1'))
        }
        if (paren) {
          while (j < args.length && args[j].text !== ')') j++
        }
        i = j
        pre.push({ ...t, kind: 'num', text: ok ? '1' : '0' })
        continue
      }
      pre.push(t)
    }
    const expanded = this.expandList(pre)
    const final = expanded.map((t) =>
      t.kind === 'ident' ? { ...t, kind: 'num' as const, text: t.text === 'true' ? '1' : '0' } : t
    )
    return evalIfExpr(final, this.diags)
  }

  private findInclude(path: string, quoted: boolean, from: string): { name: string; text: string } | null {
    const cands: string[] = []
    if (path.startsWith('/')) cands.push(path)
    else {
      if (quoted) cands.push(normalizePath(dirname(from) + '/' + path))
      for (const d of this.opts.includeDirs) cands.push(normalizePath(d + '/' + path))
    }
    for (const c of cands) {
      const text = this.opts.readFile(c)
      if (text !== null) return { name: c, text }
    }
    return null
  }

  private include(name: Token, args: Token[]): void {
    let toks = args
    if (toks[0] && toks[0].kind !== 'str' && toks[0].text !== '<') toks = this.expandList(toks)
    let path: string
    let quoted: boolean
    if (toks[0]?.kind === 'str') {
      path = toks[0].text.slice(1, -1)
      quoted = true
    } else if (toks[0]?.text === '<') {
      path = ''
      let i = 1
      for (; i < toks.length && toks[i].text !== '>'; i++) path += (toks[i].space && i > 1 ? ' ' : '') + toks[i].text
      if (i >= toks.length) {
        this.diags.error(name.loc, 'missing terminating > character')
        return
      }
      quoted = false
    } else {
      this.diags.error(name.loc, '#include expects "FILENAME" or <FILENAME>')
      return
    }
    const found = this.findInclude(path, quoted, name.loc.file.name)
    if (!found) {
      this.diags.fatal(toks[0].loc, `${path}: No such file or directory`)
    }
    if (this.once.has(found.name)) return
    if (this.includeDepth > 200) {
      this.diags.fatal(name.loc, '#include nested depth 200 exceeds maximum of 200 (use -fmax-include-depth=DEPTH to increase the maximum)')
    }
    let file = this.files.get(found.name)
    if (!file) {
      file = { name: found.name, contents: found.text, includedFrom: name.loc }
      this.files.set(found.name, file)
    }
    const ftoks = tokenize(file, this.diags)
    ftoks.pop()
    this.includeDepth++
    this.pushFile(ftoks)
  }

  private defineMacro(toks: Token[], _at: number): void {
    const nameTok = toks[0]
    if (!nameTok || nameTok.kind !== 'ident') {
      this.diags.error(nameTok?.loc, nameTok ? 'macro names must be identifiers' : 'no macro name given in #define directive')
      return
    }
    const m: Macro = { name: nameTok.text, fn: false, params: [], variadic: false, vaName: '__VA_ARGS__', body: [] }
    let i = 1
    if (toks[1] && toks[1].text === '(' && !toks[1].space) {
      m.fn = true
      i = 2
      while (i < toks.length && toks[i].text !== ')') {
        const p = toks[i]
        if (p.text === '...') {
          m.variadic = true
          i++
          break
        }
        if (p.kind !== 'ident') {
          this.diags.error(p.loc, `expected parameter name, found "${p.text}"`)
          return
        }
        if (toks[i + 1]?.text === '...') {
          m.variadic = true
          m.vaName = p.text
          i += 2
          break
        }
        m.params.push(p.text)
        i++
        if (toks[i]?.text === ',') i++
      }
      if (toks[i]?.text !== ')') {
        this.diags.error(nameTok.loc, "missing ')' in macro parameter list")
        return
      }
      i++
    }
    m.body = toks.slice(i)
    const old = this.macros.get(m.name)
    if (old && !old.builtin && !sameMacro(old, m)) {
      this.diags.warn(nameTok.loc, `"${m.name}" redefined`)
    }
    this.macros.set(m.name, m)
  }

  /** Expand a token list completely, without directives (macro arguments, #if, #include). */
  private expandList(toks: Token[]): Token[] {
    const saveStack = this.stack
    const saveOut = this.out
    this.stack = []
    for (let i = toks.length - 1; i >= 0; i--) this.stack.push(toks[i])
    this.out = []
    while (this.stack.length) {
      const t = this.stack.pop()!
      if (t.kind === 'ident' && this.expand(t)) continue
      this.out.push(t)
    }
    const r = this.out
    this.stack = saveStack
    this.out = saveOut
    return r
  }

  /** Try to expand macro `t` (already popped); returns false if it is not a macro use. */
  private expand(t: Token): boolean {
    const m = this.macros.get(t.text)
    if (!m) return false
    if (t.hide && t.hide.has(m.name)) return false
    const st = this.stack
    const origin = t.expandedFrom ?? t.loc
    if (m.builtin) {
      st.push(m.builtin(t))
      return true
    }
    if (!m.fn) {
      const hide = union(t.hide, m.name)
      const body = this.subst(m, [], hide)
      this.pushExpansion(body, t, origin, m.name)
      return true
    }
    // Function-like: needs a '(' next (possibly after the end of a file's tokens, which we do not cross).
    const nx = st[st.length - 1]
    if (!nx || nx.kind !== 'punct' || nx.text !== '(') return false
    st.pop()
    const args: Token[][] = [[]]
    let depth = 0
    let rparen: Token | undefined
    while (st.length) {
      const a = st.pop()!
      if (a.kind === 'eof') {
        if (a.text === '<end-of-file>') {
          st.push(a)
          break
        }
        continue
      }
      if (a.bol && a.text === '#' && !a.expandedFrom) {
        // Directives inside macro arguments: execute them (gcc does for most).
        this.directive(a)
        continue
      }
      if (this.skipping) continue
      if (a.kind === 'punct') {
        if (a.text === '(') depth++
        else if (a.text === ')') {
          if (depth === 0) {
            rparen = a
            break
          }
          depth--
        } else if (a.text === ',' && depth === 0 && !(m.variadic && args.length > m.params.length)) {
          args.push([])
          continue
        }
      }
      args[args.length - 1].push(a)
    }
    if (!rparen) {
      this.diags.error(t.loc, `unterminated argument list invoking macro "${m.name}"`)
      return true
    }
    const nParams = m.params.length + (m.variadic ? 1 : 0)
    if (args.length === 1 && args[0].length === 0 && nParams === 0) args.length = 0
    if (m.variadic && args.length === m.params.length) args.push([])
    if (args.length !== nParams && !(nParams === 1 && args.length === 0)) {
      if (args.length < nParams) this.diags.error(rparen.loc, `macro "${m.name}" requires ${nParams} arguments, but only ${args.length} given`)
      else this.diags.error(rparen.loc, `macro "${m.name}" passed ${args.length} arguments, but takes just ${nParams}`)
      return true
    }
    while (args.length < nParams) args.push([])
    const hide = union(intersect(t.hide, rparen.hide), m.name)
    const body = this.subst(m, args, hide)
    this.pushExpansion(body, t, origin, m.name)
    return true
  }

  private pushExpansion(body: Token[], t: Token, origin: Loc, macro: string): void {
    for (let i = body.length - 1; i >= 0; i--) {
      const b = body[i]
      let loc = b.loc
      if (b.argUse) {
        // From an argument: spelled where the user wrote it; remember where the macro uses it.
        if (!loc.inDef && !loc.exp) loc = { ...loc, inDef: { macro, at: b.argUse } }
      } else {
        // From the macro's body: spelled in the definition, expanded at `t`.
        loc = { ...loc, exp: { macro, at: t.loc } }
      }
      this.stack.push({ ...b, loc, argUse: undefined, bol: false, space: i === 0 ? t.space : b.space, expandedFrom: origin })
    }
  }

  /** Substitute arguments into the body (C11 6.10.3.1-3), then apply `##`. */
  private subst(m: Macro, args: Token[][], hide: ReadonlySet<string>): Token[] {
    const body = m.body
    const paramIndex = (t: Token | undefined): number => {
      if (!t || t.kind !== 'ident') return -1
      if (m.variadic && t.text === m.vaName) return m.params.length
      return m.params.indexOf(t.text)
    }
    const expandedCache = new Map<number, Token[]>()
    const expandedArg = (k: number): Token[] => {
      let e = expandedCache.get(k)
      if (!e) {
        e = this.expandList(args[k])
        expandedCache.set(k, e)
      }
      return e
    }
    // Pieces are token lists; a null entry marks a placemarker.
    const out: Token[] = []
    const PLACEMARKER: Token = { kind: 'punct', text: '', loc: body[0]?.loc ?? { file: { name: '', contents: '' }, line: 0, col: 0 }, bol: false, space: false }
    for (let i = 0; i < body.length; i++) {
      const t = body[i]
      // __VA_OPT__(x): x if the variadic argument is non-empty.
      if (t.kind === 'ident' && t.text === '__VA_OPT__' && m.variadic && body[i + 1]?.text === '(') {
        let depth = 0
        let j = i + 1
        const inner: Token[] = []
        for (; j < body.length; j++) {
          if (body[j].text === '(') { if (depth++ === 0) continue }
          else if (body[j].text === ')') { if (--depth === 0) break }
          inner.push(body[j])
        }
        const va = args[m.params.length] ?? []
        if (va.length) {
          const sub = this.subst({ ...m, body: inner }, args, hide)
          out.push(...sub)
        } else out.push(PLACEMARKER)
        i = j
        continue
      }
      if (m.fn && t.kind === 'punct' && t.text === '#') {
        const k = paramIndex(body[i + 1])
        if (k >= 0) {
          out.push({ ...body[i + 1], kind: 'str', text: stringize(args[k]), hide })
          i++
          continue
        }
        if (body[i + 1]?.text === '__VA_OPT__') {
          this.diags.error(t.loc, "'#' is not followed by a macro parameter")
        }
      }
      const k = paramIndex(t)
      if (k >= 0) {
        const pastePrev = out.length > 0 && body[i - 1]?.text === '##'
        const pasteNext = body[i + 1]?.text === '##'
        // GNU: `, ## __VA_ARGS__` swallows the comma when the variadic argument is empty.
        if (pastePrev && k === m.params.length && m.variadic && body[i - 2]?.text === ',') {
          if (args[k].length === 0) {
            // out ends with ',' then '##' marker
            out.pop() // '##'
            out.pop() // ','
            continue
          }
          out.pop() // '##': plain concatenation of ',' and the args
          for (const a of args[k]) out.push(a)
          continue
        }
        const src = pastePrev || pasteNext ? args[k] : expandedArg(k)
        if (src.length === 0) out.push(PLACEMARKER)
        else
          src.forEach((a, idx) =>
            out.push({ ...a, space: idx === 0 ? t.space : a.space, fromArg: a.fromArg || !a.expandedFrom, argUse: t.loc })
          )
        continue
      }
      out.push(t)
    }
    // Apply ## (left to right).
    const res: Token[] = []
    for (let i = 0; i < out.length; i++) {
      const t = out[i]
      if (t.kind === 'punct' && t.text === '##' && !t.expandedFrom && res.length > 0 && i + 1 < out.length && m.body.includes(t)) {
        const lhs = res.pop()!
        const rhs = out[++i]
        res.push(this.paste(lhs, rhs))
        continue
      }
      res.push(t)
    }
    const final: Token[] = []
    for (const t of res) {
      if (t === PLACEMARKER || (t.kind === 'punct' && t.text === '')) continue
      final.push(withHide(t, t.hide ? unionSets(t.hide, hide) : hide))
    }
    return final
  }

  private paste(a: Token, b: Token): Token {
    if (a.text === '') return b
    if (b.text === '') return a
    const text = a.text + b.text
    const f: SrcFile = { name: a.loc.file.name, contents: text }
    const toks = tokenize(f, this.diags)
    toks.pop()
    if (toks.length !== 1) {
      this.diags.error(a.loc, `pasting "${a.text}" and "${b.text}" does not give a valid preprocessing token`)
      return a
    }
    return { ...a, kind: toks[0].kind, text: toks[0].text }
  }
}

function unionSets(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  const s = new Set(a)
  for (const x of b) s.add(x)
  return s
}

const KNOWN_HAS = new Set([
  'aligned', 'packed', 'section', 'unused', 'used', 'noreturn', 'always_inline', 'noinline', 'cold', 'hot', 'format',
  'weak', 'alias', 'const', 'pure', 'deprecated', 'fallthrough', 'builtin_expect', 'builtin_constant_p',
  'builtin_offsetof', 'builtin_types_compatible_p', 'builtin_unreachable', 'builtin_memcpy', 'builtin_memset',
  'builtin_clz', 'builtin_ctz', 'builtin_popcount', 'maybe_unused', 'warn_unused_result', 'malloc', 'nonnull',
  'designated_init', 'externally_visible', 'gnu_inline', 'visibility', 'no_instrument_function', 'constructor',
  'destructor'
])

function sameMacro(a: Macro, b: Macro): boolean {
  if (a.fn !== b.fn || a.variadic !== b.variadic || a.params.join(',') !== b.params.join(',')) return false
  if (a.body.length !== b.body.length) return false
  for (let i = 0; i < a.body.length; i++) {
    if (a.body[i].text !== b.body[i].text) return false
    if (i > 0 && a.body[i].space !== b.body[i].space) return false
  }
  return true
}

/** Preprocess one main file: tokens ready for the parser (ending with an `eof` token). */
export function preprocess(mainName: string, contents: string, opts: PreprocessOptions, diags: DiagList): Token[] {
  return new Preprocessor(opts, diags).run(mainName, contents)
}
