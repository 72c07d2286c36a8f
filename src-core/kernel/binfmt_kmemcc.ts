/*
 * The executables the console's gcc writes, and their loader (the role of
 * fs/binfmt_elf.c for them).
 *
 * File format: a real ELF32 header (EM_ARM, ET_EXEC for a program, ET_REL
 * for `gcc -c`'s object, EABI5 flags) so `Exec format error` and the magic
 * look right, followed by "KMEMLAB-CC1\n" and a JSON payload: each
 * translation unit's source with its -D macros, and every user header it
 * #included, captured at compile time (so a program still runs after its
 * headers are edited or removed). The machine's C engine compiles to
 * JavaScript, not ARM code, so the "machine code" is regenerated from that
 * payload when the file is exec'd (cached per payload).
 *
 * exec (load_elf_binary): the task the shell forked loses its busybox
 * address space (exit_mm) and gets the program's own, as VMAs of its mm:
 *   0x00010000  text + rodata (r-x), then data + bss (rw-), both named by
 *               the file's path in /proc/PID/maps; their pages are loaded
 *               at exec (the bytes come from the file, as page-cache reads);
 *   brk         [heap] from the page after .bss, grown by brk()/sbrk();
 *   mmap_base   anonymous mmaps top-down below 0xb7000000;
 *   0xbf000000  [stack] (grows down), argv and envp at its top.
 * No ASLR for these programs (as with `setarch -R`): addresses printed by
 * the malloc lab are the same every run.
 *
 * Memory: TaskMemory is the C engine's CMemory over the task's page
 * tables. Every load/store translates through UserAccess (the PTE, or a page
 * fault: anonymous pages from HighMem first, RSS, page tables, the OOM
 * killer); pages already mapped are handed to generated code as direct views
 * of their frames (fastPages), dropped after every fault (reclaim may have
 * moved any page) and after brk/munmap. A bad address is SIGSEGV.
 *
 * Scheduling: the program runs on the C engine's resumable code (cc/suspend.ts,
 * Runtime.start), as a process beside the shell's other work. Every quantum
 * (200,000 ops) the simulated clock advances by the work done (costs.ts
 * USER_NS_PER_OP) and the program yields to the machine, which meanwhile
 * handles console input, timers and other jobs: Ctrl-C or `kill` end it at
 * that yield (SIGINT, status 130 and `^C` as ash shows it; SIGTERM, SIGKILL),
 * `./a.out &` runs in the background while the prompt works, and `ps` sees
 * it running (R) with its RSS as it grows. Nothing bounds how long it runs:
 * a runaway loop goes on until stopped, as on the board.
 * System calls that wait suspend it (TASK_INTERRUPTIBLE, ps shows S) and are
 * restarted when the wait is over: read(0) of the terminal until a line is
 * typed (canonical mode: one line per read, Ctrl-D on an empty line is end
 * of file), of a pipe until its writer produced something (it is read as it
 * is written); write(1) to a full pipe until the reader made room; sleep(),
 * usleep() and nanosleep() until the clock reaches their end. A write to a
 * pipe whose reader left returns EPIPE with SIGPIPE pending, delivered on
 * the way out of the write. Faults end it where they happen: SIGSEGV, or
 * SIGKILL when the OOM killer chose it during one of its own page faults;
 * division by zero SIGFPE, abort() SIGABRT.
 * Files: open/read/write/lseek/ioctl/close on fds 3 and up are real open
 * files of the VFS (kcc_files.ts): a character device's driver runs with the
 * program as current, a read of a device with nothing yet waits (S) until
 * the device has data, and the files still open are closed when the program
 * ends however it ends, so release() runs and the module can be removed.
 * Text and data pages are anonymous pages here (RssAnon). On the board a
 * real ELF's text is a shared mapping of the file's page-cache pages and its
 * data a private one copied on first write; with the rootfs on tmpfs those
 * count as RssShmem (shmem-rss in an OOM report), on the /mnt share as
 * RssFile. Getting there needs: gcc writing the image itself into the file
 * (text+rodata from offset 0, data page-aligned, the payload after them);
 * file-backed VMAs here (bss anonymous); tmpfs pages kept while mapped
 * (unlink-then-create in gcc, or ETXTBSY); compaction and snapshots that
 * know about mapped executables; a page cache for the host share.
 */

