/*
 * Text applets (busybox coreutils/, findutils/grep.c, util-linux/rev.c):
 * head, tail, grep, wc, sort, uniq, cut, paste, tr, tee, seq, yes, xargs,
 * tac, rev, nl, fold. They read stdin through
 * io.ts, so in a pipeline they wait for the writer instead of blocking, and
 * head stops reading (closing the pipe) once it has what it needs.
 */

import { errnoOf } from '../../fs/errno'
import { utf8Decode, utf8Encode } from '../../fs/utf8'
import { errmsg, perror, readAll, readChunk, sleepNs, unread } from '../io'
import { FileIn } from '../streams'
import type { CommandGen, InStream, Proc, Wait } from '../types'
import { readBytes } from './binutils'
import { getopt } from './fileutils'
import { rejectOptions, showUsage } from './usage'


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
      // Up to the n-th newline; a last line without one stays without (the rest goes back to the stream).
      let need = n
      while (need > 0) {
        const d = yield* readChunk(input)
        if (d === null) break
        let pos = 0
        while (need > 0) {
          const j = d.indexOf('\n', pos)
          if (j < 0) break
          pos = j + 1
          need--
        }
        if (need > 0) {
          p.stdout.write(d)
          continue
        }
        p.stdout.write(d.slice(0, pos))
        unread(input, d.slice(pos))
      }
      if (input !== p.stdin) input.close()
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
  let status = 0
  let first = true
  // Headers only when more than one file could be opened (busybox counts the open ones).
  const texts: Array<[string, string]> = []
  for (const f of files) {
    const text = yield* readInput(p, f, true)
    if (text === null) status = 1
    else texts.push([f, text])
  }
  const opened = texts.length
  const headers = opened > 1 && !flags.has('q')
  for (const [f, text] of texts) {
    if (headers) p.stdout.write(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`)
    first = false
    if (opts.has('c')) {
      const c = Number(opts.get('c'))
      p.stdout.write(opts.get('c')!.startsWith('+') ? text.slice(Math.max(0, c - 1)) : text.slice(Math.max(0, text.length - c)))
      continue
    }
    const lines = rawLines(text)
    p.stdout.write((fromStart ? lines.slice(Math.max(0, n - 1)) : lines.slice(lines.length - Math.min(n, lines.length))).join(''))
  }
  if (opened === 0) {
    errmsg(p, 'no files')
    return 1
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
  const bad = rejectOptions(p, 'grep', 'lnqvscFiHhe:f:LorRm:wxA:B:C:Ez', 2)
  if (bad !== null) return bad
  const argv = p.argv
  const patterns: string[] = []
  const patternFiles: string[] = []
  const rest: string[] = [argv[0]!]
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (a === '-e' || a === '-f') (a === '-e' ? patterns : patternFiles).push(argv[++i] ?? '')
    else if (/^-[^-]*[ef]/.test(a) && !/^-[^-]*[mABC]/.test(a.slice(0, a.search(/[ef]/)))) {
      // -ie PAT, -nePAT: the letters before e/f are flags.
      const k = a.search(/[ef]/)
      rest.push(a.slice(0, k))
      const v = k + 1 < a.length ? a.slice(k + 1) : argv[++i] ?? ''
      ;(a[k] === 'e' ? patterns : patternFiles).push(v)
    } else rest.push(a)
  }
  const { flags, opts, args } = getopt(rest.filter((a) => a !== '-'), 'mABC')
  for (const f of patternFiles) {
    const t = yield* readInput(p, f)
    if (t === null) return 2
    patterns.push(...splitLines(t))
  }
  if (patterns.length === 0 && patternFiles.length === 0) {
    const pat = args.shift()
    if (pat === undefined) return showUsage(p, 'grep', 2)
    patterns.push(...pat.split('\n'))
  }
  const num = (k: string): number | null => {
    const v = opts.get(k)
    if (v === undefined) return 0
    if (!/^\d+$/.test(v)) {
      errmsg(p, `invalid number '${v}'`)
      return null
    }
    return Number(v)
  }
  const ctx = num('C')
  const after = opts.has('A') ? num('A') : ctx
  const before = opts.has('B') ? num('B') : ctx
  const maxCount = opts.has('m') ? num('m') : Infinity
  if (after === null || before === null || maxCount === null) return 2
  const extended = flags.has('E') || p.argv[0]!.endsWith('egrep')
  const fixed = flags.has('F') || p.argv[0]!.endsWith('fgrep')
  let re: RegExp
  try {
    const srcs = patterns.map((pt) => (fixed ? pt.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&') : regexSource(pt, extended)))
    let src = srcs.length ? srcs.map((s) => `(?:${s})`).join('|') : '(?!)'
    if (flags.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`
    if (flags.has('x')) src = `^(?:${src})$`
    re = new RegExp(src, flags.has('i') ? 'i' : '')
  } catch {
    errmsg(p, `bad regex '${patterns[0]}'`)
    return 2
  }
  const recursive = flags.has('r') || flags.has('R')
  let files = args.length ? args : [recursive ? '.' : '-']
  if (recursive) {
    // -r: the files under each directory operand (readdir order), symlinks followed only with -R or on the command line.
    const vfs = p.sys.vfs
    const list: string[] = []
    const walk = (path: string, top: boolean): void => {
      let st
      try {
        st = top || flags.has('R') ? vfs.stat(path, p.cwd) : vfs.lstat(path, p.cwd)
      } catch {
        list.push(path)
        return
      }
      if ((st.mode & 0o170000) === 0o040000) {
        for (const n of vfs.readdir(path, p.cwd)) walk(path === '.' && !top ? n : path.endsWith('/') ? path + n : `${path}/${n}`, false)
      } else if ((st.mode & 0o170000) !== 0o120000) list.push(path)
    }
    for (const f of files) f === '-' ? list.push(f) : walk(f, true)
    files = list.map((f) => (args.length === 0 && f.startsWith('./') ? f.slice(2) : f))
  }
  const showName = (files.length > 1 || flags.has('H') || recursive) && !flags.has('h')
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
    // Context: the last line printed (for "--" between groups) and how many trailing lines are still due.
    let lastPrinted = -1
    let afterLeft = 0
    const emit = (i: number, sepChar: string, body: string): void => {
      if ((before || after) && lastPrinted >= 0 && i > lastPrinted + 1) out += '--\n'
      out += (showName ? `${name}${sepChar}` : '') + (flags.has('n') ? `${i + 1}${sepChar}` : '') + body + '\n'
      lastPrinted = i
    }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      const hit = count < maxCount && re.test(line) !== flags.has('v')
      if (!hit) {
        if (afterLeft > 0 && !flags.has('l') && !flags.has('L') && !flags.has('c') && !flags.has('q')) {
          emit(i, '-', line)
          afterLeft--
        }
        if (count >= maxCount && afterLeft === 0) break
        continue
      }
      count++
      matchedAny = true
      if (flags.has('q')) return 0
      if (flags.has('l') || flags.has('L') || flags.has('c')) {
        if (count >= maxCount) break
        continue
      }
      for (let j = Math.max(lastPrinted + 1, i - before); j < i; j++) emit(j, '-', lines[j]!)
      if (flags.has('o') && !flags.has('v')) {
        const g = new RegExp(re.source, re.flags + 'g')
        for (const m of line.matchAll(g)) if (m[0] !== '') emit(i, ':', m[0])
        lastPrinted = i
      } else emit(i, ':', line)
      afterLeft = after
    }
    if (flags.has('l')) {
      if (count > 0) out += name + '\n'
    } else if (flags.has('L')) {
      if (count === 0) out += name + '\n'
    } else if (flags.has('c')) out += (showName ? `${name}:` : '') + count + '\n'
    p.stdout.write(out)
    yield { kind: 'yield' }
  }
  if (error && !flags.has('q')) return 2
  if (flags.has('L')) return files.length && !error ? 0 : 1
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

