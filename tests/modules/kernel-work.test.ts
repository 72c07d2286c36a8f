/*
 * A module's init as insmod's kernel work (the resumable C code): a sleep
 * in init lets time pass for other work; Ctrl-C does not interrupt the
 * kernel code, insmod dies of the SIGINT when the system call returns and
 * the module stays loaded; a loop that never schedules leaves the board
 * answering, is reported as a soft lockup, and Reset brings a clean boot.
 */
import { describe, expect, it } from 'vitest'
import { createMachine } from '../../src-core/index'
import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import { DEFAULT_CONFIG, type MachineStatus, type MachineToHost } from '../../src-core/protocol'
import { afterBoot, runWithShare } from './run'

const MK = (objs: string): string => `obj-m := ${objs}\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n`
const SLOW = `#include <linux/module.h>
#include <linux/delay.h>
static int __init slow_init(void)
{
	pr_info("slow: sleeping\\n");
	msleep(2000);
	pr_info("slow: awake\\n");
	return 0;
}
static void __exit slow_exit(void)
{
	pr_info("slow: bye\\n");
}
module_init(slow_init);
module_exit(slow_exit);
MODULE_LICENSE("GPL");
`
const SPIN = '#include <linux/module.h>\nstatic int __init spin_init(void)\n{\n\tvolatile unsigned long n = 0;\n\tpr_info("spin: looping forever\\n");\n\tfor (;;)\n\t\tn++;\n\treturn 0;\n}\nmodule_init(spin_init);\nMODULE_LICENSE("GPL");\n'
const ts = (out: string, text: string): number => Number(new RegExp(`\\[\\s*(\\d+\\.\\d+)\\] ${text}`).exec(out)![1])

