/**
 * shared/view.ts's pure helpers on hand-written views (no kernel): run lookup and expansion, and
 * diffMemoryViews' classification — the data the renderer's component tests will draw.
 */
import { describe, expect, it } from 'vitest'
import {
  describeChange, diffMemoryViews, expandRuns, findRun, frameAt, pteAt, runPfn, type FrameRun, type HolderView, type MemoryView,
  type PteRun
} from '../../../shared/view'

const BASE = 0x7f0000000 / 4096

function frame(first: number, count: number, facts: Partial<FrameRun> = {}): FrameRun {
  return {
    first, count, cacheIndex: -1, allocated: true, refcount: 1, mapcount: 1, pincount: 0, gets: 0, maybeDmaPinned: false, anon: true,
    anonExclusive: true, dirty: false, zero: false, kernel: false, cache: null, orphan: false, zone: 'Normal', migratetype: 'Unmovable',
    holders: [], ...facts
  }
}

function pte(first: number, count: number, pfn: number, facts: Partial<PteRun> = {}): PteRun {
  return { first, count, present: pfn >= 0, writable: true, dirty: true, special: false, pfn, pfnStep: count > 1 && pfn >= 0 ? 1 : 0, ...facts }
}

function view(procs: Array<{ pid: number; ptes: PteRun[]; writable?: boolean }>, frames: FrameRun[], holders: HolderView[] = []): MemoryView {
  return {
    version: 1, kernel: '6.18', clock: 0, truncated: false, frames, holders,
    processes: procs.map((p) => ({
      pid: p.pid, comm: 'a.out', uid: 0, mm: p.pid, exited: false,
      vmas: [{ start: BASE * 4096, end: (BASE + 4) * 4096, perms: p.writable === false ? 'r--p' : 'rw-p', flags: p.writable === false ? ['VM_READ'] : ['VM_READ', 'VM_WRITE'], name: '[anon]', pgoff: 0, ptes: p.ptes }]
    }))
  }
}

function mr(pfn: number, agrees: boolean | null): HolderView {
  return {
    id: 'mr:mlx5_0:0x1100', kind: 'rdma-mr', label: 'mlx5_0 MR lkey 0x1100', device: 'mlx5_0', lkey: 0x1100, rkey: 0x1100, pinned: true,
    pid: 10, va: BASE * 4096, onDemand: false, pages: [{ first: 0, count: 1, pfn, pfnStep: 0, agrees }]
  }
}

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
