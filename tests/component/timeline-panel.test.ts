import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { PinlabApiError, type Params } from '../../shared/protocol'
import type { HistoryState } from '../../shared/history'
import type { TimelineCategory, TimelineEvent, TimelinePage } from '../../shared/timeline'
import TimelinePanel from '../../renderer/src/components/timeline/TimelinePanel.vue'
import { useSessionStore } from '../../renderer/src/stores/session'
import { useSelectionStore } from '../../renderer/src/stores/selection'
import { mountWithFakeHost, settle } from './fakes/mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

function event(id: number, category: TimelineCategory, step: number, pfns: number[] = []): TimelineEvent {
  return { id, step, time: id * 1000, pid: 100, category, type: category === 'cow' ? 'cow' : 'fault', summary: `event number ${id}`, pfns }
}

/** A host log the fake answers trace.events from, with the real filters. */
function fakeLog(log: TimelineEvent[]) {
  return (p: Params<'trace.events'>): TimelinePage => {
    const matching = log.filter(
      (e) => (p.afterId === undefined || e.id > p.afterId) && (!p.categories || p.categories.includes(e.category)) && (p.step === undefined || e.step === p.step)
    )
    const limit = p.limit ?? 500
    return { events: matching.slice(Math.max(0, matching.length - limit)), total: matching.length, dropped: 0 }
  }
}

async function mountPanel(log: TimelineEvent[], failWith?: string) {
  const { wrapper, api } = await mountWithFakeHost({
    component: TimelinePanel,
    handlers: {
      'trace.events': (p) => {
        if (failWith) throw new PinlabApiError('no-session', failWith)
        return fakeLog(log)(p)
      }
    }
  })
  mounted = wrapper
  await useSessionStore().create({})
  await settle()
  return { wrapper, api }
}

const HISTORY: HistoryState = {
  sessionId: 's1',
  steps: [
    { index: 0, kind: 'command', label: 'cc cow.c', kernel: '6.18', exitStatus: 0, fence: false },
    { index: 1, kind: 'command', label: './a.out', kernel: '6.18', exitStatus: 0, fence: false }
  ],
  position: 2,
  canUndo: true,
  canRedo: false,
  busy: false
}

describe('TimelinePanel', () => {
  it('lists the session’s events, newest last, and filters them with toggle chips', async () => {
    const log = [event(1, 'fault', -1), event(2, 'cow', 0), event(3, 'fault', 0)]
    const { wrapper, api } = await mountPanel(log)
    const ids = () => wrapper.findAll('[data-event-id]').map((b) => Number(b.attributes('data-event-id')))
    expect(ids()).toEqual([1, 2, 3])
    expect(api.callsOf('trace.events')[0]).toEqual({ sessionId: 's1', limit: 500 })

    const faultChip = wrapper.get('button[data-category="fault"]')
    expect(faultChip.attributes('aria-pressed')).toBe('true')
    await faultChip.trigger('click')
    await settle()
    expect(faultChip.attributes('aria-pressed')).toBe('false')
    expect(api.callsOf('trace.events').at(-1)!.categories).not.toContain('fault')
    expect(ids()).toEqual([2])

    await wrapper.get('button.chip-all').trigger('click')
    await settle()
    expect(ids()).toEqual([1, 2, 3])
  })

  it('groups events under their history step once history state arrives, and fetches only what is new', async () => {
    const log = [event(1, 'fault', -1), event(2, 'cow', 0)]
    const { wrapper, api } = await mountPanel(log)
    expect(wrapper.findAll('.group-title')).toHaveLength(0)
    log.push(event(3, 'fault', 1), event(4, 'cow', 1))
    api.emit('history.changed', { sessionId: 's1', state: HISTORY })
    await settle()
    expect(api.callsOf('trace.events').at(-1)!.afterId).toBe(2)
    expect(wrapper.findAll('.group-title').map((h) => h.text())).toEqual(['Boot and idle time', 'Step 1: cc cow.c', 'Step 2: ./a.out'])
    expect(wrapper.findAll('[data-event-id]')).toHaveLength(4)
    // A step header selects its step for the other panels; the boot group has no step to select.
    const headers = wrapper.findAll('.group-title button')
    expect(headers[0]!.attributes('disabled')).toBeDefined()
    await headers[2]!.trigger('click')
    expect(useSelectionStore().selectedStep).toBe(1)
    expect(headers[2]!.attributes('aria-pressed')).toBe('true')
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('2 new kernel events in the timeline.')
    // Another session's history is not ours.
    api.emit('history.changed', { sessionId: 's9', state: { ...HISTORY, sessionId: 's9', steps: [] } })
    await settle()
    expect(wrapper.findAll('.group-title').map((h) => h.text())).toContain('Step 2: ./a.out')
  })

  it('choosing an event highlights its frames through the selection store', async () => {
    const { wrapper } = await mountPanel([event(1, 'cow', 0, [0x1234, 0x1240]), event(2, 'fault', 0)])
    const selection = useSelectionStore()
    const button = wrapper.get('[data-event-id="1"]')
    expect(button.element.tagName).toBe('BUTTON')
    // Its name is its visible text (WCAG 2.5.3 label in name) plus words for screen readers.
    expect(button.attributes('aria-label')).toBeUndefined()
    expect(button.text()).toContain('event number 1')
    expect(button.find('.visually-hidden').text()).toMatch(/:\s*$/)
    expect(button.text()).toContain('2 frames')
    await button.trigger('click')
    expect(selection.highlightedPfns).toEqual([0x1234, 0x1240])
    expect(selection.selectedStep).toBe(0)
    expect(button.attributes('aria-pressed')).toBe('true')
    await button.trigger('click')
    expect(selection.highlightedPfns).toEqual([])
    expect(button.attributes('aria-pressed')).toBe('false')
  })

  it('keeps the DOM bounded and shows earlier events on request', async () => {
    const log = Array.from({ length: 250 }, (_, i) => event(i + 1, 'fault', -1))
    const { wrapper } = await mountPanel(log)
    expect(wrapper.findAll('[data-event-id]')).toHaveLength(100)
    expect(wrapper.find('[data-event-id="250"]').exists()).toBe(true)
    expect(wrapper.find('[data-event-id="150"]').exists()).toBe(false)
    await wrapper.get('[data-testid="timeline-earlier"]').trigger('click')
    expect(wrapper.findAll('[data-event-id]')).toHaveLength(200)
    await wrapper.get('[data-testid="timeline-earlier"]').trigger('click')
    expect(wrapper.findAll('[data-event-id]')).toHaveLength(250)
    expect(wrapper.find('[data-testid="timeline-earlier"]').exists()).toBe(false)
  })

  it('says why when the host refuses', async () => {
    const { wrapper } = await mountPanel([], 'There is no open session s1.')
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not load the event timeline: There is no open session s1.')
  })
})
