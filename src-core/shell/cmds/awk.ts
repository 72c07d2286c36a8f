/*
 * awk (busybox editors/awk.c), the part scripts in the labs use: BEGIN/END,
 * pattern { action } rules, fields ($0, $N, NF), NR/FNR/FS/OFS/ORS, -F and
 * -v, arrays with `in` and `for (k in a)`, if/while/for, next/exit, print
 * and printf, and the string and number built-ins (length, substr, index,
 * split, sub, gsub, match, sprintf, tolower, toupper, int). As in awk, a
 * value is a number or a string and converts as it is used; uninitialised
 * variables are "" and 0. Unsupported syntax is a syntax error, not a guess.
 *
 *   awk '$2 >= 1048576' /proc/vmallocinfo
 *   awk '{ split($1, a, "-"); s += $2; n++ } END { print "entries=" n " total=" s }'
 */

import { errnoOf } from '../../fs/errno'
import { perror, readAll } from '../io'
import { showUsage } from './usage'
import type { CommandGen, Proc, Wait } from '../types'
import { cFormatG, cToFixed } from './echo'
import { regexSource } from './textutils'

class AwkError extends Error {}

/**
 * Debian's busybox-static 1.35 (the reference board's) is built without
 * FEATURE_AWK_LIBM: ^, **, sqrt, exp, log, sin, cos and atan2 stop the
 * program with this error when they are evaluated.
 */
const NO_LIBM = 'Math support is not compiled in'
class NextSignal {}
class ExitSignal {
  constructor(readonly status: number) {}
}

type Value = number | string

// ---- lexer ------------------------------------------------------------------

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; v: string }
  | { t: 'name'; v: string }
  | { t: 'func'; v: string } // a name directly followed by "("
  | { t: 'op'; v: string }
  | { t: 'nl' }
  | { t: 'eof' }

const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'do', 'in', 'next', 'exit', 'print', 'printf', 'delete', 'getline', 'function', 'return', 'break', 'continue'])
const OPS = ['**=', '**', '+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '!~', '>>', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=']

function lex(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  // A "/" starts a regex unless the previous token ends an operand.
  const operandEnd = (): boolean => {
    const p = out[out.length - 1]
    if (!p) return false
    if (p.t === 'num' || p.t === 'str' || p.t === 'name' || p.t === 're') return !(p.t === 'name' && KEYWORDS.has(p.v))
    return p.t === 'op' && (p.v === ')' || p.v === ']' || p.v === '$' || p.v === '++' || p.v === '--')
  }
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t') { i++; continue }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue }
    if (c === '\n') { out.push({ t: 'nl' }); i++; continue }
    if (/[0-9.]/.test(c) && /^(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.test(src.slice(i))) {
      const m = /^(0[xX][0-9a-fA-F]+|\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(src.slice(i))!
      // a leading 0 makes an octal constant (busybox reads program numbers with my_strtod too)
      out.push({ t: 'num', v: /^0[0-7]+$/.test(m[0]) ? parseInt(m[0], 8) : Number(m[0]) })
      i += m[0].length
      continue
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!
      i += m[0].length
      if (src[i] === '(' && !KEYWORDS.has(m[0])) out.push({ t: 'func', v: m[0] })
      else out.push({ t: 'name', v: m[0] })
      continue
    }
    if (c === '"') {
      let s = ''
      i++
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const d = src[++i]!
          s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[d] ?? '\\' + d
          i++
        } else s += src[i++]
      }
      if (i >= src.length) throw new AwkError('unterminated string')
      i++
      out.push({ t: 'str', v: s })
      continue
    }
    if (c === '/' && !operandEnd()) {
      let s = ''
      i++
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/'
          i += 2
        } else if (src[i] === '\n') throw new AwkError('unterminated regexp')
        else s += src[i++]
      }
      if (i >= src.length) throw new AwkError('unterminated regexp')
      i++
      out.push({ t: 're', v: s })
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new AwkError(`unexpected character '${c}'`)
    out.push({ t: 'op', v: op === '**' ? '^' : op === '**=' ? '^=' : op })
    i += op.length
  }
  out.push({ t: 'eof' })
  return out
}

// ---- syntax tree ------------------------------------------------------------

type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'index'; name: string; keys: Expr[] }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'in'; keys: Expr[]; name: string }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'group'; e: Expr }
  /** getline [VAR] [< FILE]: 1 read, 0 end of input, -1 error. */
  | { k: 'getline'; target: Expr | null; file: Expr | null }

type Stmt =
  | { k: 'expr'; e: Expr }
  | { k: 'print'; args: Expr[]; printf: boolean; dest: { op: string; e: Expr } | null }
  | { k: 'if'; c: Expr; a: Stmt; b: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; c: Expr; body: Stmt }
  | { k: 'for'; init: Stmt | null; c: Expr | null; step: Stmt | null; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; e: Expr | null }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'delete'; name: string; keys: Expr[] | null }

interface Rule {
  pattern: Expr | 'BEGIN' | 'END' | null
  /** The end of a range pattern (pattern, pattern2) and whether the range is open. */
  pattern2?: Expr
  active?: boolean
  action: Stmt | null
}

