/*
 * Timers run in softirq context when the simulated clock passes their
 * expiry (while the shell sleeps), each at its own time; a GFP_KERNEL
 * allocation there, or under a spinlock, is "BUG: sleeping function called
 * from invalid context"; rmmod deletes the timer.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const ts = (line: string): number => Number(/\[\s*(\d+\.\d+)\]/.exec(line)![1])

const LOCK = `#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
static DEFINE_SPINLOCK(lock);
static int __init lock_init(void)
{
	void *p;
	spin_lock(&lock);
	p = kmalloc(32, GFP_ATOMIC);
	kfree(p);
	p = kmalloc(32, GFP_KERNEL);
	kfree(p);
	spin_unlock(&lock);
	pr_info("lock: done\\n");
	return 0;
}
module_init(lock_init);
MODULE_LICENSE("GPL");
`

describe('timers and atomic context', () => {
  const r = runWithShare(
    { 'ktimer.c': readFileSync(join(here, 'fixtures', 'ktimer.c'), 'utf8'), 'lock.c': LOCK, 'Makefile': 'obj-m := ktimer.o lock.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n' },
    ['cd /mnt', 'make > /tmp/m.log 2>&1; echo make=$?', 'insmod ktimer.ko', 'sleep 5', 'rmmod ktimer', 'insmod lock.ko']
  )
  const out = afterBoot(r.output)
  const lines = out.split('\n')

  it('fires each tick one second (HZ jiffies) apart, in softirq context, while the shell sleeps', () => {
    expect(out).toContain('make=0')
    const armed = lines.find((l) => l.includes('timer: armed for jiffies'))!
    const ticks = lines.filter((l) => /timer: tick \d at jiffies \d+, in_softirq=1$/.test(l))
    expect(ticks).toHaveLength(3)
    expect(ts(ticks[0]!) - ts(armed)).toBeGreaterThan(0.98)
    expect(ts(ticks[0]!) - ts(armed)).toBeLessThan(1.02)
    expect(ts(ticks[1]!) - ts(ticks[0]!)).toBeCloseTo(1, 2)
    expect(out).toContain('timer: removed after 3 ticks')
  })

  it('reports a GFP_KERNEL allocation in the callback, from the idle task', () => {
    expect(out).toContain('BUG: sleeping function called from invalid context at mm/slab.h:760')
    expect(out).toContain('in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 0, name: swapper/0')
    expect(out).toContain('preempt_count: 101, expected: 0')
    expect(out).toMatch(/ my_timer_fn \[ktimer\] from call_timer_fn\+0x38\/0x1a4\n/)
  })

  it('reports a GFP_KERNEL allocation under a spinlock (GFP_ATOMIC is fine)', () => {
    const i = out.indexOf('insmod lock.ko')
    const tail = out.slice(i)
    expect(tail.match(/BUG: sleeping function called from invalid context/g)).toHaveLength(1)
    expect(tail).toMatch(/in_atomic\(\): 1, irqs_disabled\(\): 0, non_block: 0, pid: \d+, name: insmod/)
    expect(tail).toContain('preempt_count: 1, expected: 0')
    expect(tail).toMatch(/ __might_resched from __kmalloc\+0x4c\/0x174\n/)
    expect(tail).toContain('lock: done')
  })
})
