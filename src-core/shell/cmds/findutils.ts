/*
 * find and time (busybox findutils/find.c, miscutils/time.c). find parses
 * its expression as busybox does: `!`, `( )`, -a (implicit) and -o over the
 * tests -name -iname -path -ipath -type -perm -size -empty -newer -mtime
 * -mmin -links -inum -user -group and the actions -print -print0 -exec (\; and
 * +) -delete -prune -quit; -maxdepth/-mindepth/-depth/-xdev are global. An
 * expression without an action prints what matches. time CMD reports the
 * simulated wall time.
 */

import { errnoOf } from '../../fs/errno'
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Stat } from '../../fs/inode'
import { fnmatch } from '../glob'
import { errmsg, perror } from '../io'
import type { CommandGen, Proc, Wait } from '../types'
import { showUsage } from './usage'

/** What a node of the expression sees of one file. */
interface Visit {
  path: string
  name: string
  st: Stat
  depth: number
  /** Set by -prune: do not descend. */
  prune: boolean
}

/** A node of find's expression: evaluated per file; may run commands, so it is a generator. */
type Node = (v: Visit) => Generator<Wait, boolean, void>

class FindSyntax extends Error {}

const TYPES: Record<string, number> = { f: S_IFREG, d: S_IFDIR, l: S_IFLNK, c: S_IFCHR, b: 0o060000, p: 0o010000, s: 0o140000 }

/** find's -perm MODE: octal, or symbolic like u+x,g=r (applied to 0). */
function permBits(spec: string): number | null {
  if (/^[0-7]+$/.test(spec)) return parseInt(spec, 8) & 0o7777
  let mode = 0
  for (const part of spec.split(',')) {
    const m = /^([ugoa]*)([+=-])([rwxst]*)$/.exec(part)
    if (!m) return null
    const who = m[1] === '' || m[1]!.includes('a') ? 'ugo' : m[1]!
    let bits = 0
    for (const c of m[3]!) {
      for (const w of who) {
        const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0
        if (c === 'r') bits |= 4 << shift
        if (c === 'w') bits |= 2 << shift
        if (c === 'x') bits |= 1 << shift
        if (c === 's' && w === 'u') bits |= 0o4000
        if (c === 's' && w === 'g') bits |= 0o2000
        if (c === 't') bits |= 0o1000
      }
    }
    if (m[2] === '-') mode &= ~bits
    else mode = m[2] === '=' ? bits : mode | bits
  }
  return mode
}

/** +N (more than), -N (less than) or N (exactly) as find's numeric tests take it. */
function numTest(arg: string, scale = 1): ((v: number) => boolean) | null {
  const m = /^([+-]?)(\d+)$/.exec(arg)
  if (!m) return null
  const n = Number(m[2]) * scale
  return m[1] === '+' ? (v) => v > n : m[1] === '-' ? (v) => v < n : (v) => v === n
}

