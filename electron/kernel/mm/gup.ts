/**
 * mm/gup.c — get_user_pages / pin_user_pages and friends, per kernel version.
 *
 * Contract (all wrappers): returns the number of pages grabbed (> 0), or a negative errno if the
 * first page failed, or 0 when nr_pages is 0 — and, from 6.3, pin_user_pages /
 * pin_user_pages_remote also return 0 for invalid flags (is_valid_gup_args). `pages` receives
 * pfns. FOLL_GET references are released with put_user_page, FOLL_PIN pins with
 * unpin_user_page*. Unaligned `start` is rounded down (the page containing it).
 *
 * Invariants (reference §6): FOLL_GET and FOLL_PIN never both; FOLL_LONGTERM ⇒ FOLL_PIN (6.3+);
 * the zero page is never returned for FOLL_WRITE; a successful FOLL_LONGTERM pin never points
 * into ZONE_MOVABLE/CMA (where the version migrates); MMF_HAS_PINNED set on first FOLL_PIN.
 *
 * Exceptions by era: FOLL_COW (4.9–5.19), the 5.8 forced COW break for GET/PIN in COW mappings,
 * FAULT_FLAG_UNSHARE (5.19+), R/O long-term unshare of non-anon pages (6.2+), long-term writable
 * pins of dirty-tracked shared files refused (6.5+), zero page not refcounted on pin (6.5+).
 */
import type { GupRefs, Kernel } from '../kernel'
import type { MmStruct, VmArea } from '../include/linux/mm_types'
import { vma_is_anonymous } from '../include/linux/mm_types'
import type { GupResume, TaskStruct } from '../include/linux/sched'
import {
  FAULT_FLAG_REMOTE, FAULT_FLAG_UNSHARE, FAULT_FLAG_WRITE, FOLL_ANON, FOLL_COW, FOLL_DUMP, FOLL_FORCE,
  FOLL_GET, FOLL_HWPOISON, FOLL_LONGTERM, FOLL_MADV_POPULATE, FOLL_NOFAULT, FOLL_PCI_P2PDMA, FOLL_PIN, FOLL_REMOTE,
  FOLL_TOUCH, FOLL_UNLOCKABLE, FOLL_WRITE, GUP_PIN_COUNTING_BIAS, INTERNAL_GUP_FLAGS, TASK_SIZE,
  VM_EXEC, VM_FAULT_HWPOISON, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_SIGSEGV, VM_FAULT_WRITE, VM_IO, VM_MAYREAD,
  VM_MAYSHARE, VM_MAYWRITE, VM_PFNMAP, VM_READ, VM_SHARED, VM_WRITE, is_cow_mapping
} from '../include/linux/mm'
import { EAGAIN, EFAULT, EHWPOISON, EINVAL, ENOMEM, EOPNOTSUPP } from '../include/uapi/asm-generic/errno'
import { pte_dirty, pte_mkyoung, pte_none, pte_pfn, pte_special, pte_write } from '../include/asm/pgtable'
import { MMF_HAS_PINNED } from '../include/linux/sched/coredump'
import { PG_dirty } from '../include/linux/page-flags'
import { get_page, is_zero_pfn, put_page } from '../include/linux/page_ref'
import { MIGRATE_CMA, MIGRATE_ISOLATE, ZONE_MOVABLE } from './page_alloc'
import { handle_mm_fault } from './memory'
import { vma_lookup } from './vma'
import { folio_test_anon, folio_test_ksm, PageAnonExclusive } from './rmap'
import { vma_needs_dirty_tracking } from './mmap'
import { folio_mark_dirty } from './page-writeback'
import { migrate_folio } from './migrate'

export type GupApi =
  | 'get_user_pages'
  | 'get_user_pages_remote'
  | 'get_user_pages_unlocked'
  | 'get_user_pages_fast'
  | 'get_user_pages_fast_only'
  | 'get_user_pages_longterm'
  | 'pin_user_pages'
  | 'pin_user_pages_remote'
  | 'pin_user_pages_unlocked'
  | 'pin_user_pages_fast'

const MAX_RETRIES = 16

/** The continuation a preemptible GUP leaves (see get_user_pages_remote_preemptible). */
export interface GupPreemptible {
  saved: GupResume | null
}

function refs(k: Kernel, pfn: number): GupRefs {
  let r = k.gup.get(pfn)
  if (r === undefined) {
    r = { get: 0, pin: 0, longterm: 0, fileWriteLongterm: 0, cowLongterm: 0 }
    k.gup.set(pfn, r)
  }
  return r
}

