/* The editor's build button: which module a file of a lab folder becomes, or how a user program is built. */

import { expect, it } from 'vitest'
import { Vfs } from '../fs/vfs'
import { LAB3 } from '../labs/lab3_alloc_mm'
import { MM_LABS } from '../labs/mm_labs'
import { MALLOC_LAB } from '../labs/malloc_lab'
import { compileDiagnostics } from './files'

function install(vfs: Vfs, lab: { path: string; files: Record<string, string> }): void {
  vfs.mkdirp(lab.path)
  for (const [n, t] of Object.entries(lab.files)) vfs.writeFile(`${lab.path}/${n}`, t)
}

it("a module file is built as its Makefile's obj-m module (allocmm-objs := alloc_mm.o gives allocmm.ko)", () => {
  const vfs = new Vfs()
  install(vfs, LAB3)
  expect(compileDiagnostics(vfs, `${LAB3.path}/alloc_mm.c`).build).toEqual({ kind: 'module', module: 'allocmm' })
})

it('every bundled module lab names a module its make really builds (the .c files are part of some obj-m)', () => {
  const vfs = new Vfs()
  for (const lab of MM_LABS) {
    install(vfs, lab)
    const mf = lab.files.Makefile ?? ''
    for (const f of Object.keys(lab.files).filter((n) => n.endsWith('.c'))) {
      const b = compileDiagnostics(vfs, `${lab.path}/${f}`).build
      expect(b?.kind, `${lab.path}/${f}`).toBe('module')
      if (b?.kind === 'module') expect(mf, `${lab.path}/${f}`).toMatch(new RegExp(`obj-m\\s*[:+]?=.*\\b${b.module}\\.o`))
    }
  }
})

it('obj-m forms: +=, continuation lines, -y lists; a file in no obj-m keeps its own name', () => {
  const vfs = new Vfs()
  vfs.mkdirp('/mnt/m')
  vfs.writeFile('/mnt/m/Makefile', 'obj-m := first.o\nobj-m += second.o \\\n  third.o\nthird-y := a.o b.o\n# obj-m += commented.o\n')
  for (const [f, m] of [['first', 'first'], ['second', 'second'], ['b', 'third'], ['stray', 'stray'], ['commented', 'commented']]) {
    vfs.writeFile(`/mnt/m/${f}.c`, '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n')
    expect(compileDiagnostics(vfs, `/mnt/m/${f}.c`).build).toEqual({ kind: 'module', module: m })
  }
})

it('a user program is built with gcc and run, or with make where its folder has a makefile', () => {
  const vfs = new Vfs()
  install(vfs, MALLOC_LAB)
  expect(compileDiagnostics(vfs, `${MALLOC_LAB.path}/test.c`).build).toEqual({ kind: 'program', output: 'test', makefile: true })
  vfs.mkdirp('/root')
  vfs.writeFile('/root/hello.c', '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
  expect(compileDiagnostics(vfs, '/root/hello.c')).toEqual({ diags: [], build: { kind: 'program', output: 'hello', makefile: false }, error: null })
  expect(compileDiagnostics(vfs, '/root/none.c').build).toBeNull()
})
