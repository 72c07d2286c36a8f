/*
 * make: a small GNU make 4.3 for the lab Makefiles.
 *
 *  - variables: `=` (recursive), `:=`/`::=` (simple), `?=`, `+=`, `override`,
 *    `export`; command-line `VAR=value` overrides the Makefile; the
 *    environment provides defaults (PWD, HOME...); $(MAKE), $(CURDIR),
 *    $(MAKEFLAGS), $(MAKELEVEL); automatic $@ $< $^;
 *  - functions: shell, wildcard, subst, patsubst, strip, findstring, filter,
 *    filter-out, sort, word, words, firstword, lastword, dir, notdir,
 *    suffix, basename, addsuffix, addprefix, join, if, or, and, foreach,
 *    origin, abspath, realpath, info, warning, error;
 *  - conditionals ifeq/ifneq/ifdef/ifndef/else/endif, `include`;
 *  - rules with recipes (tab-prefixed, `@` silent, `-` ignore errors),
 *    `.PHONY`, targets rebuilt when a prerequisite is newer or the target is
 *    missing; recipes run through the shell (p.sh);
 *  - `-C DIR` ("make[N]: Entering directory '...'"), `-f FILE`, `-s`, `-n`,
 *    `-k`, `-j` (accepted, serial), and the error lines
 *    "make: *** [Makefile:5: all] Error 2".
 *
 * The kernel build directory's Makefile hands `modules`/`clean` to Kbuild
 * (kbuild.ts) through the `kbuild` builtin.
 */

import type { CommandGen, Proc, Wait } from '../shell/types'

import { type KbuildDeps, kbuildRun } from './kbuild'

interface Var {
  value: string
  recursive: boolean
  origin: 'default' | 'environment' | 'file' | 'command line' | 'override' | 'automatic'
}

interface Rule {
  targets: string[]
  prereqs: string[]
  recipe: Array<{ text: string; line: number }>
  file: string
  line: number
}

class MakeError extends Error {}

export interface MakeDeps extends KbuildDeps {}

const stripComment = (l: string): string => {
  let out = ''
  for (let i = 0; i < l.length; i++) {
    if (l[i] === '\\' && l[i + 1] === '#') {
      out += '#'
      i++
      continue
    }
    if (l[i] === '#') break
    out += l[i]
  }
  return out
}

/** One make invocation's state. */
export class MakeFile {
  vars = new Map<string, Var>()
  rules: Rule[] = []
  phony = new Set<string>()
  defaultGoal = ''
  /** file:line for messages */
  where = 'Makefile'
  /** $(shell ...) runner (synchronous capture through a generator). */
  constructor(
    readonly p: Proc,
    readonly cwd: string,
    readonly level: number,
    readonly shell: (cmd: string) => Generator<Wait, string, void>
  ) {}

  set(name: string, value: string, recursive: boolean, origin: Var['origin']): void {
    const old = this.vars.get(name)
    if (old && old.origin === 'command line' && origin === 'file') return
    if (old && old.origin === 'override' && origin !== 'override') return
    this.vars.set(name, { value, recursive, origin })
  }

