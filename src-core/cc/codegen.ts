/*
 * Code generator: linked Image -> JavaScript source, one JS function per C
 * function, which run.ts instantiates with `new Function`.
 *
 * Safety: every identifier in the generated source is made here (F3, l12,
 * t7...); user text only reaches it as numbers, never as names or strings, so
 * no C program can inject JavaScript. Values: integers up to 32 bits and
 * pointers are JS numbers kept canonical (int32 for signed types, sign- or
 * zero-extended for narrow ones, uint32 for unsigned and pointers); 64-bit
 * integers are BigInts; float/double are numbers (float rounded by
 * Math.fround); structs and arrays are their addresses.
 *
 * Scalar locals whose address is never taken live in JS variables (V8 keeps
 * them in registers); everything else lives in the simulated stack, addressed
 * from `fp`. Loops and calls decrement the budget BUD and call TICK() when it
 * runs out; TICK() asks the embedder whether to stop (Ctrl-C, watchdog).
 *
 * C control flow maps to JS structured control flow with labels; `goto` uses
 * a dispatcher loop around the block that holds the label.
 */

import type { Func, Node, Var } from './ast'
import type { DiagList } from './diag'
import type { Image } from './link'
import { generatorFunctions } from './suspend'
import { type Type, isFloat, isInteger, isRecord } from './types'

export const FUNC_SLOT = 16

interface LV {
  kind: 'reg' | 'mem' | 'bf'
  name: string // reg: variable name; mem/bf: temp holding the address
  ty: Type
  bitWidth?: number
  bitOffset?: number
  unitTy?: Type
}

const INT32 = { kind: 'int', size: 4, align: 4, unsigned: false, name: 'int', rank: 3, id: -1 } as Type
const is64 = (t: Type): boolean => (isInteger(t) && t.size === 8)
const isF = (t: Type): boolean => isFloat(t)

/** JS literal for a number, exact for doubles (including -0, NaN, infinities). */
function numLit(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '(-Infinity)'
  if (Object.is(v, -0)) return '(-0)'
  return v < 0 ? `(${v})` : String(v)
}

export interface GenOptions {
  /**
   * Resumable code (see suspend.ts): functions that may suspend become
   * generators, their budget checks yield to Runtime.start's driver, and
   * calls to `blocking` natives yield the native's wait request and retry.
   * Off: the plain code, where a run goes from start to end in one JS call.
   */
  resumable?: boolean
  /** Natives that may block (only used when resumable). */
  blocking?: ReadonlySet<string>
  /**
   * Natives after whose return the run may yield (Runtime.preempt; only used
   * when resumable): their callers are generators and check, right after
   * the call, whether the native asked for the preemption point.
   */
  preempting?: ReadonlySet<string>
}

/** Per-program code generation context. */
export class ProgramGen {
  private names = new Map<Var, string>()
  private fnIndex = new Map<Func, number>()
  readonly out: string[] = []
  readonly resumable: boolean
  readonly blocking: ReadonlySet<string>
  readonly preempting: ReadonlySet<string>
  /** Per function index: emitted as a generator (resumable mode only). */
  readonly isGen: boolean[]

  constructor(
    readonly img: Image,
    readonly diags: DiagList,
    opts: GenOptions = {}
  ) {
    img.funcs.forEach((f, i) => this.fnIndex.set(f, i))
    this.resumable = opts.resumable ?? false
    this.blocking = opts.blocking ?? new Set()
    this.preempting = opts.preempting ?? new Set()
    // A call that may yield after it returns suspends its caller just as a blocking one does.
    const suspending = this.preempting.size ? new Set([...this.blocking, ...this.preempting]) : this.blocking
    this.isGen = this.resumable ? generatorFunctions(img, suspending) : img.funcs.map(() => false)
  }

  globalAddr(v: Var): number {
    const a = this.img.addrOf.get(v)
    if (a === undefined) return 0
    return a
  }

  /** Does this function call setjmp directly (needing setjmp regions)? */
  callsSetjmp(f: Func): boolean {
    let found = false
    const visit = (x: Node | undefined): void => {
      if (!x || found) return
      if (isSetjmpCall(x)) {
        found = true
        return
      }
      visit(x.lhs); visit(x.rhs); visit(x.cond); visit(x.then); visit(x.els); visit(x.init); visit(x.inc)
      x.body?.forEach(visit)
      x.args?.forEach(visit)
    }
    visit(f.body)
    return found
  }

  /** JS name of a direct call target, or undefined for an unresolved one. */
  directCallee(v: Var): string | undefined {
    const d = this.img.resolve.get(v) ?? (v.fn ? v : undefined)
    if (d?.fn && this.fnIndex.has(d.fn)) return `F${this.fnIndex.get(d.fn)}`
    const n = this.img.nativeOf.get(v)
    if (n !== undefined) return `N${n}`
    return undefined
  }

  /** Maps generated JS lines back to C functions and statements (for `PC is at f+0x..`). */
  readonly debugInfo: DebugInfo = { lineFn: [], lineStmt: [], stmtCount: [], probeLine: 0 }

  private countedChunks = 0
  private countedLines = 0

