/*
 * Resumable runs (Runtime.start over the resumable code): suspension at loop
 * back edges, inside recursion and through function pointers, a blocking
 * native resumed later, return() mid-run, and traps that look the same as in
 * the plain code.
 */
import { describe, expect, it } from 'vitest'
import { CExit, CTrap, type CSuspend, type CValue, LongJmp, type NativeFn, QUANTUM, type Runtime, compile } from './index'
import { generatorFunctions } from './suspend'
import { UserMemory } from './usermem'

const STACK_TOP = 0xc2010000

function load(src: string, bindings: Record<string, NativeFn> = {}, blocking: string[] = [], quantum = 1000, preempting: string[] = []): { res: Runtime; plain: Runtime } {
  const r = compile([{ name: 't.c', contents: src }], {
    textBase: 0x10000,
    externals: new Set(Object.keys(bindings)),
    blockingNatives: new Set(blocking),
    preemptingNatives: new Set(preempting)
  })
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const make = (resumable: boolean): Runtime => {
    const mem = new UserMemory()
    for (const s of r.program!.image.segments) {
      mem.map(s.addr, Math.max(s.size, 1), true)
      if (s.bytes.length) mem.write(s.addr, s.bytes)
    }
    mem.addLazy(STACK_TOP - (16 << 20), STACK_TOP, true)
    return r.program!.instantiate({ mem, bindings, stackTop: STACK_TOP, quantum, resumable })
  }
  return { res: make(true), plain: make(false) }
}

/** Drive a run to its end; returns the value and what it yielded. */
function finish(g: Generator<CSuspend, CValue, void>): { value: CValue; yields: CSuspend[] } {
  const yields: CSuspend[] = []
  for (;;) {
    const r = g.next()
    if (r.done) return { value: r.value, yields }
    yields.push(r.value)
  }
}

describe('which functions are generators', () => {
  it('loops, goto, indirect calls, blocking natives, recursion and their callers; not leaves', () => {
    const src = [
      'int wait_(void);',
      'static int leaf(int x) { return x * 2; }',
      'static int calls_leaf(int x) { return leaf(x) + 1; }',
      'static int loops(int n) { int s = 0; while (n--) s += leaf(n); return s; }',
      'static int jumps(int n) { again: if (n-- > 0) goto again; return n; }',
      'static int ptr(int (*f)(int)) { return f(1); }',
      'static int blocks(void) { return wait_(); }',
      'static int even(int n); static int odd(int n) { return n ? even(n - 1) : 0; } static int even(int n) { return n ? odd(n - 1) : 1; }',
      'static int self(int n) { return n ? self(n - 1) : 0; }',
      'static int caller(int n) { return loops(n); }',
      'int main(void) { return calls_leaf(1) + jumps(2) + ptr(leaf) + blocks() + odd(3) + self(2) + caller(4); }'
    ].join('\n')
    const r = compile([{ name: 'g.c', contents: src }], { textBase: 0x10000, externals: new Set(['wait_']) })
    const img = r.program!.image
    const gen = generatorFunctions(img, new Set(['wait_']))
    const by = Object.fromEntries(img.funcs.map((f, i) => [f.name, gen[i]]))
    expect(by).toEqual({ leaf: false, calls_leaf: false, loops: true, jumps: true, ptr: true, blocks: true, odd: true, even: true, self: true, caller: true, main: true })
  })
})

