/*
 * busybox 1.35's module applets: insmod, rmmod, lsmod, modinfo.
 *
 *   insmod FILE [SYMBOL=VALUE]...   finit_module(); "insmod: can't insert
 *                                   'x.ko': <moderror>" and status 1 on
 *                                   failure; killed by an Oops in the
 *                                   module's init (status 139, the shell
 *                                   says "Segmentation fault")
 *   rmmod [-f] NAME|FILE            delete_module(); "rmmod: can't unload
 *                                   module 'x': <strerror>" (EAGAIN while
 *                                   another module uses it), at the first
 *                                   failure
 *   lsmod                           /proc/modules as a table
 *   modinfo [-F field] FILE|NAME    the .modinfo strings
 */

import type { CommandGen, Proc } from '../shell/types'
import { errmsg } from '../shell/io'
import { strerror } from '../fs/errno'
import { STUCK, type Modules } from '../kernel/module/loader'
import { nextReportNs, softlockup_report } from '../kernel/watchdog'
import { PAUSE } from './memhog'
import { decodeKo } from '../kernel/module/ko'

export interface ModDeps {
  modules: Modules
  /** Signal a task (the shell's kill): an Oops kills the command with SIGSEGV. */
  kill?(pid: number, sig: number): void
}

/**
 * The task is stuck in the kernel (soft lockup): it never returns; the
 * watchdog reports the stuck CPU on the simulated clock.
 */
function* stuck(d: ModDeps): CommandGen {
  const s = d.modules.stuckCpu
  for (;;) {
    if (!s) {
      yield PAUSE
      continue
    }
    const at = nextReportNs(s)
    yield { kind: 'sleep', untilNs: at }
    if (d.modules.k.clock.now() >= at) softlockup_report(d.modules.k, s)
  }
}

/** The task dies of `sig` (do_exit after die()): the shell reports it as for any killed command. */
function* killed(p: Proc, d: ModDeps, sig: number): CommandGen {
  d.kill?.(p.pid, sig)
  yield { kind: 'yield' }
  return 128 + sig
}

/** busybox modutils.c moderror(). */
function moderror(err: number): string {
  switch (err) {
    case 8:
      return 'invalid module format'
    case 2:
      return 'unknown symbol in module, or unknown parameter'
    case 3:
      return 'unknown symbol in module'
    case 22:
      return 'invalid parameters'
    default:
      return strerror(err)
  }
}

const absPath = (p: Proc, f: string): string => (f.startsWith('/') ? f : `${p.cwd}/${f}`)

export function insmodCommand(d: ModDeps) {
  return function* insmod(p: Proc): CommandGen {
    const file = p.argv[1]
    if (!file) {
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: insmod FILE [SYMBOL=VALUE]...\n\nLoad kernel module\n')
      return 1
    }
    const args = p.argv.slice(2).join(' ')
    let text: string
    try {
      const bytes = p.sys.vfs.readFile(absPath(p, file))
      text = ''
      for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!)
      text = decodeURIComponent(escape(text))
    } catch (e) {
      // the file could not be read: busybox reports strerror(errno)
      errmsg(p, `can't insert '${file}': ${strerror((e as { errno?: number }).errno ?? 2)}`)
      return 1
    }
    const ko = decodeKo(text)
    if (!ko) {
      errmsg(p, `can't insert '${file}': ${moderror(8)}`)
      return 1
    }
    yield { kind: 'yield' }
    // The system call: the module's init runs as this task's kernel work, yielding as it goes.
    const r = yield* d.modules.init_module(ko, args)
    if (r.signal) return yield* killed(p, d, r.signal)
    if (r.stuck) return yield* stuck(d)
    // Back from the system call: a signal that came meanwhile (the OOM killer chose insmod,
    // Ctrl-C) ends the task now; the module stays as init left it.
    yield { kind: 'yield' }
    if (r.err) {
      errmsg(p, `can't insert '${file}': ${moderror(-r.err)}`)
      return 1
    }
    return 0
  }
}

