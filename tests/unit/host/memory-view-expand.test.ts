/**
 * `expandRange` (the picture's Expand button) on a range inside a large registered MR: the
 * process's pages come back one per run even when the MR is far bigger than the run budget,
 * because holders and their frames stay runs in an expansion (they are not what was asked for).
 */
import { describe, expect, it } from 'vitest'
import { buildMemoryView, expandRange } from '../../../electron/host/memory-view'
import { Machine } from '../../../electron/userland/os/machine'
import { MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../electron/kernel'
import { IbUcontext, ib_device_get } from '../../../electron/kernel/drivers/infiniband/core/uverbs'
import { IB_ACCESS_LOCAL_WRITE, IB_ACCESS_REMOTE_WRITE } from '../../../electron/kernel/drivers/infiniband/core/umem'
import { DEFAULT_MAX_RUNS, runPages } from '../../../shared/view'

const PAGE = 4096

describe('expandRange inside a large MR', () => {
  it('returns the per-page detail of the range although the MR has more pages than the run budget', () => {
    const m = new Machine({ kernel: '6.18', memoryPages: 1 << 16 })
    const k = m.kernel
    const t = k.createProcess({ comm: 'mr', uid: 0 })
    m.vfs.attach(t.pid, '/')
    const pages = DEFAULT_MAX_RUNS + 2048
    const a = k.mmap(t, 0, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE)
    expect(a).toBeGreaterThan(0)
    const ctx = new IbUcontext(k, ib_device_get(k), t)
    const pd = ctx.alloc_pd()
    const mr = ctx.reg_mr(t, pd.handle, a, pages * PAGE, a, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE)
    if (typeof mr === 'number') throw new Error(`reg_mr: ${mr}`)

    const whole = buildMemoryView(m, { pids: [t.pid] })
    expect(whole.truncated).toBe(false)
    expect(whole.holders[0]!.pages.length).toBeLessThan(10)

    const start = a + 100 * PAGE
    const e = expandRange(m, { pid: t.pid, start, end: start + 64 * PAGE })
    expect(e.truncated).toBe(false)
    const ptes = e.processes[0]!.vmas[0]!.ptes
    expect(ptes.map((r) => r.count)).toEqual(new Array(64).fill(1))
    expect(ptes[0]!.first).toBe(start / PAGE)
    // Every page's frame is in the answer, with the MR as its holder.
    for (const r of ptes) expect(e.frames.some((f) => f.first <= r.pfn && r.pfn < f.first + f.count && f.holders.includes(e.holders[0]!.id))).toBe(true)
    // The MR itself stays whole: all its pages, in runs.
    expect(runPages(e.holders[0]!.pages)).toBe(pages)
    expect(e.holders[0]!.pages.length).toBeLessThan(10)
  })
})
