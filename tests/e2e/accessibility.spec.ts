import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, openApp, test } from './fixtures'

/**
 * Issue 7's accessibility line, checked by axe-core against WCAG 2.1 A and AA (labels, names,
 * roles, contrast …) on the main screens, in both themes: free play with the memory picture and
 * the timeline, and a lab's step panel with the editor.
 */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** A parent and a child that share, then copy, pages and stay alive: a busy memory picture. */
const COW_C = `#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
\tchar *p = mmap(0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
\tfor (int i = 0; i < 8; i++)
\t\tp[i * 4096] = 1;
\tif (fork() == 0) {
\t\tp[0] = 2;
\t\tpause();
\t}
\tprintf("forked\\n");
\tfflush(stdout);
\tpause();
\treturn 0;
}
`

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze()
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) {
    await page.getByRole('button', { name: /theme/i }).click()
  }
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
}

for (const theme of ['dark', 'light'] as const) {
  test(`the main screens meet WCAG 2.1 AA in the ${theme} theme`, async ({ page, server }) => {
    test.setTimeout(120_000)
    await openApp(page, server)
    await setTheme(page, theme)
    await page.getByTestId('editor-path').fill(`cow-${theme}.c`)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await page.locator('[data-testid="c-editor"] .cm-content').click()
    await page.keyboard.insertText(COW_C)
    await page.getByTestId('c-editor-save').click()
    await page.locator('[data-testid="terminal"]').click()
    await page.keyboard.type(`gcc -o cow cow-${theme}.c && ./cow &`)
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('memory-panel')).toContainText(/· cow\b/, { timeout: 60_000 })
    // Free play: the memory picture, then the timeline.
    expect(await violations(page), 'free play, memory picture').toEqual([])
    await page.getByTestId('side-tab-timeline').click()
    expect(await violations(page), 'free play, timeline').toEqual([])
    await page.getByTestId('side-tab-memory').click()
    await page.getByTestId('mode-table').click()
    expect(await violations(page), 'free play, memory table').toEqual([])
    await page.getByTestId('mode-picture').click()

    // A lab's step panel with its editor.
    await page.getByTestId('lab-open').first().click()
    await expect(page.getByTestId('step-panel')).toContainText('A read fault maps the zero page', { timeout: 30_000 })
    await expect(page.getByTestId('c-editor')).toBeVisible()
    expect(await violations(page), 'lab step').toEqual([])

    // The settings dialog.
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByTestId('settings-close')).toBeVisible()
    expect(await violations(page), 'settings').toEqual([])
    await page.getByTestId('settings-close').click()
    await page.screenshot({ path: `tests/e2e/screenshots/lab-step-${theme}.png` })
  })
}
