/*
 * mm/oom_kill.c: when the page allocator's slow path has run out of
 * reclaim progress for an allocation that may invoke it, pick the process
 * whose death frees the most memory and kill it.
 *
 *  - oom_badness(): rss + swap entries + page-table pages, plus
 *    oom_score_adj * totalpages / 1000; -1000 exempts a task; init and
 *    kernel threads are never candidates (oom_unkillable_task);
 *  - select_bad_process(): the highest badness over for_each_process (ties go
 *    to the later task); an earlier victim still exiting aborts the scan;
 *  - the report, line for line as 6.1 prints it (dump_header: the invoked
 *    line, dump_stack of the simulated caller, Mem-Info, the tasks table;
 *    the oom-kill summary; "Out of memory: Killed process ...");
 *  - the kill: SIGKILL, then the victim's exit frees its address space
 *    before the allocation retries (the victim runs at once on this single
 *    simulated CPU, so, as in every reference run, the OOM reaper has
 *    nothing left to do and prints nothing);
 *  - with nothing killable: "Out of memory and no killable processes..."
 *    and panic("System is deadlocked on memory").
 *
 * /proc/PID/oom_score uses the same badness: (1000 + badness * 1000 /
 * totalpages) * 2 / 3, totalpages = totalram_pages + total_swap_pages.
 *
 * Left out: memcg and cpuset constraints (always CONSTRAINT_NONE),
 * oom_kill_allocating_task, the oom notifier chain, vfork, shared mms.
 */

import type { KernelContext } from '../kernel/context'
import { dump_stack } from '../kernel/dumpstack'
import { KERN_EMERG, KERN_ERR, KERN_INFO, KERN_WARNING } from '../kernel/printk'
import type { Processes } from '../kernel/fork'
import { type Task, OOM_SCORE_ADJ_MIN, SIGKILL } from '../kernel/task'
import { __GFP_FS, format_gfp_mode, gfp_zone } from './gfp'
import type { Mm } from './mm_init'
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS } from './mm_types'
import { RatelimitState } from './page_alloc'
import { show_mem } from './show_mem'
import { OOM_KILL } from './vmstat'
import { HZ } from '../board/clock'

export const LONG_MIN = Number.MIN_SAFE_INTEGER

/** Frames of the OOM path on the simulated call chain (offsets of the reference's 6.1 build). */
const F_ALLOC_PAGES = { fn: '__alloc_pages', off: 0xd94, size: 0x1180 }
const F_OUT_OF_MEMORY = { fn: 'out_of_memory', off: 0x2e8, size: 0x4b0 }
/* dump_header() called straight from out_of_memory (no victim): not in the reference logs; offset estimated. */
const F_OUT_OF_MEMORY_NOVICTIM = { fn: 'out_of_memory', off: 0x1b4, size: 0x4b0 }
const F_OOM_KILL_PROCESS = { fn: 'oom_kill_process', off: 0x460, size: 0x470 }
const F_DUMP_HEADER = { fn: 'dump_header', off: 0x4c, size: 0x274 }

/** Swap information the report and the score need (swapfile.ts Swap). */
export interface SwapTotals {
  /** total_swap_pages */
  readonly total_swap_pages: number
  /** nr_swap_pages: free slots */
  readonly nr_swap_pages: number
}

/** One task as the victim selection evaluated it: the inputs of oom_badness() and its result (null: not a candidate). */
export interface OomScanRow {
  pid: number
  comm: string
  rss: number
  swapents: number
  pgtables_bytes: number
  oom_score_adj: number
  points: number | null
  /** Why it was skipped: 'unkillable' (init, kthread), 'min-adj' (-1000 or oom_skip), 'exiting' (an earlier victim). */
  skipped?: 'unkillable' | 'min-adj' | 'exiting'
}

/** One OOM kill as the UI replays it. */
export interface OomEvent {
  pid: number
  comm: string
  points: number
  ns: number
  totalpages?: number
  gfp_mask?: number
  order?: number
  invoker?: string
  tasks?: OomScanRow[]
}