  /** Expand $(...) / ${...} / $X references. */
  *expand(s: string, auto: Record<string, string> = {}, depth = 0): Generator<Wait, string, void> {
    if (depth > 50) throw new MakeError('Recursive variable references itself (eventually)')
    let out = ''
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!
      if (c !== '$') {
        out += c
        continue
      }
      const n = s[i + 1]
      if (n === undefined) break
      if (n === '$') {
        out += '$'
        i++
        continue
      }
      if (n === '(' || n === '{') {
        const close = n === '(' ? ')' : '}'
        let d = 0
        let j = i + 1
        for (; j < s.length; j++) {
          if (s[j] === n) d++
          else if (s[j] === close) {
            d--
            if (d === 0) break
          }
        }
        const inner = s.slice(i + 2, j)
        i = j
        out += yield* this.ref(inner, auto, depth)
        continue
      }
      out += yield* this.ref(n, auto, depth)
      i++
    }
    return out
  }

  private *ref(inner: string, auto: Record<string, string>, depth: number): Generator<Wait, string, void> {
    const sp = inner.search(/[\s,]/)
    const fname = sp < 0 ? inner : inner.slice(0, sp)
    if (sp >= 0 && inner[sp] !== ',' && FUNCS.has(fname)) return yield* this.func(fname, inner.slice(sp + 1), auto, depth)
    // substitution reference $(VAR:a=b)
    const name = yield* this.expand(inner, auto, depth + 1)
    const colon = name.indexOf(':')
    if (colon > 0 && name.includes('=', colon)) {
      const v = yield* this.value(name.slice(0, colon), auto, depth)
      const [from, to] = name.slice(colon + 1).split('=') as [string, string]
      return v
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => (from.includes('%') ? patsubst(from, to, w) : w.endsWith(from) ? w.slice(0, w.length - from.length) + to : w))
        .join(' ')
    }
    return yield* this.value(name, auto, depth)
  }

  *value(name: string, auto: Record<string, string> = {}, depth = 0): Generator<Wait, string, void> {
    if (name in auto) return auto[name]!
    const v = this.vars.get(name)
    if (!v) return ''
    return v.recursive ? yield* this.expand(v.value, auto, depth + 1) : v.value
  }

  private *func(f: string, argText: string, auto: Record<string, string>, depth: number): Generator<Wait, string, void> {
    const args = splitArgs(argText)
    const ex = (i: number): Generator<Wait, string, void> => this.expand(args[i] ?? '', auto, depth + 1)
    const words = (s: string): string[] => s.split(/\s+/).filter(Boolean)
    switch (f) {
      case 'shell':
        return (yield* this.shell(yield* ex(0))).replace(/\n+$/, '').replace(/\n/g, ' ')
      case 'wildcard': {
        const out: string[] = []
        for (const pat of words(yield* ex(0))) out.push(...glob(this.p, this.cwd, pat))
        return out.join(' ')
      }
      case 'subst': {
        const from = yield* ex(0)
        const to = yield* ex(1)
        return (yield* ex(2)).split(from).join(to)
      }
      case 'patsubst': {
        const from = yield* ex(0)
        const to = yield* ex(1)
        return words(yield* ex(2)).map((w) => patsubst(from, to, w)).join(' ')
      }
      case 'strip':
        return words(yield* ex(0)).join(' ')
      case 'findstring': {
        const a = yield* ex(0)
        return (yield* ex(1)).includes(a) ? a : ''
      }
      case 'filter':
      case 'filter-out': {
        const pats = words(yield* ex(0))
        const m = (w: string): boolean => pats.some((pt) => patsubst(pt, '%', w) !== w || pt === w)
        return words(yield* ex(1)).filter((w) => (f === 'filter' ? m(w) : !m(w))).join(' ')
      }
      case 'sort':
        return [...new Set(words(yield* ex(0)))].sort().join(' ')
      case 'word':
        return words(yield* ex(1))[Number(yield* ex(0)) - 1] ?? ''
      case 'words':
        return String(words(yield* ex(0)).length)
      case 'firstword':
        return words(yield* ex(0))[0] ?? ''
      case 'lastword': {
        const w = words(yield* ex(0))
        return w[w.length - 1] ?? ''
      }
      case 'dir':
        return words(yield* ex(0)).map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './')).join(' ')
      case 'notdir':
        return words(yield* ex(0)).map((w) => w.slice(w.lastIndexOf('/') + 1)).join(' ')
      case 'suffix':
        return words(yield* ex(0)).map((w) => (/\.[^./]*$/.exec(w)?.[0] ?? '')).filter(Boolean).join(' ')
      case 'basename':
        return words(yield* ex(0)).map((w) => w.replace(/\.[^./]*$/, '')).join(' ')
      case 'addsuffix': {
        const s = yield* ex(0)
        return words(yield* ex(1)).map((w) => w + s).join(' ')
      }
      case 'addprefix': {
        const s = yield* ex(0)
        return words(yield* ex(1)).map((w) => s + w).join(' ')
      }
      case 'join': {
        const a = words(yield* ex(0))
        const b = words(yield* ex(1))
        const n = Math.max(a.length, b.length)
        const out: string[] = []
        for (let i = 0; i < n; i++) out.push((a[i] ?? '') + (b[i] ?? ''))
        return out.join(' ')
      }
      case 'if': {
        const c = (yield* ex(0)).trim()
        return c ? yield* ex(1) : yield* ex(2)
      }
      case 'or': {
        for (let i = 0; i < args.length; i++) {
          const v = (yield* ex(i)).trim()
          if (v) return v
        }
        return ''
      }
      case 'and': {
        let v = ''
        for (let i = 0; i < args.length; i++) {
          v = (yield* ex(i)).trim()
          if (!v) return ''
        }
        return v
      }
      case 'foreach': {
        const name = (yield* ex(0)).trim()
        const list = words(yield* ex(1))
        const out: string[] = []
        for (const w of list) out.push(yield* this.expand(args[2] ?? '', { ...auto, [name]: w }, depth + 1))
        return out.join(' ')
      }
      case 'origin': {
        const v = this.vars.get((yield* ex(0)).trim())
        return v ? v.origin : 'undefined'
      }
      case 'abspath':
      case 'realpath':
        return words(yield* ex(0)).map((w) => normalize(w.startsWith('/') ? w : this.cwd + '/' + w)).join(' ')
      case 'info':
        this.p.stdout.write((yield* ex(0)) + '\n')
        return ''
      case 'warning':
        this.p.stderr.write(`${this.where}: ${yield* ex(0)}\n`)
        return ''
      case 'error':
        throw new MakeError(`${this.where}: *** ${yield* ex(0)}.  Stop.`)
    }
    return ''
  }

  /** Read a Makefile's text into variables and rules. */
  *parse(text: string, file: string): Generator<Wait, void, void> {
    const raw = text.split('\n')
    // join continuation lines, keeping the first line number
    const lines: Array<{ text: string; line: number }> = []
    for (let i = 0; i < raw.length; i++) {
      let t = raw[i]!
      const start = i + 1
      while (t.endsWith('\\') && i + 1 < raw.length) {
        t = t.slice(0, -1).replace(/\s+$/, '') + ' ' + raw[++i]!.replace(/^\s+/, '')
      }
      lines.push({ text: t, line: start })
    }
    const cond: Array<{ active: boolean; taken: boolean; parent: boolean }> = []
    const active = (): boolean => cond.every((c) => c.active)
    let rule: Rule | null = null
    for (const { text: l0, line } of lines) {
      this.where = `${file}:${line}`
      if (l0.startsWith('\t') && rule) {
        if (active()) rule.recipe.push({ text: l0.slice(1), line })
        continue
      }
      const l = stripComment(l0).trim()
      if (l === '') continue
      const cm = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(l)
      if (cm) {
        const parent = active()
        let v = false
        if (parent) v = yield* this.evalCond(cm[1]!, cm[2]!)
        cond.push({ active: parent && v, taken: v, parent })
        continue
      }
      const em = /^else\b\s*(.*)$/.exec(l)
      if (em) {
        const c = cond[cond.length - 1]
        if (!c) throw new MakeError(`${this.where}: *** extraneous 'else'.  Stop.`)
        const sub = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(em[1]!)
        if (c.taken) c.active = false
        else if (sub) {
          const v = c.parent ? yield* this.evalCond(sub[1]!, sub[2]!) : false
          c.active = v
          c.taken = v
        } else {
          c.active = c.parent
          c.taken = true
        }
        continue
      }
      if (/^endif\b/.test(l)) {
        if (!cond.pop()) throw new MakeError(`${this.where}: *** extraneous 'endif'.  Stop.`)
        continue
      }
      if (!active()) continue
      rule = null
      const inc = /^-?include\s+(.*)$/.exec(l)
      if (inc) {
        for (const f of (yield* this.expand(inc[1]!)).split(/\s+/).filter(Boolean)) {
          const path = f.startsWith('/') ? f : this.cwd + '/' + f
          if (!this.p.sys.vfs.exists(path)) {
            if (l.startsWith('-')) continue
            throw new MakeError(`${this.where}: ${f}: No such file or directory`)
          }
          yield* this.parse(this.p.sys.vfs.readText(path), f)
        }
        continue
      }
      const am = /^(override\s+|export\s+)?([^\s:=#+?!]+)\s*(\+=|\?=|:::?=|::=|:=|!=|=)\s*(.*)$/.exec(l)
      if (am) {
        const name = am[2]!
        const op = am[3]!
        const val = am[4]!
        const origin = am[1]?.startsWith('override') ? 'override' : 'file'
        const cur = this.vars.get(name)
        if (op === '?=') {
          if (!cur) this.set(name, val, true, origin)
        } else if (op === '+=') {
          if (cur) {
            if (cur.origin === 'command line' && origin !== 'override') continue
            const add = cur.recursive ? val : yield* this.expand(val)
            this.vars.set(name, { ...cur, value: cur.value ? cur.value + ' ' + add : add })
          } else this.set(name, val, true, origin)
        } else if (op === '=') this.set(name, val, true, origin)
        else if (op === '!=') this.set(name, yield* this.shell(yield* this.expand(val)), false, origin)
        else this.set(name, yield* this.expand(val), false, origin)
        continue
      }
      if (/^export\b/.test(l) || /^unexport\b/.test(l)) continue
      const rm = /^([^:]+?)\s*::?\s*(.*)$/.exec(l)
      if (rm) {
        const targets = (yield* this.expand(rm[1]!)).split(/\s+/).filter(Boolean)
        let rest = rm[2]!
        let inline: string | null = null
        const semi = rest.indexOf(';')
        if (semi >= 0) {
          inline = rest.slice(semi + 1).trim()
          rest = rest.slice(0, semi)
        }
        const prereqs = (yield* this.expand(rest)).split(/\s+/).filter((w) => w && w !== '|')
        if (targets.includes('.PHONY')) {
          for (const t of prereqs) this.phony.add(t)
          continue
        }
        rule = { targets, prereqs, recipe: inline !== null ? [{ text: inline, line }] : [], file, line }
        this.rules.push(rule)
        if (!this.defaultGoal) {
          const t = targets.find((x) => !x.startsWith('.') && !x.includes('%'))
          if (t) this.defaultGoal = t
        }
        continue
      }
      throw new MakeError(`${this.where}: *** missing separator.  Stop.`)
    }
    if (cond.length) throw new MakeError(`${file}:${lines.length}: *** missing 'endif'.  Stop.`)
  }

  private *evalCond(kind: string, rest: string): Generator<Wait, boolean, void> {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = (yield* this.expand(rest)).trim()
      const v = this.vars.get(name)
      const def = !!v && v.value !== ''
      return kind === 'ifdef' ? def : !def
    }
    let a = ''
    let b = ''
    const t = rest.trim()
    if (t.startsWith('(')) {
      const inner = t.slice(1, t.lastIndexOf(')'))
      const [x, y] = splitArgs(inner)
      a = (yield* this.expand(x ?? '')).trim()
      b = (yield* this.expand(y ?? '')).trim()
    } else {
      const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(t)
      if (m) {
        a = yield* this.expand(m[2]!)
        b = yield* this.expand(m[4]!)
      }
    }
    return kind === 'ifeq' ? a === b : a !== b
  }

  rulesFor(target: string): Rule[] {
    return this.rules.filter((r) => r.targets.includes(target))
  }

  /** A pattern rule (%.o: %.c) for the target, with its stem. */
  patternFor(target: string): { rule: Rule; stem: string } | null {
    for (const r of this.rules) {
      for (const t of r.targets) {
        if (!t.includes('%') || !r.recipe.length) continue
        const [pre, suf] = t.split('%') as [string, string]
        if (target.startsWith(pre) && target.endsWith(suf) && target.length >= pre.length + suf.length) {
          const stem = target.slice(pre.length, target.length - suf.length)
          const prereqs = r.prereqs.map((x) => x.replace('%', stem))
          if (prereqs.every((x) => this.exists(x) || this.rulesFor(x).length)) return { rule: { ...r, prereqs }, stem }
        }
      }
    }
    return null
  }

  exists(f: string): boolean {
    return this.p.sys.vfs.exists(f.startsWith('/') ? f : this.cwd + '/' + f)
  }
  mtime(f: string): number {
    try {
      return this.p.sys.vfs.stat(f.startsWith('/') ? f : this.cwd + '/' + f).mtimeMs
    } catch {
      return -1
    }
  }
}

