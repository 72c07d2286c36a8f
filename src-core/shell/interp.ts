/*
 * The evaluator (busybox ash's evaltree): runs a parsed command line as one
 * resumable generator. Simple commands resolve to a function, a builtin
 * (runs inside the shell, on its state) or a program found through PATH
 * (runs as a process with its own pid: an applet, a registered program, a
 * binfmt-loaded executable or a shell script). Pipeline stages run side by
 * side, each on a clone of the state, driven round-robin by runPipeline.
 *
 * Error messages and statuses follow ash: `sh: foo: not found` (127),
 * `sh: ./x: Permission denied` (126), `sh: can't create f: nonexistent
 * directory` (1, for any command it redirects), a command killed by a
 * signal gives 128+signal.
 */

import { EACCES, EISDIR, ENOENT, ENOTDIR, errnoOf, FsError, strerror } from '../fs/errno'
import type { Inode } from '../fs/inode'
import type { Vfs } from '../fs/vfs'
import { utf8Decode } from '../fs/utf8'
import { type Node, type Redir, type Word, nodeSource } from './ast'
import { JobTable } from './jobs'
import { SIGNAL_TEXT } from './signals'
import { ExpandError, Expander } from './expand'
import { fnmatch } from './glob'
import { ParseError, ParseIncomplete, parse } from './parse'
import { BUSYBOX_NOEXEC, type CommandRegistry } from './registry'
import { ShellState } from './state'
import { FileIn, FileOut, NULL_IN, Pipe, StringIn, StringOut, isPipeWriter } from './streams'
import type { Binfmt, ChildOptions, CommandGen, CommandImpl, InStream, OutStream, Proc, ShellSystem, Wait } from './types'

export interface Io {
  stdin: InStream
  stdout: OutStream
  stderr: OutStream
}

/* Control flow that unwinds through the generators. */
export class BreakSignal {
  constructor(public n: number) {}
}
export class ContinueSignal {
  constructor(public n: number) {}
}
export class ReturnSignal {
  constructor(public status: number) {}
}
export class ExitSignal {
  constructor(public status: number) {}
}

/**
 * ash_vmsg()'s prefix: "$0: ", then the builtin's name if one is running,
 * then "line N: " when the shell runs a script (never interactively).
 */
export function msgPrefix(st: ShellState, cmd?: string, line?: number): string {
  let s = `${st.scriptName ?? 'sh'}: `
  if (cmd !== undefined && cmd !== st.scriptName) s += `${cmd}: `
  if (st.scriptName !== null) s += `line ${line ?? st.lineNo}: `
  return s
}

/** A builtin runs inside the shell process, on the shell's own state. */
export type BuiltinImpl = (p: Proc, st: ShellState, sh: Interp) => CommandGen

export interface Builtin {
  impl: BuiltinImpl
  /** POSIX special builtins: errors in them are fatal to scripts; `type` says "special". */
  special: boolean
}

/** A process the shell started, for signals (Ctrl-C, kill, the OOM killer). */
interface ProcHandle {
  pid: number
  signal: number
  sigpipe: boolean
}


const SIGINT = 2
/** Recursion limit for shell functions (real ash recurses until its C stack overflows). */
const MAX_FUNC_DEPTH = 100
/** loopPass's outcomes besides a status (0..255). */
const LOOP_BREAK = -1
const LOOP_CONTINUE = -2
/** Processes alive at once (scripts calling scripts nest generators like functions do). */
const MAX_PROCS = 48
const SIGPIPE = 13

/** What a command name resolves to. */
export type Resolution =
  | { kind: 'function'; body: Node }
  | { kind: 'builtin'; builtin: Builtin }
  | { kind: 'program'; path: string; inode: Inode }
  | { kind: 'noexec'; path: string; errno: number }
  | { kind: 'notfound' }

export class Interp {
  readonly expander: Expander
  private readonly procs = new Map<number, ProcHandle>()
  private nextPid: number
  /** Inode number → program name, for registered programs that are not busybox applets. */
  readonly programByIno = new Map<number, string>()
  /** The inode number of /bin/busybox (the multi-call binary). */
  busyboxIno = -1
  readonly binfmts: Binfmt[] = []
  readonly jobs = new JobTable()
  private liveProcs = 0
  /** The process whose code is running right now (its children get it as their parent). */
  private currentPid: number
  /** The interactive session, for builtins that show it (history, help). */
  session: { history(): readonly string[] } | null = null

