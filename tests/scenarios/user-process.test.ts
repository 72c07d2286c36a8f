/*
 * A compiled program as a process: stdin from a pipe, its own VMAs in
 * /proc/self/maps, the OOM killer choosing it when it eats the board's
 * memory (the full report, "Killed", status 137, its memory back); as a
 * process it runs beside the shell: Ctrl-C, kill, background jobs, reads of
 * the terminal that wait for typing, pipes read as they are written, sleep.
 */

import { expect, it } from 'vitest'
import { afterBoot, heredocFile, outputOf, runScript } from '../helpers/run'

const file = heredocFile

it('stdin from pipes and files, stderr apart, the program maps in /proc/self/maps', () => {
  const r = runScript([
    'cd /root',
    ...file(
      'up.c',
      [
        '#include <stdio.h>',
        '#include <ctype.h>',
        'int main(void)',
        '{',
        '    char line[256];',
        '    int c, n = 0;',
        '    while ((c = getchar()) != EOF) {',
        '        putchar(toupper(c));',
        '        n++;',
        '    }',
        '    fprintf(stderr, "%d bytes\\n", n);',
        '    FILE *f = fopen("/proc/self/maps", "r");',
        '    while (f && fgets(line, sizeof line, f))',
        '        fputs(line, stderr);',
        '    return 0;',
        '}'
      ].join('\n')
    ),
    'gcc -o up up.c',
    'echo hello | ./up 2>/dev/null',
    'seq 1 20000 | ./up 2>/dev/null | tail -1',
    './up < /dev/null'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, 'echo hello | ./up 2>/dev/null')).toEqual(['HELLO'])
  expect(outputOf(out, 'seq 1 20000 | ./up 2>/dev/null | tail -1')).toEqual(['20000'])
  const maps = outputOf(out, './up < /dev/null')
  expect(maps[0]).toBe('0 bytes')
  expect(maps[1]).toMatch(/^00010000-000[0-9a-f]{5} r-xp 00000000 00:00 0 +\/root\/up$/)
  expect(maps[2]).toMatch(/^000[0-9a-f]{5}-000[0-9a-f]{5} rw-p 00000000 00:00 0 +\/root\/up$/)
  expect(maps.some((l) => /^befdf000-bf000000 rw-p .* \[stack\]$/.test(l))).toBe(true)
})

