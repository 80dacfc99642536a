/**
 * The event timeline (issue 7): the kernel's trace stream as the renderer lists it, each event
 * tagged with the history step that caused it and the frames it touched.
 *
 * Types and pure helpers only: no imports from electron/, no DOM, no Node, no zod.
 */

/** The filter groups the timeline offers. */
export const TIMELINE_CATEGORIES = ['fault', 'cow', 'gup', 'fork', 'dma', 'notifier', 'file', 'oops', 'other'] as const
export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number]

export interface TimelineEvent {
  /** Dense and increasing within a session (it survives reboots, unlike the kernel's seq). */
  id: number
  /** Index of the history step whose run emitted it; -1 for boot and idle time. */
  step: number
  /** Virtual time (ns). */
  time: number
  pid: number
  category: TimelineCategory
  /** The trace event type (electron/kernel/kernel/trace.ts), e.g. `cow`, `pin`, `ib_mr`. */
  type: string
  /** One sentence, e.g. `write fault at 0x7f0000001000 copied pfn 0x1234 to 0x1240 (COW)`. */
  summary: string
  /** The frames the event touched (capped at 64), for highlighting in the memory picture. */
  pfns: number[]
  /** The user address it concerns, when there is one. */
  addr?: number
}

export interface TimelinePage {
  events: TimelineEvent[]
  /** Events matching the query, including those not returned (beyond `limit`). */
  total: number
  /** Events the bounded log has forgotten (the oldest go first). */
  dropped: number
}