  /** Lines in `out` so far (incremental). */
  private lineCount(): number {
    for (; this.countedChunks < this.out.length; this.countedChunks++) {
      const chunk = this.out[this.countedChunks]
      this.countedLines++
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) this.countedLines++
    }
    return this.countedLines
  }

  generate(): string {
    const o = this.out
    o.push('"use strict";')
    o.push('const M = R.mem, H = R.helpers, NAT = R.natives;')
    o.push('let SP = 0, BUD = 0, CD = 0; const CS = new Int32Array(65536);')
    o.push('const TB = ' + this.img.textBase + ', NF = ' + (this.img.funcs.length + this.img.natives.length) + ';')
    o.push('const I64 = (x) => BigInt.asIntN(64, x), U64 = (x) => BigInt.asUintN(64, x);')
    o.push('const {DIV0, LF32, LF64, SF32, SF64, COPY, ZERO, F2I, F2U, F2L, F2UL, SHL, SHR, SAR, SHL64, SHR64, SAR64, CLZ, CTZ, POPC, BSWAP16, BSWAP32, BSWAP64, TRAP, SJ, LJ, OVF} = H;')
    o.push('function TICK() { BUD = R.tick(); }')
    o.push('const CVB = new ArrayBuffer(8), CVI = new Int32Array(CVB), CVF = new Float64Array(CVB), CVF32 = new Float32Array(CVB), CVL = new BigInt64Array(CVB), CVU = new BigUint64Array(CVB);')
    // Direct page access when the memory offers it (see CMemory.fastPages): one array
    // lookup and a typed-array access; anything else (unmapped, read-only, unaligned) takes
    // the memory interface, which faults or handles it.
    o.push('const FPG = M.fastPages ? M.fastPages() : [];')
    o.push('const L8 = FPG.length ? (a) => { const p = FPG[a >>> 12]; return p !== undefined ? p.u8[a & 4095] : M.load8(a); } : (a) => M.load8(a);')
    o.push('const L16 = FPG.length ? (a) => { const p = FPG[a >>> 12]; return p !== undefined && (a & 1) === 0 ? p.u16[(a & 4095) >> 1] : M.load16(a); } : (a) => M.load16(a);')
    o.push('const L32 = FPG.length ? (a) => { const p = FPG[a >>> 12]; return p !== undefined && (a & 3) === 0 ? p.i32[(a & 4095) >> 2] : M.load32(a); } : (a) => M.load32(a);')
    o.push('const S8 = FPG.length ? (a, v) => { const p = FPG[a >>> 12]; if (p !== undefined && p.w) p.u8[a & 4095] = v; else M.store8(a, v); } : (a, v) => M.store8(a, v);')
    o.push('const S16 = FPG.length ? (a, v) => { const p = FPG[a >>> 12]; if (p !== undefined && p.w && (a & 1) === 0) p.u16[(a & 4095) >> 1] = v; else M.store16(a, v); } : (a, v) => M.store16(a, v);')
    o.push('const S32 = FPG.length ? (a, v) => { const p = FPG[a >>> 12]; if (p !== undefined && p.w && (a & 3) === 0) p.i32[(a & 4095) >> 2] = v; else M.store32(a, v); } : (a, v) => M.store32(a, v);')
    o.push('function DIV(a, b) { return b === 0 ? DIV0() | 0 : (a / b) | 0; }')
    o.push('function MOD(a, b) { return b === 0 ? DIV0() | 0 : (a % b) | 0; }')
    o.push('function UDIV(a, b) { return b === 0 ? DIV0() >>> 0 : (a / b) >>> 0; }')
    o.push('function UMOD(a, b) { return b === 0 ? DIV0() >>> 0 : a % b; }')
    o.push('function DIV64(a, b) { return b === 0n ? BigInt(DIV0()) : BigInt.asIntN(64, a / b); }')
    o.push('function MOD64(a, b) { return b === 0n ? BigInt(DIV0()) : a % b; }')
    o.push('function UDIV64(a, b) { return b === 0n ? BigInt(DIV0()) : a / b; }')
    o.push('function UMOD64(a, b) { return b === 0n ? BigInt(DIV0()) : a % b; }')
    this.img.natives.forEach((_, j) => o.push(`const N${j} = NAT[${j}];`))
    o.push('function FP(a) { const i = (a - TB) >>> 0; if ((i & 15) !== 0 || (i >>> 4) >= NF) return R.badCall(a); return FT[i >>> 4]; }')
    if (this.resumable) this.resumableHelpers()
    o.push('const PROBE = () => new Error("probe");')
    const probeLine = this.lineCount()
    for (const f of this.img.funcs) {
      const start = this.lineCount() + 1
      const idx = this.fnIndex.get(f)!
      try {
        const g = new FnGen(this, f)
        o.push(g.gen())
        g.debug.lines.forEach((st, k) => {
          this.debugInfo.lineFn[start + k] = idx
          this.debugInfo.lineStmt[start + k] = st
        })
        this.debugInfo.stmtCount[idx] = g.debug.stmts
      } catch (e) {
        if (e instanceof Unsupported) {
          this.diags.error(e.loc ?? f.loc, e.message)
          o.push(`function F${this.fnIndex.get(f)}() { TRAP(0); }`)
        } else throw e
      }
    }
    // Resumable: a blocking (preempting) native reached through a pointer is called through its generator wrapper NB (NP).
    const nat = (j: number): string => {
      const name = this.img.natives[j]!
      if (!this.resumable) return `N${j}`
      return this.blocking.has(name) ? `NB${j}` : this.preempting.has(name) ? `NP${j}` : `N${j}`
    }
    const table = [...this.img.funcs.map((_, i) => `F${i}`), ...this.img.natives.map((_, j) => nat(j))]
    o.push(`const FT = [${table.join(', ')}];`)
    this.debugInfo.probeLine = probeLine
    if (this.resumable) {
      const flags = [...this.isGen.map((g) => (g ? 1 : 0)), ...this.img.natives.map((_, j) => (nat(j) !== `N${j}` ? 1 : 0))]
      o.push(`const FG = new Uint8Array([${flags.join(', ')}]);`)
      o.push('return { FT, FG, PROBE, getSP: () => SP, setSP: (v) => { SP = v; }, setBudget: (v) => { BUD = v; }, getBudget: () => BUD, setPreempt: (v) => { PRE = v; },')
    } else o.push('return { FT, PROBE, getSP: () => SP, setSP: (v) => { SP = v; }, setBudget: (v) => { BUD = v; }, getBudget: () => BUD,')
    o.push('  depth: () => CD, setDepth: (d) => { CD = d; }, chain: () => Array.from(CS.subarray(0, Math.min(CD, CS.length))) };')
    return o.join('\n')
  }

  /**
   * The resumable mode's run-time pieces. TKY: the budget ran out in a
   * generator: account it (R.tick may stop the run) and hand the driver the
   * quantum marker. BLK: what a native returns instead of a value when it must
   * wait (it stored its request with Runtime.block); BLOCKED yields that
   * request and calls the native again once resumed, until it gives a value
   * (a restartable system call). PRE: a preempting native asked for a yield
   * after it returns (Runtime.preempt); its caller yields PY there. FPI: a
   * function pointer's table index.
   */
  private resumableHelpers(): void {
    const o = this.out
    o.push('const BLK = R.BLK, QY = R.QY, PY = R.PY; let PRE = false;')
    o.push('function TKY() { BUD = R.tick(); return QY; }')
    o.push('function* BLOCKED(f, a) { let r; do { yield R.blocked(); r = f(...a); } while (r === BLK); return r; }')
    o.push('function FPI(a) { const i = (a - TB) >>> 0; if ((i & 15) !== 0 || (i >>> 4) >= NF) return R.badCall(a); return i >>> 4; }')
    this.img.natives.forEach((name, j) => {
      if (this.blocking.has(name)) o.push(`function* NB${j}(...a) { let r = N${j}(...a); while (r === BLK) { yield R.blocked(); r = N${j}(...a); } return r; }`)
      else if (this.preempting.has(name)) o.push(`function* NP${j}(...a) { const r = N${j}(...a); if (PRE) { PRE = false; yield PY; } return r; }`)
    })
  }
}

class Unsupported extends Error {
  constructor(
    msg: string,
    readonly loc?: Node['loc']
  ) {
    super(msg)
  }
}

/** Structured JS cannot express this control flow: generate the flat form instead. */
class NeedsFlat extends Unsupported {}

class FnGen {
  private names = new Map<Var, string>()
  private frameOff = new Map<Var, number>()
  private frameSize = 0
  private temps = 0
  private lines: string[] = []
  private indent = 1
  /** Active goto dispatchers: label name -> [dispatcher id, state]. */
  private dispatch: Array<{ id: number; labels: Map<string, number> }> = []
  private nextId = 0
  private vaArea = 0
  private vaAreaSize = 0
  private sret = false
  /** Statement counter (the simulated "pc" within the function) and each body line's value. */
  stmtNo = 0
  private lineStmt: number[] = []
  private sjHandled: Node | undefined
  private usesSetjmp = false
  private sjCtx: Array<{ v: string; tok: string; sp: string; cd: string }> = []
  private id: number
  /** Resumable program; this function is a generator (see suspend.ts). */
  private res: boolean
  private isGen: boolean

  constructor(
    private pg: ProgramGen,
    private f: Func
  ) {
    this.id = pg.img.funcs.indexOf(f)
    this.res = pg.resumable
    this.isGen = pg.isGen[this.id] ?? false
  }

  /**
   * Count `w` budget units down. Plain code calls TICK when the budget runs
   * out; a resumable generator yields the quantum to the driver there; a
   * resumable plain function (bounded code) only counts: the next check in a
   * generator sees the budget below zero and yields.
   */
  private check(w: number): string {
    if (!this.res) return w === 1 ? 'if (--BUD < 0) TICK();' : `if ((BUD -= ${w}) < 0) TICK();`
    if (this.isGen) return w === 1 ? 'if (--BUD < 0) yield TKY();' : `if ((BUD -= ${w}) < 0) yield TKY();`
    return w === 1 ? '--BUD;' : `BUD -= ${w};`
  }

  private tmp(): string {
    return `t${this.temps++}`
  }
  private emit(s: string): void {
    this.lines.push('  '.repeat(this.indent) + s)
    this.lineStmt.push(this.stmtNo)
  }

  gen(): string {
    const f = this.f
    const params: string[] = []
    this.sret = isRecord(f.ty.ret!)
    if (this.sret) params.push('sret')
    // Frame layout: memory-resident locals and params.
    let off = 0
    const place = (v: Var): void => {
      const a = Math.max(v.align, v.ty.align, 1)
      off = Math.ceil(off / a) * a
      this.frameOff.set(v, off)
      off += Math.max(v.ty.size, 1)
    }
    f.params.forEach((p, i) => {
      const pn = `p${i}`
      params.push(pn)
      if (p.addrTaken) place(p)
      else this.names.set(p, pn)
    })
    if (f.ty.variadic) params.push('va')
    for (const v of f.locals) {
      if (v.kind === 'param') continue
      if (v.ty.vla) this.names.set(v, `l${this.names.size}`)
      else if (v.addrTaken || isRecord(v.ty) || v.ty.kind === 'array') place(v)
      else this.names.set(v, `l${this.names.size}`)
    }
    // Outgoing variadic argument area (max over call sites), 8-aligned.
    this.vaAreaSize = this.maxVaArea(f.body)
    if (this.vaAreaSize) {
      off = Math.ceil(off / 8) * 8
      this.vaArea = off
      off += this.vaAreaSize
    }
    this.frameSize = Math.ceil(off / 8) * 8
    this.usesSetjmp = this.pg.callsSetjmp(f)
    // Body: structured JS when possible, else a flat state machine (goto into blocks, Duff's device).
    const saveTemps = this.temps
    const saveId = this.nextId
    try {
      this.stmt(f.body)
    } catch (e) {
      if (!(e instanceof NeedsFlat)) throw e
      this.lines = []
      this.lineStmt = []
      this.stmtNo = 0
      this.indent = 1
      this.temps = saveTemps
      this.nextId = saveId
      this.dispatch = []
      this.flatFunction(f.body)
    }
    const body = this.lines
    // Entry code first: it may allocate temps, which the `let` line below must declare.
    const entry: string[] = []
    entry.push(`  ${this.check(1)}`)
    entry.push(`  CS[CD++ & 65535] = ${this.id};`)
    if (f.ty.oldStyle) {
      // Unprototyped calls pass promoted values: bring them to the parameter types.
      f.params.forEach((p, i) => {
        if (isRecord(p.ty)) return
        if (is64(p.ty)) entry.push(`  p${i} = BigInt.${p.ty.unsigned ? 'asUintN' : 'asIntN'}(64, BigInt(p${i}));`)
        else if (isF(p.ty)) entry.push(`  p${i} = ${p.ty.size === 4 ? 'Math.fround' : ''}(+p${i});`)
        else entry.push(`  p${i} = ${this.conv(`p${i}`, INT32, p.ty)};`)
      })
    }
    if (this.frameSize) {
      entry.push(`  const fp = SP = (SP - ${this.frameSize}) >>> 0;`)
      f.params.forEach((p, i) => {
        if (!p.addrTaken) return
        const a = `(fp + ${this.frameOff.get(p)})`
        entry.push(`  ${isRecord(p.ty) ? `COPY(${a}, p${i}, ${p.ty.size})` : this.store(p.ty, a, `p${i}`)};`)
      })
    }
    const head: string[] = []
    head.push(`function${this.isGen ? '*' : ''} F${this.id}(${params.join(', ')}) {`)
    const locals = [...new Set(this.names.values())].filter((n) => n.startsWith('l'))
    // Locals of 64-bit type start as 0n (never a number: one representation per variable for the JIT).
    const big = new Set<string>()
    for (const [v, n] of this.names) if (v.kind !== 'param' && is64(v.ty)) big.add(n)
    const decls = [...locals.map((n) => `${n} = ${big.has(n) ? '0n' : '0'}`)]
    for (let i = 0; i < this.temps; i++) decls.push(`t${i}`)
    if (decls.length) head.push(`  let ${decls.join(', ')};`)
    head.push(...entry)
    const tail = `  ${this.epilogue()}return${this.f.ty.ret!.kind === 'void' ? '' : ' ' + this.zero(this.f.ty.ret!)};`
    const bodyStmt = this.lineStmt
    this.debug = { lines: [...head.map(() => 0), ...bodyStmt, this.stmtNo + 1, this.stmtNo + 1], stmts: this.stmtNo + 2 }
    return [...head, ...body, tail, '}'].join('\n')
  }

