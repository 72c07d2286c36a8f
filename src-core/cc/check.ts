/*
 * Semantic checks on the typed AST that gcc 12 runs at -Wall and students
 * meet most: unused variables and functions, control reaching the end of a
 * non-void function, and printf/printk format strings. Like gcc's, these are
 * warnings: they never change the program, only the diagnostic list.
 *
 * The flow analysis for -Wreturn-type is structural (no CFG): a statement
 * "falls through" unless it returns, jumps, loops forever without a break,
 * or calls a noreturn function. That matches gcc for the code students write.
 */

import type { Func, Node, Program, Var } from './ast'
import type { Diag, DiagList, DiagRange, Loc } from './diag'
import { type Type, isFloat, isInteger, isPtr, labelType, quoteType, typeName } from './types'

/** Printf-like functions: name -> index of the format parameter. */
const FORMAT_FUNCS: Record<string, number> = {
  printf: 0, fprintf: 1, sprintf: 1, snprintf: 2, dprintf: 1, printk: 0, _printk: 0, panic: 0, sprintf_: 1,
  scnprintf: 2, kasprintf: 1, asprintf: 1, vprintf: -1, dev_info: 1, seq_printf: 1
}

const NORETURN = new Set(['exit', '_exit', '_Exit', 'abort', 'panic', 'BUG', 'do_exit', 'longjmp', 'siglongjmp', '__assert_fail', 'pthread_exit'])

export function check(prog: Program, diags: DiagList): void {
  // gcc reports these while parsing, so they interleave with the parser's
  // diagnostics: format warnings at their call, a function's unused variables
  // and -Wreturn-type at its closing brace. Collect, then merge by position.
  const parsed = diags.items.splice(0)
  const extra: Array<{ d: Diag; at: Loc }> = []
  const take = (at: (d: Diag) => Loc): void => {
    for (const d of diags.items.splice(0)) extra.push({ d, at: at(d) })
  }
  for (const f of prog.funcs) {
    diags.func = f.name
    walk(f.body, (n) => {
      if (n.k === 'call') checkFormat(n, diags)
    })
    take((d) => d.loc ?? f.endLoc)
    checkUnused(f, diags)
    take(() => f.endLoc)
    diags.func = undefined
  }
  // Middle-end warnings come after the whole unit is parsed: -Wreturn-type for
  // every function in source order, then -Wuninitialized in call-graph order.
  const late: Diag[] = []
  for (const f of prog.funcs) {
    diags.func = f.name
    checkFlow(f, diags)
    late.push(...diags.items.splice(0))
    diags.func = undefined
  }
  for (const f of prog.funcs) {
    diags.func = f.name
    checkRecursion(f, diags)
    late.push(...diags.items.splice(0))
    diags.func = undefined
  }
  for (const f of callGraphOrder(prog.funcs)) {
    diags.func = f.name
    checkUninit(f, diags)
    late.push(...diags.items.splice(0))
    diags.func = undefined
  }
  for (const v of prog.globals) {
    if (!v.isStatic || v.quiet || v.name.startsWith('.') || v.name.startsWith('__')) continue
    if (v.isFunc && v.fn && v.reads === 0 && !v.fn.ty.ret) continue
    if (v.isFunc && v.fn && v.reads === 0) {
      if (!isInlineLike(v)) diags.warn(v.loc, `'${v.name}' defined but not used`, '-Wunused-function')
    } else if (!v.isFunc && v.reads === 0 && v.writes === 0 && v.defined && !v.ty.isConst) {
      diags.warn(v.loc, `'${v.name}' defined but not used`, '-Wunused-variable')
    }
  }
  // Unit-level warnings come last (gcc emits them at the end of the file).
  const tail = diags.items.splice(0)
  const merged: Diag[] = []
  let e = 0
  const after = (a: Loc, b: Loc): boolean => a.file === b.file && (a.line > b.line || (a.line === b.line && a.col > b.col))
  for (const d of parsed) {
    while (e < extra.length && d.loc && after(d.loc, extra[e].at)) merged.push(extra[e++].d)
    merged.push(d)
  }
  while (e < extra.length) merged.push(extra[e++].d)
  diags.items.push(...merged, ...late, ...tail)
}

function isInlineLike(_v: Var): boolean {
  return false
}

