/*
 * The kernel include tree the machine offers module builds, as
 * /lib/modules/6.1.192/build/include/... (and arch/arm/include for asm/).
 * Lookup by the path after `include/`: 'linux/slab.h', 'asm/page.h'.
 */

import { CORE_HEADERS } from './linux_core'
import { MISC_HEADERS } from './linux_misc'
import { MM_HEADERS } from './linux_mm'

export const KERNEL_HEADERS: Readonly<Record<string, string>> = { ...CORE_HEADERS, ...MM_HEADERS, ...MISC_HEADERS }

/** Where the include directories are on the machine. */
export const KERNEL_INCLUDE_DIRS = ['/usr/src/linux/include', '/usr/src/linux/arch/arm/include'] as const

/** The header at an absolute path in one of the include dirs, or null. */
export function kernelHeader(path: string): string | null {
  for (const d of KERNEL_INCLUDE_DIRS) {
    if (path.startsWith(d + '/')) {
      const rel = path.slice(d.length + 1)
      if (d.endsWith('arm/include') !== rel.startsWith('asm/')) continue
      const t = KERNEL_HEADERS[rel]
      if (t !== undefined) return t
    }
  }
  return null
}
