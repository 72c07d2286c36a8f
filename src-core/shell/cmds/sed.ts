/*
 * sed (busybox editors/sed.c): addresses (N, $, /re/, ranges, !), { },
 * the commands s (g, p, N, i and w flags; & and \1..\9), y, d, D, p, P, q,
 * =, a/i/c text, n, N, h, H, g, G, x, b, t, T, :label, r and w; options
 * -n, -e, -E/-r and -i (in place). Others (Q, e, z, F ...) are rejected with
 * busybox's "unsupported command" message; `l` prints nothing, as busybox
 * 1.35's does.
 */

import { errnoOf } from '../../fs/errno'
import { errmsg, perror, readAll } from '../io'
import { showUsage } from './usage'
import type { CommandGen, Proc, Wait } from '../types'
import { regexSource } from './textutils'

class SedError extends Error {}

type Addr = { k: 'line'; n: number } | { k: 'last' } | { k: 're'; re: RegExp }

interface Cmd {
  a1: Addr | null
  a2: Addr | null
  neg: boolean
  op: string
  /** s: pattern, replacement, flags; y: from/to; a/i/c: text. */
  re?: RegExp
  repl?: string
  global?: boolean
  nth?: number
  print?: boolean
  text?: string
  from?: string
  to?: string
  /** Range state: inside a range that started. */
  active?: boolean
  /** b/t/T: the label to jump to ('' = the end of the script); r/w: the file. */
  label?: string
  file?: string
  /** {: the index of its matching }. */
  end?: number
}

function compileRe(src: string, ere: boolean, flags = ''): RegExp {
  try {
    return new RegExp(regexSource(src, ere), flags)
  } catch {
    throw new SedError(`bad regex '${src}'`)
  }
}

/** Read a delimited part starting after the delimiter at s[i]; returns the text and the index after the closing delimiter. */
function delimited(s: string, i: number, delim: string): [string, number] {
  let out = ''
  for (; i < s.length; i++) {
    const c = s[i]!
    if (c === '\\' && i + 1 < s.length) {
      const d = s[i + 1]!
      // busybox's copy_parsing_escapes(): \n, \t and \r (GNU's too) anywhere in a pattern or replacement
      out += d === delim ? d : d === 'n' ? '\n' : d === 't' ? '\t' : d === 'r' ? '\r' : c + d
      i++
    } else if (c === delim) return [out, i + 1]
    else out += c
  }
  throw new SedError(`unmatched '${delim}'`)
}

interface Program {
  cmds: Cmd[]
  labels: Map<string, number>
}

