/* The VFS: path walking, errno, procfs/sysfs registration, devices, the host share, the rootfs. */

import { describe, expect, it } from 'vitest'
import { Clock } from '../board/clock'
import { Printk } from '../kernel/printk'
import { EACCES, EEXIST, EIO, EISDIR, ELOOP, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EXDEV, FsError, strerror, EINVAL } from './errno'
import { buildRootFs } from './rootfs'
import { PROCFS_FLAVOR, SYSFS_FLAVOR, Vfs } from './vfs'
import { utf8Decode, utf8Encode } from './utf8'
import { FakeHostFs } from './fakehostfs'

function errnoOfCall(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    if (e instanceof FsError) return e.errno
    throw e
  }
  return 0
}

describe('VFS paths and errors', () => {
  it('resolves ., .., symlinks and relative paths', () => {
    const v = new Vfs()
    v.mkdirp('/a/b/c')
    v.writeFile('/a/b/c/f', 'hi')
    v.symlink('b/c', '/a/link')
    v.symlink('/a/b', '/abs')
    expect(v.readText('/a/link/f')).toBe('hi')
    expect(v.readText('../c/f', '/a/b/c')).toBe('hi')
    expect(v.realpath('/a/link/../c/./f')).toBe('/a/b/c/f')
    expect(v.realpath('/abs/c')).toBe('/a/b/c')
    expect(v.realpath('/../../a')).toBe('/a')
    expect(v.lstat('/a/link').mode >> 12).toBe(0o12)
    expect(v.readlink('/a/link')).toBe('b/c')
  })

  it('raises the errno busybox reports', () => {
    const v = new Vfs()
    v.mkdirp('/d')
    v.writeFile('/d/f', 'x')
    v.symlink('/loop2', '/loop1')
    v.symlink('/loop1', '/loop2')
    expect(errnoOfCall(() => v.stat('/nope'))).toBe(ENOENT)
    expect(errnoOfCall(() => v.stat('/d/f/x'))).toBe(ENOTDIR)
    expect(errnoOfCall(() => v.mkdir('/d'))).toBe(EEXIST)
    expect(errnoOfCall(() => v.rmdir('/'))).not.toBe(0)
    expect(errnoOfCall(() => v.rmdir('/d'))).toBe(ENOTEMPTY)
    expect(errnoOfCall(() => v.unlink('/d'))).toBe(EISDIR)
    expect(errnoOfCall(() => v.stat('/loop1'))).toBe(ELOOP)
    expect(errnoOfCall(() => v.open('/d', { write: true }))).toBe(EISDIR)
    expect(errnoOfCall(() => v.readdir('/d/f'))).toBe(ENOTDIR)
    expect(errnoOfCall(() => v.readlink('/d/f'))).toBe(EINVAL)
    expect(strerror(ENOENT)).toBe('No such file or directory')
    expect(strerror(ENOTEMPTY)).toBe('Directory not empty')
    expect(new FsError(EACCES, '/x').message).toBe('/x: Permission denied')
  })

  it('keeps sizes, modes, inode numbers and mtimes from the clock', () => {
    let now = 1000
    const v = new Vfs({ nowMs: () => now })
    v.writeFile('/f', 'hello', { mode: 0o600 })
    const s = v.stat('/f')
    expect(s.size).toBe(5)
    expect(s.mode & 0o777).toBe(0o600)
    expect(s.mtimeMs).toBe(1000)
    now = 5000
    v.writeFile('/f', ' world', { append: true })
    expect(v.readText('/f')).toBe('hello world')
    expect(v.stat('/f').mtimeMs).toBe(5000)
    v.writeFile('/g', '')
    expect(v.stat('/g').ino).not.toBe(s.ino)
  })

  it('rename, hard links, EXDEV across mounts', () => {
    const v = new Vfs()
    v.mkdirp('/x')
    v.mkdirp('/mnt')
    v.mount('/mnt', v.newRamFs(), { source: 'tmpfs', fstype: 'tmpfs' })
    v.writeFile('/x/a', '1')
    v.rename('/x/a', '/x/b')
    expect(v.readdir('/x')).toEqual(['b'])
    v.link('/x/b', '/x/c')
    expect(v.stat('/x/c').nlink).toBe(2)
    expect(errnoOfCall(() => v.rename('/x/b', '/mnt/b'))).toBe(EXDEV)
    expect(errnoOfCall(() => v.rename('/x', '/x/sub'))).toBe(EINVAL)
    expect(v.mountTable().map((m) => m.target)).toEqual(['/', '/mnt'])
  })

  it('open files read and write at a position', () => {
    const v = new Vfs()
    v.writeFile('/f', 'abcdef')
    const f = v.open('/f', { read: true, write: true })
    expect(utf8Decode(f.read(3)!)).toBe('abc')
    f.write(utf8Encode('XY'))
    f.seek(0)
    expect(utf8Decode(f.read(100)!)).toBe('abcXYf')
    expect(f.read(100)!.length).toBe(0)
    f.truncate(2)
    expect(f.stat().size).toBe(2)
    expect(errnoOfCall(() => v.access('/f', 1))).toBe(EACCES)
    v.chmod('/f', 0o755)
    expect(errnoOfCall(() => v.access('/f', 1))).toBe(0)
  })
})

