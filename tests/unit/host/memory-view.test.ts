/**
 * The memory picture's data (shared/view.ts) as the host builds it (electron/host/memory-view.ts)
 * from a machine whose kernel is driven directly, and what `diffMemoryViews` reports between two
 * instants. Version sides follow electron/kernel/version.ts (kernel-semantics.md §1–§4):
 * FAULT_FLAG_UNSHARE from 5.19 (unshareFault: 6.1 vs 5.10), early COW of pinned pages at fork from
 * 5.9 (earlyCowPinnedOnFork: 4.4 vs 6.1), io_uring buffers FOLL_GET before 5.6's FOLL_PIN
 * (5.4 vs 6.1), direct I/O's FOLL_GET → FOLL_PIN (6.1 vs 6.6).
 */
import { describe, expect, it } from 'vitest'
import { SUPPORTED_KERNELS, type KernelVersion } from '../../../shared/kernel-versions'
import {
  describeChange, diffMemoryViews, expandRuns, frameAt, pteAt, runPages, type ChangeRecord, type MemoryView
} from '../../../shared/view'
import { buildMemoryView, expandRange } from '../../../electron/host/memory-view'
import { Machine } from '../../../electron/userland/os/machine'
import {
  FOLL_FORCE, FOLL_LONGTERM, FOLL_WRITE, access_remote_vm, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MADV_DONTNEED, PROT_READ, PROT_WRITE,
  type Kernel, type TaskStruct
} from '../../../electron/kernel'
import { truncate_setsize } from '../../../electron/kernel/mm/truncate'
import { IbUcontext, ib_device_get } from '../../../electron/kernel/drivers/infiniband/core/uverbs'
import { IB_ACCESS_LOCAL_WRITE, IB_ACCESS_ON_DEMAND, IB_ACCESS_REMOTE_WRITE } from '../../../electron/kernel/drivers/infiniband/core/umem'
import { ib_umem_odp_map_dma_and_lock } from '../../../electron/kernel/drivers/infiniband/core/umem_odp'
import type { IbMr } from '../../../electron/kernel/drivers/infiniband/core/verbs'
import { gup_test_device, PIN_LONGTERM_TEST_START, PIN_LONGTERM_TEST_STOP } from '../../../electron/kernel/mm/gup_test'
import { io_uring_register, io_uring_setup, IORING_REGISTER_BUFFERS } from '../../../electron/kernel/io_uring'
import { Vfs } from '../../../electron/kernel/fs/vfs'
import { dio_complete, dio_submit, inode_dio_file, type DioRequest } from '../../../electron/kernel/fs/direct-io'
import { sys_vmsplice } from '../../../electron/kernel/fs/splice'

const PAGE = 4096

function machine(version: KernelVersion, memoryPages = 1 << 16): { m: Machine; k: Kernel; t: TaskStruct } {
  const m = new Machine({ kernel: version, memoryPages })
  const t = m.kernel.createProcess({ comm: 'lab', uid: 0 })
  m.vfs.attach(t.pid, '/')
  return { m, k: m.kernel, t }
}

function anon(k: Kernel, t: TaskStruct, pages: number, flags = 0): number {
  const a = k.mmap(t, 0, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags)
  expect(a).toBeGreaterThan(0)
  return a
}

function poke(k: Kernel, t: TaskStruct, addr: number, byte: number): void {
  expect(k.uaccess(t).writeU8(addr, byte)).toBe(0)
}

function kinds(changes: ChangeRecord[]): string[] {
  return changes.map((c) => c.kind)
}

function pfnOf(v: MemoryView, pid: number, addr: number): number {
  return pteAt(v, pid, addr / PAGE)?.pfn ?? -1
}

function regMr(k: Kernel, t: TaskStruct, addr: number, len: number, extra = 0): IbMr {
  const ctx = new IbUcontext(k, ib_device_get(k), t)
  const pd = ctx.alloc_pd()
  const mr = ctx.reg_mr(t, pd.handle, addr, len, addr, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | extra)
  if (typeof mr === 'number') throw new Error(`reg_mr: ${mr}`)
  return mr
}

