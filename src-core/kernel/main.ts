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

/** Hash-table flags of include/linux/memblock.h. */
export const HASH_EARLY = 0x00000001
export const HASH_ZERO = 0x00000002

/** What start_kernel needs from the memory model (mm/), in the order it calls it. */
export interface MmBootOps {
  /** setup_arch(): memblock reservations, CMA, paging_init/zone_sizes_init (prints their lines). */
  setup_arch(): void
  setup_per_cpu_areas(): void
  build_all_zonelists(): void
  /** vfs_caches_init_early(): the Dentry and Inode-cache hash tables. */
  vfs_caches_init_early(): void
  /** mm_init(): mem auto-init line, memblock_free_all, the `Memory:` line, kmem_cache_init's SLUB line. */
  mm_init(): void
  /** mm/page_alloc.c alloc_large_system_hash(): allocates, prints, returns the number of entries. */
  alloc_large_system_hash(
    tablename: string,
    bucketsize: number,
    numentries: number,
    scale: number,
    flags: number,
    low_limit: number,
    high_limit: number
  ): number
  /** core_initcall(init_per_zone_wmark_min). */
  init_per_zone_wmark_min(): void
  totalram_pages(): number
  totalhigh_pages(): number
  free_initrd_mem(): void
  free_initmem(): void
  /** What the rest of the boot (slab caches, kernel threads, init's page cache) leaves allocated. */
  boot_workload(): void
}

export interface BootHooks {
  /** kernel_init's last act: start /init (the shell). */
  run_init(): void
  /** The RTC's seconds since the epoch at power-on. */
  rtcEpoch(): number
}

/** The timed boot of one machine. `step()` runs what is due; `nextAtNs()` says when the next step is. */
export class StartKernel {
  private index = 0
  private readonly times: number[]
  private readonly rng: Rng
  private bogomips = ''
  private lpj = 0

  constructor(
    private readonly k: KernelContext,
    private readonly mm: MmBootOps,
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
        return this.mm.setup_arch()
      case 'svc_mode':
        if (cpus === 1) this.pr('CPU: All CPU(s) started in SVC mode.')
        return
      case 'svc_mode_late':
        return this.pr('CPU: All CPU(s) started in SVC mode.')
      case 'setup_per_cpu_areas':
        return this.mm.setup_per_cpu_areas()
      case 'build_all_zonelists':
        return this.mm.build_all_zonelists()
      case 'cmdline':
        return this.pr(`Kernel command line: ${k.cmdline}`, KERN_NOTICE)
      case 'vfs_caches_init_early':
        return this.mm.vfs_caches_init_early()
      case 'mm_init':
        return this.mm.mm_init()
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
      case 'mnt_init': {
        // fs/namespace.c mnt_init(): both tables scale 19, HASH_ZERO.
        this.mm.alloc_large_system_hash('Mount-cache', 4, 0, 19, HASH_ZERO, 0, 0)
        this.mm.alloc_large_system_hash('Mountpoint-cache', 4, 0, 19, HASH_ZERO, 0, 0)
        return
      }
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
      case 'futex_init': {
        // Both are core_initcalls; mm/page_alloc.c's links first.
        this.mm.init_per_zone_wmark_min()
        // kernel/futex/core.c: roundup_pow_of_two(256 * num_possible_cpus()); the DT has 4 possible CPUs.
        const n = 256 * 4
        this.mm.alloc_large_system_hash('futex', 64, n, 0, 0, n, n)
        return
      }
      case 'ip_idents':
        this.mm.alloc_large_system_hash('IP idents', 8, 0, 16, HASH_ZERO, 2048, 256 * 1024)
        return
      case 'tcp_hashes': {
        // net/ipv4/tcp.c tcp_init()
        this.mm.alloc_large_system_hash('tcp_listen_portaddr_hash', 8, 0, 20, 0, 0, 64 * 1024)
        this.mm.alloc_large_system_hash('Table-perturb', 4, 65536, 0, 0, 65536, 65536)
        const ehashScale = this.mm.totalram_pages() >= 128 * 1024 ? 13 : 15
        const ehash = this.mm.alloc_large_system_hash('TCP established', 4, 0, ehashScale + 4, 0, 0, 512 * 1024)
        const bhash = this.mm.alloc_large_system_hash('TCP bind', 16, ehash, 17, 0, 0, 64 * 1024)
        return this.pr(`TCP: Hash tables configured (established ${ehash} bind ${bhash})`)
      }
      case 'udp_hashes':
        // net/ipv4/udp.c udp_table_init(): 2 * sizeof(struct udp_hslot), scale 21, at least 256.
        this.mm.alloc_large_system_hash('UDP', 32, 0, 21, 0, 256, 64 * 1024)
        this.mm.alloc_large_system_hash('UDP-Lite', 32, 0, 21, 0, 256, 64 * 1024)
        return
      case 'workingset_init': {
        // mm/workingset.c: max_order = fls_long(totalram_pages() - 1); 30 timestamp bits on ARM.
        const maxOrder = 32 - Math.clz32(this.mm.totalram_pages() - 1)
        const bucketOrder = maxOrder > 30 ? maxOrder - 30 : 0
        return this.pr(`workingset: timestamp_bits=30 max_order=${maxOrder} bucket_order=${bucketOrder}`)
      }
      case 'bounce_init':
        // mm/bounce.c init_emergency_pool(): only when there is memory above max_low_pfn.
        if (this.mm.totalhigh_pages() > 0) this.pr('bounce: pool size: 64 pages')
        return
      case 'free_initrd_mem':
        return this.mm.free_initrd_mem()
      case 'rtc_hctosys': {
        const epoch = this.hooks.rtcEpoch()
        const iso = new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, '')
        return this.pr(`rtc-pl031 10017000.rtc: setting system clock to ${iso} UTC (${epoch})`)
      }
      case 'free_initmem':
        this.mm.free_initmem()
        this.mm.boot_workload()
        return
      case 'run_init':
        this.pr('Run /init as init process')
        return this.hooks.run_init()
    }
  }
}

