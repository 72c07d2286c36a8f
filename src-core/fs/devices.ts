/*
 * The character devices of /dev (drivers/char/mem.c, kernel/printk's
 * devkmsg, the console): null, zero, full, random/urandom, kmsg, and the
 * serial console (console, ttyAMA0, tty) whose driver the machine supplies.
 */

import type { Rng } from '../board/rng'
import { type LogRecord, Printk } from '../kernel/printk'
import { EINVAL, ENOSPC, FsError } from './errno'
import type { CharDevOps } from './inode'
import { utf8Decode, utf8Encode } from './utf8'
import type { Vfs } from './vfs'

export const NULL_DEV: CharDevOps = {
  read: () => new Uint8Array(0),
  write: (d) => d.length
}

/** The most one read(2) of an endless device returns here (the kernel caps at MAX_RW_COUNT). */
const MAX_DEV_READ = 1 << 25

export const ZERO_DEV: CharDevOps = {
  read: (max) => new Uint8Array(Math.min(max, MAX_DEV_READ)),
  zeros: true,
  write: (d) => d.length
}

/** /dev/full: reads zeros, every write fails with ENOSPC. */
export const FULL_DEV: CharDevOps = {
  read: (max) => new Uint8Array(Math.min(max, MAX_DEV_READ)),
  zeros: true,
  write: () => {
    throw new FsError(ENOSPC)
  }
}

export function randomDev(rng: Rng): CharDevOps {
  return {
    read: (max) => {
      const n = Math.min(max, MAX_DEV_READ)
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i += 4) {
        const v = rng.next32()
        for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 255
      }
      return out
    },
    write: (d) => d.length
  }
}

/**
 * /dev/kmsg (kernel/printk/printk.c devkmsg_read/devkmsg_write): each read
 * returns one record as "level,seq,usec,-;text\n"; a write becomes a
 * printk with facility LOG_USER unless it says "<N>".
 */
export function kmsgDev(log: Printk): CharDevOps {
  const opened = (): CharDevOps => {
    let nextSeq = 0
    return {
      read: () => {
        const rec = log.all().find((r: LogRecord) => r.seq >= nextSeq)
        if (!rec) return null
        nextSeq = rec.seq + 1
        const prefix = `${(rec.facility << 3) | rec.level},${rec.seq},${Math.floor(rec.tsNs / 1000)},-;`
        return utf8Encode(prefix + rec.text.replace(/\n/g, '\n ') + '\n')
      },
      write: (d) => {
        let text = utf8Decode(d)
        let level = log.defaultMessageLoglevel
        let facility = 1
        const m = /^<(\d+)>/.exec(text)
        if (m) {
          const v = Number(m[1])
          level = v & 7
          facility = v >> 3 || 1
          text = text.slice(m[0].length)
        }
        if (text.length > 1024 - 48) throw new FsError(EINVAL)
        log.printk(`\x01${level}${text.endsWith('\n') ? text : text + '\n'}`, 0, facility)
        return d.length
      }
    }
  }
  return { ...opened(), open: opened }
}

/** Create the standard nodes under /dev (devtmpfs). `console` is the serial port's driver. */
export function populateDev(vfs: Vfs, opts: { printk?: Printk; rng?: Rng; console?: CharDevOps }): void {
  vfs.mkdirp('/dev')
  const node = (name: string, major: number, minor: number, ops: CharDevOps, mode = 0o666): void => {
    vfs.mknod(`/dev/${name}`, major, minor, ops, mode)
  }
  node('null', 1, 3, NULL_DEV)
  node('zero', 1, 5, ZERO_DEV)
  node('full', 1, 7, FULL_DEV)
  if (opts.rng) {
    const r = randomDev(opts.rng)
    node('random', 1, 8, r)
    node('urandom', 1, 9, r)
  }
  if (opts.printk) node('kmsg', 1, 11, kmsgDev(opts.printk), 0o644)
  const con = opts.console ?? NULL_DEV
  node('console', 5, 1, con, 0o600)
  node('tty', 5, 0, con)
  node('ttyAMA0', 204, 64, con, 0o600)
  vfs.mkdirp('/dev/pts')
  vfs.mkdirp('/dev/shm')
}
