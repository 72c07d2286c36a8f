/*
 * Small applets scripts and graders use: expr (busybox coreutils/expr.c),
 * hexdump (the default, -b -c -C -d -o -x layouts, '*' for repeated lines), cmp.
 */

import { errnoOf } from '../../fs/errno'
import { utf8Encode } from '../../fs/utf8'
import { errmsg, perror, readAll } from '../io'
import type { CommandGen, Proc, Wait } from '../types'
import { streamBlocks } from './binutils'
import { regexSource } from './textutils'
import { getopt } from './fileutils'
import { rejectOptions, showUsage } from './usage'

// ---- expr -------------------------------------------------------------------

class ExprError extends Error {}

type EVal = string | number

const isInt = (v: EVal): boolean => typeof v === 'number' || /^-?\d+$/.test(v)
const num = (v: EVal): number => {
  if (!isInt(v)) throw new ExprError('non-numeric argument')
  return Number(v)
}
const nullish = (v: EVal): boolean => v === '' || v === 0 || v === '0'

/** expr ARG...: the value on stdout; status 0, 1 when it is null or 0, 2 on a syntax error. */
export function* expr(p: Proc): CommandGen {
  const toks = p.argv.slice(1)
  let i = 0
  const peek = (): string | undefined => toks[i]
  const take = (): string => {
    const t = toks[i++]
    if (t === undefined) throw new ExprError('syntax error')
    return t
  }
  const orE = (): EVal => {
    let a = andE()
    while (peek() === '|') {
      i++
      const b = andE()
      a = nullish(a) ? (nullish(b) ? 0 : b) : a
    }
    return a
  }
  const andE = (): EVal => {
    let a = cmpE()
    while (peek() === '&') {
      i++
      const b = cmpE()
      a = nullish(a) || nullish(b) ? 0 : a
    }
    return a
  }
  const cmpE = (): EVal => {
    let a = addE()
    for (;;) {
      const op = peek()
      if (!op || !['<', '<=', '=', '==', '!=', '>=', '>'].includes(op)) return a
      i++
      const b = addE()
      const c = isInt(a) && isInt(b) ? num(a) - num(b) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
      const r = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '=' || op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '>=' ? c >= 0 : c > 0
      a = r ? 1 : 0
    }
  }
  const addE = (): EVal => {
    let a = mulE()
    for (;;) {
      const op = peek()
      if (op !== '+' && op !== '-') return a
      i++
      const b = mulE()
      a = op === '+' ? num(a) + num(b) : num(a) - num(b)
    }
  }
  const mulE = (): EVal => {
    let a = matchE()
    for (;;) {
      const op = peek()
      if (op !== '*' && op !== '/' && op !== '%') return a
      i++
      const b = matchE()
      if (op !== '*' && num(b) === 0) throw new ExprError('division by zero')
      a = op === '*' ? num(a) * num(b) : op === '/' ? Math.trunc(num(a) / num(b)) : num(a) % num(b)
    }
  }
  const matchE = (): EVal => {
    let a = prim()
    while (peek() === ':') {
      i++
      a = match(String(a), String(prim()))
    }
    return a
  }
  const match = (s: string, pat: string): EVal => {
    const re = new RegExp('^(?:' + regexSource(pat, false) + ')')
    const m = re.exec(s)
    if (/\\\(/.test(pat)) return m && m[1] !== undefined ? m[1] : ''
    return m ? m[0].length : 0
  }
  const prim = (): EVal => {
    const t = take()
    if (t === '(') {
      const v = orE()
      if (take() !== ')') throw new ExprError('syntax error')
      return v
    }
    if (t === 'length') return [...String(prim())].length
    if (t === 'substr') {
      const s = String(prim())
      const pos = num(prim())
      const len = num(prim())
      return pos < 1 || len < 1 ? '' : s.substr(pos - 1, len)
    }
    if (t === 'index') {
      const s = String(prim())
      const chars = String(prim())
      let best = 0
      for (let k = 0; k < s.length; k++) if (chars.includes(s[k]!)) { best = k + 1; break }
      return best
    }
    if (t === 'match') {
      const s = String(prim())
      return match(s, String(prim()))
    }
    if (t === '+') return take()
    return t
  }
  try {
    if (toks.length === 0) throw new ExprError('too few arguments')
    const v = orE()
    if (i < toks.length) throw new ExprError('syntax error')
    p.stdout.write(`${v}\n`)
    return nullish(v) ? 1 : 0
  } catch (e) {
    if (e instanceof ExprError || e instanceof SyntaxError) {
      errmsg(p, e instanceof ExprError ? e.message : 'bad regex')
      return 2
    }
    throw e
  }
}

// ---- hexdump / hd -----------------------------------------------------------

function* inputBytes(p: Proc, files: string[]): Generator<Wait, Uint8Array | null, void> {
  if (files.length === 0) return utf8Encode(yield* readAll(p.stdin))
  const parts: Uint8Array[] = []
  for (const f of files) {
    try {
      parts.push(p.sys.vfs.readFile(f, p.cwd))
    } catch (e) {
      perror(p, f, errnoOf(e))
      return null
    }
  }
  const out = new Uint8Array(parts.reduce((a, x) => a + x.length, 0))
  let o = 0
  for (const x of parts) {
    out.set(x, o)
    o += x.length
  }
  return out
}

const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0')

/** One of hexdump's display formats for a 16-byte block (busybox hexdump.c add_strings). */
interface HexFormat {
  /** Digits of the offset at the start of each line and of the final offset. */
  addrWidth: number
  line(row: Uint8Array): string
}

const C_ESCAPES: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }

