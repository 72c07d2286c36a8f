/*
 * ash's builtins: the commands that run inside the shell because they change
 * or show its state (cd, export, set, exit, history ...), plus the ones ash
 * builds in for speed (echo, printf, test, true, false, pwd), which are also
 * applets. Messages follow ash: `sh: cd: can't cd to x: No such file or
 * directory`, and such errors give status 2.
 */

import { errnoOf, strerror } from '../fs/errno'
import { ArithError, evalArith } from './arith'
import { echoMain, printfMain, testMain } from './cmds/echo'
import { BreakSignal, type Builtin, type BuiltinImpl, ContinueSignal, ExitSignal, type Interp, ReturnSignal, msgPrefix } from './interp'
import { readLine } from './io'
import { SIGNALS, signum } from './signals'
import { isName } from './parse'
import { type ShellState } from './state'
import type { CommandGen, Proc } from './types'
import { byteOrder } from './glob'

/** ash's ash_msg for a builtin: "sh: cd: msg", or "x.sh: cd: line 3: msg" in a script. */
function shErr(p: Proc, st: ShellState, cmd: string, msg: string): void {
  p.stderr.write(`${msgPrefix(st, cmd)}${msg}\n`)
}

/** Single-quote a value the way ash's `export -p` / `set` print it. */
export function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'"'"'`)}'`
}

function* done(status: number): CommandGen {
  return status
}

const cd: BuiltinImpl = function* (p, st) {
  let dest = p.argv.slice(1).filter((a) => a !== '-L' && a !== '-P')[0]
  let print = false
  if (dest === undefined) {
    dest = st.get('HOME') ?? ''
    if (dest === '') return 0
  } else if (dest === '-') {
    dest = st.get('OLDPWD') ?? st.cwd
    print = true
  }
  const vfs = p.sys.vfs
  let target: string
  try {
    const r = vfs.resolve(dest, st.cwd, true)
    if (r.inode.type !== 'dir') throw Object.assign(new Error(), { errno: 20 })
    // Logical path, as ash keeps it: the path the user typed, normalised lexically.
    target = logicalPath(st.cwd, dest)
  } catch (e) {
    const errno = (e as { errno?: number }).errno ?? errnoOf(e)
    shErr(p, st, 'cd', `can't cd to ${dest}: ${strerror(errno)}`)
    return 2
  }
  st.set('OLDPWD', st.cwd, true)
  st.cwd = target
  st.set('PWD', target, true)
  if (print) p.stdout.write(target + '\n')
  return 0
}

/** `cd ../x` from a symlinked directory stays on the logical path, as ash's cd -L does. */
function logicalPath(cwd: string, dest: string): string {
  const parts = dest.startsWith('/') ? [] : cwd.split('/').filter(Boolean)
  for (const c of dest.split('/')) {
    if (c === '' || c === '.') continue
    if (c === '..') parts.pop()
    else parts.push(c)
  }
  return '/' + parts.join('/')
}

const pwd: BuiltinImpl = function* (p, st) {
  const physical = p.argv.includes('-P')
  p.stdout.write((physical ? p.sys.vfs.realpath(st.cwd) : st.cwd) + '\n')
  return 0
}

const exportB: BuiltinImpl = function* (p, st) {
  const args = p.argv.slice(1).filter((a) => a !== '-n')
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    for (const k of [...st.vars.keys()].sort(byteOrder)) {
      const v = st.vars.get(k)!
      if (v.exported) p.stdout.write(`export ${k}=${shellQuote(v.value)}\n`)
    }
    return 0
  }
  let status = 0
  for (const a of args) {
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq)
    if (!isName(name)) {
      shErr(p, st, 'export', `${name}: bad variable name`)
      status = 2
      continue
    }
    try {
      if (p.argv.includes('-n')) {
        const v = st.vars.get(name)
        if (v) v.exported = false
      } else st.exportVar(name, eq < 0 ? undefined : a.slice(eq + 1))
    } catch (e) {
      shErr(p, st, 'export', (e as Error).message)
      status = 2
    }
  }
  return status
}

