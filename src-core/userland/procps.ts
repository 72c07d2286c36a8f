/*
 * busybox 1.35 procps applets over /proc: ps (the desktop ps of the
 * reference's busybox: default columns pid,user,args, and -o LIST), top -b
 * (a faithful subset: one batch iteration), pidof.
 *
 * Like busybox they read /proc/PID/{stat,status,cmdline} and /etc/passwd
 * through the VFS, so what they print is what the kernel exports.
 *
 * Left out: ps -T/-Z, top's interactive mode (top runs one batch
 * iteration whatever -n says), %CPU accounting (no CPU time is modelled:
 * every process shows 0%).
 */

import type { CommandGen, Proc } from '../shell/types'

interface PsInfo {
  pid: number
  ppid: number
  uid: number
  comm: string
  state: string
  /** kB */
  vsz: number
  rss: number
  args: string
}

function readText(p: Proc, path: string): string | null {
  try {
    return p.sys.vfs.readText(path, '/')
  } catch {
    return null
  }
}

/** procps_scan(): every /proc/<pid> that can be read. */
export function scanProcs(p: Proc): PsInfo[] {
  let names: string[] = []
  try {
    names = p.sys.vfs.readdir('/proc', '/')
  } catch {
    return []
  }
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b)
  const out: PsInfo[] = []
  for (const pid of pids) {
    const stat = readText(p, `/proc/${pid}/stat`)
    if (!stat) continue
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(open + 1, close)
    const f = stat.slice(close + 2).trim().split(' ')
    const status = readText(p, `/proc/${pid}/status`) ?? ''
    const uid = Number(/^Uid:\t(\d+)/m.exec(status)?.[1] ?? 0)
    const cmdline = readText(p, `/proc/${pid}/cmdline`) ?? ''
    let args = cmdline.replace(/\0$/, '').split('\0').join(' ')
    if (args === '') args = `[${comm}]`
    else {
      // busybox read_cmdline(): "{comm} args" when comm is not argv[0]'s basename.
      const a0 = cmdline.split('\0')[0]!
      const base = a0.slice(a0.lastIndexOf('/') + 1)
      if (!base.startsWith(comm.slice(0, 15)) && comm !== base) args = `{${comm}} ${args}`
    }
    out.push({
      pid,
      ppid: Number(f[1]),
      uid,
      comm,
      state: f[0]!,
      vsz: Math.floor(Number(f[20]) / 1024),
      rss: Number(f[21]) * 4,
      args
    })
  }
  return out
}

/** get_cached_username(): the passwd name, else the number. */
function usernames(p: Proc): (uid: number) => string {
  const map = new Map<number, string>()
  for (const line of (readText(p, '/etc/passwd') ?? '').split('\n')) {
    const f = line.split(':')
    if (f.length >= 3) map.set(Number(f[2]), f[0]!)
  }
  return (uid) => map.get(uid) ?? String(uid)
}

/** smart_ulltoa4/5(): kB scaled into a fixed width ("478m", "9.2m"). */
export function smart_ulltoa(ul: number, width: 4 | 5): string {
  const scale = ' mgtpezy'
  let idx = 0
  const limit = width === 4 ? 9999 : 99999
  if (ul > limit) {
    ul *= 10
    do {
      ul = Math.floor(ul / 1024)
      idx++
    } while (ul >= (width === 4 ? 10000 : 100000))
  }
  if (!idx) return String(ul).padStart(width)
  const u = Math.floor(ul / 10)
  const v = ul % 10
  if (u >= 10) return (String(u).padStart(width - 1) + scale[idx]).slice(-width)
  return `${u}.${v}${scale[idx]}`.padStart(width)
}

interface Column {
  name: string
  header: string
  width: number
  get(i: PsInfo, user: (uid: number) => string): string
}

const COLUMNS: Record<string, Omit<Column, 'name'>> = {
  pid: { header: 'PID', width: 5, get: (i) => String(i.pid).padStart(5) },
  ppid: { header: 'PPID', width: 5, get: (i) => String(i.ppid).padStart(5) },
  user: { header: 'USER', width: 8, get: (i, u) => u(i.uid).slice(0, 8).padEnd(8) },
  vsz: { header: 'VSZ', width: 4, get: (i) => smart_ulltoa(i.vsz, 4) },
  rss: { header: 'RSS', width: 4, get: (i) => smart_ulltoa(i.rss, 4) },
  stat: { header: 'STAT', width: 4, get: (i) => i.state.padEnd(4) },
  comm: { header: 'COMMAND', width: 16, get: (i) => i.comm },
  args: { header: 'COMMAND', width: 0, get: (i) => i.args },
  time: { header: 'TIME', width: 5, get: () => ' 0:00' }
}

