/**
 * kernel-semantics.md §3, the per-era table: one describe per row, each tested at the supported
 * versions on both sides of every change in that row. Test names say what is asserted, in the
 * style of tools/testing/selftests/mm/cow.c.
 */
import { describe, expect, it } from 'vitest'
import {
  boot, dmaByte, expectConsistent, makeFile, mmapAnon, mmapFile, pfnAt, umemGet, writableAt
} from './helpers'
import {
  EFAULT, EINVAL, ENOMEM, EOPNOTSUPP, EAGAIN, FOLL_FORCE, FOLL_GET, FOLL_LONGTERM, FOLL_WRITE, GUP_PIN_COUNTING_BIAS,
  MADV_DONTFORK, MIGRATE_CMA, PG_anon, PG_anon_exclusive, PROT_READ, PROT_WRITE, ZERO_PFN, ZONE_MOVABLE, type Kernel,
  type TaskStruct
} from '../../../electron/kernel'
import { migrate_folio } from '../../../electron/kernel/mm/migrate'

const isAnon = (k: Kernel, pfn: number): boolean => (k.phys.flags.get(pfn) & PG_anon) !== 0
const isAE = (k: Kernel, pfn: number): boolean => (k.phys.flags.get(pfn) & PG_anon_exclusive) !== 0

function childOf(k: Kernel, t: TaskStruct): TaskStruct {
  const c = k.fork(t)
  if (typeof c === 'number') throw new Error(`fork failed ${c}`)
  return c
}

describe('§3 row: write fault on a COW-shared anon page — reuse rule', () => {
  // A page that was shared with a child which exited: mapped R/O, mapcount 1, plus one GET ref.
  function sharedThenAlone(version: '5.8' | '5.10' | '6.1', extraGet: boolean) {
    const { k, t } = boot({ version })
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(a, 1)
    const p = pfnAt(k, t, a)
    const c = childOf(k, t)
    k.exit(c)
    expect(writableAt(k, t, a)).toBe(false)
    const pages: number[] = []
    if (extraGet) expect(k.get_user_pages(t, a, 1, 0, pages)).toBe(1)
    ua.writeU8(a, 2)
    expectConsistent(k)
    return { k, t, a, p, pages, reused: pfnAt(k, t, a) === p }
  }

  it('5.8 (mapcount rule): an extra GUP reference is ignored — the page is reused', () => {
    expect(sharedThenAlone('5.8', true).reused).toBe(true)
  })
  it('5.10 (refcount rule): an extra GUP reference forces a copy', () => {
    expect(sharedThenAlone('5.10', true).reused).toBe(false)
  })
  it('5.10 (refcount rule): without extra references the page is reused', () => {
    expect(sharedThenAlone('5.10', false).reused).toBe(true)
  })
  it('6.1 (anon-exclusive rule): a non-exclusive page with an extra reference is copied, and the copy is exclusive', () => {
    const r = sharedThenAlone('6.1', true)
    expect(r.reused).toBe(false)
    expect(isAE(r.k, pfnAt(r.k, r.t, r.a))).toBe(true)
  })
  it('6.1 (anon-exclusive rule): a non-exclusive page without extra references is reused and becomes exclusive', () => {
    const r = sharedThenAlone('6.1', false)
    expect(r.reused).toBe(true)
    expect(isAE(r.k, r.p)).toBe(true)
  })
})

describe('§3 row: read fault on untouched private anon maps the shared zero page', () => {
  for (const version of ['3.2', '5.8', '6.18'] as const) {
    it(`${version}: read of untouched memory maps the zero page read-only and reads 0`, () => {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 2)
      expect(k.uaccess(t).readU32(a + 8)).toBe(0)
      expect(pfnAt(k, t, a)).toBe(ZERO_PFN)
      expect(writableAt(k, t, a)).toBe(false)
      expectConsistent(k)
    })
  }
})

