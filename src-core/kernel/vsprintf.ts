/*
 * lib/vsprintf.c: the kernel's printf, for module C code (printk, sprintf,
 * snprintf, seq_printf). Formats bytes read from simulated memory and
 * arguments read from the C variadic area.
 *
 * The kernel's own rules, not libc's:
 *  - %p prints a hashed id; before the crng is initialised (always on this
 *    board: no entropy source) that is "(ptrval)". NULL and ERR_PTR values
 *    print as the raw pointer (00000000, fffffff4).
 *  - %px raw (8 hex digits), %pK as %p (kptr_restrict 0), %pa[p] the
 *    phys_addr_t behind the pointer as 0x%08x, %pS/%ps/%pB a symbol
 *    (fn+0xoff/0xsize [mod]), %pGg/%pGp gfp and page flags, %*ph a hex
 *    dump, %pe an error name, %pV a struct va_format.
 *  - %s of NULL is "(null)", of a pointer below PAGE_SIZE or an ERR_PTR or
 *    an unmapped one "(efault)".
 *  - no floating point (%f etc. print nothing useful in the kernel: we
 *    print the conversion as the kernel does for unknown ones).
 *  - %n is ignored.
 */

import { format_gfp } from '../mm/gfp'

/** The variadic arguments as cc's VaList reads them (AAPCS slots). */
export interface VaArgs {
  int(): number
  uint(): number
  i64(): bigint
}

/** What formatting needs from the machine. */
export interface VsprintfEnv {
  /** Byte at a kernel virtual address, or -1 if the access would fault. */
  peek8(addr: number): number
  /** 32-bit word (little-endian), or null on fault. */
  peek32(addr: number): number | null
  /** %pS: "fn+0xoff/0xsize [mod]" or null if unknown (then 0x%08x). */
  symbol?(addr: number, withOffset: boolean): string | null
  /** %p: the hashed id, or null while the crng is not ready ("(ptrval)"). */
  hashPointer?(addr: number): number | null
  /** %pGp: page flags of the struct page behind the pointer. */
  pageFlags?(addr: number): string
}

const ERRNAMES: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF',
  10: 'ECHILD', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 15: 'ENOTBLK', 16: 'EBUSY', 17: 'EEXIST',
  18: 'EXDEV', 19: 'ENODEV', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 23: 'ENFILE', 24: 'EMFILE', 25: 'ENOTTY',
  26: 'ETXTBSY', 27: 'EFBIG', 28: 'ENOSPC', 29: 'ESPIPE', 30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 33: 'EDOM',
  34: 'ERANGE', 38: 'ENOSYS', 110: 'ETIMEDOUT', 512: 'ERESTARTSYS'
}

interface Spec {
  left: boolean
  plus: boolean
  space: boolean
  special: boolean
  zero: boolean
  width: number
  precision: number
}

const PAGE_SIZE = 4096
const MAX_ERRNO = 4095
const isErrOrNull = (p: number): boolean => p === 0 || p >>> 0 >= 0x100000000 - MAX_ERRNO

function pad(s: string, spec: Spec, zeroOk = true): string {
  if (spec.width <= s.length) return s
  if (spec.left) return s + ' '.repeat(spec.width - s.length)
  if (spec.zero && zeroOk) {
    // zeros go after the sign / 0x prefix
    const m = /^([+\- ]?(?:0[xX])?)(.*)$/.exec(s)!
    return m[1] + '0'.repeat(spec.width - s.length) + m[2]
  }
  return ' '.repeat(spec.width - s.length) + s
}

/** number(): integer conversion with the kernel's flag handling. */
function number(v: bigint, base: number, upper: boolean, signed: boolean, spec: Spec): string {
  let neg = false
  if (signed && v < 0n) {
    neg = true
    v = -v
  }
  let digits = v.toString(base)
  if (upper) digits = digits.toUpperCase()
  if (spec.precision >= 0) {
    if (spec.precision === 0 && v === 0n) digits = ''
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits
  }
  let prefix = ''
  if (signed) prefix = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : ''
  if (spec.special) {
    if (base === 16) prefix += upper ? '0X' : '0x'
    else if (base === 8 && !digits.startsWith('0')) prefix += '0'
  }
  return pad(prefix + digits, spec, spec.precision < 0)
}

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0')

/**
 * vsnprintf's formatting: returns the bytes produced (no terminating NUL).
 * `fmtAddr` is read from memory; a fault in the format string ends it.
 */
