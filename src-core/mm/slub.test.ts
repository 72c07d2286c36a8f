import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { slabinfo_show } from '../fs/proc/slabinfo'
import { GFP_KERNEL } from './gfp'
import { boot_mm } from './index'
import { SlabCommon } from './slab_common'
import { calculate_order, SLAB_HWCACHE_ALIGN } from './slub'
import { makeKernel } from './testing'
import { Kmem } from './kmem'

const fixture = (name: string): string[] =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('# boot'))

function bootSlab(cmdline = ''): { sc: SlabCommon; lines: string[] } {
  const t = makeKernel(1024, cmdline)
  const mm = boot_mm(t.k, { workload: false })
  const sc = new SlabCommon(t.k, mm)
  sc.kmem_cache_init()
  sc.create_boot_caches()
  sc.boot_objects()
  return { sc, lines: t.lines }
}

/** name → [objsize, objperslab, pagesperslab] */
const geometry = (lines: string[]): Map<string, string> =>
  new Map(lines.filter((l) => !l.startsWith('slabinfo') && !l.startsWith('#')).map((l) => {
    const f = l.split(/\s+/)
    return [f[0]!, `${f[3]} ${f[4]} ${f[5]}`]
  }))

describe('SLUB caches on the 1 GB board', () => {
  it('calculate_order gives the reference orders', () => {
    expect([64, 128, 192, 256, 512, 1024, 2048, 4096, 8192].map(calculate_order)).toEqual([0, 0, 0, 0, 1, 2, 3, 3, 3])
  })

  it('boot caches merge into exactly the reference slabinfo list, with its geometry', () => {
    const { sc } = bootSlab()
    const ref = fixture('slabinfo-1024.txt')
    const ours = slabinfo_show(sc).split('\n').filter((l) => l !== '')
    const refNames = ref.map((l) => l.split(/\s+/)[0])
    expect(ours.map((l) => l.split(/\s+/)[0])).toEqual(refNames)
    expect(geometry(ours)).toEqual(geometry(ref))
  })

  it('with slub_nomerge every cache has its own line', () => {
    const { sc } = bootSlab('slub_nomerge')
    const ref = fixture('slabinfo-1024-nomerge.txt').filter((l) => !l.startsWith('my_cache'))
    const ours = slabinfo_show(sc).split('\n').filter((l) => l !== '')
    expect(ours.map((l) => l.split(/\s+/)[0])).toEqual(ref.map((l) => l.split(/\s+/)[0]))
    expect(geometry(ours)).toEqual(geometry(ref))
  })

  it('after the whole boot (Kmem), every row but the test-dependent ones equals the reference', () => {
    const t = makeKernel(1024)
    const km = new Kmem(t.k, boot_mm(t.k, { workload: false }))
    km.boot_late()
    const ours = slabinfo_show(km.slab).split('\n').filter((l) => l !== '')
    const ref = fixture('slabinfo-1024.txt')
    // cred_jar holds kmem_cache_test's 1000 objects in the reference; vmap_area's
    // active count (425 of 512) depends on the boot's free history
    const skip = (l: string): boolean => l.startsWith('cred_jar ') || l.startsWith('vmap_area ')
    expect(ours.filter((l) => !skip(l))).toEqual(ref.filter((l) => !skip(l)))
  })

  it('kmalloc rows have the reference format and counts', () => {
    const { sc } = bootSlab()
    const ref = fixture('slabinfo-1024.txt').filter((l) => l.startsWith('kmalloc'))
    const ours = slabinfo_show(sc).split('\n').filter((l) => l.startsWith('kmalloc'))
    expect(ours).toEqual(ref)
  })

  it('my_cache(100, SLAB_HWCACHE_ALIGN) merges into cred_jar; with slub_nomerge it is its own cache', () => {
    const { sc } = bootSlab()
    const c = sc.kmem_cache_create('my_cache', 100, 0, SLAB_HWCACHE_ALIGN)!
    expect(c.name).toBe('cred_jar')
    expect(sc.kmem_cache_size(c)).toBe(128)
    expect([...c.aliases].sort()).toEqual(['aio_kiocb', 'eventpoll_epi', 'file_lock_cache', 'ip_dst_cache', 'jffs2_raw_inode', 'my_cache', 'rpc_tasks', 'sgpool-8', 'uid_cache'])
    const objs: number[] = []
    for (let i = 0; i < 1000; i++) objs.push(sc.kmem_cache_alloc(c, GFP_KERNEL))
    const info = slabinfo_show(sc)
    expect(info).not.toContain('my_cache')
    expect(info).toContain('cred_jar            1088   1088    128   32    1 : tunables    0    0    0 : slabdata     34     34      0')
    for (const o of objs) sc.kmem_cache_free(c, o)
    sc.kmem_cache_destroy(c)
    expect(sc.sysfs.get('my_cache')).toBe(c)

    const nm = bootSlab('slub_nomerge').sc
    const m = nm.kmem_cache_create('my_cache', 100, 0, SLAB_HWCACHE_ALIGN)!
    expect(m.name).toBe('my_cache')
    expect(nm.kmem_cache_size(m)).toBe(100)
    for (let i = 0; i < 1000; i++) nm.kmem_cache_alloc(m, GFP_KERNEL)
    expect(slabinfo_show(nm)).toContain('my_cache            1024   1024    128   32    1 : tunables    0    0    0 : slabdata     32     32      0')
  })
})
