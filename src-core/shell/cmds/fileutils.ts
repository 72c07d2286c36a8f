/*
 * File applets (busybox coreutils/): ls, cat, cp, mv, rm, mkdir, rmdir,
 * touch, ln, chmod, stat, du, readlink, realpath, basename, dirname.
 * Output formats and messages are busybox 1.35's: `ls -l` columns, `cat:
 * can't open 'x': No such file or directory`, `rm: can't remove 'x': ...`.
 */

import { EEXIST, EISDIR, ENOENT, ENOTDIR, EXDEV, errnoOf, FsError } from '../../fs/errno'
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Stat } from '../../fs/inode'
import type { Vfs } from '../../fs/vfs'
import { Utf8StreamDecoder, utf8Encode } from '../../fs/utf8'
import { byteOrder } from '../glob'
import { appletName, errmsg, perror, readChunk, readLine, sleepNs } from '../io'
import { formatColumns } from '../lineedit'
import type { CommandGen, Proc } from '../types'
import { MONTHS, gmtime, strftime } from './timefmt'
import { rejectOptions, showUsage } from './usage'

/** Parse `-abc` style flags (and `--`) from argv; returns the flags and the operands. */
export function getopt(argv: string[], withArg = ''): { flags: Set<string>; opts: Map<string, string>; args: string[]; bad: string | null } {
  const flags = new Set<string>()
  const opts = new Map<string, string>()
  const args: string[] = []
  let bad: string | null = null
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!
        if (withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
          if (v === undefined) bad = bad ?? c
          else opts.set(c, v)
          break
        }
        flags.add(c)
      }
    } else args.push(a)
  }
  return { flags, opts, args, bad }
}

function fsErr(e: unknown): number {
  return errnoOf(e)
}

// ---- ls -------------------------------------------------------------------

export function modeString(mode: number): string {
  const t = mode & S_IFMT
  const type = t === S_IFDIR ? 'd' : t === S_IFLNK ? 'l' : t === S_IFCHR ? 'c' : t === 0o060000 ? 'b' : t === 0o010000 ? 'p' : t === 0o140000 ? 's' : '-'
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-')
  return type + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') + rwx(mode & 7, (mode & 0o1000) !== 0, 't')
}

/** ls -l's time column: "Nov 22 20:06", or "Nov 22  2025" when older than six months or over 15 min ahead. */
export function lsTime(mtimeMs: number, nowMs: number): string {
  const t = gmtime(mtimeMs)
  const md = `${MONTHS[t.mon]} ${String(t.mday).padStart(2)}`
  const ageSec = Math.floor(nowMs / 1000) - Math.floor(mtimeMs / 1000)
  if (!(ageSec < (3600 * 24 * 365) / 2 && ageSec > -15 * 60)) return `${md}  ${t.year}`
  return `${md} ${String(t.hour).padStart(2, '0')}:${String(t.min).padStart(2, '0')}`
}

/**
 * libbb make_human_readable_str(size, 1, 0): 1023, 1.0K, 12.3M; the tenth
 * rounds half up. With `whole` (block_size 0, as ls's -h total asks) the
 * tenth is dropped after rounding: 12K.
 */
export function humanSize(n: number, whole = false): string {
  if (n === 0) return '0'
  let val = Math.floor(n)
  let frac = 0
  let u = 0
  while (val >= 1024) {
    u++
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024)
    val = Math.floor(val / 1024)
  }
  if (frac >= 10) {
    val++
    frac = 0
  }
  const unit = u === 0 ? '' : 'KMGTPEZY'[u - 1]!
  if (whole) return `${frac >= 5 ? val + 1 : val}${unit}`
  return u === 0 ? String(val) : `${val}.${frac}${unit}`
}

/*
 * busybox ls colours, by file type (ls.c COLOR()/ATTR()): every name gets
 * ESC[attr;colourm ... ESC[m; a plain file is 0;0, an executable 1;32.
 */
const LS_COLOR: Record<number, string> = {
  0o010000: '0;35', [S_IFCHR]: '1;35', [S_IFDIR]: '1;34', 0o060000: '1;35', [S_IFREG]: '0;0', [S_IFLNK]: '1;36', 0o140000: '1;35'
}

function colorOf(st: Stat | null): string {
  if (!st) return '1;31'
  const t = st.mode & S_IFMT
  if (t === S_IFREG && (st.mode & 0o111) !== 0) return '1;32'
  return LS_COLOR[t] ?? '7;37'
}

interface Entry {
  name: string
  path: string
  lst: Stat | null
  st: Stat | null
}

