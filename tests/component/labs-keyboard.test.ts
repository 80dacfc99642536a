import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { settle } from './fakes/mount'
import { FakeLabHost } from './fakes/fake-lab-host'
import { answerPredictions, mountLabApp, mountOpenLab } from './fakes/lab-mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

/**
 * What Tab visits inside `root`, in order (no positive tabindex is used, so DOM order is Tab
 * order). A radio group is one stop, as in browsers (the arrow keys move inside it).
 */
function tabOrder(root: Element): HTMLElement[] {
  const groups = new Set<string>()
  return [...root.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((el) => {
    if ((el as HTMLButtonElement).disabled || el.tabIndex < 0 || el.closest('[hidden], fieldset[disabled]')) return false
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (groups.has(el.name)) return false
      groups.add(el.name)
    }
    return true
  })
}

/** The accessible name as assistive tech computes it for these simple cases. */
function accessibleName(el: HTMLElement): string {
  const label = el.getAttribute('aria-label')
  if (label) return label
  // A radio group is one stop, announced by its fieldset's legend.
  if (el instanceof HTMLInputElement && el.type === 'radio') return el.closest('fieldset')?.querySelector('legend')?.textContent ?? ''
  const labels = (el as HTMLInputElement).labels
  if (labels && labels.length > 0) return [...labels].map((l) => l.textContent ?? '').join(' ').trim()
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function expectOperable(elements: HTMLElement[]): void {
  for (const el of elements) {
    expect(['BUTTON', 'INPUT', 'SELECT', 'A'], el.outerHTML).toContain(el.tagName)
    expect(el.getAttribute('tabindex') === null || Number(el.getAttribute('tabindex')) <= 0, el.outerHTML).toBe(true)
    if (el.tagName === 'BUTTON') expect(['button', 'submit'], el.outerHTML).toContain(el.getAttribute('type'))
    el.focus()
    expect(document.activeElement, el.outerHTML).toBe(el)
  }
}

describe('keyboard operation of the labs', () => {
  it('Tab reaches every control of the lab list, each a named native control', async () => {
    const { wrapper } = await mountLabApp()
    mounted = wrapper
    const controls = tabOrder(wrapper.find('[data-testid="lab-panel"]').element)
    expect(controls.map(accessibleName)).toEqual(['Start Pins survive COW', 'Start GUP and fork'])
    expectOperable(controls)
  })

  it('Tab reaches every control of the step panel in reading order, each named', async () => {
    const { wrapper } = await mountOpenLab(new FakeLabHost().withProgress({ completedSteps: [] }))
    mounted = wrapper
    const panel = wrapper.find('[data-testid="step-panel"]').element
    const before = tabOrder(panel).map(accessibleName)
    expect(before).toEqual([
      '← All labs (free play)',
      // Locked steps 2 and 3 are not reachable: disabled buttons are skipped by Tab.
      'Step 1: Fork after pinning',
      'What is the page refcount after fork?',
      'Answer',
      'How many pins does the page hold?',
      'Answer',
      'Kernel',
      'Rerun this step on Linux 3.2',
      'Switch this step to Linux 3.2'
    ])
    expectOperable(tabOrder(panel))
    // The radio group: each radio is labelled and inside a fieldset whose legend is the question.
    const radios = [...panel.querySelectorAll<HTMLInputElement>('input[type="radio"]')]
    expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual(['1', '2', '3'])
    expect(radios.every((r) => r.closest('fieldset')?.querySelector('legend')?.textContent === 'What is the page refcount after fork?')).toBe(true)

    await answerPredictions(wrapper)
    const after = tabOrder(panel)
    expect(after.map(accessibleName)).toEqual([
      '← All labs (free play)',
      'Step 1: Fork after pinning',
      'Check',
      'Show hint 1 of 3',
      'Show solution',
      'Kernel',
      'Rerun this step on Linux 3.2',
      'Switch this step to Linux 3.2'
    ])
    expectOperable(after)
  })

  it('every predict form has a submit button, so Enter in its field answers', async () => {
    const { wrapper } = await mountOpenLab()
    mounted = wrapper
    for (const form of wrapper.findAll('[data-testid="predict-question"]')) {
      expect(form.element.tagName).toBe('FORM')
      expect(form.find('button[type="submit"]').text()).toBe('Answer')
    }
  })

  it('the solution dialog keeps Tab inside and Escape closes it', async () => {
    const { wrapper } = await mountOpenLab()
    mounted = wrapper
    await answerPredictions(wrapper)
    ;(wrapper.find('[data-testid="show-solution"]').element as HTMLButtonElement).focus()
    await wrapper.find('[data-testid="show-solution"]').trigger('click')
    await settle()
    const dialog = wrapper.find('[data-testid="confirm-dialog"]')
    const [cancel, confirm] = dialog.findAll('button').map((b) => b.element as HTMLButtonElement)
    expect(document.activeElement).toBe(cancel)
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe('Show the solution?')

    await dialog.trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(confirm)
    await dialog.trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(cancel)

    await dialog.trigger('keydown', { key: 'Escape' })
    await settle()
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.find('[data-testid="show-solution"]').element)
  })

  it('opening a step moves focus to its heading, so reading starts at the step', async () => {
    const { wrapper } = await mountOpenLab()
    mounted = wrapper
    expect(document.activeElement).toBe(wrapper.find('#lab-step-title').element)
  })
})
