/**
 * PinLab-only programs (tests/programs/pinlab-only, see its README): outcomes that a native run
 * cannot reproduce deterministically (races whose native result depends on timing). Each NAME.c
 * runs in PinLab at 6.18 against NAME.expected and at every NAME.<version>.expected version; the
 * expectations are written from the reference section the program cites.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { programCases, runInPinlab } from './harness'

const cases = programCases(join(import.meta.dirname, 'pinlab-only'))

describe('PinLab-only programs', () => {
  it('the folder has programs', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

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
})
