/*
 * Which C functions the resumable code generator emits as JS generator
 * functions (`function*`), so a run can stop at any of their suspension
 * points and continue later (run.ts Runtime.start).
 *
 * A generator call costs several times a plain call (V8 allocates the
 * generator object and resumes through it), so only functions that may have
 * to suspend are generators; a function is one when it
 *   - has a loop back edge (for/while/do) or uses goto (the dispatcher loop),
 *   - makes an indirect call (the target is known only at run time),
 *   - calls a blocking native (read of an empty pipe, sleep ...),
 *   - is in a cycle of the direct call graph (recursion: each level runs
 *     bounded code, but the depth is unbounded), or
 *   - calls a function that is a generator.
 * Everything else runs a bounded amount of code: it stays a plain function
 * and only counts down the budget; the next check in its generator caller
 * yields when the budget has run out.
 */

import type { Func, Node } from './ast'
import type { Image } from './link'

const SETJMP_NAMES = new Set(['setjmp', '_setjmp', '__sigsetjmp', 'sigsetjmp'])

/** Per function index of `img.funcs`: true when it must be a generator. */
export function generatorFunctions(img: Image, blocking: ReadonlySet<string>): boolean[] {
  const index = new Map<Func, number>()
  img.funcs.forEach((f, i) => index.set(f, i))
  const n = img.funcs.length
  const gen: boolean[] = new Array<boolean>(n).fill(false)
  const callees: number[][] = []
  for (let i = 0; i < n; i++) {
    const f = img.funcs[i]!
    const out: number[] = []
    let self = f.hasGoto
    const visit = (x: Node | undefined): void => {
      if (!x) return
      if (x.k === 'for' || x.k === 'do') self = true
      if (x.k === 'call') {
        const c = x.lhs!
        if (c.k === 'funcref') {
          const v = c.v!
          if (!SETJMP_NAMES.has(v.name)) {
            const d = img.resolve.get(v) ?? (v.fn ? v : undefined)
            const j = d?.fn ? index.get(d.fn) : undefined
            if (j !== undefined) out.push(j)
            else {
              const nat = img.nativeOf.get(v)
              if (nat !== undefined && blocking.has(img.natives[nat]!)) self = true
            }
          }
        } else self = true
      }
      visit(x.lhs); visit(x.rhs); visit(x.cond); visit(x.then); visit(x.els); visit(x.init); visit(x.inc)
      x.body?.forEach(visit)
      x.args?.forEach(visit)
    }
    visit(f.body)
    gen[i] = self
    callees.push(out)
  }
  for (const scc of cycles(callees)) for (const i of scc) gen[i] = true
  // Callers of generators are generators: propagate backwards along call edges.
  const callers: number[][] = callees.map(() => [])
  callees.forEach((cs, i) => cs.forEach((j) => callers[j]!.push(i)))
  const work = gen.flatMap((g, i) => (g ? [i] : []))
  while (work.length) {
    const j = work.pop()!
    for (const i of callers[j]!) {
      if (!gen[i]) {
        gen[i] = true
        work.push(i)
      }
    }
  }
  return gen
}

/** Strongly connected components that form a cycle (more than one node, or a self edge): Tarjan. */
function cycles(edges: number[][]): number[][] {
  const n = edges.length
  const idx = new Array<number>(n).fill(-1)
  const low = new Array<number>(n).fill(0)
  const onStack = new Array<boolean>(n).fill(false)
  const stack: number[] = []
  const out: number[][] = []
  let counter = 0
  // Iterative DFS (a deep call chain must not overflow the compiler's own stack).
  for (let root = 0; root < n; root++) {
    if (idx[root] !== -1) continue
    const frames: Array<{ v: number; e: number }> = [{ v: root, e: 0 }]
    idx[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = true
    while (frames.length) {
      const fr = frames[frames.length - 1]!
      const es = edges[fr.v]!
      if (fr.e < es.length) {
        const w = es[fr.e++]!
        if (idx[w] === -1) {
          idx[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = true
          frames.push({ v: w, e: 0 })
        } else if (onStack[w]) low[fr.v] = Math.min(low[fr.v]!, idx[w]!)
        continue
      }
      frames.pop()
      if (frames.length) {
        const p = frames[frames.length - 1]!.v
        low[p] = Math.min(low[p]!, low[fr.v]!)
      }
      if (low[fr.v] === idx[fr.v]) {
        const comp: number[] = []
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = false
          comp.push(w)
        } while (w !== fr.v)
        if (comp.length > 1 || edges[fr.v]!.includes(fr.v)) out.push(comp)
      }
    }
  }
  return out
}
