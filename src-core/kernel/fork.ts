/*
 * kernel/fork.c + fs/exec.c + kernel/exit.c + the signal delivery of
 * kernel/signal.c, for the processes of a busybox system: the process layer
 * the rest of the machine talks to (`Processes`).
 *
 *  - fork+exec of /bin/busybox (the only user binary of the initramfs):
 *    a new mm (pgd), the ELF layout of the static busybox (text and data
 *    mapped from the shmem page cache, [heap] by brk, [stack], [vvar],
 *    [vdso], [sigpage]), then the pages the applet touches while it starts
 *    (its working set) are faulted in, so RSS, page tables and Mapped come
 *    from real faults. A kernel stack (THREAD_SIZE = 8 KiB, two HighMem
 *    pages from vmalloc) per task.
 *  - exit: exit_mm (exit_mmap frees every frame the process held), the
 *    kernel stack, the task's removal (no zombies: the shell reaps at once).
 *  - kill: SIGKILL to a command the shell runs goes through the shell
 *    (its generator ends at the next yield); kernel threads and init ignore
 *    signals from user space.
 *  - it implements the shell's ShellTasks hook.
 *
 * Working sets (pages an applet touches at start) are a model parameter,
 * chosen so the post-boot meminfo and the reference's OOM table (init
 * ~1.1 MB RSS, dd 195 shmem pages) come out as measured.
 *
 * Left out: real fork (copy-on-write of the parent's mm), threads, process
 * groups and sessions beyond what ps prints, zombies, credentials.
 */

import { FORK_EXEC_NS } from './costs'
import type { KernelContext } from './context'
import { Task, TaskTable, SIGKILL, SIGSEGV, TASK_COMM_MAX } from './task'
import { __GFP_HIGHMEM, __GFP_ZERO, GFP_KERNEL_ACCOUNT } from '../mm/gfp'
import type { Mm } from '../mm/mm_init'
import { ProcessMemory, VM_FAULT_OOM, sync_mm_rss } from '../mm/memory'
import { Mmap } from '../mm/mmap'
import {
  type AddressSpace, MM_STRUCT_SCALARS, MmStruct, VM_EXEC, VM_GROWSDOWN, VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE, VM_READ, VM_SPECIAL_MAPPING, VM_WRITE, VmArea
} from '../mm/mm_types'
import { PageOwner } from '../mm/mmzone'
import { BUSYBOX_DATA_PAGES, BUSYBOX_TEXT_PAGES, Shmem } from '../mm/shmem'
import { NR_KERNEL_STACK_KB } from '../mm/vmstat'

export const PAGE_SIZE = 4096
/** ELF load address of the static busybox. */
export const ELF_TEXT_START = 0x00010000
export const STACK_TOP = 0xbf000000
/** _STK_LIM-like initial stack VMA: 132 KiB (setup_arg_pages' 128 KiB + the argument page). */
export const INITIAL_STACK_PAGES = 33
/**
 * busybox's malloc grows the heap to this much before main() work. With the
 * 2 data pages and the 33-page stack, a process commits 77 pages (308 kB),
 * which is what each extra process adds to Committed_AS in the reference
 * (boot-1024-oom-only.log after-oom: 491776 kB = 2196 initramfs + 476 MB of
 * dd buffers + 7 processes x 308 kB), and with 309 text pages and the 3
 * special pages its VSZ is the 1556 kB ps shows.
 */
export const INITIAL_HEAP_PAGES = 42

/** Text pages an applet touches (its code working set); others use DEFAULT_TEXT_WS. */
const TEXT_WS: Record<string, number> = { init: 250, sh: 250, ash: 250, dd: 195, ps: 60, top: 70 }
const DEFAULT_TEXT_WS = 40
/** Anonymous pages touched at start: [heap, stack]. */
const ANON_WS: Record<string, readonly [number, number]> = { init: [14, 6], sh: [14, 6], ash: [14, 6] }
const DEFAULT_ANON_WS: readonly [number, number] = [2, 2]

/**
 * What the fault path pushes on the simulated call chain for a user data
 * abort (6.1 ARM names; the offsets are not in the reference logs, which
 * have no user-fault OOM: they are estimates). memory.ts adds the
 * allocation's own frames (vma_alloc_folio / pte_alloc_one).
 */
