/*
 * An open file (struct file): the inode, the position and the access mode.
 * Regular files read and write at the position; character devices stream.
 * What the shell's redirections, cat, and a C program's open/read/write/
 * lseek/ioctl/close all go through.
 *
 * Character devices: close() is the last fput of the file (each open() is
 * its own struct file; nothing here dups one), so it runs the driver's
 * release(); ioctl() is vfs_ioctl (-ENOTTY without unlocked_ioctl, and for
 * anything that is not a device: tmpfs and procfs files have none);
 * llseek() is vfs_llseek (-ESPIPE when the driver has no llseek, which 6.1
 * reflects in FMODE_LSEEK).
 */

import { EBADF, EINVAL, EISDIR, ENOTTY, ESPIPE, FsError } from './errno'
import { type CharDevOps, type FileOps, type Inode, type Stat, statOf } from './inode'

export interface OpenFlags {
  read?: boolean
  write?: boolean
  create?: boolean
  /** O_EXCL with O_CREAT: fail with EEXIST if the file exists. */
  excl?: boolean
  truncate?: boolean
  append?: boolean
  /** Permission bits for a created file (before umask 022). */
  mode?: number
}

export class OpenFile {
  pos = 0
  closed = false

  constructor(
    readonly inode: Inode,
    /** The per-open ops (a dynamic file's snapshot, a device's reader state). */
    private readonly fileOps: FileOps | null,
    private readonly devOps: CharDevOps | null,
    readonly flags: OpenFlags,
    /** The path it was opened by, for messages. */
    readonly path: string
  ) {}

  /**
   * Up to `max` bytes. An empty array is end of file; null means nothing yet
   * but more may come (a device: try again after new input).
   */
  read(max = 4096): Uint8Array | null {
    if (this.closed || !this.flags.read) throw new FsError(EBADF)
    if (this.inode.type === 'dir') throw new FsError(EISDIR)
    if (this.devOps) return this.devOps.read(max)
    const d = this.fileOps!.pread(this.pos, max)
    this.pos += d.length
    return d
  }

  write(data: Uint8Array): number {
    if (this.closed || !this.flags.write) throw new FsError(EBADF)
    if (this.devOps) return this.devOps.write(data)
    const ops = this.fileOps!
    if (this.flags.append) this.pos = ops.size()
    // A short write (a tmpfs that filled up) is retried for the rest, which then fails: full_write().
    let n = 0
    do {
      const w = ops.pwrite(this.pos, n === 0 ? data : data.subarray(n))
      this.pos += w
      n += w
    } while (n < data.length)
    return n
  }

  seek(pos: number): number {
    if (this.devOps) return this.llseek(pos, 0)
    this.pos = Math.max(0, pos)
    return this.pos
  }

  /**
   * lseek(2) with SEEK_SET (0), SEEK_CUR (1), SEEK_END (2): the new position;
   * throws FsError (EINVAL for a negative result or a bad whence, ESPIPE for
   * a device without llseek).
   */
  llseek(offset: number, whence: number): number {
    if (this.closed) throw new FsError(EBADF)
    if (whence < 0 || whence > 4) throw new FsError(EINVAL)
    if (this.devOps) {
      if (!this.devOps.llseek) throw new FsError(ESPIPE)
      const r = this.devOps.llseek(offset, whence)
      if (r < 0) throw new FsError(-r)
      return r
    }
    if (whence > 2) throw new FsError(EINVAL)
    const base = whence === 0 ? 0 : whence === 1 ? this.pos : this.size()
    const pos = base + offset
    if (pos < 0) throw new FsError(EINVAL)
    this.pos = pos
    return pos
  }

  /** ioctl(2) after the generic commands (the syscall layer's): the driver's result; throws FsError. */
  ioctl(cmd: number, arg: number): number {
    if (this.closed) throw new FsError(EBADF)
    if (!this.devOps?.ioctl) throw new FsError(ENOTTY)
    const r = this.devOps.ioctl(cmd >>> 0, arg >>> 0)
    // vfs_ioctl(): -ENOIOCTLCMD (515) from the driver is -ENOTTY
    if (r === -515) throw new FsError(ENOTTY)
    if (r < 0) throw new FsError(-r)
    return r
  }

  size(): number {
    return this.fileOps ? this.fileOps.size() : 0
  }

  /** fstat(2). */
  stat(): Stat {
    return statOf(this.inode)
  }

  /** ftruncate(2): only regular files opened for writing. */
  truncate(len: number): void {
    if (this.closed || !this.flags.write) throw new FsError(EBADF)
    if (!this.fileOps) throw new FsError(EINVAL)
    this.fileOps.truncate(Math.max(0, len))
  }

  /** close(2): the last reference, so a device's release() runs (once). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.devOps?.release?.()
  }
}