const readonlyB: BuiltinImpl = function* (p, st) {
  const args = p.argv.slice(1).filter((a) => a !== '-p')
  if (args.length === 0) {
    for (const k of [...st.vars.keys()].sort(byteOrder)) {
      const v = st.vars.get(k)!
      if (v.readonly) p.stdout.write(`readonly ${k}=${shellQuote(v.value)}\n`)
    }
    return 0
  }
  for (const a of args) {
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq)
    if (eq >= 0) st.set(name, a.slice(eq + 1))
    const v = st.vars.get(name) ?? { value: '', exported: false, readonly: false }
    st.vars.set(name, { ...v, readonly: true })
  }
  return 0
}

const unset: BuiltinImpl = function* (p, st) {
  let funcs = false
  let status = 0
  for (const a of p.argv.slice(1)) {
    if (a === '-f') {
      funcs = true
      continue
    }
    if (a === '-v') continue
    if (funcs) st.funcs.delete(a)
    else {
      try {
        st.unset(a)
      } catch (e) {
        shErr(p, st, 'unset', (e as Error).message)
        status = 2
      }
    }
  }
  return status
}

const set: BuiltinImpl = function* (p, st) {
  const args = p.argv.slice(1)
  if (args.length === 0) {
    for (const k of [...st.vars.keys()].sort(byteOrder)) p.stdout.write(`${k}=${shellQuote(st.vars.get(k)!.value)}\n`)
    return 0
  }
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]!
    if (a === '--') {
      i++
      st.positional = args.slice(i)
      return 0
    }
    if (a === '-o' || a === '+o') {
      const name = args[++i]
      const on = a === '-o'
      if (name === undefined) {
        for (const [k, v] of Object.entries({ errexit: st.opts.errexit, noglob: st.opts.noglob, nounset: st.opts.nounset, xtrace: st.opts.xtrace })) {
          p.stdout.write(`${k.padEnd(16)}${v ? 'on' : 'off'}\n`)
        }
        continue
      }
      if (!(name in st.opts)) {
        shErr(p, st, 'set', `Illegal option -o ${name}`)
        return 2
      }
      ;(st.opts as Record<string, boolean>)[name] = on
      continue
    }
    if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
      const on = a[0] === '-'
      for (const c of a.slice(1)) {
        const key = ({ e: 'errexit', x: 'xtrace', f: 'noglob', u: 'nounset' } as Record<string, string>)[c]
        if (!key) {
          if (c === 'm' || c === 'i' || c === 'h' || c === 'C' || c === 'v' || c === 'n') continue
          shErr(p, st, 'set', `Illegal option ${a[0]}${c}`)
          return 2
        }
        ;(st.opts as Record<string, boolean>)[key] = on
      }
      continue
    }
    st.positional = args.slice(i)
    return 0
  }
  return 0
}

const shift: BuiltinImpl = function* (p, st) {
  const n = p.argv[1] === undefined ? 1 : Number(p.argv[1])
  if (!Number.isInteger(n) || n < 0) {
    shErr(p, st, 'shift', `Illegal number: ${p.argv[1]}`)
    return 2
  }
  if (n > st.positional.length) {
    shErr(p, st, 'shift', `can't shift that many`)
    return 2
  }
  st.positional = st.positional.slice(n)
  return 0
}

function numArg(p: Proc, st: ShellState, cmd: string, def: number): number | null {
  const a = p.argv[1]
  if (a === undefined) return def
  if (!/^-?\d+$/.test(a)) {
    shErr(p, st, cmd, `Illegal number: ${a}`)
    return null
  }
  return Number(a)
}

const exitB: BuiltinImpl = function* (p, st) {
  const n = numArg(p, st, 'exit', st.lastStatus)
  throw new ExitSignal(n === null ? 2 : n & 255)
}

const returnB: BuiltinImpl = function* (p, st) {
  const n = numArg(p, st, 'return', st.lastStatus)
  throw new ReturnSignal(n === null ? 2 : n & 255)
}

const breakB: BuiltinImpl = function* (p, st) {
  const n = numArg(p, st, 'break', 1)
  if (n === null) return 2
  if (st.loopDepth === 0) return 0
  throw new BreakSignal(Math.max(1, Math.min(n, st.loopDepth)))
}

const continueB: BuiltinImpl = function* (p, st) {
  const n = numArg(p, st, 'continue', 1)
  if (n === null) return 2
  if (st.loopDepth === 0) return 0
  throw new ContinueSignal(Math.max(1, Math.min(n, st.loopDepth)))
}

