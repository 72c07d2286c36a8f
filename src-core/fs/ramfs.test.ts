import { describe, expect, it } from 'vitest'
import { boot_mm } from '../mm'
import { makeKernel } from '../mm/testing'
import { Processes } from '../kernel/fork'
import { Compaction } from '../mm/compaction'
import { NR_FILE_PAGES, NR_SHMEM } from '../mm/vmstat'
import { PageOwner } from '../mm/mmzone'
import { ENOSPC, errnoOf } from './errno'
import { RamFileOps } from './ramfs'
import { Vfs } from './vfs'
import { utf8Decode, utf8Encode } from './utf8'

/** A VFS on a booted 256 MB memory model with shmem's page cache attached, as Kernel.startInit does. */
function setup(memMB = 256) {
  const t = makeKernel(memMB)
  const mm = boot_mm(t.k, { parts: { user: false, pageTables: false } })
  const procs = new Processes(t.k, mm)
  expect(procs.boot()).toBe(true)
  const vfs = new Vfs()
  vfs.mkdirp('/etc')
  vfs.writeFile('/etc/motd', 'initramfs file\n')
  const tmp = vfs.newRamFs()
  vfs.mkdirp('/tmp')
  vfs.mount('/tmp', tmp, { source: 'tmpfs', fstype: 'tmpfs', options: 'rw,relatime' })
  vfs.attachPageCache(procs.shmem.page_cache(), mm.pa.totalram_pages)
  const ns = mm.pgdat.node_stat
  const counts = (): number[] => [ns[NR_FILE_PAGES]!, ns[NR_SHMEM]!]
  const ops = (path: string): RamFileOps => {
    const i = vfs.resolve(path).inode
    if (i.type !== 'file') throw new Error(path)
    return i.ops as RamFileOps
  }
  return { mm, procs, vfs, counts, ops }
}