  constructor(
    readonly sys: ShellSystem,
    readonly registry: CommandRegistry,
    readonly builtins: Map<string, Builtin>,
    readonly term: { cols(): number; rows(): number }
  ) {
    this.nextPid = sys.shellPid + 1
    this.currentPid = sys.shellPid
    this.expander = new Expander({
      vfs: sys.vfs,
      shellPid: sys.shellPid,
      substitute: (body, st) => this.substitute(body, st)
    })
  }

  get vfs(): Vfs {
    return this.sys.vfs
  }

  // ---- lists and compound commands ------------------------------------------

  /** Parse and run source text (eval, sh -c, scripts). Syntax errors print and give 2. */
  *runSource(src: string, st: ShellState, io: Io): Generator<Wait, number, void> {
    let tree: Node
    try {
      tree = parse(src, st.aliases)
    } catch (e) {
      if (e instanceof ParseError || e instanceof ParseIncomplete) {
        const msg = e instanceof ParseIncomplete ? `syntax error: ${e.message}` : e.message
        const line = e instanceof ParseError ? e.line : src.split('\n').length
        io.stderr.write(`${msgPrefix(st, undefined, line)}${msg}\n`)
        st.lastStatus = 2
        return 2
      }
      throw e
    }
    return yield* this.run(tree, st, io)
  }

  *run(n: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    let status: number
    try {
      status = yield* this.runNode(n, st, io)
    } catch (e) {
      if (e instanceof ExpandError) {
        io.stderr.write(`${msgPrefix(st)}${e.message}\n`)
        status = 2
      } else throw e
    }
    st.lastStatus = status
    return status
  }

  /**
   * One pass of a while/until/for body: its status, or LOOP_BREAK /
   * LOOP_CONTINUE when a `break N` / `continue N` aimed at this loop ended it
   * (one aimed further out goes on up).
   */
  private *loopPass(body: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    try {
      return yield* this.runNode(body, st, io)
    } catch (e) {
      if (!(e instanceof BreakSignal || e instanceof ContinueSignal) || --e.n > 0) throw e
      return e instanceof BreakSignal ? LOOP_BREAK : LOOP_CONTINUE
    }
  }

  private *runNode(n: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    // $(...) in this node's words writes its errors where the node's stderr goes.
    st.stderr = io.stderr
    switch (n.t) {
      case 'list': {
        let status = st.lastStatus
        for (const item of n.items) {
          if (item.bg) {
            this.startBackground(item.node, st, io)
            status = 0
            st.lastStatus = 0
            continue
          }
          status = yield* this.runGuarded(item.node, st, io)
          st.lastStatus = status
          this.checkErrexit(item.node, status, st)
        }
        return status
      }
      case 'andor': {
        // Only the last command of an && || chain can trip set -e.
        st.condDepth++
        let status: number
        let ranLast = n.rest.length === 0
        try {
          status = yield* this.runGuarded(n.first, st, io)
          for (let i = 0; i < n.rest.length; i++) {
            const r = n.rest[i]!
            st.lastStatus = status
            if ((r.op === '&&') === (status === 0)) {
              if (i === n.rest.length - 1) {
                st.condDepth--
                try {
                  status = yield* this.runGuarded(r.node, st, io)
                } finally {
                  st.condDepth++
                }
                ranLast = true
              } else status = yield* this.runGuarded(r.node, st, io)
            }
          }
        } finally {
          st.condDepth--
        }
        if (ranLast) this.checkErrexit(n.rest[n.rest.length - 1]?.node ?? n.first, status, st)
        return status
      }
      case 'pipeline':
        return yield* this.runPipeline(n.cmds, n.bang, st, io)
      case 'simple':
        return yield* this.runSimple(n, st, io)
      case 'func':
        st.funcs.set(n.name, n.body)
        return 0
      default:
        return yield* this.withRedirs(n.redirs, st, io, (rio) => this.runCompound(n, st, rio))
    }
  }

  /** `cmd &`: a job beside the foreground; stepped once now so `$!` has its pid. */
  private startBackground(n: Node, st: ShellState, io: Io): void {
    const sub = st.clone()
    const bio: Io = { stdin: NULL_IN, stdout: io.stdout, stderr: io.stderr }
    const self = this
    function* body(): Generator<Wait, number, void> {
      try {
        return yield* self.runNode(n, sub, bio)
      } catch (e) {
        if (e instanceof ExitSignal) return e.status
        if (e instanceof ReturnSignal) return e.status
        if (e instanceof BreakSignal || e instanceof ContinueSignal) return 0
        if (e instanceof ExpandError) {
          bio.stderr.write(`${msgPrefix(sub)}${e.message}\n`)
          return 2
        }
        throw e
      }
    }
    const job = this.jobs.add(nodeSource(n), body())
    this.jobs.step(job, (w) => this.ready(w), (e) => this.commandFault('sh', e, bio))
    st.lastBgPid = job.pids[0] ?? 0
  }

