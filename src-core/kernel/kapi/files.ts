/*
 * What a module offers user space: misc character devices
 * (misc_register -> /dev/NAME, major 10, file_operations open/read/write),
 * /proc entries (proc_create with struct proc_ops, proc_create_single with
 * a seq_file show function, proc_mkdir), seq_file (single_open, seq_open
 * with start/next/stop/show, seq_read, seq_printf/puts/putc) and the
 * uaccess copies.
 *
 * A user program's read() reaches the module through the VFS: the module's
 * function gets a struct file, a kernel bounce buffer as its `char __user *`
 * (copy_to_user/copy_from_user copy into and out of it) and &file->f_pos,
 * and runs on the task's kernel stack with the syscall's call chain, so a
 * bad pointer there is an Oops like in init.
 *
 * A misc device's open file lives as long as the VFS's OpenFile: open()
 * allocates the struct file (f_mode/f_flags from the open flags,
 * private_data = the miscdevice as misc_open sets it), takes a reference on
 * fops->owner (so rmmod fails while the device is open) and runs the
 * driver's open, whose error fails open(2); read/write return the driver's
 * count or its -errno; close (the last fput) runs flush and release and
 * drops the reference; ioctl(2) reaches unlocked_ioctl (vfs_ioctl:
 * -ENOTTY without one, -ENOIOCTLCMD becomes -ENOTTY); lseek(2) reaches
 * llseek (default_llseek, noop_llseek, no_llseek or the module's own;
 * -ESPIPE without one). compat_ioctl is never called: a 32-bit ARM kernel
 * has no compat syscalls.
 *
 * The generic ioctls (FIOCLEX, FIONBIO ...) are fs/ioctl.ts's sys_ioctl,
 * which the user programs' syscall layer calls before it reaches here.
 *
 * Left out: poll, mmap, fasync.
 */

import type { CValue, NativeFn, Runtime } from '../../cc/index'
import type { KFrame } from '../context'
import type { Kmem } from '../../mm/kmem'
import type { KernelCMemory } from './memory'
import { bytesToText, vsprintf, type VsprintfEnv } from '../vsprintf'
import type { CharDevOps } from '../../fs/inode'
import { EINVAL, ENODEV, ENOTTY, ENXIO, ESPIPE, FsError } from '../../fs/errno'

/** What the file natives need from the loader. */
export interface FilesHost {
  kmem: Kmem
  mem: KernelCMemory
  vfs: FilesVfs | null
  /** Call a module function by address with the frames of a syscall below it; null if it crashed (Oops). */
  callModule(addr: number, args: CValue[], frames: KFrame[]): number | null
  /** The module whose text holds `addr`, for ownership of what it registers. */
  moduleAt(addr: number): string | null
  symbolize(addr: number, withOffset: boolean): string | null
  /** try_module_get(THIS_MODULE address): false when the module is going away. */
  moduleGet?(addr: number): boolean
  modulePut?(addr: number): void
}

/** The parts of the VFS this needs. */
export interface FilesVfs {
  registerDynamic(path: string, ops: { read(): string; write?(text: string): number }, opts?: { mode?: number }): void
  registerDynamicDir?(path: string, ops: unknown): void
  unregister(path: string): void
  mknod(path: string, major: number, minor: number, ops: CharDevOps, mode?: number): void
  unlink(path: string, cwd?: string): void
  mkdirp?(path: string): unknown
}

const u = (v: CValue | undefined): number => Number(v ?? 0) >>> 0

