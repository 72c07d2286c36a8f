/*
 * Applets that look at bytes rather than lines, as busybox 1.35 has them:
 * od (coreutils/od_bloaty.c, the DESKTOP od), strings (miscutils/strings.c)
 * and md5sum/sha1sum/sha256sum/sha512sum (coreutils/md5_sha1_sum.c).
 * Files are read as bytes from the VFS; stdin is text, so a pipe gives its
 * UTF-8 encoding (see README: pipes of binary data are not byte-exact).
 */

import { EISDIR, errnoOf } from '../../fs/errno'
import { utf8Decode, utf8Encode } from '../../fs/utf8'
import { errmsg, perror, readChunk } from '../io'
import type { CommandGen, Proc, Wait } from '../types'
import { DIGESTS, type DigestName } from './digest'
import { showUsage } from './usage'

/**
 * A file's bytes (stdin's for '-'), at most `limit` of them, or the errno
 * that open/read failed with (strings, the digests, wc; od and hexdump
 * stream with streamBlocks instead).
 */
export function* readBytes(p: Proc, name: string, limit = Infinity): Generator<Wait, Uint8Array | number, void> {
  const parts: Uint8Array[] = []
  let total = 0
  if (name === '-') {
    while (total < limit) {
      const d = yield* readChunk(p.stdin)
      if (d === null) break
      const b = utf8Encode(d)
      parts.push(b)
      total += b.length
    }
  } else {
    try {
      const f = p.sys.vfs.open(name, { read: true }, p.cwd)
      try {
        while (total < limit && total < 256 * 1024 * 1024) {
          const d = f.read(Math.min(65536, limit - total))
          if (d === null) {
            yield { kind: 'yield' }
            continue
          }
          if (d.length === 0) break
          parts.push(d)
          total += d.length
          if (parts.length % 16 === 0) yield { kind: 'yield' }
        }
      } finally {
        f.close()
      }
    } catch (e) {
      return errnoOf(e)
    }
  }
  const all = new Uint8Array(Math.min(total, limit))
  let o = 0
  for (const x of parts) {
    const n = Math.min(x.length, all.length - o)
    all.set(x.subarray(0, n), o)
    o += n
  }
  return all
}

/**
 * getopt32's walk over the option clusters of argv, in order: a letter of
 * `withArg` takes the rest of its word or the next word, one of `attachedArg`
 * only the rest of its word ('' if none). `onOpt` sees each letter with its
 * argument and returns a status to stop with (an unknown letter), or
 * undefined. Returns the operands, or the status; a missing argument gives
 * busybox's message and the usage.
 */
function walkOpts(
  p: Proc,
  applet: string,
  withArg: string,
  attachedArg: string,
  onOpt: (c: string, v: string | undefined) => number | undefined
): string[] | number {
  const args: string[] = []
  const argv = p.argv
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (!a.startsWith('-') || a === '-') {
      args.push(a)
      continue
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!
      let v: string | undefined
      if (attachedArg.includes(c)) v = a.slice(j + 1)
      else if (withArg.includes(c)) {
        v = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
        if (v === undefined) {
          errmsg(p, `option requires an argument -- '${c}'`)
          return showUsage(p, applet)
        }
      }
      const stop = onOpt(c, v)
      if (stop !== undefined) return stop
      if (v !== undefined) break
    }
  }
  return args
}

/** Flags and options of an applet whose options' order does not matter: null after an error message. */
function parseOpts(
  p: Proc,
  flagChars: string,
  withArg: string,
  applet: string
): { flags: Set<string>; opts: Map<string, string[]>; args: string[] } | null {
  const flags = new Set<string>()
  const opts = new Map<string, string[]>()
  const args = walkOpts(p, applet, withArg, '', (c, v) => {
    if (v !== undefined) opts.set(c, [...(opts.get(c) ?? []), v])
    else if (flagChars.includes(c)) flags.add(c)
    else {
      errmsg(p, `invalid option -- '${c}'`)
      return showUsage(p, applet)
    }
    return undefined
  })
  return typeof args === 'number' ? null : { flags, opts, args }
}

/** xatou_range-style number: decimal, 0x hex or 0 octal; null if not a number. */
function parseNum(s: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16)
  if (/^0[0-7]+$/.test(s)) return parseInt(s, 8)
  if (/^\d+$/.test(s)) return Number(s)
  return null
}