function dropRefsIfEmpty(k: Kernel, pfn: number, r: GupRefs): void {
  if (r.get === 0 && r.pin === 0) k.gup.delete(pfn)
}

// ------------------------------------------------------------------ accounting

/** Context of one GUP call that try_grab_folio records into the shadow accounting. */
interface GrabCtx {
  vma: VmArea | null
}

/**
 * try_grab_folio(): take a FOLL_GET reference (+1) or a FOLL_PIN pin (+GUP_PIN_COUNTING_BIAS on a
 * small folio, nr_foll_pin_acquired += 1). 6.5+ ("mm: Don't pin ZERO_PAGE in pin_user_pages()"):
 * pinning the zero page succeeds without touching its refcount or vmstat.
 */
export function try_grab_folio(k: Kernel, pfn: number, flags: number, ctx: GrabCtx): number {
  if (flags & FOLL_GET) {
    get_page(k, pfn)
    refs(k, pfn).get++
    return 0
  }
  if (flags & FOLL_PIN) {
    const r = refs(k, pfn)
    r.pin++
    if (flags & FOLL_LONGTERM) {
      r.longterm++
      if (ctx.vma && is_cow_mapping(ctx.vma.flags)) r.cowLongterm++
      if (ctx.vma && (flags & FOLL_WRITE) && vma_needs_dirty_tracking(k, ctx.vma)) r.fileWriteLongterm++
    }
    if (is_zero_pfn(pfn) && k.has('zeroPageNotRefcounted')) return 0
    get_page(k, pfn, GUP_PIN_COUNTING_BIAS)
    k.vmstat.nr_foll_pin_acquired++
  }
  return 0
}

/** gup_put_folio(): undo one try_grab_folio. */
export function gup_put_folio(k: Kernel, pfn: number, flags: number): void {
  const r = k.gup.get(pfn)
  if (flags & FOLL_PIN) {
    if (!r || r.pin === 0) {
      k.warn(`unpin_user_page: pfn ${pfn} is not pinned`)
      return
    }
    r.pin--
    // Undoing a long-term grab of this very call releases a long-term pin; an external unpin
    // cannot say which pin it drops (neither can Linux), so the counts are only clamped.
    if ((flags & FOLL_LONGTERM) && r.longterm > 0) {
      r.longterm--
      if (r.cowLongterm > 0) r.cowLongterm--
      if (r.fileWriteLongterm > 0) r.fileWriteLongterm--
    }
    if (r.longterm > r.pin) r.longterm = r.pin
    if (r.cowLongterm > r.pin) r.cowLongterm = r.pin
    if (r.fileWriteLongterm > r.pin) r.fileWriteLongterm = r.pin
    dropRefsIfEmpty(k, pfn, r)
    if (is_zero_pfn(pfn) && k.has('zeroPageNotRefcounted')) return
    k.vmstat.nr_foll_pin_released++
    put_page(k, pfn, GUP_PIN_COUNTING_BIAS)
    return
  }
  if (!r || r.get === 0) {
    k.warn(`put_page on pfn ${pfn} without a get_user_pages reference`)
    return
  }
  r.get--
  dropRefsIfEmpty(k, pfn, r)
  put_page(k, pfn)
}

export function mm_set_has_pinned_flag(k: Kernel, mm: MmStruct): void {
  mm.everPinned = true
  if (!k.has('hasPinned')) return
  mm.has_pinned = true
  if (k.has('mmfHasPinnedBit')) mm.flags |= 1 << MMF_HAS_PINNED
}

// ------------------------------------------------------------------ predicates

/** vma_is_fsdax(): a DAX file mapping. */
export function vma_is_fsdax(k: Kernel, vma: VmArea): boolean {
  return vma.file !== null && (k.mappings.get(vma.file.mappingId)?.isDax ?? false)
}

/**
 * check_vma_flags() (reference §1.5): may this GUP touch this VMA at all?
 * 3.15 "mm: get_user_pages(write,force) refuse to COW in shared areas": a FOLL_FORCE write needs a
 * COW mapping; before, VM_MAYWRITE sufficed. 6.5: FOLL_LONGTERM writes to dirty-tracked shared file
 * mappings are refused (writable_file_mapping_allowed).
 */