  /** Per generated line (head, body, tail, closing brace): the C statement number it belongs to. */
  debug: { lines: number[]; stmts: number } = { lines: [], stmts: 0 }

  private epilogue(): string {
    return `CD--; ${this.frameSize ? `SP = (fp + ${this.frameSize}) >>> 0; ` : ''}`
  }

  private zero(t: Type): string {
    if (is64(t)) return '0n'
    if (isRecord(t)) return 'sret'
    return '0'
  }

  private maxVaArea(n: Node | undefined): number {
    if (!n) return 0
    let m = 0
    const visit = (x: Node | undefined): void => {
      if (!x) return
      if (x.k === 'call' && this.callTy(x).variadic) m = Math.max(m, this.vaLayout(x).size + 8)
      visit(x.lhs); visit(x.rhs); visit(x.cond); visit(x.then); visit(x.els); visit(x.init); visit(x.inc)
      x.body?.forEach(visit)
      x.args?.forEach(visit)
    }
    visit(n)
    return m
  }

  /** AAPCS slots for a variadic call: fixed args occupy the first words (r0-r3, then stack). */
  /**
   * The function type a call is made with. An unprototyped call (implicit
   * declaration) of a variadic function, e.g. printf without <stdio.h>, works
   * on ARM because the ABI places the arguments identically; so use the
   * definition's type when the callee is known.
   */
  private callTy(call: Node): Type {
    const t = call.fnTy!
    if (!t.oldStyle || call.lhs!.k !== 'funcref') return t
    const v = call.lhs!.v!
    const d = this.pg.img.resolve.get(v) ?? v
    const dt = d.fn?.ty
    if (dt && dt.variadic && call.args!.length >= dt.params!.length) return dt
    return t
  }

  private vaLayout(call: Node): { first: number; slots: { off: number; arg: Node }[]; size: number } {
    const fty = this.callTy(call)
    const nfixed = fty.params!.length
    let word = isRecord(fty.ret!) ? 1 : 0 // sret pointer in r0
    const place = (ty: Type): number => {
      if (ty.align >= 8 || ty.size === 8) word = Math.ceil(word / 2) * 2
      const at = word
      word += Math.max(1, Math.ceil(ty.size / 4))
      return at
    }
    const args = call.args!
    for (let i = 0; i < nfixed && i < args.length; i++) place(args[i].ty)
    const first = word
    const slots: { off: number; arg: Node }[] = []
    for (let i = nfixed; i < args.length; i++) {
      const at = place(args[i].ty)
      slots.push({ off: (at - first) * 4, arg: args[i] })
    }
    return { first, slots, size: (word - first) * 4 }
  }

  // ---- statements ----------------------------------------------------------

  private stmt(n: Node): void {
    if (n.k !== 'block' && n.k !== 'label' && n.k !== 'case') this.stmtNo++
    if (this.usesSetjmp && n !== this.sjHandled && n.k !== 'block' && stmtCallsSetjmp(n)) {
      this.sjHandled = n
      this.setjmpRegion(() => this.stmt(n))
      return
    }
    switch (n.k) {
      case 'block':
        this.block(n.body!)
        return
      case 'exprstmt':
        this.emit(this.expr(n.lhs!, true) + ';')
        return
      case 'if':
        this.emit(`if (${this.cond(n.cond!)}) {`)
        this.indent++
        this.stmt(n.then!)
        this.indent--
        if (n.els) {
          this.emit('} else {')
          this.indent++
          this.stmt(n.els)
          this.indent--
        }
        this.emit('}')
        return
      case 'for': {
        const w = this.weight(n.then) + 1
        if (n.init) {
          this.emit('{')
          this.indent++
          this.stmt(n.init)
        }
        this.emit(`L${n.uid}: for (;${n.cond ? ' ' + this.cond(n.cond) : ''};${n.inc ? ' ' + this.expr(n.inc, true) : ''}) {`)
        this.indent++
        this.emit(this.check(w))
        this.stmt(n.then!)
        this.indent--
        this.emit('}')
        if (n.init) {
          this.indent--
          this.emit('}')
        }
        return
      }
      case 'do': {
        const w = this.weight(n.then) + 1
        this.emit(`L${n.uid}: do {`)
        this.indent++
        this.emit(this.check(w))
        this.stmt(n.then!)
        this.indent--
        this.emit(`} while (${this.cond(n.cond!)});`)
        return
      }
      case 'switch':
        this.switchStmt(n)
        return
      case 'case':
        throw new NeedsFlat("case label not directly inside the switch body is not supported by this compiler", n.loc)
      case 'break':
        this.emit(`break L${n.target!.uid};`)
        return
      case 'continue':
        this.emit(`continue L${n.target!.uid};`)
        return
      case 'return': {
        const rt = this.f.ty.ret!
        if (!n.lhs) {
          this.emit(`${this.epilogue()}return${rt.kind === 'void' ? '' : ' ' + this.zero(rt)};`)
          return
        }
        if (rt.kind === 'void') {
          this.emit(this.expr(n.lhs, true) + ';')
          this.emit(`${this.epilogue()}return;`)
          return
        }
        if (isRecord(rt)) {
          this.emit(`COPY(sret, ${this.expr(n.lhs)}, ${rt.size});`)
          this.emit(`${this.epilogue()}return sret;`)
          return
        }
        const t = this.tmp()
        this.emit(`${t} = ${this.expr(n.lhs)};`)
        this.emit(`${this.epilogue()}return ${t};`)
        return
      }
      case 'goto': {
        for (let i = this.dispatch.length - 1; i >= 0; i--) {
          const d = this.dispatch[i]
          const st = d.labels.get(n.label!)
          if (st !== undefined) {
            this.emit(`{ S${d.id} = ${st}; ${this.check(1)} continue D${d.id}; }`)
            return
          }
        }
        throw new NeedsFlat(`goto into a nested block ('${n.label}') is not supported by this compiler`, n.loc)
      }
      case 'label':
        // A label not at the top level of a dispatched block: just its statement.
        this.stmt(n.lhs!)
        return
      default:
        this.emit(this.expr(n, true) + ';')
    }
  }

  // ---- flat form ------------------------------------------------------------
  //
  // Every statement becomes straight-line code between numbered case labels of
  // one `switch (pc)` inside a loop; a jump is `pc = N; continue FL;`. Falling
  // through to the next case continues sequentially, so only jumps cost.

  private flatLabels = new Map<Node | string, number>()
  private flatNext = 1
  private flatLoops = new Map<Node, { brk: number; cont: number }>()

  private flatLabel(key: Node | string): number {
    let l = this.flatLabels.get(key)
    if (l === undefined) {
      l = this.flatNext++
      this.flatLabels.set(key, l)
    }
    return l
  }
  private jump(pc: number): string {
    return `{ pc = ${pc}; ${this.check(1)} continue FL; }`
  }
  private place(pc: number): void {
    this.indent--
    this.emit(`case ${pc}:`)
    this.indent++
  }

  private flatFunction(body: Node): void {
    this.emit('let pc = 0;')
    this.emit('FL: for (;;) {')
    this.indent++
    this.emit('switch (pc) {')
    this.emit('case 0:')
    this.indent++
    this.flat(body)
    this.indent--
    this.emit('}')
    this.emit('break;')
    this.indent--
    this.emit('}')
  }

