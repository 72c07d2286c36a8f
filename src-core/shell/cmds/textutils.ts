/*
 * Text applets (busybox coreutils/ and findutils/grep.c): head, tail, grep,
 * wc, sort, uniq, cut, tr, tee, seq, yes, xargs. They read stdin through
 * io.ts, so in a pipeline they wait for the writer instead of blocking, and
 * head stops reading (closing the pipe) once it has what it needs.
 */

import { errnoOf } from '../../fs/errno'
import { utf8Decode } from '../../fs/utf8'
import { errmsg, perror, readAll, readChunk, readLine, sleepNs } from '../io'
import { FileIn } from '../streams'
import type { CommandGen, InStream, Proc, Wait } from '../types'
import { getopt } from './fileutils'

const USAGE_HEAD = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n\n'

/** Read a whole file (or stdin for '-'); prints `applet: name: error` and returns null on failure. */
function* readInput(p: Proc, name: string, canOpenMsg = false): Generator<Wait, string | null, void> {
  if (name === '-') return yield* readAll(p.stdin)
  try {
    const f = p.sys.vfs.open(name, { read: true }, p.cwd)
    const parts: Uint8Array[] = []
    let total = 0
    for (;;) {
      const d = f.read(65536)
      if (d === null) break
      if (d.length === 0) break
      parts.push(d)
      total += d.length
      if (total > 64 * 1024 * 1024) break
    }
    f.close()
    const all = new Uint8Array(total)
    let o = 0
    for (const x of parts) {
      all.set(x, o)
      o += x.length
    }
    return utf8Decode(all)
  } catch (e) {
    if (canOpenMsg) perror(p, `can't open '${name}'`, errnoOf(e))
    else perror(p, name, errnoOf(e))
    return null
  }
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** `-40` (old style) to `-n 40`, as head and tail accept. */
function oldStyleCount(argv: string[]): string[] {
  const a = argv[1]
  if (a && /^-\d+$/.test(a)) return [argv[0]!, '-n', a.slice(1), ...argv.slice(2)]
  if (a && /^\+\d+$/.test(a)) return [argv[0]!, '-n', a, ...argv.slice(2)]
  return argv
}

export function* head(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(oldStyleCount(p.argv), 'nc')
  const nStr = opts.get('n') ?? '10'
  const cStr = opts.get('c')
  const n = Number(nStr)
  if (!Number.isFinite(n) || (cStr !== undefined && !Number.isFinite(Number(cStr)))) {
    errmsg(p, `invalid number '${cStr ?? nStr}'`)
    return 1
  }
  const files = args.length ? args : ['-']
  const headers = (files.length > 1 && !flags.has('q')) || flags.has('v')
  let status = 0
  let first = true
  for (const f of files) {
    if (headers) p.stdout.write(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`)
    first = false
    if (n >= 0 && cStr === undefined) {
      // Line by line (a pipe, the terminal): stop reading as soon as we have n lines.
      let input: InStream = p.stdin
      if (f !== '-') {
        try {
          input = new FileIn(p.sys.vfs.open(f, { read: true }, p.cwd))
        } catch (e) {
          perror(p, f, errnoOf(e))
          status = 1
          continue
        }
      }
      for (let i = 0; i < n; i++) {
        const line = yield* readLine(input)
        if (line === null) break
        p.stdout.write(line + '\n')
      }
      input.close()
      continue
    }
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    if (cStr !== undefined) {
      const c = Number(cStr)
      p.stdout.write(c >= 0 ? text.slice(0, c) : text.slice(0, Math.max(0, text.length + c)))
      continue
    }
    const lines = text.split('\n')
    const hasTrailing = text.endsWith('\n')
    if (hasTrailing) lines.pop()
    const take = n >= 0 ? lines.slice(0, n) : lines.slice(0, Math.max(0, lines.length + n))
    p.stdout.write(take.map((l, i) => (i < take.length - 1 || hasTrailing || take.length < lines.length ? l + '\n' : l)).join(''))
  }
  return status
}

export function* tail(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(oldStyleCount(p.argv), 'nc')
  const nStr = opts.get('n') ?? '10'
  const fromStart = nStr.startsWith('+')
  const n = Math.abs(Number(nStr))
  if (!Number.isFinite(n)) {
    errmsg(p, `invalid number '${nStr}'`)
    return 1
  }
  const files = args.length ? args : ['-']
  const headers = files.length > 1 && !flags.has('q')
  let status = 0
  let first = true
  for (const f of files) {
    const text = yield* readInput(p, f, true)
    if (text === null) {
      status = 1
      continue
    }
    if (headers) p.stdout.write(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`)
    first = false
    if (opts.has('c')) {
      const c = Number(opts.get('c'))
      p.stdout.write(opts.get('c')!.startsWith('+') ? text.slice(Math.max(0, c - 1)) : text.slice(Math.max(0, text.length - c)))
      continue
    }
    const lines = text.split('\n')
    const trailing = text.endsWith('\n')
    if (trailing) lines.pop()
    const sel = fromStart ? lines.slice(Math.max(0, n - 1)) : lines.slice(Math.max(0, lines.length - n))
    p.stdout.write(sel.join('\n') + (sel.length && (trailing || sel.length < lines.length) ? '\n' : trailing && sel.length ? '\n' : ''))
  }
  if (flags.has('f') && files.length >= 1 && files[0] !== '-') {
    // Follow: poll the file's size once a second of simulated time.
    const f = files[files.length - 1]!
    let size = p.sys.vfs.readFile(f, p.cwd).length
    for (;;) {
      yield* sleepNs(p, 1_000_000_000)
      let data: Uint8Array
      try {
        data = p.sys.vfs.readFile(f, p.cwd)
      } catch {
        continue
      }
      if (data.length > size) p.stdout.write(utf8Decode(data.subarray(size)))
      size = data.length
    }
  }
  return status
}

/** POSIX BRE/ERE to a JS regular expression source. */
export function regexSource(pat: string, extended: boolean): string {
  let out = ''
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!
    if (c === '[') {
      // Bracket expression: copy through, translating classes.
      let j = i + 1
      if (pat[j] === '^') j++
      if (pat[j] === ']') j++
      while (j < pat.length && pat[j] !== ']') {
        if (pat[j] === '[' && pat[j + 1] === ':') {
          const e = pat.indexOf(':]', j + 2)
          j = e < 0 ? j + 1 : e + 2
        } else j++
      }
      if (j >= pat.length) {
        out += '\\['
        continue
      }
      let body = pat.slice(i + 1, j)
      const neg = body.startsWith('^')
      if (neg) body = body.slice(1)
      body = body
        .replace(/\\/g, '\\\\')
        .replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9').replace(/\[:alnum:\]/g, 'A-Za-z0-9')
        .replace(/\[:upper:\]/g, 'A-Z').replace(/\[:lower:\]/g, 'a-z').replace(/\[:space:\]/g, ' \\t\\n\\r\\f\\v')
        .replace(/\[:blank:\]/g, ' \\t').replace(/\[:xdigit:\]/g, '0-9A-Fa-f').replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~')
        .replace(/^\]/, '\\]').replace(/\[/g, '\\[')
      out += `[${neg ? '^' : ''}${body}]`
      i = j
      continue
    }
    if (extended) {
      if (c === '\\' && i + 1 < pat.length) {
        const d = pat[++i]!
        out += d === '<' ? '\\b(?=\\w)' : d === '>' ? '\\b(?<=\\w)' : /[A-Za-z0-9]/.test(d) && !'wWsSbB'.includes(d) ? d : '\\' + d
      } else if (c === '{' && !/^\{\d*(,\d*)?\}/.test(pat.slice(i))) out += '\\{'
      else out += c
      continue
    }
    // Basic: \( \) \{ \} \| \+ \? are operators; the bare characters are literal.
    if (c === '\\' && i + 1 < pat.length) {
      const d = pat[++i]!
      if ('(){}|+?'.includes(d)) out += d
      else if (d === '<') out += '\\b(?=\\w)'
      else if (d === '>') out += '\\b(?<=\\w)'
      else if (/[1-9]/.test(d)) out += '\\' + d
      else if ('wWsSbB'.includes(d)) out += '\\' + d
      else out += /[A-Za-z0-9]/.test(d) ? d : '\\' + d
    } else if ('(){}|+?'.includes(c)) out += '\\' + c
    else if (c === '*' && (out === '' || out === '^')) out += '\\*'
    else out += c
  }
  return out
}