  /** set -e: a failing command outside a condition ends the shell. */
  private checkErrexit(n: Node, status: number, st: ShellState): void {
    if (!st.opts.errexit || status === 0 || st.condDepth > 0) return
    if (n.t === 'simple' || (n.t === 'pipeline' && !n.bang) || n.t === 'group') throw new ExitSignal(status)
  }

  /** Expansion errors end the command with status 2 but not the list. */
  private *runGuarded(n: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    try {
      return yield* this.runNode(n, st, io)
    } catch (e) {
      if (e instanceof ExpandError) {
        io.stderr.write(`${msgPrefix(st)}${e.message}\n`)
        return 2
      }
      throw e
    }
  }

  private *runCompound(n: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    switch (n.t) {
      case 'if': {
        for (const c of n.clauses) {
          const cond = yield* this.runCondition(c.cond, st, io)
          st.lastStatus = cond
          if (cond === 0) return yield* this.runNode(c.body, st, io)
        }
        return n.orelse ? yield* this.runNode(n.orelse, st, io) : 0
      }
      case 'loop': {
        let status = 0
        st.loopDepth++
        try {
          for (;;) {
            const cond = yield* this.runCondition(n.cond, st, io)
            st.lastStatus = cond
            if ((cond === 0) === n.until) break
            const pass = yield* this.loopPass(n.body, st, io)
            // break and continue are builtins that succeed: the loop's status is theirs
            status = pass < 0 ? 0 : pass
            if (pass === LOOP_BREAK) break
            if (pass === LOOP_CONTINUE) continue
            yield { kind: 'yield' }
          }
        } finally {
          st.loopDepth--
        }
        return status
      }
      case 'for': {
        const items = n.words ? yield* this.expander.fields(n.words, st) : [...st.positional]
        let status = 0
        st.loopDepth++
        try {
          for (const v of items) {
            st.set(n.name, v)
            const pass = yield* this.loopPass(n.body, st, io)
            // break and continue are builtins that succeed: the loop's status is theirs
            status = pass < 0 ? 0 : pass
            if (pass === LOOP_BREAK) break
            if (pass === LOOP_CONTINUE) continue
            yield { kind: 'yield' }
          }
        } finally {
          st.loopDepth--
        }
        return status
      }
      case 'case': {
        const word = yield* this.expander.string(n.word, st)
        for (const item of n.items) {
          for (const pw of item.patterns) {
            const pat = yield* this.expander.pattern(pw, st)
            if (fnmatch(pat, word)) return item.body ? yield* this.runNode(item.body, st, io) : 0
          }
        }
        return 0
      }
      case 'group':
        if (n.subshell) {
          const sub = st.clone()
          try {
            return yield* this.runNode(n.body, sub, io)
          } catch (e) {
            if (e instanceof ExitSignal) return e.status
            throw e
          }
        }
        return yield* this.runNode(n.body, st, io)
      default:
        return yield* this.runNode(n, st, io)
    }
  }

  private *runCondition(n: Node, st: ShellState, io: Io): Generator<Wait, number, void> {
    st.condDepth++
    try {
      return yield* this.runNode(n, st, io)
    } finally {
      st.condDepth--
    }
  }

  // ---- pipelines --------------------------------------------------------

