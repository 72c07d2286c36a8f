/*
 * The execution engine: instantiate generated JavaScript against the
 * embedder's memory and bindings, then call C functions.
 *
 * Contract with the embedder:
 * - CMemory: every load and store of the program (globals, stack, heap,
 *   string literals) goes through it, at real 32-bit virtual addresses. A bad
 *   access throws MemFault; the engine turns it into a CTrap('fault') carrying
 *   the address, the access type and the C call chain.
 * - Bindings: name -> NativeFn, called with the argument values (numbers,
 *   BigInts for 64-bit) in C order; a variadic native gets the address of its
 *   first variadic argument slot as the last element (read it with VaList,
 *   which follows the AAPCS layout: 4-byte slots, 64-bit values 8-aligned).
 * - Interruption: generated code counts down a budget on every call and loop
 *   iteration; when it runs out the engine adds it to `icount` (the simulated
 *   instruction count) and asks `shouldStop()` / reads `interrupt[0]`. A stop
 *   throws CTrap('interrupt'): runs are cleanly abortable; the embedder may
 *   simply call again (e.g. module exit).
 * - Resumable runs (code generated with `resumable`, see suspend.ts): start()
 *   is a generator that yields QUANTUM each time the budget runs out (the
 *   embedder advances its clock, lets other work run, then resumes it with
 *   next()) and a native's CBlock when the native must wait (Runtime.block:
 *   read of an empty pipe, sleep): the embedder resumes once the wait is over
 *   and the native is called again with the same arguments (as the kernel
 *   restarts a system call); PREEMPT right after a `preempting` native that
 *   asked for it (Runtime.preempt). return() on it ends the run at once (a kill);
 *   SP and the call depth are put back. call() still runs synchronously: a
 *   generator function reached through it (a native calling back into C)
 *   is driven to its end in place, quanta ignored; a native that would block
 *   there is an error, since nothing can wait on that JS stack.
 * - Division by zero: `onDivZero` decides. Default: CTrap('div0'), which a
 *   user process reports as SIGFPE (libgcc's __aeabi_idiv0 raises SIGFPE on
 *   Linux); the kernel's __div0 prints "Division by zero in kernel." and
 *   returns 0, which an embedder models by returning 0 from onDivZero.
 */

import type { DebugInfo } from './codegen'
import type { Image, SymbolInfo } from './link'

export type CValue = number | bigint

export interface CMemory {
  load8(a: number): number
  load16(a: number): number
  /** Returns the 32-bit value as a signed int32. */
  load32(a: number): number
  /** Returns the 64-bit value as a signed BigInt. */
  load64(a: number): bigint
  store8(a: number, v: number): void
  store16(a: number, v: number): void
  store32(a: number, v: number): void
  store64(a: number, v: bigint): void
  /** A copy of `len` bytes at `a`. */
  read(a: number, len: number): Uint8Array
  write(a: number, bytes: Uint8Array): void
  /**
   * Optional fast path: an array indexed by virtual page number (address >>> 12)
   * of 4 KB pages the generated code may access directly through typed-array
   * views (`w` false: reads only). Entries are undefined where accesses must go
   * through the methods above (unmapped, device or otherwise special pages).
   * The array is read live: the memory updates entries in place.
   */
  fastPages?(): (FastPage | undefined)[]
}

export interface FastPage {
  u8: Uint8Array
  u16: Uint16Array
  i32: Int32Array
  /** Writable directly. */
  w: boolean
}

export type Access = 'read' | 'write' | 'exec'

/** Thrown by a CMemory (or the engine) for an access the MMU refuses. */
export class MemFault extends Error {
  constructor(
    readonly addr: number,
    readonly access: Access,
    readonly size = 4
  ) {
    super(`memory fault: ${access} at 0x${(addr >>> 0).toString(16).padStart(8, '0')}`)
  }
}

export interface CFrame {
  fn: string
  off: number
  size: number
}

export type TrapKind = 'fault' | 'div0' | 'trap' | 'abort' | 'interrupt' | 'stack' | 'longjmp'