const evalB: BuiltinImpl = function* (p, st, sh) {
  const src = p.argv.slice(1).join(' ')
  if (src.trim() === '') return 0
  return yield* sh.runSource(src, st, { stdin: p.stdin, stdout: p.stdout, stderr: p.stderr })
}

const dot: BuiltinImpl = function* (p, st, sh) {
  const file = p.argv[1]
  if (file === undefined) return 0
  const vfs = p.sys.vfs
  let path = file
  if (!file.includes('/')) {
    const found = (st.get('PATH') ?? '').split(':').map((d) => `${d || '.'}/${file}`).find((c) => {
      try {
        return vfs.stat(c, st.cwd).mode >> 12 === 0o10
      } catch {
        return false
      }
    })
    path = found ?? file
  }
  let src: string
  try {
    src = vfs.readText(path, st.cwd)
  } catch (e) {
    shErr(p, st, p.argv[0]!, `can't open '${file}': ${strerror(errnoOf(e))}`)
    return 2
  }
  const saved = st.positional
  if (p.argv.length > 2) st.positional = p.argv.slice(2)
  try {
    return yield* sh.runSource(src, st, { stdin: p.stdin, stdout: p.stdout, stderr: p.stderr })
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status
    throw e
  } finally {
    st.positional = saved
  }
}

const readB: BuiltinImpl = function* (p, st) {
  let raw = false
  let prompt = ''
  const names: string[] = []
  const args = p.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-r') raw = true
    else if (a === '-p') prompt = args[++i] ?? ''
    else if (a.startsWith('-') && names.length === 0) {
      if (a === '-t' || a === '-n' || a === '-u') i++
    } else names.push(a)
  }
  if (prompt) p.stderr.write(prompt)
  let line = yield* readLine(p.stdin)
  if (line === null) {
    for (const n of names.length ? names : ['REPLY']) st.set(n, '')
    return 1
  }
  if (!raw) {
    // Backslash-newline continues; other backslashes quote the next character.
    while (line.endsWith('\\')) {
      const more = yield* readLine(p.stdin)
      line = line.slice(0, -1) + (more ?? '')
      if (more === null) break
    }
    line = line.replace(/\\(.)/g, '$1')
  }
  if (names.length === 0) {
    st.set('REPLY', line)
    return 0
  }
  const ifs = st.get('IFS') ?? ' \t\n'
  const ws = (c: string): boolean => ifs.includes(c)
  let rest = line
  let i = 0
  while (rest.length > 0 && ws(rest[0]!)) rest = rest.slice(1)
  for (; i < names.length - 1; i++) {
    let j = 0
    while (j < rest.length && !ws(rest[j]!)) j++
    st.set(names[i]!, rest.slice(0, j))
    rest = rest.slice(j)
    while (rest.length > 0 && ws(rest[0]!)) rest = rest.slice(1)
  }
  while (rest.length > 0 && ws(rest[rest.length - 1]!) && ' \t\n'.includes(rest[rest.length - 1]!)) rest = rest.slice(0, -1)
  st.set(names[i]!, rest)
  return 0
}

const local: BuiltinImpl = function* (p, st) {
  if (st.funcDepth === 0) {
    shErr(p, st, 'local', 'not in a function')
    return 2
  }
  for (const a of p.argv.slice(1)) {
    const eq = a.indexOf('=')
    if (eq >= 0) st.set(a.slice(0, eq), a.slice(eq + 1))
    else if (st.get(a) === undefined) st.set(a, '')
  }
  return 0
}

const history: BuiltinImpl = function* (p, _st, sh) {
  const h = sh.session?.history() ?? []
  h.forEach((line, i) => p.stdout.write(`${String(i).padStart(4)} ${line}\n`))
  return 0
}

/** ash's `type` and `command -v`/`-V`: how a name would run. */
function describe(p: Proc, st: ShellState, sh: Interp, name: string, verbose: boolean): boolean {
  const r = sh.resolve(name, st)
  switch (r.kind) {
    case 'builtin':
      p.stdout.write(verbose ? `${name} is a ${r.builtin.special ? 'special ' : ''}shell builtin\n` : `${name}\n`)
      return true
    case 'function':
      p.stdout.write(verbose ? `${name} is a function\n` : `${name}\n`)
      return true
    case 'program': {
      const path = r.path.startsWith('/') ? r.path : `${st.cwd === '/' ? '' : st.cwd}/${r.path.replace(/^\.\//, '')}`
      p.stdout.write(verbose ? `${name} is ${path}\n` : `${path}\n`)
      return true
    }
    default:
      if (verbose) p.stdout.write(`${name}: not found\n`)
      return false
  }
}

