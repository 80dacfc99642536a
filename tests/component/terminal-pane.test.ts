import { PinlabApiError } from '../../shared/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import TerminalPane from '../../renderer/src/components/TerminalPane.vue'
import { mountWithFakeHost, settle } from './fakes/mount'
import { screenText, terminalOf } from './fakes/terminal'
import type { VueWrapper } from '@vue/test-utils'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

async function mountPane(options: Parameters<typeof mountWithFakeHost>[0] = {}) {
  const result = await mountWithFakeHost({ component: TerminalPane, ...options })
  mounted = result.wrapper
  await settle()
  return result
}

describe('TerminalPane', () => {
  it('creates a session sized like the terminal and marks the terminal ready after the first output', async () => {
    const { wrapper, api } = await mountPane({ greeting: 'PinLab placeholder shell\r\n# ' })
    const term = terminalOf(wrapper)
    // A free-play machine: nothing saved yet, so a fresh one that is kept saved after each step.
    expect(api.callsOf('machine.saved')).toEqual([{}])
    expect(api.callsOf('session.create')).toEqual([{ cols: term.cols, rows: term.rows, persist: true }])
    expect(screenText(term)).toContain('PinLab placeholder shell')
    expect(document.body.dataset.terminalReady).toBe('true')
    expect(wrapper.find('[data-testid="terminal"] .xterm').exists()).toBe(true)
    expect(wrapper.find('[data-testid="terminal"]').attributes('data-session-id')).toBe('s1')
  })

  it('brings back the saved free-play machine when there is one, and falls back to a plain session on a host without a profile', async () => {
    const restored = await mountPane({ handlers: { 'machine.saved': () => ({ exists: true, savedAt: '2026-11-21T10:00:00.000Z', kernel: '5.10', steps: 3 }) } })
    const term = terminalOf(restored.wrapper)
    expect(restored.api.callsOf('session.create')).toEqual([{ cols: term.cols, rows: term.rows, persist: true, restore: 'freeplay' }])
    restored.wrapper.unmount()
    let creates = 0
    const plain = await mountPane({
      handlers: {
        'machine.saved': () => {
          throw new PinlabApiError('unsupported', 'This PinLab host keeps no profile.')
        },
        'session.create': (params) => {
          creates++
          if (params.persist) throw new PinlabApiError('unsupported', 'This PinLab host keeps no profile.')
          return { sessionId: 's1', kernel: '6.18', user: 'root', hostname: 'pinlab' }
        }
      }
    })
    const plainTerm = terminalOf(plain.wrapper)
    expect(plain.api.callsOf('session.create')).toEqual([
      { cols: plainTerm.cols, rows: plainTerm.rows, persist: true },
      { cols: plainTerm.cols, rows: plainTerm.rows }
    ])
    expect(creates).toBe(2)
    expect(plain.wrapper.find('[data-testid="terminal"]').attributes('data-session-id')).toBe('s1')
  })

  it('forwards typed data unchanged as terminal.input and never echoes it locally', async () => {
    const { wrapper, api } = await mountPane()
    const term = terminalOf(wrapper)
    term.input('help\r')
    term.input('\x7f')
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([
      { sessionId: 's1', data: 'help\r' },
      { sessionId: 's1', data: '\x7f' }
    ])
    expect(screenText(term)).toBe('')
  })

  it('splits a paste larger than the host accepts into several terminal.input requests', async () => {
    const { MAX_TERMINAL_INPUT } = await import('../../shared/protocol')
    const { wrapper, api } = await mountPane()
    const paste = 'a'.repeat(MAX_TERMINAL_INPUT + 10)
    terminalOf(wrapper).paste(paste)
    await settle()
    const sent = api.callsOf('terminal.input').map((call) => call.data)
    expect(sent.length).toBe(2)
    expect(sent.every((data) => data.length <= MAX_TERMINAL_INPUT)).toBe(true)
    expect(sent.join('')).toContain(paste)
  })

  it('sends Tab to the shell but lets Shift+Tab move focus out, and says so to assistive tech', async () => {
    const { wrapper, api } = await mountPane()
    const textarea = terminalOf(wrapper).textarea!
    const tab = (shiftKey: boolean) =>
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', code: 'Tab', keyCode: 9, shiftKey, bubbles: true, cancelable: true }))
    expect(tab(false)).toBe(false) // xterm.js handled it (default prevented)
    expect(tab(true)).toBe(true) // left to the browser, which moves focus
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([{ sessionId: 's1', data: '\t' }])
    const help = document.getElementById(textarea.getAttribute('aria-describedby')!)
    expect(help?.textContent).toContain('leaves the terminal')
  })

  it('writes terminal.output for its own session and ignores other sessions', async () => {
    const { wrapper, api } = await mountPane({ session: { sessionId: 's7' } })
    api.emit('terminal.output', { sessionId: 's7', data: 'usage: help, clear\r\n' })
    api.emit('terminal.output', { sessionId: 's8', data: 'not for this terminal\r\n' })
    await settle()
    const text = screenText(terminalOf(wrapper))
    expect(text).toContain('usage: help, clear')
    expect(text).not.toContain('not for this terminal')
    expect(document.body.dataset.terminalReady).toBe('true')
  })

  it('is not ready until the host has written something', async () => {
    await mountPane()
    expect(document.body.dataset.terminalReady).toBeUndefined()
  })

  it('turns on xterm.js screen-reader mode when the setting is on', async () => {
    const { wrapper } = await mountPane({ settings: { screenReaderMode: true } })
    // The pane alone does not load settings; the app does. Load them as the app would.
    const { useSettingsStore } = await import('../../renderer/src/stores/settings')
    const store = useSettingsStore()
    expect(terminalOf(wrapper).options.screenReaderMode).toBe(false)
    await store.load()
    await settle()
    expect(terminalOf(wrapper).options.screenReaderMode).toBe(true)
    expect(wrapper.find('.xterm-accessibility').exists()).toBe(true)
    await store.update({ screenReaderMode: false })
    await settle()
    expect(terminalOf(wrapper).options.screenReaderMode).toBe(false)
  })

  it('applies font size and theme colours live', async () => {
    const { wrapper } = await mountPane()
    const { useSettingsStore } = await import('../../renderer/src/stores/settings')
    const store = useSettingsStore()
    await store.update({ fontSize: 20, theme: 'light' })
    await settle()
    const term = terminalOf(wrapper)
    expect(term.options.fontSize).toBe(20)
    expect(term.options.theme?.background).toBe('#ffffff')
  })

  it('sends terminal.resize when the terminal changes size', async () => {
    const { wrapper, api } = await mountPane()
    terminalOf(wrapper).resize(100, 30)
    await settle()
    expect(api.callsOf('terminal.resize')).toEqual([{ sessionId: 's1', cols: 100, rows: 30 }])
  })

  it('says so when the shell exits and can start a new session', async () => {
    const { wrapper, api } = await mountPane()
    api.emit('session.exited', { sessionId: 's1', status: 0 })
    await settle()
    const notice = wrapper.find('[role="status"]')
    expect(notice.text()).toContain('exited with status 0')
    terminalOf(wrapper).input('ls\r')
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([])
    await notice.find('button').trigger('click')
    await settle()
    expect(api.callsOf('session.create')).toHaveLength(2)
    expect(wrapper.find('[role="status"]').exists()).toBe(false)
  })

  it('sends nothing once the connection to the host is lost', async () => {
    const { wrapper, api } = await mountPane()
    api.dropConnection()
    await settle()
    terminalOf(wrapper).input('help\r')
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([])
  })

  it('holds keystrokes typed while the session is being created and sends them, in order, once it exists', async () => {
    let finish: (() => void) | undefined
    const { wrapper, api } = await mountWithFakeHost({
      component: TerminalPane,
      handlers: {
        'session.create': () =>
          new Promise((resolve) => {
            finish = () => resolve({ sessionId: 's3', kernel: '6.18', user: 'root', hostname: 'pinlab' })
          })
      }
    })
    mounted = wrapper
    terminalOf(wrapper).input('e')
    terminalOf(wrapper).input('cho hi\r')
    api.emit('terminal.output', { sessionId: 's3', data: 'banner before the reply\r\n' })
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([])
    finish!()
    await settle()
    expect(api.callsOf('terminal.input')).toEqual([
      { sessionId: 's3', data: 'e' },
      { sessionId: 's3', data: 'cho hi\r' }
    ])
    expect(screenText(terminalOf(wrapper))).toContain('banner before the reply')
  })

  it('shows why a session could not be created', async () => {
    const { PinlabApiError } = await import('../../shared/protocol')
    const { wrapper } = await mountPane({
      handlers: {
        'session.create': () => {
          throw new PinlabApiError('internal', 'The machine did not boot.')
        }
      }
    })
    expect(wrapper.find('[role="alert"]').text()).toContain('The machine did not boot.')
  })

  it('disposes the terminal, its listeners and the session on unmount', async () => {
    const { wrapper, api } = await mountPane({ greeting: '$ ' })
    const before = api.listenerCount
    const term = terminalOf(wrapper)
    wrapper.unmount()
    mounted = null
    await settle()
    expect(api.listenerCount).toBe(before - 1)
    expect(api.callsOf('session.close')).toEqual([{ sessionId: 's1' }])
    expect(document.body.dataset.terminalReady).toBeUndefined()
    expect(term.element?.isConnected ?? false).toBe(false)
  })
})
