import ElectronStore from 'electron-store'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { moveAside } from '../host/persistence/atomic-file'
import { checkDocumentName, UnreadableDocumentError, type ProfileStore } from '../host/persistence/profile-store'

/** What this file needs of an electron-store instance (one per document). */
export interface ElectronStoreDocument {
  store: Record<string, unknown>
  readonly path: string
}

export type ElectronStoreOptions = {
  name: string
  cwd: string
  schema: Record<string, Record<string, unknown>>
  clearInvalidConfig: false
  accessPropertiesByDotNotation: false
  watch: false
  serialize: (value: Record<string, unknown>) => string
  configFileMode: number
}

/**
 * Every profile document carries a whole-number `version` (absent in the oldest format). The
 * detailed checks and the migrations between versions are the shared zod schemas and migration
 * tables of electron/host/persistence/document.ts, so Electron and browser mode read a document
 * the same way; electron-store's own `migrations` option is not used, because it is keyed by the
 * app's version rather than the document's and would not run for an imported file.
 */
const ENVELOPE_SCHEMA = { version: { type: 'integer', minimum: 0 } }

/** electron-store keeps its own bookkeeping under this key; it is not part of a document. */
const INTERNAL_KEY = '__internal__'

/**
 * The profile in Electron: one electron-store file `<userData>/<name>.json` per document, written
 * atomically by electron-store. A file it cannot parse (or that breaks the schema) makes
 * electron-store throw rather than clear it (`clearInvalidConfig: false`); that becomes an
 * UnreadableDocumentError, and `setAside` moves the file to `….corrupt-<n>`, like the JSON-file
 * store of browser mode.
 */
export class ElectronProfileStore implements ProfileStore {
  private readonly _open = new Map<string, ElectronStoreDocument>()

  constructor(
    readonly userData: string,
    private readonly _create: (options: ElectronStoreOptions) => ElectronStoreDocument = (options) =>
      new ElectronStore<Record<string, unknown>>(options)
  ) {}

  locationOf(name: string): string {
    return join(this.userData, `${checkDocumentName(name)}.json`)
  }

  read(name: string, options: { maxBytes: number }): unknown {
    const path = this.locationOf(name)
    if (!existsSync(path)) return undefined
    const size = statSync(path).size
    if (size > options.maxBytes) throw new UnreadableDocumentError(`it is ${size} bytes, more than the ${options.maxBytes} allowed`)
    let document: Record<string, unknown>
    try {
      document = { ...this._document(name).store }
    } catch (error) {
      this._open.delete(name)
      throw new UnreadableDocumentError(error instanceof SyntaxError ? 'not valid JSON' : describe(error))
    }
    delete document[INTERNAL_KEY]
    return document
  }

  write(name: string, value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`pinlab: a profile document is a JSON object (${name})`)
    }
    this._document(name).store = value as Record<string, unknown>
  }

  setAside(name: string): string {
    this._open.delete(name)
    return moveAside(this.locationOf(name))
  }

  private _document(name: string): ElectronStoreDocument {
    let document = this._open.get(name)
    if (!document) {
      document = this._create({
        name: checkDocumentName(name),
        cwd: this.userData,
        schema: ENVELOPE_SCHEMA,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        watch: false,
        serialize: (value) => JSON.stringify(value, null, 2) + '\n',
        // Private to the user, like the JSON-file profile: it holds the learner's work.
        configFileMode: 0o600
      })
      this._open.set(name, document)
    }
    return document
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.startsWith('Config schema violation') ? `values out of range or missing (${message})` : message
}
