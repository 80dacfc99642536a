/**
 * PinLab-only programs (see README.md): no native comparison is possible, so each program is
 * asserted at 6.18 (NAME.expected) and at every version with a NAME.<version>.expected, all
 * written from the reference.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { programCases, runInPinlab } from '../harness'

const cases = programCases(import.meta.dirname)

describe('PinLab-only programs', () => {
  for (const c of cases) {
    it(`${c.name}: PinLab at 6.18 prints the reference outcome`, async () => {
      const r = await runInPinlab(c.file, '6.18')
      expect(r.stdout, r.stderr).toBe(c.expected)
      expect(r.status).toBe(c.status)
    })
    for (const v of c.perVersion) {
      it(`${c.name}: PinLab at ${v.kernel} prints that version's outcome`, async () => {
        const r = await runInPinlab(c.file, v.kernel)
        expect(r.stdout, r.stderr).toBe(v.expected)
        expect(r.status).toBe(v.status)
      })
    }
  }
  it('every program has expectations', () => {
    expect(cases.length).toBeGreaterThan(0)
    for (const c of cases) expect(c.expected, c.name).not.toBe('')
  })
})