export function check_vma_flags(k: Kernel, vma: VmArea, flags: number): number {
  const vmf = vma.flags
  if (vmf & (VM_IO | VM_PFNMAP)) return -EFAULT
  if ((flags & FOLL_ANON) && !vma_is_anonymous(vma)) return -EFAULT
  // Before 4.5 (daxGup) a DAX PTE has no struct page behind it: follow_pfn_pte fails FOLL_GET.
  if ((flags & (FOLL_GET | FOLL_PIN)) && !k.has('daxGup') && vma_is_fsdax(k, vma)) return -EFAULT
  if ((flags & FOLL_LONGTERM) && k.has('longtermDaxRefused') && vma_is_fsdax(k, vma)) return -EOPNOTSUPP
  if (flags & FOLL_WRITE) {
    if (k.has('longtermFileWriteRefused') && !vma_is_anonymous(vma) &&
        (flags & (FOLL_PIN | FOLL_LONGTERM)) === (FOLL_PIN | FOLL_LONGTERM) && vma_needs_dirty_tracking(k, vma)) {
      return -EFAULT
    }
    if (!(vmf & VM_WRITE)) {
      if (!(flags & FOLL_FORCE)) return -EFAULT
      if (k.has('forceWriteSharedRefused')) {
        if (!is_cow_mapping(vmf)) return -EFAULT
      } else if (!(vmf & VM_MAYWRITE)) return -EFAULT
    }
  } else if (!(vmf & VM_READ)) {
    if (!(flags & FOLL_FORCE)) return -EFAULT
    if (!(vmf & VM_MAYREAD)) return -EFAULT
  }
  return 0
}

/**
 * gup_must_unshare() (5.19+, reference §2.2): must an R/O pin of this page first unshare it?
 * Only FOLL_PIN without FOLL_WRITE. Anon: iff not exclusive (KSM never is). Non-anon (zero page,
 * page cache): 6.2+ only with FOLL_LONGTERM in a COW mapping; `vma === null` (GUP-fast) ⇒ true.
 */
export function gup_must_unshare(k: Kernel, vma: VmArea | null, flags: number, pfn: number): boolean {
  if (!k.has('unshareFault')) return false
  if ((flags & (FOLL_PIN | FOLL_WRITE)) !== FOLL_PIN) return false
  if (is_zero_pfn(pfn) || !folio_test_anon(k, pfn)) {
    if (!k.has('roLongtermUnshareNonAnon') || !(flags & FOLL_LONGTERM)) return false
    if (vma === null) return true
    return is_cow_mapping(vma.flags)
  }
  if (folio_test_ksm(k, pfn)) return true
  return !PageAnonExclusive(k, pfn)
}

/**
 * can_follow_write_pte(): may a FOLL_WRITE lookup use this non-writable PTE?
 *  4.9–5.19: FOLL_FORCE && FOLL_COW && pte_dirty (5.8 dropped the FOLL_FORCE test, 5.9 restored it).
 *  6.0+ (5535be309971): FOLL_FORCE in a private, VM_MAYWRITE, !VM_WRITE VMA and the page is an
 *  exclusive anon page.  Before 4.9 FOLL_WRITE was cleared instead (never reached).
 */
function can_follow_write_pte(k: Kernel, pte: number, flags: number, vma: VmArea, pfn: number): boolean {
  if (pte_write(pte)) return true
  if (k.has('forceWriteNeedsAnonExclusive')) {
    if (!(flags & FOLL_FORCE)) return false
    if (vma.flags & (VM_MAYSHARE | VM_SHARED)) return false
    if (!(vma.flags & VM_MAYWRITE) || (vma.flags & VM_WRITE)) return false
    if (pte_special(pte)) return false
    return folio_test_anon(k, pfn) && PageAnonExclusive(k, pfn)
  }
  if (k.has('followCow')) {
    if (!(flags & FOLL_FORCE) && !k.has('forcedCowBreak')) return false
    return (flags & FOLL_COW) !== 0 && pte_dirty(pte)
  }
  return false
}

/** folio_is_longterm_pinnable(): not in ZONE_MOVABLE (5.13+) nor a CMA/isolated pageblock (5.1+). */
export function folio_is_longterm_pinnable(k: Kernel, pfn: number): boolean {
  if (is_zero_pfn(pfn)) return true
  const mt = k.phys.migratetype(pfn)
  if (k.has('longtermMigrateCma') && (mt === MIGRATE_CMA || mt === MIGRATE_ISOLATE)) return false
  if (k.has('longtermMigrateMovable') && k.phys.zone(pfn) === ZONE_MOVABLE) return false
  return true
}

