/**
 * mm/mmu_notifier.c — interval notifiers (mmu_interval_notifier_insert/remove,
 * mmu_interval_read_begin/retry) and the invalidation calls the core mm makes before changing
 * PTEs: zap (MADV_DONTNEED → CLEAR, munmap → UNMAP), COW copies (CLEAR), fork's write-protect
 * of COW VMAs (PROTECTION_PAGE), mprotect (PROTECTION_VMA), page_mkclean (PROTECTION_PAGE),
 * migration (MIGRATE), exit (RELEASE).
 *
 * Contract: `invalidate` is called synchronously, before the PTE change, for every notifier of
 * the mm whose interval overlaps [start, end). It must not call back into the mm. The notifier's
 * sequence is bumped so that a concurrent read_begin/read_retry user (ODP) retries.
 * Invariant (reference §6.19/§6.20): no PTE of a notified range changes without this call first.
 */
import type { Kernel } from '../kernel'
import type { MmuNotifyEvent } from '../kernel/trace'

export interface MmuNotifierRange {
  mm: number
  start: number
  end: number
  event: MmuNotifyEvent
}

export interface MmuIntervalNotifierOps {
  /** Return value ignored (blockable ranges only in PinLab). */
  invalidate(sub: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): boolean | void
}

export interface MmuIntervalNotifier {
  id: number
  mm: number
  start: number
  /** exclusive */
  end: number
  ops: MmuIntervalNotifierOps
  invalidate_seq: number
}

let notifierIds = 0

/** mmu_interval_notifier_insert(): returns the notifier, or -EINVAL for an overflowing range. */
export function mmu_interval_notifier_insert(
  k: Kernel, mmId: number, start: number, length: number, ops: MmuIntervalNotifierOps
): MmuIntervalNotifier | number {
  if (!(length > 0) || !(start >= 0) || start + length > 2 ** 64) return -22
  const sub: MmuIntervalNotifier = { id: ++notifierIds, mm: mmId, start, end: start + length, ops, invalidate_seq: 2 }
  k.notifiers.push(sub)
  return sub
}

export function mmu_interval_notifier_remove(k: Kernel, sub: MmuIntervalNotifier): void {
  const i = k.notifiers.findIndex((n) => n.id === sub.id)
  if (i >= 0) k.notifiers.splice(i, 1)
}

/** mmu_interval_read_begin(): the sequence to pass to read_retry after the device update. */
export function mmu_interval_read_begin(k: Kernel, sub: MmuIntervalNotifier): number {
  return (k.notifiers.find((n) => n.id === sub.id) ?? sub).invalidate_seq
}

/** mmu_interval_read_retry(): true if an invalidation ran since `seq` was read. */
export function mmu_interval_read_retry(k: Kernel, sub: MmuIntervalNotifier, seq: number): boolean {
  return (k.notifiers.find((n) => n.id === sub.id) ?? sub).invalidate_seq !== seq
}

/**
 * mmu_notifier_invalidate_range_start(): tell every overlapping notifier, then emit one range
 * event. The matching _end is implicit (PinLab's invalidations are not concurrent).
 */
export function mmu_notifier_invalidate_range_start(
  k: Kernel, mmId: number, event: MmuNotifyEvent, start: number, end: number
): void {
  if (k.traceNow('mmu_notifier_invalidate')) k.emit({ type: 'mmu_notifier_invalidate', event, mm: mmId, start, end })
  if (k.notifiers.length === 0) return
  const range: MmuNotifierRange = { mm: mmId, start, end, event }
  for (const n of k.notifiers.slice()) {
    if (n.mm !== mmId || n.end <= start || n.start >= end) continue
    n.invalidate_seq += 2
    n.ops.invalidate(n, range, n.invalidate_seq)
  }
}