describe('msleep in init and Ctrl-C during it', () => {
  const r = runWithShare({ 'slow.c': SLOW, Makefile: MK('slow.o') }, [
    'cd /mnt',
    'make > /dev/null; echo make=$?',
    '(sleep 1; ps -o pid,stat,comm | grep insmod) & insmod slow.ko; echo rc=$?',
    { type: '\x03', afterNs: 100_000_000 },
    'echo status=$?',
    'cat /proc/modules',
    'rmmod slow; echo rc=$?'
  ])
  const out = afterBoot(r.output)

  it('the sleep lets time pass for other work: a background job runs while init sleeps (ps: insmod in D)', () => {
    expect(out).toContain('make=0')
    const i = out.indexOf('slow: sleeping')
    const j = out.search(/^(\^C)?\s*\d+ D +insmod$/m)
    const k = out.indexOf('slow: awake')
    expect(i).toBeGreaterThan(0)
    expect(j).toBeGreaterThan(i)
    expect(k).toBeGreaterThan(j)
    // msleep(2000): 2 s (plus 10 ms and a jiffy) of simulated time
    expect(ts(out, 'slow: awake') - ts(out, 'slow: sleeping')).toBeGreaterThanOrEqual(2.02)
    expect(ts(out, 'slow: awake') - ts(out, 'slow: sleeping')).toBeLessThan(2.03)
  })

  it('Ctrl-C waits for the system call: init runs to its end, insmod dies of SIGINT, the module stays live', () => {
    // ^C is echoed at once (100 ms into the sleep); the kernel goes on and prints after it
    expect(out.indexOf('^C')).toBeGreaterThan(out.indexOf('slow: sleeping'))
    expect(out.indexOf('^C')).toBeLessThan(out.indexOf('slow: awake'))
    // ash: the job died of SIGINT, the rest of the line does not run, a new line and $? = 130
    expect(out.slice(out.indexOf('\n', out.indexOf('insmod slow.ko')), out.indexOf('echo status=$?'))).not.toContain('rc=')
    expect(out).toContain('status=130')
    expect(out).toMatch(/^slow 16384 0 - Live 0xbf[0-9a-f]{6} \(O\)$/m)
    expect(out).toContain('slow: bye')
    expect(out).toMatch(/rmmod slow; echo rc=\$\?\n(\[.*\n)*rc=0\n/)
  })
})

const BUSY = `#include <linux/module.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
static struct timer_list t;
static volatile int fired;
static unsigned long start;
static void busy_fn(struct timer_list *x)
{
	fired = 1;
	pr_info("busy: timer in_softirq=%d comm=%s after %lu jiffies\\n", in_softirq() ? 1 : 0, current->comm, jiffies - start);
}
static int __init busy_init(void)
{
	unsigned long n = 0;
	timer_setup(&t, busy_fn, 0);
	start = jiffies;
	mod_timer(&t, jiffies + 2);
	while (!fired)
		n++;
	pr_info("busy: the loop saw the timer%s, jiffies moved by %lu\\n", n > 1000 ? " after spinning" : "", jiffies - start);
	return 0;
}
static void __exit busy_exit(void)
{
	del_timer_sync(&t);
}
module_init(busy_init);
module_exit(busy_exit);
MODULE_LICENSE("GPL");
`

describe('a timer that expires while init spins', () => {
  const r = runWithShare({ 'busy.c': BUSY, Makefile: MK('busy.o') }, ['cd /mnt', 'make > /dev/null; echo make=$?', 'insmod busy.ko; echo rc=$?', 'rmmod busy'])
  const out = afterBoot(r.output)

  it('fires from the timer interrupt during the loop, in softirq on insmod, and jiffies move', () => {
    expect(out).toContain('make=0')
    expect(out).toMatch(/busy: timer in_softirq=1 comm=insmod after 2 jiffies\n/)
    expect(out).toMatch(/busy: the loop saw the timer after spinning, jiffies moved by 2\n(.*\n)*rc=0\n/)
    expect(out).not.toContain('warning')
    expect(out).not.toContain('soft lockup')
  })
})

describe('a module looping forever', () => {
  const host = new FakeHostFs()
  host.files.set('spin.c', new TextEncoder().encode(SPIN))
  host.files.set('Makefile', new TextEncoder().encode(MK('spin.o')))
  let out = ''
  let done = false
  let status: MachineStatus | null = null
  const m = createMachine({
    hostFs: host,
    post(msg: MachineToHost) {
      if (msg.type === 'console') out += msg.data.replace(/\r/g, '')
      else if (msg.type === 'script-done') done = true
      else if (msg.type === 'status') status = msg.status
    }
  })
  m.send({ type: 'boot', config: DEFAULT_CONFIG })
  const pump = (until: () => boolean, steps = 1_000_000): number => {
    let n = 0
    for (; n < steps && !until(); n++) {
      const s = m.run(1000)
      if (s.kind === 'timer') m.advanceClockTo(s.atNs)
      else if (s.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
    }
    return n
  }
  m.send({ type: 'script', lines: ['cd /mnt', 'make > /dev/null'] })
  pump(() => done)
  m.send({ type: 'input', data: 'insmod spin.ko\r' })
  // Until the watchdog fires, the machine keeps returning from run() and answering messages.
  let answered = 0
  const turns = pump(() => {
    m.send({ type: 'procs-request' })
    answered++
    return out.includes('watchdog: BUG: soft lockup')
  })
  const lockupOut = out

  it('keeps answering run() and host messages while the init loops, then reports the soft lockup', () => {
    expect(lockupOut).toContain('spin: looping forever')
    // LOCKUP_OPS (2e8) in quanta of 2e4, at most 1000 quanta per run(): the host has the board back 10 times or more
    expect(turns).toBeGreaterThanOrEqual(10)
    expect(answered).toBeGreaterThanOrEqual(10)
    expect(lockupOut).toMatch(/watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \[insmod:\d+\]\n/)
    expect(lockupOut).toMatch(/PC is at spin_init\+0x[0-9a-f]+\/0x1000 \[spin\]\n/)
  })

  it('Reset brings a clean boot', () => {
    out = ''
    m.send({ type: 'reset' })
    done = false
    m.send({ type: 'script', lines: ['cat /proc/modules; echo alive'] })
    pump(() => done)
    expect(out).toContain('Run /init as init process')
    expect(out).not.toContain('soft lockup')
    expect(out).toContain('cat /proc/modules; echo alive\nalive\n')
    expect(status!.taint).toBe('Not tainted')
  })
})
