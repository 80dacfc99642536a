import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { HistoryState } from '../../shared/history'
import { PinlabApiError } from '../../shared/protocol'
import HistoryBar from '../../renderer/src/components/history/HistoryBar.vue'
import TerminalPane from '../../renderer/src/components/TerminalPane.vue'
import { mountWithFakeHost, settle } from './fakes/mount'
import { screenText, terminalOf } from './fakes/terminal'
import type { FakeApiOptions } from './fakes/fake-api'

const Both = defineComponent({ render: () => h('div', [h(HistoryBar), h(TerminalPane)]) })

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

const LABELS = ['echo one', 'echo two', './cow']

function stateAt(position: number, extra: Partial<HistoryState> = {}): HistoryState {
  return {
    sessionId: 's1',
    steps: LABELS.map((label, index) => ({ index, kind: 'command', label, kernel: '6.18', exitStatus: 0, fence: false })),
    position,
    canUndo: position > 0,
    canRedo: position < LABELS.length,
    busy: false,
    ...extra
  }
}

async function mountBar(handlers: FakeApiOptions['handlers'] = {}) {
  let current = stateAt(3)
  const result = await mountWithFakeHost({
    component: Both,
    handlers: {
      'history.get': () => current,
      'history.undo': () => (current = stateAt(current.position - 1)),
      'history.redo': () => (current = stateAt(current.position + 1)),
      'history.goto': (p) => (current = stateAt(p.position)),
      ...handlers
    }
  })
  mounted = result.wrapper
  await settle()
  return { ...result, setState: (s: HistoryState) => (current = s) }
}

describe('HistoryBar', () => {
  it('starts with everything off while no step is recorded', async () => {
    const result = await mountWithFakeHost({ component: Both })
    mounted = result.wrapper
    await settle()
    expect(result.api.callsOf('history.get')).toEqual([{ sessionId: 's1' }])
    expect(result.wrapper.get('[data-testid="history-undo"]').attributes('disabled')).toBeDefined()
    expect(result.wrapper.get('[data-testid="history-redo"]').attributes('disabled')).toBeDefined()
    const scrub = result.wrapper.get('[data-testid="history-scrub"]')
    expect(scrub.attributes('disabled')).toBeDefined()
    expect(scrub.attributes('aria-valuetext')).toBe('no steps recorded yet')
    expect(result.wrapper.get('label[for="history-scrub"]').text()).toBe('Step')
  })

  it('undoes and redoes with its buttons and says where the machine is', async () => {
    const { wrapper, api } = await mountBar()
    const undo = wrapper.get('[data-testid="history-undo"]')
    const redo = wrapper.get('[data-testid="history-redo"]')
    const scrub = wrapper.get('[data-testid="history-scrub"]')
    expect(undo.attributes('disabled')).toBeUndefined()
    expect(redo.attributes('disabled')).toBeDefined()
    expect(scrub.attributes('aria-valuetext')).toBe('after step 3 of 3: ./cow')
    await undo.trigger('click')
    await settle()
    expect(api.callsOf('history.undo')).toEqual([{ sessionId: 's1' }])
    expect(scrub.attributes('aria-valuetext')).toBe('after step 2 of 3: echo two')
    expect((scrub.element as HTMLInputElement).value).toBe('2')
    expect(wrapper.get('[data-testid="history-live"]').text()).toBe('Restored: after step 2 of 3: echo two.')
    expect(redo.attributes('disabled')).toBeUndefined()
    expect(wrapper.get('li[aria-current="step"]').text()).toContain('echo two')
    await redo.trigger('click')
    await settle()
    expect(api.callsOf('history.redo')).toEqual([{ sessionId: 's1' }])
    expect(scrub.attributes('aria-valuetext')).toBe('after step 3 of 3: ./cow')
  })

  it('goes to the scrubbed position when the scrubber is released', async () => {
    const { wrapper, api } = await mountBar()
    const scrub = wrapper.get('[data-testid="history-scrub"]')
    await scrub.setValue('1')
    await settle()
    expect(api.callsOf('history.goto')).toEqual([{ sessionId: 's1', position: 1 }])
    expect(scrub.attributes('aria-valuetext')).toBe('after step 1 of 3: echo one')
    await scrub.setValue('0')
    await settle()
    expect(scrub.attributes('aria-valuetext')).toBe('at the start, before step 1 of 3')
  })

  it('goes to the machine right after a step when the step is clicked in the list', async () => {
    const { wrapper, api } = await mountBar()
    const step = wrapper.get('[data-testid="history-step-2"]')
    expect(step.element.tagName).toBe('BUTTON')
    await step.trigger('click')
    await settle()
    expect(api.callsOf('history.goto')).toEqual([{ sessionId: 's1', position: 2 }])
    // The machine is there now: clicking the same step again asks nothing.
    await wrapper.get('[data-testid="history-step-2"]').trigger('click')
    await settle()
    expect(api.callsOf('history.goto')).toHaveLength(1)
  })

  it('takes Ctrl+Z and Ctrl+Shift+Z outside the terminal only', async () => {
    const { wrapper, api } = await mountBar()
    const textarea = terminalOf(wrapper).textarea!
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }))
    await settle()
    expect(api.callsOf('history.undo')).toEqual([])
    wrapper.get('[data-testid="history-undo"]').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }))
    await settle()
    expect(api.callsOf('history.undo')).toEqual([{ sessionId: 's1' }])
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true, bubbles: true }))
    await settle()
    expect(api.callsOf('history.redo')).toEqual([{ sessionId: 's1' }])
  })

  it('follows history.changed, disables everything while busy and shows a refused action as an alert', async () => {
    const { wrapper, api } = await mountBar({
      'history.undo': () => {
        throw new PinlabApiError('conflict', 'A command or a restore is running; wait for the prompt, then try again.')
      }
    })
    api.emit('history.changed', { sessionId: 's1', state: stateAt(3, { busy: true, canUndo: false }) })
    await settle()
    expect(wrapper.get('[data-testid="history-undo"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="history-scrub"]').attributes('disabled')).toBeDefined()
    api.emit('history.changed', { sessionId: 's2', state: stateAt(0) })
    api.emit('history.changed', { sessionId: 's1', state: stateAt(3) })
    await settle()
    await wrapper.get('[data-testid="history-undo"]').trigger('click')
    await settle()
    expect(wrapper.get('[role="alert"]').text()).toBe('A command or a restore is running; wait for the prompt, then try again.')
  })
})

