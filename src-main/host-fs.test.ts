import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { NodeHostFs, splitSharePath } from './host-fs'
import type { FsOps } from './host-fs'

vi.mock('electron', () => ({}))

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

let tmp: string
let share: string

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmemlab-hostfs-'))
  share = path.join(tmp, 'share')
})
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('NodeHostFs', () => {
  it('creates the share and does ordinary file work inside it', () => {
    const hfs = new NodeHostFs(share)
    expect(fs.statSync(share).isDirectory()).toBe(true)
    hfs.mkdir('lab3')
    hfs.writeFile('lab3/Makefile', enc('obj-m := alloc.o\n'))
    expect(dec(hfs.readFile('/lab3/Makefile'))).toBe('obj-m := alloc.o\n')
    expect(hfs.stat('lab3')).toMatchObject({ dir: true })
    expect(hfs.stat('lab3/Makefile')).toMatchObject({ dir: false, size: 17 })
    expect(hfs.stat('nope')).toBeNull()
    expect(hfs.readdir('')).toEqual(['lab3'])
    hfs.rename('lab3/Makefile', 'lab3/Kbuild')
    expect(hfs.readdir('lab3')).toEqual(['Kbuild'])
    hfs.unlink('lab3/Kbuild')
    hfs.rmdir('lab3')
    expect(hfs.readdir('/')).toEqual([])
  })

  it('replaces a file atomically: a crash between the temp write and the rename keeps the old file', () => {
    new NodeHostFs(share).writeFile('notes.txt', enc('old contents'))
    const crashing: FsOps = {
      ...fs,
      renameSync: () => {
        throw Object.assign(new Error('simulated power loss'), { code: 'EIO' })
      }
    }
    const hfs = new NodeHostFs(share, crashing)
    expect(() => hfs.writeFile('notes.txt', enc('new contents that never land'))).toThrow(/power loss/)
    expect(fs.readFileSync(path.join(share, 'notes.txt'), 'utf8')).toBe('old contents')
    // The orphaned temp file is invisible to the guest and removed when the share is opened again.
    expect(fs.readdirSync(share).length).toBe(2)
    expect(hfs.readdir('')).toEqual(['notes.txt'])
    new NodeHostFs(share)
    expect(fs.readdirSync(share)).toEqual(['notes.txt'])
  })

  it('a failed write (disk full) leaves the old file and no temp file', () => {
    const hfs0 = new NodeHostFs(share)
    hfs0.writeFile('a.c', enc('int x;'))
    const full: FsOps = {
      ...fs,
      writeSync: () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
      }
    }
    expect(() => new NodeHostFs(share, full).writeFile('a.c', enc('int y;'))).toThrow(/no space/)
    expect(fs.readFileSync(path.join(share, 'a.c'), 'utf8')).toBe('int x;')
    expect(fs.readdirSync(share)).toEqual(['a.c'])
  })

  it.each(['..', '../secret', 'a/../../b', 'a/..', '..\\x', 'C:/Windows', 'c:x', 'a\0b'])('refuses the escaping path %j', (p) => {
    fs.writeFileSync(path.join(tmp, 'secret'), 'host secret')
    const hfs = new NodeHostFs(share)
    expect(() => hfs.readFile(p)).toThrow()
    expect(() => hfs.writeFile(p, enc('x'))).toThrow()
    expect(() => hfs.stat(p)).toThrow()
    expect(fs.readFileSync(path.join(tmp, 'secret'), 'utf8')).toBe('host secret')
  })

  it('refuses paths that leave the share through a symlink', () => {
    const outside = path.join(tmp, 'outside')
    fs.mkdirSync(outside)
    fs.writeFileSync(path.join(outside, 'f'), 'outside')
    const hfs = new NodeHostFs(share)
    fs.symlinkSync(outside, path.join(share, 'link'))
    expect(() => hfs.readFile('link/f')).toThrow(/leaves the share/)
    expect(() => hfs.writeFile('link/g', enc('x'))).toThrow(/leaves the share/)
    expect(() => hfs.readdir('link')).toThrow(/leaves the share/)
    expect(fs.existsSync(path.join(outside, 'g'))).toBe(false)
  })

  it('will not remove or replace the share root itself', () => {
    const hfs = new NodeHostFs(share)
    expect(() => hfs.rmdir('/')).toThrow()
    expect(() => hfs.writeFile('', enc('x'))).toThrow()
    expect(() => hfs.rename('.', 'x')).toThrow()
  })

  it('can be pointed at another folder', () => {
    const hfs = new NodeHostFs(share)
    hfs.writeFile('a', enc('1'))
    hfs.setRoot(path.join(tmp, 'other'))
    expect(hfs.readdir('')).toEqual([])
    expect(hfs.rootDir).toBe(path.join(tmp, 'other'))
  })
})

describe('splitSharePath', () => {
  it('normalises slashes and dots', () => {
    expect(splitSharePath('')).toEqual([])
    expect(splitSharePath('/')).toEqual([])
    expect(splitSharePath('./a//b/./c/')).toEqual(['a', 'b', 'c'])
  })
})