export function* grep(p: Proc): CommandGen {
  const argv = p.argv
  const patterns: string[] = []
  const rest: string[] = [argv[0]!]
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '-e') patterns.push(argv[++i] ?? '')
    else if (a.startsWith('-e') && a.length > 2 && !a.startsWith('--')) patterns.push(a.slice(2))
    else rest.push(a)
  }
  const { flags, args, bad } = getopt(rest, 'mA')
  if (bad) return 2
  if (patterns.length === 0) {
    const pat = args.shift()
    if (pat === undefined) {
      p.stderr.write(USAGE_HEAD + 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n')
      return 2
    }
    patterns.push(...pat.split('\n'))
  }
  const extended = flags.has('E') || p.argv[0]!.endsWith('egrep')
  const fixed = flags.has('F') || p.argv[0]!.endsWith('fgrep')
  let re: RegExp
  try {
    const srcs = patterns.map((pt) => (fixed ? pt.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&') : regexSource(pt, extended)))
    let src = srcs.map((s) => `(?:${s})`).join('|')
    if (flags.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`
    if (flags.has('x')) src = `^(?:${src})$`
    re = new RegExp(src, flags.has('i') ? 'i' : '')
  } catch {
    errmsg(p, `bad regex '${patterns[0]}'`)
    return 2
  }
  const files = args.length ? args : ['-']
  const showName = (files.length > 1 || flags.has('H')) && !flags.has('h')
  let matchedAny = false
  let error = false
  for (const f of files) {
    const text = yield* readInputQuiet(p, f, flags.has('s'))
    if (text === null) {
      error = true
      continue
    }
    const name = f === '-' ? '(standard input)' : f
    let count = 0
    let out = ''
    const lines = splitLines(text)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      const hit = re.test(line) !== flags.has('v')
      if (!hit) continue
      count++
      matchedAny = true
      if (flags.has('q')) return 0
      if (flags.has('l') || flags.has('c')) continue
      const prefix = (showName ? `${name}:` : '') + (flags.has('n') ? `${i + 1}:` : '')
      if (flags.has('o') && !flags.has('v')) {
        const g = new RegExp(re.source, re.flags + 'g')
        for (const m of line.matchAll(g)) if (m[0] !== '') out += prefix + m[0] + '\n'
      } else out += prefix + line + '\n'
    }
    if (flags.has('l')) {
      if (count > 0) out += name + '\n'
    } else if (flags.has('c')) out += (showName ? `${name}:` : '') + count + '\n'
    p.stdout.write(out)
    yield { kind: 'yield' }
  }
  if (error && !flags.has('q')) return 2
  return matchedAny ? 0 : 1
}

function* readInputQuiet(p: Proc, name: string, silent: boolean): Generator<Wait, string | null, void> {
  if (!silent) return yield* readInput(p, name)
  if (name === '-') return yield* readAll(p.stdin)
  try {
    return p.sys.vfs.readText(name, p.cwd)
  } catch {
    return null
  }
}

export function* wc(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  let types = ['l', 'w', 'c', 'L'].filter((t) => flags.has(t) || (t === 'c' && flags.has('m')))
  if (types.length === 0) types = ['l', 'w', 'c']
  const files = args.length ? args : []
  const totals = { l: 0, w: 0, c: 0, L: 0 }
  let status = 0
  const count = (text: string): Record<string, number> => {
    const l = (text.match(/\n/g) ?? []).length
    const w = (text.match(/[^\s]+/g) ?? []).length
    const c = flags.has('m') ? [...text].length : utf8Len(text)
    const L = text.split('\n').reduce((m, x) => Math.max(m, x.length), 0)
    return { l, w, c, L }
  }
  const print = (cnt: Record<string, number>, name: string | null): void => {
    const one = types.length === 1 && name === null
    const cols = types.map((t, i) => (one ? String(cnt[t]) : (i === 0 ? '' : ' ') + String(cnt[t]).padStart(9)))
    p.stdout.write(cols.join('') + (name === null ? '\n' : ` ${name}\n`))
  }
  if (files.length === 0) {
    const text = yield* readAll(p.stdin)
    print(count(text), null)
    return 0
  }
  for (const f of files) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    const cnt = count(text)
    for (const k of ['l', 'w', 'c'] as const) totals[k] += cnt[k]!
    totals.L = Math.max(totals.L, cnt.L!)
    print(cnt, f)
  }
  if (files.length > 1) print(totals, 'total')
  return status
}

function utf8Len(s: string): number {
  let n = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

export function* sort(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'ktTo')
  let text = ''
  for (const f of args.length ? args : ['-']) {
    const t = yield* readInput(p, f, true)
    if (t === null) return 1
    text += t.endsWith('\n') || t === '' ? t : t + '\n'
  }
  let lines = splitLines(text)
  const sep = opts.get('t')
  const keySpec = opts.get('k')
  const keyOf = (line: string): string => {
    if (!keySpec) return line
    const m = /^(\d+)(?:\.\d+)?[a-z]*(?:,(\d+)(?:\.\d+)?[a-z]*)?$/.exec(keySpec)
    if (!m) return line
    const start = Number(m[1]) - 1
    const end = m[2] ? Number(m[2]) : undefined
    const fields = sep !== undefined ? line.split(sep) : line.trim().split(/\s+/)
    return fields.slice(start, end).join(sep ?? ' ')
  }
  const numeric = flags.has('n') || (keySpec ?? '').includes('n')
  const cmp = (a: string, b: string): number => {
    let ka = keyOf(a)
    let kb = keyOf(b)
    if (flags.has('f')) {
      ka = ka.toUpperCase()
      kb = kb.toUpperCase()
    }
    if (numeric) {
      const na = parseFloat(ka) || 0
      const nb = parseFloat(kb) || 0
      if (na !== nb) return na - nb
      return a < b ? -1 : a > b ? 1 : 0
    }
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0
  }
  lines.sort(cmp)
  if (flags.has('r')) lines.reverse()
  if (flags.has('u')) lines = lines.filter((l, i) => i === 0 || cmp(lines[i - 1]!, l) !== 0)
  const out = lines.map((l) => l + '\n').join('')
  if (opts.has('o')) {
    try {
      p.sys.vfs.writeFile(opts.get('o')!, out, { cwd: p.cwd })
    } catch (e) {
      perror(p, `can't open '${opts.get('o')}'`, errnoOf(e))
      return 2
    }
  } else p.stdout.write(out)
  return 0
}

export function* uniq(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const text = yield* readInput(p, args[0] ?? '-')
  if (text === null) return 1
  const lines = splitLines(text)
  let out = ''
  for (let i = 0; i < lines.length; ) {
    let j = i + 1
    const key = flags.has('i') ? lines[i]!.toLowerCase() : lines[i]!
    while (j < lines.length && (flags.has('i') ? lines[j]!.toLowerCase() : lines[j]) === key) j++
    const n = j - i
    if ((!flags.has('d') || n > 1) && (!flags.has('u') || n === 1)) out += (flags.has('c') ? `${String(n).padStart(7)} ` : '') + lines[i] + '\n'
    i = j
  }
  p.stdout.write(out)
  return 0
}

/** A cut LIST like 1,3-5,7- as a membership test (1-based). */
function parseList(spec: string): ((n: number) => boolean) | null {
  const ranges: Array<[number, number]> = []
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part)
    if (!m || (m[1] === '' && m[3] === '')) return null
    const a = m[1] ? Number(m[1]) : 1
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a
    ranges.push([a, b])
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b)
}

