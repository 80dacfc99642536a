/**
 * mm/uaccess.ts (the C runtime's loads and stores), MMU interval notifiers and the trace stream.
 */
import { describe, expect, it } from 'vitest'
import { boot, expectConsistent, makeFile, mmapAnon, mmapFile, pfnAt } from './helpers'
import {
  BUS_ADRERR, FOLL_LONGTERM, FOLL_WRITE, MADV_DONTNEED, PROT_READ, PROT_WRITE, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGSEGV,
  ZONE_MOVABLE, type MmuNotifierRange, type TraceEvent
} from '../../../electron/kernel'

describe('uaccess', () => {
  it('loads and stores of 1/2/4/8 bytes and doubles, little-endian, also across a page boundary', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 2)
    const ua = k.uaccess(t)
    expect(ua.writeU32(a + 4094, 0xdeadbeef)).toBe(0)
    expect(ua.readU32(a + 4094)).toBe(0xdeadbeef)
    expect(ua.readU8(a + 4094)).toBe(0xef)
    expect(ua.readU16(a + 4096)).toBe(0xdead)
    expect(ua.writeU64(a + 8, 0x8000000000000001n)).toBe(0)
    expect(ua.readU64(a + 8)).toBe(0x8000000000000001n)
    expect(ua.writeF64(a + 4092, Math.PI)).toBe(0)
    expect(ua.readF64(a + 4092)).toBe(Math.PI)
    const src = new Uint8Array(6000).map((_, i) => i & 0xff)
    expect(ua.copy_to_user(a + 100, src, 6000)).toBe(0)
    const dst = new Uint8Array(6000)
    expect(ua.copy_from_user(dst, a + 100, 6000)).toBe(0)
    expect(dst).toEqual(src)
    expect(ua.clear_user(a, 8192)).toBe(0)
    expect(ua.readU64(a + 8)).toBe(0n)
    expectConsistent(k)
  })
  it('faults are result codes: SEGV_MAPERR (no VMA), SEGV_ACCERR (write to read-only), SIGBUS (file page past EOF)', () => {
    const { k, t } = boot()
    const ua = k.uaccess(t)
    expect(ua.readU32(0x1000)).toBe(-1)
    expect(ua.lastFault).toEqual({ signo: SIGSEGV, code: SEGV_MAPERR, addr: 0x1000 })
    const ro = mmapAnon(k, t, 1, PROT_READ)
    expect(ua.writeU8(ro, 1)).toBe(-1)
    expect(ua.lastFault).toEqual({ signo: SIGSEGV, code: SEGV_ACCERR, addr: ro })
    const { f } = makeFile(k, { pages: 1 })
    const fm = mmapFile(k, t, f, 2, PROT_READ, false)
    expect(ua.readU8(fm)).toBe(0x41)
    expect(ua.readU8(fm + 4096)).toBe(-1)
    expect(ua.lastFault).toEqual({ signo: SIGBUS, code: BUS_ADRERR, addr: fm + 4096 })
    expect(ua.readU64(0x1000)).toBe(-1n)
    expect(ua.copy_from_user(new Uint8Array(10), ro + 4090, 10)).toBe(4)
    expectConsistent(k)
  })
  it('a cached translation never lets a store bypass a write-protect: fork, mprotect and MADV_DONTNEED all flush', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.writeU8(a, 1)
    ua.writeU8(a, 2) // TLB hit
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork')
    ua.writeU8(a, 3) // must COW, not write into the page the child shares
    expect(k.uaccess(c).readU8(a)).toBe(2)
    expect(k.mprotect(t, a, 4096, PROT_READ)).toBe(0)
    expect(ua.writeU8(a, 4)).toBe(-1)
    expect(ua.readU8(a)).toBe(3)
    expect(k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)).toBe(0)
    ua.writeU8(a, 5)
    expect(k.madvise(t, a, 4096, MADV_DONTNEED)).toBe(0)
    expect(ua.readU8(a)).toBe(0)
    expectConsistent(k)
  })
})

