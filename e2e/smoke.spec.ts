/*
 * The web build loads under its CSP, cross-origin isolated, with the front
 * panel and the terminal in place, and no page errors. Runs without the
 * machine's boot (it does not wait for the shell).
 */
import { test, expect } from '@playwright/test'
import * as path from 'node:path'

test('the web build loads: front panel, terminal, isolation, no errors', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto('/')
  await expect(page.getByTestId('power')).toBeVisible()
  await expect(page.getByTestId('ram')).toHaveValue('1024')
  await expect(page.locator('.xterm-screen')).toBeVisible()
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  expect(await page.evaluate(() => typeof window.__kmemlab?.term?.buffer.active.length)).toBe('number')

  // Chinese UI strings render (the i18n table), and switching back works.
  await page.getByLabel(/Language|语言/).selectOption('zh-CN')
  await expect(page.getByTestId('reset')).toContainText('复位')
  await page.getByLabel(/Language|语言/).selectOption('en')
  await expect(page.getByTestId('reset')).toContainText('Reset')

  // CJK text in the terminal takes two cells per character (wcwidth), as on a real serial console.
  const cells = await page.evaluate(() => {
    const term = window.__kmemlab!.term!
    return new Promise<string>((resolve) =>
      term.write('\r\n中文测试 kmemlab\r\n', () => {
        const b = term.buffer.active
        for (let i = 0; i < b.length; i++) {
          const l = b.getLine(i)!
          if (l.translateToString(true).includes('kmemlab')) return resolve(`${l.getCell(0)!.getWidth()}:${l.getCell(8)!.getChars()}`)
        }
        resolve('')
      })
    )
  })
  expect(cells).toBe('2: ')

  await page.screenshot({ path: path.join(import.meta.dirname, 'artifacts', 'smoke.png') })
  expect(errors).toEqual([])
})
