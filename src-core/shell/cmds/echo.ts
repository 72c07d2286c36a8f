/*
 * echo, printf and test/[ (busybox coreutils/echo.c, printf.c, test.c): the
 * three applets ash also runs as builtins.
 */

import { strerror } from '../../fs/errno'
import { S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from '../../fs/inode'
import { appletName, errmsg } from '../io'
import type { CommandGen, Proc } from '../types'

/** Interpret backslash escapes (echo -e, printf's format and %b). Returns the text and whether \c stopped it. */
export function backslashEscapes(s: string, octalNeedsZero: boolean): { text: string; stop: boolean } {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c !== '\\' || i + 1 >= s.length) {
      out += c
      continue
    }
    const d = s[++i]!
    switch (d) {
      case 'a': out += '\x07'; break
      case 'b': out += '\b'; break
      case 'c': return { text: out, stop: true }
      case 'e': out += '\x1b'; break
      case 'f': out += '\f'; break
      case 'n': out += '\n'; break
      case 'r': out += '\r'; break
      case 't': out += '\t'; break
      case 'v': out += '\v'; break
      case '\\': out += '\\'; break
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16))
          i += m[0].length
        } else out += '\\x'
        break
      }
      default:
        if (d >= '0' && d <= '7') {
          // echo -e and %b: \0NNN (the 0 is a prefix) or \NNN; printf's format: \NNN only.
          const start = octalNeedsZero && d === '0' ? i + 1 : i
          const m = /^[0-7]{0,3}/.exec(s.slice(start))!
          out += String.fromCharCode(parseInt(m[0] || '0', 8) & 255)
          i = start + m[0].length - 1
        } else out += '\\' + d
    }
  }
  return { text: out, stop: false }
}

export function* echoMain(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let newline = true
  let escapes = false
  while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
    for (const c of args.shift()!.slice(1)) {
      if (c === 'n') newline = false
      else if (c === 'e') escapes = true
      else escapes = false
    }
  }
  let text = args.join(' ')
  if (escapes) {
    const r = backslashEscapes(text, true)
    text = r.text
    if (r.stop) newline = false
  }
  if (newline) text += '\n'
  if (!p.stdout.write(text)) {
    const errno = p.stdout.errno
    if (errno) p.stderr.write(`${appletName(p)}: write error: ${strerror(errno)}\n`)
    return 1
  }
  return 0
}

/** printf(1): the format is reused until the arguments run out. */
export function* printfMain(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  if (args[0] === '--') args.shift()
  const fmt = args.shift()
  if (fmt === undefined) {
    errmsg(p, 'usage: printf FORMAT [ARGUMENT...]')
    return 2
  }
  // A conversion busybox does not know ends the output there: "sh: %q\n: invalid format", status 1.
  let badAt = -1
  const conv = /\\.|%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(.?)/g
  for (let m = conv.exec(fmt); m; m = conv.exec(fmt)) {
    if (m[0].startsWith('%') && !'diouxXeEfgGcsb%'.includes(m[1] || '?')) {
      badAt = m.index
      break
    }
  }
  const r = printfRun(p, badAt >= 0 ? fmt.slice(0, badAt) : fmt, args, badAt < 0)
  p.stdout.write(r.out)
  if (badAt >= 0) {
    errmsg(p, `${fmt.slice(badAt)}: invalid format`)
    return 1
  }
  return r.status
}

/** Where \c stopped printf's output (a private-use character cut off afterwards). */
const STOP = '\uE000'

