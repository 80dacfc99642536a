import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCheck, CheckSyntaxError } from '../../../../shared/labpack'
import { PackError, readPackFolder, readPackZip, writePackZip, type PackFiles } from '../../../../electron/host/labs/pack-files'
import { loadPackFromFiles } from '../../../../electron/host/labs/pack-loader'

const CORE = fileURLToPath(new URL('../../../../labs/pinlab-core', import.meta.url))
const files = await readPackFolder(CORE)
const zip = writePackZip(files)

/** Import as the app does it: read the zip, load the pack. Returns 'ok' or the refusal. */
function importZip(bytes: Uint8Array): 'ok' | PackError {
  try {
    loadPackFromFiles(readPackZip(bytes))
    return 'ok'
  } catch (error) {
    if (error instanceof PackError) return error
    throw error
  }
}

function expectClearRefusal(result: 'ok' | PackError): void {
  if (result === 'ok') return
  expect(result.problems.length).toBeGreaterThan(0)
  for (const p of result.problems) expect(p).toMatch(/\S/)
}

describe('import fuzzing', () => {
  it('the pristine pack imports', () => {
    expect(importZip(zip)).toBe('ok')
  })

  it('refuses mutated .pinlab bytes with a PackError, never another exception', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), count: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) })
    )
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let bytes = zip.slice()
        for (const m of mutations) {
          const at = m.at % Math.max(1, bytes.length)
          if (m.kind === 'truncate') bytes = bytes.slice(0, at)
          else if (m.kind === 'flip') for (let i = 0; i < m.count && at + i < bytes.length; i++) bytes[at + i] = m.value
          else bytes = new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)])
        }
        expectClearRefusal(importZip(bytes))
      }),
      { numRuns: 3000 }
    )
  })

  it('refuses mutated pack files (YAML, paths, sizes) with a PackError', () => {
    const names = [...files.keys()]
    const edit = fc.record({
      file: fc.integer({ min: 0, max: names.length - 1 }),
      kind: fc.constantFrom('cut-line', 'dup-line', 'replace', 'rename', 'drop', 'grow'),
      at: fc.nat(),
      text: fc.constantFrom('..', '/', ':', '- ', '{', '"', '\t', 'format: 2', 'kernel: 9.9', '&a [*a]', 'file: ../x', '\u0000', 'ü', 'exit == "0"', ' ', '\n')
    })
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const mutated: PackFiles = new Map(files)
        for (const e of edits) {
          const name = names[e.file]!
          const text = new TextDecoder().decode(mutated.get(name) ?? new Uint8Array())
          const lines = text.split('\n')
          const at = e.at % Math.max(1, lines.length)
          let next = text
          if (e.kind === 'cut-line') next = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n')
          else if (e.kind === 'dup-line') next = [...lines.slice(0, at + 1), ...lines.slice(at)].join('\n')
          else if (e.kind === 'replace') {
            const pos = e.at % Math.max(1, text.length)
            next = text.slice(0, pos) + e.text + text.slice(pos + 1)
          } else if (e.kind === 'rename') {
            mutated.delete(name)
            mutated.set(`${name}${e.text}`.replace(/\n/g, ''), new TextEncoder().encode(text))
            continue
          } else if (e.kind === 'drop') {
            mutated.delete(name)
            continue
          } else next = text + e.text.repeat(1000)
          mutated.set(name, new TextEncoder().encode(next))
        }
        // Through the zip writer and reader, as an exported and re-imported pack.
        let result: 'ok' | PackError
        try {
          result = importZip(writePackZip(mutated))
        } catch (error) {
          throw new Error(`${String(error)} after ${JSON.stringify(edits)}`)
        }
        expectClearRefusal(result)
      }),
      { numRuns: 800 }
    )
  })

  it('refuses mutated check expressions with a positioned CheckSyntaxError, never another exception', () => {
    const seeds = [
      'frame(value_of(output, "read_pfn")).zero',
      'contains(output, "parent_pfn=") && contains(output, "child_pfn=") && exit == 0',
      'trace_count("cow") >= 1 && trace_count("fork") >= 1',
      'matches(output, /pfn=0x[0-9a-f]+/i) || -(1 + 2) * 3 != 9 % 2'
    ]
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }), (seed, at, cut, insert) => {
        const pos = at % (seed.length + 1)
        const source = seed.slice(0, pos) + insert + seed.slice(pos + cut)
        try {
          compileCheck(source)
        } catch (error) {
          if (!(error instanceof CheckSyntaxError)) throw error
          expect(error.line).toBeGreaterThanOrEqual(1)
          expect(error.column).toBeGreaterThanOrEqual(1)
          expect(error.message).toContain('^')
        }
      }),
      { numRuns: 3000 }
    )
  })
})