const FUNCS = new Set([
  'shell', 'wildcard', 'subst', 'patsubst', 'strip', 'findstring', 'filter', 'filter-out', 'sort', 'word', 'words',
  'firstword', 'lastword', 'dir', 'notdir', 'suffix', 'basename', 'addsuffix', 'addprefix', 'join', 'if', 'or', 'and',
  'foreach', 'origin', 'abspath', 'realpath', 'info', 'warning', 'error'
])

function splitArgs(s: string): string[] {
  const out: string[] = []
  let d = 0
  let cur = ''
  for (const c of s) {
    if (c === '(' || c === '{') d++
    else if (c === ')' || c === '}') d--
    if (c === ',' && d === 0) {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

function patsubst(from: string, to: string, w: string): string {
  const i = from.indexOf('%')
  if (i < 0) return w === from ? to : w
  const pre = from.slice(0, i)
  const suf = from.slice(i + 1)
  if (!w.startsWith(pre) || !w.endsWith(suf) || w.length < pre.length + suf.length) return w
  const stem = w.slice(pre.length, w.length - suf.length)
  return to.includes('%') ? to.replace('%', stem) : to
}

function normalize(path: string): string {
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') out.pop()
    else out.push(part)
  }
  return '/' + out.join('/')
}

function glob(p: Proc, cwd: string, pat: string): string[] {
  const abs = pat.startsWith('/')
  const full = abs ? pat : cwd + '/' + pat
  const dir = full.slice(0, full.lastIndexOf('/')) || '/'
  const base = full.slice(full.lastIndexOf('/') + 1)
  if (!/[*?[]/.test(base)) return p.sys.vfs.exists(full) ? [pat] : []
  const re = new RegExp('^' + base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$')
  let names: string[] = []
  try {
    names = p.sys.vfs.readdir(dir).filter((n) => re.test(n) && !n.startsWith('.')).sort()
  } catch {
    return []
  }
  const prefix = pat.slice(0, pat.lastIndexOf('/') + 1)
  return names.map((n) => prefix + n)
}

/** A stream that collects text ($(shell ...)). */
class Collect {
  text = ''
  readonly isTty = false
  write(s: string): boolean {
    this.text += s
    return true
  }
  close(): void {}
}

/** `make [-C DIR] [-f FILE] [-s] [-n] [-k] [VAR=value...] [target...]` */
export function makeCommand(d: MakeDeps) {
  return function* make(p: Proc): CommandGen {
    const level = Number(p.env['MAKELEVEL'] ?? '0') || 0
    const name = level > 0 ? `make[${level}]` : 'make'
    let dir = p.cwd
    let file = ''
    let silent = false
    let dry = false
    let keep = false
    const cmdVars: Array<[string, string]> = []
    const goals: string[] = []
    const argv = p.argv.slice(1)
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!
      if (a === '-C' || a === '--directory') dir = resolve(dir, argv[++i] ?? '.')
      else if (a.startsWith('-C') && a.length > 2) dir = resolve(dir, a.slice(2))
      else if (a.startsWith('--directory=')) dir = resolve(dir, a.slice(12))
      else if (a === '-f' || a === '--file' || a === '--makefile') file = argv[++i] ?? ''
      else if (a === '-s' || a === '--silent' || a === '--quiet') silent = true
      else if (a === '-n' || a === '--just-print' || a === '--dry-run') dry = true
      else if (a === '-k' || a === '--keep-going') keep = true
      else if (/^-j\d*$/.test(a) || a === '--no-print-directory' || a === '-w' || a === '-B' || a === '-i') {
        if (a === '-j' && /^\d+$/.test(argv[i + 1] ?? '')) i++
      } else if (a === '-h' || a === '--help') {
        p.stdout.write('Usage: make [options] [target] ...\n')
        return 0
      } else if (a.startsWith('-')) {
        p.stderr.write(`${name}: invalid option -- '${a.replace(/^-+/, '')}'\nUsage: make [options] [target] ...\n`)
        return 2
      } else if (/^[A-Za-z_][A-Za-z0-9_]*:?=/.test(a)) {
        const eq = a.indexOf('=')
        cmdVars.push([a.slice(0, eq).replace(/:$/, ''), a.slice(eq + 1)])
      } else goals.push(a)
    }
    const vfs = p.sys.vfs
    let realDir = dir
    try {
      realDir = vfs.realpath(dir)
      if ((vfs.stat(realDir).mode & 0o170000) !== 0o040000) throw new Error('x')
    } catch {
      p.stderr.write(`${name}: *** ${dir}: No such file or directory.  Stop.\n`)
      return 2
    }
    const changed = realDir !== p.cwd || argv.some((a) => a === '-C' || a.startsWith('-C') || a.startsWith('--directory'))
    if (changed) p.stdout.write(`${name}: Entering directory '${realDir}'\n`)
    const leave = (): void => {
      if (changed) p.stdout.write(`${name}: Leaving directory '${realDir}'\n`)
    }
    const shellRun = function* (cmd: string): Generator<Wait, string, void> {
      const c = new Collect()
      yield* p.sh(cmd, { cwd: realDir, stdout: c as never })
      return c.text
    }
    const mf = new MakeFile(p, realDir, level, shellRun)
    for (const [k, v] of Object.entries(p.env)) mf.set(k, v, false, 'environment')
    mf.set('CURDIR', realDir, false, 'file')
    mf.set('MAKE', 'make', false, 'default')
    mf.set('MAKELEVEL', String(level), false, 'environment')
    mf.set('SHELL', '/bin/sh', false, 'default')
    mf.set('CC', 'cc', false, 'default')
    mf.set('RM', 'rm -f', false, 'default')
    for (const [k, v] of cmdVars) mf.vars.set(k, { value: v, recursive: false, origin: 'command line' })
    const mfName = file || ['GNUmakefile', 'makefile', 'Makefile'].find((f) => vfs.exists(realDir + '/' + f)) || ''
    try {
      if (mfName) yield* mf.parse(vfs.readText(mfName.startsWith('/') ? mfName : realDir + '/' + mfName), mfName)
      else if (file) throw new MakeError(`${name}: ${file}: No such file or directory`)
    } catch (e) {
      if (e instanceof MakeError) {
        p.stderr.write(e.message.startsWith(name) ? e.message + '\n' : `${mfName}${e.message.startsWith(mfName) ? e.message.slice(mfName.length) : ': ' + e.message}\n`)
        leave()
        return 2
      }
      throw e
    }
    if (!goals.length) {
      if (!mf.defaultGoal) {
        p.stderr.write(`${name}: *** No targets.  Stop.\n`)
        leave()
        return 2
      }
      goals.push(mf.defaultGoal)
    }
    const env: Record<string, string> = { ...p.env, MAKELEVEL: String(level + 1) }
    for (const [k, v] of cmdVars) env[k] = v
    const done = new Set<string>()
    let failed = false
    let ran = 0
    // builds `t`; returns 0 ok, 1 failed, 2 no rule
    const build = function* (t: string, top: boolean): Generator<Wait, number, void> {
      if (done.has(t)) return 0
      done.add(t)
      let rules = mf.rulesFor(t)
      let stem = ''
      if (!rules.some((r) => r.recipe.length)) {
        const pr = mf.patternFor(t)
        if (pr) {
          rules = [...rules, pr.rule]
          stem = pr.stem
        }
      }
      if (!rules.length) {
        if (mf.exists(t)) return 0
        p.stderr.write(`${name}: *** No rule to make target '${t}'.  Stop.\n`)
        return 2
      }
      const prereqs = rules.flatMap((r) => r.prereqs)
      for (const pq of prereqs) {
        const r = yield* build(pq, false)
        if (r) return r
      }
      const recipeRule = rules.find((r) => r.recipe.length)
      const tm = mf.mtime(t)
      const outOfDate = mf.phony.has(t) || tm < 0 || prereqs.some((x) => mf.mtime(x) > tm || mf.phony.has(x))
      if (!recipeRule || !outOfDate) {
        if (top && ran === 0) p.stdout.write(recipeRule || mf.exists(t) ? `${name}: '${t}' is up to date.\n` : `${name}: Nothing to be done for '${t}'.\n`)
        return 0
      }
      ran++
      const auto = { '@': t, '<': prereqs[0] ?? '', '^': [...new Set(prereqs)].join(' '), '*': stem }
      for (const step of recipeRule.recipe) {
        let line = yield* mf.expand(step.text, auto)
        let quiet = silent
        let ignore = false
        for (;;) {
          const c = line.trimStart()[0]
          if (c === '@') quiet = true
          else if (c === '-') ignore = true
          else if (c === '+') void 0
          else break
          line = line.trimStart().slice(1)
        }
        if (line.trim() === '') continue
        if (!quiet || dry) p.stdout.write(line + '\n')
        if (dry) continue
        let st: number
        const kb = /^\s*kbuild\s+(\S+)\s*$/.exec(line)
        if (kb) {
          const vars = { extraSymbols: yield* mf.value('KBUILD_EXTRA_SYMBOLS'), modpostWarn: yield* mf.value('KBUILD_MODPOST_WARN') }
          st = yield* kbuildRun(p, d, kb[1]!, realDir, (yield* mf.value('M')) || (yield* mf.value('KBUILD_EXTMOD')), level + 1, vars)
        }
        else st = yield* p.sh(line, { cwd: realDir, env })
        if (st !== 0) {
          if (ignore) {
            p.stderr.write(`${name}: [${recipeRule.file}:${step.line}: ${t}] Error ${st} (ignored)\n`)
            continue
          }
          p.stderr.write(`${name}: *** [${recipeRule.file}:${step.line}: ${t}] Error ${st}\n`)
          return 1
        }
      }
      return 0
    }
    let status = 0
    for (const g of goals) {
      const r = yield* build(g, true)
      if (r) {
        failed = true
        status = 2
        if (!keep) break
      }
    }
    leave()
    void failed
    return status
  }
}

function resolve(cwd: string, path: string): string {
  return normalize(path.startsWith('/') ? path : cwd + '/' + path)
}