/** A C-level trap: the embedder turns it into an Oops, SIGSEGV, SIGFPE... */
export class CTrap extends Error {
  constructor(
    readonly kind: TrapKind,
    readonly chain: CFrame[],
    readonly addr?: number,
    readonly access?: Access
  ) {
    super(`C trap: ${kind}${addr !== undefined ? ` at 0x${(addr >>> 0).toString(16)}` : ''}`)
  }
}

/** Thrown by a native (e.g. exit()) to end the program; not an error. */
export class CExit extends Error {
  constructor(readonly status: number) {
    super(`exit(${status})`)
  }
}

/** Thrown by longjmp; caught by the frame whose setjmp stored `token` (see codegen). */
export class LongJmp extends Error {
  constructor(
    readonly token: number,
    readonly value: number
  ) {
    super('longjmp')
  }
}

export type NativeFn = ((args: CValue[], rt: Runtime) => CValue | void) & {
  /**
   * Optional positional form for the generated code's calls (no argument array per call):
   * given the runtime once, a function of the argument values with the same effect and result.
   */
  direct?: (rt: Runtime) => (...args: CValue[]) => CValue | void
}

/** What a blocking native waits for (Runtime.block); the embedder maps it to its own waits. */
export type CBlock =
  /** Input on `fd` (nothing available now, not at end of file). */
  | { kind: 'read'; fd: number }
  /** Room to write on `fd` (a full pipe). */
  | { kind: 'write'; fd: number }
  /** The simulated clock to reach `untilNs`. */
  | { kind: 'sleep'; untilNs: number }
  /** A signal is pending: let the embedder deliver it (SIGPIPE after a write to a closed pipe). */
  | { kind: 'signal' }

/**
 * What a resumable run yields: the quantum marker, the preemption marker (a
 * native asked for a yield right after it returned: Runtime.preempt), or a
 * native's wait request.
 */
export type CSuspend = { readonly kind: 'quantum' } | { readonly kind: 'preempt' } | CBlock

/** The one quantum marker (yielding it allocates nothing). */
export const QUANTUM: CSuspend = Object.freeze({ kind: 'quantum' as const })

/** The one preemption marker. */
export const PREEMPT: CSuspend = Object.freeze({ kind: 'preempt' as const })

/** Returned by a native that blocks (through Runtime.block); never a C value. */
const BLK = Object.freeze({ blocked: true })

export interface RunOptions {
  mem: CMemory
  bindings: Readonly<Record<string, NativeFn>>
  /** Initial stack pointer (stack grows down) for an outermost call. */
  stackTop: number
  shouldStop?: () => boolean
  /** If set, a non-zero interrupt[0] stops the program at the next check. */
  interrupt?: Int32Array
  /** Budget units between checks (default 100000). */
  quantum?: number
  /**
   * Use the program's resumable code (start()). The program generates it on
   * first use; the default is the plain code, unchanged in size and speed.
   */
  resumable?: boolean
  /** Division by zero: return the result to use, or throw. Default: CTrap('div0'). */
  onDivZero?: () => number
}

interface Loaded {
  FT: Array<(...a: CValue[]) => CValue>
  /** Resumable code only: 1 where FT holds a generator function. */
  FG?: Uint8Array
  PROBE: () => Error
  getSP(): number
  setSP(v: number): void
  setBudget(v: number): void
  getBudget(): number
  depth(): number
  setDepth(d: number): void
  chain(): number[]
  /** Resumable code only: ask (true) for a yield after the current preempting native returns. */
  setPreempt?(v: boolean): void
}

/** Reads variadic arguments laid out as AAPCS does (see codegen's vaLayout). */
export class VaList {
  constructor(
    private mem: CMemory,
    public ap: number
  ) {}
  int(): number {
    const v = this.mem.load32(this.ap)
    this.ap = (this.ap + 4) >>> 0
    return v
  }
  uint(): number {
    return this.int() >>> 0
  }
  i64(): bigint {
    this.ap = ((this.ap + 7) & ~7) >>> 0
    const v = this.mem.load64(this.ap)
    this.ap = (this.ap + 8) >>> 0
    return v
  }
  double(): number {
    const v = this.i64()
    F64I[0] = v
    return F64[0]
  }
}

