import { describe, expect, it } from 'vitest'
import { Clock } from '../board/clock'
import { KERN_CONT, KERN_DEBUG, KERN_ERR, KERN_INFO, Printk } from './printk'

function setup() {
  const clock = new Clock()
  const log = new Printk(clock)
  const out: string[] = []
  log.addConsole((t) => out.push(t))
  return { clock, log, out }
}

describe('printk', () => {
  it('formats the timestamp prefix as print_time() does', () => {
    expect(Printk.timePrefix(0)).toBe('[    0.000000] ')
    expect(Printk.timePrefix(5_455_142_000)).toBe('[    5.455142] ')
    expect(Printk.timePrefix(12_345_678_901_234)).toBe('[12345.678901] ')
  })

  it('two bare printk() calls without newline give two records (reference: allocmm order lines)', () => {
    const { log, out } = setup()
    log.printk(KERN_INFO + ' order=11, pages= 2048, size= 8388608 ')
    log.printk(KERN_INFO + '... __get_free_pages failed\n')
    expect(out).toEqual(['[    0.000000]  order=11, pages= 2048, size= 8388608 \n', '[    0.000000] ... __get_free_pages failed\n'])
  })

  it('KERN_CONT continues the open record of the same caller', () => {
    const { log, out } = setup()
    log.printk(KERN_INFO + 'a=')
    log.printk(KERN_CONT + '1\n')
    expect(out).toEqual(['[    0.000000] a=1\n'])
  })

  it('uses the clock at the time the record starts', () => {
    const { clock, log } = setup()
    clock.advance(1_500_000)
    log.printk(KERN_ERR + 'x\n')
    expect(log.all()[0]!.tsNs).toBe(1_500_000)
    expect(log.all()[0]!.level).toBe(3)
  })

  it('the console shows only levels below console_loglevel; the buffer keeps all', () => {
    const { log, out } = setup()
    log.printk(KERN_DEBUG + 'debug\n')
    log.printk(KERN_INFO + 'info\n')
    expect(out).toEqual(['[    0.000000] info\n'])
    expect(log.all().map((r) => r.text)).toEqual(['debug', 'info'])
    log.setConsoleLoglevel(1)
    log.printk(KERN_ERR + 'err\n')
    expect(out.length).toBe(1)
  })

  it('messages without a level get the default message loglevel (4)', () => {
    const { log } = setup()
    log.printk('plain\n')
    expect(log.all()[0]!.level).toBe(4)
  })

  it('dmesg -C hides older records from readers', () => {
    const { log } = setup()
    log.printk('a\n')
    log.clear()
    log.printk('b\n')
    expect(log.readable().map((r) => r.text)).toEqual(['b'])
  })

  it('prefixes every line of a multi-line record; syslog form adds <level>', () => {
    const { log } = setup()
    log.printk(KERN_INFO + 'one\ntwo\n')
    const r = log.all()[0]!
    expect(log.formatRecord(r, false)).toBe('[    0.000000] one\n[    0.000000] two')
    expect(log.formatRecord(r, true)).toBe('<6>[    0.000000] one\n<6>[    0.000000] two')
  })

  it('drops the oldest records when the 128 KiB buffer wraps', () => {
    const { log } = setup()
    for (let i = 0; i < 5000; i++) log.printk(`${'x'.repeat(40)} ${i}\n`)
    const all = log.all()
    expect(all.length).toBeLessThan(5000)
    expect(all[all.length - 1]!.text.endsWith(' 4999')).toBe(true)
    expect(log.dropped).toBe(5000 - all.length)
  })
})

describe('console time', () => {
  it('a console write takes simulated time once a cost is set; dmesg-only records do not', () => {
    const { clock, log } = setup()
    log.printk(KERN_INFO + 'free\n')
    expect(clock.now()).toBe(0)
    log.consoleCost = { recordNs: 60_000, charNs: 1_000 }
    log.printk(KERN_INFO + 'abc\n')
    // "[    0.000000] abc\n" is 19 characters
    expect(clock.now()).toBe(60_000 + 19_000)
    log.printk(KERN_DEBUG + 'not on the console\n')
    expect(clock.now()).toBe(79_000)
    log.printk(KERN_INFO + 'next\n')
    expect(log.all()[3]!.tsNs).toBe(79_000)
  })
})
