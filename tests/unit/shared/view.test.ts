/**
 * shared/view.ts's pure helpers on hand-written views (no kernel): run lookup and expansion, and
 * diffMemoryViews' classification — the data the renderer's component tests will draw.
 */
import { describe, expect, it } from 'vitest'
import { describeChange, diffMemoryViews, expandRuns, findRun, frameAt, pteAt, runPfn } from '../../../shared/view'
import { FIXTURE_BASE_VPN as BASE, frameRun as frame, memoryView as view, mrHolder as mr, pteRun as pte } from '../../fixtures/memory-views'

describe('shared/view helpers', () => {
  it('finds runs, pfns and per-page expansions', () => {
    const runs = [pte(BASE, 2, 100), pte(BASE + 2, 2, -1)]
    expect(findRun(runs, BASE + 1)).toBe(runs[0])
    expect(findRun(runs, BASE + 4)).toBeNull()
    expect(runPfn(runs[0]!, 1)).toBe(101)
    expect(expandRuns(runs).map((r) => [r.first, r.pfn])).toEqual([[BASE, 100], [BASE + 1, 101], [BASE + 2, -1], [BASE + 3, -1]])
    const v = view([{ pid: 10, ptes: runs }], [frame(100, 2)])
    expect(pteAt(v, 10, BASE + 1)).toMatchObject({ present: true, pfn: 101 })
    expect(pteAt(v, 10, BASE + 9)).toBeNull()
    expect(frameAt(v, 101)).toMatchObject({ pfn: 101, mapcount: 1 })
  })

  it('classifies a COW, an unshare and a divergence', () => {
    const hole = pte(BASE + 1, 3, -1)
    // Parent 10 and child 11 share frame 100; an MR of the parent points at it.
    const shared = view(
      [{ pid: 10, ptes: [pte(BASE, 1, 100, { writable: false }), hole] }, { pid: 11, ptes: [pte(BASE, 1, 100, { writable: false }), hole] }],
      [frame(100, 1, { mapcount: 2, refcount: 1027, pincount: 1, anonExclusive: false, holders: ['mr:mlx5_0:0x1100'] })],
      [mr(100, true)]
    )
    // The parent writes: it gets frame 200; the child keeps 100, which the MR still points at.
    const written = view(
      [{ pid: 10, ptes: [pte(BASE, 1, 200), hole] }, { pid: 11, ptes: [pte(BASE, 1, 100, { writable: false }), hole] }],
      [frame(100, 1, { refcount: 1026, pincount: 1, holders: ['mr:mlx5_0:0x1100'] }), frame(200, 1)],
      [mr(100, false)]
    )
    const changes = diffMemoryViews(shared, written)
    expect(changes.map((c) => c.kind)).toEqual(['cow', 'divergence'])
    expect(changes[0]).toMatchObject({ pid: 10, vpn: BASE, oldPfn: 100, newPfn: 200 })
    expect(describeChange(changes[1]!)).toBe(
      `mlx5_0 MR lkey 0x1100 still points to frame 100, but process 10 no longer maps it at 0x${(BASE * 4096).toString(16)}: the device and the CPU see different memory.`
    )
    // A R/O pin copies into 300 and the PTE stays read-only: an unshare.
    const unshared = view(
      [{ pid: 10, ptes: [pte(BASE, 1, 300, { writable: false }), hole] }, { pid: 11, ptes: [pte(BASE, 1, 100, { writable: false }), hole] }],
      [frame(100, 1, { mapcount: 1, refcount: 1026, pincount: 1 }), frame(300, 1, { refcount: 1025, pincount: 1 })]
    )
    const u = diffMemoryViews(shared, unshared)
    expect(u.map((c) => c.kind)).toEqual(['unshare', 'pin', 'holder-remove'])
    // Nothing changed, nothing reported.
    expect(diffMemoryViews(written, written)).toEqual([])
  })
})