  private *runPipeline(cmds: Node[], bang: boolean, st: ShellState, io: Io): Generator<Wait, number, void> {
    if (cmds.length === 1) {
      if (bang) st.condDepth++
      try {
        const s = yield* this.runNode(cmds[0]!, st, io)
        return bang ? (s === 0 ? 1 : 0) : s
      } finally {
        if (bang) st.condDepth--
      }
    }
    const pipes = cmds.slice(1).map(() => new Pipe())
    interface Stage {
      gen: Generator<Wait, number, void>
      wait: Wait | null
      done: boolean
      status: number
    }
    const stages: Stage[] = cmds.map((c, i) => {
      const stageIo: Io = {
        stdin: i === 0 ? io.stdin : pipes[i - 1]!.reader,
        stdout: i === cmds.length - 1 ? io.stdout : pipes[i]!.writer,
        stderr: io.stderr
      }
      const self = this
      const sub = st.clone()
      function* stage(): Generator<Wait, number, void> {
        try {
          return yield* self.runNode(c, sub, stageIo)
        } catch (e) {
          if (e instanceof ExitSignal) return e.status
          if (e instanceof ExpandError) {
            stageIo.stderr.write(`${msgPrefix(sub)}${e.message}\n`)
            return 2
          }
          throw e
        } finally {
          // Closing our ends lets the neighbours see EOF / a broken pipe.
          if (i < cmds.length - 1) pipes[i]!.writer.close()
          if (i > 0) pipes[i - 1]!.reader.close()
        }
      }
      return { gen: stage(), wait: { kind: 'yield' }, done: false, status: 0 }
    })
    try {
      for (;;) {
        let progressed = false
        for (const s of stages) {
          if (s.done || !this.ready(s.wait!)) continue
          progressed = true
          const r = s.gen.next()
          if (r.done) {
            s.done = true
            s.status = r.value
          } else s.wait = r.value
        }
        if (stages.every((s) => s.done)) break
        if (progressed) {
          yield { kind: 'yield' }
          continue
        }
        yield this.combinedWait(stages.filter((s) => !s.done).map((s) => s.wait!))
      }
    } finally {
      for (const s of stages) if (!s.done) s.gen.return(0)
    }
    const last = stages[stages.length - 1]!.status
    return bang ? (last === 0 ? 1 : 0) : last
  }

  /** Whether a wait is over (pipeline stages and the shell's main loop). */
  ready(w: Wait): boolean {
    if (w.kind === 'yield' || w.wake?.()) return true
    if (w.kind === 'sleep') return this.sys.clock.now() >= w.untilNs
    if (w.kind === 'write') return w.to.writable?.() ?? true
    return w.from.readable()
  }

  /** What a set of blocked stages waits for, as one Wait: the earliest timer, else the first reader. */
  private combinedWait(waits: Wait[]): Wait {
    let sleep: number | null = null
    // A stage in a system call keeps Ctrl-C pending for the whole pipeline.
    const inKernel = waits.some((w) => w.inKernel === true)
    for (const w of waits) {
      if (w.kind === 'sleep') sleep = sleep === null ? w.untilNs : Math.min(sleep, w.untilNs)
      else if (w.kind === 'yield') return inKernel && !w.inKernel ? { ...w, inKernel } : w
    }
    // Any stage's wake (a signal), readable input or room to write wakes the whole pipeline.
    const wake = (): boolean => waits.some((w) => w.wake?.() || (w.kind !== 'sleep' && this.ready(w)))
    if (sleep !== null) return { kind: 'sleep', untilNs: sleep, wake, inKernel }
    return { kind: 'read', from: NEVER_READABLE, wake, inKernel }
  }

  // ---- simple commands ----------------------------------------------------

  private *runSimple(n: Extract<Node, { t: 'simple' }>, st: ShellState, io: Io): Generator<Wait, number, void> {
    st.lineNo = n.line
    this.substStatus = -1
    const argv = yield* this.expander.fields(n.words, st)
    const assigns: Array<[string, string]> = []
    for (const a of n.assigns) assigns.push([a.name, yield* this.expander.string(a.value, st)])
    if (st.opts.xtrace) {
      const shown = [...assigns.map(([k, v]) => `${k}=${v}`), ...argv]
      io.stderr.write(`+ ${shown.join(' ')}\n`)
    }
    if (argv.length === 0) {
      for (const [k, v] of assigns) {
        try {
          st.set(k, v)
        } catch (e) {
          io.stderr.write(`${msgPrefix(st)}${(e as Error).message}\n`)
          return 2
        }
      }
      const s = this.substStatus >= 0 ? this.substStatus : 0
      if (n.redirs.length > 0) return yield* this.withRedirs(n.redirs, st, io, function* () {
        return s
      })
      return s
    }
    return yield* this.withRedirs(n.redirs, st, io, (rio) => this.runArgv(argv, assigns, st, rio))
  }

  /** Status of the last command substitution in the current command (for `x=$(false)`). */
  private substStatus = -1;

