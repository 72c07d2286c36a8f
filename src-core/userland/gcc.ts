/*
 * gcc on the console: the machine's C compiler (src-core/cc) with the user
 * ABI (ILP32 ARM EABI hard-float) and the machine's libc.
 *
 *   gcc [-o OUT] [-c] [-Wall] [-Wextra] [-O0..3|-Os|-Og] [-g] [-std=..] [-pedantic]
 *       [-DNAME[=VAL]] [-UNAME] [-IDIR] [-lm|-lc] [-static] FILE.c|FILE.o ...
 *
 * Diagnostics are cc's, in gcc 12's format; an error exits 1 and writes
 * nothing. Without -c the output (default a.out) is an executable, mode
 * 0755, that kernel/binfmt_kmemcc.ts runs as a process. With -c each .c
 * gives an object (FILE.o, or -o's name for a single input) holding the
 * translation unit as compiled (source, -D macros, the headers it
 * included); linking objects compiles them together with the libc, so
 * undefined or duplicate symbols are reported by "ld" at link time as gcc's
 * driver would. -O levels, -g and -std are accepted and change nothing (cc
 * has one code generator; its warnings are those of -O0).
 */

import { type Diag, checkUserUnits, diagnosticsText } from '../cc/index'
import { GCC_LINK_NS, GCC_UNIT_NS } from '../kernel/costs'
import { type KccObject, type KccUnit, compileKcc, decodeKcc, encodeKcc } from '../kernel/binfmt_kmemcc'
import type { CommandGen, Proc } from '../shell/types'

const latin1 = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192))
  return s
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1)

/** Warnings gcc 12 gives for C only with -Wall (or -Wextra / -pedantic where noted); cc always computes them. */
const WALL: ReadonlySet<string> = new Set([
  '-Wunused-variable', '-Wunused-function', '-Wunused-label', '-Wunused-value', '-Wunused-but-set-variable',
  '-Wreturn-type', '-Wuninitialized', '-Wformat=', '-Wformat-extra-args', '-Wparentheses', '-Wdangling-else',
  '-Wchar-subscripts', '-Wmissing-braces', '-Winfinite-recursion', '-Waddress', '-Wpointer-sign'
])
/** Only with -Wextra. */
const WEXTRA: ReadonlySet<string> = new Set(['-Wuninitialized'])
/** Only with -Wpedantic (or the option itself). */
const PEDANTIC: ReadonlySet<string> = new Set(['-Wpointer-arith', '-Wpointer-sign'])

interface WarnOpts {
  all: boolean
  extra: boolean
  pedantic: boolean
  none: boolean
  on: Set<string>
  off: Set<string>
}

/** The warnings these options ask for (a warning's notes go with it). */
function selectDiags(diags: readonly Diag[], w: WarnOpts): Diag[] {
  const out: Diag[] = []
  let keep = true
  for (const d of diags) {
    if (d.severity === 'note') {
      if (keep) out.push(d)
      continue
    }
    keep = true
    if (d.severity === 'warning') {
      const o = d.option
      if (w.none) keep = false
      else if (o) {
        const base = o.replace(/=$/, '')
        if (w.off.has(base)) keep = false
        else if (w.on.has(base)) keep = true
        else if (PEDANTIC.has(o) && !WALL.has(o)) keep = w.pedantic
        else if (WALL.has(o)) keep = w.all || (WEXTRA.has(o) && w.extra) || (PEDANTIC.has(o) && w.pedantic)
      }
    }
    if (keep) out.push(d)
  }
  return out
}

/** Options that take their value as the next argument when not attached. */
const WITH_ARG = new Set(['-o', '-D', '-U', '-I', '-l', '-L', '-include', '-x', '-MF', '-MT'])

