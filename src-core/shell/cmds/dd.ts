/*
 * dd (busybox coreutils/dd.c): copy blocks of bs bytes, count of them, from
 * if= (or stdin) to of= (or stdout), then report records and throughput on
 * stderr. The copy costs simulated time at 1 ns per byte (memcpy speed under
 * QEMU).
 *
 * The block lives in the process's simulated memory, as busybox's does:
 * alloc_buf() maps a block of a page or more with mmap (xmmap_anon, so the
 * reference's dd of bs=477M has total_vm 389 + 477M/4K pages), read(2)
 * from /dev/zero clears it page by page (read_zero -> clear_user, every page
 * faulted in: RSS grows to bs), and write(2) copies out of it. Writing into
 * a full pipe waits (64 KiB, fs/pipe.c), so `dd ... | sleep 100000` stays
 * blocked with its block resident: the reference's OOM hogs. A fault that
 * finds no memory runs the OOM killer; if dd is its victim it dies of
 * SIGKILL. Blocks smaller than a page (malloc'ed from the heap busybox
 * already has) and shells without a process layer keep the block in JS.
 */

import { EIO, errnoOf } from '../../fs/errno'
import type { OpenFile } from '../../fs/file'
import { utf8Decode, utf8Encode } from '../../fs/utf8'
import { errmsg, perror, readChunk, unread } from '../io'
import type { CommandGen, InStream, Proc, UserMemory, Wait } from '../types'
import { PIPE_CAPACITY } from '../streams'
import { humanSize } from './fileutils'

const SUFFIXES: Array<[string, number]> = [
  ['kB', 1000], ['kD', 1000], ['MB', 1e6], ['MD', 1e6], ['GB', 1e9], ['GD', 1e9],
  ['c', 1], ['w', 2], ['b', 512], ['k', 1024], ['K', 1024], ['M', 1024 ** 2], ['G', 1024 ** 3]
]

/** busybox xatoull_sfx with dd's suffixes (bs=1M, count=1k, ...); also N*M products. */
export function ddNumber(s: string): number | null {
  let total = 1
  for (const part of s.split(/[x*]/)) {
    const m = /^(\d+)([A-Za-z]*)$/.exec(part)
    if (!m) return null
    const sfx = m[2]!
    const mult = sfx === '' ? 1 : SUFFIXES.find(([k]) => k === sfx)?.[1]
    if (mult === undefined) return null
    total *= Number(m[1]) * mult
  }
  return total
}

const NS_PER_BYTE = 1
const PAGE_SIZE = 4096
/** How much of a big block one step copies or clears before giving the machine a turn. */
const STEP = 1 << 20

/** Input that never comes: waiting on it is pause(), which no timer ends (the clock does not jump). */
const NEVER: InStream = { read: () => '', readable: () => false, close: () => {} }

/** A wait that only a signal ends (the shell wakes a killed command and ends it). */
function* dieOfSignal(): Generator<Wait, number, void> {
  for (;;) yield { kind: 'read', from: NEVER }
}

