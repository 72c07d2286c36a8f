/*
 * The shell's public face for the machine (the integrator).
 *
 * Wiring:
 *   const vfs = buildRootFs({ nowMs, printk, rng, hostFs, console })   // fs/rootfs.ts
 *   vfs.registerDynamic('/proc/meminfo', { read: () => meminfo(mm) })  // procfs/sysfs files
 *   const shell = new Shell({ vfs, clock, write, printk, uname, sethostname, bootEpochMs,
 *                             poweroff, reboot, shellPid, tasks?, loadavg?, fault? }, { cols, rows })
 *   shell.start()                 // sources /etc/profile, prints "~ # "
 *   shell.input(bytes)            // keystrokes from the UART (escape sequences, pastes)
 *   shell.run(budget)             // → RunState: busy | idle | timer(atNs) | off
 *   shell.atPrompt(), shell.lastStatus, shell.resize(cols, rows), shell.kill(pid, sig),
 *   shell.runningPids(), shell.registerBinfmt(loader)
 *
 * Adding a command (insmod, make, gcc, ps ...): a generator over a Proc.
 *   shell.registerCommand('insmod', function* (p) {
 *     const path = p.argv[1]
 *     if (!path) { errmsg(p, 'usage ...'); return 1 }
 *     const text = p.sys.vfs.readFile(path, p.cwd)   // cwd-relative paths
 *     yield { kind: 'yield' }                        // long work: give the machine a turn
 *     yield* sleepNs(p, 1e6)                         // or wait on the simulated clock
 *     const line = yield* readLine(p.stdin)          // or wait for input (pipe or terminal)
 *     p.stdout.write('...\n')                        // '\n' only; the tty adds '\r'
 *     return 0                                       // exit status
 *   })
 * A busybox applet name gets a /bin|/sbin|/usr/bin symlink to /bin/busybox,
 * any other name an executable in /usr/bin (or opts.dir). Ctrl-C, `kill` and
 * broken pipes end a command at its next yield (its `finally` blocks run and
 * must not yield). `p.sh(line)` and `p.exec(argv)` run children (make's
 * recipes). An exception from a command prints `name: internal error: ...`,
 * gives status 1 and calls sys.fault.
 */

export { Shell, DEFAULT_ENV, type ShellOptions } from './sh'
export type {
  Binfmt, ChildOptions, CommandGen, CommandImpl, InStream, OutStream, Proc, RegisterOptions, ShellSystem, ShellTasks, Utsname, Wait
} from './types'
export { readAll, readChunk, readLine, unread, errmsg, perror, appletName, sleepNs } from './io'
export { getopt } from './cmds/fileutils'
export { Pipe, StringIn, StringOut, NULL_IN } from './streams'
export { SIGNAL_TEXT, SIGNALS, signum } from './signals'