class AwkParser {
  private i = 0
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i]!
  }
  private next(): Tok {
    return this.toks[this.i++]!
  }
  private isOp(v: string): boolean {
    const t = this.peek()
    return t.t === 'op' && t.v === v
  }
  private isName(v: string): boolean {
    const t = this.peek()
    return t.t === 'name' && t.v === v
  }
  private expectOp(v: string): void {
    const t = this.next()
    if (!(t.t === 'op' && t.v === v)) throw new AwkError(`syntax error: expected '${v}'`)
  }
  private skipNl(): void {
    while (this.peek().t === 'nl' || this.isOp(';')) this.next()
  }
  private skipNewlinesOnly(): void {
    while (this.peek().t === 'nl') this.next()
  }

  program(): Rule[] {
    const rules: Rule[] = []
    this.skipNl()
    while (this.peek().t !== 'eof') {
      let pattern: Rule['pattern'] = null
      if (this.isName('BEGIN') || this.isName('END')) pattern = (this.next() as { v: 'BEGIN' | 'END' }).v
      else if (!this.isOp('{')) pattern = this.expr()
      let pattern2: Expr | undefined
      if (pattern !== null && pattern !== 'BEGIN' && pattern !== 'END' && this.isOp(',')) {
        this.next()
        this.skipNewlinesOnly()
        pattern2 = this.expr()
      }
      let action: Stmt | null = null
      if (this.isOp('{')) action = this.block()
      else if (pattern === 'BEGIN' || pattern === 'END') throw new AwkError('syntax error: BEGIN/END need an action')
      rules.push({ pattern, pattern2, action })
      this.skipNl()
    }
    return rules
  }

  private block(): Stmt {
    this.expectOp('{')
    const body: Stmt[] = []
    this.skipNl()
    while (!this.isOp('}')) {
      if (this.peek().t === 'eof') throw new AwkError('syntax error: missing }')
      body.push(this.stmt())
      this.skipNl()
    }
    this.next()
    return { k: 'block', body }
  }

  private simpleEnd(): void {
    const t = this.peek()
    if (t.t === 'nl' || (t.t === 'op' && (t.v === ';' || t.v === '}')) || t.t === 'eof') {
      if (t.t === 'nl' || (t.t === 'op' && t.v === ';')) this.next()
      return
    }
    throw new AwkError('syntax error: unexpected token')
  }

  private stmt(): Stmt {
    const t = this.peek()
    if (t.t === 'op' && t.v === '{') return this.block()
    if (t.t === 'name') {
      switch (t.v) {
        case 'if': {
          this.next()
          this.expectOp('(')
          const c = this.expr()
          this.expectOp(')')
          this.skipNewlinesOnly()
          const a = this.stmt()
          const save = this.i
          this.skipNl()
          if (this.isName('else')) {
            this.next()
            this.skipNewlinesOnly()
            return { k: 'if', c, a, b: this.stmt() }
          }
          this.i = save
          return { k: 'if', c, a, b: null }
        }
        case 'while': {
          this.next()
          this.expectOp('(')
          const c = this.expr()
          this.expectOp(')')
          this.skipNewlinesOnly()
          return { k: 'while', c, body: this.stmt() }
        }
        case 'do': {
          this.next()
          this.skipNewlinesOnly()
          const body = this.stmt()
          this.skipNl()
          if (!this.isName('while')) throw new AwkError('syntax error: do without while')
          this.next()
          this.expectOp('(')
          const c = this.expr()
          this.expectOp(')')
          this.simpleEnd()
          return { k: 'do', c, body }
        }
        case 'for': {
          this.next()
          this.expectOp('(')
          const t1 = this.toks[this.i]!
          const t2 = this.toks[this.i + 1]!
          const t3 = this.toks[this.i + 2]!
          if (t1.t === 'name' && t2.t === 'name' && t2.v === 'in' && t3.t === 'name' && this.toks[this.i + 3]?.t === 'op') {
            this.i += 3
            this.expectOp(')')
            this.skipNewlinesOnly()
            return { k: 'forin', v: t1.v, arr: t3.v, body: this.stmt() }
          }
          const init = this.isOp(';') ? null : { k: 'expr' as const, e: this.expr() }
          this.expectOp(';')
          this.skipNewlinesOnly()
          const c = this.isOp(';') ? null : this.expr()
          this.expectOp(';')
          this.skipNewlinesOnly()
          const step = this.isOp(')') ? null : { k: 'expr' as const, e: this.expr() }
          this.expectOp(')')
          this.skipNewlinesOnly()
          return { k: 'for', init, c, step, body: this.stmt() }
        }
        case 'next':
          this.next()
          this.simpleEnd()
          return { k: 'next' }
        case 'break':
          this.next()
          this.simpleEnd()
          return { k: 'break' }
        case 'continue':
          this.next()
          this.simpleEnd()
          return { k: 'continue' }
        case 'exit': {
          this.next()
          const e = this.atEnd() ? null : this.expr()
          this.simpleEnd()
          return { k: 'exit', e }
        }
        case 'delete': {
          this.next()
          const n = this.next()
          if (n.t !== 'name') throw new AwkError('syntax error: delete needs an array')
          let keys: Expr[] | null = null
          if (this.isOp('[')) {
            this.next()
            keys = this.exprList(']')
          }
          this.simpleEnd()
          return { k: 'delete', name: n.v, keys }
        }
        case 'print':
        case 'printf': {
          this.next()
          let args: Expr[] = []
          if (this.isOp('(')) {
            // print (a, b) > "f": a parenthesised list.
            const save = this.i
            this.next()
            const list = this.exprList(')', true)
            if (this.atEnd() || this.isOp('>') || this.isOp('|')) args = list
            else {
              this.i = save
              args = this.printArgs()
            }
          } else if (!this.atEnd() && !this.isOp('>') && !this.isOp('>>') && !this.isOp('|')) args = this.printArgs()
          let dest: { op: string; e: Expr } | null = null
          if (this.isOp('>') || this.isOp('>>') || this.isOp('|')) {
            const op = (this.next() as { v: string }).v
            dest = { op, e: this.concat() }
          }
          this.simpleEnd()
          return { k: 'print', args, printf: t.v === 'printf', dest }
        }
        case 'function':
        case 'return':
          throw new AwkError(`${t.v} is not supported`)
      }
    }
    if (t.t === 'op' && t.v === ';') {
      this.next()
      return { k: 'block', body: [] }
    }
    const e = this.expr()
    this.simpleEnd()
    return { k: 'expr', e }
  }

  private atEnd(): boolean {
    const t = this.peek()
    return t.t === 'nl' || t.t === 'eof' || (t.t === 'op' && (t.v === ';' || t.v === '}'))
  }

  /** print's arguments: expressions where a bare ">" is redirection, not comparison. */
  private printArgs(): Expr[] {
    const args = [this.ternary(true)]
    while (this.isOp(',')) {
      this.next()
      this.skipNewlinesOnly()
      args.push(this.ternary(true))
    }
    return args
  }

  private exprList(close: string, noGt = false): Expr[] {
    const list: Expr[] = []
    if (this.isOp(close)) {
      this.next()
      return list
    }
    for (;;) {
      list.push(noGt ? this.ternary(false) : this.expr())
      if (this.isOp(',')) {
        this.next()
        this.skipNewlinesOnly()
        continue
      }
      this.expectOp(close)
      return list
    }
  }

  expr(): Expr {
    return this.ternary(false)
  }

  private ternary(noGt: boolean): Expr {
    const c = this.assignment(noGt)
    if (!this.isOp('?')) return c
    this.next()
    const a = this.ternary(noGt)
    this.expectOp(':')
    return { k: 'cond', c, a, b: this.ternary(noGt) }
  }

  private assignment(noGt: boolean): Expr {
    const left = this.or(noGt)
    const t = this.peek()
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v)) {
      if (left.k !== 'var' && left.k !== 'field' && left.k !== 'index') throw new AwkError('syntax error: assignment to a non-variable')
      this.next()
      return { k: 'assign', op: t.v, target: left, e: this.ternary(noGt) }
    }
    return left
  }

  private or(noGt: boolean): Expr {
    let a = this.and(noGt)
    while (this.isOp('||')) {
      this.next()
      this.skipNewlinesOnly()
      a = { k: 'bin', op: '||', a, b: this.and(noGt) }
    }
    return a
  }

  private and(noGt: boolean): Expr {
    let a = this.inExpr(noGt)
    while (this.isOp('&&')) {
      this.next()
      this.skipNewlinesOnly()
      a = { k: 'bin', op: '&&', a, b: this.inExpr(noGt) }
    }
    return a
  }

  private inExpr(noGt: boolean): Expr {
    let a = this.match(noGt)
    while (this.isName('in')) {
      this.next()
      const n = this.next()
      if (n.t !== 'name') throw new AwkError('syntax error: in needs an array')
      a = { k: 'in', keys: a.k === 'group' && a.e.k === 'bin' && a.e.op === ',' ? flattenComma(a.e) : [a], name: n.v }
    }
    return a
  }

  private match(noGt: boolean): Expr {
    let a = this.comparison(noGt)
    while (this.isOp('~') || this.isOp('!~')) {
      const op = (this.next() as { v: string }).v
      a = { k: 'bin', op, a, b: this.comparison(noGt) }
    }
    return a
  }

  private comparison(noGt: boolean): Expr {
    const a = this.concat()
    const t = this.peek()
    if (t.t === 'op' && ['<', '<=', '==', '!=', '>=', '>'].includes(t.v) && !(noGt && t.v === '>')) {
      this.next()
      return { k: 'bin', op: t.v, a, b: this.concat() }
    }
    return a
  }

  private concat(): Expr {
    let a = this.additive()
    for (;;) {
      const t = this.peek()
      const startsOperand =
        t.t === 'num' || t.t === 'str' || t.t === 'func' || (t.t === 'name' && !KEYWORDS.has(t.v)) ||
        (t.t === 'op' && (t.v === '$' || t.v === '!' || t.v === '(' || t.v === '-' || t.v === '++' || t.v === '--'))
      // "a -1" is subtraction, not concatenation; "a (b)" and "a $1" concatenate.
      if (!startsOperand || (t.t === 'op' && t.v === '-')) break
      a = { k: 'bin', op: 'concat', a, b: this.additive() }
    }
    return a
  }

  private additive(): Expr {
    let a = this.multiplicative()
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.next() as { v: string }).v
      a = { k: 'bin', op, a, b: this.multiplicative() }
    }
    return a
  }

  private multiplicative(): Expr {
    let a = this.unary()
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.next() as { v: string }).v
      a = { k: 'bin', op, a, b: this.unary() }
    }
    return a
  }

  private unary(): Expr {
    if (this.isOp('!')) {
      this.next()
      return { k: 'un', op: '!', e: this.unary() }
    }
    if (this.isOp('-') || this.isOp('+')) {
      const op = (this.next() as { v: string }).v
      return { k: 'un', op, e: this.unary() }
    }
    return this.power()
  }

  private power(): Expr {
    const a = this.postfix()
    if (this.isOp('^')) {
      this.next()
      return { k: 'bin', op: '^', a, b: this.unary() }
    }
    return a
  }

  private postfix(): Expr {
    if (this.isOp('++') || this.isOp('--')) {
      const op = (this.next() as { v: '++' | '--' }).v
      return { k: 'incdec', op, prefix: true, target: this.primary() }
    }
    const e = this.primary()
    if ((this.isOp('++') || this.isOp('--')) && (e.k === 'var' || e.k === 'field' || e.k === 'index')) {
      const op = (this.next() as { v: '++' | '--' }).v
      return { k: 'incdec', op, prefix: false, target: e }
    }
    return e
  }

  private primary(): Expr {
    const t = this.next()
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v }
      case 'str':
        return { k: 'str', v: t.v }
      case 're':
        return { k: 're', v: t.v }
      case 'func': {
        this.expectOp('(')
        return { k: 'call', name: t.v, args: this.exprList(')') }
      }
      case 'name':
        if (t.v === 'getline') {
          let target: Expr | null = null
          const n = this.peek()
          if ((n.t === 'name' && !KEYWORDS.has(n.v)) || (n.t === 'op' && n.v === '$')) target = this.primary()
          let file: Expr | null = null
          if (this.isOp('<')) {
            this.next()
            file = this.primary()
          }
          return { k: 'getline', target, file }
        }
        if (KEYWORDS.has(t.v)) throw new AwkError(`syntax error: unexpected ${t.v}`)
        if (this.isOp('[')) {
          this.next()
          return { k: 'index', name: t.v, keys: this.exprList(']') }
        }
        // length without parentheses is length($0).
        if (t.v === 'length') return { k: 'call', name: 'length', args: [] }
        return { k: 'var', name: t.v }
      case 'op':
        if (t.v === '$') return { k: 'field', e: this.postfixNoIncdec() }
        if (t.v === '(') {
          const first = this.expr()
          if (this.isOp(',')) {
            // (a, b) in arr
            const list = [first]
            while (this.isOp(',')) {
              this.next()
              list.push(this.expr())
            }
            this.expectOp(')')
            if (!this.isName('in')) throw new AwkError('syntax error: unexpected ,')
            this.next()
            const n = this.next()
            if (n.t !== 'name') throw new AwkError('syntax error: in needs an array')
            return { k: 'in', keys: list, name: n.v }
          }
          this.expectOp(')')
          return { k: 'group', e: first }
        }
    }
    throw new AwkError('syntax error: unexpected token')
  }

  /** The operand of $: a primary (so "$i++" is ($i)++ and "$NF-1" is ($NF)-1). */
  private postfixNoIncdec(): Expr {
    if (this.isOp('-')) {
      this.next()
      return { k: 'un', op: '-', e: this.primary() }
    }
    return this.primary()
  }
}