describe('memory view: processes, VMAs and PTE runs', () => {
  it.each(SUPPORTED_KERNELS)('%s: a freshly booted machine gives a serialisable view with no holders', (version) => {
    const m = new Machine({ kernel: version, memoryPages: 1 << 12 })
    const v = buildMemoryView(m)
    expect(v).toMatchObject({ version: 1, kernel: version, holders: [], truncated: false })
    expect(JSON.parse(JSON.stringify(v))).toEqual(v)
    expect(diffMemoryViews(v, buildMemoryView(m))).toEqual([])
  })

  it('names VMAs and their flags, and shows unpopulated pages as one run', () => {
    const { m, k, t } = machine('6.18')
    const a = anon(k, t, 8)
    expect(k.madvise(t, a, 8 * PAGE, 10 /* MADV_DONTFORK */)).toBe(0)
    poke(k, t, a + 2 * PAGE, 1)
    const v = buildMemoryView(m, { pids: [t.pid] })
    const p = v.processes[0]!
    expect(p).toMatchObject({ pid: t.pid, comm: 'lab', uid: 0 })
    const vma = p.vmas.find((x) => x.start === a)!
    expect(vma.perms).toBe('rw-p')
    expect(vma.name).toBe('[anon]')
    expect(vma.flags).toEqual(expect.arrayContaining(['VM_READ', 'VM_WRITE', 'VM_DONTCOPY']))
    expect(vma.flags).not.toContain('VM_SHARED')
    expect(vma.ptes.map((r) => [r.first - a / PAGE, r.count, r.present])).toEqual([[0, 2, false], [2, 1, true], [3, 5, false]])
    const f = frameAt(v, vma.ptes[1]!.pfn)!
    expect(f).toMatchObject({ refcount: 1, mapcount: 1, pincount: 0, anon: true, anonExclusive: true, zero: false, cache: null, orphan: false })
  })

  it('shows reads of untouched anonymous memory as the shared zero page, one run', () => {
    const { m, k, t } = machine('6.18')
    const a = anon(k, t, 4)
    for (let i = 0; i < 4; i++) expect(k.uaccess(t).readU8(a + i * PAGE)).toBe(0)
    const v = buildMemoryView(m, { pids: [t.pid] })
    const runs = v.processes[0]!.vmas.find((x) => x.start === a)!.ptes
    expect(runs).toEqual([{ first: a / PAGE, count: 4, present: true, writable: false, dirty: false, special: true, pfn: 0, pfnStep: 0 }])
    expect(frameAt(v, 0)).toMatchObject({ zero: true, anon: false, orphan: false })
    // A write replaces one zero-page PTE by a fresh anonymous page: a COW from the zero page.
    poke(k, t, a + PAGE, 7)
    const w = buildMemoryView(m, { pids: [t.pid] })
    const c = diffMemoryViews(v, w)
    expect(c).toEqual([expect.objectContaining({ kind: 'cow', pid: t.pid, vpn: a / PAGE + 1, count: 1, oldPfn: 0 })])
    expect(describeChange(c[0]!)).toContain('Copy on write')
  })

  it('expands a range to per-page detail', () => {
    const { m, k, t } = machine('6.18')
    const a = anon(k, t, 16, MAP_POPULATE)
    const whole = buildMemoryView(m, { pids: [t.pid] })
    expect(whole.processes[0]!.vmas.find((x) => x.start === a)!.ptes).toHaveLength(1)
    const e = expandRange(m, { pid: t.pid, start: a + 4 * PAGE, end: a + 8 * PAGE })
    const ptes = e.processes[0]!.vmas[0]!.ptes
    expect(ptes.map((r) => r.count)).toEqual([1, 1, 1, 1])
    expect(ptes.map((r) => r.pfn)).toEqual(expandRuns(whole.processes[0]!.vmas.find((x) => x.start === a)!.ptes).slice(4, 8).map((r) => r.pfn))
  })
})

