/*
 * The front panel's speed control and the table views end to end on the web
 * build: single step holds a memory hog after each allocating step until
 * Step is pressed; the OOM demo (memory hogs past a 256 MB board's RAM) is
 * replayed by the OOM view naming the same victim as the console's
 * "Out of memory: Killed process N" line; processes and slab caches; the C
 * editor's inline diagnostics and its build-and-insmod button. Screenshots
 * of each state go to e2e/artifacts/.
 */
import { test, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import * as path from 'node:path'

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts')
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
const PROMPT = /[#$]\s*$/

/** The console as logical lines (rows xterm wrapped are joined back). */
async function consoleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = window.__kmemlab?.term?.buffer.active
    if (!b) return ''
    const out: string[] = []
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i)
      if (line?.isWrapped && out.length) out[out.length - 1] += line.translateToString(true)
      else out.push(line?.translateToString(true) ?? '')
    }
    return out.join('\n').replace(/\s+$/, '')
  })
}
const atPrompt = async (page: Page) => PROMPT.test((await consoleText(page)).split('\n').at(-1) ?? '')

/** Boot (on a board with ramMb of RAM if given); returns the page's errors so far, checked at the end. */
async function boot(page: Page, ramMb?: number): Promise<string[]> {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto('/')
  if (ramMb) {
    await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.power), { timeout: 60_000 }).not.toBe('off')
    await page.getByTestId('ram').selectOption(String(ramMb))
    await page.getByTestId('reset').click()
    await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.running?.memBytes), { timeout: 30_000 }).toBe(ramMb * 1024 * 1024)
  }
  await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.power), { timeout: 60_000 }).toBe('running')
  await expect.poll(() => atPrompt(page), { timeout: 60_000 }).toBe(true)
  return errors
}