describe('§3 row: GUP FOLL_GET read of the zero page', () => {
  function run(version: '5.4' | '5.8' | '5.10' | '6.18') {
    const { k, t } = boot({ version })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).readU8(a)
    const before = k.phys.refcount.get(ZERO_PFN)
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, 0, pages)).toBe(1)
    expectConsistent(k)
    return { k, t, a, pfn: pages[0]!, delta: k.phys.refcount.get(ZERO_PFN) - before }
  }
  it('5.4: returns the zero page with +1 reference', () => {
    const r = run('5.4')
    expect(r.pfn).toBe(ZERO_PFN)
    expect(r.delta).toBe(1)
  })
  it('5.8: COW mapping ⇒ forced write fault ⇒ a private page, now mapped by the process', () => {
    const r = run('5.8')
    expect(r.pfn).not.toBe(ZERO_PFN)
    expect(pfnAt(r.k, r.t, r.a)).toBe(r.pfn)
  })
  for (const v of ['5.10', '6.18'] as const) {
    it(`${v}: returns the zero page with +1 reference (FOLL_GET never unshares)`, () => {
      const r = run(v)
      expect(r.pfn).toBe(ZERO_PFN)
      expect(r.delta).toBe(1)
    })
  }
})

describe('§3 row: FOLL_PIN R/O of the zero page in a COW mapping', () => {
  function run(version: string, longterm: boolean) {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).readU8(a)
    const before = k.phys.refcount.get(ZERO_PFN)
    const pages: number[] = []
    const ret = k.pin_user_pages(t, a, 1, longterm ? FOLL_LONGTERM : 0, pages)
    expectConsistent(k)
    return { k, t, a, ret, pfn: pages[0], delta: k.phys.refcount.get(ZERO_PFN) - before }
  }
  it('5.4: pin_user_pages does not exist yet (-EINVAL)', () => {
    expect(run('5.4', false).ret).toBe(-EINVAL)
  })
  it('5.8: forced COW ⇒ a private page is pinned', () => {
    const r = run('5.8', false)
    expect(r.ret).toBe(1)
    expect(r.pfn).not.toBe(ZERO_PFN)
    expect(r.k.phys.refcount.get(r.pfn!)).toBe(1 + GUP_PIN_COUNTING_BIAS)
  })
  for (const v of ['5.10', '6.1']) {
    for (const lt of [false, true]) {
      it(`${v}: ${lt ? 'long-term' : 'short-term'} pin pins the zero page (+1024)`, () => {
        const r = run(v, lt)
        expect(r.pfn).toBe(ZERO_PFN)
        expect(r.delta).toBe(GUP_PIN_COUNTING_BIAS)
      })
    }
  }
  it('6.6: long-term pin unshares to a fresh exclusive anon page mapped read-only', () => {
    const r = run('6.6', true)
    expect(r.pfn).not.toBe(ZERO_PFN)
    expect(pfnAt(r.k, r.t, r.a)).toBe(r.pfn)
    expect(writableAt(r.k, r.t, r.a)).toBe(false)
    expect(isAE(r.k, r.pfn!)).toBe(true)
    expect(r.delta).toBe(0)
  })
  it('6.6: short-term pin returns the zero page with no refcount change', () => {
    const r = run('6.6', false)
    expect(r.pfn).toBe(ZERO_PFN)
    expect(r.delta).toBe(0)
    r.k.unpin_user_page(ZERO_PFN)
    expect(r.k.phys.refcount.get(ZERO_PFN)).toBe(1)
    expectConsistent(r.k)
  })
})

describe('§3 row: R/O FOLL_PIN of a COW-shared anon page, then the parent writes', () => {
  function run(version: string) {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(a, 0x11)
    childOf(k, t)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, 0, pages)).toBe(1)
    ua.writeU8(a, 0x55)
    expectConsistent(k)
    return { process: ua.readU8(a), pin: dmaByte(k, pages[0]!) }
  }
  it('5.8: forced COW at pin time ⇒ the pin follows the parent (coherent)', () => {
    expect(run('5.8')).toEqual({ process: 0x55, pin: 0x55 })
  })
  it('5.10: the shared page is pinned ⇒ the parent write copies ⇒ the pin diverges', () => {
    expect(run('5.10')).toEqual({ process: 0x55, pin: 0x11 })
  })
  it('6.1: FAULT_FLAG_UNSHARE ⇒ an exclusive page is pinned ⇒ coherent', () => {
    expect(run('6.1')).toEqual({ process: 0x55, pin: 0x55 })
  })
})