function flattenComma(e: Expr): Expr[] {
  return e.k === 'bin' && e.op === ',' ? [...flattenComma(e.a), ...flattenComma(e.b)] : [e]
}

// ---- values -------------------------------------------------------------------

function toNum(v: Value): number {
  if (typeof v === 'number') return v
  // busybox's my_strtod(): 0x hex and 0 octal as C's strtoull reads them, else strtod.
  const h = /^\s*([-+]?)0[xX]([0-9a-fA-F]+)/.exec(v)
  if (h) return (h[1] === '-' ? -1 : 1) * parseInt(h[2]!, 16)
  const o = /^\s*([-+]?)(0[0-7]+)(?![.eE0-9])/.exec(v)
  if (o) return (o[1] === '-' ? -1 : 1) * parseInt(o[2]!, 8)
  const m = /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(v)
  return m ? Number(m[0]) : 0
}

/** CONVFMT/OFMT "%.6g", integers as integers. */
function numStr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n)
  return cFormatG(n, 6)
}

/** C escapes in -v and -F values. */
function awkEscapes(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' }
  return s.replace(/\\([0-7]{1,3}|.)/g, (m, c: string) => (/^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : map[c] ?? m))
}

function toStr(v: Value): string {
  return typeof v === 'number' ? numStr(v) : v
}

