import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import { PinlabApiError, type Params, type SessionInfo } from '../../../shared/protocol'
import { useApi, type ConnectionState } from '../api'

/** The one machine this window shows, and whether the host is reachable at all. */
export const useSessionStore = defineStore('session', () => {
  const api = useApi()

  const info = ref<SessionInfo | null>(null)
  const connection = ref<ConnectionState>(api.connection)
  const lostReason = ref(api.lostReason)
  /** The exit status once the session's shell has ended; null while it runs. */
  const exitStatus = ref<number | null>(null)
  /** Why the last `session.create` failed, as a sentence; empty otherwise. */
  const error = ref('')

  const kernel = computed(() => info.value?.kernel ?? null)
  const sessionId = computed(() => info.value?.sessionId ?? null)

  const offConnection = api.onConnectionChange((state) => {
    connection.value = state
    lostReason.value = api.lostReason
  })
  const offEvent = api.onEvent((event) => {
    if (event.event === 'session.exited' && event.payload.sessionId === info.value?.sessionId) {
      exitStatus.value = event.payload.status
    }
    if (event.event === 'session.changed' && event.payload.sessionId === info.value?.sessionId) {
      info.value = event.payload
    }
  })
  onScopeDispose(() => {
    offConnection()
    offEvent()
  })

  async function create(params: Params<'session.create'> = {}): Promise<SessionInfo> {
    error.value = ''
    try {
      const created = await api.request('session.create', params)
      info.value = created
      exitStatus.value = null
      return created
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      throw e
    }
  }

  /**
   * The window's machine: the saved free-play machine when there is one (its steps replayed, so
   * files and terminal come back after a restart), else a fresh one; either way kept saved after
   * each step. A host that keeps no profile gets a plain session.
   */
  async function createFreePlay(params: Params<'session.create'> = {}): Promise<SessionInfo> {
    let saved = false
    try {
      saved = (await api.request('machine.saved', {})).exists
    } catch {
      // No profile on this host (or it could not be read): a plain session below.
    }
    try {
      return await create({ ...params, persist: true, ...(saved ? { restore: 'freeplay' as const } : {}) })
    } catch (e) {
      if (!(e instanceof PinlabApiError) || e.code !== 'unsupported') throw e
      return create(params)
    }
  }

  async function close(): Promise<void> {
    const id = info.value?.sessionId
    if (!id) return
    info.value = null
    exitStatus.value = null
    try {
      await api.request('session.close', { sessionId: id })
    } catch {
      // The host drops sessions with the connection; nothing left to close.
    }
  }

  return { info, connection, lostReason, exitStatus, error, kernel, sessionId, create, createFreePlay, close }
})