async function type(page: Page, line: string, wait = true): Promise<void> {
  await page.getByTestId('console').click()
  const n = ((await consoleText(page)).match(/[#$] /g) ?? []).length
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
  if (wait) {
    await expect
      .poll(async () => ((await consoleText(page)).match(/[#$] /g) ?? []).length > n && (await atPrompt(page)), { timeout: 90_000 })
      .toBe(true)
  }
}

test('speed: single step holds the hog after each allocation until Step; max lets it finish', async ({ page }) => {
  const errors = await boot(page)
  await page.getByTestId('speed-step').click()
  await expect(page.getByTestId('step')).toBeVisible()
  await type(page, 'memhog 8m 0; echo hog-done', false)
  await expect(page.getByTestId('held')).toBeVisible({ timeout: 30_000 })
  await shot(page, 'speed-1-held')
  const pgalloc = () => page.evaluate(() => window.__kmemlab!.views!.changed)
  // Held: nothing moves until Step.
  await page.waitForTimeout(300)
  const done = /\nhog-done$/m
  expect(await consoleText(page)).not.toMatch(done)
  const c0 = await pgalloc()
  await page.waitForTimeout(500)
  expect(await pgalloc()).toBe(c0)
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('step').click()
    await expect(page.getByTestId('held')).toBeVisible()
  }
  await expect.poll(pgalloc, { timeout: 10_000 }).toBeGreaterThan(c0)
  expect(await consoleText(page)).not.toMatch(done)
  await page.getByTestId('speed-max').click()
  await expect.poll(() => consoleText(page), { timeout: 30_000 }).toMatch(done)
  await shot(page, 'speed-2-max')
  await expect(page.getByTestId('step')).toHaveCount(0)

  // Slow motion: 8 MB arrive 1 MB (one memhog step) at a time, spread over real time.
  await page.getByTestId('speed-slow').click()
  await expect(page.getByTestId('speed-slow')).toHaveAttribute('aria-checked', 'true')
  const t0 = Date.now()
  await type(page, 'memhog 8m 0; echo slow-done', false)
  const seen = new Set<number>()
  while (!/\nslow-done$/m.test(await consoleText(page)) && Date.now() - t0 < 30_000) {
    seen.add(await pgalloc())
    await page.waitForTimeout(50)
  }
  expect(/\nslow-done$/m.test(await consoleText(page))).toBe(true)
  expect(Date.now() - t0).toBeGreaterThan(8 * 100)
  // The map saw the pages arrive in several separate updates.
  expect(seen.size).toBeGreaterThanOrEqual(4)
  await page.getByTestId('speed-max').click()
  expect(errors).toEqual([])
})

test("speed: single step holds a module's init after each allocator call; max finishes it", async ({ page }) => {
  const errors = await boot(page)
  await type(page, 'cd /mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm && make > /dev/null')
  await page.getByTestId('speed-step').click()
  await expect(page.getByTestId('step')).toBeVisible()
  await type(page, 'insmod allocmm.ko; echo insmod-done', false)
  await expect(page.getByTestId('held')).toBeVisible({ timeout: 30_000 })
  const oks = async (): Promise<number> => ((await consoleText(page)).match(/__get_free_pages OK/g) ?? []).length
  // The first holds may be the command's own start (fork, exec, the module's area); step to the first allocation.
  for (let i = 0; i < 10 && (await oks()) === 0; i++) {
    await page.getByTestId('step').click()
    await expect(page.getByTestId('held')).toBeVisible()
    await page.waitForTimeout(100)
  }
  expect(await oks()).toBe(1)
  await shot(page, 'speed-3-module-held')
  // Each Step lets one __get_free_pages call through: one more "OK", then held again.
  const changed = () => page.evaluate(() => window.__kmemlab!.views!.changed)
  for (let n = 2; n <= 4; n++) {
    const c0 = await changed()
    await page.getByTestId('step').click()
    await expect.poll(oks, { timeout: 10_000 }).toBe(n)
    await expect(page.getByTestId('held')).toBeVisible()
    await page.waitForTimeout(300)
    expect(await oks()).toBe(n)
    // the frame map redrew the block that came and went
    await expect.poll(changed, { timeout: 10_000 }).toBeGreaterThan(c0)
  }
  expect(await consoleText(page)).not.toMatch(/\ninsmod-done$/m)
  await page.getByTestId('speed-max').click()
  await expect.poll(() => consoleText(page), { timeout: 60_000 }).toMatch(/\ninsmod-done$/m)
  expect(await consoleText(page)).toContain('... vmalloc failed')
  await expect(page.getByTestId('step')).toHaveCount(0)
  await type(page, 'rmmod allocmm')
  expect(errors).toEqual([])
})

test('OOM demo: the OOM view names the victim the console reports, with its badness arithmetic', async ({ page }) => {
  const errors = await boot(page, 256)
  await page.getByTestId('theme').selectOption('dark')
  await type(page, 'memhog 60m &')
  await page.getByTestId('tab-procs').click()
  await expect(page.getByTestId('procs-view').locator('tr', { hasText: 'memhog' }).first()).toBeVisible({ timeout: 10_000 })
  await shot(page, 'procs-1-before-oom')
  await type(page, 'memhog 220m')
  const m = /Out of memory: Killed process (\d+) \((\w+)\)/.exec(await consoleText(page))
  expect(m).not.toBeNull()
  const pid = m![1]!
  await page.getByTestId('tab-oom').click()
  const victim = page.getByTestId('oom-victim')
  await expect(victim).toBeVisible({ timeout: 10_000 })
  await expect(victim.locator('td').first()).toHaveText(pid)
  await expect(page.getByTestId('oom-victim-line')).toContainText(`PID ${pid} (${m![2]})`)
  // The arithmetic: rss + swapents + pgtables/4096 + adj term = badness, on the victim's row.
  const cells = await victim.locator('td').allTextContents()
  const rss = Number(cells[2])
  const swap = Number(cells[3])
  const pgt = Number(cells[4]!.split('=')[1])
  const adj = Number(cells[5]!.split('=')[1])
  expect(Number(cells[6])).toBe(rss + swap + pgt + adj)
  await shot(page, 'oom-1-dark')
  await page.getByTestId('theme').selectOption('light')
  await page.getByTestId('projector').check()
  await page.waitForTimeout(300) // the console refits to the larger type
  await shot(page, 'oom-2-light-projector')
  await page.getByTestId('projector').uncheck()
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
  await expect(page.getByTestId('oom-victim-line')).toContainText(`牺牲者：PID ${pid}`)
  await shot(page, 'oom-3-zh')
  expect(errors).toEqual([])
})

test('processes and slab caches tables', async ({ page }) => {
  const errors = await boot(page)
  await page.getByTestId('tab-procs').click()
  const procs = page.getByTestId('procs-view')
  await expect(procs.locator('tr[data-pid="1"]')).toBeVisible({ timeout: 10_000 })
  await expect(procs.locator('tr[data-pid="2"]')).toHaveCount(0)
  await page.getByTestId('procs-kthreads').check()
  await expect(procs.locator('tr[data-pid="2"]')).toContainText('[kthreadd]')
  await page.getByTestId('tab-slab').click()
  const slab = page.getByTestId('slab-view')
  const row = slab.locator('tr[data-cache="kmalloc-64"]')
  await expect(row).toBeVisible({ timeout: 10_000 })
  const cells = await row.locator('td').allTextContents()
  expect(Number(cells[3])).toBe(64)
  expect(Number(cells[2])).toBe(Number(cells[4]) * Number(cells[5]))
  await page.getByTestId('slab-filter').fill('kmalloc')
  await expect(slab.locator('tr[data-cache="task_struct"]')).toHaveCount(0)
  await shot(page, 'slab-1')
  expect(errors).toEqual([])
})

test('editor: inline diagnostics on save, build-and-insmod through the console', async ({ page }) => {
  const errors = await boot(page)
  await type(page, 'mkdir -p /root/hello')
  await type(page, "printf 'obj-m := hello.o\\nall:\\n\\t$(MAKE) -C /lib/modules/`uname -r`/build M=$(PWD) modules\\n' > /root/hello/Makefile")
  await type(page, "printf '#include <linux/module.h>\\n#include <linux/init.h>\\nstatic int __init hello_init(void)\\n{\\n\\tpr_info(\"hello %%d\\\\n\", x);\\n\\treturn 0;\\n}\\nmodule_init(hello_init);\\nMODULE_LICENSE(\"GPL\");\\n' > /root/hello/hello.c")
  await page.getByTestId('tab-editor').click()
  await page.getByRole('button', { name: '/root' }).click()
  await page.getByTestId('file-hello').click()
  await page.getByTestId('file-hello.c').click()
  await expect(page.getByTestId('editor-path')).toHaveText('/root/hello/hello.c')
  await expect(page.getByTestId('editor-diags')).toContainText('Errors: 1,', { timeout: 10_000 })
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1)
  await page.getByTestId('theme').selectOption('dark')
  await page.locator('.cm-lintRange-error').hover()
  await expect(page.locator('.cm-tooltip-lint')).toContainText("'x' undeclared")
  await shot(page, 'editor-1-error')
  // Fix it in the editor: x -> 42, then save.
  await page.evaluate(() => {
    const v = window.__kmemlab!.editor!
    const text = v.state.doc.toString()
    const at = text.indexOf(', x)') + 2
    v.dispatch({ changes: { from: at, to: at + 1, insert: '42' } })
  })
  await page.getByTestId('editor-save').click()
  await expect(page.getByTestId('editor-diags')).toHaveText('No diagnostics', { timeout: 10_000 })
  await type(page, 'grep 42 /root/hello/hello.c')
  expect(await consoleText(page)).toContain('pr_info("hello %d\\n", 42);')
  await page.getByTestId('tab-editor').click()
  await page.getByTestId('editor-build').click()
  await expect.poll(() => consoleText(page), { timeout: 60_000 }).toContain('cd /root/hello && make && insmod hello.ko')
  await expect.poll(() => atPrompt(page), { timeout: 60_000 }).toBe(true)
  await type(page, 'lsmod; dmesg | tail -1')
  const text = await consoleText(page)
  expect(text).toMatch(/\nhello\s+\d+/)
  expect(text).toContain('hello 42')
  await page.getByTestId('theme').selectOption('light')
  await page.getByTestId('tab-editor').click()
  await shot(page, 'editor-2-built-light')
  expect(errors).toEqual([])
})