function checkUnused(f: Func, diags: DiagList): void {
  // Unused locals, in reverse declaration order (as gcc pops the scope).
  for (const v of [...f.locals].reverse()) {
    if (v.kind !== 'local' || v.quiet || v.name.startsWith('.')) continue
    if (v.reads <= 0 && v.writes === 0) diags.warn(v.loc, `unused variable '${v.name}'`, '-Wunused-variable')
    else if (v.reads <= 0 && !v.escapes) diags.warn(v.loc, `variable '${v.name}' set but not used`, '-Wunused-but-set-variable')
  }
}

function checkFlow(f: Func, diags: DiagList): void {
  const rt = f.ty.ret!
  hasLabels = f.hasGoto
  if (rt.kind !== 'void' && f.name !== 'main' && fallsThrough(f.body)) {
    diags.warn(f.endLoc, 'control reaches end of non-void function', '-Wreturn-type')
  }
  if (f.noreturn && fallsThrough(f.body)) diags.warn(f.endLoc, "'noreturn' function does return")
}

/**
 * -Winfinite-recursion: every path that could return has called the function
 * itself first (paths ending in exit/abort/longjmp do not return). Structural,
 * conservative: loops whose body may not run, switches and gotos never prove
 * recursion, so there are no false positives on ordinary code.
 */
function checkRecursion(f: Func, diags: DiagList): void {
  if (f.hasGoto) return
  const calls: Node[] = []
  /** Does evaluating `n` always call f (not only in one arm of ?:, && or ||)? */
  const selfCalls = (n: Node | undefined): boolean => {
    if (!n) return false
    let found = false
    if (n.k === 'call' && n.lhs!.k === 'funcref' && n.lhs!.v === f.v) {
      found = true
      if (!calls.includes(n)) calls.push(n)
    }
    if (n.k === 'cond') return selfCalls(n.cond) || found
    if (n.k === 'logand' || n.k === 'logor') return selfCalls(n.lhs) || found
    if (n.k === 'stmtexpr') return found
    for (const c of [n.lhs, n.rhs, n.cond, n.then, n.els, ...(n.args ?? [])]) if (selfCalls(c)) found = true
    return found
  }
  // Returns whether control can fall out of `s`, and whether it has recursed by then;
  // `bad` is set when some return can happen without recursing.
  let bad = false
  const go = (s: Node, called: boolean): { falls: boolean; called: boolean } => {
    switch (s.k) {
      case 'block': {
        let c = called
        for (const x of s.body!) {
          const r = go(x, c)
          if (!r.falls) return { falls: false, called: true }
          c = r.called
        }
        return { falls: true, called: c }
      }
      case 'exprstmt': {
        const c = called || selfCalls(s.lhs)
        if (isNoreturnCall(s.lhs)) return { falls: false, called: true }
        return { falls: true, called: c }
      }
      case 'return':
        if (!(called || selfCalls(s.lhs))) bad = true
        return { falls: false, called: true }
      case 'if': {
        const c = called || selfCalls(s.cond)
        const a = go(s.then!, c)
        const b = s.els ? go(s.els, c) : { falls: true, called: c }
        if (!a.falls && !b.falls) return { falls: false, called: true }
        return { falls: true, called: (!a.falls || a.called) && (!b.falls || b.called) }
      }
      case 'do': {
        const r = go(s.then!, called)
        return { falls: true, called: r.called || selfCalls(s.cond) }
      }
      case 'for': {
        const c = called || selfCalls(s.init) || selfCalls(s.cond)
        go(s.then!, c) // returns inside are checked; the body may not run
        return { falls: true, called: c }
      }
      case 'switch': {
        const c = called || selfCalls(s.cond)
        go(s.then!, c)
        return { falls: true, called: c }
      }
      case 'case':
      case 'label':
        return go(s.lhs!, called)
      case 'break':
      case 'continue':
        bad = true // leaving a loop/switch early: stay conservative
        return { falls: false, called: true }
      default:
        return { falls: true, called }
    }
  }
  const r = go(f.body, false)
  if (r.falls && !r.called) bad = true
  if (bad || !calls.length) return
  diags.warn(f.v.loc, 'infinite recursion detected', '-Winfinite-recursion')
  for (const c of calls) diags.note({ ...c.lhs!.loc, len: callLength(c.lhs!.loc) }, 'recursive call')
}