function parseScript(script: string, ere: boolean): Program {
  const cmds: Cmd[] = []
  const labels = new Map<string, number>()
  const opens: number[] = []
  let i = 0
  /** A file name or label: the rest of the line, leading blanks skipped. */
  const restOfLine = (): string => {
    while (i < script.length && /[ \t]/.test(script[i]!)) i++
    const j = script.indexOf('\n', i)
    const v = script.slice(i, j < 0 ? script.length : j)
    i = j < 0 ? script.length : j
    return v
  }
  const skipWs = (): void => {
    while (i < script.length && /[ \t]/.test(script[i]!)) i++
  }
  const addr = (): Addr | null => {
    const c = script[i]
    if (c === undefined) return null
    if (/\d/.test(c)) {
      const m = /^\d+/.exec(script.slice(i))!
      i += m[0].length
      return { k: 'line', n: Number(m[0]) }
    }
    if (c === '$') {
      i++
      return { k: 'last' }
    }
    if (c === '/' || c === '\\') {
      const delim = c === '\\' ? script[++i]! : '/'
      const [re, next] = delimited(script, i + 1, delim)
      i = next
      return { k: 're', re: compileRe(re, ere) }
    }
    return null
  }
  while (i < script.length) {
    skipWs()
    if (script[i] === ';' || script[i] === '\n') {
      i++
      continue
    }
    if (i >= script.length) break
    const cmd: Cmd = { a1: addr(), a2: null, neg: false, op: '' }
    if (cmd.a1 && script[i] === ',') {
      i++
      cmd.a2 = addr()
      if (!cmd.a2) throw new SedError('unexpected \',\'')
    }
    skipWs()
    if (script[i] === '!') {
      cmd.neg = true
      i++
      skipWs()
    }
    const op = script[i++]
    if (op === undefined) throw new SedError('missing command')
    cmd.op = op
    switch (op) {
      case 's': {
        const delim = script[i]!
        const [pat, n1] = delimited(script, i + 1, delim)
        const [repl, n2] = delimited(script, n1, delim)
        i = n2
        let flags = ''
        while (i < script.length && /[gpiI0-9]/.test(script[i]!)) {
          const f = script[i++]!
          if (f === 'g') cmd.global = true
          else if (f === 'p') cmd.print = true
          else if (f === 'i' || f === 'I') flags += 'i'
          else cmd.nth = (cmd.nth ?? 0) * 10 + Number(f)
        }
        cmd.re = compileRe(pat, ere, flags + (cmd.global || cmd.nth ? 'g' : ''))
        cmd.repl = repl
        if (script[i] === 'w') {
          i++
          cmd.file = restOfLine()
        }
        break
      }
      case 'y': {
        const delim = script[i]!
        const [from, n1] = delimited(script, i + 1, delim)
        const [to, n2] = delimited(script, n1, delim)
        i = n2
        if ([...from].length !== [...to].length) throw new SedError('strings for y command are different lengths')
        cmd.from = from
        cmd.to = to
        break
      }
      case 'a':
      case 'i':
      case 'c': {
        if (script[i] === '\\') i++
        if (script[i] === '\n') i++
        skipWs()
        let text = ''
        while (i < script.length && script[i] !== '\n') {
          if (script[i] === '\\' && i + 1 < script.length) {
            text += script[i + 1] === 'n' ? '\n' : script[i + 1]
            i += 2
          } else text += script[i++]
        }
        cmd.text = text
        break
      }
      case 'd':
      case 'D':
      case 'p':
      case 'P':
      case 'q':
      case '=':
      case 'n':
      case 'N':
      case 'h':
      case 'H':
      case 'g':
      case 'G':
      case 'x':
      case 'l':
        break
      case '{':
        opens.push(cmds.length)
        break
      case '}':
        // busybox lets an unmatched } pass
        if (opens.length) cmds[opens.pop()!]!.end = cmds.length
        break
      case ':': {
        while (i < script.length && /[ \t]/.test(script[i]!)) i++
        const name = /^[^;\n]*/.exec(script.slice(i))![0]
        i += name.length
        if (!name) throw new SedError('":" lacks a label')
        labels.set(name, cmds.length)
        continue
      }
      case 'b':
      case 't':
      case 'T':
        skipWs()
        cmd.label = /^[^;\n}]*/.exec(script.slice(i))![0].trim()
        i += /^[^;\n}]*/.exec(script.slice(i))![0].length
        break
      case 'r':
      case 'w':
        cmd.file = restOfLine()
        break
      default:
        throw new SedError(`unsupported command ${op}`)
    }
    cmds.push(cmd)
  }
  // and an unclosed { runs to the end of the script
  for (const o of opens) cmds[o]!.end = cmds.length
  for (const c of cmds) {
    if (c.label && !labels.has(c.label)) throw new SedError(`can't find label for jump to '${c.label}'`)
  }
  return { cmds, labels }
}

function matches(a: Addr, line: string, n: number, last: boolean): boolean {
  if (a.k === 'line') return n === a.n
  if (a.k === 'last') return last
  return a.re.test(line)
}

function selected(c: Cmd, line: string, n: number, last: boolean): boolean {
  let hit: boolean
  if (!c.a1) hit = true
  else if (!c.a2) hit = matches(c.a1, line, n, last)
  else if (c.active) {
    hit = true
    if (c.a2.k === 'line' ? n >= c.a2.n : matches(c.a2, line, n, last)) c.active = false
  } else if (matches(c.a1, line, n, last)) {
    hit = true
    // A line-number end at or before the start closes the range at once.
    c.active = !(c.a2.k === 'line' && c.a2.n <= n) && !(c.a2.k === 'last' && last)
  } else hit = false
  return hit !== c.neg
}

