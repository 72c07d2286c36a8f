/*
 * The natives behind the user libc: system calls of the bare user process
 * (write, read, brk/sbrk, _exit, getpid...), the formatting engine, the hot
 * memory routines, math (JS Math, which is correctly rounded for sqrt and
 * within an ulp of glibc elsewhere) and time from the simulated clock.
 *
 * They talk to a UserProcess (user.ts) for the program break and the output
 * streams; nothing here touches the host.
 *
 * Blocking: read, write, usleep and nanosleep are marked `blocking` in the
 * table (the resumable code generator makes their callers able to suspend).
 * In a resumable run (Runtime.canBlock) they wait as the kernel's system
 * calls do: a read with nothing available yet, a write to a full pipe, a
 * sleep return Runtime.block(request) and are called again with the same
 * arguments once the embedder resumes the program (sleep keeps its end time
 * across the restart, as nanosleep's restart_block does). In a plain run
 * nothing waits: reads get what is there, sleeps advance the clock at once.
 */

import { formatC } from '../format'
import { CExit, CTrap, type CValue, LongJmp, type NativeFn, type Runtime, memCopy, memFill } from '../run'

export interface ProcessHooks {
  writeFd(fd: number, bytes: Uint8Array): number
  /** Up to `max` bytes; empty at end of file; null when nothing is available yet (the reader waits); or -errno. */
  readFd(fd: number, max: number): Uint8Array | null | number
  /** Whether a write to `fd` now would not block (a pipe with room). Absent: always. */
  writable?(fd: number): boolean
  /** A signal waiting for delivery (SIGPIPE after writing to a pipe nobody reads), 0 if none. */
  signalPending?(): number
  brk(addr: number): number
  curBrk(): number
  mmap(len: number): number
  munmap(addr: number, len: number): number
  pid: number
  /** Simulated nanoseconds since boot. */
  nowNs(): number
  /** A sleep in a plain run: the clock moves on at once. */
  sleepNs(ns: number): void
  /** Seconds since the epoch at boot (deterministic). */
  epoch: number
  /** open(2) of a file: a new fd (>= 3) or -errno. Absent: no file system (ENOENT). */
  open?(path: string, flags: number): number
  /** close(2) of an fd open() gave: 0 or -errno. */
  close?(fd: number): number
  /** lseek(2): the new offset or -errno. Absent: ESPIPE. */
  lseek?(fd: number, offset: number, whence: number): number
  /** ioctl(2): the result or -errno. Absent: ENOTTY. */
  ioctl?(fd: number, cmd: number, arg: number): number
}

const num = (v: CValue | undefined): number => (typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : (v ?? 0))
const unum = (v: CValue | undefined): number => num(v) >>> 0
const dbl = (v: CValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0))

/** memcpy and memmove (memCopy is a memmove); generated code calls the positional form. */
const copyNative: NativeFn = Object.assign(
  (a: CValue[], rt: Runtime): CValue => {
    memCopy(rt.mem, unum(a[0]), unum(a[1]), unum(a[2]))
    return a[0]
  },
  {
    direct: (rt: Runtime) => {
      const mem = rt.mem
      return (d?: CValue, s?: CValue, n?: CValue): CValue => {
        memCopy(mem, unum(d), unum(s), unum(n))
        return d as CValue
      }
    }
  }
)


/** Mark a native as one that may wait (see the header). */
function blocking(f: NativeFn): NativeFn {
  return Object.assign(f, { blocking: true })
}

/** The names of the blocking natives of a binding table. */
export function blockingNames(table: Readonly<Record<string, NativeFn>>): Set<string> {
  return new Set(Object.keys(table).filter((k) => (table[k] as NativeFn & { blocking?: boolean }).blocking === true))
}

