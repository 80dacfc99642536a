import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, openApp, terminalText, test } from './fixtures'

/**
 * Issue 7's acceptance, in browser mode: a built-in lab completed by typing in the editor and
 * the terminal with its checks passing, undo restoring the memory picture and the terminal, a
 * step switched to another kernel version and rerun side by side, and screenshots of the main
 * screens for review (tests/e2e/screenshots/).
 */
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url))
mkdirSync(screenshots, { recursive: true })

test.describe.configure({ timeout: 180_000 })

async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.locator('[data-testid="terminal"]').click()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/** Waits until the history has recorded `steps` steps and nothing runs. */
async function settled(page: Page, steps: number): Promise<void> {
  await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', String(steps), { timeout: 60_000 })
  await expect(page.getByTestId('history-scrub')).toHaveValue(String(steps))
  await expect(page.getByTestId('history-undo')).toBeEnabled()
}

/** Answers the step's predict-first questions in order: a choice by its label, a value typed. */
async function answer(page: Page, ...answers: string[]): Promise<void> {
  const questions = page.getByTestId('predict-question')
  await expect(questions).toHaveCount(answers.length)
  for (const [i, text] of answers.entries()) {
    const question = questions.nth(i)
    const radio = question.getByLabel(text, { exact: true })
    if ((await question.locator('input[type="radio"]').count()) > 0) await radio.check()
    else await question.locator('input:not([type="radio"])').fill(text)
    await question.getByRole('button', { name: 'Answer' }).click()
    await expect(question.getByTestId('predict-feedback')).toBeVisible()
  }
  await expect(page.getByTestId('step-task')).toBeVisible()
}

async function checkPasses(page: Page): Promise<void> {
  await page.getByTestId('check-step').click()
  await expect(page.getByTestId('check-results')).toContainText('All checks passed', { timeout: 30_000 })
}