describe('§3 row: R/O pin of an exclusive anon page mapped R/O, then the user writes', () => {
  function run(version: string) {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(a, 0x11)
    expect(k.mprotect(t, a, 4096, PROT_READ)).toBe(0)
    const pages: number[] = []
    const n = k.has('follPin') ? k.pin_user_pages(t, a, 1, 0, pages) : k.get_user_pages(t, a, 1, 0, pages)
    expect(n).toBe(1)
    expect(k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)).toBe(0)
    ua.writeU8(a, 0x66)
    expectConsistent(k)
    return { process: ua.readU8(a), pin: dmaByte(k, pages[0]!) }
  }
  it('5.4 (mapcount rule, GUP reference): the page is reused — coherent', () => {
    expect(run('5.4')).toEqual({ process: 0x66, pin: 0x66 })
  })
  it('5.8: coherent', () => {
    expect(run('5.8')).toEqual({ process: 0x66, pin: 0x66 })
  })
  it('5.10 (refcount rule): the write copies — the pin diverges', () => {
    expect(run('5.10')).toEqual({ process: 0x66, pin: 0x11 })
  })
  it('6.1 (anon-exclusive): coherent', () => {
    expect(run('6.1')).toEqual({ process: 0x66, pin: 0x66 })
  })
})

describe('§3 row: R/O long-term pin of a page-cache page in a MAP_PRIVATE file mapping, then the user writes', () => {
  function run(version: string) {
    const { k, t } = boot({ version: version as never })
    const { f } = makeFile(k, { fill: 0x41 })
    const a = mmapFile(k, t, f, 1, PROT_READ | PROT_WRITE, false)
    const ua = k.uaccess(t)
    expect(ua.readU8(a)).toBe(0x41)
    const pages: number[] = []
    const n = k.has('follPin') ? k.pin_user_pages(t, a, 1, FOLL_LONGTERM, pages) : k.get_user_pages(t, a, 1, FOLL_LONGTERM, pages)
    expect(n).toBe(1)
    ua.writeU8(a, 0x77)
    expectConsistent(k)
    return { process: ua.readU8(a), pin: dmaByte(k, pages[0]!), pinnedAnon: isAnon(k, pages[0]!) }
  }
  it('5.4: the page-cache page is pinned; the write COWs ⇒ diverges', () => {
    expect(run('5.4')).toEqual({ process: 0x77, pin: 0x41, pinnedAnon: false })
  })
  it('5.8: forced COW at pin time ⇒ coherent', () => {
    expect(run('5.8')).toEqual({ process: 0x77, pin: 0x77, pinnedAnon: true })
  })
  it('5.10: the forced COW is gone (reverted in 5.9) ⇒ the page-cache page is pinned ⇒ diverges', () => {
    expect(run('5.10')).toEqual({ process: 0x77, pin: 0x41, pinnedAnon: false })
  })
  it('6.1: non-anon pages are not unshared ⇒ diverges', () => {
    expect(run('6.1')).toEqual({ process: 0x77, pin: 0x41, pinnedAnon: false })
  })
  it('6.6: unshared to an anon page at pin time ⇒ coherent', () => {
    expect(run('6.6')).toEqual({ process: 0x77, pin: 0x77, pinnedAnon: true })
  })
})

describe('§3 row: fork with a MADV_DONTFORK range', () => {
  for (const version of ['3.2', '6.18'] as const) {
    it(`${version}: the VMA is absent in the child and the parent PTE stays writable`, () => {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 2)
      const ua = k.uaccess(t)
      ua.writeU8(a, 9)
      expect(k.madvise(t, a, 8192, MADV_DONTFORK)).toBe(0)
      const c = childOf(k, t)
      expect(writableAt(k, t, a)).toBe(true)
      expect(c.mm!.vmas.some((v) => v.start <= a && v.end > a)).toBe(false)
      expect(k.uaccess(c).readU8(a)).toBe(-1)
      expectConsistent(k)
    })
  }
})

