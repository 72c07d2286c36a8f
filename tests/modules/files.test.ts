/*
 * What a module offers user space: a misc character device (open, read,
 * write through file_operations, copy_from_user, simple_read_from_buffer),
 * /proc files with seq_file (proc_ops + single_open, proc_create_single),
 * `current` in a file operation, and everything gone after rmmod.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))

describe('misc device and /proc files of a module', () => {
  const r = runWithShare(
    { 'dev.c': readFileSync(join(here, 'fixtures', 'kmsgdev.c'), 'utf8'), 'Makefile': 'obj-m := dev.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n' },
    ['cd /mnt', 'make > /tmp/m.log 2>&1; echo make=$?', 'insmod dev.ko', 'ls -l /dev/kmsgdev', 'cat /dev/kmsgdev', 'echo changed > /dev/kmsgdev', 'cat /dev/kmsgdev', 'cat /proc/kmsgdev_stats', 'cat /proc/kmsgdev_simple', 'rmmod dev', 'ls /dev/kmsgdev /proc/kmsgdev_stats /proc/kmsgdev_simple']
  )
  const out = afterBoot(r.output)

  it('registers /dev/NAME as misc (major 10, first dynamic minor 127) and serves read/write', () => {
    expect(out).toContain('make=0')
    expect(out).toContain('kmsgdev: minor 127')
    expect(out).toMatch(/crw------- +1 root +root +10, 127 .*\/dev\/kmsgdev/)
    expect(out).toContain('# cat /dev/kmsgdev\nhello from the kernel\n')
    expect(out).toContain('# cat /dev/kmsgdev\nchanged\n')
  })

  it('serves /proc files through seq_file, with current being the reader', () => {
    expect(out).toMatch(/# cat \/proc\/kmsgdev_stats\nwrites: 1\ncurrent: cat \(pid \d+\)\nend\n/)
    expect(out).toMatch(/# cat \/proc\/kmsgdev_simple\njiffies=\d+ HZ=100\n/)
  })

  it('removes the device and the /proc files with the module', () => {
    expect(out).toContain('kmsgdev: bye')
    expect(out).toContain('ls: /dev/kmsgdev: No such file or directory')
    expect(out).toContain('ls: /proc/kmsgdev_stats: No such file or directory')
    expect(out).toContain('ls: /proc/kmsgdev_simple: No such file or directory')
  })
})