/** A field or input value that looks numeric compares as a number (strnum). */
function looksNumeric(s: string): boolean {
  return /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)\s*$/.test(s)
}

// ---- interpreter -------------------------------------------------------------

class Awk {
  vars = new Map<string, Value>()
  arrays = new Map<string, Map<string, Value>>()
  fields: string[] = ['']
  /** Field values and $0 come from input: numeric strings compare as numbers. */
  private strnums = new Set<string>()
  out = ''
  files = new Map<string, string>()
  /** A value as text: a non-integer number through OFMT (print) or CONVFMT (concatenation). */
  numText(v: Value, fmtVar: 'OFMT' | 'CONVFMT'): string {
    if (typeof v !== 'number') return v
    const fmt = toStr(this.vars.get(fmtVar) ?? '%.6g')
    if (fmt === '%.6g' || (Number.isInteger(v) && Math.abs(v) < 1e16)) return numStr(v)
    return this.format(fmt, [v])
  }

  /** getline < FILE: each file's lines and how far it has been read; the text reader is the shell's. */
  getlineFiles = new Map<string, { lines: string[]; i: number }>()
  readFile: ((name: string) => string | null) | null = null
  /** The main input's records, for a plain getline. */
  input: { lines: string[]; i: number } | null = null
  inputDone = false

  /** rand()'s state and the last srand() argument (busybox starts from 1). */
  seed = 1
  seedArg = 1
  private reCache = new Map<string, RegExp>()

