/**
 * fs/proc/page.c — /proc/kpageflags and /proc/kpagecount: 8 bytes per PFN, root only (0400).
 * KPF_* bit numbers from include/uapi/linux/kernel-page-flags.h and the kernel-hacking bits of
 * include/linux/kernel-page-flags.h (userspace-api §2.8). Layout is the modern one for every
 * version (the bits PinLab can set all exist since 4.0).
 */
import type { Kernel } from '../../kernel'
import { ERRNO } from '../../include/uapi/asm-generic/errno-base'
import {
  PG_active, PG_anon, PG_anon_exclusive, PG_dirty, PG_ksm, PG_locked, PG_lru, PG_mlocked, PG_private, PG_reclaim,
  PG_referenced, PG_reserved, PG_swapbacked, PG_unevictable, PG_uptodate, PG_writeback
} from '../../include/linux/page-flags'
import { ZERO_PFN } from '../../mm/page_alloc'

export const KPF_LOCKED = 0
export const KPF_ERROR = 1
export const KPF_REFERENCED = 2
export const KPF_UPTODATE = 3
export const KPF_DIRTY = 4
export const KPF_LRU = 5
export const KPF_ACTIVE = 6
export const KPF_SLAB = 7
export const KPF_WRITEBACK = 8
export const KPF_RECLAIM = 9
export const KPF_BUDDY = 10
export const KPF_MMAP = 11
export const KPF_ANON = 12
export const KPF_SWAPCACHE = 13
export const KPF_SWAPBACKED = 14
export const KPF_COMPOUND_HEAD = 15
export const KPF_COMPOUND_TAIL = 16
export const KPF_HUGE = 17
export const KPF_UNEVICTABLE = 18
export const KPF_HWPOISON = 19
export const KPF_NOPAGE = 20
export const KPF_KSM = 21
export const KPF_THP = 22
export const KPF_OFFLINE = 23
export const KPF_ZERO_PAGE = 24
export const KPF_IDLE = 25
export const KPF_PGTABLE = 26
/* kernel-hacking bits */
export const KPF_RESERVED = 32
export const KPF_MLOCKED = 33
/** KPF_MAPPEDTODISK; on anonymous pages PG_anon_exclusive (page-types: owner_2 / anon_exclusive). */
export const KPF_MAPPEDTODISK = 34
export const KPF_PRIVATE = 35

const COPY: ReadonlyArray<readonly [number, number]> = [
  [PG_locked, KPF_LOCKED], [PG_dirty, KPF_DIRTY], [PG_uptodate, KPF_UPTODATE], [PG_writeback, KPF_WRITEBACK],
  [PG_lru, KPF_LRU], [PG_referenced, KPF_REFERENCED], [PG_active, KPF_ACTIVE], [PG_reclaim, KPF_RECLAIM],
  [PG_swapbacked, KPF_SWAPBACKED], [PG_unevictable, KPF_UNEVICTABLE], [PG_mlocked, KPF_MLOCKED],
  [PG_reserved, KPF_RESERVED], [PG_private, KPF_PRIVATE], [PG_anon_exclusive, KPF_MAPPEDTODISK]
]

/** stable_page_flags() as a [low word, high word] pair. */
export function stable_page_flags(k: Kernel, pfn: number): [number, number] {
  const p = k.phys
  if (pfn < 0 || pfn >= p.maxPfn) return [1 << KPF_NOPAGE, 0]
  let lo = 0
  let hi = 0
  const set = (bit: number) => {
    if (bit < 32) lo |= 1 << bit
    else hi |= 1 << (bit - 32)
  }
  if (!p.isAllocated(pfn) && pfn !== ZERO_PFN) {
    set(KPF_BUDDY)
    return [lo >>> 0, hi >>> 0]
  }
  const f = p.flags.get(pfn)
  if (pfn === ZERO_PFN) set(KPF_ZERO_PAGE)
  else if (p.mapcount.get(pfn) > 0) set(KPF_MMAP)
  if (f & PG_anon) {
    set(KPF_ANON)
    if (f & PG_ksm) set(KPF_KSM)
  }
  for (const [pg, kpf] of COPY) if (f & pg) set(kpf)
  return [lo >>> 0, hi >>> 0]
}

/** page_mapcount() as kpagecount reports it: the zero page and free frames read 0. */
export function kpagecount(k: Kernel, pfn: number): number {
  if (pfn === ZERO_PFN || !k.phys.isAllocated(pfn)) return 0
  return Math.max(0, k.phys.mapcount.get(pfn))
}

const KPAGE_MAX_READ = 1 << 22

/** kpageflags_read / kpagecount_read: position and count multiples of 8, entries up to max_pfn. */
export function kpage_read(k: Kernel, which: 'flags' | 'count', pos: number, count: number): Uint8Array | number {
  if (pos % 8 !== 0 || count % 8 !== 0) return -ERRNO.EINVAL
  const first = pos / 8
  if (!Number.isSafeInteger(first) || first >= k.phys.maxPfn) return new Uint8Array(0)
  const n = Math.min(Math.min(count, KPAGE_MAX_READ) / 8, k.phys.maxPfn - first)
  const out = new Uint8Array(n * 8)
  const dv = new DataView(out.buffer)
  for (let i = 0; i < n; i++) {
    if (which === 'flags') {
      const [lo, hi] = stable_page_flags(k, first + i)
      dv.setUint32(i * 8, lo, true)
      dv.setUint32(i * 8 + 4, hi, true)
    } else {
      dv.setUint32(i * 8, kpagecount(k, first + i), true)
    }
  }
  return out
}