// ------------------------------------------------------------------ slow path

const NEED_FAULT = 1
const NEED_UNSHARE = 2

/**
 * follow_page_pte(): look at the PTE. Returns a pfn ≥ 0 (grabbed per flags), or NEED_FAULT /
 * NEED_UNSHARE encoded as -(1e6 + code), or a negative errno.
 */
function follow_page_pte(k: Kernel, mm: MmStruct, vma: VmArea, addr: number, flags: number): number {
  const vpn = addr / 4096
  const pte = mm.pgd.get(vpn)
  if (pte_none(pte)) {
    if ((flags & FOLL_DUMP) && vma_is_anonymous(vma)) return -EFAULT
    return -(1e6 + NEED_FAULT)
  }
  const pfn = pte_pfn(pte)
  if ((flags & FOLL_WRITE) && !can_follow_write_pte(k, pte, flags, vma, pfn)) return -(1e6 + NEED_FAULT)
  if (pte_special(pte) && (flags & FOLL_DUMP)) return -EFAULT
  if (!pte_write(pte) && gup_must_unshare(k, vma, flags, pfn)) return -(1e6 + NEED_UNSHARE)
  const r = try_grab_folio(k, pfn, flags, { vma })
  if (r < 0) return r
  if (flags & FOLL_TOUCH) {
    if ((flags & FOLL_WRITE) && !pte_dirty(pte) && !is_zero_pfn(pfn) && !(k.phys.flags.get(pfn) & PG_dirty)) folio_mark_dirty(k, pfn)
    const young = pte_mkyoung(pte)
    if (young !== pte) mm.pgd.set(vpn, young)
  }
  return pfn
}

/** faultin_page(): take the fault GUP needs; updates FOLL_COW / FOLL_WRITE in `st.flags` per era. */
function faultin_page(k: Kernel, mm: MmStruct, vma: VmArea, addr: number, st: { flags: number }, unshare: boolean): number {
  const r = faultin_page_inner(k, mm, vma, addr, st, unshare)
  if (r.err === 0) k.hooks.gupAfterFault?.({ mm, addr, ret: r.ret, gupFlags: st.flags })
  return r.err
}

function faultin_page_inner(k: Kernel, mm: MmStruct, vma: VmArea, addr: number, st: { flags: number }, unshare: boolean): { err: number; ret: number } {
  let fault = 0
  if (unshare) fault |= FAULT_FLAG_UNSHARE
  else if (st.flags & FOLL_WRITE) fault |= FAULT_FLAG_WRITE
  if (st.flags & FOLL_REMOTE) fault |= FAULT_FLAG_REMOTE
  const ret = handle_mm_fault(k, mm, vma, addr, fault)
  if (ret & VM_FAULT_OOM) return { err: -ENOMEM, ret }
  if (ret & VM_FAULT_HWPOISON) return { err: st.flags & FOLL_HWPOISON ? -EHWPOISON : -EFAULT, ret }
  if (ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) return { err: -EFAULT, ret }
  if ((ret & VM_FAULT_WRITE) && !(vma.flags & VM_WRITE) && !k.has('forceWriteNeedsAnonExclusive')) {
    // 4.9–5.19: remember that COW was broken (FOLL_COW). Before 4.9 (the Dirty COW window):
    // drop FOLL_WRITE and look the page up as a read.
    if (k.has('followCow')) st.flags |= FOLL_COW
    else st.flags &= ~FOLL_WRITE
  }
  return { err: 0, ret }
}

/**
 * __get_user_pages(): the slow path, under mmap_lock. Walks the range page by page: check the VMA
 * once, then follow → fault → retry until the page can be grabbed.
 */
