/*
 * The applet table: every command that runs as its own process (ls, cat,
 * later insmod, make, gcc, ps ...). Busybox applets are reached through
 * symlinks to /bin/busybox, as `busybox --install -s` lays them out; other
 * programs (make, gcc) get a small executable file of their own. Either way
 * `which`, `ls /bin` and tab completion see them, and a later issue adds a
 * command with one registerCommand() call.
 */

import type { CommandImpl } from './types'
import { showUsage } from './cmds/usage'

/** Where busybox 1.35 installs its applets (include/applets.h), for the ones we know. */
export const BUSYBOX_DIRS: Record<string, string> = {}
const dirsSpec: Array<[string, string]> = [
  ['/bin', 'ash busybox cat chgrp chmod chown cp date dd df dmesg echo false grep egrep fgrep hostname kill ln login ls mkdir mknod mount mv netstat pidof ping ps pwd readlink rev rm rmdir sed sh sleep stat stty sync touch true umount uname usleep vi watch zcat gzip gunzip tar more mountpoint mktemp printenv'],
  ['/sbin', 'halt poweroff reboot insmod rmmod lsmod modprobe modinfo depmod ifconfig init mdev swapon swapoff sysctl klogd syslogd getty losetup blkid fdisk mkswap pivot_root switch_root route'],
  ['/usr/bin', 'hd awk basename clear cut paste dirname du env expr find fold free head hexdump id killall less nl nproc od printf realpath reset resize seq sort tail tee test time top tr tty uniq uptime wc which whoami xargs yes md5sum sha1sum sha256sum sha512sum cmp diff nohup nice renice timeout truncate unzip strings tac [ [[ logger'],
  ['/usr/sbin', 'chroot crond rdate']
]
for (const [dir, names] of dirsSpec) for (const n of names.split(' ')) BUSYBOX_DIRS[n] = dir

/**
 * Applets busybox marks APPLET_NOFORK or APPLET_NOEXEC (the applet tables
 * of include/applets.h, e.g. coreutils/dd.c `APPLET_NOEXEC(dd, ...)`,
 * procps/ps.c `APPLET_NOEXEC(ps, ...)`; sleep is a plain APPLET "so ^C
 * works"). With FEATURE_SH_STANDALONE ash runs them in its forked child
 * without execve (run_noexec_applet_and_exit), so their /proc/PID/cmdline
 * stays the shell's: the reference's ps shows `{dd} /bin/sh /init` next to
 * `sleep 100000`. Checked on Debian's busybox-static 1.35 (strace of ash
 * running each applet): these run without execve; cat, cmp, dmesg, du, grep,
 * mount, nl, od, rev, sed, sleep, strings, tail, tee, tr, uniq and wc exec.
 */
export const BUSYBOX_NOEXEC = new Set(
  ('[ [[ basename dirname echo false fsync logname mkdir printenv printf pwd rm rmdir seq test true usleep whoami yes ' +
    'chgrp chmod chown cksum cp cut dd env fold head ln ls mkfifo mknod paste sort tac ps ' +
    'awk clear date df expr find free hexdump hostname id md5sum mv readlink realpath sha1sum sha256sum sha512sum ' +
    'stat sync touch uname uptime which xargs').split(' ')
)

/** Applets for which busybox does not treat a lone `--help` specially (POSIX wants `test --help` to be an operand). */
const HELP_AS_OPERAND = new Set(['test', '[', '[[', 'true', 'false'])

/**
 * busybox's run_applet_no_and_exit(): `APPLET --help` alone prints the
 * banner and the applet's usage on stderr and exits 0, before the applet runs.
 */
function withHelp(name: string, impl: CommandImpl): CommandImpl {
  return function* (p) {
    if (p.argv.length === 2 && p.argv[1] === '--help') return showUsage(p, name, 0)
    return yield* impl(p)
  }
}

export interface RegisteredCommand {
  name: string
  impl: CommandImpl
  /** A busybox applet (symlink to /bin/busybox) or a program of its own. */
  busybox: boolean
  dir: string
}

export class CommandRegistry {
  private readonly cmds = new Map<string, RegisteredCommand>()
  /** Called when a command is added, so the shell can create its PATH entry. */
  onAdd: ((c: RegisteredCommand) => void) | null = null

  register(name: string, impl: CommandImpl, dir?: string): RegisteredCommand {
    const busybox = name in BUSYBOX_DIRS && dir === undefined
    if (busybox && !HELP_AS_OPERAND.has(name)) impl = withHelp(name, impl)
    const c: RegisteredCommand = { name, impl, busybox, dir: dir ?? BUSYBOX_DIRS[name] ?? '/usr/bin' }
    this.cmds.set(name, c)
    this.onAdd?.(c)
    return c
  }

  get(name: string): RegisteredCommand | undefined {
    return this.cmds.get(name)
  }

  names(): string[] {
    return [...this.cmds.keys()].sort()
  }

  all(): RegisteredCommand[] {
    return [...this.cmds.values()]
  }
}