export const USER_FAULT_FRAMES = [
  { fn: '__dabt_usr', off: 0x58, size: 0x60 },
  { fn: 'do_DataAbort', off: 0x3c, size: 0xa4 },
  { fn: 'do_page_fault', off: 0x1a0, size: 0x3a4 },
  { fn: 'handle_mm_fault', off: 0xe0, size: 0x2ac },
  { fn: '__handle_mm_fault', off: 0x5c4, size: 0xb34 }
] as const

export const PROCS_STATE_VERSION = 1

interface MmState {
  id: number
  scalars: Record<string, number>
  oom_skip: boolean
  rss: number[]
  ptes: Array<[number, number]>
  vmas: Array<{ start: number; end: number; flags: number; file: string | null; pgoff: number; name: string }>
}

/** A snapshot of the process layer (tasks, address spaces, reverse map and LRU lists). */
export interface ProcsState {
  version: number
  last_pid: number
  aslrDraws: number
  tasks: Array<Omit<Task, 'mm'> & { mm: number | null }>
  mms: MmState[]
  rmapMm: Int32Array
  rmapVa: Uint32Array
  lruNext: Int32Array
  lruPrev: Int32Array
  shmemPages: number[]
  busyboxPages: Int32Array | null
}

export class Processes {
  readonly table: TaskTable
  readonly pm: ProcessMemory
  readonly mmap: Mmap
  readonly shmem: Shmem
  /** Delivers a signal to a command the shell runs (Shell.kill); false if the shell has no such process. */
  shellKill: (pid: number, sig: number) => boolean = () => false
  /** The total of swap pages (swapfile.ts sets it). */
  totalSwapPages: () => number = () => 0
  private aslr
  /** Draws taken from the ASLR generator (a snapshot replays them). */
  private aslrDraws = 0

  constructor(
    readonly k: KernelContext,
    readonly mm: Mm
  ) {
    this.table = new TaskTable(k)
    this.pm = new ProcessMemory(mm)
    this.mmap = new Mmap(this.pm, () => mm.pa.totalram_pages + this.totalSwapPages())
    this.shmem = new Shmem(this.pm)
    this.aslr = k.rng('aslr')
  }

  /**
   * Boot: the initramfs page cache, the kernel threads, init (pid 1,
   * `/bin/sh /init`). Returns false if RAM ran out.
   */
  boot(): boolean {
    if (!this.shmem.populate_rootfs()) return false
    this.table.create_kthreads()
    const init = new Task(1, 'init', 0, false, this.k.clock.now())
    init.argv = ['/bin/sh', '/init']
    this.table.add(init)
    this.exec(init, 'init')
    return init.mm !== null
  }

  get(pid: number): Task | undefined {
    return this.table.get(pid)
  }

  private rnd(n: number): number {
    this.aslrDraws++
    return this.aslr.below(n)
  }

  /* ---------------- snapshots ---------------- */

  /** Every field by name, typed arrays copied (see mm/snapshot.ts for the conventions). */
  get_state(): ProcsState {
    const pm = this.pm
    const mms: MmState[] = []
    for (const mm of pm.mms.values()) {
      const scalars: Record<string, number> = {}
      for (const f of MM_STRUCT_SCALARS) scalars[f] = mm[f]
      mms.push({
        id: mm.id,
        scalars,
        oom_skip: mm.oom_skip,
        rss: Array.from(mm.rss),
        ptes: [...mm.ptes.entries()],
        vmas: mm.vmas.map((v) => ({ start: v.start, end: v.end, flags: v.flags, file: v.file?.path ?? null, pgoff: v.pgoff, name: v.name }))
      })
    }
    return {
      version: PROCS_STATE_VERSION,
      last_pid: this.table.last_pid,
      aslrDraws: this.aslrDraws,
      tasks: this.table.list().map((t) => ({ ...t, argv: [...t.argv], rss_stat: t.rss_stat.slice(), mm: t.mm ? t.mm.id : null })),
      mms,
      rmapMm: pm.rmapMm.slice(),
      rmapVa: pm.rmapVa.slice(),
      lruNext: pm.lruNext.slice(),
      lruPrev: pm.lruPrev.slice(),
      shmemPages: [...this.shmem.pages],
      busyboxPages: this.shmem.busybox ? this.shmem.busybox.pages.slice() : null
    }
  }

