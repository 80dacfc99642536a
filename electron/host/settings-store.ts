import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings'

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

/**
 * Settings in a JSON file, written atomically (temp file + rename) so a crash mid-write never
 * leaves a half-written file. A file that cannot be read as valid settings is not silently
 * reset: it is moved aside to `<file>.corrupt-<n>` and reported through `problems`, and the
 * defaults are used until the next save.
 */
export class JsonFileSettingsStore implements SettingsStore {
  private _settings: Settings
  readonly problems: string[] = []

  constructor(private readonly _path: string) {
    this._settings = this._load()
  }

  get(): Settings {
    return { ...this._settings }
  }

  set(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this._settings, ...patch })
    writeFileAtomic(this._path, JSON.stringify({ version: 1, settings: next }, null, 2) + '\n')
    this._settings = next
    return this.get()
  }

  private _load(): Settings {
    if (!existsSync(this._path)) return { ...DEFAULT_SETTINGS }
    try {
      const raw: unknown = JSON.parse(readFileSync(this._path, 'utf8'))
      const settings = (raw as { settings?: unknown } | null)?.settings
      // Fields added in later versions are filled from the defaults; unknown fields are refused.
      return SettingsSchema.parse({ ...DEFAULT_SETTINGS, ...(settings as object) })
    } catch (error) {
      const aside = moveAside(this._path)
      this.problems.push(
        `The settings file ${this._path} could not be read (${describe(error)}); it was kept as ${aside} and the defaults are in use.`
      )
      return { ...DEFAULT_SETTINGS }
    }
  }
}

export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, data, { mode: 0o600 })
  renameSync(tmp, path)
}

function moveAside(path: string): string {
  for (let n = 1; ; n++) {
    const aside = `${path}.corrupt-${n}`
    if (!existsSync(aside)) {
      renameSync(path, aside)
      return aside
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof SyntaxError) return 'not valid JSON'
  if (error && typeof error === 'object' && 'issues' in error) return 'values out of range'
  return error instanceof Error ? error.message : String(error)
}
