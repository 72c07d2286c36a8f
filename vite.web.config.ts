/*
 * The renderer built as a plain web page (dist-web): the machine runs in a
 * Web Worker instead of Electron's utilityProcess. This is the build the
 * Playwright e2e tests drive, since Electron itself cannot run on the build
 * machines. COOP/COEP make the page cross-origin isolated (SharedArrayBuffer
 * for the later frame-map views).
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const root = import.meta.dirname
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp'
}

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { outDir: resolve(root, 'dist-web'), emptyOutDir: true },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders }
})
