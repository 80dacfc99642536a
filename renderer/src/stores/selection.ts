import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/**
 * What the learner has picked out across panels: the frames to highlight in the memory picture
 * and the history step in focus. Panels that select (the timeline) write it; panels that show
 * (the memory picture, the step list) read it. It holds no session data of its own, so no panel
 * depends on another panel's store.
 */
export const useSelectionStore = defineStore('selection', () => {
  /** Page frame numbers the memory picture should highlight (empty: none). */
  const highlightedPfns = shallowRef<readonly number[]>([])
  /** The timeline event the highlight came from, if any. */
  const selectedEventId = ref<number | null>(null)
  /** The history step in focus (index into HistoryState.steps), or null. */
  const selectedStep = ref<number | null>(null)

  /** Highlights `pfns` (copied, deduplicated) because timeline event `eventId` was selected. */
  function highlight(pfns: readonly number[], eventId: number | null = null): void {
    highlightedPfns.value = [...new Set(pfns)]
    selectedEventId.value = eventId
  }

  /** Puts step `index` in focus (-1 or null: none). */
  function selectStep(index: number | null): void {
    selectedStep.value = index === null || index < 0 ? null : index
  }

  function clear(): void {
    highlightedPfns.value = []
    selectedEventId.value = null
    selectedStep.value = null
  }

  return { highlightedPfns, selectedEventId, selectedStep, highlight, selectStep, clear }
})