/* struct layouts (ILP32, see include/linux/fs.h, proc_fs.h, seq_file.h, miscdevice.h of the include tree) */
const FILE = { f_flags: 0, f_mode: 4, f_pos: 8, private_data: 16, f_inode: 20, size: 24 }
const INODE = { i_mode: 0, i_ino: 4, i_rdev: 8, i_size: 16, i_private: 24, size: 32 }
const FOPS = { owner: 0, llseek: 4, read: 8, write: 12, poll: 16, unlocked_ioctl: 20, compat_ioctl: 24, mmap: 28, open: 32, flush: 36, release: 40 }
/* include/linux/fs.h f_mode bits; include/uapi/asm-generic/fcntl.h f_flags */
const FMODE_READ = 0x1
const FMODE_WRITE = 0x2
const FMODE_LSEEK = 0x4
const FMODE_PREAD = 0x8
const FMODE_PWRITE = 0x10
const O_WRONLY = 0o1
const O_RDWR = 0o2
const O_APPEND = 0o2000
const O_LARGEFILE = 0o400000
const ENOIOCTLCMD = 515
const POPS = { proc_open: 4, proc_read: 8, proc_write: 12, proc_lseek: 16, proc_release: 20 }
const SEQ = { buf: 0, size: 4, from: 8, count: 12, index: 16, op: 24, private: 28, size_: 32 }
const SEQOPS = { start: 0, stop: 4, next: 8, show: 12 }
const MISC = { minor: 0, name: 4, fops: 8 }
const MISC_MAJOR = 10
const MAX_ERRNO = 4095
/** Stands for seq_read as the read function of a show-only /proc entry. */
const SEQ_READ = 1

interface SeqState {
  out: number[]
  /** single_open's show, or 0 with seq_open's ops */
  show: number
  ops: number
  done: boolean
}

interface ProcEntry {
  path: string
  mode: number
  /** struct proc_ops *, or 0 for a show-only (proc_create_single) entry */
  ops: number
  show: number
  data: number
  module: string | null
  isDir: boolean
}

export class ModuleFiles {
  readonly seq = new Map<number, SeqState>()
  /** proc_dir_entry address -> entry */
  readonly proc = new Map<number, ProcEntry>()
  /** miscdevice address -> /dev path */
  readonly misc = new Map<number, { path: string; minor: number; module: string | null }>()
  private nextPde = 0x100
  private miscMinors = new Set<number>()

  constructor(readonly h: FilesHost) {}

  private get m(): KernelCMemory {
    return this.h.mem
  }

  /** Addresses the C code sees for native entry points (seq_read as a proc_read, ...). */
  private nativeAt(rt: Runtime | null, addr: number): string | null {
    if (!rt) return null
    const s = rt.img.symbols.find((x) => x.kind === 'native' && x.addr === addr)
    return s ? s.name : null
  }

  private kzalloc(n: number): number {
    return this.h.kmem.kzalloc(n, 0xcc0) >>> 0
  }

  /* ---- seq_file ---- */
  private seqOpen(file: number, show: number, ops: number, data: number): number {
    const m = this.kzalloc(SEQ.size_)
    if (!m) return -12
    this.m.store32(m + SEQ.op, ops)
    this.m.store32(m + SEQ.private, data)
    this.m.store32(file + FILE.private_data, m)
    this.seq.set(m, { out: [], show, ops, done: false })
    return 0
  }

  /** Run the show functions once, collecting the whole output (seq_read's buffer). */
  private seqFill(m: number, st: SeqState, frames: KFrame[]): boolean {
    if (st.done) return true
    st.done = true
    if (st.show) return this.h.callModule(st.show, [m, 1], frames) !== null
    const posAddr = m + SEQ.index
    this.m.store32(posAddr, 0)
    this.m.store32(posAddr + 4, 0)
    let p = this.h.callModule(this.m.load32(st.ops + SEQOPS.start) >>> 0, [m, posAddr], frames)
    let guard = 0
    while (p !== null && p !== 0 && (p >>> 0) < 0x100000000 - MAX_ERRNO && guard++ < 100000) {
      if (this.h.callModule(this.m.load32(st.ops + SEQOPS.show) >>> 0, [m, p >>> 0], frames) === null) return false
      p = this.h.callModule(this.m.load32(st.ops + SEQOPS.next) >>> 0, [m, p >>> 0, posAddr], frames)
    }
    if (p === null) return false
    this.h.callModule(this.m.load32(st.ops + SEQOPS.stop) >>> 0, [m, p >>> 0], frames)
    return true
  }

  /** seq_read(file, ubuf, size, ppos) */
  seqRead(file: number, ubuf: number, size: number, ppos: number, frames: KFrame[]): number {
    const m = this.m.load32(file + FILE.private_data) >>> 0
    const st = this.seq.get(m)
    if (!st) return -22
    if (!this.seqFill(m, st, frames)) return -14
    const pos = this.m.load32(ppos) >>> 0
    const n = Math.max(0, Math.min(size, st.out.length - pos))
    for (let i = 0; i < n; i++) this.m.store8(ubuf + i, st.out[pos + i]!)
    this.m.store32(ppos, pos + n)
    return n
  }