  /** The process layer of a snapshot, on a restored memory model. */
  static from_state(k: KernelContext, mm: Mm, st: ProcsState): Processes {
    if (st.version !== PROCS_STATE_VERSION) throw new Error(`process state version ${st.version}, expected ${PROCS_STATE_VERSION}`)
    const p = new Processes(k, mm)
    for (let i = 0; i < st.aslrDraws; i++) p.rnd(2)
    const pm = p.pm
    pm.rmapMm.set(st.rmapMm)
    pm.rmapVa.set(st.rmapVa)
    pm.lruNext.set(st.lruNext)
    pm.lruPrev.set(st.lruPrev)
    p.shmem.pages.push(...st.shmemPages)
    if (st.busyboxPages)
      p.shmem.busybox = { path: '/bin/busybox', dev: '00:02', ino: 25, shmem: true, pages: st.busyboxPages.slice() }
    const files = new Map<string, AddressSpace>()
    if (p.shmem.busybox) files.set(p.shmem.busybox.path, p.shmem.busybox)
    const byId = new Map<number, MmStruct>()
    for (const ms of st.mms) {
      const m = new MmStruct(ms.id)
      for (const f of MM_STRUCT_SCALARS) m[f] = ms.scalars[f]!
      m.oom_skip = ms.oom_skip
      m.rss.set(ms.rss)
      for (const [pair, pfn] of ms.ptes) m.ptes.set(pair, pfn)
      m.vmas = ms.vmas.map((v) => new VmArea(v.start, v.end, v.flags, v.file === null ? null : files.get(v.file) ?? null, v.pgoff, v.name))
      pm.mms.set(m.id, m)
      byId.set(m.id, m)
    }
    for (const ts of st.tasks) {
      const t = new Task(ts.pid, ts.comm, ts.ppid, ts.kthread, ts.start_time)
      const { mm: mmId, pid: _pid, kthread: _k, ...rest } = ts
      Object.assign(t, rest)
      t.argv = [...ts.argv]
      t.rss_stat = ts.rss_stat.slice()
      t.mm = mmId === null ? null : byId.get(mmId) ?? null
      p.table.add(t)
    }
    p.table.last_pid = st.last_pid
    return p
  }

  /* ---------------- fork / exec ---------------- */

