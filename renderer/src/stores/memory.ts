import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { PinlabApiError } from '../../../shared/protocol'
import { diffMemoryViews, type ChangeRecord, type MemoryView } from '../../../shared/view'
import { useApi } from '../api'
import { useSessionStore } from './session'
import { useSelectionStore } from './selection'

/** Pages asked of the host per expand request ("show more" asks for the next chunk). */
export const EXPAND_CHUNK_PAGES = 64
const PAGE = 4096

/** Per-page detail of one run of one process, loaded chunk by chunk. */
export interface RunExpansion {
  pid: number
  /** The run: [start, end) in bytes, page-aligned. */
  start: number
  end: number
  /** Loaded so far: [start, loadedEnd). */
  loadedEnd: number
  /** The host's answers, one per chunk, in address order. */
  chunks: MemoryView[]
  loading: boolean
  /** Why the last request for this run failed, as a sentence; empty otherwise. */
  error: string
}

export function expansionKey(pid: number, start: number, end: number): string {
  return `${pid}:${start}:${end}`
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * The memory picture's data for the session's machine: the current view, the one before it and
 * what changed between them (`diffMemoryViews`), per-page expansions of runs, and the frames other
 * panels highlight.
 *
 * It asks `view.memory` again after every step (`history.changed`), after a reboot
 * (`session.changed`, which also drops the baseline: two machines are not compared) and when the
 * learner presses Refresh. Requests never overlap: events that arrive while one is in flight
 * coalesce into one more request after it.
 */
export const useMemoryStore = defineStore('memory', () => {
  const api = useApi()
  const session = useSessionStore()

  const current = shallowRef<MemoryView | null>(null)
  const previous = shallowRef<MemoryView | null>(null)
  /** What the last step changed: diffMemoryViews(previous, current); empty without a baseline. */
  const changes = shallowRef<ChangeRecord[]>([])
  const loading = ref(false)
  /** The last failure to read the picture, as a sentence; empty otherwise. */
  const error = ref('')
  /** The machine has not booted yet: the picture is asked again at its first output. */
  const waitingForMachine = ref(false)
  const expansions = shallowRef<ReadonlyMap<string, RunExpansion>>(new Map())
  /** pfns another panel (the timeline) points at; rows touching them are marked. */
  const highlighted = shallowRef<ReadonlySet<number>>(new Set())

  const hasBaseline = computed(() => previous.value !== null)

  /** Bumped when the machine changes identity: answers about the old machine are dropped. */
  let machineEpoch = 0
  let inFlight: Promise<void> | null = null
  let again = false

  function setExpansion(key: string, value: RunExpansion | null): void {
    const next = new Map(expansions.value)
    if (value) next.set(key, value)
    else next.delete(key)
    expansions.value = next
  }

  function resetForNewMachine(): void {
    machineEpoch++
    current.value = null
    previous.value = null
    changes.value = []
    expansions.value = new Map()
    error.value = ''
    waitingForMachine.value = false
  }

  async function fetchOnce(): Promise<void> {
    const sessionId = session.sessionId
    if (!sessionId) return
    const epoch = machineEpoch
    loading.value = true
    try {
      const view = await api.request('view.memory', { sessionId })
      if (epoch !== machineEpoch || sessionId !== session.sessionId) return
      const before = current.value
      const diff = before ? diffMemoryViews(before, view) : []
      // The same instant asked twice (a repeated event, Refresh with nothing run) keeps the last
      // step's changes on screen instead of replacing them by "nothing changed".
      if (!(before && diff.length === 0 && before.clock === view.clock)) {
        previous.value = before
        changes.value = diff
      }
      current.value = view
      error.value = ''
      waitingForMachine.value = false
      await reloadExpansions(sessionId, epoch)
    } catch (e) {
      if (epoch !== machineEpoch) return
      if (e instanceof PinlabApiError && e.code === 'unsupported' && current.value === null) {
        waitingForMachine.value = true
        error.value = ''
      } else {
        error.value = `Could not read the memory picture: ${reason(e)}`
      }
    } finally {
      loading.value = false
    }
  }

  /** Asks the host for the picture now; resolves when the answer (and any queued one) is in. */
  function refresh(): Promise<void> {
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = (async () => {
      do {
        again = false
        await fetchOnce()
      } while (again)
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  async function loadChunk(key: string, sessionId: string, epoch: number, from: number, to: number, replace: boolean): Promise<void> {
    const exp = expansions.value.get(key)
    if (!exp) return
    setExpansion(key, { ...exp, loading: true, error: '' })
    try {
      const view = await api.request('view.memory', { sessionId, expand: { pid: exp.pid, start: from, end: to } })
      const now = expansions.value.get(key)
      if (epoch !== machineEpoch || !now) return
      setExpansion(key, { ...now, chunks: replace ? [view] : [...now.chunks, view], loadedEnd: to, loading: false })
    } catch (e) {
      const now = expansions.value.get(key)
      if (epoch !== machineEpoch || !now) return
      setExpansion(key, { ...now, loading: false, error: `Could not load the pages of ${addressRange(exp.start, exp.end)}: ${reason(e)}` })
    }
  }

  /** Open expansions whose run (a PTE run or a holder run) still exists in the new view are asked again; the others close. */
  async function reloadExpansions(sessionId: string, epoch: number): Promise<void> {
    const view = current.value
    if (!view || expansions.value.size === 0) return
    const keep = new Map<string, RunExpansion>()
    for (const [key, exp] of expansions.value) if (runExists(view, exp)) keep.set(key, exp)
    expansions.value = keep
    await Promise.all(
      [...keep].map(([key, exp]) =>
        loadChunk(key, sessionId, epoch, exp.start, Math.max(exp.loadedEnd, Math.min(exp.end, exp.start + EXPAND_CHUNK_PAGES * PAGE)), true)
      )
    )
  }

  function checkRange(pid: number, start: number, end: number): string {
    if (!Number.isSafeInteger(pid) || pid < 1) return `There is no process ${pid}: a pid is a positive whole number.`
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
      return `The range ${start}–${end} is empty or not a range of addresses.`
    }
    if (start % PAGE !== 0 || end % PAGE !== 0) return `The range ${addressRange(start, end)} does not start and end on page boundaries.`
    return ''
  }

  /**
   * Shows per-page rows of the run [start, end) of `pid`: asks the host for its first
   * EXPAND_CHUNK_PAGES pages. Returns a sentence when the request is refused (nothing changes), '' otherwise;
   * a failure of the host's answer is kept as the expansion's `error`.
   */
  async function expand(pid: number, start: number, end: number): Promise<string> {
    const bad = checkRange(pid, start, end)
    if (bad) return bad
    const sessionId = session.sessionId
    if (!sessionId) return 'There is no machine to ask: the session has not started.'
    const key = expansionKey(pid, start, end)
    if (expansions.value.has(key)) return ''
    setExpansion(key, { pid, start, end, loadedEnd: start, chunks: [], loading: false, error: '' })
    await loadChunk(key, sessionId, machineEpoch, start, Math.min(end, start + EXPAND_CHUNK_PAGES * PAGE), false)
    return ''
  }

  /** Loads the next EXPAND_CHUNK_PAGES pages of an open expansion. */
  async function expandMore(pid: number, start: number, end: number): Promise<void> {
    const exp = expansions.value.get(expansionKey(pid, start, end))
    const sessionId = session.sessionId
    if (!exp || !sessionId || exp.loading || exp.loadedEnd >= exp.end) return
    await loadChunk(expansionKey(pid, start, end), sessionId, machineEpoch, exp.loadedEnd, Math.min(exp.end, exp.loadedEnd + EXPAND_CHUNK_PAGES * PAGE), false)
  }

  function collapse(pid: number, start: number, end: number): void {
    setExpansion(expansionKey(pid, start, end), null)
  }

  /**
   * Marks the rows touching these frames (the timeline calls it for an event's pages); replaces
   * the previous highlight. A pfn that is not a non-negative whole number is refused: a RangeError
   * and nothing changes.
   */
  function highlightFrames(pfns: Iterable<number>): void {
    const next = new Set<number>()
    for (const pfn of pfns) {
      if (!Number.isSafeInteger(pfn) || pfn < 0) throw new RangeError(`Cannot highlight frame ${String(pfn)}: a pfn is a non-negative whole number.`)
      next.add(pfn)
    }
    highlighted.value = next
  }

  function clearHighlight(): void {
    if (highlighted.value.size > 0) highlighted.value = new Set()
  }

  const offEvent = api.onEvent((event) => {
    const id = session.sessionId
    if (!id) return
    if (event.event === 'history.changed' && event.payload.sessionId === id && !event.payload.state.busy) void refresh()
    else if (event.event === 'session.changed' && event.payload.sessionId === id) {
      resetForNewMachine()
      void refresh()
    } else if (event.event === 'terminal.output' && event.payload.sessionId === id && waitingForMachine.value) void refresh()
  })
  onScopeDispose(offEvent)

  watch(
    () => session.sessionId,
    (id) => {
      resetForNewMachine()
      if (id) void refresh()
    },
    { immediate: true }
  )

  // The timeline (or any panel) picks frames through the selection store; the picture follows.
  const selection = useSelectionStore()
  watch(
    () => selection.highlightedPfns,
    (pfns) => {
      if (pfns.length === 0) clearHighlight()
      else highlightFrames(pfns.filter((pfn) => Number.isSafeInteger(pfn) && pfn >= 0))
    }
  )

  return {
    current, previous, changes, loading, error, waitingForMachine, expansions, highlighted, hasBaseline,
    refresh, expand, expandMore, collapse, highlightFrames, clearHighlight
  }
})

function addressRange(start: number, end: number): string {
  return `0x${start.toString(16)}–0x${end.toString(16)}`
}

function runExists(view: MemoryView, exp: RunExpansion): boolean {
  const p = view.processes.find((q) => q.pid === exp.pid)
  if (!p) return false
  const first = exp.start / PAGE
  const count = (exp.end - exp.start) / PAGE
  if (p.vmas.some((v) => v.ptes.some((r) => r.first === first && r.count === count && r.present))) return true
  // A holder run's process range (the picture compares device and process page by page).
  return view.holders.some(
    (h) => h.pid === exp.pid && h.va >= 0 && h.pages.some((r) => r.pfn >= 0 && h.va + r.first * PAGE === exp.start && r.count === count)
  )
}