describe('resumable runs', () => {
  it('suspend at loop back edges, once per quantum, with the same result and icount', () => {
    const src = 'int sum(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }'
    const { res, plain } = load(src)
    const r = finish(res.start('sum', [100000]))
    expect(r.value).toBe(plain.call('sum', [100000]))
    expect(r.yields.length).toBeGreaterThan(100)
    expect(r.yields.every((y) => y === QUANTUM)).toBe(true)
    expect(Math.abs(res.icount - plain.icount)).toBeLessThan(1000)
  })

  it('suspend inside recursion (fib) and resume where they were', () => {
    const src = 'int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }'
    const { res } = load(src)
    const r = finish(res.start('fib', [20]))
    expect(r.value).toBe(6765)
    expect(r.yields.length).toBeGreaterThan(10)
  })

  it('suspend in a callee reached through a function pointer; leaf functions stay plain', () => {
    const src = [
      'static int sq(int x) { return x * x; }',
      'static int spin(int n) { volatile int k = 0; while (k < n) k++; return k; }',
      'int run(int which, int n) { int (*f)(int) = which ? spin : sq; return f(n); }'
    ].join('\n')
    const { res } = load(src)
    expect(finish(res.start('run', [0, 12])).value).toBe(144)
    const r = finish(res.start('run', [1, 50000]))
    expect(r.value).toBe(50000)
    expect(r.yields.length).toBeGreaterThan(10)
  })

  it('a blocking native yields its request and is called again when resumed', () => {
    let ready = false
    let calls = 0
    const bindings: Record<string, NativeFn> = {
      get: (_a, rt) => {
        calls++
        return ready ? 42 : rt.block({ kind: 'read', fd: 0 })
      }
    }
    const src = 'int get(void);\nint twice(void) { return get() * 2; }'
    const { res } = load(src, bindings, ['get'])
    const g = res.start('twice')
    const first = g.next()
    expect(first.done).toBe(false)
    expect(first.value).toEqual({ kind: 'read', fd: 0 })
    expect(g.next().value).toEqual({ kind: 'read', fd: 0 })
    ready = true
    expect(g.next()).toEqual({ done: true, value: 84 })
    expect(calls).toBe(3)
  })

  it('return() mid-run leaves SP and the call depth as before; a new run on the same Runtime works', () => {
    const src = 'int deep(int n) { if (n == 0) { volatile int k = 0; for (;;) k++; } char buf[64]; buf[0] = n; return deep(n - 1) + buf[0]; }\nint add(int a, int b) { int x[4]; x[0] = a; return x[0] + b; }'
    const { res } = load(src)
    const sp0 = res.sp
    const g = res.start('deep', [10])
    for (let i = 0; i < 5; i++) expect(g.next().done).toBe(false)
    expect(res.sp).toBeLessThan(STACK_TOP - 10 * 64)
    g.return(0)
    expect(res.sp).toBe(sp0)
    expect(res.chain()).toEqual([])
    expect(finish(res.start('add', [2, 3])).value).toBe(5)
    expect(res.call('add', [4, 5])).toBe(9)
  })

  it('traps carry the same chain in both modes; CExit and setjmp/longjmp pass through generators', () => {
    const src = [
      'void exit_(int);',
      'static int poke(int *p) { return *p; }',
      'static int walk(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s + poke(0); }',
      'int top(void) { return walk(10); }',
      'int leave(void) { for (int i = 0; ; i++) if (i == 5000) exit_(7); }',
      'typedef int jmp_buf[16]; int setjmp(jmp_buf); void longjmp(jmp_buf, int);',
      'static jmp_buf jb;',
      'static int down(int n) { for (int i = 0; i < 100; i++) ; if (n == 0) longjmp(jb, 9); return down(n - 1); }',
      'int jump(void) { int r = setjmp(jb); if (r) return r + 100; return down(50); }'
    ].join('\n')
    const bindings: Record<string, NativeFn> = {
      setjmp: () => 0,
      exit_: (a) => {
        throw new CExit(Number(a[0]))
      },
      longjmp: (a, rt) => {
        throw new LongJmp(rt.mem.load32(Number(a[0])), Number(a[1]))
      }
    }
    const { res, plain } = load(src, bindings)
    const trapOf = (f: () => unknown): CTrap => {
      try {
        f()
      } catch (e) {
        return e as CTrap
      }
      throw new Error('no trap')
    }
    const a = trapOf(() => plain.call('top'))
    const b = trapOf(() => finish(res.start('top')))
    expect(b).toBeInstanceOf(CTrap)
    expect(b.kind).toBe('fault')
    expect(b.chain.map((f) => f.fn)).toEqual(['poke', 'walk', 'top'])
    expect(b.chain).toEqual(a.chain)
    expect(res.chain()).toEqual([])
    const e = trapOf(() => finish(res.start('leave'))) as unknown as CExit
    expect(e).toBeInstanceOf(CExit)
    expect(e.status).toBe(7)
    expect(finish(res.start('jump')).value).toBe(109)
    expect(plain.call('jump')).toBe(109)
  })

  it('unbounded recursion is CTrap("stack") in both modes', () => {
    const src = 'int down(int n) { char b[16]; b[0] = n; return down(n + 1) + b[0]; }'
    const { res, plain } = load(src, {}, [], 1 << 30)
    const kind = (f: () => unknown): string => {
      try {
        f()
      } catch (e) {
        return e instanceof CTrap ? e.kind : String(e)
      }
      return 'none'
    }
    // The simulated stack is 16 MB here: the JS stack runs out first.
    expect(kind(() => plain.call('down', [0]))).toBe('stack')
    expect(kind(() => finish(res.start('down', [0])))).toBe('stack')
    expect(res.chain()).toEqual([])
    expect(kind(() => finish(res.start('down', [0])))).toBe('stack')
  })

  it('call() drives a generator synchronously (a native calling back into C)', () => {
    const bindings: Record<string, NativeFn> = {
      apply: (a, rt) => rt.call(Number(a[0]), [Number(a[1])])
    }
    const src = 'int apply(int (*f)(int), int x);\nstatic int loop(int n) { int s = 0; while (n--) s++; return s; }\nint go(void) { return apply(loop, 30000); }'
    const { res } = load(src, bindings)
    expect(finish(res.start('go')).value).toBe(30000)
  })

  it('a preempting native that asks for it: the run yields PREEMPT right after its return, with its value', () => {
    const seen: number[] = []
    let ask = true
    const bindings: Record<string, NativeFn> = {
      grab: (a, rt) => {
        if (ask) rt.preempt()
        return Number(a[0]) * 10
      },
      note: (a) => void seen.push(Number(a[0]))
    }
    // grab() is called directly (a leaf caller becomes a generator) and through a pointer.
    const src = [
      'int grab(int); void note(int);',
      'static int one(int i) { int v = grab(i); note(v); return v; }',
      'int go(void) { int (*g)(int) = grab; int s = one(1) + one(2); s += g(3); note(s); return s; }'
    ].join('\n')
    const { res, plain } = load(src, bindings, [], 1000, ['grab'])
    const g = res.start('go')
    const trace: string[] = []
    for (;;) {
      const r = g.next()
      if (r.done) {
        trace.push(`=${String(r.value)}`)
        break
      }
      trace.push(`${r.value.kind}:${seen.join(',')}`)
    }
    // Each yield comes before the caller used the value: note() of that value has not run yet.
    expect(trace).toEqual(['preempt:', 'preempt:10', 'preempt:10,20', '=60'])
    expect(seen).toEqual([10, 20, 60])
    // Not asked (max speed), or plain code: no yield at all.
    ask = false
    expect(finish(res.start('go')).yields).toEqual([])
    ask = true
    expect(plain.call('go')).toBe(60)
    // Through call() (a native calling back into C) there is nowhere to yield: nothing happens.
    expect(res.call('go')).toBe(60)
  })
})
