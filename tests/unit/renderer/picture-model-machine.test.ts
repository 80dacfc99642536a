/**
 * The picture model of a real machine's view (electron/host/memory-view.ts), not a hand-built
 * one: on 4.4 an MR registered before fork diverges from the parent after its write (no early
 * COW of pinned pages before 5.9), and the rows say so.
 */
import { describe, expect, it } from 'vitest'
import { buildPictureModel } from '../../../renderer/src/components/memory/picture-model'
import { buildMemoryView } from '../../../electron/host/memory-view'
import { Machine } from '../../../electron/userland/os/machine'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../electron/kernel'
import { IbUcontext, ib_device_get } from '../../../electron/kernel/drivers/infiniband/core/uverbs'
import { IB_ACCESS_LOCAL_WRITE, IB_ACCESS_REMOTE_WRITE } from '../../../electron/kernel/drivers/infiniband/core/umem'
import { diffMemoryViews, pteAt } from '../../../shared/view'

const PAGE = 4096

describe('picture model of a real machine', () => {
  it('4.4: fork after reg_mr, then the parent writes: a COW row, and the MR row diverges in words', () => {
    const m = new Machine({ kernel: '4.4', memoryPages: 1 << 14 })
    const k = m.kernel
    const t = k.createProcess({ comm: 'mrfork', uid: 0 })
    m.vfs.attach(t.pid, '/')
    const a = k.mmap(t, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(k.uaccess(t).writeU8(a, 1)).toBe(0)
    expect(k.uaccess(t).writeU8(a + PAGE, 1)).toBe(0)
    const ctx = new IbUcontext(k, ib_device_get(k), t)
    const mr = ctx.reg_mr(t, ctx.alloc_pd().handle, a, 2 * PAGE, a, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE)
    if (typeof mr === 'number') throw new Error(`reg_mr: ${mr}`)
    const child = k.fork(t)
    if (typeof child === 'number') throw new Error('fork')
    const forked = buildMemoryView(m)
    expect(k.uaccess(t).writeU8(a, 2)).toBe(0)
    const written = buildMemoryView(m)
    const model = buildPictureModel(written, { changes: diffMemoryViews(forked, written) })

    const oldPfn = pteAt(forked, t.pid, a / PAGE)!.pfn
    const newPfn = pteAt(written, t.pid, a / PAGE)!.pfn
    const parentRows = model.processes.find((p) => p.pid === t.pid)!.vmas.flatMap((v) => v.rows)
    expect(parentRows.find((r) => r.first === a / PAGE)!.changes).toContain('cow')
    expect(model.frames.find((f) => f.first <= newPfn && newPfn < f.first + f.count)!.changes).toContain('cow')
    const holder = model.holders.find((h) => h.kind === 'rdma-mr')!
    const diverged = holder.rows.find((r) => r.agrees === false)!
    expect(diverged.changes).toContain('divergence')
    expect(diverged.divergence).toBe(
      `${holder.label} still reads pfn 0x${oldPfn.toString(16)} at 0x${a.toString(16)}, but pid ${t.pid} now maps pfn 0x${newPfn.toString(16)} there: the device and the CPU see different memory.`
    )
    expect(model.processes.map((p) => p.pid)).toEqual(expect.arrayContaining([t.pid, child.pid]))
  })
})
