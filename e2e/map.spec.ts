/*
 * The memory views end to end on the web build: the page-frame map fills in
 * as the board boots and changes colour when the boot's allocations land
 * (read back from the map's texture through window.__kmemlab.frameMap and
 * from screenshots of the canvas), hover shows the tooltip (lowmem virtual
 * address / highmem without a permanent mapping), click opens struct page
 * and the hexdump, zoom and pan move the map, and the UI switches to
 * Chinese. Screenshots of each state go to e2e/artifacts/.
 */
import { test, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import * as path from 'node:path'

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts')
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })

async function lastLine(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = window.__kmemlab?.term?.buffer.active
    if (!b) return ''
    for (let i = b.length - 1; i >= 0; i--) {
      const l = b.getLine(i)?.translateToString(true) ?? ''
      if (l.trim()) return l
    }
    return ''
  })
}

const hex = (v: number, d = 8) => '0x' + v.toString(16).padStart(d, '0')

test('page-frame map: boot changes colours, tooltip, inspector, zoom, Chinese', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto('/')
  await expect(page.getByTestId('frame-map')).toBeVisible()
  await page.getByTestId('theme').selectOption('dark')
  // Watch for flashes: frames changed by a delta light up briefly (full repaints do not flash).
  await page.evaluate(() => {
    const w = window as unknown as { __flashSeen: number }
    w.__flashSeen = 0
    setInterval(() => {
      w.__flashSeen = Math.max(w.__flashSeen, window.__kmemlab?.frameMap?.flashing() ?? 0)
    }, 4)
  })

  // The map appears as soon as setup_arch has built the memory model (a 1 GB board: 262,144 frames),
  // at 0 s of the boot; the boot's late allocations (slab, kernel stacks, vmalloc, page cache, anon:
  // boot_workload at free_initmem) land at about 1.96 s. Catch the map in between: on the first
  // boot if we are quick enough, else after a reset (which replays the boot at full speed).
  type Snap = { classes: number[]; pixels: number[]; uptime: number; gen: number }
  const snapNewGeneration = (after: number) =>
    page.evaluate(async (g) => {
      for (;;) {
        const fm = window.__kmemlab?.frameMap
        if (fm && fm.generation() > g && fm.layout()) {
          return { classes: fm.snapshot(), pixels: fm.pixels(), uptime: window.__kmemlab!.store!.uptimeNs, gen: fm.generation() }
        }
        await new Promise((r) => setTimeout(r, 2))
      }
    }, after) as Promise<Snap>
  const waitShell = async () => {
    await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.power), { timeout: 60_000 }).toBe('running')
    await expect.poll(() => lastLine(page), { timeout: 60_000 }).toMatch(/[#$]\s*$/)
    await page.waitForTimeout(1200) // the flashes of recently changed frames fade out
  }
  let early = await snapNewGeneration(0)
  await shot(page, 'map-1-booting')
  const layout = (await page.evaluate(() => window.__kmemlab!.frameMap!.layout()))!
  expect(layout.nframes).toBe(262144)
  expect(layout.basePfn).toBe(0x60000)
  let changed: number[] = []
  let late: { classes: number[]; pixels: number[] } = early
  for (let attempt = 0; attempt < 4; attempt++) {
    await waitShell()
    late = await page.evaluate(() => ({ classes: window.__kmemlab!.frameMap!.snapshot(), pixels: window.__kmemlab!.frameMap!.pixels() }))
    changed = []
    for (let i = 0; i < late.classes.length; i++) if (late.classes[i] !== early.classes[i]) changed.push(i)
    if (changed.length > 1000) break
    const next = snapNewGeneration(early.gen)
    await page.getByTestId('reset').click()
    early = await next
  }
  expect(changed.length, `first snapshot at uptime ${early.uptime} ns`).toBeGreaterThan(1000)
  expect(await page.evaluate(() => (window as unknown as { __flashSeen: number }).__flashSeen)).toBeGreaterThan(100)
  expect(await page.evaluate(() => window.__kmemlab!.frameMap!.flashing())).toBe(0) // and faded out
  // Changed classes show as changed colours in the map's texture ...
  const recoloured = changed.filter((i) => late.pixels[i] !== early.pixels[i]).length
  expect(recoloured).toBeGreaterThan(changed.length * 0.9)
  await shot(page, 'map-2-booted')

  // Every class the map shows is a known one, and a booted system has slab and user pages.
  const classIds = await page.evaluate(() => {
    const fm = window.__kmemlab!.frameMap!
    const L = fm.layout()!
    const seen = new Set<string>()
    for (let i = 0; i < L.nframes; i += 7) seen.add(fm.classAt(L.basePfn + i) ?? 'none')
    return [...seen]
  })
  expect(classIds).not.toContain('none')
  const all = await page.evaluate(() => {
    const fm = window.__kmemlab!.frameMap!
    const L = fm.layout()!
    const s = new Set<string>()
    for (let i = 0; i < L.nframes; i++) s.add(fm.classAt(L.basePfn + i)!)
    return [...s]
  })
  for (const c of ['kernelImage', 'slab', 'pageCache', 'free10', 'memMap']) expect(all).toContain(c)

  // Hover a lowmem frame that changed: PFN, physical and lowmem virtual address.
  // (Cells are under a pixel wide when the map is fitted: the frame hovered is the one under the
  // pointer's whole-pixel position.)
  const lowIdx = changed.find((i) => layout.basePfn + i < layout.maxLowPfn - 4096)!
  const c0 = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), layout.basePfn + lowIdx))!
  const pt = { x: Math.round(c0.x), y: Math.round(c0.y) }
  const lowPfn = (await page.evaluate(([x, y]) => window.__kmemlab!.frameMap!.pfnAt(x!, y!), [pt.x, pt.y]))!
  expect(lowPfn).toBeLessThan(layout.maxLowPfn)
  await page.mouse.move(pt.x, pt.y)
  const tip = page.getByTestId('frame-tooltip')
  await expect(tip).toBeVisible()
  await expect(tip).toContainText(hex(lowPfn, 5))
  await expect(tip).toContainText(hex(lowPfn * 4096))
  await expect(tip).toContainText(hex(lowPfn * 4096 - 0x60000000 + 0xc0000000))
  await expect(tip).toContainText('Normal')
  await expect(tip).toContainText(/Migratetype\s+(Unmovable|Movable|Reclaimable|HighAtomic|CMA|Isolate)/)
  await shot(page, 'map-3-tooltip-lowmem')

  // A highmem frame: no permanent mapping.
  const highPfn = layout.maxLowPfn + 512 * 40 + 20
  const hpt = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), highPfn))!
  await page.mouse.move(hpt.x, hpt.y)
  await expect(tip).toContainText(hex(highPfn, 5))
  await expect(tip).toContainText('highmem: no permanent mapping')
  await expect(tip).toContainText('HighMem')
  await shot(page, 'map-4-tooltip-highmem')

  // Click: struct page and the hexdump of the frame's 4096 bytes.
  await page.mouse.move(pt.x, pt.y)
  await page.mouse.down()
  await page.mouse.up()
  const insp = page.getByTestId('frame-inspector')
  await expect(insp).toBeVisible()
  await expect(insp).toContainText('struct page')
  await expect(insp).toContainText('_refcount')
  const dump = page.getByTestId('hexdump')
  await expect(dump).toBeVisible()
  const dumpText = await dump.textContent()
  expect(dumpText!.split('\n')[0]).toMatch(new RegExp(`^${(lowPfn * 4096).toString(16).padStart(8, '0')}  ([0-9a-f]{2} {1,2}){16}\\|.{16}\\|$`))
  expect(dumpText!.trim().split('\n').at(-1)).toBe(((lowPfn + 1) * 4096).toString(16).padStart(8, '0'))
  await shot(page, 'map-5-inspector')
  await page.getByTestId('frame-inspector').getByRole('button').click()
  await expect(insp).toBeHidden()

  // Zone bars and the buddy histogram show both zones.
  await expect(page.getByTestId('zone-bars')).toContainText('Normal')
  await expect(page.getByTestId('zone-bars')).toContainText('HighMem')
  await expect(page.getByTestId('zone-bars')).toContainText('lowmem_reserve')
  await expect(page.getByTestId('buddy-histogram')).toContainText('Movable')

  // Zoom with the wheel at the hovered cell, then pan by dragging.
  const s0 = await page.evaluate(() => window.__kmemlab!.frameMap!.scale())
  await page.mouse.move(pt.x, pt.y)
  for (let k = 0; k < 5; k++) await page.mouse.wheel(0, -300)
  await expect.poll(() => page.evaluate(() => window.__kmemlab!.frameMap!.scale())).toBeGreaterThan(s0 * 2)
  // Zooming at the cursor keeps the frame under it.
  expect(await page.evaluate(([x, y]) => window.__kmemlab!.frameMap!.pfnAt(x!, y!), [pt.x, pt.y])).toBe(lowPfn)
  const before = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), lowPfn))!
  await page.mouse.down()
  await page.mouse.move(pt.x - 80, pt.y + 40, { steps: 5 })
  await page.mouse.up()
  const moved = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), lowPfn))!
  expect(Math.round(moved.x - before.x)).toBe(-80)
  expect(Math.round(moved.y - before.y)).toBe(40)
  await expect(page.getByTestId('frame-inspector')).toBeHidden() // a drag is not a click
  await shot(page, 'map-6-zoomed')
  // ... and the canvas shows the texture's colours: read back the rendered pixel at changed frames.
  await page.mouse.move(2, 2)
  const samples = changed.filter((i) => Math.abs(layout.basePfn + i - lowPfn) < 2048).slice(0, 400)
  const compared = await page.evaluate((pfns) => {
    const fm = window.__kmemlab!.frameMap!
    let visible = 0
    let same = 0
    for (const pfn of pfns) {
      const c = fm.canvasRgbaAt(pfn)
      const t = fm.rgbaAt(pfn)
      const p = fm.clientPoint(pfn)!
      const r = document.querySelector('[data-testid=frame-map]')!.getBoundingClientRect()
      if (!c || !t || p.x < r.left + 4 || p.x > r.right - 4 || p.y < r.top + 4 || p.y > r.bottom - 4) continue
      visible++
      if (c.every((v, k) => Math.abs(v - t[k]!) <= 3)) same++
    }
    return { visible, same }
  }, samples.map((i) => layout.basePfn + i))
  expect(compared.visible).toBeGreaterThan(0)
  expect(compared.same).toBe(compared.visible)
  await page.getByTestId('frame-map').dblclick() // fit (its two clicks also open the inspector)
  await page.getByTestId('frame-inspector').getByRole('button').click()

  // Chinese: legend, views and tooltip labels translated.
  await page.getByLabel(/Language|语言/).selectOption('zh-CN')
  await expect(page.getByTestId('legend')).toContainText('空闲，按阶')
  await expect(page.getByTestId('legend')).toContainText('页缓存')
  await expect(page.getByTestId('views')).toContainText('物理页帧')
  await expect(page.getByTestId('views')).toContainText('内存区与水位线')
  const hpt2 = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), highPfn))!
  await page.mouse.move(hpt2.x, hpt2.y)
  await expect(tip).toContainText('高端内存：无永久映射')
  await expect(tip).toContainText('页帧号')
  await shot(page, 'map-7-chinese')

  // Light theme and projector mode.
  await page.getByTestId('theme').selectOption('light')
  await page.getByTestId('projector').check()
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
  await page.mouse.move(5, 5)
  await shot(page, 'map-8-light-projector')
  await page.getByTestId('projector').uncheck()
  await page.getByTestId('theme').selectOption('dark')
  await page.getByLabel(/Language|语言/).selectOption('en')

  expect(errors).toEqual([])
})

