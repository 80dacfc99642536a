import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, openApp, startServer, terminalText, test } from './fixtures'

/**
 * Issue 7: "files and state survive a restart of the app (saved machine state)". Free play on a
 * profile, the app (browser-mode server) stopped and started again on the same profile: the
 * machine comes back with its files, its terminal and its history, and undo still works.
 */
test('the free-play machine survives a restart of the app', async ({ page }) => {
  test.setTimeout(120_000)
  const profile = mkdtempSync(join(tmpdir(), 'pinlab-e2e-restart-'))
  const first = await startServer(profile)
  try {
    await openApp(page, first)
    await expect.poll(() => terminalText(page)).toContain('root@pinlab:~#')
    await page.locator('[data-testid="terminal"]').click()
    await page.keyboard.type('echo survives the restart > keep.txt')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', '1', { timeout: 30_000 })
    await page.keyboard.type('cat keep.txt')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', '2', { timeout: 30_000 })
    await expect.poll(() => terminalText(page)).toContain('\nsurvives the restart')
  } finally {
    // Closing the page closes the session: the host saves it on close.
    await page.goto('about:blank')
    first.process.kill('SIGTERM')
    await new Promise((resolve) => first.process.once('exit', resolve))
  }

  const second = await startServer(profile)
  try {
    await openApp(page, second)
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('cat keep.txt')
    expect(await terminalText(page)).toContain('survives the restart')
    await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', '2', { timeout: 30_000 })
    await page.locator('[data-testid="terminal"]').click()
    await page.keyboard.type('cat keep.txt; echo again')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await terminalText(page)).split('\nsurvives the restart').length - 1).toBe(2)
    // The restored history is a real one: undo goes back past the restart.
    await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', '3', { timeout: 30_000 })
    await page.getByTestId('history-undo').click()
    await page.getByTestId('history-undo').click()
    await expect(page.getByTestId('history-scrub')).toHaveValue('1', { timeout: 30_000 })
    await expect.poll(() => terminalText(page)).not.toContain('cat keep.txt')
  } finally {
    second.process.kill('SIGTERM')
  }
})
