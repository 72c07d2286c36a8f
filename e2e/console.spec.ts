/*
 * The serial console end to end, on the web build (machine in a Web Worker):
 * the page boots the board by itself, we wait for the shell prompt, type
 * `cat /proc/buddyinfo` and read the answer out of xterm's buffer
 * (window.__kmemlab.term, exposed by Console.svelte).
 */
import { test, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import * as path from 'node:path'

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts')

/**
 * The terminal's buffer as logical text lines (trailing blanks trimmed): rows the terminal
 * wrapped because the console is narrower than the line are joined back.
 */
async function screenLines(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const term = window.__kmemlab?.term
    if (!term) return []
    const b = term.buffer.active
    const out: string[] = []
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i)
      if (line?.isWrapped && out.length) out[out.length - 1] += line.translateToString(true)
      else out.push(line?.translateToString(true) ?? '')
    }
    return out
  })
}

/** The last non-empty line, where the shell prompt sits when it waits for input. */
async function lastLine(page: Page): Promise<string> {
  const lines = await screenLines(page)
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return lines[i]!
  return ''
}

const PROMPT = /[#$]\s*$/

test.describe('serial console', () => {
  test('boots to the shell and answers cat /proc/buddyinfo', async ({ page }) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))

    await page.goto('/')
    await expect(page.getByTestId('console')).toBeVisible()

    // The page powers the board on by itself; wait for the shell's prompt after the boot.
    await expect.poll(() => page.evaluate(() => window.__kmemlab?.store?.power), { timeout: 60_000 }).toBe('running')
    await expect.poll(() => lastLine(page), { timeout: 60_000 }).toMatch(PROMPT)
    // The prompt's row: the command's echo and its answer come after it.
    const rowsBefore = await screenLines(page)
    let promptRow = rowsBefore.length - 1
    while (promptRow > 0 && rowsBefore[promptRow]!.trim() === '') promptRow--

    await page.getByTestId('console').click()
    await page.keyboard.type('cat /proc/buddyinfo')
    await page.keyboard.press('Enter')

    const zoneRow = (zone: string): RegExp => new RegExp(`^Node 0, zone\\s+${zone}((?:\\s+\\d+){11})\\s*$`)
    await expect
      .poll(async () => {
        const lines = await screenLines(page)
        return lines.some((l) => zoneRow('HighMem').test(l)) && PROMPT.test(await lastLine(page))
      }, { timeout: 30_000 })
      .toBe(true)

    const lines = await screenLines(page)
    const cmdIndex = lines.findIndex((l, i) => i >= promptRow && l.includes('cat /proc/buddyinfo'))
    expect(cmdIndex, lines.join('\n')).toBeGreaterThanOrEqual(0)
    const answer = lines.slice(cmdIndex + 1)
    const normal = answer.find((l) => zoneRow('Normal').test(l))
    const high = answer.find((l) => zoneRow('HighMem').test(l))
    expect(normal, answer.join('\n')).toBeDefined()
    expect(high, answer.join('\n')).toBeDefined()
    expect(normal!.startsWith('Node 0, zone   Normal')).toBe(true)
    for (const row of [normal!, high!]) {
      const counts = zoneRow('(?:Normal|HighMem)').exec(row)![1]!.trim().split(/\s+/).map(Number)
      expect(counts).toHaveLength(11)
      expect(counts.every((n) => Number.isInteger(n) && n >= 0)).toBe(true)
    }

    await page.screenshot({ path: path.join(ARTIFACTS, 'console-buddyinfo.png') })
    expect(errors).toEqual([])
  })
})