describe('§3 row: FOLL_FORCE write to a R/O MAP_PRIVATE file mapping (ptrace, /proc/pid/mem)', () => {
  for (const version of ['4.4', '4.19', '5.10', '6.1', '6.18'] as const) {
    it(`${version}: COWs into a private anon page; the page cache is not modified`, () => {
      const { k, t } = boot({ version })
      const { m, f } = makeFile(k, { fill: 0x41, write: false })
      const a = mmapFile(k, t, f, 1, PROT_READ, false)
      const pages: number[] = []
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, pages)).toBe(1)
      expect(isAnon(k, pages[0]!)).toBe(true)
      expect(k.dma_write(pages[0]!, 0, new Uint8Array([0x58]), 1)).toBe(0)
      k.put_user_page(pages[0]!)
      expect(k.uaccess(t).readU8(a)).toBe(0x58)
      const cachePfn = m.i_pages.get(0) - 1
      expect(dmaByte(k, cachePfn)).toBe(0x41)
      expect(writableAt(k, t, a)).toBe(false)
      expectConsistent(k)
    })
  }
})

describe('§3 row: FOLL_FORCE write to a R/O MAP_SHARED mapping', () => {
  it('3.2: a VM_MAYWRITE shared mapping gets an anon COW page (pre "refuse to COW in shared areas")', () => {
    const { k, t } = boot({ version: '3.2' })
    const { f } = makeFile(k, { write: true })
    const a = mmapFile(k, t, f, 1, PROT_READ, true)
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, pages)).toBe(1)
    expect(isAnon(k, pages[0]!)).toBe(true)
    expectConsistent(k)
  })
  for (const version of ['4.4', '6.18'] as const) {
    it(`${version}: -EFAULT`, () => {
      const { k, t } = boot({ version })
      const { f } = makeFile(k, { write: true })
      const a = mmapFile(k, t, f, 1, PROT_READ, true)
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, [])).toBe(-EFAULT)
      expectConsistent(k)
    })
  }
  it('3.2: a shared mapping of a read-only fd has no VM_MAYWRITE ⇒ -EFAULT', () => {
    const { k, t } = boot({ version: '3.2' })
    const { f } = makeFile(k, { write: false })
    const a = mmapFile(k, t, f, 1, PROT_READ, true)
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, [])).toBe(-EFAULT)
  })
})

describe('§3 row: long-term pin on fs-DAX', () => {
  function run(version: string) {
    const { k, t } = boot({ version: version as never })
    const { f } = makeFile(k, { dax: true })
    const a = mmapFile(k, t, f, 2, PROT_READ | PROT_WRITE, true)
    return umemGet(k, t, a, 2, true).ret
  }
  // 4.5–4.14 allowed it (no supported version in between); 4.4 has no struct pages behind DAX
  // PTEs yet, so the GUP itself fails (3565fce3a659 "mm, x86: get_user_pages() for dax mappings").
  it('4.4: no struct page for a DAX PTE yet: the registration fails with -EFAULT', () => expect(run('4.4')).toBe(-EFAULT))
  it('4.19: get_user_pages_longterm refuses with -EOPNOTSUPP', () => expect(run('4.19')).toBe(-EOPNOTSUPP))
  it('5.4: FOLL_LONGTERM refuses with -EOPNOTSUPP', () => expect(run('5.4')).toBe(-EOPNOTSUPP))
  it('6.18: pin_user_pages_fast(FOLL_LONGTERM) refuses with -EOPNOTSUPP', () => expect(run('6.18')).toBe(-EOPNOTSUPP))
})