/**
 * The order gcc's early local passes visit functions in, as observed: source
 * order, except that a function calling one defined later in the unit waits
 * until that callee has been visited.
 */
function callGraphOrder(funcs: Func[]): Func[] {
  const defined = new Set(funcs)
  const callees = new Map<Func, Set<Func>>()
  for (const f of funcs) {
    const cs = new Set<Func>()
    walk(f.body, (n) => {
      if (n.k === 'call' && n.lhs!.k === 'funcref') {
        const g = n.lhs!.v!.fn
        if (g && g !== f && defined.has(g)) cs.add(g)
      }
    })
    callees.set(f, cs)
  }
  const out: Func[] = []
  const done = new Set<Func>()
  let pending: Func[] = []
  const ready = (f: Func): boolean => [...callees.get(f)!].every((g) => done.has(g))
  const visit = (f: Func): void => {
    out.push(f)
    done.add(f)
    for (let again = true; again; ) {
      again = false
      for (const p of pending) {
        if (ready(p)) {
          pending = pending.filter((x) => x !== p)
          visit(p)
          again = true
          break
        }
      }
    }
  }
  for (const f of funcs) {
    if (ready(f)) visit(f)
    else pending.push(f)
  }
  for (const p of pending) if (!done.has(p)) visit(p)
  return out
}

/**
 * -Wuninitialized as gcc 12 gives it at -O0: a scalar local that is never
 * assigned anywhere, read by a statement. Reported once per variable at the
 * first such statement: an assignment at its operator with the statement
 * underlined, a call at its start, a return at the returned expression.
 */
function checkUninit(f: Func, diags: DiagList): void {
  const cands = new Set<Var>()
  for (const v of f.locals) {
    if (v.kind === 'local' && !v.initialized && v.writes === 0 && v.reads > 0 && !v.addrTaken && !v.name.startsWith('.') && v.ty.kind !== 'array' && v.ty.kind !== 'struct' && v.ty.kind !== 'union') cands.add(v)
  }
  if (!cands.size) return
  const done = new Set<Var>()
  const stmtOf = (s: Node): void => {
    const e = s.k === 'exprstmt' || s.k === 'return' ? s.lhs : s.k === 'if' || s.k === 'switch' ? s.cond : undefined
    if (e) {
      // Each use with the innermost call around it (gcc reports at that call).
      const used: Array<{ v: Var; call?: Node; at: Node }> = []
      const find = (x: Node | undefined, call: Node | undefined): void => {
        if (!x) return
        if (x.k === 'var' && cands.has(x.v!) && !done.has(x.v!) && !used.some((u) => u.v === x.v)) used.push({ v: x.v!, call, at: x })
        const c = x.k === 'call' && x.lhs!.k === 'funcref' ? x : call
        find(x.lhs, c); find(x.rhs, c); find(x.cond, c); find(x.then, c); find(x.els, c)
        x.args?.forEach((a) => find(a, c))
      }
      find(e, undefined)
      for (const { v, call, at: use } of used) {
        done.add(v)
        let at: Loc = use.loc
        let extra: { ranges: DiagRange[] } | undefined
        if (call) {
          const nameLoc = call.lhs!.loc
          at = { ...nameLoc, len: callLength(nameLoc) }
        } else if (e.k === 'assign' || e.k === 'opassign') {
          at = e.loc
          const len = stmtLength(s.loc)
          if (len > 0) extra = { ranges: [{ col: s.loc.col, len }] }
        }
        diags.add('warning', at, `'${v.name}' is used uninitialized`, '-Wuninitialized', extra)
        diags.note(v.loc, `'${v.name}' was declared here`)
      }
    }
    // Statements in order, including nested ones.
    if (s.k === 'block') s.body!.forEach(stmtOf)
    else {
      for (const c of [s.init, s.then, s.els, s.k === 'case' || s.k === 'label' ? s.lhs : undefined]) if (c) stmtOf(c)
    }
  }
  stmtOf(f.body)
}