  private flat(n: Node): void {
    switch (n.k) {
      case 'block':
        for (const s of n.body!) this.flat(s)
        return
      case 'if': {
        const els = this.flatNext++
        const end = this.flatNext++
        this.emit(`if (!${this.cond(n.cond!)}) ${this.jump(n.els ? els : end)}`)
        this.flat(n.then!)
        if (n.els) {
          this.emit(this.jump(end))
          this.place(els)
          this.flat(n.els)
        }
        this.place(end)
        return
      }
      case 'for': {
        const top = this.flatNext++
        const cont = this.flatNext++
        const brk = this.flatNext++
        this.flatLoops.set(n, { brk, cont })
        if (n.init) this.flat(n.init)
        this.place(top)
        if (n.cond) this.emit(`if (!${this.cond(n.cond)}) ${this.jump(brk)}`)
        this.flat(n.then!)
        this.place(cont)
        if (n.inc) this.emit(this.expr(n.inc, true) + ';')
        this.emit(this.jump(top))
        this.place(brk)
        return
      }
      case 'do': {
        const top = this.flatNext++
        const cont = this.flatNext++
        const brk = this.flatNext++
        this.flatLoops.set(n, { brk, cont })
        this.place(top)
        this.flat(n.then!)
        this.place(cont)
        this.emit(`if (${this.cond(n.cond!)}) ${this.jump(top)}`)
        this.place(brk)
        return
      }
      case 'switch': {
        const brk = this.flatNext++
        this.flatLoops.set(n, { brk, cont: -1 })
        const x = this.tmp()
        const wide = is64(n.cond!.ty)
        const lit = (v: bigint): string => (wide ? `${v}n` : numLit(Number(v)))
        this.emit(`${x} = ${this.expr(n.cond!)};`)
        for (const c of n.cases!) {
          const l = this.flatLabel(c.node)
          const test = c.lo === c.hi ? `${x} === ${lit(c.lo)}` : `${x} >= ${lit(c.lo)} && ${x} <= ${lit(c.hi)}`
          this.emit(`if (${test}) ${this.jump(l)}`)
        }
        this.emit(this.jump(n.defaultCase ? this.flatLabel(n.defaultCase) : brk))
        this.flat(n.then!)
        this.place(brk)
        return
      }
      case 'case':
        this.place(this.flatLabel(n))
        this.flat(n.lhs!)
        return
      case 'label':
        this.place(this.flatLabel('L:' + n.label))
        this.flat(n.lhs!)
        return
      case 'goto':
        this.emit(this.jump(this.flatLabel('L:' + n.label)))
        return
      case 'break':
        this.emit(this.jump(this.flatLoops.get(n.target!)!.brk))
        return
      case 'continue':
        this.emit(this.jump(this.flatLoops.get(n.target!)!.cont))
        return
      default:
        // Expressions and returns: as in the structured form.
        this.stmt(n)
    }
  }

  /** Rough instruction count of a statement, for the simulated clock. */
  private weight(n: Node | undefined): number {
    if (!n) return 0
    let w = 0
    const visit = (x: Node | undefined): void => {
      if (!x || w > 200) return
      w++
      visit(x.lhs); visit(x.rhs); visit(x.cond); visit(x.then); visit(x.els); visit(x.inc)
      x.body?.forEach(visit)
      x.args?.forEach(visit)
    }
    visit(n)
    return Math.max(1, w)
  }

  private block(body: Node[]): void {
    // Labels at this level that are goto targets need a dispatcher.
    const labelIdx: number[] = []
    body.forEach((s, i) => {
      if (s.k === 'label' && this.f.hasGoto) labelIdx.push(i)
    })
    if (!labelIdx.length) {
      const sj = this.usesSetjmp ? body.findIndex((s) => stmtCallsSetjmp(s)) : -1
      if (sj < 0) {
        // Blocks declaring VLAs give their stack back when left normally.
        const vla = body.some((s) => s.k === 'exprstmt' && s.lhs!.k === 'vla_alloc')
        const saved = vla ? this.tmp() : ''
        if (vla) this.emit(`${saved} = SP;`)
        for (const s of body) this.stmt(s)
        if (vla) this.emit(`SP = ${saved};`)
        return
      }
      for (const s of body.slice(0, sj)) this.stmt(s)
      this.sjHandled = body[sj]
      this.setjmpRegion(() => {
        for (const s of body.slice(sj)) this.stmt(s)
      })
      return
    }
    const id = this.nextId++
    const labels = new Map<string, number>()
    labelIdx.forEach((i, k) => {
      let s: Node | undefined = body[i]
      while (s && s.k === 'label') {
        labels.set(s.label!, k + 1)
        s = s.lhs
      }
    })
    this.dispatch.push({ id, labels })
    this.emit(`let S${id} = 0;`)
    this.emit(`D${id}: for (;;) {`)
    this.indent++
    this.emit(`switch (S${id}) {`)
    this.emit('case 0:')
    this.indent++
    let k = 0
    body.forEach((s, i) => {
      if (labelIdx.includes(i)) {
        k++
        this.indent--
        this.emit(`case ${k}:`)
        this.indent++
        let inner: Node = s
        while (inner.k === 'label') inner = inner.lhs!
        this.stmt(inner)
      } else this.stmt(s)
    })
    this.indent--
    this.emit('}')
    this.emit('break;')
    this.indent--
    this.emit('}')
    this.dispatch.pop()
  }

  /**
   * setjmp: the statements from the one calling setjmp to the end of the
   * block run in a loop with a catch for LongJmp carrying this frame's token;
   * a longjmp re-runs them from the setjmp statement, whose setjmp call now
   * yields the longjmp value (and restores SP and the call depth).
   */
  private setjmpRegion(emitBody: () => void): void {
    const id = this.nextId++
    const ctx = { v: this.tmp(), tok: this.tmp(), sp: this.tmp(), cd: this.tmp() }
    this.emit(`${ctx.v} = 0; ${ctx.tok} = -1;`)
    this.emit(`SJ${id}: for (;;) {`)
    this.indent++
    this.emit('try {')
    this.indent++
    this.sjCtx.push(ctx)
    emitBody()
    this.sjCtx.pop()
    this.indent--
    this.emit(`} catch (e) {`)
    this.emit(`  if (!(e instanceof LJ) || e.token !== ${ctx.tok}) throw e;`)
    this.emit(`  ${ctx.v} = e.value; SP = ${ctx.sp}; CD = ${ctx.cd}; continue SJ${id};`)
    this.emit('}')
    this.emit('break;')
    this.indent--
    this.emit('}')
  }

  private switchStmt(n: Node): void {
    const body = n.then!
    const list = body.k === 'block' ? body.body! : [body]
    // Every case must be at the top level of the body (no Duff's device).
    const top = new Set<Node>()
    for (const s of list) {
      let x: Node | undefined = s
      while (x && (x.k === 'case' || x.k === 'label')) {
        if (x.k === 'case') top.add(x)
        x = x.lhs
      }
    }
    for (const c of n.cases!) if (!top.has(c.node)) throw new NeedsFlat('case label inside a nested statement is not supported by this compiler', c.node.loc)
    if (n.defaultCase && !top.has(n.defaultCase)) throw new NeedsFlat('default label inside a nested statement is not supported by this compiler', n.defaultCase.loc)
    const ty = n.cond!.ty
    const wide = is64(ty)
    const lit = (v: bigint): string => (wide ? `${v}n` : numLit(Number(v)))
    const big = n.cases!.some((c) => c.hi - c.lo > 64n)
    const x = this.tmp()
    this.emit(`${x} = ${this.expr(n.cond!)};`)
    let sel = x
    if (big) {
      // Range selector: map the value to the index of its case.
      const parts = n.cases!.map((c, i) => `(${x} >= ${lit(c.lo)} && ${x} <= ${lit(c.hi)}) ? ${i}`)
      sel = `(${parts.join(' : ')} : -1)`
    }
    this.emit(`L${n.uid}: switch (${sel}) {`)
    this.indent++
    let labelled = false
    for (const s of list) {
      let x2: Node = s
      const labels: string[] = []
      while (x2.k === 'case' || (x2.k === 'label' && false)) {
        if (x2 === n.defaultCase) labels.push('default:')
        else {
          const ci = n.cases!.findIndex((c) => c.node === x2)
          const c = n.cases![ci]
          if (big) labels.push(`case ${ci}:`)
          else for (let v = c.lo; v <= c.hi; v++) labels.push(`case ${lit(v)}:`)
        }
        x2 = x2.lhs!
      }
      if (labels.length || x2 !== s || !labelled) {
        // Dead code before the first case, or an empty case range, still needs a label (NaN never matches).
        this.indent--
        this.emit(labels.length ? labels.join(' ') : 'case NaN:')
        this.indent++
        labelled = true
      }
      this.stmt(x2)
    }
    this.indent--
    this.emit('}')
  }

