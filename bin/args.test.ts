import { describe, expect, it } from 'vitest'
import { parseArgs, scriptLines } from './args'

describe('kmemlab argument parsing', () => {
  it('defaults to a 1 GB vexpress-a9 with seed 1', () => {
    const o = parseArgs([])
    if ('error' in o) throw new Error(o.error)
    expect(o.config).toMatchObject({ board: 'vexpress-a9', memBytes: 1 << 30, cpus: 1, seed: 1, cmdline: '', quietBoot: false })
  })

  it('reads every option of DESIGN.md', () => {
    const o = parseArgs(['--board', 'vexpress-a9', '--mem', '256M', '--cmdline', 'vmalloc=512M', '--seed', '7', '-c', 'free', '--quiet-boot', '--host-dir=/tmp/x', '--smp', '4'])
    if ('error' in o) throw new Error(o.error)
    expect(o.config).toMatchObject({ memBytes: 256 << 20, cmdline: 'vmalloc=512M', seed: 7, quietBoot: true, cpus: 4 })
    expect(o.script).toEqual({ inline: 'free' })
    expect(o.hostDir).toBe('/tmp/x')
  })

  it('takes QEMU-style sizes', () => {
    for (const [s, mb] of [['512', 512], ['1G', 1024], ['800M', 800]] as const) {
      const o = parseArgs(['--mem', s])
      if ('error' in o) throw new Error(o.error)
      expect(o.config.memBytes).toBe(mb << 20)
    }
  })

  it('rejects sizes outside the board and unknown options with a message', () => {
    expect(parseArgs(['--mem', '2G'])).toEqual({ error: 'RAM size for vexpress-a9 must be between 128M and 1024M' })
    expect(parseArgs(['--mem', '64M'])).toHaveProperty('error')
    expect(parseArgs(['--frobnicate'])).toEqual({ error: "unknown option '--frobnicate'" })
    expect(parseArgs(['--seed'])).toEqual({ error: 'option --seed needs a value' })
    expect(parseArgs(['--smp', '9'])).toHaveProperty('error')
  })

  it('script files drop blank and comment lines', () => {
    expect(scriptLines('# boot\ncat /proc/buddyinfo\n\n  free -m\n')).toEqual(['cat /proc/buddyinfo', '  free -m'])
  })
})

describe('boards', () => {
  it('refuses virt-arm64 until it is modelled, rather than booting the wrong board', () => {
    expect(parseArgs(['--board', 'virt-arm64'])).toEqual({ error: 'board virt-arm64 is not available yet (only vexpress-a9 is modelled)' })
  })
})