export function* dd(p: Proc): CommandGen {
  const ops: Record<string, string> = {}
  for (const a of p.argv.slice(1)) {
    const eq = a.indexOf('=')
    if (eq <= 0) {
      errmsg(p, `invalid argument '${a}'`)
      return 1
    }
    ops[a.slice(0, eq)] = a.slice(eq + 1)
  }
  const num = (k: string, def: number): number | null => (ops[k] === undefined ? def : ddNumber(ops[k]!))
  const bs = num('bs', 512)
  const count = num('count', Infinity)
  const skip = num('skip', 0)
  const seek = num('seek', 0)
  for (const [k, v] of [['bs', bs], ['count', count], ['skip', skip], ['seek', seek]] as const) {
    if (v === null || (k === 'bs' && v === 0)) {
      errmsg(p, `invalid number '${ops[k]}'`)
      return 1
    }
  }
  const conv = (ops.conv ?? '').split(',')
  const vfs = p.sys.vfs
  let inFile: OpenFile | null = null
  let outFile: OpenFile | null = null
  try {
    if (ops.if !== undefined) {
      try {
        inFile = vfs.open(ops.if, { read: true }, p.cwd)
      } catch (e) {
        perror(p, `can't open '${ops.if}'`, errnoOf(e))
        return 1
      }
    }
    if (ops.of !== undefined) {
      try {
        outFile = vfs.open(ops.of, { write: true, create: true, truncate: !conv.includes('notrunc') && seek === 0 }, p.cwd)
        if (seek! > 0 && outFile.inode.type === 'file') {
          // ftruncate(ofd, seek * obs) unless conv=notrunc: `count=0 seek=N` makes a sparse file of N blocks.
          if (!conv.includes('notrunc')) outFile.truncate(seek! * bs!)
          outFile.seek(seek! * bs!)
        }
      } catch (e) {
        perror(p, `can't open '${ops.of}'`, errnoOf(e))
        return 1
      }
    }
    const t0 = p.sys.clock.now()
    const rec = { inFull: 0, inPart: 0, outFull: 0, outPart: 0, bytes: 0 }
    /** dd_output_status(): the records and, unless status=noxfer, the throughput. */
    const report = (): void => {
      if (ops.status === 'none') return
      let s = `${rec.inFull}+${rec.inPart} records in\n${rec.outFull}+${rec.outPart} records out\n`
      if (ops.status !== 'noxfer') {
        const secs = Math.max(1e-6, (p.sys.clock.now() - t0) / 1e9)
        s += `${rec.bytes} bytes (${rec.bytes === 0 ? '0' : humanSize(rec.bytes)}B) copied, ${secs.toFixed(6)} seconds, ${humanSize(Math.floor(rec.bytes / secs))}B/s\n`
      }
      p.stderr.write(s)
    }
    let pendingText = ''
    /** One block (up to bs bytes) from the input; null at end of file. */
    const readBlock = function* (): Generator<Wait, Uint8Array | null, void> {
      if (inFile) {
        const parts: Uint8Array[] = []
        let got = 0
        while (got < bs!) {
          const d = inFile.read(bs! - got)
          if (d === null) {
            yield { kind: 'sleep', untilNs: p.sys.clock.now() + 10_000_000 }
            continue
          }
          if (d.length === 0) break
          parts.push(d)
          got += d.length
          if (inFile.inode.type === 'chr') break // a device gives what it has, like read(2)
        }
        if (got === 0) return null
        const out = new Uint8Array(got)
        let o = 0
        for (const x of parts) {
          out.set(x, o)
          o += x.length
        }
        return out
      }
      if (pendingText === '') {
        const d = yield* readChunk(p.stdin)
        if (d === null) return null
        pendingText = d
      }
      const bytes = utf8Encode(pendingText)
      pendingText = ''
      if (bytes.length > bs!) {
        unread(p.stdin, utf8Decode(bytes.subarray(bs!)))
        return bytes.subarray(0, bs!)
      }
      return bytes
    }
    const ua: UserMemory | null = bs! >= PAGE_SIZE ? p.sys.tasks?.uaccess?.(p.pid) ?? null : null
    if (ua) {
      // alloc_buf(): xmmap_anon(ibs); bb_die_memory_exhausted() if the mapping is refused.
      const buf = ua.mmap(bs!)
      if (buf < 0) {
        errmsg(p, 'out of memory')
        return 1
      }
      const dev = inFile && inFile.inode.type === 'chr' ? inFile.inode.ops : null
      /** safe_read(ifd, ibuf, ibs) into the user buffer: bytes read, 0 at EOF, -1 if a signal stopped it. */
      const readUser = function* (): Generator<Wait, number, void> {
        if (dev?.zeros) {
          // read_zero(): clear_user() a page at a time, the buffer faulted in as it goes.
          for (let off = 0; off < bs!; off += STEP) {
            const n = Math.min(STEP, bs! - off)
            if (ua.clear_user(buf + off, n) < n) return -1
            if (off + n < bs!) yield { kind: 'yield' }
          }
          return bs!
        }
        if (inFile) {
          let got = 0
          while (got < bs!) {
            const want = Math.min(STEP, bs! - got)
            const d = inFile.read(want)
            if (d === null) {
              if (got > 0) break
              yield { kind: 'sleep', untilNs: p.sys.clock.now() + 10_000_000 }
              continue
            }
            if (d.length === 0) break
            if (ua.copy_to_user(buf + got, d) < d.length) return -1
            got += d.length
            if (dev && d.length < want) break // a device gives what it has, like read(2)
          }
          return got
        }
        const block = yield* readBlock()
        if (block === null) return 0
        if (ua.copy_to_user(buf, block) < block.length) return -1
        return block.length
      }
      /** full_write(ofd, ibuf, n) from the user buffer; false when the output refused. */
      const writeUser = function* (n: number): Generator<Wait, boolean | null, void> {
        const piece = outFile ? STEP : p.stdout.writable ? PIPE_CAPACITY : STEP
        for (let off = 0; off < n; off += piece) {
          if (!outFile) while (p.stdout.writable && !p.stdout.writable()) yield { kind: 'write', to: p.stdout }
          const data = ua.copy_from_user(buf + off, Math.min(piece, n - off))
          if (data === null) return null
          if (outFile) {
            const at = outFile.pos
            try {
              outFile.write(data)
            } catch (e) {
              // full_write() returned a short count: those bytes are in the total, the block is not a record.
              rec.bytes += off + outFile.pos - at
              perror(p, `error writing '${ops.of}'`, errnoOf(e))
              return false
            }
          } else if (!(p.stdout.writeBytes ? p.stdout.writeBytes(data) : p.stdout.write(utf8Decode(data)))) {
            // A pipe whose reader left: SIGPIPE kills dd here, before it could report (its default action).
            yield { kind: 'yield' }
            perror(p, "error writing 'standard output'", p.stdout.errno || EIO)
            return false
          }
        }
        return true
      }
      let killed = false
      let failed = false
      for (let i = 0; i < skip!; i++) {
        const n = yield* readUser()
        if (n <= 0) {
          killed = n < 0
          break
        }
      }
      for (let k = 0; !killed && k < count!; k++) {
        const n = yield* readUser()
        if (n < 0) killed = true
        if (n <= 0) break
        if (n === bs) rec.inFull++
        else rec.inPart++
        p.sys.clock.advance(n * NS_PER_BYTE)
        const ok = yield* writeUser(n)
        if (ok === null) killed = true
        if (!ok) {
          failed = true
          break
        }
        if (n === bs) rec.outFull++
        else rec.outPart++
        rec.bytes += n
        yield { kind: 'yield' }
      }
      if (killed) return yield* dieOfSignal()
      report()
      return failed ? 1 : 0
    }
    for (let i = 0; i < skip!; i++) if ((yield* readBlock()) === null) break
    for (let n = 0; n < count!; n++) {
      const block = yield* readBlock()
      if (block === null) break
      if (block.length === bs) rec.inFull++
      else rec.inPart++
      p.sys.clock.advance(block.length * NS_PER_BYTE)
      let ok = true
      if (outFile) {
        try {
          outFile.write(block)
        } catch (e) {
          perror(p, `error writing '${ops.of}'`, errnoOf(e))
          ok = false
        }
      } else {
        // A full pipe blocks the writer until the reader takes some (the block stays held meanwhile).
        const step = p.stdout.writable ? PIPE_CAPACITY : block.length
        for (let off = 0; ok && off < block.length; off += step) {
          while (p.stdout.writable && !p.stdout.writable()) yield { kind: 'write', to: p.stdout }
          const piece = block.subarray(off, off + step)
          ok = p.stdout.writeBytes ? p.stdout.writeBytes(piece) : p.stdout.write(utf8Decode(piece))
        }
      }
      if (!ok) break
      if (block.length === bs) rec.outFull++
      else rec.outPart++
      rec.bytes += block.length
      yield { kind: 'yield' }
    }
    report()
    return 0
  } finally {
    inFile?.close()
    outFile?.close()
  }
}
