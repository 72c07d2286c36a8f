/*
 * fs/ioctl.c: the ioctl(2) system call on an open file, for the syscall
 * layer of user programs. do_vfs_ioctl() answers the generic commands
 * itself (close-on-exec, non-blocking, async, sizes); anything else goes to
 * the file: vfs_ioctl() -> the driver's unlocked_ioctl (OpenFile.ioctl),
 * -ENOTTY for a file without one (tmpfs, procfs, a device whose driver has
 * none), -ENOIOCTLCMD from a driver becomes -ENOTTY.
 *
 * The caller owns the fd table and the task's memory: `env` sets the fd's
 * close-on-exec flag and reads/writes the ints the generic commands take
 * by pointer. The driver's own copy_to_user/copy_from_user go through the
 * kernel MMU with the current task's page tables, so `current` must be the
 * calling task and the pages at `arg` present (a kernel-mode copy does not
 * demand-fault here).
 */

import { EFAULT, EINVAL, ENOTTY, FsError } from './errno'
import type { OpenFile } from './file'

/* include/uapi/asm-generic/ioctls.h, include/uapi/linux/fs.h */
export const FIONREAD = 0x541b
export const FIONBIO = 0x5421
export const FIONCLEX = 0x5450
export const FIOCLEX = 0x5451
export const FIOASYNC = 0x5452
export const FIOQSIZE = 0x5460
export const FIGETBSZ = 0x2

/** What sys_ioctl needs from the process that calls it. */
export interface IoctlEnv {
  /** set_close_on_exec(fd, on) */
  setCloexec(on: boolean): void
  /** get_user() of an int at a user address, or null (EFAULT) */
  getUserInt(addr: number): number | null
  /** put_user() of an int; false: EFAULT */
  putUserInt(addr: number, v: number): boolean
  /** copy_to_user() of a 64-bit value; false: EFAULT */
  putUser64(addr: number, v: bigint): boolean
}

/** The file's non-blocking and async state that FIONBIO/FIOASYNC change (O_NONBLOCK, FASYNC in f_flags). */
const fileState = new WeakMap<OpenFile, { nonblock: boolean; async: boolean }>()

/** O_NONBLOCK as FIONBIO (or fcntl) left it. */
export function isNonblocking(f: OpenFile): boolean {
  return fileState.get(f)?.nonblock ?? false
}

/**
 * sys_ioctl(fd, cmd, arg) on an open file: the result (>= 0) or -errno.
 * `fd` is only passed through `env`.
 */
export function sys_ioctl(f: OpenFile, cmd: number, arg: number, env: IoctlEnv): number {
  cmd >>>= 0
  arg >>>= 0
  const st = fileState.get(f) ?? { nonblock: false, async: false }
  const type = f.inode.type
  const regular = type === 'file'
  switch (cmd) {
    case FIOCLEX:
      env.setCloexec(true)
      return 0
    case FIONCLEX:
      env.setCloexec(false)
      return 0
    case FIONBIO: {
      const on = env.getUserInt(arg)
      if (on === null) return -EFAULT
      st.nonblock = on !== 0
      fileState.set(f, st)
      return 0
    }
    case FIOASYNC: {
      const on = env.getUserInt(arg)
      if (on === null) return -EFAULT
      // no driver here implements fasync: changing the state is -ENOTTY
      return (on !== 0) !== st.async ? -ENOTTY : 0
    }
    case FIOQSIZE:
      if (type === 'dir' || regular || type === 'symlink') return env.putUser64(arg, BigInt(f.stat().size)) ? 0 : -EFAULT
      return -ENOTTY
    case FIGETBSZ:
      if (type === 'chr') return -EINVAL
      return env.putUserInt(arg, 4096) ? 0 : -EFAULT
    case FIONREAD:
      if (regular) return env.putUserInt(arg, Math.max(0, f.size() - f.pos)) ? 0 : -EFAULT
      break
  }
  // vfs_ioctl(): the driver's unlocked_ioctl, -ENOTTY without one
  try {
    return f.ioctl(cmd, arg)
  } catch (e) {
    if (e instanceof FsError) return -e.errno
    throw e
  }
}
