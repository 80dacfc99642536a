import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../../electron/host/persistence/atomic-file'
import { loadDocument, migrateDocument, ProfileProblems, saveDocument, type DocumentSpec } from '../../../../electron/host/persistence/document'
import { JsonFileProfileStore, UnreadableDocumentError } from '../../../../electron/host/persistence/profile-store'

const freshDir = () => mkdtempSync(join(tmpdir(), 'pinlab-profile-'))

/** A small versioned document: v0 `{ n }`, v1 `{ version: 1, count }`, v2 adds `label`. */
const COUNTER: DocumentSpec<{ version: 2; count: number; label: string }> = {
  name: 'counter',
  label: 'counter file',
  currentVersion: 2,
  migrations: {
    0: (d) => ({ version: 1, count: d.n }),
    1: (d) => ({ ...d, version: 2, label: 'unnamed' })
  },
  schema: z.object({ version: z.literal(2), count: z.number().int().min(0), label: z.string() }).strict(),
  defaults: () => ({ version: 2, count: 0, label: 'new' }),
  maxBytes: 200
}

describe('writeFileAtomic', () => {
  it('replaces the file, leaves no temporary file behind and keeps it private', () => {
    const dir = freshDir()
    const path = join(dir, 'a.json')
    writeFileAtomic(path, 'one')
    writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(readdirSync(dir)).toEqual(['a.json'])
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('keeps the old file whole when the new one cannot be written', () => {
    const dir = freshDir()
    const path = join(dir, 'a.json')
    writeFileAtomic(path, 'old')
    // The temporary name is taken by a directory: the write fails before the rename.
    mkdirSync(`${path}.tmp-${process.pid}`)
    expect(() => writeFileAtomic(path, 'new')).toThrow()
    expect(readFileSync(path, 'utf8')).toBe('old')
  })
})

describe('JsonFileProfileStore + loadDocument', () => {
  it('round-trips a document and uses the defaults while there is none', () => {
    const store = new JsonFileProfileStore(freshDir())
    const problems = new ProfileProblems()
    expect(loadDocument(store, COUNTER, problems)).toEqual({ version: 2, count: 0, label: 'new' })
    saveDocument(store, COUNTER, { version: 2, count: 5, label: 'x' })
    expect(loadDocument(store, COUNTER, problems)).toEqual({ version: 2, count: 5, label: 'x' })
    expect(problems.list()).toEqual([])
  })

  it('runs the migrations in order from the version the file has', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'counter.json'), JSON.stringify({ n: 3 }))
    expect(loadDocument(new JsonFileProfileStore(dir), COUNTER, new ProfileProblems())).toEqual({ version: 2, count: 3, label: 'unnamed' })
    writeFileSync(join(dir, 'counter.json'), JSON.stringify({ version: 1, count: 4 }))
    expect(loadDocument(new JsonFileProfileStore(dir), COUNTER, new ProfileProblems())).toEqual({ version: 2, count: 4, label: 'unnamed' })
  })

  it.each([
    ['not JSON', '{"version": 2, "cou', 'not valid JSON'],
    ['a wrong value', JSON.stringify({ version: 2, count: -1, label: 'x' }), 'values out of range or missing at count'],
    ['a newer version', JSON.stringify({ version: 7, count: 1, label: 'x' }), 'written by a newer PinLab'],
    ['not an object', '[1, 2]', 'not a JSON object'],
    ['too large', JSON.stringify({ version: 2, count: 1, label: 'x'.repeat(300) }), 'more than the 200 allowed']
  ])('sets %s aside as .corrupt-N, reports it and uses the defaults', (_what, text, reason) => {
    const dir = freshDir()
    const path = join(dir, 'counter.json')
    writeFileSync(path, text)
    const problems = new ProfileProblems()
    expect(loadDocument(new JsonFileProfileStore(dir), COUNTER, problems)).toEqual(COUNTER.defaults())
    expect(problems.list()).toHaveLength(1)
    expect(problems.list()[0]).toContain(reason)
    expect(problems.list()[0]).toContain(`${path}.corrupt-1`)
    expect(readFileSync(`${path}.corrupt-1`, 'utf8')).toBe(text)
    expect(readdirSync(dir).sort()).toEqual(['counter.json.corrupt-1'])
  })

  it('numbers a second damaged file after the first', () => {
    const dir = freshDir()
    const path = join(dir, 'counter.json')
    const problems = new ProfileProblems()
    writeFileSync(path, 'first')
    loadDocument(new JsonFileProfileStore(dir), COUNTER, problems)
    writeFileSync(path, 'second')
    loadDocument(new JsonFileProfileStore(dir), COUNTER, problems)
    expect(readFileSync(`${path}.corrupt-1`, 'utf8')).toBe('first')
    expect(readFileSync(`${path}.corrupt-2`, 'utf8')).toBe('second')
    expect(problems.list()).toHaveLength(2)
  })

  it('never writes a document that breaks its schema', () => {
    const dir = freshDir()
    const store = new JsonFileProfileStore(dir)
    saveDocument(store, COUNTER, { version: 2, count: 1, label: 'ok' })
    expect(() => saveDocument(store, COUNTER, { version: 2, count: -5, label: 'bad' })).toThrow(/would not be valid/)
    expect(JSON.parse(readFileSync(join(dir, 'counter.json'), 'utf8'))).toEqual({ version: 2, count: 1, label: 'ok' })
  })

  it('refuses document names that could leave the profile folder', () => {
    const store = new JsonFileProfileStore(freshDir())
    expect(() => store.read('../etc/passwd', { maxBytes: 10 })).toThrow(/not a profile document name/)
    expect(() => store.write('a/b', {})).toThrow(/not a profile document name/)
  })

  it('reports an unreadable file as UnreadableDocumentError with the reason', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'x.json'), 'nope')
    const error = (() => {
      try {
        new JsonFileProfileStore(dir).read('x', { maxBytes: 100 })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(UnreadableDocumentError)
    expect(() => migrateDocument(COUNTER, { version: 1.5 })).toThrow(/not a whole number/)
  })
})
