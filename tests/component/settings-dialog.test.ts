import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { PinlabApiError } from '../../shared/protocol'
import SettingsDialog from '../../renderer/src/components/SettingsDialog.vue'
import { MAX_PROGRESS_FILE_BYTES } from '../../renderer/src/stores/progress'
import { mountWithFakeHost, settle } from './fakes/mount'
import type { FakeApiOptions } from './fakes/fake-api'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

async function mountDialog(options: FakeApiOptions = {}) {
  const result = await mountWithFakeHost({ ...options, component: SettingsDialog })
  mounted = result.wrapper
  await flushPromises()
  return result
}

/** The name a screen reader announces for a control: its <label>, aria-label or text. */
function accessibleName(el: HTMLElement): string {
  const labelledBy = el.getAttribute('aria-labelledby')
  if (labelledBy) return labelledBy.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim()
  if (el.getAttribute('aria-label')) return el.getAttribute('aria-label')!.trim()
  if (el.id) {
    const label = document.querySelector(`label[for="${el.id}"]`)
    if (label) return label.textContent!.trim()
  }
  return el.tagName === 'BUTTON' ? el.textContent!.trim() : ''
}

function pickFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { configurable: true, value: [file] })
  input.dispatchEvent(new Event('change'))
}

describe('the settings dialog: every control labelled and keyboard reachable', () => {
  it('names each control and puts every one of them in the tab order', async () => {
    const { wrapper } = await mountDialog()
    const controls = [...(wrapper.element as HTMLElement).querySelectorAll<HTMLElement>('button, input, select')]
    const names = controls.map((el) => accessibleName(el))
    expect(names.every((name) => name.length > 0)).toBe(true)
    const reachable = controls.filter((el) => el.tabIndex >= 0)
    expect(reachable.map((el) => accessibleName(el))).toEqual([
      'Theme',
      'Terminal font size (px)',
      'Animation speed',
      'Screen-reader mode',
      'Export progress…',
      'Import progress…',
      'Close'
    ])
    // The file input is only a helper of the Import button: labelled, but not a tab stop of its own.
    const file = wrapper.find<HTMLInputElement>('[data-testid="progress-import-file"]').element
    expect(file.tabIndex).toBe(-1)
    expect(accessibleName(file)).toBe('Progress file to import')
  })

  it('keeps Tab inside the dialog: Tab on the last control wraps to the first, Shift+Tab back', async () => {
    const { wrapper } = await mountDialog()
    await settle()
    const first = wrapper.find<HTMLSelectElement>('#setting-theme').element
    const last = wrapper.find<HTMLButtonElement>('[data-testid="settings-close"]').element
    expect(document.activeElement).toBe(first)
    last.focus()
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(first)
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(last)
  })

  it('closes on Escape', async () => {
    const { wrapper } = await mountDialog()
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('close')).toHaveLength(1)
  })
})

describe('the settings dialog: progress files', () => {
  it('exports the host file as a download with its name and says so', async () => {
    const created: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:progress'
    })
    URL.revokeObjectURL = vi.fn()
    const downloads: Array<{ href: string; download: string }> = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download })
    })
    const { wrapper, api } = await mountDialog({
      handlers: { 'progress.export': () => ({ fileName: 'pinlab-progress-2026-11-21.json', content: '{"version":1,"labs":{}}\n' }) }
    })
    await wrapper.find('[data-testid="progress-export"]').trigger('click')
    await flushPromises()
    expect(api.callsOf('progress.export')).toHaveLength(1)
    expect(downloads).toEqual([{ href: 'blob:progress', download: 'pinlab-progress-2026-11-21.json' }])
    expect(await created[0]!.text()).toBe('{"version":1,"labs":{}}\n')
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:progress')
    expect(wrapper.find('[data-testid="progress-result"]').text()).toBe('Saved your progress as pinlab-progress-2026-11-21.json.')
    expect(wrapper.find('[data-testid="progress-result"]').attributes('aria-live')).toBe('polite')
  })

  it('opens the file picker from the Import button', async () => {
    const { wrapper } = await mountDialog()
    const picker = vi.spyOn(wrapper.find<HTMLInputElement>('[data-testid="progress-import-file"]').element, 'click').mockImplementation(() => {})
    await wrapper.find('[data-testid="progress-import"]').trigger('click')
    expect(picker).toHaveBeenCalledTimes(1)
  })

  it('imports a picked file: sends its text and reports how many labs came in', async () => {
    const content = JSON.stringify({ version: 1, labs: {} })
    const { wrapper, api } = await mountDialog({
      handlers: {
        'progress.import': () => ({
          version: 1,
          labs: {
            'a/b': { completedSteps: [], answers: {}, hintsShown: {}, solutionShown: [], completed: true, updatedAt: '2026-01-01T00:00:00.000Z' }
          }
        })
      }
    })
    pickFile(wrapper.find<HTMLInputElement>('[data-testid="progress-import-file"]').element, new File([content], 'mine.json'))
    await flushPromises()
    expect(api.callsOf('progress.import')).toEqual([{ content }])
    expect(wrapper.find('[data-testid="progress-result"]').text()).toBe('Imported mine.json: progress for 1 lab.')
  })

  it("shows the host's refusal of a bad file", async () => {
    const { wrapper } = await mountDialog({
      handlers: {
        'progress.import': () => {
          throw new PinlabApiError('invalid-params', 'That file is not a PinLab progress file (it is not JSON). Nothing was imported.')
        }
      }
    })
    pickFile(wrapper.find<HTMLInputElement>('[data-testid="progress-import-file"]').element, new File(['nope'], 'bad.json'))
    await flushPromises()
    expect(wrapper.find('[data-testid="progress-result"]').text()).toBe(
      'Could not import bad.json: That file is not a PinLab progress file (it is not JSON). Nothing was imported.'
    )
  })

  it('refuses an oversized file without sending it', async () => {
    const { wrapper, api } = await mountDialog()
    const big = new File(['x'.repeat(MAX_PROGRESS_FILE_BYTES + 1)], 'huge.json')
    pickFile(wrapper.find<HTMLInputElement>('[data-testid="progress-import-file"]').element, big)
    await flushPromises()
    expect(api.callsOf('progress.import')).toEqual([])
    expect(wrapper.find('[data-testid="progress-result"]').text()).toMatch(/^huge\.json is 193 KB; a progress file is at most 192 KB\. Nothing was imported\.$/)
  })
})