import { compileUserProgram, type CompiledProgram, type SourceFile } from '../cc/index'
import { userNatives, type ProcessHooks } from '../cc/libc/natives'
import { CExit, CTrap, type CMemory, type CSuspend, type CValue, type FastPage, LongJmp, MemFault, decodeUtf8, encodeUtf8 } from '../cc/run'
import type { Task } from './task'
import { SIGKILL, SIGSEGV } from './task'
import { USER_NS_PER_OP } from './costs'
import { PAGE_SIZE, type Processes, STACK_TOP, UserAccess } from './fork'
import { sync_mm_rss } from '../mm/memory'
import { MmStruct, VM_EXEC, VM_GROWSDOWN, VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE, VM_READ, VM_WRITE, VmArea } from '../mm/mm_types'
import type { CommandGen, CommandImpl, InStream, OutStream, Proc, Wait } from '../shell/types'
import { TtyIn } from '../shell/tty'
import { KccFiles } from './kcc_files'

/** C engine budget units per quantum: the program yields to the machine after each. */
const QUANTUM_OPS = 200_000

export const KCC_MAGIC = 'KMEMLAB-CC1\n'
const ELF_HDR = 52
const ET_REL = 1
const ET_EXEC = 2
const EM_ARM = 40
const TEXT_BASE = 0x00010000
const SIGPIPE = 13
const SIGFPE = 8
const SIGABRT = 6

/** One translation unit as gcc saw it. */
export interface KccUnit {
  /** The source file's name as given to gcc (diagnostics use it). */
  name: string
  contents: string
  defines: Record<string, string>
}

export interface KccObject {
  type: 'exec' | 'rel'
  units: KccUnit[]
  /** User headers the units included: path as the preprocessor resolved it -> text. */
  headers: Record<string, string>
}

const latin1 = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192))
  return s
}

/** The file's bytes: an ELF32 header, the magic, the JSON payload (latin1: sources are one char per byte). */
export function encodeKcc(obj: KccObject): Uint8Array {
  const json = KCC_MAGIC + JSON.stringify(obj)
  const out = new Uint8Array(ELF_HDR + json.length)
  const dv = new DataView(out.buffer)
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0) // ELFCLASS32, ELFDATA2LSB, EV_CURRENT, SYSV
  dv.setUint16(16, obj.type === 'exec' ? ET_EXEC : ET_REL, true)
  dv.setUint16(18, EM_ARM, true)
  dv.setUint32(20, 1, true)
  dv.setUint32(24, obj.type === 'exec' ? TEXT_BASE : 0, true)
  dv.setUint32(36, 0x05000400, true) // EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_HARD
  dv.setUint16(40, ELF_HDR, true)
  dv.setUint16(42, 32, true)
  dv.setUint16(46, 40, true)
  for (let i = 0; i < json.length; i++) out[ELF_HDR + i] = json.charCodeAt(i) & 255
  return out
}

