/*
 * A bare ILP32 user process for `kmemlab cc FILE.c`: loads a linked image
 * into a UserMemory laid out as a static ARM Linux executable without ASLR,
 * and runs main() through the libc's __libc_start_main.
 *
 *   0x00010000  .text (16-byte slot per function), then .rodata, .data, .bss
 *   brk         starts at the page after .bss and grows with brk()/sbrk()
 *   0x40000000  mmap area (anonymous mappings, growing up)
 *   0xbf000000  top of the stack (8 MB, populated on touch); argv/envp on top
 *
 * Signals end the program the way a shell reports them: SIGSEGV (status 139),
 * SIGFPE (136), SIGABRT (134), with the shell's message on stderr.
 * The machine's real process model will replace this file.
 */

import type { Diag } from './diag'
import type { CompiledProgram } from './index'
import { userNatives, type ProcessHooks } from './libc/natives'
import { CExit, CTrap, type CSuspend, type CValue, LongJmp, decodeUtf8, encodeUtf8 } from './run'
import { UserMemory } from './usermem'

export const USER_LAYOUT = {
  textBase: 0x00010000,
  mmapBase: 0x40000000,
  stackTop: 0xbf000000,
  stackSize: 8 * 1024 * 1024,
  /** Seconds since the epoch when the simulated machine booted. */
  epoch: 1704067200
} as const

export interface UserIo {
  stdin?: string | Uint8Array
  /** Streamed output (in addition to the collected strings). */
  onStdout?: (s: string) => void
  onStderr?: (s: string) => void
  /** Stop (Ctrl-C): checked at loop back edges and calls. */
  shouldStop?: () => boolean
  interrupt?: Int32Array
  /** Abort after this many simulated instructions (a runaway-loop guard). */
  maxInstructions?: number
  /** Virtual files for #include "..." (the CLI passes the host file it read). */
  readFile?: (p: string) => string | null
  defines?: Readonly<Record<string, string>>
  /** Called with gcc's warning text after a successful compile, before the program runs. */
  onDiagnostics?: (text: string) => void
  /** Simulated nanoseconds per instruction (default 1: a 1 GHz in-order core, roughly). */
  nsPerInstruction?: number
  pid?: number
  /**
   * Run the resumable code through Runtime.start, driven here to the end
   * (nothing ever waits in this bare process: a sleep jumps the clock).
   * Same results as the plain code; the conformance suite runs both.
   */
  resumable?: boolean
}

export interface UserResult {
  status: number
  stdout: string
  /** The program's stderr plus the shell's signal message; the compiler's text if it did not compile. */
  stderr: string
  /** gcc's diagnostics (warnings, or the errors when it did not compile). */
  diagnosticsText?: string
  /** false when the program did not compile or link. */
  compiled: boolean
  /** The signal that ended the program, if any (11 SIGSEGV, 8 SIGFPE, 6 SIGABRT, 2 SIGINT). */
  signal?: number
  trap?: CTrap
  diagnostics?: Diag[]
  icount: number
}

const SIGNAL_TEXT: Record<number, string> = { 11: 'Segmentation fault', 8: 'Floating point exception', 6: 'Aborted', 2: '', 24: 'CPU time limit exceeded' }