/** printf's output for FORMAT and its arguments (the format is reused while arguments remain). */
function printfRun(p: Proc, fmt: string, args: string[], reuse: boolean): { out: string; status: number } {
  let status = 0
  let out = ''
  let first = true
  while (first || args.length > 0) {
    first = false
    let consumed = false
    let stop = false
    const piece = fmt.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfgGcsb%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (m, flags: string, width: string, prec: string, conv: string) => {
      if (stop) return ''
      if (m.startsWith('\\')) {
        const r = backslashEscapes(m, false)
        if (r.stop) {
          stop = true
          return r.text + STOP
        }
        return r.text
      }
      if (conv === '%') return '%'
      const take = (): string | undefined => {
        consumed = true
        return args.shift()
      }
      const w = width === '*' ? Number(take() ?? 0) : width === undefined ? 0 : Number(width)
      const pr = prec === '*' ? Number(take() ?? 0) : prec === undefined ? undefined : Number(prec)
      const arg = take()
      let s: string
      switch (conv) {
        case 's':
          s = arg ?? ''
          if (pr !== undefined) s = s.slice(0, pr)
          break
        case 'b': {
          const r = backslashEscapes(arg ?? '', true)
          s = r.text
          // \c in %b ends all output here (STOP marks the cut)
          if (r.stop) {
            stop = true
            s += STOP
          }
          break
        }
        case 'c':
          s = (arg ?? '').slice(0, 1)
          break
        default: {
          const n = arg === undefined ? { value: 0, bad: true } : numArg(arg, conv)
          if (n.bad) {
            errmsg(p, `invalid number '${arg ?? ''}'`)
            status = 1
          }
          s = formatNumber(n.value, conv, flags, pr)
        }
      }
      return pad(s, w, flags, conv)
    })
    const cut = piece.indexOf(STOP)
    out += cut >= 0 ? piece.slice(0, cut) : piece
    if (stop || !consumed || !reuse) break
  }
  return { out, status }
}

function numArg(a: string, conv: string): { value: number; bad: boolean } {
  if (a === '') return { value: 0, bad: false }
  if (/^['"]/.test(a)) return { value: a.codePointAt(1) ?? 0, bad: false }
  const t = a.trim()
  if ('eEfgG'.includes(conv)) {
    const v = Number(t)
    return Number.isNaN(v) ? { value: 0, bad: true } : { value: v, bad: false }
  }
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(t)
  // busybox prints 0 for what does not convert as a whole ("3.5", "12abc").
  if (!m) return { value: 0, bad: true }
  const body = m[2]!
  const v = /^0[xX]/.test(body) ? parseInt(body, 16) : body.length > 1 && body[0] === '0' ? parseInt(body, 8) : parseInt(body, 10)
  return { value: m[1] === '-' ? -v : v, bad: false }
}

function formatNumber(v: number, conv: string, flags: string, prec: number | undefined): string {
  switch (conv) {
    case 'd':
    case 'i': {
      let s = Math.trunc(Math.abs(v)).toString()
      if (prec !== undefined) s = s.padStart(prec, '0')
      const sign = v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''
      return sign + s
    }
    case 'u':
      return (v < 0 ? BigInt.asUintN(64, BigInt(Math.trunc(v))) : BigInt(Math.trunc(v))).toString()
    case 'o':
      return (flags.includes('#') ? '0' : '') + BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(8)
    case 'x':
      return (flags.includes('#') && v !== 0 ? '0x' : '') + BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(16)
    case 'X':
      return (flags.includes('#') && v !== 0 ? '0X' : '') + BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(16).toUpperCase()
    case 'f':
      return cToFixed(v, prec ?? 6)
    case 'e':
    case 'E': {
      const s = v.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2')
      return conv === 'E' ? s.toUpperCase() : s
    }
    case 'g':
    case 'G': {
      const s = cFormatG(v, prec === 0 ? 1 : prec ?? 6, flags.includes('#'))
      return conv === 'G' ? s.toUpperCase() : s
    }
  }
  return String(v)
}

/**
 * C's %.Pf: like toFixed, but an exact tie rounds to even as glibc does
 * (printf "%.1f" 45.25 is 45.2, "%.0f" 2.5 is 2), where JS rounds away from zero.
 */
export function cToFixed(v: number, p: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf'
  const s = v.toFixed(p)
  if (Math.abs(v) >= 1e21) return s
  const exact = Math.abs(v).toFixed(Math.min(100, p + 40))
  const cut = exact.indexOf('.') + (p === 0 ? 0 : p + 1)
  const rest = exact.slice(p === 0 ? exact.indexOf('.') + 1 : cut)
  if (!/^50*$/.test(rest)) return s
  const lower = exact.slice(0, p === 0 ? exact.indexOf('.') : cut)
  if (Number(lower[lower.length - 1]) % 2 === 1) return s
  return (v < 0 ? '-' : '') + lower
}

/** C's %.Pg: %e when the exponent is below -4 or at least P, else %f; trailing zeros dropped unless '#'. */
export function cFormatG(v: number, p: number, alt = false): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf'
  const exp = v === 0 ? 0 : Number(v.toExponential(p - 1).split('e')[1])
  let s: string
  if (exp < -4 || exp >= p) {
    s = v.toExponential(p - 1)
    let [m, e] = s.split('e') as [string, string]
    if (!alt && m.includes('.')) m = m.replace(/\.?0+$/, '')
    s = m + 'e' + (e[0] === '-' ? '-' : '+') + e.replace(/^[+-]/, '').padStart(2, '0')
  } else {
    s = v.toFixed(Math.max(0, p - 1 - exp))
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '')
  }
  return s
}

