/* A compiled program's fd table: open files of the VFS, -errno results, release on close and at exit, read-ahead waits. */

import { describe, expect, it } from 'vitest'
import { Vfs } from '../fs/vfs'
import type { CharDevOps } from '../fs/inode'
import type { UserAccess } from './fork'
import { KccFiles } from './kcc_files'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array | null | number): string => (b instanceof Uint8Array ? new TextDecoder().decode(b) : String(b))

function setup(): { files: KccFiles; log: string[]; queue: string[]; mem: Map<number, number>; touched: string[] } {
  const v = new Vfs()
  v.mkdirp('/dev')
  v.mkdirp('/tmp')
  v.writeFile('/tmp/f', 'abcdef')
  const log: string[] = []
  const queue: string[] = []
  let depth = 0
  const dev: CharDevOps = {
    read: () => new Uint8Array(0),
    write: (d) => d.length,
    open: () => {
      log.push(`open current=${depth}`)
      return {
        read: () => (queue.length ? enc(queue.shift()!) : null),
        write: (d) => (d.length > 8 ? -22 : d.length),
        release: () => void log.push(`release current=${depth}`),
        ioctl: (cmd, arg) => (cmd === 0x80046b01 ? 7 : cmd === 0x6b09 ? -515 : arg),
        llseek: (off) => off
      }
    }
  }
  v.mknod('/dev/q', 240, 0, dev)
  const mem = new Map<number, number>()
  const touched: string[] = []
  const ua = {
    signal: 0,
    touch: (a: number, n: number, w: boolean) => void touched.push(`${a.toString(16)}+${n}${w ? ' w' : ''}`),
    copy_from_user: (a: number, n: number) => (mem.has(a) ? new Uint8Array(new Int32Array([mem.get(a)!]).buffer).slice(0, n) : null),
    copy_to_user: (a: number, b: Uint8Array) => (mem.set(a, new DataView(b.buffer).getInt32(0, true)), b.length)
  } as unknown as UserAccess
  const files = new KccFiles({
    vfs: v,
    cwd: '/tmp',
    asCurrent: (fn) => {
      depth++
      try {
        return fn()
      } finally {
        depth--
      }
    },
    ua,
    invalidate: () => void log.push('invalidate')
  })
  return { files, log, queue, mem, touched }
}

describe('KccFiles', () => {
  it('regular files: open relative to cwd, read, lseek, write at the position, errors as -errno', () => {
    const { files } = setup()
    expect(files.open('nope', 0)).toBe(-2)
    const fd = files.open('f', 2)
    expect(fd).toBe(3)
    expect(dec(files.read(fd, 3))).toBe('abc')
    expect(files.lseek(fd, 1, 0)).toBe(1)
    expect(files.write(fd, enc('XY'))).toBe(2)
    expect(files.lseek(fd, 0, 0)).toBe(0)
    expect(dec(files.read(fd, 100))).toBe('aXYdef')
    expect(files.lseek(fd, -10, 1)).toBe(-22)
    expect(files.ioctl(fd, 0x5401, 0)).toBe(-25) // a tmpfs file has no ioctl: ENOTTY
    expect(files.read(9, 1)).toBe(-9)
    expect(files.open('/tmp/new', 0o1 | 0o100)).toBe(4)
    expect(files.open('/tmp/new', 0o1 | 0o100 | 0o200)).toBe(-17)
  })

  it('a device: the driver runs with the task as current; release once at close; EBADF after', () => {
    const { files, log } = setup()
    const fd = files.open('/dev/q', 2)
    expect(log).toEqual(['open current=1'])
    expect(files.write(fd, enc('0123456789'))).toBe(-22)
    expect(files.close(fd)).toBe(0)
    expect(files.close(fd)).toBe(-9)
    expect(log).toEqual(['open current=1', 'release current=1'])
  })

  it('ioctl: argument pages made present by _IOC_SIZE and direction; ENOIOCTLCMD is ENOTTY; generic FIONBIO reads the int', () => {
    const { files, log, mem, touched } = setup()
    const fd = files.open('/dev/q', 0)
    expect(files.ioctl(fd, 0x80046b01, 0x1000)).toBe(7)
    expect(files.ioctl(fd, 0x40046b02, 0x2000)).toBe(0x2000)
    expect(files.ioctl(fd, 0x6b09, 0)).toBe(-25)
    expect(touched).toEqual(['1000+4 w', '2000+4'])
    expect(log.filter((l) => l === 'invalidate').length).toBe(3)
    mem.set(0x3000, 1)
    expect(files.ioctl(fd, 0x5421, 0x3000)).toBe(0)
    expect(files.ioctl(fd, 0x5421, 0x4000)).toBe(-14)
  })

  it('a read that would block: null, poll() false until data, then the read-ahead is handed over in pieces', () => {
    const { files, queue } = setup()
    const fd = files.open('/dev/q', 0)
    expect(files.read(fd, 10)).toBeNull()
    expect(files.poll(fd)).toBe(false)
    queue.push('hello world')
    expect(files.poll(fd)).toBe(true)
    expect(files.poll(fd)).toBe(true)
    expect(dec(files.read(fd, 5))).toBe('hello')
    expect(dec(files.read(fd, 50))).toBe(' world')
    expect(files.read(fd, 10)).toBeNull()
  })

  it('non-blocking (O_NONBLOCK, or FIONBIO): EAGAIN instead of a wait', () => {
    const { files, mem } = setup()
    const fd = files.open('/dev/q', 0o4000)
    expect(files.read(fd, 10)).toBe(-11)
    const fd2 = files.open('/dev/q', 0)
    expect(files.read(fd2, 10)).toBeNull()
    mem.set(0x3000, 1)
    expect(files.ioctl(fd2, 0x5421, 0x3000)).toBe(0)
    expect(files.read(fd2, 10)).toBe(-11)
  })

  it('exit_files: every file still open is closed, in fd order', () => {
    const { files, log } = setup()
    files.open('/dev/q', 0)
    files.open('/tmp/f', 0)
    files.open('/dev/q', 1)
    files.closeAll()
    expect(log.filter((l) => l.startsWith('release'))).toEqual(['release current=1', 'release current=1'])
    expect(files.has(3) || files.has(4) || files.has(5)).toBe(false)
  })
})