/**
 * wc [-cmlwL] [FILE]... (busybox wc.c, Unicode off as on the reference
 * board): bytes, newlines, words (runs of non-space bytes) and the longest
 * line (tabs to the next multiple of 8, printable ASCII counting 1). A single
 * count of a single input is printed without padding.
 */
export function* wc(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'wc', 'cmlwL')
  if (bad !== null) return bad
  const { flags, args } = getopt(p.argv)
  let types = ['l', 'w', 'c', 'L'].filter((t) => flags.has(t) || (t === 'c' && flags.has('m')))
  if (types.length === 0) types = ['l', 'w', 'c']
  const files = args
  const totals: Record<string, number> = { l: 0, w: 0, c: 0, L: 0 }
  let status = 0
  const count = (data: Uint8Array): Record<string, number> => {
    let l = 0
    let w = 0
    let L = 0
    let pos = 0
    let inWord = false
    for (const b of data) {
      const space = b === 32 || (b >= 9 && b <= 13)
      if (space) inWord = false
      else if (!inWord) {
        inWord = true
        w++
      }
      if (b === 10 || b === 13 || b === 12) {
        if (b === 10) l++
        pos = 0
      } else if (b === 9) pos = (pos | 7) + 1
      else if (b >= 32 && b < 127) pos++
      if (pos > L) L = pos
    }
    return { l, w, c: data.length, L }
  }
  const unpadded = types.length === 1 && files.length <= 1
  const print = (cnt: Record<string, number>, name: string | null): void => {
    const cols = types.map((t, i) => (unpadded ? String(cnt[t]) : (i === 0 ? '' : ' ') + String(cnt[t]).padStart(9)))
    p.stdout.write(cols.join('') + (name === null ? '\n' : ` ${name}\n`))
  }
  if (files.length === 0) {
    const text = yield* readAll(p.stdin)
    print(count(utf8Encode(text)), null)
    return 0
  }
  for (const f of files) {
    const data = yield* readBytes(p, f)
    if (typeof data === 'number') {
      perror(p, f, data)
      status = 1
      continue
    }
    const cnt = count(data)
    for (const k of ['l', 'w', 'c'] as const) totals[k] += cnt[k]!
    totals.L = Math.max(totals.L!, cnt.L!)
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

interface SortKey {
  startField: number
  startChar: number
  endField: number
  endChar: number
  flags: string
}

/** A -k START[.OFS][OPTS][,END[.OFS][OPTS]] spec, or null if malformed. */
function parseSortKey(spec: string): SortKey | null {
  const m = /^(\d+)(?:\.(\d+))?([bdfgiMnrV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMnrV]*))?$/.exec(spec)
  if (!m || Number(m[1]) < 1) return null
  return {
    startField: Number(m[1]),
    startChar: m[2] ? Number(m[2]) : 1,
    endField: m[4] ? Number(m[4]) : 0,
    endChar: m[5] ? Number(m[5]) : 0,
    flags: (m[3] ?? '') + (m[6] ?? '')
  }
}