function pad(s: string, w: number, flags: string, conv: string): string {
  if (s.length >= w) return s
  if (flags.includes('-')) return s.padEnd(w)
  if (flags.includes('0') && !'sbc'.includes(conv)) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : ''
    return sign + s.slice(sign.length).padStart(w - sign.length, '0')
  }
  return s.padStart(w)
}

// ---- test / [ ----------------------------------------------------------------

class TestError extends Error {}

/** test(1) / [ ... ]: exit 0 true, 1 false, 2 error. */
export function* testMain(p: Proc): CommandGen {
  let args = p.argv.slice(1)
  const name = appletName(p)
  if (p.argv[0] === '[' || p.argv[0]?.endsWith('/[')) {
    if (args[args.length - 1] !== ']') {
      p.stderr.write(`${name === 'sh' ? 'sh' : '['}: missing ]\n`)
      return 2
    }
    args = args.slice(0, -1)
  }
  try {
    return evalTest(p, args) ? 0 : 1
  } catch (e) {
    if (e instanceof TestError) {
      p.stderr.write(`${name === 'sh' ? 'sh' : name}: ${e.message}\n`)
      return 2
    }
    throw e
  }
}

const UNARY = new Set(['-e', '-f', '-d', '-r', '-w', '-x', '-s', '-L', '-h', '-b', '-c', '-p', '-S', '-n', '-z', '-t', '-g', '-u', '-k', '-O', '-G'])
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'])

