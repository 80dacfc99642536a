import type { KernelVersion } from './kernel-versions'

/**
 * A lab as the renderer sees it while a learner works through it (issue 7's step panel, issue
 * 8's packs). The host holds the pack; answers, hints, solutions and explanations leave it only
 * when asked for (`labs.answer`, `labs.hint`, `labs.solution`, a passing `labs.check`).
 *
 * Markdown fields are raw Markdown: the renderer renders them with markdown-it and sanitizes the
 * HTML with DOMPurify before it touches the DOM.
 *
 * Types only: no imports from electron/, no DOM, no Node, no zod.
 */

export interface PredictQuestionView {
  id: string
  /** Markdown. */
  prompt: string
  kind: 'choice' | 'value'
  /** The options of a multiple-choice question, in order. */
  choices?: string[]
}

export interface LabStepView {
  id: string
  title: string
  /** Markdown: what to do. */
  task: string
  /** Questions the learner answers before running the step. */
  predict: PredictQuestionView[]
  hintCount: number
  hasSolution: boolean
  /** A C file this step works on (opened in the editor), with its starting content. */
  editorFile?: { path: string; content: string }
}

export interface LabView {
  packId: string
  id: string
  title: string
  kernel: KernelVersion
  /** Markdown items. */
  goals: string[]
  /** Ids of labs (`packId/labId`) to do first. */
  prerequisites: string[]
  steps: LabStepView[]
}

export interface PredictAnswerResult {
  correct: boolean
  /** Markdown: why the answer is right or wrong. */
  explanation: string
  /** The right answer, given once the learner has answered. */
  expected: string
}

export interface CheckResultView {
  id: string
  /** What the check looks for, in words. */
  description: string
  passed: boolean
  /** When it failed: a targeted sentence about what is wrong. */
  message: string
}

export interface StepCheckResult {
  passed: boolean
  results: CheckResultView[]
  /** Markdown shown after success; null while the step has not passed. */
  explanation: string | null
}

export interface StepHint {
  index: number
  count: number
  /** Markdown. */
  text: string
}

export interface StepSolution {
  /** Commands that solve the step, in order, as typed at the prompt. */
  commands: string[]
  /** Files the solution writes (path, content), before the commands run. */
  files: Array<{ path: string; content: string }>
}
