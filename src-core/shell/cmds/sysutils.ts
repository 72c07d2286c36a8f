/*
 * System applets: uname, hostname, uptime, free, dmesg, date, id, whoami,
 * sleep, env, mount, umount, sync, poweroff/reboot/halt, clear, which,
 * resize. They read the kernel through the VFS (/proc/meminfo for free) or
 * the ShellSystem (printk for dmesg, the clock for uptime and date), and
 * print what busybox 1.35 prints.
 */

import { EBUSY, ENOENT, errnoOf, strerror } from '../../fs/errno'
import { S_IFDIR, S_IFMT } from '../../fs/inode'
import { PROCFS_FLAVOR, SYSFS_FLAVOR } from '../../fs/vfs'
import { type LogRecord, Printk } from '../../kernel/printk'
import { errmsg, perror, readLine, sleepNs } from '../io'
import type { CommandGen, InStream, Proc } from '../types'
import { ParseIncomplete, parse } from '../parse'
import { getopt, humanSize } from './fileutils'
import { strftime } from './timefmt'

const USAGE_HEAD = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n'

export function wallNowMs(p: Proc): number {
  return p.sys.bootEpochMs + Math.floor(p.sys.clock.now() / 1e6)
}

export function* uname(p: Proc): CommandGen {
  const { flags, bad } = getopt(p.argv)
  if (bad) return 1
  const u = p.sys.uname()
  const known = new Set(['a', 's', 'n', 'r', 'v', 'm', 'p', 'i', 'o'])
  for (const f of flags) {
    if (!known.has(f)) {
      errmsg(p, `invalid option -- '${f}'`)
      p.stderr.write(USAGE_HEAD + 'Usage: uname [-amnrspvio]\n')
      return 1
    }
  }
  const all = flags.has('a')
  const parts: string[] = []
  if (all || flags.has('s') || flags.size === 0) parts.push(u.sysname)
  if (all || flags.has('n')) parts.push(u.nodename)
  if (all || flags.has('r')) parts.push(u.release)
  if (all || flags.has('v')) parts.push(u.version)
  if (all || flags.has('m')) parts.push(u.machine)
  // -a leaves out processor and platform when they are "unknown", as busybox does.
  if (flags.has('p')) parts.push('unknown')
  if (flags.has('i')) parts.push('unknown')
  if (all || flags.has('o')) parts.push('GNU/Linux')
  p.stdout.write(parts.join(' ') + '\n')
  return 0
}

export function* hostname(p: Proc): CommandGen {
  const { flags, opts, args } = getopt(p.argv, 'F')
  if (opts.has('F')) {
    try {
      const name = p.sys.vfs.readText(opts.get('F')!, p.cwd).split('\n')[0]!.trim()
      p.sys.sethostname(name)
    } catch (e) {
      perror(p, `can't open '${opts.get('F')}'`, errnoOf(e))
      return 1
    }
    return 0
  }
  if (args.length > 0) {
    p.sys.sethostname(args[0]!)
    return 0
  }
  const n = p.sys.uname().nodename
  if (flags.has('s')) p.stdout.write(n.split('.')[0] + '\n')
  else if (flags.has('d')) p.stdout.write((n.includes('.') ? n.slice(n.indexOf('.') + 1) : '') + '\n')
  else p.stdout.write(n + '\n')
  return 0
}

