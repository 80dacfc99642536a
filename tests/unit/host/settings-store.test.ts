import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../shared/settings'
import { JsonFileSettingsStore } from '../../../electron/host/settings-store'

const freshDir = () => mkdtempSync(join(tmpdir(), 'pinlab-settings-'))

describe('JsonFileSettingsStore', () => {
  it('starts from the defaults and persists a change atomically', () => {
    const dir = freshDir()
    const path = join(dir, 'settings.json')
    const store = new JsonFileSettingsStore(path)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    store.set({ fontSize: 18 })
    expect(readdirSync(dir)).toEqual(['settings.json']) // no temp file left behind
    expect(new JsonFileSettingsStore(path).get().fontSize).toBe(18)
  })

  it('keeps a corrupted file aside and reports it instead of silently resetting', () => {
    const dir = freshDir()
    const path = join(dir, 'settings.json')
    writeFileSync(path, '{"settings": {"theme": "dark", "fontSi')
    const store = new JsonFileSettingsStore(path)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.problems).toHaveLength(1)
    expect(store.problems[0]).toContain('settings.json.corrupt-1')
    expect(readFileSync(join(dir, 'settings.json.corrupt-1'), 'utf8')).toContain('fontSi')
  })

  it('treats out-of-range values as corruption too', () => {
    const dir = freshDir()
    const path = join(dir, 'settings.json')
    writeFileSync(path, JSON.stringify({ version: 1, settings: { fontSize: 999 } }))
    const store = new JsonFileSettingsStore(path)
    expect(store.problems[0]).toContain('values out of range')
  })

  it('refuses an invalid patch and keeps the old value', () => {
    const store = new JsonFileSettingsStore(join(freshDir(), 's.json'))
    expect(() => store.set({ fontSize: 3 })).toThrow()
    expect(store.get().fontSize).toBe(DEFAULT_SETTINGS.fontSize)
  })
})
