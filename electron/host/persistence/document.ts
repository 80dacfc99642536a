import type { z } from 'zod'
import { UnreadableDocumentError, type ProfileStore } from './profile-store'

/**
 * One versioned document of the profile: how to recognise its version, how to bring an older
 * version up to date, and the schema the current version must satisfy.
 *
 * Migrations are a table `from version n → version n+1`, run one after the other, and are the
 * same for every ProfileStore (files and electron-store), for files an import hands in, and for
 * the tests. A document newer than this build (written by a later PinLab) is refused rather than
 * guessed at.
 */
export interface DocumentSpec<T> {
  /** The ProfileStore name (`settings`, `progress`, `machine-freeplay`). */
  name: string
  /** Words for sentences: "the settings file", "the progress file". */
  label: string
  currentVersion: number
  /** `migrations[n]` turns a version-n document into a version n+1 one. */
  migrations: Readonly<Record<number, (document: Record<string, unknown>) => Record<string, unknown>>>
  /** Validates (and may normalise) a current-version document. */
  schema: z.ZodType<T>
  /** What is used while there is no (readable) document. */
  defaults(): T
  /** Larger stored documents are refused unread. */
  maxBytes: number
}

/** A document that cannot be used, with the reason as words that finish "…could not be read (…)". */
export class DocumentError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'DocumentError'
  }
}

/** The version a stored document says it has: its `version` field, 0 when it has none. */
export function versionOf(document: Record<string, unknown>): number {
  return document.version === undefined ? 0 : (document.version as number)
}

/**
 * Brings a parsed document to the current version and validates it. Throws a `DocumentError`
 * (never anything else) when it is not an object, has an impossible or future version, a
 * migration cannot apply, or the result breaks the schema.
 */
export function migrateDocument<T>(spec: DocumentSpec<T>, raw: unknown): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DocumentError('it is not a JSON object')
  let document = raw as Record<string, unknown>
  let version = versionOf(document)
  if (!Number.isInteger(version) || version < 0) throw new DocumentError('its version is not a whole number')
  if (version > spec.currentVersion) {
    throw new DocumentError(`it is version ${version}, written by a newer PinLab (this one reads up to version ${spec.currentVersion})`)
  }
  while (version < spec.currentVersion) {
    const migrate = spec.migrations[version]
    if (!migrate) throw new DocumentError(`there is no way to upgrade version ${version}`)
    try {
      document = migrate(document)
    } catch (error) {
      throw new DocumentError(`upgrading it from version ${version} failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    version++
  }
  const parsed = spec.schema.safeParse(document)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : ''
    throw new DocumentError(`values out of range or missing${where}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

/**
 * Collects the problems found in the profile (a damaged file set aside, a save that failed) so
 * the renderer can show them (`profile.problems`). Nothing here is ever silently dropped.
 */
export class ProfileProblems {
  private readonly _problems: string[] = []

  report(problem: string): void {
    this._problems.push(problem)
  }

  list(): string[] {
    return [...this._problems]
  }
}

/**
 * Reads a document for use: migrated and validated, or — when it exists but cannot be used —
 * moved aside (kept as `….corrupt-<n>`), reported, and replaced by the defaults in memory. It is
 * never silently reset: the learner is told where the old file went.
 */
export function loadDocument<T>(store: ProfileStore, spec: DocumentSpec<T>, problems: ProfileProblems): T {
  let raw: unknown
  try {
    raw = store.read(spec.name, { maxBytes: spec.maxBytes })
    if (raw === undefined) return spec.defaults()
    return migrateDocument(spec, raw)
  } catch (error) {
    const reason = error instanceof DocumentError || error instanceof UnreadableDocumentError ? error.reason : describeError(error)
    const location = store.locationOf(spec.name)
    let kept: string
    try {
      kept = `it was kept as ${store.setAside(spec.name)}`
    } catch (asideError) {
      kept = `it could not be moved aside either (${describeError(asideError)}) and is left as it was`
    }
    problems.report(`The ${spec.label} ${location} could not be read (${reason}); ${kept} and the defaults are in use.`)
    return spec.defaults()
  }
}

/** Validates and writes a current-version document; a value breaking the schema is never written. */
export function saveDocument<T>(store: ProfileStore, spec: DocumentSpec<T>, value: T): T {
  const parsed = spec.schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`the ${spec.label} would not be valid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`)
  }
  store.write(spec.name, parsed.data)
  return parsed.data
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