export function rmmodCommand(d: ModDeps) {
  return function* rmmod(p: Proc): CommandGen {
    const names = p.argv.slice(1).filter((a) => !a.startsWith('-'))
    if (!names.length) {
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: rmmod [-wfa] [MODULE]...\n\nUnload kernel modules\n')
      return 1
    }
    for (const n of names) {
      const name = n.replace(/^.*\//, '').replace(/\.ko$/, '').replace(/-/g, '_')
      yield { kind: 'yield' }
      const err = yield* d.modules.delete_module(name)
      if (err === STUCK) return yield* stuck(d)
      if (err <= -1000) return yield* killed(p, d, -err - 1000)
      // back from the system call: a pending signal is delivered here
      yield { kind: 'yield' }
      if (err) {
        // bb_perror_msg_and_die(): the first failure ends rmmod
        errmsg(p, `can't unload module '${name}': ${strerror(-err)}`)
        return 1
      }
    }
    return 0
  }
}

export function* lsmod(p: Proc): CommandGen {
  let text = ''
  let tainted = 0
  try {
    text = p.sys.vfs.readText('/proc/modules')
    tainted = Number(p.sys.vfs.readText('/proc/sys/kernel/tainted').trim()) || 0
  } catch {
    /* no /proc */
  }
  const t = `${tainted & 1 ? 'P' : 'G'}${tainted & 2 ? 'F' : ' '}${tainted & 4 ? 'S' : ' '}`
  let out = `Module                  Size  Used by    Tainted: ${t}\n`
  for (const line of text.split('\n')) {
    if (!line) continue
    const tok = line.split(' ')
    let deps = tok[3] ?? ''
    deps = deps.slice(0, -1)
    out += `${(tok[0] ?? '').padEnd(19)} ${(tok[1] ?? '').padStart(8)} ${(tok[2] ?? '').padStart(2)} ${deps}\n`
  }
  p.stdout.write(out)
  return 0
}

/** busybox modinfo's shortcuts[]: the tags it shows, in this order. */
const MODINFO_TAGS = ['filename', 'author', 'description', 'license', 'parm', 'version', 'alias', 'srcversion', 'depends', 'uts_release', 'intree', 'vermagic', 'firmware']

export function modinfoCommand(d: ModDeps) {
  return function* modinfo(p: Proc): CommandGen {
    let field: string | null = null
    const files: string[] = []
    const argv = p.argv.slice(1)
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!
      if (a === '-F') field = argv[++i] ?? null
      else if (/^-[adlp0]$/.test(a)) field = { '-a': 'author', '-d': 'description', '-l': 'license', '-p': 'parm', '-0': field ?? '' }[a] ?? null
      else files.push(a)
    }
    if (!files.length) {
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: modinfo [-adlpn0] [-F keyword] MODULE\n')
      return 1
    }
    let status = 0
    for (const f of files) {
      let path = absPath(p, f)
      if (!f.includes('/') && !f.endsWith('.ko')) {
        const m = d.modules.find(f.replace(/-/g, '_'))
        path = m ? `${m.ko.srcdir}/${m.name}.ko` : path
      }
      let text: string
      try {
        const bytes = p.sys.vfs.readFile(path)
        text = ''
        for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!)
        text = decodeURIComponent(escape(text))
      } catch {
        errmsg(p, `module '${f}' not found`)
        status = 1
        continue
      }
      const ko = decodeKo(text)
      if (!ko) {
        errmsg(p, `module '${f}' not found`)
        status = 1
        continue
      }
      // busybox prints the tags in its own order (shortcuts[]), each occurrence, or just -F's field
      const order = field !== null ? [field] : MODINFO_TAGS
      for (const tag of order) {
        const vals = tag === 'filename' ? [path] : ko.modinfo.filter(([k]) => k === tag).map(([, v]) => v)
        for (const v of vals) p.stdout.write(field !== null ? `${v}\n` : `${(tag + ':').padEnd(16)}${v}\n`)
      }
    }
    return status
  }
}
