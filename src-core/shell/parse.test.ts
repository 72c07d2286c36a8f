/* The parser, the expander's helpers, globbing and arithmetic, tested on their own. */

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evalArith } from './arith'
import { type Node, nodeSource } from './ast'
import { splitIfs } from './expand'
import { fnmatch, hasGlobChars, patternSource, unescapeGlob } from './glob'
import { ParseError, ParseIncomplete, parse } from './parse'

function first(src: string): Node {
  const l = parse(src)
  if (l.t !== 'list') throw new Error('not a list')
  return l.items[0]!.node
}

describe('parser', () => {
  it('builds simple commands with assignments, words and redirections', () => {
    const n = first('A=1 B="x y" echo a\\ b "$C" > out 2>&1 <in')
    expect(n.t).toBe('simple')
    if (n.t !== 'simple') return
    expect(n.assigns.map((a) => a.name)).toEqual(['A', 'B'])
    expect(n.words.length).toBe(3)
    expect(n.redirs.map((r) => [r.fd, r.op])).toEqual([[1, '>'], [2, '>&'], [0, '<']])
    expect(n.line).toBe(1)
  })

  it('keeps the structure of lists, and-or chains, pipelines and compounds', () => {
    expect(nodeSource(parse('a | b && c || d; e &'))).toBe('a | b && c || d; e &')
    expect(nodeSource(parse('if a; then b; elif c; then d; else e; fi'))).toBe('if a; then b; elif c; then d; else e; fi')
    expect(nodeSource(parse('for i in 1 2; do echo $i; done > f'))).toBe('for i in 1 2; do echo $i; done >f')
    expect(nodeSource(parse('while true; do :; done'))).toBe('while true; do :; done')
    expect(nodeSource(parse('f() { echo x; }'))).toBe('f() { echo x; }')
    expect(nodeSource(parse('(cd /; ls)'))).toBe('(cd /; ls)')
    expect(nodeSource(parse('case $x in a|b) echo ab;; *) echo other;; esac'))).toBe('case $x in a|b) echo ab;; *) echo other;; esac')
    expect(nodeSource(parse('! grep -q x f'))).toBe('! grep -q x f')
  })

  it('says when more input is needed', () => {
    for (const src of ['echo "abc', "echo 'x", 'if true; then', 'for i in 1; do', 'a |', 'a &&', 'echo $(ls', 'cat <<EOF', 'echo \\', '{ echo', 'case x in'])
      expect(() => parse(src), src).toThrow(ParseIncomplete)
  })

  it('reports syntax errors as ash does, with the line', () => {
    expect(() => parse('fi')).toThrow('syntax error: unexpected "fi"')
    expect(() => parse('echo a ;; b')).toThrow('syntax error: unexpected ";;"')
    expect(() => parse('( )')).toThrow('syntax error: unexpected ")"')
    try {
      parse('echo 1\necho 2\nthen')
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError)
      expect((e as ParseError).line).toBe(3)
    }
  })

  it('reads here-documents after the line that asks for them', () => {
    const n = first('cat <<E\nline $X\nE\n')
    expect(n.t === 'simple' && n.redirs[0]!.heredoc?.quoted).toBe(false)
    const q = first("cat <<'E'\n$X\nE\n")
    expect(q.t === 'simple' && q.redirs[0]!.heredoc?.quoted).toBe(true)
  })

  it('expands aliases on the command word only, without looping', () => {
    const aliases = new Map([['ll', 'ls -l'], ['ls', 'ls -F']])
    expect(nodeSource(parse('ll x; echo ll', aliases))).toBe('ls -F -l x; echo ll')
  })

  it('never throws anything but its own errors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parse(s)
        } catch (e) {
          expect(e instanceof ParseError || e instanceof ParseIncomplete).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })
})

describe('glob and fnmatch', () => {
  it('matches *, ?, [...] and classes; escapes are literal', () => {
    expect(fnmatch('*.c', 'alloc.c')).toBe(true)
    expect(fnmatch('a?c', 'abc')).toBe(true)
    expect(fnmatch('[!a]*', 'abc')).toBe(false)
    expect(fnmatch('[[:digit:]]x', '7x')).toBe(true)
    expect(fnmatch('\\*', '*')).toBe(true)
    expect(fnmatch('\\*', 'a')).toBe(false)
    expect(hasGlobChars('a\\*b')).toBe(false)
    expect(hasGlobChars('a[b')).toBe(false)
    expect(unescapeGlob('a\\*b')).toBe('a*b')
    expect(new RegExp(`^${patternSource('x.y')}$`).test('xzy')).toBe(false)
  })
})

describe('field splitting', () => {
  it('splits on IFS whitespace and keeps empty fields for other separators', () => {
    expect(splitIfs('  a  b ', ' \t\n')).toEqual(['', 'a', 'b', ''])
    expect(splitIfs('a::b', ':')).toEqual(['a', '', 'b'])
    expect(splitIfs('a b', '')).toEqual(['a b'])
  })
})

describe('arithmetic', () => {
  it('follows C precedence and assigns', () => {
    const vars = new Map<string, string>([['x', '5']])
    const env = { get: (n: string) => vars.get(n), set: (n: string, v: string) => void vars.set(n, v) }
    expect(evalArith('1 + 2 * 3', env)).toBe(7)
    expect(evalArith('(1 + 2) * 3', env)).toBe(9)
    expect(evalArith('x * 2 > 9 && x < 6', env)).toBe(1)
    expect(evalArith('x += 3', env)).toBe(8)
    expect(vars.get('x')).toBe('8')
    expect(evalArith('0x10 + 010', env)).toBe(24)
    expect(evalArith('-7 / 2', env)).toBe(-3)
    expect(evalArith('2 ** 3 ** 2', env)).toBe(512)
    expect(evalArith('x > 1 ? 10 : 20', env)).toBe(10)
    expect(() => evalArith('1 / 0', env)).toThrow('divide by zero')
    expect(() => evalArith('1 +', env)).toThrow('arithmetic syntax error')
  })
})
