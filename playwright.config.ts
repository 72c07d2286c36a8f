/*
 * e2e tests against the web build (dist-web, machine in a Web Worker) in
 * Debian's Chromium (apt-get install -y chromium); Playwright's own browser
 * download is not used.
 */
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1200, height: 900 },
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic']
    }
  },
  webServer: {
    command: 'npm run build:web && npm run preview:web',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 180_000
  }
})
