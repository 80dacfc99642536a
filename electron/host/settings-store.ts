import { basename, dirname } from 'node:path'
import { z } from 'zod'
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings'
import { loadDocument, ProfileProblems, saveDocument, type DocumentSpec } from './persistence/document'
import { JsonFileProfileStore, type ProfileStore } from './persistence/profile-store'

export { writeFileAtomic } from './persistence/atomic-file'

export interface SettingsStore {
  get(): Settings
  set(patch: SettingsPatch): Settings
}

/** Settings held in memory only (tests, the CLI). */
export class MemorySettingsStore implements SettingsStore {
  private _settings: Settings = { ...DEFAULT_SETTINGS }
  get(): Settings {
    return { ...this._settings }
  }
  set(patch: SettingsPatch): Settings {
    this._settings = SettingsSchema.parse({ ...this._settings, ...patch })
    return this.get()
  }
}

interface SettingsDocument {
  version: 1
  settings: Settings
}

/**
 * The stored settings: `{ version: 1, settings }`. Fields added in later versions are filled from
 * the defaults; unknown fields and out-of-range values make the document unusable (set aside).
 */
export const SETTINGS_DOCUMENT: DocumentSpec<SettingsDocument> = {
  name: 'settings',
  label: 'settings file',
  currentVersion: 1,
  migrations: {},
  schema: z
    .object({
      version: z.literal(1),
      settings: z.preprocess(
        (value) => (typeof value === 'object' && value !== null ? { ...DEFAULT_SETTINGS, ...value } : value),
        SettingsSchema
      )
    })
    .strict(),
  defaults: () => ({ version: 1, settings: { ...DEFAULT_SETTINGS } }),
  maxBytes: 64 * 1024
}

/**
 * Settings kept in the profile (a JSON file in browser mode and the CLI, electron-store in
 * Electron). A document that cannot be read is not silently reset: it is moved aside to
 * `….corrupt-<n>` and reported through `problems`, and the defaults are used until the next save.
 */
export class ProfileSettingsStore implements SettingsStore {
  private _settings: Settings

  constructor(
    private readonly _store: ProfileStore,
    private readonly _problems: ProfileProblems = new ProfileProblems(),
    private readonly _spec: DocumentSpec<SettingsDocument> = SETTINGS_DOCUMENT
  ) {
    this._settings = loadDocument(_store, _spec, _problems).settings
  }

  /** What went wrong while loading (a damaged file set aside), as sentences. */
  get problems(): string[] {
    return this._problems.list()
  }

  get(): Settings {
    return { ...this._settings }
  }

  set(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this._settings, ...patch })
    saveDocument(this._store, this._spec, { version: 1, settings: next })
    this._settings = next
    return this.get()
  }
}

/** Settings in one JSON file (`<dir>/<name>.json`), written atomically. */
export class JsonFileSettingsStore extends ProfileSettingsStore {
  constructor(path: string, problems?: ProfileProblems) {
    const name = basename(path).replace(/\.json$/, '')
    super(new JsonFileProfileStore(dirname(path)), problems, { ...SETTINGS_DOCUMENT, name })
  }
}