  constructor() {
    this.vars.set('FS', ' ')
    this.vars.set('OFS', ' ')
    this.vars.set('ORS', '\n')
    this.vars.set('SUBSEP', '\x1c')
    this.vars.set('NR', 0)
    this.vars.set('FNR', 0)
    this.vars.set('NF', 0)
    this.vars.set('RSTART', 0)
    this.vars.set('RLENGTH', -1)
  }

  regex(src: string): RegExp {
    let r = this.reCache.get(src)
    if (!r) {
      try {
        r = new RegExp(regexSource(src, true))
      } catch {
        throw new AwkError(`bad regex '${src}'`)
      }
      this.reCache.set(src, r)
    }
    return r
  }

  setRecord(line: string): void {
    this.fields = [line, ...this.split(line, toStr(this.vars.get('FS') ?? ' '))]
    this.vars.set('NF', this.fields.length - 1)
  }

  split(s: string, fs: string): string[] {
    if (fs === ' ') return s.split(/[ \t\n]+/).filter((x) => x !== '')
    if (s === '') return []
    if (fs.length === 1 && fs !== '\\') return s.split(fs)
    return s.split(this.regex(fs))
  }

  private rebuild(): void {
    const nf = toNum(this.vars.get('NF') ?? 0)
    while (this.fields.length - 1 < nf) this.fields.push('')
    this.fields.length = nf + 1
    this.fields[0] = this.fields.slice(1).join(toStr(this.vars.get('OFS') ?? ' '))
  }

  getVar(name: string): Value {
    if (this.arrays.has(name)) throw new AwkError(`can't use array ${name} in scalar context`)
    return this.vars.get(name) ?? ''
  }

  array(name: string): Map<string, Value> {
    if (this.vars.has(name)) throw new AwkError(`can't use scalar ${name} as array`)
    let a = this.arrays.get(name)
    if (!a) {
      a = new Map()
      this.arrays.set(name, a)
    }
    return a
  }

  key(keys: Expr[]): string {
    return keys.map((k) => toStr(this.eval(k))).join(toStr(this.vars.get('SUBSEP') ?? '\x1c'))
  }

  private isStrnum(e: Expr, v: Value): boolean {
    if (typeof v === 'number') return true
    if (e.k === 'field' || (e.k === 'index' && this.strnums.has(`${e.name}\u0000${this.key(e.keys)}`)) || (e.k === 'var' && this.strnums.has(e.name))) return looksNumeric(v)
    return false
  }

  assign(target: Expr, v: Value): Value {
    if (target.k === 'var') {
      this.strnums.delete(target.name)
      this.vars.set(target.name, v)
      if (target.name === 'NF') this.rebuild()
    } else if (target.k === 'index') this.array(target.name).set(this.key(target.keys), v)
    else if (target.k === 'field') {
      const n = Math.trunc(toNum(this.eval(target.e)))
      if (n < 0) throw new AwkError(`trying to access field ${n}`)
      if (n === 0) this.setRecord(toStr(v))
      else {
        while (this.fields.length <= n) this.fields.push('')
        this.fields[n] = toStr(v)
        this.vars.set('NF', Math.max(toNum(this.vars.get('NF') ?? 0), n))
        this.fields[0] = this.fields.slice(1).join(toStr(this.vars.get('OFS') ?? ' '))
      }
    }
    return v
  }

