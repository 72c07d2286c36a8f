/*
 * init/main.c start_kernel() and kernel_init(), as a timed script.
 *
 * The boot is a list of steps (boot_messages.ts) at the times the reference
 * kernel reached them. Static steps are the board's device probing; named
 * steps compute their lines from the configuration and the memory model
 * (setup_arch's memblock and zones, the hash tables sized from RAM, the
 * CPU count, the command line, the RTC). Each step runs when the simulated
 * clock reaches its time, so the log scrolls in real time on the front panel
 * and in one go at max speed; the timestamps are the same either way.
 *
 * What is left out: the work between the lines (device drivers, the
 * scheduler) is not modelled, only its visible output and its memory.
 */

import { BOOT_STEPS, type BootFn } from './boot_messages'
import type { KernelContext } from './context'
import { LINUX_BANNER } from './version'
import { KERN_INFO, KERN_NOTICE, KERN_CRIT } from './printk'
import type { Rng } from '../board/rng'
import {
  type Mm, LATE_SYSTEM_HASHES, alloc_large_system_hash, boot_workload, build_all_zonelists, dma_atomic_pool_init,
  free_initmem, free_initrd_mem, init_emergency_pool, init_per_zone_wmark_min, mm_init, setup_arch, setup_per_cpu_areas, vfs_caches_init_early
} from '../mm'
import { BOOT_WORKLOAD } from '../mm/boot_workload'
import { Kmem } from '../mm/kmem'

export interface BootHooks {
  /** setup_arch() has built the memory model: the machine hangs /proc and the UI on it. */
  memoryReady(mm: Mm): void
  /** mm_init() brought up the slab allocator, vmalloc and kmap. */
  kmemReady(kmem: Kmem): void
  /** kernel_init's last act: start /init (the shell). */
  run_init(): void
  /** The RTC's seconds since the epoch at power-on. */
  rtcEpoch(): number
}

/** The timed boot of one machine. `step()` runs what is due; `nextAtNs()` says when the next step is. */
export class StartKernel {
  /** The memory model, from setup_arch() on. */
  mm: Mm | null = null
  /** SLUB, vmalloc, kmap and the kernel page tables, from mm_init() on. */
  kmem: Kmem | null = null
  private index = 0
  private readonly times: number[]
  private readonly rng: Rng
  private bogomips = ''
  private lpj = 0

  constructor(
    private readonly k: KernelContext,
    private readonly hooks: BootHooks
  ) {
    this.rng = k.rng('boot-timing')
    // The reference's times stretched by a per-seed factor (0.95..1.05) plus jitter, kept monotonic.
    const scale = 0.95 + this.rng.below(1001) / 10000
    this.times = []
    let last = 0
    for (const s of BOOT_STEPS) {
      let t = s.us === 0 ? 0 : Math.round(s.us * scale) * 1000 + this.rng.below(20_000)
      if (t < last) t = last
      this.times.push(t)
      last = t
    }
    // Calibration depends on the host QEMU ran on; any value of the reference runs' range will do.
    this.lpj = (2_400_000 + this.rng.below(3_600_000)) & ~0xfff
    const bogo = this.lpj / (500000 / 100)
    this.bogomips = bogo.toFixed(2)
  }

  done(): boolean {
    return this.index >= BOOT_STEPS.length
  }

  nextAtNs(): number {
    return this.times[this.index] ?? 0
  }

  /** Run every step whose time has come; returns true if it did anything. */
  step(): boolean {
    let ran = false
    while (!this.done() && this.times[this.index]! <= this.k.clock.now()) {
      const s = BOOT_STEPS[this.index]!
      this.index++
      if ('text' in s) this.k.printk(KERN_INFO + s.text + '\n')
      else this.run(s.fn)
      ran = true
    }
    return ran
  }

  /** loops_per_jiffy from the delay-loop calibration (/proc/cpuinfo's BogoMIPS). */
  get loops_per_jiffy(): number {
    return this.lpj
  }

  private hash(name: keyof typeof LATE_SYSTEM_HASHES, numentries?: number): number {
    const spec = LATE_SYSTEM_HASHES[name]!
    return alloc_large_system_hash(this.k, this.mm!, numentries === undefined ? spec : { ...spec, numentries }).entries
  }

  private pr(msg: string, level = KERN_INFO): void {
    this.k.printk(level + msg + '\n')
  }