  /** Run an already expanded argv (also Proc.exec and `command`). */
  *runArgv(argv: string[], assigns: Array<[string, string]>, st: ShellState, io: Io): Generator<Wait, number, void> {
    const name = argv[0]!
    const r = this.resolve(name, st)
    switch (r.kind) {
      case 'function': {
        // Every level of shell recursion is a chain of generators the JS stack must hold.
        if (st.funcDepth >= MAX_FUNC_DEPTH) {
          io.stderr.write(`${msgPrefix(st)}${name}: function nesting too deep\n`)
          return 2
        }
        const saved = st.positional
        const savedVars = assigns.map(([k]) => [k, st.vars.get(k)] as const)
        for (const [k, v] of assigns) st.set(k, v)
        st.positional = argv.slice(1)
        st.funcDepth++
        try {
          return yield* this.runNode(r.body, st, io)
        } catch (e) {
          if (e instanceof ReturnSignal) return e.status
          throw e
        } finally {
          st.funcDepth--
          st.positional = saved
          for (const [k, v] of savedVars) {
            if (v) st.vars.set(k, v)
            else st.vars.delete(k)
          }
        }
      }
      case 'builtin': {
        // Prefix assignments before a special builtin stay; before others they are temporary.
        const savedVars = assigns.map(([k]) => [k, st.vars.get(k) && { ...st.vars.get(k)! }] as const)
        for (const [k, v] of assigns) st.set(k, v)
        try {
          const p = this.makeProc(argv, st, io, this.sys.shellPid, st.environ())
          return yield* r.builtin.impl(p, st, this)
        } finally {
          if (!r.builtin.special) {
            for (const [k, v] of savedVars) {
              if (v) st.vars.set(k, v)
              else st.vars.delete(k)
            }
          }
        }
      }
      case 'notfound':
        io.stderr.write(`${msgPrefix(st)}${name}: not found\n`)
        return 127
      case 'noexec':
        // ash: a missing file is "not found" (127); anything else is strerror (126).
        io.stderr.write(`${msgPrefix(st)}${name}: ${r.errno === ENOENT ? 'not found' : strerror(r.errno)}\n`)
        return r.errno === ENOENT ? 127 : 126
      case 'program': {
        const env = st.environ()
        for (const [k, v] of assigns) env[k] = v
        return yield* this.execProgram(r.path, r.inode, argv, env, st, io)
      }
    }
  }

  /** PATH lookup as ash's find_command does, builtins and functions first. */
  resolve(name: string, st: ShellState): Resolution {
    if (!name.includes('/')) {
      const b = this.builtins.get(name)
      if (b?.special) return { kind: 'builtin', builtin: b }
      const f = st.funcs.get(name)
      if (f) return { kind: 'function', body: f }
      if (b) return { kind: 'builtin', builtin: b }
      let denied: { path: string; errno: number } | null = null
      for (const dir of (st.get('PATH') ?? '/bin:/sbin:/usr/bin:/usr/sbin').split(':')) {
        const path = `${dir === '' ? '.' : dir}/${name}`
        const r = this.checkExec(path, st.cwd)
        if (r.kind === 'program') return r
        if (r.kind === 'noexec' && r.errno !== ENOENT && !denied) denied = r
      }
      return denied ? { kind: 'noexec', ...denied } : { kind: 'notfound' }
    }
    return this.checkExec(name, st.cwd)
  }

  private checkExec(path: string, cwd: string): Resolution {
    let inode: Inode
    try {
      inode = this.vfs.resolve(path, cwd, true).inode
    } catch (e) {
      return { kind: 'noexec', path, errno: errnoOf(e) === ENOTDIR ? ENOTDIR : ENOENT }
    }
    if (inode.type !== 'file' || (inode.mode & 0o111) === 0) return { kind: 'noexec', path, errno: EACCES }
    return { kind: 'program', path, inode }
  }

