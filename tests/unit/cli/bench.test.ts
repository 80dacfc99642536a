import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatBench, runBench } from '../../../electron/cli/bench/bench'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * The benchmark's shape, not its speed (speed is measured by `npm run pinlab -- bench`, never by
 * a timed unit test): every figure issue 9 names is present, measured, and judged.
 */
describe('pinlab bench', () => {
  it('reports every named measurement with a target, on a small region without the native comparison', async () => {
    const report = await runBench({ repoRoot: root, pages: 64, native: false })
    expect(report.kernel).toBe('6.18')
    expect(report.results.map((r) => r.name)).toEqual([
      'anon_write_fault',
      'anon_read_fault_zero',
      'fork',
      'cow_copy',
      'mprotect',
      'munmap',
      'pin_longterm',
      'reg_mr',
      'c_touch',
      'c_compute',
      'view'
    ])
    for (const r of report.results) {
      expect(r.ms, r.name).toBeGreaterThan(0)
      expect(r.target, r.name).toBeTruthy()
      expect(typeof r.pass, r.name).toBe('boolean')
    }
    // Without a native figure a per-page comparison cannot pass: it says why instead.
    const fault = report.results.find((r) => r.name === 'anon_write_fault')!
    expect(fault.pass).toBe(false)
    expect(fault.note).toContain('native comparison not requested')
    expect(report.pass).toBe(false)
    expect(formatBench(report)).toMatch(/anon_write_fault\s+\d/)
    expect(JSON.parse(JSON.stringify(report)).results).toHaveLength(11)
  }, 60_000)
})
