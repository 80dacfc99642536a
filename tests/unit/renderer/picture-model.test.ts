/**
 * The memory picture's rows (renderer/src/components/memory/picture-model.ts) from hand-built
 * views: words for frames and divergences, which rows each kind of change marks, the cap on
 * "mapped by" lists, per-page rows of an expansion, and the TSV export.
 */
import { describe, expect, it } from 'vitest'
import {
  MAX_MAPPERS_LISTED, buildPictureModel, divergenceText, holderPageRowsOf, pageRowsOf, pfnText, pictureToTsv
} from '../../../renderer/src/components/memory/picture-model'
import type { ChangeRecord, HolderView } from '../../../shared/view'
import { FIXTURE_BASE_VPN as BASE, frameRun, memoryView, mrHolder, pteRun } from '../../fixtures/memory-views'

const ADDR = `0x${(BASE * 4096).toString(16)}`

describe('picture model', () => {
  it('says which frames a run reaches', () => {
    expect(pfnText({ pfn: -1, pfnStep: 0, count: 3 })).toBe('no frame')
    expect(pfnText({ pfn: 0x64, pfnStep: 0, count: 1 })).toBe('pfn 0x64')
    expect(pfnText({ pfn: 0x64, pfnStep: 1, count: 4 })).toBe('pfns 0x64–0x67')
    expect(pfnText({ pfn: 0x67, pfnStep: -1, count: 4 })).toBe('pfns 0x67–0x64')
    expect(pfnText({ pfn: 0, pfnStep: 0, count: 262144 })).toBe('pfn 0x0 (all 262,144 pages)')
  })

  it('words a divergence whether the process maps another frame, nothing, or is gone', () => {
    const mr = mrHolder(100, false)
    const remapped = memoryView([{ pid: 10, ptes: [pteRun(BASE, 4, 200)] }], [frameRun(100, 1), frameRun(200, 4)], [mr])
    expect(divergenceText(remapped, mr, mr.pages[0]!)).toBe(
      `mlx5_0 MR lkey 0x1100 still reads pfn 0x64 at ${ADDR}, but pid 10 now maps pfn 0xc8 there: the device and the CPU see different memory.`
    )
    const unmapped = memoryView([{ pid: 10, ptes: [pteRun(BASE, 4, -1)] }], [frameRun(100, 1)], [mr])
    expect(divergenceText(unmapped, mr, mr.pages[0]!)).toContain('but pid 10 maps nothing there now')
    const gone = memoryView([], [frameRun(100, 1)], [mr])
    expect(divergenceText(gone, mr, mr.pages[0]!)).toContain('but pid 10 is no longer in the picture')
  })

  it('marks the rows each change touches: new frame for a COW, old frame for an unmap, holder runs for an invalidation', () => {
    const odp: HolderView = { ...mrHolder(-1, null, [{ first: 0, count: 2, pfn: -1, pfnStep: 0, agrees: null }, { first: 2, count: 2, pfn: 102, pfnStep: 1, agrees: true }]), onDemand: true, pinned: false }
    const view = memoryView([{ pid: 10, ptes: [pteRun(BASE, 1, 200), pteRun(BASE + 1, 1, -1), pteRun(BASE + 2, 2, 102)] }], [frameRun(100, 2), frameRun(102, 2), frameRun(200, 1)], [odp])
    const changes: ChangeRecord[] = [
      { kind: 'cow', pid: 10, vpn: BASE, count: 1, oldPfn: 100, newPfn: 200 },
      { kind: 'unmap', pid: 10, vpn: BASE + 1, count: 1, oldPfn: 101 },
      { kind: 'invalidate', holder: odp.id, holderLabel: odp.label, pid: 10, vpn: BASE, count: 2, oldPfn: 100 }
    ]
    const model = buildPictureModel(view, { changes })
    const rows = model.processes[0]!.vmas[0]!.rows
    expect(rows.map((r) => r.changes)).toEqual([['cow'], ['unmap'], []])
    expect(model.frames.map((f) => [f.first, f.changes])).toEqual([[100, ['unmap', 'invalidate']], [102, []], [200, ['cow']]])
    expect(model.holders[0]!.rows.map((r) => r.changes)).toEqual([['invalidate'], []])
    expect(model.holders[0]!.rows[0]!.target).toBe('no translation')
    expect(model.holders[0]!.facts).toContain('on demand (ODP)')
    expect(rows[2]!.expand).toEqual({ pid: 10, start: (BASE + 2) * 4096, end: (BASE + 4) * 4096 })
    expect(rows[0]!.expand).toBeNull()
  })

  it('lists at most a few mappers of a frame and counts the rest', () => {
    const procs = [1, 2, 3, 4, 5, 6].map((pid) => ({ pid, ptes: [pteRun(BASE, 4, 0, { pfnStep: 0, writable: false, special: true })] }))
    const model = buildPictureModel(memoryView(procs, [frameRun(0, 1, { zero: true, anon: false, mapcount: 0 })]))
    const mapped = model.frames[0]!.mappedBy
    expect(mapped).toHaveLength(MAX_MAPPERS_LISTED + 1)
    expect(mapped[0]).toBe(`pid 1 at ${ADDR}`)
    expect(mapped.at(-1)).toBe('and 2 more')
    expect(model.frames[0]!.badges).toContain('zero page')
    expect(model.processes[0]!.vmas[0]!.rows[0]!.bits).toEqual(['present', 'read-only', 'dirty', 'special'])
  })

  it('gives per-page rows of an expansion in address order, only inside the range', () => {
    const view = memoryView([{ pid: 10, ptes: [pteRun(BASE + 2, 1, 52), pteRun(BASE, 1, 50), pteRun(BASE + 1, 1, 51), pteRun(BASE + 3, 1, -1)] }], [frameRun(50, 3, { pincount: 1 })])
    const rows = pageRowsOf(view, 10, BASE * 4096, (BASE + 3) * 4096, new Set([51]))
    expect(rows.map((r) => [r.address, r.target, r.highlighted])).toEqual([
      [ADDR, 'pfn 0x32', false],
      [`0x${((BASE + 1) * 4096).toString(16)}`, 'pfn 0x33', true],
      [`0x${((BASE + 2) * 4096).toString(16)}`, 'pfn 0x34', false]
    ])
    expect(rows[0]!.frameFacts).toBe('refcount 1 · mapcount 1 · pincount 1')
    expect(pageRowsOf(view, 99, 0, 4096)).toEqual([])
  })

  it('compares a holder run with the process page by page across loaded chunks, without repeating pages', () => {
    const chunk = (from: number, n: number, pfn: number) =>
      memoryView([{ pid: 10, ptes: Array.from({ length: n }, (_, i) => pteRun(BASE + from + i, 1, pfn + i)), pages: 0 }], [frameRun(pfn, n)])
    const run = { first: 0, count: 6, pfn: 100, pfnStep: 1 as const, agrees: false }
    const rows = holderPageRowsOf([chunk(0, 2, 100), chunk(2, 2, 300)], { run, va: BASE * 4096, holderId: 'mr' }, 10, BASE * 4096, (BASE + 4) * 4096, new Set([103]))
    expect(rows.map((r) => [r.index, r.device, r.process, r.agrees, r.highlighted])).toEqual([
      [0, 'pfn 0x64', 'pfn 0x64', true, false],
      [1, 'pfn 0x65', 'pfn 0x65', true, false],
      [2, 'pfn 0x66', 'pfn 0x12c', false, false],
      [3, 'pfn 0x67', 'pfn 0x12d', false, true]
    ])
    expect(holderPageRowsOf([], { run, va: BASE * 4096, holderId: 'mr' }, 10, BASE * 4096, (BASE + 1) * 4096)[0]!.process).toBe('nothing mapped')
  })

  it('exports every row as TSV, tabs and newlines inside a cell flattened', () => {
    const view = memoryView([{ pid: 10, ptes: [pteRun(BASE, 4, 100)], comm: 'a\tb' }], [frameRun(100, 4, { cache: '/tmp/x\ny', anon: false, cacheIndex: 8 })])
    const tsv = pictureToTsv(buildPictureModel(view))
    const lines = tsv.split('\n')
    expect(lines[2]!.split('\t')[0]).toBe('pid 10 · a b')
    expect(tsv).toContain('page cache: /tmp/x y, indexes 8–11')
    expect(lines.every((l) => l === '' || !l.includes('\r'))).toBe(true)
    expect(tsv.endsWith('\n')).toBe(true)
  })
})