/**
 * busybox sort.c get_key(): the text of a key. Without -t a field starts
 * where the previous one ended, so it keeps its leading blanks.
 */
function sortKeyText(line: string, k: SortKey, sep: string | undefined): string {
  const fieldStart = (n: number): number => {
    let pos = 0
    for (let f = 1; f < n && pos < line.length; f++) {
      if (sep !== undefined) {
        const j = line.indexOf(sep, pos)
        pos = j < 0 ? line.length : j + 1
      } else {
        while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++
        while (pos < line.length && line[pos] !== ' ' && line[pos] !== '\t') pos++
      }
    }
    return pos
  }
  const fieldEnd = (n: number): number => {
    const st = fieldStart(n)
    if (sep !== undefined) {
      const j = line.indexOf(sep, st)
      return j < 0 ? line.length : j
    }
    let pos = st
    while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++
    while (pos < line.length && line[pos] !== ' ' && line[pos] !== '\t') pos++
    return pos
  }
  let start = fieldStart(k.startField)
  if (k.flags.includes('b')) while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++
  start = Math.min(line.length, start + k.startChar - 1)
  let end = line.length
  if (k.endField) end = k.endChar ? Math.min(line.length, fieldStart(k.endField) + k.endChar) : fieldEnd(k.endField)
  return start < end ? line.slice(start, end) : ''
}