/**
 * s///: busybox's do_subst_command() loop. Matches are counted (for s///N)
 * including an empty one right after the previous match, but such an empty
 * match is not replaced after a non-empty one ("cccd" with s/c*\/R/g is
 * "RdR"); after an empty match one character is copied before searching on.
 */
function substitute(c: Cmd, line: string): { out: string; done: boolean } {
  const src = c.re!
  const re = new RegExp(src.source, src.flags.includes('g') ? src.flags : src.flags + 'g')
  const which = c.global ? 0 : c.nth ?? 1
  const expand = (m: RegExpExecArray): string =>
    c.repl!.replace(/\\(\d)|\\&|&|\\\\|\\n/g, (tok, g: string | undefined) => {
      if (tok === '&') return m[0]
      if (tok === '\\&') return '&'
      if (tok === '\\\\') return '\\'
      if (tok === '\\n') return '\n'
      return m[Number(g)] ?? ''
    })
  re.lastIndex = 0
  let m = re.exec(line)
  if (!m) return { out: line, done: false }
  let out = ''
  let pos = 0
  let count = 0
  let prevEmpty = true
  let triedEol = false
  let done = false
  for (;;) {
    const start = m.index
    const end = start + m[0].length
    count++
    if (which && which !== count) {
      // not this one: copy through the match (and one more character after an empty one)
      out += line.slice(pos, end)
      pos = end
      if (start === end && pos < line.length) out += line[pos++]
    } else {
      out += line.slice(pos, start)
      if (prevEmpty || start !== pos || start !== end) {
        out += expand(m)
        done = true
      }
      prevEmpty = start === end
      pos = end
      if (prevEmpty) {
        if (pos >= line.length) triedEol = true
        else out += line[pos++]
      }
      if (which) break
    }
    if (pos >= line.length) {
      if (triedEol) break
      triedEol = true
    }
    re.lastIndex = pos
    m = re.exec(line)
    if (!m) break
  }
  return { out: out + line.slice(pos), done }
}