describe('procfs and sysfs registration', () => {
  it('registerDynamic creates directories and calls back on every open', () => {
    const v = buildRootFs({ nowMs: () => 0 })
    let n = 0
    v.registerDynamic('/proc/meminfo', { read: () => `MemTotal: ${++n} kB\n` })
    let dropped = ''
    v.registerDynamic('/proc/sys/vm/drop_caches', {
      read: () => '0\n',
      write: (t) => {
        if (!/^[1-3]\n?$/.test(t)) return -EINVAL
        dropped = t
        return t.length
      }
    })
    expect(v.readText('/proc/meminfo')).toBe('MemTotal: 1 kB\n')
    expect(v.readText('/proc/meminfo')).toBe('MemTotal: 2 kB\n')
    expect(v.readdir('/proc/sys')).toEqual(['vm'])
    expect(v.stat('/proc/meminfo').size).toBe(0)
    expect(v.stat('/proc/meminfo').mode & 0o777).toBe(0o444)
    v.writeFile('/proc/sys/vm/drop_caches', '3\n')
    expect(dropped).toBe('3\n')
    expect(errnoOfCall(() => v.writeFile('/proc/sys/vm/drop_caches', 'x\n'))).toBe(EINVAL)
    // procfs: a file without a write handler opens (root) and write fails with EIO.
    expect(errnoOfCall(() => v.writeFile('/proc/meminfo', '1'))).toBe(EIO)
    expect(errnoOfCall(() => v.mkdir('/proc/newdir'))).toBe(EPERM)
    expect(errnoOfCall(() => v.writeFile('/proc/newfile', '1'))).toBe(EACCES)
  })

  it('sysfs files are 4096 bytes and refuse writes without a handler', () => {
    const v = buildRootFs({ nowMs: () => 0 })
    v.registerDynamic('/sys/kernel/mm/transparent_hugepage/enabled', { read: () => 'never\n' })
    expect(v.stat('/sys/kernel/mm/transparent_hugepage/enabled').size).toBe(4096)
    expect(errnoOfCall(() => v.writeFile('/sys/kernel/mm/transparent_hugepage/enabled', 'x'))).toBe(EACCES)
    v.registerSymlink('/sys/kernel/slab/my_cache', ':0000128')
    expect(v.readlink('/sys/kernel/slab/my_cache')).toBe(':0000128')
    v.unregister('/sys/kernel/slab/my_cache')
    expect(v.readdir('/sys/kernel/slab')).toEqual([])
  })

  it('computed directories list live entries', () => {
    const v = buildRootFs({ nowMs: () => 0 })
    const pids = new Set([1, 2])
    v.registerDynamicDir('/proc', {
      list: () => [...pids].map(String),
      lookup: (name) =>
        pids.has(Number(name))
          ? { type: 'dir', ops: { list: () => ['comm'], lookup: (n) => (n === 'comm' ? { type: 'file', ops: { read: () => `task${name}\n` } } : null) } }
          : null
    })
    v.registerSymlink('/proc/self', '1')
    expect(v.readdir('/proc')).toEqual(['mounts', 'self', '1', '2'])
    expect(v.readText('/proc/2/comm')).toBe('task2\n')
    expect(v.readText('/proc/self/comm')).toBe('task1\n')
    const ino = v.stat('/proc/2').ino
    expect(v.stat('/proc/2').ino).toBe(ino)
    pids.delete(2)
    expect(errnoOfCall(() => v.stat('/proc/2'))).toBe(ENOENT)
    expect(v.readText('/proc/mounts')).toContain('proc /proc proc rw,relatime 0 0\n')
  })
})

describe('devices', () => {
  it('/dev/null, /dev/zero, /dev/kmsg', () => {
    const clock = new Clock()
    const log = new Printk(clock)
    const v = buildRootFs({ nowMs: () => 0, printk: log })
    v.writeFile('/dev/null', 'discarded')
    expect(v.readFile('/dev/null').length).toBe(0)
    const z = v.open('/dev/zero', { read: true })
    expect([...z.read(4)!]).toEqual([0, 0, 0, 0])
    log.printk('\x016hello kernel\n')
    v.writeFile('/dev/kmsg', '<5>from user')
    const k = v.open('/dev/kmsg', { read: true })
    expect(utf8Decode(k.read(1024)!)).toBe('6,0,0,-;hello kernel\n')
    expect(utf8Decode(k.read(1024)!)).toBe('13,1,0,-;from user\n')
    expect(k.read(1024)).toBeNull()
    expect(v.lstat('/dev/null').rdev).toBe((1 << 8) | 3)
  })
})

