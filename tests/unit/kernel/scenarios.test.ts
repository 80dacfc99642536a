/**
 * kernel-semantics.md §4 scenarios at the kernel API level: 4a (Roland Dreier's 2012 mail),
 * 4b (RDMA MR + fork), 4c (io_uring-style long-term pinned ring), 4h (GUP-fast racing fork).
 * Every test asserts what the process sees and what the pin holder (device DMA) sees.
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, dmaU32, expectConsistent, makeFile, mmapAnon, mmapFile, pfnAt, umemGet, umemRelease, writableAt } from './helpers'
import {
  EFAULT, FOLL_LONGTERM, FOLL_WRITE, MADV_DONTFORK, PROT_READ, PROT_WRITE, SEGV_MAPERR, SIGSEGV, SUPPORTED, ZERO_PFN,
  gup_fast_finish, gup_fast_start, type GupFastState, type Kernel, type TaskStruct
} from './scenario_imports'

function fork(k: Kernel, t: TaskStruct, hooks?: Parameters<Kernel['fork']>[1]): TaskStruct {
  const c = k.fork(t, hooks)
  if (typeof c === 'number') throw new Error(`fork failed: ${c}`)
  return c
}

describe('4a: malloc 16 untouched pages, ibv_reg_mr(REMOTE_READ), then buf[0] = 2012', () => {
  for (const version of SUPPORTED) {
    it(`${version}: with this era's ib_umem GUP flags the NIC sees 2012`, () => {
      const { k, t } = boot({ version })
      const buf = mmapAnon(k, t, 16)
      const mr = umemGet(k, t, buf, 16, false)
      expect(mr.ret).toBe(16)
      expect(new Set(mr.pages).size).toBe(16)
      expect(mr.pages.includes(ZERO_PFN)).toBe(false)
      const ua = k.uaccess(t)
      expect(ua.writeU32(buf, 2012)).toBe(0)
      expect(ua.readU32(buf)).toBe(2012)
      expect(dmaU32(k, mr.pages[0]!)).toBe(2012)
      expectConsistent(k)
      umemRelease(k, mr, false)
      expectConsistent(k)
    })
  }

  // Roland's proposed patch (write = writable, force = 0): never merged; what it would have done.
  const proposedSees: Record<string, number> = {
    '3.2': 0, '4.4': 0, '4.19': 0, '5.4': 0, '5.8': 2012, '5.10': 0, '6.1': 0, '6.6': 2012, '6.18': 2012
  }
  for (const version of SUPPORTED) {
    it(`${version}: a plain R/O long-term GUP (Roland's proposal) — NIC sees ${proposedSees[version]}`, () => {
      const { k, t } = boot({ version })
      const buf = mmapAnon(k, t, 16)
      const pages: number[] = []
      let n: number
      if (k.has('follPin')) n = k.pin_user_pages_fast(t, buf, 16, FOLL_LONGTERM, pages)
      else n = k.get_user_pages(t, buf, 16, 0, pages)
      expect(n).toBe(16)
      k.uaccess(t).writeU32(buf, 2012)
      expect(k.uaccess(t).readU32(buf)).toBe(2012)
      expect(dmaU32(k, pages[0]!)).toBe(proposedSees[version])
      expectConsistent(k)
    })
  }

  for (const version of ['3.2', '6.1', '6.6'] as const) {
    const refused = version !== '6.6'
    it(`${version}: R/O registration of a PROT_READ MAP_SHARED mapping of a read-only file ${refused ? 'fails with -EFAULT (FOLL_FORCE write, no VM_MAYWRITE / not a COW VMA)' : 'succeeds (LONGTERM only, no FOLL_WRITE)'}`, () => {
      const { k, t } = boot({ version })
      const { f } = makeFile(k, { write: false })
      const a = mmapFile(k, t, f, 2, PROT_READ, true)
      const r = umemGet(k, t, a, 2, false)
      // 3.2: the fd is read-only so VM_MAYWRITE is clear: also -EFAULT before 3.15.
      expect(r.ret).toBe(version === '6.6' ? 2 : -EFAULT)
    })
  }
})

describe('4b: register an MR read/write, fork(), the parent writes the buffer', () => {
  function setup(version: string, dontfork = false) {
    const { k, t } = boot({ version: version as never })
    const buf = mmapAnon(k, t, 4)
    const ua = k.uaccess(t)
    ua.fill_user(buf, 0x11, 4 * 4096)
    if (dontfork) expect(k.madvise(t, buf, 4 * 4096, MADV_DONTFORK)).toBe(0)
    const mr = umemGet(k, t, buf, 4, true)
    expect(mr.ret).toBe(4)
    const child = fork(k, t)
    expectConsistent(k)
    return { k, t, buf, ua, mr, child, cua: k.uaccess(child) }
  }

  for (const version of ['4.4', '5.8'] as const) {
    it(`${version}: parent writes first ⇒ parent copies; the NIC keeps the page the child now owns`, () => {
      const { k, buf, ua, mr, cua } = setup(version)
      ua.writeU8(buf, 0x22)
      expect(ua.readU8(buf)).toBe(0x22)
      expect(dmaByte(k, mr.pages[0]!)).toBe(0x11)
      // An RDMA write by the NIC lands in the child's memory.
      k.dma_write(mr.pages[0]!, 0, new Uint8Array([0x99]), 1)
      expect(cua.readU8(buf)).toBe(0x99)
      expect(ua.readU8(buf)).toBe(0x22)
      expectConsistent(k)
    })
  }
  it('5.8: child writes first ⇒ the child copies, the parent then reuses the pinned page (ordering race, no harm)', () => {
    const { k, t, buf, ua, mr, cua } = setup('5.8')
    cua.writeU8(buf, 0x33)
    ua.writeU8(buf, 0x22)
    expect(pfnAt(k, t, buf)).toBe(mr.pages[0])
    expect(dmaByte(k, mr.pages[0]!)).toBe(0x22)
    expect(cua.readU8(buf)).toBe(0x33)
    expectConsistent(k)
  })
  for (const version of ['5.10', '6.1', '6.18'] as const) {
    it(`${version}: the child gets an immediate copy at fork; the parent's pinned PTE stays writable; the NIC sees the parent`, () => {
      const { k, t, buf, ua, mr, child, cua } = setup(version)
      expect(writableAt(k, t, buf)).toBe(true)
      expect(pfnAt(k, t, buf)).toBe(mr.pages[0])
      expect(pfnAt(k, child, buf)).not.toBe(mr.pages[0])
      ua.writeU8(buf, 0x22)
      expect(dmaByte(k, mr.pages[0]!)).toBe(0x22)
      expect(cua.readU8(buf)).toBe(0x11)
      k.dma_write(mr.pages[0]!, 1, new Uint8Array([0x99]), 1)
      expect(ua.readU8(buf + 1)).toBe(0x99)
      expect(cua.readU8(buf + 1)).toBe(0x11)
      expectConsistent(k)
    })
  }
  for (const version of ['3.2', '5.8', '6.18'] as const) {
    it(`${version}: with MADV_DONTFORK the child has no mapping (SIGSEGV) and the NIC sees the parent's writes`, () => {
      const { k, t, buf, ua, mr, cua } = setup(version, true)
      expect(writableAt(k, t, buf)).toBe(true)
      ua.writeU8(buf, 0x44)
      expect(dmaByte(k, mr.pages[0]!)).toBe(0x44)
      expect(cua.readU8(buf)).toBe(-1)
      expect(cua.lastFault).toEqual({ signo: SIGSEGV, code: SEGV_MAPERR, addr: buf })
      expectConsistent(k)
    })
  }
  it('5.10: pages merely FOLL_GET-referenced are still shared at fork ⇒ the parent write diverges from the reference', () => {
    const { k, t } = boot({ version: '5.10' })
    const buf = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(buf, 0x11)
    const pages: number[] = []
    expect(k.get_user_pages(t, buf, 1, FOLL_WRITE, pages)).toBe(1)
    fork(k, t)
    ua.writeU8(buf, 0x22)
    expect(dmaByte(k, pages[0]!)).toBe(0x11)
    expectConsistent(k)
  })
  it('6.18: the parent unpinned before fork but MMF_HAS_PINNED stays set: unpinned pages are shared normally', () => {
    const { k, t } = boot({ version: '6.18' })
    const buf = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(buf, 0x11)
    const mr = umemGet(k, t, buf, 1, true)
    umemRelease(k, mr, true)
    const c = fork(k, t)
    expect(pfnAt(k, c, buf)).toBe(pfnAt(k, t, buf))
    expect(writableAt(k, t, buf)).toBe(false)
    expectConsistent(k)
  })
})

describe('4c: io_uring-style ring pinned FOLL_WRITE|FOLL_LONGTERM; the user writes ring[0]; the kernel reads', () => {
  function pinRing(k: Kernel, t: TaskStruct, ring: number, write: boolean): number[] {
    const pages: number[] = []
    expect(k.pin_user_pages(t, ring, 1, FOLL_LONGTERM | (write ? FOLL_WRITE : 0), pages)).toBe(1)
    return pages
  }
  for (const version of ['5.8', '5.10', '6.1', '6.18'] as const) {
    it(`${version}: steady state — the kernel reads fresh data`, () => {
      const { k, t } = boot({ version })
      const ring = mmapAnon(k, t, 1)
      const pages = pinRing(k, t, ring, true)
      k.uaccess(t).writeU32(ring, 7)
      expect(dmaU32(k, pages[0]!)).toBe(7)
      expectConsistent(k)
    })
  }
  const afterMprotect: Record<string, 'fresh' | 'stale'> = { '5.8': 'fresh', '5.10': 'stale', '6.1': 'fresh' }
  for (const [version, want] of Object.entries(afterMprotect)) {
    it(`${version}: after mprotect(R) + mprotect(RW), a user write leaves the kernel ${want}`, () => {
      const { k, t } = boot({ version: version as never })
      const ring = mmapAnon(k, t, 1)
      const pages = pinRing(k, t, ring, true)
      expect(k.mprotect(t, ring, 4096, PROT_READ)).toBe(0)
      expect(k.mprotect(t, ring, 4096, PROT_READ | PROT_WRITE)).toBe(0)
      k.uaccess(t).writeU32(ring, 8)
      expect(k.uaccess(t).readU32(ring)).toBe(8)
      expect(dmaU32(k, pages[0]!)).toBe(want === 'fresh' ? 8 : 0)
      expectConsistent(k)
    })
  }
  const afterFork: Record<string, 'fresh' | 'stale'> = { '5.8': 'stale', '5.10': 'fresh', '6.18': 'fresh' }
  for (const [version, want] of Object.entries(afterFork)) {
    it(`${version}: fork without MADV_DONTFORK, then a user write leaves the kernel ${want}`, () => {
      const { k, t } = boot({ version: version as never })
      const ring = mmapAnon(k, t, 1)
      const pages = pinRing(k, t, ring, true)
      fork(k, t)
      k.uaccess(t).writeU32(ring, 9)
      expect(dmaU32(k, pages[0]!)).toBe(want === 'fresh' ? 9 : 0)
      expectConsistent(k)
    })
  }
  // Case 2: R/O FOLL_LONGTERM.
  const untouched: Record<string, 'fresh' | 'stale'> = { '5.8': 'fresh', '6.1': 'stale', '6.6': 'fresh' }
  for (const [version, want] of Object.entries(untouched)) {
    it(`${version}: R/O long-term pin of an untouched ring — the kernel reads ${want} data after the user writes`, () => {
      const { k, t } = boot({ version: version as never })
      const ring = mmapAnon(k, t, 1)
      k.uaccess(t).readU8(ring)
      const pages = pinRing(k, t, ring, false)
      k.uaccess(t).writeU32(ring, 10)
      expect(dmaU32(k, pages[0]!)).toBe(want === 'fresh' ? 10 : 0)
      expectConsistent(k)
    })
  }
  const cowShared: Record<string, 'fresh' | 'stale'> = { '5.8': 'fresh', '5.10': 'stale', '6.1': 'fresh' }
  for (const [version, want] of Object.entries(cowShared)) {
    it(`${version}: R/O long-term pin of a ring page COW-shared after fork — the kernel reads ${want} data`, () => {
      const { k, t } = boot({ version: version as never })
      const ring = mmapAnon(k, t, 1)
      k.uaccess(t).writeU32(ring, 1)
      fork(k, t)
      const pages = pinRing(k, t, ring, false)
      k.uaccess(t).writeU32(ring, 11)
      expect(dmaU32(k, pages[0]!)).toBe(want === 'fresh' ? 11 : 1)
      expectConsistent(k)
    })
  }
  const privFile: Record<string, 'fresh' | 'stale'> = { '5.8': 'fresh', '6.1': 'stale', '6.6': 'fresh' }
  for (const [version, want] of Object.entries(privFile)) {
    it(`${version}: R/O long-term pin of a ring in a MAP_PRIVATE file mapping — the kernel reads ${want} data`, () => {
      const { k, t } = boot({ version: version as never })
      const { f } = makeFile(k, { fill: 0 })
      const ring = mmapFile(k, t, f, 1, PROT_READ | PROT_WRITE, false)
      k.uaccess(t).readU8(ring)
      const pages = pinRing(k, t, ring, false)
      k.uaccess(t).writeU32(ring, 12)
      expect(dmaU32(k, pages[0]!)).toBe(want === 'fresh' ? 12 : 0)
      expectConsistent(k)
    })
  }
  it('6.6: a ring in a MAP_SHARED ext4 file cannot be registered (-EFAULT); a shmem one can and stays coherent', () => {
    const { k, t } = boot({ version: '6.6' })
    const ext4 = makeFile(k, { kind: 'ext4' })
    const a = mmapFile(k, t, ext4.f, 1, PROT_READ | PROT_WRITE, true)
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, [])).toBe(-EFAULT)
    const shm = makeFile(k, { kind: 'shmem' })
    const b = mmapFile(k, t, shm.f, 1, PROT_READ | PROT_WRITE, true)
    const pages = pinRing(k, t, b, true)
    k.uaccess(t).writeU32(b, 13)
    expect(dmaU32(k, pages[0]!)).toBe(13)
    expectConsistent(k)
  })
})

describe('4h: GUP-fast racing fork; write_protect_seq', () => {
  /** Pin with pin_user_pages_fast from "another thread" inside fork's copy window for `buf`. */
  function raceInsideFork(version: string) {
    const { k, t } = boot({ version: version as never })
    const other = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(other, 1)
    expect(k.pin_user_pages(t, other, 1, 0, [])).toBe(1) // the mm has pinned before (has_pinned)
    const buf = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU32(buf, 1)
    const P = pfnAt(k, t, buf)
    const pages: number[] = []
    let st: GupFastState | number | undefined
    const child = fork(k, t, {
      afterPinCheck: (ctx) => {
        if (ctx.addr === buf && st === undefined) st = gup_fast_start(k, 'pin_user_pages_fast', t, buf, 1, FOLL_WRITE | FOLL_LONGTERM, pages)
      }
    })
    expect(typeof st).toBe('object')
    const fastGrabbed = (st as GupFastState).nrFast
    expect(gup_fast_finish(k, st as GupFastState)).toBe(1)
    ua.writeU32(buf, 2012)
    expectConsistent(k)
    return { k, P, pin: pages[0]!, fastGrabbed, process: ua.readU32(buf), device: dmaU32(k, pages[0]!), child: k.uaccess(child).readU32(buf) }
  }
  it('5.10 (before write_protect_seq): GUP-fast pins the still-writable page, fork then shares it; the parent write copies ⇒ the pin diverges into the child', () => {
    const r = raceInsideFork('5.10')
    expect(r.fastGrabbed).toBe(1)
    expect(r.pin).toBe(r.P)
    expect(r.process).toBe(2012)
    expect(r.device).toBe(1)
    expect(r.child).toBe(1)
  })
  it('6.1 (write_protect_seq): GUP-fast sees an odd sequence, grabs nothing, falls back to the slow path after fork ⇒ coherent', () => {
    const r = raceInsideFork('6.1')
    expect(r.fastGrabbed).toBe(0)
    expect(r.process).toBe(2012)
    expect(r.device).toBe(2012)
    expect(r.child).toBe(1)
  })
  it('6.1: a fork that completes between the lockless walk and its re-check makes GUP-fast drop its pins and redo them in the slow path', () => {
    const { k, t } = boot({ version: '6.1' })
    const buf = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU32(buf, 1)
    const pages: number[] = []
    const st = gup_fast_start(k, 'pin_user_pages_fast', t, buf, 1, FOLL_WRITE | FOLL_LONGTERM, pages) as GupFastState
    expect(st.nrFast).toBe(1)
    const child = fork(k, t)
    // The page was maybe-pinned at fork time: the child got a copy, the parent kept it.
    expect(pfnAt(k, child, buf)).not.toBe(pfnAt(k, t, buf))
    expect(gup_fast_finish(k, st)).toBe(1)
    expect(k.vmstat.nr_foll_pin_acquired).toBe(2)
    expect(k.vmstat.nr_foll_pin_released).toBe(1)
    ua.writeU32(buf, 2012)
    expect(dmaU32(k, pages[0]!)).toBe(2012)
    expectConsistent(k)
  })
})