/** busybox xstrtou_sfx with od's suffixes (b 512, k 1024, m 1048576 ...); null if invalid. */
function parseSize(s: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)(b|k|m|kB|KB|K|MB|M|kD|MD|G|GB|GD)?$/.exec(s)
  if (!m) return null
  const n = parseNum(m[1]!)
  if (n === null) return null
  const mult: Record<string, number> = { b: 512, k: 1024, m: 1048576, kB: 1024, KB: 1024, K: 1024, MB: 1048576, M: 1048576, kD: 1000, MD: 1000000, G: 1 << 30, GB: 1 << 30, GD: 1e9 }
  return n * (m[2] ? mult[m[2]]! : 1)
}

// ---- od ---------------------------------------------------------------------

interface OdSpec {
  kind: 'd' | 'u' | 'o' | 'x' | 'c' | 'a' | 'f'
  size: number
  /** Printed field width (without the space before it). */
  width: number
}

const ASCII_NAMES = [
  'nul', 'soh', 'stx', 'etx', 'eot', 'enq', 'ack', 'bel', 'bs', 'ht', 'nl', 'vt', 'ff', 'cr', 'so', 'si',
  'dle', 'dc1', 'dc2', 'dc3', 'dc4', 'nak', 'syn', 'etb', 'can', 'em', 'sub', 'esc', 'fs', 'gs', 'rs', 'us', 'sp'
]
const SIGNED_DIGITS = [0, 4, 6, 0, 11, 0, 0, 0, 20]
const UNSIGNED_DIGITS = [0, 3, 5, 0, 10, 0, 0, 0, 20]
const OCT_DIGITS = [0, 3, 6, 0, 11, 0, 0, 0, 22]

/** od's -t TYPE string (several types may follow each other: "x1c"); an error message or the specs. */
function odTypes(s: string): OdSpec[] | string {
  const specs: OdSpec[] = []
  let i = 0
  while (i < s.length) {
    const k = s[i++]!
    if (k === 'a' || k === 'c') {
      specs.push({ kind: k, size: 1, width: 3 })
      continue
    }
    if (k === 'f') {
      let size = 8
      const c = s[i]
      if (c === 'F') (size = 4), i++
      else if (c === 'D' || c === 'L') (size = 8), i++
      else if (c !== undefined && /\d/.test(c)) {
        const m = /^\d+/.exec(s.slice(i))!
        size = Number(m[0])
        i += m[0].length
        if (size !== 4 && size !== 8) return `invalid type string '${s}'; ${size}-byte floating point type is not supported`
      }
      specs.push({ kind: 'f', size, width: size === 4 ? 15 : 23 })
      continue
    }
    if (!'doux'.includes(k)) return `invalid character '${k}' in type string '${s}'`
    let size = 4
    const c = s[i]
    if (c === 'C') (size = 1), i++
    else if (c === 'S') (size = 2), i++
    else if (c === 'I' || c === 'L') (size = 4), i++ // ARM: int and long are 4 bytes
    else if (c !== undefined && /\d/.test(c)) {
      const m = /^\d+/.exec(s.slice(i))!
      size = Number(m[0])
      i += m[0].length
      if (![1, 2, 4, 8].includes(size)) return `invalid type string '${s}'; ${size}-byte integral type is not supported`
    }
    const kind = k as 'd' | 'o' | 'u' | 'x'
    const width = kind === 'd' ? SIGNED_DIGITS[size]! : kind === 'u' ? UNSIGNED_DIGITS[size]! : kind === 'o' ? OCT_DIGITS[size]! : size * 2
    specs.push({ kind, size, width })
  }
  return specs
}

/** C's %W.Pe: the exponent has at least two digits. */
function cExp(v: number, prec: number, width: number): string {
  let s: string
  if (Number.isNaN(v)) s = v < 0 ? '-nan' : 'nan'
  else if (!Number.isFinite(v)) s = v < 0 ? '-inf' : 'inf'
  else s = v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2')
  return s.padStart(width)
}