it('a program that eats the memory is the OOM killer\'s victim; its memory comes back', () => {
  const r = runScript(
    [
      'cd /root',
      ...file(
        'hog.c',
        [
          '#include <stdio.h>',
          '#include <stdlib.h>',
          '#include <string.h>',
          'int main(void)',
          '{',
          '    size_t mb;',
          '    for (mb = 1; mb <= 1024; mb++) {',
          '        char *p = malloc(1 << 20);',
          '        if (!p)',
          '            return 1;',
          '        memset(p, 0x55, 1 << 20);',
          '    }',
          '    printf("survived\\n");',
          '    return 0;',
          '}'
        ].join('\n')
      ),
      'gcc -o hog hog.c',
      'grep AnonPages /proc/meminfo',
      './hog; echo status=$?',
      'grep AnonPages /proc/meminfo',
      'dmesg | grep -E "invoked oom-killer|Out of memory"'
    ],
    { memBytes: 256 * 1024 * 1024 }
  )
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  // The OOM report also reaches the console (printk); the shell's lines follow it.
  const run = outputOf(out, './hog; echo status=$?')
  expect(run.filter((l) => !l.startsWith('['))).toEqual(['Killed', 'status=137'])
  expect(run.some((l) => / Out of memory: Killed process \d+ \(hog\)/.test(l))).toBe(true)
  const anon = [...out.matchAll(/AnonPages: +(\d+) kB/g)].map((m) => Number(m[1]))
  expect(anon).toHaveLength(2)
  expect(anon[1]).toBe(anon[0])
  const log = outputOf(out, 'dmesg | grep -E "invoked oom-killer|Out of memory"')
  expect(log[0]).toMatch(/^\[ *[\d.]+\] hog invoked oom-killer: gfp_mask=0x[0-9a-f]+\(/)
  expect(log[1]).toMatch(/^\[ *[\d.]+\] Out of memory: Killed process \d+ \(hog\) total-vm:\d+kB, anon-rss:\d+kB/)
})

const LOOP = 'int main(void)\n{\n    volatile unsigned n = 0;\n    for (;;)\n        n++;\n}'

it('Ctrl-C ends a looping program with SIGINT, as ash shows it; the next command runs', () => {
  const r = runScript([
    'cd /root',
    ...file('loop.c', LOOP),
    'gcc -o loop loop.c',
    './loop',
    { type: '\x03' },
    'echo $?',
    'echo next'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(out).toContain('~ # ./loop\n^C\n~ # echo $?\n130\n~ # echo next\nnext\n')
})

it('a program in the background runs while the prompt works: ps shows it running, its RSS grows, kill ends it', () => {
  const r = runScript([
    'cd /root',
    ...file(
      'grow.c',
      [
        '#include <stdlib.h>',
        'int main(void)',
        '{',
        '    for (;;) {',
        '        char *p = malloc(4096);',
        '        p[0] = 1;',
        '        for (volatile int i = 0; i < 1000000; i++)',
        '            ;',
        '    }',
        '}'
      ].join('\n')
    ),
    'gcc -o grow grow.c',
    './grow &',
    'sleep 1',
    'ps -o pid,stat,rss,comm | grep grow',
    'sleep 1',
    'ps -o pid,stat,rss,comm | grep grow',
    'jobs',
    'kill $!',
    'sleep 1',
    'echo after',
    './grow &',
    'kill -9 $!; wait $!; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  const rows = [...out.matchAll(/^ *(\d+) (\S+) +(\d+) grow$/gm)]
  expect(rows).toHaveLength(2)
  expect(rows[0]![2]).toBe('R')
  expect(Number(rows[1]![3])).toBeGreaterThan(Number(rows[0]![3]))
  expect(outputOf(out, 'jobs')).toEqual(['[1]+  Running                    ./grow'])
  // ash reports the job before the next prompt: after `sleep 1`, before `echo after`.
  expect(out).toContain('[1]+  Terminated                 ./grow\n~ # echo after\nafter\n')
  expect(outputOf(out, 'kill -9 $!; wait $!; echo status=$?')).toEqual(['status=137'])
})

it('read(2) of the terminal waits for a typed line; Ctrl-D is end of file; Ctrl-C ends the wait', () => {
  const r = runScript([
    'cd /root',
    ...file(
      'sum.c',
      [
        '#include <stdio.h>',
        'int main(void)',
        '{',
        '    int a, b;',
        '    char line[100];',
        '    int n = 0;',
        '    printf("two numbers: ");',
        '    fflush(stdout);',
        '    if (scanf("%d %d", &a, &b) != 2)',
        '        return 1;',
        '    printf("sum %d\\n", a + b);',
        '    while (fgets(line, sizeof line, stdin))',
        '        n++;',
        '    printf("%d more lines\\n", n);',
        '    return 0;',
        '}'
      ].join('\n')
    ),
    'gcc -o sum sum.c',
    './sum',
    { type: '3 4\r' },
    { type: 'x\r' },
    { type: 'y\r' },
    { type: '\x04' },
    'echo status=$?',
    './sum',
    { type: '5' },
    { type: '\x03' },
    'echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(out).toContain('~ # ./sum\ntwo numbers: 3 4\nsum 7\nx\ny\n3 more lines\n~ # echo status=$?\nstatus=0\n')
  // Ctrl-C while it waits for the rest of the line: the partial line is flushed with it.
  expect(out).toContain('~ # ./sum\ntwo numbers: 5^C\n~ # echo status=$?\nstatus=130\n')
})

it('typed-ahead lines the program did not read stay for the shell', () => {
  const r = runScript([
    'cd /root',
    ...file('one.c', '#include <stdio.h>\nint main(void)\n{\n    char b[64];\n    if (fgets(b, sizeof b, stdin))\n        printf("got %s", b);\n    return 0;\n}'),
    'gcc -o one one.c',
    './one',
    { type: 'first\recho second\r' },
    'echo third'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(out).toContain('~ # ./one\nfirst\necho second\ngot first\n~ # echo second\nsecond\n~ # echo third\nthird\n')
})

it('a C producer into head -n 3: the pipe is read as it is written, the producer dies of SIGPIPE', () => {
  const r = runScript([
    'cd /root',
    ...file('count.c', '#include <stdio.h>\nint main(void)\n{\n    for (unsigned i = 1; ; i++)\n        printf("%u\\n", i);\n}'),
    'gcc -o count count.c',
    './count | head -n 3; echo status=$?',
    'seq 1 5 | ./count | head -n 2'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, './count | head -n 3; echo status=$?')).toEqual(['1', '2', '3', 'status=0'])
  expect(outputOf(out, 'seq 1 5 | ./count | head -n 2')).toEqual(['1', '2'])
})

it('write(2) to a full pipe waits for the reader (state S); the reader leaving ends it with SIGPIPE', () => {
  const r = runScript([
    'cd /root',
    ...file('count.c', '#include <stdio.h>\nint main(void)\n{\n    for (unsigned i = 1; ; i++)\n        printf("%u\\n", i);\n}'),
    'gcc -o count count.c',
    './count | sleep 2 &',
    'sleep 1; ps -o stat,comm | grep count',
    'wait; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, 'sleep 1; ps -o stat,comm | grep count')).toEqual(['S    count'])
  expect(outputOf(out, 'wait; echo status=$?')).toEqual(['status=0'])
})

it('the same script gives the same output, byte for byte, with a program in the background', () => {
  const script = ['cd /root', ...file('loop.c', LOOP), 'gcc -o loop loop.c', './loop &', 'sleep 1', 'ps -o pid,stat,comm | grep loop', 'kill $!', 'sleep 1', 'uptime']
  expect(runScript(script).output).toBe(runScript(script).output)
})

it('sleep() waits on the simulated clock while other work goes on', () => {
  const r = runScript([
    'cd /root',
    ...file('nap.c', '#include <stdio.h>\n#include <unistd.h>\nint main(void)\n{\n    sleep(3);\n    printf("awake\\n");\n    return 0;\n}'),
    'gcc -o nap nap.c',
    './nap & sleep 1; ps -o stat,comm | grep nap; wait; echo done',
    'time ./nap'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, './nap & sleep 1; ps -o stat,comm | grep nap; wait; echo done')).toEqual(['S    nap', 'awake', 'done'])
  expect(outputOf(out, 'time ./nap')[1]).toMatch(/^real\t0m 3\.0\ds$/)
})

it('the environment reaches getenv(); abort() and assert() end with SIGABRT', () => {
  const r = runScript([
    'cd /root',
    ...file(
      'env.c',
      [
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include <assert.h>',
        'int main(int argc, char **argv)',
        '{',
        '    printf("X=%s\\n", getenv("X"));',
        '    assert(argc == 1);',
        '    return 0;',
        '}'
      ].join('\n')
    ),
    'gcc -o env env.c',
    'X=42 ./env',
    './env a; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(outputOf(out, 'X=42 ./env')).toEqual(['X=42'])
  expect(outputOf(out, './env a; echo status=$?')).toEqual([
    'X=(null)',
    "env: env.c:7: main: Assertion `argc == 1' failed.",
    'Aborted',
    'status=134'
  ])
})
