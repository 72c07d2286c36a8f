/*
 * vexpress-a9 boot: the kernel messages of start_kernel() and the initcalls, in the order and
 * at the times (µs since power-on) Linux 6.1.192 printed them on QEMU 7.2 (boot-1024.log of the
 * reference run). Lines that depend on the configuration are not text here but named steps
 * ({ fn }) that kernel/main.ts computes: every memory line, the CPU count, the command line, the clock.
 * The rest is the board's device probing, which no lab setting changes.
 */

export type BootStep = { us: number; text: string } | { us: number; fn: BootFn }

export type BootFn =
  | 'dma_atomic_pool_init'
  | 'linux_banner'
  | 'bounce_init'
  | 'build_all_zonelists'
  | 'calibrate_delay'
  | 'calibrate_timer'
  | 'cmdline'
  | 'cpu0_spectre'
  | 'cpu0_topology'
  | 'free_initmem'
  | 'free_initrd_mem'
  | 'futex_init'
  | 'gic'
  | 'ip_idents'
  | 'memory_policy'
  | 'mm_init'
  | 'mnt_init'
  | 'rtc_hctosys'
  | 'run_init'
  | 'setup_arch_mm'
  | 'setup_per_cpu_areas'
  | 'smp_init'
  | 'svc_mode'
  | 'svc_mode_late'
  | 'tcp_hashes'
  | 'udp_hashes'
  | 'vfs_caches_init_early'
  | 'workingset_init'