const CONV = new ArrayBuffer(8)
const F64 = new Float64Array(CONV)
const F64I = new BigInt64Array(CONV)
const F32 = new Float32Array(CONV)
const I32 = new Int32Array(CONV)

export class Runtime {
  private prog: Loaded
  /** Simulated instructions executed so far (roughly: C operations). */
  private used = 0
  private quantum: number
  private slice = 0

  /** Difference between the JS engine's reported line numbers and our source lines. */
  private lineDelta: number | undefined
  /** Inside start()'s run, not under a synchronous call() from a native: natives may block. */
  private suspendable = false
  private blockReq: CBlock | null = null

  constructor(
    readonly img: Image,
    js: string,
    readonly opts: RunOptions,
    private debug?: DebugInfo
  ) {
    this.quantum = opts.quantum ?? 100000
    const mem = opts.mem
    const helpers = makeHelpers(mem, this)
    const R = {
      mem,
      helpers,
      natives: img.natives.map((name) => {
        const fn = opts.bindings[name]
        if (!fn) return () => this.unbound(name)
        if (fn.direct) return fn.direct(this)
        return (...a: CValue[]) => fn(a, this)
      }),
      tick: () => this.tick(),
      badCall: (a: number) => {
        throw new MemFault(a, 'exec')
      },
      BLK,
      QY: QUANTUM,
      PY: PREEMPT,
      blocked: () => this.blockReq
    }
    // The source is generated by codegen.ts from numbers and our own names only.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    this.prog = new Function('R', js)(R) as Loaded
    this.prog.setBudget(this.quantum)
    this.slice = this.quantum
    if (debug) {
      const line = stackLines(this.prog.PROBE().stack)[0]?.line
      if (line !== undefined) this.lineDelta = line - debug.probeLine
    }
  }

  /**
   * Statement offsets of the innermost generated frames, from the JS stack of
   * an exception: each C statement counts as 16 bytes of ARM code after an
   * 8-byte prologue, the rough size gcc -O0 gives. Costs nothing until a trap.
   */
  private offsets(e: unknown): Array<{ fn: number; off: number }> {
    if (!this.debug || this.lineDelta === undefined || !(e instanceof Error)) return []
    const out: Array<{ fn: number; off: number }> = []
    for (const l of stackLines(e.stack)) {
      const line = l.line - this.lineDelta
      const fn = this.debug.lineFn[line]
      if (fn === undefined) continue
      out.push({ fn, off: 8 + 16 * Math.max(0, (this.debug.lineStmt[line] ?? 1) - 1) })
    }
    return out
  }

  private fnSize(idx: number): number {
    const n = this.debug?.stmtCount[idx] ?? 1
    return 8 + 16 * n + 8
  }

  get mem(): CMemory {
    return this.opts.mem
  }

  /** Simulated instruction count. */
  get icount(): number {
    return this.used + (this.slice - this.prog.getBudget())
  }

  /** A native the image needs but the bindings lack: calling it traps like a jump to nowhere. */
  private unbound(name: string): never {
    const s = this.img.symbols.find((x) => x.name === name)
    throw new CTrap('fault', this.chain(), s?.addr ?? 0, 'exec')
  }

  private tick(): number {
    this.used += this.slice - this.prog.getBudget()
    this.slice = this.quantum
    // The new slice starts now: shouldStop() may read icount (a clock), which must not count the old one twice.
    this.prog.setBudget(this.quantum)
    if ((this.opts.interrupt && this.opts.interrupt[0] !== 0) || (this.opts.shouldStop && this.opts.shouldStop())) {
      throw new CTrap('interrupt', this.chain())
    }
    return this.quantum
  }

  divZero(): number {
    if (this.opts.onDivZero) return this.opts.onDivZero()
    throw new CTrap('div0', this.chain())
  }

  /** The C call chain, innermost first, as `PC is at fn+0x../0x..` wants it. */
  chain(e?: unknown): CFrame[] {
    const ids = this.prog.chain()
    const offs = this.offsets(e ?? new Error('chain'))
    const out: CFrame[] = []
    let k = 0
    for (let i = ids.length - 1; i >= 0; i--) {
      const f = this.img.funcs[ids[i]]
      if (!f) continue
      // Match the JS frames in order; a mismatch (a native in between) leaves offset 0.
      while (k < offs.length && offs[k].fn !== ids[i]) k++
      const off = k < offs.length ? offs[k++].off : 0
      out.push({ fn: f.name, off, size: this.fnSize(ids[i]) })
    }
    return out
  }

