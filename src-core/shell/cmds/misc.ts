/*
 * Small applets scripts and graders use: expr (busybox coreutils/expr.c),
 * hexdump/hd (the default and -C layouts, '*' for repeated lines), cmp.
 */

import { errnoOf } from '../../fs/errno'
import { utf8Encode } from '../../fs/utf8'
import { errmsg, perror, readAll } from '../io'
import type { CommandGen, Proc, Wait } from '../types'
import { regexSource } from './textutils'

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
    if (toks.length === 0) throw new ExprError('syntax error')
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

/** hexdump [-C] [-v] [-n LEN] [-s OFF] [FILE]...; `hd` is hexdump -C. */
export function* hexdump(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let canonical = p.argv[0]!.endsWith('hd')
  let all = false
  let length = Infinity
  let skip = 0
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-C') canonical = true
    else if (a === '-v') all = true
    else if (a === '-n') length = Number(args[++i])
    else if (a === '-s') skip = Number(args[++i])
    else if (a.startsWith('-') && a !== '-') {
      errmsg(p, `invalid option -- '${a.slice(1)}'`)
      return 1
    } else files.push(a)
  }
  const data = yield* inputBytes(p, files)
  if (data === null) return 1
  const bytes = data.subarray(skip, Number.isFinite(length) ? skip + length : undefined)
  let out = ''
  let prev = ''
  let starred = false
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16)
    const key = row.length === 16 ? Array.from(row).join(',') : ''
    if (!all && key !== '' && key === prev) {
      if (!starred) out += '*\n'
      starred = true
      continue
    }
    prev = key
    starred = false
    const addr = skip + off
    if (canonical) {
      let h = ''
      for (let k = 0; k < 16; k++) {
        h += k < row.length ? hex(row[k]!, 2) + ' ' : '   '
        if (k === 7) h += ' '
      }
      const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
      out += `${hex(addr, 8)}  ${h} |${text}|\n`
    } else {
      const words: string[] = []
      for (let k = 0; k < row.length; k += 2) words.push(hex(row[k]! | ((row[k + 1] ?? 0) << 8), 4))
      out += `${hex(addr, 7)} ${words.join(' ')}\n`
    }
  }
  out += canonical ? `${hex(skip + bytes.length, 8)}\n` : `${hex(skip + bytes.length, 7)}\n`
  p.stdout.write(out)
  return 0
}

// ---- cmp --------------------------------------------------------------------

/** cmp [-s] FILE1 FILE2: 0 same, 1 different ("a b differ: char N, line L"), 2 trouble. */
export function* cmp(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const silent = args[0] === '-s'
  if (silent) args.shift()
  if (args.length < 1 || args.length > 2) {
    p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n\nUsage: cmp [-ls] [-n NUM] FILE1 [FILE2]\n')
    return 2
  }
  const [fa, fb = '-'] = args as [string, string?]
  const a = yield* inputBytes(p, fa === '-' ? [] : [fa])
  const b = yield* inputBytes(p, fb === '-' ? [] : [fb])
  if (a === null || b === null) return 2
  let line = 1
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      if (!silent) p.stdout.write(`${fa} ${fb} differ: char ${i + 1}, line ${line}\n`)
      return 1
    }
    if (a[i] === 10) line++
  }
  if (a.length !== b.length) {
    if (!silent) p.stderr.write(`cmp: EOF on ${a.length < b.length ? fa : fb}\n`)
    return 1
  }
  return 0
}
