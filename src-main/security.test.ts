import { describe, expect, it, vi } from 'vitest'
import { CSP, isAllowedPermission, isAllowedRequestUrl } from './security'
import * as fs from 'node:fs'
import * as path from 'node:path'

vi.mock('electron', () => ({}))

describe('security policy', () => {
  it('loads only local content (and the dev server in development)', () => {
    expect(isAllowedRequestUrl('file:///app/out/renderer/index.html', null)).toBe(true)
    expect(isAllowedRequestUrl('devtools://devtools/bundled/x.html', null)).toBe(true)
    expect(isAllowedRequestUrl('https://cdn.example.com/x.js', null)).toBe(false)
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts', null)).toBe(false)
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true)
    expect(isAllowedRequestUrl('ws://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isAllowedRequestUrl('http://evil.test/', 'http://localhost:5173')).toBe(false)
    expect(isAllowedRequestUrl('not a url', null)).toBe(false)
  })

  it('grants only clipboard permissions', () => {
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true)
    expect(isAllowedPermission('clipboard-read')).toBe(true)
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      expect(isAllowedPermission(p)).toBe(false)
    }
  })

  it('is strict, and the renderer meta tag carries the same policy', () => {
    expect(CSP).toContain("default-src 'none'")
    expect(CSP).toContain("script-src 'self'")
    expect(CSP).not.toContain('unsafe-eval')
    const html = fs.readFileSync(path.join(import.meta.dirname, '../src-renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    // frame-ancestors is ignored in a meta tag, so only the header has it.
    expect(meta).toBe(CSP.replace("; frame-ancestors 'none'", ''))
  })
})