export function __get_user_pages(k: Kernel, mm: MmStruct, start: number, nr: number, gupFlags: number, pages: number[] | null, resume?: GupPreemptible): number {
  if (nr === 0) return 0
  start = Math.floor(start / 4096) * 4096
  // A continuation is for the first page of the call that continues it.
  if (resume?.saved && resume.saved.addr !== start) resume.saved = null
  let i = 0
  let ret = 0
  let vma: VmArea | undefined
  while (i < nr) {
    const addr = start + i * 4096
    if (vma === undefined || addr >= vma.end) {
      vma = addr < TASK_SIZE ? vma_lookup(mm, addr) : undefined
      if (vma === undefined) {
        ret = -EFAULT
        break
      }
      const c = check_vma_flags(k, vma, gupFlags)
      if (c < 0) {
        ret = c
        break
      }
    }
    const st = { flags: gupFlags }
    // 5.8 only: "gup: document and work around 'COW can break either way' issue" — any GET/PIN
    // in a COW mapping breaks COW as if it were a write (after check_vma_flags).
    if (k.has('forcedCowBreak') && is_cow_mapping(vma.flags) && (st.flags & (FOLL_GET | FOLL_PIN))) st.flags |= FOLL_WRITE
    let got = -EFAULT
    let tries = 0
    // Continuing after a preemption: right after the cond_resched() that yielded.
    let resched = true
    const saved = resume?.saved
    if (saved && saved.addr === addr) {
      resume!.saved = null
      resched = false
      const same = saved.addr === addr && saved.vmaStart === vma.start && saved.vmaEnd === vma.end && saved.vmaFlags === vma.flags
      // mmap_lock is held for read across the cond_resched in Linux, so no VMA can change; here a
      // writer of another thread may have run: then walk this page again from its first flags.
      if (same) {
        st.flags = saved.flags
        tries = saved.tries
      }
      if (k.tracing) k.emit({ type: 'resume', where: '__get_user_pages', addr, gupFlags: st.flags, restarted: !same })
    }
    for (;;) {
      // retry: cond_resched() — a preemptible caller yields here when its time slice is used up.
      if (resched && resume && k.hooks.need_resched?.()) {
        resume.saved = { i, addr, flags: st.flags, tries, vmaStart: vma.start, vmaEnd: vma.end, vmaFlags: vma.flags }
        if (k.tracing) k.emit({ type: 'preempt', where: '__get_user_pages', addr, gupFlags: st.flags })
        return i
      }
      resched = true
      got = follow_page_pte(k, mm, vma, addr, st.flags)
      if (got >= 0 || got > -1e6) break
      if (++tries > MAX_RETRIES) {
        k.oops(`__get_user_pages: no progress at ${addr.toString(16)}`)
        got = -EFAULT
        break
      }
      if (st.flags & FOLL_NOFAULT) {
        got = -EFAULT
        break
      }
      const f = faultin_page(k, mm, vma, addr, st, got === -(1e6 + NEED_UNSHARE))
      if (f < 0) {
        got = f
        break
      }
    }
    if (got < 0) {
      ret = got
      break
    }
    if (pages) pages[i] = got
    i++
    k.tick(50)
  }
  return i > 0 ? i : ret
}

/**
 * check_and_migrate_movable_pages(): after a FOLL_LONGTERM GUP, any page that is not long-term
 * pinnable is migrated (all references of this call are dropped first). Returns 0 (all fine),
 * -EAGAIN (migrated: re-run GUP) or -ENOMEM (migration failed; references already dropped).
 */
function check_and_migrate_movable_pages(k: Kernel, pages: number[], n: number, flags: number): number {
  const bad = new Set<number>()
  for (let i = 0; i < n; i++) {
    const pfn = pages[i]!
    if (!folio_is_longterm_pinnable(k, pfn)) bad.add(pfn)
  }
  if (bad.size === 0) return 0
  for (let i = 0; i < n; i++) gup_put_folio(k, pages[i]!, flags)
  let failed = false
  for (const pfn of bad) if (migrate_folio(k, pfn, 'pinnable', 'longterm_pin') < 0) failed = true
  return failed ? -ENOMEM : -EAGAIN
}

/** __gup_longterm_locked(): __get_user_pages plus the FOLL_LONGTERM migration loop. */
export function __gup_longterm_locked(k: Kernel, mm: MmStruct, start: number, nr: number, flags: number, pages: number[] | null, resume?: GupPreemptible): number {
  if (flags & FOLL_PIN) mm_set_has_pinned_flag(k, mm)
  if (!(flags & FOLL_LONGTERM) || !pages) return __get_user_pages(k, mm, start, nr, flags, pages, resume)
  // memalloc_pin_save() (5.13+): pages faulted in by this GUP come from non-movable memory.
  const pinScope = k.has('memallocPin')
  if (pinScope) k.phys.pinScope++
  try {
    for (let tries = 0; ; tries++) {
      const rc = __get_user_pages(k, mm, start, nr, flags, pages)
      if (rc <= 0) return rc
      const m = check_and_migrate_movable_pages(k, pages, rc, flags)
      if (m === 0) return rc
      if (m !== -EAGAIN || tries >= MAX_RETRIES) return m === -EAGAIN ? -ENOMEM : m
    }
  } finally {
    if (pinScope) k.phys.pinScope--
  }
}