  // ---- expressions -----------------------------------------------------------

  /** Condition as a JS boolean expression. */
  cond(n: Node): string {
    switch (n.k) {
      case 'binop':
        if (['==', '!=', '<', '<=', '>', '>='].includes(n.op!)) {
          const op = n.op === '==' ? '===' : n.op === '!=' ? '!==' : n.op!
          return `(${this.expr(n.lhs!)} ${op} ${this.expr(n.rhs!)})`
        }
        break
      case 'logand':
        return `(${this.cond(n.lhs!)} && ${this.cond(n.rhs!)})`
      case 'logor':
        return `(${this.cond(n.lhs!)} || ${this.cond(n.rhs!)})`
      case 'not':
        return `!${this.cond(n.lhs!)}`
      case 'num':
        return isF(n.ty) ? String(Number(n.val) !== 0) : String(BigInt(n.val!) !== 0n)
    }
    const v = this.expr(n)
    if (is64(n.ty)) return `(${v} !== 0n)`
    if (isF(n.ty)) return `(${v} !== 0)`
    return `(${v} !== 0)`
  }

  private addrOfLocal(v: Var): string {
    const off = this.frameOff.get(v)
    if (off === undefined) throw new Unsupported(`internal: no frame slot for '${v.name}'`)
    return off ? `(fp + ${off})` : 'fp'
  }

  /** Address of an lvalue (or of an aggregate rvalue). */
  addr(n: Node): string {
    switch (n.k) {
      case 'var': {
        const v = n.v!
        if (v.kind === 'global') return String(this.pg.globalAddr(v))
        if (v.ty.vla) return this.names.get(v)!
        return this.addrOfLocal(v)
      }
      case 'funcref':
        return String(this.pg.globalAddr(n.v!))
      case 'deref':
        return this.expr(n.lhs!)
      case 'member': {
        const base = isRecord(n.lhs!.ty) && (n.lhs!.k === 'var' || n.lhs!.k === 'deref' || n.lhs!.k === 'member') ? this.addr(n.lhs!) : this.expr(n.lhs!)
        const off = n.member!.offset
        return off ? `(${base} + ${off})` : base
      }
      case 'comma':
        return `(${this.expr(n.lhs!, true)}, ${this.addr(n.rhs!)})`
      case 'cast':
        return this.addr(n.lhs!)
      default:
        if (isRecord(n.ty) || n.ty.kind === 'array') return this.expr(n)
        throw new Unsupported('internal: not an lvalue', n.loc)
    }
  }

  private load(ty: Type, a: string): string {
    if (isRecord(ty) || ty.kind === 'array' || ty.kind === 'func') return a
    if (isF(ty)) return this.inlLoadF(ty.size, a)
    switch (ty.size) {
      case 1:
        return ty.unsigned ? this.inlLoad('u8', 0, a, 'load8') : `(${this.inlLoad('u8', 0, a, 'load8')} << 24 >> 24)`
      case 2:
        return ty.unsigned ? this.inlLoad('u16', 1, a, 'load16') : `(${this.inlLoad('u16', 1, a, 'load16')} << 16 >> 16)`
      case 4:
        return ty.unsigned || ty.kind === 'ptr' ? `(${this.inlLoad('i32', 2, a, 'load32')} >>> 0)` : this.inlLoad('i32', 2, a, 'load32')
      case 8: {
        // 8-aligned: within one page; the words go through the shared BigInt64/BigUint64 views.
        const t = this.tmp()
        const p = this.tmp()
        const slow = ty.unsigned ? `BigInt.asUintN(64, M.load64(${t}))` : `M.load64(${t})`
        return `(${t} = ${a}, (${p} = FPG[${t} >>> 12]) !== undefined && (${t} & 7) === 0 ? (CVI[0] = ${p}.i32[(${t} & 4095) >> 2], CVI[1] = ${p}.i32[((${t} & 4095) >> 2) + 1], ${ty.unsigned ? 'CVU' : 'CVL'}[0]) : ${slow})`
      }
    }
    return `L32(${a})`
  }

  /**
   * Inline fast-path memory access: look the page up in FPG and index its
   * typed array; unaligned, unmapped or read-only accesses call the memory
   * interface. Temps keep the address (and the value) evaluated once.
   */
  private inlLoad(view: string, shift: number, a: string, slow: string): string {
    const t = this.tmp()
    const p = this.tmp()
    const align = shift ? ` && (${t} & ${(1 << shift) - 1}) === 0` : ''
    return `(${t} = ${a}, (${p} = FPG[${t} >>> 12]) !== undefined${align} ? ${p}.${view}[(${t} & 4095)${shift ? ` >> ${shift}` : ''}] : M.${slow}(${t}))`
  }

  private inlStore(view: string, shift: number, a: string, v: string, slow: string): string {
    const t = this.tmp()
    const p = this.tmp()
    const x = this.tmp()
    const align = shift ? ` && (${t} & ${(1 << shift) - 1}) === 0` : ''
    return `(${t} = ${a}, ${x} = ${v}, (${p} = FPG[${t} >>> 12]) !== undefined && ${p}.w${align} ? (${p}.${view}[(${t} & 4095)${shift ? ` >> ${shift}` : ''}] = ${x}) : M.${slow}(${t}, ${x}))`
  }

  /**
   * Inline fast-path float access: the bits go through the shared CVI/CVF
   * views (as the LF/SF helpers do); a double must be 8-aligned (so within
   * one page), anything else takes the helper.
   */
  private inlLoadF(size: number, a: string): string {
    const t = this.tmp()
    const p = this.tmp()
    if (size === 4) return `(${t} = ${a}, (${p} = FPG[${t} >>> 12]) !== undefined && (${t} & 3) === 0 ? (CVI[0] = ${p}.i32[(${t} & 4095) >> 2], CVF32[0]) : LF32(${t}))`
    return `(${t} = ${a}, (${p} = FPG[${t} >>> 12]) !== undefined && (${t} & 7) === 0 ? (CVI[0] = ${p}.i32[(${t} & 4095) >> 2], CVI[1] = ${p}.i32[((${t} & 4095) >> 2) + 1], CVF[0]) : LF64(${t}))`
  }

  private inlStoreF(size: number, a: string, v: string): string {
    const t = this.tmp()
    const p = this.tmp()
    const x = this.tmp()
    if (size === 4) return `(${t} = ${a}, ${x} = ${v}, (${p} = FPG[${t} >>> 12]) !== undefined && ${p}.w && (${t} & 3) === 0 ? (CVF32[0] = ${x}, ${p}.i32[(${t} & 4095) >> 2] = CVI[0]) : SF32(${t}, ${x}))`
    return `(${t} = ${a}, ${x} = ${v}, (${p} = FPG[${t} >>> 12]) !== undefined && ${p}.w && (${t} & 7) === 0 ? (CVF[0] = ${x}, ${p}.i32[(${t} & 4095) >> 2] = CVI[0], ${p}.i32[((${t} & 4095) >> 2) + 1] = CVI[1]) : SF64(${t}, ${x}))`
  }

  private store(ty: Type, a: string, v: string): string {
    if (isRecord(ty)) return `COPY(${a}, ${v}, ${ty.size})`
    if (isF(ty)) return this.inlStoreF(ty.size, a, v)
    switch (ty.size) {
      case 1: return this.inlStore('u8', 0, a, v, 'store8')
      case 2: return this.inlStore('u16', 1, a, v, 'store16')
      case 8: {
        const t = this.tmp()
        const p = this.tmp()
        const x = this.tmp()
        return `(${t} = ${a}, ${x} = ${v}, (${p} = FPG[${t} >>> 12]) !== undefined && ${p}.w && (${t} & 7) === 0 ? (CVL[0] = ${x}, ${p}.i32[(${t} & 4095) >> 2] = CVI[0], ${p}.i32[((${t} & 4095) >> 2) + 1] = CVI[1]) : M.store64(${t}, ${x}))`
      }
      default: return this.inlStore('i32', 2, a, v, 'store32')
    }
  }

  /** Prepare an lvalue: returns setup code (may be '') and the LV descriptor. */
  private lval(n: Node): { pre: string; lv: LV } {
    if (n.k === 'var' && this.names.has(n.v!)) {
      return { pre: '', lv: { kind: 'reg', name: this.names.get(n.v!)!, ty: n.ty } }
    }
    const t = this.tmp()
    if (n.k === 'member' && n.member!.bitWidth !== undefined) {
      const m = n.member!
      return {
        pre: `${t} = ${this.addr(n)}`,
        lv: { kind: 'bf', name: t, ty: n.ty, bitWidth: m.bitWidth, bitOffset: m.bitOffset, unitTy: m.ty }
      }
    }
    return { pre: `${t} = ${this.addr(n)}`, lv: { kind: 'mem', name: t, ty: n.ty } }
  }