describe('memory view: diff', () => {
  it('reports the COW copy after fork when the parent writes, the old frame still mapped by the child', () => {
    const { m, k, t } = machine('6.18')
    const a = anon(k, t, 1)
    poke(k, t, a, 1)
    const child = k.fork(t)
    if (typeof child === 'number') throw new Error('fork')
    const before = buildMemoryView(m)
    const shared = pfnOf(before, t.pid, a)
    expect(pfnOf(before, child.pid, a)).toBe(shared)
    expect(frameAt(before, shared)).toMatchObject({ mapcount: 2, anonExclusive: false })
    poke(k, t, a, 2)
    const after = buildMemoryView(m)
    const changes = diffMemoryViews(before, after)
    const cow = changes.find((c) => c.kind === 'cow')!
    expect(cow).toMatchObject({ pid: t.pid, vpn: a / PAGE, count: 1, oldPfn: shared })
    expect(cow.newPfn).not.toBe(shared)
    expect(pfnOf(after, child.pid, a)).toBe(shared)
    expect(frameAt(after, shared)).toMatchObject({ mapcount: 1 })
    expect(changes.filter((c) => c.pid === child.pid)).toEqual([])
  })

  it('reports a COW of a whole populated region after fork as one record', () => {
    const { m, k, t } = machine('6.18')
    const a = anon(k, t, 64, MAP_POPULATE)
    expect(k.uaccess(t).fill_user(a, 1, 64 * PAGE)).toBe(0)
    const child = k.fork(t)
    if (typeof child === 'number') throw new Error('fork')
    const before = buildMemoryView(m)
    expect(k.uaccess(t).fill_user(a, 2, 64 * PAGE)).toBe(0)
    const changes = diffMemoryViews(before, buildMemoryView(m))
    expect(changes.filter((c) => c.kind === 'cow')).toEqual([
      expect.objectContaining({ pid: t.pid, vpn: a / PAGE, count: 64, oldPfn: pfnOf(before, t.pid, a) })
    ])
  })

  it('a forced write into a read-only private mapping (ptrace, /proc/PID/mem) is a COW, not an unshare', () => {
    const { m, k, t } = machine('6.18')
    const a = k.mmap(t, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(k.uaccess(t).readU8(a)).toBe(0)
    const before = buildMemoryView(m)
    expect(access_remote_vm(k, t, a, new Uint8Array([9]), 1, true, FOLL_FORCE)).toBe(1)
    const after = buildMemoryView(m)
    expect(pteAt(after, t.pid, a / PAGE)).toMatchObject({ writable: false, special: false })
    expect(kinds(diffMemoryViews(before, after))).toEqual(['cow'])
  })

  for (const version of ['5.10', '6.1'] as const) {
    it(`${version}: a R/O long-term pin of a page shared after fork ${version === '6.1' ? 'unshares it (5.19+)' : 'pins the shared page'}`, () => {
      const { m, k, t } = machine(version)
      const a = anon(k, t, 1)
      poke(k, t, a, 1)
      const child = k.fork(t)
      if (typeof child === 'number') throw new Error('fork')
      const before = buildMemoryView(m)
      const shared = pfnOf(before, t.pid, a)
      const pages: number[] = []
      expect(k.pin_user_pages(t, a, 1, FOLL_LONGTERM, pages)).toBe(1)
      const after = buildMemoryView(m)
      const changes = diffMemoryViews(before, after)
      if (version === '6.1') {
        const u = changes.find((c) => c.kind === 'unshare')!
        expect(u).toMatchObject({ pid: t.pid, vpn: a / PAGE, oldPfn: shared, newPfn: pages[0] })
        expect(pteAt(after, t.pid, a / PAGE)).toMatchObject({ writable: false, pfn: pages[0] })
        expect(frameAt(after, pages[0]!)).toMatchObject({ pincount: 1, anonExclusive: true, maybeDmaPinned: true })
        expect(describeChange(u)).toContain('read-only pin')
      } else {
        expect(kinds(changes)).toEqual(['pin'])
        expect(pages[0]).toBe(shared)
        expect(frameAt(after, shared)).toMatchObject({ pincount: 1, mapcount: 2 })
      }
      expect(changes.find((c) => c.kind === 'pin')).toMatchObject({ pfn: pages[0], before: 0, after: 1 })
    })
  }

  for (const version of ['4.4', '6.1'] as const) {
    it(`${version}: an MR registered before fork ${version === '4.4' ? 'diverges from the parent after its write' : 'stays with the parent (early COW at fork, 5.9+)'}`, () => {
      const { m, k, t } = machine(version)
      const a = anon(k, t, 2)
      poke(k, t, a, 1)
      poke(k, t, a + PAGE, 1)
      const mr = regMr(k, t, a, 2 * PAGE)
      const registered = buildMemoryView(m)
      const h = registered.holders.find((x) => x.kind === 'rdma-mr')!
      expect(h).toMatchObject({ device: 'mlx5_0', lkey: mr.lkey, pid: t.pid, va: a, pinned: version === '6.1', onDemand: false })
      expect(h.pages).toEqual([{ first: 0, count: 2, pfn: pfnOf(registered, t.pid, a), pfnStep: 1, agrees: true }])
      expect(frameAt(registered, h.pages[0]!.pfn)!.holders).toEqual([h.id])
      const child = k.fork(t)
      if (typeof child === 'number') throw new Error('fork')
      const forked = buildMemoryView(m)
      poke(k, t, a, 2)
      const written = buildMemoryView(m)
      const changes = diffMemoryViews(forked, written)
      const div = changes.filter((c) => c.kind === 'divergence')
      if (version === '4.4') {
        expect(div).toEqual([expect.objectContaining({ holder: h.id, pid: t.pid, vpn: a / PAGE, count: 1, pfn: h.pages[0]!.pfn })])
        expect(kinds(changes)).toContain('cow')
        expect(describeChange(div[0]!)).toContain('the device and the CPU see different memory')
      } else {
        expect(div).toEqual([])
        expect(written.holders.find((x) => x.id === h.id)!.pages.every((r) => r.agrees === true)).toBe(true)
      }
    })
  }

  it('6.1: gup_test PIN_LONGTERM_TEST_START is a holder; MADV_DONTNEED leaves it diverged; STOP removes it', () => {
    const { m, k, t } = machine('6.1')
    const a = anon(k, t, 2)
    poke(k, t, a, 1)
    poke(k, t, a + PAGE, 1)
    const dev = gup_test_device(k)!
    const arg = anon(k, t, 1)
    const raw = new Uint8Array(24)
    const dv = new DataView(raw.buffer)
    dv.setBigUint64(0, BigInt(a), true)
    dv.setBigUint64(8, BigInt(2 * PAGE), true)
    dv.setUint32(16, 1 /* USE_WRITE */, true)
    expect(k.uaccess(t).copy_to_user(arg, raw, 24)).toBe(0)
    const v0 = buildMemoryView(m)
    expect(dev.ioctl(t, PIN_LONGTERM_TEST_START, arg)).toBe(0)
    const v1 = buildMemoryView(m)
    expect(kinds(diffMemoryViews(v0, v1))).toEqual(['pin', 'holder-add'])
    expect(v1.holders).toEqual([expect.objectContaining({ id: 'gup_test', pid: t.pid, va: a, pinned: true })])
    expect(k.madvise(t, a, PAGE, MADV_DONTNEED)).toBe(0)
    const v2 = buildMemoryView(m)
    const c = diffMemoryViews(v1, v2)
    expect(kinds(c)).toEqual(['unmap', 'divergence'])
    expect(c[1]).toMatchObject({ holder: 'gup_test', vpn: a / PAGE, count: 1 })
    expect(dev.ioctl(t, PIN_LONGTERM_TEST_STOP, 0)).toBe(0)
    expect(kinds(diffMemoryViews(v2, buildMemoryView(m)))).toEqual(expect.arrayContaining(['unpin', 'holder-remove']))
  })

  it('an ext4 page referenced by GUP and truncated becomes an orphan: no page cache, no mapping, still referenced', () => {
    const { m, k, t } = machine('6.18')
    const mapping = k.createMapping({ kind: 'ext4', name: 'data', size: PAGE })
    const a = k.mmap(t, 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(mapping, { path: '/root/data' }), 0)
    expect(a).toBeGreaterThan(0)
    poke(k, t, a, 0x41)
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
    const v0 = buildMemoryView(m)
    expect(v0.processes.find((p) => p.pid === t.pid)!.vmas.find((x) => x.start === a)).toMatchObject({ name: '/root/data', perms: 'rw-s' })
    expect(frameAt(v0, pages[0]!)).toMatchObject({ cache: 'data', index: 0, gets: 1, orphan: false, anon: false })
    truncate_setsize(k, mapping, 0)
    const v1 = buildMemoryView(m)
    const changes = diffMemoryViews(v0, v1)
    expect(kinds(changes)).toEqual(['unmap', 'orphan'])
    expect(changes[1]).toMatchObject({ pfn: pages[0], count: 1 })
    // Shown although no PTE maps it and no device the view knows holds it: the GUP reference does.
    expect(frameAt(v1, pages[0]!)).toMatchObject({ orphan: true, cache: null, mapcount: 0, gets: 1, allocated: true })
    expect(describeChange(changes[1]!)).toContain('orphan')
    k.put_user_page(pages[0]!)
    expect(frameAt(buildMemoryView(m), pages[0]!)).toBeNull()
  })
})

describe('memory view: holders', () => {
  for (const version of ['5.4', '6.1'] as const) {
    it(`${version}: io_uring registered buffers hold their frames (${version === '5.4' ? 'FOLL_GET' : 'FOLL_PIN'})`, () => {
      const { m, k, t } = machine(version)
      const buf = anon(k, t, 2)
      poke(k, t, buf, 1)
      poke(k, t, buf + PAGE, 1)
      const scratch = anon(k, t, 1)
      const ua = k.uaccess(t)
      expect(ua.fill_user(scratch, 0, 128)).toBe(0)
      const fd = io_uring_setup(k, m.vfs, t, t.pid, 4, scratch)
      expect(fd).toBeGreaterThanOrEqual(0)
      const iov = new Uint8Array(16)
      new DataView(iov.buffer).setBigUint64(0, BigInt(buf), true)
      new DataView(iov.buffer).setBigUint64(8, BigInt(2 * PAGE), true)
      expect(ua.copy_to_user(scratch + 512, iov, 16)).toBe(0)
      expect(io_uring_register(k, m.vfs, t, t.pid, fd, IORING_REGISTER_BUFFERS, scratch + 512, 1)).toBe(0)
      const v = buildMemoryView(m)
      const h = v.holders.find((x) => x.kind === 'io_uring-buf')!
      expect(h).toMatchObject({ index: 0, pid: t.pid, va: buf, pinned: version === '6.1' })
      expect(h.pages).toEqual([{ first: 0, count: 2, pfn: pfnOf(v, t.pid, buf), pfnStep: 1, agrees: true }])
      expect(frameAt(v, h.pages[0]!.pfn)).toMatchObject(version === '6.1' ? { pincount: 1, gets: 0 } : { pincount: 0, gets: 1 })
      // Closing the (unmapped) ring frees it and its buffers: the holder goes away.
      expect(m.vfs.close(t.pid, fd)).toBe(0)
      const closed = buildMemoryView(m)
      expect(closed.holders.filter((x) => x.kind === 'io_uring-buf')).toEqual([])
      expect(kinds(diffMemoryViews(v, closed))).toEqual(version === '6.1' ? ['unpin', 'holder-remove'] : ['holder-remove'])
    })
  }

  for (const version of ['6.1', '6.6'] as const) {
    it(`${version}: an O_DIRECT read in flight holds the buffer (${version === '6.1' ? 'FOLL_GET' : 'FOLL_PIN'}) until completion`, () => {
      const m = new Machine({ kernel: version, memoryPages: 1 << 14 })
      const k = m.kernel
      const t = k.createProcess({ comm: 'dio', uid: 0 })
      const vfs = new Vfs()
      vfs.kernel = k
      vfs.now = () => k.clock
      const inode = vfs.writeFile('/data', new Uint8Array(8192).fill(0x46))
      const file = inode_dio_file(k, inode, '/data')
      const buf = anon(k, t, 1)
      poke(k, t, buf, 1)
      const src = { kernel: k, vfs }
      const v0 = buildMemoryView(src)
      const req = dio_submit(k, t, file, 'read', 0, buf, PAGE) as DioRequest
      expect(typeof req).toBe('object')
      const v1 = buildMemoryView(src)
      const h = v1.holders.find((x) => x.kind === 'odirect')!
      expect(h).toMatchObject({ id: `dio:${req.id}`, dir: 'read', pid: t.pid, va: buf, pinned: version === '6.6' })
      expect(h.label).toBe('O_DIRECT read of /data')
      expect(kinds(diffMemoryViews(v0, v1))).toEqual(version === '6.6' ? ['pin', 'holder-add'] : ['holder-add'])
      dio_complete(k, req)
      expect(kinds(diffMemoryViews(v1, buildMemoryView(src)))).toContain('holder-remove')
    })
  }

  for (const version of ['5.10', '6.18'] as const) {
  it(`${version}: vmsplice'd pages are held by the pipe (FOLL_GET, no address) and see the process's later writes`, () => {
    const { m, k, t } = machine(version)
    const buf = anon(k, t, 1)
    poke(k, t, buf, 0x61)
    const fds = m.vfs.pipe(t.pid)
    if (typeof fds === 'number') throw new Error(`pipe: ${fds}`)
    const iov = new Uint8Array(16)
    new DataView(iov.buffer).setBigUint64(0, BigInt(buf), true)
    new DataView(iov.buffer).setBigUint64(8, BigInt(PAGE), true)
    const scratch = anon(k, t, 1)
    expect(k.uaccess(t).copy_to_user(scratch, iov, 16)).toBe(0)
    const v0 = buildMemoryView(m)
    expect(sys_vmsplice(k, m.vfs, t, t.pid, fds[1], scratch, 1, 0)).toBe(PAGE)
    const v1 = buildMemoryView(m)
    const h = v1.holders.find((x) => x.kind === 'pipe')!
    const pfn = pfnOf(v1, t.pid, buf)
    expect(h).toMatchObject({ pinned: false, pid: -1, va: -1, pages: [{ first: 0, count: 1, pfn, pfnStep: 0, agrees: null }] })
    expect(frameAt(v1, pfn)).toMatchObject({ gets: 1, pincount: 0, holders: [h.id] })
    expect(kinds(diffMemoryViews(v0, v1))).toEqual(['holder-add'])
    // A reference, not a pin, and no write-protect: the PTE stays writable, so the next store does
    // not fault and lands in the frame the pipe holds (vmsplice takes a FOLL_GET reference, userspace-api.md §3.4).
    poke(k, t, buf, 0x62)
    const v2 = buildMemoryView(m)
    expect(pfnOf(v2, t.pid, buf)).toBe(pfn)
    expect(diffMemoryViews(v1, v2)).toEqual([])
    expect(v2.holders.find((x) => x.id === h.id)!.pages[0]!.pfn).toBe(pfn)
  })
  }

  it('6.1: an ODP MR shows no translation until the device faults, then MADV_DONTNEED invalidates it', () => {
    const { m, k, t } = machine('6.1')
    const a = anon(k, t, 2)
    poke(k, t, a, 1)
    poke(k, t, a + PAGE, 1)
    const mr = regMr(k, t, a, 2 * PAGE, IB_ACCESS_ON_DEMAND)
    const v0 = buildMemoryView(m)
    const h0 = v0.holders.find((x) => x.kind === 'rdma-mr')!
    expect(h0).toMatchObject({ onDemand: true, pinned: false, pages: [{ first: 0, count: 2, pfn: -1, pfnStep: 0, agrees: null }] })
    if (!('odp' in mr.umem)) throw new Error('not an ODP umem')
    expect(ib_umem_odp_map_dma_and_lock(k, mr.umem, a, 2 * PAGE, true)).toBeGreaterThanOrEqual(0)
    const v1 = buildMemoryView(m)
    expect(v1.holders.find((x) => x.id === h0.id)!.pages).toEqual([{ first: 0, count: 2, pfn: pfnOf(v1, t.pid, a), pfnStep: 1, agrees: true }])
    expect(frameAt(v1, pfnOf(v1, t.pid, a))).toMatchObject({ pincount: 0, gets: 0, holders: [h0.id] })
    expect(k.madvise(t, a + PAGE, PAGE, MADV_DONTNEED)).toBe(0)
    const c = diffMemoryViews(v1, buildMemoryView(m))
    expect(kinds(c)).toEqual(['unmap', 'invalidate'])
    expect(c[1]).toMatchObject({ holder: h0.id, vpn: a / PAGE + 1, count: 1, oldPfn: pfnOf(v1, t.pid, a + PAGE) })
    expect(describeChange(c[1]!)).toContain('invalidated')
  })

  it('a 1 GiB registered region stays a handful of runs', () => {
    const { m, k, t } = machine('6.18', (1 << 18) + (1 << 14))
    const pages = 1 << 18
    const a = anon(k, t, pages, MAP_POPULATE)
    regMr(k, t, a, pages * PAGE)
    const v = buildMemoryView(m, { pids: [t.pid] })
    const vma = v.processes[0]!.vmas.find((x) => x.start === a)!
    expect(vma.ptes).toHaveLength(1)
    expect(runPages(vma.ptes)).toBe(pages)
    const h = v.holders.find((x) => x.kind === 'rdma-mr')!
    expect(h.pages).toHaveLength(1)
    expect(runPages(h.pages)).toBe(pages)
    const mrFrames = v.frames.filter((f) => f.holders.includes(h.id))
    expect(mrFrames).toHaveLength(1)
    expect(mrFrames[0]).toMatchObject({ count: pages, pincount: 1, mapcount: 1, anonExclusive: true })
    expect(v.truncated).toBe(false)
    // A budget too small for the view says so instead of growing.
    const small = buildMemoryView(m, { pids: [t.pid], maxPagesPerRun: 1024, maxRuns: 50 })
    expect(small.truncated).toBe(true)
    expect(small.processes.reduce((n, p) => n + p.vmas.reduce((s, x) => s + x.ptes.length, 0), 0) + small.frames.length + small.holders.reduce((n, x) => n + x.pages.length, 0)).toBeLessThanOrEqual(50)
  })
})
