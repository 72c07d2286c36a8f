import { describe, expect, it } from 'vitest'
import { makeKernel, stripTime } from '../mm/testing'
import { TAINT_OOT_MODULE } from './context'
import { backtraceLines, dump_mem, dump_stack, frameSym } from './dumpstack'
import { warn_slowpath_fmt } from './panic'

describe('dump_stack', () => {
  it('formats frames as the ARM unwinder does', () => {
    expect(frameSym({ fn: 'my_init', off: 0x60, size: 0x1000, module: 'allocmm' })).toBe('my_init+0x60/0x1000 [allocmm]')
    expect(
      backtraceLines([
        { fn: 'do_one_initcall', off: 0x58, size: 0x200 },
        { fn: 'my_init', off: 0x60, size: 0x1000, module: 'allocmm' }
      ])
    ).toEqual([' unwind_backtrace from my_init+0x60/0x1000 [allocmm]', ' my_init [allocmm] from do_one_initcall+0x58/0x200'])
  })
  it('prints the header lines with taint and release', () => {
    const t = makeKernel(256)
    t.k.current = { pid: 262, comm: 'insmod' }
    dump_stack(t.k)
    expect(t.lines.map(stripTime).slice(0, 2)).toEqual(['CPU: 0 PID: 262 Comm: insmod Not tainted 6.1.192 #1 ', 'Hardware name: ARM-Versatile Express'])
    t.k.addTaint(TAINT_OOT_MODULE)
    t.lines.length = 0
    t.k.withFrame({ fn: 'kmalloc_limits_init', off: 0x194, size: 0x1000, module: 'kmalloc_limits' }, () => {
      t.k.withFrame({ fn: '__alloc_pages', off: 0xfe0, size: 0x1180 }, () => warn_slowpath_fmt(t.k, 'mm/page_alloc.c', 5634))
    })
    expect(t.lines.map(stripTime)).toEqual([
      '------------[ cut here ]------------',
      'WARNING: CPU: 0 PID: 262 at mm/page_alloc.c:5634 __alloc_pages+0xfe0/0x1180',
      'Modules linked in:',
      'CPU: 0 PID: 262 Comm: insmod Tainted: G           O       6.1.192 #1 ',
      'Hardware name: ARM-Versatile Express',
      ' unwind_backtrace from show_stack+0x10/0x14',
      ' show_stack from dump_stack_lvl+0x40/0x4c',
      ' dump_stack_lvl from __warn+0x78/0x124',
      ' __warn from warn_slowpath_fmt+0x188/0x190',
      ' warn_slowpath_fmt from __alloc_pages+0xfe0/0x1180',
      ' __alloc_pages from kmalloc_limits_init+0x194/0x1000 [kmalloc_limits]',
      '---[ end trace 0000000000000000 ]---'
    ])
    expect(t.k.taintString()).toBe('Tainted: G        W  O      ')
  })
})

describe('dump_mem', () => {
  it('prints the exception stack as the reference does', () => {
    // boot-1024-allocmm-first.log: Exception stack(0xfb485fa8 to 0xfb485ff0)
    const words = [0x33354700, 0xffffffff, 3, 0x151810, 0, 0x156ce4, 0x33354700, 0xffffffff, 0x156cd4, 0x17b, 0, 0x148d20, 0x15496c, 0x1501d0, 0xbee72478, 0xbee72468, 0x49895, 0x12252]
    expect(dump_mem('Exception stack', 0xfb485fa8, words)).toEqual([
      'Exception stack(0xfb485fa8 to 0xfb485ff0)',
      '5fa0:                   33354700 ffffffff 00000003 00151810 00000000 00156ce4',
      '5fc0: 33354700 ffffffff 00156cd4 0000017b 00000000 00148d20 0015496c 001501d0',
      '5fe0: bee72478 bee72468 00049895 00012252'
    ])
    const lines = backtraceLines([{ fn: 'ret_fast_syscall', off: 0, size: 0x54, ptRegs: { addr: 0xfb485fa8, words } } as never, { fn: 'sys_finit_module', off: 0xc0, size: 0x10c }])
    expect(lines[1]).toBe(' sys_finit_module from ret_fast_syscall+0x0/0x54')
    expect(lines[2]).toBe('Exception stack(0xfb485fa8 to 0xfb485ff0)')
  })
})