const type: BuiltinImpl = function* (p, st, sh) {
  let status = 0
  for (const n of p.argv.slice(1)) if (!describe(p, st, sh, n, true)) status = 127
  return status
}

const command: BuiltinImpl = function* (p, st, sh) {
  const args = p.argv.slice(1)
  if (args[0] === '-v' || args[0] === '-V') {
    let status = 0
    for (const n of args.slice(1)) if (!describe(p, st, sh, n, args[0] === '-V')) status = 127
    return status
  }
  if (args[0] === '-p') args.shift()
  if (args.length === 0) return 0
  // `command name` skips functions.
  const saved = st.funcs
  st.funcs = new Map()
  try {
    return yield* sh.runArgv(args, [], st, { stdin: p.stdin, stdout: p.stdout, stderr: p.stderr })
  } finally {
    st.funcs = saved
  }
}

const execB: BuiltinImpl = function* (p, st, sh) {
  const args = p.argv.slice(1)
  if (args.length === 0) return 0
  const status = yield* sh.runArgv(args, [], st, { stdin: p.stdin, stdout: p.stdout, stderr: p.stderr })
  throw new ExitSignal(status)
}

const letB: BuiltinImpl = function* (p, st) {
  let v = 0
  if (p.argv.length < 2) {
    shErr(p, st, 'let', 'expression expected')
    return 1
  }
  for (const e of p.argv.slice(1)) {
    try {
      v = evalArith(e, { get: (n) => st.get(n), set: (n, x) => st.set(n, x) })
    } catch (err) {
      shErr(p, st, 'let', err instanceof ArithError ? err.message : String(err))
      return 2
    }
  }
  return v === 0 ? 1 : 0
}

const umask: BuiltinImpl = function* (p) {
  if (p.argv.length < 2) p.stdout.write('0022\n')
  return 0
}


/** Signals whose default action leaves a process running (ignore, or stop/continue we do not model). */
const HARMLESS = new Set([0, 17, 18, 19, 20, 21, 22, 23, 28])

/** ash's kill builtin: kill [-SIG | -s SIG] PID|%JOB..., kill -l. */
const killB: BuiltinImpl = function* (p, st, sh) {
  const args = p.argv.slice(1)
  if (args[0] === '-l') {
    if (args.length > 1) {
      for (const a of args.slice(1)) {
        const n = Number(a) > 128 ? Number(a) - 128 : Number(a)
        p.stdout.write((/^\d+$/.test(a) ? SIGNALS[n] ?? a : String(signum(a))) + '\n')
      }
      return 0
    }
    p.stdout.write(SIGNALS.slice(1).map((n, i) => `${String(i + 1).padStart(2)}) ${n}\n`).join(''))
    return 0
  }
  let sig = 15
  if (args[0] === '-s' || args[0] === '-n') {
    args.shift()
    sig = signum(args.shift() ?? '')
  } else if (args[0] && args[0].startsWith('-') && args[0] !== '--') {
    sig = signum(args.shift()!.slice(1))
  } else if (args[0] === '--') args.shift()
  if (sig < 0) {
    shErr(p, st, 'kill', 'bad signal name')
    return 1
  }
  if (args.length === 0) {
    p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: kill [-l] [-SIG] PID...\n')
    return 1
  }
  let status = 0
  for (const a of args) {
    let pids: number[]
    if (a.startsWith('%')) {
      const job = sh.jobs.jobs.find((j) => j.id === Number(a.slice(1)))
      if (!job) {
        shErr(p, st, 'kill', `${a}: no such job`)
        status = 1
        continue
      }
      pids = job.pids
    } else if (/^-?\d+$/.test(a)) pids = [Number(a)]
    else {
      shErr(p, st, 'kill', `bad pid '${a}'`)
      status = 1
      continue
    }
    for (const pid of pids) {
      let ok = sh.runningPids().includes(pid)
      if (ok) {
        if (!HARMLESS.has(sig)) sh.kill(pid, sig)
      } else {
        const r = p.sys.tasks?.kill?.(pid, sig) ?? -3
        ok = r >= 0
      }
      if (!ok) {
        p.stderr.write(`${msgPrefix(st)}can't kill pid ${pid}: No such process\n`)
        status = 1
      }
    }
  }
  return status
}