export function* cut(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'dfcb')
  const spec = opts.get('f') ?? opts.get('c') ?? opts.get('b')
  if (spec === undefined) {
    errmsg(p, 'expected a list of bytes, characters, or fields')
    return 1
  }
  const inList = parseList(spec)
  if (!inList) {
    errmsg(p, `invalid byte or field list`)
    return 1
  }
  const delim = opts.get('d') ?? '\t'
  let out = ''
  let status = 0
  for (const f of args.length ? args : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    for (const line of splitLines(text)) {
      if (opts.has('f')) {
        if (!line.includes(delim)) {
          if (!flags.has('s')) out += line + '\n'
          continue
        }
        out += line.split(delim).filter((_x, i) => inList(i + 1)).join(delim) + '\n'
      } else {
        out += [...line].filter((_x, i) => inList(i + 1)).join('') + '\n'
      }
    }
  }
  p.stdout.write(out)
  return status
}

/** Expand a tr SET: ranges, classes, escapes. */
function trSet(s: string): string[] {
  const out: string[] = []
  const classes: Record<string, string> = {
    alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', digit: '0123456789',
    alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', space: ' \t\n\r\f\v', blank: ' \t',
    xdigit: '0123456789ABCDEFabcdef', punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
  }
  for (let i = 0; i < s.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(s.slice(i))
    if (m && classes[m[1]!]) {
      out.push(...classes[m[1]!]!)
      i += m[0].length - 1
      continue
    }
    let c = s[i]!
    if (c === '\\' && i + 1 < s.length) {
      const d = s[++i]!
      c = ({ n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[d] ?? d
      if (/[0-7]/.test(d)) {
        const m8 = /^[0-7]{1,3}/.exec(s.slice(i))!
        c = String.fromCharCode(parseInt(m8[0], 8))
        i += m8[0].length - 1
      }
    }
    if (s[i + 1] === '-' && i + 2 < s.length) {
      const end = s[i + 2]!
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) out.push(String.fromCharCode(k))
      i += 2
      continue
    }
    out.push(c)
  }
  return out
}

export function* tr(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  if (args.length < 1 || (!flags.has('d') && !flags.has('s') && args.length < 2)) {
    p.stderr.write(USAGE_HEAD + 'Usage: tr [-cds] STRING1 [STRING2]\n')
    return 1
  }
  const set1 = trSet(args[0]!)
  const set2 = args[1] !== undefined ? trSet(args[1]) : []
  const complement = flags.has('c') || flags.has('C')
  const in1 = (c: string): boolean => set1.includes(c) !== complement
  for (;;) {
    const d = yield* readChunk(p.stdin)
    if (d === null) break
    let out = ''
    let last = ''
    for (const c of d) {
      if (flags.has('d') && in1(c)) continue
      let o = c
      if (!flags.has('d') && set2.length > 0 && in1(c)) {
        const idx = complement ? set2.length - 1 : set1.indexOf(c)
        o = set2[Math.min(idx, set2.length - 1)]!
      }
      const squeezeSet = flags.has('d') ? set2 : set2.length ? set2 : set1
      if (flags.has('s') && o === last && squeezeSet.includes(o)) continue
      out += o
      last = o
    }
    if (!p.stdout.write(out)) break
  }
  return 0
}

export function* tee(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  let status = 0
  const files: string[] = []
  for (const f of args) {
    try {
      vfs.writeFile(f, '', { cwd: p.cwd, append: flags.has('a') })
      files.push(f)
    } catch (e) {
      perror(p, f, errnoOf(e))
      status = 1
    }
  }
  for (;;) {
    const d = yield* readChunk(p.stdin)
    if (d === null) break
    p.stdout.write(d)
    for (const f of files) {
      try {
        vfs.writeFile(f, d, { cwd: p.cwd, append: true })
      } catch (e) {
        perror(p, f, errnoOf(e))
        status = 1
      }
    }
  }
  return status
}

export function* seq(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv.map((a) => (/^-\d/.test(a) ? `\u0000${a}` : a)), 's')
  const nums = args.map((a) => a.replace('\u0000', ''))
  if (nums.length < 1 || nums.length > 3) {
    p.stderr.write(USAGE_HEAD + 'Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n')
    return 1
  }
  const vals = nums.map(Number)
  const bad = nums.find((_a, i) => !Number.isFinite(vals[i]))
  if (bad !== undefined) {
    errmsg(p, `invalid number '${bad}'`)
    return 1
  }
  const [first, inc, last] = vals.length === 1 ? [1, 1, vals[0]!] : vals.length === 2 ? [vals[0]!, 1, vals[1]!] : [vals[0]!, vals[1]!, vals[2]!]
  const sep = opts.get('s') ?? '\n'
  const decimals = Math.max(...nums.map((a) => (a.includes('.') ? a.split('.')[1]!.length : 0)))
  const width = flags.has('w') ? Math.max(String(first).length, String(last).length) : 0
  if (inc === 0) return 1
  let out = ''
  let count = 0
  for (let v = first; inc > 0 ? v <= last + 1e-9 : v >= last - 1e-9; v = first + inc * ++count) {
    let s = decimals ? v.toFixed(decimals) : String(Math.round(v))
    if (width) s = s.padStart(width, '0')
    out += (count === 0 ? '' : sep) + s
    if (out.length > 16384) {
      if (!p.stdout.write(out)) return 1
      out = ''
      yield { kind: 'yield' }
    }
  }
  if (count > 0) out += '\n'
  p.stdout.write(out)
  return 0
}

