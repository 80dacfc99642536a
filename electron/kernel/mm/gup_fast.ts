/**
 * mm/gup.c, the GUP-fast half (gup_fast / gup_fast_pte_range, reference §2.4):
 * get_user_pages_fast, get_user_pages_fast_only, pin_user_pages_fast, and the two-phase
 * gup_fast_start / gup_fast_finish that race labs drive (scenario 4h). The slow path, flag
 * validation and accounting it falls back to live in mm/gup.ts.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import {
  FOLL_FAST_ONLY, FOLL_FORCE, FOLL_GET, FOLL_HONOR_NUMA_FAULT, FOLL_LONGTERM, FOLL_NOFAULT, FOLL_PCI_P2PDMA, FOLL_PIN, FOLL_TOUCH,
  FOLL_UNLOCKABLE, FOLL_WRITE, TASK_SIZE, VM_EXEC, VM_READ, VM_WRITE
} from '../include/linux/mm'
import { EFAULT, EINVAL, EOVERFLOW } from '../include/uapi/asm-generic/errno'
import { pte_none, pte_pfn, pte_special, pte_write } from '../include/asm/pgtable'
import { vma_lookup } from './vma'
import { folio_test_anon } from './rmap'
import {
  __gup_longterm_locked, checkRange, folio_is_longterm_pinnable, gup_args, gup_must_unshare, gup_put_folio, invalidRet,
  mm_set_has_pinned_flag, traceGup, try_grab_folio, vma_is_fsdax, type GupApi
} from './gup'


/**
 * The state of a GUP-fast call between its lockless walk and its completion. A race lab runs
 * `gup_fast_begin` at a chosen point (e.g. inside fork's copy loop, see kernel/fork.ts hooks) and
 * `gup_fast_finish` later.
 */
export interface GupFastState {
  readonly api: GupApi
  readonly task: TaskStruct
  readonly start: number
  readonly nr: number
  readonly flags: number
  readonly pages: number[] | null
  /** write_protect_seq sampled at the start (5.11+ FOLL_PIN), or -1. */
  readonly seq: number
  nrFast: number
  finished: boolean
}

/**
 * The lockless part of gup_fast (gup_fast_pte_range, reference §2.4): grab pages whose PTEs allow
 * it without faulting; stop at the first PTE that needs the slow path (none, special incl. the
 * zero page, R/O for a write, not long-term pinnable, must-unshare, 6.5+ file folio for
 * PIN|LONGTERM|WRITE other than shmem). FOLL_PIN with 5.11+: an odd write_protect_seq (fork in
 * progress) skips the walk entirely.
 */
export function gup_fast_begin(k: Kernel, api: GupApi, task: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): GupFastState {
  start = Math.floor(start / 4096) * 4096
  const mm = task.mm!
  const seq = (flags & FOLL_PIN) && k.has('gupFastSeqcount') ? mm.write_protect_seq : -1
  const st: GupFastState = { api, task, start, nr, flags, pages, seq, nrFast: 0, finished: false }
  if (flags & FOLL_PIN) mm_set_has_pinned_flag(k, mm)
  if (seq >= 0 && (seq & 1)) return st
  // 5.8: the fast path only accepts writable PTEs for GET/PIN (forced COW break).
  const needWrite = (flags & FOLL_WRITE) !== 0 || (k.has('forcedCowBreak') && (flags & (FOLL_GET | FOLL_PIN)) !== 0)
  for (let i = 0; i < nr; i++) {
    const vpn = start / 4096 + i
    const pte = mm.pgd.get(vpn)
    if (pte_none(pte) || pte_special(pte)) break
    if (needWrite && !pte_write(pte)) break
    // pte_access_permitted(): Linux's PROT_NONE PTEs are not present; PinLab keeps the PTE and
    // the VMA says PROT_NONE, so look at the VMA.
    const vma = vma_lookup(mm, vpn * 4096)
    if (!vma || !(vma.flags & (VM_READ | VM_WRITE | VM_EXEC))) break
    // Before 4.5 (daxGup) a DAX PTE is pte_special (no struct page): the slow path decides.
    if (!k.has('daxGup') && vma_is_fsdax(k, vma)) break
    const pfn = pte_pfn(pte)
    if ((flags & FOLL_LONGTERM) && !folio_is_longterm_pinnable(k, pfn)) break
    if (!pte_write(pte) && gup_must_unshare(k, null, flags, pfn)) break
    if (k.has('longtermFileWriteRefused') && (flags & (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE)) === (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE) &&
        !folio_test_anon(k, pfn)) {
      const mapping = k.mappings.get(k.phys.mapping.get(pfn))
      if (!mapping || !(mapping.kind === 'shmem' || mapping.kind === 'hugetlbfs')) break
    }
    try_grab_folio(k, pfn, flags, { vma })
    if (pages) pages[i] = pfn
    st.nrFast++
    k.tick(20)
  }
  return st
}