  private getLV(lv: LV): string {
    if (lv.kind === 'reg') return lv.name
    if (lv.kind === 'mem') return this.load(lv.ty, lv.name)
    return this.bfLoad(lv)
  }

  /** Store `v` (a simple JS expression, evaluated once) into lv; evaluates to nothing useful. */
  private setLV(lv: LV, v: string): string {
    if (lv.kind === 'reg') return `${lv.name} = ${v}`
    if (lv.kind === 'mem') return this.store(lv.ty, lv.name, v)
    return this.bfStore(lv, v)
  }

  private bfLoad(lv: LV): string {
    const u = lv.unitTy!
    const w = lv.bitWidth!
    const o = lv.bitOffset!
    if (u.size === 8) {
      const raw = `BigInt.asUintN(64, M.load64(${lv.name}))`
      const x = `((${raw} >> ${o}n) & ${(1n << BigInt(w)) - 1n}n)`
      return u.unsigned ? x : `BigInt.asIntN(${w}, ${x})`
    }
    const raw = u.size === 1 ? `L8(${lv.name})` : u.size === 2 ? `L16(${lv.name})` : `L32(${lv.name})`
    if (u.unsigned) {
      if (w === 32) return `(${raw} >>> 0)`
      return `((${raw} >>> ${o}) & ${2 ** w - 1})`
    }
    return `((${raw} << ${32 - o - w}) >> ${32 - w})`
  }

  private bfStore(lv: LV, v: string): string {
    const u = lv.unitTy!
    const w = lv.bitWidth!
    const o = lv.bitOffset!
    if (u.size === 8) {
      const mask = ((1n << BigInt(w)) - 1n) << BigInt(o)
      return `M.store64(${lv.name}, (BigInt.asUintN(64, M.load64(${lv.name})) & ${BigInt.asUintN(64, ~mask)}n) | ((BigInt.asUintN(64, ${v}) << ${o}n) & ${mask}n))`
    }
    const mask = w === 32 ? 0xffffffff : ((2 ** w - 1) * 2 ** o) >>> 0
    const ld = u.size === 1 ? 'L8' : u.size === 2 ? 'L16' : 'L32'
    const st = u.size === 1 ? 'S8' : u.size === 2 ? 'S16' : 'S32'
    return `${st}(${lv.name}, (${ld}(${lv.name}) & ${~mask}) | ((${v} << ${o}) & ${mask | 0}))`
  }

  /** Truncate a bit-field value as reading it back would give (for the value of an assignment). */
  private bfValue(lv: LV, v: string): string {
    const w = lv.bitWidth!
    const u = lv.unitTy!
    if (u.size === 8) return u.unsigned ? `(${v} & ${(1n << BigInt(w)) - 1n}n)` : `BigInt.asIntN(${w}, ${v})`
    if (u.unsigned) return w === 32 ? `(${v} >>> 0)` : `(${v} & ${2 ** w - 1})`
    return `((${v} << ${32 - w}) >> ${32 - w})`
  }

  /** Convert a canonical value of type `from` to type `to`. */
  conv(v: string, from: Type, to: Type): string {
    if (to.kind === 'void') return v
    if (isRecord(to) || to.kind === 'array' || to.kind === 'func') return v
    const fromTy = from.kind === 'array' || from.kind === 'func' ? { ...from, kind: 'ptr' as const, size: 4, unsigned: true } : from
    if (to.kind === 'int' && to.rank === 0) {
      if (is64(fromTy)) return `(${v} !== 0n ? 1 : 0)`
      if (isF(fromTy)) return `(${v} !== 0 ? 1 : 0)`
      return `(${v} ? 1 : 0)`
    }
    if (isF(to)) {
      if (isF(fromTy)) return to.size === 4 && fromTy.size !== 4 ? `Math.fround(${v})` : v
      if (is64(fromTy)) return to.size === 4 ? `Math.fround(Number(${v}))` : `Number(${v})`
      return to.size === 4 ? `Math.fround(${v})` : v
    }
    const toU = to.unsigned || to.kind === 'ptr'
    if (is64(to)) {
      if (is64(fromTy)) return fromTy.unsigned === toU ? v : toU ? `BigInt.asUintN(64, ${v})` : `BigInt.asIntN(64, ${v})`
      if (isF(fromTy)) return toU ? `F2UL(${v})` : `F2L(${v})`
      return toU && !(fromTy.unsigned || fromTy.kind === 'ptr') ? `BigInt.asUintN(64, BigInt(${v}))` : `BigInt(${v})`
    }
    // to: integer of <= 32 bits or pointer
    let x: string
    let fromBits = 32
    let fromU = fromTy.unsigned || fromTy.kind === 'ptr'
    if (is64(fromTy)) {
      x = `Number(BigInt.asIntN(32, ${v}))`
      fromU = false
    } else if (isF(fromTy)) {
      x = toU && to.size === 4 ? `F2U(${v})` : `F2I(${v})`
      fromU = toU && to.size === 4
    } else {
      x = /^[\w.$]+$/.test(v) ? v : `(${v})`
      fromBits = fromTy.size * 8
    }
    switch (to.size) {
      case 1:
        if (fromBits === 8 && fromU === to.unsigned) return x
        return to.unsigned ? `(${x} & 255)` : `(${x} << 24 >> 24)`
      case 2:
        if (fromBits <= 16 && (fromU === to.unsigned ? true : fromBits < 16 && fromU)) return x
        return to.unsigned ? `(${x} & 65535)` : `(${x} << 16 >> 16)`
      default:
        if (fromU === toU && !is64(fromTy)) return x
        if (!toU && fromBits < 32) return x
        if (toU && !fromU && fromBits < 32 && false) return x
        return toU ? `(${x} >>> 0)` : `(${x} | 0)`
    }
  }

  /** Binary arithmetic in type ty (operands canonical of ty; shifts: rhs int). */
  private arith(op: string, ty: Type, a: string, b: string): string {
    if (isF(ty)) {
      const r = op === '%' ? `(${a} % ${b})` : `(${a} ${op} ${b})`
      return ty.size === 4 ? `Math.fround${r}` : r
    }
    if (is64(ty)) {
      const W = ty.unsigned ? 'BigInt.asUintN' : 'BigInt.asIntN'
      switch (op) {
        case '+': case '-': case '*': return `${W}(64, ${a} ${op} ${b})`
        // A non-zero constant divisor cannot trap: the helpers' arithmetic inline.
        case '/':
          if (/^\d+n$/.test(b) && b !== '0n') return ty.unsigned ? `(${a} / ${b})` : `BigInt.asIntN(64, ${a} / ${b})`
          return ty.unsigned ? `UDIV64(${a}, ${b})` : `DIV64(${a}, ${b})`
        case '%':
          if (/^\d+n$/.test(b) && b !== '0n') return `(${a} % ${b})`
          return ty.unsigned ? `UMOD64(${a}, ${b})` : `MOD64(${a}, ${b})`
        case '&': case '|': case '^': return `(${a} ${op} ${b})`
        case '<<':
          if (/^\d+$/.test(b) && Number(b) < 64) return `${W}(64, ${a} << ${b}n)`
          return `SHL64(${a}, ${b}, ${ty.unsigned})`
        case '>>':
          // BigInt >> is arithmetic, which is right for both: unsigned values are non-negative.
          if (/^\d+$/.test(b) && Number(b) < 64) return `(${a} >> ${b}n)`
          return ty.unsigned ? `SHR64(${a}, ${b})` : `SAR64(${a}, ${b})`
      }
    }
    const u = ty.unsigned || ty.kind === 'ptr'
    const fix = (x: string): string => (u ? `((${x}) >>> 0)` : `((${x}) | 0)`)
    const constShift = /^\d+$/.test(b) ? Number(b) : -1
    switch (op) {
      case '+': case '-': return fix(`${a} ${op} ${b}`)
      case '*': return u ? `(Math.imul(${a}, ${b}) >>> 0)` : `Math.imul(${a}, ${b})`
      // A non-zero constant divisor cannot trap: the helpers' arithmetic inline.
      case '/':
        if (constShift > 0) return u ? `((${a} / ${b}) >>> 0)` : `((${a} / ${b}) | 0)`
        return u ? `UDIV(${a}, ${b})` : `DIV(${a}, ${b})`
      case '%':
        if (constShift > 0) return u ? `(${a} % ${b})` : `((${a} % ${b}) | 0)`
        return u ? `UMOD(${a}, ${b})` : `MOD(${a}, ${b})`
      case '&': case '|': case '^': return fix(`${a} ${op} ${b}`)
      case '<<':
        if (constShift >= 0 && constShift < 32) return fix(`${a} << ${constShift}`)
        return u ? `(SHL(${a}, ${b}) >>> 0)` : `SHL(${a}, ${b})`
      case '>>':
        if (constShift >= 0 && constShift < 32) return u ? `(${a} >>> ${constShift})` : `(${a} >> ${constShift})`
        return u ? `SHR(${a}, ${b})` : `SAR(${a}, ${b})`
    }
    throw new Unsupported(`internal: operator ${op}`)
  }

