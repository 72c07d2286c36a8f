/*
 * The file system layer's public face: the VFS, the root file system
 * builder, the dynamic-file types procfs/sysfs handlers implement, errno.
 */

export { Vfs, joinPath, splitPath, normalize, PROCFS_FLAVOR, SYSFS_FLAVOR, type MountInfo, type Resolved } from './vfs'
export { buildRootFs, type RootFsOptions } from './rootfs'
export type { DynamicFileOps, DynamicDirOps, DynamicEntry } from './pseudofs'
export { statOf, type CharDevOps, type Stat, type Inode } from './inode'
export { OpenFile, type OpenFlags } from './file'
export { sys_ioctl, isNonblocking, type IoctlEnv } from './ioctl'
export { FsError, strerror, errnoOf } from './errno'
export * as errno from './errno'
export { utf8Encode, utf8Decode } from './utf8'