/** ps [-o COL[,COL...]] */
export function* ps(p: Proc): CommandGen {
  let fmt = 'pid,user,args'
  for (let i = 1; i < p.argv.length; i++) {
    const a = p.argv[i]!
    if (a === '-o') {
      const v = p.argv[++i]
      if (!v) {
        p.stderr.write("ps: option requires an argument -- 'o'\n")
        return 1
      }
      fmt = v
    } else if (a.startsWith('-o')) fmt = a.slice(2)
    else if (a === 'aux' || a === '-ef' || a === '-e' || a === '-A' || a === 'ax' || a === '-w' || a === 'w') continue
    else {
      p.stderr.write(`ps: invalid option -- '${a.replace(/^-/, '')[0] ?? ''}'\n`)
      return 1
    }
  }
  const cols: Column[] = []
  for (const c of fmt.split(',')) {
    const [name, label] = c.split('=')
    const col = COLUMNS[name!]
    if (!col) {
      p.stderr.write(`ps: bad -o argument '${name}', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,nice,rgroup,ruser,time,tty,vsz,sid,stat,rss\n`)
      return 1
    }
    cols.push({ name: name!, ...col, header: label ?? col.header })
  }
  const user = usernames(p)
  const lines: string[] = []
  const row = (cells: string[]): string => cells.join(' ').replace(/\s+$/, '')
  lines.push(row(cols.map((c, i) => (i === cols.length - 1 ? c.header : c.header.padEnd(c.width)))))
  for (const info of scanProcs(p)) lines.push(row(cols.map((c) => c.get(info, user))))
  p.stdout.write(lines.join('\n') + '\n')
  return 0
}

/** pidof NAME...: the pids whose comm (or argv[0] basename) is NAME, newest first. */
export function* pidof(p: Proc): CommandGen {
  const names = p.argv.slice(1).filter((a) => !a.startsWith('-'))
  const single = p.argv.includes('-s')
  const found: number[] = []
  const procs = scanProcs(p).reverse()
  for (const name of names)
    for (const i of procs) {
      if (i.comm === name) {
        found.push(i.pid)
        if (single) break
      }
    }
  if (found.length === 0) return 1
  p.stdout.write(found.join(' ') + '\n')
  return 0
}

/** top -b [-n N]: one batch iteration (busybox top.c display_process_list). */
export function* top(p: Proc): CommandGen {
  const mem = readText(p, '/proc/meminfo') ?? ''
  const kb = (k: string): number => Number(new RegExp(`^${k.replace(/[()]/g, '\\$&')}:\\s+(\\d+)`, 'm').exec(mem)?.[1] ?? 0)
  const total = kb('MemTotal')
  const free = kb('MemFree')
  const out: string[] = []
  out.push(`Mem: ${total - free}K used, ${free}K free, ${kb('Shmem')}K shrd, ${kb('Buffers')}K buff, ${kb('Cached')}K cached`)
  out.push('CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq')
  out.push(`Load average: ${(readText(p, '/proc/loadavg') ?? '0.00 0.00 0.00 0/0 0').trim()}`)
  out.push('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND')
  const user = usernames(p)
  const procs = scanProcs(p).sort((a, b) => b.vsz - a.vsz || a.pid - b.pid)
  for (const i of procs) {
    const pmem = total ? Math.floor((i.vsz * 100) / total) : 0
    const state = (i.state + (i.rss === 0 && i.vsz === 0 ? 'W' : '')).padEnd(4)
    out.push(
      `${String(i.pid).padStart(5)}${String(i.ppid).padStart(6)} ${user(i.uid).slice(0, 8).padEnd(8)} ${state} ${smart_ulltoa(i.vsz, 5)}` +
        `${String(pmem).padStart(4)}%${String(0).padStart(4)}% ${i.args}`.slice(0, 200)
    )
  }
  p.stdout.write(out.join('\n') + '\n')
  return 0
}
