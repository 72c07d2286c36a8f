/*
 * Front-end robustness: whatever the input (random text, C-like token soup,
 * mutated valid programs), compile() returns diagnostics and never throws,
 * and whatever compiles instantiates as valid JavaScript.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, libcLookup } from './index'
import { UserMemory } from './usermem'

const SEEDS = [
  `#include <stdio.h>
struct p { int x, y; char name[8]; unsigned f : 3; };
static int sq(int v) { return v * v; }
int main(int argc, char **argv) {
  struct p a = { .x = 1, .y = 2, .name = "ab" };
  int arr[4] = { 1, 2, 3 };
  for (int i = 0; i < 4; i++) a.x += arr[i] * sq(i);
  switch (a.x) { case 1 ... 3: a.y++; break; default: goto out; }
  while (a.y-- > 0) { if (a.y == 5) continue; a.f = a.y; }
out:
  printf("%d %s %u\\n", a.x, a.name, a.f);
  return a.x > 10 ? 0 : 1;
}`,
  `#define MAX(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
#define LOG(fmt, ...) printf(fmt, ##__VA_ARGS__)
typedef unsigned long ulong;
extern int printf(const char *, ...);
union u { int i; float f; };
long long g(ulong n, ...) { return (long long)n << 33; }
int main(void) {
  union u x = { .f = 1.5f };
  int (*fp)(const char *, ...) = printf;
  ulong m = MAX(3ul, 7ul);
  LOG("x");
  LOG("%lu %d\\n", m, x.i);
  fp("%lld\\n", g(m, 1, 2.0));
  return (int)sizeof(union u);
}`
]

const TOKENS = ['int', 'char', 'long', 'unsigned', 'struct', 'union', 'enum', 'typedef', 'static', 'const', '*', '&', '(', ')', '[', ']',
  '{', '}', ';', ',', '=', '==', '+', '-', '<<', '>>', '?', ':', '...', '#', '##', '#define', '#if', '#endif', '#include', 'x', 'y',
  'f', 'main', 'return', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'goto', 'break', 'sizeof', '0', '1', '42',
  '0x1f', '1.5e3', '"s"', "'c'", '\n', ' ', '__attribute__((packed))', '({', '})', 'typeof', '->', '.', '++', '--', '!', '~', '%']

function tryCompile(src: string): void {
  const r = compile([{ name: 'fuzz.c', contents: src }], {
    textBase: 0x10000,
    externals: new Set(['printf', 'puts', 'malloc', 'free', 'exit']),
    readFile: libcLookup,
    includeDirs: ['/usr/include']
  })
  expect(Array.isArray(r.diagnostics)).toBe(true)
  if (r.ok) {
    // The generated JavaScript must at least load.
    r.program!.instantiate({ mem: new UserMemory(), bindings: {}, stackTop: 0xbf000000 })
  }
}

describe('cc front end under fuzzing', () => {
  it('seeds compile cleanly', () => {
    for (const s of SEEDS) {
      const r = compile([{ name: 's.c', contents: s }], { textBase: 0x10000, externals: new Set(['printf']), readFile: libcLookup, includeDirs: ['/usr/include'] })
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    }
  })

  it('random text never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => tryCompile(s)), { numRuns: 300 })
  })

  it('C-like token soup never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (toks) => tryCompile(toks.join(' '))),
      { numRuns: 400 }
    )
  })

  it('mutated programs never throw', () => {
    const mutation = fc.record({
      seed: fc.nat(SEEDS.length - 1),
      ops: fc.array(
        fc.record({ kind: fc.constantFrom('del', 'dup', 'ins', 'swap'), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }), tok: fc.constantFrom(...TOKENS) }),
        { minLength: 1, maxLength: 6 }
      )
    })
    fc.assert(
      fc.property(mutation, ({ seed, ops }) => {
        let s = SEEDS[seed]
        for (const o of ops) {
          const at = o.at % (s.length + 1)
          if (o.kind === 'del') s = s.slice(0, at) + s.slice(at + o.len)
          else if (o.kind === 'dup') s = s.slice(0, at) + s.slice(at, at + o.len) + s.slice(at)
          else if (o.kind === 'ins') s = s.slice(0, at) + ' ' + o.tok + ' ' + s.slice(at)
          else s = s.slice(at) + s.slice(0, at)
        }
        tryCompile(s)
      }),
      { numRuns: 500 }
    )
  })

  it('deep nesting is a diagnostic, not a crash', () => {
    tryCompile('int main(void) { return ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '; }')
    tryCompile('#define A(x) A(x)\nint x = A(A(A(1)));')
  })
})
