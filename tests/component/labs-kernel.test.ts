import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Terminal } from '@xterm/xterm'
import CompareView from '../../renderer/src/components/labs/CompareView.vue'
import { settle } from './fakes/mount'
import { FakeLabHost, contractCalls } from './fakes/fake-lab-host'
import { answerPredictions, mountOpenLab } from './fakes/lab-mount'
import { screenText } from './fakes/terminal'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

async function chooseKernel(wrapper: VueWrapper, kernel: string): Promise<void> {
  await wrapper.find('[data-testid="kernel-choice"]').setValue(kernel)
  await settle()
}

function compareTerminal(wrapper: VueWrapper): Terminal {
  const term = (wrapper.findComponent(CompareView).vm as unknown as { terminal: Terminal | null }).terminal
  if (!term) throw new Error('the compare view has no terminal')
  return term
}

describe('switching the step to another kernel', () => {
  it('restarts the current step through labs.start with the chosen kernel', async () => {
    const { wrapper, api } = await mountOpenLab()
    mounted = wrapper
    const select = wrapper.find('[data-testid="kernel-choice"]')
    expect(wrapper.find(`label[for="${select.attributes('id')}"]`).text()).toBe('Kernel')
    // The running kernel is not offered: there is nothing to compare it with.
    expect(select.findAll('option').map((o) => o.attributes('value'))).not.toContain('6.18')
    await chooseKernel(wrapper, '5.10')
    const button = wrapper.find('[data-testid="switch-kernel"]')
    expect(button.text()).toBe('Switch this step to Linux 5.10')
    await button.trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.start').at(-1)).toEqual({
      sessionId: 's1',
      packId: 'basics',
      labId: 'pin-cow',
      step: 0,
      kernel: '5.10'
    })
    // The host rebooted the machine: the session store hears it from session.changed.
    api.emit('session.changed', { sessionId: 's1', kernel: '5.10', user: 'root', hostname: 'pinlab' })
    await settle()
    expect(wrapper.find('[data-testid="machine-kernel"]').text()).toBe(
      'This machine now runs Linux 5.10; the lab was written for Linux 6.18.'
    )
    expect(wrapper.find('header [data-testid="kernel-version"]').text()).toContain('Linux 5.10')
    expect(wrapper.find('[data-testid="lab-announcer"]').text()).toBe('Step 1 of 3: Fork after pinning. The machine runs Linux 5.10.')
  })

  it('keeps the switched kernel when moving to the next step', async () => {
    const { passingCheck } = await import('./fakes/fake-lab-host')
    const host = new FakeLabHost()
    host.checkResult = passingCheck()
    const { wrapper, api } = await mountOpenLab(host)
    mounted = wrapper
    await chooseKernel(wrapper, '4.19')
    await wrapper.find('[data-testid="switch-kernel"]').trigger('click')
    await settle()
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    await wrapper.find('[data-testid="next-step"]').trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.start').at(-1)).toMatchObject({ step: 1, kernel: '4.19' })
  })
})

describe('what did another kernel do here?', () => {
  it('replays the session on the chosen kernel and shows its read-only terminal next to the main one', async () => {
    const host = new FakeLabHost()
    const { wrapper, api: fake } = await mountOpenLab(host)
    host.beforeCompareReply = (info) => {
      // A quick host writes the replay's first output before the reply arrives.
      fake.emit('terminal.output', { sessionId: info.sessionId, data: 'replayed banner\r\n' })
      fake.emit('terminal.output', { sessionId: 's1', data: 'main terminal output\r\n' })
    }
    mounted = wrapper
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(false)
    await chooseKernel(wrapper, '5.10')
    const button = wrapper.find('[data-testid="compare-kernel"]')
    expect(button.text()).toBe('Rerun this step on Linux 5.10')
    await button.trigger('click')
    await settle()
    expect(contractCalls(fake, 'session.compare')).toEqual([{ sessionId: 's1', kernel: '5.10' }])

    const view = wrapper.find('main [data-testid="compare-view"]')
    expect(view.find('h2').text()).toBe('Linux 5.10 (replayed)')
    expect(wrapper.find('main .terminals').classes()).toContain('is-comparing')
    expect(wrapper.find('main [data-testid="terminal"]').exists()).toBe(true)
    expect(view.find('[data-testid="compare-terminal"]').attributes('data-session-id')).toBe('s2')

    fake.emit('terminal.output', { sessionId: 's2', data: 'refcount: 3\r\n' })
    await settle()
    const term = compareTerminal(wrapper)
    const text = screenText(term)
    expect(text).toContain('replayed banner')
    expect(text).toContain('refcount: 3')
    expect(text).not.toContain('main terminal output')

    // Read-only: keystrokes in the replay reach no session.
    expect(term.options.disableStdin).toBe(true)
    const inputs = fake.callsOf('terminal.input').length
    term.input('ls\r')
    await settle()
    expect(fake.callsOf('terminal.input')).toHaveLength(inputs)

    await view.find('[data-testid="compare-close"]').trigger('click')
    await settle()
    expect(fake.callsOf('session.close')).toEqual([{ sessionId: 's2' }])
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(false)
  })

  it('says why the replay failed and shows no second terminal', async () => {
    const host = new FakeLabHost()
    host.fail.set('session.compare', 'Linux 3.2 has no FOLL_PIN; this step cannot be replayed there.')
    const { wrapper } = await mountOpenLab(host)
    mounted = wrapper
    await chooseKernel(wrapper, '3.2')
    await wrapper.find('[data-testid="compare-kernel"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="lab-error"]').text()).toBe(
      'Could not replay this session on Linux 3.2: Linux 3.2 has no FOLL_PIN; this step cannot be replayed there.'
    )
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(false)
  })

  it('closes the replay when the step changes (it showed the step being left)', async () => {
    const { wrapper, api } = await mountOpenLab()
    mounted = wrapper
    await chooseKernel(wrapper, '5.10')
    await wrapper.find('[data-testid="compare-kernel"]').trigger('click')
    await settle()
    await chooseKernel(wrapper, '4.19')
    await wrapper.find('[data-testid="switch-kernel"]').trigger('click')
    await settle()
    expect(api.callsOf('session.close')).toEqual([{ sessionId: 's2' }])
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(false)
  })

  it('closes the replay when the learner leaves the lab', async () => {
    const { wrapper, api } = await mountOpenLab()
    mounted = wrapper
    await chooseKernel(wrapper, '5.10')
    await wrapper.find('[data-testid="compare-kernel"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(true)
    await wrapper.find('[data-testid="free-play"]').trigger('click')
    await settle()
    expect(api.callsOf('session.close')).toEqual([{ sessionId: 's2' }])
    expect(wrapper.find('[data-testid="compare-view"]').exists()).toBe(false)
  })
})