/** busybox uptime: " 20:06:42 up 0 min,  load average: 0.00, 0.00, 0.00". */
export function* uptime(p: Proc): CommandGen {
  const upSec = Math.floor(p.sys.clock.now() / 1e9)
  const now = strftime('%H:%M:%S', wallNowMs(p))
  const days = Math.floor(upSec / 86400)
  const hours = Math.floor((upSec % 86400) / 3600)
  const mins = Math.floor((upSec % 3600) / 60)
  let s = ` ${now} up `
  if (days) s += `${days} day${days === 1 ? '' : 's'}, `
  s += hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, '0')}` : `${mins} min`
  const la = p.sys.loadavg?.() ?? [0, 0, 0]
  s += `,  load average: ${la.map((x) => x.toFixed(2)).join(', ')}\n`
  p.stdout.write(s)
  return 0
}

/** Parse /proc/meminfo into kB values. */
function meminfo(text: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const line of text.split('\n')) {
    const r = /^([A-Za-z0-9_()]+):\s+(\d+)/.exec(line)
    if (r) m.set(r[1]!, Number(r[2]))
  }
  return m
}

/** busybox 1.35 free: from /proc/meminfo, kB by default, -m/-g round to nearest. */
export function* free(p: Proc): CommandGen {
  const { flags } = getopt(p.argv)
  let text: string
  try {
    text = p.sys.vfs.readText('/proc/meminfo')
  } catch (e) {
    perror(p, `can't open '/proc/meminfo'`, errnoOf(e))
    return 1
  }
  const mi = meminfo(text)
  const get = (k: string): number => mi.get(k) ?? 0
  const total = get('MemTotal')
  const freeKb = get('MemFree')
  const shared = get('Shmem')
  const buffCache = get('Buffers') + get('Cached') + get('SReclaimable')
  const used = total - freeKb - buffCache
  const avail = mi.has('MemAvailable') ? get('MemAvailable') : freeKb
  const swapTotal = get('SwapTotal')
  const swapFree = get('SwapFree')
  const shift = flags.has('g') ? 20 : flags.has('m') ? 10 : flags.has('b') ? -10 : 0
  const fmt = (kb: number): string => {
    if (flags.has('h')) return humanSize(kb * 1024).padStart(12)
    if (shift < 0) return String(kb * 1024).padStart(12)
    const v = shift === 0 ? kb : Math.floor((kb + (1 << (shift - 1))) / 2 ** shift)
    return String(v).padStart(12)
  }
  let out = '       ' + ['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(12)).join('') + '\n'
  out += 'Mem:   ' + [total, used, freeKb, shared, buffCache, avail].map(fmt).join('') + '\n'
  out += 'Swap:  ' + [swapTotal, swapTotal - swapFree, swapFree].map(fmt).join('') + '\n'
  p.stdout.write(out)
  return 0
}

const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug']

/**
 * dmesg: busybox's -c -r -n -s, plus util-linux's -C -l -w that the lab
 * handouts use. Reads the printk ring buffer.
 */
export function* dmesg(p: Proc): CommandGen {
  const { flags, opts, bad } = getopt(p.argv, 'nsl')
  if (bad) {
    p.stderr.write(USAGE_HEAD + 'Usage: dmesg [-cr] [-n LEVEL] [-s SIZE]\n')
    return 1
  }
  const log: Printk = p.sys.printk
  if (opts.has('n')) {
    const lv = Number(opts.get('n'))
    if (!Number.isInteger(lv) || lv < 1 || lv > 8) {
      errmsg(p, `invalid number '${opts.get('n')}'`)
      return 1
    }
    log.setConsoleLoglevel(lv)
    return 0
  }
  if (flags.has('C')) {
    log.clear()
    return 0
  }
  let levels: Set<number> | null = null
  if (opts.has('l')) {
    levels = new Set()
    for (const name of opts.get('l')!.split(',')) {
      const i = LEVEL_NAMES.indexOf(name.trim())
      if (i < 0) {
        errmsg(p, `unknown level '${name}'`)
        return 1
      }
      levels.add(i)
    }
  }
  const raw = flags.has('r')
  const show = (r: LogRecord): string => (levels && !levels.has(r.level) ? '' : log.formatRecord(r, raw) + '\n')
  let out = ''
  for (const r of log.readable()) out += show(r)
  p.stdout.write(out)
  if (flags.has('c')) log.clear()
  if (!flags.has('w')) return 0
  // Follow: wait for new records without polling.
  const queue: LogRecord[] = []
  const wake: InStream = { read: () => '', readable: () => queue.length > 0, close: () => {} }
  const off = log.onRecord((r) => {
    queue.push(r)
  })
  try {
    for (;;) {
      while (queue.length > 0) {
        const s = show(queue.shift()!)
        if (s && !p.stdout.write(s)) return 1
      }
      yield { kind: 'read', from: wake }
    }
  } finally {
    off()
  }
}

