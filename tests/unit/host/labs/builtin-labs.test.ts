import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { discoverPacks } from '../../../../electron/host/labs/catalog'
import { LabRunner } from '../../../../electron/host/labs/lab-runner'
import { loadPackFromPath } from '../../../../electron/host/labs/pack-loader'
import { openVerifySession } from '../../../../electron/host/labs/verify-session'

const LABS = fileURLToPath(new URL('../../../../labs', import.meta.url))

describe('the built-in curriculum', () => {
  it('replays every solution of every built-in lab and passes every check', async () => {
    const sources = await discoverPacks(LABS)
    expect(sources.length).toBeGreaterThan(0)
    for (const source of sources) {
      const pack = await loadPackFromPath(source)
      const report = await new LabRunner().verify(pack, openVerifySession)
      const failures = report.labs.flatMap((l) => l.steps.filter((s) => !s.ok).map((s) => `${l.labId}/${s.stepId}: ${s.problems.join('\n')}`))
      expect(failures).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.labs.every((l) => l.steps.length > 0)).toBe(true)
    }
  })
})