export function* yes(p: Proc): CommandGen {
  const line = (p.argv.length > 1 ? p.argv.slice(1).join(' ') : 'y') + '\n'
  const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)))
  for (;;) {
    if (!p.stdout.write(chunk)) return 1
    yield { kind: 'yield' }
  }
}

export function* xargs(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'nIs')
  void flags
  const cmd = args.length ? args : ['echo']
  const text = yield* readAll(p.stdin)
  const words = text.match(/"[^"]*"|'[^']*'|(?:\\.|[^\s])+/g)?.map((w) => w.replace(/^["']|["']$/g, '').replace(/\\(.)/g, '$1')) ?? []
  const n = opts.has('n') ? Math.max(1, Number(opts.get('n'))) : Infinity
  const repl = opts.get('I')
  let status = 0
  if (repl !== undefined) {
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const s = yield* p.exec(cmd.map((a) => a.split(repl).join(line)))
      if (s !== 0) status = 123
    }
    return status
  }
  if (words.length === 0 && flags.has('r')) return 0
  for (let i = 0; i < Math.max(1, words.length); i += n === Infinity ? Math.max(1, words.length) : n) {
    const s = yield* p.exec([...cmd, ...words.slice(i, n === Infinity ? undefined : i + n)])
    if (s === 127) return 127
    if (s !== 0) status = 123
  }
  return status
}