/** A module that keeps an order-4 block filled with 0x55 and prints its pfn (no tabs: the console completes on Tab). */
const FILL_MODULE = [
  '#include <linux/module.h>',
  '#include <linux/init.h>',
  '#include <linux/gfp.h>',
  '#include <linux/mm.h>',
  '#include <linux/string.h>',
  'static unsigned long addr;',
  'static int __init fill_init(void)',
  '{',
  '    addr = __get_free_pages(GFP_KERNEL, 4);',
  '    if (!addr)',
  '        return -ENOMEM;',
  '    memset((void *)addr, 0x55, PAGE_SIZE << 4);',
  '    pr_info("fill: pfn=%lx\\n", __pa(addr) >> PAGE_SHIFT);',
  '    return 0;',
  '}',
  'static void __exit fill_exit(void)',
  '{',
  '    free_pages(addr, 4);',
  '}',
  'module_init(fill_init);',
  'module_exit(fill_exit);',
  'MODULE_LICENSE("GPL");'
]

test('a module allocation recolours its frames; the hexdump shows its 0x55 fill', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto('/')
  await page.getByTestId('theme').selectOption('dark')
  await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.power), { timeout: 60_000 }).toBe('running')
  await expect.poll(() => lastLine(page), { timeout: 60_000 }).toMatch(/[#$]\s*$/)

  const type = async (line: string) => {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await page.getByTestId('console').click()
  await type('mkdir -p /root/fill && cd /root/fill')
  await type("cat > fill.c <<'EOF'")
  for (const l of FILL_MODULE) await type(l)
  await type('EOF')
  await type("printf 'obj-m := fill.o\\nall:\\n\\t$(MAKE) -C /lib/modules/`uname -r`/build M=$(PWD) modules\\n' > Makefile")
  const before = await page.evaluate(() => window.__kmemlab!.frameMap!.snapshot())
  await type('make && insmod fill.ko && dmesg | grep fill:')
  let pfn = 0
  await expect
    .poll(async () => {
      const text = await page.evaluate(() => {
        const b = window.__kmemlab!.term!.buffer.active
        const out: string[] = []
        for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? '')
        return out.join('\n')
      })
      const m = /fill: pfn=([0-9a-f]+)/.exec(text)
      if (m) pfn = parseInt(m[1]!, 16)
      return pfn > 0 && /[#$]\s*$/.test(await lastLine(page))
    }, { timeout: 60_000 })
    .toBe(true)

  // The block's 16 frames now show as kernel allocations, in a colour they did not have before.
  const layout = (await page.evaluate(() => window.__kmemlab!.frameMap!.layout()))!
  await expect.poll(() => page.evaluate((p) => window.__kmemlab!.frameMap!.classAt(p), pfn + 15)).toBe('kernel')
  const after = await page.evaluate(() => window.__kmemlab!.frameMap!.snapshot())
  for (let j = 0; j < 16; j++) {
    const i = pfn - layout.basePfn + j
    expect(after[i]).not.toBe(before[i])
  }
  await page.waitForTimeout(800)
  const rgba = await page.evaluate((p) => window.__kmemlab!.frameMap!.rgbaAt(p), pfn)
  expect(rgba).not.toEqual(await page.evaluate((p) => window.__kmemlab!.frameMap!.rgbaAt(p), pfn + 16))

  // Zoom in on the block, click a frame in it: struct page and a hexdump full of 0x55.
  const p0 = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), pfn + 8))!
  await page.mouse.move(p0.x, p0.y)
  for (let k = 0; k < 5; k++) await page.mouse.wheel(0, -300)
  await expect.poll(() => page.evaluate(() => window.__kmemlab!.frameMap!.scale())).toBeGreaterThan(4)
  const p1 = (await page.evaluate((p) => window.__kmemlab!.frameMap!.clientPoint(p), pfn + 8))!
  await page.mouse.click(p1.x, p1.y)
  const insp = page.getByTestId('frame-inspector')
  await expect(insp).toContainText('kernel')
  await expect(insp).toContainText('_refcount')
  const dump = page.getByTestId('hexdump')
  await expect(dump).toContainText('55 55 55 55 55 55 55 55  55 55 55 55 55 55 55 55  |UUUUUUUUUUUUUUUU|')
  expect(await dump.textContent()).toMatch(new RegExp(`^${((pfn + 8) * 4096).toString(16).padStart(8, '0')}  `))
  await page.screenshot({ path: path.join(ARTIFACTS, 'map-9-module-0x55.png') })
  await page.keyboard.press('Escape')
  await expect(insp).toBeHidden()
  await page.getByTestId('fit').click()
  await expect.poll(() => page.evaluate(() => window.__kmemlab!.frameMap!.scale())).toBeLessThan(2)

  // The virtual address map: regions of the 3G/1G split, and a vmalloc area lights up its frames.
  const vmap = page.getByTestId('vmap')
  await vmap.scrollIntoViewIfNeeded()
  for (const label of ['user space', 'modules', 'pkmap (kmap)', 'lowmem linear map', 'vmalloc', 'fixmap']) await expect(vmap).toContainText(label)
  await expect(vmap).toContainText('0xc0000000–0xf0000000') // lowmem on a 1 GB board with the default vmalloc size
  const row = page.getByTestId('vmap-area').first()
  const pages = Number((await row.locator('td').nth(2).textContent())!.trim())
  expect(pages).toBeGreaterThan(0)
  await row.click()
  await expect.poll(() => page.evaluate(() => window.__kmemlab!.views!.highlight?.length ?? 0)).toBe(pages)
  const lit = await page.evaluate(() => Array.from(window.__kmemlab!.views!.highlight!))
  // Those frames are vmalloc'ed pages on the map (vmalloc, a module's core, kernel stacks).
  for (const p of lit.slice(0, 50)) expect(['vmalloc', 'module', 'kernelStack']).toContain(await page.evaluate((x) => window.__kmemlab!.frameMap!.classAt(x), p))
  await page.screenshot({ path: path.join(ARTIFACTS, 'map-10-vmalloc-area-frames.png') })
  expect(errors).toEqual([])
})