/** The payload of a file gcc wrote, or null for anything else. */
export function decodeKcc(bytes: Uint8Array): KccObject | null {
  if (bytes.length < ELF_HDR + KCC_MAGIC.length || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return null
  if (latin1(bytes.subarray(ELF_HDR, ELF_HDR + KCC_MAGIC.length)) !== KCC_MAGIC) return null
  try {
    const o = JSON.parse(latin1(bytes.subarray(ELF_HDR + KCC_MAGIC.length))) as KccObject
    if ((o.type !== 'exec' && o.type !== 'rel') || !Array.isArray(o.units)) return null
    return o
  } catch {
    return null
  }
}

/** Compile the units of an object (gcc's link step, and exec). */
export function compileKcc(obj: KccObject, readFile?: (p: string) => string | null): ReturnType<typeof compileUserProgram> {
  const files: Array<SourceFile & { defines?: Record<string, string> }> = obj.units.map((u) => ({ name: u.name, contents: u.contents, defines: u.defines }))
  return compileUserProgram(files, { readFile: readFile ?? ((p) => obj.headers[p] ?? null) })
}

/** Programs compiled from a payload, most recent last (exec of the same file twice compiles once). */
const programCache = new Map<string, CompiledProgram>()
const CACHE_MAX = 8

function programFor(bytes: Uint8Array, obj: KccObject): CompiledProgram | string {
  const key = latin1(bytes.subarray(ELF_HDR))
  const hit = programCache.get(key)
  if (hit) {
    programCache.delete(key)
    programCache.set(key, hit)
    return hit
  }
  const r = compileKcc(obj)
  if (!r.ok || !r.program) return r.text
  programCache.set(key, r.program)
  while (programCache.size > CACHE_MAX) programCache.delete(programCache.keys().next().value!)
  return r.program
}

interface Entry extends FastPage {
  dv: DataView
}

/**
 * The C engine's CMemory over a task's page tables: every access is a user
 * access of that task (UserAccess), pages already present are offered as
 * direct views of their frames.
 */
export class TaskMemory implements CMemory {
  private readonly pages: (Entry | undefined)[] = new Array(1 << 20).fill(undefined)
  private live: number[] = []
  /** The signal the last failed access raised (SIGSEGV, or SIGKILL when the task was OOM-killed). */
  signal = 0

  constructor(
    readonly procs: Processes,
    readonly ua: UserAccess
  ) {}

  fastPages(): (FastPage | undefined)[] {
    return this.pages
  }

  /** Forget every direct view (after a fault, brk, munmap: frames may have changed). */
  invalidate(): void {
    for (const p of this.live) this.pages[p] = undefined
    this.live = []
  }

  private page(a: number, write: boolean, size: number): Entry {
    const e = this.pages[a >>> 12]
    if (e !== undefined && (!write || e.w)) return e
    return this.slow(a >>> 0, write, size)
  }

  private slow(a: number, write: boolean, size: number): Entry {
    const t = this.ua.task
    const before = t.min_flt + t.maj_flt
    const pa = this.ua.access(a, write)
    if (t.min_flt + t.maj_flt !== before) this.invalidate()
    if (pa < 0) {
      this.signal = this.ua.signal || SIGSEGV
      throw new MemFault(a, write ? 'write' : 'read', size)
    }
    const buf = this.procs.mm.phys.buffer(Math.floor(pa / PAGE_SIZE))
    const pte = t.mm ? this.procs.pm.get_pte(t.mm, a) : 0
    const e: Entry = {
      u8: buf,
      u16: new Uint16Array(buf.buffer, buf.byteOffset, PAGE_SIZE / 2),
      i32: new Int32Array(buf.buffer, buf.byteOffset, PAGE_SIZE / 4),
      dv: new DataView(buf.buffer, buf.byteOffset, PAGE_SIZE),
      // Writable directly only once dirty and not read-only (the first write goes through the fault path).
      w: (pte & 0xc0) === 0x40
    }
    const vpn = a >>> 12
    if (this.pages[vpn] === undefined) this.live.push(vpn)
    this.pages[vpn] = e
    return e
  }

  load8(a: number): number {
    return this.page(a, false, 1).u8[a & 4095]!
  }
  load16(a: number): number {
    const o = a & 4095
    if (o <= 4094) return this.page(a, false, 2).dv.getUint16(o, true)
    return this.load8(a) | (this.load8(a + 1) << 8)
  }
  load32(a: number): number {
    const o = a & 4095
    if (o <= 4092) return this.page(a, false, 4).dv.getInt32(o, true)
    return this.load16(a) | (this.load16(a + 2) << 16)
  }
  load64(a: number): bigint {
    const o = a & 4095
    if (o <= 4088) return this.page(a, false, 8).dv.getBigInt64(o, true)
    return BigInt.asIntN(64, BigInt(this.load32(a) >>> 0) | (BigInt(this.load32(a + 4)) << 32n))
  }
  store8(a: number, v: number): void {
    this.page(a, true, 1).u8[a & 4095] = v & 255
  }
  store16(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4094) return this.page(a, true, 2).dv.setUint16(o, v & 0xffff, true)
    this.store8(a, v)
    this.store8(a + 1, v >>> 8)
  }
  store32(a: number, v: number): void {
    const o = a & 4095
    if (o <= 4092) return this.page(a, true, 4).dv.setInt32(o, v | 0, true)
    this.store16(a, v)
    this.store16(a + 2, v >>> 16)
  }
  store64(a: number, v: bigint): void {
    const o = a & 4095
    if (o <= 4088) return this.page(a, true, 8).dv.setBigInt64(o, BigInt.asIntN(64, v), true)
    this.store32(a, Number(BigInt.asIntN(32, v)))
    this.store32(a + 4, Number(BigInt.asIntN(32, v >> 32n)))
  }
  read(a: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    let i = 0
    while (i < len) {
      const addr = (a + i) >>> 0
      const o = addr & 4095
      const n = Math.min(len - i, PAGE_SIZE - o)
      out.set(this.page(addr, false, 1).u8.subarray(o, o + n), i)
      i += n
    }
    return out
  }
  write(a: number, bytes: Uint8Array): void {
    let i = 0
    while (i < bytes.length) {
      const addr = (a + i) >>> 0
      const o = addr & 4095
      const n = Math.min(bytes.length - i, PAGE_SIZE - o)
      this.page(addr, true, 1).u8.set(bytes.subarray(i, i + n), o)
      i += n
    }
  }
}