  /* ---- calling the module's file operations ---- */
  private call(fn: number, args: CValue[], frames: KFrame[], rt: Runtime | null): number | null {
    if (!fn) return 0
    if (fn === SEQ_READ) return this.seqRead(u(args[0]), u(args[1]), u(args[2]), u(args[3]), frames)
    const native = this.nativeAt(rt, fn)
    if (native === 'seq_read') return this.seqRead(u(args[0]), u(args[1]), u(args[2]), u(args[3]), frames)
    if (native === 'seq_release' || native === 'single_release') return this.release(u(args[1]))
    if (native === 'seq_lseek' || native === 'default_llseek' || native === 'no_llseek') return 0
    return this.h.callModule(fn, args, frames)
  }

  private release(file: number): number {
    const m = this.m.load32(file + FILE.private_data) >>> 0
    if (this.seq.delete(m)) this.h.kmem.kfree(m)
    return 0
  }

  /** One open file: struct file + struct inode in kernel memory. */
  private openFile(iPrivate: number, rdev: number): { file: number; inode: number } | null {
    const inode = this.kzalloc(INODE.size)
    const file = this.kzalloc(FILE.size)
    if (!inode || !file) return null
    this.m.store16(inode + INODE.i_mode, 0o20666)
    this.m.store32(inode + INODE.i_rdev, rdev)
    this.m.store32(inode + INODE.i_private, iPrivate)
    this.m.store32(file + FILE.f_inode, inode)
    this.m.store32(file + FILE.f_mode, 3)
    return { file, inode }
  }

  /** default_llseek (fs/read_write.c) over struct file's f_pos and the inode's i_size. */
  defaultLlseek(file: number, offset: number, whence: number): number {
    const inode = this.m.load32(file + FILE.f_inode) >>> 0
    const size = inode ? this.m.load32(inode + INODE.i_size) >>> 0 : 0
    const cur = this.m.load32(file + FILE.f_pos) >>> 0
    let off = offset
    if (whence === 2) off += size
    else if (whence === 1) {
      if (offset === 0) return cur
      off += cur
    } else if (whence === 3) {
      if (offset >= size) return -ENXIO
    } else if (whence === 4) {
      if (offset >= size) return -ENXIO
      off = size
    }
    if (off < 0) return -EINVAL
    this.m.store32(file + FILE.f_pos, off >>> 0)
    this.m.store32(file + FILE.f_pos + 4, Math.floor(off / 0x100000000))
    return off
  }

  /** vfs_llseek through a file_operations.llseek pointer (a kernel helper or the module's function). */
  private llseek(fn: number, file: number, offset: number, whence: number, frames: KFrame[], rt: Runtime | null): number {
    if (!fn) return -ESPIPE
    const native = this.nativeAt(rt, fn)
    if (native === 'default_llseek' || native === 'seq_lseek' || native === 'generic_file_llseek') return this.defaultLlseek(file, offset, whence)
    if (native === 'noop_llseek') return this.m.load32(file + FILE.f_pos) >>> 0
    if (native === 'no_llseek') return -ESPIPE
    const r = this.h.callModule(fn, [file, BigInt(offset), whence], frames)
    return r === null ? -EINVAL : r
  }

  private closeFile(of: { file: number; inode: number }, releaseFn: number, frames: KFrame[], rt: Runtime | null): void {
    if (releaseFn) this.call(releaseFn, [of.inode, of.file], frames, rt)
    this.h.kmem.kfree(of.file)
    this.h.kmem.kfree(of.inode)
  }

  /** read(2) through fops->read into a bounce buffer; a negative return is EOF here (see readOrErr). */
  private doRead(readFn: number, file: number, max: number, frames: KFrame[], rt: Runtime | null): Uint8Array | null {
    const r = this.readOrErr(readFn, file, max, frames, rt)
    return typeof r === 'number' ? new Uint8Array(0) : r
  }

