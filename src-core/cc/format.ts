/*
 * printf-family formatting as glibc does it (vfprintf), reading arguments
 * the way ARM code would: from AAPCS variadic slots via VaList. So `%lu` of
 * an int reads one 4-byte slot, `%lld` aligns to 8 and reads two.
 *
 * Output is bytes (C strings are bytes); `%s` copies the bytes unchanged.
 */

import type { CMemory } from './run'
import type { VaList } from './run'

export interface FormatArgs {
  int(): number
  uint(): number
  i64(): bigint
  double(): number
}

const enc = (s: string): number[] => {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 255)
  return out
}

/** Format with glibc semantics. `fmt` and `%s` strings are read from memory as bytes. */
export function formatC(mem: CMemory, fmtAddr: number, va: VaList | FormatArgs): number[] {
  const out: number[] = []
  const rd = (a: number): number => mem.load8(a >>> 0)
  let p = fmtAddr >>> 0
  for (;;) {
    const c = rd(p++)
    if (c === 0) break
    if (c !== 37) {
      out.push(c)
      continue
    }
    // %[flags][width][.prec][len]conv
    let minus = false, plus = false, space = false, alt = false, zero = false
    for (;;) {
      const f = rd(p)
      if (f === 45) minus = true
      else if (f === 43) plus = true
      else if (f === 32) space = true
      else if (f === 35) alt = true
      else if (f === 48) zero = true
      else if (f === 39) { /* thousands grouping: C locale has none */ }
      else break
      p++
    }
    let width = -1
    if (rd(p) === 42) {
      p++
      width = va.int()
      if (width < 0) {
        minus = true
        width = -width
      }
    } else {
      while (rd(p) >= 48 && rd(p) <= 57) width = (width < 0 ? 0 : width * 10) + (rd(p++) - 48)
    }
    let prec = -1
    if (rd(p) === 46) {
      p++
      prec = 0
      if (rd(p) === 42) {
        p++
        prec = va.int()
        if (prec < 0) prec = -1
      } else while (rd(p) >= 48 && rd(p) <= 57) prec = prec * 10 + (rd(p++) - 48)
    }
    let len = ''
    for (;;) {
      const l = String.fromCharCode(rd(p))
      if ('hlLqjzt'.includes(l) && l !== '\0') {
        len += l
        p++
      } else break
    }
    const conv = String.fromCharCode(rd(p++))
    if (conv === '\0') {
      p--
      break
    }
    const pad = (body: number[], prefix: number[] = [], numeric = false): void => {
      const total = body.length + prefix.length
      if (width > total) {
        if (minus) {
          out.push(...prefix, ...body)
          for (let i = total; i < width; i++) out.push(32)
          return
        }
        if (zero && numeric) {
          out.push(...prefix)
          for (let i = total; i < width; i++) out.push(48)
          out.push(...body)
          return
        }
        for (let i = total; i < width; i++) out.push(32)
      }
      out.push(...prefix, ...body)
    }
    const is64 = len === 'll' || len === 'q' || len === 'L' || len === 'j'
    switch (conv) {
      case 'd':
      case 'i': {
        let v: bigint
        if (is64) v = va.i64()
        else {
          let x = va.int()
          if (len === 'h') x = (x << 16) >> 16
          else if (len === 'hh') x = (x << 24) >> 24
          v = BigInt(x)
        }
        const neg = v < 0n
        let digits = (neg ? -v : v).toString()
        if (prec >= 0) {
          if (prec === 0 && v === 0n) digits = ''
          while (digits.length < prec) digits = '0' + digits
        }
        const sign = neg ? '-' : plus ? '+' : space ? ' ' : ''
        if (prec >= 0) zero = false
        pad(enc(digits), enc(sign), true)
        break
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        let v: bigint
        if (is64) v = BigInt.asUintN(64, va.i64())
        else {
          let x = va.uint()
          if (len === 'h') x &= 0xffff
          else if (len === 'hh') x &= 0xff
          v = BigInt(x)
        }
        const radix = conv === 'u' ? 10 : conv === 'o' ? 8 : 16
        let digits = v.toString(radix)
        if (conv === 'X') digits = digits.toUpperCase()
        if (prec >= 0) {
          if (prec === 0 && v === 0n) digits = ''
          while (digits.length < prec) digits = '0' + digits
          zero = false
        }
        let prefix = ''
        if (alt && conv === 'o' && digits[0] !== '0') digits = '0' + digits
        if (alt && (conv === 'x' || conv === 'X') && v !== 0n) prefix = conv === 'x' ? '0x' : '0X'
        pad(enc(digits), enc(prefix), true)
        break
      }
      case 'c': {
        const ch = va.int() & 255
        pad([ch])
        break
      }
      case 's': {
        const a = va.uint()
        let body: number[]
        if (a === 0) body = prec >= 0 && prec < 6 ? [] : enc('(null)')
        else {
          body = []
          for (let i = 0; prec < 0 || i < prec; i++) {
            const b = rd(a + i)
            if (b === 0) break
            body.push(b)
          }
        }
        pad(body)
        break
      }
      case 'p': {
        const a = va.uint()
        if (a === 0) pad(enc('(nil)'))
        else pad(enc(a.toString(16)), enc('0x'), true)
        break
      }
      case 'n': {
        const a = va.uint()
        mem.store32(a, out.length)
        break
      }
      case '%':
        out.push(37)
        break
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        const v = va.double()
        const s = formatFloat(v, conv, prec, alt)
        const neg = s.startsWith('-')
        const body = neg ? s.slice(1) : s
        const sign = neg ? '-' : plus ? '+' : space ? ' ' : ''
        pad(enc(body), enc(sign), Number.isFinite(v))
        break
      }
      default:
        // Unknown conversion: glibc prints it as is.
        out.push(37, ...enc(len), ...enc(conv))
    }
  }
  return out
}

