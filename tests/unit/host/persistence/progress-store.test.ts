import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PinlabApiError } from '../../../../shared/protocol'
import { ProfileProblems } from '../../../../electron/host/persistence/document'
import { JsonFileProfileStore } from '../../../../electron/host/persistence/profile-store'
import {
  MAX_PROGRESS_BYTES,
  PROGRESS_DOCUMENT,
  ProgressSchema,
  ProgressStore,
  parseProgressFile
} from '../../../../electron/host/persistence/progress-store'
import { migrateDocument } from '../../../../electron/host/persistence/document'

const NOW = new Date('2026-03-04T05:06:07.000Z')
const freshDir = () => mkdtempSync(join(tmpdir(), 'pinlab-progress-'))
const openStore = (dir: string, problems = new ProfileProblems()) => new ProgressStore(new JsonFileProfileStore(dir), problems, () => NOW)

/** A progress file as the 0.0.x prototype wrote it (version 0: no version field, old names). */
const V0_FIXTURE = {
  labs: {
    'core/cow-basics': {
      done: ['fork', 'write'],
      answers: { 'fork/q1': 'the page is shared' },
      hints: { write: 2 },
      finished: false,
      updated: Date.UTC(2025, 10, 2, 9, 30)
    },
    'rdma/mr-pin': { done: [], answers: {}, hints: {}, finished: true, updated: 0 }
  }
}

const V1_EXPECTED = {
  version: 1,
  labs: {
    'core/cow-basics': {
      completedSteps: ['fork', 'write'],
      answers: { 'fork/q1': 'the page is shared' },
      hintsShown: { write: 2 },
      solutionShown: [],
      completed: false,
      updatedAt: '2025-11-02T09:30:00.000Z'
    },
    'rdma/mr-pin': { completedSteps: [], answers: {}, hintsShown: {}, solutionShown: [], completed: true, updatedAt: '1970-01-01T00:00:00.000Z' }
  }
}

describe('progress migrations', () => {
  it('turns the v0 fixture into exactly the v1 document', () => {
    expect(migrateDocument(PROGRESS_DOCUMENT, structuredClone(V0_FIXTURE))).toEqual(V1_EXPECTED)
  })

  it('migrates a stored v0 file when the store opens, and the next save writes v1', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'progress.json'), JSON.stringify(V0_FIXTURE))
    const problems = new ProfileProblems()
    const store = openStore(dir, problems)
    expect(store.get()).toEqual(V1_EXPECTED)
    expect(problems.list()).toEqual([])
    store.update('core/cow-basics', { completed: true })
    const written = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))
    expect(written.version).toBe(1)
    expect(written.labs['core/cow-basics']).toMatchObject({ completed: true, completedSteps: ['fork', 'write'], updatedAt: NOW.toISOString() })
  })

  it('refuses a v0 lab whose time cannot be converted', () => {
    const bad = { labs: { 'a/b': { done: [], answers: {}, hints: {}, finished: false, updated: 'yesterday' } } }
    expect(() => parseProgressFile(JSON.stringify(bad))).toThrow(/upgrading it from version 0 failed: lab a\/b has no valid "updated" time/)
  })

  it('imports a v0 export through the same migration', () => {
    const store = openStore(freshDir())
    expect(store.import(JSON.stringify(V0_FIXTURE))).toEqual(V1_EXPECTED)
  })
})

