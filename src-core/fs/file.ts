/*
 * An open file (struct file): the inode, the position and the access mode.
 * Regular files read and write at the position; character devices stream.
 * What the shell's redirections, cat, and later a C program's open/read/
 * write/lseek/close all go through.
 */

import { EBADF, EINVAL, EISDIR, ESPIPE, FsError } from './errno'
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
    if (this.devOps) throw new FsError(ESPIPE)
    this.pos = Math.max(0, pos)
    return this.pos
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

  close(): void {
    this.closed = true
  }
}
