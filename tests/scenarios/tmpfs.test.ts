/*
 * tmpfs files in the page cache, from the console: what a file written to
 * /tmp does to /proc/meminfo and free, drop_caches leaving shmem alone,
 * tmpfs's size limit, filling the unlimited rootfs into the OOM killer, and
 * a swap file letting a hog that would be OOM-killed survive.
 */

import { describe, expect, it } from 'vitest'
import { afterBoot, outputOf, runScript } from '../helpers/run'

/** The console text between the line that typed `cmd` (its n-th occurrence) and the next prompt. */

/** /proc/meminfo fields (kB) from a `cat /proc/meminfo`. */
function meminfo(lines: string[]): Record<string, number> {
  const m: Record<string, number> = {}
  for (const l of lines) {
    const r = /^([\w()]+):\s+(\d+)/.exec(l)
    if (r) m[r[1]!] = Number(r[2])
  }
  return m
}

/** `free`'s Mem: line as numbers: total used free shared buff/cache available. */
function freeMem(lines: string[]): number[] {
  return lines.find((l) => l.startsWith('Mem:'))!.split(/\s+/).slice(1).map(Number)
}

describe('tmpfs page cache from the console', () => {
  it('dd of=/tmp/big bs=1M count=100 raises Shmem and Cached by 100 MB; drop_caches keeps them; rm gives them back', () => {
    const r = runScript([
      'cat /proc/meminfo',
      'free',
      'dd if=/dev/zero of=/tmp/big bs=1M count=100',
      'dd if=/dev/zero of=/tmp/sparse bs=1M count=0 seek=50',
      'df /tmp',
      'cat /proc/meminfo',
      'free',
      'echo 3 > /proc/sys/vm/drop_caches',
      'cat /proc/meminfo',
      'rm /tmp/big',
      'cat /proc/meminfo'
    ])
    const out = afterBoot(r.output)
    expect(r.faults).toEqual([])
    const [m0, m1, m2, m3] = [0, 1, 2, 3].map((n) => meminfo(outputOf(out, 'cat /proc/meminfo', n)))
    expect(outputOf(out, 'dd if=/dev/zero of=/tmp/big bs=1M count=100').slice(0, 2)).toEqual(['100+0 records in', '100+0 records out'])
    // df: shmem_statfs's used blocks, the 50 MB sparse file holding none.
    expect(outputOf(out, 'df /tmp')[1]).toMatch(/^tmpfs\s+\d+\s+102400\s+\d+\s+\d+% \/tmp$/)
    expect(m1.Shmem! - m0.Shmem!).toBe(102400)
    expect(m1.Cached! - m0.Cached!).toBe(102400)
    expect(m0.MemFree! - m1.MemFree!).toBeGreaterThanOrEqual(102400)
    // shmem pages sit on the anon LRU (swap-backed): not "available", not on the file lists.
    expect(m1['Inactive(anon)']! - m0['Inactive(anon)']!).toBeGreaterThanOrEqual(102400)
    expect(m1['Inactive(file)']).toBe(m0['Inactive(file)'])
    expect(m0.MemAvailable! - m1.MemAvailable!).toBeGreaterThanOrEqual(102400)
    // free: shared and buff/cache follow Shmem and Cached, available drops with them.
    const [f0, f1] = [0, 1].map((n) => freeMem(outputOf(out, 'free', n)))
    expect(f1[3]! - f0[3]!).toBe(102400)
    expect(f1[4]! - f0[4]!).toBe(102400)
    expect(f0[5]! - f1[5]!).toBeGreaterThanOrEqual(102400)
    // echo 3 > drop_caches: every page cache page on this board is tmpfs, which it cannot drop.
    expect(out).toMatch(/\] init \(1\): drop_caches: 3\n/)
    expect([m2.Shmem, m2.Cached]).toEqual([m1.Shmem, m1.Cached])
    // rm: the pages go back to the allocator.
    expect([m3.Shmem, m3.Cached]).toEqual([m0.Shmem, m0.Cached])
    expect(Math.abs(m3.MemFree! - m0.MemFree!)).toBeLessThan(1024)
  })

  it('/dev/shm is limited to half of RAM: ENOSPC (dd reports it), df shows it full', () => {
    const r = runScript(['dd if=/dev/zero of=/dev/shm/fill bs=1M count=600', 'echo rc=$?', 'df /dev/shm', 'grep MemTotal /proc/meminfo'])
    const out = afterBoot(r.output)
    const dd = outputOf(out, 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=600')
    const memTotal = Number(/MemTotal:\s+(\d+)/.exec(out)![1])
    const half = Math.floor(memTotal / 4 / 2) * 4
    expect(dd[0]).toBe("dd: error writing '/dev/shm/fill': No space left on device")
    expect(dd[1]).toBe(`${Math.floor(half / 1024) + 1}+0 records in`)
    expect(dd[2]).toBe(`${Math.floor(half / 1024)}+0 records out`)
    expect(dd[3]).toMatch(new RegExp(`^${half * 1024} bytes \\(`))
    expect(outputOf(out, 'echo rc=$?')).toEqual(['rc=1'])
    expect(outputOf(out, 'df /dev/shm')[1]).toMatch(new RegExp(`^tmpfs\\s+${half}\\s+${half}\\s+0 100% /dev/shm$`))
  })

  it('mount -t tmpfs -o size=1m: /proc/mounts shows size=1024k and the 257th page is ENOSPC', () => {
    const r = runScript(['mkdir /small', 'mount -t tmpfs -o size=1m tmpfs /small', 'grep small /proc/mounts', 'dd if=/dev/zero of=/small/f bs=4k count=300'])
    const out = afterBoot(r.output)
    expect(outputOf(out, 'grep small /proc/mounts')).toEqual(['tmpfs /small tmpfs rw,relatime,size=1024k 0 0'])
    expect(outputOf(out, 'dd if=/dev/zero of=/small/f bs=4k count=300').slice(0, 3)).toEqual([
      "dd: error writing '/small/f': No space left on device",
      '257+0 records in',
      '256+0 records out'
    ])
  })

  it('filling the rootfs (no size limit) ends in the OOM killer, invoked from the tmpfs write path; the pages stay until rm', () => {
    const r = runScript(['dd if=/dev/zero of=/root/fill bs=1M count=1200', 'echo rc=$?', 'grep Shmem: /proc/meminfo', 'rm /root/fill', 'grep Shmem: /proc/meminfo'])
    const out = afterBoot(r.output)
    expect(r.faults).toEqual([])
    expect(out).toMatch(/\] dd invoked oom-killer: gfp_mask=0x100cca\(GFP_HIGHUSER_MOVABLE\), order=0, oom_score_adj=0\n/)
    expect(out).toMatch(/\]  vma_alloc_folio from shmem_alloc_folio\+0x[0-9a-f]+\/0x[0-9a-f]+\n/)
    expect(out).toMatch(/\]  shmem_write_begin from generic_perform_write\+/)
    expect(out).toMatch(/\] Out of memory: Killed process \d+ \(dd\) /)
    expect(outputOf(out, 'echo rc=$?')).toEqual(['rc=137'])
    const shm = [...out.matchAll(/^Shmem:\s+(\d+) kB$/gm)].map((m) => Number(m[1]))
    expect(shm[0]).toBeGreaterThan(900 * 1024) // tmpfs pages are not reclaimable: the OOM kill does not free them
    expect(shm[1]).toBeLessThan(4096)
  })
})