  eval(e: Expr): Value {
    switch (e.k) {
      case 'num':
        return e.v
      case 'str':
        return e.v
      case 're':
        return this.regex(e.v).test(this.fields[0]!) ? 1 : 0
      case 'group':
        return this.eval(e.e)
      case 'var':
        return this.getVar(e.name)
      case 'field': {
        const n = Math.trunc(toNum(this.eval(e.e)))
        if (n < 0) throw new AwkError(`trying to access field ${n}`)
        return this.fields[n] ?? ''
      }
      case 'index': {
        // Referring to an element creates it (so `x[1]; if (1 in x)` is true).
        const arr = this.array(e.name)
        const k = this.key(e.keys)
        if (!arr.has(k)) arr.set(k, '')
        return arr.get(k)!
      }
      case 'in':
        return this.array(e.name).has(this.key(e.keys)) ? 1 : 0
      case 'getline': {
        let line: string
        if (e.file) {
          const name = toStr(this.eval(e.file))
          let f = this.getlineFiles.get(name)
          if (!f) {
            const text = this.readFile?.(name) ?? null
            if (text === null) return -1
            const lines = text.split('\n')
            if (lines[lines.length - 1] === '') lines.pop()
            f = { lines, i: 0 }
            this.getlineFiles.set(name, f)
          }
          if (f.i >= f.lines.length) return 0
          line = f.lines[f.i++]!
        } else {
          // the next record of the main input
          const inp = this.input
          // after the input (END): -1 as busybox; before it (BEGIN) we have none yet
          if (this.inputDone) return -1
          if (!inp || inp.i >= inp.lines.length) return 0
          line = inp.lines[inp.i++]!
          this.vars.set('NR', toNum(this.vars.get('NR') ?? 0) + 1)
          this.vars.set('FNR', toNum(this.vars.get('FNR') ?? 0) + 1)
        }
        if (e.target) this.assign(e.target, line)
        else this.setRecord(line)
        return 1
      }
      case 'assign': {
        const v = this.eval(e.e)
        if (e.op === '=') return this.assign(e.target, v)
        const cur = toNum(this.eval(e.target))
        return this.assign(e.target, arith(e.op.slice(0, -1), cur, toNum(v)))
      }
      case 'incdec': {
        const cur = toNum(this.eval(e.target))
        const nv = cur + (e.op === '++' ? 1 : -1)
        this.assign(e.target, nv)
        return e.prefix ? nv : cur
      }
      case 'un': {
        const v = this.eval(e.e)
        if (e.op === '!') return truthy(v) ? 0 : 1
        return e.op === '-' ? -toNum(v) : toNum(v)
      }
      case 'cond':
        return truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b)
      case 'call':
        return this.call(e.name, e.args)
      case 'bin':
        return this.binary(e)
    }
  }

  private binary(e: Extract<Expr, { k: 'bin' }>): Value {
    switch (e.op) {
      case '&&':
        return truthy(this.eval(e.a)) && truthy(this.eval(e.b)) ? 1 : 0
      case '||':
        return truthy(this.eval(e.a)) || truthy(this.eval(e.b)) ? 1 : 0
      case 'concat':
        return this.numText(this.eval(e.a), 'CONVFMT') + this.numText(this.eval(e.b), 'CONVFMT')
      case '~':
      case '!~': {
        const s = toStr(this.eval(e.a))
        const re = e.b.k === 're' ? this.regex(e.b.v) : this.regex(toStr(this.eval(e.b)))
        return re.test(s) === (e.op === '~') ? 1 : 0
      }
      case '<': case '<=': case '==': case '!=': case '>=': case '>': {
        const a = this.eval(e.a)
        const b = this.eval(e.b)
        let c: number
        if (this.isStrnum(e.a, a) && this.isStrnum(e.b, b)) c = toNum(a) - toNum(b)
        else {
          const x = toStr(a)
          const y = toStr(b)
          c = x < y ? -1 : x > y ? 1 : 0
        }
        const r = e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '==' ? c === 0 : e.op === '!=' ? c !== 0 : e.op === '>=' ? c >= 0 : c > 0
        return r ? 1 : 0
      }
      default:
        return arith(e.op, toNum(this.eval(e.a)), toNum(this.eval(e.b)))
    }
  }

  private call(name: string, args: Expr[]): Value {
    const str = (i: number): string => (args[i] ? toStr(this.eval(args[i]!)) : '')
    const num = (i: number): number => (args[i] ? toNum(this.eval(args[i]!)) : 0)
    switch (name) {
      case 'length': {
        if (args.length === 0) return [...this.fields[0]!].length
        const a = args[0]!
        if (a.k === 'var' && this.arrays.has(a.name)) return this.arrays.get(a.name)!.size
        return [...str(0)].length
      }
      case 'close':
      case 'fflush':
        return 0
      case 'rand':
        // a small LCG; busybox uses random()
        this.seed = (this.seed * 1103515245 + 12345) % 2147483648
        return this.seed / 2147483648
      case 'srand': {
        const prev = this.seedArg
        this.seedArg = args.length ? num(0) : Math.floor(Date.now() / 1000)
        this.seed = Math.trunc(this.seedArg) >>> 0
        return prev
      }
      case 'substr': {
        // busybox: the start is truncated and clamped to the string; the length is not shortened by it.
        const s = [...str(0)]
        const i = Math.min(s.length, Math.max(0, Math.trunc(num(1)) - 1))
        const n = args.length > 2 ? Math.max(0, Math.trunc(num(2))) : s.length - i
        return s.slice(i, i + n).join('')
      }
      case 'index': {
        const needle = str(1)
        return needle === '' ? 0 : str(0).indexOf(needle) + 1
      }
      case 'split': {
        const target = args[1]
        if (!target || target.k !== 'var') throw new AwkError('split needs an array')
        const parts = args[2]
          ? args[2].k === 're' ? (str(0) === '' ? [] : str(0).split(this.regex(args[2].v))) : this.split(str(0), str(2))
          : this.split(str(0), toStr(this.vars.get('FS') ?? ' '))
        this.vars.delete(target.name)
        const arr = new Map<string, Value>()
        parts.forEach((x, i) => {
          arr.set(String(i + 1), x)
          if (looksNumeric(x)) this.strnums.add(`${target.name}\u0000${i + 1}`)
        })
        this.arrays.set(target.name, arr)
        return parts.length
      }
      case 'sub':
      case 'gsub': {
        const re = args[0]!.k === 're' ? this.regex((args[0] as { v: string }).v) : this.regex(str(0))
        const repl = str(1)
        const target = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } }
        const s = toStr(this.eval(target))
        let count = 0
        const g = new RegExp(re.source, name === 'gsub' ? 'g' : '')
        const r = s.replace(g, (m) => {
          count++
          return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'))
        })
        if (count > 0) this.assign(target, r)
        return count
      }
      case 'match': {
        const re = args[1]!.k === 're' ? this.regex((args[1] as { v: string }).v) : this.regex(str(1))
        const m = re.exec(str(0))
        this.vars.set('RSTART', m ? m.index + 1 : 0)
        this.vars.set('RLENGTH', m ? m[0].length : -1)
        return m ? m.index + 1 : 0
      }
      case 'sprintf':
        return this.format(str(0), args.slice(1).map((a) => this.eval(a)))
      case 'tolower':
        return str(0).toLowerCase()
      case 'toupper':
        return str(0).toUpperCase()
      case 'int':
        return Math.trunc(num(0))
      case 'sqrt':
      case 'exp':
      case 'log':
      case 'sin':
      case 'cos':
      case 'atan2':
        throw new AwkError(NO_LIBM)
    }
    throw new AwkError(`call to undefined function ${name}`)
  }

  format(fmt: string, vals: Value[]): string {
    let i = 0
    return fmt.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfgGcs%])/g, (_m, flags: string, w: string, pr: string, conv: string) => {
      if (conv === '%') return '%'
      const width = w === '*' ? toNum(vals[i++] ?? 0) : w ? Number(w) : 0
      const prec = pr === '*' ? toNum(vals[i++] ?? 0) : pr !== undefined ? Number(pr) : undefined
      const v = vals[i++] ?? ''
      let s: string
      switch (conv) {
        case 's':
          s = toStr(v)
          if (prec !== undefined) s = s.slice(0, prec)
          break
        case 'c':
          s = typeof v === 'number' ? String.fromCharCode(Math.trunc(v) & 255) : v.slice(0, 1)
          break
        case 'd':
        case 'i': {
          const n = Math.trunc(toNum(v))
          s = Math.abs(n).toString()
          if (prec !== undefined) s = s.padStart(prec, '0')
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s
          break
        }
        case 'o':
          s = Math.trunc(toNum(v)).toString(8)
          break
        case 'u':
          s = String(Math.trunc(toNum(v)) >>> 0)
          break
        case 'x':
          s = (Math.trunc(toNum(v)) >>> 0).toString(16)
          break
        case 'X':
          s = (Math.trunc(toNum(v)) >>> 0).toString(16).toUpperCase()
          break
        case 'f':
          s = cToFixed(toNum(v), prec ?? 6)
          break
        case 'e':
        case 'E':
          s = toNum(v).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2')
          if (conv === 'E') s = s.toUpperCase()
          break
        default:
          s = numStr(Number(toNum(v).toPrecision(prec || 6)))
      }
      if (s.length < width) {
        if (flags.includes('-')) s = s.padEnd(width)
        else if (flags.includes('0') && conv !== 's' && conv !== 'c') {
          const sign = /^[-+ ]/.test(s) ? s[0]! : ''
          s = sign + s.slice(sign.length).padStart(width - sign.length, '0')
        } else s = s.padStart(width)
      }
      return s
    })
  }

  /** Run one statement; `next` and `exit` unwind as exceptions. */
  exec(s: Stmt): void {
    switch (s.k) {
      case 'expr':
        this.eval(s.e)
        return
      case 'block':
        for (const x of s.body) this.exec(x)
        return
      case 'print': {
        let text: string
        if (s.printf) {
          if (s.args.length === 0) throw new AwkError('printf: no format')
          text = this.format(toStr(this.eval(s.args[0]!)), s.args.slice(1).map((a) => this.eval(a)))
        } else {
          const ofs = toStr(this.vars.get('OFS') ?? ' ')
          const parts: string[] = s.args.length === 0 ? [this.fields[0]!] : []
          try {
            for (const a of s.args) {
              const v = this.eval(a)
              parts.push(this.numText(v, 'OFMT'))
            }
          } catch (e) {
            // busybox writes each item (and OFS) as it goes: what came before an error is out.
            if (!s.dest) this.out += parts.map((x) => x + ofs).join('')
            throw e
          }
          text = parts.join(ofs) + toStr(this.vars.get('ORS') ?? '\n')
        }
        if (s.dest) {
          const name = toStr(this.eval(s.dest.e))
          if (s.dest.op === '|') throw new AwkError('output to a pipe is not supported')
          if (!this.files.has(name)) this.files.set(name, s.dest.op === '>>' ? '\u0001append' : '')
          this.files.set(name, this.files.get(name)! + text)
        } else this.out += text
        return
      }
      case 'if':
        if (truthy(this.eval(s.c))) this.exec(s.a)
        else if (s.b) this.exec(s.b)
        return
      case 'while':
        while (truthy(this.eval(s.c))) {
          if (this.loopBody(s.body)) break
        }
        return
      case 'do':
        do {
          if (this.loopBody(s.body)) break
        } while (truthy(this.eval(s.c)))
        return
      case 'for':
        if (s.init) this.exec(s.init)
        while (!s.c || truthy(this.eval(s.c))) {
          if (this.loopBody(s.body)) break
          if (s.step) this.exec(s.step)
        }
        return
      case 'forin':
        for (const k of [...this.array(s.arr).keys()]) {
          this.assign({ k: 'var', name: s.v }, k)
          if (this.loopBody(s.body)) break
        }
        return
      case 'next':
        throw new NextSignal()
      case 'exit':
        throw new ExitSignal(s.e ? Math.trunc(toNum(this.eval(s.e))) : 0)
      case 'break':
        throw new LoopSignal(true)
      case 'continue':
        throw new LoopSignal(false)
      case 'delete':
        if (s.keys) this.array(s.name).delete(this.key(s.keys))
        else this.array(s.name).clear()
        return
    }
  }

  /** Returns true on break. */
  private loopBody(body: Stmt): boolean {
    try {
      this.exec(body)
      return false
    } catch (e) {
      if (e instanceof LoopSignal) return e.isBreak
      throw e
    }
  }
}

