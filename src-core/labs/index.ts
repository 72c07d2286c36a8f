/*
 * The lab folders bundled with the board, at the handouts' paths under /mnt
 * (the 9p share of the lab images). Sources and Makefiles are our own,
 * written for the tasks of the handouts (the seeds' lab texts). Installed at
 * boot into folders that are absent; a student's files are never
 * overwritten.
 */

import type { Vfs } from '../fs/vfs'
import { LAB3 } from './lab3_alloc_mm'
import { MM_LABS } from './mm_labs'
import { MALLOC_LAB } from './malloc_lab'

export interface LabFolder {
  /** absolute path, e.g. /mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm */
  path: string
  files: Record<string, string>
}

export const LABS: readonly LabFolder[] = [LAB3, ...MM_LABS, MALLOC_LAB]

/** Write every bundled lab folder that does not exist yet. */
export function installLabs(vfs: Vfs): void {
  for (const lab of LABS) {
    try {
      if (vfs.exists(lab.path)) continue
      vfs.mkdirp(lab.path)
      for (const [name, text] of Object.entries(lab.files)) vfs.writeFile(`${lab.path}/${name}`, text)
    } catch {
      // a read-only or full share: the labs stay where they are
    }
  }
}