describe('§3 row: long-term pin on CMA / ZONE_MOVABLE pages', () => {
  function run(version: string, where: 'cma' | 'movable') {
    const mem = where === 'cma'
      ? { normalPages: 256, cmaPages: 64, movableOrder: ['cma', 'normal'] as const }
      : { normalPages: 256, movablePages: 64, movableOrder: ['movable', 'normal'] as const }
    const { k, t } = boot({ version: version as never, memory: { ...mem, movableOrder: [...mem.movableOrder] } })
    const a = mmapAnon(k, t, 2)
    const ua = k.uaccess(t)
    ua.writeU8(a, 0x21)
    const before = pfnAt(k, t, a)
    const u = umemGet(k, t, a, 2, true)
    expect(u.ret).toBe(2)
    expect(pfnAt(k, t, a)).toBe(u.pages[0])
    expect(dmaByte(k, u.pages[0]!)).toBe(0x21)
    expectConsistent(k)
    return { k, before, after: u.pages[0]! }
  }
  it('4.19: a CMA page is pinned in place', () => {
    const r = run('4.19', 'cma')
    expect(r.after).toBe(r.before)
    expect(r.k.phys.migratetype(r.after)).toBe(MIGRATE_CMA)
  })
  it('5.4: a CMA page is migrated out before pinning', () => {
    const r = run('5.4', 'cma')
    expect(r.after).not.toBe(r.before)
    expect(r.k.phys.migratetype(r.after)).not.toBe(MIGRATE_CMA)
  })
  it('5.10: a ZONE_MOVABLE page is pinned in place', () => {
    const r = run('5.10', 'movable')
    expect(r.k.phys.zone(r.after)).toBe(ZONE_MOVABLE)
  })
  it('6.1: a ZONE_MOVABLE page is migrated out before pinning', () => {
    const r = run('6.1', 'movable')
    expect(r.after).not.toBe(r.before)
    expect(r.k.phys.zone(r.after)).not.toBe(ZONE_MOVABLE)
  })
  it('6.18: migration failure (no non-movable memory left) ⇒ -ENOMEM and nothing stays pinned', () => {
    const { k, t } = boot({ version: '6.18', memory: { normalPages: 2, movablePages: 64 } })
    const a = mmapAnon(k, t, 2)
    k.uaccess(t).fill_user(a, 1, 8192)
    expect(umemGet(k, t, a, 2, true).ret).toBe(-ENOMEM)
    expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
    expectConsistent(k)
  })
  it('6.18: migration failure (an extra GUP reference) ⇒ -ENOMEM', () => {
    const { k, t } = boot({ version: '6.18', memory: { normalPages: 64, movablePages: 64 } })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    const held: number[] = []
    expect(k.get_user_pages(t, a, 1, 0, held)).toBe(1)
    expect(umemGet(k, t, a, 1, true).ret).toBe(-ENOMEM)
    expectConsistent(k)
  })
})

describe('§3 row: writable long-term pin on an ext4 MAP_SHARED mapping', () => {
  function run(version: string, kind: 'ext4' | 'shmem', fast: boolean) {
    const { k, t } = boot({ version: version as never })
    const { f } = makeFile(k, { kind })
    const a = mmapFile(k, t, f, 2, PROT_READ | PROT_WRITE, true)
    k.uaccess(t).fill_user(a, 7, 8192)
    const pages: number[] = []
    const flags = FOLL_WRITE | FOLL_LONGTERM
    const ret = fast ? k.pin_user_pages_fast(t, a, 2, flags, pages) : k.pin_user_pages(t, a, 2, flags, pages)
    expectConsistent(k)
    return ret
  }
  it('6.1: allowed', () => expect(run('6.1', 'ext4', false)).toBe(2))
  it('6.6: refused with -EFAULT (slow path)', () => expect(run('6.6', 'ext4', false)).toBe(-EFAULT))
  it('6.6: refused with -EFAULT (GUP-fast falls back, then refuses)', () => expect(run('6.6', 'ext4', true)).toBe(-EFAULT))
  it('6.6: shmem is allowed', () => expect(run('6.6', 'shmem', true)).toBe(2))
})

