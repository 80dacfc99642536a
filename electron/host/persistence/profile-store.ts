import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { moveAside, writeFileAtomic } from './atomic-file'

/**
 * Where a learner's profile lives: named JSON documents (settings, progress, the saved free-play
 * machine). Two implementations: JSON files in a profile folder (browser mode, the CLI, tests;
 * below) and electron-store in the Electron app's user-data folder (electron/main/
 * electron-profile-store.ts). Everything above this interface — versions, migrations, schemas,
 * what to do with a damaged document — is shared (./document.ts), so both behave the same.
 */
export interface ProfileStore {
  /** Where the document is kept, for sentences shown to the learner. */
  locationOf(name: string): string
  /**
   * The stored value, or undefined when the document does not exist. Throws an
   * `UnreadableDocumentError` when it exists but cannot be read as JSON (or is over `maxBytes`).
   */
  read(name: string, options: { maxBytes: number }): unknown
  /** Replaces the document atomically (a crash leaves the old or the new one). */
  write(name: string, value: unknown): void
  /** Moves an unreadable document aside, keeping it; returns where it went. */
  setAside(name: string): string
}

/** A document exists but is not readable JSON, or is larger than allowed. */
export class UnreadableDocumentError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'UnreadableDocumentError'
  }
}

/** Document names become file names: lower-case words only, so no name can leave the folder. */
const DOCUMENT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/

export function checkDocumentName(name: string): string {
  if (!DOCUMENT_NAME.test(name)) throw new Error(`pinlab: ${JSON.stringify(name)} is not a profile document name`)
  return name
}

/**
 * The profile as JSON files `<dir>/<name>.json`, written with `writeFileAtomic` (temp file,
 * fsync, rename); a damaged file is renamed to `<name>.json.corrupt-<n>` by `setAside`.
 */
export class JsonFileProfileStore implements ProfileStore {
  constructor(readonly dir: string) {}

  locationOf(name: string): string {
    return join(this.dir, `${checkDocumentName(name)}.json`)
  }

  read(name: string, options: { maxBytes: number }): unknown {
    const path = this.locationOf(name)
    if (!existsSync(path)) return undefined
    const size = statSync(path).size
    if (size > options.maxBytes) throw new UnreadableDocumentError(`it is ${size} bytes, more than the ${options.maxBytes} allowed`)
    const text = readFileSync(path, 'utf8')
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new UnreadableDocumentError('not valid JSON')
    }
  }

  write(name: string, value: unknown): void {
    writeFileAtomic(this.locationOf(name), JSON.stringify(value, null, 2) + '\n')
  }

  setAside(name: string): string {
    return moveAside(this.locationOf(name))
  }
}

/** The profile in memory only (tests, throw-away hosts). */
export class MemoryProfileStore implements ProfileStore {
  readonly documents = new Map<string, string>()
  readonly setAsideDocuments: string[] = []

  locationOf(name: string): string {
    return `memory:${checkDocumentName(name)}`
  }

  read(name: string, options: { maxBytes: number }): unknown {
    const text = this.documents.get(checkDocumentName(name))
    if (text === undefined) return undefined
    if (Buffer.byteLength(text) > options.maxBytes) throw new UnreadableDocumentError(`it is more than the ${options.maxBytes} bytes allowed`)
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new UnreadableDocumentError('not valid JSON')
    }
  }

  write(name: string, value: unknown): void {
    this.documents.set(checkDocumentName(name), JSON.stringify(value))
  }

  setAside(name: string): string {
    const text = this.documents.get(name) ?? ''
    this.documents.delete(name)
    this.setAsideDocuments.push(text)
    return `memory:${name}.corrupt-${this.setAsideDocuments.length}`
  }
}