/** bb_process_escape_sequence's subset that paste -d needs: \n \t \\ \0 and the other C escapes. */
function processEscapes(s: string): string {
  const map: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i]
      continue
    }
    const c = s[++i]!
    if (c >= '0' && c <= '7') {
      let v = 0
      let n = 0
      while (n < 3 && i < s.length && s[i]! >= '0' && s[i]! <= '7') v = v * 8 + (s.charCodeAt(i++) - 48), n++
      i--
      out += String.fromCharCode(v & 0xff)
    } else out += map[c] ?? '\\' + c
  }
  return out
}

/**
 * paste [-d LIST] [-s] [FILE]... as busybox 1.35 (coreutils/paste.c): lines
 * of the files side by side, or (-s) each file's lines on one line. Like
 * busybox, a file that has run out contributes nothing, not an empty field;
 * '\0' in LIST means no delimiter.
 */
export function* paste(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'd')
  let delims = '\t'
  if (opts.has('d')) {
    if (opts.get('d') === '') {
      errmsg(p, "-d '' is not supported")
      return 1
    }
    delims = processEscapes(opts.get('d')!)
  }
  const files: string[][] = []
  for (const f of args.length ? args : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) return 1
    files.push(splitLines(text))
  }
  const nextDelim = (k: number): string => delims[k % delims.length]!
  let out = ''
  if (flags.has('s')) {
    for (const lines of files) {
      lines.forEach((l, i) => (out += l + (i === lines.length - 1 ? '\n' : nextDelim(i).replace('\0', ''))))
    }
  } else {
    const rows = Math.max(0, ...files.map((l) => l.length))
    for (let r = 0; r < rows; r++) {
      let k = 0
      files.forEach((lines, i) => {
        if (r >= lines.length) return
        out += lines[r]
        out += (i === files.length - 1 ? '\n' : nextDelim(k++)).replace('\0', '')
      })
    }
  }
  p.stdout.write(out)
  return 0
}