describe('profile problems banner', () => {
  it('shows the problems the host reports, and the Dismiss button hides them', async () => {
    const problem = 'The progress file /p/progress.json could not be read (not valid JSON); it was kept as /p/progress.json.corrupt-1 and the defaults are in use.'
    const { wrapper } = await mountWithFakeHost({ handlers: { 'profile.problems': () => ({ problems: [problem] }) } })
    mounted = wrapper
    await settle()
    const banner = wrapper.find('[data-testid="profile-problems"]')
    expect(banner.exists()).toBe(true)
    expect(banner.find('li').text()).toBe(problem)
    expect(banner.attributes('aria-live')).toBe('polite')
    const dismiss = wrapper.find('[data-testid="profile-problems-dismiss"]')
    expect(dismiss.text()).toBe('Dismiss the saved-data notice')
    await dismiss.trigger('click')
    expect(wrapper.find('[data-testid="profile-problems"]').exists()).toBe(false)
  })

  it('shows nothing when the profile is fine', async () => {
    const { wrapper, api } = await mountWithFakeHost()
    mounted = wrapper
    await settle()
    expect(api.callsOf('profile.problems')).toHaveLength(1)
    expect(wrapper.find('[data-testid="profile-problems"]').exists()).toBe(false)
  })
})

describe('the progress store', () => {
  const LAB = { completedSteps: ['s1'], answers: {}, hintsShown: {}, solutionShown: [], completed: false, updatedAt: '2026-01-01T00:00:00.000Z' }

  it('loads and updates through the host, and says why when the host refuses', async () => {
    const { useProgressStore } = await import('../../renderer/src/stores/progress')
    const { api } = await mountDialog({
      handlers: {
        'progress.get': () => ({ version: 1, labs: { 'a/b': LAB } }),
        'progress.update': (p) => {
          if (p.labKey === 'bad') throw new PinlabApiError('invalid-params', '"bad" is not a lab key (packId/labId).')
          return { version: 1, labs: { 'a/b': { ...LAB, completed: true } } }
        }
      }
    })
    const store = useProgressStore()
    await store.load()
    expect(store.progress.labs['a/b']).toEqual(LAB)
    await store.update('a/b', { completed: true })
    expect(api.callsOf('progress.update')).toEqual([{ labKey: 'a/b', patch: { completed: true } }])
    expect(store.progress.labs['a/b']!.completed).toBe(true)
    await store.update('bad', { completed: true })
    expect(store.error).toBe('Could not save your progress: "bad" is not a lab key (packId/labId).')
    expect(store.progress.labs['a/b']!.completed).toBe(true)
  })

  it('ignores a second export while the first is on its way', async () => {
    const { useProgressStore } = await import('../../renderer/src/stores/progress')
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    let release: () => void = () => {}
    const { api } = await mountDialog({
      handlers: {
        'progress.export': () =>
          new Promise((resolve) => {
            release = () => resolve({ fileName: 'pinlab-progress-2026-01-01.json', content: '{}' })
          })
      }
    })
    const store = useProgressStore()
    const first = store.exportToFile()
    await store.exportToFile()
    expect(api.callsOf('progress.export')).toHaveLength(1)
    release()
    await first
    expect(store.busy).toBe(false)
    expect(store.status).toBe('Saved your progress as pinlab-progress-2026-01-01.json.')
  })
})