const PAGE_ALIGN = (x: number): number => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE
const RW = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC

/**
 * load_elf_binary() for a compiled program: the task's old address space
 * goes, the program's VMAs come, its text/rodata/data pages are loaded.
 * Returns the initial stack pointer, or -errno.
 */
export function execImage(procs: Processes, t: Task, prog: CompiledProgram, path: string, argv: string[], envp: string[]): { sp: number; argv: number } | number {
  procs.exit_mm(t)
  const mm = new MmStruct()
  if (!procs.pm.pgd_alloc(mm)) return -12
  t.mm = mm
  const img = prog.image
  const textEnd = PAGE_ALIGN(Math.max(img.textEnd, ...img.segments.filter((s) => s.kind === 'rodata').map((s) => s.addr + s.size)))
  const dataSegs = img.segments.filter((s) => s.kind !== 'rodata' && s.size > 0)
  const dataStart = dataSegs.length ? dataSegs[0]!.addr & ~(PAGE_SIZE - 1) : textEnd
  const dataEnd = PAGE_ALIGN(Math.max(img.end, textEnd))
  procs.mmap.add_vma(mm, new VmArea(TEXT_BASE, textEnd, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, null, 0, path))
  if (dataEnd > dataStart) procs.mmap.add_vma(mm, new VmArea(Math.max(dataStart, textEnd), dataEnd, RW, null, 0, path))
  mm.start_code = TEXT_BASE
  mm.end_code = img.textEnd
  mm.start_data = dataStart
  mm.end_data = dataSegs.filter((s) => s.kind === 'data').reduce((e, s) => Math.max(e, s.addr + s.size), dataStart)
  mm.start_brk = mm.brk = dataEnd
  mm.mmap_base = 0xb7000000
  const stackStart = STACK_TOP - 33 * PAGE_SIZE
  procs.mmap.add_vma(mm, new VmArea(stackStart, STACK_TOP, RW | VM_GROWSDOWN, null, 0, '[stack]'))
  const ua = new UserAccess(procs, t)
  const ph = procs.mm.phys
  // The file's pages, read into the page cache and mapped: text and rodata too (they fault in as the program runs).
  for (let va = TEXT_BASE; va < textEnd; va += PAGE_SIZE) if (ua.access(va, false) < 0) return -12
  for (const seg of img.segments) {
    for (let off = 0; off < seg.bytes.length; ) {
      const va = seg.addr + off
      const n = Math.min(seg.bytes.length - off, PAGE_SIZE - (va & (PAGE_SIZE - 1)))
      const pa = ua.access(va, seg.kind !== 'rodata')
      if (pa < 0) return -12
      ph.writeBytes(pa, seg.bytes.subarray(off, off + n))
      off += n
    }
  }
  // create_elf_tables(): the strings at the top of the stack, then argv[] and envp[] below them.
  let sp = STACK_TOP - 16
  const put = (s: string): number => {
    const b = encodeUtf8(s + '\0')
    sp -= b.length
    return ua.copy_to_user(sp, b) === b.length ? sp : -1
  }
  const envPtrs = envp.map(put)
  const argPtrs = argv.map(put)
  if (envPtrs.includes(-1) || argPtrs.includes(-1)) return -12
  sp &= ~15
  const vec = [...argPtrs, 0, ...envPtrs, 0]
  sp = (sp - vec.length * 4) & ~7
  const bytes = new Uint8Array(vec.length * 4)
  const dv = new DataView(bytes.buffer)
  vec.forEach((p, i) => dv.setUint32(i * 4, p, true))
  if (ua.copy_to_user(sp, bytes) !== bytes.length) return -12
  mm.start_stack = sp
  mm.arg_start = argPtrs[0] ?? sp
  mm.arg_end = mm.arg_start + argv.reduce((n, a) => n + encodeUtf8(a).length + 1, 0)
  mm.env_start = envPtrs.length ? Math.min(...envPtrs) : mm.arg_end
  mm.env_end = STACK_TOP - 16
  // The loader's faults are counted in the task's cache (SPLIT_RSS_COUNTING); exec syncs them.
  sync_mm_rss(t)
  return { sp: (sp - 64) & ~7, argv: sp }
}