export function* find(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const roots: string[] = []
  while (args.length > 0 && !(args[0]!.startsWith('-') && args[0]!.length > 1) && args[0] !== '!' && args[0] !== '(') roots.push(args.shift()!)
  if (roots.length === 0) roots.push('.')
  const vfs = p.sys.vfs
  let maxDepth = Infinity
  let minDepth = 0
  let depthFirst = false
  let hasAction = false
  let quit = false
  let status = 0
  const nowMs = p.sys.bootEpochMs + p.sys.clock.now() / 1e6
  // -exec ... +: the paths gathered for each such command, run at the end.
  const batches: Array<{ cmd: string[]; paths: string[] }> = []

  let pos = 0
  const peek = (): string | undefined => args[pos]
  const need = (opt: string): string => {
    const v = args[++pos]
    if (v === undefined) throw new FindSyntax(`${opt} requires an argument`)
    return v
  }
  const test = (f: (v: Visit) => boolean): Node =>
    function* (v) {
      return f(v)
    }
  const primary = (): Node | null => {
    const a = args[pos]!
    switch (a) {
      case '-name':
      case '-iname': {
        const pat = need(a)
        pos++
        return a === '-iname' ? test((v) => fnmatch(pat.toLowerCase(), v.name.toLowerCase())) : test((v) => fnmatch(pat, v.name))
      }
      case '-path':
      case '-wholename':
      case '-ipath': {
        const pat = need(a)
        pos++
        return a === '-ipath' ? test((v) => fnmatch(pat.toLowerCase(), v.path.toLowerCase())) : test((v) => fnmatch(pat, v.path))
      }
      case '-type': {
        const t = need(a)
        pos++
        const want = TYPES[t]
        if (want === undefined || t.length !== 1) throw new FindSyntax(`bad arg '${t}'`)
        return test((v) => (v.st.mode & S_IFMT) === want)
      }
      case '-perm': {
        const spec = need(a)
        pos++
        const kind = spec[0] === '-' || spec[0] === '/' ? spec[0] : ''
        const bits = permBits(kind ? spec.slice(1) : spec)
        if (bits === null) throw new FindSyntax(`invalid mode '${spec}'`)
        return test((v) => {
          const m = v.st.mode & 0o7777
          return kind === '-' ? (m & bits) === bits : kind === '/' ? (m & bits) !== 0 || bits === 0 : m === bits
        })
      }
      case '-size': {
        const arg = need(a)
        pos++
        const m = /^([+-]?\d+)([bcwkMG]?)$/.exec(arg)
        const unit = m ? ({ '': 512, b: 512, c: 1, w: 2, k: 1024, M: 1048576, G: 1073741824 } as Record<string, number>)[m[2]!]! : 1
        const t = m ? numTest(m[1]!, unit) : null
        if (!t) throw new FindSyntax(`invalid number '${arg}'`)
        return test((v) => t(v.st.size))
      }
      case '-links':
      case '-inum': {
        const arg = need(a)
        pos++
        const t = numTest(arg)
        if (!t) throw new FindSyntax(`invalid number '${arg}'`)
        return test((v) => t(a === '-links' ? v.st.nlink : v.st.ino))
      }
      case '-mtime':
      case '-mmin': {
        const arg = need(a)
        pos++
        const t = numTest(arg)
        if (!t) throw new FindSyntax(`invalid number '${arg}'`)
        const unit = a === '-mtime' ? 86400000 : 60000
        return test((v) => t(Math.floor((nowMs - v.st.mtimeMs) / unit)))
      }
      case '-newer': {
        const f = need(a)
        pos++
        let ref: number
        try {
          ref = vfs.stat(f, p.cwd).mtimeMs
        } catch (e) {
          throw new FindSyntax(`${f}: ${String((e as Error).message ?? e)}`)
        }
        return test((v) => v.st.mtimeMs > ref)
      }
      case '-user':
      case '-group': {
        const u = need(a)
        pos++
        return test(() => u === 'root' || u === '0')
      }
      case '-empty':
        pos++
        return test((v) => {
          const t = v.st.mode & S_IFMT
          if (t === S_IFREG) return v.st.size === 0
          if (t !== S_IFDIR) return false
          try {
            return vfs.readdir(v.path, p.cwd).length === 0
          } catch {
            return false
          }
        })
      case '-true':
        pos++
        return test(() => true)
      case '-false':
        pos++
        return test(() => false)
      case '-print':
      case '-print0': {
        pos++
        hasAction = true
        const end = a === '-print' ? '\n' : '\0'
        return test((v) => (p.stdout.write(v.path + end), true))
      }
      case '-prune':
        pos++
        return test((v) => ((v.prune = true), true))
      case '-quit':
        pos++
        hasAction = true
        return test(() => ((quit = true), true))
      case '-delete':
        pos++
        hasAction = true
        depthFirst = true
        return test((v) => {
          try {
            if ((v.st.mode & S_IFMT) === S_IFDIR) vfs.rmdir(v.path, p.cwd)
            else vfs.unlink(v.path, p.cwd)
            return true
          } catch (e) {
            perror(p, `can't delete '${v.path}'`, errnoOf(e))
            status = 1
            return false
          }
        })
      case '-exec':
      case '-ok': {
        hasAction = true
        const cmd: string[] = []
        pos++
        while (pos < args.length && args[pos] !== ';' && !(args[pos] === '+' && args[pos - 1] === '{}')) cmd.push(args[pos++]!)
        if (pos >= args.length || cmd.length === 0) throw new FindSyntax(`-exec CMD must end by ';' or '+'`)
        const plus = args[pos] === '+'
        pos++
        if (plus) {
          const batch = { cmd, paths: [] as string[] }
          batches.push(batch)
          return test((v) => (batch.paths.push(v.path), true))
        }
        return function* (v) {
          const s = yield* p.exec(cmd.map((x) => x.split('{}').join(v.path)))
          return s === 0
        }
      }
      case '-maxdepth':
      case '-mindepth': {
        const n = need(a)
        pos++
        if (!/^\d+$/.test(n)) throw new FindSyntax(`invalid number '${n}'`)
        if (a === '-maxdepth') maxDepth = Number(n)
        else minDepth = Number(n)
        return null
      }
      case '-depth':
        pos++
        depthFirst = true
        return null
      case '-xdev':
      case '-follow':
        pos++
        return null
      default:
        throw new FindSyntax(`unrecognized: ${a}`)
    }
  }
  const always: Node = function* () {
    return true
  }
  const unary = (): Node => {
    const a = peek()
    if (a === '!' || a === '-not') {
      pos++
      const inner = unary()
      return function* (v) {
        return !(yield* inner(v))
      }
    }
    if (a === '(') {
      pos++
      const inner = orExpr()
      if (peek() !== ')') throw new FindSyntax(`unrecognized: ${peek() ?? '('}`)
      pos++
      return inner
    }
    return primary() ?? always
  }
  const andExpr = (): Node => {
    let left = unary()
    for (;;) {
      const a = peek()
      if (a === undefined || a === '-o' || a === '-or' || a === ')') return left
      if (a === '-a' || a === '-and') pos++
      const l = left
      const r = unary()
      left = function* (v) {
        return (yield* l(v)) && (yield* r(v))
      }
    }
  }
  const orExpr = (): Node => {
    let left = andExpr()
    while (peek() === '-o' || peek() === '-or') {
      pos++
      const l = left
      const r = andExpr()
      left = function* (v) {
        return (yield* l(v)) || (yield* r(v))
      }
    }
    return left
  }
  let expr: Node
  try {
    expr = args.length ? orExpr() : always
    if (pos < args.length) throw new FindSyntax(`unrecognized: ${args[pos]}`)
  } catch (e) {
    if (!(e instanceof FindSyntax)) throw e
    errmsg(p, e.message)
    // An unknown primary also shows the usage.
    return e.message.startsWith('unrecognized: ') ? showUsage(p, 'find') : 1
  }
  if (!hasAction) {
    const inner = expr
    expr = function* (v) {
      if (yield* inner(v)) p.stdout.write(v.path + '\n')
      return true
    }
  }
  const visit = function* (path: string, name: string, depth: number): Generator<Wait, void, void> {
    let st: Stat
    try {
      st = vfs.lstat(path, p.cwd)
    } catch (e) {
      perror(p, path, errnoOf(e))
      status = 1
      return
    }
    const v: Visit = { path, name, st, depth, prune: false }
    if (!depthFirst && depth >= minDepth) yield* expr(v)
    if (quit) return
    if ((st.mode & S_IFMT) === S_IFDIR && depth < maxDepth && !v.prune) {
      let names: string[] = []
      try {
        names = vfs.readdir(path, p.cwd)
      } catch (e) {
        perror(p, path, errnoOf(e))
        status = 1
      }
      for (const n of names) {
        yield* visit(path.endsWith('/') ? path + n : `${path}/${n}`, n, depth + 1)
        if (quit) return
      }
      yield { kind: 'yield' }
    }
    if (depthFirst && depth >= minDepth) yield* expr(v)
  }
  for (const r of roots) {
    yield* visit(r, r.replace(/\/+$/, '').split('/').pop() || r, 0)
    if (quit) break
  }
  for (const b of batches) {
    if (b.paths.length === 0) continue
    const at = b.cmd.indexOf('{}')
    const s = yield* p.exec([...b.cmd.slice(0, at), ...b.paths, ...b.cmd.slice(at + 1)])
    if (s !== 0) status = 1
  }
  return status
}

/** busybox time: "real\t0m 1.00s" on stderr, from the simulated clock. */
export function* time(p: Proc): CommandGen {
  const args = p.argv.slice(1).filter((a, i) => !(i === 0 && a === '-v'))
  if (args.length === 0) {
    p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: time [-vpa] [-o FILE] PROG ARGS\n')
    return 1
  }
  const t0 = p.sys.clock.now()
  const status = yield* p.exec(args)
  const cs = Math.floor((p.sys.clock.now() - t0) / 1e7)
  const fmt = (c: number): string => `${Math.floor(c / 6000)}m ${Math.floor((c % 6000) / 100)}.${String(c % 100).padStart(2, '0')}s`
  p.stderr.write(`real\t${fmt(cs)}\nuser\t${fmt(0)}\nsys\t${fmt(0)}\n`)
  return status
}
