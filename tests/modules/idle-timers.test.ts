/*
 * A module's timer fires while the console sits idle at its prompt: the
 * Board reports the kernel's next deadline as what it waits for, and moving
 * time to it runs the timer_list callback at its own expiry.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createMachine } from '../../src-core/index'
import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, type MachineToHost } from '../../src-core/protocol'

const here = dirname(fileURLToPath(import.meta.url))

describe('kernel timers and an idle console', () => {
  it('the machine waits for the module timer, and the tick prints one second after arming', () => {
    const host = new FakeHostFs()
    const put = (name: string, text: string): void => void host.files.set(name, new TextEncoder().encode(text))
    put('ktimer.c', readFileSync(join(here, 'fixtures', 'ktimer.c'), 'utf8'))
    put('Makefile', 'obj-m := ktimer.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n')
    let out = ''
    let done = false
    const m = createMachine({
      hostFs: host,
      post(msg: MachineToHost) {
        if (msg.type === 'console') out += msg.data
        if (msg.type === 'script-done') done = true
      }
    })
    m.send({ type: 'boot', config: DEFAULT_CONFIG })
    m.send({ type: 'script', lines: ['cd /mnt', 'make > /dev/null', 'insmod ktimer.ko'] })
    for (let i = 0; i < 1_000_000 && !done; i++) {
      const s = m.run(1000)
      if (s.kind === 'timer' && !done) m.advanceClockTo(s.atNs)
    }
    expect(done).toBe(true)
    const armedAt = m.nowNs()
    expect(out).toContain('timer: armed for jiffies')
    expect(out).not.toMatch(/timer: tick 1 /)

    // Nothing typed: the board still has a reason for time to pass.
    const s = m.run(1000)
    expect(s.kind).toBe('timer')
    if (s.kind !== 'timer') return
    expect(s.atNs - armedAt).toBeGreaterThan(0.9e9)
    expect(s.atNs - armedAt).toBeLessThan(1.1e9)
    m.advanceClockTo(s.atNs)
    expect(out.replace(/\r/g, '')).toMatch(/\] timer: tick 1 at jiffies \d+, in_softirq=1\n/)
  })
})