  /** alloc_thread_stack_node(): THREAD_SIZE from vmalloc (two pages, HighMem allowed). */
  private alloc_stack(t: Task): void {
    const a = this.mm.alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_HIGHMEM, 0, PageOwner.KERNEL_STACK)
    if (a < 0) return
    const b = this.mm.alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_HIGHMEM, 0, PageOwner.KERNEL_STACK)
    if (b < 0) {
      this.mm.__free_pages(a, 0)
      return
    }
    t.stackPfn = a
    t.stackPfn2 = b
    this.mm.nr_vmalloc_pages += 2
    this.mm.mod_node_page_state(NR_KERNEL_STACK_KB, 8)
  }

  private free_stack(t: Task): void {
    if (t.stackPfn < 0) return
    this.mm.__free_pages(t.stackPfn, 0)
    this.mm.__free_pages(t.stackPfn2, 0)
    t.stackPfn = -1
    this.mm.nr_vmalloc_pages -= 2
    this.mm.mod_node_page_state(NR_KERNEL_STACK_KB, -8)
  }

  /**
   * fork + exec of busybox as `comm`: the new task's pid, or -1 (no pid).
   * copy_signal() copies the parent's oom_score_adj and oom_score_adj_min
   * (they live in signal_struct, which exec keeps), so a child of a
   * protected shell is protected too. `argv` is the command line execve
   * gave; null for a busybox NOEXEC/NOFORK applet that a forked shell runs
   * without exec (run_noexec_applet_and_exit): the child keeps its parent's
   * command line and only its comm changes, which is why the reference's ps
   * shows `{dd} /bin/sh /init`.
   */
  fork_exec(comm: string, ppid: number, argv: string[] | null = [comm]): number {
    this.k.clock.advance(FORK_EXEC_NS)
    const pid = this.table.alloc_pid()
    if (pid < 0) return -1
    const t = new Task(pid, comm.slice(0, TASK_COMM_MAX), ppid, false, this.k.clock.now())
    const parent = this.table.get(ppid)
    t.argv = argv ? [...argv] : parent && !parent.kthread ? [...parent.argv] : [comm]
    if (parent) {
      t.oom_score_adj = parent.oom_score_adj
      t.oom_score_adj_min = parent.oom_score_adj_min
    }
    this.table.add(t)
    this.alloc_stack(t)
    this.exec(t, comm)
    return pid
  }

  /**
   * load_elf_binary() for /bin/busybox and the applet's start-up: the VMAs
   * of the static binary, then its working set faulted in.
   */
  exec(t: Task, applet: string): void {
    const mm = new MmStruct()
    if (!this.pm.pgd_alloc(mm)) return
    t.mm = mm
    const bb = this.shmem.busybox!
    const textEnd = ELF_TEXT_START + BUSYBOX_TEXT_PAGES * PAGE_SIZE
    const dataStart = textEnd + 0x10000
    const dataEnd = dataStart + BUSYBOX_DATA_PAGES * PAGE_SIZE
    const rw = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
    this.mmap.add_vma(mm, new VmArea(ELF_TEXT_START, textEnd, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, bb, 0))
    this.mmap.add_vma(mm, new VmArea(dataStart, dataEnd, rw, bb, BUSYBOX_TEXT_PAGES))
    mm.start_code = ELF_TEXT_START
    mm.end_code = textEnd - 0x3a4
    mm.start_data = dataStart
    mm.end_data = dataEnd - 0x1b0
    // arch_randomize_brk(): within 32 MiB above the end of data.
    mm.start_brk = mm.brk = dataEnd + this.rnd(8192) * PAGE_SIZE
    // Stack top randomized over 8 MiB below STACK_TOP (randomize_stack_top, 11 bits of pages).
    const stackTop = STACK_TOP - this.rnd(2048) * PAGE_SIZE
    const stackStart = stackTop - INITIAL_STACK_PAGES * PAGE_SIZE
    this.mmap.add_vma(mm, new VmArea(stackStart, stackTop, rw | VM_GROWSDOWN, null, 0, '[stack]'))
    mm.start_stack = stackTop - 0x130
    mm.arg_start = stackTop - 0xf00
    mm.arg_end = mm.arg_start + t.argv.reduce((n, a) => n + a.length + 1, 0)
    mm.env_start = mm.arg_end
    mm.env_end = stackTop - 0x10
    // mmap_base: TASK_SIZE - 128 MiB gap - 8 bits of random pages.
    mm.mmap_base = 0xb7000000 - this.rnd(256) * PAGE_SIZE
    // [sigpage] (arch/arm/kernel/process.c) and the vDSO's [vvar]+[vdso], from the mmap area.
    const special = VM_READ | VM_MAYREAD | VM_SPECIAL_MAPPING
    for (const [name, n, fl] of [['[sigpage]', 1, VM_EXEC], ['[vvar]', 1, 0], ['[vdso]', 1, VM_EXEC]] as const) {
      const a = this.mmap.get_unmapped_area(mm, n * PAGE_SIZE)
      this.mmap.add_vma(mm, new VmArea(a, a + n * PAGE_SIZE, special | fl, null, 0, name))
    }
    // copy_strings(): the argument page is faulted in by the exec'ing kernel code, through
    // get_user_pages on an mm that is not yet current->mm, so it counts in the mm at once.
    this.pm.handle_mm_fault(mm, { min_flt: 0, maj_flt: 0 }, stackTop - PAGE_SIZE, true)
    t.min_flt = 0
    // The applet's start-up: its code working set, data, heap and stack.
    this.mmap.brk(mm, mm.start_brk + INITIAL_HEAP_PAGES * PAGE_SIZE)
    const text = Math.min(TEXT_WS[applet] ?? DEFAULT_TEXT_WS, BUSYBOX_TEXT_PAGES)
    const [heap, stack] = ANON_WS[applet] ?? DEFAULT_ANON_WS
    const touch = (va: number, write: boolean): boolean => (this.fault(t, va, write) & VM_FAULT_OOM) === 0 && t.mm === mm
    for (let i = 0; i < text; i++) if (!touch(ELF_TEXT_START + i * PAGE_SIZE, false)) return
    for (let i = 0; i < BUSYBOX_DATA_PAGES; i++) if (!touch(dataStart + i * PAGE_SIZE, true)) return
    for (let i = 0; i < heap; i++) if (!touch(mm.start_brk + i * PAGE_SIZE, true)) return
    for (let i = 2; i <= stack; i++) if (!touch(stackTop - i * PAGE_SIZE, true)) return
  }

  /**
   * A user-mode page fault of task t at va: handle_mm_fault on the
   * simulated call chain of a user data abort. Returns the vm_fault_t.
   */
  fault(t: Task, va: number, write: boolean): number {
    if (!t.mm) return VM_FAULT_OOM
    const frames = this.k.frames
    const depth = frames.length
    for (const f of USER_FAULT_FRAMES) frames.push(f)
    const prev = this.k.current
    this.k.current = t
    try {
      return this.pm.handle_mm_fault(t.mm, t, va, write)
    } finally {
      frames.length = depth
      this.k.current = prev
    }
  }

  /* ---------------- exit / kill ---------------- */

  /** exit_mm(): the address space goes; every frame it held returns to the allocator. */
  exit_mm(t: Task): void {
    const mm = t.mm
    if (!mm) return
    sync_mm_rss(t)
    mm.oom_skip = true
    this.pm.exit_mmap(mm)
    t.mm = null
  }

  /** do_exit() + release_task(): the task leaves the task list. */
  do_exit(pid: number, code: number): void {
    const t = this.table.get(pid)
    if (!t || t.kthread || pid === 1) return
    t.exit_code = code
    this.exit_mm(t)
    this.free_stack(t)
    this.table.remove(pid)
  }

  /**
   * Send a signal from the kernel (the OOM killer's SIGKILL): the task
   * gets it pending; a command the shell runs ends at its next yield.
   */
  send_sig(t: Task, sig: number): void {
    if (sig === SIGKILL) t.sigkill = true
    this.shellKill(t.pid, sig)
  }

  /** kill(2) from user space for a pid the shell did not start: 0 or -ESRCH. */
  kill_user(pid: number, _sig: number): number {
    const t = this.table.get(pid)
    if (!t) return -3
    // Kernel threads ignore signals; init has no handler for SIGKILL from its own namespace.
    return 0
  }

  /**
   * fatal_signal_pending(current): kernel code running for a task (a
   * module's init under insmod) polls it to stop once the OOM killer or a
   * kill -9 chose that task.
   */
  fatal_signal_pending(): boolean {
    return this.table.get(this.k.current.pid)?.sigkill ?? false
  }

  /** The user address space of a process, for code running in it (see UserAccess). */
  uaccess(pid: number): UserAccess | null {
    const t = this.table.get(pid)
    return t && t.mm ? new UserAccess(this, t) : null
  }

  /**
   * The shell's ShellTasks hook, plus uaccess(pid) for commands that hold
   * real user memory (the shell's types do not declare it yet).
   */
  shellTasks(): {
    spawn(comm: string, ppid: number, argv?: string[] | null): number
    exit(pid: number, status: number): void
    setCurrent(pid: number): void
    kill(pid: number, sig: number): number
    uaccess(pid: number): UserAccess | null
  } {
    return {
      uaccess: (pid) => this.uaccess(pid),
      // argv: the exec'd command line for /proc/PID/cmdline and ps; null keeps the parent's (NOEXEC applets).
      spawn: (comm, ppid, argv) => {
        const pid = this.fork_exec(comm, ppid, argv === undefined ? [comm] : argv)
        return pid < 0 ? this.table.last_pid + 1 : pid
      },
      exit: (pid, status) => this.do_exit(pid, status),
      setCurrent: (pid) => {
        const t = this.table.get(pid)
        if (t) this.k.current = t
      },
      kill: (pid, sig) => this.kill_user(pid, sig)
    }
  }
}


