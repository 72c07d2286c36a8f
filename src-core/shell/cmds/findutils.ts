/*
 * find and time (busybox findutils/find.c, miscutils/time.c), the subset
 * students reach for: find PATH -name/-iname/-path/-type/-maxdepth/-mindepth
 * with ! and -print/-exec; time CMD reporting the simulated wall time.
 */

import { errnoOf } from '../../fs/errno'
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Stat } from '../../fs/inode'
import { fnmatch } from '../glob'
import { errmsg, perror } from '../io'
import type { CommandGen, Proc, Wait } from '../types'

type Test = (path: string, name: string, st: Stat, depth: number) => boolean

interface Action {
  exec: string[] | null
}

export function* find(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const roots: string[] = []
  while (args.length > 0 && !args[0]!.startsWith('-') && args[0] !== '!' && args[0] !== '(') roots.push(args.shift()!)
  if (roots.length === 0) roots.push('.')
  let maxDepth = Infinity
  let minDepth = 0
  const tests: Test[] = []
  const actions: Action[] = []
  let negate = false
  const add = (t: Test): void => {
    const neg = negate
    negate = false
    tests.push(neg ? (a, b, c, d) => !t(a, b, c, d) : t)
  }
  while (args.length > 0) {
    const a = args.shift()!
    const need = (): string | null => {
      const v = args.shift()
      if (v === undefined) errmsg(p, `missing argument to '${a}'`)
      return v ?? null
    }
    switch (a) {
      case '!':
      case '-not':
        negate = !negate
        break
      case '-a':
      case '-and':
        break
      case '-name':
      case '-iname': {
        const pat = need()
        if (pat === null) return 1
        const ci = a === '-iname'
        add((_path, name) => (ci ? fnmatch(pat.toLowerCase(), name.toLowerCase()) : fnmatch(pat, name)))
        break
      }
      case '-path': {
        const pat = need()
        if (pat === null) return 1
        add((path) => fnmatch(pat, path))
        break
      }
      case '-type': {
        const t = need()
        if (t === null) return 1
        const want = ({ f: S_IFREG, d: S_IFDIR, l: S_IFLNK, c: S_IFCHR } as Record<string, number>)[t]
        if (want === undefined) {
          errmsg(p, `bad arg '${t}'`)
          return 1
        }
        add((_path, _name, st) => (st.mode & S_IFMT) === want)
        break
      }
      case '-maxdepth':
      case '-mindepth': {
        const v = need()
        if (v === null) return 1
        if (a === '-maxdepth') maxDepth = Number(v)
        else minDepth = Number(v)
        break
      }
      case '-print':
        actions.push({ exec: null })
        break
      case '-exec': {
        const cmd: string[] = []
        while (args.length > 0 && args[0] !== ';' && args[0] !== '+') cmd.push(args.shift()!)
        if (args.shift() === undefined) {
          errmsg(p, `missing argument to '-exec'`)
          return 1
        }
        actions.push({ exec: cmd })
        break
      }
      default:
        errmsg(p, `unrecognized: ${a}`)
        return 1
    }
  }
  if (actions.length === 0) actions.push({ exec: null })
  const vfs = p.sys.vfs
  let status = 0
  const visit = function* (path: string, name: string, depth: number): Generator<Wait, void, void> {
    let st: Stat
    try {
      st = vfs.lstat(path, p.cwd)
    } catch (e) {
      perror(p, path, errnoOf(e))
      status = 1
      return
    }
    if (depth >= minDepth && tests.every((t) => t(path, name, st, depth))) {
      for (const act of actions) {
        if (act.exec === null) p.stdout.write(path + '\n')
        else {
          const s = yield* p.exec(act.exec.map((x) => (x === '{}' ? path : x)))
          if (s !== 0) status = 1
        }
      }
    }
    if ((st.mode & S_IFMT) === S_IFDIR && depth < maxDepth) {
      let names: string[]
      try {
        names = vfs.readdir(path, p.cwd)
      } catch (e) {
        perror(p, path, errnoOf(e))
        status = 1
        return
      }
      for (const n of names) yield* visit(path.endsWith('/') ? path + n : `${path}/${n}`, n, depth + 1)
      yield { kind: 'yield' }
    }
  }
  for (const r of roots) yield* visit(r, r.replace(/\/+$/, '').split('/').pop() || r, 0)
  return status
}

/** busybox time: "real\t0m 1.00s" on stderr, from the simulated clock. */
export function* time(p: Proc): CommandGen {
  const args = p.argv.slice(1).filter((a, i) => !(i === 0 && a === '-v'))
  if (args.length === 0) {
    p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n\nUsage: time [-vpa] [-o FILE] PROG ARGS\n')
    return 1
  }
  const t0 = p.sys.clock.now()
  const status = yield* p.exec(args)
  const cs = Math.floor((p.sys.clock.now() - t0) / 1e7)
  const fmt = (c: number): string => `${Math.floor(c / 6000)}m ${Math.floor((c % 6000) / 100)}.${String(c % 100).padStart(2, '0')}s`
  p.stderr.write(`real\t${fmt(cs)}\nuser\t${fmt(0)}\nsys\t${fmt(0)}\n`)
  return status
}
