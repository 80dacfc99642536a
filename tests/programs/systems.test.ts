/**
 * Systems programs: each tests/programs/systems/NAME.c runs in PinLab at --kernel 6.18 and must
 * print exactly NAME.expected (and exit with NAME.status), which is what it prints natively on
 * this Linux 6.18 machine (regen-systems.sh). Where the reference says a version behaves
 * differently, NAME.<version>.expected holds that version's output and is asserted too. When gcc
 * is present the native run is repeated, so an expectation can never drift from the real kernel.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { haveGcc, programCases, runInPinlab, runNative } from './harness'

const cases = programCases(join(import.meta.dirname, 'systems'))

describe('systems programs', () => {
  it('gcc is installed for the differential check (.ci/run installs it)', () => {
    expect(haveGcc).toBe(true)
  })

  for (const c of cases) {
    it(`${c.name}: PinLab at 6.18 prints what Linux 6.18 prints`, async () => {
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

    it(`${c.name}: the native run still matches NAME.expected`, () => {
      const r = runNative(c.file, c.name)
      expect(r.stdout).toBe(c.expected)
      expect(r.status).toBe(c.status)
    })
  }
})