function odField(spec: OdSpec, v: DataView, off: number): string {
  const { kind, size, width } = spec
  if (kind === 'c') {
    const c = v.getUint8(off)
    const esc: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }
    const s = esc[c] ?? (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : c.toString(8).padStart(3, '0'))
    return ' ' + s.padStart(3)
  }
  if (kind === 'a') {
    const c = v.getUint8(off) & 0x7f
    const s = c <= 0x20 ? ASCII_NAMES[c]! : c === 0x7f ? 'del' : String.fromCharCode(c)
    return ' ' + s.padStart(3)
  }
  if (kind === 'f') return ' ' + (size === 4 ? cExp(v.getFloat32(off, true), 7, width) : cExp(v.getFloat64(off, true), 15, width))
  let n: bigint | number
  if (size === 1) n = kind === 'd' ? v.getInt8(off) : v.getUint8(off)
  else if (size === 2) n = kind === 'd' ? v.getInt16(off, true) : v.getUint16(off, true)
  else if (size === 4) n = kind === 'd' ? v.getInt32(off, true) : v.getUint32(off, true)
  else n = kind === 'd' ? v.getBigInt64(off, true) : v.getBigUint64(off, true)
  if (kind === 'o') return ' ' + n.toString(8).padStart(width, '0')
  if (kind === 'x') return ' ' + n.toString(16).padStart(width, '0')
  return ' ' + n.toString().padStart(width)
}

/**
 * od [-abcdfhilovxs] [-t TYPE] [-A RADIX] [-N SIZE] [-j SKIP] [-w[WIDTH]] [FILE]...:
 * the input (files concatenated) in blocks of 16 bytes, one line per type,
 * a repeated block as '*' (unless -v), and the end offset last.
 */
export function* od(p: Proc): CommandGen {
  const specs: OdSpec[] = []
  let radix = 'o'
  let limit = Infinity
  let skip = 0
  let perLine = 16
  let verbose = false
  const legacy: Record<string, string> = { a: 'a', b: 'oC', c: 'c', d: 'u2', f: 'fF', h: 'x2', i: 'd2', l: 'd4', o: 'o2', x: 'x2', s: 'd2' }
  const addTypes = (t: string): boolean => {
    const r = odTypes(t)
    if (typeof r === 'string') {
      errmsg(p, r)
      return false
    }
    specs.push(...r)
    return true
  }
  const args = walkOpts(p, 'od', 'AtNjS', 'w', (c, v) => {
    if (c === 'w') {
      // -w takes an optional argument, attached only.
      if (v === '') perLine = 32
      else {
        const n = parseNum(v!)
        if (n === null) {
          errmsg(p, `invalid number '${v}'`)
          return 1
        }
        perLine = n
      }
    } else if (c === 'A') {
      if (!'doxn'.includes(v![0] ?? '?') || v!.length !== 1) {
        errmsg(p, `bad output address radix '${v![0] ?? ''}' (must be [doxn])`)
        return 1
      }
      radix = v!
    } else if (c === 't') {
      if (!addTypes(v!)) return 1
    } else if (c === 'N' || c === 'j') {
      const n = parseSize(v!)
      if (n === null) {
        errmsg(p, `invalid number '${v}'`)
        return 1
      }
      if (c === 'N') limit = n
      else skip = n
    } else if (c === 'v') verbose = true
    else if (c !== 'S') {
      const t = legacy[c]
      if (t === undefined) {
        errmsg(p, `invalid option -- '${c}'`)
        return showUsage(p, 'od')
      }
      addTypes(t)
    }
    return undefined
  })
  if (typeof args === 'number') return args
  if (specs.length === 0) addTypes('o2')
  const addrWidth = radix === 'x' ? 6 : radix === 'n' ? 0 : 7
  const addr = (n: number): string =>
    radix === 'x' ? n.toString(16).padStart(6, '0') : radix === 'd' ? String(n).padStart(7, '0') : radix === 'o' ? n.toString(8).padStart(7, '0') : ''
  const lcm = specs.reduce((m, s) => (m % s.size === 0 ? m : s.size % m === 0 ? s.size : m * s.size), 1)
  let out = ''
  let prev: Uint8Array | null = null
  let starred = false
  let closed = false
  // The files as one stream, block by block (od /dev/urandom | head must not read it all first).
  const r = yield* streamBlocks(p, args.length ? args : ['-'], skip, limit, perLine, (block, off) => {
    if (!verbose && prev && block.length === perLine && prev.length === perLine && block.every((b, k) => b === prev![k])) {
      if (!starred) out += '*\n'
      starred = true
      return true
    }
    starred = false
    prev = block
    // A short last block is padded with zeros to a multiple of the largest type.
    const len = Math.ceil(block.length / lcm) * lcm
    const buf = new Uint8Array(len)
    buf.set(block)
    const view = new DataView(buf.buffer)
    specs.forEach((s, k) => {
      out += k === 0 ? addr(off) : ' '.repeat(addrWidth)
      for (let o = 0; o + s.size <= len; o += s.size) out += odField(s, view, o)
      out += '\n'
    })
    if (out.length > 16384) {
      closed = !p.stdout.write(out)
      out = ''
    }
    return !closed
  })
  if (closed) return 1
  if (r.opened === 0) return 1
  if (r.short) {
    p.stdout.write(out)
    errmsg(p, "can't skip past end of combined input")
    return 1
  }
  if (radix !== 'n') out += addr(r.end) + '\n'
  p.stdout.write(out)
  return r.failed ? 1 : 0
}

