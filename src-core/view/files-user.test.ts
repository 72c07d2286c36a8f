import { expect, it } from 'vitest'
import { Vfs } from '../fs/vfs'
import { MALLOC_LAB } from '../labs/malloc_lab'
import { compileDiagnostics } from './files'

it("the editor's diagnostics for a user program find its own headers (the malloc lab is clean)", () => {
  const vfs = new Vfs()
  vfs.mkdirp(MALLOC_LAB.path)
  for (const [n, t] of Object.entries(MALLOC_LAB.files)) vfs.writeFile(`${MALLOC_LAB.path}/${n}`, t)
  for (const f of ['ff_malloc.c', 'bf_malloc.c', 'test.c']) expect(compileDiagnostics(vfs, `${MALLOC_LAB.path}/${f}`)).toMatchObject({ diags: [], error: null })
  vfs.mkdirp('/root')
  vfs.writeFile('/root/x.c', '#include "nope.h"\nint main(void) { return 0; }\n')
  const r = compileDiagnostics(vfs, '/root/x.c')
  expect(r.diags[0]).toMatchObject({ line: 1, severity: 'error', message: 'nope.h: No such file or directory' })
})