/** Length of the call `name(...)` starting at `loc` (to its matching ')' on the line). */
function callLength(loc: Loc): number {
  const file = loc.file
  if (!file.lines) file.lines = file.contents.split('\n')
  const line = file.lines[loc.line - 1]
  if (!line) return 1
  let i = line.indexOf('(', loc.col - 1)
  if (i < 0) return 1
  let depth = 0
  for (; i < line.length; i++) {
    if (line[i] === '(') depth++
    else if (line[i] === ')' && --depth === 0) return i - (loc.col - 1) + 1
  }
  return 1
}

/** Length of the statement starting at `loc` up to (not including) its ';' on the same line. */
function stmtLength(loc: Loc): number {
  const file = loc.file
  if (!file.lines) file.lines = file.contents.split('\n')
  const line = file.lines[loc.line - 1]
  if (!line) return 0
  const end = line.indexOf(';', loc.col - 1)
  return end < 0 ? 0 : end - (loc.col - 1)
}

function walk(n: Node | undefined, fn: (n: Node) => void): void {
  if (!n) return
  fn(n)
  walk(n.lhs, fn)
  walk(n.rhs, fn)
  walk(n.cond, fn)
  walk(n.then, fn)
  walk(n.els, fn)
  walk(n.init, fn)
  walk(n.inc, fn)
  if (n.body) for (const b of n.body) walk(b, fn)
  if (n.args) for (const a of n.args) walk(a, fn)
}

function isConstTrue(n: Node | undefined): boolean {
  if (!n) return true
  if (n.k === 'num') return Number(n.val) !== 0 || (typeof n.val === 'bigint' && n.val !== 0n)
  if (n.k === 'cast') return isConstTrue(n.lhs)
  return false
}

function isNoreturnCall(n: Node | undefined): boolean {
  if (!n) return false
  if (n.k === 'cast' || n.k === 'comma') return isNoreturnCall(n.k === 'comma' ? n.rhs : n.lhs)
  if (n.k === 'builtin' && (n.name === 'trap' || n.name === 'abort')) return true
  if (n.k !== 'call') return false
  const name = n.lhs!.k === 'funcref' ? n.lhs!.v!.name : undefined
  if (!name) return false
  return NORETURN.has(name) || !!n.lhs!.v!.fn?.noreturn
}

function hasBreakTo(body: Node | undefined, target: Node): boolean {
  let found = false
  walk(body, (n) => {
    if (n.k === 'break' && n.target === target) found = true
  })
  return found
}

let hasLabels = false

/** Can control flow off the end of this statement? */
function fallsThrough(n: Node): boolean {
  switch (n.k) {
    case 'return':
    case 'goto':
      return false
    case 'break':
    case 'continue':
      return false
    case 'block': {
      const b = n.body!
      for (let i = 0; i < b.length; i++) {
        const s = b[i]
        if (!fallsThrough(s)) {
          // A later label may be reachable by goto.
          const rest = hasLabels ? b.slice(i + 1) : []
          if (rest.some((r) => r.k === 'label' || containsLabel(r))) {
            return fallsThrough({ ...n, body: rest.slice(rest.findIndex((r) => r.k === 'label' || containsLabel(r))) })
          }
          return false
        }
      }
      return true
    }
    case 'exprstmt':
      return !isNoreturnCall(n.lhs)
    case 'if':
      if (!n.els) return true
      return fallsThrough(n.then!) || fallsThrough(n.els)
    case 'for':
      if (isConstTrue(n.cond)) return hasBreakTo(n.then, n)
      return true
    case 'do':
      if (isConstTrue(n.cond)) return hasBreakTo(n.then, n)
      return fallsThrough(n.then!) || hasContinue(n.then, n) || hasBreakTo(n.then, n)
    case 'switch': {
      if (!n.defaultCase) return true
      if (hasBreakTo(n.then, n)) return true
      return fallsThrough(n.then!)
    }
    case 'case':
    case 'label':
      return fallsThrough(n.lhs!)
    default:
      return true
  }
}

function hasContinue(body: Node | undefined, target: Node): boolean {
  let found = false
  walk(body, (n) => {
    if (n.k === 'continue' && n.target === target) found = true
  })
  return found
}

function containsLabel(n: Node): boolean {
  let found = false
  walk(n, (x) => {
    if (x.k === 'label') found = true
  })
  return found
}

// ---- format strings ----------------------------------------------------------