export function* sed(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const scripts: string[] = []
  const files: string[] = []
  let quiet = false
  let ere = false
  let inPlace = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-e') scripts.push(args[++i] ?? '')
    else if (a === '-n') quiet = true
    else if (a === '-E' || a === '-r') ere = true
    else if (a === '-i') inPlace = true
    else if (/^-[nrEi]+$/.test(a)) {
      if (a.includes('n')) quiet = true
      if (a.includes('r') || a.includes('E')) ere = true
      if (a.includes('i')) inPlace = true
    } else if (scripts.length === 0 && !a.startsWith('-')) scripts.push(a)
    else files.push(a)
  }
  if (args[0] === '--version') {
    p.stdout.write('This is not GNU sed version 4.0\n')
    return 0
  }
  if (scripts.length === 0) {
    return showUsage(p, 'sed')
  }
  let prog: Program
  try {
    prog = parseScript(scripts.join('\n'), ere)
  } catch (e) {
    errmsg(p, e instanceof Error ? e.message : String(e))
    return 1
  }
  const { cmds, labels } = prog
  // w files: truncated when the script starts, written when it ends.
  const wfiles = new Map<string, string>()
  for (const c of cmds) if (c.file !== undefined && (c.op === 'w' || c.op === 's')) wfiles.set(c.file, '')
  const run = (text: string): { out: string; quit: boolean } => {
    if (text === '') return { out: '', quit: false }
    const lines = text.split('\n')
    const trailing = text.endsWith('\n')
    if (trailing) lines.pop()
    let out = ''
    let next = 0
    let n = 0
    let hold = ''
    let ps = ''
    let reuse = false
    for (;;) {
      if (!reuse) {
        if (next >= lines.length) break
        ps = lines[next++]!
        n++
      }
      reuse = false
      let tflag = false
      let append = ''
      let autoprint = !quiet
      let quit = false
      let endCycle = false
      const isLast = (): boolean => next >= lines.length
      for (let pc = 0; pc < cmds.length && !endCycle; pc++) {
        const c = cmds[pc]!
        if (c.op === '}') continue
        if (!selected(c, ps, n, isLast())) {
          if (c.op === '{') pc = c.end!
          continue
        }
        switch (c.op) {
          case 's': {
            const r = substitute(c, ps)
            if (r.done) {
              ps = r.out
              tflag = true
              if (c.print) out += ps + '\n'
              if (c.file !== undefined) wfiles.set(c.file, wfiles.get(c.file)! + ps + '\n')
            }
            break
          }
          case 'y':
            ps = [...ps].map((ch) => {
              const k = [...c.from!].indexOf(ch)
              return k >= 0 ? [...c.to!][k]! : ch
            }).join('')
            break
          case 'd':
            autoprint = false
            endCycle = true
            break
          case 'D': {
            const k = ps.indexOf('\n')
            autoprint = false
            endCycle = true
            if (k >= 0) {
              ps = ps.slice(k + 1)
              reuse = true
            }
            break
          }
          case 'p':
            out += ps + '\n'
            break
          case 'P':
            out += ps.split('\n')[0] + '\n'
            break
          case '=':
            out += `${n}\n`
            break
          case 'a':
            append += c.text + '\n'
            break
          case 'r':
            try {
              const t = p.sys.vfs.readText(c.file!, p.cwd)
              append += t.endsWith('\n') || t === '' ? t : t + '\n'
            } catch {
              // r of a missing file adds nothing
            }
            break
          case 'w':
            wfiles.set(c.file!, wfiles.get(c.file!)! + ps + '\n')
            break
          case 'i':
            out += c.text + '\n'
            break
          case 'c':
            if (!c.a2 || !c.active) out += c.text + '\n'
            autoprint = false
            endCycle = true
            break
          case 'q':
            quit = true
            endCycle = true
            break
          case 'n':
            if (isLast()) {
              // no next line: print (unless -n) and stop
              quit = true
              endCycle = true
              break
            }
            if (!quiet) out += ps + '\n'
            out += append
            append = ''
            ps = lines[next++]!
            n++
            break
          case 'N':
            if (isLast()) {
              quit = true
              endCycle = true
              break
            }
            out += append
            append = ''
            ps += '\n' + lines[next++]!
            n++
            break
          case 'h':
            hold = ps
            break
          case 'H':
            hold += '\n' + ps
            break
          case 'g':
            ps = hold
            break
          case 'G':
            ps += '\n' + hold
            break
          case 'x':
            ;[ps, hold] = [hold, ps]
            break
          case 'b':
          case 't':
          case 'T': {
            const jump = c.op === 'b' || (c.op === 't' ? tflag : !tflag)
            if (c.op !== 'b') tflag = false
            if (jump) pc = (c.label ? labels.get(c.label)! : cmds.length) - 1
            break
          }
        }
      }
      if (autoprint) out += ps + (isLast() && !trailing && !append ? '' : '\n')
      out += append
      if (quit) return { out, quit: true }
    }
    return { out, quit: false }
  }
  const writeW = (): void => {
    for (const [f, t] of wfiles) {
      try {
        p.sys.vfs.writeFile(f, t, { cwd: p.cwd })
      } catch (e) {
        perror(p, `can't open '${f}'`, errnoOf(e))
      }
    }
  }
  let status = 0
  if (inPlace) {
    for (const f of files) {
      try {
        const text = p.sys.vfs.readText(f, p.cwd)
        p.sys.vfs.writeFile(f, run(text).out, { cwd: p.cwd })
        writeW()
      } catch (e) {
        perror(p, `can't open '${f}'`, errnoOf(e))
        status = 4
      }
    }
    return status
  }
  let all = ''
  for (const f of files.length ? files : ['-']) {
    let t: string
    if (f === '-') t = yield* readAll(p.stdin)
    else {
      try {
        t = p.sys.vfs.readText(f, p.cwd)
      } catch (e) {
        perror(p, f, errnoOf(e))
        status = 1
        continue
      }
    }
    // Files run on as one stream; only the last one's missing newline stays missing.
    if (all !== '' && !all.endsWith('\n')) all += '\n'
    all += t
  }
  p.stdout.write(run(all).out)
  writeW()
  return status
}