/** The leading number of a string as busybox sort -n reads it: strtod() (blanks, sign, hex, exponent); 0 if none. */
function sortNumber(s: string): number {
  const h = /^[ \t\n]*([-+]?)0[xX]([0-9a-fA-F]+)/.exec(s)
  if (h) return (h[1] === '-' ? -1 : 1) * parseInt(h[2]!, 16)
  const m = /^[ \t\n]*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(s)
  const v = m ? parseFloat(m[1]!) : NaN
  return Number.isNaN(v) ? 0 : v
}

export function* sort(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'sort', 'nrugMcszbdfiVmo:k:t:S:T:', 2)
  if (bad !== null) return bad
  // -k may be given more than once.
  const keySpecs: string[] = []
  const argv = [p.argv[0]!]
  for (let i = 1; i < p.argv.length; i++) {
    const a = p.argv[i]!
    if (a === '-k') keySpecs.push(p.argv[++i] ?? '')
    else if (/^-k./.test(a)) keySpecs.push(a.slice(2))
    else argv.push(a)
  }
  const { flags, opts, args } = getopt(argv, 'toST')
  const sep = opts.get('t')
  const keys: SortKey[] = []
  for (const spec of keySpecs) {
    const k = parseSortKey(spec)
    if (!k) {
      errmsg(p, `unknown sort type`)
      return 2
    }
    keys.push(k)
  }
  let text = ''
  for (const f of args.length ? args : ['-']) {
    const t = yield* readInput(p, f)
    if (t === null) return 2
    text += flags.has('z') || t.endsWith('\n') || t === '' ? t : t + '\n'
  }
  // -z: records end in NUL, not newline.
  const eol = flags.has('z') ? '\0' : '\n'
  let lines = flags.has('z') ? text.split('\0') : splitLines(text)
  if (flags.has('z') && lines[lines.length - 1] === '') lines.pop()
  const global = [...'bdfgiMnrV'].filter((c) => flags.has(c)).join('')
  const cmpText = (a: string, b: string, fl: string): number => {
    if (fl.includes('b')) {
      a = a.replace(/^[ \t]+/, '')
      b = b.replace(/^[ \t]+/, '')
    }
    if (fl.includes('f')) {
      a = a.toUpperCase()
      b = b.toUpperCase()
    }
    if (fl.includes('n') || fl.includes('g')) {
      const d = sortNumber(a) - sortNumber(b)
      return d < 0 ? -1 : d > 0 ? 1 : 0
    }
    return byteCompare(a, b)
  }
  const cmpKeys = (a: string, b: string): number => {
    if (keys.length === 0) {
      const r = cmpText(a, b, global)
      return global.includes('r') ? -r : r
    }
    for (const k of keys) {
      // A key without its own options takes the global ones.
      const fl = /[bdfgiMnV]/.test(k.flags) ? k.flags : global + k.flags
      let r = cmpText(sortKeyText(a, k, sep), sortKeyText(b, k, sep), fl)
      if (fl.includes('r')) r = -r
      if (r) return r
    }
    return 0
  }
  const cmp = (a: string, b: string): number => {
    const r = cmpKeys(a, b)
    if (r || flags.has('s') || flags.has('u')) return r
    // The last resort: whole lines, reversed by a global -r.
    const l = byteCompare(a, b)
    return flags.has('r') ? -l : l
  }
  if (flags.has('c')) {
    for (let i = 1; i < lines.length; i++) {
      const r = cmp(lines[i - 1]!, lines[i]!)
      if (r > 0 || (r === 0 && flags.has('u'))) {
        p.stderr.write(`Check line ${i}\n`)
        return 1
      }
    }
    return 0
  }
  lines.sort(cmp)
  if (flags.has('u')) lines = lines.filter((l, i) => i === 0 || cmpKeys(lines[i - 1]!, l) !== 0)
  const out = lines.map((l) => l + eol).join('')
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

/** strcmp() on the UTF-8 bytes (code point order, as the C locale sorts). */
function byteCompare(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : 1
}

