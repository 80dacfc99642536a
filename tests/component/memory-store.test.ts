/**
 * When the memory picture asks the host again and what it keeps: history.changed (not while a
 * restore is busy), session.changed (drops the baseline), Refresh, the first output of a machine
 * that was still booting, errors as sentences, the highlight other panels set, the process filter.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { PinlabApiError } from '../../shared/protocol'
import type { MemoryView } from '../../shared/view'
import { FIXTURE_BASE_VPN as BASE, frameRun, memoryView, pteRun } from '../fixtures/memory-views'
import { mountMemoryPanel } from './fakes/mount-memory'
import { settle } from './fakes/mount'
import { useSelectionStore } from '../../renderer/src/stores/selection'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  delete document.documentElement.dataset.animation
  delete document.documentElement.dataset.theme
})

const hole = pteRun(BASE + 1, 3, -1)
const one = memoryView([{ pid: 10, ptes: [pteRun(BASE, 1, 100), hole] }], [frameRun(100, 1)])
const two = memoryView(
  [{ pid: 10, ptes: [pteRun(BASE, 2, 100), pteRun(BASE + 2, 2, -1)] }, { pid: 12, ptes: [pteRun(BASE, 1, 300), hole], comm: 'cat' }],
  [frameRun(100, 2), frameRun(300, 1)]
)

const HISTORY = { sessionId: 's1', steps: [], position: 0, canUndo: false, canRedo: false, busy: false }

describe('the memory store', () => {
  it('asks again after each step, not while a restore is busy, and on Refresh; a reboot drops the baseline', async () => {
    const host = await mountMemoryPanel(one)
    mounted = host.wrapper
    const { wrapper, api, memory } = host
    const wholeViews = () => api.callsOf('view.memory').filter((p) => !p.expand)
    expect(wholeViews()).toEqual([{ sessionId: 's1' }])

    api.emit('history.changed', { sessionId: 's1', state: { ...HISTORY, busy: true } })
    api.emit('history.changed', { sessionId: 's9', state: { ...HISTORY, sessionId: 's9' } })
    await settle()
    expect(wholeViews()).toHaveLength(1)

    await host.step(two)
    expect(wholeViews()).toHaveLength(2)
    expect(memory.changes.map((c) => c.kind)).toEqual(['map', 'map'])
    expect(wrapper.findAll('[data-testid="change-sentence"]').map((s) => s.text())).toEqual([
      `Process 10 now maps 1 page at 0x${((BASE + 1) * 4096).toString(16)} (frame 101).`,
      `Process 12 now maps 1 page at 0x${(BASE * 4096).toString(16)} (frame 300).`
    ])

    // Refresh with nothing run keeps the last step's changes on screen.
    await wrapper.find('[data-testid="memory-refresh"]').trigger('click')
    await settle()
    expect(wholeViews()).toHaveLength(3)
    expect(memory.changes).toHaveLength(2)

    // A reboot: a new machine is not compared with the old one.
    api.emit('session.changed', { sessionId: 's1', kernel: '5.10', user: 'root', hostname: 'pinlab' })
    await settle()
    expect(wholeViews()).toHaveLength(4)
    expect(memory.previous).toBeNull()
    expect(wrapper.find('[data-testid="memory-changes"]').text()).toContain('first picture')
  })

  it('events that arrive while a request is in flight coalesce into one more request', async () => {
    let release: (() => void) | null = null
    let calls = 0
    const host = await mountMemoryPanel(one, {
      handlers: {
        'view.memory': () =>
          new Promise<MemoryView>((resolve) => {
            calls++
            release = () => resolve(calls === 1 ? one : two)
          })
      }
    })
    mounted = host.wrapper
    // The first request (after session.create) is pending; three steps end meanwhile.
    for (let i = 0; i < 3; i++) host.api.emit('history.changed', { sessionId: 's1', state: HISTORY })
    await settle()
    expect(calls).toBe(1)
    release!()
    await settle()
    expect(calls).toBe(2)
    release!()
    await settle()
    expect(calls).toBe(2)
    expect(host.memory.current).toEqual(two)
  })

  it('says why the picture could not be read, and waits for the first output of a machine still booting', async () => {
    let failure: PinlabApiError | null = new PinlabApiError('unsupported', 'Session s1 has not booted its machine yet; ask again after its first output.')
    let answer = one
    const host = await mountMemoryPanel(one, {
      handlers: {
        'view.memory': () => {
          if (failure) throw failure
          return answer
        }
      }
    })
    mounted = host.wrapper
    const { wrapper, api, memory } = host
    expect(memory.waitingForMachine).toBe(true)
    expect(wrapper.text()).toContain('The machine is still starting')
    expect(wrapper.find('[data-testid="memory-error"]').exists()).toBe(false)

    failure = null
    api.emit('terminal.output', { sessionId: 's1', data: 'pinlab login: root\r\n' })
    await settle()
    expect(memory.current).toEqual(one)
    expect(wrapper.findAll('[data-testid="pte-row"]')).toHaveLength(2)
    // Once there is a picture, output alone does not ask again.
    const before = api.callsOf('view.memory').length
    api.emit('terminal.output', { sessionId: 's1', data: '$ ' })
    await settle()
    expect(api.callsOf('view.memory')).toHaveLength(before)

    failure = new PinlabApiError('internal', 'The host stopped answering.')
    answer = two
    await host.step(two)
    expect(wrapper.find('[data-testid="memory-error"]').text()).toBe('Could not read the memory picture: The host stopped answering.')
    expect(wrapper.find('[data-testid="memory-error"]').attributes('role')).toBe('alert')
    // The last good picture stays.
    expect(memory.current).toEqual(one)
    failure = null
    await wrapper.find('[data-testid="memory-refresh"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="memory-error"]').exists()).toBe(false)
    expect(memory.current).toEqual(two)
  })

  it('highlights the rows of frames another panel points at, and refuses a bad pfn without changing anything', async () => {
    const host = await mountMemoryPanel(two)
    mounted = host.wrapper
    const { wrapper, memory } = host
    memory.highlightFrames([101])
    await settle()
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="100"]').classes()).toContain('mem-highlighted')
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="300"]').classes()).not.toContain('mem-highlighted')
    expect(wrapper.find(`[data-testid="process"][data-pid="10"] [data-testid="pte-row"]`).classes()).toContain('mem-highlighted')
    expect(() => memory.highlightFrames([300, -1])).toThrow('Cannot highlight frame -1')
    expect([...memory.highlighted]).toEqual([101])
    memory.clearHighlight()
    await settle()
    expect(wrapper.findAll('.mem-highlighted')).toHaveLength(0)
  })

  it('follows the frames selected in another panel (a timeline event) through the selection store', async () => {
    const host = await mountMemoryPanel(two)
    mounted = host.wrapper
    const { wrapper } = host
    const selection = useSelectionStore()
    selection.highlight([100], 7)
    await settle()
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="100"]').classes()).toContain('mem-highlighted')
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="300"]').classes()).not.toContain('mem-highlighted')
    selection.highlight([], null)
    await settle()
    expect(wrapper.findAll('.mem-highlighted')).toHaveLength(0)
  })

  it('the process filter shows one process with its frames', async () => {
    const host = await mountMemoryPanel(two)
    mounted = host.wrapper
    const { wrapper } = host
    const select = wrapper.find('[data-testid="memory-pid-filter"]')
    const id = select.attributes('id')
    expect(wrapper.find(`label[for="${id}"]`).text()).toBe('Process')
    expect(select.findAll('option').map((o) => o.text())).toEqual(['All processes', 'pid 10 · a.out', 'pid 12 · cat'])
    await select.setValue('12')
    expect(wrapper.findAll('[data-testid="process"]').map((p) => p.attributes('data-pid'))).toEqual(['12'])
    expect(wrapper.findAll('[data-testid="frame-row"]').map((f) => f.attributes('data-pfn'))).toEqual(['300'])
    await select.setValue('')
    expect(wrapper.findAll('[data-testid="process"]')).toHaveLength(2)
    // When the chosen process is gone after a step, every process is shown again.
    await select.setValue('12')
    await host.step(one)
    expect((select.element as HTMLSelectElement).value).toBe('')
    expect(wrapper.findAll('[data-testid="process"]').map((p) => p.attributes('data-pid'))).toEqual(['10'])
  })

  it('asks again for open expansions after a step while their run exists, and closes them when it is gone', async () => {
    const big = memoryView([{ pid: 10, ptes: [pteRun(BASE, 4, 100)] }], [frameRun(100, 4)])
    const changed = memoryView([{ pid: 10, ptes: [pteRun(BASE, 4, 100, { dirty: false })] }], [frameRun(100, 4, { dirty: true })])
    const split = memoryView([{ pid: 10, ptes: [pteRun(BASE, 2, 100), pteRun(BASE + 2, 2, -1)] }], [frameRun(100, 2)])
    const expand = () => big
    const host = await mountMemoryPanel(big, { expand })
    mounted = host.wrapper
    const { wrapper, api, memory } = host
    const expands = () => api.callsOf('view.memory').filter((p) => p.expand)
    await wrapper.find('[data-testid="expand-run"]').trigger('click')
    await settle()
    expect(expands()).toEqual([{ sessionId: 's1', expand: { pid: 10, start: BASE * 4096, end: (BASE + 4) * 4096 } }])
    expect(wrapper.findAll('[data-testid="page-row"]')).toHaveLength(4)

    await host.step(changed)
    expect(expands()).toHaveLength(2)
    expect(expands()[1]).toEqual(expands()[0])
    expect(wrapper.findAll('[data-testid="page-row"]')).toHaveLength(4)

    await host.step(split)
    expect(expands()).toHaveLength(2)
    expect(memory.expansions.size).toBe(0)
    expect(wrapper.findAll('[data-testid="page-row"]')).toHaveLength(0)
  })

  it('refuses to expand a range that is not one, without asking the host', async () => {
    const host = await mountMemoryPanel(one)
    mounted = host.wrapper
    expect(await host.memory.expand(10, 8192, 4096)).toContain('is empty or not a range')
    expect(await host.memory.expand(10, 100, 4096)).toContain('page boundaries')
    expect(await host.memory.expand(0, 0, 4096)).toContain('There is no process 0')
    expect(host.api.callsOf('view.memory').filter((p) => p.expand)).toEqual([])
    expect(host.memory.expansions.size).toBe(0)
  })
})