describe('MMU interval notifiers', () => {
  it('an ODP-style notifier sees CLEAR for COW and MADV_DONTNEED, PROTECTION_PAGE for fork, PROTECTION_VMA for mprotect, UNMAP for munmap', () => {
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 4)
    const seen: MmuNotifierRange[] = []
    const sub = k.mmu_interval_notifier_insert(t.mm!, a, 4 * 4096, { invalidate: (_s, r) => void seen.push({ ...r }) })
    if (typeof sub === 'number') throw new Error('insert')
    const ua = k.uaccess(t)
    ua.writeU8(a, 1)
    ua.readU8(a + 4096)
    ua.writeU8(a + 4096, 1) // COW from the zero page: CLEAR
    k.fork(t) // PROTECTION_PAGE over the COW VMA
    ua.writeU8(a, 2) // COW after fork: CLEAR
    k.mprotect(t, a, 4096, PROT_READ) // PROTECTION_VMA
    k.madvise(t, a + 4096, 4096, MADV_DONTNEED) // CLEAR
    k.munmap(t, a, 4 * 4096) // UNMAP
    expect(seen.map((r) => r.event)).toEqual(['CLEAR', 'PROTECTION_PAGE', 'CLEAR', 'PROTECTION_VMA', 'CLEAR', 'UNMAP'])
    expect(seen[0]).toEqual({ mm: t.mm!.id, start: a + 4096, end: a + 8192, event: 'CLEAR' })
    k.mmu_interval_notifier_remove(sub)
  })
  it('migration for a long-term pin invalidates with MIGRATE; read_retry reports it', async () => {
    const { mmu_interval_read_begin, mmu_interval_read_retry } = await import('../../../electron/kernel/mm/mmu_notifier')
    const { k, t } = boot({ version: '6.18', memory: { normalPages: 64, movablePages: 16 } })
    const a = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(a, 1)
    expect(k.phys.zone(pfnAt(k, t, a))).toBe(ZONE_MOVABLE)
    const events: string[] = []
    const sub = k.mmu_interval_notifier_insert(t.mm!, a, 4096, { invalidate: (_s, r) => void events.push(r.event) })
    if (typeof sub === 'number') throw new Error('insert')
    const seq = mmu_interval_read_begin(k, sub)
    expect(k.pin_user_pages(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, [])).toBe(1)
    expect(events).toEqual(['MIGRATE'])
    expect(mmu_interval_read_retry(k, sub, seq)).toBe(true)
    expectConsistent(k)
  })
})

describe('trace stream', () => {
  it('events carry increasing sequence numbers, virtual time and the pid; bulk zaps are one range event', () => {
    const { k, t } = boot()
    const evs: TraceEvent[] = []
    k.subscribe((e) => evs.push(e))
    const a = mmapAnon(k, t, 512)
    k.uaccess(t).fill_user(a, 7, 512 * 4096)
    k.munmap(t, a, 512 * 4096)
    for (let i = 1; i < evs.length; i++) {
      expect(evs[i]!.seq).toBe(evs[i - 1]!.seq + 1)
      expect(evs[i]!.time).toBeGreaterThanOrEqual(evs[i - 1]!.time)
    }
    const zaps = evs.filter((e) => e.type === 'zap')
    expect(zaps).toHaveLength(1)
    expect(zaps[0]).toMatchObject({ type: 'zap', nrPages: 512, start: a, end: a + 512 * 4096, pid: 0 })
    expect(evs.find((e) => e.type === 'syscall')).toMatchObject({ name: 'mmap', pid: t.pid, ret: a })
    // The 512 first-touch faults of the memset are one fault_batch, not 1,024 events.
    expect(evs.filter((e) => e.type === 'anon_page')).toHaveLength(0)
    expect(evs.find((e) => e.type === 'fault_batch')).toMatchObject({ op: 'fill_user', start: a, counts: { anon_page: 512, fault: 512 } })
  })
  it('small operations still report every page (a 16-page pin shows each COW)', () => {
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 16)
    const evs: TraceEvent[] = []
    k.subscribe((e) => evs.push(e))
    expect(k.pin_user_pages_fast(t, a, 16, FOLL_LONGTERM, [])).toBe(16)
    expect(evs.filter((e) => e.type === 'cow' && e.unshare)).toHaveLength(16)
    expect(evs.filter((e) => e.type === 'fault_batch')).toHaveLength(0)
  })
  it('without subscribers nothing is built, and the kernel runs the same', () => {
    const run = (sub: boolean) => {
      const { k, t } = boot()
      if (sub) k.subscribe(() => {})
      const a = mmapAnon(k, t, 8)
      k.uaccess(t).fill_user(a, 1, 8 * 4096)
      k.fork(t)
      k.uaccess(t).writeU8(a, 2)
      return { clock: k.clock, vmstat: k.vmstat }
    }
    expect(run(false)).toEqual(run(true))
  })
  it('a GUP call emits gup and pin events naming the pfns it grabbed', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 2)
    const evs: TraceEvent[] = []
    k.subscribe((e) => evs.push(e))
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 2, FOLL_WRITE, pages)).toBe(2)
    expect(evs.find((e) => e.type === 'gup')).toMatchObject({ api: 'pin_user_pages', ret: 2, pfns: pages })
    expect(evs.find((e) => e.type === 'pin')).toMatchObject({ pfns: pages, longterm: false })
  })
})

describe('user strings', () => {
  it('strncpy_from_user / strnlen_user follow Linux conventions', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 1)
    const ua = k.uaccess(t)
    ua.copy_to_user(a + 4090, new TextEncoder().encode('hello\0'), 6)
    const buf = new Uint8Array(16)
    expect(ua.strncpy_from_user(buf, a + 4090, 16)).toBe(5)
    expect(new TextDecoder().decode(buf.subarray(0, 5))).toBe('hello')
    expect(ua.strncpy_from_user(buf, a + 4090, 3)).toBe(3)
    expect(ua.strnlen_user(a + 4090, 16)).toBe(6)
    expect(ua.strnlen_user(a + 4090, 2)).toBe(3)
    ua.fill_user(a, 0x41, 4096)
    expect(ua.strncpy_from_user(buf, a + 4090, 16)).toBe(-14) // runs off the mapping
    expect(ua.strnlen_user(a + 4090, 16)).toBe(0)
  })
})
