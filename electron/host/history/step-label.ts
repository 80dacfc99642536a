import type { StepRecord } from '../../../shared/history'

/** Longest label the step list shows; longer commands end in an ellipsis. */
export const MAX_STEP_LABEL = 60

/**
 * The words the step list and the scrubber show for a step: the command's first line for a
 * command, `saved PATH` for an editor save, `lab setup: COMMAND` for a hidden step.
 */
export function stepLabel(step: Pick<StepRecord, 'kind' | 'command'>): string {
  const firstLine = step.command.split('\n', 1)[0]!.trim()
  const multiLine = step.command.includes('\n')
  const text = step.kind === 'write-file' ? `saved ${firstLine}` : step.kind === 'hidden' ? `lab setup: ${firstLine}` : firstLine
  const full = multiLine && step.kind !== 'write-file' ? `${text} …` : text
  return full.length > MAX_STEP_LABEL ? `${full.slice(0, MAX_STEP_LABEL - 1)}…` : full
}