/**
 * A process's user address space as user-mode code sees it (what the C
 * engine's user runner and applets that hold real buffers — dd's block —
 * sit on): mmap/munmap/brk, and loads/stores through the page tables, each
 * faulting pages in (RSS, page tables, HighMem first; the OOM killer when
 * memory runs out). A bad address gives SIGSEGV (the result says so); a
 * task killed meanwhile gives SIGKILL.
 */
export class UserAccess {
  /** The signal that stopped the last access (SIGSEGV, SIGKILL), 0 if none. */
  signal = 0

  constructor(
    readonly procs: Processes,
    readonly task: Task
  ) {}

  private get mm(): MmStruct | null {
    return this.task.mm
  }

  /** mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS): the address or -errno. */
  mmap(len: number, prot = 3): number {
    const mm = this.mm
    if (!mm) return -12
    return this.procs.mmap.do_mmap(mm, len, prot, 0x22)
  }

  munmap(addr: number, len: number): number {
    const mm = this.mm
    return mm ? this.procs.mmap.do_munmap(mm, addr, len) : -22
  }

  /** sys_brk(addr): the new break (the current one when addr is 0 or refused). */
  brk(addr: number): number {
    const mm = this.mm
    if (!mm) return 0
    return addr === 0 ? mm.brk : this.procs.mmap.brk(mm, addr)
  }