describe('typing into the past', () => {
  async function mountPast() {
    let branched = false
    const typed: string[] = []
    const result = await mountBar({
      'history.branch': () => {
        branched = true
        return { ...stateAt(1), steps: stateAt(1).steps.slice(0, 1), canRedo: false }
      },
      'terminal.input': (p) => {
        if (!branched) throw new PinlabApiError('conflict', 'The machine shows step 1 of 3; typing here starts a new branch.')
        typed.push(p.data)
        return { accepted: p.data.length }
      }
    })
    result.setState(stateAt(1))
    await result.wrapper.get('[data-testid="history-scrub"]').setValue('1')
    await settle()
    return { ...result, typed }
  }

  it('asks once, then branches and resends what was typed, in order', async () => {
    const { wrapper, api, typed } = await mountPast()
    const term = terminalOf(wrapper)
    term.input('l')
    await settle()
    term.input('s')
    await settle()
    const dialog = wrapper.get('[data-testid="branch-confirm"]')
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(dialog.text()).toContain('Typing here starts a new branch and discards 2 later steps. Continue?')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="branch-confirm-yes"]').element)
    await dialog.trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(wrapper.get('[data-testid="branch-confirm-no"]').element)
    await dialog.trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(wrapper.get('[data-testid="branch-confirm-yes"]').element)
    await wrapper.get('[data-testid="branch-confirm-yes"]').trigger('click')
    await settle()
    expect(api.callsOf('history.branch')).toEqual([{ sessionId: 's1' }])
    expect(typed).toEqual(['l', 's'])
    expect(wrapper.find('[data-testid="branch-confirm"]').exists()).toBe(false)
  })

  it('keeps the steps and drops the keystrokes on Escape', async () => {
    const { wrapper, api, typed } = await mountPast()
    terminalOf(wrapper).input('x')
    await settle()
    await wrapper.get('[data-testid="branch-confirm"]').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(wrapper.find('[data-testid="branch-confirm"]').exists()).toBe(false)
    expect(api.callsOf('history.branch')).toEqual([])
    expect(typed).toEqual([])
  })

  it('clears the terminal and writes the transcript on terminal.reset', async () => {
    const { wrapper, api } = await mountBar()
    api.emit('terminal.output', { sessionId: 's1', data: 'old line\r\n# ' })
    await settle()
    api.emit('terminal.reset', { sessionId: 's1', data: 'banner\r\n# echo one\r\none\r\n# ' })
    await settle()
    const text = screenText(terminalOf(wrapper))
    expect(text).not.toContain('old line')
    expect(text.trimEnd()).toBe('banner\n# echo one\none\n#')
  })
})