  /** read(2) through fops->read: the bytes, or the driver's -errno. */
  private readOrErr(readFn: number, file: number, max: number, frames: KFrame[], rt: Runtime | null): Uint8Array | number {
    const n = Math.max(1, Math.min(max, 65536))
    const buf = this.h.kmem.kmalloc(n, 0xcc0) >>> 0
    if (!buf) return new Uint8Array(0)
    try {
      const r = this.call(readFn, [file, buf, n, file + FILE.f_pos], frames, rt)
      if (r === null) return new Uint8Array(0)
      if (r < 0) return r
      if (r === 0) return new Uint8Array(0)
      const out = new Uint8Array(Math.min(r, n))
      for (let i = 0; i < out.length; i++) out[i] = this.m.load8(buf + i)
      return out
    } finally {
      this.h.kmem.kfree(buf)
    }
  }

  private doWrite(writeFn: number, file: number, data: Uint8Array, frames: KFrame[], rt: Runtime | null): number {
    if (!writeFn) return -22
    const buf = this.h.kmem.kmalloc(Math.max(1, data.length), 0xcc0) >>> 0
    if (!buf) return -12
    try {
      for (let i = 0; i < data.length; i++) this.m.store8(buf + i, data[i]!)
      const r = this.call(writeFn, [file, buf, data.length, file + FILE.f_pos], frames, rt)
      return r === null ? -14 : r | 0
    } finally {
      this.h.kmem.kfree(buf)
    }
  }

  /* ---- /proc ---- */
  private procPath(name: string, parent: number): string {
    const p = parent ? this.proc.get(parent) : undefined
    return `${p ? p.path : '/proc'}/${name}`
  }

  private procRegister(e: ProcEntry, rtOf: () => Runtime | null): number {
    const addr = 0xc0e02000 + this.nextPde
    this.nextPde += 0x40
    this.proc.set(addr, e)
    const vfs = this.h.vfs
    if (!vfs) return addr
    if (e.isDir) {
      vfs.mkdirp?.(e.path)
      return addr
    }
    const frames = (sys: string): KFrame[] => [
      { fn: 'ret_fast_syscall', off: 0, size: 0x54 },
      { fn: sys, off: sys === 'sys_read' ? 0x68 : 0x68, size: 0xe4 },
      { fn: sys === 'sys_read' ? 'vfs_read' : 'vfs_write', off: 0xac, size: 0x2f4 },
      { fn: sys === 'sys_read' ? 'proc_reg_read' : 'proc_reg_write', off: 0x70, size: 0xcc }
    ]
    const read = (): string => {
      const rt = rtOf()
      const of = this.openFile(e.data, 0)
      if (!of) return ''
      const fr = frames('sys_read')
      let text: number[] = []
      try {
        if (e.ops) {
          const open = this.m.load32(e.ops + POPS.proc_open) >>> 0
          if (open && (this.call(open, [of.inode, of.file], fr, rt) ?? -1) < 0) return ''
          const readFn = this.m.load32(e.ops + POPS.proc_read) >>> 0
          if (!readFn) return ''
          for (let i = 0; i < 4096; i++) {
            const chunk = this.doRead(readFn, of.file, 4096, fr, rt)
            if (!chunk || chunk.length === 0) break
            text = text.concat(Array.from(chunk))
          }
        } else {
          this.seqOpen(of.file, e.show, 0, e.data)
          for (let i = 0; i < 4096; i++) {
            const chunk = this.doRead(SEQ_READ, of.file, 4096, fr, null)
            if (!chunk || chunk.length === 0) break
            text = text.concat(Array.from(chunk))
          }
        }
      } finally {
        this.closeFile(of, e.ops ? this.m.load32(e.ops + POPS.proc_release) >>> 0 : 0, fr, rt)
        if (!e.ops) this.release(of.file)
      }
      return bytesToText(text)
    }
    const writeFn = e.ops ? this.m.load32(e.ops + POPS.proc_write) >>> 0 : 0
    const write = writeFn
      ? (t: string): number => {
          const rt = rtOf()
          const of = this.openFile(e.data, 0)
          if (!of) return -12
          const fr = frames('sys_write')
          try {
            const open = this.m.load32(e.ops + POPS.proc_open) >>> 0
            if (open && (this.call(open, [of.inode, of.file], fr, rt) ?? -1) < 0) return -5
            const bytes = Uint8Array.from(unescape(encodeURIComponent(t)), (c) => c.charCodeAt(0))
            return this.doWrite(writeFn, of.file, bytes, fr, rt)
          } finally {
            this.closeFile(of, this.m.load32(e.ops + POPS.proc_release) >>> 0, fr, rt)
          }
        }
      : undefined
    vfs.registerDynamic(e.path, { read, write }, { mode: e.mode & 0o777 || 0o444 })
    return addr
  }

