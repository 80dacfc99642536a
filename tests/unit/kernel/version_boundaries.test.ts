/**
 * Every feature in electron/kernel/version.ts that is not already covered by the era table or
 * the scenarios, tested at the supported versions on both sides of its boundary — plus a check
 * that the table itself names a boundary for each feature.
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, expectConsistent, makeFile, mmapAnon, mmapFile, pfnAt, writableAt } from './helpers'
import {
  EEXIST, EINVAL, EOPNOTSUPP, FEATURES, FOLL_FORCE, FOLL_GET, FOLL_LONGTERM, FOLL_NOFAULT, FOLL_TOUCH, FOLL_WRITE, MADV_COLD,
  MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_KEEPONFORK, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_WIPEONFORK,
  MAP_ANONYMOUS, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_SHARED_VALIDATE, MMF_HAS_PINNED, PROT_READ, PROT_WRITE,
  RLIMIT_MEMLOCK, VM_FAULT_WRITE, ZERO_PFN, featureIn, versionsAround, type Feature
} from '../../../electron/kernel'

describe('the feature table', () => {
  it('names a commit for every feature and a supported version on at least one side of each boundary', () => {
    for (const name of Object.keys(FEATURES) as Feature[]) {
      const f = FEATURES[name] as { commit: string; until?: string }
      expect(f.commit.length).toBeGreaterThan(10)
      const a = versionsAround(name)
      expect(a.before !== undefined || a.after !== undefined).toBe(true)
      if (f.until) expect(featureIn(f.until, name)).toBe(false)
    }
  })
  it('has() agrees with the table', () => {
    const { k } = boot({ version: '5.10' })
    expect(k.has('refcountReuse')).toBe(true)
    expect(k.has('anonExclusive')).toBe(false)
    expect(k.has('followCow')).toBe(true)
    expect(boot({ version: '6.1' }).k.has('followCow')).toBe(false)
  })
})

describe('4g Dirty COW: FOLL_FORCE write racing MADV_DONTNEED (followCow 4.9, forceWriteNeedsAnonExclusive 6.0)', () => {
  function race(version: string) {
    const { k, t } = boot({ version: version as never })
    const { m, f } = makeFile(k, { fill: 0x41, write: false })
    const a = mmapFile(k, t, f, 1, PROT_READ, false)
    let zapped = false
    let faults = 0
    // Before 6.0 the fault that broke COW reports VM_FAULT_WRITE; 6.0+ has no such report, so
    // thread B strikes after the first fault instead.
    const reportsCowBreak = !k.has('forceWriteNeedsAnonExclusive')
    k.hooks.gupAfterFault = ({ ret }) => {
      faults++
      // Thread B: madvise(MADV_DONTNEED) right after the fault that broke COW.
      if (!zapped && (reportsCowBreak ? (ret & VM_FAULT_WRITE) !== 0 : faults === 1)) {
        zapped = true
        expect(k.madvise(t, a, 4096, MADV_DONTNEED)).toBe(0)
      }
    }
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, pages)).toBe(1)
    k.hooks = {}
    k.dma_write(pages[0]!, 0, new Uint8Array([0x58]), 1) // the /proc/self/mem write
    k.put_user_page(pages[0]!)
    expectConsistent(k)
    return { pageCache: dmaByte(k, m.i_pages.get(0) - 1), process: k.uaccess(t).readU8(a) }
  }
  it('4.4 (FOLL_WRITE dropped after COW): the write lands in the page cache — the file is corrupted', () => {
    expect(race('4.4').pageCache).toBe(0x58)
  })
  it('4.19 (FOLL_COW + pte_dirty): the write lands in a private anon copy — the file is intact', () => {
    expect(race('4.19')).toEqual({ pageCache: 0x41, process: 0x58 })
  })
  it('5.10 (FOLL_COW): the file is intact', () => {
    expect(race('5.10').pageCache).toBe(0x41)
  })
  it('6.1 (anon-exclusive check): the file is intact', () => {
    expect(race('6.1')).toEqual({ pageCache: 0x41, process: 0x58 })
  })
  it('5.10 needs a second fault to set FOLL_COW; 6.1 follows the exclusive anon copy after one fault', () => {
    const count = (version: string): number => {
      const { k, t } = boot({ version: version as never })
      const { f } = makeFile(k, { write: false })
      const a = mmapFile(k, t, f, 1, PROT_READ, false)
      const before = k.vmstat.pgfault
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_FORCE, [])).toBe(1)
      return k.vmstat.pgfault - before
    }
    expect(count('5.10')).toBe(2)
    expect(count('6.1')).toBe(1)
  })
})

describe('GUP API per version', () => {
  it('get_user_pages_longterm exists in 4.19 and not in 4.4 or 5.4 (replaced by FOLL_LONGTERM)', () => {
    for (const [version, ok] of [['4.4', false], ['4.19', true], ['5.4', false]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.get_user_pages_longterm(t, a, 1, FOLL_WRITE, [])).toBe(ok ? 1 : -EINVAL)
    }
  })
  it('FOLL_LONGTERM is rejected in 4.19 and accepted with FOLL_GET in 5.4', () => {
    for (const [version, want] of [['4.19', -EINVAL], ['5.4', 1]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, [])).toBe(want)
    }
  })
  it('6.1: get_user_pages(FOLL_LONGTERM) with FOLL_GET is still legal; 6.6 (is_valid_gup_args): -EINVAL', () => {
    for (const [version, want] of [['6.1', 1], ['6.6', -EINVAL]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.get_user_pages(t, a, 1, FOLL_LONGTERM, [])).toBe(want)
      expectConsistent(k)
    }
  })
  it('pin_user_pages(FOLL_GET): 6.1 returns -EINVAL, 6.6 returns 0 (pinned nothing); pin_user_pages_fast returns -EINVAL in both', () => {
    for (const [version, want] of [['6.1', -EINVAL], ['6.6', 0]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.pin_user_pages(t, a, 1, FOLL_GET, [])).toBe(want)
      expect(k.pin_user_pages_fast(t, a, 1, FOLL_GET, [])).toBe(-EINVAL)
      expectConsistent(k)
    }
  })
  it('internal flags from a caller: accepted before 6.3 (FOLL_TOUCH was public), refused from 6.3', () => {
    for (const [version, want] of [['6.1', 1], ['6.6', -EINVAL]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.get_user_pages(t, a, 1, FOLL_TOUCH, [])).toBe(want)
    }
  })
})

describe('MMF_HAS_PINNED / has_pinned', () => {
  function pinned(version: string) {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, 0, pages)).toBe(1)
    k.unpin_user_pages(pages)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    expectConsistent(k)
    return { field: t.mm!.has_pinned, bit: (t.mm!.flags & (1 << MMF_HAS_PINNED)) !== 0, childBit: (c.mm!.flags & (1 << MMF_HAS_PINNED)) !== 0, childField: c.mm!.has_pinned }
  }
  it('5.8: no such state', () => expect(pinned('5.8')).toEqual({ field: false, bit: false, childBit: false, childField: false }))
  it('5.10: mm->has_pinned set (and kept after unpin), not inherited', () => expect(pinned('5.10')).toEqual({ field: true, bit: false, childBit: false, childField: false }))
  it('6.1: MMF_HAS_PINNED bit set (and kept), not inherited', () => expect(pinned('6.1')).toMatchObject({ bit: true, childBit: false }))
})

describe('mprotect writable-exclusive optimization (5.19)', () => {
  for (const [version, writable] of [['5.10', false], ['6.1', true]] as const) {
    it(`${version}: after mprotect(R) + mprotect(RW) an exclusive anon page is ${writable ? 'writable at once' : 'still read-only until a write fault'}`, () => {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      k.uaccess(t).writeU8(a, 1)
      k.mprotect(t, a, 4096, PROT_READ)
      expect(writableAt(k, t, a)).toBe(false)
      k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)
      expect(writableAt(k, t, a)).toBe(writable)
      expectConsistent(k)
    })
  }
})

describe('RLIMIT_MEMLOCK default (5.16: 8 MiB)', () => {
  for (const [version, bytes] of [['5.10', 64 * 1024], ['6.1', 8 * 1024 * 1024]] as const) {
    it(`${version}: getrlimit(RLIMIT_MEMLOCK) = ${bytes}`, () => {
      const { k, t } = boot({ version })
      expect(k.getrlimit(t, RLIMIT_MEMLOCK)).toEqual([bytes, bytes])
    })
  }
})

describe('madvise advice per version', () => {
  it('MADV_WIPEONFORK: 4.4 -EINVAL; 4.19 the child sees zeros, the parent keeps its data', () => {
    {
      const { k, t } = boot({ version: '4.4' })
      const a = mmapAnon(k, t, 1)
      expect(k.madvise(t, a, 4096, MADV_WIPEONFORK)).toBe(-EINVAL)
    }
    const { k, t } = boot({ version: '4.19' })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 5)
    expect(k.madvise(t, a, 4096, MADV_WIPEONFORK)).toBe(0)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    expect(k.uaccess(c).readU8(a)).toBe(0)
    expect(k.uaccess(t).readU8(a)).toBe(5)
    expect(k.madvise(t, a, 4096, MADV_KEEPONFORK)).toBe(0)
    expectConsistent(k)
  })
  it('MADV_COLD: 4.19 -EINVAL, 5.4 accepted', () => {
    for (const [version, want] of [['4.19', -EINVAL], ['5.4', 0]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      expect(k.madvise(t, a, 4096, MADV_COLD)).toBe(want)
    }
  })
  it('MADV_POPULATE_READ/WRITE: 5.10 -EINVAL; 6.1 populate (read maps the zero page, write allocates)', () => {
    {
      const { k, t } = boot({ version: '5.10' })
      const a = mmapAnon(k, t, 1)
      expect(k.madvise(t, a, 4096, MADV_POPULATE_READ)).toBe(-EINVAL)
    }
    const { k, t } = boot({ version: '6.1' })
    const a = mmapAnon(k, t, 2)
    expect(k.madvise(t, a, 4096, MADV_POPULATE_READ)).toBe(0)
    expect(pfnAt(k, t, a)).toBe(ZERO_PFN)
    expect(k.madvise(t, a + 4096, 4096, MADV_POPULATE_WRITE)).toBe(0)
    expect(writableAt(k, t, a + 4096)).toBe(true)
    const ro = mmapAnon(k, t, 1, PROT_READ)
    expect(k.madvise(t, ro, 4096, MADV_POPULATE_WRITE)).toBe(-EINVAL)
    expectConsistent(k)
  })
  it('MADV_DONTNEED_LOCKED: 5.10 -EINVAL; 6.1 zaps an mlocked range where MADV_DONTNEED gives -EINVAL', () => {
    {
      const { k, t } = boot({ version: '5.10' })
      const a = mmapAnon(k, t, 1)
      expect(k.madvise(t, a, 4096, MADV_DONTNEED_LOCKED)).toBe(-EINVAL)
    }
    const { k, t } = boot({ version: '6.1' })
    const a = mmapAnon(k, t, 1)
    expect(k.mlock(t, a, 4096)).toBe(0)
    expect(k.madvise(t, a, 4096, MADV_DONTNEED)).toBe(-EINVAL)
    expect(k.madvise(t, a, 4096, MADV_DONTNEED_LOCKED)).toBe(0)
    expect(pfnAt(k, t, a)).toBe(-1)
    expectConsistent(k)
  })
})

describe('mmap flags per version', () => {
  it('MAP_FIXED_NOREPLACE: 4.4 treats it as a hint (another address); 4.19 -EEXIST over a mapping', () => {
    for (const [version, exists] of [['4.4', false], ['4.19', true]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      const r = k.mmap(t, a, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE)
      if (exists) expect(r).toBe(-EEXIST)
      else {
        expect(r).toBeGreaterThan(0)
        expect(r).not.toBe(a)
      }
    }
  })
  it('MAP_SHARED_VALIDATE with an unknown flag: 4.4 -EINVAL (type 3 unknown), 4.19 -EOPNOTSUPP', () => {
    for (const [version, want] of [['4.4', -EINVAL], ['4.19', -EOPNOTSUPP]] as const) {
      const { k, t } = boot({ version })
      const { f } = makeFile(k)
      expect(k.mmap(t, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, f, 0)).toBe(want)
    }
  })
})

describe('shared file mappings and dirty tracking', () => {
  it('a write through a MAP_SHARED ext4 mapping dirties the page cache page; folio_clear_dirty_for_io write-protects it again', async () => {
    const { folio_clear_dirty_for_io, PG_dirty } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '6.18' })
    const { m, f } = makeFile(k, { fill: 0 })
    const a = mmapFile(k, t, f, 1, PROT_READ | PROT_WRITE, true)
    expect(k.uaccess(t).readU8(a)).toBe(0)
    expect(writableAt(k, t, a)).toBe(false)
    k.uaccess(t).writeU8(a, 3)
    const pfn = m.i_pages.get(0) - 1
    expect(pfnAt(k, t, a)).toBe(pfn)
    expect(k.phys.flags.get(pfn) & PG_dirty).toBeTruthy()
    expect(m.nrDirty).toBe(1)
    expect(folio_clear_dirty_for_io(k, pfn)).toBe(true)
    expect(writableAt(k, t, a)).toBe(false)
    expect(m.nrDirty).toBe(0)
    k.uaccess(t).writeU8(a, 4)
    expect(m.nrDirty).toBe(1)
    expect(dmaByte(k, pfn)).toBe(4)
    expectConsistent(k)
  })
})

describe('access_remote_vm (/proc/PID/mem, ptrace)', () => {
  it('writes into a read-only private file mapping of another process via a COW copy; the file is untouched', async () => {
    const { access_remote_vm } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '6.18' })
    const { m, f } = makeFile(k, { fill: 0x41, write: false })
    const a = mmapFile(k, t, f, 1, PROT_READ, false)
    const debugger_ = k.createProcess({ comm: 'gdb' })
    const buf = new Uint8Array([1, 2, 3])
    expect(access_remote_vm(k, t, a + 4094, buf, 3, true, FOLL_FORCE)).toBe(2) // stops at the end of the mapping
    expect(k.uaccess(t).readU16(a + 4094)).toBe(0x0201)
    expect(dmaByte(k, m.i_pages.get(0) - 1, 4094)).toBe(0x41)
    const out = new Uint8Array(2)
    expect(access_remote_vm(k, t, a + 4094, out, 2, false, FOLL_FORCE)).toBe(2)
    expect([...out]).toEqual([1, 2])
    expect(access_remote_vm(k, t, a, new Uint8Array(1), 1, true, 0)).toBe(0) // without FOLL_FORCE: -EFAULT on the first page
    expect(debugger_.pid).toBeGreaterThan(t.pid)
    expectConsistent(k)
  })
})

describe('GUP-fast flag mask per version', () => {
  const run = (version: string, flags: number): number => {
    const { k, t } = boot({ version: version as never })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    return k.get_user_pages_fast(t, a, 1, flags, [])
  }
  it('FOLL_FORCE: 4.19 -EINVAL (only the write bool existed), 5.4 accepted (gup_flags, 5.2)', () => {
    expect(run('4.19', FOLL_FORCE)).toBe(-EINVAL)
    expect(run('4.19', FOLL_WRITE)).toBe(1)
    expect(run('5.4', FOLL_FORCE)).toBe(1)
  })
  it('FOLL_NOFAULT: 5.10 -EINVAL, 6.1 accepted (5.16)', () => {
    expect(run('5.10', FOLL_NOFAULT)).toBe(-EINVAL)
    expect(run('6.1', FOLL_NOFAULT)).toBe(1)
  })
  it('FOLL_PCI_P2PDMA (6.2) and FOLL_HONOR_NUMA_FAULT (6.6): 6.1 -EINVAL, 6.6 accepted', async () => {
    const { FOLL_PCI_P2PDMA, FOLL_HONOR_NUMA_FAULT } = await import('../../../electron/kernel')
    expect(run('6.1', FOLL_PCI_P2PDMA)).toBe(-EINVAL)
    expect(run('6.6', FOLL_PCI_P2PDMA)).toBe(1)
    expect(run('6.1', FOLL_HONOR_NUMA_FAULT)).toBe(-EINVAL)
    expect(run('6.6', FOLL_HONOR_NUMA_FAULT)).toBe(1)
  })
})
