/*
 * The VFS's in-core inodes (include/linux/fs.h struct inode, much reduced).
 *
 * An inode is plain data plus an ops object chosen by its file system: ramfs
 * keeps bytes in memory, the host share calls HostFs, procfs/sysfs call the
 * callbacks the kernel registered, devices call their driver. The VFS (vfs.ts)
 * walks paths and checks types; it never looks inside the ops.
 */

import type { ShmemSb } from './ramfs'

/* include/uapi/linux/stat.h */
export const S_IFMT = 0o170000
export const S_IFSOCK = 0o140000
export const S_IFLNK = 0o120000
export const S_IFREG = 0o100000
export const S_IFBLK = 0o060000
export const S_IFDIR = 0o040000
export const S_IFCHR = 0o020000
export const S_IFIFO = 0o010000

export type InodeType = 'dir' | 'file' | 'symlink' | 'chr'

/** Directory operations of one file system (struct inode_operations for directories). */
export interface DirOps {
  lookup(name: string): Inode | null
  /** Entry names, without `.` and `..`, in the order `ls -f` would show them. */
  list(): string[]
  /** st_size of the directory; absent: 0 (procfs, sysfs). */
  size?(): number
  /** Create an entry; the VFS has already checked that `name` is free. Missing: EPERM/EROFS. */
  create?(name: string, type: 'file' | 'dir', mode: number): Inode
  symlink?(name: string, target: string): Inode
  /** Remove a non-directory entry. */
  unlink?(name: string): void
  /** Remove an empty directory entry (the VFS checked emptiness). */
  rmdir?(name: string): void
  /** Move `name` to `newName` in `newDir`, which belongs to the same file system. */
  rename?(name: string, newDir: DirInode, newName: string): void
}

/** A regular file's contents, addressed by byte position. */
export interface FileOps {
  size(): number
  pread(pos: number, len: number): Uint8Array
  /** Returns the number of bytes written; throws FsError. */
  pwrite(pos: number, data: Uint8Array): number
  truncate(len: number): void
  /** Pages the data occupies (st_blocks / 8); absent: the size rounded up to pages. */
  blocks?(): number
  /** The last link went: give back what the data holds (tmpfs pages). */
  evict?(): void
  /**
   * Per-open state: procfs/sysfs files produce their text once per open
   * (seq_file) and hand each write() to the kernel's handler.
   */
  open?(write: boolean): FileOps
}

/** A character device's driver (struct file_operations, streaming). */
export interface CharDevOps {
  /** Up to `max` bytes; an empty array is end of file; null means "would block, try later". */
  read(max: number): Uint8Array | null
  /**
   * Every read gives as many zero bytes as asked (read_zero): a reader with
   * a user buffer clears it instead of copying (dd if=/dev/zero bs=477M).
   */
  readonly zeros?: boolean
  /** Returns bytes accepted; throws FsError. */
  write(data: Uint8Array): number
  /**
   * Per-open state (a /dev/kmsg reader's position, a module's struct file).
   * Throws FsError to refuse the open (a driver's open() returning -EBUSY).
   */
  open?(flags?: { read?: boolean; write?: boolean; append?: boolean }): CharDevOps
  /**
   * The last reference to the open file went (close(2) of its only fd, the
   * end of a redirection): fput -> __fput -> file_operations.release.
   */
  release?(): void
  /**
   * ioctl(2) past the generic commands: vfs_ioctl -> unlocked_ioctl. The
   * result (>= 0) or -errno; absent: the driver has none (-ENOTTY).
   */
  ioctl?(cmd: number, arg: number): number
  /** lseek(2): file_operations.llseek, the new position or -errno; absent: -ESPIPE. */
  llseek?(offset: number, whence: number): number
}

interface InodeCommon {
  ino: number
  /** Permission bits (07777); the type bits come from `type`. */
  mode: number
  uid: number
  gid: number
  nlink: number
  /** Modification time, milliseconds since the epoch of the board's wall clock. */
  mtimeMs: number
  /** Which file system instance owns it (st_dev); renames across differ → EXDEV. */
  fsId: number
}

export interface DirInode extends InodeCommon {
  type: 'dir'
  ops: DirOps
}
export interface FileInode extends InodeCommon {
  type: 'file'
  ops: FileOps
}
export interface SymlinkInode extends InodeCommon {
  type: 'symlink'
  target: string
}
export interface CharDevInode extends InodeCommon {
  type: 'chr'
  major: number
  minor: number
  ops: CharDevOps
}

export type Inode = DirInode | FileInode | SymlinkInode | CharDevInode

/** struct stat as `ls -l` and `stat` need it. */
export interface Stat {
  ino: number
  /** Type and permission bits, as st_mode. */
  mode: number
  nlink: number
  uid: number
  gid: number
  size: number
  mtimeMs: number
  dev: number
  /** (major << 8 | minor) for devices. */
  rdev: number
  /** 512-byte blocks, as st_blocks (du). */
  blocks: number
}

export function typeBits(t: InodeType): number {
  return t === 'dir' ? S_IFDIR : t === 'file' ? S_IFREG : t === 'symlink' ? S_IFLNK : S_IFCHR
}

export function statOf(i: Inode): Stat {
  const size = i.type === 'file' ? i.ops.size() : i.type === 'symlink' ? i.target.length : i.type === 'dir' ? (i.ops.size?.() ?? 0) : 0
  return {
    ino: i.ino,
    mode: typeBits(i.type) | (i.mode & 0o7777),
    nlink: i.nlink,
    uid: i.uid,
    gid: i.gid,
    size,
    mtimeMs: i.mtimeMs,
    dev: i.fsId,
    rdev: i.type === 'chr' ? (i.major << 8) | i.minor : 0,
    blocks: i.type === 'file' ? (i.ops.blocks ? i.ops.blocks() : Math.ceil(size / 4096)) * 8 : 0
  }
}

/** Hands out inode numbers and timestamps to the file systems of one VFS. */
export interface InodeFactory {
  nextIno(): number
  nowMs(): number
  /** A kernel callback (a /proc generator) threw: a simulator bug, reported to the host. */
  fault(e: unknown): void
  /** The page cache of a tmpfs instance (fs id), once the kernel attached one; null: data stays in JS. */
  shmemSb?(fsId: number): ShmemSb | null
}

/** Shape shared by the inode constructors below. */
export function inodeCommon(f: InodeFactory, fsId: number, mode: number): InodeCommon {
  return { ino: f.nextIno(), mode, uid: 0, gid: 0, nlink: 1, mtimeMs: f.nowMs(), fsId }
}
