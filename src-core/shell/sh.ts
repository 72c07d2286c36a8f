/*
 * The shell on the serial console (busybox ash in interactive mode): prompt,
 * line editor, parse, run; Ctrl-C; `exit`; type-ahead. One foreground job at
 * a time, driven by run(budget) so the machine never blocks.
 *
 * States: 'prompt' (the line editor owns the input), 'running' (a job runs;
 * input goes to the tty in canonical mode), 'askfirst' (the shell exited and
 * init's askfirst waits for Enter to start a new one, as inittab's
 * `::askfirst:-/bin/sh` does on the reference images).
 */

import type { RunState } from '../host'
import type { CharDevOps } from '../fs/inode'
import { utf8Decode, utf8Encode } from '../fs/utf8'
import { basename } from './interp'
import { type Builtin, ExitSignal, Interp, type Io, ReturnSignal, BreakSignal, ContinueSignal, freshState } from './interp'
import { LineEditor } from './lineedit'
import { ParseError, ParseIncomplete, parse } from './parse'
import { CommandRegistry, type RegisteredCommand } from './registry'
import type { ShellState } from './state'
import { TtyIn, TtyOut } from './tty'
import { complete } from './complete'
import type { Binfmt, CommandImpl, RegisterOptions, ShellSystem, Wait } from './types'
import { makeBuiltins } from './builtins'
import { registerApplets } from './applets'
import { installCommand } from './install'

export interface ShellOptions {
  cols?: number
  rows?: number
  /** Initial environment (default: HOME=/root, PATH, SHELL, TERM, USER, LOGNAME). */
  env?: Record<string, string>
  /** Starting directory (default $HOME). */
  cwd?: string
  /** Source /etc/profile before the first prompt (default true). */
  profile?: boolean
}

export const DEFAULT_ENV: Record<string, string> = {
  HOME: '/root',
  PATH: '/bin:/sbin:/usr/bin:/usr/sbin',
  SHELL: '/bin/sh',
  TERM: 'vt102',
  USER: 'root',
  LOGNAME: 'root'
}

const DEFAULT_PS1 = '\\w \\$ '
const DEFAULT_PS2 = '> '

type Mode = 'off' | 'prompt' | 'running' | 'askfirst'

export class Shell {
  /** $? of the last finished command line. */
  lastStatus = 0
  readonly registry = new CommandRegistry()
  private readonly interp: Interp
  private readonly editor: LineEditor
  private readonly ttyIn: TtyIn
  private readonly ttyOut: TtyOut
  private st!: ShellState
  private mode: Mode = 'off'
  private job: Generator<Wait, number, void> | null = null
  private jobWait: Wait | null = null
  private interruptPending = false
  /** Lines of an unfinished construct (PS2 continuation). */
  private pendingSource = ''
  private cols: number
  private rows: number
  private readonly builtins: Map<string, Builtin>

  constructor(
    readonly sys: ShellSystem,
    private readonly opts: ShellOptions = {}
  ) {
    this.cols = opts.cols ?? 80
    this.rows = opts.rows ?? 24
    this.ttyOut = new TtyOut((s) => this.sys.write(s))
    this.ttyIn = new TtyIn((s) => this.sys.write(s))
    this.builtins = makeBuiltins()
    // Commands see the machine through a view whose power calls also stop this shell.
    const view = Object.create(sys) as ShellSystem
    view.poweroff = (o) => {
      this.mode = 'off'
      sys.poweroff(o)
    }
    view.reboot = (o) => {
      this.mode = 'off'
      sys.reboot(o)
    }
    this.interp = new Interp(view, this.registry, this.builtins, { cols: () => this.cols, rows: () => this.rows })
    this.interp.currentStderr = this.ttyOut
    this.interp.session = { history: () => this.editor.history }
    this.editor = new LineEditor((s) => this.sys.write(s), (line, cur) =>
      complete(
        {
          vfs: this.sys.vfs,
          cwd: () => this.st.cwd,
          path: () => this.st.get('PATH') ?? '',
          commandNames: () => [...this.builtins.keys(), ...this.st.funcs.keys()]
        },
        line,
        cur
      )
    )
    this.editor.cols = this.cols
    this.attachConsole()
    this.registry.onAdd = (c) => this.install(c)
    this.interp.busyboxIno = installCommand(this.sys.vfs, this.interp, null)
    registerApplets(this)
    this.resetState()
  }

