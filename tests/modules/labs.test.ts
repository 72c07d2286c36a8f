/*
 * Every bundled module lab (a Makefile with obj-m) builds with its own
 * Makefile and runs: insmod succeeds with the expected verdicts, rmmod runs
 * the exit function. The user-space malloc lab has its own scenario test.
 */
import { describe, expect, it } from 'vitest'
import { LABS } from '../../src-core/labs/index'
import { afterBoot, runWithShare } from './run'

const modOf = (readme: string): string => /insmod (\S+)\.ko/.exec(readme)![1]!
const MODULE_LABS = LABS.filter((l) => /^obj-m\s*[:+]?=/m.test(l.files['Makefile'] ?? ''))

describe('bundled labs', () => {
  const lines: string[] = []
  for (const l of MODULE_LABS) {
    const mod = modOf(l.files['README.txt']!)
    lines.push(`cd ${l.path}`, 'make > /tmp/make.log 2>&1; echo "make $?"', `insmod ${mod}.ko; echo "insmod $?"`, `rmmod ${mod}; echo "rmmod $?"`)
  }
  const r = runWithShare({}, lines)
  const out = afterBoot(r.output)

  it('are installed at the handouts paths and each builds, loads and unloads', () => {
    expect(LABS.map((l) => l.path)).toContain('/mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm')
    expect(MODULE_LABS.length).toBeGreaterThanOrEqual(9)
    expect(out.match(/^make 0$/gm)).toHaveLength(MODULE_LABS.length)
    expect(out.match(/^insmod 0$/gm)).toHaveLength(MODULE_LABS.length)
    expect(out.match(/^rmmod 0$/gm)).toHaveLength(MODULE_LABS.length)
    for (const l of LABS) expect(l.files['README.txt'] ?? l.files['README']).toMatch(/[\u4e00-\u9fff]/)
  })

  it('give the verdicts the handouts ask about', () => {
    expect(out).toMatch(/GFP_KERNEL: pfn=\d+ phys=0x6[0-9a-f]{7} zone=Normal page_address=c[0-9a-f]{7}\n/)
    expect(out).toMatch(/GFP_HIGHUSER_MOVABLE: pfn=\d+ phys=0x[89][0-9a-f]{7} zone=HighMem page_address=00000000\n/)
    expect(out).toMatch(/GFP_HIGHUSER_MOVABLE: kmap=bfe0[0-9a-f]000 \(pkmap area\)\n/)
    expect(out).toContain('kmalloc limit: 4194304 bytes (KMALLOC_MAX_SIZE = 4194304)')
    expect(out).toContain('Failed to allocate kmallocmem4!')
    expect(out).toMatch(/vmallocmem3 addr = 0xf[0-9a-f]{7} \(67108864 bytes/)
    expect(out).toContain('vmap allocation for size 4202496 failed: use vmalloc=<size> to increase size')
    expect(out).toMatch(/get_free_pages address: 0xc[0-9a-f]{3}0000 \(order 4, 65536 bytes\)/)
    expect(out).toMatch(/vmalloc\(4096\) 成功, 地址 = 0xf[0-9a-f]{7}/)
    expect(out).toMatch(/kmalloc\(4096\) 成功, 地址 = 0xc[0-9a-f]{7}/)
    expect(out).toContain('kmem_cache_lab: sizeof(struct student)=32 kmem_cache_size()=32')
    expect(out).toMatch(/kmap_lab: kmap_atomic=bfe0[0-9a-f]000 reads "written through kmap at bfe0[0-9a-f]000"/)
  })
})