  /** Everything a module registered goes away with it (remove_proc_entry/misc_deregister it forgot). */
  dropModule(name: string): void {
    for (const [a, e] of this.proc) if (e.module === name) this.procRemove(a)
    for (const [a, d] of this.misc) if (d.module === name) this.miscDeregister(a)
  }

  private procRemove(addr: number): void {
    const e = this.proc.get(addr)
    if (!e) return
    this.proc.delete(addr)
    for (const [a, x] of this.proc) if (x.path.startsWith(e.path + '/')) this.procRemove(a)
    try {
      if (!e.isDir) this.h.vfs?.unregister(e.path)
    } catch {
      /* already gone */
    }
  }

  /* ---- misc devices ---- */
  private miscRegister(misc: number, rtOf: () => Runtime | null, module: string | null): number {
    let minor = this.m.load32(misc + MISC.minor) | 0
    if (minor === 255) {
      minor = 127
      while (this.miscMinors.has(minor) && minor > 0) minor--
      this.m.store32(misc + MISC.minor, minor)
    } else if (this.miscMinors.has(minor)) return -16
    const name = this.m.cstring(this.m.load32(misc + MISC.name) >>> 0) ?? ''
    const fops = this.m.load32(misc + MISC.fops) >>> 0
    const path = `/dev/${name}`
    const frames = (sys: string, vfsFn: string): KFrame[] => [
      { fn: 'ret_fast_syscall', off: 0, size: 0x54 },
      { fn: sys, off: 0x68, size: 0xe4 },
      { fn: vfsFn, off: 0xac, size: 0x2f4 }
    ]
    const rdev = (MISC_MAJOR << 20) | minor
    const fop = (field: number): number => this.m.load32(fops + field) >>> 0
    const opened = (flags: { read?: boolean; write?: boolean; append?: boolean } = { read: true, write: true }): CharDevOps => {
      const rt = rtOf()
      // misc_open(): fops_get() takes a reference on fops->owner
      const owner = fop(FOPS.owner)
      if (owner && this.h.moduleGet && !this.h.moduleGet(owner)) throw new FsError(ENODEV)
      const put = (): void => {
        if (owner) this.h.modulePut?.(owner)
      }
      const of = this.openFile(0, rdev)
      if (!of) {
        put()
        throw new FsError(12)
      }
      const fmode = (flags.read ? FMODE_READ : 0) | (flags.write ? FMODE_WRITE : 0) | FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE
      const fflags = (flags.read && flags.write ? O_RDWR : flags.write ? O_WRONLY : 0) | (flags.append ? O_APPEND : 0) | O_LARGEFILE
      this.m.store32(of.file + FILE.f_mode, fmode)
      this.m.store32(of.file + FILE.f_flags, fflags)
      // misc_open() sets file->private_data to the miscdevice before calling the driver's open
      this.m.store32(of.file + FILE.private_data, misc)
      const openFn = fop(FOPS.open)
      if (openFn) {
        const r = this.call(openFn, [of.inode, of.file], frames('sys_openat', 'do_sys_openat2'), rt)
        if (r === null || r < 0) {
          this.h.kmem.kfree(of.file)
          this.h.kmem.kfree(of.inode)
          put()
          throw new FsError(r === null ? 14 : -r)
        }
      }
      let released = false
      const ops: CharDevOps = {
        read: (max) => {
          const r = this.readOrErr(fop(FOPS.read), of.file, max, frames('sys_read', 'vfs_read'), rt)
          if (typeof r === 'number') throw new FsError(-r)
          return r
        },
        write: (data) => {
          const writeFn = fop(FOPS.write)
          if (!writeFn) throw new FsError(EINVAL)
          const r = this.doWrite(writeFn, of.file, data, frames('sys_write', 'vfs_write'), rt)
          if (r < 0) throw new FsError(-r)
          return r
        },
        release: () => {
          if (released) return
          released = true
          // filp_close() -> flush, then the last fput -> __fput() -> release, fops_put()
          const flushFn = fop(FOPS.flush)
          if (flushFn) this.call(flushFn, [of.file, 0], frames('sys_close', 'filp_close'), rt)
          this.closeFile(of, fop(FOPS.release), [{ fn: 'ret_fast_syscall', off: 0, size: 0x54 }, { fn: 'task_work_run', off: 0x9c, size: 0xd4 }, { fn: '__fput', off: 0x78, size: 0x248 }], rt)
          put()
        },
        ioctl: (cmd, arg) => {
          const fn = fop(FOPS.unlocked_ioctl)
          if (!fn) return -ENOTTY
          const r = this.call(fn, [of.file, cmd >>> 0, arg >>> 0], [{ fn: 'ret_fast_syscall', off: 0, size: 0x54 }, { fn: 'sys_ioctl', off: 0x4c, size: 0x9c }], rt)
          if (r === null) return -14
          return r === -ENOIOCTLCMD ? -ENOTTY : r
        }
      }
      if (fop(FOPS.llseek)) ops.llseek = (offset, whence) => this.llseek(fop(FOPS.llseek), of.file, offset, whence, frames('sys_lseek', 'vfs_llseek'), rt)
      return ops
    }
    try {
      this.h.vfs?.mknod(path, MISC_MAJOR, minor, { read: () => new Uint8Array(0), write: (d) => d.length, open: opened }, 0o600)
    } catch {
      return -17
    }
    this.miscMinors.add(minor)
    this.misc.set(misc, { path, minor, module })
    return 0
  }

