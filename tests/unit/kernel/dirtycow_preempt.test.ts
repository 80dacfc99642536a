/**
 * The Dirty COW window between real threads (kernel-semantics §4g): access_remote_vm_preemptible
 * — what /proc/PID/mem's write does — yields at the cond_resched() of __get_user_pages's retry
 * label when the scheduler says the time slice is used up (k.hooks.need_resched), keeping the gup
 * flags as the fault left them in `current.preempted`. Another thread's madvise(MADV_DONTNEED)
 * then runs in the window; the continued call decides what the write hits.
 * Boundaries: 4.9 "mm: remove gup_flags FOLL_WRITE games from __get_user_pages()" (followCow),
 * 6.0 "mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW"
 * (forceWriteNeedsAnonExclusive): tested at 3.2, 4.4 | 4.19, 5.10 | 6.1, 6.18.
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, expectConsistent, makeFile, mmapFile } from './helpers'
import {
  ACCESS_REMOTE_PREEMPTED, FOLL_COW, FOLL_FORCE, FOLL_WRITE, Kernel, MADV_DONTNEED, PROT_READ, VM_FAULT_WRITE, access_remote_vm,
  access_remote_vm_preemptible, type TraceEvent
} from '../../../electron/kernel'

type Outcome = { pageCache: number; process: number; preemptedFlags: number; events: string[] }

/**
 * The slice ends during the fault that broke COW: before 6.0 the one reporting VM_FAULT_WRITE (the
 * first fault on an empty PTE is do_cow_fault, which does not; the second, do_wp_page, does);
 * 6.0+ reports nothing and one fault suffices.
 */
function sliceEndsAtCowBreak(k: Kernel): void {
  const reportsCowBreak = !k.has('forceWriteNeedsAnonExclusive')
  let hit = false
  k.hooks.gupAfterFault = ({ ret }) => {
    if (!reportsCowBreak || (ret & VM_FAULT_WRITE) !== 0) hit = true
  }
  k.hooks.need_resched = () => hit
}

/**
 * Thread A (`t`'s thread `a`) writes "X" through /proc/PID/mem; the scheduler preempts it at the
 * cond_resched() right after its first fault; thread B zaps the page; A runs again.
 */
function race(version: string, zap = true): Outcome {
  const { k, t } = boot({ version: version as never })
  const a = k.createThread(t)
  const { m, f } = makeFile(k, { fill: 0x41, write: false })
  const addr = mmapFile(k, t, f, 1, PROT_READ, false)
  const events: string[] = []
  k.subscribe((ev: TraceEvent) => {
    if (ev.type === 'preempt' || ev.type === 'resume') events.push(ev.type)
  })
  sliceEndsAtCowBreak(k)
  const buf = new Uint8Array([0x58])
  expect(access_remote_vm_preemptible(k, a, t, addr, buf, 1, true, FOLL_FORCE)).toBe(ACCESS_REMOTE_PREEMPTED)
  const preemptedFlags = a.preempted!.gup!.flags
  expect(a.preempted!.done).toBe(0)
  k.hooks = {}
  if (zap) expect(k.madvise(t, addr, 4096, MADV_DONTNEED)).toBe(0) // thread B
  expect(access_remote_vm_preemptible(k, a, t, addr, buf, 1, true, FOLL_FORCE)).toBe(1)
  expect(a.preempted).toBe(null)
  expectConsistent(k)
  return { pageCache: dmaByte(k, m.i_pages.get(0) - 1), process: k.uaccess(t).readU8(addr), preemptedFlags, events }
}

