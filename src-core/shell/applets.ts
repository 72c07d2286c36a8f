/*
 * The applets this shell ships, registered by name like any later command
 * (insmod, make, gcc, ps ...) will be. The table is the single list of what
 * `ls /bin`, `which` and tab completion find.
 */

import { echoMain, printfMain, testMain } from './cmds/echo'
import * as F from './cmds/fileutils'
import { awk } from './cmds/awk'
import { md5sum, od, sha1sum, sha256sum, sha512sum, strings } from './cmds/binutils'
import { dd } from './cmds/dd'
import { cmp, expr, hexdump } from './cmds/misc'
import { sed } from './cmds/sed'
import { find, time } from './cmds/findutils'
import * as S from './cmds/sysutils'
import * as T from './cmds/textutils'
import { BUSYBOX_DIRS } from './registry'
import type { CommandGen, CommandImpl, Proc } from './types'

interface Registrar {
  registerCommand(name: string, impl: CommandImpl): void
  readonly registry: { names(): string[] }
}

function* trueCmd(): CommandGen {
  return 0
}
function* falseCmd(): CommandGen {
  return 1
}
function* pwdCmd(p: Proc): CommandGen {
  p.stdout.write((p.argv.includes('-P') ? p.sys.vfs.realpath(p.cwd) : p.cwd) + '\n')
  return 0
}

/*
 * Not registered although busybox has them: Debian's busybox-static 1.35 (the
 * reference board's) is built without hd, printenv, resize, nice, nohup,
 * mountpoint and blkid, so `hd` there is "sh: hd: not found".
 */
export function registerApplets(sh: Registrar): void {
  const table: Record<string, CommandImpl> = {
    ls: F.ls, cat: F.cat, cp: F.cp, mv: F.mv, rm: F.rm, mkdir: F.mkdir, rmdir: F.rmdir, touch: F.touch, ln: F.ln,
    chmod: F.chmod, stat: F.stat, du: F.du, readlink: F.readlink, realpath: F.realpath,
    basename: F.basenameCmd, dirname: F.dirnameCmd,
    head: T.head, tail: T.tail, grep: T.grep, egrep: T.grep, fgrep: T.grep, wc: T.wc, sort: T.sort, uniq: T.uniq,
    cut: T.cut, paste: T.paste, tac: T.tac, rev: T.rev, nl: T.nl, fold: T.fold, tr: T.tr, tee: T.tee, seq: T.seq, yes: T.yes, xargs: T.xargs,
    uname: S.uname, hostname: S.hostname, uptime: S.uptime, free: S.free, dmesg: S.dmesg, date: S.date, id: S.id,
    whoami: S.whoami, sleep: S.sleep, env: S.env, mount: S.mount, umount: S.umount, sync: S.sync,
    poweroff: S.poweroff, reboot: S.reboot, halt: S.halt, clear: S.clear, reset: S.reset, which: S.which,
    watch: S.watch, df: S.df, sh: S.sh, ash: S.sh, find, time, dd, awk, sed, expr, hexdump, cmp,
    od, strings, md5sum, sha1sum, sha256sum, sha512sum,
    echo: echoMain, printf: printfMain, test: testMain, '[': testMain, true: trueCmd, false: falseCmd, pwd: pwdCmd
  }
  for (const [name, impl] of Object.entries(table)) sh.registerCommand(name, impl)
  sh.registerCommand('busybox', (p) => busyboxMain(p, sh))
}

/** `busybox` with no applet: the banner and the list of applets, as busybox prints them. */
function* busyboxMain(p: Proc, sh: Registrar): CommandGen {
  const names = sh.registry.names().filter((n) => n !== 'busybox' && n in BUSYBOX_DIRS)
  if (p.argv[1] === '--list') {
    p.stdout.write(names.map((n) => n + '\n').join(''))
    return 0
  }
  if (p.argv[1] === '--list-full') {
    p.stdout.write(names.map((n) => `${BUSYBOX_DIRS[n]!.slice(1)}/${n}\n`).join(''))
    return 0
  }
  if (p.argv[1] === '--install') {
    // busybox --install [-s] [DIR]: a link per applet (symlinks with -s; this VFS links both ways the same).
    const dirArg = p.argv.slice(2).find((a) => !a.startsWith('-'))
    const vfs = p.sys.vfs
    for (const n of names) {
      const dir = dirArg ?? BUSYBOX_DIRS[n]!
      try {
        vfs.mkdirp(dir.startsWith('/') ? dir : `${p.cwd}/${dir}`)
        if (!vfs.exists(`${dir}/${n}`, p.cwd)) vfs.symlink('/bin/busybox', `${dir}/${n}`, p.cwd)
      } catch {
        // an existing non-link entry stays, as busybox leaves it
      }
    }
    return 0
  }
  let list = ''
  let line = '\t'
  for (const n of names) {
    if (line.length + n.length + 2 > 78) {
      list += line.replace(/ $/, '') + '\n'
      line = '\t'
    }
    line += n + ', '
  }
  list += line.replace(/, $/, '') + '\n'
  p.stdout.write(
    'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n' +
    'BusyBox is copyrighted by many authors between 1998-2015.\n' +
    'Licensed under GPLv2. See source distribution for detailed\n' +
    'copyright notices.\n\n' +
    'Usage: busybox [function [arguments]...]\n' +
    '   or: busybox --list[-full]\n' +
    '   or: function [arguments]...\n\n' +
    '\tBusyBox is a multi-call binary that combines many common Unix\n' +
    '\tutilities into a single executable.  Most people will create a\n' +
    '\tlink to busybox for each function they wish to use and BusyBox\n' +
    '\twill act like whatever it was invoked as.\n\n' +
    'Currently defined functions:\n' + list
  )
  return 0
}