/**
 * Completion of gup_fast: 5.11+ FOLL_PIN rechecks write_protect_seq and drops everything if a fork
 * ran in between ("mm/gup: prevent gup_fast from racing with COW during fork"); then the rest goes
 * to the slow path with FOLL_TOUCH (unless FOLL_FAST_ONLY).
 */
export function gup_fast_finish(k: Kernel, st: GupFastState): number {
  if (st.finished) return st.nrFast
  st.finished = true
  const mm = st.task.mm!
  if (st.seq >= 0 && st.nrFast > 0 && mm.write_protect_seq !== st.seq) {
    for (let i = 0; i < st.nrFast; i++) gup_put_folio(k, st.pages![i]!, st.flags)
    st.nrFast = 0
  }
  let ret = st.nrFast
  if (st.nrFast < st.nr && !(st.flags & FOLL_FAST_ONLY)) {
    const rest = st.pages ? [] as number[] : null
    const b = k.batchBegin(st.api, st.start + st.nrFast * 4096, st.nr - st.nrFast)
    const r = __gup_longterm_locked(k, mm, st.start + st.nrFast * 4096, st.nr - st.nrFast, st.flags | FOLL_TOUCH | FOLL_UNLOCKABLE, rest)
    k.batchEnd(b, st.task.pid)
    if (r > 0) {
      if (st.pages && rest) for (let i = 0; i < r; i++) st.pages[st.nrFast + i] = rest[i]!
      ret = st.nrFast + r
    } else if (st.nrFast === 0) ret = r
  }
  traceGup(k, st.task.pid, st.api, st.start, st.nr, st.flags, ret, st.pages)
  return ret
}

/**
 * The flags gup_fast accepts from callers in this version (its WARN_ON_ONCE mask): only the old
 * `write` bool before 5.2; FOLL_NOFAULT from 5.16, FOLL_PCI_P2PDMA from 6.2,
 * FOLL_HONOR_NUMA_FAULT from 6.6 (gup_fast_fallback's list, reference §1.4).
 */
function gup_fast_allowed(k: Kernel): number {
  if (!k.has('gupFastFlags')) return FOLL_WRITE
  let m = FOLL_WRITE | FOLL_LONGTERM | FOLL_FORCE | FOLL_PIN | FOLL_GET | FOLL_FAST_ONLY
  if (k.has('follNofault')) m |= FOLL_NOFAULT
  if (k.has('follPciP2pdma')) m |= FOLL_PCI_P2PDMA
  if (k.has('follHonorNumaFault')) m |= FOLL_HONOR_NUMA_FAULT
  return m
}

function fastArgs(k: Kernel, api: GupApi, task: TaskStruct, start: number, nr: number, caller: number, pages: number[] | null, toSet: number): number | GupFastState {
  const bad = checkRange(start, nr)
  if (bad < 0) return bad
  if (!task.mm) return -EFAULT
  if (caller & ~gup_fast_allowed(k)) return -EINVAL
  if (caller & FOLL_FAST_ONLY && api !== 'get_user_pages_fast_only') return -EINVAL
  const flags = gup_args(k, api, caller, pages, toSet)
  if (flags === null) return invalidRet(k, api)
  const s = Math.floor(start / 4096) * 4096
  const len = nr * 4096
  if (s + len > 2 ** 64) return -EOVERFLOW
  if (s + len > TASK_SIZE + 4096) return -EFAULT
  if (nr === 0) return 0
  k.tick(100)
  return gup_fast_begin(k, api, task, s, nr, flags, pages)
}

/** get_user_pages_fast(): FOLL_GET, lockless first. */
export function get_user_pages_fast(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  const st = fastArgs(k, 'get_user_pages_fast', task, start, nr, gupFlags, pages, FOLL_GET)
  return typeof st === 'number' ? st : gup_fast_finish(k, st)
}

/** get_user_pages_fast_only(): never falls back to the slow path. */
export function get_user_pages_fast_only(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  const st = fastArgs(k, 'get_user_pages_fast_only', task, start, nr, gupFlags, pages, FOLL_GET | FOLL_FAST_ONLY)
  return typeof st === 'number' ? st : gup_fast_finish(k, st)
}

/** pin_user_pages_fast() (5.6+). */
export function pin_user_pages_fast(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  const st = fastArgs(k, 'pin_user_pages_fast', task, start, nr, gupFlags, pages, FOLL_PIN)
  return typeof st === 'number' ? st : gup_fast_finish(k, st)
}

/** Start a pin_user_pages_fast / get_user_pages_fast whose completion a race lab schedules. */
export function gup_fast_start(k: Kernel, api: 'pin_user_pages_fast' | 'get_user_pages_fast', task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number | GupFastState {
  return fastArgs(k, api, task, start, nr, gupFlags, pages, api === 'pin_user_pages_fast' ? FOLL_PIN : FOLL_GET)
}