/** `count` units of `size` bytes, each formatted to `width` characters; a missing unit is blank, a partial one zero-filled. */
function units(row: Uint8Array, size: number, width: number, f: (v: number) => string): string {
  let out = ''
  for (let k = 0; k < 16; k += size) {
    if (k >= row.length) {
      out += ' '.repeat(width)
      continue
    }
    const v = size === 1 ? row[k]! : row[k]! | ((row[k + 1] ?? 0) << 8)
    out += f(v).padStart(width)
  }
  return out
}

const HEX_FORMATS: Record<string, HexFormat> = {
  b: { addrWidth: 7, line: (r) => units(r, 1, 4, (v) => ' ' + v.toString(8).padStart(3, '0')) },
  c: { addrWidth: 7, line: (r) => units(r, 1, 4, (v) => C_ESCAPES[v] ?? (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : v.toString(8).padStart(3, '0'))) },
  d: { addrWidth: 7, line: (r) => units(r, 2, 8, (v) => String(v).padStart(5, '0')) },
  o: { addrWidth: 7, line: (r) => units(r, 2, 8, (v) => v.toString(8).padStart(6, '0')) },
  x: { addrWidth: 7, line: (r) => units(r, 2, 8, (v) => v.toString(16).padStart(4, '0')) },
  '': { addrWidth: 7, line: (r) => units(r, 2, 5, (v) => v.toString(16).padStart(4, '0')) },
  C: {
    addrWidth: 8,
    line: (row) => {
      let h = ''
      for (let k = 0; k < 16; k++) {
        h += k < row.length ? hex(row[k]!, 2) + ' ' : '   '
        if (k === 7) h += ' '
      }
      const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
      return `  ${h} |${text}|`
    }
  }
}

/**
 * hexdump [-bcCdovx] [-n LEN] [-s OFF] [FILE]... (busybox hexdump.c): each
 * option adds a line per 16-byte block in its format (the default is
 * 16-bit hex words); '*' stands for repeated blocks unless -v.
 */
export function* hexdump(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const formats: HexFormat[] = []
  let all = false
  let length = Infinity
  let skip = 0
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('-') || a === '-') {
      files.push(a)
      continue
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!
      if (c === 'n' || c === 's') {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i]
        const n = v !== undefined && /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : NaN
        if (Number.isNaN(n)) {
          errmsg(p, `invalid number '${v ?? ''}'`)
          return 1
        }
        if (c === 'n') length = n
        else skip = n
        break
      }
      if (c === 'v') all = true
      else if (c in HEX_FORMATS) formats.push(HEX_FORMATS[c]!)
      else {
        errmsg(p, `invalid option -- '${c}'`)
        return 1
      }
    }
  }
  if (formats.length === 0) formats.push(HEX_FORMATS['']!)
  let out = ''
  let prev = ''
  let starred = false
  let closed = false
  // Block by block as the input comes (hexdump -C /dev/urandom | head stops when head does).
  const r = yield* streamBlocks(p, files.length ? files : ['-'], skip, length, 16, (row, off) => {
    const key = row.length === 16 ? Array.from(row).join(',') : ''
    if (!all && key !== '' && key === prev) {
      if (!starred) out += '*\n'
      starred = true
      return true
    }
    prev = key
    starred = false
    for (const f of formats) out += hex(off, f.addrWidth) + f.line(row) + '\n'
    if (out.length > 16384) {
      closed = !p.stdout.write(out)
      out = ''
    }
    return !closed
  })
  if (closed) return 1
  if (r.opened > 0) out += hex(r.end, formats[formats.length - 1]!.addrWidth) + '\n'
  p.stdout.write(out)
  return r.failed ? 1 : 0
}

// ---- cmp --------------------------------------------------------------------

/**
 * cmp [-ls] [-n NUM] FILE1 [FILE2]: 0 same, 1 different ("a b differ: char
 * N, line L", or with -l every differing byte as "N octal octal"), 2 trouble;
 * a file that ends first gives "cmp: EOF on FILE".
 */
export function* cmp(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'cmp', 'lsn:', 2)
  if (bad !== null) return bad
  const { flags, opts, args } = getopt(p.argv, 'n')
  const silent = flags.has('s')
  const list = flags.has('l')
  if (args.length < 1 || args.length > 2) return showUsage(p, 'cmp', 2)
  const [fa, fb = '-'] = args as [string, string?]
  const a = yield* inputBytes(p, fa === '-' ? [] : [fa])
  const b = yield* inputBytes(p, fb === '-' ? [] : [fb])
  if (a === null || b === null) return 2
  let limit = Infinity
  if (opts.has('n')) limit = Number(opts.get('n'))
  let line = 1
  const n = Math.min(a.length, b.length, limit)
  let status = 0
  let out = ''
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      status = 1
      if (silent) break
      if (!list) {
        out += `${fa} ${fb} differ: char ${i + 1}, line ${line}\n`
        break
      }
      out += `${i + 1} ${a[i]!.toString(8).padStart(3)} ${b[i]!.toString(8).padStart(3)}\n`
    }
    if (a[i] === 10) line++
  }
  p.stdout.write(out)
  if ((status === 0 || list) && a.length !== b.length && n < limit) {
    if (!silent) p.stderr.write(`cmp: EOF on ${a.length < b.length ? fa : fb}\n`)
    return 1
  }
  return status
}