  symbol(name: string): SymbolInfo | undefined {
    return this.img.symbols.find((s) => s.name === name)
  }

  /** Address of a function for a function pointer (e.g. a callback). */
  funcAddr(name: string): number | undefined {
    const s = this.img.symbols.find((x) => x.name === name && (x.kind === 'func' || x.kind === 'native'))
    return s?.addr
  }

  /**
   * Call a C function by name or text address with JS argument values. An
   * outermost call starts on `stackTop`; a nested one (from a native called by
   * C, like qsort's comparator) continues on the current stack.
   */
  call(target: string | number, args: CValue[] = []): CValue {
    const addr = typeof target === 'number' ? target : this.funcAddr(target)
    if (addr === undefined) throw new Error(`cc: no function '${String(target)}'`)
    const idx = (addr - this.img.textBase) >>> 4
    const fn = this.prog.FT[idx]
    if (!fn || (addr - this.img.textBase) % 16 !== 0) throw new MemFault(addr, 'exec')
    const outer = this.prog.depth() === 0
    const sp = this.prog.getSP()
    const depth = this.prog.depth()
    if (outer) this.prog.setSP(this.opts.stackTop >>> 0)
    const wasSuspendable = this.suspendable
    this.suspendable = false
    try {
      if (this.prog.FG && this.prog.FG[idx] === 1) return this.drive(fn(...args) as unknown as Generator<CSuspend, CValue>)
      return fn(...args)
    } catch (e) {
      const t = this.translate(e)
      if (outer) {
        this.prog.setDepth(0)
        this.prog.setSP(sp)
      }
      throw t
    } finally {
      this.suspendable = wasSuspendable
      if (!outer) {
        this.prog.setSP(sp)
        this.prog.setDepth(depth)
      } else {
        this.prog.setDepth(0)
      }
    }
  }

  /** A generator function called synchronously (call()): run it to its end; quanta are just accounted. */
  private drive(g: Generator<CSuspend, CValue>): CValue {
    for (;;) {
      const r = g.next()
      if (r.done) return r.value
      if (r.value !== QUANTUM) throw new Error('cc: a C function called from a native blocked; only start() can wait')
    }
  }

  /** Whether the program runs resumable code. */
  get resumable(): boolean {
    return this.prog.FG !== undefined
  }

  /** Whether a native called now may block (inside start(), not under a native's call()). */
  get canBlock(): boolean {
    return this.suspendable
  }

  /**
   * A native that must wait returns `rt.block(req)`: the run yields `req`
   * and calls the native again with the same arguments once resumed.
   */
  block(req: CBlock): CValue {
    if (!this.suspendable) throw new Error(`cc: a native blocked (${req.kind}) outside a resumable run`)
    this.blockReq = req
    return BLK as unknown as CValue
  }

  /**
   * A native of the program's `preempting` set (GenOptions) asks for a
   * preemption point: the run yields PREEMPT right after the native returns
   * its value (the embedder gets a turn there, e.g. the machine's single
   * step after an allocation), then goes on. Outside start()'s run (plain
   * code, a synchronous call()) there is nowhere to yield: nothing happens.
   */
  preempt(): void {
    if (this.suspendable && this.prog.setPreempt) this.prog.setPreempt(true)
  }