describe('swap lets the same hog survive', () => {
  const hog = 'memhog 1000m 1'
  it('without swap a 1000 MB hog on a 1 GB board is OOM-killed; with a sparse 512 MB swap file on the rootfs it finishes', () => {
    const none = afterBoot(runScript([hog, 'echo rc=$?']).output)
    expect(none).toMatch(/\] Out of memory: Killed process \d+ \(memhog\) /)
    expect(outputOf(none, 'echo rc=$?')).toEqual(['rc=137'])
    const r = runScript([
      // A sparse file (ftruncate by dd seek=): the swap area takes no tmpfs pages.
      'dd if=/dev/zero of=/swapfile bs=1M count=0 seek=512',
      'grep Shmem: /proc/meminfo',
      'mkswap /swapfile',
      'swapon /swapfile',
      hog,
      'echo rc=$?',
      'grep -E "^Swap(Total|Free):" /proc/meminfo'
    ])
    const out = afterBoot(r.output)
    expect(r.faults).toEqual([])
    expect(Number(/^Shmem:\s+(\d+)/m.exec(out)![1])).toBeLessThan(2196 + 16)
    expect(outputOf(out, 'mkswap /swapfile')[0]).toBe('Setting up swapspace version 1, size = 536866816 bytes')
    expect(out).not.toMatch(/invoked oom-killer/)
    expect(outputOf(out, 'echo rc=$?')).toEqual(['rc=0'])
    // The hog's swapped pages went with it; what stays out is the idle shell's and sleepers' (reclaim took them too).
    const [total, free] = outputOf(out, 'grep -E "^Swap(Total|Free):" /proc/meminfo').map((l) => Number(/(\d+) kB/.exec(l)![1]))
    expect(total).toBe(524284)
    expect(total! - free!).toBeLessThan(1024)
  })
})
