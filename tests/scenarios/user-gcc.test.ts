/*
 * gcc on the console and ./a.out as a process (kernel/binfmt_kmemcc.ts):
 * compile, run with argv and exit status, gcc's diagnostics, objects and
 * linking, a bad pointer killed with SIGSEGV, RSS in /proc/self/status as
 * the program touches its pages, every page back at exit, pipes.
 */

import { expect, it } from 'vitest'
import { afterBoot, heredocFile, outputOf, runScript } from '../helpers/run'

/** A C file written by a heredoc. */
const file = heredocFile

it('gcc hello.c && ./a.out: output, argv, exit status, mode 0755; errors exit 1 and write nothing', () => {
  const r = runScript([
    'cd /root',
    ...file('hello.c', '#include <stdio.h>\nint main(int argc, char **argv)\n{\n    printf("hello from %s, %d args\\n", argv[0], argc - 1);\n    return 7;\n}'),
    'gcc -Wall -O2 hello.c && ./a.out one two; echo status=$?',
    'ls -l a.out | cut -c1-10',
    './a.out | tr a-z A-Z',
    ...file('bad.c', 'int main(void)\n{\n    return x;\n}'),
    'gcc -o bad bad.c; echo status=$?; ls bad',
    'gcc nosuch.c; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, 'gcc -Wall -O2 hello.c && ./a.out one two; echo status=$?')).toEqual(['hello from ./a.out, 2 args', 'status=7'])
  expect(outputOf(out, 'ls -l a.out | cut -c1-10')).toEqual(['-rwxr-xr-x'])
  expect(outputOf(out, './a.out | tr a-z A-Z')).toEqual(['HELLO FROM ./A.OUT, 0 ARGS'])
  expect(outputOf(out, 'gcc -o bad bad.c; echo status=$?; ls bad')).toEqual([
    "bad.c: In function 'main':",
    "bad.c:3:12: error: 'x' undeclared (first use in this function)",
    '    3 |     return x;',
    '      |            ^',
    'bad.c:3:12: note: each undeclared identifier is reported only once for each function it appears in',
    'status=1',
    "ls: bad: No such file or directory"
  ])
  expect(outputOf(out, 'gcc nosuch.c; echo status=$?')).toEqual([
    'gcc: error: nosuch.c: No such file or directory',
    'gcc: fatal error: no input files',
    'compilation terminated.',
    'status=1'
  ])
})

it('gcc -c and linking objects; an undefined symbol is reported by ld', () => {
  const r = runScript([
    'cd /root',
    ...file('sq.h', 'int square(int x);'),
    ...file('sq.c', '#include "sq.h"\nint square(int x) { return x * x; }'),
    ...file('main.c', '#include <stdio.h>\n#include "sq.h"\nint main(void) { printf("%d\\n", square(SEVEN)); return 0; }'),
    'gcc -c sq.c && gcc -DSEVEN=7 -c main.c -o m.o',
    'gcc -o prog sq.o m.o && rm sq.h && ./prog',
    'gcc -o prog2 m.o; echo status=$?',
    './sq.o; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(outputOf(out, 'gcc -c sq.c && gcc -DSEVEN=7 -c main.c -o m.o')).toEqual([])
  expect(outputOf(out, 'gcc -o prog sq.o m.o && rm sq.h && ./prog')).toEqual(['49'])
  expect(outputOf(out, 'gcc -o prog2 m.o; echo status=$?')).toEqual([
    "/usr/bin/ld: undefined reference to `square'",
    'collect2: error: ld returned 1 exit status',
    'status=1'
  ])
  expect(outputOf(out, './sq.o; echo status=$?')).toEqual(['sh: ./sq.o: Permission denied', 'status=126'])
})

it('a bad pointer: Segmentation fault, status 139, every page the process held comes back', () => {
  const r = runScript([
    'cd /root',
    ...file('segv.c', '#include <stdlib.h>\n#include <string.h>\nint main(void)\n{\n    char *p = malloc(4 << 20);\n    memset(p, 1, 4 << 20);\n    *(int *)8 = 1;\n    return 0;\n}'),
    'gcc segv.c -o segv',
    'grep AnonPages /proc/meminfo',
    './segv; echo status=$?',
    'grep AnonPages /proc/meminfo'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  expect(outputOf(out, './segv; echo status=$?')).toEqual(['Segmentation fault', 'status=139'])
  const anon = [...out.matchAll(/AnonPages: +(\d+) kB/g)].map((m) => Number(m[1]))
  expect(anon.length).toBe(2)
  expect(anon[1]).toBe(anon[0])
})

it('RSS grows in /proc/self/status as the program touches its pages; they come from HighMem and return at exit', () => {
  const r = runScript([
    'cd /root',
    ...file(
      'rss.c',
      [
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include <string.h>',
        'static long field(const char *path, const char *name)',
        '{',
        '    char line[128];',
        '    long kb = -1;',
        '    FILE *f = fopen(path, "r");',
        '    while (f && fgets(line, sizeof line, f))',
        '        if (strncmp(line, name, strlen(name)) == 0)',
        '            kb = atol(line + strlen(name));',
        '    if (f)',
        '        fclose(f);',
        '    return kb;',
        '}',
        'int main(void)',
        '{',
        '    long before = field("/proc/self/status", "VmRSS:");',
        '    long high = field("/proc/meminfo", "HighFree:");',
        '    char *p = malloc(32 << 20);',
        '    long mapped = field("/proc/self/status", "VmRSS:");',
        '    memset(p, 0x55, 32 << 20);',
        '    printf("malloc adds %ld kB, touching adds %ld MB\\n", mapped - before,',
        '           (field("/proc/self/status", "VmRSS:") - mapped + 512) / 1024);',
        '    printf("HighFree down %ld MB\\n", (high - field("/proc/meminfo", "HighFree:") + 512) / 1024);',
        '    return p[1000] == 0x55 ? 0 : 1;',
        '}'
      ].join('\n')
    ),
    'gcc -Wall rss.c; grep AnonPages /proc/meminfo',
    './a.out; grep AnonPages /proc/meminfo'
  ])
  const out = afterBoot(r.output)
  expect(r.faults).toEqual([])
  const before = outputOf(out, 'gcc -Wall rss.c; grep AnonPages /proc/meminfo')
  const run = outputOf(out, './a.out; grep AnonPages /proc/meminfo')
  expect(run.slice(0, 2)).toEqual(['malloc adds 0 kB, touching adds 32 MB', 'HighFree down 32 MB'])
  // Every anonymous page the program had is freed at exit.
  expect(run[2]).toBe(before[0])
})

it('warnings follow the options as gcc 12: the default set, -Wall, -Wno-..., -w', () => {
  const r = runScript([
    'cd /root',
    ...file('w.c', '#include <stdio.h>\nint main(void) { int unused; char *p = 5; return 0; }'),
    'gcc w.c',
    'gcc -Wall w.c 2>&1 | grep -c warning',
    'gcc -Wall -Wno-unused-variable w.c 2>&1 | grep -c warning',
    'gcc -w -Wall w.c; echo status=$?'
  ])
  const out = afterBoot(r.output)
  expect(outputOf(out, 'gcc w.c')).toEqual([
    "w.c: In function 'main':",
    "w.c:2:40: warning: initialization of 'char *' from 'int' makes pointer from integer without a cast [-Wint-conversion]",
    '    2 | int main(void) { int unused; char *p = 5; return 0; }',
    '      |                                        ^'
  ])
  expect(outputOf(out, 'gcc -Wall w.c 2>&1 | grep -c warning')).toEqual(['3'])
  expect(outputOf(out, 'gcc -Wall -Wno-unused-variable w.c 2>&1 | grep -c warning')).toEqual(['1'])
  expect(outputOf(out, 'gcc -w -Wall w.c; echo status=$?')).toEqual(['status=0'])
})
