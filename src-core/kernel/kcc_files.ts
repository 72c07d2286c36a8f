/*
 * The open files of a program gcc built (its files_struct), and the system
 * calls on them: open, read, write, lseek, ioctl, close. fds 0-2 are the
 * shell's streams (binfmt_kmemcc.ts handles those); open() hands out 3 and up.
 *
 * Each fd holds the VFS's OpenFile (struct file), so a character device is
 * the driver's open file: its read/write/llseek/unlocked_ioctl run on it and
 * close(2) is the last fput, which runs release(). The C library has no
 * dup() or fork(), so an fd is the only reference to its file; the files
 * still open when the program ends go at exit (exit_files -> close_files),
 * whichever way it ends (exit, Ctrl-C, a fatal signal), so rmmod works again.
 *
 * Every call into a file runs with the program's task as `current`: driver
 * code sees its pid/comm, and copy_to_user/copy_from_user go through its
 * page tables. Kernel-mode copies do not demand-fault here, so ioctl makes
 * the pages of its argument (_IOC_SIZE bytes at arg) present first, as the
 * user's own earlier accesses would have on the board.
 *
 * A read that would block (a device with nothing yet, like /dev/kmsg caught
 * up) makes the program wait: poll() is its wait queue's wake-up test, which
 * reads ahead and keeps what it got for the restarted read(). Opened
 * O_NONBLOCK (or after FIONBIO) it fails with EAGAIN instead.
 */

import { EAGAIN, EBADF, EMFILE, FsError } from '../fs/errno'
import type { OpenFile, OpenFlags } from '../fs/file'
import { isNonblocking, sys_ioctl } from '../fs/ioctl'
import type { Vfs } from '../fs/vfs'
import type { UserAccess } from './fork'

/* include/uapi/asm-generic/fcntl.h */
const O_ACCMODE = 3
const O_CREAT = 0o100
const O_EXCL = 0o200
const O_TRUNC = 0o1000
const O_APPEND = 0o2000
const O_NONBLOCK = 0o4000
/* include/uapi/asm-generic/ioctl.h */
const IOC_READ = 2
/* include/uapi/linux/fs.h: NR_OPEN_DEFAULT is BITS_PER_LONG; RLIMIT_NOFILE is 1024 */
const NOFILE = 1024

interface Fd {
  f: OpenFile
  cloexec: boolean
  /** Opened O_NONBLOCK (FIONBIO keeps its own state on the file: isNonblocking). */
  nonblock: boolean
  /** What a read-ahead of poll() got: bytes not yet handed over, or -errno. */
  ahead: Uint8Array | number | null
}

/** What the table needs from the process it belongs to. */
export interface FilesEnv {
  vfs: Vfs
  cwd: string
  /** Run `fn` in the task's context (k.current is the task). */
  asCurrent<T>(fn: () => T): T
  /** The task's user memory, for the kernel's own copies. */
  ua: UserAccess
  /** The program's direct page views are stale (pages faulted or written by the kernel). */
  invalidate(): void
}

const errno = (e: unknown): number => {
  if (e instanceof FsError) return e.errno
  throw e
}

export class KccFiles {
  private readonly fds = new Map<number, Fd>()

  constructor(private readonly env: FilesEnv) {}

  /** Whether fd is one of ours (not a shell stream). */
  has(fd: number): boolean {
    return this.fds.has(fd)
  }

  /** open(2): the lowest free fd from 3, or -errno (an FsError of the VFS or of the driver's open). */
  open(path: string, flags: number): number {
    let fd = 3
    while (this.fds.has(fd)) fd++
    if (fd >= NOFILE) return -EMFILE
    const acc = flags & O_ACCMODE
    const of: OpenFlags = {
      read: acc !== 1,
      write: acc !== 0,
      create: !!(flags & O_CREAT),
      excl: !!(flags & O_EXCL),
      truncate: !!(flags & O_TRUNC),
      append: !!(flags & O_APPEND),
      mode: 0o666
    }
    try {
      const f = this.env.asCurrent(() => this.env.vfs.open(path, of, this.env.cwd))
      this.fds.set(fd, { f, cloexec: false, nonblock: !!(flags & O_NONBLOCK), ahead: null })
      return fd
    } catch (e) {
      return -errno(e)
    }
  }

