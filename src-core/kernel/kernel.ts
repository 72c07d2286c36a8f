/*
 * One booted kernel: the memory model, the root file system with /proc and
 * /sys, and init's shell on ttyAMA0. The Board (machine.ts) owns its power
 * and the UART; this object owns what lives inside the running kernel and
 * goes away on reset.
 */

import type { KernelContext } from './context'
import { KERN_EMERG } from './printk'
import { type DynamicFile, kernelProcFiles } from './procfs'
import { UTS_RELEASE, UTS_SYSNAME, UTS_VERSION, UTS_MACHINE, DEFAULT_HOSTNAME } from './version'
import type { Mm } from '../mm'
import type { Kmem } from '../mm/kmem'
import { buildRootFs } from '../fs/rootfs'
import type { Vfs } from '../fs/vfs'
import { mm_proc_files } from '../fs/proc/mm_files'
import { Shell } from '../shell/sh'
import type { ShellSystem } from '../shell/types'
import type { HostFs } from '../protocol'
import { Processes } from './fork'
import { OomKiller } from '../mm/oom_kill'
import { procPidProvider } from '../fs/proc/pid'
import { registerUserland } from '../userland'
import { gcc } from '../userland/gcc'
import { kmemccBinfmt } from './binfmt_kmemcc'
import { Swap } from '../mm/swapfile'
import { Vmscan, reclaim_proc_files } from '../mm/vmscan'
import { type Modules, startModules } from './module'
import { Compaction, compaction_proc_files } from '../mm/compaction'

export interface KernelDevices {
  /** Bytes out of the serial port (ttyAMA0). */
  uart(data: string): void
  hostFs?: HostFs
  cols: number
  rows: number
  /** The RTC at power-on, seconds since the epoch. */
  rtcEpoch: number
}

/** How the running kernel ended, once it has: the Board powers off or restarts. */
/** How the running kernel ended: powered off, restarting, or stopped in panic() (the CPU spins until reset). */
export type KernelEnd = 'halted' | 'reboot' | 'panic'

export class Kernel {
  readonly vfs: Vfs
  mm: Mm | null = null
  /** SLUB/kmalloc, vmalloc, kmap and the kernel MMU. */
  kmem: Kmem | null = null
  shell: Shell | null = null
  /** Tasks, their address spaces and the OOM killer (kernel/fork.ts, mm/oom_kill.ts). */
  procs: Processes | null = null
  oom: OomKiller | null = null
  swap: Swap | null = null
  vmscan: Vmscan | null = null
  /** Loadable modules: insmod/rmmod/lsmod, /proc/modules, make and Kbuild (kernel/module). */
  modules: Modules | null = null
  halted: KernelEnd | null = null
  /** The RTC at power-on, seconds since the epoch. */
  readonly rtcEpoch: number
  /** loops_per_jiffy from calibrate_delay (for /proc/cpuinfo). */
  lpj: () => number = () => 0
  private hostname = DEFAULT_HOSTNAME

  constructor(
    readonly k: KernelContext,
    private readonly dev: KernelDevices
  ) {
    this.rtcEpoch = dev.rtcEpoch
    this.vfs = buildRootFs({
      nowMs: () => this.rtcEpoch * 1000 + Math.floor(k.clock.now() / 1e6),
      printk: k.log,
      rng: k.rng('urandom'),
      hostFs: dev.hostFs,
      kernelRelease: UTS_RELEASE
    })
    this.registerAll(
      kernelProcFiles({
        k,
        lpj: () => this.lpj(),
        hostname: () => this.hostname,
        setHostname: (n) => (this.hostname = n),
        nrRunning: () => 1,
        nrThreads: () => this.procs?.table.tasks.size ?? 50 + (this.shell?.runningPids().length ?? 0),
        lastPid: () => this.procs?.table.last_pid ?? 0
      })
    )
  }

  /** setup_arch() built the memory model: hang the memory files of /proc on it. */
  attachMm(mm: Mm): void {
    this.mm = mm
    this.registerAll(mm_proc_files(mm))
  }

  /** mm_init() brought up the allocators above the buddy: /proc/slabinfo and /proc/vmallocinfo. */
  attachKmem(kmem: Kmem): void {
    this.kmem = kmem
    this.registerAll(kmem.procFiles())
  }

  private registerAll(files: Record<string, DynamicFile>): void {
    for (const [path, f] of Object.entries(files)) {
      const write = f.write
      // proc handlers return 0 or the bytes taken; the VFS wants bytes accepted or -errno.
      this.vfs.registerDynamic(path, {
        read: () => f.read(),
        write: write
          ? (text: string) => {
              const r = write(text)
              return r < 0 ? r : text.length
            }
          : undefined
      }, { mode: write ? 0o644 : 0o444 })
    }
  }

