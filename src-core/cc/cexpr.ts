/*
 * The constant-expression evaluator the preprocessor uses for `#if`/`#elif`
 * (C11 6.10.1): integer arithmetic in intmax_t/uintmax_t (64 bit), after macro
 * expansion and after `defined` and leftover identifiers have been replaced.
 *
 * This is the one sideways call in the pipeline (as chibicc's const_expr): the
 * preprocessor asks, nothing else uses it. It only reads tokens; it reports
 * problems to the diagnostic list and returns 0 for a broken expression.
 */

import type { DiagList } from './diag'
import type { Token } from './tokenize'

interface Val {
  v: bigint
  u: boolean
}

class Bad extends Error {}

const norm = (v: bigint, u: boolean): Val => ({ v: u ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), u })

/** Value of a character constant as gcc for ARM computes it (plain char is unsigned). */
export function charConstValue(text: string): number {
  const m = /^(L|u|U|u8)?'(.*)'$/s.exec(text)
  if (!m) return 0
  const body = m[2]
  const codes = decodeEscapes(body)
  if (!m[1]) {
    // Multi-character constants: gcc packs bytes big-endian into an int.
    let v = 0
    for (const c of codes) v = ((v << 8) | (c & 255)) | 0
    return codes.length === 1 ? codes[0] & 255 : v
  }
  return codes.length ? codes[codes.length - 1] : 0
}

/** Decode C escape sequences into code points (bytes for \x and octal escapes). */
export function decodeEscapes(body: string): number[] {
  const out: number[] = []
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (ch !== '\\') {
      out.push(body.codePointAt(i)!)
      if (body.codePointAt(i)! > 0xffff) i++
      continue
    }
    const e = body[++i]
    switch (e) {
      case 'n': out.push(10); break
      case 't': out.push(9); break
      case 'r': out.push(13); break
      case 'a': out.push(7); break
      case 'b': out.push(8); break
      case 'f': out.push(12); break
      case 'v': out.push(11); break
      case 'e': case 'E': out.push(27); break
      case 'x': {
        let v = 0
        let j = i + 1
        while (j < body.length && /[0-9a-fA-F]/.test(body[j])) v = (v * 16 + parseInt(body[j++], 16)) >>> 0
        out.push(v)
        i = j - 1
        break
      }
      case 'u': case 'U': {
        const len = e === 'u' ? 4 : 8
        out.push(parseInt(body.slice(i + 1, i + 1 + len), 16) || 0)
        i += len
        break
      }
      default:
        if (e >= '0' && e <= '7') {
          let v = 0
          let j = i
          while (j < i + 3 && body[j] >= '0' && body[j] <= '7') v = v * 8 + (body.charCodeAt(j++) - 48)
          out.push(v)
          i = j - 1
        } else out.push(e.charCodeAt(0))
    }
  }
  return out
}

/** Parse an integer pp-number: value and whether its type is unsigned (for #if only). */
export function parseIntLiteral(text: string): { v: bigint; u: boolean; suffix: string } | null {
  // Fast path: short plain decimals (most literals).
  if (text.length < 10 && text.charCodeAt(0) > 48 && /^\d+$/.test(text)) return { v: BigInt(Number(text)), u: false, suffix: '' }
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text)
  if (!m) return null
  let digits = m[1]
  let v: bigint
  if (/^0[bB]/.test(digits)) v = BigInt(digits)
  else if (/^0[xX]/.test(digits)) v = BigInt(digits)
  else if (digits.length > 1 && digits[0] === '0') {
    digits = digits.slice(1)
    v = BigInt('0o' + digits)
  } else v = BigInt(digits)
  const suffix = m[2].toLowerCase()
  if (!/^(u?(l|ll)?|(l|ll)?u?)$/.test(suffix)) return null
  return { v, u: suffix.includes('u'), suffix }
}