/**
 * FILES (stdin for '-') as one stream from byte `skip`, at most `limit`
 * bytes, handed to `block` in pieces of `size` bytes (the last may be
 * shorter) with their offsets, reading as the blocks are consumed; `block`
 * returns false to stop. A file that cannot be opened gets
 * "applet: FILE: error" and is left out.
 */
export function* streamBlocks(
  p: Proc,
  files: string[],
  skip: number,
  limit: number,
  size: number,
  block: (b: Uint8Array, offset: number) => boolean
): Generator<Wait, { opened: number; failed: boolean; end: number; short: boolean; stopped: boolean }, void> {
  const pending = new Uint8Array(size)
  let count = 0
  let offset = skip
  let skipLeft = skip
  let remaining = limit
  let opened = 0
  let failed = false
  let stopped = false
  const feed = (d: Uint8Array): boolean => {
    let i = 0
    if (skipLeft > 0) {
      i = Math.min(skipLeft, d.length)
      skipLeft -= i
    }
    while (i < d.length && remaining > 0) {
      const n = Math.min(size - count, d.length - i, remaining)
      pending.set(d.subarray(i, i + n), count)
      count += n
      i += n
      remaining -= n
      if (count === size) {
        const ok = block(pending.slice(), offset)
        offset += size
        count = 0
        if (!ok) return false
      }
    }
    return remaining > 0
  }
  for (const f of files) {
    if (remaining <= 0 || stopped) break
    if (f === '-') {
      opened++
      for (;;) {
        const d = yield* readChunk(p.stdin)
        if (d === null) break
        if (!feed(utf8Encode(d))) {
          stopped = remaining > 0
          break
        }
      }
      continue
    }
    let file
    try {
      file = p.sys.vfs.open(f, { read: true }, p.cwd)
    } catch (e) {
      perror(p, f, errnoOf(e))
      failed = true
      continue
    }
    opened++
    try {
      for (;;) {
        let d: Uint8Array | null
        try {
          d = file.read(65536)
        } catch (e) {
          perror(p, f, errnoOf(e))
          failed = true
          break
        }
        if (d === null) {
          yield { kind: 'yield' }
          continue
        }
        if (d.length === 0) break
        if (!feed(d)) {
          stopped = remaining > 0
          break
        }
        yield { kind: 'yield' }
      }
    } finally {
      file.close()
    }
  }
  if (count > 0 && !stopped) {
    block(pending.slice(0, count), offset)
    offset += count
  }
  // A skip past the end leaves the offset at the end of the input.
  return { opened, failed, end: skipLeft > 0 ? skip - skipLeft : offset, short: skipLeft > 0, stopped }
}

// ---- strings -------------------------------------------------------------------