test('a learner completes the built-in lab, undoes a step and reruns it on another kernel', async ({ page, server, consoleErrors }) => {
  await openApp(page, server)
  await expect(page.getByTestId('lab-panel')).toContainText('Page faults, the zero page and copy-on-write')
  await page.screenshot({ path: `${screenshots}free-play.png` })

  await page.getByTestId('lab-open').first().click()
  await expect(page.getByTestId('step-panel')).toContainText('A read fault maps the zero page', { timeout: 30_000 })
  await expect(page.getByTestId('lab-kernel')).toContainText('6.18')
  // The lab's setup ran hidden: the program is compiled, the editor holds its source.
  await expect(page.getByTestId('c-editor')).toContainText('faults.c')

  // Step 1: predict first, then edit the program in the editor and run it from there.
  await expect(page.getByTestId('answer-first')).toBeVisible()
  await answer(page, 'The shared zero page')
  await page.locator('[data-testid="c-editor"] .cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('\n/* my first read fault */\n')
  await page.getByTestId('c-editor-run').click()
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('read_pfn=')
  await checkPasses(page)
  await page.screenshot({ path: `${screenshots}lab-step-passed.png` })
  await page.getByTestId('next-step').click()

  // Step 2: the write fault, from the terminal.
  await expect(page.getByTestId('step-panel')).toContainText('A write fault allocates a fresh frame', { timeout: 30_000 })
  await answer(page, 'A fresh zeroed anonymous frame')
  await typeInTerminal(page, './faults write')
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('write_pfn=')
  await checkPasses(page)
  await page.getByTestId('next-step').click()

  // Step 3: fork, then the child's write copies the page.
  await expect(page.getByTestId('step-count')).toContainText('3', { timeout: 30_000 })
  await answer(page, 'The frame it had before the fork', 'yes')
  const stepsBefore = Number(await page.getByTestId('history-scrub').getAttribute('max'))
  await typeInTerminal(page, './faults fork')
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('parent sees P')
  await settled(page, stepsBefore + 1)
  await checkPasses(page)
  await expect(page.getByTestId('lab-complete')).toBeVisible()
  await page.screenshot({ path: `${screenshots}lab-complete.png` })

  // Undo the fork step: the terminal shows the screen before it again.
  await page.getByTestId('history-undo').click()
  await expect(page.getByTestId('history-scrub')).toHaveValue(String(stepsBefore), { timeout: 60_000 })
  // (Each lab step starts on a fresh machine, so the screen before it is the banner and prompt.)
  await expect.poll(() => terminalText(page)).not.toContain('parent sees P')
  expect(await terminalText(page)).toContain('root@pinlab:~#')
  // Redo brings it back.
  await page.getByTestId('history-redo').click()
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('parent sees P')

  // "What did 5.10 do here?": rerun side by side, then switch the step itself to 5.10.
  await page.getByTestId('kernel-choice').selectOption('5.10')
  await page.getByTestId('compare-kernel').click()
  await expect(page.getByTestId('compare-view')).toContainText('5.10', { timeout: 60_000 })
  await expect(page.getByTestId('compare-terminal')).toContainText('parent sees P', { timeout: 60_000 })
  await page.screenshot({ path: `${screenshots}compare-5.10.png` })
  await page.getByTestId('compare-close').click()
  await expect(page.getByTestId('compare-view')).toHaveCount(0)

  await page.getByTestId('switch-kernel').click()
  await expect(page.getByTestId('machine-kernel')).toContainText('5.10', { timeout: 60_000 })
  await expect(page.getByRole('banner')).toContainText('5.10')
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('Linux 5.10')
  expect(consoleErrors).toEqual([])
})

const HOLD_C = `#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
\tchar *p = mmap(0, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
\tfor (int i = 0; i < 16; i++)
\t\tp[i * 4096] = 1;
\tprintf("holding 16 pages\\n");
\tfflush(stdout);
\tpause();
\treturn 0;
}
`

test('free play: undo restores the memory picture and the terminal; the table view and animations off work', async ({ page, server, consoleErrors }) => {
  await openApp(page, server)
  await expect.poll(() => terminalText(page)).toContain('root@pinlab:~#')
  // The worker's server keeps the free-play machine of earlier tests: count from where it is.
  const base = Number(await page.getByTestId('history-scrub').getAttribute('max'))

  // Write a program in the editor and save it (a recorded step).
  await page.getByTestId('editor-path').fill('hold.c')
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await page.locator('[data-testid="c-editor"] .cm-content').click()
  await page.keyboard.insertText(HOLD_C)
  await page.getByTestId('c-editor-save').click()
  await settled(page, base + 1)

  await typeInTerminal(page, 'gcc -o hold hold.c && ./hold &')
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('holding 16 pages')
  await settled(page, base + 2)
  await typeInTerminal(page, 'echo the last step')
  await settled(page, base + 3)

  const memory = page.getByTestId('memory-panel')
  const holdProcess = /· hold\b/
  await expect(memory).toContainText(holdProcess, { timeout: 30_000 })
  await page.screenshot({ path: `${screenshots}memory-picture.png` })

  // Undo twice: back to before the program ran. The picture loses the process, the terminal its lines.
  await page.getByTestId('history-undo').click()
  await expect(page.getByTestId('history-scrub')).toHaveValue(String(base + 2), { timeout: 60_000 })
  await page.getByTestId('history-undo').click()
  await expect(page.getByTestId('history-scrub')).toHaveValue(String(base + 1), { timeout: 60_000 })
  await expect.poll(() => terminalText(page)).not.toContain('holding 16 pages')
  await expect(memory).not.toContainText(holdProcess, { timeout: 30_000 })

  // Typing into the past asks first, and branching discards the future only after the yes.
  await page.locator('[data-testid="terminal"]').click()
  await page.keyboard.type('e')
  await expect(page.getByTestId('branch-confirm-no')).toBeVisible()
  await expect(page.locator('body')).toContainText('discards 2 later steps')
  await page.getByTestId('branch-confirm-no').click()
  await expect(page.getByTestId('history-scrub')).toHaveAttribute('max', String(base + 3))

  // Screen-reader mode and animations off: the table view comes first and says the same facts.
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByLabel('Screen-reader mode').check()
  await page.getByLabel('Animation speed').selectOption('off')
  await page.getByTestId('settings-close').click()
  await expect(page.locator('html')).toHaveAttribute('data-animation', 'off')
  await page.getByTestId('history-redo').click()
  await expect(page.getByTestId('history-scrub')).toHaveValue(String(base + 2), { timeout: 60_000 })
  await expect(memory.locator('table').first()).toBeVisible({ timeout: 30_000 })
  await expect(memory.locator('table').first()).toContainText('hold')
  await page.screenshot({ path: `${screenshots}memory-table-screen-reader.png` })
  expect(consoleErrors).toEqual([])
})