/**
 * getopts OPTSTRING NAME [ARG...] (ash's getoptscmd): the next option from
 * the arguments (or $@), OPTIND/OPTARG as POSIX says; a leading ':' in
 * OPTSTRING reports errors through NAME/OPTARG instead of messages.
 */
const getoptsB: BuiltinImpl = function* (p, st) {
  const [optstring, name, ...rest] = p.argv.slice(1)
  if (optstring === undefined || name === undefined) {
    shErr(p, st, 'getopts', 'usage: getopts optstring var [arg...]')
    return 2
  }
  const args = rest.length > 0 ? rest : st.positional
  const silent = optstring.startsWith(':')
  let optind = Number(st.get('OPTIND') ?? '1')
  if (!Number.isInteger(optind) || optind < 1) optind = 1
  if (optind === 1 && st.getoptsPos < 1) st.getoptsPos = 1
  const done = (): number => {
    st.set(name, '?')
    st.unset('OPTARG')
    st.getoptsPos = 1
    return 1
  }
  const arg = args[optind - 1]
  if (st.getoptsPos === 1) {
    if (arg === undefined || arg === '-' || !arg.startsWith('-')) return done()
    if (arg === '--') {
      st.set('OPTIND', String(optind + 1))
      return done()
    }
  }
  if (arg === undefined) return done()
  const c = arg[st.getoptsPos]!
  st.getoptsPos++
  const advance = (): void => {
    if (st.getoptsPos >= arg.length) {
      optind++
      st.getoptsPos = 1
    }
  }
  const spec = optstring.indexOf(c, silent ? 1 : 0)
  if (spec < 0 || c === ':') {
    advance()
    st.set('OPTIND', String(optind))
    if (silent) {
      st.set(name, '?')
      st.set('OPTARG', c)
    } else {
      p.stderr.write(`Illegal option -${c}\n`)
      st.set(name, '?')
      st.unset('OPTARG')
    }
    return 0
  }
  if (optstring[spec + 1] === ':') {
    let value: string | undefined
    if (st.getoptsPos < arg.length) value = arg.slice(st.getoptsPos)
    else value = args[optind]
    if (value === undefined) {
      optind++
      st.getoptsPos = 1
      st.set('OPTIND', String(optind))
      if (silent) {
        st.set(name, ':')
        st.set('OPTARG', c)
      } else {
        p.stderr.write(`No arg for -${c} option\n`)
        st.set(name, '?')
        st.unset('OPTARG')
      }
      return 0
    }
    optind += st.getoptsPos < arg.length ? 1 : 2
    st.getoptsPos = 1
    st.set('OPTARG', value)
  } else {
    advance()
    st.unset('OPTARG')
  }
  st.set('OPTIND', String(optind))
  st.set(name, c)
  return 0
}

/** alias [NAME[=VALUE]...]: define, show one, or list all as name='value'. */
const aliasB: BuiltinImpl = function* (p, st) {
  const args = p.argv.slice(1)
  if (args.length === 0) {
    for (const k of [...st.aliases.keys()].sort(byteOrder)) p.stdout.write(`${k}=${shellQuote(st.aliases.get(k)!)}\n`)
    return 0
  }
  let status = 0
  for (const a of args) {
    const eq = a.indexOf('=')
    if (eq > 0) st.aliases.set(a.slice(0, eq), a.slice(eq + 1))
    else if (st.aliases.has(a)) p.stdout.write(`${a}=${shellQuote(st.aliases.get(a)!)}\n`)
    else {
      p.stderr.write(`alias: ${a} not found\n`)
      status = 1
    }
  }
  return status
}

const unaliasB: BuiltinImpl = function* (p, st) {
  let status = 0
  for (const a of p.argv.slice(1)) {
    if (a === '-a') st.aliases.clear()
    else if (!st.aliases.delete(a)) {
      p.stderr.write(`unalias: ${a} not found\n`)
      status = 1
    }
  }
  return status
}

/** The condition name trap stores: EXIT for 0/EXIT, else the signal's name without SIG; null if unknown. */
function trapName(s: string): string | null {
  if (s === '0' || s.toUpperCase() === 'EXIT') return 'EXIT'
  const n = signum(s)
  return n > 0 && n < SIGNALS.length ? SIGNALS[n]! : null
}