export function* gcc(p: Proc): CommandGen {
  const vfs = p.sys.vfs
  let out: string | null = null
  let compileOnly = false
  const defines: Record<string, string> = {}
  const incDirs: string[] = []
  const inputs: string[] = []
  const warn: WarnOpts = { all: false, extra: false, pedantic: false, none: false, on: new Set(), off: new Set() }
  const args = p.argv.slice(1)
  const err = (s: string): void => void p.stderr.write(s)
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    p.stdout.write('gcc (Debian 12.2.0-14) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n')
    return 0
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('-') || a === '-') {
      inputs.push(a)
      continue
    }
    let opt = a
    let val: string | undefined
    for (const o of WITH_ARG) {
      if (a === o) {
        val = args[++i]
        if (val === undefined) {
          err(`gcc: error: missing argument to '${o}'\ngcc: fatal error: no input files\ncompilation terminated.\n`)
          return 1
        }
        opt = o
        break
      }
      if (a.startsWith(o) && o.length === 2) {
        opt = o
        val = a.slice(2)
        break
      }
    }
    switch (opt) {
      case '-o':
        out = val!
        break
      case '-c':
        compileOnly = true
        break
      case '-D': {
        const eq = val!.indexOf('=')
        if (eq < 0) defines[val!] = '1'
        else defines[val!.slice(0, eq)] = val!.slice(eq + 1)
        break
      }
      case '-U':
        delete defines[val!]
        break
      case '-I':
        incDirs.push(val!)
        break
      case '-l':
        if (val !== 'c' && val !== 'm' && val !== 'pthread') {
          err(`/usr/bin/ld: cannot find -l${val}: No such file or directory\ncollect2: error: ld returned 1 exit status\n`)
          return 1
        }
        break
      case '-L':
      case '-include':
      case '-x':
      case '-MF':
      case '-MT':
        break
      default:
        if (a === '-Wall') warn.all = true
        else if (a === '-Wextra' || a === '-W') warn.extra = true
        else if (a === '-pedantic' || a === '-Wpedantic' || a === '-pedantic-errors') warn.pedantic = true
        else if (a === '-w') warn.none = true
        else if (a.startsWith('-Wno-')) warn.off.add('-W' + a.slice(5).replace(/=.*$/, ''))
        else if (a.startsWith('-W') && !a.startsWith('-Wl,') && !a.startsWith('-Wa,') && !a.startsWith('-Wp,')) warn.on.add(a.replace(/=.*$/, ''))
        // -Wall, -Wextra, -W..., -O*, -g*, -std=*, -pedantic, -static, -m*, -f*, -MD, -MMD, -pipe: accepted.
        if (!/^-(W|O|g|std=|pedantic|ansi|static|m|f|MD$|MMD$|MP$|pipe$|no-pie$|pie$|s$|w$|v$)/.test(a)) {
          err(`gcc: error: unrecognized command-line option '${a}'\n`)
          return 1
        }
    }
  }
  if (inputs.length === 0) {
    err('gcc: fatal error: no input files\ncompilation terminated.\n')
    return 1
  }
  if (compileOnly && out !== null && inputs.length > 1) {
    err("gcc: fatal error: cannot specify '-o' with '-c', '-S' or '-E' with multiple files\ncompilation terminated.\n")
    return 1
  }
  // Read the inputs: C sources and objects (ours; anything else is "file format not recognized").
  const units: KccUnit[] = []
  const objects: Array<{ path: string; obj: KccObject }> = []
  const headers: Record<string, string> = {}
  let missing = false
  for (const f of inputs) {
    let bytes: Uint8Array
    try {
      bytes = vfs.readFile(f, p.cwd)
    } catch {
      err(`gcc: error: ${f}: No such file or directory\n`)
      missing = true
      continue
    }
    if (f.endsWith('.c')) units.push({ name: f, contents: latin1(bytes), defines: { ...defines } })
    else {
      const obj = decodeKcc(bytes)
      if (obj && obj.type === 'rel') objects.push({ path: f, obj })
      else if (compileOnly) err(`gcc: warning: ${f}: linker input file unused because linking not done\n`)
      else {
        err(`/usr/bin/ld: ${f}: file format not recognized; treating as linker script\n/usr/bin/ld: ${f}:1: syntax error\ncollect2: error: ld returned 1 exit status\n`)
        return 1
      }
    }
  }
  if (missing) {
    if (units.length + objects.length === 0) err('gcc: fatal error: no input files\ncompilation terminated.\n')
    return 1
  }
  // #include "x.h" and -I: user headers from the file system, kept for the object/executable.
  const readFile = (path: string): string | null => {
    const tryRead = (q: string): string | null => {
      try {
        const s = vfs.stat(q, p.cwd)
        if ((s.mode & 0o170000) !== 0o100000) return null
        const text = latin1(vfs.readFile(q, p.cwd))
        headers[path] = text
        return text
      } catch {
        return null
      }
    }
    if (path.startsWith('/usr/include/')) {
      for (const d of incDirs) {
        const t = tryRead(`${d}/${path.slice('/usr/include/'.length)}`)
        if (t !== null) return t
      }
      return null
    }
    return tryRead(path)
  }
  const clock = p.sys.clock
  if (compileOnly) {
    let status = 0
    for (const u of units) {
      clock.advance(GCC_UNIT_NS)
      const r = checkUserUnits([u], { readFile })
      const text = diagnosticsText(selectDiags(r.diagnostics, warn))
      if (text) err(text)
      if (!r.ok) {
        status = 1
        continue
      }
      const used: Record<string, string> = {}
      for (const k of Object.keys(headers)) used[k] = headers[k]!
      const name = out ?? basename(u.name).replace(/\.c$/, '') + '.o'
      try {
        vfs.writeFile(name, encodeKcc({ type: 'rel', units: [u], headers: used }), { cwd: p.cwd, mode: 0o644 })
      } catch (e) {
        err(`Assembler messages:\nFatal error: can't create ${name}: ${e instanceof Error ? e.message.replace(/^.*: /, '') : String(e)}\n`)
        status = 1
      }
    }
    return status
  }
  // Compile the new units (their diagnostics), then link everything with the libc.
  const allUnits = [...units]
  for (const o of objects) {
    allUnits.push(...o.obj.units)
    Object.assign(headers, o.obj.headers)
  }
  if (units.length && objects.length) {
    clock.advance(GCC_UNIT_NS * units.length)
    const r = checkUserUnits(units, { readFile })
    const text = diagnosticsText(selectDiags(r.diagnostics, warn))
    if (text) err(text)
    if (!r.ok) return 1
  } else clock.advance(GCC_UNIT_NS * units.length)
  clock.advance(GCC_LINK_NS)
  const obj: KccObject = { type: 'exec', units: allUnits, headers: {} }
  const r = compileKcc(obj, (k) => headers[k] ?? readFile(k))
  // Only new .c files' warnings are gcc's to print now; with objects, only the linker's messages.
  if (units.length && !objects.length) {
    const text = diagnosticsText(selectDiags(r.diagnostics, warn))
    if (text) err(text)
  } else {
    const linkDiags = r.diagnostics.filter((d) => !d.loc)
    if (linkDiags.length) {
      for (const d of linkDiags) err(`/usr/bin/ld: ${d.message}\n`)
      err('collect2: error: ld returned 1 exit status\n')
    } else if (!r.ok) err(diagnosticsText(selectDiags(r.diagnostics, warn)))
  }
  if (!r.ok) return 1
  for (const k of Object.keys(headers)) obj.headers[k] = headers[k]!
  const dest = out ?? 'a.out'
  try {
    vfs.writeFile(dest, encodeKcc(obj), { cwd: p.cwd, mode: 0o755 })
  } catch (e) {
    err(`/usr/bin/ld: cannot open output file ${dest}: ${e instanceof Error ? e.message.replace(/^.*: /, '') : String(e)}\ncollect2: error: ld returned 1 exit status\n`)
    return 1
  }
  try {
    vfs.chmod(dest, 0o755, p.cwd)
  } catch {
    // a file system without modes (the host share keeps what it has)
  }
  return 0
}