export function userNatives(p: ProcessHooks): Record<string, NativeFn> {
  // The system call wrappers' errno convention: a -errno result is -1 with errno set.
  let errnoAddr = -1
  const sysret = (r: number, rt: Runtime): number => {
    if (r >= 0 || r < -4095) return r
    if (errnoAddr < 0) errnoAddr = rt.symbol('errno')?.addr ?? 0
    if (errnoAddr) rt.mem.store32(errnoAddr, -r)
    return -1
  }
  // A sleep's end time, kept while the program waits for it (restart_block).
  let sleepUntil = -1
  const sleep = (ns: number, rt: Runtime): CValue => {
    if (!rt.canBlock) {
      p.sleepNs(ns)
      return 0
    }
    if (sleepUntil < 0) sleepUntil = p.nowNs() + ns
    if (p.nowNs() >= sleepUntil) {
      sleepUntil = -1
      return 0
    }
    return rt.block({ kind: 'sleep', untilNs: sleepUntil })
  }
  const m1 = (f: (x: number) => number): NativeFn => (a) => f(dbl(a[0]))
  const m2 = (f: (x: number, y: number) => number): NativeFn => (a) => f(dbl(a[0]), dbl(a[1]))
  const f1 = (f: (x: number) => number): NativeFn => (a) => Math.fround(f(dbl(a[0])))
  const n: Record<string, NativeFn> = {
    write: blocking((a, rt) => {
      const len = unum(a[2])
      if (len === 0) return 0
      const fd = num(a[0])
      if (rt.canBlock && p.writable && !p.writable(fd)) return rt.block({ kind: 'write', fd })
      const bytes = rt.mem.read(unum(a[1]), Math.min(len, 1 << 24))
      const r = p.writeFd(fd, bytes)
      // The kernel delivers SIGPIPE on the way back from the failed write.
      if (r === -32 && rt.canBlock && p.signalPending && p.signalPending() !== 0) return rt.block({ kind: 'signal' })
      return sysret(r, rt)
    }),
    read: blocking((a, rt) => {
      const fd = num(a[0])
      const bytes = p.readFd(fd, unum(a[2]))
      if (bytes === null) return rt.canBlock ? rt.block({ kind: 'read', fd }) : 0
      if (typeof bytes === 'number') return sysret(bytes, rt)
      if (bytes.length) rt.mem.write(unum(a[1]), bytes)
      return bytes.length
    }),
    close: (a, rt) => sysret(p.close ? p.close(num(a[0])) : 0, rt),
    lseek: (a, rt) => sysret(p.lseek ? p.lseek(num(a[0]), num(a[1]), num(a[2])) : -29, rt),
    __kl_ioctl: (a, rt) => (p.ioctl ? p.ioctl(num(a[0]), unum(a[1]), unum(a[2])) : -25),
    __kl_open: (a, rt) => {
      if (!p.open) return -2
      let path = ''
      for (let at = unum(a[0]), c = rt.mem.load8(at); c !== 0 && path.length < 4096; c = rt.mem.load8(++at)) path += String.fromCharCode(c)
      return p.open(path, num(a[1]))
    },
    sbrk: (a) => {
      const old = p.curBrk()
      const inc = num(a[0])
      if (inc === 0) return old
      const r = p.brk((old + inc) >>> 0)
      return r === ((old + inc) >>> 0) ? old : -1
    },
    brk: (a) => (p.brk(unum(a[0])) === unum(a[0]) ? 0 : -1),
    mmap: (a) => p.mmap(unum(a[1])),
    munmap: (a) => p.munmap(unum(a[0]), unum(a[1])),
    _exit: (a) => {
      throw new CExit(num(a[0]) & 255)
    },
    _Exit: (a) => {
      throw new CExit(num(a[0]) & 255)
    },
    abort: (_a, rt) => {
      throw new CTrap('abort', rt.chain())
    },
    raise: (a, rt) => {
      const sig = num(a[0])
      if (sig === 6) throw new CTrap('abort', rt.chain())
      if (sig === 11) throw new CTrap('fault', rt.chain(), 0, 'read')
      if (sig === 8) throw new CTrap('div0', rt.chain())
      throw new CExit(128 + sig)
    },
    kill: () => 0,
    signal: () => 0,
    getpid: () => p.pid,
    getppid: () => 1,
    getuid: () => 0,
    usleep: blocking((a, rt) => sleep(unum(a[0]) * 1000, rt)),
    nanosleep: blocking((a, rt) => {
      const ts = unum(a[0])
      return sleep(rt.mem.load32(ts) * 1e9 + rt.mem.load32(ts + 4), rt)
    }),
    time: (a, rt) => {
      const t = p.epoch + Math.floor(p.nowNs() / 1e9)
      if (unum(a[0])) rt.mem.store32(unum(a[0]), t)
      return t
    },
    clock: () => Math.floor(p.nowNs() / 1000),
    clock_gettime: (a, rt) => {
      const ns = p.nowNs()
      const clk = num(a[0])
      const sec = (clk === 0 ? p.epoch : 0) + Math.floor(ns / 1e9)
      rt.mem.store32(unum(a[1]), sec)
      rt.mem.store32(unum(a[1]) + 4, ns % 1e9)
      return 0
    },
    gettimeofday: (a, rt) => {
      const ns = p.nowNs()
      if (unum(a[0])) {
        rt.mem.store32(unum(a[0]), p.epoch + Math.floor(ns / 1e9))
        rt.mem.store32(unum(a[0]) + 4, Math.floor((ns % 1e9) / 1000))
      }
      return 0
    },
    difftime: (a) => dbl(a[0]) - dbl(a[1]),
    memcpy: copyNative,
    memmove: copyNative,
    memset: (a, rt) => {
      memFill(rt.mem, unum(a[0]), num(a[1]), unum(a[2]))
      return a[0]
    },
    alloca: (a, rt) => {
      const sz = (unum(a[0]) + 7) & ~7
      rt.sp = (rt.sp - sz) >>> 0
      return rt.sp
    },
    __kl_vformat: (a, rt) => {
      const buf = unum(a[0])
      const size = unum(a[1])
      const out = formatC(rt.mem, unum(a[2]), rt.va(unum(a[3])))
      if (size > 0) {
        const n = Math.min(out.length, size - 1)
        const bytes = new Uint8Array(n + 1)
        for (let i = 0; i < n; i++) bytes[i] = out[i]
        rt.mem.write(buf, bytes)
      }
      return out.length
    },
    strtod: (a, rt) => {
      const s = unum(a[0])
      let text = ''
      for (let i = 0; i < 400; i++) {
        const c = rt.mem.load8(s + i)
        if (c === 0) break
        text += String.fromCharCode(c)
      }
      const m = /^[ \t\n\r\f\v]*([+-]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(text)
      let v = 0
      let used = 0
      if (m) {
        used = m[0].length
        const t = m[1].toLowerCase()
        if (t.includes('inf')) v = t.startsWith('-') ? -Infinity : Infinity
        else if (t.includes('nan')) v = NaN
        else if (/0x/.test(t)) {
          const neg = t.startsWith('-')
          const h = t.replace(/^[+-]/, '')
          const hm = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(h)
          v = hm ? parseInt((hm[1] || '0') + (hm[2] || ''), 16) * Math.pow(2, Number(hm[3] ?? 0) - 4 * (hm[2] || '').length) : 0
          if (neg) v = -v
        } else v = Number(t)
      }
      if (unum(a[1])) rt.mem.store32(unum(a[1]), used ? s + used : s)
      return v
    },
    __kmemlab_isnan: (a) => (Number.isNaN(dbl(a[0])) ? 1 : 0),
    __kmemlab_isinf: (a) => (dbl(a[0]) === Infinity ? 1 : dbl(a[0]) === -Infinity ? -1 : 0),
    __kmemlab_signbit: (a) => (dbl(a[0]) < 0 || Object.is(dbl(a[0]), -0) ? 1 : 0),
    sqrt: m1(Math.sqrt), fabs: m1(Math.abs), floor: m1(Math.floor), ceil: m1(Math.ceil),
    round: m1(roundHalfAway),
    trunc: m1(Math.trunc), sin: m1(Math.sin), cos: m1(Math.cos), tan: m1(Math.tan), asin: m1(Math.asin),
    acos: m1(Math.acos), atan: m1(Math.atan), sinh: m1(Math.sinh), cosh: m1(Math.cosh), tanh: m1(Math.tanh),
    exp: m1(Math.exp), exp2: m1((x) => Math.pow(2, x)), log: m1(Math.log), log2: m1(Math.log2), log10: m1(Math.log10),
    log1p: m1(Math.log1p), expm1: m1(Math.expm1), cbrt: m1(Math.cbrt), rint: m1(roundEven), nearbyint: m1(roundEven),
    pow: m2(Math.pow), atan2: m2(Math.atan2), hypot: m2(Math.hypot), fmod: m2((x, y) => x % y),
    fmin: m2((x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y))),
    fmax: m2((x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y))),
    copysign: m2((x, y) => (y < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x))),
    ldexp: (a) => dbl(a[0]) * Math.pow(2, num(a[1])),
    frexp: (a, rt) => {
      const x = dbl(a[0])
      if (x === 0 || !Number.isFinite(x)) {
        rt.mem.store32(unum(a[1]), 0)
        return x
      }
      let e = Math.ceil(Math.log2(Math.abs(x)))
      let f = x / Math.pow(2, e)
      if (Math.abs(f) >= 1) {
        f /= 2
        e++
      }
      if (Math.abs(f) < 0.5) {
        f *= 2
        e--
      }
      rt.mem.store32(unum(a[1]), e)
      return f
    },
    modf: (a, rt) => {
      const x = dbl(a[0])
      const ip = Math.trunc(x)
      const dv = new DataView(new ArrayBuffer(8))
      dv.setFloat64(0, ip, true)
      rt.mem.store64(unum(a[1]), dv.getBigInt64(0, true))
      return x - ip
    },
    lround: (a) => roundHalfAway(dbl(a[0])) | 0,
    lrint: (a) => roundEven(dbl(a[0])) | 0,
    sqrtf: f1(Math.sqrt), fabsf: f1(Math.abs), floorf: f1(Math.floor), ceilf: f1(Math.ceil), sinf: f1(Math.sin),
    cosf: f1(Math.cos), expf: f1(Math.exp), logf: f1(Math.log), roundf: f1(roundHalfAway),
    powf: (a) => Math.fround(Math.pow(dbl(a[0]), dbl(a[1]))),
    fmodf: (a) => Math.fround(dbl(a[0]) % dbl(a[1])),
    // Direct setjmp calls are compiled inline (codegen.ts); these serve calls through pointers.
    setjmp: () => 0,
    _setjmp: () => 0,
    longjmp: (a, rt) => longjmpNative(a, rt),
    _longjmp: (a, rt) => longjmpNative(a, rt)
  }
  return n
}

/*
 * longjmp throws LongJmp with the token setjmp stored in the jmp_buf (setjmp
 * itself is compiled inline, see codegen.ts); the frame that ran that setjmp
 * catches it and re-runs the setjmp statement with the value.
 */
function longjmpNative(a: CValue[], rt: Runtime): never {
  const buf = unum(a[0])
  const token = rt.mem.load32(buf)
  const v = num(a[1])
  throw new LongJmp(token, v === 0 ? 1 : v)
}

function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x
  const r = Math.trunc(x + (x < 0 ? -0.5 : 0.5))
  // Guard against x + 0.5 rounding up for the largest double below 0.5.
  if (Math.abs(r - x) > 0.5) return r - Math.sign(x)
  return r === 0 && x < 0 ? -0 : r
}

function roundEven(x: number): number {
  if (!Number.isFinite(x)) return x
  const f = Math.floor(x)
  const d = x - f
  if (d < 0.5) return f
  if (d > 0.5) return f + 1
  return f % 2 === 0 ? f : f + 1
}