/** trap [ACTION CONDITION...], trap - CONDITION..., trap (list). EXIT runs when the shell exits. */
const trapB: BuiltinImpl = function* (p, st) {
  const args = p.argv.slice(1)
  if (args[0] === '--') args.shift()
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    for (const [k, v] of st.traps) p.stdout.write(`trap -- ${shellQuote(v)} ${k}\n`)
    return 0
  }
  if (args[0] === '-l') {
    p.stdout.write(SIGNALS.slice(1).map((n, i) => `${String(i + 1).padStart(2)}) ${n}\n`).join(''))
    return 0
  }
  // A first operand that is a number means "reset these" (POSIX).
  const reset = args[0] === '-' || /^\d+$/.test(args[0]!)
  const action = reset ? null : args[0]!
  let status = 0
  for (const c of reset && args[0] === '-' ? args.slice(1) : reset ? args : args.slice(1)) {
    const name = trapName(c)
    if (!name || name === 'KILL' || name === 'STOP') {
      shErr(p, st, 'trap', `${c}: bad trap`)
      status = 1
      continue
    }
    if (action === null) st.traps.delete(name)
    else st.traps.set(name, action)
  }
  return status
}

const jobsB: BuiltinImpl = function* (p, _st, sh) {
  p.stdout.write(sh.jobs.listing())
  return 0
}

/** wait [%N|PID]...: until those background jobs (or all) end; their last status. */
const wait: BuiltinImpl = function* (p, _st, sh) {
  const targets = p.argv.slice(1).map((a) => {
    const table = sh.jobs.jobs
    if (a.startsWith('%')) return table.find((j) => j.id === Number(a.slice(1))) ?? null
    return table.find((j) => j.pids.includes(Number(a))) ?? null
  })
  const waitFor = targets.length ? targets : [...sh.jobs.jobs]
  let status = targets.length && targets.every((t) => t === null) ? 127 : 0
  for (const job of waitFor) {
    if (!job) continue
    const over = { read: () => '', readable: () => job.done, close: () => {} }
    while (!job.done) yield { kind: 'read', from: over }
    sh.jobs.reaped(job)
    status = job.status
  }
  return status
}

/** ash's `help`: the builtins, tab-indented, wrapped after 60 columns. */
const help: BuiltinImpl = function* (p, _st, sh) {
  let out = 'Built-in commands:\n------------------\n'
  let col = 0
  for (const name of [...sh.builtins.keys()].sort(byteOrder)) {
    const piece = (col === 0 ? '\t' : ' ') + name
    out += piece
    col += piece.length
    if (col > 60) {
      out += '\n'
      col = 0
    }
  }
  if (col !== 0) out += '\n'
  p.stdout.write(out)
  return 0
}

function applet(impl: (p: Proc) => CommandGen): BuiltinImpl {
  return (p) => impl(p)
}

/** The builtin table (name → implementation, special or not). */
export function makeBuiltins(): Map<string, Builtin> {
  const m = new Map<string, Builtin>()
  const add = (name: string, impl: BuiltinImpl, special = false): void => {
    m.set(name, { impl, special })
  }
  add('.', dot, true)
  add(':', () => done(0), true)
  add('[', applet(testMain))
  add('break', breakB, true)
  add('cd', cd)
  add('chdir', cd)
  add('command', command)
  add('continue', continueB, true)
  add('echo', applet(echoMain))
  add('eval', evalB, true)
  add('exec', execB, true)
  add('exit', exitB, true)
  add('export', exportB, true)
  add('false', () => done(1))
  add('help', help)
  add('history', history)
  add('let', letB)
  add('local', local)
  add('printf', applet(printfMain))
  add('pwd', pwd)
  add('read', readB)
  add('readonly', readonlyB, true)
  add('return', returnB, true)
  add('set', set, true)
  add('shift', shift, true)
  add('source', dot, true)
  add('test', applet(testMain))
  add('true', () => done(0))
  add('type', type)
  add('umask', umask)
  add('unset', unset, true)
  add('wait', wait)
  add('jobs', jobsB)
  add('trap', trapB, true)
  add('alias', aliasB)
  add('getopts', getoptsB)
  add('unalias', unaliasB)
  add('kill', killB)
  return m
}