// ------------------------------------------------------------------ validation

/** Which APIs return 0 instead of -EINVAL on invalid flags (6.3+ is_valid_gup_args). */
export function invalidRet(k: Kernel, api: GupApi): number {
  if (k.has('isValidGupArgs') && (api === 'pin_user_pages' || api === 'pin_user_pages_remote' || api === 'pin_user_pages_unlocked')) return 0
  return -EINVAL
}

/**
 * is_valid_gup_args() (6.3+) and the older per-wrapper WARN_ON checks. Returns the effective
 * gup_flags, or null if the call must fail.
 * Source read (mm/gup.c, several snapshots): the first form of is_valid_gup_args still took a
 * `vmas` argument (removed in 6.5) and rejected FOLL_PIN|TRIED|UNLOCKABLE|REMOTE|FAST_ONLY; later
 * ones reject INTERNAL_GUP_FLAGS (incl. FOLL_TOUCH), then check GET|PIN, LONGTERM without PIN,
 * GET/PIN without pages, and (until a later removal) LONGTERM|PCI_P2PDMA. PinLab applies the
 * INTERNAL_GUP_FLAGS form from 6.3 (first supported version with it: 6.6).
 */
export function gup_args(k: Kernel, api: GupApi, caller: number, pages: number[] | null, toSet: number): number | null {
  const isPin = (toSet & FOLL_PIN) !== 0
  if (isPin && !k.has('follPin')) {
    k.warn(`${api}() does not exist before 5.6`)
    return null
  }
  if (api === 'get_user_pages_longterm' && !k.has('gupLongtermApi')) {
    k.warn('get_user_pages_longterm() exists only in 4.15–5.1')
    return null
  }
  if ((caller & FOLL_LONGTERM) && !k.has('follLongterm')) {
    k.warn('FOLL_LONGTERM does not exist before 5.2')
    return null
  }
  if (caller & FOLL_PIN) {
    k.warn(`${api}: FOLL_PIN passed by caller`)
    return null
  }
  if (k.has('isValidGupArgs')) {
    if (caller & (INTERNAL_GUP_FLAGS | FOLL_COW)) {
      k.warn(`${api}: internal FOLL_ flags passed by caller`)
      return null
    }
    let flags = caller | toSet
    if (pages && !(flags & FOLL_PIN)) flags |= FOLL_GET
    if ((flags & (FOLL_GET | FOLL_PIN)) === (FOLL_GET | FOLL_PIN)) {
      k.warn(`${api}: FOLL_GET and FOLL_PIN together`)
      return null
    }
    if ((flags & FOLL_LONGTERM) && !(flags & FOLL_PIN)) {
      k.warn(`${api}: FOLL_LONGTERM without FOLL_PIN`)
      return null
    }
    if ((flags & (FOLL_GET | FOLL_PIN)) && !pages) return null
    if ((flags & FOLL_LONGTERM) && (flags & FOLL_PCI_P2PDMA)) return null
    return flags
  }
  // 5.6–6.2: pin_user_pages*() WARN on FOLL_GET and on a NULL pages array.
  if (isPin && ((caller & FOLL_GET) || !pages)) {
    k.warn(`${api}: FOLL_GET or no pages array`)
    return null
  }
  let flags = caller | toSet
  if (pages && !isPin) flags |= FOLL_GET
  return flags
}

export function checkRange(start: number, nr: number): number {
  if (!Number.isInteger(nr) || nr < 0) return -EINVAL
  if (!Number.isFinite(start) || start < 0 || start >= 2 ** 64) return -EFAULT
  return 0
}

export function traceGup(k: Kernel, pid: number, api: GupApi, start: number, nr: number, flags: number, ret: number, pages: number[] | null): void {
  if (!k.tracing) return
  const pfns = pages && ret > 0 ? pages.slice(0, ret) : []
  k.emit({ type: 'gup', api, start, nr, gupFlags: flags, ret, pfns }, pid)
  if (ret > 0 && (flags & FOLL_PIN)) k.emit({ type: 'pin', pfns, longterm: (flags & FOLL_LONGTERM) !== 0 }, pid)
}

