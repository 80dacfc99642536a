import { isKernelVersion } from '../../../shared/kernel-versions'
import { SESSION_RECORD_VERSION } from '../../../shared/history'
import type { HistoryLimits } from './session-history'

const STEP_KINDS = new Set(['command', 'hidden', 'write-file'])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * Checks that `record` (from a saved file, so possibly damaged or hostile) is a SessionRecord
 * this host can replay within `limits`. Returns the sentence saying what is wrong, or null.
 * Only the shape replay depends on is checked; the commands themselves are as harmless as typing.
 */
export function sessionRecordProblem(record: unknown, limits: HistoryLimits): string | null {
  if (!isObject(record)) return 'A saved history is an object.'
  if (record.version !== SESSION_RECORD_VERSION) {
    return `This history was saved by another PinLab version (format ${String(record.version)}); it cannot be replayed.`
  }
  if (typeof record.kernel !== 'string' || !isKernelVersion(record.kernel)) return `The history's kernel ${String(record.kernel)} is not one this PinLab runs.`
  if (!Number.isInteger(record.seed) || (record.seed as number) < 0) return "The history's seed is not a whole number."
  if (record.user !== 'root' && record.user !== 'student') return "The history's user is neither root nor student."
  if (typeof record.banner !== 'string') return "The history's banner is missing."
  if (!Array.isArray(record.steps)) return "The history's steps are missing."
  if (record.steps.length > limits.maxSteps) return `The history has ${record.steps.length} steps; at most ${limits.maxSteps} can be replayed.`
  if (!Number.isInteger(record.position) || (record.position as number) < 0 || (record.position as number) > record.steps.length) {
    return `The history's position ${String(record.position)} is outside its ${record.steps.length} steps.`
  }
  for (const [index, step] of record.steps.entries()) {
    const where = `Step ${index + 1} of the history`
    if (!isObject(step) || typeof step.kind !== 'string' || !STEP_KINDS.has(step.kind)) return `${where} is not a command, a hidden command or a saved file.`
    if (typeof step.command !== 'string' || step.command === '') return `${where} has no command.`
    if (typeof step.clock !== 'number' || !Number.isFinite(step.clock) || step.clock < 0) return `${where} has no valid clock.`
    if (typeof step.kernel !== 'string' || !isKernelVersion(step.kernel)) return `${where} names an unknown kernel.`
    if (step.kind === 'write-file' && (typeof step.content !== 'string' || !step.command.startsWith('/'))) return `${where} is a saved file without an absolute path or content.`
    if (!Array.isArray(step.inputs) || step.inputs.length > limits.maxStepInputs) return `${where} has no valid keystrokes.`
    for (const input of step.inputs) {
      if (!isObject(input) || typeof input.data !== 'string' || typeof input.clock !== 'number' || !Number.isFinite(input.clock)) return `${where} has a damaged keystroke.`
    }
    if (typeof step.output !== 'string' || typeof step.fence !== 'boolean') return `${where} is damaged.`
    if (step.exitStatus !== null && !Number.isInteger(step.exitStatus)) return `${where} has a damaged exit status.`
  }
  return null
}