  /**
   * The task list (kernel threads, init holding the initramfs' busybox
   * pages), /proc/<pid>, and the OOM killer on the allocator's hook.
   * boot_workload ran without its 'user' and 'pageTables' parts: these
   * tasks hold that memory now.
   */
  private startProcesses(): Processes | null {
    if (!this.mm) return null
    const procs = new Processes(this.k, this.mm)
    procs.boot()
    const oom = new OomKiller(this.k, this.mm, procs)
    oom.install()
    // panic(): the kernel stops; the Board shows the console's last lines.
    oom.onPanic = () => (this.halted = 'panic')
    // Reclaim and swap: kswapd and direct reclaim on the allocator's hooks.
    const swap = new Swap(this.mm, procs.pm)
    const vmscan = new Vmscan(this.mm, procs.pm, swap)
    vmscan.install()
    procs.totalSwapPages = () => swap.total_swap_pages
    oom.swap = swap
    this.procs = procs
    this.oom = oom
    this.swap = swap
    this.vmscan = vmscan
    this.registerAll(reclaim_proc_files(vmscan, swap, oom, () => this.k.current))
    const compaction = new Compaction(this.mm, procs.pm, procs.shmem)
    compaction.install()
    this.registerAll(compaction_proc_files(compaction))
    this.vfs.registerDynamicDir('/proc', procPidProvider(
      { procs, oom_score: (t) => oom.oom_score(t), nrCpuIds: 4, now: () => this.k.clock.now() },
      () => this.k.current.pid
    ))
    return procs
  }

  /** kernel_init's run_init_process("/init"): the shell on the console. */
  startInit(): void {
    const procs = this.startProcesses()
    const sys: ShellSystem = {
      vfs: this.vfs,
      clock: this.k.clock,
      write: (s) => this.dev.uart(s),
      printk: this.k.log,
      uname: () => ({ sysname: UTS_SYSNAME, nodename: this.hostname, release: UTS_RELEASE, version: UTS_VERSION, machine: UTS_MACHINE }),
      sethostname: (n) => (this.hostname = n),
      bootEpochMs: this.rtcEpoch * 1000,
      poweroff: () => this.shutdown('poweroff'),
      reboot: () => this.shutdown('reboot'),
      shellPid: 1,
      tasks: procs?.shellTasks()
    }
    this.shell = new Shell(sys, { cols: this.dev.cols, rows: this.dev.rows })
    if (procs && this.oom) {
      const shell = this.shell
      const oom = this.oom
      procs.shellKill = (pid, sig) => shell.kill(pid, sig)
      registerUserland(shell, {
        procs,
        panicked: () => oom.panicked !== null,
        swap: this.swap!,
        printk: (m) => this.k.printk(m),
        rng: this.k.rng('mkswap')
      })
      // gcc and its executables (./a.out runs as a process in its own address space).
      shell.registerCommand('gcc', gcc, { dir: '/usr/bin' })
      shell.registerCommand('cc', gcc, { dir: '/usr/bin' })
      shell.registerBinfmt(kmemccBinfmt({ procs, panicked: () => oom.panicked !== null }))
    }
    if (this.mm && this.kmem) {
      const procs = this.procs
      this.modules = startModules({ k: this.k, mm: this.mm, kmem: this.kmem, vfs: this.vfs, shell: this.shell, release: UTS_RELEASE, tasks: () => procs?.table.tasks.values() ?? [], onPanic: () => (this.halted = 'panic') })
    }
    // Boot is over: what is written to a tmpfs from now on lives in page-cache frames
    // (the files made so far are the initramfs, counted by populate_rootfs).
    if (procs && this.mm) this.vfs.attachPageCache(procs.shmem.page_cache(), this.mm.pa.totalram_pages)
    this.shell.start()
  }

  resize(cols: number, rows: number): void {
    this.dev.cols = cols
    this.dev.rows = rows
    this.shell?.resize(cols, rows)
  }

  /**
   * busybox init's shutdown (init/init.c run_shutdown_and_kill_processes),
   * then kernel_power_off()/kernel_restart() (kernel/reboot.c, pr_fmt "reboot: ").
   */
  private shutdown(how: 'poweroff' | 'reboot'): void {
    this.dev.uart('The system is going down NOW!\nSent SIGTERM to all processes\nSent SIGKILL to all processes\n')
    this.dev.uart(`Requesting system ${how}\n`)
    this.k.printk(KERN_EMERG + (how === 'poweroff' ? 'reboot: Power down\n' : 'reboot: Restarting system\n'))
    this.halted = how === 'poweroff' ? 'halted' : 'reboot'
  }
}