  // ---- API for the machine ----------------------------------------------

  /** Print the first prompt (after /etc/profile). */
  start(): void {
    this.resetState()
    if ((this.opts.profile ?? true) && this.sys.vfs.exists('/etc/profile')) {
      let src = ''
      try {
        src = this.sys.vfs.readText('/etc/profile')
      } catch {
        src = ''
      }
      this.startJob(this.interp.runSource(src, this.st, this.io()))
      return
    }
    this.prompt()
  }

  /** Raw bytes typed on the serial line. */
  input(data: string): void {
    try {
      this.inputUnsafe(data)
    } catch (e) {
      this.internalFault(e)
    }
  }

  /** Advance the foreground job by up to `budget` steps. */
  run(budget = 1000): RunState {
    try {
      return this.runUnsafe(budget)
    } catch (e) {
      this.internalFault(e)
      this.finishJob(1)
      return { kind: 'idle' }
    }
  }

  /** True while the line editor waits for a command (not while one runs). */
  atPrompt(): boolean {
    return this.mode === 'prompt'
  }

  /**
   * Add a command (insmod, make, gcc, ps ...). It gets a PATH entry: a
   * symlink to /bin/busybox for busybox applets, else an executable in
   * opts.dir (default /usr/bin). Registering a name again replaces it.
   */
  registerCommand(name: string, impl: CommandImpl, opts: RegisterOptions = {}): void {
    this.registry.register(name, impl, opts.dir)
  }

  /** Add a loader for executable files (the C toolchain's a.out). */
  registerBinfmt(fmt: Binfmt): void {
    this.interp.binfmts.push(fmt)
  }

  /** The terminal's size changed (`resize`, xterm.js fit). */
  resize(cols: number, rows: number): void {
    this.cols = Math.max(1, cols)
    this.rows = Math.max(1, rows)
    this.editor.cols = this.cols
  }

  /** Send a signal to a command the shell started (the OOM killer, `kill`). False if none. */
  kill(pid: number, sig: number): boolean {
    return this.interp.kill(pid, sig)
  }

  /** Pids of the commands running now (foreground and background). */
  runningPids(): number[] {
    return this.interp.runningPids()
  }

  get cwd(): string {
    return this.st.cwd
  }

  /** Terminal width, for commands (ls) and the editor. */
  get termCols(): number {
    return this.cols
  }

  get history(): readonly string[] {
    return this.editor.history
  }

  /** The command table (builtins included) for `help` and `type`. */
  get builtinNames(): string[] {
    return [...this.builtins.keys()]
  }

  // ---- internals ------------------------------------------------------------

  private resetState(): void {
    const env = this.opts.env ?? DEFAULT_ENV
    this.st = freshState(env, this.opts.cwd ?? env.HOME ?? '/')
    if (!this.st.get('PS1')) this.st.set('PS1', DEFAULT_PS1)
    this.st.set('PS2', DEFAULT_PS2)
    this.st.set('PWD', this.st.cwd, true)
    try {
      this.st.cwd = this.sys.vfs.realpath(this.st.cwd)
    } catch {
      this.st.cwd = '/'
    }
    this.st.arg0 = '-sh'
  }

  private io(): Io {
    return { stdin: this.ttyIn, stdout: this.ttyOut, stderr: this.ttyOut }
  }

  /**
   * /dev/console, /dev/tty and /dev/ttyAMA0 are this serial line: writes go
   * out through the tty (with \n → \r\n), reads take typed lines.
   */
  private attachConsole(): void {
    let pending: Uint8Array = new Uint8Array(0)
    const ops: CharDevOps = {
      read: (max) => {
        if (pending.length === 0) {
          const s = this.ttyIn.read()
          if (s === null) return new Uint8Array(0)
          if (s === '') return null
          pending = utf8Encode(s)
        }
        const out = pending.subarray(0, max)
        pending = pending.subarray(out.length)
        return out
      },
      write: (d) => {
        this.ttyOut.write(utf8Decode(d))
        return d.length
      }
    }
    const nodes: Array<[string, number, number, number]> = [['console', 5, 1, 0o600], ['tty', 5, 0, 0o666], ['ttyAMA0', 204, 64, 0o600]]
    for (const [name, major, minor, mode] of nodes) {
      try {
        this.sys.vfs.mknod(`/dev/${name}`, major, minor, ops, mode)
      } catch {
        // no /dev (a bare VFS in a test): nothing to attach
      }
    }
  }

