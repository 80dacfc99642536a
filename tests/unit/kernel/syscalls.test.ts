/**
 * Syscall argument errors (shared/reference/userspace-api.md §5.2) and the memory syscalls'
 * effects: mmap/munmap/mprotect/madvise/mlock/brk/mremap/rlimits, exit with pins outstanding.
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, expectConsistent, makeFile, mmapAnon, mmapFile, pfnAt } from './helpers'
import {
  CAP_IPC_LOCK, EACCES, EAGAIN, EBUSY, EEXIST, EFAULT, EINVAL, ENOMEM, EOPNOTSUPP, EPERM, FOLL_WRITE, MADV_DONTFORK, MADV_DONTNEED,
  MADV_FREE, MADV_REMOVE, MADV_WIPEONFORK, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_HUGETLB, MAP_LOCKED,
  MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_SYNC, MREMAP_FIXED, MREMAP_MAYMOVE, PG_dirty,
  PROT_NONE, PROT_READ, PROT_WRITE, RLIMIT_MEMLOCK, RLIMIT_NOFILE, VM_LOCKED, ZERO_PFN
} from '../../../electron/kernel'

const ANON = MAP_PRIVATE | MAP_ANONYMOUS

describe('mmap errno (userspace-api §5.2)', () => {
  const { k, t } = boot()
  const { f: ro } = makeFile(k, { write: false })
  const { f: wo } = makeFile(k, { read: false })
  const cases: [string, () => number, number][] = [
    ['length 0', () => k.mmap(t, 0, 0, PROT_READ, ANON), -EINVAL],
    ['neither SHARED nor PRIVATE', () => k.mmap(t, 0, 4096, PROT_READ, MAP_ANONYMOUS), -EINVAL],
    ['offset not page-aligned', () => k.mmap(t, 0, 4096, PROT_READ, MAP_PRIVATE, ro, 100), -EINVAL],
    ['MAP_FIXED with unaligned addr', () => k.mmap(t, 0x10000001, 4096, PROT_READ, ANON | MAP_FIXED), -EINVAL],
    ['MAP_SHARED + PROT_WRITE on an O_RDONLY fd', () => k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), -EACCES],
    ['any mapping of an O_WRONLY fd', () => k.mmap(t, 0, 4096, PROT_READ, MAP_PRIVATE, wo, 0), -EACCES],
    ['MAP_HUGETLB with no huge pages', () => k.mmap(t, 0, 4096, PROT_READ, ANON | MAP_HUGETLB), -ENOMEM],
    ['length larger than the address space', () => k.mmap(t, 0, 2 ** 49, PROT_READ, ANON), -ENOMEM],
    ['MAP_SHARED_VALIDATE + unknown flag', () => k.mmap(t, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, ro, 0), -EOPNOTSUPP],
    ['MAP_SHARED_VALIDATE|MAP_SYNC on non-DAX', () => k.mmap(t, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, ro, 0), -EOPNOTSUPP],
    ['plain MAP_SHARED ignores an unknown flag', () => (k.mmap(t, 0, 4096, PROT_READ, MAP_SHARED | 0x800000, ro, 0) > 0 ? 0 : -1), 0],
    ['MAP_PRIVATE + PROT_WRITE on an O_RDONLY fd is fine (COW)', () => (k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) > 0 ? 0 : -1), 0]
  ]
  for (const [name, call, want] of cases) it(`${name} → ${want}`, () => expect(call()).toBe(want))
  it('MAP_FIXED_NOREPLACE over an existing mapping → -EEXIST', () => {
    const a = mmapAnon(k, t, 1)
    expect(k.mmap(t, a, 4096, PROT_READ, ANON | MAP_FIXED_NOREPLACE)).toBe(-EEXIST)
  })
  it('MAP_LOCKED over RLIMIT_MEMLOCK (non-root) → -EAGAIN; root may', () => {
    const { k, t } = boot({ version: '5.10' })
    expect(k.mmap(t, 0, 32 * 4096, PROT_READ, ANON | MAP_LOCKED)).toBe(-EAGAIN)
    const root = k.createProcess({ uid: 0 })
    expect(root.cred.caps).toContain(CAP_IPC_LOCK)
    expect(k.mmap(root, 0, 32 * 4096, PROT_READ, ANON | MAP_LOCKED)).toBeGreaterThan(0)
    expect(root.mm!.locked_vm).toBe(32)
    expectConsistent(k)
  })
})

describe('munmap / mprotect / madvise / mlock errno', () => {
  it('munmap: unaligned or length 0 → -EINVAL; an unmapped range is fine', () => {
    const { k, t } = boot()
    expect(k.munmap(t, 0x10000001, 4096)).toBe(-EINVAL)
    expect(k.munmap(t, 0x10000000, 0)).toBe(-EINVAL)
    expect(k.munmap(t, 0x10000000, 4096)).toBe(0)
  })
  it('mprotect: unaligned → -EINVAL, hole → -ENOMEM, bad prot → -EINVAL, len 0 → 0, PROT_WRITE on a shared O_RDONLY map → -EACCES', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 3)
    expect(k.munmap(t, a + 4096, 4096)).toBe(0)
    expect(k.mprotect(t, a + 1, 4096, PROT_READ)).toBe(-EINVAL)
    expect(k.mprotect(t, a, 3 * 4096, PROT_READ)).toBe(-ENOMEM)
    expect(k.mprotect(t, a, 4096, 0x100)).toBe(-EINVAL)
    expect(k.mprotect(t, a, 0, PROT_READ)).toBe(0)
    const { f } = makeFile(k, { write: false })
    const s = mmapFile(k, t, f, 1, PROT_READ, true)
    expect(k.mprotect(t, s, 4096, PROT_READ | PROT_WRITE)).toBe(-EACCES)
    const p = mmapFile(k, t, f, 1, PROT_READ, false)
    expect(k.mprotect(t, p, 4096, PROT_READ | PROT_WRITE)).toBe(0)
    expectConsistent(k)
  })
  it('madvise: unaligned → -EINVAL, invalid advice → -EINVAL, hole → -ENOMEM (mapped parts still processed), DONTNEED on mlocked → -EINVAL, WIPEONFORK on shared → -EINVAL, FREE on file → -EINVAL, REMOVE on private anon → -EINVAL', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 3)
    k.uaccess(t).writeU8(a, 1)
    expect(k.madvise(t, a + 1, 4096, MADV_DONTNEED)).toBe(-EINVAL)
    expect(k.madvise(t, a, 4096, 999)).toBe(-EINVAL)
    expect(k.munmap(t, a + 4096, 4096)).toBe(0)
    expect(k.madvise(t, a, 3 * 4096, MADV_DONTNEED)).toBe(-ENOMEM)
    expect(pfnAt(k, t, a)).toBe(-1)
    expect(k.madvise(t, 0x1000, 4096, MADV_DONTFORK)).toBe(-ENOMEM)
    expect(k.mlock(t, a, 4096)).toBe(0)
    expect(k.madvise(t, a, 4096, MADV_DONTNEED)).toBe(-EINVAL)
    const sh = k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS)
    expect(k.madvise(t, sh, 4096, MADV_WIPEONFORK)).toBe(-EINVAL)
    const { f } = makeFile(k)
    const fm = mmapFile(k, t, f, 1, PROT_READ, false)
    expect(k.madvise(t, fm, 4096, MADV_FREE)).toBe(-EINVAL)
    expect(k.madvise(t, fm, 4096, MADV_DONTFORK)).toBe(0)
    expect(k.madvise(t, a + 8192, 4096, MADV_REMOVE)).toBe(-EINVAL)
    expectConsistent(k)
  })
  it('mlock: hole → -ENOMEM; over RLIMIT_MEMLOCK → -ENOMEM; RLIMIT_MEMLOCK 0 → -EPERM; munlock restores locked_vm', () => {
    const { k, t } = boot({ version: '5.10' })
    const a = mmapAnon(k, t, 20)
    expect(k.mlock(t, a, 16 * 4096)).toBe(0)
    expect(t.mm!.locked_vm).toBe(16)
    expect(t.mm!.vmas.find((v) => v.start === a)!.flags & VM_LOCKED).toBeTruthy()
    expect(pfnAt(k, t, a)).toBeGreaterThan(0) // populated (write fault: COW broken up front)
    expect(k.mlock(t, a, 20 * 4096)).toBe(-ENOMEM)
    expect(k.mlock(t, 0x1000, 4096)).toBe(-ENOMEM)
    expect(k.munlock(t, a, 20 * 4096)).toBe(0)
    expect(t.mm!.locked_vm).toBe(0)
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 0, 65536)).toBe(0)
    expect(k.mlock(t, a, 4096)).toBe(-EPERM)
    expectConsistent(k)
  })
})

describe('rlimits', () => {
  it('setrlimit: soft > hard → -EINVAL; raising hard without CAP_SYS_RESOURCE → -EPERM; bad resource → -EINVAL', () => {
    const { k, t } = boot()
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 10, 5)).toBe(-EINVAL)
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 10, 2 ** 40)).toBe(-EPERM)
    expect(k.setrlimit(t, 99, 1, 1)).toBe(-EINVAL)
    expect(k.getrlimit(t, 99)).toBe(-EINVAL)
    expect(k.getrlimit(t, RLIMIT_NOFILE)).toEqual([Infinity, Infinity])
    const root = k.createProcess({ uid: 0 })
    expect(k.setrlimit(root, RLIMIT_MEMLOCK, 10, 2 ** 40)).toBe(0)
  })
  it('the child of fork inherits rlimits but not VM_LOCKED', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1)
    expect(k.mlock(t, a, 4096)).toBe(0)
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 4096, 4096)).toBe(0)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    expect(k.getrlimit(c, RLIMIT_MEMLOCK)).toEqual([4096, 4096])
    expect(c.mm!.locked_vm).toBe(0)
    expectConsistent(k)
  })
})

describe('brk and mremap', () => {
  it('brk grows and shrinks the heap; an impossible request returns the old break', () => {
    const { k, t } = boot()
    const b0 = k.brk(t, 0)
    expect(b0).toBe(t.mm!.start_brk)
    expect(k.brk(t, b0 + 10000)).toBe(b0 + 10000)
    expect(k.uaccess(t).writeU8(b0 + 9999, 1)).toBe(0)
    expect(k.brk(t, b0 + 100)).toBe(b0 + 100)
    expect(k.uaccess(t).readU8(b0 + 9999)).toBe(-1)
    k.mmap(t, b0 + 8192, 4096, PROT_READ, ANON | MAP_FIXED)
    expect(k.brk(t, b0 + 20000)).toBe(b0 + 100)
    expectConsistent(k)
  })
  it('mremap: grow in place, move with MREMAP_MAYMOVE (contents and pins follow), errors', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 2)
    const ua = k.uaccess(t)
    ua.writeU8(a, 0x31)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
    expect(k.mremap(t, a + 1, 4096, 8192, 0)).toBe(-EINVAL)
    expect(k.mremap(t, a, 8192, 0, 0)).toBe(-EINVAL)
    expect(k.mremap(t, a, 8192, 8192, MREMAP_FIXED)).toBe(-EINVAL)
    expect(k.mremap(t, 0x1000, 4096, 8192, 0)).toBe(-EFAULT)
    k.mmap(t, a + 8192, 4096, PROT_READ, ANON | MAP_FIXED)
    expect(k.mremap(t, a, 8192, 16384, 0)).toBe(-ENOMEM)
    const b = k.mremap(t, a, 8192, 16384, MREMAP_MAYMOVE)
    expect(b).toBeGreaterThan(0)
    expect(b).not.toBe(a)
    expect(ua.readU8(b)).toBe(0x31)
    expect(pfnAt(k, t, b)).toBe(pages[0])
    ua.writeU8(b, 0x32)
    expect(dmaByte(k, pages[0]!)).toBe(0x32)
    expect(ua.readU8(a)).toBe(-1)
    expect(k.mremap(t, b, 16384, 4096, 0)).toBe(b)
    expectConsistent(k)
  })
})

describe('pins outlive the mapping', () => {
  it('munmap and exit leave pinned pages alive for the pin holder; unpin frees them', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 0x42)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    k.exit(t)
    expect(t.mm).toBe(null)
    expect(dmaByte(k, pages[0]!)).toBe(0x42)
    expect(k.phys.isAllocated(pages[0]!)).toBe(true)
    expectConsistent(k)
    k.unpin_user_pages_dirty_lock(pages, 1, true)
    expect(k.phys.isAllocated(pages[0]!)).toBe(false)
    expect(k.dma_read(pages[0]!, 0, new Uint8Array(1), 1)).toBe(-EFAULT)
    expectConsistent(k)
  })
  it('MADV_DONTNEED on a pinned range: the process gets fresh zero pages, the device keeps the old page', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(a, 0x42)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
    expect(k.madvise(t, a, 4096, MADV_DONTNEED)).toBe(0)
    expect(ua.readU8(a)).toBe(0)
    expect(pfnAt(k, t, a)).toBe(ZERO_PFN)
    expect(dmaByte(k, pages[0]!)).toBe(0x42)
    expectConsistent(k)
  })
  it('unpin_user_pages_dirty_lock marks a clean file page dirty (accounting), plain unpin does not', () => {
    const { k, t } = boot({ version: '6.1' })
    const { m, f } = makeFile(k, { kind: 'ext4' })
    const a = mmapFile(k, t, f, 2, PROT_READ | PROT_WRITE, true)
    k.uaccess(t).readU8(a)
    k.uaccess(t).readU8(a + 4096)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 2, 0, pages)).toBe(2)
    expect(k.phys.flags.get(pages[0]!) & PG_dirty).toBe(0)
    k.unpin_user_pages_dirty_lock(pages.slice(0, 1), 1, true)
    k.unpin_user_pages(pages.slice(1), 1)
    expect(k.phys.flags.get(pages[0]!) & PG_dirty).toBeTruthy()
    expect(k.phys.flags.get(pages[1]!) & PG_dirty).toBe(0)
    expect(m.nrDirty).toBe(1)
    expectConsistent(k)
  })
  it('unpinning a page that is not pinned is a WARN trace event, not an exception', () => {
    const { k } = boot()
    const evs: string[] = []
    k.subscribe((e) => evs.push(e.type))
    k.unpin_user_page(5)
    k.put_user_page(5)
    expect(evs.filter((e) => e === 'warn')).toHaveLength(2)
    expectConsistent(k)
  })
  it('PROT_NONE: a GUP without FOLL_FORCE fails with -EFAULT', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1, PROT_NONE)
    expect(k.get_user_pages(t, a, 1, 0, [])).toBe(-EFAULT)
    expect(k.mmap(t, 0, 4096, PROT_READ, ANON | MAP_POPULATE)).toBeGreaterThan(0)
  })
})

describe('pinned_vm accounting for drivers', () => {
  it('account_pinned_vm: within RLIMIT_MEMLOCK ok, beyond -ENOMEM (root exempt), RLIMIT_MEMLOCK 0 -EPERM', async () => {
    const { account_pinned_vm, unaccount_pinned_vm } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '5.10' })
    expect(account_pinned_vm(k, t, t.mm!, 16)).toBe(0)
    expect(account_pinned_vm(k, t, t.mm!, 1)).toBe(-ENOMEM)
    expect(t.mm!.pinned_vm).toBe(16)
    unaccount_pinned_vm(t.mm!, 16)
    const root = k.createProcess({ uid: 0 })
    expect(account_pinned_vm(k, root, root.mm!, 1 << 20)).toBe(0)
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 0, 0)).toBe(0)
    expect(account_pinned_vm(k, t, t.mm!, 1)).toBe(-EPERM)
  })
})

describe('GUP-fast and PROT_NONE', () => {
  it('pin_user_pages_fast on a PROT_NONE mapping with pages present fails with -EFAULT (slow path check_vma_flags)', () => {
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    expect(k.mprotect(t, a, 4096, PROT_NONE)).toBe(0)
    expect(k.pin_user_pages_fast(t, a, 1, 0, [])).toBe(-EFAULT)
    expect(k.get_user_pages_fast(t, a, 1, 0, [])).toBe(-EFAULT)
    expectConsistent(k)
  })
})

describe('msync and mincore', () => {
  it('msync errno: unaligned/-EINVAL, SYNC|ASYNC/-EINVAL, hole/-ENOMEM, INVALIDATE on locked/-EBUSY, flags 0 ok', async () => {
    const { MS_ASYNC, MS_INVALIDATE, MS_SYNC } = await import('../../../electron/kernel')
    const { k, t } = boot()
    const a = mmapAnon(k, t, 3)
    expect(k.msync(t, a + 1, 4096, MS_SYNC)).toBe(-EINVAL)
    expect(k.msync(t, a, 4096, MS_SYNC | MS_ASYNC)).toBe(-EINVAL)
    expect(k.msync(t, a, 4096, 0)).toBe(0)
    expect(k.msync(t, 0x1000, 4096, MS_ASYNC)).toBe(-ENOMEM)
    k.munmap(t, a + 4096, 4096)
    expect(k.msync(t, a, 3 * 4096, MS_SYNC)).toBe(-ENOMEM)
    expect(k.mlock(t, a, 4096)).toBe(0)
    expect(k.msync(t, a, 4096, MS_INVALIDATE)).toBe(-EBUSY)
  })
  it('msync(MS_SYNC) writes back dirty shared file pages and write-protects them again', async () => {
    const { MS_SYNC } = await import('../../../electron/kernel')
    const { k, t } = boot()
    const written: number[] = []
    const m = k.createMapping({ kind: 'ext4', size: 8192, ops: { writepage: (_k, _m, _pfn, index) => void written.push(index) } })
    const f = k.openFile(m)
    const a = mmapFile(k, t, f, 2, PROT_READ | PROT_WRITE, true)
    k.uaccess(t).writeU8(a + 4096, 1)
    k.uaccess(t).readU8(a)
    expect(m.nrDirty).toBe(1)
    expect(k.msync(t, a, 8192, MS_SYNC)).toBe(0)
    expect(written).toEqual([1])
    expect(m.nrDirty).toBe(0)
    k.uaccess(t).writeU8(a + 4096, 2)
    expect(m.nrDirty).toBe(1)
    expectConsistent(k)
  })
  it('mincore: resident pages, zero page counts, page cache counts, hole → -ENOMEM', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 3)
    k.uaccess(t).writeU8(a, 1)
    k.uaccess(t).readU8(a + 4096)
    const vec = new Uint8Array(3)
    expect(k.mincore(t, a, 3 * 4096, vec)).toBe(0)
    expect([...vec]).toEqual([1, 1, 0])
    expect(k.mincore(t, a + 1, 4096, vec)).toBe(-EINVAL)
    expect(k.mincore(t, 0x1000, 4096, vec)).toBe(-ENOMEM)
  })
})

describe('mlockall / munlockall', () => {
  it('MCL_CURRENT locks and populates, MCL_FUTURE locks later mappings, errors per Linux, not inherited by fork', async () => {
    const { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '6.1' })
    const a = mmapAnon(k, t, 4)
    expect(k.mlockall(t, 0)).toBe(-EINVAL)
    expect(k.mlockall(t, MCL_ONFAULT)).toBe(-EINVAL)
    expect(k.mlockall(t, MCL_CURRENT | MCL_FUTURE)).toBe(0)
    expect(t.mm!.locked_vm).toBe(4)
    expect(pfnAt(k, t, a)).toBeGreaterThan(0)
    const b = mmapAnon(k, t, 2)
    expect(t.mm!.locked_vm).toBe(6)
    expect(pfnAt(k, t, b)).toBeGreaterThan(0)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    expect(c.mm!.locked_vm).toBe(0)
    expect(c.mm!.def_flags).toBe(0)
    expect(k.munlockall(t)).toBe(0)
    expect(t.mm!.locked_vm).toBe(0)
    expectConsistent(k)
    const small = boot({ version: '5.10' })
    mmapAnon(small.k, small.t, 32)
    expect(small.k.mlockall(small.t, MCL_CURRENT)).toBe(-ENOMEM)
    expect(small.k.mlockall(small.t, MCL_FUTURE)).toBe(0)
    expect(small.k.mmap(small.t, 0, 32 * 4096, PROT_READ, ANON)).toBe(-EAGAIN)
  })
})

describe('exec_mmap', () => {
  it('execve gives a fresh mm: old pages freed unless pinned, MMF_HAS_PINNED clear, rlimits kept', async () => {
    const { exec_mmap, MMF_HAS_PINNED } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 2)
    k.uaccess(t).fill_user(a, 9, 8192)
    const pinned: number[] = []
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE, pinned)).toBe(1)
    const other = pfnAt(k, t, a + 4096)
    expect(k.setrlimit(t, RLIMIT_MEMLOCK, 4096, 4096)).toBe(0)
    const oldMm = t.mm!
    expect(exec_mmap(k, t)).toBe(0)
    expect(t.mm).not.toBe(oldMm)
    expect(t.mm!.vmas).toHaveLength(0)
    expect(t.mm!.flags & (1 << MMF_HAS_PINNED)).toBe(0)
    expect(k.phys.isAllocated(other)).toBe(false)
    expect(dmaByte(k, pinned[0]!)).toBe(9)
    expect(k.getrlimit(t, RLIMIT_MEMLOCK)).toEqual([4096, 4096])
    expectConsistent(k)
  })
})