  /** execve(): an applet, a registered program, a binfmt executable, or a script. */
  private *execProgram(path: string, inode: Inode, argv: string[], env: Record<string, string>, st: ShellState, io: Io): Generator<Wait, number, void> {
    let impl: CommandImpl | null = null
    let args = argv
    if (inode.ino === this.busyboxIno) {
      const base = basename(argv[0]!)
      if (base === 'busybox') {
        // `busybox`, `busybox --list`, `busybox --install`: the multi-call binary itself.
        if (argv.length < 2 || argv[1]!.startsWith('--')) impl = this.registry.get('busybox')?.impl ?? null
        else args = argv.slice(1)
      }
      if (!impl) {
        const applet = this.registry.get(basename(args[0]!))
        if (!applet) {
          io.stderr.write(`${basename(args[0]!)}: applet not found\n`)
          return 127
        }
        impl = applet.impl
      }
    } else {
      const prog = this.programByIno.get(inode.ino)
      if (prog !== undefined) impl = this.registry.get(prog)?.impl ?? null
    }
    if (!impl && inode.type === 'file') {
      const bytes = inode.ops.pread(0, inode.ops.size())
      for (const fmt of this.binfmts) {
        impl = fmt(bytes, path)
        if (impl) break
      }
      if (!impl) {
        if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
          io.stderr.write(`${msgPrefix(st)}${argv[0]}: Exec format error\n`)
          return 126
        }
        // ENOEXEC: ash runs the file as a shell script.
        const src = utf8Decode(bytes)
        const scriptArgs = args
        impl = (p) => this.scriptProc(src, path, scriptArgs, p)
      }
    }
    if (!impl) {
      io.stderr.write(`${msgPrefix(st)}${argv[0]}: not found\n`)
      return 127
    }
    // A NOEXEC/NOFORK applet runs in the forked shell without execve: the child keeps the shell's command line.
    const noexec = inode.ino === this.busyboxIno && BUSYBOX_NOEXEC.has(basename(args[0]!))
    return yield* this.runProcess(basename(args[0]!), impl, args, env, st.cwd, io, noexec ? null : args)
  }

  /** A script runs in a new shell: exported variables only, its own positional parameters. */
  private *scriptProc(src: string, path: string, argv: string[], p: Proc): Generator<Wait, number, void> {
    const st = freshState(p.env, p.cwd)
    st.arg0 = argv[0] ?? path
    st.scriptName = st.arg0
    st.positional = argv.slice(1)
    return yield* this.runTopLevel(src, st, { stdin: p.stdin, stdout: p.stdout, stderr: p.stderr })
  }

  /** Run source as a whole shell: `exit` ends it with its status, after its EXIT trap. */
  *runTopLevel(src: string, st: ShellState, io: Io): Generator<Wait, number, void> {
    let status: number
    try {
      status = yield* this.runSource(src, st, io)
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status
      else if (e instanceof ReturnSignal) status = e.status
      else if (e instanceof BreakSignal || e instanceof ContinueSignal) status = 0
      else throw e
    }
    return yield* this.runExitTrap(st, io, status)
  }

  /** The EXIT trap, once, with $? as the shell's exit status; `exit N` inside it changes the status. */
  *runExitTrap(st: ShellState, io: Io, status: number): Generator<Wait, number, void> {
    const action = st.traps.get('EXIT')
    if (action === undefined) return status
    st.traps.delete('EXIT')
    if (action === '') return status
    st.lastStatus = status
    try {
      yield* this.runSource(action, st, io)
    } catch (e) {
      if (e instanceof ExitSignal) return e.status
      if (!(e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal)) throw e
    }
    return status
  }

  /**
   * A command as a process: a pid, `current` set while it runs, signals
   * checked at every yield, exceptions turned into status 1.
   */
  *runProcess(
    comm: string, impl: CommandImpl, argv: string[], env: Record<string, string>, cwd: string, io: Io,
    /** The command line the task shows (/proc/PID/cmdline); null: the parent's (no execve). */
    cmdline: string[] | null = argv
  ): Generator<Wait, number, void> {
    // Processes nest as generators on the JS stack: refuse to fork past a depth it can hold.
    if (this.liveProcs >= MAX_PROCS) {
      io.stderr.write(`sh: can't fork: Resource temporarily unavailable\n`)
      return 2
    }
    const tasks = this.sys.tasks
    // TASK_COMM_LEN is 16: comm keeps 15 characters.
    const ppid = this.currentPid
    const pid = tasks ? tasks.spawn(comm.slice(0, 15), ppid, cmdline) : this.nextPid++
    this.liveProcs++
    const handle: ProcHandle = { pid, signal: 0, sigpipe: false }
    this.procs.set(pid, handle)
    this.jobs.current?.pids.push(pid)
    const watch = (s: OutStream): OutStream => ({
      write: (t: string) => {
        const ok = s.write(t)
        if (!ok && isPipeWriter(s)) handle.sigpipe = true
        return ok
      },
      get isTty() {
        return s.isTty
      },
      get errno() {
        return s.errno
      },
      writeBytes: s.writeBytes ? (d: Uint8Array) => s.writeBytes!(d) : undefined,
      writable: s.writable ? () => s.writable!() : undefined,
      close: () => s.close()
    })
    const pio: Io = { stdin: io.stdin, stdout: watch(io.stdout), stderr: watch(io.stderr) }
    const st = freshState(env, cwd)
    const proc = this.makeProc(argv, st, pio, pid, env)
    let status = 0
    let finished = false
    let gen: CommandGen | null = null
    /** In a system call: signals are delivered when it returns. */
    let inKernel = false
    try {
      for (;;) {
        if ((handle.signal || handle.sigpipe) && !inKernel) {
          const sig = handle.signal || SIGPIPE
          status = 128 + sig
          // ash reports a foreground job killed by a signal; a background one shows it in its Done line.
          if (sig !== SIGINT && sig !== SIGPIPE && !this.jobs.current) io.stderr.write(`${SIGNAL_TEXT[sig] ?? `Signal ${sig}`}\n`)
          break
        }
        const outer = this.currentPid
        this.currentPid = pid
        tasks?.setCurrent(pid)
        let r: IteratorResult<Wait, number>
        try {
          if (!gen) gen = impl(proc)
          r = gen.next()
        } catch (e) {
          status = this.commandFault(comm, e, pio)
          finished = true
          break
        } finally {
          this.currentPid = outer
          tasks?.setCurrent(outer)
        }
        if (r.done) {
          status = (r.value ?? 0) & 255
          finished = true
          break
        }
        const inner = r.value
        const innerWake = inner.wake
        inKernel = inner.inKernel === true
        if (inKernel) yield inner
        else yield { ...inner, wake: () => handle.signal !== 0 || handle.sigpipe || (innerWake?.() ?? false) }
      }
    } finally {
      if (!finished && gen) {
        try {
          gen.return(0)
        } catch {
          // A command's cleanup failing must not take the shell down.
        }
      }
      this.procs.delete(pid)
      this.liveProcs--
      tasks?.exit(pid, finished ? status : status || 128 + SIGINT)
    }
    return status
  }

  /** An exception escaped a command: print it like the applet would, report a simulator fault. */
  commandFault(comm: string, e: unknown, io: Io): number {
    if (e instanceof FsError) {
      io.stderr.write(`${comm}: ${e.message}\n`)
      return 1
    }
    const msg = e instanceof Error ? e.message : String(e)
    io.stderr.write(`${comm}: internal error: ${msg}\n`)
    this.sys.fault?.(`${comm}: ${e instanceof Error && e.stack ? e.stack : msg}`)
    return 1
  }

  /** Deliver a signal to a process the shell started; false if no such process. */
  kill(pid: number, sig: number): boolean {
    const h = this.procs.get(pid)
    if (!h) return false
    h.signal = sig
    return true
  }

  runningPids(): number[] {
    return [...this.procs.keys()]
  }

  makeProc(argv: string[], st: ShellState, io: Io, pid: number, env: Record<string, string>): Proc {
    const self = this
    return {
      argv,
      env,
      cwd: st.cwd,
      pid,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      sys: this.sys,
      cols: this.term.cols(),
      rows: this.term.rows(),
      sh(cmdline: string, opts: ChildOptions = {}): CommandGen {
        const child = freshState(opts.env ?? env, opts.cwd ?? st.cwd)
        if (opts.name !== undefined) {
          child.arg0 = opts.name
          child.scriptName = opts.name
        }
        if (opts.args) child.positional = [...opts.args]
        for (const f of opts.flags ?? '') {
          if (f === 'x') child.opts.xtrace = true
          if (f === 'e') child.opts.errexit = true
        }
        return self.runTopLevel(cmdline, child, childIo(io, opts))
      },
      exec(args: string[], opts: ChildOptions = {}): CommandGen {
        const child = freshState(opts.env ?? env, opts.cwd ?? st.cwd)
        return self.runArgvTop(args, child, childIo(io, opts))
      },
      signalPending(): number {
        const h = self.procs.get(pid)
        return h ? h.signal || (h.sigpipe ? SIGPIPE : 0) : 0
      }
    }
  }

  private *runArgvTop(args: string[], st: ShellState, io: Io): Generator<Wait, number, void> {
    if (args.length === 0) return 0
    try {
      return yield* this.runArgv(args, [], st, io)
    } catch (e) {
      if (e instanceof ExitSignal) return e.status
      throw e
    }
  }

  private *substitute(body: Node, st: ShellState): Generator<Wait, string, void> {
    const out = new StringOut()
    const sub = st.clone()
    let status: number
    try {
      status = yield* this.runNode(body, sub, { stdin: NULL_IN, stdout: out, stderr: st.stderr ?? this.currentStderr ?? out })
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status
      else throw e
    }
    this.substStatus = status
    return out.text
  }

  /** Where command substitutions send their errors (the terminal). */
  currentStderr: OutStream | null = null

  // ---- redirections -----------------------------------------------------

  private *withRedirs(
    redirs: Redir[], st: ShellState, io: Io, body: (io: Io) => Generator<Wait, number, void>
  ): Generator<Wait, number, void> {
    if (redirs.length === 0) return yield* body(io)
    const fds: Array<InStream | OutStream> = [io.stdin, io.stdout, io.stderr]
    const opened: Array<{ close(): void }> = []
    try {
      for (const r of redirs) {
        const err = yield* this.openRedir(r, st, fds, opened)
        if (err !== null) {
          io.stderr.write(`${msgPrefix(st)}${err}\n`)
          return 1
        }
      }
      return yield* body({ stdin: fds[0] as InStream, stdout: fds[1] as OutStream, stderr: fds[2] as OutStream })
    } finally {
      for (const o of opened) o.close()
    }
  }

  /** Apply one redirection to the fd table; returns an error message or null. */
  private *openRedir(r: Redir, st: ShellState, fds: Array<InStream | OutStream>, opened: Array<{ close(): void }>): Generator<Wait, string | null, void> {
    if (r.fd > 2) return null // only 0, 1, 2 exist for our commands
    if (r.op === '<<' || r.op === '<<-') {
      const body = r.heredoc ? (r.heredoc.quoted ? (r.heredoc.body[0] as { s: string }).s : yield* this.expander.string(r.heredoc.body, st)) : ''
      fds[r.fd] = new StringIn(body)
      return null
    }
    const target = yield* this.redirTarget(r.target, st)
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') {
        fds[r.fd] = r.op === '<&' ? NULL_IN : new StringOut()
        return null
      }
      if (/^\d+$/.test(target)) {
        const src = Number(target)
        if (src > 2) return `${target}: Bad file descriptor`
        fds[r.fd] = fds[src]!
        return null
      }
      if (r.op === '<&') return `${target}: Bad file descriptor`
      // `>&file` is `>file 2>&1` in ash.
    }
    try {
      if (r.op === '<') {
        const f = this.vfs.open(target, { read: true }, st.cwd)
        const s = new FileIn(f)
        opened.push(s)
        fds[r.fd] = s
      } else if (r.op === '<>') {
        const f = this.vfs.open(target, { read: true, write: true, create: true }, st.cwd)
        const s = new FileIn(f)
        opened.push(s)
        fds[r.fd] = s
      } else {
        const append = r.op === '>>'
        const f = this.vfs.open(target, { write: true, create: true, truncate: !append, append }, st.cwd)
        const s = new FileOut(f, f.inode.type === 'chr' && f.path.startsWith('/dev/tty'))
        opened.push(s)
        fds[r.fd] = s
        if (r.op === '>&') fds[2] = s
      }
      return null
    } catch (e) {
      const errno = errnoOf(e)
      if (r.op === '<') return `can't open ${target}: ${errno === ENOENT || errno === ENOTDIR ? 'no such file' : strerror(errno)}`
      return `can't create ${target}: ${errno === ENOENT || errno === ENOTDIR ? 'nonexistent directory' : errno === EISDIR ? 'Is a directory' : strerror(errno)}`
    }
  }

  private *redirTarget(w: Word, st: ShellState): Generator<Wait, string, void> {
    const fields = yield* this.expander.fields([w], st)
    if (fields.length === 1) return fields[0]!
    return yield* this.expander.string(w, st)
  }
}

/** A stream that never has data: a wait on it ends only through its `wake`. */
const NEVER_READABLE: InStream = { read: () => '', readable: () => false, close: () => {} }

/** A fresh shell state for a new process: its environment becomes exported variables. */
export function freshState(env: Record<string, string>, cwd: string): ShellState {
  const st = new ShellState()
  for (const [k, v] of Object.entries(env)) st.vars.set(k, { value: v, exported: true, readonly: false })
  st.cwd = cwd
  return st
}

function childIo(io: Io, o: ChildOptions): Io {
  return { stdin: o.stdin ?? io.stdin, stdout: o.stdout ?? io.stdout, stderr: o.stderr ?? io.stderr }
}

export function basename(p: string): string {
  const t = p.replace(/\/+$/, '')
  const i = t.lastIndexOf('/')
  return i < 0 ? t : t.slice(i + 1) || '/'
}
