/* sys_ioctl: the generic commands of do_vfs_ioctl and the driver's unlocked_ioctl. */

import { describe, expect, it } from 'vitest'
import { Vfs } from './vfs'
import { FIGETBSZ, FIOASYNC, FIOCLEX, FIONBIO, FIONCLEX, FIONREAD, FIOQSIZE, isNonblocking, sys_ioctl, type IoctlEnv } from './ioctl'
import type { CharDevOps } from './inode'

function env(mem: Map<number, number | bigint>, log: string[]): IoctlEnv {
  return {
    setCloexec: (on) => void log.push(`cloexec ${on}`),
    getUserInt: (a) => (a === 0 ? null : Number(mem.get(a) ?? 0)),
    putUserInt: (a, v) => (a === 0 ? false : (mem.set(a, v), true)),
    putUser64: (a, v) => (a === 0 ? false : (mem.set(a, v), true))
  }
}

describe('sys_ioctl', () => {
  const v = new Vfs()
  v.mkdirp('/dev')
  v.mkdirp('/tmp')
  v.writeFile('/tmp/f', 'abcdef')
  const dev: CharDevOps = { read: () => new Uint8Array(0), write: (d) => d.length, open: () => ({ read: () => new Uint8Array(0), write: (d) => d.length, ioctl: (cmd, arg) => (cmd === 0x40046b01 ? arg + 1 : cmd === FIONREAD ? 0 : -515) }) }
  v.mknod('/dev/d', 240, 0, dev)
  v.mknod('/dev/plain', 240, 1, { read: () => new Uint8Array(0), write: (d) => d.length })

  it('FIOCLEX/FIONCLEX set the fd flag; FIONBIO reads its int; FIOASYNC without fasync is ENOTTY', () => {
    const mem = new Map<number, number | bigint>([[0x100, 1]])
    const log: string[] = []
    const f = v.open('/dev/d', { read: true })
    expect(sys_ioctl(f, FIOCLEX, 0, env(mem, log))).toBe(0)
    expect(sys_ioctl(f, FIONCLEX, 0, env(mem, log))).toBe(0)
    expect(log).toEqual(['cloexec true', 'cloexec false'])
    expect(sys_ioctl(f, FIONBIO, 0x100, env(mem, log))).toBe(0)
    expect(isNonblocking(f)).toBe(true)
    expect(sys_ioctl(f, FIONBIO, 0, env(mem, log))).toBe(-14)
    expect(sys_ioctl(f, FIOASYNC, 0x100, env(mem, log))).toBe(-25)
    mem.set(0x100, 0)
    expect(sys_ioctl(f, FIOASYNC, 0x100, env(mem, log))).toBe(0)
  })

  it('FIONREAD, FIOQSIZE, FIGETBSZ on a regular file; FIONREAD on a device goes to its driver', () => {
    const mem = new Map<number, number | bigint>()
    const f = v.open('/tmp/f', { read: true })
    f.read(2)
    expect(sys_ioctl(f, FIONREAD, 0x200, env(mem, []))).toBe(0)
    expect(mem.get(0x200)).toBe(4)
    expect(sys_ioctl(f, FIOQSIZE, 0x208, env(mem, []))).toBe(0)
    expect(mem.get(0x208)).toBe(6n)
    expect(sys_ioctl(f, FIGETBSZ, 0x210, env(mem, []))).toBe(0)
    expect(mem.get(0x210)).toBe(4096)
    expect(sys_ioctl(f, 0x40046b01, 0, env(mem, []))).toBe(-25)
    const d = v.open('/dev/d', { read: true })
    expect(sys_ioctl(d, FIONREAD, 0x300, env(mem, []))).toBe(0)
    expect(sys_ioctl(d, FIOQSIZE, 0x300, env(mem, []))).toBe(-25)
  })

  it('anything else: the driver\'s unlocked_ioctl (ENOIOCTLCMD -> ENOTTY), ENOTTY without one', () => {
    const d = v.open('/dev/d', { read: true })
    expect(sys_ioctl(d, 0x40046b01, 41, env(new Map(), []))).toBe(42)
    expect(sys_ioctl(d, 0x5401, 0, env(new Map(), []))).toBe(-25)
    const p = v.open('/dev/plain', { read: true })
    expect(sys_ioctl(p, 0x5401, 0, env(new Map(), []))).toBe(-25)
    d.close()
    expect(sys_ioctl(d, 0x40046b01, 1, env(new Map(), []))).toBe(-9)
  })
})