function stringOf(n: Node): { text: string; v: Var } | undefined {
  let x = n
  while (x.k === 'cast') x = x.lhs!
  if (x.k === 'addr') x = x.lhs!
  if (x.k === 'var' && x.v!.name.startsWith('.LC') && x.v!.init) {
    const b = x.v!.init.bytes
    let s = ''
    for (let i = 0; i < b.length && b[i] !== 0; i++) s += String.fromCharCode(b[i])
    return { text: s, v: x.v! }
  }
  return undefined
}

interface Conv {
  spec: string
  /** Index in the decoded string of the conversion character. */
  pos: number
  /** Index of the '%'. */
  start: number
  flags: string
  conv: string
  expect: string
  check: (t: Type) => boolean
  /** Consumes extra int args for '*' width/precision. */
  stars: number
}

interface BadConv {
  pos: number
  kind: 'unknown' | 'trailing' | 'lacks'
  ch?: string
}

/** Directives of a format string; stops at the first unknown conversion (as gcc's checker does). */
function parseFormat(s: string, bad: BadConv[] = []): Conv[] {
  const out: Conv[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue
    const start = i
    i++
    if (s[i] === '%') continue
    let stars = 0
    while ('-+ #0\''.includes(s[i]) && i < s.length) i++
    if (s[i] === '*') { stars++; i++ } else while (s[i] >= '0' && s[i] <= '9') i++
    if (s[i] === '.') {
      i++
      if (s[i] === '*') { stars++; i++ } else while (s[i] >= '0' && s[i] <= '9') i++
    }
    let len = ''
    const lenStart = i
    while ('hlLqjzt'.includes(s[i]) && i < s.length) len += s[i++]
    const c = s[i]
    if (c === undefined) {
      bad.push({ pos: start, kind: 'trailing' })
      break
    }
    if (c === '%' && i > start + 1) {
      // "%5%": the directive ends without a conversion; the second '%' starts anew.
      bad.push({ pos: i - 1, kind: 'lacks' })
      i--
      continue
    }
    // gcc names a directive by its length modifier and conversion only ('%ld', not '%-5ld').
    const spec = '%' + len + c
    const flags = s.slice(start + 1, lenStart)
    const base = { start, flags, conv: c }
    const intName = (u: boolean): string => {
      const base = len === 'll' || len === 'q' || len === 'L' ? 'long long' : len === 'l' ? 'long' : ''
      if (len === 'z') return u ? 'size_t' : 'ssize_t'
      if (len === 't') return 'ptrdiff_t'
      if (len === 'j') return u ? 'uintmax_t' : 'intmax_t'
      if (len === 'h' || len === 'hh' || base === '') return u ? 'unsigned int' : 'int'
      return u ? `${base} unsigned int` : `${base} int`
    }
    const rank = len === 'll' || len === 'q' || len === 'L' || len === 'j' ? 5 : len === 'l' ? 4 : 3
    const intCheck = (t: Type): boolean => {
      if (!isInteger(t)) return false
      if (len === 'z' || len === 't') return t.size === 4 && t.rank === 3
      const r = t.kind === 'enum' ? 3 : Math.max(t.rank, 3)
      return r === rank
    }
    switch (c) {
      case 'd': case 'i':
        out.push({ ...base, spec, pos: i, expect: intName(false), check: intCheck, stars })
        break
      case 'u': case 'x': case 'X': case 'o':
        out.push({ ...base, spec, pos: i, expect: intName(true), check: intCheck, stars })
        break
      case 'c':
        out.push({ ...base, spec, pos: i, expect: 'int', check: (t) => isInteger(t) && Math.max(t.rank, 3) === 3, stars })
        break
      case 's':
        out.push({ ...base, spec, pos: i, expect: 'char *', check: (t) => isPtr(t) && (t.base!.kind === 'int' && t.base!.size === 1), stars })
        break
      case 'p':
        out.push({ ...base, spec, pos: i, expect: 'void *', check: (t) => isPtr(t), stars })
        // Kernel %pS, %pK...: consume the extension letters.
        while (/[A-Za-z]/.test(s[i + 1] ?? '') && /[SsFfBKRrMmIiEUVNDhabdg]/.test(s[i + 1])) i++
        break
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        out.push({ ...base, spec, pos: i, expect: len === 'L' ? 'long double' : 'double', check: (t) => isFloat(t), stars })
        break
      case 'n':
        out.push({ ...base, spec, pos: i, expect: 'int *', check: (t) => isPtr(t), stars })
        break
      default:
        bad.push({ pos: i, kind: 'unknown', ch: c })
        return out
    }
  }
  return out
}

