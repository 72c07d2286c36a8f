/*
 * struct task_struct and the task list (kernel/pid.c alloc_pid, the
 * init_task.tasks list that for_each_process walks), with the kernel
 * threads a booted vexpress-a9 6.1 has and init.
 *
 * One task per process (no threads: tgid == pid). User tasks own an
 * MmStruct; kernel threads have none (ps shows them in brackets, the OOM
 * killer and /proc/PID/oom_score skip them).
 *
 * The shell's commands are tasks: TaskTable implements the shell's
 * ShellTasks hook (spawn/exit/setCurrent/kill), so ps, /proc/PID and the
 * OOM killer see every command the shell runs. A command is a fork+exec of
 * /bin/busybox (fork.ts builds its address space).
 */

import type { KernelContext } from './context'
import type { MmStruct } from '../mm/mm_types'

export const SIGHUP = 1
export const SIGINT = 2
export const SIGKILL = 9
export const SIGSEGV = 11
export const SIGTERM = 15
export const SIGSTOP = 19

export const OOM_SCORE_ADJ_MIN = -1000
export const OOM_SCORE_ADJ_MAX = 1000

/** Task states as /proc/PID/stat and status print them. */
export type TaskState = 'R' | 'S' | 'D' | 'T' | 'Z' | 'I'
export const TASK_STATE_NAMES: Record<TaskState, string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  D: 'D (disk sleep)',
  T: 'T (stopped)',
  Z: 'Z (zombie)',
  I: 'I (idle)'
}

export class Task {
  tgid: number
  state: TaskState = 'S'
  uid = 0
  gid = 0
  oom_score_adj = 0
  /** oom_score_adj_min (set by a privileged write below the current value) */
  oom_score_adj_min = 0
  mm: MmStruct | null = null
  min_flt = 0
  maj_flt = 0
  /** task->rss_stat: RSS changes not yet added to the mm (SPLIT_RSS_COUNTING), and the fault count since the last sync. */
  rss_stat = new Float64Array(4)
  rss_events = 0
  /** ns since boot */
  start_time: number
  argv: string[] = []
  /** A fatal signal is pending (SIGKILL queued). */
  sigkill = false
  /** tsk_is_oom_victim() */
  oom_victim = false
  exit_code = 0
  /** Frames of the kernel stack (THREAD_SIZE, 2 pages), -1 for none. */
  stackPfn = -1
  stackPfn2 = -1
  nice = 0
  /** Full name for /proc/PID/comm (kworkers add their workqueue, e.g. "kworker/0:0-events"). */
  commFull: string

  constructor(
    readonly pid: number,
    public comm: string,
    public ppid: number,
    readonly kthread: boolean,
    startNs: number
  ) {
    this.tgid = pid
    this.start_time = startNs
    this.commFull = comm
  }
}

/**
 * The kernel threads of the reference boot (boot-1024-oom-only.log "ps
 * before" and "oom scores"): pid order, names as /proc/PID/comm prints them,
 * for nr_cpu_ids = 4 (cpuhp/ksoftirqd/migration/kworker per possible CPU).
 * Pids 48..50 belonged to short-lived kworkers and are gone.
 */
export const BOOT_KTHREADS: ReadonlyArray<readonly [number, string]> = [
  [2, 'kthreadd'], [3, 'rcu_gp'], [4, 'rcu_par_gp'], [5, 'slub_flushwq'], [6, 'kworker/0:0-events_freezable'],
  [7, 'kworker/0:0H-events_highpri'], [8, 'kworker/u8:0-eval_map_wq'], [9, 'mm_percpu_wq'], [10, 'ksoftirqd/0'],
  [11, 'rcu_sched'], [12, 'migration/0'], [13, 'cpuhp/0'], [14, 'cpuhp/1'], [15, 'migration/1'], [16, 'ksoftirqd/1'],
  [17, 'kworker/1:0'], [18, 'kworker/1:0H'], [19, 'cpuhp/2'], [20, 'migration/2'], [21, 'ksoftirqd/2'],
  [22, 'kworker/2:0'], [23, 'kworker/2:0H'], [24, 'cpuhp/3'], [25, 'migration/3'], [26, 'ksoftirqd/3'],
  [27, 'kworker/3:0'], [28, 'kworker/3:0H'], [29, 'kworker/0:1-device_link_wq'], [30, 'kdevtmpfs'],
  [31, 'inet_frag_wq'], [32, 'khungtaskd'], [33, 'oom_reaper'], [34, 'kworker/u8:1-events_unbound'], [35, 'writeback'],
  [36, 'kcompactd0'], [37, 'kblockd'], [38, 'ata_sff'], [39, 'kworker/0:2-events'], [40, 'kworker/0:3-events'],
  [41, 'kworker/u8:2-events_unbound'], [42, 'rpciod'], [43, 'kworker/0:1H'], [44, 'xprtiod'],
  [45, 'kworker/u8:3-events_unbound'], [46, 'kswapd0'], [47, 'nfsiod'], [51, 'irq/35-mmci-pl18x (cmd)']
]

/** TASK_COMM_LEN - 1: what stat/ps show of a longer name. */
export const TASK_COMM_MAX = 15

export class TaskTable {
  /** for_each_process order: creation order (pid order while pids do not wrap). */
  readonly tasks = new Map<number, Task>()
  /** The last pid handed out (/proc/loadavg's last field). */
  last_pid = 0
  readonly pid_max = 32768

  constructor(readonly k: KernelContext) {}

  get(pid: number): Task | undefined {
    return this.tasks.get(pid)
  }

  /** alloc_pid(): the next free pid above last_pid, wrapping past pid_max to 300 as the kernel does. */
  alloc_pid(): number {
    let pid = this.last_pid
    for (let n = 0; n < this.pid_max; n++) {
      pid = pid + 1 >= this.pid_max ? 300 : pid + 1
      if (!this.tasks.has(pid)) {
        this.last_pid = pid
        return pid
      }
    }
    return -1
  }

  add(t: Task): Task {
    this.tasks.set(t.pid, t)
    if (t.pid > this.last_pid) this.last_pid = t.pid
    return t
  }

  remove(pid: number): void {
    this.tasks.delete(pid)
  }

  /** Every task, in for_each_process order. */
  list(): Task[] {
    return [...this.tasks.values()]
  }

  /** User processes (the ones with an mm). */
  userTasks(): Task[] {
    return this.list().filter((t) => !t.kthread && t.mm)
  }

  /** The kernel threads of boot (see BOOT_KTHREADS). */
  create_kthreads(): void {
    for (const [pid, name] of BOOT_KTHREADS) {
      const t = new Task(pid, name.slice(0, TASK_COMM_MAX), pid === 2 ? 0 : 2, true, 0)
      t.commFull = name
      t.state = name.startsWith('kworker') || name.endsWith('_wq') || name === 'rcu_gp' || name === 'rcu_par_gp' ||
        name === 'slub_flushwq' || name === 'kblockd' || name === 'ata_sff' || name === 'rpciod' || name === 'xprtiod' ||
        name === 'nfsiod' || name === 'writeback' || name === 'inet_frag_wq' ? 'I' : 'S'
      this.add(t)
    }
  }
}
