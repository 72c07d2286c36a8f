/*
 * The /proc and /proc/sys files the core kernel owns (fs/proc/version.c,
 * cmdline.c, uptime.c, loadavg.c, arch/arm/kernel/setup.c c_show(),
 * kernel/sysctl.c). Each is a generator over live kernel state; the memory
 * files are mm's (src-core/fs/proc/).
 */

import { LINUX_BANNER, UTS_RELEASE, UTS_SYSNAME, UTS_VERSION } from './version'
import type { KernelContext } from './context'

export interface DynamicFile {
  read(): string
  write?(text: string): number
}

/** `%lu.%02lu` of a nanosecond count, as uptime_proc_show() prints seconds. */
function secs2(ns: number): string {
  const cs = Math.floor(ns / 1e7)
  return `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`
}

export interface KernelProcState {
  k: KernelContext
  /** loops_per_jiffy from the boot's delay-loop calibration. */
  lpj(): number
  hostname(): string
  setHostname(name: string): void
  nrRunning(): number
  nrThreads(): number
  lastPid(): number
}

/** An integer sysctl (proc_dointvec_minmax): reads "N\n", writes parse a decimal within bounds. */
export function intSysctl(get: () => number, set: ((v: number) => void) | null, min = -2147483648, max = 2147483647): DynamicFile {
  return {
    read: () => `${get()}\n`,
    write: set
      ? (text: string) => {
          const t = text.trim()
          if (!/^-?\d+$/.test(t)) return -22 // EINVAL
          const v = Number(t)
          if (v < min || v > max) return -22
          set(v)
          return text.length
        }
      : undefined
  }
}

export function kernelProcFiles(s: KernelProcState): Record<string, DynamicFile> {
  const k = s.k
  const printk = k.log
  return {
    '/proc/version': { read: () => LINUX_BANNER + '\n' },
    '/proc/cmdline': { read: () => k.cmdline + '\n' },
    // Single CPU idle accounting is not modelled: idle time is uptime minus a small busy share.
    '/proc/uptime': { read: () => `${secs2(k.clock.now())} ${secs2(k.clock.now() * k.config.cpus * 0.97)}\n` },
    '/proc/loadavg': { read: () => `0.00 0.00 0.00 ${s.nrRunning()}/${s.nrThreads()} ${s.lastPid()}\n` },
    '/proc/cpuinfo': {
      read: () => {
        const bogo = (s.lpj() / 5000).toFixed(2)
        let out = ''
        for (let c = 0; c < k.config.cpus; c++) {
          out +=
            `processor\t: ${c}\n` +
            'model name\t: ARMv7 Processor rev 0 (v7l)\n' +
            `BogoMIPS\t: ${bogo}\n` +
            'Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpd32 \n' +
            'CPU implementer\t: 0x41\n' +
            'CPU architecture: 7\n' +
            'CPU variant\t: 0x0\n' +
            'CPU part\t: 0xc09\n' +
            'CPU revision\t: 0\n\n'
        }
        return out + 'Hardware\t: ARM-Versatile Express\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n'
      }
    },
    '/proc/sys/kernel/tainted': { read: () => `${k.tainted}\n` },
    '/proc/sys/kernel/osrelease': { read: () => UTS_RELEASE + '\n' },
    '/proc/sys/kernel/ostype': { read: () => UTS_SYSNAME + '\n' },
    '/proc/sys/kernel/version': { read: () => UTS_VERSION + '\n' },
    '/proc/sys/kernel/hostname': {
      read: () => s.hostname() + '\n',
      write: (text) => {
        const name = text.replace(/\n$/, '')
        if (name.length > 64) return -22
        s.setHostname(name)
        return text.length
      }
    },
    '/proc/sys/kernel/pid_max': { read: () => '32768\n' },
    // console_loglevel, default_message_loglevel, minimum_console_loglevel, default_console_loglevel
    '/proc/sys/kernel/printk': {
      read: () => `${printk.consoleLoglevel}\t${printk.defaultMessageLoglevel}\t1\t7\n`,
      write: (text) => {
        const v = text.trim().split(/\s+/).map(Number)
        if (v.length === 0 || v.some((n) => !Number.isInteger(n))) return -22
        printk.setConsoleLoglevel(v[0]!)
        if (v[1] !== undefined) printk.defaultMessageLoglevel = Math.max(0, Math.min(7, v[1]))
        return text.length
      }
    }
  }
}
