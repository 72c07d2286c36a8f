/*
 * Putting programs on PATH: /bin/busybox (the multi-call binary), one
 * symlink per busybox applet (`busybox --install -s`), and an executable file
 * of its own for each registered program that busybox does not provide
 * (make, gcc). The shell's exec finds an applet by the inode it reaches.
 */

import { utf8Encode } from '../fs/utf8'
import type { Vfs } from '../fs/vfs'
import type { Interp } from './interp'
import type { RegisteredCommand } from './registry'

/** A few bytes that make `head -c 4` and file-type sniffing see an ARM ELF executable. */
function elfStub(name: string): Uint8Array {
  const hdr = [0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x28, 0]
  const tail = utf8Encode(`\0kmemlab program: ${name}\0`)
  const out = new Uint8Array(hdr.length + tail.length)
  out.set(hdr)
  out.set(tail, hdr.length)
  return out
}

/**
 * Create the PATH entry for `c` (or, with null, make sure /bin/busybox
 * exists). Returns the inode number of the file created or found.
 */
export function installCommand(vfs: Vfs, interp: Interp, c: RegisteredCommand | null): number {
  if (c === null) {
    vfs.mkdirp('/bin')
    if (!vfs.exists('/bin/busybox')) vfs.writeFile('/bin/busybox', elfStub('busybox'), { mode: 0o755 })
    const ino = vfs.stat('/bin/busybox').ino
    vfs.chmod('/bin/busybox', 0o755)
    return ino
  }
  vfs.mkdirp(c.dir)
  const path = `${c.dir}/${c.name}`
  let existing = true
  try {
    vfs.lstat(path)
  } catch {
    existing = false
  }
  if (c.busybox) {
    if (!existing) vfs.symlink('/bin/busybox', path)
    return vfs.stat('/bin/busybox').ino
  }
  if (!existing) {
    vfs.writeFile(path, elfStub(c.name), { mode: 0o755 })
    vfs.chmod(path, 0o755)
  }
  const ino = vfs.stat(path).ino
  if (ino !== interp.busyboxIno) interp.programByIno.set(ino, c.name)
  return ino
}
