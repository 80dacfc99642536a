/**
 * RDMA programs (tests/programs/rdma, see its README): scenarios that need an RDMA device, which
 * this machine lacks natively. Each NAME.c runs in PinLab at 6.18 against NAME.expected and at
 * every NAME.<version>.expected version; the expectations are written from the reference section
 * the program cites (kernel-semantics.md §4a/§4b, userspace-api.md §1).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { programCases, runInPinlab } from './harness'

const cases = programCases(join(import.meta.dirname, 'rdma'))

describe('RDMA programs', () => {
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