export function* date(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let fmt = '%a %b %e %H:%M:%S %Z %Y'
  for (const a of args) {
    if (a.startsWith('+')) fmt = a.slice(1)
    else if (a === '-u' || a === '--utc') continue
    else if (a === '-R') fmt = '%a, %d %b %Y %H:%M:%S +0000'
    else if (a === '-I') fmt = '%Y-%m-%d'
    else {
      // Setting the clock would move the board's RTC: not something the lab needs.
      errmsg(p, `can't set date: ${strerror(1)}`)
      return 1
    }
  }
  p.stdout.write(strftime(fmt, wallNowMs(p)) + '\n')
  return 0
}

export function* id(p: Proc): CommandGen {
  const { flags } = getopt(p.argv)
  if (flags.has('u') || flags.has('g')) p.stdout.write((flags.has('n') ? 'root' : '0') + '\n')
  else if (flags.has('G')) p.stdout.write((flags.has('n') ? 'root' : '0') + '\n')
  else p.stdout.write('uid=0(root) gid=0(root) groups=0(root)\n')
  return 0
}

export function* whoami(p: Proc): CommandGen {
  p.stdout.write('root\n')
  return 0
}

/** sleep: seconds (fractions and s/m/h/d suffixes), summed, on the simulated clock. */
export function* sleep(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  if (args.length === 0) {
    p.stderr.write(USAGE_HEAD + 'Usage: sleep [N]...\n')
    return 1
  }
  let ns = 0
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a)
    if (!m) {
      errmsg(p, `invalid number '${a}'`)
      return 1
    }
    ns += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]! * 1e9
  }
  yield* sleepNs(p, Math.round(ns))
  return 0
}

export function* env(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let e: Record<string, string> = { ...p.env }
  while (args.length > 0) {
    const a = args[0]!
    if (a === '-i' || a === '-') {
      e = {}
      args.shift()
    } else if (a === '-u') {
      args.shift()
      delete e[args.shift() ?? '']
    } else if (/^[^=]+=/.test(a)) {
      const eq = a.indexOf('=')
      e[a.slice(0, eq)] = a.slice(eq + 1)
      args.shift()
    } else break
  }
  if (args.length === 0) {
    p.stdout.write(Object.entries(e).map(([k, v]) => `${k}=${v}\n`).join(''))
    return 0
  }
  return yield* p.exec(args, { env: e })
}

export function* printenv(p: Proc): CommandGen {
  const names = p.argv.slice(1)
  if (names.length === 0) {
    p.stdout.write(Object.entries(p.env).map(([k, v]) => `${k}=${v}\n`).join(''))
    return 0
  }
  let status = 0
  for (const n of names) {
    if (n in p.env) p.stdout.write(p.env[n] + '\n')
    else status = 1
  }
  return status
}