  private run(fn: BootFn): void {
    const k = this.k
    const cpus = k.config.cpus
    switch (fn) {
      case 'linux_banner':
        return this.pr(LINUX_BANNER, KERN_NOTICE)
      case 'memory_policy':
        // arch/arm/mm/mmu.c: an SMP system with more than one CPU online uses write-allocate.
        return this.pr(`Memory policy: Data cache ${cpus > 1 ? 'writealloc' : 'writeback'}`)
      case 'setup_arch_mm':
        this.mm = setup_arch(k)
        this.hooks.memoryReady(this.mm)
        return
      case 'svc_mode':
        if (cpus === 1) this.pr('CPU: All CPU(s) started in SVC mode.')
        return
      case 'svc_mode_late':
        return this.pr('CPU: All CPU(s) started in SVC mode.')
      case 'setup_per_cpu_areas':
        return setup_per_cpu_areas(k, this.mm!)
      case 'build_all_zonelists':
        return build_all_zonelists(k, this.mm!)
      case 'cmdline':
        return this.pr(`Kernel command line: ${k.cmdline}`, KERN_NOTICE)
      case 'vfs_caches_init_early':
        return vfs_caches_init_early(k, this.mm!)
      case 'mm_init':
        mm_init(k, this.mm!)
        // kmem_cache_init() and the kernel page tables belong to mm_init's tail.
        this.kmem = new Kmem(k, this.mm!)
        this.hooks.kmemReady(this.kmem)
        return
      case 'gic':
        // The GIC's CPU mask reads as zero for an absent CPU interface; QEMU shows it with one CPU only.
        if (cpus === 1) this.pr('GIC CPU mask not found - kernel will fail to boot.', KERN_CRIT)
        return
      case 'calibrate_timer': {
        const khz = 93_000 + this.rng.below(13_000)
        return this.pr(`Calibrating local timer... ${Math.floor(khz / 1000)}.${String(Math.floor((khz % 1000) / 10)).padStart(2, '0')}MHz.`)
      }
      case 'calibrate_delay':
        return this.pr(`Calibrating delay loop... ${this.bogomips} BogoMIPS (lpj=${this.lpj})`)
      case 'cpu0_spectre':
        return this.pr('CPU0: Spectre v2: using BPIALL workaround')
      case 'mnt_init':
        // fs/namespace.c mnt_init()
        this.hash('mount')
        this.hash('mountpoint')
        return
      case 'cpu0_topology':
        return this.pr('CPU0: thread -1, cpu 0, socket 0, mpidr 80000000')
      case 'smp_init': {
        for (let c = 1; c < cpus; c++) {
          this.pr(`CPU${c}: thread -1, cpu ${c}, socket 0, mpidr ${(0x80000000 + c).toString(16)}`)
          this.pr(`CPU${c}: Spectre v2: using BPIALL workaround`)
        }
        this.pr(`smp: Brought up 1 node, ${cpus} CPU${cpus > 1 ? 's' : ''}`)
        const total = ((this.lpj * cpus) / 5000).toFixed(2)
        return this.pr(`SMP: Total of ${cpus} processors activated (${total} BogoMIPS).`)
      }
      case 'futex_init':
        // Both are core_initcalls; mm/page_alloc.c's links first.
        init_per_zone_wmark_min(k, this.mm!)
        this.hash('futex')
        return
      case 'dma_atomic_pool_init':
        return dma_atomic_pool_init(k, this.mm!)
      case 'ip_idents':
        this.hash('ip_idents')
        return
      case 'tcp_hashes': {
        // net/ipv4/tcp.c tcp_init(): the bind table has as many buckets as the established one.
        this.hash('tcp_listen_portaddr')
        this.hash('table_perturb')
        const ehash = this.hash('tcp_established')
        const bhash = this.hash('tcp_bind', ehash)
        return this.pr(`TCP: Hash tables configured (established ${ehash} bind ${bhash})`)
      }
      case 'udp_hashes':
        this.hash('udp')
        this.hash('udplite')
        return
      case 'workingset_init': {
        // mm/workingset.c: max_order = fls_long(totalram_pages() - 1); 30 timestamp bits on ARM.
        const maxOrder = 32 - Math.clz32(this.mm!.pa.totalram_pages - 1)
        const bucketOrder = maxOrder > 30 ? maxOrder - 30 : 0
        return this.pr(`workingset: timestamp_bits=30 max_order=${maxOrder} bucket_order=${bucketOrder}`)
      }
      case 'bounce_init':
        return init_emergency_pool(k, this.mm!)
      case 'free_initrd_mem':
        return free_initrd_mem(k, this.mm!)
      case 'rtc_hctosys': {
        const epoch = this.hooks.rtcEpoch()
        const iso = new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, '')
        return this.pr(`rtc-pl031 10017000.rtc: setting system clock to ${iso} UTC (${epoch})`)
      }
      case 'free_initmem':
        free_initmem(k, this.mm!)
        // init, the daemons and their page tables are real tasks (kernel/fork.ts, started by the Kernel at run_init).
        // The boot's other caches, objects and vmalloc-area users (ioremaps, stacks), then
        // what no modelled subsystem allocates yet; the tasks hold the user pages.
        this.kmem!.boot_late()
        boot_workload(this.mm!, {
          user: false, pageTables: false, slab: false, kernelStacks: false, vmalloc: false,
          kernelPages: BOOT_WORKLOAD.kernelPagesBesideKmem
        })
        return
      case 'run_init':
        this.pr('Run /init as init process')
        return this.hooks.run_init()
    }
  }
}