export function vsprintf(env: VsprintfEnv, fmtAddr: number, va: VaArgs): number[] {
  const out: number[] = []
  const put = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c < 0x80) out.push(c)
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
      else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    }
  }
  let p = fmtAddr >>> 0
  const ch = (): number => {
    const c = env.peek8(p)
    return c < 0 ? 0 : c
  }
  const cstr = (addr: number, max: number): number[] | null => {
    const b: number[] = []
    for (let i = 0; i < max; i++) {
      const c = env.peek8((addr + i) >>> 0)
      if (c < 0) return null
      if (c === 0) break
      b.push(c)
    }
    return b
  }
  for (let guard = 0; guard < 1 << 20; guard++) {
    const c = ch()
    if (c === 0) break
    if (c !== 0x25) {
      out.push(c)
      p++
      continue
    }
    p++
    const spec: Spec = { left: false, plus: false, space: false, special: false, zero: false, width: -1, precision: -1 }
    // flags
    for (;;) {
      const f = ch()
      if (f === 0x2d) spec.left = true
      else if (f === 0x2b) spec.plus = true
      else if (f === 0x20) spec.space = true
      else if (f === 0x23) spec.special = true
      else if (f === 0x30) spec.zero = true
      else break
      p++
    }
    // width
    if (ch() === 0x2a) {
      p++
      spec.width = va.int()
      if (spec.width < 0) {
        spec.left = true
        spec.width = -spec.width
      }
    } else {
      let w = -1
      while (ch() >= 0x30 && ch() <= 0x39) {
        w = (w < 0 ? 0 : w * 10) + ch() - 0x30
        p++
      }
      spec.width = w
    }
    // precision
    if (ch() === 0x2e) {
      p++
      if (ch() === 0x2a) {
        p++
        spec.precision = Math.max(0, va.int())
      } else {
        let pr = 0
        while (ch() >= 0x30 && ch() <= 0x39) {
          pr = pr * 10 + ch() - 0x30
          p++
        }
        spec.precision = pr
      }
    }
    // qualifier
    let qual = ''
    const q = String.fromCharCode(ch())
    if ('hlLqjzZt'.includes(q)) {
      qual = q
      p++
      const q2 = String.fromCharCode(ch())
      if ((q === 'h' || q === 'l') && q2 === q) {
        qual = q + q
        p++
      }
    }
    const conv = String.fromCharCode(ch())
    p++
    const is64 = qual === 'll' || qual === 'L' || qual === 'q' || qual === 'j'
    const intArg = (signed: boolean): bigint => {
      if (is64) {
        const v = va.i64()
        return signed ? v : BigInt.asUintN(64, v)
      }
      let v = va.int()
      if (qual === 'hh') v = signed ? (v << 24) >> 24 : v & 0xff
      else if (qual === 'h') v = signed ? (v << 16) >> 16 : v & 0xffff
      return signed ? BigInt(v | 0) : BigInt(v >>> 0)
    }
    switch (conv) {
      case '%':
        out.push(0x25)
        break
      case 'c': {
        const v = va.int() & 0xff
        const s = String.fromCharCode(v)
        if (!spec.left) for (let i = 1; i < spec.width; i++) out.push(0x20)
        out.push(v)
        if (spec.left) for (let i = 1; i < spec.width; i++) out.push(0x20)
        void s
        break
      }
      case 's': {
        const a = va.uint()
        let bytes: number[] | null
        if (a === 0) bytes = [...'(null)'].map((x) => x.charCodeAt(0))
        else if (a < PAGE_SIZE || isErrOrNull(a)) bytes = [...'(efault)'].map((x) => x.charCodeAt(0))
        else {
          bytes = cstr(a, spec.precision >= 0 ? spec.precision : 1 << 20)
          if (!bytes) bytes = [...'(efault)'].map((x) => x.charCodeAt(0))
        }
        if (spec.precision >= 0 && bytes.length > spec.precision) bytes = bytes.slice(0, spec.precision)
        const padn = Math.max(0, spec.width - bytes.length)
        if (!spec.left) for (let i = 0; i < padn; i++) out.push(0x20)
        out.push(...bytes)
        if (spec.left) for (let i = 0; i < padn; i++) out.push(0x20)
        break
      }
      case 'd':
      case 'i':
        put(number(intArg(true), 10, false, true, spec))
        break
      case 'u':
        put(number(intArg(false), 10, false, false, spec))
        break
      case 'o':
        put(number(intArg(false), 8, false, false, spec))
        break
      case 'x':
      case 'X':
        put(number(intArg(false), 16, conv === 'X', false, spec))
        break
      case 'n':
        va.uint()
        break
      case 'p': {
        const a = va.uint()
        // the extension letters: alphanumerics after %p
        let ext = ''
        while (/[A-Za-z0-9]/.test(String.fromCharCode(ch()))) {
          ext += String.fromCharCode(ch())
          p++
        }
        put(pointer(env, ext, a, spec))
        break
      }
      default:
        // unknown conversion: the kernel prints it literally
        out.push(0x25)
        if (conv !== '\0') put(conv)
        break
    }
  }
  return out
}

