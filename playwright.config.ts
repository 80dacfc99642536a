import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests drive browser mode in Debian's Chromium (the Electron binary cannot be
 * downloaded on these machines). A missing browser is an error, never a silent skip.
 */
const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  throw new Error(
    `PinLab's end-to-end tests need Chromium at ${chromium}, and there is none.\n` +
      `Install it with: sudo apt-get update && sudo apt-get install -y chromium\n` +
      `(or set CHROME_PATH to another Chromium or Chrome executable). .ci/run installs it by itself.`
  )
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  forbidOnly: true,
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  }
})
