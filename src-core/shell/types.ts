/*
 * The shell's contracts: what it needs from the machine (ShellSystem), and
 * what a command is (CommandImpl: a generator over a Proc).
 *
 * Commands never block. A command is a generator that yields a Wait when it
 * must pause (sleep until a simulated time, wait for input, or just give the
 * machine a turn) and returns its exit status. The shell resumes it from
 * Shell.run(); Ctrl-C or a kill ends it at any yield (generator return(), so
 * `finally` blocks run; they must not yield).
 */

import type { Clock } from '../board/clock'
import type { Printk } from '../kernel/printk'
import type { Vfs } from '../fs/vfs'

/**
 * What a paused command waits for. `wake`, if present, resumes it early
 * (the shell sets it to deliver a signal to a sleeping or reading process).
 */
export type Wait = (
  /** More work to do: resume me on the next turn. */
  | { kind: 'yield' }
  /** Resume once the simulated clock reaches `untilNs`. */
  | { kind: 'sleep'; untilNs: number }
  /** Resume once `from` has data or is at end of file. */
  | { kind: 'read'; from: InStream }
  /** Resume once `to` has room (a full pipe blocks its writer, as in Linux). */
  | { kind: 'write'; to: OutStream }
) & {
  wake?: () => boolean
  /**
   * The process is in a system call: kernel code runs on its behalf (a
   * module's init under insmod). A signal stays pending until the call
   * returns (the next wait without this flag) and does not end the wait;
   * Ctrl-C too waits for that.
   */
  inKernel?: boolean
}

/** A running command: yields Waits, returns the exit status (0..255). */
export type CommandGen = Generator<Wait, number, void>

/** A command's implementation: called once per run with its process context. */
export type CommandImpl = (p: Proc) => CommandGen

/** A readable stream: the terminal, a pipe, a file, /dev/null. */
export interface InStream {
  /** Whatever is available now ('' if nothing yet), or null at end of file. */
  read(): string | null
  /** True when read() would return data or null (so a waiting reader can go on). */
  readable(): boolean
  /** The reader is done: a pipe's writer then gets a broken pipe. */
  close(): void
}

/** A writable stream: the terminal, a pipe, a file. */
export interface OutStream {
  /** Write text; returns false when the reader has gone (broken pipe) or the file refused it. */
  write(s: string): boolean
  /** Whether this is the terminal (ls uses columns and colours only then). */
  readonly isTty: boolean
  /** The errno of the last failed write, if the stream knows it (echo's "write error: ..."). */
  readonly errno?: number
  /**
   * Whether a write now would fit without blocking: a pipe holds 64 KiB like
   * Linux's. Absent means always. write() itself never refuses for lack of
   * room; a writer that must not run ahead (dd, a C program's write(2))
   * yields { kind: 'write', to } until this is true.
   */
  writable?(): boolean
  /**
   * Raw bytes, for streams backed by a file (`cat x.ko > y.ko` must not go
   * through text). Absent on text-only streams: decode and use write().
   */
  writeBytes?(data: Uint8Array): boolean
  close(): void
}

/** The identity `uname` prints (struct new_utsname). */
export interface Utsname {
  sysname: string
  nodename: string
  release: string
  version: string
  machine: string
}

/** The kernel's task list as the shell sees it: each command runs as a task. */
export interface ShellTasks {
  /**
   * Create a task for a command about to run (its comm is argv[0]'s
   * basename); returns the pid. `argv` is the command line execve() got
   * (/proc/PID/cmdline, ps); null when a forked shell runs a busybox
   * NOEXEC/NOFORK applet without exec, so the child keeps the parent's.
   */
  spawn(comm: string, ppid: number, argv?: string[] | null): number
  /** The task finished with this status (128+signal when killed). */
  exit(pid: number, status: number): void
  /** Make `pid` the kernel's `current` while its command runs. */
  setCurrent(pid: number): void
  /**
   * kill(2) for a pid the shell did not start (kernel threads, init, daemons):
   * 0 on success or -errno (-ESRCH). Signals to the shell's own commands are
   * delivered by the shell itself.
   */
  kill?(pid: number, sig: number): number
  /**
   * The user address space of a running command, for applets that hold
   * their buffers in simulated memory (dd's block): null without one.
   */
  uaccess?(pid: number): UserMemory | null
}

