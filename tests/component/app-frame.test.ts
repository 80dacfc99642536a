import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { PackSummary } from '../../shared/protocol'
import { mountWithFakeHost, settle } from './fakes/mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  delete document.documentElement.dataset.theme
  delete document.documentElement.dataset.animation
})

async function mountApp(options: Parameters<typeof mountWithFakeHost>[0] = {}) {
  const result = await mountWithFakeHost(options)
  mounted = result.wrapper
  await settle()
  return result
}

const PACKS: PackSummary[] = [
  {
    id: 'pinning-basics',
    title: 'Pinning basics',
    version: '1.0.0',
    builtIn: true,
    labs: [
      { id: 'gup-fork', title: 'GUP and fork', kernel: '5.8' },
      { id: 'pin-cow', title: 'Pins survive COW', kernel: '6.18' }
    ]
  },
  { id: 'rdma', title: 'RDMA registration', version: '0.2.0', builtIn: false, labs: [] }
]

describe('the app frame', () => {
  it('has the landmarks: banner header, lab navigation, main terminal, machine-state aside', async () => {
    const { wrapper } = await mountApp()
    expect(wrapper.find('header h1').text()).toBe('PinLab')
    expect(wrapper.find('nav[aria-labelledby="labs-title"]').exists()).toBe(true)
    expect(wrapper.find('main [data-testid="terminal"]').exists()).toBe(true)
    const aside = wrapper.find('aside[data-testid="machine-state"]')
    expect(aside.find('h2').text()).toBe('Machine state')
    expect(aside.find('[data-testid="memory-panel"]').exists()).toBe(true)
    expect(aside.text()).toContain('What changed in the last step')
  })

  it('shows the running kernel version from the session in the header', async () => {
    const { wrapper } = await mountApp({ session: { kernel: '5.10' } })
    const badge = wrapper.find('header [data-testid="kernel-version"]')
    expect(badge.text()).toContain('Linux 5.10')
  })

  it('lists the lab packs with each lab and its kernel version', async () => {
    const { wrapper, api } = await mountApp({ packs: PACKS })
    expect(api.callsOf('labs.list')).toEqual([{}])
    const packs = wrapper.findAll('[data-testid="lab-pack"]')
    expect(packs.map((pack) => pack.find('h3').text())).toEqual([
      expect.stringContaining('Pinning basics'),
      expect.stringContaining('RDMA registration')
    ])
    const labs = packs[0]!.findAll('[data-testid="lab-item"]')
    expect(labs.map((lab) => `${lab.find('.lab-title').text()} ${lab.find('.lab-kernel').text()}`)).toEqual([
      'GUP and fork Linux 5.8',
      'Pins survive COW Linux 6.18'
    ])
    expect(packs[1]!.text()).toContain('This pack has no labs.')
    expect(wrapper.find('[data-testid="labs-empty"]').exists()).toBe(false)
  })

  it('says no lab packs are installed and that free play works when the list is empty', async () => {
    const { wrapper } = await mountApp({ packs: [] })
    const empty = wrapper.find('[data-testid="labs-empty"]')
    expect(empty.text()).toContain('No lab packs are installed yet')
    expect(empty.text()).toContain('terminal')
    expect(wrapper.findAll('[data-testid="lab-pack"]')).toHaveLength(0)
  })

  it('applies the stored theme on load and the theme toggle saves the other one', async () => {
    const { wrapper, api } = await mountApp({ settings: { theme: 'light' } })
    expect(document.documentElement.dataset.theme).toBe('light')
    const toggle = wrapper.find('[data-testid="theme-toggle"]')
    expect(toggle.attributes('aria-label')).toBe('Switch to the dark theme')
    await toggle.trigger('click')
    await settle()
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(api.callsOf('settings.set')).toEqual([{ patch: { theme: 'dark' } }])
  })

  it('the settings dialog changes theme, font size, animation and screen-reader mode through settings.set', async () => {
    const { wrapper, api } = await mountApp()
    expect(document.documentElement.dataset.theme).toBe('dark')
    const button = wrapper.find('[data-testid="settings-button"]')
    expect(button.attributes('aria-expanded')).toBe('false')
    await button.trigger('click')
    const dialog = wrapper.find('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.activeElement).toBe(dialog.find('#setting-theme').element)

    await dialog.find('#setting-theme').setValue('light')
    await settle()
    expect(document.documentElement.dataset.theme).toBe('light')

    await dialog.find('#setting-font-size').setValue('18')
    await dialog.find('#setting-animation').setValue('off')
    await dialog.find('#setting-screen-reader').setValue(true)
    await settle()
    expect(api.callsOf('settings.set')).toEqual([
      { patch: { theme: 'light' } },
      { patch: { fontSize: 18 } },
      { patch: { animationSpeed: 'off' } },
      { patch: { screenReaderMode: true } }
    ])
    expect(document.documentElement.dataset.animation).toBe('off')
  })

  it('every settings control has a label, and Escape closes the dialog and returns focus', async () => {
    const { wrapper } = await mountApp()
    const button = wrapper.find('[data-testid="settings-button"]')
    await button.trigger('click')
    const dialog = wrapper.find('[role="dialog"]')
    for (const control of dialog.findAll('input, select')) {
      const id = control.attributes('id')
      expect(id, control.html()).toBeTruthy()
      expect(dialog.find(`label[for="${id}"]`).exists(), `label for ${id}`).toBe(true)
    }
    await dialog.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(button.element)
  })

  it('refuses an out-of-range font size without calling the host', async () => {
    const { wrapper, api } = await mountApp()
    await wrapper.find('[data-testid="settings-button"]').trigger('click')
    const input = wrapper.find<HTMLInputElement>('#setting-font-size')
    await input.setValue('99')
    await settle()
    expect(api.callsOf('settings.set')).toEqual([])
    expect(input.element.value).toBe('14')
  })

  it('rolls back a setting the host refuses and says why', async () => {
    const { PinlabApiError } = await import('../../shared/protocol')
    const { wrapper } = await mountApp({
      handlers: {
        'settings.set': () => {
          throw new PinlabApiError('invalid-params', 'fontSize must be at most 32.')
        }
      }
    })
    await wrapper.find('[data-testid="theme-toggle"]').trigger('click')
    await settle()
    expect(document.documentElement.dataset.theme).toBe('dark')
    await wrapper.find('[data-testid="settings-button"]').trigger('click')
    expect(wrapper.find('[role="dialog"] [role="alert"]').text()).toContain('fontSize must be at most 32.')
  })

  it('shows a banner when the connection to the host is lost', async () => {
    const { wrapper, api } = await mountApp()
    expect(wrapper.find('[data-testid="connection-lost"]').exists()).toBe(false)
    expect(wrapper.find('.app-frame').attributes('data-connection')).toBe('open')
    api.dropConnection()
    await settle()
    expect(wrapper.find('.app-frame').attributes('data-connection')).toBe('lost')
    const banner = wrapper.find('[data-testid="connection-lost"]')
    expect(banner.attributes('role')).toBe('alert')
    expect(banner.text()).toContain('Disconnected from the PinLab host — reload to reconnect')
  })

  it('uses no v-html and no inline handler attributes in the rendered frame', async () => {
    const { wrapper } = await mountApp({ packs: PACKS })
    const all = wrapper.element.querySelectorAll('*')
    for (const el of all) {
      for (const attr of el.getAttributeNames()) expect(attr.startsWith('on'), `${el.tagName} ${attr}`).toBe(false)
    }
  })
})