  /**
   * Touch [addr, addr+len) page by page (a write fills it, as memset or
   * read(2) into the buffer would): how many bytes are now backed; fewer
   * than len when the task got a signal (see `signal`).
   */
  touch(addr: number, len: number, write = true): number {
    const end = addr + len
    for (let va = addr; va < end; va = (Math.floor(va / 4096) + 1) * 4096) {
      if (this.access(va, write) < 0) return Math.max(0, va - addr)
    }
    return len
  }

  /** The physical address behind va after any fault; -1 with `signal` set. */
  access(va: number, write: boolean): number {
    const t = this.task
    const mm = this.mm
    if (t.sigkill || !mm) {
      this.signal = SIGKILL
      return -1
    }
    // Fast path: a present PTE that allows the access (no fault, no call chain).
    const pte = this.procs.pm.get_pte(mm, va)
    if (pte & 1 && (!write || (pte & 0xc0) === 0x40)) return ((pte & 0xfffff000) >>> 0) + (va & 4095)
    const frames = this.procs.k.frames
    const depth = frames.length
    for (const f of USER_FAULT_FRAMES) frames.push(f)
    const prev = this.procs.k.current
    this.procs.k.current = t
    try {
      const pa = this.procs.pm.access(mm, t, va, write)
      if (pa >= 0) return pa
      this.signal = t.sigkill || !t.mm ? SIGKILL : this.procs.pm.lastFault & VM_FAULT_OOM ? SIGKILL : SIGSEGV
      return -1
    } finally {
      frames.length = depth
      this.procs.k.current = prev
    }
  }

  /**
   * clear_user(): zero [addr, addr+len), page by page (read_zero() into a
   * buffer: every page is written, so faulted in). Bytes done.
   */
  clear_user(addr: number, len: number): number {
    const ph = this.procs.mm.phys
    const end = addr + len
    for (let va = addr; va < end; ) {
      const next = Math.min(end, (Math.floor(va / PAGE_SIZE) + 1) * PAGE_SIZE)
      const pa = this.access(va, true)
      if (pa < 0) return va - addr
      ph.fill(pa, next - va, 0)
      va = next
    }
    return len
  }

  /** copy_to_user(): bytes done (fewer on a fault, see `signal`). */
  copy_to_user(addr: number, data: Uint8Array): number {
    const ph = this.procs.mm.phys
    let done = 0
    while (done < data.length) {
      const va = addr + done
      const n = Math.min(data.length - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)))
      const pa = this.access(va, true)
      if (pa < 0) return done
      ph.writeBytes(pa, data.subarray(done, done + n))
      done += n
    }
    return done
  }

  /** copy_from_user(): the bytes of [addr, addr+len), or null on a fault. */
  copy_from_user(addr: number, len: number): Uint8Array | null {
    const ph = this.procs.mm.phys
    const out = new Uint8Array(len)
    let done = 0
    while (done < len) {
      const va = addr + done
      const n = Math.min(len - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)))
      const pa = this.access(va, false)
      if (pa < 0) return null
      const f = ph.peek(Math.floor(pa / PAGE_SIZE))
      if (f) out.set(f.subarray(pa & (PAGE_SIZE - 1), (pa & (PAGE_SIZE - 1)) + n), done)
      done += n
    }
    return out
  }

  load(va: number, size: 1 | 2 | 4): number | null {
    const pa = this.access(va, false)
    return pa < 0 ? null : this.procs.mm.phys.read(pa, size)
  }

  store(va: number, size: 1 | 2 | 4, value: number): boolean {
    const pa = this.access(va, true)
    if (pa < 0) return false
    this.procs.mm.phys.write(pa, size, value)
    return true
  }
}
