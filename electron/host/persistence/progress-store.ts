import { z } from 'zod'
import { PinlabApiError } from '../../../shared/protocol'
import { PROGRESS_VERSION, type LabProgress, type Progress } from '../../../shared/progress'
import { DocumentError, describeError, loadDocument, migrateDocument, saveDocument, type DocumentSpec, type ProfileProblems } from './document'
import type { ProfileStore } from './profile-store'

/** A progress file (stored or imported) is at most this many bytes of UTF-8. */
export const MAX_PROGRESS_BYTES = 192 * 1024
/** Labs one progress document may track; far more than any catalog holds. */
export const MAX_TRACKED_LABS = 500
const MAX_STEPS_PER_LAB = 200
const MAX_ANSWER_LENGTH = 2000

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'an id is letters, digits, ".", "_" or "-" (at most 64)')
/** `packId/labId`. */
export const LabKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a lab key looks like packId/labId')
/** `stepId/questionId`. */
const AnswerKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'an answer key looks like stepId/questionId')

function boundedRecord<V extends z.ZodType>(key: z.ZodType<string>, value: V, max: number) {
  return z.record(key, value).refine((r) => Object.keys(r).length <= max, `at most ${max} entries`)
}

export const LabProgressSchema = z
  .object({
    completedSteps: z.array(Id).max(MAX_STEPS_PER_LAB),
    answers: boundedRecord(AnswerKey, z.string().max(MAX_ANSWER_LENGTH), MAX_STEPS_PER_LAB * 4),
    hintsShown: boundedRecord(Id, z.number().int().min(0).max(100), MAX_STEPS_PER_LAB),
    solutionShown: z.array(Id).max(MAX_STEPS_PER_LAB),
    completed: z.boolean(),
    updatedAt: z.iso.datetime()
  })
  .strict()

export const ProgressSchema = z
  .object({
    version: z.literal(PROGRESS_VERSION),
    labs: boundedRecord(LabKeySchema, LabProgressSchema, MAX_TRACKED_LABS)
  })
  .strict()

/** A `progress.update` patch: any fields of a lab's progress except the time, which the host sets. */
export const LabProgressPatchSchema = LabProgressSchema.omit({ updatedAt: true }).partial().extend({ updatedAt: z.string().optional() }).strict()

// The schema and the shared type must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const progressSchemaMatchesType: Same<z.infer<typeof ProgressSchema>, Progress> = true
const labSchemaMatchesType: Same<z.infer<typeof LabProgressSchema>, LabProgress> = true
void progressSchemaMatchesType
void labSchemaMatchesType

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`)
  return value as Record<string, unknown>
}

/**
 * Version 0 is the format of the 0.0.x prototype: no `version` field, per lab
 * `{ done: string[], answers, hints: {stepId: n}, finished: boolean, updated: epoch ms }`, no
 * record of solutions shown. Version 1 renames the fields, records solutions, and stores the time
 * as an ISO string.
 */
function progressV0toV1(document: Record<string, unknown>): Record<string, unknown> {
  const labs = asObject(document.labs ?? {}, 'labs')
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(labs)) {
    const lab = asObject(value, `lab ${key}`)
    const updated = lab.updated
    if (typeof updated !== 'number' || !Number.isFinite(updated) || Math.abs(updated) > 8.64e15) {
      throw new Error(`lab ${key} has no valid "updated" time`)
    }
    out[key] = {
      completedSteps: lab.done ?? [],
      answers: lab.answers ?? {},
      hintsShown: lab.hints ?? {},
      solutionShown: [],
      completed: lab.finished ?? false,
      updatedAt: new Date(updated).toISOString()
    }
  }
  return { version: 1, labs: out }
}

export const PROGRESS_DOCUMENT: DocumentSpec<Progress> = {
  name: 'progress',
  label: 'progress file',
  currentVersion: PROGRESS_VERSION,
  migrations: { 0: progressV0toV1 },
  schema: ProgressSchema,
  defaults: () => ({ version: PROGRESS_VERSION, labs: {} }),
  maxBytes: MAX_PROGRESS_BYTES
}

function emptyLab(now: string): LabProgress {
  return { completedSteps: [], answers: {}, hintsShown: {}, solutionShown: [], completed: false, updatedAt: now }
}

/**
 * The learner's progress through the labs (`progress.get/update/export/import`). Every change is
 * validated as a whole document before it is written, and written before it is shown, so what
 * the renderer sees is what is on disk.
 */
export class ProgressStore {
  private _progress: Progress

  constructor(
    private readonly _store: ProfileStore,
    problems: ProfileProblems,
    private readonly _now: () => Date = () => new Date()
  ) {
    this._progress = loadDocument(_store, PROGRESS_DOCUMENT, problems)
  }

  get(): Progress {
    return structuredClone(this._progress)
  }

  /** Replaces the given fields of one lab's progress (a new lab starts empty) and stamps the time. */
  update(labKey: string, patch: Partial<LabProgress>): Progress {
    if (!LabKeySchema.safeParse(labKey).success) {
      throw new PinlabApiError('invalid-params', `${JSON.stringify(labKey)} is not a lab key (packId/labId).`)
    }
    const now = this._now().toISOString()
    const { updatedAt: _ignored, ...fields } = patch
    void _ignored
    const labs = { ...this._progress.labs, [labKey]: { ...(this._progress.labs[labKey] ?? emptyLab(now)), ...fields, updatedAt: now } }
    const next = ProgressSchema.safeParse({ version: PROGRESS_VERSION, labs })
    if (!next.success) {
      const issue = next.error.issues[0]
      throw new PinlabApiError('invalid-params', `That progress change is refused (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); nothing changed.`)
    }
    this._commit(next.data)
    return this.get()
  }

  /** The progress as a file to download: `pinlab-progress-YYYY-MM-DD.json`. */
  export(): { fileName: string; content: string } {
    const day = this._now().toISOString().slice(0, 10)
    return { fileName: `pinlab-progress-${day}.json`, content: JSON.stringify(this._progress, null, 2) + '\n' }
  }

  /**
   * Replaces the progress with an exported file's. Everything is checked first — size, JSON,
   * version (older versions are migrated), schema — and a file that fails any check is refused
   * with a sentence saying why; the stored progress is then exactly as before.
   */
  import(content: string): Progress {
    const next = parseProgressFile(content)
    this._commit(next)
    return this.get()
  }

  private _commit(next: Progress): void {
    try {
      saveDocument(this._store, PROGRESS_DOCUMENT, next)
    } catch (error) {
      throw new PinlabApiError('internal', `Your progress could not be saved (${describeError(error)}); nothing changed.`)
    }
    this._progress = next
  }
}

/** Checks an imported progress file; throws a PinlabApiError with a sentence when it is refused. */
export function parseProgressFile(content: string): Progress {
  const bytes = Buffer.byteLength(content, 'utf8')
  if (bytes > MAX_PROGRESS_BYTES) {
    throw new PinlabApiError('too-large', `That file is ${Math.ceil(bytes / 1024)} KB; a progress file is at most ${MAX_PROGRESS_BYTES / 1024} KB. Nothing was imported.`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(content)
  } catch {
    throw new PinlabApiError('invalid-params', 'That file is not a PinLab progress file (it is not JSON). Nothing was imported.')
  }
  try {
    return migrateDocument(PROGRESS_DOCUMENT, raw)
  } catch (error) {
    const reason = error instanceof DocumentError ? error.reason : describeError(error)
    throw new PinlabApiError('invalid-params', `That file is not a usable PinLab progress file: ${reason}. Nothing was imported.`)
  }
}