describe('host share at /mnt', () => {
  it('reads through and writes through', () => {
    const host = new FakeHostFs()
    host.dirs.add('rlk_lab')
    host.files.set('rlk_lab/Makefile', utf8Encode('obj-m := allocmm.o\n'))
    const v = buildRootFs({ nowMs: () => 0, hostFs: host })
    expect(v.readdir('/mnt')).toEqual(['rlk_lab'])
    expect(v.readText('/mnt/rlk_lab/Makefile')).toBe('obj-m := allocmm.o\n')
    // The host side changes: the guest sees it at once.
    host.files.set('rlk_lab/new.c', utf8Encode('int x;\n'))
    expect(v.readdir('/mnt/rlk_lab').sort()).toEqual(['Makefile', 'new.c'])
    // Guest writes reach the host before the call returns.
    v.writeFile('/mnt/rlk_lab/out.txt', 'result\n')
    expect(utf8Decode(host.files.get('rlk_lab/out.txt')!)).toBe('result\n')
    v.writeFile('/mnt/rlk_lab/out.txt', 'more\n', { append: true })
    expect(utf8Decode(host.files.get('rlk_lab/out.txt')!)).toBe('result\nmore\n')
    v.mkdir('/mnt/rlk_lab/sub')
    expect(host.dirs.has('rlk_lab/sub')).toBe(true)
    v.rename('/mnt/rlk_lab/out.txt', '/mnt/rlk_lab/sub/o.txt')
    expect(host.files.has('rlk_lab/sub/o.txt')).toBe(true)
    v.unlink('/mnt/rlk_lab/sub/o.txt')
    v.rmdir('/mnt/rlk_lab/sub')
    expect(host.dirs.has('rlk_lab/sub')).toBe(false)
    expect(errnoOfCall(() => v.readText('/mnt/nope'))).toBe(ENOENT)
    expect(errnoOfCall(() => v.symlink('x', '/mnt/l'))).toBe(EPERM)
    expect(v.mountTable().find((m) => m.target === '/mnt')?.fstype).toBe('9p')
  })

  it('without a HostFs /mnt is an ordinary directory', () => {
    const v = buildRootFs({ nowMs: () => 0 })
    v.writeFile('/mnt/x', 'y')
    expect(v.readText('/mnt/x')).toBe('y')
  })
})

describe('root file system layout', () => {
  it('has the busybox skeleton', () => {
    const v = buildRootFs({ nowMs: () => 0 })
    for (const d of ['/bin', '/sbin', '/usr/bin', '/etc', '/proc', '/sys', '/dev', '/tmp', '/root', '/mnt', '/lib/modules/6.1.192', '/var', '/run'])
      expect(v.stat(d).mode >> 12).toBe(0o4)
    expect(v.readText('/etc/passwd')).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh\n/)
    expect(v.readText('/etc/inittab')).toContain('::askfirst:-/bin/sh')
    expect(v.realpath('/lib/modules/6.1.192/build')).toBe('/usr/src/linux')
    expect(v.mountTable().find((m) => m.target === '/dev')!.options).toBe('rw,relatime,mode=755')
    // 1 GB board: 262144 pages, 65536 of them HighMem.
    const w = buildRootFs({ nowMs: () => 0, ram: { totalPages: 262144, highPages: 65536 } })
    expect(w.mountTable().find((m) => m.target === '/dev')!.options).toBe('rw,relatime,size=524288k,nr_inodes=131072,mode=755')
    expect(PROCFS_FLAVOR.fileSize).toBe(0)
    expect(SYSFS_FLAVOR.fileSize).toBe(4096)
  })
})

describe('host share modes', () => {
  it('a file created executable stays executable for the session', () => {
    const host = new FakeHostFs()
    const v = buildRootFs({ nowMs: () => 0, hostFs: host })
    v.writeFile('/mnt/a.out', 'x', { mode: 0o755 })
    expect(v.stat('/mnt/a.out').mode & 0o777).toBe(0o755)
    v.writeFile('/mnt/plain.txt', 'x')
    expect(v.stat('/mnt/plain.txt').mode & 0o777).toBe(0o644)
    v.chmod('/mnt/plain.txt', 0o700)
    expect(v.stat('/mnt/plain.txt').mode & 0o777).toBe(0o700)
  })
})

describe('a failing kernel callback', () => {
  it('gives the reader EIO and reports a fault', () => {
    const faults: unknown[] = []
    const v = buildRootFs({ nowMs: () => 0, onFault: (e) => faults.push(e) })
    v.registerDynamic('/proc/broken', {
      read: () => {
        throw new Error('bug in a generator')
      }
    })
    expect(errnoOfCall(() => v.readText('/proc/broken'))).toBe(EIO)
    expect(faults.length).toBe(1)
  })
})

describe('Utf8StreamDecoder', () => {
  it('holds a character split across chunks until its last byte arrives', async () => {
    const { Utf8StreamDecoder, utf8Encode } = await import('./utf8')
    const bytes = utf8Encode('内存a€')
    const d = new Utf8StreamDecoder()
    let out = ''
    for (let i = 0; i < bytes.length; i++) out += d.push(bytes.subarray(i, i + 1))
    expect(out).toBe('内存a€')
    expect(d.flush()).toBe('')
    expect(d.push(bytes.subarray(0, 2))).toBe('')
    expect(d.flush()).toMatch(/^\ufffd+$/)
  })
})