/** strings [-fo] [-t o|d|x] [-n LEN] [FILE]...: runs of at least LEN printable ASCII characters (or tabs). */
export function* strings(p: Proc): CommandGen {
  const o = parseOpts(p, 'afo', 'nt', 'strings')
  if (!o) return 1
  let min = 4
  if (o.opts.has('n')) {
    const s = o.opts.get('n')!.at(-1)!
    const n = /^\d+$/.test(s) ? Number(s) : NaN
    if (Number.isNaN(n)) {
      errmsg(p, `invalid number '${s}'`)
      return 1
    }
    if (n < 1 || n > 2147483647) {
      errmsg(p, `number ${n} is not in 1..2147483647 range`)
      return 1
    }
    min = n
  }
  let base = o.flags.has('o') ? 8 : 0
  if (o.opts.has('t')) {
    const t = o.opts.get('t')!.at(-1)!
    base = t === 'o' ? 8 : t === 'd' ? 10 : t === 'x' ? 16 : -1
    if (base < 0) return showUsage(p, 'strings')
  }
  let status = 0
  for (const f of o.args.length ? o.args : ['-']) {
    const data = yield* readBytes(p, f)
    if (typeof data === 'number') {
      perror(p, f, data)
      status = 1
      continue
    }
    const name = f === '-' ? '{stdin}' : f
    let out = ''
    let start = -1
    for (let i = 0; i <= data.length; i++) {
      const c = i < data.length ? data[i]! : -1
      if (c === 9 || (c >= 0x20 && c < 0x7f)) {
        if (start < 0) start = i
        continue
      }
      if (start >= 0 && i - start >= min) {
        out += o.flags.has('f') ? `${name}: ` : ''
        if (base) out += start.toString(base).padStart(7) + ' '
        out += utf8Decode(data.subarray(start, i)) + '\n'
      }
      start = -1
    }
    p.stdout.write(out)
    yield { kind: 'yield' }
  }
  return status
}

// ---- md5sum, sha1sum, sha256sum, sha512sum -------------------------------------

/** The *sum applets: the digest of each file, or (-c) check the lines "DIGEST  FILE" of the given lists. */
function* hashSum(p: Proc, algo: DigestName): CommandGen {
  const o = parseOpts(p, 'csw', '', `${algo}sum`)
  if (!o) return 1
  const files = o.args.length ? o.args : ['-']
  const digest = DIGESTS[algo]
  // hash_file(): the hex digest, or null after "can't open 'f': error".
  const hashFile = function* (f: string): Generator<Wait, string | null, void> {
    const d = yield* readBytes(p, f)
    if (typeof d === 'number') {
      // open() of a directory succeeds; its read() fails.
      perror(p, `can't ${d === EISDIR ? 'read' : 'open'} '${f}'`, d)
      return null
    }
    return digest(d)
  }
  let status = 0
  if (!o.flags.has('c')) {
    if (o.flags.has('s') || o.flags.has('w')) return showUsage(p, `${algo}sum`)
    for (const f of files) {
      const h = yield* hashFile(f)
      if (h === null) {
        status = 1
        continue
      }
      p.stdout.write(`${h}  ${f}\n`)
    }
    return status
  }
  const silent = o.flags.has('s')
  for (const list of files) {
    const text = yield* readBytes(p, list)
    if (typeof text === 'number') {
      perror(p, list, text)
      status = 1
      continue
    }
    let failed = 0
    let total = 0
    const lines = utf8Decode(text).split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    for (const line of lines) {
      total++
      let sp = line.indexOf('  ')
      if (sp < 0) sp = line.indexOf(' *')
      if (sp < 0) {
        if (o.flags.has('w')) errmsg(p, 'invalid format')
        failed++
        status = 1
        continue
      }
      const name = line.slice(sp + 2)
      const h = yield* hashFile(name)
      if (h !== null && h === line.slice(0, sp)) {
        if (!silent) p.stdout.write(`${name}: OK\n`)
      } else {
        if (!silent) p.stdout.write(`${name}: FAILED\n`)
        failed++
        status = 1
      }
    }
    if (failed && !silent) errmsg(p, `WARNING: ${failed} of ${total} computed checksums did NOT match`)
  }
  return status
}

export const md5sum = (p: Proc): CommandGen => hashSum(p, 'md5')
export const sha1sum = (p: Proc): CommandGen => hashSum(p, 'sha1')
export const sha256sum = (p: Proc): CommandGen => hashSum(p, 'sha256')
export const sha512sum = (p: Proc): CommandGen => hashSum(p, 'sha512')