/** Source length of the string literal starting at `loc` (to its closing quote), for the underline. */
function literalLength(loc: Loc): number {
  const file = loc.file
  if (!file.lines) file.lines = file.contents.split('\n')
  const line = file.lines[loc.line - 1]
  if (!line || line[loc.col - 1] !== '"') return 1
  let i = loc.col
  while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1
  return i - (loc.col - 1) + 1
}

/** Column of decoded-string index `pos` in the source, given the literal's location. */
function srcCol(loc: Loc, pos: number): Loc {
  const file = loc.file
  if (!file.lines) file.lines = file.contents.split('\n')
  const line = file.lines[loc.line - 1]
  if (!line || line[loc.col - 1] !== '"') return loc
  let col = loc.col // at the quote
  let idx = 0
  let i = loc.col // first char after the quote (0-based index = col)
  while (i < line.length && line[i] !== '"') {
    if (idx === pos) return { ...loc, col: i + 1 }
    if (line[i] === '\\') {
      i++
      if (line[i] === 'x') {
        i++
        while (/[0-9a-fA-F]/.test(line[i] ?? '')) i++
      } else if (/[0-7]/.test(line[i])) {
        let k = 0
        while (k < 3 && /[0-7]/.test(line[i] ?? '')) {
          i++
          k++
        }
      } else i++
    } else i++
    idx++
    col = i
  }
  return { ...loc, col: col + 1 }
}

function checkFormat(n: Node, diags: DiagList): void {
  const fname = n.lhs!.k === 'funcref' ? n.lhs!.v!.name : undefined
  if (!fname) return
  const fi = FORMAT_FUNCS[fname]
  if (fi === undefined || fi < 0) return
  const args = n.args!
  const fmtNode = args[fi]
  if (!fmtNode) return
  const s = stringOf(fmtNode)
  if (!s) return
  let text = s.text
  let skip = 0
  if (fname === 'printk' || fname === '_printk') {
    // KERN_<LEVEL> prefix: "\001" + digit.
    while (text.charCodeAt(0) === 1 && text.length >= 2) {
      text = text.slice(2)
      skip += 2
    }
  }
  const bad: BadConv[] = []
  const convs = parseFormat(text, bad)
  let ai = fi + 1
  for (const c of convs) {
    for (let k = 0; k < c.stars; k++) {
      const a = args[ai++]
      if (a && !(isInteger(a.ty) && Math.max(a.ty.rank, 3) === 3)) {
        diags.warn(srcCol(s.v.loc, c.pos + skip), `field width specifier '*' expects argument of type 'int', but argument ${ai} has type ${quoteType(a.ty)}`, '-Wformat=')
      }
    }
    const a = args[ai]
    const where = srcCol(s.v.loc, c.pos + skip)
    if (!a) {
      const start = srcCol(s.v.loc, c.start + skip)
      const ranges: DiagRange[] =
        start.line === where.line && start.col < where.col ? [{ col: start.col, len: where.col - start.col, anchor: where.col, label: c.expect }] : []
      diags.add('warning', where, `format '${c.spec}' expects a matching '${c.expect}' argument`, '-Wformat=', { ranges })
      ai++
      continue
    }
    if (!c.check(unpromoted(a)) && (s.v.loc.exp || s.v.loc.inDef)) {
      // Format string from a macro: gcc underlines the literal in the macro and adds expansion notes.
      const at = unpromoted(a)
      diags.warn({ ...s.v.loc, len: literalLength(s.v.loc) }, `format '${c.spec}' expects argument of type '${c.expect}', but argument ${ai + 1} has type ${quoteType(at)}`, '-Wformat=')
    } else if (!c.check(unpromoted(a))) {
      const at = unpromoted(a)
      const start = srcCol(s.v.loc, c.start + skip)
      const ranges: DiagRange[] = []
      if (start.line === where.line && start.col < where.col) ranges.push({ col: start.col, len: where.col - start.col, anchor: where.col, label: c.expect })
      else ranges.push({ col: where.col, len: 1, label: c.expect })
      const argR = argRange(n, ai, a)
      if (argR && argR.line === where.line) ranges.push({ col: argR.col, len: argR.len, anchor: argR.anchor, label: labelType(at) })
      const fix = suggestConv(c, at)
      diags.add('warning', where, `format '${c.spec}' expects argument of type '${c.expect}', but argument ${ai + 1} has type ${quoteType(at)}`, '-Wformat=', {
        ranges,
        fixit: fix && start.line === where.line ? { col: start.col, text: fix } : undefined
      })
    }
    ai++
  }
  for (const b of bad) {
    const at = srcCol(s.v.loc, b.pos + skip)
    const next = srcCol(s.v.loc, b.pos + skip + 1)
    const len = next.line === at.line && next.col > at.col ? next.col - at.col : 1
    if (b.kind === 'trailing') diags.warn(at, "spurious trailing '%' in format", '-Wformat=')
    else if (b.kind === 'lacks') diags.warn(at, 'conversion lacks type at end of format', '-Wformat=')
    else {
      const code = b.ch!.charCodeAt(0)
      const shown = code >= 32 && code < 127 ? b.ch! : `\\x${code.toString(16).padStart(2, '0')}`
      diags.warn({ ...at, len }, `unknown conversion type character '${shown}' in format`, '-Wformat=')
    }
  }
  if (bad.some((b) => b.kind !== 'lacks')) return
  if (ai < args.length && convs.length >= 0 && fname !== 'panic') {
    diags.warn({ ...s.v.loc, len: literalLength(s.v.loc) }, 'too many arguments for format', '-Wformat-extra-args')
  }
}