  /**
   * A resumable run of a C function (outermost: on `stackTop`). Yields
   * QUANTUM when its budget runs out and a native's CBlock when it waits;
   * returns the C function's value; throws CTrap/CExit as call() does.
   * return() on it ends the run and leaves SP and the call depth as before.
   */
  *start(target: string | number, args: CValue[] = []): Generator<CSuspend, CValue, void> {
    if (!this.prog.FG) throw new Error('cc: start() needs the resumable code (RunOptions.resumable)')
    const addr = typeof target === 'number' ? target : this.funcAddr(target)
    if (addr === undefined) throw new Error(`cc: no function '${String(target)}'`)
    const idx = (addr - this.img.textBase) >>> 4
    const fn = this.prog.FT[idx]
    if (!fn || (addr - this.img.textBase) % 16 !== 0) throw new MemFault(addr, 'exec')
    if (this.prog.depth() !== 0) throw new Error('cc: start() inside a running program')
    const sp = this.prog.getSP()
    this.prog.setSP(this.opts.stackTop >>> 0)
    this.prog.setPreempt?.(false)
    try {
      if (this.prog.FG[idx] !== 1) {
        this.suspendable = true
        return fn(...args)
      }
      const g = fn(...args) as unknown as Generator<CSuspend, CValue>
      for (;;) {
        // Natives may block only while the program runs, not while the embedder holds the yield.
        this.suspendable = true
        const r = g.next()
        this.suspendable = false
        if (r.done) return r.value
        yield r.value
      }
    } catch (e) {
      throw this.translate(e)
    } finally {
      this.suspendable = false
      this.blockReq = null
      this.prog.setPreempt?.(false)
      this.prog.setDepth(0)
      this.prog.setSP(sp)
    }
  }

  /** Turn a JS exception from generated code into a CTrap (or pass CExit/CTrap through). */
  translate(e: unknown): unknown {
    if (e instanceof CTrap || e instanceof CExit) return e
    if (e instanceof MemFault) return new CTrap('fault', this.chain(e), e.addr, e.access)
    if (e instanceof RangeError && /call stack/i.test(e.message)) return new CTrap('stack', this.chain(e), this.prog.getSP(), 'write')
    return e
  }

  /** Allocate `n` bytes on the C stack for the duration of a native (e.g. to pass a struct). */
  get sp(): number {
    return this.prog.getSP()
  }
  set sp(v: number) {
    this.prog.setSP(v)
  }

  readCString(a: number, max = 1 << 20): string {
    const bytes: number[] = []
    for (let i = 0; i < max; i++) {
      const b = this.opts.mem.load8((a + i) >>> 0)
      if (b === 0) break
      bytes.push(b)
    }
    return decodeUtf8(bytes)
  }

  va(ap: number): VaList {
    return new VaList(this.opts.mem, ap)
  }
}

/** Line numbers of `<anonymous>` (new Function) frames in a V8 stack trace, innermost first. */
function stackLines(stack: string | undefined): Array<{ line: number }> {
  if (!stack) return []
  const out: Array<{ line: number }> = []
  for (const l of stack.split('\n')) {
    const m = /<anonymous>:(\d+):\d+\)?\s*$/.exec(l)
    if (m) out.push({ line: Number(m[1]) })
  }
  return out
}

export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return new Uint8Array(out)
}

export function decodeUtf8(bytes: number[] | Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b < 0x80) s += String.fromCharCode(b)
    else if (b >= 0xc0 && b < 0xe0 && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      s += String.fromCharCode(((b & 31) << 6) | (bytes[++i] & 63))
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
      s += String.fromCharCode(((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63))
      i += 2
    } else if (b >= 0xf0 && i + 3 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      s += String.fromCodePoint(((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63))
      i += 3
    } else s += String.fromCharCode(0xfffd)
  }
  return s
}

/**
 * memmove over a CMemory, chunked at page boundaries of both ranges and using
 * direct page views when offered (no allocation); overlapping copies with
 * dst > src run backwards.
 */