function slowGup(k: Kernel, api: GupApi, task: TaskStruct, start: number, nr: number, caller: number, pages: number[] | null, toSet: number, resume?: GupPreemptible): number {
  const bad = checkRange(start, nr)
  if (bad < 0) return bad
  const mm = task.mm
  if (!mm) return -EFAULT
  const flags = gup_args(k, api, caller, pages, toSet)
  if (flags === null) return invalidRet(k, api)
  if (!resume?.saved) k.tick(200)
  const b = k.batchBegin(api, start, nr)
  const ret = __gup_longterm_locked(k, mm, start, nr, flags, pages, resume)
  k.batchEnd(b, task.pid)
  if (resume && ret < 0) resume.saved = null
  if (!resume?.saved) traceGup(k, task.pid, api, start, nr, flags, ret, pages)
  return ret
}

// ------------------------------------------------------------------ public slow-path API

/** get_user_pages(): FOLL_TOUCH (+FOLL_GET when pages) on the current task's mm. */
export function get_user_pages(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'get_user_pages', task, start, nr, gupFlags, pages, FOLL_TOUCH)
}

/**
 * get_user_pages_remote() that may be preempted at the cond_resched() of __get_user_pages's retry
 * label (when `k.hooks.need_resched()` says the time slice is used up). Without FOLL_LONGTERM
 * only. If it yields, `resume.saved` is set and the return value is the number of pages done so
 * far (those are grabbed); call again with the same arguments, the remaining range and the same
 * `resume`, to continue. The window between a fault and the retried lookup is where Dirty COW's
 * madvise(MADV_DONTNEED) runs (reference §4g).
 */
export function get_user_pages_remote_preemptible(k: Kernel, target: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null, resume: GupPreemptible): number {
  if (gupFlags & FOLL_LONGTERM) return -EINVAL
  return slowGup(k, 'get_user_pages_remote', target, start, nr, gupFlags, pages, FOLL_TOUCH | FOLL_REMOTE, resume)
}

/** get_user_pages_remote(): on another task's mm (FOLL_TOUCH|FOLL_REMOTE). */
export function get_user_pages_remote(k: Kernel, target: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'get_user_pages_remote', target, start, nr, gupFlags, pages, FOLL_TOUCH | FOLL_REMOTE)
}

export function get_user_pages_unlocked(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'get_user_pages_unlocked', task, start, nr, gupFlags, pages, FOLL_TOUCH | FOLL_UNLOCKABLE)
}

/**
 * get_user_pages_longterm() (4.15–5.1): get_user_pages that refuses fs-DAX VMAs (-EOPNOTSUPP)
 * and (5.1) migrates CMA pages first. Replaced by FOLL_LONGTERM in 5.2.
 */
export function get_user_pages_longterm(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'get_user_pages_longterm', task, start, nr, gupFlags, pages, FOLL_TOUCH | FOLL_LONGTERM)
}

/** pin_user_pages() (5.6+): FOLL_PIN, no FOLL_TOUCH. */
export function pin_user_pages(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'pin_user_pages', task, start, nr, gupFlags, pages, FOLL_PIN)
}

export function pin_user_pages_remote(k: Kernel, target: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'pin_user_pages_remote', target, start, nr, gupFlags, pages, FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE)
}

export function pin_user_pages_unlocked(k: Kernel, task: TaskStruct, start: number, nr: number, gupFlags: number, pages: number[] | null): number {
  return slowGup(k, 'pin_user_pages_unlocked', task, start, nr, gupFlags, pages, FOLL_PIN | FOLL_TOUCH | FOLL_UNLOCKABLE)
}

// ------------------------------------------------------------------ release

/** unpin_user_page(): drop one FOLL_PIN pin. */
export function unpin_user_page(k: Kernel, pfn: number): void {
  gup_put_folio(k, pfn, FOLL_PIN)
  if (k.tracing) k.emit({ type: 'unpin', pfns: [pfn], dirty: false })
}

export function unpin_user_pages(k: Kernel, pages: readonly number[], npages: number): void {
  for (let i = 0; i < npages; i++) gup_put_folio(k, pages[i]!, FOLL_PIN)
  if (k.tracing) k.emit({ type: 'unpin', pfns: pages.slice(0, npages), dirty: false })
}

