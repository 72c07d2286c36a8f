/*
 * make: GNU make's variables, functions, conditionals, rules and messages,
 * and Kbuild's incremental builds (nothing to do when nothing changed).
 */
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const MAKEFILE = [
  'A = one',
  'B := $(A) two',
  'A = uno',
  'C ?= set-by-file',
  'D ?= default',
  'L := x.c y.c',
  'L += z.c',
  'OBJS := $(patsubst %.c,%.o,$(L))',
  'ifeq ($(origin C),command line)',
  'WHERE = cmdline',
  'else',
  'WHERE = file',
  'endif',
  'ifdef NOPE',
  'X = bad',
  'endif',
  '.PHONY: all show fail',
  'all: show out.txt',
  'show:',
  '\t@echo "A=$(A) B=$(B) C=$(C) D=$(D) WHERE=$(WHERE)"',
  '\t@echo "OBJS=$(OBJS) n=$(words $(L)) first=$(firstword $(L)) up=$(shell echo hi | tr a-z A-Z)"',
  '\t@echo "dir=$(notdir $(CURDIR)) $(addprefix -I,inc lib) $(subst o,0,foo) $(if $(X),yes,no)"',
  '%.txt: %.in',
  '\tcp $< $@',
  'fail:',
  '\t@echo before',
  '\tfalse',
  '\t@echo never'
].join('\n') + '\n'

describe('make', () => {
  const r = runWithShare({ 'mk/Makefile': MAKEFILE, 'mk/out.in': 'data\n' }, [
    'cd /mnt/mk',
    'make C=cli',
    'make out.txt',
    'make fail; echo rc=$?',
    'make nosuch; echo rc=$?',
    'make -C /nowhere; echo rc=$?',
    'cp -r /mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm /tmp/lab',
    'cd /tmp/lab',
    'make > /dev/null',
    'make',
    'sleep 1; touch alloc_mm.c',
    'make | grep -c "CC \\[M\\]"'
  ])
  const out = afterBoot(r.output)

  it('expands variables (recursive, simple, ?=, +=, command line), functions and conditionals', () => {
    expect(out).toContain('A=uno B=one two C=cli D=default WHERE=cmdline\n')
    expect(out).toContain('OBJS=x.o y.o z.o n=3 first=x.c up=HI\n')
    expect(out).toContain('dir=mk -Iinc -Ilib f00 no\n')
  })

  it('runs pattern rules with automatic variables, and knows what is up to date', () => {
    expect(out).toContain('cp out.in out.txt\n')
    expect(out).toContain("make: 'out.txt' is up to date.\n")
  })

  it("stops at a failing command with GNU make's messages", () => {
    expect(out).toContain('before\nfalse\nmake: *** [Makefile:27: fail] Error 1\nrc=2\n')
    expect(out).not.toContain('never')
    expect(out).toContain("make: *** No rule to make target 'nosuch'.  Stop.\nrc=2\n")
    expect(out).toContain('make: *** /nowhere: No such file or directory.  Stop.\nrc=2\n')
  })

  it('Kbuild does nothing when nothing changed and rebuilds an edited source', () => {
    expect(out).toContain(
      "# make\nmake -C /lib/modules/`uname -r`/build M=/tmp/lab modules;\nmake[1]: Entering directory '/usr/src/linux'\nmake[1]: Leaving directory '/usr/src/linux'\n"
    )
    expect(out).toMatch(/grep -c "CC \\\[M\\\]"\n2\n/)
  })
})
