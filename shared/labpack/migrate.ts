import { PACK_FORMAT } from './schema'

/**
 * Upgrades of older pack documents to the current format. `MIGRATIONS[n]` turns a format-n
 * document into a format-(n+1) one; a document runs through every step from its own format up to
 * `PACK_FORMAT`. Format 1 is the first released format, so the table is empty and a format-1
 * document passes through unchanged; the next format change adds `MIGRATIONS[1]` here (and a test
 * with a real format-1 pack), never an edit of old packs.
 */
export const MIGRATIONS: Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>> = {}

export type MigrationResult = { ok: true; doc: Record<string, unknown>; from: number } | { ok: false; message: string }

/**
 * Brings a parsed `pack.yaml` (or a resolved pack document) to `PACK_FORMAT`. Refuses, with a
 * sentence, a document without a whole-number `format`, a format newer than this PinLab reads,
 * and a format for which no migration exists.
 */
export function migratePackDocument(doc: unknown): MigrationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, message: 'The pack document is not a mapping of fields (expected "format:", "manifest:" and "labs:").' }
  }
  const record = doc as Record<string, unknown>
  const format = record.format
  if (typeof format !== 'number' || !Number.isInteger(format)) {
    return { ok: false, message: `The pack has no whole-number "format" field; this PinLab reads format ${PACK_FORMAT}.` }
  }
  if (format > PACK_FORMAT) {
    return {
      ok: false,
      message: `The pack uses format ${format}, newer than this PinLab reads (format ${PACK_FORMAT} and older); update PinLab to open it.`
    }
  }
  let current: Record<string, unknown> = { ...record }
  for (let version = format; version < PACK_FORMAT; version++) {
    const step = MIGRATIONS[version]
    if (!step) return { ok: false, message: `The pack uses format ${format}, which PinLab cannot read or upgrade (no migration from format ${version}).` }
    current = { ...step(current), format: version + 1 }
  }
  if (format < 1) return { ok: false, message: `The pack uses format ${format}; formats start at 1.` }
  return { ok: true, doc: current, from: format }
}
