import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PROPERTY_SEED } from '../setup/property'

describe('property tests are reproducible', () => {
  it('every fast-check run starts from the suite seed', () => {
    expect(fc.readConfigureGlobal().seed).toBe(PROPERTY_SEED)
    const draws = (): number[] => fc.sample(fc.integer(), { numRuns: 5 })
    expect(draws()).toEqual(draws())
  })
})