function evalTest(p: Proc, args: string[]): boolean {
  if (args.length === 0) return false
  if (args.length === 1) return args[0] !== ''
  if (args.length === 2) {
    if (args[0] === '!') return args[1] === ''
    if (UNARY.has(args[0]!)) return unary(p, args[0]!, args[1]!)
    if (BINARY.has(args[1]!)) throw new TestError(`${args[1]}: argument expected`)
    throw new TestError(`${args[0]}: unknown operand`)
  }
  if (args.length === 3 && BINARY.has(args[1]!)) return binary(p, args[0]!, args[1]!, args[2]!)
  if (args.length === 3 && args[0] === '!') return !evalTest(p, args.slice(1))
  if (args.length === 3 && args[0] === '(' && args[2] === ')') return args[1] !== ''
  if (args.length === 4 && args[0] === '!') return !evalTest(p, args.slice(1))
  // General expression: -o lowest, then -a, then !, then primaries and ( ).
  let i = 0
  const orExpr = (): boolean => {
    let v = andExpr()
    while (args[i] === '-o') {
      i++
      const r = andExpr()
      v = v || r
    }
    return v
  }
  const andExpr = (): boolean => {
    let v = notExpr()
    while (args[i] === '-a') {
      i++
      const r = notExpr()
      v = v && r
    }
    return v
  }
  const notExpr = (): boolean => {
    if (args[i] === '!') {
      i++
      return !notExpr()
    }
    return primary()
  }
  const primary = (): boolean => {
    const a = args[i]
    if (a === undefined) throw new TestError('argument expected')
    if (a === '(') {
      i++
      const v = orExpr()
      if (args[i] !== ')') throw new TestError(`missing )`)
      i++
      return v
    }
    if (UNARY.has(a) && args[i + 1] !== undefined) {
      i += 2
      return unary(p, a, args[i - 1]!)
    }
    if (args[i + 1] !== undefined && BINARY.has(args[i + 1]!) && args[i + 2] !== undefined) {
      i += 3
      return binary(p, a, args[i - 2]!, args[i - 1]!)
    }
    i++
    return a !== ''
  }
  const v = orExpr()
  if (i < args.length) throw new TestError(`${args[i]}: unknown operand`)
  return v
}

function statOr(p: Proc, path: string, follow: boolean): { mode: number; size: number; mtimeMs: number; ino: number; dev: number } | null {
  try {
    return follow ? p.sys.vfs.stat(path, p.cwd) : p.sys.vfs.lstat(path, p.cwd)
  } catch {
    return null
  }
}

function unary(p: Proc, op: string, a: string): boolean {
  if (op === '-n') return a !== ''
  if (op === '-z') return a === ''
  if (op === '-t') return a === '0' || a === '1' || a === '2' ? (a === '1' ? p.stdout.isTty : a === '2' ? p.stderr.isTty : false) : false
  const st = statOr(p, a, op !== '-L' && op !== '-h')
  if (!st) return false
  const fmt = st.mode & S_IFMT
  switch (op) {
    case '-e': return true
    case '-f': return fmt === S_IFREG
    case '-d': return fmt === S_IFDIR
    case '-L': case '-h': return fmt === S_IFLNK
    case '-b': return false
    case '-c': return fmt === S_IFCHR
    case '-p': return fmt === S_IFIFO
    case '-S': return fmt === S_IFSOCK
    case '-s': return st.size > 0
    case '-r': case '-w': return true // root
    case '-x': return fmt === S_IFDIR || (st.mode & 0o111) !== 0
    case '-g': return (st.mode & 0o2000) !== 0
    case '-u': return (st.mode & 0o4000) !== 0
    case '-k': return (st.mode & 0o1000) !== 0
    case '-O': case '-G': return true
  }
  return false
}

function toInt(s: string): number {
  const t = s.trim()
  if (!/^[+-]?\d+$/.test(t)) throw new TestError(`${s}: bad number`)
  return Number(t)
}

function binary(p: Proc, a: string, op: string, b: string): boolean {
  switch (op) {
    case '=': case '==': return a === b
    case '!=': return a !== b
    case '<': return a < b
    case '>': return a > b
    case '-eq': return toInt(a) === toInt(b)
    case '-ne': return toInt(a) !== toInt(b)
    case '-lt': return toInt(a) < toInt(b)
    case '-le': return toInt(a) <= toInt(b)
    case '-gt': return toInt(a) > toInt(b)
    case '-ge': return toInt(a) >= toInt(b)
    case '-nt': case '-ot': {
      const x = statOr(p, a, true)
      const y = statOr(p, b, true)
      // busybox: false as soon as either stat() fails
      if (!x || !y) return false
      return op === '-nt' ? x.mtimeMs > y.mtimeMs : x.mtimeMs < y.mtimeMs
    }
    case '-ef': {
      const x = statOr(p, a, true)
      const y = statOr(p, b, true)
      return !!x && !!y && x.ino === y.ino && x.dev === y.dev
    }
  }
  return false
}
