/*
 * Shell arithmetic, $((...)) (busybox shell/math.c): signed integers (long
 * long in busybox; JS numbers here, truncated to int64-safe range), C
 * operators and precedence, variables by name, assignment operators.
 * Errors throw ArithError with busybox's text ("divide by zero", ...).
 */

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined
  set(name: string, value: string): void
}

type Tok = { k: 'num'; v: number } | { k: 'name'; v: string } | { k: 'op'; v: string }

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--',
  '+', '-', '*', '/', '%', '<', '>', '=', '&', '|', '^', '!', '~', '(', ')', '?', ':', ',']

function tokenize(s: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const num = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s.slice(i))
    if (num && /[0-9]/.test(c)) {
      const t = num[1]!
      const v = /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : t.length > 1 && t[0] === '0' ? parseInt(t, 8) : parseInt(t, 10)
      i += t.length
      if (i < s.length && /[A-Za-z0-9_]/.test(s[i]!)) throw new ArithError('arithmetic syntax error')
      out.push({ k: 'num', v })
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i))
    if (name) {
      out.push({ k: 'name', v: name[0] })
      i += name[0].length
      continue
    }
    const op = OPS.find((o) => s.startsWith(o, i))
    if (!op) throw new ArithError('arithmetic syntax error')
    out.push({ k: 'op', v: op })
    i += op.length
  }
  return out
}

const PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '||': return a || b ? 1 : 0
    case '&&': return a && b ? 1 : 0
    case '|': return Number(BigInt.asIntN(64, BigInt(a) | BigInt(b)))
    case '^': return Number(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)))
    case '&': return Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)))
    case '==': return a === b ? 1 : 0
    case '!=': return a !== b ? 1 : 0
    case '<': return a < b ? 1 : 0
    case '<=': return a <= b ? 1 : 0
    case '>': return a > b ? 1 : 0
    case '>=': return a >= b ? 1 : 0
    case '<<': return Number(BigInt.asIntN(64, BigInt(a) << BigInt(b & 63)))
    case '>>': return Number(BigInt.asIntN(64, BigInt(a) >> BigInt(b & 63)))
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/':
      if (b === 0) throw new ArithError('divide by zero')
      return Math.trunc(a / b)
    case '%':
      if (b === 0) throw new ArithError('divide by zero')
      return a % b
    case '**':
      if (b < 0) throw new ArithError('exponent less than 0')
      return a ** b
  }
  throw new ArithError('arithmetic syntax error')
}

/** Evaluate an arithmetic expression (already parameter-expanded). */
export function evalArith(src: string, vars: ArithVars): number {
  const toks = tokenize(src)
  let i = 0
  const peek = (): Tok | undefined => toks[i]
  const isOp = (v: string): boolean => {
    const t = toks[i]
    return t !== undefined && t.k === 'op' && t.v === v
  }
  const varValue = (name: string): number => {
    const s = vars.get(name)
    if (s === undefined || s.trim() === '') return 0
    return evalArith(s, vars)
  }

  function primary(): number {
    const t = toks[i++]
    if (!t) throw new ArithError('arithmetic syntax error')
    if (t.k === 'num') return t.v
    if (t.k === 'name') {
      const next = peek()
      if (next && next.k === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^='].includes(next.v)) {
        i++
        const rhs = assignment()
        const v = next.v === '=' ? rhs : apply(next.v.slice(0, -1), varValue(t.v), rhs)
        vars.set(t.v, String(v))
        return v
      }
      if (next && next.k === 'op' && (next.v === '++' || next.v === '--')) {
        i++
        const old = varValue(t.v)
        vars.set(t.v, String(old + (next.v === '++' ? 1 : -1)))
        return old
      }
      return varValue(t.v)
    }
    if (t.v === '(') {
      const v = comma()
      if (!isOp(')')) throw new ArithError('arithmetic syntax error')
      i++
      return v
    }
    if (t.v === '-') return -unary()
    if (t.v === '+') return unary()
    if (t.v === '!') return unary() ? 0 : 1
    if (t.v === '~') return Number(BigInt.asIntN(64, ~BigInt(unary())))
    if (t.v === '++' || t.v === '--') {
      const n = toks[i++]
      if (!n || n.k !== 'name') throw new ArithError('arithmetic syntax error')
      const v = varValue(n.v) + (t.v === '++' ? 1 : -1)
      vars.set(n.v, String(v))
      return v
    }
    throw new ArithError('arithmetic syntax error')
  }

  function unary(): number {
    return primary()
  }

  function binary(minPrec: number): number {
    let lhs = unary()
    for (;;) {
      const t = peek()
      if (!t || t.k !== 'op') break
      const p = PREC[t.v]
      if (p === undefined || p < minPrec) break
      i++
      // ** is right-associative; the rest associate to the left.
      const rhs = binary(t.v === '**' ? p : p + 1)
      lhs = apply(t.v, lhs, rhs)
    }
    return lhs
  }

  function ternary(): number {
    const c = binary(1)
    if (!isOp('?')) return c
    i++
    const a = assignment()
    if (!isOp(':')) throw new ArithError('arithmetic syntax error')
    i++
    const b = assignment()
    return c ? a : b
  }

  function assignment(): number {
    return ternary()
  }

  function comma(): number {
    let v = assignment()
    while (isOp(',')) {
      i++
      v = assignment()
    }
    return v
  }

  if (toks.length === 0) return 0
  const v = comma()
  if (i < toks.length) throw new ArithError('arithmetic syntax error')
  return Math.trunc(v)
}
