/*
 * busybox mkswap, swapon and swapoff over the swap layer (mm/swapfile.ts).
 *
 *   mkswap FILE         writes the version-1 header (last_page, UUID,
 *                       "SWAPSPACE2" at 4086) into FILE
 *   swapon [-p PRIO] FILE | -a    sys_swapon: the kernel prints "Adding …k swap on …"
 *   swapoff FILE | -a   sys_swapoff: every swapped page comes back first
 *
 * Unlike Linux, a swap file may live on the rootfs (tmpfs) or /tmp: the
 * kernel would refuse it there (no bmap: "swapon: swapfile has holes"),
 * but this board has no block device to swap on, and the pages' bytes are
 * kept by the swap area, not in the file. The file's own pages are tmpfs
 * page cache: a zero-filled swap file holds its size in RAM, a sparse one
 * (`dd if=/dev/zero of=/swapfile bs=1M count=0 seek=256`) only the header
 * page mkswap writes.
 */

import type { Swap } from '../mm/swapfile'
import { SWAP_MAGIC, SWAP_MAGIC_OFFSET } from '../mm/swapfile'
import type { CommandGen, Proc } from '../shell/types'

const ERRNO_TEXT: Record<number, string> = {
  1: 'Operation not permitted', 12: 'Cannot allocate memory', 16: 'Device or resource busy', 22: 'Invalid argument'
}

function u32le(v: number): number[] {
  return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255]
}

export function mkswapCommand(rng: { below(n: number): number }) {
  return function* mkswap(p: Proc): CommandGen {
    const path = p.argv.filter((a, i) => i > 0 && !a.startsWith('-')).pop()
    if (!path) {
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: mkswap [-L LBL] BLOCKDEV [KBYTES]\n\nPrepare BLOCKDEV to be used as swap partition\n\n\t-L LBL\tLabel\n')
      return 1
    }
    let f
    try {
      f = p.sys.vfs.open(path, { read: true, write: true }, p.cwd)
    } catch (e) {
      p.stderr.write(`mkswap: can't open '${path}': ${e instanceof Error ? e.message : String(e)}\n`)
      return 1
    }
    const len = Math.floor(f.size() / 4096) * 4096
    if (len < 10 * 4096) {
      f.close()
      p.stderr.write('mkswap: swap area needs to be at least 40 kB\n')
      return 1
    }
    const uuid = Array.from({ length: 16 }, () => rng.below(256))
    uuid[6] = (uuid[6]! & 0x0f) | 0x40
    uuid[8] = (uuid[8]! & 0x3f) | 0x80
    // union swap_header: bootbits[1024], version, last_page, nr_badpages, sws_uuid[16], sws_volume[16]
    f.seek(1024)
    f.write(new Uint8Array([...u32le(1), ...u32le(len / 4096 - 1), ...u32le(0), ...uuid, ...new Array<number>(16).fill(0)]))
    f.seek(SWAP_MAGIC_OFFSET)
    f.write(new Uint8Array([...SWAP_MAGIC].map((c) => c.charCodeAt(0))))
    f.close()
    const hex = uuid.map((b) => b.toString(16).padStart(2, '0')).join('')
    p.stdout.write(`Setting up swapspace version 1, size = ${len - 4096} bytes\n`)
    p.stdout.write(`UUID=${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}\n`)
    return 0
  }
}

/** read_swap_header: last_page, or -1 without the signature. */
function readHeader(p: Proc, path: string): number {
  const f = p.sys.vfs.open(path, { read: true }, p.cwd)
  try {
    f.seek(1024)
    const h = f.read(12) ?? new Uint8Array(0)
    f.seek(SWAP_MAGIC_OFFSET)
    const m = f.read(10) ?? new Uint8Array(0)
    if (String.fromCharCode(...m) !== SWAP_MAGIC || h.length < 12) return -1
    const version = h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)
    if (version !== 1) return -1
    const last = (h[4]! | (h[5]! << 8) | (h[6]! << 16) | (h[7]! << 24)) >>> 0
    return Math.min(last, Math.floor(f.size() / 4096) - 1)
  } finally {
    f.close()
  }
}

export function swaponCommand(swap: Swap, printk: (s: string) => void) {
  return function* swapon(p: Proc): CommandGen {
    let prio: number | undefined
    const paths: string[] = []
    for (let i = 1; i < p.argv.length; i++) {
      const a = p.argv[i]!
      if (a === '-p') prio = Number(p.argv[++i])
      else if (a.startsWith('-p')) prio = Number(a.slice(2))
      else if (a === '-a' || a === '-d' || a === '-e') continue
      else paths.push(a)
    }
    if (paths.length === 0) {
      if (p.argv.includes('-a')) return 0 // no /etc/fstab swap entries
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: swapon [-a] [-e] [-d[POL]] [-p PRI] [DEVICE]\n\nStart swapping on DEVICE\n')
      return 1
    }
    let rc = 0
    for (const path of paths) {
      let err = 0
      let abs = path
      try {
        abs = p.sys.vfs.realpath(path, p.cwd)
        const last = readHeader(p, abs)
        if (last < 0) {
          printk('\x013Unable to find swap-space signature\n')
          err = 22
        } else {
          const r = swap.swapon(abs, last, prio)
          if (r < 0) err = -r
        }
      } catch (e) {
        p.stderr.write(`swapon: ${path}: ${e instanceof Error ? e.message : String(e)}\n`)
        rc = 1
        continue
      }
      if (err) {
        p.stderr.write(`swapon: ${path}: ${ERRNO_TEXT[err] ?? `errno ${err}`}\n`)
        rc = 1
      }
    }
    return rc
  }
}

export function swapoffCommand(swap: Swap) {
  return function* swapoff(p: Proc): CommandGen {
    let paths = p.argv.slice(1).filter((a) => !a.startsWith('-'))
    if (p.argv.includes('-a')) paths = swap.areas.filter((a) => a !== null).map((a) => a!.path)
    if (paths.length === 0) {
      p.stderr.write('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: swapoff [-a] [DEVICE]\n\nStop swapping on DEVICE\n')
      return 1
    }
    let rc = 0
    for (const path of paths) {
      let abs = path
      try {
        abs = p.sys.vfs.realpath(path, p.cwd)
      } catch {
        // the kernel answers for a missing path too
      }
      const r = swap.swapoff(abs)
      if (r < 0) {
        p.stderr.write(`swapoff: ${path}: ${ERRNO_TEXT[-r] ?? `errno ${-r}`}\n`)
        rc = 1
      }
      yield { kind: 'yield' }
    }
    return rc
  }
}
