import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

/**
 * electron-store replaced by a small model of its documented behaviour (conf 15): the file
 * `<cwd>/<name>.json` is parsed when the store opens and on each read; with
 * `clearInvalidConfig: false` a file that is not JSON throws the SyntaxError, and a value
 * breaking the top-level JSON Schema throws "Config schema violation: …"; assigning `store`
 * serialises and writes the whole document.
 */
const opened = vi.hoisted(() => [] as Array<Record<string, unknown>>)

vi.mock('electron', () => ({ app: { getPath: () => '/unused', getVersion: () => '0.1.0' }, ipcMain: {}, shell: {} }))

vi.mock('electron-store', async () => {
  const fs = await import('node:fs')
  const path = await import('node:path')
  type Options = { name: string; cwd: string; schema: Record<string, { type?: string; minimum?: number }>; serialize: (v: unknown) => string }
  const validate = (options: Options, value: Record<string, unknown>) => {
    for (const [key, rule] of Object.entries(options.schema)) {
      const v = value[key]
      if (v === undefined) continue
      if (rule.type === 'integer' && (!Number.isInteger(v) || (rule.minimum !== undefined && (v as number) < rule.minimum))) {
        throw new Error(`Config schema violation: \`${key}\` must be integer`)
      }
    }
  }
  return {
    default: class {
      readonly path: string
      private readonly options: Options
      constructor(options: Options) {
        opened.push({ ...options })
        this.options = options
        this.path = path.join(options.cwd, `${options.name}.json`)
        void this.store
      }
      get store(): Record<string, unknown> {
        if (!fs.existsSync(this.path)) return {}
        const value = JSON.parse(fs.readFileSync(this.path, 'utf8')) as Record<string, unknown>
        validate(this.options, value)
        return value
      }
      set store(value: Record<string, unknown>) {
        validate(this.options, value)
        fs.writeFileSync(this.path, this.options.serialize(value))
      }
    }
  }
})

const { ElectronProfileStore } = await import('../../../electron/main/electron-profile-store')
const { openProfile } = await import('../../../electron/host/persistence/host-profile')

const freshDir = () => mkdtempSync(join(tmpdir(), 'pinlab-electron-profile-'))

describe('ElectronProfileStore (electron-store in userData)', () => {
  it('opens one electron-store per document in userData, which never clears an invalid file', () => {
    const dir = freshDir()
    opened.length = 0
    const profile = openProfile(new ElectronProfileStore(dir))
    profile.settings.set({ theme: 'light' })
    // Documents that do not exist yet are not opened (nor created) until they are written.
    expect(opened.map((o) => o.name)).toEqual(['settings'])
    expect(opened[0]).toMatchObject({
      cwd: dir,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
      schema: { version: { type: 'integer', minimum: 0 } }
    })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.theme).toBe('light')
    expect(openProfile(new ElectronProfileStore(dir)).settings.get().theme).toBe('light')
  })

  it('migrates a v0 progress document through the shared migration table', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'progress.json'), JSON.stringify({ labs: { 'a/b': { done: ['s1'], answers: {}, hints: {}, finished: true, updated: 0 } } }))
    const profile = openProfile(new ElectronProfileStore(dir))
    expect(profile.progress.get().labs['a/b']).toEqual({
      completedSteps: ['s1'],
      answers: {},
      hintsShown: {},
      solutionShown: [],
      completed: true,
      updatedAt: '1970-01-01T00:00:00.000Z'
    })
    expect(profile.problems.list()).toEqual([])
  })

  it.each([
    ['not JSON', '{"version": 1, "settings": {', 'not valid JSON'],
    ['a schema violation', JSON.stringify({ version: -3, settings: {} }), 'Config schema violation'],
    ['out-of-range settings', JSON.stringify({ version: 1, settings: { fontSize: 99 } }), 'values out of range or missing at settings.fontSize']
  ])('sets %s aside as .corrupt-1 and reports it', (_what, text, reason) => {
    const dir = freshDir()
    writeFileSync(join(dir, 'settings.json'), text)
    const profile = openProfile(new ElectronProfileStore(dir))
    expect(profile.settings.get().fontSize).toBe(14)
    expect(profile.problems.list()).toHaveLength(1)
    expect(profile.problems.list()[0]).toContain(reason)
    expect(profile.problems.list()[0]).toContain(join(dir, 'settings.json.corrupt-1'))
    expect(readFileSync(join(dir, 'settings.json.corrupt-1'), 'utf8')).toBe(text)
    // The next save starts a fresh document next to the kept one.
    profile.settings.set({ fontSize: 16 })
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.corrupt-1'])
  })

  it('refuses a document over the size cap unread, and drops electron-store bookkeeping', () => {
    const dir = freshDir()
    const store = new ElectronProfileStore(dir)
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ version: 1, pad: 'x'.repeat(500) }))
    expect(() => store.read('big', { maxBytes: 100 })).toThrow(/more than the 100 allowed/)
    writeFileSync(join(dir, 'doc.json'), JSON.stringify({ version: 1, __internal__: { migrations: { version: '0.1.0' } }, a: 1 }))
    expect(store.read('doc', { maxBytes: 1000 })).toEqual({ version: 1, a: 1 })
    expect(store.read('absent', { maxBytes: 1000 })).toBeUndefined()
    expect(() => store.write('doc', [1, 2])).toThrow(/is a JSON object/)
    expect(() => store.read('../escape', { maxBytes: 1000 })).toThrow(/not a profile document name/)
  })
})