describe('ProgressStore', () => {
  it('starts empty, updates one lab, stamps the time and persists', () => {
    const dir = freshDir()
    const store = openStore(dir)
    expect(store.get()).toEqual({ version: 1, labs: {} })
    const after = store.update('core/cow', { completedSteps: ['s1'], hintsShown: { s1: 1 }, updatedAt: '1999-01-01T00:00:00.000Z' })
    expect(after.labs['core/cow']).toEqual({
      completedSteps: ['s1'],
      answers: {},
      hintsShown: { s1: 1 },
      solutionShown: [],
      completed: false,
      updatedAt: NOW.toISOString()
    })
    expect(openStore(dir).get()).toEqual(after)
  })

  it('refuses a bad lab key or patch and changes nothing', () => {
    const dir = freshDir()
    const store = openStore(dir)
    store.update('core/cow', { completed: true })
    const before = readFileSync(join(dir, 'progress.json'), 'utf8')
    expect(() => store.update('no-slash', { completed: true })).toThrow(/not a lab key/)
    expect(() => store.update('core/cow', { completedSteps: ['../evil'] })).toThrow(/refused .*completedSteps/)
    expect(() => store.update('core/cow', { hintsShown: { s1: -1 } })).toThrow(PinlabApiError)
    expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(before)
    expect(store.get().labs['core/cow']!.completed).toBe(true)
  })

  it('exports as pinlab-progress-YYYY-MM-DD.json, and the export imports back', () => {
    const store = openStore(freshDir())
    store.update('core/cow', { completedSteps: ['a', 'b'], answers: { 'a/q': 'yes' } })
    const file = store.export()
    expect(file.fileName).toBe('pinlab-progress-2026-03-04.json')
    const other = openStore(freshDir())
    expect(other.import(file.content)).toEqual(store.get())
  })

  it.each([
    ['not JSON', '{"version":1,"labs":', /not JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a future version', JSON.stringify({ version: 2, labs: {} }), /newer PinLab/],
    ['an unknown field', JSON.stringify({ version: 1, labs: {}, extra: true }), /values out of range or missing/],
    ['a bad lab key', JSON.stringify({ version: 1, labs: { nokey: V1_EXPECTED.labs['rdma/mr-pin'] } }), /labs/],
    ['a bad date', JSON.stringify({ version: 1, labs: { 'a/b': { ...V1_EXPECTED.labs['rdma/mr-pin'], updatedAt: 'soon' } } }), /updatedAt/],
    ['an oversized file', JSON.stringify({ version: 1, labs: {}, pad: 'x'.repeat(MAX_PROGRESS_BYTES) }), /at most 192 KB/]
  ])('refuses %s with a sentence and keeps the stored progress', (_what, content, message) => {
    const dir = freshDir()
    const store = openStore(dir)
    store.update('core/cow', { completed: true })
    const before = readFileSync(join(dir, 'progress.json'), 'utf8')
    const snapshot = store.get()
    expect(() => store.import(content)).toThrow(message)
    expect(() => store.import(content)).toThrow(/Nothing was imported\.$/)
    expect(store.get()).toEqual(snapshot)
    expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(before)
  })
})

/** One change to a valid progress document at a random place. */
type Mutation =
  | { kind: 'set'; path: number[]; value: unknown }
  | { kind: 'delete'; path: number[] }
  | { kind: 'add'; path: number[]; key: string; value: unknown }
  | { kind: 'text'; cut: number; insert: string }

function pick(node: unknown, path: number[]): { parent: Record<string, unknown> | unknown[] | null; key: string | number | null } {
  let parent: Record<string, unknown> | unknown[] | null = null
  let key: string | number | null = null
  let current = node
  for (const step of path) {
    if (typeof current !== 'object' || current === null) break
    const keys = Array.isArray(current) ? current.map((_, i) => i) : Object.keys(current)
    if (keys.length === 0) break
    parent = current as Record<string, unknown> | unknown[]
    key = keys[step % keys.length]!
    current = (current as Record<string | number, unknown>)[key]
  }
  return { parent, key }
}

function mutate(base: unknown, mutation: Mutation): string {
  if (mutation.kind === 'text') {
    const text = JSON.stringify(base)
    const at = mutation.cut % (text.length + 1)
    return text.slice(0, at) + mutation.insert + text.slice(at + 1)
  }
  const doc = structuredClone(base)
  const { parent, key } = pick(doc, mutation.path)
  if (parent === null || key === null) return JSON.stringify(mutation.kind === 'set' ? mutation.value : doc)
  const target = parent as Record<string | number, unknown>
  if (mutation.kind === 'set') target[key] = mutation.value
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete target[key]
  } else {
    const inner = target[key]
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) (inner as Record<string, unknown>)[mutation.key] = mutation.value
    else target[key] = { [mutation.key]: mutation.value }
  }
  return JSON.stringify(doc)
}

const pathArb = fc.array(fc.nat(20), { minLength: 1, maxLength: 5 })
const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'a/b', '__proto__', '2026-01-01T00:00:00.000Z', -1, 1.5, 101, null, true, [], {})
)
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: pathArb, value: valueArb }),
  fc.record({ kind: fc.constant('delete' as const), path: pathArb }),
  fc.record({ kind: fc.constant('add' as const), path: pathArb, key: fc.constantFrom('x', 'a/b', 'version', 'completed', '__proto__', 's9'), value: valueArb }),
  fc.record({ kind: fc.constant('text' as const), cut: fc.nat(2000), insert: fc.constantFrom('', '"', '}', ',', '0', 'null') })
)

describe('importing mutated progress files (fuzz, fixed seed)', () => {
  it('each of 1,000 files is refused with the store untouched, or accepted as a valid document', () => {
    const dir = freshDir()
    const store = openStore(dir)
    store.update('core/cow', { completedSteps: ['s1'], answers: { 's1/q1': 'a' }, hintsShown: { s1: 1 }, solutionShown: ['s1'] })
    const base = JSON.parse(store.export().content) as unknown
    const bases = [base, V0_FIXTURE]
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(fc.nat(1), mutationArb, (which, mutation) => {
        const content = mutate(bases[which], mutation)
        const fileBefore = existsSync(join(dir, 'progress.json')) ? readFileSync(join(dir, 'progress.json'), 'utf8') : null
        const before = store.get()
        let result
        try {
          result = store.import(content)
        } catch (error) {
          refused++
          expect(error).toBeInstanceOf(PinlabApiError)
          expect((error as Error).message).toMatch(/Nothing was imported\.$/)
          expect(store.get()).toEqual(before)
          expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(fileBefore)
          return
        }
        accepted++
        expect(ProgressSchema.safeParse(result).success).toBe(true)
        expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toEqual(result)
        // Put the reference state back so every file is judged against the same store.
        store.import(JSON.stringify(before))
      }),
      { numRuns: 1000 }
    )
    expect(accepted + refused).toBe(1000)
    // Both outcomes occur, so neither branch of the property is vacuous.
    expect(accepted).toBeGreaterThan(20)
    expect(refused).toBeGreaterThan(200)
  })
})
