/*
 * The shell's public face for the machine (the integrator):
 *
 *   const vfs = buildRootFs({ nowMs, printk, rng, hostFs })       // fs/rootfs.ts
 *   const shell = new Shell({ vfs, clock, write, printk, uname, sethostname,
 *                             bootEpochMs, poweroff, reboot, shellPid, tasks, fault })
 *   shell.registerCommand('insmod', function* (p) { ...; return 0 })
 *   shell.start()                 // /etc/profile, then the prompt "~ # "
 *   shell.input(bytesFromUart)    // keystrokes, escape sequences, pastes
 *   shell.run(budget)             // → RunState: busy | idle | timer(atNs)
 *   shell.atPrompt(); shell.lastStatus; shell.resize(cols, rows); shell.kill(pid, 9)
 *
 * A command is a generator over a Proc (types.ts) that yields Waits
 * (sleep until a time, wait for input, or just a turn) and returns its
 * status; io.ts has the helpers to read stdin and print errors busybox-style.
 */

export { Shell, DEFAULT_ENV, type ShellOptions } from './sh'
export type {
  Binfmt, ChildOptions, CommandGen, CommandImpl, InStream, OutStream, Proc, RegisterOptions, ShellSystem, ShellTasks, Utsname, Wait
} from './types'
export { readAll, readChunk, readLine, unread, errmsg, perror, appletName, sleepNs } from './io'
export { getopt } from './cmds/fileutils'
export { Pipe, StringIn, StringOut, NULL_IN } from './streams'