export function memCopy(mem: CMemory, d: number, s: number, n: number): void {
  if (n <= 0) return
  const fp = mem.fastPages ? mem.fastPages() : undefined
  if (!fp) {
    mem.write(d, mem.read(s, n))
    return
  }
  // Small copies within one page of each side (memcpy of a scalar or a small struct):
  // byte by byte, in the direction that keeps memmove's semantics.
  if (n <= 32) {
    const so = s & 4095
    const dof = d & 4095
    const ps = fp[s >>> 12]
    const pd = fp[d >>> 12]
    if (so + n <= 4096 && dof + n <= 4096 && ps !== undefined && pd !== undefined && pd.w) {
      const su = ps.u8
      const du = pd.u8
      if (su === du && dof > so) for (let i = n - 1; i >= 0; i--) du[dof + i] = su[so + i]
      else for (let i = 0; i < n; i++) du[dof + i] = su[so + i]
      return
    }
  }
  const back = d > s && d < s + n
  let done = 0
  while (done < n) {
    // Chunk [off, off+len) of the copy, taken from the front or the back.
    let len: number
    let off: number
    if (!back) {
      off = done
      const sa = (s + off) >>> 0
      const da = (d + off) >>> 0
      len = Math.min(n - done, 4096 - (sa & 4095), 4096 - (da & 4095))
    } else {
      const end = n - done
      const sa = (s + end - 1) >>> 0
      const da = (d + end - 1) >>> 0
      len = Math.min(end, (sa & 4095) + 1, (da & 4095) + 1)
      off = end - len
    }
    const sa = (s + off) >>> 0
    const da = (d + off) >>> 0
    const ps = fp[sa >>> 12]
    const pd = fp[da >>> 12]
    if (ps !== undefined && pd !== undefined && pd.w) {
      const so = sa & 4095
      if (len === 1) pd.u8[da & 4095] = ps.u8[so]
      else pd.u8.set(ps.u8.subarray(so, so + len), da & 4095)
    } else mem.write(da, mem.read(sa, len))
    done += len
  }
}

/** memset over a CMemory (direct page views when offered). */
export function memFill(mem: CMemory, d: number, v: number, n: number): void {
  if (n <= 0) return
  const fp = mem.fastPages ? mem.fastPages() : undefined
  let done = 0
  while (done < n) {
    const da = (d + done) >>> 0
    const len = Math.min(n - done, 4096 - (da & 4095))
    const pd = fp ? fp[da >>> 12] : undefined
    if (pd !== undefined && pd.w) pd.u8.fill(v & 255, da & 4095, (da & 4095) + len)
    else mem.write(da, new Uint8Array(len).fill(v & 255))
    done += len
  }
}

