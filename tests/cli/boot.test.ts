/*
 * The board through its hosts: boot + a script in-process (what `kmemlab -c`
 * does), and the real CLI as a child process.
 */

import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterBoot, runScript } from '../helpers/run'

const MiB = 1 << 20

describe('boot to a shell', () => {
  it('answers cat /proc/buddyinfo with Normal and HighMem rows of 11 orders', () => {
    const r = runScript(['cat /proc/buddyinfo'])
    expect(r.faults).toEqual([])
    const rows = afterBoot(r.output).split('\n').filter((l) => l.startsWith('Node 0, zone'))
    expect(rows.map((l) => l.split(/\s+/)[3])).toEqual(['Normal', 'HighMem'])
    for (const row of rows) expect(row.trim().split(/\s+/).slice(4)).toHaveLength(11)
    expect(r.status).toBe(0)
  })

  it('a 256 MB board has no HighMem in the boot log, buddyinfo or zone ranges', () => {
    const r = runScript(['cat /proc/buddyinfo'], { memBytes: 256 * MiB })
    expect(r.output).toContain('  HighMem  empty\n')
    expect(r.output).toContain('  Normal   [mem 0x0000000060000000-0x000000006fffffff]\n')
    expect(afterBoot(r.output)).not.toContain('HighMem')
  })

  it('prints the boot log with the memory lines computed for the board', () => {
    const r = runScript(['true'])
    const log = r.output
    expect(log).toMatch(/^\[    0\.000000\] Booting Linux on physical CPU 0x0\n/)
    expect(log).toContain('] cma: Reserved 16 MiB at 0x9f000000\n')
    expect(log).toContain('] Kernel command line: console=ttyAMA0 \n')
    expect(log).toMatch(/\] Memory: \d+K\/1048576K available \(8192K kernel code, 1010K rwdata, 1976K rodata, 1024K init, 311K bss, \d+K reserved, 16384K cma-reserved, 245760K highmem\)\n/)
    expect(log).toContain('] smp: Brought up 1 node, 1 CPU\n')
    expect(log).toContain('] workingset: timestamp_bits=30 max_order=18 bucket_order=0\n')
    expect(log).toContain('] bounce: pool size: 64 pages\n')
    expect(log).toContain('] Run /init as init process\n')
  })

  it('follows -smp and the command line', () => {
    const r = runScript(['cat /proc/cmdline'], { cpus: 4, cmdline: 'vmalloc=512M' })
    expect(r.output).toContain('] smp: Brought up 1 node, 4 CPUs\n')
    expect(r.output).toContain('] Memory policy: Data cache writealloc\n')
    expect(r.output).toContain('  HighMem  [mem 0x000000007f000000-0x000000009fffffff]\n')
    expect(afterBoot(r.output)).toContain('console=ttyAMA0 vmalloc=512M\n')
  })

  it('same seed, same output byte for byte; another seed moves the timestamps', () => {
    const script = ['cat /proc/buddyinfo', 'dmesg | tail -3', 'cat /proc/uptime', 'free']
    const a = runScript(script, { seed: 42 })
    const b = runScript(script, { seed: 42 })
    const c = runScript(script, { seed: 43 })
    expect(a.output).toBe(b.output)
    expect(c.output).not.toBe(a.output)
  })

  it('an unknown command gives sh: foo: not found and status 127', () => {
    const r = runScript(['foo'])
    expect(afterBoot(r.output)).toContain('sh: foo: not found\n')
    expect(r.status).toBe(127)
  })

  it('min_free_kbytes is writable and recomputes the watermarks', () => {
    const r = runScript(['cat /proc/sys/vm/min_free_kbytes', 'echo 8192 > /proc/sys/vm/min_free_kbytes', 'cat /proc/sys/vm/min_free_kbytes', 'grep -E "^ +min " /proc/zoneinfo | head -1'])
    const out = afterBoot(r.output)
    expect(out).toMatch(/min_free_kbytes\n3492\n/)
    expect(out).toContain('min_free_kbytes\n8192\n')
    // All of min_free_kbytes goes to Normal: 8192/4 = 2048 pages.
    expect(out).toMatch(/min\s+2048\n/)
  })

  it('poweroff ends the script with the kernel power-down line', () => {
    const r = runScript(['poweroff'])
    expect(r.output).toMatch(/\] reboot: Power down\n/)
  })
})

