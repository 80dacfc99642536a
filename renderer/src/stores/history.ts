import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { HistoryState } from '../../../shared/history'
import { PinlabApiError } from '../../../shared/protocol'
import { useApi } from '../api'
import { useSessionStore } from './session'

/**
 * Time travel for the window's session: the host's HistoryState (kept current from
 * `history.changed`) and the undo / redo / goto / branch actions. A refused action leaves its
 * sentence in `error` (shown and announced by HistoryBar); nothing else changes.
 */
export const useHistoryStore = defineStore('history', () => {
  const api = useApi()
  const session = useSessionStore()

  const state = shallowRef<HistoryState | null>(null)
  /** An action of ours is on its way (the host will also say busy in its state). */
  const pending = ref(false)
  const error = ref('')
  /** What the last restore did, for the polite live region ("Restored: after step 2 of 5: ls"). */
  const announcement = ref('')

  const steps = computed(() => state.value?.steps ?? [])
  const position = computed(() => state.value?.position ?? 0)
  const busy = computed(() => pending.value || (state.value?.busy ?? false))
  const canUndo = computed(() => !busy.value && (state.value?.canUndo ?? false))
  const canRedo = computed(() => !busy.value && (state.value?.canRedo ?? false))
  /** How many steps typing now would discard (the future after the position). */
  const futureCount = computed(() => Math.max(0, steps.value.length - position.value))

  /** Words for a position: "at the start" or "after step 3 of 7: ./cow". */
  function describe(at: number): string {
    const all = steps.value
    if (all.length === 0) return 'no steps recorded yet'
    if (at <= 0) return `at the start, before step 1 of ${all.length}`
    const step = all[at - 1]
    return `after step ${at} of ${all.length}${step ? `: ${step.label}` : ''}`
  }

  const offEvent = api.onEvent((event) => {
    if (event.event === 'history.changed' && event.payload.sessionId === session.sessionId) state.value = event.payload.state
  })
  onScopeDispose(offEvent)

  watch(
    () => session.sessionId,
    (id) => {
      state.value = null
      error.value = ''
      if (id) void refresh()
    },
    { immediate: true }
  )

  async function refresh(): Promise<void> {
    const sessionId = session.sessionId
    if (!sessionId) return
    try {
      const answer = await api.request('history.get', { sessionId })
      if (sessionId === session.sessionId) state.value = answer
    } catch (e) {
      error.value = sentence(e)
    }
  }

  async function act(run: (sessionId: string) => Promise<HistoryState>): Promise<boolean> {
    const sessionId = session.sessionId
    if (!sessionId || pending.value) return false
    pending.value = true
    error.value = ''
    try {
      const answer = await run(sessionId)
      if (sessionId === session.sessionId) state.value = answer
      announcement.value = `Restored: ${describe(answer.position)}.`
      return true
    } catch (e) {
      error.value = sentence(e)
      return false
    } finally {
      pending.value = false
    }
  }

  const undo = () => act((sessionId) => api.request('history.undo', { sessionId }))
  const redo = () => act((sessionId) => api.request('history.redo', { sessionId }))
  const goto = (target: number) => act((sessionId) => api.request('history.goto', { sessionId, position: target }))

  /** Discards the redo future so typing may start a new branch. */
  async function branch(): Promise<boolean> {
    const sessionId = session.sessionId
    if (!sessionId) return false
    error.value = ''
    try {
      const answer = await api.request('history.branch', { sessionId })
      if (sessionId === session.sessionId) state.value = answer
      return true
    } catch (e) {
      error.value = sentence(e)
      return false
    }
  }

  return { state, steps, position, busy, pending, canUndo, canRedo, futureCount, error, announcement, describe, refresh, undo, redo, goto, branch }
})

function sentence(e: unknown): string {
  if (e instanceof PinlabApiError) return e.message
  return e instanceof Error ? e.message : String(e)
}