  private numLitTy(n: Node): string {
    if (is64(n.ty)) return `${BigInt(n.val!)}n`
    if (isF(n.ty)) return numLit(Number(n.val))
    let v = Number(n.val)
    if (n.ty.unsigned || n.ty.kind === 'ptr') v = v >>> 0
    else if (n.ty.size === 4) v = v | 0
    return numLit(v)
  }

  /** Expression value as canonical JS; `discard` when the value is unused. */
  expr(n: Node, discard = false): string {
    switch (n.k) {
      case 'num':
        return this.numLitTy(n)
      case 'nop':
        return '0'
      case 'var': {
        const v = n.v!
        const name = this.names.get(v)
        if (name) return name
        if (v.kind !== 'global' && !this.frameOff.has(v)) throw new Unsupported(`internal: unknown variable '${v.name}'`, n.loc)
        return this.load(n.ty, this.addr(n))
      }
      case 'funcref':
        return String(this.pg.globalAddr(n.v!))
      case 'addr':
        return this.addr(n.lhs!)
      case 'deref':
        return this.load(n.ty, this.expr(n.lhs!))
      case 'member': {
        if (n.member!.bitWidth !== undefined) {
          const { pre, lv } = this.lval(n)
          return `(${pre}, ${this.getLV(lv)})`
        }
        return this.load(n.ty, this.addr(n))
      }
      case 'cast': {
        const inner = this.expr(n.lhs!, discard && n.ty.kind === 'void')
        if (n.ty.kind === 'void') return inner
        return this.conv(inner, n.lhs!.ty, n.ty)
      }
      case 'comma':
        return `(${this.expr(n.lhs!, true)}, ${this.expr(n.rhs!, discard)})`
      case 'assign':
        return this.assign(n, discard)
      case 'opassign':
        return this.opassign(n, discard)
      case 'preinc':
      case 'postinc':
        return this.incdec(n, discard)
      case 'binop': {
        const op = n.op!
        if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return `(${this.cond(n)} ? 1 : 0)`
        return this.arith(op, n.ty, this.expr(n.lhs!), this.expr(n.rhs!))
      }
      case 'logand':
      case 'logor':
      case 'not':
        return `(${this.cond(n)} ? 1 : 0)`
      case 'neg': {
        const a = this.expr(n.lhs!)
        if (isF(n.ty)) return `(-${a})`
        if (is64(n.ty)) return n.ty.unsigned ? `BigInt.asUintN(64, -${a})` : `BigInt.asIntN(64, -${a})`
        return n.ty.unsigned ? `(-${a} >>> 0)` : `(-${a} | 0)`
      }
      case 'bitnot': {
        const a = this.expr(n.lhs!)
        if (is64(n.ty)) return n.ty.unsigned ? `BigInt.asUintN(64, ~${a})` : `(~${a})`
        return n.ty.unsigned ? `(~${a} >>> 0)` : `(~${a})`
      }
      case 'cond': {
        if (!n.then) {
          // a ?: b
          const t = this.tmp()
          const tv = this.conv(t, n.cond!.ty, n.ty)
          return `((${t} = ${this.expr(n.cond!)}), ${this.condOf(t, n.cond!.ty)} ? ${tv} : ${this.expr(n.els!, discard)})`
        }
        return `(${this.cond(n.cond!)} ? ${this.expr(n.then, discard)} : ${this.expr(n.els!, discard)})`
      }
      case 'call':
        return this.call(n)
      case 'stmtexpr':
        return this.stmtExpr(n, discard)
      case 'vla_alloc': {
        // Re-executing a VLA declaration (a loop, or a goto back before it) first frees
        // what it and everything after it allocated: SP goes back to where it was the first time.
        const saved = this.tmp()
        return `(${saved} === undefined ? (${saved} = SP) : (SP = ${saved}), ${this.names.get(n.v!)} = SP = (SP - ((${this.expr(n.lhs!)} + 7) & ~7)) >>> 0)`
      }
      case 'memzero':
        return `ZERO(${this.addrOfLocal(n.v!)}, ${n.v!.ty.size})`
      case 'builtin':
        return this.builtin(n)
      case 'va_start': {
        const { pre, lv } = this.lval(n.lhs!)
        return `(${pre ? pre + ', ' : ''}${this.setLV(lv, 'va')}, 0)`
      }
      case 'va_arg': {
        const { pre, lv } = this.lval(n.lhs!)
        const ty = n.ty
        const al = ty.align >= 8 || ty.size === 8 ? 8 : 4
        const sz = Math.max(4, Math.ceil(ty.size / 4) * 4)
        const a = this.tmp()
        const cur = this.getLV(lv)
        const aligned = al === 8 ? `((${cur} + 7) & ~7) >>> 0` : cur
        return `(${pre ? pre + ', ' : ''}${a} = ${aligned}, ${this.setLV(lv, `(${a} + ${sz}) >>> 0`)}, ${this.load(ty, a)})`
      }
      case 'funcref' as never:
        return '0'
      default:
        if (n.k === 'block' || n.k === 'exprstmt') throw new Unsupported('internal: statement in expression', n.loc)
        throw new Unsupported(`internal: cannot generate ${n.k}`, n.loc)
    }
  }

  private condOf(v: string, ty: Type): string {
    if (is64(ty)) return `(${v} !== 0n)`
    return `(${v} !== 0)`
  }

  private assign(n: Node, discard: boolean): string {
    const lhs = n.lhs!
    const ty = lhs.ty
    if (isRecord(ty)) {
      const d = this.tmp()
      return `(${d} = ${this.addr(lhs)}, COPY(${d}, ${this.expr(n.rhs!)}, ${ty.size}), ${d})`
    }
    const { pre, lv } = this.lval(lhs)
    const rhs = this.expr(n.rhs!)
    if (lv.kind === 'reg') return discard ? `${lv.name} = ${rhs}` : `(${lv.name} = ${rhs})`
    const v = this.tmp()
    const val = lv.kind === 'bf' ? this.bfValue(lv, v) : v
    // Evaluate the address first (C leaves the order unspecified; gcc -O0 evaluates the rhs first,
    // but both are fine unless the program is undefined).
    return `(${pre}, ${v} = ${rhs}, ${this.setLV(lv, v)}${discard ? '' : `, ${val}`})`
  }

  private opassign(n: Node, discard: boolean): string {
    const lhs = n.lhs!
    const { pre, lv } = this.lval(lhs)
    const opTy = n.opTy!
    // gcc evaluates the right operand before reading the left one (x[0] |= f() sees f's store).
    const r = this.tmp()
    const rhs = this.expr(n.rhs!)
    const cur = this.conv(this.getLV(lv), lhs.ty, opTy)
    const res = this.conv(this.arith(n.op!, opTy, cur, r), opTy, lhs.ty)
    if (lv.kind === 'reg') return `(${r} = ${rhs}, ${lv.name} = ${res})`
    const v = this.tmp()
    return `(${pre}, ${r} = ${rhs}, ${v} = ${res}, ${this.setLV(lv, v)}${discard ? '' : `, ${lv.kind === 'bf' ? this.bfValue(lv, v) : v}`})`
  }

  private incdec(n: Node, discard: boolean): string {
    const lhs = n.lhs!
    const ty = lhs.ty
    const d = n.val as number
    const { pre, lv } = this.lval(lhs)
    const addInt = (x: string): string => {
      if (is64(ty)) return ty.unsigned ? `BigInt.asUintN(64, ${x} + ${d}n)` : `BigInt.asIntN(64, ${x} + ${d}n)`
      if (isF(ty)) return ty.size === 4 ? `Math.fround(${x} + ${d})` : `(${x} + ${d})`
      if (ty.kind === 'ptr') return `((${x} + ${d}) >>> 0)`
      if (ty.kind === 'int' && ty.rank === 0) return d > 0 ? '1' : `(${x} ? 0 : 1)`
      switch (ty.size) {
        case 1: return ty.unsigned ? `((${x} + ${d}) & 255)` : `((${x} + ${d}) << 24 >> 24)`
        case 2: return ty.unsigned ? `((${x} + ${d}) & 65535)` : `((${x} + ${d}) << 16 >> 16)`
        default: return ty.unsigned ? `((${x} + ${d}) >>> 0)` : `((${x} + ${d}) | 0)`
      }
    }
    if (lv.kind === 'reg') {
      if (n.k === 'preinc' || discard) return `(${lv.name} = ${addInt(lv.name)})`
      const t = this.tmp()
      return `(${t} = ${lv.name}, ${lv.name} = ${addInt(t)}, ${t})`
    }
    const old = this.tmp()
    const nv = this.tmp()
    const res = n.k === 'preinc' ? (lv.kind === 'bf' ? this.bfValue(lv, nv) : nv) : old
    return `(${pre}, ${old} = ${this.getLV(lv)}, ${nv} = ${addInt(old)}, ${this.setLV(lv, nv)}, ${res})`
  }

