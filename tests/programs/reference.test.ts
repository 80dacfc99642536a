/**
 * Reference programs: C programs whose outcome can only be checked against the reference, not
 * natively (this machine's kernel lacks the interface — e.g. CONFIG_GUP_TEST — or the program
 * is about another kernel version). Each tests/programs/reference/NAME.c has one
 * NAME.<version>.expected per version it asserts, written from kernel-semantics.md and cited in
 * the program's comment; PinLab at that version must print exactly that.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { programCases, runInPinlab } from './harness'

const cases = programCases(join(import.meta.dirname, 'reference'))

describe('reference programs', () => {
  it('every program asserts at least two kernel versions (both sides of a change)', () => {
    for (const c of cases) expect(c.perVersion.length, c.name).toBeGreaterThanOrEqual(2)
  })

  for (const c of cases) {
    for (const v of c.perVersion) {
      it(`${c.name} at ${v.kernel}`, async () => {
        const r = await runInPinlab(c.file, v.kernel)
        expect(r.stdout, r.stderr).toBe(v.expected)
        expect(r.status).toBe(v.status)
      })
    }
  }
})