describe('Dirty COW between threads: preemption at cond_resched() in __get_user_pages', () => {
  it('3.2 and 4.4: FOLL_WRITE was dropped after the COW; after the zap the write lands in the page cache', () => {
    for (const v of ['3.2', '4.4']) {
      const r = race(v)
      expect(r.preemptedFlags & FOLL_WRITE).toBe(0)
      expect(r.pageCache).toBe(0x58)
      expect(r.process).toBe(0x58) // the process maps the corrupted page-cache page
      expect(r.events).toEqual(['preempt', 'resume'])
    }
  })
  it('4.19 and 5.10: FOLL_COW kept FOLL_WRITE; the retry COWs again — the file is intact', () => {
    for (const v of ['4.19', '5.10']) {
      const r = race(v)
      expect(r.preemptedFlags & FOLL_WRITE).toBe(FOLL_WRITE)
      expect({ pageCache: r.pageCache, process: r.process }).toEqual({ pageCache: 0x41, process: 0x58 })
    }
  })
  it('4.19: FOLL_COW is set once the fault broke COW (the window after the second fault)', () => {
    const { k, t } = boot({ version: '4.19' })
    const a = k.createThread(t)
    const { f } = makeFile(k, { fill: 0x41, write: false })
    const addr = mmapFile(k, t, f, 1, PROT_READ, false)
    let faults = 0
    k.hooks.gupAfterFault = () => void faults++
    k.hooks.need_resched = () => faults === 2
    expect(access_remote_vm_preemptible(k, a, t, addr, new Uint8Array([1]), 1, true, FOLL_FORCE)).toBe(ACCESS_REMOTE_PREEMPTED)
    expect(a.preempted!.gup!.flags & FOLL_COW).toBe(FOLL_COW)
  })
  it('6.1 and 6.18: the flags are unchanged by the fault; only an exclusive anon page is written — the file is intact', () => {
    for (const v of ['6.1', '6.18']) {
      const r = race(v)
      expect(r.preemptedFlags & (FOLL_WRITE | FOLL_COW)).toBe(FOLL_WRITE)
      expect({ pageCache: r.pageCache, process: r.process }).toEqual({ pageCache: 0x41, process: 0x58 })
    }
  })
  it('without the zap every version writes the private copy only', () => {
    for (const v of ['3.2', '4.4', '4.19', '6.18']) expect(race(v, false).pageCache).toBe(0x41)
  })
  it('without need_resched it never yields and equals access_remote_vm', () => {
    for (const v of ['4.4', '6.18']) {
      const { k, t } = boot({ version: v as never })
      const { f } = makeFile(k, { fill: 0x41, write: false })
      const addr = mmapFile(k, t, f, 1, PROT_READ, false)
      expect(access_remote_vm_preemptible(k, t, t, addr, new Uint8Array([7, 8]), 2, true, FOLL_FORCE)).toBe(2)
      const out = new Uint8Array(2)
      expect(access_remote_vm(k, t, addr, out, 2, false, FOLL_FORCE)).toBe(2)
      expect([...out]).toEqual([7, 8])
    }
  })
  it('a read across two pages preempted between them keeps the bytes of the first page', () => {
    const { k, t } = boot({ version: '6.18' })
    const a = k.createThread(t)
    const { f } = makeFile(k, { fill: 0x41, pages: 2 })
    const addr = mmapFile(k, t, f, 2, PROT_READ, false)
    let checks = 0
    k.hooks.need_resched = () => ++checks === 3 // the first cond_resched of the second page
    const out = new Uint8Array(8)
    expect(access_remote_vm_preemptible(k, a, t, addr + 4092, out, 8, false, FOLL_FORCE)).toBe(ACCESS_REMOTE_PREEMPTED)
    expect(a.preempted!.done).toBe(4)
    k.hooks = {}
    expect(access_remote_vm_preemptible(k, a, t, addr + 4092, out, 8, false, FOLL_FORCE)).toBe(8)
    expect([...out]).toEqual(new Array(8).fill(0x41))
  })
  it('a different call drops a stale continuation; an munmap in the window makes the continued call fail', () => {
    const { k, t } = boot({ version: '4.4' })
    const a = k.createThread(t)
    const { f } = makeFile(k, { fill: 0x41, write: false })
    const addr = mmapFile(k, t, f, 1, PROT_READ, false)
    let faulted = false
    k.hooks.gupAfterFault = () => void (faulted = true)
    k.hooks.need_resched = () => faulted
    expect(access_remote_vm_preemptible(k, a, t, addr, new Uint8Array([1]), 1, true, FOLL_FORCE)).toBe(ACCESS_REMOTE_PREEMPTED)
    k.hooks = {}
    expect(k.munmap(t, addr, 4096)).toBe(0)
    expect(access_remote_vm_preemptible(k, a, t, addr, new Uint8Array([1]), 1, true, FOLL_FORCE)).toBe(0)
    expect(a.preempted).toBe(null)
    expectConsistent(k)
  })
  it('snapshot-safe: a kernel restored while a task is preempted continues the same way', () => {
    const { k, t } = boot({ version: '4.4' })
    const a = k.createThread(t)
    const { m, f } = makeFile(k, { fill: 0x41, write: false })
    const addr = mmapFile(k, t, f, 1, PROT_READ, false)
    sliceEndsAtCowBreak(k)
    expect(access_remote_vm_preemptible(k, a, t, addr, new Uint8Array([0x58]), 1, true, FOLL_FORCE)).toBe(ACCESS_REMOTE_PREEMPTED)
    k.hooks = {}
    const k2 = Kernel.restore(k.snapshot())
    const a2 = k2.task(a.pid)!
    const t2 = k2.task(t.pid)!
    expect(a2.preempted).toEqual(a.preempted)
    expect(a2.preempted).not.toBe(a.preempted)
    expect(k2.madvise(t2, addr, 4096, MADV_DONTNEED)).toBe(0)
    expect(access_remote_vm_preemptible(k2, a2, t2, addr, new Uint8Array([0x58]), 1, true, FOLL_FORCE)).toBe(1)
    expect(dmaByte(k2, k2.mappings.get(m.id)!.i_pages.get(0) - 1)).toBe(0x58)
    expect(a.preempted).not.toBe(null) // the original is untouched
    expectConsistent(k2)
  })
})