/** Evaluate a fully expanded `#if` line. `defined` must already be resolved. */
export function evalIfExpr(toks: readonly Token[], diags: DiagList): boolean {
  let p = 0
  const at = (): Token | undefined => toks[p]
  const is = (s: string): boolean => toks[p]?.kind === 'punct' && toks[p].text === s
  const fail = (msg: string): never => {
    diags.error(toks[Math.min(p, toks.length - 1)]?.loc, msg)
    throw new Bad()
  }
  const expect = (s: string): void => {
    if (!is(s)) fail(`missing '${s}' in expression`)
    p++
  }
  const arith = (a: Val, b: Val): boolean => a.u || b.u

  function primary(): Val {
    const t = at()
    if (!t) return fail('#if with no expression')
    if (is('(')) {
      p++
      const v = cond()
      expect(')')
      return v
    }
    p++
    if (t.kind === 'num') {
      const r = parseIntLiteral(t.text)
      if (!r) return fail(`floating constant in preprocessor expression`)
      return norm(r.v, r.u || r.v > 0x7fffffffffffffffn)
    }
    if (t.kind === 'char') return { v: BigInt(charConstValue(t.text)), u: false }
    if (t.kind === 'ident') return { v: 0n, u: false }
    return fail(`token "${t.text}" is not valid in preprocessor expressions`)
  }
  function unary(): Val {
    if (is('+')) { p++; return unary() }
    if (is('-')) { p++; const a = unary(); return norm(-a.v, a.u) }
    if (is('~')) { p++; const a = unary(); return norm(~a.v, a.u) }
    if (is('!')) { p++; const a = unary(); return { v: a.v === 0n ? 1n : 0n, u: false } }
    return primary()
  }
  type Bin = (a: Val, b: Val) => Val
  const levels: Array<Record<string, Bin>> = [
    {
      '*': (a, b) => norm(a.v * b.v, arith(a, b)),
      '/': (a, b) => {
        if (b.v === 0n) fail('division by zero in #if')
        const u = arith(a, b)
        const x = u ? BigInt.asUintN(64, a.v) : a.v
        const y = u ? BigInt.asUintN(64, b.v) : b.v
        return norm(x / y, u)
      },
      '%': (a, b) => {
        if (b.v === 0n) fail('division by zero in #if')
        const u = arith(a, b)
        const x = u ? BigInt.asUintN(64, a.v) : a.v
        const y = u ? BigInt.asUintN(64, b.v) : b.v
        return norm(x % y, u)
      }
    },
    { '+': (a, b) => norm(a.v + b.v, arith(a, b)), '-': (a, b) => norm(a.v - b.v, arith(a, b)) },
    {
      '<<': (a, b) => norm(a.v << BigInt.asUintN(6, b.v), a.u),
      '>>': (a, b) => norm((a.u ? BigInt.asUintN(64, a.v) : a.v) >> BigInt.asUintN(6, b.v), a.u)
    },
    {
      '<': (a, b) => cmp(a, b, (x, y) => x < y),
      '>': (a, b) => cmp(a, b, (x, y) => x > y),
      '<=': (a, b) => cmp(a, b, (x, y) => x <= y),
      '>=': (a, b) => cmp(a, b, (x, y) => x >= y)
    },
    { '==': (a, b) => cmp(a, b, (x, y) => x === y), '!=': (a, b) => cmp(a, b, (x, y) => x !== y) },
    { '&': (a, b) => norm(a.v & b.v, arith(a, b)) },
    { '^': (a, b) => norm(a.v ^ b.v, arith(a, b)) },
    { '|': (a, b) => norm(a.v | b.v, arith(a, b)) }
  ]
  function cmp(a: Val, b: Val, f: (x: bigint, y: bigint) => boolean): Val {
    const u = arith(a, b)
    const x = u ? BigInt.asUintN(64, a.v) : a.v
    const y = u ? BigInt.asUintN(64, b.v) : b.v
    return { v: f(x, y) ? 1n : 0n, u: false }
  }
  function binary(level: number): Val {
    if (level < 0) return unary()
    let a = binary(level - 1)
    for (;;) {
      const t = at()
      const op = t && t.kind === 'punct' ? levels[level][t.text] : undefined
      if (!op) return a
      p++
      a = op(a, binary(level - 1))
    }
  }
  function logand(): Val {
    let a = binary(levels.length - 1)
    while (is('&&')) {
      p++
      const b = binary(levels.length - 1)
      a = { v: a.v !== 0n && b.v !== 0n ? 1n : 0n, u: false }
    }
    return a
  }
  function logor(): Val {
    let a = logand()
    while (is('||')) {
      p++
      const b = logand()
      a = { v: a.v !== 0n || b.v !== 0n ? 1n : 0n, u: false }
    }
    return a
  }
  function cond(): Val {
    const c = logor()
    if (!is('?')) return c
    p++
    const a = cond()
    expect(':')
    const b = cond()
    return c.v !== 0n ? norm(a.v, a.u || b.u) : norm(b.v, a.u || b.u)
  }
  try {
    if (toks.length === 0) {
      diags.error(undefined, '#if with no expression')
      return false
    }
    const v = cond()
    if (p < toks.length) fail(`missing binary operator before token "${toks[p].text}"`)
    return v.v !== 0n
  } catch (e) {
    if (e instanceof Bad) return false
    throw e
  }
}