export const BOOT_STEPS: readonly BootStep[] = [
  { us: 0, text: "Booting Linux on physical CPU 0x0" },
  { us: 0, fn: 'linux_banner' },
  { us: 0, text: "CPU: ARMv7 Processor [410fc090] revision 0 (ARMv7), cr=10c5387d" },
  { us: 0, text: "CPU: PIPT / VIPT nonaliasing data cache, VIPT nonaliasing instruction cache" },
  { us: 0, text: "OF: fdt: Machine model: V2P-CA9" },
  { us: 0, fn: 'memory_policy' },
  { us: 0, fn: 'setup_arch_mm' },
  { us: 0, fn: 'svc_mode' },
  { us: 0, fn: 'setup_per_cpu_areas' },
  { us: 0, fn: 'build_all_zonelists' },
  { us: 0, fn: 'cmdline' },
  { us: 0, fn: 'vfs_caches_init_early' },
  { us: 0, fn: 'mm_init' },
  { us: 0, text: "trace event string verifier disabled" },
  { us: 0, text: "rcu: Hierarchical RCU implementation." },
  { us: 0, text: "rcu: \tRCU event tracing is enabled." },
  { us: 0, text: "rcu: \tRCU restricting CPUs from NR_CPUS=8 to nr_cpu_ids=4." },
  { us: 0, text: "rcu: RCU calculated value of scheduler-enlistment delay is 10 jiffies." },
  { us: 0, text: "rcu: Adjusting geometry for rcu_fanout_leaf=16, nr_cpu_ids=4" },
  { us: 0, text: "NR_IRQS: 16, nr_irqs: 16, preallocated irqs: 16" },
  { us: 0, fn: 'gic' },
  { us: 0, fn: 'gic' },
  { us: 0, text: "L2C: platform modifies aux control register: 0x02020000 -> 0x02420000" },
  { us: 0, text: "L2C: DT/platform modifies aux control register: 0x02020000 -> 0x02420000" },
  { us: 0, text: "L2C-310 enabling early BRESP for Cortex-A9" },
  { us: 0, text: "L2C-310 full line of zeros enabled for Cortex-A9" },
  { us: 0, text: "L2C-310 dynamic clock gating disabled, standby mode disabled" },
  { us: 0, text: "L2C-310 cache controller enabled, 8 ways, 128 kB" },
  { us: 0, text: "L2C-310: CACHE_ID 0x410000c8, AUX_CTRL 0x46420001" },
  { us: 0, text: "rcu: srcu_init: Setting srcu_struct sizes based on contention." },
  { us: 147, text: "sched_clock: 32 bits at 24MHz, resolution 41ns, wraps every 89478484971ns" },
  { us: 4424, text: "clocksource: arm,sp804: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 1911260446275 ns" },
  { us: 5182, text: "smp_twd: clock not found -2" },
  { us: 10139, text: "Console: colour dummy device 80x30" },
  { us: 10750, fn: 'calibrate_timer' },
  { us: 70103, fn: 'calibrate_delay' },
  { us: 163231, text: "CPU: Testing write buffer coherency: ok" },
  { us: 164490, fn: 'cpu0_spectre' },
  { us: 164626, text: "pid_max: default: 32768 minimum: 301" },
  { us: 171030, fn: 'mnt_init' },
  { us: 221128, fn: 'cpu0_topology' },
  { us: 237186, text: "Setting up static identity map for 0x60100000 - 0x60100060" },
  { us: 238779, text: "rcu: Hierarchical SRCU implementation." },
  { us: 238826, text: "rcu: \tMax phase no-delay instances is 1000." },
  { us: 247053, text: "smp: Bringing up secondary CPUs ..." },
  { us: 268575, fn: 'smp_init' },
  { us: 272903, fn: 'svc_mode_late' },
  { us: 301646, text: "devtmpfs: initialized" },
  { us: 322576, text: "VFP support v0.3: implementor 41 architecture 3 part 30 variant 9 rev 0" },
  { us: 356451, text: "clocksource: jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 19112604462750000 ns" },
  { us: 362052, fn: 'futex_init' },
  { us: 409468, text: "NET: Registered PF_NETLINK/PF_ROUTE protocol family" },
  { us: 440242, fn: 'dma_atomic_pool_init' },
  { us: 445790, text: "cpuidle: using governor ladder" },
  { us: 446149, text: "hw-breakpoint: debug architecture 0x4 unsupported." },
  { us: 447061, text: "Serial: AMBA PL011 UART driver" },
  { us: 466129, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 466500, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 467499, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 467590, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 469959, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 470086, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 474143, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 474998, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 475759, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 477442, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /clcd@10020000" },
  { us: 477608, text: "/clcd@10020000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 538726, text: "SCSI subsystem initialized" },
  { us: 557039, text: "usbcore: registered new interface driver usbfs" },
  { us: 557274, text: "usbcore: registered new interface driver hub" },
  { us: 557500, text: "usbcore: registered new device driver usb" },
  { us: 563044, text: "/clcd@10020000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 563243, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39" },
  { us: 563434, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/clcd@1f000" },
  { us: 563581, text: "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@39: Fixed dependency cycle(s) with /clcd@10020000" },
  { us: 565793, text: "pps_core: LinuxPPS API ver. 1 registered" },
  { us: 565825, text: "pps_core: Software ver. 5.3.6 - Copyright 2005-2007 Rodolfo Giometti <giometti@linux.it>" },
  { us: 565909, text: "PTP clock support registered" },
  { us: 566971, text: "Advanced Linux Sound Architecture Driver Initialized." },
  { us: 597006, text: "clocksource: Switched to clocksource arm,sp804" },
  { us: 669431, text: "NET: Registered PF_INET protocol family" },
  { us: 670773, fn: 'ip_idents' },
  { us: 686467, fn: 'tcp_hashes' },
  { us: 693036, fn: 'udp_hashes' },
  { us: 694553, text: "NET: Registered PF_UNIX/PF_LOCAL protocol family" },
  { us: 738025, text: "RPC: Registered named UNIX socket transport module." },
  { us: 738092, text: "RPC: Registered udp transport module." },
  { us: 738105, text: "RPC: Registered tcp transport module." },
  { us: 738115, text: "RPC: Registered tcp NFSv4.1 backchannel transport module." },
  { us: 754106, text: "Unpacking initramfs..." },
  { us: 776430, text: "hw perfevents: enabled with armv7_cortex_a9 PMU driver, 7 counters available" },
  { us: 804735, fn: 'workingset_init' },
  { us: 825384, text: "squashfs: version 4.0 (2009/01/31) Phillip Lougher" },
  { us: 839315, text: "jffs2: version 2.2. (NAND) © 2001-2006 Red Hat, Inc." },
  { us: 840083, text: "9p: Installing v9fs 9p2000 file system support" },
  { us: 842316, fn: 'bounce_init' },
  { us: 842606, text: "io scheduler mq-deadline registered" },
  { us: 842676, text: "io scheduler kyber registered" },
  { us: 922391, text: "OF: graph: no port node found in /bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/i2c@16000/dvi-transmitter@60" },
  { us: 923211, text: "sii902x 0-0060: supply iovcc not found, using dummy regulator" },
  { us: 924149, text: "sii902x 0-0060: supply cvcc12 not found, using dummy regulator" },
  { us: 1157041, text: "simple-pm-bus bus@40000000:motherboard-bus@40000000:iofpga@7,00000000: Failed to create device link (0x180) with dcc:tcrefclk" },
  { us: 1160258, fn: 'free_initrd_mem' },
  { us: 1178921, text: "simple-pm-bus bus@40000000:motherboard-bus@40000000:iofpga@7,00000000: Failed to create device link (0x180) with dcc:tcrefclk" },
  { us: 1308919, text: "physmap-flash 40000000.flash: physmap platform flash device: [mem 0x40000000-0x43ffffff]" },
  { us: 1310670, text: "40000000.flash: Found 2 x16 devices at 0x0 in 32-bit bank. Manufacturer ID 0x000000 Chip ID 0x000000" },
  { us: 1311098, text: "Intel/Sharp Extended Query Table at 0x0031" },
  { us: 1311625, text: "Using buffer write method" },
  { us: 1313285, text: "physmap-flash 40000000.flash: physmap platform flash device: [mem 0x44000000-0x47ffffff]" },
  { us: 1313609, text: "40000000.flash: Found 2 x16 devices at 0x0 in 32-bit bank. Manufacturer ID 0x000000 Chip ID 0x000000" },
  { us: 1313664, text: "Intel/Sharp Extended Query Table at 0x0031" },
  { us: 1313934, text: "Using buffer write method" },
  { us: 1314039, text: "Concatenating MTD devices:" },
  { us: 1314059, text: "(0): \"40000000.flash\"" },
  { us: 1314071, text: "(1): \"40000000.flash\"" },
  { us: 1314082, text: "into device \"40000000.flash\"" },
  { us: 1385667, text: "physmap-flash 48000000.psram: physmap platform flash device: [mem 0x48000000-0x49ffffff]" },
  { us: 1497987, text: "smsc911x 4e000000.ethernet eth0: MAC Address: 52:54:00:12:34:56" },
  { us: 1620438, text: "isp1760 4f000000.usb: isp1760 bus width: 32, oc: digital" },
  { us: 1620963, text: "isp1760 4f000000.usb: NXP ISP1760 USB Host Controller" },
  { us: 1621200, text: "isp1760 4f000000.usb: new USB bus registered, assigned bus number 1" },
  { us: 1621831, text: "isp1760 4f000000.usb: Scratch test failed. 0x00000000" },
  { us: 1621881, text: "isp1760 4f000000.usb: can't setup: -19" },
  { us: 1622115, text: "isp1760 4f000000.usb: USB bus 1 deregistered" },
  { us: 1623790, text: "usbcore: registered new interface driver usb-storage" },
  { us: 1650008, text: "rtc-pl031 10017000.rtc: registered as rtc0" },
  { us: 1650620, fn: 'rtc_hctosys' },
  { us: 1670705, text: "mmci-pl18x 10005000.mmci: Got CD GPIO" },
  { us: 1670856, text: "mmci-pl18x 10005000.mmci: Got WP GPIO" },
  { us: 1688848, text: "ledtrig-cpu: registered to indicate activity on CPUs" },
  { us: 1690933, text: "usbcore: registered new interface driver usbhid" },
  { us: 1690959, text: "usbhid: USB HID core driver" },
  { us: 1704051, text: "mmci-pl18x 10005000.mmci: mmc0: PL181 manf 41 rev0 at 0x10005000 irq 35,36 (pio)" },
  { us: 1740577, text: "aaci-pl041 10004000.aaci: ARM AC'97 Interface PL041 rev0 at 0x10004000, irq 37" },
  { us: 1740623, text: "aaci-pl041 10004000.aaci: FIFO 512 entries" },
  { us: 1746660, text: "NET: Registered PF_PACKET protocol family" },
  { us: 1747271, text: "9pnet: Installing 9P2000 support" },
  { us: 1747598, text: "Registering SWP/SWPB emulation handler" },
  { us: 1763812, text: "input: AT Raw Set 2 keyboard as /devices/platform/bus@40000000/bus@40000000:motherboard-bus@40000000/bus@40000000:motherboard-bus@40000000:iofpga@7,00000000/10006000.kmi/serio0/input/input0" },
  { us: 1811092, text: "10009000.uart: ttyAMA0 at MMIO 0x10009000 (irq = 38, base_baud = 0) is a PL011 rev1" },
  { us: 1848883, text: "printk: console [ttyAMA0] enabled" },
  { us: 1850906, text: "1000a000.uart: ttyAMA1 at MMIO 0x1000a000 (irq = 39, base_baud = 0) is a PL011 rev1" },
  { us: 1851948, text: "1000b000.uart: ttyAMA2 at MMIO 0x1000b000 (irq = 40, base_baud = 0) is a PL011 rev1" },
  { us: 1857061, text: "1000c000.uart: ttyAMA3 at MMIO 0x1000c000 (irq = 41, base_baud = 0) is a PL011 rev1" },
  { us: 1860571, text: "drm-clcd-pl111 1001f000.clcd: assigned reserved memory node vram@4c000000" },
  { us: 1864988, text: "drm-clcd-pl111 1001f000.clcd: using device-specific reserved memory" },
  { us: 1865664, text: "drm-clcd-pl111 1001f000.clcd: core tile graphics present" },
  { us: 1865770, text: "drm-clcd-pl111 1001f000.clcd: this device will be deactivated" },
  { us: 1865871, text: "drm-clcd-pl111 1001f000.clcd: Versatile Express init failed - -19" },
  { us: 1870487, text: "drm-clcd-pl111 10020000.clcd: DVI muxed to daughterboard 1 (core tile) CLCD" },
  { us: 1889234, text: "drm-clcd-pl111 10020000.clcd: initializing Versatile Express PL111" },
  { us: 1896706, text: "drm-clcd-pl111 10020000.clcd: DVI muxed to daughterboard 1 (core tile) CLCD" },
  { us: 1913170, text: "drm-clcd-pl111 10020000.clcd: initializing Versatile Express PL111" },
  { us: 1919963, text: "clk: Disabling unused clocks" },
  { us: 1920453, text: "ALSA device list:" },
  { us: 1920557, text: "  #0: ARM AC'97 Interface PL041 rev0 at 0x10004000, irq 37" },
  { us: 1963063, fn: 'free_initmem' },
  { us: 1967423, fn: 'run_init' }
]