export interface OomControl {
  gfp_mask: number
  order: number
  totalpages: number
  chosen: Task | null
  chosen_points: number
  /** What select_bad_process() saw, for the UI's OOM replay (one row per task with an mm). */
  scanned?: OomScanRow[]
  /** The scan found an earlier victim still on its way out. */
  aborted: boolean
}

export interface OomState {
  panic_on_oom: number
  oom_dump_tasks: number
  oom_kill_allocating_task: number
  panicked: string | null
  history: OomEvent[]
  oom_rs: { begin: number; printed: number; missed: number }
}

export class OomKiller {
  /** /proc/sys/vm/panic_on_oom, oom_dump_tasks */
  panic_on_oom = 0
  oom_dump_tasks = 1
  oom_kill_allocating_task = 0
  /** oom_rs: DEFAULT_RATELIMIT_INTERVAL (5 s), DEFAULT_RATELIMIT_BURST (10) */
  private readonly oom_rs = new RatelimitState(5 * HZ, 10, 'oom_kill_process')
  swap: SwapTotals | null = null
  /** panic(): the machine stops (the integrator shows it on the front panel). */
  onPanic: (msg: string) => void = () => {}
  /** Set once the kernel has panicked. */
  panicked: string | null = null
  /** Kills so far (for the UI's OOM replay): victim pid, comm, badness, time. */
  readonly history: OomEvent[] = []

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm,
    readonly procs: Processes
  ) {}

  get_state(): OomState {
    const rs = this.oom_rs
    return {
      panic_on_oom: this.panic_on_oom, oom_dump_tasks: this.oom_dump_tasks, oom_kill_allocating_task: this.oom_kill_allocating_task,
      panicked: this.panicked, history: this.history.map((h) => ({ ...h, tasks: h.tasks?.map((r) => ({ ...r })) })), oom_rs: { begin: rs.begin, printed: rs.printed, missed: rs.missed }
    }
  }

  set_state(st: OomState): void {
    this.panic_on_oom = st.panic_on_oom
    this.oom_dump_tasks = st.oom_dump_tasks
    this.oom_kill_allocating_task = st.oom_kill_allocating_task
    this.panicked = st.panicked
    this.history.length = 0
    this.history.push(...st.history.map((h) => ({ ...h })))
    Object.assign(this.oom_rs, st.oom_rs)
  }

  /** Install as the page allocator's out_of_memory hook. */
  install(): void {
    this.mm.pa.hooks.out_of_memory = (gfp, order) => this.out_of_memory(gfp, order)
  }

  totalpages(): number {
    return this.mm.pa.totalram_pages + (this.swap?.total_swap_pages ?? 0)
  }

  /** oom_unkillable_task(): init and kernel threads. */
  unkillable(t: Task): boolean {
    return t.pid === 1 || t.kthread
  }

  /** oom_badness(): LONG_MIN for tasks that must not be killed. */
  oom_badness(t: Task, totalpages: number): number {
    if (this.unkillable(t)) return LONG_MIN
    const mm = t.mm
    if (!mm) return LONG_MIN
    let adj = t.oom_score_adj
    if (adj === OOM_SCORE_ADJ_MIN || mm.oom_skip) return LONG_MIN
    let points = mm.get_mm_rss() + mm.get_mm_counter(MM_SWAPENTS) + Math.floor(mm.pgtables_bytes / 4096)
    adj *= Math.floor(totalpages / 1000)
    points += adj
    return points
  }

  /** /proc/PID/oom_score (fs/proc/base.c proc_oom_score). */
  oom_score(t: Task): number {
    const totalpages = this.totalpages()
    const badness = this.oom_badness(t, totalpages)
    if (badness === LONG_MIN) return 0
    // C's signed long division truncates toward zero; the result is printed as unsigned long.
    const v = Math.trunc((1000 + Math.trunc((badness * 1000) / totalpages)) * 2 / 3)
    return v < 0 ? 0 : v
  }

  /** select_bad_process() with oom_evaluate_task(). */
  select_bad_process(oc: OomControl): void {
    oc.chosen_points = LONG_MIN
    const scanned: OomScanRow[] = (oc.scanned = [])
    for (const t of this.procs.table.list()) {
      if (t.mm) {
        const mm = t.mm
        const points = this.unkillable(t) || t.oom_victim ? LONG_MIN : this.oom_badness(t, oc.totalpages)
        scanned.push({
          pid: t.pid, comm: t.comm, rss: mm.get_mm_rss(), swapents: mm.get_mm_counter(MM_SWAPENTS), pgtables_bytes: mm.pgtables_bytes,
          oom_score_adj: t.oom_score_adj, points: points === LONG_MIN ? null : points,
          ...(this.unkillable(t) ? { skipped: 'unkillable' as const } : t.oom_victim ? { skipped: 'exiting' as const } : points === LONG_MIN ? { skipped: 'min-adj' as const } : {})
        })
      }
      if (this.unkillable(t)) continue
      if (t.oom_victim) {
        if (t.mm && !t.mm.oom_skip) {
          oc.aborted = true
          oc.chosen = null
          return
        }
        continue
      }
      const points = this.oom_badness(t, oc.totalpages)
      if (points === LONG_MIN || points < oc.chosen_points) continue
      oc.chosen = t
      oc.chosen_points = points
    }
  }

  /** dump_tasks() */
  private dump_tasks(): void {
    const k = this.k
    k.printk(`${KERN_INFO}Tasks state (memory values in pages):\n`)
    k.printk(`${KERN_INFO}[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n`)
    for (const t of this.procs.table.list()) {
      if (this.unkillable(t) || !t.mm) continue
      const mm = t.mm
      k.printk(
        `${KERN_INFO}[${String(t.pid).padStart(7)}] ${String(t.uid).padStart(5)} ${String(t.tgid).padStart(5)}` +
          ` ${String(mm.total_vm).padStart(8)} ${String(mm.get_mm_rss()).padStart(8)} ${String(mm.pgtables_bytes).padStart(8)}` +
          ` ${String(mm.get_mm_counter(MM_SWAPENTS)).padStart(8)}         ${String(t.oom_score_adj).padStart(5)} ${t.comm}\n`
      )
    }
  }

  /** dump_header() */
  private dump_header(oc: OomControl, victim: Task | null): void {
    const k = this.k
    const cur = this.procs.get(k.current.pid)
    k.printk(
      `${KERN_WARNING}${k.current.comm} invoked oom-killer: gfp_mask=${format_gfp_mode(oc.gfp_mask)}, order=${oc.order}, oom_score_adj=${cur?.oom_score_adj ?? 0}\n`
    )
    k.withFrame(F_DUMP_HEADER, () => dump_stack(k))
    show_mem(this.mm.pa, this.k, gfp_zone(oc.gfp_mask))
    if (this.oom_dump_tasks) this.dump_tasks()
    if (victim)
      k.printk(
        `${KERN_INFO}oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,task=${victim.comm},pid=${victim.pid},uid=${victim.uid}\n`
      )
  }

  /** oom_kill_process() + __oom_kill_process() */
  private oom_kill_process(oc: OomControl, message: string): void {
    const victim = oc.chosen!
    const k = this.k
    // task_will_free_mem(): a victim already on its way out needs no report.
    if (victim.sigkill && victim.mm) {
      victim.oom_victim = true
      return
    }
    if (this.oom_rs.ratelimit(k)) k.withFrame(F_OOM_KILL_PROCESS, () => this.dump_header(oc, victim))
    const mm = victim.mm!
    this.mm.pgdat.vm_events[OOM_KILL]!++
    this.procs.send_sig(victim, SIGKILL)
    victim.oom_victim = true
    k.printk(
      `${KERN_ERR}${message}: Killed process ${victim.pid} (${victim.comm}) total-vm:${mm.total_vm * 4}kB,` +
        ` anon-rss:${mm.get_mm_counter(MM_ANONPAGES) * 4}kB, file-rss:${mm.get_mm_counter(MM_FILEPAGES) * 4}kB,` +
        ` shmem-rss:${mm.get_mm_counter(MM_SHMEMPAGES) * 4}kB, UID:${victim.uid} pgtables:${mm.pgtables_bytes >> 10}kB` +
        ` oom_score_adj:${victim.oom_score_adj}\n`
    )
    this.history.push({
      pid: victim.pid, comm: victim.comm, points: oc.chosen_points, ns: k.clock.now(),
      totalpages: oc.totalpages, gfp_mask: oc.gfp_mask, order: oc.order, invoker: k.current.comm, tasks: oc.scanned
    })
    // The victim, woken by SIGKILL, runs do_exit() -> exit_mm() before the allocator retries.
    this.procs.exit_mm(victim)
  }

  /**
   * out_of_memory(): true if memory will come back (a victim was killed or
   * one is already exiting), so the allocator retries.
   */
  out_of_memory(gfp: number, order: number): boolean {
    if (this.panicked) return false
    const k = this.k
    const frames = k.frames
    const depth = frames.length
    frames.push(F_ALLOC_PAGES)
    try {
      const cur = this.procs.get(k.current.pid)
      // task_will_free_mem(current): a dying task (here its mm is already gone) fails its
      // allocation quickly and exits instead of killing more.
      if (cur && cur.sigkill) {
        cur.oom_victim = true
        return true
      }
      if (gfp && !(gfp & __GFP_FS)) return true
      const oc: OomControl = { gfp_mask: gfp, order, totalpages: this.totalpages(), chosen: null, chosen_points: LONG_MIN, aborted: false }
      if (this.panic_on_oom) {
        frames.push(F_OUT_OF_MEMORY_NOVICTIM)
        this.dump_header(oc, null)
        this.panic(`Out of memory: ${this.panic_on_oom === 2 ? 'compulsory' : 'system-wide'} panic_on_oom is enabled`)
        return false
      }
      // sysctl_oom_kill_allocating_task: the allocating task itself, if it may be killed.
      if (this.oom_kill_allocating_task && cur && cur.mm && !this.unkillable(cur) && cur.oom_score_adj !== OOM_SCORE_ADJ_MIN) {
        oc.chosen = cur
        oc.chosen_points = this.oom_badness(cur, oc.totalpages)
        frames.push(F_OUT_OF_MEMORY)
        this.oom_kill_process(oc, 'Out of memory (oom_kill_allocating_task)')
        return true
      }
      this.select_bad_process(oc)
      if (oc.aborted) return true
      if (!oc.chosen) {
        frames.push(F_OUT_OF_MEMORY_NOVICTIM)
        this.dump_header(oc, null)
        k.printk(`${KERN_WARNING}Out of memory and no killable processes...\n`)
        this.panic('System is deadlocked on memory')
        return false
      }
      frames.push(F_OUT_OF_MEMORY)
      this.oom_kill_process(oc, 'Out of memory')
      return true
    } finally {
      frames.length = depth
    }
  }

  /** kernel/panic.c panic(): the message, the stack, the end marker; then the machine stops. */
  panic(msg: string): void {
    const k = this.k
    this.panicked = msg
    k.printk(`${KERN_EMERG}Kernel panic - not syncing: ${msg}\n`)
    k.withFrame({ fn: 'panic', off: 0x128, size: 0x330 }, () => dump_stack(k))
    k.printk(`${KERN_EMERG}---[ end Kernel panic - not syncing: ${msg} ]---\n`)
    // panic() does not return; here the failed allocation unwinds to its caller, and the
    // machine stops at its next turn (onPanic). Nothing after the end marker may print:
    // the allocator's failure report is used up for this ratelimit interval.
    const rs = this.mm.pa.nopage_rs
    rs.begin = k.clock.jiffies() || 1
    rs.printed = Number.MAX_SAFE_INTEGER
    this.onPanic(msg)
  }
}

