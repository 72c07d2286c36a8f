/*
 * electron-vite build of the desktop app: main process (+ the machine's
 * utilityProcess entry), preload and renderer.
 *
 * - main: two ESM entries (package.json is "type": "module"): out/main/index.js
 *   and out/main/machine-process.js, the module Electron's utilityProcess.fork()
 *   runs. The machine (src-core) is bundled into the latter only.
 * - preload: emitted as one CommonJS file (out/preload/preload.cjs). Electron
 *   runs sandboxed preloads as classic scripts, so an ESM preload (.mjs) would
 *   force sandbox: false; CommonJS lets the window keep sandbox: true.
 * - renderer: the Svelte app in src-renderer (also built as a web page by
 *   vite.web.config.ts, where the machine runs in a Web Worker).
 */
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          'machine-process': resolve(root, 'src-main/machine-process.ts')
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false }
      }
    }
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') }
    }
  }
})
