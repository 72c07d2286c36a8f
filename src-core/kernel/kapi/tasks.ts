/*
 * struct task_struct, mm_struct and vm_area_struct as module code reads
 * them (the include tree's linux/sched.h and mm_types.h layouts), written
 * into kernel memory from the task list before module code runs: `current`,
 * init_task and its `tasks` list (for_each_process), each task's mm with
 * its counters and its VMA list (mm->mmap, vm_next).
 *
 * Shadows, not the tasks themselves: module writes to them are not seen by
 * the machine.
 */

import type { KernelCMemory } from './memory'
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct } from '../../mm/mm_types'

/** What a task looks like to this layer (kernel/task.ts Task). */
export interface TaskView {
  pid: number
  tgid?: number
  ppid?: number
  comm: string
  state?: string
  mm?: MmStruct | null
  min_flt?: number
  maj_flt?: number
  exit_code?: number
}

const TS = { state: 0, stack: 4, prio: 8, tasks: 12, mm: 20, active_mm: 24, exit_state: 28, exit_code: 32, pid: 36, tgid: 40, real_parent: 44, parent: 48, nvcsw: 52, nivcsw: 56, min_flt: 60, maj_flt: 64, comm: 68, size: 0x60 }
const MMS = { size: 0x80 }
const VMA = { start: 0, end: 4, next: 8, prev: 12, mm: 16, prot: 20, flags: 24, pgoff: 28, file: 32, priv: 36, size: 0x30 }

export interface ShadowArea {
  initTask: number
  tasks: number
  tasksEnd: number
  mms: number
  vmas: number
  vmasEnd: number
}

export class TaskShadows {
  /** pid -> task_struct address of the last sync */
  readonly byPid = new Map<number, number>()

  constructor(
    readonly mem: KernelCMemory,
    readonly area: ShadowArea,
    readonly physToVirt: (pa: number) => number
  ) {}

  private w(a: number, v: number): void {
    this.mem.store32(a, v >>> 0)
  }

  private comm(a: number, s: string): void {
    for (let i = 0; i < 16; i++) this.mem.store8(a + i, i < s.length && i < 15 ? s.charCodeAt(i) & 0xff : 0)
  }

  /** Write init_task and every task, linked on init_task.tasks in pid order. */
  sync(tasks: Iterable<TaskView>, stackOf: (pid: number) => number): void {
    const A = this.area
    const list = [...tasks].filter((t) => t.pid > 0).sort((a, b) => a.pid - b.pid)
    const maxTasks = Math.floor((A.tasksEnd - A.tasks) / TS.size)
    const shown = list.slice(0, maxTasks)
    this.byPid.clear()
    this.byPid.set(0, A.initTask)
    shown.forEach((t, i) => this.byPid.set(t.pid, A.tasks + i * TS.size))
    const order = [A.initTask, ...shown.map((_t, i) => A.tasks + i * TS.size)]
    // init_task: swapper/0
    this.writeTask(A.initTask, { pid: 0, comm: 'swapper/0', state: 'R' }, 0, 0, A.initTask)
    let vma = A.vmas
    shown.forEach((t, i) => {
      const a = A.tasks + i * TS.size
      let mmAddr = 0
      if (t.mm) {
        mmAddr = A.mms + i * MMS.size
        vma = this.writeMm(mmAddr, t.mm, vma)
      }
      const parent = this.byPid.get(t.ppid ?? 0) ?? A.initTask
      this.writeTask(a, t, mmAddr, stackOf(t.pid), parent)
    })
    // the circular tasks list through init_task
    for (let i = 0; i < order.length; i++) {
      const cur = order[i]!
      const next = order[(i + 1) % order.length]!
      const prev = order[(i - 1 + order.length) % order.length]!
      this.w(cur + TS.tasks, next + TS.tasks)
      this.w(cur + TS.tasks + 4, prev + TS.tasks)
    }
  }

  private writeTask(a: number, t: TaskView, mm: number, stack: number, parent: number): void {
    const st = t.state ?? 'S'
    this.w(a + TS.state, st === 'R' ? 0 : st === 'S' ? 1 : st === 'D' ? 2 : st === 'T' ? 4 : st === 'Z' ? 0x20 : 0x402)
    this.w(a + TS.stack, stack)
    this.w(a + TS.prio, 120)
    this.w(a + TS.mm, mm)
    this.w(a + TS.active_mm, mm)
    this.w(a + TS.exit_state, 0)
    this.w(a + TS.exit_code, t.exit_code ?? 0)
    this.w(a + TS.pid, t.pid)
    this.w(a + TS.tgid, t.tgid ?? t.pid)
    this.w(a + TS.real_parent, parent)
    this.w(a + TS.parent, parent)
    this.w(a + TS.nvcsw, 0)
    this.w(a + TS.nivcsw, 0)
    this.w(a + TS.min_flt, t.min_flt ?? 0)
    this.w(a + TS.maj_flt, t.maj_flt ?? 0)
    this.comm(a + TS.comm, t.comm)
  }

  /** mm_struct and its VMA list; returns the next free VMA slot. */
  private writeMm(a: number, mm: MmStruct, vma: number): number {
    const f = (off: number, v: number): void => this.w(a + off, v)
    const vmas = [...mm.vmas].sort((x, y) => x.start - y.start)
    const first = vmas.length && vma + VMA.size <= this.area.vmasEnd ? vma : 0
    f(0, first)
    f(4, mm.mmap_base)
    f(8, 0xbf000000)
    f(12, mm.pgd >= 0 ? this.physToVirt(mm.pgd) : 0)
    f(16, 1)
    f(20, 1)
    f(24, vmas.length)
    f(28, mm.hiwater_rss)
    f(32, mm.hiwater_vm)
    f(36, mm.total_vm)
    f(40, mm.locked_vm)
    f(44, mm.data_vm)
    f(48, mm.exec_vm)
    f(52, mm.stack_vm)
    f(56, mm.start_code)
    f(60, mm.end_code)
    f(64, mm.start_data)
    f(68, mm.end_data)
    f(72, mm.start_brk)
    f(76, mm.brk)
    f(80, mm.start_stack)
    f(84, mm.arg_start)
    f(88, mm.arg_end)
    f(92, mm.env_start)
    f(96, mm.env_end)
    f(100, mm.get_mm_counter(MM_FILEPAGES))
    f(104, mm.get_mm_counter(MM_ANONPAGES))
    f(108, mm.get_mm_counter(MM_SWAPENTS))
    f(112, mm.get_mm_counter(MM_SHMEMPAGES))
    let prev = 0
    for (let i = 0; i < vmas.length && vma + VMA.size <= this.area.vmasEnd; i++) {
      const v = vmas[i]!
      const last = i === vmas.length - 1 || vma + 2 * VMA.size > this.area.vmasEnd
      this.w(vma + VMA.start, v.start)
      this.w(vma + VMA.end, v.end)
      this.w(vma + VMA.next, last ? 0 : vma + VMA.size)
      this.w(vma + VMA.prev, prev)
      this.w(vma + VMA.mm, a)
      this.w(vma + VMA.prot, 0)
      this.w(vma + VMA.flags, v.flags)
      this.w(vma + VMA.pgoff, v.pgoff)
      this.w(vma + VMA.file, 0)
      this.w(vma + VMA.priv, 0)
      prev = vma
      vma += VMA.size
    }
    return vma
  }
}