function pointerString(a: number, spec: Spec): string {
  const s: Spec = { ...spec }
  if (s.width < 0) {
    s.width = 8
    s.zero = true
  }
  return number(BigInt(a >>> 0), 16, false, false, s)
}

function defaultPointer(env: VsprintfEnv, a: number, spec: Spec): string {
  if (isErrOrNull(a)) return pointerString(a, spec)
  const h = env.hashPointer ? env.hashPointer(a) : null
  if (h === null) return pad('(ptrval)', { ...spec, width: Math.max(spec.width, 8) }, false)
  return pointerString(h, spec)
}

function pointer(env: VsprintfEnv, ext: string, a: number, spec: Spec): string {
  const f = ext[0] ?? ''
  switch (f) {
    case 'x':
      return pointerString(a, spec)
    case 'K':
      return defaultPointer(env, a, spec)
    case 'S':
    case 's':
    case 'B': {
      const s = env.symbol ? env.symbol(a, f !== 's') : null
      return pad(s ?? '0x' + hex8(a).replace(/^0+(?=.)/, ''), spec, false)
    }
    case 'a': {
      if (a < PAGE_SIZE || isErrOrNull(a)) return '(efault)'
      const v = env.peek32(a)
      if (v === null) return '(efault)'
      // phys_addr_t and dma_addr_t are 32-bit here: 0x + 8 digits
      return pad('0x' + hex8(v), spec, false)
    }
    case 'h': {
      const n = spec.width < 0 ? 1 : Math.min(spec.width, 64)
      if (a === 0) return '(null)'
      const sep = ext[1] === 'C' ? ':' : ext[1] === 'D' ? '-' : ext[1] === 'N' ? '' : ' '
      const parts: string[] = []
      for (let i = 0; i < n; i++) {
        const b = env.peek8((a + i) >>> 0)
        if (b < 0) return '(efault)'
        parts.push(b.toString(16).padStart(2, '0'))
      }
      return parts.join(sep)
    }
    case 'G': {
      if (a < PAGE_SIZE) return '(efault)'
      const v = env.peek32(a)
      if (v === null) return '(efault)'
      if (ext[1] === 'g') return format_gfp(v >>> 0)
      if (ext[1] === 'p') return env.pageFlags ? env.pageFlags(a) : `0x${(v >>> 0).toString(16)}()`
      return '(%pG?)'
    }
    case 'e': {
      if (!(a >>> 0 >= 0x100000000 - MAX_ERRNO)) return defaultPointer(env, a, spec)
      const e = 0x100000000 - (a >>> 0)
      return pad(ERRNAMES[e] ? `-${ERRNAMES[e]}` : `-${e}`, spec, false)
    }
    default:
      return defaultPointer(env, a, spec)
  }
}

/** The formatted bytes as text (UTF-8 decoded; invalid bytes as U+FFFD). */
export function bytesToText(b: readonly number[]): string {
  let s = ''
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!
    if (c < 0x80) s += String.fromCharCode(c)
    else if (c >= 0xc0 && c < 0xe0 && (b[i + 1]! & 0xc0) === 0x80) {
      s += String.fromCharCode(((c & 31) << 6) | (b[++i]! & 63))
    } else if (c >= 0xe0 && c < 0xf0 && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80) {
      s += String.fromCharCode(((c & 15) << 12) | ((b[i + 1]! & 63) << 6) | (b[i + 2]! & 63))
      i += 2
    } else if (c >= 0xf0 && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80 && (b[i + 3]! & 0xc0) === 0x80) {
      s += String.fromCodePoint(((c & 7) << 18) | ((b[i + 1]! & 63) << 12) | ((b[i + 2]! & 63) << 6) | (b[i + 3]! & 63))
      i += 3
    } else s += '\ufffd'
  }
  return s
}
