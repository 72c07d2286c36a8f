import { describe, expect, it } from 'vitest'
import { createMachine } from '../index'
import { DEFAULT_CONFIG, isHostToMachine, type MachineToHost } from '../protocol'
import { editorPathAllowed } from './files'

const MB = 1024 * 1024

/** A booted 256 MB board at max speed, with the console and the last answer of each view kind. */
function board() {
  let out = ''
  const answers: MachineToHost[] = []
  const m = createMachine({
    post: (msg: MachineToHost) => {
      if (msg.type === 'console') out += msg.data
      else if (msg.type === 'fault') throw new Error(msg.message)
      else answers.push(msg)
    }
  })
  m.send({ type: 'boot', config: { ...DEFAULT_CONFIG, memBytes: 256 * MB, quietBoot: true } })
  const prompts = (): number => (out.match(/~ # /g) ?? []).length
  const runUntil = (pred: () => boolean, steps = 400_000): void => {
    for (let i = 0; i < steps && !pred(); i++) {
      const st = m.run(1000)
      if (st.kind === 'timer') m.advanceClockTo(st.atNs)
      else if (st.kind === 'idle') m.advanceClockTo(m.nowNs() + 1_000_000)
    }
  }
  runUntil(() => prompts() >= 1)
  const type = (line: string): void => {
    const n = prompts()
    m.send({ type: 'input', data: line + '\r' })
    runUntil(() => prompts() > n)
  }
  const ask = <T extends MachineToHost['type']>(req: Parameters<typeof m.send>[0], type: T): Extract<MachineToHost, { type: T }> => {
    answers.length = 0
    m.send(req)
    const a = answers.find((x) => x.type === type)
    if (!a) throw new Error(`no ${type} answer`)
    return a as Extract<MachineToHost, { type: T }>
  }
  return { m, type, ask, out: () => out.replace(/\r/g, '') }
}

describe('processes and OOM views', () => {
  it('lists the tasks with VSZ/RSS/oom_score, and replays the OOM kill the console reports with its badness arithmetic', () => {
    const b = board()
    b.type('memhog 60m &')
    let p = b.ask({ type: 'procs-request' }, 'procs').procs!
    const hog = p.tasks.find((t) => t.comm === 'memhog')!
    expect(hog.rssKb).toBeGreaterThanOrEqual(60 * 1024)
    expect(hog.vszKb).toBeGreaterThanOrEqual(hog.rssKb)
    expect(hog.oom_score).toBeGreaterThan(p.tasks.find((t) => t.pid === 1)!.oom_score)
    expect(p.tasks.find((t) => t.comm === 'kswapd0')).toMatchObject({ kthread: true, rssKb: 0, oom_score: 0 })
    expect(p.lastOom).toBeNull()

    b.type('memhog 220m')
    const killed = /Out of memory: Killed process (\d+) \((\w+)\)/.exec(b.out())
    expect(killed).not.toBeNull()
    p = b.ask({ type: 'procs-request' }, 'procs').procs!
    const ev = p.lastOom!
    expect(ev.victimPid).toBe(Number(killed![1]))
    expect(ev.victimComm).toBe(killed![2])
    expect(p.oomKills).toBeGreaterThanOrEqual(1)
    expect(ev.totalpages).toBe(p.totalpages)
    const candidates = ev.tasks.filter((t) => t.points !== null)
    expect(candidates.length).toBeGreaterThanOrEqual(2)
    for (const t of candidates) {
      expect(t.points).toBe(t.rss + t.swapents + Math.floor(t.pgtables_bytes / 4096) + t.adjPoints)
    }
    // The victim has the highest badness; init is listed but never a candidate.
    expect(Math.max(...candidates.map((t) => t.points!))).toBe(ev.points)
    expect(candidates.find((t) => t.points === ev.points)!.pid).toBe(ev.victimPid)
    expect(ev.tasks.find((t) => t.pid === 1)).toMatchObject({ points: null, skipped: 'unkillable' })
  })

  it('slab caches as /proc/slabinfo prints them', () => {
    const b = board()
    const rows = b.ask({ type: 'slab-request' }, 'slabs').slabs!
    const k64 = rows.find((r) => r.name === 'kmalloc-64')!
    expect(k64).toBeDefined()
    expect(k64.pages).toBe(k64.numSlabs * k64.pagesPerSlab)
    expect(k64.numObjs).toBe(k64.numSlabs * k64.objPerSlab)
    b.type('cat /proc/slabinfo')
    const line = b.out().split('\n').find((l) => l.startsWith('kmalloc-64 '))!.trim().split(/\s+/)
    // The board ran `cat` since the request: compare the stable columns.
    expect(Number(line[3])).toBe(k64.objSize)
    expect(Number(line[4])).toBe(k64.objPerSlab)
    expect(Number(line[5])).toBe(k64.pagesPerSlab)
  })
})

describe('editor file access', () => {
  it('reads, writes and lists under /root and /mnt only, and compiles with make\'s diagnostics', () => {
    const b = board()
    const src = '#include <linux/module.h>\n#include <linux/init.h>\nstatic int __init t_init(void)\n{\n\tint x = y;\n\treturn 0;\n}\nmodule_init(t_init);\nMODULE_LICENSE("GPL");\n'
    expect(b.ask({ type: 'fs-write', id: 1, path: '/root/t.c', text: src }, 'fs-written').error).toBeNull()
    expect(b.ask({ type: 'fs-read', id: 2, path: '/root/t.c' }, 'fs-data').text).toBe(src)
    const ls = b.ask({ type: 'fs-list', id: 3, path: '/root' }, 'fs-listing')
    expect(ls.entries).toContainEqual({ name: 't.c', dir: false, size: src.length })
    const d = b.ask({ type: 'fs-diagnostics', id: 4, path: '/root/t.c' }, 'fs-diagnostics')
    expect(d.diags).toContainEqual(expect.objectContaining({ line: 5, col: 10, severity: 'error', message: expect.stringContaining("'y' undeclared") }))
    b.type('cat /root/t.c')
    expect(b.out()).toContain('int x = y;')
    expect(b.ask({ type: 'fs-read', id: 5, path: '/etc/passwd' } as never, 'fs-data').error).toMatch(/EACCES/)
    expect(editorPathAllowed('/root/../etc/passwd')).toBe(false)
    expect(editorPathAllowed('/mnt')).toBe(true)
    expect(editorPathAllowed('/mntx')).toBe(false)
  })

  it('the protocol refuses editor paths outside /mnt and /root and malformed requests', () => {
    expect(isHostToMachine({ type: 'fs-read', id: 1, path: '/mnt/lab/a.c' })).toBe(true)
    expect(isHostToMachine({ type: 'fs-write', id: 1, path: '/root/a.c', text: 'x' })).toBe(true)
    expect(isHostToMachine({ type: 'fs-list', id: 1, path: '/root' })).toBe(true)
    for (const path of ['/etc/passwd', '/root/../etc/passwd', '/mnt/./a', '/mnt//a', 'mnt/a', '/mntx/a', '/root/a\0b', 7])
      expect(isHostToMachine({ type: 'fs-read', id: 1, path })).toBe(false)
    expect(isHostToMachine({ type: 'fs-write', id: 1, path: '/root/a.c' })).toBe(false)
    expect(isHostToMachine({ type: 'fs-write', id: 1, path: '/root/a.c', text: 'x'.repeat((1 << 20) + 1) })).toBe(false)
    expect(isHostToMachine({ type: 'fs-diagnostics', id: 'a', path: '/root/a.c' })).toBe(false)
    expect(isHostToMachine({ type: 'procs-request' })).toBe(true)
    expect(isHostToMachine({ type: 'slab-request' })).toBe(true)
    expect(isHostToMachine({ type: 'step' })).toBe(true)
  })
})
