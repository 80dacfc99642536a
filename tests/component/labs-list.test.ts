import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { settle } from './fakes/mount'
import { FakeLabHost, contractCalls } from './fakes/fake-lab-host'
import { mountLabApp } from './fakes/lab-mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

describe('the lab list', () => {
  it('shows each lab with its kernel and progress, and offers Start or Continue', async () => {
    const host = new FakeLabHost().withProgress({ completedSteps: ['fork'] })
    host.withProgress({ completedSteps: ['a', 'b', 'c', 'd'], completed: true }, 'basics/gup-fork')
    const { wrapper, api } = await mountLabApp(host)
    mounted = wrapper
    expect(contractCalls(api, 'progress.get')).toEqual([{}])
    const items = wrapper.findAll('[data-testid="lab-item"]')
    expect(items).toHaveLength(2)
    expect(items[0]!.text()).toContain('Pins survive COW')
    expect(items[0]!.text()).toContain('Linux 6.18')
    expect(items[0]!.find('[data-testid="lab-progress"]').text()).toBe('1/3 steps')
    expect(items[0]!.find('button').text()).toBe('Continue')
    expect(items[0]!.find('button').attributes('aria-label')).toBe('Continue Pins survive COW')
    expect(items[1]!.text()).toContain('Linux 5.8')
    const done = items[1]!.find('[data-testid="lab-progress"]')
    expect(done.text()).toContain('✓')
    expect(done.text()).toContain('Completed')
  })

  it('says Start and 0/n for a lab never opened', async () => {
    const { wrapper } = await mountLabApp()
    mounted = wrapper
    const first = wrapper.findAll('[data-testid="lab-item"]')[0]!
    expect(first.find('[data-testid="lab-progress"]').text()).toBe('0/3 steps')
    expect(first.find('button').text()).toBe('Start')
  })

  it('Continue starts the lab at the first step not yet passed, on the session', async () => {
    const host = new FakeLabHost().withProgress({ completedSteps: ['fork'] })
    const { wrapper, api } = await mountLabApp(host)
    mounted = wrapper
    await wrapper.findAll('[data-testid="lab-open"]')[0]!.trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.get')).toEqual([{ packId: 'basics', labId: 'pin-cow' }])
    expect(contractCalls(api, 'labs.start')).toEqual([{ sessionId: 's1', packId: 'basics', labId: 'pin-cow', step: 1 }])
    const panel = wrapper.find('[data-testid="step-panel"]')
    expect(panel.find('#lab-title').text()).toBe('Pins survive COW')
    expect(panel.find('[data-testid="lab-kernel"]').text()).toBe('Linux 6.18')
    expect(panel.find('[data-testid="step-count"]').text()).toBe('Step 2 of 3')
    expect(panel.find('.goals').html()).toContain('<strong>fork</strong>')
  })

  it('Free play leaves the lab and shows the list again', async () => {
    const { wrapper } = await mountLabApp()
    mounted = wrapper
    await wrapper.findAll('[data-testid="lab-open"]')[0]!.trigger('click')
    await settle()
    await wrapper.find('[data-testid="free-play"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="step-panel"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="free-play-current"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="lab-item"]')).toHaveLength(2)
  })

  it('says why a lab could not start and stays in free play', async () => {
    const host = new FakeLabHost()
    host.fail.set('labs.start', 'The machine did not reboot at Linux 6.18.')
    const { wrapper } = await mountLabApp(host)
    mounted = wrapper
    await wrapper.findAll('[data-testid="lab-open"]')[0]!.trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="step-panel"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="lab-error"]').text()).toContain('The machine did not reboot at Linux 6.18.')
  })
})