  private install(c: RegisteredCommand): void {
    installCommand(this.sys.vfs, this.interp, c)
  }

  private inputUnsafe(data: string): void {
    let rest = data
    while (rest !== '') {
      switch (this.mode) {
        case 'off':
          return
        case 'running':
          for (const ch of rest) {
            if (ch === '\x03') {
              this.sys.write('^C')
              this.ttyIn.flush()
              this.interruptPending = true
            } else this.ttyIn.input(ch)
          }
          return
        case 'askfirst': {
          const i = rest.search(/[\r\n]/)
          if (i < 0) return
          rest = rest.slice(i + 1).replace(/^\n/, '')
          this.sys.write('\r\n')
          this.start()
          continue
        }
        case 'prompt': {
          const r = this.editor.feed(rest)
          rest = r.rest
          if (!r.event) return
          this.handleEvent(r.event)
          continue
        }
      }
    }
  }

  private handleEvent(ev: { type: 'line'; text: string } | { type: 'interrupt' } | { type: 'eof' }): void {
    if (ev.type === 'interrupt') {
      this.pendingSource = ''
      this.setStatus(130)
      this.prompt()
      return
    }
    if (ev.type === 'eof') {
      if (this.pendingSource !== '') {
        // EOF inside a construct: ash reports the syntax error.
        this.sys.write('\r\n')
        this.ttyOut.write(`sh: syntax error: unexpected end of file\n`)
        this.pendingSource = ''
        this.setStatus(2)
        this.prompt()
        return
      }
      this.exitShell(this.lastStatus)
      return
    }
    const line = ev.text
    this.editor.addHistory(line)
    const src = this.pendingSource + line
    let tree
    try {
      tree = parse(src, this.st.aliases)
    } catch (e) {
      if (e instanceof ParseIncomplete) {
        this.pendingSource = src + '\n'
        this.editor.start(this.st.get('PS2') ?? DEFAULT_PS2)
        return
      }
      this.pendingSource = ''
      if (e instanceof ParseError) {
        this.ttyOut.write(`sh: ${e.message}\n`)
        this.setStatus(2)
        this.prompt()
        return
      }
      throw e
    }
    this.pendingSource = ''
    if (tree.t === 'list' && tree.items.length === 0) {
      this.prompt()
      return
    }
    this.startJob(this.interp.run(tree, this.st, this.io()))
  }

  private startJob(gen: Generator<Wait, number, void>): void {
    this.job = gen
    this.jobWait = { kind: 'yield' }
    this.mode = 'running'
    this.interruptPending = false
  }

  private runUnsafe(budget: number): RunState {
    if (this.mode === 'off') return { kind: 'off' }
    const ready = (w: Wait): boolean => this.interp.ready(w)
    let progressed = false
    for (let n = 0; n < budget; n++) {
      progressed = false
      if (this.mode === 'running' && this.job) {
        // Ctrl-C waits while the job is in a system call (insmod in a module's init): SIGINT is
        // delivered when the call returns, and kills the job then.
        if (this.interruptPending && !this.jobWait?.inKernel) {
          this.interrupt()
          progressed = true
          continue
        }
        if (ready(this.jobWait!)) {
          this.stepForeground()
          progressed = true
        }
      }
      // Background jobs run beside the foreground and while the prompt waits.
      for (const j of [...this.interp.jobs.jobs]) {
        if (this.interp.jobs.step(j, ready, (e) => this.internalFault(e))) progressed = true
      }
      if (!progressed) break
    }
    if ((this.mode as Mode) === 'off') return { kind: 'off' }
    if (progressed) return { kind: 'busy' }
    let timer = this.interp.jobs.nextTimer()
    if (this.mode === 'running' && this.jobWait?.kind === 'sleep') {
      timer = timer === null ? this.jobWait.untilNs : Math.min(timer, this.jobWait.untilNs)
    }
    return timer !== null ? { kind: 'timer', atNs: timer } : { kind: 'idle' }
  }

