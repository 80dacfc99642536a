import { z } from 'zod'
import { SUPPORTED_KERNELS } from '../../../shared/kernel-versions'
import { SESSION_RECORD_VERSION, type SessionRecord } from '../../../shared/history'
import { PinlabApiError } from '../../../shared/protocol'
import { describeError, loadDocument, saveDocument, type DocumentSpec, type ProfileProblems } from './document'
import type { ProfileStore } from './profile-store'

/** A saved machine (its whole recorded session) is at most this many bytes on disk. */
export const MAX_SAVED_MACHINE_BYTES = 16 * 1024 * 1024
const MAX_STEPS = 20_000
const MAX_TEXT = 4 * 1024 * 1024

const Kernel = z.enum(SUPPORTED_KERNELS)
const Clock = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const StepRecordSchema = z
  .object({
    kind: z.enum(['command', 'hidden', 'write-file']),
    command: z.string().max(64 * 1024),
    content: z.string().max(MAX_TEXT).optional(),
    clock: Clock,
    inputs: z.array(z.object({ clock: Clock, data: z.string().max(64 * 1024) }).strict()).max(10_000),
    kernel: Kernel,
    exitStatus: z.number().int().min(0).max(255).nullable(),
    output: z.string().max(MAX_TEXT),
    fence: z.boolean()
  })
  .strict()

/** shared/history.ts SessionRecord, checked before a saved machine is replayed. */
export const SessionRecordSchema = z
  .object({
    version: z.literal(SESSION_RECORD_VERSION),
    kernel: Kernel,
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    user: z.enum(['root', 'student']),
    banner: z.string().max(64 * 1024),
    steps: z.array(StepRecordSchema).max(MAX_STEPS),
    position: z.number().int().min(0)
  })
  .strict()
  .refine((r) => r.position <= r.steps.length, { message: 'position is past the last step', path: ['position'] })

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const recordSchemaMatchesType: Same<z.infer<typeof SessionRecordSchema>, SessionRecord> = true
void recordSchemaMatchesType

/** The slots a machine can be saved in; free play has one. */
export type MachineSlot = 'freeplay'

interface SavedMachineDocument {
  version: 1
  /** ISO time of the save. */
  savedAt: string
  /** null: nothing saved (the document is the "empty slot" default, never written as such). */
  record: SessionRecord | null
}

function machineDocument(slot: MachineSlot): DocumentSpec<SavedMachineDocument> {
  return {
    name: `machine-${slot}`,
    label: 'saved free-play machine',
    currentVersion: 1,
    migrations: {},
    schema: z.object({ version: z.literal(1), savedAt: z.iso.datetime(), record: SessionRecordSchema.nullable() }).strict(),
    defaults: () => ({ version: 1, savedAt: new Date(0).toISOString(), record: null }),
    maxBytes: MAX_SAVED_MACHINE_BYTES
  }
}

export interface SavedMachineSummary {
  exists: boolean
  savedAt?: string
  kernel?: SessionRecord['kernel']
  /** How many steps the record holds (applied steps and the redo future). */
  steps?: number
}

/**
 * The saved free-play machine: a SessionRecord (the boot parameters and every step), replayed on
 * a fresh machine to restore it. Kept in the profile like the other documents: written
 * atomically, refused above MAX_SAVED_MACHINE_BYTES, and a damaged one is set aside and
 * reported, never silently replaced. It is read once, when the host starts, and kept in memory.
 */
export class MachineStore {
  private readonly _spec: DocumentSpec<SavedMachineDocument>
  private _saved: SavedMachineDocument

  constructor(
    private readonly _store: ProfileStore,
    problems: ProfileProblems,
    readonly slot: MachineSlot = 'freeplay',
    private readonly _now: () => Date = () => new Date()
  ) {
    this._spec = machineDocument(slot)
    this._saved = loadDocument(_store, this._spec, problems)
  }

  /**
   * Validates and writes the record; returns the time of the save. Throws a PinlabApiError with a
   * sentence when it is refused (too large, not a valid record, the disk refused); the previous
   * save is then kept as it was.
   */
  save(record: SessionRecord): { savedAt: string } {
    const document: SavedMachineDocument = { version: 1, savedAt: this._now().toISOString(), record }
    const bytes = Buffer.byteLength(JSON.stringify(document), 'utf8')
    if (bytes > MAX_SAVED_MACHINE_BYTES) {
      throw new PinlabApiError(
        'too-large',
        `The machine's history is ${Math.ceil(bytes / (1024 * 1024))} MB, more than the ${MAX_SAVED_MACHINE_BYTES / (1024 * 1024)} MB a saved machine may hold; the previous save is kept.`
      )
    }
    try {
      this._saved = saveDocument(this._store, this._spec, document)
    } catch (error) {
      throw new PinlabApiError('internal', `The machine could not be saved (${describeError(error)}); the previous save is kept.`)
    }
    return { savedAt: document.savedAt }
  }

  /** The saved record, or null when the slot is empty. */
  load(): SessionRecord | null {
    return this._saved.record ? structuredClone(this._saved.record) : null
  }

  summary(): SavedMachineSummary {
    const record = this._saved.record
    if (!record) return { exists: false }
    return { exists: true, savedAt: this._saved.savedAt, kernel: record.kernel, steps: record.steps.length }
  }
}
