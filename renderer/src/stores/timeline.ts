import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { HistoryState } from '../../../shared/history'
import { TIMELINE_CATEGORIES, type TimelineCategory, type TimelineEvent } from '../../../shared/timeline'
import { useApi } from '../api'
import { useSessionStore } from './session'

/** Events the store keeps at most (the panel renders fewer; older ones are dropped first). */
export const TIMELINE_KEEP = 1000

/** Events one request asks for. */
const PAGE_LIMIT = 500

/**
 * The event timeline of the current session: the kernel events the host logged (`trace.events`),
 * filtered by category, and the history state (`history.changed`) that names the steps.
 *
 * It refreshes when a step ends (history.changed), when the machine is replaced
 * (session.changed) and when the filter changes. A refresh asks only for events after the last
 * one it has, so a long session costs one small request per step; a filter change reloads.
 */
export const useTimelineStore = defineStore('timeline', () => {
  const api = useApi()
  const session = useSessionStore()

  const events = shallowRef<TimelineEvent[]>([])
  /** Categories shown; all of them at first. */
  const categories = ref<TimelineCategory[]>([...TIMELINE_CATEGORIES])
  const history = shallowRef<HistoryState | null>(null)
  /** Events the host has forgotten (its log is bounded) plus those this store let go. */
  const dropped = ref(0)
  const loading = ref(false)
  /** The last failure as a sentence; empty otherwise. */
  const error = ref('')
  /** A sentence for screen readers after each refresh that brought something new. */
  const announcement = ref('')

  const allCategories = computed(() => categories.value.length === TIMELINE_CATEGORIES.length)

  let running: Promise<void> | null = null
  let again = false
  /** Bumped on reload and session change: answers to older requests are ignored. */
  let generation = 0
  /** Events this store skipped (more new ones than a page) or let go (over TIMELINE_KEEP). */
  let skippedHere = 0

  /** Fetches the events after the newest one held (everything on a fresh start). */
  async function refresh(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    const asked = generation
    const run = (async () => {
      do {
        again = false
        await fetchNew()
      } while (again && asked === generation)
    })()
    running = run
    // fetchNew never rejects; this only clears the slot when this run is still the current one.
    void run.finally(() => {
      if (running === run) running = null
    })
    return run
  }

  async function fetchNew(): Promise<void> {
    const sessionId = session.sessionId
    if (!sessionId) return
    const asked = generation
    const held = events.value
    const afterId = held.length ? held[held.length - 1]!.id : undefined
    loading.value = true
    try {
      const page = await api.request('trace.events', {
        sessionId,
        ...(allCategories.value ? {} : { categories: [...categories.value] }),
        ...(afterId !== undefined ? { afterId } : {}),
        limit: PAGE_LIMIT
      })
      if (asked !== generation || sessionId !== session.sessionId) return
      const merged = held.concat(page.events)
      const overflow = Math.max(0, merged.length - TIMELINE_KEEP)
      events.value = overflow ? merged.slice(overflow) : merged
      skippedHere += page.total - page.events.length + overflow
      dropped.value = page.dropped + skippedHere
      error.value = ''
      if (page.events.length) {
        announcement.value = `${page.events.length} new kernel ${page.events.length === 1 ? 'event' : 'events'} in the timeline.`
      }
    } catch (e) {
      if (asked === generation) error.value = `Could not load the event timeline: ${e instanceof Error ? e.message : String(e)}`
    } finally {
      if (asked === generation) loading.value = false
    }
  }

  /** Forgets what is held and loads again (filter change, another session). */
  function reload(): Promise<void> {
    generation++
    events.value = []
    dropped.value = 0
    skippedHere = 0
    loading.value = false
    again = false
    running = null
    return refresh()
  }

  function toggleCategory(category: TimelineCategory): Promise<void> {
    const on = categories.value.includes(category)
    // Turning the last one off would show nothing; it means "all" instead.
    const next = on ? categories.value.filter((c) => c !== category) : [...categories.value, category]
    categories.value = next.length ? TIMELINE_CATEGORIES.filter((c) => next.includes(c)) : [...TIMELINE_CATEGORIES]
    return reload()
  }

  function showAllCategories(): Promise<void> {
    categories.value = [...TIMELINE_CATEGORIES]
    return reload()
  }

  /** The words for a step header: `Step 3: ./cow`, or the boot/idle group. */
  function stepLabel(step: number): string {
    if (step < 0) return 'Boot and idle time'
    const summary = history.value?.steps[step]
    return summary ? `Step ${step + 1}: ${summary.label}` : `Step ${step + 1}`
  }

  const offEvent = api.onEvent((event) => {
    if (event.event === 'history.changed' && event.payload.sessionId === session.sessionId) {
      history.value = event.payload.state
      void refresh()
    } else if (event.event === 'session.changed' && event.payload.sessionId === session.sessionId) {
      void refresh()
    }
  })
  onScopeDispose(offEvent)

  watch(
    () => session.sessionId,
    (id, before) => {
      if (id === before) return
      history.value = null
      if (id) void reload()
      else {
        generation++
        events.value = []
      }
    }
  )

  return {
    events,
    categories,
    history,
    dropped,
    loading,
    error,
    announcement,
    allCategories,
    refresh,
    reload,
    toggleCategory,
    showAllCategories,
    stepLabel
  }
})
