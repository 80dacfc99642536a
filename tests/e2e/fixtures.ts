import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Page } from '@playwright/test'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface PinlabServer {
  url: string
  origin: string
  token: string
  process: ChildProcess
}

/**
 * Starts `pinlab serve` on a free port with a fresh profile (or `profile`, to restart the app on
 * the same one), exactly as a user would, and reads the URL it prints. The renderer must have been built (npm test builds before the e2e run).
 */
export async function startServer(profile = mkdtempSync(join(tmpdir(), 'pinlab-e2e-profile-'))): Promise<PinlabServer> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'electron', 'cli', 'index.ts'), 'serve', '--port', '0', '--profile', profile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let printed = ''
  child.stderr!.on('data', (d: Buffer) => (printed += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pinlab serve printed no URL within 20 s:\n${printed}`)), 20_000)
    child.stdout!.on('data', (d: Buffer) => {
      printed += d.toString()
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(printed)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`pinlab serve exited (${code}) before printing a URL:\n${printed}`)))
  })
  const parsed = new URL(url)
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token')!, process: child }
}

export const test = base.extend<{ consoleErrors: string[] }, { server: PinlabServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer()
      await use(server)
      server.process.kill('SIGTERM')
    },
    { scope: 'worker' }
  ],
  // Any console error (a CSP violation, a failed request, an exception) fails the test.
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await use(errors)
    expect(errors, 'console errors').toEqual([])
  }
})

export { expect }

/** The text the terminal shows, row by row (the DOM renderer keeps it in .xterm-rows). */
export async function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText()
}

export async function openApp(page: Page, server: PinlabServer): Promise<void> {
  await page.goto(server.url)
  await expect(page.locator('body')).toHaveAttribute('data-terminal-ready', 'true', { timeout: 15_000 })
}