class LoopSignal {
  constructor(readonly isBreak: boolean) {}
}

function truthy(v: Value): boolean {
  return typeof v === 'number' ? v !== 0 : v !== ''
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/':
      if (b === 0) throw new AwkError('Division by zero')
      return a / b
    case '%':
      if (b === 0) throw new AwkError('Division by zero')
      return a % b
    case '^': throw new AwkError(NO_LIBM)
  }
  throw new AwkError(`bad operator ${op}`)
}

export function* awk(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const assigns: Array<[string, string]> = []
  let fs: string | null = null
  while (args.length > 0 && args[0]!.startsWith('-') && args[0] !== '-') {
    const a = args.shift()!
    if (a === '--') break
    if (a.startsWith('-F')) fs = a.length > 2 ? a.slice(2) : args.shift() ?? ''
    else if (a.startsWith('-v')) {
      const v = a.length > 2 ? a.slice(2) : args.shift() ?? ''
      const eq = v.indexOf('=')
      if (eq <= 0) {
        p.stderr.write(`awk: bad -v assignment '${v}'\n`)
        return 2
      }
      assigns.push([v.slice(0, eq), v.slice(eq + 1)])
    } else if (a === '-f') {
      const f = args.shift() ?? ''
      try {
        args.unshift(p.sys.vfs.readText(f, p.cwd))
      } catch (e) {
        perror(p, `can't open '${f}'`, errnoOf(e))
        return 1
      }
      break
    } else {
      p.stderr.write(`awk: unrecognized option '${a}'\n`)
      return 2
    }
  }
  const progSrc = args.shift()
  if (progSrc === undefined) {
    return showUsage(p, 'awk')
  }
  const m = new Awk()
  m.readFile = (name) => {
    try {
      return name === '-' || name === '/dev/stdin' ? null : p.sys.vfs.readText(name, p.cwd)
    } catch {
      return null
    }
  }
  let rules: Rule[]
  try {
    rules = new AwkParser(lex(progSrc)).program()
  } catch (e) {
    p.stderr.write(`awk: cmd. line:1: ${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
  // -F and -v values take C escapes (\t, \n, \\ ...).
  if (fs !== null) m.vars.set('FS', fs === 't' ? '\t' : awkEscapes(fs))
  for (const [k, v] of assigns) m.vars.set(k, awkEscapes(v))
  let status = 0
  const flush = (): void => {
    if (m.out) {
      p.stdout.write(m.out)
      m.out = ''
    }
  }
  const writeFiles = (): void => {
    for (const [name, text] of m.files) {
      try {
        if (text.startsWith('\u0001append')) p.sys.vfs.writeFile(name, text.slice(7), { cwd: p.cwd, append: true })
        else p.sys.vfs.writeFile(name, text, { cwd: p.cwd })
      } catch (e) {
        perror(p, `can't open '${name}'`, errnoOf(e))
        status = 2
      }
    }
  }
  const runRules = (which: 'BEGIN' | 'END' | 'main'): void => {
    for (const r of rules) {
      if (which === 'main' ? r.pattern === 'BEGIN' || r.pattern === 'END' : r.pattern !== which) continue
      if (which === 'main' && r.pattern2) {
        // A range: on from a record matching the first pattern through one matching the second.
        if (!r.active) {
          if (!truthy(m.eval(r.pattern as Expr))) continue
          r.active = true
        }
        if (truthy(m.eval(r.pattern2))) r.active = false
      } else if (which === 'main' && r.pattern !== null && !truthy(m.eval(r.pattern as Expr))) continue
      if (r.action) m.exec(r.action)
      else m.out += m.fields[0] + toStr(m.vars.get('ORS') ?? '\n')
    }
  }
  try {
    try {
      runRules('BEGIN')
      const hasMain = rules.some((r) => r.pattern !== 'BEGIN')
      if (hasMain) {
        const inputs = args.length ? args : ['-']
        for (const f of inputs) {
          const eq = f.indexOf('=')
          if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.slice(0, eq))) {
            m.vars.set(f.slice(0, eq), f.slice(eq + 1))
            continue
          }
          let text: string
          if (f === '-') text = yield* readAll(p.stdin)
          else {
            try {
              text = p.sys.vfs.readText(f, p.cwd)
            } catch (e) {
              // busybox awk stops at a file it cannot open (no END rules).
              flush()
              perror(p, f, errnoOf(e))
              return 1
            }
          }
          m.vars.set('FNR', 0)
          m.vars.set('FILENAME', f === '-' ? '' : f)
          // RS: newline, one character, or "" (paragraphs: records end at blank lines)
          const rs = toStr(m.vars.get('RS') ?? '\n')
          let lines: string[]
          if (rs === '') lines = text.replace(/^\n+/, '').split(/\n\n+/)
          else lines = text.split(rs[0]!)
          if (lines[lines.length - 1] === '' || (rs === '' && lines[lines.length - 1] === '\n')) lines.pop()
          if (rs === '' && lines.length) lines[lines.length - 1] = lines[lines.length - 1]!.replace(/\n+$/, '')
          m.input = { lines, i: 0 }
          while (m.input.i < lines.length) {
            const line = lines[m.input.i++]!
            m.vars.set('NR', toNum(m.vars.get('NR') ?? 0) + 1)
            m.vars.set('FNR', toNum(m.vars.get('FNR') ?? 0) + 1)
            m.setRecord(line)
            try {
              runRules('main')
            } catch (e) {
              if (!(e instanceof NextSignal)) throw e
            }
            if (m.out.length > 16384) {
              flush()
              yield { kind: 'yield' }
            }
          }
        }
      }
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e
      status = e.status
    }
    m.inputDone = true
    try {
      runRules('END')
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e
      status = e.status
    }
  } catch (e) {
    flush()
    if (e instanceof AwkError || e instanceof NextSignal || e instanceof LoopSignal) {
      p.stderr.write(`awk: cmd. line:1: ${e instanceof AwkError ? e.message : 'next used in BEGIN or END'}\n`)
      return 1
    }
    throw e
  }
  flush()
  writeFiles()
  return status
}