  /** read(2): the bytes, null when it would block (-EAGAIN when non-blocking), or -errno. */
  read(fd: number, max: number): Uint8Array | null | number {
    const r = this.readOnce(fd, max)
    const e = this.fds.get(fd)
    if (r === null && e && (e.nonblock || isNonblocking(e.f))) return -EAGAIN
    return r
  }

  private readOnce(fd: number, max: number): Uint8Array | null | number {
    const e = this.fds.get(fd)
    if (!e) return -EBADF
    if (e.ahead !== null) {
      const a = e.ahead
      if (typeof a === 'number' || a.length <= max) {
        e.ahead = null
        return a
      }
      e.ahead = a.subarray(max)
      return a.subarray(0, max)
    }
    try {
      return this.env.asCurrent(() => e.f.read(max))
    } catch (err) {
      return -errno(err)
    }
  }

  /**
   * Whether a waiting read of fd can go on: the device has data, end of
   * file or an error now (read ahead and kept for the restarted read()).
   */
  poll(fd: number): boolean {
    const e = this.fds.get(fd)
    if (!e || e.ahead !== null) return true
    const r = this.readOnce(fd, 4096)
    if (r === null) return false
    e.ahead = r
    return true
  }

  /** write(2): bytes written or -errno. */
  write(fd: number, data: Uint8Array): number {
    const e = this.fds.get(fd)
    if (!e) return -EBADF
    try {
      return this.env.asCurrent(() => e.f.write(data))
    } catch (err) {
      return -errno(err)
    }
  }

  /** lseek(2): the new position or -errno. */
  lseek(fd: number, offset: number, whence: number): number {
    const e = this.fds.get(fd)
    if (!e) return -EBADF
    try {
      const r = this.env.asCurrent(() => e.f.llseek(offset, whence))
      e.ahead = null
      return r
    } catch (err) {
      return -errno(err)
    }
  }

  /** ioctl(2): the driver's (or the generic command's) result, or -errno. */
  ioctl(fd: number, cmd: number, arg: number): number {
    const e = this.fds.get(fd)
    if (!e) return -EBADF
    cmd >>>= 0
    arg >>>= 0
    const ua = this.env.ua
    const size = (cmd >>> 16) & 0x3fff
    const dir = cmd >>> 30
    // The driver's copies of the argument do not fault pages in: bring them in as the user would have.
    if (dir !== 0 && size > 0 && arg !== 0) ua.touch(arg, size, (dir & IOC_READ) !== 0)
    try {
      return this.env.asCurrent(() =>
        sys_ioctl(e.f, cmd, arg, {
          setCloexec: (on) => {
            e.cloexec = on
          },
          getUserInt: (addr) => {
            const b = ua.copy_from_user(addr, 4)
            return b ? new DataView(b.buffer).getInt32(0, true) : null
          },
          putUserInt: (addr, v) => {
            const b = new Uint8Array(4)
            new DataView(b.buffer).setInt32(0, v, true)
            return ua.copy_to_user(addr, b) === 4
          },
          putUser64: (addr, v) => {
            const b = new Uint8Array(8)
            new DataView(b.buffer).setBigInt64(0, v, true)
            return ua.copy_to_user(addr, b) === 8
          }
        })
      )
    } finally {
      ua.signal = 0
      this.env.invalidate()
    }
  }

  /** close(2): 0, or -EBADF. The last reference: a device's release() runs. */
  close(fd: number): number {
    const e = this.fds.get(fd)
    if (!e) return -EBADF
    this.fds.delete(fd)
    this.env.asCurrent(() => e.f.close())
    return 0
  }

  /** exit_files(): every file still open, in fd order. */
  closeAll(): void {
    for (const fd of [...this.fds.keys()].sort((a, b) => a - b)) this.close(fd)
  }
}
