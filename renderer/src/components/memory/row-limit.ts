import { computed, ref, type ComputedRef, type Ref } from 'vue'

/**
 * Rows a list draws before its "Show more" button: the DOM stays a few hundred rows however many
 * runs a view has (a view may hold 20,000), and the learner asks for more when they want them.
 */
export const ROWS_PER_PAGE = 50

export interface RowLimit {
  limit: Ref<number>
  /** Rows not drawn yet. */
  hidden: ComputedRef<number>
  more(): void
}

export function useRowLimit(total: () => number, step = ROWS_PER_PAGE): RowLimit {
  const limit = ref(step)
  const hidden = computed(() => Math.max(0, total() - limit.value))
  return { limit, hidden, more: () => void (limit.value += step) }
}