/**
 * uniq [-cdui] [-f N] [-s N] [-w N] [INPUT [OUTPUT]]: adjacent equal lines
 * once; the comparison skips N fields (-f), then N characters (-s) and looks
 * at most at N characters (-w).
 */
export function* uniq(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'uniq', 'cduif:s:w:')
  if (bad !== null) return bad
  const { flags, opts, args } = getopt(p.argv, 'fsw')
  const nums: Record<string, number> = { f: 0, s: 0, w: Infinity }
  for (const k of ['f', 's', 'w']) {
    const v = opts.get(k)
    if (v === undefined) continue
    const n = xatou(p, v)
    if (n === null) return 1
    nums[k] = n
  }
  const text = yield* readInput(p, args[0] ?? '-', true)
  if (text === null) return 1
  const keyOf = (line: string): string => {
    let k = line
    for (let f = 0; f < nums.f!; f++) k = k.replace(/^[ \t]*[^ \t]*/, '')
    k = k.slice(nums.s).slice(0, nums.w)
    return flags.has('i') ? k.toLowerCase() : k
  }
  const lines = splitLines(text)
  let out = ''
  for (let i = 0; i < lines.length; ) {
    let j = i + 1
    const key = keyOf(lines[i]!)
    while (j < lines.length && keyOf(lines[j]!) === key) j++
    const n = j - i
    if ((!flags.has('d') || n > 1) && (!flags.has('u') || n === 1)) out += (flags.has('c') ? `${String(n).padStart(7)} ` : '') + lines[i] + '\n'
    i = j
  }
  if (args[1] !== undefined) {
    try {
      p.sys.vfs.writeFile(args[1], out, { cwd: p.cwd })
    } catch (e) {
      perror(p, `can't open '${args[1]}'`, errnoOf(e))
      return 1
    }
  } else p.stdout.write(out)
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

/**
 * cut -b/-c LIST (bytes: Unicode support is off on the reference board), or
 * -f LIST with -d SEP, -O OUTSEP and -s; lines without the delimiter pass
 * unless -s.
 */