describe('the kmemlab CLI', () => {
  const cli = join(__dirname, '..', '..', 'bin', 'kmemlab.js')

  it('npx kmemlab -c prints the console and exits with the last status', () => {
    const ok = spawnSync(process.execPath, [cli, '--quiet-boot', '-c', 'cat /proc/buddyinfo'], { encoding: 'utf8' })
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/Node 0, zone   Normal( +\d+){11}/)
    expect(ok.stdout).not.toContain('Booting Linux')
    expect(ok.stdout).not.toContain('\r')
    const bad = spawnSync(process.execPath, [cli, '--quiet-boot', '-c', 'grep nothing-here /proc/meminfo'], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
  })

  it('kmemlab cc compiles and runs a user program, or prints gcc diagnostics and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmemlab-cc-'))
    writeFileSync(join(dir, 'ok.c'), '#include <stdio.h>\nint main(int argc, char **argv) { printf("%s %lu\\n", argv[1], sizeof(long)); return 3; }\n')
    const ok = spawnSync(process.execPath, [cli, 'cc', join(dir, 'ok.c'), 'arm'], { encoding: 'utf8' })
    expect(ok.stdout).toBe('arm 4\n')
    expect(ok.status).toBe(3)
    writeFileSync(join(dir, 'bad.c'), 'int main(void) { return y; }\n')
    const bad = spawnSync(process.execPath, [cli, 'cc', join(dir, 'bad.c')], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain("bad.c:1:25: error: 'y' undeclared (first use in this function)")
  })

  it('rejects a bad option with usage and status 2', () => {
    const r = spawnSync(process.execPath, [cli, '--mem', '4G'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('RAM size for vexpress-a9 must be between 128M and 1024M')
  })

  it('--host-dir shares a folder read-write at /mnt and --script reads a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmemlab-share-'))
    writeFileSync(join(dir, 'hello.txt'), 'from the host\n')
    const script = join(dir, 'script.sh')
    writeFileSync(script, 'cat /mnt/hello.txt\necho written in the guest > /mnt/out.txt\n')
    const out = execFileSync(process.execPath, [cli, '--quiet-boot', '--host-dir', dir, '--script', script], { encoding: 'utf8' })
    expect(out).toContain('from the host\n')
    expect(existsSync(join(dir, 'out.txt'))).toBe(true)
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('written in the guest\n')
  })
})

describe('pacing', () => {
  it('the boot log is the same whether the host paces in real time or jumps', async () => {
    const { createMachine, Driver, DEFAULT_CONFIG } = await import('../../src-core/index')
    const boot = (realtime: boolean): Promise<string> =>
      new Promise((resolve) => {
        let out = ''
        let wall = 0
        const m = createMachine({
          post: (msg) => {
            if (msg.type === 'console') out += msg.data
            if (msg.type === 'script-done') resolve(out.slice(0, out.indexOf('Run /init')))
          }
        })
        // A fake host clock that runs 37 ms ahead per tick: overdue boot steps pile up.
        const d = new Driver(m, { schedule: (fn) => void setImmediate(fn), wallNow: () => (wall += 37), realtime })
        m.send({ type: 'boot', config: { ...DEFAULT_CONFIG, seed: 5 } })
        m.send({ type: 'script', lines: ['true'] })
        d.kick()
      })
    expect(await boot(true)).toBe(await boot(false))
  })
})

describe('scripts and the end of the kernel', () => {
  it('types the next line at the prompt even while a background job sleeps', () => {
    const r = runScript(['sleep 100000 &', 'echo next', 'jobs'])
    const out = afterBoot(r.output)
    expect(out).toContain('~ # echo next\nnext\n')
    expect(out).toMatch(/Running\s+sleep 100000/)
  })

  it('time passes with work: a later command has a later timestamp', () => {
    const r = runScript(['memhog 64M 0', 'echo hi > /dev/kmsg', 'memhog 64M 0', 'echo ho > /dev/kmsg', 'dmesg | tail -2'])
    // Each message shows twice: on the console as it is written, then in dmesg's output.
    const ts = [...new Set([...afterBoot(r.output).matchAll(/^\[\s*(\d+\.\d+)\] (hi|ho)$/gm)].map((m) => Number(m[1])))]
    expect(ts).toHaveLength(2)
    expect(ts[1]!).toBeGreaterThan(ts[0]!)
  })
})