  /**
   * Ctrl-C: end the foreground job (SIGINT); background jobs keep running.
   * With `trap '' INT` the shell and its commands ignore it; with an INT
   * action the action runs after the job is gone.
   */
  private interrupt(): void {
    this.interruptPending = false
    const action = this.st.traps.get('INT')
    if (action === '') return
    const job = this.job
    this.job = null
    try {
      job?.return(130)
    } catch (e) {
      this.internalFault(e)
    }
    // The tty echoed ^C; ash ends the line after a job dies of SIGINT.
    this.sys.write('\r\n')
    if (action !== undefined) {
      this.setStatus(130)
      this.startJob(this.interp.runSource(action, this.st, this.io()))
      return
    }
    this.finishJob(130)
  }

  private stepForeground(): void {
    const job = this.job!
    let r: IteratorResult<Wait, number>
    try {
      r = job.next()
    } catch (e) {
      this.job = null
      if (e instanceof ExitSignal) {
        this.exitShell(e.status)
        return
      }
      if (e instanceof ReturnSignal) return this.finishJob(e.status)
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return this.finishJob(0)
      this.internalFault(e)
      return this.finishJob(1)
    }
    if (r.done) this.finishJob(r.value)
    else if ((this.mode as Mode) === 'off') {
      job.return(0)
      this.job = null
      this.interp.jobs.killAll()
    } else this.jobWait = r.value
  }

  private finishJob(status: number): void {
    this.job = null
    this.jobWait = null
    this.setStatus(status)
    if ((this.mode as Mode) === 'off') return
    this.prompt()
    // Type-ahead goes to the line editor, which shows it again after the prompt.
    const left = this.ttyIn.drain()
    if (left.lines !== '' || left.partial !== '') this.inputUnsafe(left.lines + left.partial)
  }

  private setStatus(status: number): void {
    this.lastStatus = status
    if (this.st) this.st.lastStatus = status
  }

  private prompt(): void {
    this.mode = 'prompt'
    const reports = this.interp.jobs.takeReports()
    if (reports) this.ttyOut.write(reports)
    this.editor.start(this.expandPrompt(this.st.get('PS1') ?? DEFAULT_PS1))
  }

  /** `exit` or Ctrl-D: run the EXIT trap (as a job: it may take time), then log out. */
  private exitShell(status: number): void {
    this.lastStatus = status
    const action = this.st.traps.get('EXIT')
    if (action === undefined || action === '') {
      this.logout()
      return
    }
    const interp = this.interp
    const st = this.st
    const io = this.io()
    this.startJob(
      (function* (): Generator<Wait, number, void> {
        const s = yield* interp.runExitTrap(st, io, status)
        throw new ExitSignal(s)
      })()
    )
  }

  /** The shell exited: init's askfirst waits for Enter before starting the next one. */
  private logout(): void {
    this.mode = 'askfirst'
    this.job = null
    this.interp.jobs.killAll()
    this.sys.write('\r\nPlease press Enter to activate this console. ')
  }

  /** PS1 escapes (busybox lineedit parse_and_put_prompt): \w \W \$ \u \h \H \n \\ \e. */
  expandPrompt(ps1: string): string {
    const home = this.st.get('HOME') ?? ''
    const cwd = this.st.cwd
    const w = home !== '' && home !== '/' && (cwd === home || cwd.startsWith(home + '/')) ? '~' + cwd.slice(home.length) : home === '/' && cwd === '/' ? '~' : cwd
    const host = this.sys.uname().nodename
    // ash (ASH_EXPAND_PRMT) expands $VAR and ${VAR} in the prompt before the backslash escapes.
    const expanded = ps1.replace(/(^|[^\\])\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, pre: string, a?: string, b?: string) =>
      pre + (this.st.get((a ?? b)!) ?? ''))
    return expanded.replace(/\\(.)/g, (_m, c: string) => {
      switch (c) {
        case 'w': return w
        case 'W': return cwd === '/' ? '/' : w === '~' ? '~' : basename(cwd)
        case '$': return '#'
        case 'u': return 'root'
        case 'h': return host.split('.')[0]!
        case 'H': return host
        case 'n': return '\r\n'
        case 'e': return '\x1b'
        case '\\': return '\\'
        case '[': case ']': return ''
        default: return '\\' + c
      }
    })
  }

  private internalFault(e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e)
    try {
      this.sys.write(`\r\nsh: internal error: ${msg}\r\n`)
      this.sys.fault?.(`shell: ${e instanceof Error && e.stack ? e.stack : msg}`)
    } catch {
      // nothing more we can do
    }
  }
}