/** What the loader needs from the machine. */
export interface BinfmtDeps {
  procs: Processes
  panicked(): boolean
  /** A host's shared interrupt flag (Ctrl-C from another thread), if any. */
  interrupt?: Int32Array
}

/** pause(): a wait only a signal ends. */
const NEVER: InStream = { read: () => '', readable: () => false, close: () => {} }
const PAUSE: Wait = { kind: 'read', from: NEVER }
/** A quantum is over: the machine handles input, timers and other jobs, then resumes us. */
const YIELD: Wait = { kind: 'yield' }

/** The binfmt for gcc's executables (registered with the shell). */
export function kmemccBinfmt(d: BinfmtDeps): (bytes: Uint8Array, path: string) => CommandImpl | null {
  return (bytes, path) => {
    const obj = decodeKcc(bytes)
    if (!obj || obj.type !== 'exec') return null
    return (p) => runProgram(d, bytes, obj, path, p)
  }
}

function* runProgram(d: BinfmtDeps, bytes: Uint8Array, obj: KccObject, path: string, p: Proc): CommandGen {
  const prog = programFor(bytes, obj)
  if (typeof prog === 'string') {
    p.stderr.write(prog)
    p.stderr.write(`sh: ${p.argv[0]}: Exec format error\n`)
    return 126
  }
  const t = d.procs.get(p.pid)
  if (!t) return 126
  const envp = Object.entries(p.env).map(([k, v]) => `${k}=${v}`)
  let abs = path
  try {
    abs = p.sys.vfs.realpath(path, p.cwd)
  } catch {
    // the file went away meanwhile: keep the name as exec'd
  }
  const ex = execImage(d.procs, t, prog, abs, p.argv, envp)
  if (typeof ex === 'number') {
    // The old image is gone: the process dies as a failed exec past the point of no return does.
    return yield* killed(d, p, SIGKILL)
  }
  const mem = new TaskMemory(d.procs, new UserAccess(d.procs, t))
  const clock = p.sys.clock
  let lastOps = 0
  const stdin = new StdinReader(p.stdin)
  // eslint-disable-next-line prefer-const
  let rt: ReturnType<CompiledProgram['instantiate']>
  // The program's open files (fds 3 and up); fds 0-2 are the shell's streams.
  const files = new KccFiles({
    vfs: p.sys.vfs,
    cwd: p.cwd,
    asCurrent: (fn) => {
      const k = d.procs.k
      const prev = k.current
      k.current = t
      try {
        return fn()
      } finally {
        k.current = prev
      }
    },
    ua: new UserAccess(d.procs, t),
    invalidate: () => mem.invalidate()
  })
  const outStream = (fd: number): OutStream | null => (fd === 1 ? p.stdout : fd === 2 ? p.stderr : null)
  const hooks: ProcessHooks = {
    open: (path, flags) => files.open(path, flags),
    close(fd) {
      if (fd <= 2) return 0
      return files.close(fd)
    },
    writeFd(fd, b) {
      if (fd > 2) return files.write(fd, b)
      const s = outStream(fd)
      if (!s) return -9
      const ok = s.writeBytes ? s.writeBytes(b) : s.write(decodeUtf8(b))
      return ok ? b.length : -32 // EPIPE; the shell has SIGPIPE pending for us
    },
    writable(fd) {
      const s = outStream(fd)
      return !s || !s.writable || s.writable()
    },
    readFd(fd, max) {
      if (fd > 2) return files.read(fd, max)
      if (fd !== 0) return fd < 0 ? -9 : new Uint8Array(0)
      return stdin.read(max)
    },
    lseek: (fd, offset, whence) => (fd > 2 ? files.lseek(fd, offset, whence) : -29),
    // The standard streams are the shell's (a terminal or a pipe), not devices of ours: ENOTTY.
    ioctl: (fd, cmd, arg) => (fd > 2 ? files.ioctl(fd, cmd, arg) : fd >= 0 ? -25 : -9),
    signalPending: () => p.signalPending(),
    brk(addr) {
      const r = mem.ua.brk(addr)
      mem.invalidate()
      return r
    },
    curBrk: () => t.mm?.brk ?? 0,
    mmap(len) {
      const a = mem.ua.mmap(len)
      return a < 0 ? -1 : a
    },
    munmap(addr, len) {
      const r = mem.ua.munmap(addr, len)
      mem.invalidate()
      return r < 0 ? -1 : 0
    },
    pid: p.pid,
    nowNs: () => clock.now() + (rt ? (rt.icount - lastOps) * USER_NS_PER_OP : 0),
    sleepNs: (ns) => clock.advance(ns),
    epoch: Math.floor(p.sys.bootEpochMs / 1000)
  }
  rt = prog.instantiate({ mem, bindings: userNatives(hooks), stackTop: ex.sp, interrupt: d.interrupt, quantum: QUANTUM_OPS, resumable: true })
  // The work done since the last look: the simulated clock moves by it.
  const account = (): void => {
    const ops = rt.icount
    clock.advance((ops - lastOps) * USER_NS_PER_OP)
    lastOps = ops
  }
  // Let the console show the command line before the program takes its turn.
  yield YIELD
  let status = 0
  let sig = 0
  const run = rt.start('__libc_start_main', [rt.funcAddr('main') ?? 0, p.argv.length, ex.argv])
  let done = false
  try {
    for (;;) {
      t.state = 'R'
      let r: IteratorResult<CSuspend, CValue>
      try {
        r = run.next()
      } finally {
        account()
      }
      if (r.done) {
        status = Number(r.value) & 255
        break
      }
      const s = r.value
      if (s.kind === 'quantum' || s.kind === 'preempt') {
        yield YIELD
        continue
      }
      if (s.kind === 'signal') {
        sig = p.signalPending() || SIGPIPE
        break
      }
      // A system call that waits: TASK_INTERRUPTIBLE until its wait is over (or a signal ends us there).
      t.state = 'S'
      if (s.kind === 'sleep') yield { kind: 'sleep', untilNs: s.untilNs }
      else if (s.kind === 'write') yield { kind: 'write', to: outStream(s.fd) ?? p.stdout }
      else if (s.kind === 'read' && files.has(s.fd)) {
        // A device with nothing yet: the read's wait queue is woken when it has something.
        const fd = s.fd
        yield { kind: 'read', from: NEVER, wake: () => files.poll(fd) }
      } else yield { kind: 'read', from: s.fd === 0 ? p.stdin : NEVER }
    }
    done = true
  } catch (e) {
    done = true
    if (e instanceof CExit) status = e.status & 255
    else if (e instanceof CTrap) {
      if (e.kind === 'interrupt') sig = 2
      else if (e.kind === 'div0') sig = SIGFPE
      else if (e.kind === 'abort') sig = SIGABRT
      else sig = t.sigkill || mem.signal === SIGKILL ? SIGKILL : SIGSEGV
    } else if (e instanceof LongJmp) sig = SIGSEGV
    else throw e
  } finally {
    // Killed at a yield (Ctrl-C, kill): end the C run where it stands; its stack state goes back.
    // (Ctrl-C flushed the tty: what the program held of it is gone with it.)
    if (!done) run.return(0)
    else stdin.giveBack()
    // do_exit() -> exit_files(): the files go before the parent hears of the exit, however it ended.
    files.closeAll()
  }
  if (t.sigkill) sig = SIGKILL
  if (sig) return yield* killed(d, p, sig)
  return status
}

