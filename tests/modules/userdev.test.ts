/*
 * The classic driver lab end to end on the console: a module with a misc
 * device (open/read/write/unlocked_ioctl/llseek/release) built with make, a
 * user program built with gcc that opens /dev/labdev, writes, lseeks, reads
 * back, issues _IOR/_IOW ioctls that pass their argument by pointer
 * (put_user/get_user in the driver), gets errno texts as glibc prints them,
 * and closes. The open file holds the module: rmmod is refused with busybox's
 * message while a program has it open, and accepted once the program has
 * exited, however it ended (exit, Ctrl-C, SIGSEGV: exit_files closes them).
 * A read of a device with nothing yet (/dev/kmsg caught up) waits in S.
 */

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const fx = (n: string): string => readFileSync(join(here, 'fixtures', n), 'utf8')
const MAKEFILE = 'obj-m := labdev.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n'
const FILES = { 'labdev.c': fx('labdev.c'), 'labuser.c': fx('labuser.c'), 'kmsgwait.c': fx('kmsgwait.c'), Makefile: MAKEFILE }
const BUILD = ['cd /mnt', 'make > /dev/null; echo make=$?', 'gcc -o labuser labuser.c; echo gcc=$?', 'gcc -o kmsgwait kmsgwait.c', 'insmod labdev.ko']
const TS = String.raw`\[ *\d+\.\d{6}\] `

/** What a command printed, up to the next prompt. */
function outputOf(out: string, cmd: string): string {
  const i = out.indexOf(`# ${cmd}\n`)
  if (i < 0) throw new Error(`no command ${cmd}`)
  const rest = out.slice(i + cmd.length + 3)
  return rest.slice(0, rest.search(/^\/mnt # /m))
}

describe('the driver lab: a user program on a module\'s misc device', () => {
  const r = runWithShare(FILES, [...BUILD, './labuser; echo rc=$?', 'rmmod labdev; echo rc=$?'])
  const out = afterBoot(r.output)

  it('builds both on the machine', () => {
    expect(r.faults).toEqual([])
    expect(out).toContain('make=0')
    expect(out).toContain('gcc=0')
  })

  it('open, write, lseek, read back, ioctls by pointer, errno texts, release at close', () => {
    const lines = outputOf(out, './labuser; echo rc=$?').split('\n')
    const want = [
      // open() runs with the program as current
      new RegExp(`^${TS}labdev: open by labuser \\(pid \\d+\\)$`),
      /^write: 14$/,
      /^lseek: 7$/,
      /^read: 7: driver$/,
      // _IOR: the driver's put_user reached the program's int
      /^len: 14 \(cmd 0x80044c01, size 4\)$/,
      new RegExp(`^${TS}labdev: fill 5$`),
      /^after fill: 5: \*\*\*\*\*$/,
      /^LAB_SET_FILL 1000: Invalid argument$/,
      /^ioctl: Inappropriate ioctl for device$/,
      /^stdout: Inappropriate ioctl for device$/,
      /^fd 42: Bad file descriptor$/,
      new RegExp(`^${TS}labdev: release by labuser \\(pid \\d+\\)$`),
      /^close again: Bad file descriptor$/,
      /^rc=0$/
    ]
    expect(lines.length).toBeGreaterThanOrEqual(want.length)
    want.forEach((re, i) => expect(lines[i]).toMatch(re))
  })

  it('nothing holds the module after the program: rmmod works', () => {
    expect(outputOf(out, 'rmmod labdev; echo rc=$?')).toBe('rc=0\n')
  })
})

describe('the open file holds the module', () => {
  const r = runWithShare(FILES, [
    ...BUILD,
    './labuser 3 > /dev/null &',
    'sleep 1',
    'lsmod',
    'rmmod labdev; echo rc=$?',
    'wait',
    'rmmod labdev; echo rc=$?',
    'insmod labdev.ko',
    './labuser 1 crash > /dev/null',
    'rmmod labdev; echo rc=$?',
    'insmod labdev.ko',
    './labuser r > /dev/null',
    { type: '\x03', afterNs: 500_000_000 },
    'rmmod labdev; echo rc=$?'
  ])
  const out = afterBoot(r.output)

  it('rmmod is refused with busybox\'s message while a program has the device open', () => {
    expect(outputOf(out, 'lsmod')).toMatch(/^labdev +16384 +1 $/m)
    expect(outputOf(out, 'rmmod labdev; echo rc=$?')).toBe("rmmod: can't unload module 'labdev': Resource temporarily unavailable\nrc=1\n")
  })

  it('accepted after it exits (the file closed at exit)', () => {
    const wait = outputOf(out, 'wait')
    expect(wait).toMatch(new RegExp(`${TS}labdev: release by labuser`))
    const after = out.slice(out.indexOf('# wait\n'))
    expect(after).toMatch(/# rmmod labdev; echo rc=\$\?\nrc=0\n/)
  })

  it('SIGSEGV: the files are closed as it dies, before the shell reports it', () => {
    const seg = outputOf(out, './labuser 1 crash > /dev/null')
    expect(seg).toMatch(new RegExp(`${TS}labdev: release by labuser \\(pid \\d+\\)\nSegmentation fault\n$`))
  })

  it('Ctrl-C: the files are closed too', () => {
    const c = outputOf(out, './labuser r > /dev/null')
    // ash's newline after an interrupted foreground job follows the release
    expect(c).toMatch(new RegExp(`\\^C${TS}labdev: release by labuser \\(pid \\d+\\)\n\n$`))
    expect(out.trimEnd().endsWith('rmmod labdev; echo rc=$?\nrc=0\n/mnt #')).toBe(true)
  })
})

describe('a read that would block', () => {
  const r = runWithShare(FILES, [...BUILD, './kmsgwait &', 'sleep 2', 'cat /proc/$!/status | grep State', 'cut -d" " -f14 /proc/$!/stat', 'echo labwake now > /dev/kmsg', 'wait'])
  const out = afterBoot(r.output)

  it('waits in S (a read wait, not a busy loop) until the device has data', () => {
    expect(outputOf(out, 'cat /proc/$!/status | grep State')).toBe('State:\tS (sleeping)\n')
    // utime: no CPU spent spinning while it waited
    expect(outputOf(out, 'cut -d" " -f14 /proc/$!/stat')).toBe('0\n')
    expect(out).toMatch(/got: labwake now\n/)
    expect(out).toMatch(/\[1\]\+ {2}Done {23}\.\/kmsgwait\n/)
  })
})
