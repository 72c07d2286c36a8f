/*
 * The bare user process: exit status, signals, interruption, simulated time,
 * streamed output and the program break.
 */
import { describe, expect, it } from 'vitest'
import { runUserProgram } from './index'

describe('runUserProgram', () => {
  it('runs main with argv and returns its status and output', () => {
    const r = runUserProgram('#include <stdio.h>\nint main(int c, char **v) { printf("%d %s %s\\n", c, v[0], v[1]); return 3; }', ['./prog', 'arg'])
    expect(r).toMatchObject({ status: 3, stdout: '2 ./prog arg\n', stderr: '', compiled: true })
  })

  it('reports compile errors as gcc text with status 1', () => {
    const r = runUserProgram('int main(void) { return y; }', [])
    expect(r.compiled).toBe(false)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("prog.c:1:25: error: 'y' undeclared (first use in this function)")
  })

  it('stops a runaway loop at the instruction limit (SIGXCPU) and through shouldStop (SIGINT)', () => {
    const spin = 'int main(void) { volatile unsigned x = 0; for (;;) x++; }'
    const a = runUserProgram(spin, [], { maxInstructions: 2_000_000 })
    expect(a.signal).toBe(24)
    expect(a.status).toBe(152)
    expect(a.stderr).toBe('CPU time limit exceeded\n')
    let n = 0
    const b = runUserProgram(spin, [], { shouldStop: () => ++n > 3 })
    expect(b.signal).toBe(2)
    expect(b.status).toBe(130)
    expect(b.icount).toBeGreaterThan(0)
  })

  it('advances simulated time with executed instructions and sleeps', () => {
    const r = runUserProgram(
      '#include <stdio.h>\n#include <time.h>\n#include <unistd.h>\nint main(void) { clock_t a = clock(); volatile int s = 0; for (int i = 0; i < 100000; i++) s += i; clock_t b = clock(); time_t t0 = time(0); sleep(2); printf("%d %d\\n", b > a, (int)(time(0) - t0)); return 0; }',
      []
    )
    expect(r.stdout).toBe('1 2\n')
  })

  it('streams output and grows the heap with sbrk until memory runs out', () => {
    const chunks: string[] = []
    const r = runUserProgram(
      '#include <stdio.h>\n#include <unistd.h>\nint main(void) { char *p0 = sbrk(0); long n = 0; while (sbrk(1 << 20) != (void *)-1) n++; printf("%ld MB\\n", n); printf("brk moved: %d\\n", (char *)sbrk(0) > p0); return 0; }',
      [],
      { onStdout: (s) => chunks.push(s) }
    )
    expect(r.status).toBe(0)
    expect(chunks.join('')).toBe(r.stdout)
    expect(Number(r.stdout.split(' ')[0])).toBeGreaterThan(100)
  })
})