/**
 * fd 0 as read(2) sees it. A pipe gives what its writer has produced so
 * far; the terminal (n_tty, canonical mode) gives at most one line per read
 * and an end of file for each Ctrl-D on an empty line. Nothing available:
 * null (the program waits). Bytes the stream handed over but the program
 * did not read go back to the terminal when it exits, so they reach the
 * shell as typed-ahead input, as they would have stayed in the tty's buffer.
 */
class StdinReader {
  private buf: Uint8Array = new Uint8Array(0)
  private pos = 0
  private readonly tty: TtyIn | null

  constructor(private readonly from: InStream) {
    this.tty = from instanceof TtyIn ? from : null
  }

  read(max: number): Uint8Array | null {
    if (this.pos >= this.buf.length) {
      const s = this.from.read()
      if (s === null) return new Uint8Array(0)
      if (s === '') return null
      this.buf = encodeUtf8(s)
      this.pos = 0
    }
    let end = Math.min(this.buf.length, this.pos + max)
    if (this.tty) {
      const nl = this.buf.indexOf(10, this.pos)
      if (nl >= 0 && nl < end) end = nl + 1
    }
    const r = this.buf.slice(this.pos, end)
    this.pos = end
    return r
  }

  giveBack(): void {
    if (this.tty && this.pos < this.buf.length) this.tty.unread(decodeUtf8(this.buf.subarray(this.pos)))
    this.buf = new Uint8Array(0)
    this.pos = 0
  }
}

/**
 * The process ends by a signal: it is delivered through the shell (which
 * prints "Segmentation fault", "Killed"... for a foreground job and gives
 * status 128+sig); we wait for it at the next yield.
 */
function* killed(d: BinfmtDeps, p: Proc, sig: number): CommandGen {
  if (p.signalPending() === 0 && !d.procs.shellKill(p.pid, sig)) return 128 + sig
  for (;;) yield PAUSE
}
