/*
 * The memory subsystem's /proc files, by path, ready for the VFS to mount:
 * each is { read(): string; write?(text): number /* bytes consumed or -errno *\/ }.
 * Pure generators over the memory object; nothing here touches the VFS.
 */

import type { Mm } from '../../mm/mm_init'
import { buddyinfo } from './buddyinfo'
import { iomem } from './iomem'
import { meminfo } from './meminfo'
import { pagetypeinfo } from './pagetypeinfo'
import { type SysctlFile, vm_sysctls } from './sysctl_vm'
import { vmstat } from './vmstat'
import { zoneinfo } from './zoneinfo'

export function mm_proc_files(mm: Mm): Record<string, SysctlFile> {
  const files: Record<string, SysctlFile> = {
    '/proc/meminfo': { read: () => meminfo(mm) },
    '/proc/buddyinfo': { read: () => buddyinfo(mm) },
    '/proc/zoneinfo': { read: () => zoneinfo(mm) },
    '/proc/pagetypeinfo': { read: () => pagetypeinfo(mm) },
    '/proc/vmstat': { read: () => vmstat(mm) },
    '/proc/iomem': { read: () => iomem(mm) }
  }
  for (const [name, f] of Object.entries(vm_sysctls(mm))) files[`/proc/sys/vm/${name}`] = f
  return files
}