/** gcc's suggested conversion for an argument type, keeping flags and width. */
function suggestConv(c: Conv, t: Type): string | undefined {
  const intConv = 'diouxXc'.includes(c.conv)
  if (isInteger(t)) {
    const lm = t.rank === 5 ? 'll' : t.rank === 4 ? 'l' : ''
    const conv = intConv && c.conv !== 'c' ? c.conv : t.unsigned && intConv ? 'u' : 'd'
    return `%${c.flags}${lm}${conv}`
  }
  if (isFloat(t)) return `%${c.flags}${t.size > 8 ? 'L' : ''}f`
  if (isPtr(t)) return t.base!.kind === 'int' && t.base!.size === 1 ? `%${c.flags}s` : `%${c.flags}p`
  return undefined
}

/**
 * Source range of argument `idx` of a call, found by scanning the call's line
 * (printf calls are one line in student code): columns of the argument text
 * and where gcc hangs its label (the operator of a binary expression).
 */
function argRange(call: Node, idx: number, arg: Node): { line: number; col: number; len: number; anchor: number } | undefined {
  const loc = call.lhs!.loc
  const file = loc.file
  if (!file.lines) file.lines = file.contents.split('\n')
  const line = file.lines[loc.line - 1]
  if (!line) return undefined
  let i = line.indexOf('(', loc.col - 1)
  if (i < 0) return undefined
  i++
  let depth = 0
  let k = 0
  let start = i
  for (; i <= line.length; i++) {
    const ch = line[i]
    if (ch === '"' || ch === "'") {
      const q = ch
      for (i++; i < line.length && line[i] !== q; i++) if (line[i] === '\\') i++
      continue
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--
    else if ((ch === ',' && depth === 0) || ch === ')' || ch === undefined) {
      if (k === idx) {
        let a = start
        let b = i
        while (a < b && /\s/.test(line[a])) a++
        while (b > a && /\s/.test(line[b - 1])) b--
        if (b <= a) return undefined
        let anchor = a + 1
        let x = arg
        while (x.k === 'cast' && x.lhs) x = x.lhs
        if (x.loc.line === loc.line && x.loc.col > a && x.loc.col <= b) anchor = x.loc.col
        return { line: loc.line, col: a + 1, len: b - a, anchor }
      }
      if (ch !== ',') return undefined
      k++
      start = i + 1
    }
  }
  return undefined
}

/** The argument's type as gcc reports it (after default promotions, as passed). */
function unpromoted(a: Node): Type {
  return a.ty
}