export function* ls(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'ls', '1CadilgnsxAkctuSXrvFpRhLHT:w:', 1, ['color', 'full-time', 'group-directories-first'])
  if (bad !== null) return bad
  const { flags, args } = getopt(p.argv.filter((a) => !a.startsWith('--')), 'Tw')
  const vfs = p.sys.vfs
  const long = flags.has('l') || flags.has('n')
  const all = flags.has('a')
  const almost = flags.has('A')
  const one = flags.has('1') || (!p.stdout.isTty && !flags.has('C') && !flags.has('x'))
  const color = p.stdout.isTty && !flags.has('n') && p.env.LS_COLORS !== 'none'
  const nowMs = p.sys.bootEpochMs + p.sys.clock.now() / 1e6
  let status = 0
  const operands = args.length === 0 ? ['.'] : args
  const files: Entry[] = []
  const dirs: Entry[] = []
  for (const a of operands) {
    let lst: Stat
    try {
      lst = vfs.lstat(a, p.cwd)
    } catch (e) {
      perror(p, a, fsErr(e))
      status = 1
      continue
    }
    let st: Stat | null = lst
    if ((lst.mode & S_IFMT) === S_IFLNK) {
      try {
        st = vfs.stat(a, p.cwd)
      } catch {
        st = null
      }
    }
    if (flags.has('L') && st) lst = st
    const e: Entry = { name: a, path: a, lst, st }
    // A symlink to a directory named on the command line is followed (unless -l or -d).
    const isDir = st && (st.mode & S_IFMT) === S_IFDIR && ((lst.mode & S_IFMT) !== S_IFLNK || !long)
    if (isDir && !flags.has('d')) dirs.push(e)
    else files.push(e)
  }
  const sortEntries = (list: Entry[]): Entry[] => {
    let out = list.slice()
    if (flags.has('f')) return out
    if (flags.has('t')) out.sort((a, b) => (b.lst?.mtimeMs ?? 0) - (a.lst?.mtimeMs ?? 0) || byteOrder(a.name, b.name))
    else if (flags.has('S')) out.sort((a, b) => (b.lst?.size ?? 0) - (a.lst?.size ?? 0) || byteOrder(a.name, b.name))
    else out.sort((a, b) => byteOrder(a.name, b.name))
    if (flags.has('r')) out = out.reverse()
    return out
  }
  const decorate = (e: Entry): string => {
    let name = e.name
    if (color) name = `\x1b[${colorOf(e.lst)}m${name}\x1b[m`
    if (flags.has('F') || flags.has('p')) {
      const t = (e.lst?.mode ?? 0) & S_IFMT
      if (t === S_IFDIR) name += '/'
      else if (flags.has('F')) {
        if (t === S_IFLNK) name += '@'
        else if (t === S_IFREG && (e.lst!.mode & 0o111) !== 0) name += '*'
      }
    }
    return name
  }
  // -s: the allocated size in KiB before each name.
  const blocksOf = (e: Entry): string => (flags.has('s') ? `${String(Math.ceil((e.lst?.blocks ?? 0) / 2)).padStart(6)} ` : '')
  const render = (list: Entry[]): string => {
    if (list.length === 0) return ''
    if (long) {
      let out = ''
      for (const e of list) {
        const s = e.lst!
        const size = (s.mode & S_IFMT) === S_IFCHR
          ? `${String(s.rdev >> 8).padStart(4)}, ${String(s.rdev & 255).padStart(3)}`
          : flags.has('h') ? humanSize(s.size).padStart(7) : String(s.size).padStart(9)
        const owner = flags.has('n') ? '0       ' : 'root    '
        let line = `${flags.has('i') ? String(s.ino).padStart(7) + ' ' : ''}${blocksOf(e)}${modeString(s.mode)} ${String(s.nlink).padStart(4)} ${owner} ${owner} ${size} ${lsTime(s.mtimeMs, nowMs)} ${decorate(e)}`
        if ((s.mode & S_IFMT) === S_IFLNK) {
          let target = ''
          try {
            target = vfs.readlink(e.path, p.cwd)
          } catch {
            target = ''
          }
          line += ` -> ${color ? `\x1b[${colorOf(e.st)}m${target}\x1b[m` : target}`
        }
        out += line + '\n'
      }
      return out
    }
    const names = list.map((e) => (flags.has('i') ? `${String(e.lst!.ino).padStart(7)} ` : '') + blocksOf(e) + decorate(e))
    if (one) return names.map((n) => n + '\n').join('')
    // -C/-x into a pipe or file: 80 columns; -x fills rows first.
    if (!p.stdout.isTty || flags.has('x')) return gridColumns(names, (p.stdout.isTty ? p.cols : 80) - 1, flags.has('x'))
    // busybox takes one column less than the terminal has, so a full row never wraps.
    return columns(list.map((e) => (flags.has('i') ? `${String(e.lst!.ino).padStart(7)} ` : '') + blocksOf(e) + e.name), names, p.cols - 1)
  }
  let out = render(sortEntries(files))
  const showHeaders = operands.length > 1 || flags.has('R')
  let first = files.length === 0
  const listDir = function* (d: Entry): Generator<never, void, void> {
    let names: string[]
    try {
      names = vfs.readdir(d.path, p.cwd)
    } catch (e) {
      perror(p, d.name, fsErr(e))
      status = 1
      return
    }
    if (all) names = ['.', '..', ...names]
    const entries: Entry[] = []
    for (const n of names) {
      if (n.startsWith('.') && !all && !(almost && n !== '.' && n !== '..')) continue
      const path = d.path.endsWith('/') ? d.path + n : `${d.path}/${n}`
      let lst: Stat | null = null
      let st: Stat | null = null
      try {
        lst = vfs.lstat(path, p.cwd)
        st = (lst.mode & S_IFMT) === S_IFLNK ? vfs.stat(path, p.cwd) : lst
        if (flags.has('L')) lst = st
      } catch {
        // dangling link or a file that vanished: still listed by name
      }
      entries.push({ name: n, path, lst, st })
    }
    const sorted = sortEntries(entries.filter((e) => e.lst))
    if (showHeaders) out += `${first ? '' : '\n'}${d.name}:\n`
    first = false
    // calculate_blocks(): 512-byte blocks summed, shown in 1K units rounded up.
    if (long || flags.has('s')) {
      const kb = Math.floor((sorted.reduce((a, e) => a + e.lst!.blocks, 0) + 1) / 2)
      // -h: printf("total %-7s\n", make_human_readable_str(blocks * 1024, 0, 0)), trailing blanks and all
      out += flags.has('h') ? `total ${humanSize(kb * 1024, true).padEnd(7)}\n` : `total ${kb}\n`
    }
    out += render(sorted)
    if (flags.has('R')) {
      for (const e of sorted) {
        if (e.name === '.' || e.name === '..') continue
        if (e.lst && (e.lst.mode & S_IFMT) === S_IFDIR) yield* listDir({ ...e, name: e.path })
      }
    }
  }
  for (const d of sortEntries(dirs)) {
    yield* listDir(d)
    if (out.length > 65536) {
      p.stdout.write(out)
      out = ''
    }
  }
  p.stdout.write(out)
  return status
}

/** busybox ls's showfiles(): columns of the widest name plus 2, down then across (or across with -x). */
function gridColumns(names: string[], width: number, across: boolean): string {
  const colWidth = names.reduce((m, n) => Math.max(m, [...n.replace(/\x1b\[[0-9;]*m/g, '')].length), 0) + 2
  const ncols = Math.max(1, Math.floor(width / colWidth))
  const nrows = Math.ceil(names.length / ncols)
  let out = ''
  for (let r = 0; r < nrows; r++) {
    let line = ''
    for (let c = 0; c < ncols; c++) {
      const i = across ? r * ncols + c : c * nrows + r
      if (i >= names.length) break
      const name = names[i]!
      const next = across ? i + 1 < names.length && c + 1 < ncols : (c + 1) * nrows + r < names.length
      line += next ? name + ' '.repeat(Math.max(0, colWidth - [...name.replace(/\x1b\[[0-9;]*m/g, '')].length)) : name
    }
    out += line + '\n'
  }
  return out
}

/** Names in columns (busybox ls: down then across, two spaces between, terminal width). */
function columns(plain: string[], shown: string[], width: number): string {
  if (plain.length === 0) return ''
  const text = formatColumns(plain, width)
  // Put the decorated names (colours, -F marks) in place of the plain ones.
  let i = 0
  const lines = text.split('\n')
  const nrows = lines.length - 1
  const ncols = Math.ceil(plain.length / nrows)
  const colWidth = plain.reduce((m, n) => Math.max(m, [...n].length), 0) + 2
  let out = ''
  for (let r = 0; r < nrows; r++) {
    let line = ''
    for (let c = 0; c < ncols; c++) {
      i = c * nrows + r
      if (i >= plain.length) break
      const last = (c + 1) * nrows + r >= plain.length
      line += last ? shown[i]! : shown[i]! + ' '.repeat(Math.max(0, colWidth - [...plain[i]!].length))
    }
    out += line + '\n'
  }
  return out
}

// ---- cat ------------------------------------------------------------------

/** Copy one file (or stdin for "-") to stdout in chunks, yielding between them. */
function* catOne(
  p: Proc,
  name: string,
  transform: ((s: string) => string) | null,
  bytesToText: ((b: Uint8Array) => string) | null = null
): Generator<import('../types').Wait, boolean, void> {
  if (name === '-') {
    for (;;) {
      const d = yield* readChunk(p.stdin)
      if (d === null) return true
      if (!p.stdout.write(transform ? transform(d) : d)) return false
      yield { kind: 'yield' }
    }
  }
  let f
  try {
    f = p.sys.vfs.open(name, { read: true }, p.cwd)
  } catch (e) {
    perror(p, `can't open '${name}'`, fsErr(e))
    return false
  }
  try {
    const decoder = new Utf8StreamDecoder()
    for (;;) {
      let d: Uint8Array | null
      try {
        d = f.read(16384)
      } catch (e) {
        perror(p, 'read error', fsErr(e))
        return false
      }
      if (d === null) {
        yield* sleepNs(p, 10_000_000) // a device with nothing yet: poll again shortly
        continue
      }
      if (d.length === 0) break
      if (!transform && p.stdout.writeBytes) {
        // File to file: the bytes as they are (a .ko is not text).
        if (!p.stdout.writeBytes(d)) return false
        yield { kind: 'yield' }
        continue
      }
      if (bytesToText) {
        // cat -v: the file's bytes, not their UTF-8 decoding.
        if (!p.stdout.write(bytesToText(d))) return false
        yield { kind: 'yield' }
        continue
      }
      const s = decoder.push(d)
      if (!p.stdout.write(transform ? transform(s) : s)) return false
      yield { kind: 'yield' }
    }
    const rest = decoder.flush()
    if (rest) p.stdout.write(rest)
    return true
  } finally {
    f.close()
  }
}

/**
 * cat -v/-t/-e/-A (busybox cat.c catv): ^X for control bytes, M- for the
 * high half, ^? for DEL; -t shows tabs as ^I, -e a '$' before each newline
 * (both imply -v). Works on the bytes: text is UTF-8 encoded first.
 */
function catv(bytes: Uint8Array, tabs: boolean, ends: boolean): string {
  let out = ''
  for (let c of bytes) {
    if (c >= 128) {
      out += 'M-'
      c -= 128
    }
    if (c === 127) {
      out += '^?'
      continue
    }
    if (c < 32) {
      if (c === 10) {
        if (ends) out += '$'
      } else if (c !== 9 || tabs) {
        out += '^' + String.fromCharCode(c + 64)
        continue
      }
    }
    out += String.fromCharCode(c)
  }
  return out
}

export function* cat(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'cat', 'nbvteA')
  if (bad !== null) return bad
  const { flags, args } = getopt(p.argv)
  let lineNo = 0
  let atStart = true
  const number = flags.has('n') || flags.has('b')
  const visible = ['v', 't', 'e', 'A'].some((f) => flags.has(f))
  const tabs = flags.has('t') || flags.has('A')
  const ends = flags.has('e') || flags.has('A')
  // Numbers are "%6u\t", but "%6u  " (two blanks) when catv() shows the line.
  const numSep = visible ? '  ' : '\t'
  const numberLines = (s: string): string => {
    let out = ''
    for (const ch of s) {
      if (atStart && !(flags.has('b') && (ch === '\n' || (ends && ch === '$')))) {
        out += `${String(++lineNo).padStart(6)}${numSep}`
      }
      out += ch
      atStart = ch === '\n'
    }
    return out
  }
  const bytesToText = visible
    ? (b: Uint8Array): string => {
        const v = catv(b, tabs, ends)
        return number ? numberLines(v) : v
      }
    : null
  const transform = bytesToText ? (s: string): string => bytesToText(utf8Encode(s)) : number ? numberLines : null
  let status = 0
  for (const a of args.length ? args : ['-']) if (!(yield* catOne(p, a, transform, bytesToText))) status = 1
  return status
}

// ---- cp / mv / rm / mkdir / rmdir / touch / ln ---------------------------------

function isDirPath(vfs: Vfs, path: string, cwd: string): boolean {
  try {
    return (vfs.stat(path, cwd).mode & S_IFMT) === S_IFDIR
  } catch {
    return false
  }
}

function joinP(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`
}

function baseName(path: string): string {
  const t = path.replace(/\/+$/, '')
  return t.slice(t.lastIndexOf('/') + 1) || '/'
}

/** Copy src to dst (recursively with `recursive`); messages as busybox cp. */
/** Copy a file, link or (recursive) tree; `verbose` (cp -v) prints "'src' -> 'dst'" for each. */
function copyTree(p: Proc, src: string, dst: string, recursive: boolean, keepLinks: boolean, verbose = false): boolean {
  const vfs = p.sys.vfs
  let st: Stat
  try {
    st = keepLinks ? vfs.lstat(src, p.cwd) : vfs.stat(src, p.cwd)
  } catch (e) {
    perror(p, `can't stat '${src}'`, fsErr(e))
    return false
  }
  const t = st.mode & S_IFMT
  if (t === S_IFDIR) {
    if (!recursive) {
      errmsg(p, `omitting directory '${src}'`)
      return false
    }
    const srcReal = vfs.realpath(src, p.cwd)
    try {
      if (!isDirPath(vfs, dst, p.cwd)) vfs.mkdir(dst, p.cwd, st.mode & 0o7777)
    } catch (e) {
      perror(p, `can't create directory '${dst}'`, fsErr(e))
      return false
    }
    if ((vfs.realpath(dst, p.cwd) + '/').startsWith(srcReal + '/')) {
      errmsg(p, `recursion detected, omitting directory '${src}'`)
      return false
    }
    let ok = true
    for (const n of vfs.readdir(src, p.cwd)) ok = copyTree(p, joinP(src, n), joinP(dst, n), recursive, keepLinks, verbose) && ok
    // busybox names a directory after its contents
    if (verbose) p.stdout.write(`'${src}' -> '${dst}'\n`)
    return ok
  }
  if (t === S_IFLNK) {
    try {
      try {
        vfs.unlink(dst, p.cwd)
      } catch {
        // nothing to replace
      }
      vfs.symlink(vfs.readlink(src, p.cwd), dst, p.cwd)
      if (verbose) p.stdout.write(`'${src}' -> '${dst}'\n`)
      return true
    } catch (e) {
      perror(p, `can't create symlink '${dst}'`, fsErr(e))
      return false
    }
  }
  try {
    const data = vfs.readFile(src, p.cwd)
    const existed = vfs.exists(dst, p.cwd)
    vfs.writeFile(dst, data, { cwd: p.cwd, mode: st.mode & 0o7777 })
    if (!existed) vfs.chmod(dst, st.mode & 0o777, p.cwd)
    if (verbose) p.stdout.write(`'${src}' -> '${dst}'\n`)
    return true
  } catch (e) {
    const errno = fsErr(e)
    if (errno === ENOENT || errno === ENOTDIR || errno === EISDIR) perror(p, `can't create '${dst}'`, errno)
    else perror(p, `can't open '${src}'`, errno)
    return false
  }
}

export function* cp(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const recursive = flags.has('r') || flags.has('R') || flags.has('a')
  const keepLinks = flags.has('a') || flags.has('P') || flags.has('d') || (recursive && !flags.has('L'))
  if (args.length < 2) {
    return showUsage(p, 'cp')
  }
  const dst = args[args.length - 1]!
  const srcs = args.slice(0, -1)
  const vfs = p.sys.vfs
  const dstIsDir = isDirPath(vfs, dst, p.cwd)
  if (srcs.length > 1 && !dstIsDir) {
    errmsg(p, `'${dst}' is not a directory`)
    return 1
  }
  let status = 0
  for (const s of srcs) {
    const target = dstIsDir ? joinP(dst, baseName(s)) : dst
    if (!copyTree(p, s, target, recursive, keepLinks, flags.has('v'))) status = 1
    yield { kind: 'yield' }
  }
  return status
}

/** Remove a file or a directory tree; `report` hears each removal (rm -v: "removed 'f'", "removed directory: 'd'"). */
function removeTree(vfs: Vfs, path: string, cwd: string, report?: (msg: string) => void): void {
  const st = vfs.lstat(path, cwd)
  if ((st.mode & S_IFMT) === S_IFDIR) {
    for (const n of vfs.readdir(path, cwd)) removeTree(vfs, joinP(path, n), cwd, report)
    vfs.rmdir(path, cwd)
    report?.(`removed directory: '${path}'\n`)
  } else {
    vfs.unlink(path, cwd)
    report?.(`removed '${path}'\n`)
  }
}

export function* mv(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  if (args.length < 2) {
    return showUsage(p, 'mv')
  }
  const vfs = p.sys.vfs
  const dst = args[args.length - 1]!
  const srcs = args.slice(0, -1)
  const dstIsDir = isDirPath(vfs, dst, p.cwd)
  if (srcs.length > 1 && !dstIsDir) {
    errmsg(p, `'${dst}' is not a directory`)
    return 1
  }
  let status = 0
  for (const s of srcs) {
    const target = dstIsDir ? joinP(dst, baseName(s)) : dst
    try {
      vfs.rename(s, target, p.cwd)
      if (flags.has('v')) p.stdout.write(`'${s}' -> '${target}'\n`)
    } catch (e) {
      if (e instanceof FsError && e.errno === EXDEV) {
        // Across file systems: copy, then remove the original (busybox mv does the same).
        if (copyTree(p, s, target, true, true)) {
          try {
            removeTree(vfs, s, p.cwd)
          } catch (e2) {
            perror(p, `can't remove '${s}'`, fsErr(e2))
            status = 1
          }
        } else status = 1
        continue
      }
      perror(p, `can't rename '${s}'`, fsErr(e))
      status = 1
    }
  }
  return status
}

export function* rm(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const force = flags.has('f')
  const recursive = flags.has('r') || flags.has('R')
  const vfs = p.sys.vfs
  if (args.length === 0 && !force) {
    return showUsage(p, 'rm')
  }
  let status = 0
  for (const a of args) {
    if (flags.has('i') && !force) {
      // -i: "rm: remove 'f'? " and a line from stdin; only y/Y removes.
      p.stderr.write(`${appletName(p)}: remove '${a}'? `)
      const answer = yield* readLine(p.stdin)
      if (!answer || !/^[yY]/.test(answer)) continue
    }
    let st: Stat
    try {
      st = vfs.lstat(a, p.cwd)
    } catch (e) {
      if (!force) {
        perror(p, `can't remove '${a}'`, fsErr(e))
        status = 1
      }
      continue
    }
    if ((st.mode & S_IFMT) === S_IFDIR) {
      if (!recursive) {
        errmsg(p, `'${a}' is a directory`)
        status = 1
        continue
      }
      if (/(^|\/)\.\.?\/*$/.test(a)) {
        errmsg(p, `can't remove '.' or '..'`)
        status = 1
        continue
      }
    }
    try {
      removeTree(vfs, a, p.cwd, flags.has('v') ? (m) => p.stdout.write(m) : undefined)
    } catch (e) {
      perror(p, `can't remove '${a}'`, fsErr(e))
      status = 1
    }
    yield { kind: 'yield' }
  }
  return status
}

function parseMode(spec: string, old: number, isDir: boolean): number | null {
  if (/^[0-7]+$/.test(spec)) return parseInt(spec, 8) & 0o7777
  let mode = old & 0o7777
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause)
    if (!m) return null
    let who = 0
    for (const c of m[1] || 'a') who |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : 0o7777
    if (!m[1]) who &= ~0o022 | 0o7000 // without "who", umask 022 hides w for group and other
    let bits = 0
    for (const c of m[3]!) {
      if (c === 'r') bits |= 0o444
      if (c === 'w') bits |= 0o222
      if (c === 'x' || (c === 'X' && (isDir || (old & 0o111) !== 0))) bits |= 0o111
      if (c === 's') bits |= 0o6000
      if (c === 't') bits |= 0o1000
    }
    bits &= who
    if (m[2] === '+') mode |= bits
    else if (m[2] === '-') mode &= ~bits
    else mode = (mode & ~who) | bits
  }
  return mode
}

export function* mkdir(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'm')
  const vfs = p.sys.vfs
  let mode = 0o777
  if (opts.has('m')) {
    const m = parseMode(opts.get('m')!, 0o777, true)
    if (m === null) {
      errmsg(p, `invalid mode '${opts.get('m')}'`)
      return 1
    }
    mode = m
  }
  if (args.length === 0) {
    return showUsage(p, 'mkdir')
  }
  let status = 0
  for (const a of args) {
    try {
      if (flags.has('p')) {
        let cur = a.startsWith('/') ? '' : ''
        const parts = a.split('/')
        for (let i = 0; i < parts.length; i++) {
          cur = i === 0 ? parts[0]! : `${cur}/${parts[i]}`
          if (parts[i] === '' || parts[i] === '.') continue
          if (isDirPath(vfs, cur || '/', p.cwd)) continue
          vfs.mkdir(cur, p.cwd, i === parts.length - 1 ? mode : 0o777)
          // busybox -pv names each parent with its slash: 'q/', 'q/r/', 'q/r/s'
          if (flags.has('v')) p.stdout.write(`created directory: '${cur}${i < parts.length - 1 ? '/' : ''}'\n`)
        }
      } else {
        vfs.mkdir(a, p.cwd, mode)
        if (flags.has('v')) p.stdout.write(`created directory: '${a}'\n`)
      }
      if (opts.has('m')) vfs.chmod(a, mode, p.cwd)
    } catch (e) {
      perror(p, `can't create directory '${a}'`, fsErr(e))
      status = 1
    }
  }
  return status
}

export function* rmdir(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  let status = 0
  for (const a of args) {
    let path = a.replace(/\/+$/, '')
    for (;;) {
      try {
        vfs.rmdir(path, p.cwd)
      } catch (e) {
        perror(p, `'${path}'`, fsErr(e))
        status = 1
        break
      }
      if (!flags.has('p')) break
      const i = path.lastIndexOf('/')
      if (i <= 0) break
      path = path.slice(0, i)
    }
  }
  return status
}

export function* touch(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv, 'dtr')
  const vfs = p.sys.vfs
  let status = 0
  for (const a of args) {
    try {
      if (vfs.exists(a, p.cwd)) vfs.utime(a, p.cwd)
      else if (!flags.has('c')) vfs.writeFile(a, new Uint8Array(0), { cwd: p.cwd, append: true })
    } catch (e) {
      perror(p, a, fsErr(e))
      status = 1
    }
  }
  return status
}

export function* ln(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  if (args.length === 0) {
    return showUsage(p, 'ln')
  }
  const targets = args.length === 1 ? args : args.slice(0, -1)
  const last = args.length === 1 ? '.' : args[args.length - 1]!
  const lastIsDir = isDirPath(vfs, last, p.cwd) && !(flags.has('n') && isSymlink(vfs, last, p.cwd))
  let status = 0
  for (const t of targets) {
    const link = lastIsDir ? joinP(last, baseName(t)) : last
    try {
      if (flags.has('f') && vfs.exists(link, p.cwd) || (flags.has('f') && isSymlink(vfs, link, p.cwd))) {
        try {
          vfs.unlink(link, p.cwd)
        } catch {
          // ln -f on a missing link: nothing to remove
        }
      }
      if (flags.has('s')) vfs.symlink(t, link, p.cwd)
      else vfs.link(t, link, p.cwd)
      if (flags.has('v')) p.stdout.write(`'${link}' -> '${t}'\n`)
    } catch (e) {
      perror(p, link, fsErr(e) === EEXIST ? EEXIST : fsErr(e))
      status = 1
    }
  }
  return status
}

function isSymlink(vfs: Vfs, path: string, cwd: string): boolean {
  try {
    return (vfs.lstat(path, cwd).mode & S_IFMT) === S_IFLNK
  } catch {
    return false
  }
}

export function* chmod(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  const recursive = args[0] === '-R'
  if (recursive) args.shift()
  const spec = args.shift()
  const vfs = p.sys.vfs
  if (spec === undefined || args.length === 0) {
    return showUsage(p, 'chmod')
  }
  let status = 0
  const apply = (path: string): void => {
    const st = vfs.stat(path, p.cwd)
    const m = parseMode(spec, st.mode, (st.mode & S_IFMT) === S_IFDIR)
    if (m === null) throw new Error(`invalid mode '${spec}'`)
    vfs.chmod(path, m, p.cwd)
    if (recursive && (st.mode & S_IFMT) === S_IFDIR) for (const n of vfs.readdir(path, p.cwd)) apply(joinP(path, n))
  }
  for (const a of args) {
    try {
      apply(a)
    } catch (e) {
      if (e instanceof FsError) perror(p, a, e.errno)
      else errmsg(p, (e as Error).message)
      status = 1
    }
  }
  return status
}

/** stat's %F: the file type as coreutils/stat.c file_type() names it. */
function fileType(s: Stat): string {
  const t = s.mode & S_IFMT
  if (t === S_IFDIR) return 'directory'
  if (t === S_IFLNK) return 'symbolic link'
  if (t === S_IFCHR) return 'character special file'
  if (t === 0o060000) return 'block special file'
  if (t === 0o010000) return 'fifo'
  if (t === 0o140000) return 'socket'
  return s.size === 0 ? 'regular empty file' : 'regular file'
}

/** stat -c FORMAT: busybox's print_stat() sequences (%a %A %b %B %d %D %f %F %g %G %h %i %n %N %o %s %t %T %u %U %x %X %y %Y %z %Z). */
function statFormat(fmt: string, s: Stat, name: string, link: string | null): string {
  const time = (ms: number): string => strftime('%Y-%m-%d %H:%M:%S.000000000 +0000', ms)
  const secs = (ms: number): string => String(Math.floor(ms / 1000))
  return fmt.replace(/%(.)?/g, (m, c: string | undefined) => {
    switch (c) {
      case undefined: return '%'
      case '%': return '%'
      case 'a': return (s.mode & 0o7777).toString(8)
      case 'A': return modeString(s.mode)
      case 'b': return String(s.blocks)
      case 'B': return '512'
      case 'd': return String(s.dev)
      case 'D': return s.dev.toString(16)
      case 'f': return s.mode.toString(16)
      case 'F': return fileType(s)
      case 'g': case 'u': return '0'
      case 'G': case 'U': return 'root'
      case 'h': return String(s.nlink)
      case 'i': return String(s.ino)
      case 'n': return name
      case 'N': return link !== null ? `'${name}' -> '${link}'` : `'${name}'`
      case 'o': return '4096'
      case 's': return String(s.size)
      case 't': return (s.rdev >> 8).toString(16)
      case 'T': return (s.rdev & 255).toString(16)
      case 'x': case 'y': case 'z': return time(s.mtimeMs)
      case 'X': case 'Y': case 'Z': return secs(s.mtimeMs)
      default: return '?'
    }
  })
}

export function* stat(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'stat', 'c:fLt')
  if (bad !== null) return bad
  const { flags, opts, args } = getopt(p.argv, 'c')
  const vfs = p.sys.vfs
  if (args.length === 0) return showUsage(p, 'stat')
  let status = 0
  for (const a of args) {
    let s: Stat
    try {
      s = flags.has('L') ? vfs.stat(a, p.cwd) : vfs.lstat(a, p.cwd)
    } catch (e) {
      perror(p, `can't stat '${a}'`, fsErr(e))
      status = 1
      continue
    }
    const t = s.mode & S_IFMT
    const link = t === S_IFLNK ? vfs.readlink(a, p.cwd) : null
    if (opts.has('c')) {
      p.stdout.write(statFormat(opts.get('c')!, s, a, link) + '\n')
      continue
    }
    const kind = fileType(s)
    let name = a
    if (link !== null) name = `'${a}' -> '${link}'`
    const time = strftime('%Y-%m-%d %H:%M:%S.000000000 +0000', s.mtimeMs)
    p.stdout.write(
      `  File: ${name}\n` +
      `  Size: ${String(s.size).padEnd(10)}\tBlocks: ${String(s.blocks).padEnd(10)} IO Block: 4096   ${kind}\n` +
      `Device: ${s.dev.toString(16)}h/${s.dev}d\tInode: ${String(s.ino).padEnd(11)} Links: ${s.nlink}` +
      (t === S_IFCHR ? `     Device type: ${(s.rdev >> 8).toString(16)},${(s.rdev & 255).toString(16)}\n` : '\n') +
      `Access: (${(s.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(s.mode)})  Uid: (    0/    root)   Gid: (    0/    root)\n` +
      `Access: ${time}\nModify: ${time}\nChange: ${time}\n`
    )
  }
  return status
}

/**
 * du [-aHLdclsxhmkb] [FILE]... (busybox du.c): each directory's total of
 * st_blocks (its own included), deepest first; -a files too, -s only the
 * operands, -d N down to depth N, -c a grand total, -b apparent sizes
 * (st_size), -L/-H follow symlinks; a hard-linked file counts once (-l: each time).
 */
export function* du(p: Proc): CommandGen {
  const bad = rejectOptions(p, 'du', 'aHLd:clsxhmkb')
  if (bad !== null) return bad
  const { flags, opts, args } = getopt(p.argv, 'd')
  const vfs = p.sys.vfs
  let maxDepth = Infinity
  if (opts.has('d')) {
    const d = opts.get('d')!
    if (!/^\d+$/.test(d)) {
      errmsg(p, `invalid number '${d}'`)
      return 1
    }
    maxDepth = Number(d)
  }
  if (flags.has('s')) maxDepth = 0
  const printFiles = flags.has('a') && !flags.has('s')
  const apparent = flags.has('b')
  // Sizes are summed in 512-byte blocks (bytes with -b) and shown in KiB, MiB (rounded up) or human units.
  const fmt = (n: number): string =>
    apparent ? String(n) : flags.has('h') ? humanSize(n * 512) : flags.has('m') ? String(Math.ceil(n / 2048)) : String(Math.ceil(n / 2))
  const seen = new Set<string>()
  let status = 0
  let out = ''
  const walk = (path: string, depth: number): number => {
    const follow = flags.has('L') || (depth === 0 && flags.has('H'))
    let st: Stat
    try {
      st = follow ? vfs.stat(path, p.cwd) : vfs.lstat(path, p.cwd)
    } catch (e) {
      perror(p, path, fsErr(e))
      status = 1
      return 0
    }
    const isDir = (st.mode & S_IFMT) === S_IFDIR
    if (!isDir && st.nlink > 1 && !flags.has('l')) {
      const key = `${st.dev}:${st.ino}`
      if (seen.has(key)) return 0
      seen.add(key)
    }
    let sum = apparent ? st.size : st.blocks
    if (isDir) {
      let names: string[] = []
      try {
        names = vfs.readdir(path, p.cwd)
      } catch (e) {
        perror(p, path, fsErr(e))
        status = 1
      }
      for (const n of names) sum += walk(joinP(path, n), depth + 1)
      if (depth <= maxDepth) out += `${fmt(sum)}\t${path}\n`
    } else if (depth === 0 || (printFiles && depth <= maxDepth)) out += `${fmt(sum)}\t${path}\n`
    return sum
  }
  let total = 0
  for (const a of args.length ? args : ['.']) {
    total += walk(a, 0)
    if (out.length > 16384) {
      p.stdout.write(out)
      out = ''
      yield { kind: 'yield' }
    }
  }
  if (flags.has('c')) out += `${fmt(total)}\ttotal\n`
  p.stdout.write(out)
  return status
}

export function* readlink(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  const a = args[0]
  if (a === undefined) return 1
  try {
    p.stdout.write((flags.has('f') ? vfs.realpath(a, p.cwd) : vfs.readlink(a, p.cwd)) + '\n')
    return 0
  } catch {
    return 1
  }
}

export function* realpath(p: Proc): CommandGen {
  const vfs = p.sys.vfs
  let status = 0
  for (const a of p.argv.slice(1)) {
    try {
      p.stdout.write(vfs.realpath(a, p.cwd) + '\n')
    } catch (e) {
      perror(p, a, fsErr(e))
      status = 1
    }
  }
  return status
}

export function* basenameCmd(p: Proc): CommandGen {
  const a = p.argv[1]
  if (a === undefined) {
    return showUsage(p, 'basename')
  }
  let b = a === '' ? '' : baseName(a)
  const suffix = p.argv[2]
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length)
  p.stdout.write(b + '\n')
  return 0
}

export function* dirnameCmd(p: Proc): CommandGen {
  const a = p.argv[1]
  if (a === undefined) {
    return showUsage(p, 'dirname')
  }
  const t = a.replace(/\/+$/, '')
  const i = t.lastIndexOf('/')
  const d = a.startsWith('/') && t === '' ? '/' : i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/'
  p.stdout.write(d + '\n')
  return 0
}