export function* cut(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'cut', 'b:c:d:O:Df:F:sn')
  if (bad !== null) return bad
  const { flags, opts, args } = getopt(p.argv, 'dfcbOF')
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
  const outDelim = opts.get('O') ?? delim
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
        out += line.split(delim).filter((_x, i) => inList(i + 1)).join(outDelim) + '\n'
      } else {
        out += utf8Decode(utf8Encode(line).filter((_x, i) => inList(i + 1))) + '\n'
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
  const bad = rejectOptions(p, 'tr', 'Ccds')
  if (bad !== null) return bad
  const { flags, args } = getopt(p.argv)
  if (args.length < 1 || (!flags.has('d') && !flags.has('s') && args.length < 2)) {
    return showUsage(p, 'tr')
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
  // Options only before the first operand ("seq 10 -2 1" counts down; "seq -w -5 5" is an invalid option).
  let end = 1
  while (end < p.argv.length && /^-./.test(p.argv[end]!) && p.argv[end] !== '--') end += /^-[^-]*s$/.test(p.argv[end]!) ? 2 : 1
  const bad = rejectOptions(p, 'seq', 'ws:', 1, [], p.argv.slice(0, end))
  if (bad !== null) return bad
  const { flags, opts } = getopt(p.argv.slice(0, end), 's')
  const nums = p.argv.slice(p.argv[end] === '--' ? end + 1 : end)
  const vals = nums.map(Number)
  // busybox seq shows its usage for a missing or non-numeric operand.
  if (nums.length < 1 || nums.length > 3 || nums.some((a, i) => a.trim() === '' || !Number.isFinite(vals[i]))) return showUsage(p, 'seq')
  const [first, inc, last] = vals.length === 1 ? [1, 1, vals[0]!] : vals.length === 2 ? [vals[0]!, 1, vals[1]!] : [vals[0]!, vals[1]!, vals[2]!]
  const sep = opts.get('s') ?? '\n'
  const decimals = Math.max(...nums.map((a) => (a.includes('.') ? a.split('.')[1]!.length : 0)))
  // -w: the width of the widest integer part among all the operands (busybox seq.c)
  const width = flags.has('w') ? Math.max(...nums.map((a) => (a.includes('.') ? a.indexOf('.') : a.length))) : 0
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

/** Whether a command name would be found (a path, or a file in a $PATH directory). */
function commandExists(p: Proc, name: string): boolean {
  const vfs = p.sys.vfs
  if (name.includes('/')) return vfs.exists(name, p.cwd)
  return (p.env.PATH ?? '/bin:/sbin:/usr/bin:/usr/sbin').split(':').some((d) => vfs.exists(`${d || '.'}/${name}`, p.cwd))
}

/**
 * xargs [-0rt] [-n N] [-I STR] [-s N] [CMD [ARG]...]: run CMD (echo) with the
 * words of stdin (quotes and backslashes as busybox takes them; -0 splits on
 * NUL only). Options end at the command.
 */
export function* xargs(p: Proc): CommandGen {
  let end = 1
  while (end < p.argv.length && p.argv[end]!.startsWith('-') && p.argv[end] !== '-') {
    if (p.argv[end] === '--') break
    // an option taking its value in the next word
    if (/^-[^-]*[nIsEPL]$/.test(p.argv[end]!)) end++
    end++
  }
  const optArgv = p.argv.slice(0, end)
  const bad = rejectOptions(p, 'xargs', 'prtx0n:s:I:E:P:', 1, [], optArgv)
  if (bad !== null) return bad
  const { flags, opts } = getopt(optArgv, 'nIsEP')
  const rest = p.argv.slice(p.argv[end] === '--' ? end + 1 : end)
  const cmd = rest.length ? rest : ['echo']
  const text = yield* readAll(p.stdin)
  let words: string[]
  if (flags.has('0')) {
    words = text.split('\0')
    if (words[words.length - 1] === '') words.pop()
  } else words = text.match(/"[^"]*"|'[^']*'|(?:\\.|[^\s])+/g)?.map((w) => w.replace(/^["']|["']$/g, '').replace(/\\(.)/g, '$1')) ?? []
  const n = opts.has('n') ? Math.max(1, Number(opts.get('n'))) : Infinity
  const repl = opts.get('I')
  if (!commandExists(p, cmd[0]!)) {
    errmsg(p, `${cmd[0]}: No such file or directory`)
    return 127
  }
  let status = 0
  if (repl !== undefined) {
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const argv = cmd.map((a) => a.split(repl).join(line))
      if (flags.has('t')) p.stderr.write(argv.join(' ') + '\n')
      const s = yield* p.exec(argv)
      if (s !== 0) status = 123
    }
    return status
  }
  if (words.length === 0 && flags.has('r')) return 0
  for (let i = 0; i < Math.max(1, words.length); i += n === Infinity ? Math.max(1, words.length) : n) {
    const argv = [...cmd, ...words.slice(i, n === Infinity ? undefined : i + n)]
    if (flags.has('t')) p.stderr.write(argv.join(' ') + '\n')
    const s = yield* p.exec(argv)
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
  const bad = rejectOptions(p, 'paste', 'd:s')
  if (bad !== null) return bad
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

/** Lines with their newlines ('x\n', and a last one without): what tac and rev keep as they are. */
function rawLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/** tac [FILE]...: each file's lines last to first (a last line without newline stays without). */
export function* tac(p: Proc): CommandGen {
  let status = 0
  for (const f of p.argv.length > 1 ? p.argv.slice(1) : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    p.stdout.write(rawLines(text).reverse().join(''))
  }
  return status
}

/** rev [FILE]...: each line's characters reversed (util-linux/rev.c, Unicode-aware), the newline kept at the end. */
export function* rev(p: Proc): CommandGen {
  let status = 0
  for (const f of p.argv.length > 1 ? p.argv.slice(1) : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    p.stdout.write(
      rawLines(text)
        .map((l) => {
          const nl = l.endsWith('\n')
          const body = nl ? l.slice(0, -1) : l
          return [...body].reverse().join('') + (nl ? '\n' : '')
        })
        .join('')
    )
  }
  return status
}

/** An unsigned number as busybox's xatou() takes it, or null after "applet: invalid number 'x'". */
function xatou(p: Proc, s: string): number | null {
  if (!/^\d+$/.test(s) || Number(s) > 0xffffffff) {
    errmsg(p, `invalid number '${s}'`)
    return null
  }
  return Number(s)
}

/**
 * nl [-b STYLE] [-i N] [-s STRING] [-v N] [-w N] [FILE]... (libbb's
 * print_numbered_lines): "%*u%s%s\n"; an unnumbered line gets width+sep
 * spaces; the numbers go on across files.
 */
export function* nl(p: Proc): CommandGen {
  const { opts, args, bad } = getopt(p.argv, 'bisvw')
  if (bad) {
    errmsg(p, `option requires an argument -- '${bad}'`)
    return 1
  }
  const style = opts.get('b') ?? 't'
  const sep = opts.get('s') ?? '\t'
  let width = 6
  let n = 1
  let inc = 1
  for (const [k, set] of [['w', (v: number) => (width = v)], ['v', (v: number) => (n = v)], ['i', (v: number) => (inc = v)]] as const) {
    const s = opts.get(k)
    if (s === undefined) continue
    const v = xatou(p, s)
    if (v === null) return 1
    set(v)
  }
  const blank = ' '.repeat(width + sep.length)
  let status = 0
  for (const f of args.length ? args : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    let out = ''
    for (const line of splitLines(text)) {
      if (style === 'a' || (style === 't' && line !== '')) {
        out += String(n).padStart(width) + sep + line + '\n'
        n = (n + inc) >>> 0
      } else out += blank + line + '\n'
    }
    p.stdout.write(out)
  }
  return status
}

/**
 * fold [-bs] [-w WIDTH] [FILE]... (coreutils/fold.c): a line longer than
 * WIDTH columns breaks before the character that would pass it (with -s after
 * the last blank); tabs go to the next multiple of 8, \b steps back, \r to 0.
 * A UTF-8 character counts its bytes, as busybox without Unicode support
 * does, but is never split.
 */
export function* fold(p: Proc): CommandGen {
  // -NUM is -w NUM (busybox rewrites "-72" to "-w72").
  const argv = p.argv.map((a, i) => (i > 0 && /^-\d+$/.test(a) ? '-w' + a.slice(1) : a))
  const { flags, opts, args, bad } = getopt(argv, 'w')
  if (bad) {
    errmsg(p, `option requires an argument -- '${bad}'`)
    return 1
  }
  let width = 80
  if (opts.has('w')) {
    const v = xatou(p, opts.get('w')!)
    if (v === null) return 1
    if (v < 1 || v > 10000) {
      errmsg(p, `number ${v} is not in 1..10000 range`)
      return 1
    }
    width = v
  }
  const bytes = flags.has('b')
  const adjust = (col: number, c: string): number => {
    if (bytes) return col + utf8Len(c)
    if (c === '\t') return col + 8 - (col % 8)
    if (c === '\b') return Math.max(0, col - 1)
    if (c === '\r') return 0
    // Unicode support is off on the reference board (no LANG): each byte is a column.
    return col + utf8Len(c)
  }
  let status = 0
  for (const f of args.length ? args : ['-']) {
    const text = yield* readInput(p, f)
    if (text === null) {
      status = 1
      continue
    }
    let out = ''
    let line: string[] = []
    let col = 0
    for (const c of text) {
      if (c === '\n') {
        out += line.join('') + '\n'
        line = []
        col = 0
        continue
      }
      for (;;) {
        col = adjust(col, c)
        if (col <= width) break
        if (flags.has('s')) {
          let end = line.length - 1
          while (end >= 0 && line[end] !== ' ' && line[end] !== '\t') end--
          if (end >= 0) {
            out += line.slice(0, end + 1).join('') + '\n'
            line = line.slice(end + 1)
            col = line.reduce(adjust, 0)
            continue
          }
        }
        if (line.length === 0) break
        out += line.join('') + '\n'
        line = []
        col = 0
      }
      line.push(c)
    }
    out += line.join('')
    p.stdout.write(out)
  }
  return status
}