/**
 * unpin_user_pages_dirty_lock() (reference §2.7): if make_dirty, mark each clean folio dirty
 * (under the folio lock; the ->dirty_folio callback runs) and then unpin. Never re-validates
 * filesystem state.
 */
export function unpin_user_pages_dirty_lock(k: Kernel, pages: readonly number[], npages: number, make_dirty: boolean): void {
  for (let i = 0; i < npages; i++) {
    const pfn = pages[i]!
    if (make_dirty && !is_zero_pfn(pfn) && !(k.phys.flags.get(pfn) & PG_dirty) && k.phys.isAllocated(pfn)) folio_mark_dirty(k, pfn)
    gup_put_folio(k, pfn, FOLL_PIN)
  }
  if (k.tracing) k.emit({ type: 'unpin', pfns: pages.slice(0, npages), dirty: make_dirty })
}

/** unpin_user_page_range_dirty_lock(): the same for `npages` physically contiguous pfns. */
export function unpin_user_page_range_dirty_lock(k: Kernel, pfn: number, npages: number, make_dirty: boolean): void {
  const pages: number[] = []
  for (let i = 0; i < npages; i++) pages.push(pfn + i)
  unpin_user_pages_dirty_lock(k, pages, npages, make_dirty)
}

/**
 * put_user_page(): release a FOLL_GET reference taken by get_user_pages* (what drivers do with
 * put_page(); the name is the 5.2–5.5 helper). A put on a page without such a reference is a WARN.
 */
export function put_user_page(k: Kernel, pfn: number): void {
  gup_put_folio(k, pfn, FOLL_GET)
  if (k.tracing) k.emit({ type: 'put_page', pfns: [pfn] })
}

/** set_page_dirty_lock(): how pre-5.6 drivers dirtied a GUP'ed page before put_page. */
export function set_page_dirty_lock(k: Kernel, pfn: number): void {
  if (!is_zero_pfn(pfn) && k.phys.isAllocated(pfn)) folio_mark_dirty(k, pfn)
}

// ------------------------------------------------------------------ populate

/**
 * __mm_populate() / populate_vma_page_range(): fault in [start, start+len) for MAP_POPULATE,
 * MAP_LOCKED and mlock. Writable private mappings get write faults (COW broken up front).
 * Errors are ignored, as in Linux.
 */
export function __mm_populate(k: Kernel, task: TaskStruct, start: number, len: number): void {
  const mm = task.mm
  if (!mm) return
  const end = start + len
  const b = k.batchBegin('populate', start, len / 4096)
  for (const vma of mm.vmas.slice()) {
    if (vma.end <= start || vma.start >= end) continue
    if (vma.flags & (VM_IO | VM_PFNMAP)) continue
    let flags = FOLL_TOUCH
    if ((vma.flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) flags |= FOLL_WRITE
    if (vma.flags & (VM_READ | VM_WRITE | VM_EXEC)) flags |= FOLL_FORCE
    const s = Math.max(start, vma.start)
    const e = Math.min(end, vma.end)
    __get_user_pages(k, mm, s, (e - s) / 4096, flags, null)
  }
  k.batchEnd(b, task.pid)
}

/**
 * faultin_page_range() for MADV_POPULATE_(READ|WRITE) (5.14+): returns 0, -EINVAL (mapping not
 * accessible / incompatible), -EFAULT (a fault would SIGBUS), -ENOMEM.
 */
export function faultin_page_range(k: Kernel, mm: MmStruct, start: number, end: number, write: boolean): number {
  const b = k.batchBegin(write ? 'MADV_POPULATE_WRITE' : 'MADV_POPULATE_READ', start, (end - start) / 4096)
  const r = faultin_page_range_inner(k, mm, start, end, write)
  k.batchEnd(b)
  return r
}

function faultin_page_range_inner(k: Kernel, mm: MmStruct, start: number, end: number, write: boolean): number {
  for (const vma of mm.vmas.slice()) {
    if (vma.end <= start || vma.start >= end) continue
    const flags = FOLL_TOUCH | FOLL_MADV_POPULATE | (write ? FOLL_WRITE : 0)
    if (check_vma_flags(k, vma, flags) < 0) return -EINVAL
    const s = Math.max(start, vma.start)
    const e = Math.min(end, vma.end)
    const r = __get_user_pages(k, mm, s, (e - s) / 4096, flags, null)
    if (r < 0) return r === -ENOMEM ? -ENOMEM : -EFAULT
  }
  return 0
}