export function* mount(p: Proc): CommandGen {
  const { opts, args } = getopt(p.argv, 'to')
  const vfs = p.sys.vfs
  if (args.length === 0) {
    for (const m of vfs.mountTable()) p.stdout.write(`${m.source} on ${m.target} type ${m.fstype} (${m.options})\n`)
    return 0
  }
  const [source, target] = args.length === 1 ? ['none', args[0]!] : [args[0]!, args[1]!]
  const type = opts.get('t') ?? 'auto'
  try {
    const st = vfs.stat(target, p.cwd)
    if ((st.mode & S_IFMT) !== S_IFDIR) throw Object.assign(new Error(), { errno: 20 })
    const already = vfs.mountTable().some((m) => m.target === vfs.realpath(target, p.cwd) && m.fstype === type)
    if (already) throw Object.assign(new Error(), { errno: EBUSY })
    const at = vfs.realpath(target, p.cwd)
    if (type === 'tmpfs' || type === 'ramfs' || type === 'devtmpfs') {
      // tmpfs's size= (shmem_parse_one: k/m/g suffixes or % of RAM); ramfs has no limit.
      const o = opts.get('o') ?? ''
      const size = /(?:^|,)size=(\d+)([kKmMgG%]?)(?:,|$)/.exec(o)
      let maxBlocks: number | undefined
      if (type === 'ramfs') maxBlocks = Infinity
      else if (size) {
        const n = Number(size[1])
        const sfx = size[2]!.toLowerCase()
        maxBlocks = sfx === '%'
          ? Math.floor(((memTotalKb(vfs) / 4) * n) / 100)
          : Math.ceil((n * ({ '': 1, k: 1024, m: 1 << 20, g: 1 << 30 } as Record<string, number>)[sfx]!) / 4096)
      }
      // /proc/mounts: the generic flags, then shmem_show_options' size= in kB.
      const rest = o.split(',').filter((x) => x !== '' && x !== 'rw' && x !== 'relatime' && !x.startsWith('size='))
      const options = ['rw', 'relatime', ...(size ? [`size=${maxBlocks! * 4}k`] : []), ...rest].join(',')
      vfs.mount(at, vfs.newRamFs({ maxBlocks }), { source, fstype: type, options })
    } else if (type === 'proc' || type === 'sysfs') {
      vfs.mount(at, vfs.newPseudoFs(type === 'proc' ? PROCFS_FLAVOR : SYSFS_FLAVOR), { source, fstype: type, options: 'rw,relatime' }, type === 'proc' ? PROCFS_FLAVOR : SYSFS_FLAVOR)
    } else {
      throw Object.assign(new Error(), { errno: 19 })
    }
  } catch (e) {
    const errno = (e as { errno?: number }).errno ?? errnoOf(e)
    errmsg(p, `mounting ${source} on ${target} failed: ${strerror(errno)}`)
    return 255
  }
  return 0
}

export function* umount(p: Proc): CommandGen {
  const { args } = getopt(p.argv)
  let status = 0
  for (const a of args) {
    try {
      p.sys.vfs.umount(p.sys.vfs.realpath(a, p.cwd))
    } catch (e) {
      errmsg(p, `can't unmount ${a}: ${strerror(errnoOf(e) === ENOENT ? ENOENT : 22)}`)
      status = 1
    }
  }
  return status
}

export function* sync(): CommandGen {
  return 0
}

/** poweroff/reboot/halt: busybox asks init (which announces it); -f goes straight to reboot(2). */
function powerCmd(action: 'poweroff' | 'reboot' | 'halt') {
  return function* (p: Proc): CommandGen {
    const { flags, opts } = getopt(p.argv, 'd')
    const delay = Number(opts.get('d') ?? 0)
    if (delay > 0) yield* sleepNs(p, delay * 1e9)
    const force = flags.has('f')
    if (action === 'reboot') p.sys.reboot({ force })
    else p.sys.poweroff({ force, halt: action === 'halt' })
    return 0
  }
}

export const poweroff = powerCmd('poweroff')
export const reboot = powerCmd('reboot')
export const halt = powerCmd('halt')

export function* clear(p: Proc): CommandGen {
  p.stdout.write('\x1b[H\x1b[J')
  return 0
}

export function* reset(p: Proc): CommandGen {
  p.stdout.write('\x1bc')
  return 0
}