/** %f %e %g %a of one double, glibc style (round-half-even on exact ties). */
export function formatFloat(v: number, conv: string, prec: number, alt: boolean): string {
  const upper = conv === conv.toUpperCase()
  const neg = v < 0 || Object.is(v, -0)
  const a = Math.abs(v)
  let s: string
  if (!Number.isFinite(v)) {
    s = Number.isNaN(v) ? 'nan' : 'inf'
    if (upper) s = s.toUpperCase()
    return (neg && !Number.isNaN(v) ? '-' : Number.isNaN(v) && neg ? '-' : '') + s
  }
  const lc = conv.toLowerCase()
  if (prec < 0) prec = lc === 'a' ? -1 : 6
  if (lc === 'f') s = toFixed(a, prec, alt)
  else if (lc === 'e') s = toExp(a, prec, alt)
  else if (lc === 'g') {
    const P = prec === 0 ? 1 : prec
    let X: number
    if (a === 0) X = 0
    else {
      const e = toExp(a, P - 1, false)
      X = Number(e.slice(e.indexOf('e') + 1))
    }
    if (P > X && X >= -4) s = toFixed(a, P - 1 - X, alt)
    else s = toExp(a, P - 1, alt)
    if (!alt) {
      // Strip trailing zeros of the fraction.
      const ei = s.indexOf('e')
      let mant = ei >= 0 ? s.slice(0, ei) : s
      const exp = ei >= 0 ? s.slice(ei) : ''
      if (mant.includes('.')) mant = mant.replace(/\.?0+$/, '')
      s = mant + exp
    }
  } else {
    s = hexFloat(a, prec)
  }
  if (upper) s = s.toUpperCase()
  return (neg ? '-' : '') + s
}

function toFixed(a: number, prec: number, alt: boolean): string {
  let s: string
  if (prec <= 100 && a < 1e21) s = a.toFixed(prec)
  else s = bigFixed(a, prec)
  s = fixTie(a, prec, s)
  if (alt && prec === 0) s += '.'
  return s
}

/** Exact decimal expansion for large values / precisions beyond toFixed's limits. */
function bigFixed(a: number, prec: number): string {
  // a = m * 2^e exactly.
  const [m, e] = decompose(a)
  let num = m
  let den = 1n
  if (e >= 0) num <<= BigInt(e)
  else den <<= BigInt(-e)
  const scale = 10n ** BigInt(prec)
  const scaled = num * scale
  let q = scaled / den
  const r = scaled % den
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n
  let digits = q.toString()
  if (prec > 0) {
    while (digits.length <= prec) digits = '0' + digits
    return digits.slice(0, -prec) + '.' + digits.slice(-prec)
  }
  return digits
}

function decompose(a: number): [bigint, number] {
  if (a === 0) return [0n, 0]
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, a)
  const hi = buf.getUint32(0)
  const lo = buf.getUint32(4)
  const exp = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  if (exp === 0) return [mant, -1074]
  mant |= 1n << 52n
  return [mant, exp - 1075]
}

/** JS rounds exact ties away from zero; glibc rounds them to even. */
function fixTie(a: number, prec: number, s: string): string {
  if (prec > 20) return s
  const [m, e] = decompose(a)
  if (e >= 0) return s
  // Is a * 10^prec exactly k + 0.5?
  const num = m * 10n ** BigInt(prec) * 2n
  const den = 1n << BigInt(-e)
  if (num % den !== 0n) return s
  const twice = num / den
  if (twice % 2n === 0n) return s // not a tie
  return bigFixed(a, prec)
}

function toExp(a: number, prec: number, alt: boolean): string {
  let mant: string
  let exp: number
  if (a === 0) {
    mant = prec > 0 ? '0.' + '0'.repeat(prec) : '0'
    exp = 0
  } else {
    // Exact: a = m * 2^e; scale to prec+1 significant digits and round half to even (glibc).
    const [m, e] = decompose(a)
    let x = Number(a.toExponential(Math.min(prec, 100)).split('e')[1])
    let digits = ''
    for (let attempt = 0; attempt < 2; attempt++) {
      const shift = prec - x // multiply by 10^shift
      let num = m
      let den = 1n
      if (e >= 0) num <<= BigInt(e)
      else den <<= BigInt(-e)
      if (shift >= 0) num *= 10n ** BigInt(shift)
      else den *= 10n ** BigInt(-shift)
      let q = num / den
      const r = num % den
      if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n
      digits = q.toString()
      if (digits.length === prec + 1) break
      if (digits.length > prec + 1) {
        // Rounded up to a power of ten: one more exponent.
        x++
        digits = digits.slice(0, prec + 1)
        break
      }
      x--
    }
    mant = digits[0] + (prec > 0 ? '.' + digits.slice(1) : '')
    exp = x
  }
  if (alt && prec === 0) mant += '.'
  const es = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp))
  return `${mant}e${exp < 0 ? '-' : '+'}${es}`
}

function hexFloat(a: number, prec: number): string {
  if (a === 0) return '0x0' + (prec > 0 ? '.' + '0'.repeat(prec) : '') + 'p+0'
  const [m, e] = decompose(a)
  // Normalise to 1.xxx * 2^exp with 52 fraction bits.
  let mant = m
  let exp = e + 52
  while (mant < 1n << 52n) {
    mant <<= 1n
    exp--
  }
  let frac = (mant & ((1n << 52n) - 1n)).toString(16).padStart(13, '0')
  if (prec < 0) frac = frac.replace(/0+$/, '')
  else frac = frac.slice(0, prec).padEnd(prec, '0')
  return `0x1${frac ? '.' + frac : ''}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`
}