  private miscDeregister(misc: number): void {
    const d = this.misc.get(misc)
    if (!d) return
    this.misc.delete(misc)
    this.miscMinors.delete(d.minor)
    try {
      this.h.vfs?.unlink(d.path)
    } catch {
      /* removed by hand */
    }
  }

  /** The natives: /proc, seq_file, misc devices, uaccess. */
  natives(env: () => VsprintfEnv): Record<string, NativeFn> {
    void this.h.symbolize
    const m = (): KernelCMemory => this.h.mem
    const append = (seqAddr: number, bytes: readonly number[]): void => {
      const st = this.seq.get(seqAddr >>> 0)
      if (st) for (const b of bytes) st.out.push(b)
    }
    // uaccess_save_and_enable(): the copies may touch user pages (the caller made them present).
    const uaccess = (fn: NativeFn): NativeFn => (a, rt) => {
      const mmu = m().mmu
      const prev = mmu.uaccess
      mmu.uaccess = true
      try {
        return fn(a, rt)
      } finally {
        mmu.uaccess = prev
      }
    }
    const rtOfModule = (rt: Runtime): (() => Runtime | null) => () => rt
    const owner = (rt: Runtime): string | null => this.h.moduleAt(rt.img.textBase)
    return {
      proc_create: (a, rt) =>
        this.procRegister({ path: this.procPath(m().cstring(u(a[0])) ?? '', u(a[2])), mode: u(a[1]), ops: u(a[3]), show: 0, data: 0, module: owner(rt), isDir: false }, rtOfModule(rt)),
      proc_create_data: (a, rt) =>
        this.procRegister({ path: this.procPath(m().cstring(u(a[0])) ?? '', u(a[2])), mode: u(a[1]), ops: u(a[3]), show: 0, data: u(a[4]), module: owner(rt), isDir: false }, rtOfModule(rt)),
      proc_create_single_data: (a, rt) =>
        this.procRegister({ path: this.procPath(m().cstring(u(a[0])) ?? '', u(a[2])), mode: u(a[1]), ops: 0, show: u(a[3]), data: u(a[4]), module: owner(rt), isDir: false }, rtOfModule(rt)),
      proc_mkdir: (a, rt) =>
        this.procRegister({ path: this.procPath(m().cstring(u(a[0])) ?? '', u(a[1])), mode: 0o555, ops: 0, show: 0, data: 0, module: owner(rt), isDir: true }, rtOfModule(rt)),
      proc_remove: (a) => this.procRemove(u(a[0])),
      remove_proc_entry: (a) => {
        const path = this.procPath(m().cstring(u(a[0])) ?? '', u(a[1]))
        for (const [addr, e] of this.proc) if (e.path === path) this.procRemove(addr)
      },
      pde_data: (a) => m().load32(u(a[0]) + INODE.i_private) >>> 0,
      single_open: (a) => this.seqOpen(u(a[0]), u(a[1]), 0, u(a[2])),
      seq_open: (a) => this.seqOpen(u(a[0]), 0, u(a[1]), 0),
      seq_read: (a) => this.seqRead(u(a[0]), u(a[1]), u(a[2]), u(a[3]), []),
      seq_lseek: () => 0,
      seq_release: (a) => this.release(u(a[1])),
      single_release: (a) => this.release(u(a[1])),
      seq_printf: (a, rt) => append(u(a[0]), vsprintf(env(), u(a[1]), rt.va(u(a[a.length - 1])))),
      seq_puts: (a) => {
        const s = m().cstring(u(a[1]), 1 << 20) ?? ''
        append(u(a[0]), Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0)).map((x) => x & 0xff))
      },
      seq_putc: (a) => append(u(a[0]), [Number(a[1]) & 0xff]),
      misc_register: (a, rt) => this.miscRegister(u(a[0]), rtOfModule(rt), owner(rt)),
      misc_deregister: (a) => this.miscDeregister(u(a[0])),
      register_chrdev: (a) => (u(a[0]) === 0 ? 240 : 0),
      unregister_chrdev: () => undefined,
      nonseekable_open: () => 0,
      no_llseek: () => BigInt(-ESPIPE),
      noop_llseek: (a) => BigInt(m().load32(u(a[0]) + FILE.f_pos) >>> 0),
      default_llseek: (a) => BigInt(this.defaultLlseek(u(a[0]), Number(a[1]), Number(a[2]))),
      copy_to_user: uaccess((a) => copyBytes(m(), u(a[0]), u(a[1]), u(a[2]))),
      copy_from_user: uaccess((a) => copyBytes(m(), u(a[0]), u(a[1]), u(a[2]))),
      strncpy_from_user: uaccess((a) => {
        const d = u(a[0])
        const s = u(a[1])
        const n = Number(a[2]) | 0
        for (let i = 0; i < n; i++) {
          const c = m().peek8(s + i)
          if (c < 0) return -14
          m().store8(d + i, c)
          if (!c) return i
        }
        return n
      }),
      __get_user_4: uaccess((a) => {
        const v = m().peek32(u(a[1]))
        if (v === null) return -14
        m().store32(u(a[0]), v)
        return 0
      }),
      __put_user_4: uaccess((a) => (copyWord(m(), u(a[1]), u(a[0])) ? 0 : -14)),
      simple_read_from_buffer: uaccess((a) => {
        const to = u(a[0])
        const count = u(a[1])
        const ppos = u(a[2])
        const from = u(a[3])
        const avail = u(a[4])
        const pos = m().load32(ppos) >>> 0
        if (pos >= avail || !count) return 0
        const n = Math.min(count, avail - pos)
        const left = copyBytes(m(), to, from + pos, n)
        if (left === n) return -14
        m().store32(ppos, pos + n - left)
        return n - left
      }),
      simple_write_to_buffer: uaccess((a) => {
        const to = u(a[0])
        const avail = u(a[1])
        const ppos = u(a[2])
        const from = u(a[3])
        const count = u(a[4])
        const pos = m().load32(ppos) >>> 0
        if (pos >= avail || !count) return 0
        const n = Math.min(count, avail - pos)
        const left = copyBytes(m(), to + pos, from, n)
        if (left === n) return -14
        m().store32(ppos, pos + n - left)
        return n - left
      })
    }
  }
}

/** copy_{to,from}_user over kernel memory: bytes NOT copied (0 = all). */
function copyBytes(m: KernelCMemory, d: number, s: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const c = m.peek8((s + i) >>> 0)
    if (c < 0) return n - i
    try {
      m.store8((d + i) >>> 0, c)
    } catch {
      return n - i
    }
  }
  return 0
}

function copyWord(m: KernelCMemory, d: number, v: number): boolean {
  try {
    m.store32(d, v)
    return true
  } catch {
    return false
  }
}