export function* which(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  let status = 0
  for (const name of args) {
    const candidates = name.includes('/') ? [name] : (p.env.PATH ?? '/bin:/sbin:/usr/bin:/usr/sbin').split(':').map((d) => `${d || '.'}/${name}`)
    let found = false
    for (const c of candidates) {
      try {
        const st = vfs.stat(c, p.cwd)
        if ((st.mode & S_IFMT) !== S_IFDIR && (st.mode & 0o111) !== 0) {
          p.stdout.write(c + '\n')
          found = true
          if (!flags.has('a')) break
        }
      } catch {
        // not here
      }
    }
    if (!found) status = 1
  }
  return status
}

/** MemTotal in kB (totalram_pages * 4), 0 if /proc is not mounted. */
function memTotalKb(vfs: Proc['sys']['vfs']): number {
  try {
    return meminfo(vfs.readText('/proc/meminfo')).get('MemTotal') ?? 0
  } catch {
    return 0
  }
}

/**
 * df (busybox coreutils/df.c): one line per mounted file system with blocks,
 * skipping those of size 0 (proc, sysfs, the initramfs) unless -a. tmpfs and
 * devtmpfs are limited to half of RAM (shmem's default) or their size=
 * option; used blocks are the pages their files occupy.
 */
export function* df(p: Proc): CommandGen {
  const { flags, args } = getopt(p.argv)
  const vfs = p.sys.vfs
  let memTotalKb = 0
  try {
    memTotalKb = meminfo(vfs.readText('/proc/meminfo')).get('MemTotal') ?? 0
  } catch {
    memTotalKb = 0
  }
  const unit = flags.has('m') ? 1024 * 1024 : flags.has('h') ? 0 : 1024
  const hdr = flags.has('h') ? '     Size' : unit === 1024 * 1024 ? '1M-blocks' : '1K-blocks'
  let out = `Filesystem           ${hdr.padEnd(15)}Used Available Use% Mounted on\n`
  const show = (n: number): string => {
    const bytes = n * 4096
    if (unit === 0) return humanSize(bytes)
    return String(Math.floor((bytes + unit / 2) / unit))
  }
  const usedPages = (root: string, dev: number): number => {
    let pages = 0
    const walk = (path: string): void => {
      let names: string[]
      try {
        names = vfs.readdir(path)
      } catch {
        return
      }
      for (const n of names) {
        const child = path === '/' ? `/${n}` : `${path}/${n}`
        try {
          const st = vfs.lstat(child)
          if (st.dev !== dev) continue
          if ((st.mode & S_IFMT) === S_IFDIR) walk(child)
          else pages += st.blocks / 8
        } catch {
          // vanished while walking
        }
      }
    }
    walk(root)
    return pages
  }
  let status = 0
  const table = vfs.mountTable()
  const wanted = args.length
    ? args.map((a) => {
        try {
          const real = vfs.realpath(a, p.cwd)
          return [...table].reverse().find((m) => real === m.target || real.startsWith(m.target === '/' ? '/' : m.target + '/')) ?? null
        } catch (e) {
          perror(p, a, errnoOf(e))
          status = 1
          return null
        }
      })
    : table
  for (const m of wanted) {
    if (!m) continue
    let blocks = 0
    let used = 0
    if (m.fstype === 'tmpfs' || m.fstype === 'devtmpfs') {
      // shmem_statfs(): max_blocks and used_blocks of the instance, once its page cache is attached.
      const dev = vfs.stat(m.target).dev
      const sb = vfs.shmemSbOf(dev)
      const size = /(?:^|,)size=(\d+)k/.exec(m.options)
      blocks = sb && Number.isFinite(sb.maxBlocks) ? sb.maxBlocks : size ? Number(size[1]) / 4 : Math.floor(memTotalKb / 4 / 2)
      used = sb ? sb.usedBlocks : usedPages(m.target, dev)
    }
    if (blocks === 0 && !flags.has('a') && args.length === 0) continue
    const avail = Math.max(0, blocks - used)
    const pct = blocks === 0 ? 0 : Math.floor((used * 100 + Math.floor(blocks / 2)) / blocks)
    let dev = m.source
    dev = dev.length > 20 ? `${dev}\n${''.padEnd(20)}` : dev.padEnd(20)
    out += `${dev} ${show(blocks).padStart(9)} ${show(used).padStart(9)} ${show(avail).padStart(9)} ${String(pct).padStart(3)}% ${m.target}\n`
  }
  p.stdout.write(out)
  return status
}