describe('§3 row: migration of a pinned page', () => {
  for (const version of ['4.4', '6.18'] as const) {
    it(`${version}: a page with a GUP reference cannot be migrated; without it, it can`, () => {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      k.uaccess(t).writeU8(a, 3)
      const pfn = pfnAt(k, t, a)
      const pages: number[] = []
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
      expect(migrate_folio(k, pfn, 'movable', 'test')).toBe(-EAGAIN)
      k.put_user_page(pfn)
      const np = migrate_folio(k, pfn, 'movable', 'test')
      expect(np).toBeGreaterThan(0)
      expect(pfnAt(k, t, a)).toBe(np)
      expect(k.uaccess(t).readU8(a)).toBe(3)
      expectConsistent(k)
    })
  }
})

describe('§3 row: pin accounting', () => {
  function pinOne(version: string, zero: boolean) {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    if (zero) k.uaccess(t).readU8(a)
    else k.uaccess(t).writeU8(a, 1)
    const pfn = pfnAt(k, t, a)
    const before = k.phys.refcount.get(pfn)
    const pages: number[] = []
    const n = k.has('follPin') ? k.pin_user_pages(t, a, 1, 0, pages) : k.get_user_pages(t, a, 1, FOLL_GET, pages)
    expect(n).toBe(1)
    expectConsistent(k)
    return { delta: k.phys.refcount.get(pfn) - before, acquired: k.vmstat.nr_foll_pin_acquired }
  }
  it('5.4: refcount only (+1 per GUP reference, no pin counter)', () => {
    expect(pinOne('5.4', false)).toEqual({ delta: 1, acquired: 0 })
  })
  it('5.8: FOLL_PIN adds GUP_PIN_COUNTING_BIAS and counts nr_foll_pin_acquired', () => {
    expect(pinOne('5.8', false)).toEqual({ delta: 1024, acquired: 1 })
  })
  it('6.1: the zero page is pinned like any page (+1024)', () => {
    expect(pinOne('6.1', true)).toEqual({ delta: 1024, acquired: 1 })
  })
  it('6.6: the zero page is excluded (no refcount change, not counted)', () => {
    expect(pinOne('6.6', true)).toEqual({ delta: 0, acquired: 0 })
  })
  it('folio_maybe_dma_pinned has false positives: 1024 ordinary references look pinned (5.10)', () => {
    const { k, t } = boot({ version: '5.10' })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    const held: number[] = []
    for (let i = 0; i < 1023; i++) expect(k.get_user_pages(t, a, 1, 0, held)).toBe(1)
    // refcount = 1 (mapping) + 1023 GET = 1024 ⇒ "maybe pinned": fork copies it for the child if the
    // mm ever pinned something.
    const other = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(other, 1)
    const pp: number[] = []
    expect(k.pin_user_pages(t, other, 1, 0, pp)).toBe(1)
    const c = childOf(k, t)
    expect(pfnAt(k, c, a)).not.toBe(pfnAt(k, t, a))
    expectConsistent(k)
  })
})

describe('memalloc_pin_save (5.13): pages faulted in by a long-term GUP avoid ZONE_MOVABLE', () => {
  for (const [version, migrations] of [['5.10', 0], ['6.1', 0]] as const) {
    it(`${version}: untouched memory pinned long-term lands outside ZONE_MOVABLE ${version === '6.1' ? 'directly (no migration)' : '(5.10 does not migrate MOVABLE at all: it stays there)'}`, () => {
      const { k, t } = boot({ version, memory: { normalPages: 64, movablePages: 64 } })
      const a = mmapAnon(k, t, 2)
      const pages: number[] = []
      expect(k.pin_user_pages(t, a, 2, FOLL_WRITE | FOLL_LONGTERM, pages)).toBe(2)
      expect(k.vmstat.migrate_success).toBe(migrations)
      expect(k.phys.zone(pages[0]!)).toBe(version === '6.1' ? 0 : ZONE_MOVABLE)
      expectConsistent(k)
    })
  }
})