describe('tmpfs page cache', () => {
  it("a file's bytes are its frames' bytes: shmem page-cache frames counted in Cached/Shmem, on the anon LRU", () => {
    const s = setup()
    const [files, shmem] = s.counts()
    s.vfs.writeFile('/tmp/a', 'hello, page cache\n')
    expect(s.counts()).toEqual([files + 1, shmem + 1])
    const pfn = s.ops('/tmp/a').pfnAt(0)
    expect(pfn).toBeGreaterThan(0)
    expect(s.mm.pgdat.owner[pfn - s.mm.pgdat.node_start_pfn]).toBe(PageOwner.PAGE_CACHE)
    expect(s.procs.pm.page_lru(pfn)).toBe(0) // LRU_INACTIVE_ANON: shmem is swap-backed
    expect(utf8Decode(s.mm.phys.peek(pfn)!.subarray(0, 18))).toBe('hello, page cache\n')
    // A write through the frame is what the next read sees.
    s.mm.phys.writeBytes(pfn * 4096, utf8Encode('J'))
    expect(s.vfs.readText('/tmp/a')).toBe('Jello, page cache\n')
  })

  it('holes have no page; truncate frees pages and zeroes the partial one; unlink of the last link frees the rest', () => {
    const s = setup()
    const [files] = s.counts()
    const f = s.vfs.open('/tmp/sparse', { write: true, create: true })
    f.seek(10 * 4096 + 100)
    f.write(utf8Encode('x'.repeat(5000)))
    f.close()
    const st = s.vfs.stat('/tmp/sparse')
    expect(st.size).toBe(10 * 4096 + 5100)
    expect(st.blocks).toBe(2 * 8)
    expect(s.counts()[0]).toBe(files + 2)
    expect(s.vfs.readFile('/tmp/sparse').subarray(0, 10 * 4096 + 100).every((b) => b === 0)).toBe(true)
    const g = s.vfs.open('/tmp/sparse', { write: true })
    g.truncate(10 * 4096 + 200)
    g.truncate(12 * 4096)
    g.close()
    expect(s.counts()[0]).toBe(files + 1)
    const data = s.vfs.readFile('/tmp/sparse')
    expect(data.length).toBe(12 * 4096)
    expect(utf8Decode(data.subarray(10 * 4096 + 100, 10 * 4096 + 200))).toBe('x'.repeat(100))
    expect(data.subarray(10 * 4096 + 200).every((b) => b === 0)).toBe(true)
    s.vfs.link('/tmp/sparse', '/tmp/second')
    s.vfs.unlink('/tmp/sparse')
    expect(s.counts()[0]).toBe(files + 1)
    s.vfs.unlink('/tmp/second')
    expect(s.counts()[0]).toBe(files)
  })

  it('rename over a file frees the replaced one', () => {
    const s = setup()
    const [files] = s.counts()
    s.vfs.writeFile('/tmp/a', 'a'.repeat(8192))
    s.vfs.writeFile('/tmp/b', 'b')
    expect(s.counts()[0]).toBe(files + 3)
    s.vfs.rename('/tmp/b', '/tmp/a')
    expect(s.counts()[0]).toBe(files + 1)
    expect(s.vfs.readText('/tmp/a')).toBe('b')
  })

  it('a tmpfs is limited to half of RAM (shmem_default_max_blocks): ENOSPC, with what fitted kept; rootfs is not', () => {
    const s = setup(128)
    const half = Math.floor(s.mm.pa.totalram_pages / 2)
    const f = s.vfs.open('/tmp/fill', { write: true, create: true })
    const mb = new Uint8Array(1 << 20).fill(0x5a)
    let err = 0
    for (let i = 0; i < 128 && !err; i++) {
      try {
        f.write(mb)
      } catch (e) {
        err = errnoOf(e)
      }
    }
    expect(err).toBe(ENOSPC)
    expect(s.vfs.stat('/tmp/fill').blocks / 8).toBe(half)
    expect(s.vfs.stat('/tmp/fill').size).toBe(half * 4096)
    f.close()
    s.vfs.unlink('/tmp/fill')
    // The root file system is a kernel mount without a limit: 80 MB on a 128 MB board fits.
    const r = s.vfs.open('/big', { write: true, create: true })
    for (let i = 0; i < 80; i++) r.write(mb)
    r.close()
    expect(s.vfs.stat('/big').size).toBe(80 << 20)
  })

  it('compaction moves a tmpfs file\'s pages: the file follows them, its bytes intact', () => {
    const s = setup()
    const compaction = new Compaction(s.mm, s.procs.pm, s.procs.shmem)
    const data = new Uint8Array(512 * 4096)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 12)) & 255
    s.vfs.writeFile('/tmp/pattern', data)
    const ops = s.ops('/tmp/pattern')
    const before = Array.from({ length: 512 }, (_, i) => ops.pfnAt(i))
    const counts = s.counts()
    compaction.compact_nodes()
    const after = Array.from({ length: 512 }, (_, i) => ops.pfnAt(i))
    expect(after.filter((p, i) => p !== before[i]!).length).toBeGreaterThan(0)
    expect(after.every((p) => p > 0 && s.mm.pgdat.owner[p - s.mm.pgdat.node_start_pfn] === PageOwner.PAGE_CACHE)).toBe(true)
    expect(s.counts()).toEqual(counts)
    const back = s.vfs.readFile('/tmp/pattern')
    expect(back.length).toBe(data.length)
    expect(back.findIndex((b, i) => b !== data[i])).toBe(-1)
    s.vfs.unlink('/tmp/pattern')
    expect(s.counts()[0]).toBe(counts[0]! - 512)
  })

  it('the initramfs files keep their JS bytes (counted by populate_rootfs) until truncated and rewritten', () => {
    const s = setup()
    const [files] = s.counts()
    expect(s.ops('/etc/motd').pfnAt(0)).toBe(-1)
    s.vfs.writeFile('/etc/motd', 'rewritten\n', { append: true })
    expect([s.ops('/etc/motd').pfnAt(0), s.counts()[0]]).toEqual([-1, files])
    expect(s.vfs.readText('/etc/motd')).toBe('initramfs file\nrewritten\n')
    s.vfs.writeFile('/etc/motd', 'new\n')
    expect(s.ops('/etc/motd').pfnAt(0)).toBeGreaterThan(0)
    expect(s.counts()[0]).toBe(files + 1)
    expect(s.vfs.readText('/etc/motd')).toBe('new\n')
  })
})