/**
 * busybox watch: clear, a title line ("Every 2.0s: cmd" with the date at the
 * right margin), the command's output, sleep, again, until Ctrl-C.
 */
export function* watch(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let period = 2
  let title = true
  while (args.length > 0 && args[0]!.startsWith('-')) {
    const a = args.shift()!
    if (a === '-t') title = false
    else if (a === '-n') period = Number(args.shift())
    else if (a.startsWith('-n')) period = Number(a.slice(2))
    else if (a === '--') break
    if (!Number.isFinite(period) || period < 0) {
      errmsg(p, `invalid number '${a}'`)
      return 1
    }
  }
  if (args.length === 0) {
    p.stderr.write(USAGE_HEAD + 'Usage: watch [-n SEC] [-t] PROG ARGS\n')
    return 1
  }
  const cmd = args.join(' ')
  for (;;) {
    let out = '\x1b[H\x1b[J'
    if (title) {
      const width = p.cols
      let header = `Every ${period.toFixed(1)}s: ${cmd}`.padEnd(width)
      if (width > 20) header = header.slice(0, width - 20) + strftime('%Y-%m-%d %H:%M:%S', wallNowMs(p))
      out += header.slice(0, width) + '\n'
    }
    p.stdout.write(out)
    yield* p.sh(cmd)
    yield* sleepNs(p, Math.round(period * 1e9))
  }
}

/** busybox resize: report the terminal size as shell assignments. */
export function* resize(p: Proc): CommandGen {
  p.stdout.write(`COLUMNS=${p.cols};LINES=${p.rows};export COLUMNS LINES;\n`)
  return 0
}

/** sh [-c CMD [ARG0 ARGS]] [SCRIPT [ARGS]]: a child shell; without operands it reads commands from stdin. */
export function* sh(p: Proc): CommandGen {
  const args = p.argv.slice(1)
  let xtrace = false
  let errexit = false
  while (args[0] && /^[-+][ex]+$/.test(args[0])) {
    const a = args.shift()!
    if (a.includes('x')) xtrace = a[0] === '-'
    if (a.includes('e')) errexit = a[0] === '-'
  }
  const flags = (xtrace ? 'x' : '') + (errexit ? 'e' : '')
  if (args[0] === '-c') {
    const cmd = args[1]
    if (cmd === undefined) {
      p.stderr.write('sh: -c requires an argument\n')
      return 2
    }
    // sh -c CMD [ARG0 [ARGS]]: $0 and the positional parameters come after the command.
    return yield* p.sh(cmd, { flags, args: args.slice(3) })
  }
  if (args.length > 0) {
    const file = args[0]!
    let src: string
    try {
      src = p.sys.vfs.readText(file, p.cwd)
    } catch (e) {
      p.stderr.write(`sh: can't open '${file}': ${strerror(errnoOf(e))}\n`)
      return 2
    }
    return yield* p.sh(src, { name: file, args: args.slice(1), flags })
  }
  // Commands from stdin, a complete command at a time (so `echo ls | sh` and a typed session both work).
  let status = 0
  let pending = ''
  for (;;) {
    const line = yield* readLine(p.stdin)
    if (line === null) break
    pending += line + '\n'
    try {
      parse(pending)
    } catch (e) {
      if (e instanceof ParseIncomplete) continue
    }
    status = yield* p.sh(pending, { flags })
    pending = ''
  }
  if (pending !== '') status = yield* p.sh(pending, { flags })
  return status
}