  private call(n: Node): string {
    const fty = this.callTy(n)
    const args = n.args!
    if (isSetjmpCall(n)) {
      const ctx = this.sjCtx[this.sjCtx.length - 1]
      const buf = this.expr(args[0])
      if (!ctx) return `SJ(${buf}, -1)`
      const t = this.tmp()
      return `(${ctx.tok} = SJ(${buf}, 0), ${ctx.sp} = SP, ${ctx.cd} = CD, ${t} = ${ctx.v}, ${ctx.v} = 0, ${t})`
    }
    const nfixed = fty.oldStyle ? args.length : Math.min(fty.params!.length, args.length)
    const parts: string[] = []
    const pre: string[] = []
    if (n.v) parts.push(this.addr({ k: 'var', ty: n.v.ty, loc: n.loc, v: n.v }))
    // Evaluate arguments left to right into temps (the callee may be evaluated after).
    const vals: string[] = []
    for (const a of args) {
      const t = this.tmp()
      pre.push(`${t} = ${this.expr(a)}`)
      vals.push(t)
    }
    for (let i = 0; i < nfixed; i++) parts.push(vals[i])
    if (fty.variadic) {
      const layout = this.vaLayout(n)
      // The area starts 8-aligned at r0's slot; the variadic part starts at word `first`.
      // r0's slot is 8-aligned (fp and the area are), so 64-bit slots land 8-aligned as on AAPCS.
      const va = this.tmp()
      pre.push(`${va} = fp + ${this.vaArea + (layout.first % 2) * 4}`)
      layout.slots.forEach((s) => {
        const idx = args.indexOf(s.arg)
        const ty = s.arg.ty
        const at = `(${va} + ${s.off})`
        if (isRecord(ty)) pre.push(`COPY(${at}, ${vals[idx]}, ${ty.size})`)
        else if (isF(ty)) pre.push(`SF64(${at}, ${vals[idx]})`)
        else if (is64(ty)) pre.push(`M.store64(${at}, ${vals[idx]})`)
        else pre.push(`S32(${at}, ${vals[idx]})`)
      })
      parts.push(va)
    }
    let callee: string
    if (n.lhs!.k === 'funcref') {
      const c = this.pg.directCallee(n.lhs!.v!)
      if (!c) return `TRAP(0)`
      callee = c
    } else if (this.res) {
      // Resumable: the target's FG flag says whether it is a generator (to delegate to) or plain.
      const t = this.tmp()
      const a = parts.join(', ')
      pre.push(`${t} = FPI(${this.expr(n.lhs!)})`)
      callee = `(FG[${t}] === 1 ? (yield* FT[${t}](${a})) : FT[${t}](${a}))`
    } else {
      callee = `FP(${this.expr(n.lhs!)})`
    }
    let call = callee.startsWith('(') ? callee : `${callee}(${parts.join(', ')})`
    if (this.res && callee.startsWith('F') && this.pg.isGen[Number(callee.slice(1))]) call = `(yield* ${call})`
    else if (this.res && callee.startsWith('N') && this.pg.blocking.has(this.pg.img.natives[Number(callee.slice(1))]!)) {
      // A blocking native: its value, or (it returned BLK) wait for its request and call it again.
      const r = this.tmp()
      call = `((${r} = ${call}) !== BLK ? ${r} : (yield* BLOCKED(${callee}, [${parts.join(', ')}])))`
    } else if (this.res && callee.startsWith('N') && this.pg.preempting.has(this.pg.img.natives[Number(callee.slice(1))]!)) {
      // A preempting native: its value, after the preemption point it may have asked for.
      const r = this.tmp()
      call = `(${r} = ${call}, PRE && (PRE = false, yield PY), ${r})`
    }
    const rt = fty.ret!
    // Natives return plain JS values: normalise them to the C type.
    let res = call
    if (callee.startsWith('N')) {
      if (rt.kind === 'void') res = call
      else if (is64(rt)) res = rt.unsigned ? `BigInt.asUintN(64, BigInt(${call}))` : `BigInt.asIntN(64, BigInt(${call}))`
      else if (isF(rt)) res = rt.size === 4 ? `Math.fround(${call})` : `(+${call})`
      else if (isRecord(rt)) res = call
      else res = this.conv(`(${call} | 0)`, INT32, rt)
    }
    if (rt.kind === 'void') res = `(${res}, 0)`
    return pre.length ? `(${pre.join(', ')}, ${res})` : res
  }

  private stmtExpr(n: Node, discard: boolean): string {
    const body = n.body!
    // Declarations and expressions only: a comma expression (no closure).
    const simple = body.every((s) => s.k === 'exprstmt' || (s.k === 'block' && s.body!.length === 0))
    if (simple) {
      const parts = body.filter((s) => s.k === 'exprstmt').map((s, i, arr) => this.expr(s.lhs!, discard || i < arr.length - 1 || n.ty.kind === 'void'))
      if (!parts.length) return '0'
      if (n.ty.kind === 'void') parts.push('0')
      return `(${parts.join(', ')})`
    }
    // General case: an arrow function (break/continue/goto out of it are not supported);
    // in a generator a generator function delegated to, since its body may yield.
    const save = this.lines
    const saveIndent = this.indent
    this.lines = []
    this.indent = 1
    const last = body[body.length - 1]
    const rest = last && last.k === 'exprstmt' && n.ty.kind !== 'void' ? body.slice(0, -1) : body
    this.block(rest)
    const ret = rest !== body ? this.expr(last.lhs!) : '0'
    const inner = this.lines
    this.lines = save
    this.indent = saveIndent
    if (this.isGen) return `(yield* (function* () {\n${inner.join('\n')}\n return ${ret}; })())`
    return `(() => {\n${inner.join('\n')}\n return ${ret}; })()`
  }

  private builtin(n: Node): string {
    const a = n.args!.map((x) => this.expr(x))
    const t = n.args![0]?.ty
    const w = t && t.size === 8
    switch (n.name) {
      case 'overflow': {
        const rt = n.opTy!
        return `OVF(${JSON.stringify(n.op)}, ${a[0]}, ${a[1]}, ${a[2]}, ${rt.size}, ${rt.unsigned || rt.kind === 'ptr'})`
      }
      case 'trap': return 'TRAP(1)'
      case 'abort': return 'TRAP(2)'
      case 'clz': return w ? `CLZ(${a[0]}, 64)` : `CLZ(${a[0]}, 32)`
      case 'ctz': return w ? `CTZ(${a[0]}, 64)` : `CTZ(${a[0]}, 32)`
      case 'popcount': return `POPC(${a[0]})`
      case 'parity': return `(POPC(${a[0]}) & 1)`
      case 'ffs': return w ? `(${a[0]} === 0n ? 0 : CTZ(${a[0]}, 64) + 1)` : `(${a[0]} === 0 ? 0 : CTZ(${a[0]}, 32) + 1)`
      case 'clrsb': return w ? `(CLZ(${a[0]} < 0n ? ~${a[0]} : ${a[0]}, 64) - 1)` : `(CLZ(${a[0]} < 0 ? ~${a[0]} : ${a[0]}, 32) - 1)`
      case 'bswap16': return `BSWAP16(${a[0]})`
      case 'bswap32': return `BSWAP32(${a[0]})`
      case 'bswap64': return `BSWAP64(${a[0]})`
    }
    throw new Unsupported(`unsupported builtin '${n.name}'`, n.loc)
  }
}

const SETJMP_NAMES = new Set(['setjmp', '_setjmp', '__sigsetjmp', 'sigsetjmp'])

function isSetjmpCall(n: Node): boolean {
  return n.k === 'call' && n.lhs!.k === 'funcref' && SETJMP_NAMES.has(n.lhs!.v!.name)
}

/** Does this statement call setjmp in its own expressions (not in sub-statements)? */
function stmtCallsSetjmp(s: Node): boolean {
  let found = false
  const visit = (x: Node | undefined): void => {
    if (!x || found) return
    if (isSetjmpCall(x)) {
      found = true
      return
    }
    visit(x.lhs); visit(x.rhs); visit(x.cond); visit(x.then); visit(x.els)
    x.args?.forEach(visit)
  }
  switch (s.k) {
    case 'exprstmt': case 'return': visit(s.lhs); break
    case 'if': case 'switch': visit(s.cond); break
    case 'label': case 'case': return stmtCallsSetjmp(s.lhs!)
  }
  return found
}

/**
 * Debug information of a generated program: for JS line L (1-based),
 * lineFn[L] is the function index and lineStmt[L] the C statement number;
 * probeLine is the line of PROBE(), used to learn how the JS engine numbers
 * lines of `new Function` code.
 */
export interface DebugInfo {
  lineFn: number[]
  lineStmt: number[]
  stmtCount: number[]
  probeLine: number
}

export function generate(img: Image, diags: DiagList, opts: GenOptions = {}): { js: string; debug: DebugInfo } {
  const pg = new ProgramGen(img, diags, opts)
  const js = pg.generate()
  return { js, debug: pg.debugInfo }
}
