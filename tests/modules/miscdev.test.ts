/*
 * A misc device's file_operations through the VFS: open (f_mode/f_flags,
 * an -EBUSY open fails open(2)), release when the file is closed (cat,
 * redirections), the module reference an open file holds (lsmod, rmmod's
 * EAGAIN), unlocked_ioctl through OpenFile.ioctl (-ENOTTY without one or
 * for an unknown command), llseek through OpenFile.llseek (ESPIPE without
 * one), and the read/write errors a driver returns.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createMachine } from '../../src-core/index'
import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, type MachineToHost } from '../../src-core/protocol'
import type { Kernel } from '../../src-core/kernel/kernel'
import { FsError } from '../../src-core/fs/errno'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const fx = (n: string): string => readFileSync(join(here, 'fixtures', n), 'utf8')
const MAKEFILE = 'obj-m := iocdev.o kmsgdev.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n'
const klines = (out: string): string[] => out.split('\n').filter((l) => /^\[ *\d+\.\d{6}\] /.test(l)).map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, ''))

describe('misc device open/read/write/release through the shell', () => {
  const r = runWithShare(
    { 'iocdev.c': fx('ioctldev.c'), 'kmsgdev.c': fx('kmsgdev.c'), Makefile: MAKEFILE },
    [
      'cd /mnt', 'make > /dev/null; echo make=$?', 'insmod iocdev.ko',
      'cat /dev/iocdev', 'echo hi > /dev/iocdev', 'cat /dev/iocdev', 'cat /dev/iocdev > /dev/iocdev',
      'echo 0123456789012345678901234567890123456789012345678901234567890123456789 > /dev/iocdev; echo rc=$?',
      'lsmod', 'rmmod iocdev; echo rc=$?', 'ls /dev/iocdev'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('cat: open read-only, the data, release at close', () => {
    expect(out).toContain('make=0')
    expect(out).toMatch(/# cat \/dev\/iocdev\n\[ *[\d.]+\] iocdev: open \(1 open, f_mode 1, O_RDONLY\)\nhello\n\[ *[\d.]+\] iocdev: release \(0 open\)\n/)
  })

  it('echo > dev: open write-only, write, release when the redirection ends', () => {
    expect(out).toMatch(/# echo hi > \/dev\/iocdev\n\[ *[\d.]+\] iocdev: open \(1 open, f_mode 2, O_WRONLY\)\n\[ *[\d.]+\] iocdev: wrote 3 bytes\n\[ *[\d.]+\] iocdev: release \(0 open\)\n/)
    expect(out).toMatch(/# cat \/dev\/iocdev\n\[ *[\d.]+\] iocdev: open \(1 open, f_mode 1, O_RDONLY\)\nhi\n/)
  })

  it('two opens of the same device: each its own struct file, each released', () => {
    const i = k.indexOf('iocdev: open (2 open, f_mode 1, O_RDONLY)')
    expect(i).toBeGreaterThan(0)
    expect(k[i - 1]).toBe('iocdev: open (1 open, f_mode 2, O_WRONLY)')
    expect(k.slice(i + 1, i + 4)).toEqual(['iocdev: wrote 3 bytes', 'iocdev: release (1 open)', 'iocdev: release (0 open)'])
  })

  it('a write the driver refuses (-EINVAL) is the shell\'s write error', () => {
    expect(out).toMatch(/sh: write error: Invalid argument\n(\[.*\n)*rc=1\n/)
  })

  it('no reference is left after the files are closed: rmmod works', () => {
    expect(out).toMatch(/iocdev {17}16384 {2}0 \n/)
    expect(out).toContain('rmmod iocdev; echo rc=$?\nrc=0\n')
    expect(out).toContain('ls: /dev/iocdev: No such file or directory')
  })
})

describe('ioctl, llseek and the open file\'s reference through the VFS', () => {
  const host = new FakeHostFs()
  const put = (name: string, text: string): void => void host.files.set(name, new TextEncoder().encode(text))
  put('iocdev.c', fx('ioctldev.c'))
  put('kmsgdev.c', fx('kmsgdev.c'))
  put('Makefile', MAKEFILE)
  let out = ''
  let done = false
  const m = createMachine({
    hostFs: host,
    post(msg: MachineToHost) {
      if (msg.type === 'console') out += msg.data
      if (msg.type === 'script-done') done = true
    }
  })
  m.send({ type: 'boot', config: DEFAULT_CONFIG })
  m.send({ type: 'script', lines: ['cd /mnt', 'make > /dev/null', 'insmod iocdev.ko', 'insmod kmsgdev.ko'] })
  for (let i = 0; i < 1_000_000 && !done; i++) {
    const s = m.run(1000)
    if (s.kind === 'timer' && !done) m.advanceClockTo(s.atNs)
  }
  const kernel = (m as unknown as { kernel: Kernel }).kernel
  const vfs = kernel.vfs
  const modules = kernel.modules!
  const errno = (f: () => unknown): number => {
    try {
      f()
    } catch (e) {
      return e instanceof FsError ? e.errno : -1
    }
    return 0
  }
  const ioc = (dir: number, nr: number, size: number): number => ((dir << 30) | (size << 16) | (0x6b << 8) | nr) >>> 0

  it('an open file holds a reference on fops->owner; rmmod fails with EAGAIN until it is closed', () => {
    expect(done).toBe(true)
    const f = vfs.open('/dev/iocdev', { read: true, write: true })
    expect(modules.procModules()).toMatch(/^iocdev 16384 1 - Live/m)
    expect(modules.unload('iocdev')).toBe(-11)
    f.close()
    expect(modules.procModules()).toMatch(/^iocdev 16384 0 - Live/m)
    f.close()
    expect(klines(out.replace(/\r/g, '')).filter((l) => l.startsWith('iocdev: release'))).toEqual(['iocdev: release (0 open)'])
  })

  it('unlocked_ioctl: _IO, _IOR, _IOW commands, -ENOTTY for an unknown one', () => {
    const f = vfs.open('/dev/iocdev', { read: true })
    expect(f.ioctl(ioc(2, 1, 4), 0)).toBe(6)
    expect(f.ioctl(ioc(0, 0, 0), 0)).toBe(0)
    expect(f.ioctl(ioc(2, 1, 4), 0)).toBe(0)
    expect(f.ioctl(ioc(1, 2, 4), 42)).toBe(0)
    expect(out.replace(/\r/g, '')).toContain('iocdev: val=42 cmd=0x40046b02\n')
    expect(errno(() => f.ioctl(0x1234, 0))).toBe(25)
    f.close()
    expect(errno(() => f.ioctl(ioc(0, 0, 0), 0))).toBe(9)
  })

  it('a driver without unlocked_ioctl, and files that are not devices: ENOTTY', () => {
    const d = vfs.open('/dev/kmsgdev', { read: true })
    expect(errno(() => d.ioctl(0x5401, 0))).toBe(25)
    d.close()
    const n = vfs.open('/dev/null', { read: true })
    expect(errno(() => n.ioctl(0x5401, 0))).toBe(25)
    n.close()
    const p = vfs.open('/proc/meminfo', { read: true })
    expect(errno(() => p.ioctl(0x5401, 0))).toBe(25)
    p.close()
  })

  it('llseek: default_llseek moves f_pos (reads follow it); no llseek is ESPIPE', () => {
    const w = vfs.open('/dev/iocdev', { write: true })
    w.write(new TextEncoder().encode('abcdef'))
    w.close()
    const f = vfs.open('/dev/iocdev', { read: true })
    expect(f.llseek(2, 0)).toBe(2)
    expect(new TextDecoder().decode(f.read(2)!)).toBe('cd')
    expect(f.llseek(0, 1)).toBe(4)
    expect(f.llseek(-1, 1)).toBe(3)
    expect(new TextDecoder().decode(f.read(10)!)).toBe('def')
    expect(errno(() => f.llseek(-10, 0))).toBe(22)
    expect(f.llseek(0, 2)).toBe(0)
    f.close()
    const d = vfs.open('/dev/kmsgdev', { read: true })
    expect(errno(() => d.llseek(0, 0))).toBe(29)
    d.close()
  })

  it('an open the driver refuses fails open(2) with its errno, and takes no reference', () => {
    const a = vfs.open('/dev/iocdev', { read: true })
    expect(a.ioctl(ioc(1, 2, 4), 1)).toBe(0)
    expect(errno(() => vfs.open('/dev/iocdev', { read: true }))).toBe(16)
    expect(modules.procModules()).toMatch(/^iocdev 16384 1 - Live/m)
    a.ioctl(ioc(1, 2, 4), 0)
    a.close()
    expect(modules.procModules()).toMatch(/^iocdev 16384 0 - Live/m)
    expect(modules.unload('iocdev')).toBe(0)
  })
})

describe('the shell opening a busy device', () => {
  const BUSY = `#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
static int busy_open(struct inode *inode, struct file *file) { return -EBUSY; }
static const struct file_operations busy_fops = { .owner = THIS_MODULE, .open = busy_open };
static struct miscdevice busy = { .minor = MISC_DYNAMIC_MINOR, .name = "busydev", .fops = &busy_fops };
static int __init busy_init(void) { return misc_register(&busy); }
static void __exit busy_exit(void) { misc_deregister(&busy); }
module_init(busy_init);
module_exit(busy_exit);
MODULE_LICENSE("GPL");
`
  const r = runWithShare({ 'busy.c': BUSY, Makefile: 'obj-m := busy.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n' }, [
    'cd /mnt', 'make > /dev/null', 'insmod busy.ko', 'cat /dev/busydev; echo rc=$?', 'echo x > /dev/busydev; echo rc=$?', 'lsmod'
  ])
  const out = afterBoot(r.output)

  it('cat and a redirection report the driver\'s EBUSY', () => {
    expect(out).toContain('cat: can\'t open \'/dev/busydev\': Device or resource busy\nrc=1\n')
    expect(out).toContain('sh: can\'t create /dev/busydev: Device or resource busy\nrc=')
    expect(out).toMatch(/busy {19}16384 {2}0 \n/)
  })
})