export function runImage(prog: CompiledProgram, args: string[], io: UserIo): UserResult {
  const img = prog.image
  const mem = new UserMemory()
  const L = USER_LAYOUT
  // Text pages exist (read-only) so reading a function's bytes is not a fault.
  mem.map(img.textBase, Math.max(16, img.textEnd - img.textBase), false)
  for (const seg of img.segments) {
    if (seg.size === 0) continue
    mem.map(seg.addr, seg.size, seg.kind !== 'rodata')
    if (seg.bytes.length) {
      if (seg.kind === 'rodata') {
        // Write through a temporary writable mapping.
        mem.map(seg.addr, seg.size, true)
        mem.write(seg.addr, seg.bytes)
        mem.map(seg.addr, seg.size, false)
      } else mem.write(seg.addr, seg.bytes)
    }
  }
  const startBrk = Math.ceil(img.end / 4096) * 4096
  let brk = startBrk
  let mmapNext: number = L.mmapBase
  mem.addLazy(L.stackTop - L.stackSize, L.stackTop, true)

  const out: number[] = []
  const err: number[] = []
  const stdin = typeof io.stdin === 'string' ? encodeUtf8(io.stdin) : (io.stdin ?? new Uint8Array(0))
  let stdinPos = 0
  let runtime: ReturnType<CompiledProgram['instantiate']> | undefined
  const nsPer = io.nsPerInstruction ?? 1
  let sleptNs = 0
  const hooks: ProcessHooks = {
    writeFd(fd, bytes) {
      if (fd === 1 || fd === 2) {
        const dst = fd === 1 ? out : err
        for (const b of bytes) dst.push(b)
        const cb = fd === 1 ? io.onStdout : io.onStderr
        if (cb) cb(decodeUtf8(bytes))
        return bytes.length
      }
      return -9 // EBADF
    },
    readFd(fd, max) {
      if (fd !== 0) return new Uint8Array(0)
      const n = Math.min(max, stdin.length - stdinPos)
      const r = stdin.slice(stdinPos, stdinPos + n)
      stdinPos += n
      return r
    },
    brk(addr) {
      if (addr < startBrk || addr >= L.mmapBase) return brk
      const oldTop = Math.ceil(brk / 4096) * 4096
      const newTop = Math.ceil(addr / 4096) * 4096
      try {
        if (newTop > oldTop) mem.map(oldTop, newTop - oldTop, true)
        else if (newTop < oldTop) mem.unmap(newTop, oldTop - newTop)
      } catch {
        return brk // out of memory: brk unchanged, sbrk returns -1
      }
      brk = addr
      return brk
    },
    curBrk: () => brk,
    mmap(len) {
      const size = Math.ceil(len / 4096) * 4096
      if (size === 0 || mmapNext + size > L.stackTop - L.stackSize) return -1
      try {
        mem.map(mmapNext, size, true)
      } catch {
        return -1
      }
      const a = mmapNext
      mmapNext += size
      return a
    },
    munmap(addr, len) {
      mem.unmap(addr, Math.ceil(len / 4096) * 4096)
      return 0
    },
    pid: io.pid ?? 1000,
    nowNs: () => (runtime ? runtime.icount * nsPer : 0) + sleptNs,
    sleepNs(ns) {
      sleptNs += ns
    },
    epoch: L.epoch
  }
  // argv/envp at the top of the stack, as the kernel's create_elf_tables does.
  const argv = args.length ? args : ['./a.out']
  let sp = L.stackTop - 16
  const ptrs: number[] = []
  for (let i = argv.length - 1; i >= 0; i--) {
    const bytes = encodeUtf8(argv[i] + '\0')
    sp -= bytes.length
    mem.write(sp, bytes)
    ptrs.unshift(sp)
  }
  sp &= ~15
  const vec = [...ptrs, 0, 0] // argv[], NULL, envp NULL
  sp -= vec.length * 4
  sp &= ~7
  const argvAddr = sp
  vec.forEach((p, i) => mem.store32(argvAddr + i * 4, p))

  const natives = userNatives(hooks)
  let budgetLeft = io.maxInstructions ?? Infinity
  const rt = prog.instantiate({
    mem,
    bindings: natives,
    stackTop: (argvAddr - 64) & ~7,
    interrupt: io.interrupt,
    shouldStop: () => {
      if (io.shouldStop && io.shouldStop()) return true
      return rt.icount > budgetLeft
    },
    quantum: 200000,
    resumable: io.resumable
  })
  runtime = rt

  let status = 0
  let signal: number | undefined
  let trap: CTrap | undefined
  const mainAddr = rt.funcAddr('main')
  try {
    const args = [mainAddr ?? 0, argv.length, argvAddr]
    const r: CValue = io.resumable ? drive(rt.start('__libc_start_main', args), (ns) => (sleptNs += ns), hooks.nowNs) : rt.call('__libc_start_main', args)
    status = Number(r) & 255
  } catch (e) {
    if (e instanceof CExit) status = e.status & 255
    else if (e instanceof CTrap) {
      trap = e
      signal = e.kind === 'div0' ? 8 : e.kind === 'abort' ? 6 : e.kind === 'interrupt' ? (rt.icount > budgetLeft ? 24 : 2) : 11
      status = 128 + signal
    } else if (e instanceof LongJmp) {
      signal = 11
      status = 139
    } else throw e
  }
  let stderr = decodeUtf8(err)
  if (signal !== undefined && SIGNAL_TEXT[signal]) stderr += SIGNAL_TEXT[signal] + '\n'
  void budgetLeft
  budgetLeft = Infinity
  return { status, stdout: decodeUtf8(out), stderr, compiled: true, signal, trap, icount: rt.icount }
}

/** Run a resumable program to its end: quanta go on at once, sleeps move the clock, nothing else waits here. */
function drive(run: Generator<CSuspend, CValue, void>, sleep: (ns: number) => void, now: () => number): CValue {
  for (;;) {
    const r = run.next()
    if (r.done) return r.value
    const s = r.value
    if (s.kind === 'sleep') sleep(Math.max(0, s.untilNs - now()))
    else if (s.kind !== 'quantum') throw new Error(`cc: the bare process cannot wait for ${s.kind}`)
  }
}
