/**
 * A learner's progress through the labs (issue 7's persistence), as plain data. The schema and
 * its migrations live with the store on the host (electron/host/persistence/).
 *
 * Types only: no imports from electron/, no DOM, no Node, no zod.
 */

export const PROGRESS_VERSION = 1

export interface LabProgress {
  /** Ids of the steps whose checks passed. */
  completedSteps: string[]
  /** Predict-first answers by question id (`stepId/questionId`). */
  answers: Record<string, string>
  /** How many hints were revealed, by step id. */
  hintsShown: Record<string, number>
  /** Steps whose solution the learner chose to see. */
  solutionShown: string[]
  completed: boolean
  /** ISO time of the last change. */
  updatedAt: string
}

export interface Progress {
  version: typeof PROGRESS_VERSION
  /** By `packId/labId`. */
  labs: Record<string, LabProgress>
}