/**
 * A process's user memory as an applet's syscalls use it (kernel/fork.ts
 * UserAccess): anonymous mappings and the copies read(2)/write(2) make,
 * each faulting pages in. A copy that stops early (bad address, or the task
 * got SIGKILL from the OOM killer) returns what it did and sets `signal`.
 */
export interface UserMemory {
  /** The signal that stopped the last access (9 SIGKILL, 11 SIGSEGV), 0 if none. */
  readonly signal: number
  /** mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS): the address or -errno. */
  mmap(len: number): number
  munmap(addr: number, len: number): number
  /** clear_user(): zeros to [addr, addr+len); bytes done. */
  clear_user(addr: number, len: number): number
  /** copy_to_user(): bytes done. */
  copy_to_user(addr: number, data: Uint8Array): number
  /** copy_from_user(): the bytes, or null if the range could not be read. */
  copy_from_user(addr: number, len: number): Uint8Array | null
}

/** Everything the shell needs from the machine. */
export interface ShellSystem {
  vfs: Vfs
  clock: Clock
  /** Bytes to the serial console (UART). */
  write(data: string): void
  /** The kernel log (dmesg). */
  printk: Printk
  uname(): Utsname
  /** sethostname(2): `hostname NAME`. */
  sethostname(name: string): void
  /** Wall-clock ms since the epoch at power-on (the RTC); date/uptime add the simulated clock. */
  bootEpochMs: number
  /**
   * The poweroff/reboot/halt applets. Without `force` busybox asks init, which
   * announces the shutdown ("The system is going down NOW!" ...) before
   * reboot(2); with -f it calls reboot(2) at once. The machine prints both.
   */
  poweroff(opts?: { force?: boolean; halt?: boolean }): void
  reboot(opts?: { force?: boolean }): void
  /** The shell's own pid ($$). */
  shellPid: number
  /** Task bookkeeping; without it the shell numbers its commands itself. */
  tasks?: ShellTasks
  /** /proc/loadavg's first three fields; 0.00 when absent. */
  loadavg?(): [number, number, number]
  /** A simulator bug surfaced in a command (reported to the host as a fault). */
  fault?(message: string): void
}

/** The process context a command runs in (its argv, environment and files). */
export interface Proc {
  readonly argv: string[]
  /** Exported variables. */
  readonly env: Record<string, string>
  /** Absolute path of the working directory. */
  readonly cwd: string
  readonly pid: number
  readonly stdin: InStream
  readonly stdout: OutStream
  readonly stderr: OutStream
  readonly sys: ShellSystem
  /** Terminal size (`ls` columns). */
  readonly cols: number
  readonly rows: number
  /**
   * Run a command line in a child shell with this process's cwd and streams
   * (or the ones given), e.g. `make` running a recipe: `yield* p.sh('gcc -c x.c')`.
   */
  sh(cmdline: string, opts?: ChildOptions): CommandGen
  /** Run argv through PATH as a child (no shell syntax). */
  exec(argv: string[], opts?: ChildOptions): CommandGen
  /**
   * A signal sent to this process that will end it at its next yield (0 if
   * none): long synchronous work (a C program's inner loop) can stop early.
   */
  signalPending(): number
}

export interface ChildOptions {
  cwd?: string
  stdin?: InStream
  stdout?: OutStream
  stderr?: OutStream
  env?: Record<string, string>
  /** sh only: run as the script of this name ($0, and "name: line N:" in messages). */
  name?: string
  /** sh only: positional parameters ($1 ...). */
  args?: string[]
  /** sh only: options as letters ('x' trace, 'e' exit on error). */
  flags?: string
}

/**
 * A loader for executable files that are not shell scripts (binfmt): e.g. the
 * C toolchain's a.out. Returns null if the file is not its format.
 */
export type Binfmt = (file: Uint8Array, path: string) => CommandImpl | null

export interface RegisterOptions {
  /** Directory of the PATH entry to create (default: where busybox installs it, else /usr/bin). */
  dir?: string
}