function makeHelpers(mem: CMemory, rt: Runtime): Record<string, unknown> {
  let sjTokens = 0
  const clz64 = (x: bigint): number => {
    const u = BigInt.asUintN(64, x)
    const hi = Number(u >> 32n)
    return hi ? Math.clz32(hi) : 32 + Math.clz32(Number(u & 0xffffffffn))
  }
  const fp = mem.fastPages ? mem.fastPages() : undefined
  const ctz32 = (x: number): number => (x === 0 ? 32 : 31 - Math.clz32(x & -x))
  const popc32 = (x: number): number => {
    x = x - ((x >>> 1) & 0x55555555)
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
  }
  return {
    DIV0: () => rt.divZero(),
    // Floats through the direct page views when offered (no BigInt for a double);
    // anything else (unmapped, read-only, unaligned or page-crossing) takes the memory interface.
    LF32: (a: number): number => {
      const p = fp !== undefined ? fp[a >>> 12] : undefined
      I32[0] = p !== undefined && (a & 3) === 0 ? p.i32[(a & 4095) >> 2] : mem.load32(a)
      return F32[0]
    },
    LF64: (a: number): number => {
      const p = fp !== undefined ? fp[a >>> 12] : undefined
      if (p !== undefined && (a & 3) === 0 && (a & 4095) <= 4088) {
        const i = (a & 4095) >> 2
        I32[0] = p.i32[i]
        I32[1] = p.i32[i + 1]
      } else F64I[0] = mem.load64(a)
      return F64[0]
    },
    SF32: (a: number, v: number): void => {
      F32[0] = v
      const p = fp !== undefined ? fp[a >>> 12] : undefined
      if (p !== undefined && p.w && (a & 3) === 0) p.i32[(a & 4095) >> 2] = I32[0]
      else mem.store32(a, I32[0])
    },
    SF64: (a: number, v: number): void => {
      F64[0] = v
      const p = fp !== undefined ? fp[a >>> 12] : undefined
      if (p !== undefined && p.w && (a & 3) === 0 && (a & 4095) <= 4088) {
        const i = (a & 4095) >> 2
        p.i32[i] = I32[0]
        p.i32[i + 1] = I32[1]
      } else mem.store64(a, F64I[0])
    },
    COPY: (d: number, s: number, n: number): void => memCopy(mem, d, s, n),
    ZERO: (d: number, n: number): void => memFill(mem, d, 0, n),
    F2I: (x: number): number => (x !== x ? 0 : x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0),
    F2U: (x: number): number => (x !== x || x <= 0 ? 0 : x >= 4294967295 ? 4294967295 : x >>> 0),
    F2L: (x: number): bigint =>
      x !== x ? 0n : x >= 9223372036854775807 ? 0x7fffffffffffffffn : x <= -9223372036854775808 ? -0x8000000000000000n : BigInt(Math.trunc(x)),
    F2UL: (x: number): bigint => (x !== x || x <= 0 ? 0n : x >= 18446744073709551615 ? 0xffffffffffffffffn : BigInt(Math.trunc(x))),
    // ARM register-specified shifts use the bottom byte of the count: >= 32 gives 0 (or sign fill).
    SHL: (a: number, b: number): number => ((b & 255) > 31 ? 0 : a << b),
    SHR: (a: number, b: number): number => ((b & 255) > 31 ? 0 : a >>> b),
    SAR: (a: number, b: number): number => ((b & 255) > 31 ? a >> 31 : a >> b),
    SHL64: (a: bigint, b: number, u: boolean): bigint => {
      const n = b & 255
      if (n >= 64) return 0n
      return u ? BigInt.asUintN(64, a << BigInt(n)) : BigInt.asIntN(64, a << BigInt(n))
    },
    SHR64: (a: bigint, b: number): bigint => ((b & 255) >= 64 ? 0n : a >> BigInt(b & 255)),
    SAR64: (a: bigint, b: number): bigint => ((b & 255) >= 64 ? (a < 0n ? -1n : 0n) : a >> BigInt(b & 255)),
    CLZ: (x: number | bigint, bits: number): number => (bits === 64 ? clz64(x as bigint) : Math.clz32(x as number)),
    CTZ: (x: number | bigint, bits: number): number => {
      if (bits === 64) {
        const u = BigInt.asUintN(64, x as bigint)
        const lo = Number(u & 0xffffffffn)
        return lo ? ctz32(lo) : 32 + ctz32(Number(u >> 32n))
      }
      return ctz32(x as number)
    },
    POPC: (x: number | bigint): number => {
      if (typeof x === 'bigint') {
        const u = BigInt.asUintN(64, x)
        return popc32(Number(u & 0xffffffffn)) + popc32(Number(u >> 32n))
      }
      return popc32(x)
    },
    BSWAP16: (x: number): number => ((x & 255) << 8) | ((x >>> 8) & 255),
    BSWAP32: (x: number): number =>
      (((x & 255) << 24) | (((x >>> 8) & 255) << 16) | (((x >>> 16) & 255) << 8) | ((x >>> 24) & 255)) >>> 0,
    BSWAP64: (x: bigint): bigint => {
      let r = 0n
      let u = BigInt.asUintN(64, x)
      for (let i = 0; i < 8; i++) {
        r = (r << 8n) | (u & 255n)
        u >>= 8n
      }
      return r
    },
    LJ: LongJmp,
    /** __builtin_{add,sub,mul}_overflow: exact result, stored truncated, overflow flag returned. */
    OVF: (op: string, a: number | bigint, b: number | bigint, p: number, size: number, unsigned: boolean): number => {
      const x = BigInt(a)
      const y = BigInt(b)
      const r = op === '+' ? x + y : op === '-' ? x - y : x * y
      const bits = size * 8
      const t = unsigned ? BigInt.asUintN(bits, r) : BigInt.asIntN(bits, r)
      if (size === 8) mem.store64(p, t)
      else if (size === 4) mem.store32(p, Number(BigInt.asIntN(32, t)))
      else if (size === 2) mem.store16(p, Number(t) & 0xffff)
      else mem.store8(p, Number(t) & 255)
      return t === r ? 0 : 1
    },
    /** setjmp: store a fresh token in the jmp_buf; 0 (or -1 without a catching frame) is returned to C. */
    SJ: (buf: number, r: number): number => {
      const tok = ++sjTokens
      mem.store32(buf, tok)
      return r < 0 ? 0 : tok
    },
    TRAP: (k: number): never => {
      throw new CTrap(k === 2 ? 'abort' : 'trap', rt.chain())
    }
  }
}
