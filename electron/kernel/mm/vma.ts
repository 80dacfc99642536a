/**
 * mm/vma.c — VMA list manipulation: lookup, insertion, splitting and merging. The mm's VMAs are a
 * sorted array (Linux: maple tree); VMA counts in PinLab are small.
 */
import type { MmStruct, VmArea } from '../include/linux/mm_types'

/** find_vma(): the first VMA with end > addr, or undefined. */
export function find_vma(mm: MmStruct, addr: number): VmArea | undefined {
  const v = mm.vmas
  let lo = 0
  let hi = v.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (v[mid]!.end <= addr) lo = mid + 1
    else hi = mid
  }
  return v[lo]
}

/** vma_lookup(): the VMA containing addr, or undefined. */
export function vma_lookup(mm: MmStruct, addr: number): VmArea | undefined {
  const vma = find_vma(mm, addr)
  return vma !== undefined && vma.start <= addr ? vma : undefined
}

export function find_vma_intersection(mm: MmStruct, start: number, end: number): VmArea | undefined {
  const vma = find_vma(mm, start)
  return vma !== undefined && vma.start < end ? vma : undefined
}

export function vma_insert(mm: MmStruct, vma: VmArea): void {
  const i = mm.vmas.findIndex((v) => v.start >= vma.end)
  if (i < 0) mm.vmas.push(vma)
  else mm.vmas.splice(i, 0, vma)
}

/** split_vma(): split the VMA containing `addr` (strictly inside it) into two at `addr`. */
export function split_vma(mm: MmStruct, addr: number): void {
  const i = mm.vmas.findIndex((v) => v.start < addr && v.end > addr)
  if (i < 0) return
  const vma = mm.vmas[i]!
  const tail = vma.clone()
  tail.start = addr
  tail.pgoff = vma.pgoff + (addr - vma.start) / 4096
  vma.end = addr
  mm.vmas.splice(i + 1, 0, tail)
}

/** The VMAs covering [start, end), after splitting at both edges. */
export function vmas_in_range(mm: MmStruct, start: number, end: number): VmArea[] {
  split_vma(mm, start)
  split_vma(mm, end)
  return mm.vmas.filter((v) => v.start >= start && v.end <= end)
}

function can_merge(a: VmArea, b: VmArea): boolean {
  if (a.end !== b.start || a.flags !== b.flags) return false
  if (b.pgoff !== a.pgoff + (a.end - a.start) / 4096) return false
  if (a.file !== b.file) return false
  return a.anonVma === b.anonVma || a.anonVma === 0 || b.anonVma === 0
}

/** vma_merge over the whole list: coalesce adjacent compatible VMAs (as /proc/PID/maps shows). */
export function vma_merge_all(mm: MmStruct): void {
  const v = mm.vmas
  for (let i = 0; i + 1 < v.length; ) {
    const a = v[i]!
    const b = v[i + 1]!
    if (can_merge(a, b)) {
      a.end = b.end
      if (a.anonVma === 0) a.anonVma = b.anonVma
      v.splice(i + 1, 1)
    } else i++
  }
}
