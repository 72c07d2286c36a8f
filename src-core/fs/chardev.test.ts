/* Character devices in the VFS: per-open state, release at close, ioctl (ENOTTY), llseek (ESPIPE). */

import { describe, expect, it } from 'vitest'
import { EBADF, EBUSY, EINVAL, ENOTTY, ESPIPE, FsError } from './errno'
import type { CharDevOps } from './inode'
import { Vfs } from './vfs'

function errnoOfCall(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    if (e instanceof FsError) return e.errno
    throw e
  }
  return 0
}

/** A driver that records what the VFS asks of it. */
function recorder(log: string[], opts: { busy?: boolean; ioctl?: boolean; seek?: boolean } = {}): CharDevOps {
  let n = 0
  const open = (flags?: { read?: boolean; write?: boolean }): CharDevOps => {
    if (opts.busy && n > 0) throw new FsError(EBUSY)
    const id = ++n
    log.push(`open ${id} ${flags?.read ? 'r' : ''}${flags?.write ? 'w' : ''}`)
    let pos = 0
    const ops: CharDevOps = {
      read: () => new Uint8Array(0),
      write: (d) => d.length,
      release: () => {
        n--
        log.push(`release ${id}`)
      }
    }
    if (opts.ioctl) ops.ioctl = (cmd, arg) => (cmd === 1 ? arg * 2 : -ENOTTY)
    if (opts.seek) ops.llseek = (off, whence) => (whence === 0 ? (pos = off) : whence === 1 ? (pos += off) : -EINVAL)
    return ops
  }
  return { read: () => new Uint8Array(0), write: (d) => d.length, open }
}

describe('character devices: open, close, ioctl, llseek', () => {
  it('each open gets its own state with the access mode; close releases it once', () => {
    const v = new Vfs()
    v.mkdirp('/dev')
    const log: string[] = []
    v.mknod('/dev/rec', 240, 0, recorder(log))
    const a = v.open('/dev/rec', { read: true })
    const b = v.open('/dev/rec', { write: true })
    b.close()
    a.close()
    a.close()
    expect(log).toEqual(['open 1 r', 'open 2 w', 'release 2', 'release 1'])
    expect(errnoOfCall(() => a.read())).toBe(EBADF)
  })

  it('readFile and writeFile release what they opened', () => {
    const v = new Vfs()
    v.mkdirp('/dev')
    const log: string[] = []
    v.mknod('/dev/rec', 240, 0, recorder(log))
    v.readFile('/dev/rec')
    v.writeFile('/dev/rec', 'x')
    expect(log).toEqual(['open 1 r', 'release 1', 'open 1 w', 'release 1'])
  })

  it('a driver may refuse the open', () => {
    const v = new Vfs()
    v.mkdirp('/dev')
    const log: string[] = []
    v.mknod('/dev/excl', 240, 1, recorder(log, { busy: true }))
    const a = v.open('/dev/excl', { read: true })
    expect(errnoOfCall(() => v.open('/dev/excl', { read: true }))).toBe(EBUSY)
    a.close()
    expect(errnoOfCall(() => v.open('/dev/excl', { read: true }).close())).toBe(0)
  })

  it('ioctl reaches the driver; ENOTTY without one, for regular files and after a driver error', () => {
    const v = new Vfs()
    v.mkdirp('/dev')
    v.mknod('/dev/io', 240, 2, recorder([], { ioctl: true }))
    v.mknod('/dev/plain', 240, 3, recorder([]))
    v.mkdirp('/tmp')
    v.writeFile('/tmp/f', 'data')
    const io = v.open('/dev/io', { read: true })
    expect(io.ioctl(1, 21)).toBe(42)
    expect(errnoOfCall(() => io.ioctl(7, 0))).toBe(ENOTTY)
    io.close()
    expect(errnoOfCall(() => io.ioctl(1, 1))).toBe(EBADF)
    expect(errnoOfCall(() => v.open('/dev/plain', { read: true }).ioctl(1, 1))).toBe(ENOTTY)
    expect(errnoOfCall(() => v.open('/tmp/f', { read: true }).ioctl(1, 1))).toBe(ENOTTY)
  })

  it('llseek: the driver\'s, ESPIPE without one; regular files by whence with EINVAL below 0', () => {
    const v = new Vfs()
    v.mkdirp('/dev')
    v.mknod('/dev/seek', 240, 4, recorder([], { seek: true }))
    v.mknod('/dev/noseek', 240, 5, recorder([]))
    v.mkdirp('/tmp')
    v.writeFile('/tmp/f', 'abcdef')
    const s = v.open('/dev/seek', { read: true })
    expect(s.llseek(5, 0)).toBe(5)
    expect(s.llseek(2, 1)).toBe(7)
    expect(errnoOfCall(() => s.llseek(0, 2))).toBe(EINVAL)
    expect(errnoOfCall(() => v.open('/dev/noseek', { read: true }).llseek(0, 0))).toBe(ESPIPE)
    const f = v.open('/tmp/f', { read: true })
    expect(f.llseek(-2, 2)).toBe(4)
    expect(new TextDecoder().decode(f.read(10)!)).toBe('ef')
    expect(f.llseek(-1, 1)).toBe(5)
    expect(errnoOfCall(() => f.llseek(-9, 1))).toBe(EINVAL)
    expect(errnoOfCall(() => f.llseek(0, 7))).toBe(EINVAL)
  })
})
