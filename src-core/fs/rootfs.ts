/*
 * The initramfs the board boots: a busybox layout (what `busybox --install
 * -s` and a small buildroot-style /etc produce), with proc, sysfs, devtmpfs
 * and tmpfs mounted as the reference init mounts them, and the host share at
 * /mnt. Applet symlinks are added by the shell as commands are registered.
 */

import type { Rng } from '../board/rng'
import type { Printk } from '../kernel/printk'
import type { HostFs } from '../protocol'
import { populateDev } from './devices'
import type { CharDevOps } from './inode'
import { PROCFS_FLAVOR, SYSFS_FLAVOR, Vfs } from './vfs'

export interface RootFsOptions {
  /** Wall-clock ms now (RTC at boot + uptime), for file times. */
  nowMs: () => number
  hostname?: string
  kernelRelease?: string
  printk?: Printk
  rng?: Rng
  /** The serial console's driver for /dev/console and /dev/ttyAMA0. */
  console?: CharDevOps
  /** The host folder for /mnt; without it /mnt is an empty in-memory directory. */
  hostFs?: HostFs
  /** A procfs/sysfs handler threw (a simulator bug): report it; the reader gets EIO. */
  onFault?: (e: unknown) => void
  /**
   * RAM in pages (totalram_pages and totalhigh_pages): devtmpfs shows the
   * shmem default limits its /proc/mounts line carries (size=, nr_inodes=).
   */
  ram?: { totalPages: number; highPages: number }
}

/* mm/shmem.c shmem_default_max_blocks / shmem_default_max_inodes, as shmem_show_options prints them. */
function devtmpfsOptions(ram: RootFsOptions['ram']): string {
  if (!ram) return 'rw,relatime,mode=755'
  const blocks = Math.floor(ram.totalPages / 2)
  const inodes = Math.min(ram.totalPages - ram.highPages, Math.floor(ram.totalPages / 2))
  return `rw,relatime,size=${blocks * 4}k,nr_inodes=${inodes},mode=755`
}

const ETC: Record<string, string> = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
  group: 'root:x:0:\ndaemon:x:1:\ntty:x:5:\nnogroup:x:65534:\n',
  shadow: 'root::19000:0:99999:7:::\n',
  inittab:
    '# /etc/inittab: busybox init\n' +
    '::sysinit:/etc/init.d/rcS\n' +
    '::askfirst:-/bin/sh\n' +
    '::ctrlaltdel:/sbin/reboot\n' +
    '::shutdown:/bin/umount -a -r\n' +
    '::restart:/sbin/init\n',
  'init.d/rcS':
    '#!/bin/sh\n' +
    'mount -t proc proc /proc\n' +
    'mount -t sysfs sysfs /sys\n' +
    'mount -t devtmpfs devtmpfs /dev\n' +
    'mkdir -p /dev/pts /dev/shm\n' +
    'mount -t tmpfs tmpfs /dev/shm\n',
  profile:
    '# /etc/profile: read by the login shell\n' +
    "export PATH=/bin:/sbin:/usr/bin:/usr/sbin\n" +
    "export PS1='\\w \\$ '\n" +
    'export HOME=/root\n',
  fstab:
    '# <file system> <mount pt> <type> <options> <dump> <pass>\n' +
    'proc\t/proc\tproc\tdefaults\t0\t0\n' +
    'sysfs\t/sys\tsysfs\tdefaults\t0\t0\n' +
    'devtmpfs\t/dev\tdevtmpfs\tdefaults\t0\t0\n' +
    'tmpfs\t/tmp\ttmpfs\tdefaults\t0\t0\n' +
    'hostshare\t/mnt\t9p\ttrans=virtio,version=9p2000.L\t0\t0\n',
  'os-release':
    'NAME="kmemlab"\nVERSION="1.0"\nID=kmemlab\nPRETTY_NAME="kmemlab busybox initramfs (vexpress-a9)"\nHOME_URL="https://example.invalid/kmemlab"\n',
  issue: 'Welcome to kmemlab\n',
  shells: '/bin/sh\n/bin/ash\n',
  'resolv.conf': '',
  'hosts': '127.0.0.1\tlocalhost\n'
}

/** Build the root file system, mounts included. */
export function buildRootFs(opts: RootFsOptions): Vfs {
  const vfs = new Vfs({ nowMs: opts.nowMs, onFault: opts.onFault })
  for (const d of ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc/init.d', '/proc', '/sys', '/dev', '/tmp', '/root', '/mnt', '/var/log', '/run', '/home', '/usr/lib', '/lib'])
    vfs.mkdirp(d)
  vfs.chmod('/tmp', 0o1777)
  vfs.chmod('/root', 0o700)
  const release = opts.kernelRelease ?? '6.1.192'
  vfs.mkdirp(`/lib/modules/${release}`)
  for (const f of ['modules.dep', 'modules.alias', 'modules.symbols']) vfs.writeFile(`/lib/modules/${release}/${f}`, '')
  // `make -C /lib/modules/$(uname -r)/build` must find a tree.
  vfs.mkdirp('/usr/src/linux')
  vfs.symlink('/usr/src/linux', `/lib/modules/${release}/build`)
  for (const [name, text] of Object.entries(ETC)) vfs.writeFile(`/etc/${name}`, text)
  vfs.chmod('/etc/init.d/rcS', 0o755)
  vfs.chmod('/etc/shadow', 0o600)
  vfs.writeFile('/etc/hostname', (opts.hostname ?? 'vexpress') + '\n')
  vfs.symlink('/proc/mounts', '/etc/mtab')
  vfs.symlink('/run', '/var/run')
  vfs.symlink('/bin/busybox', '/init')
  vfs.symlink('/bin/busybox', '/linuxrc')

  vfs.mount('/proc', vfs.newPseudoFs(PROCFS_FLAVOR), { source: 'proc', fstype: 'proc', options: 'rw,relatime' }, PROCFS_FLAVOR)
  vfs.mount('/sys', vfs.newPseudoFs(SYSFS_FLAVOR), { source: 'sysfs', fstype: 'sysfs', options: 'rw,relatime' }, SYSFS_FLAVOR)
  vfs.mount('/dev', vfs.newRamFs(), { source: 'devtmpfs', fstype: 'devtmpfs', options: devtmpfsOptions(opts.ram) })
  populateDev(vfs, { printk: opts.printk, rng: opts.rng, console: opts.console })
  vfs.mount('/dev/shm', vfs.newRamFs(), { source: 'tmpfs', fstype: 'tmpfs', options: 'rw,relatime' })
  vfs.mount('/tmp', vfs.newRamFs(), { source: 'tmpfs', fstype: 'tmpfs', options: 'rw,relatime' })
  vfs.chmod('/tmp', 0o1777)
  if (opts.hostFs) vfs.mountHostFs(opts.hostFs, '/mnt')
  // /proc/mounts and /proc/self/mounts come from the mount table itself.
  const mountsText = (): string => vfs.mountTable().map((m) => `${m.source} ${m.target} ${m.fstype} ${m.options} 0 0\n`).join('')
  vfs.registerDynamic('/proc/mounts', { read: mountsText })
  return vfs
}
