/**
 * mm/mmap.c — mmap, munmap, brk, get_unmapped_area, and the write-notify / dirty-tracking
 * predicates GUP needs.
 *
 * Errno per shared/reference/userspace-api.md §5.2: length 0 / unaligned offset / unaligned
 * MAP_FIXED / neither SHARED nor PRIVATE → -EINVAL; no room → -ENOMEM; MAP_FIXED_NOREPLACE
 * over a mapping → -EEXIST; MAP_SHARED_VALIDATE with an unknown flag → -EOPNOTSUPP;
 * shared writable map of a read-only file → -EACCES; MAP_HUGETLB without huge pages → -ENOMEM;
 * MAP_LOCKED over RLIMIT_MEMLOCK → -EAGAIN; munmap unaligned or length 0 → -EINVAL.
 */
import type { Kernel } from '../kernel'
import { VmArea, type MmStruct } from '../include/linux/mm_types'
import type { TaskStruct } from '../include/linux/sched'
import type { KFile } from '../include/linux/fs'
import {
  TASK_SIZE, VM_ACCOUNT, VM_EXEC, VM_LOCKED, VM_MAYEXEC, VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_NORESERVE, VM_PFNMAP,
  VM_READ, VM_SHARED, VM_WRITE, VM_GROWSDOWN, VM_SYNC, VM_LOCKONFAULT
} from '../include/linux/mm'
import {
  LEGACY_MAP_MASK, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_HUGETLB, MAP_LOCKED, MAP_NORESERVE,
  MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_SYNC, MAP_TYPE, MAP_NONBLOCK, MAP_GROWSDOWN,
  PROT_EXEC, PROT_READ, PROT_WRITE
} from '../include/uapi/asm-generic/mman-common'
import { EACCES, EAGAIN, EBADF, EEXIST, EINVAL, ENODEV, ENOMEM, EOPNOTSUPP, EOVERFLOW, EPERM } from '../include/uapi/asm-generic/errno'
import { find_vma_intersection, vma_insert, vma_merge_all, vmas_in_range } from './vma'
import { unmap_vmas } from './memory'
import { can_do_mlock, mlock_future_ok } from './mlock'
import { __mm_populate } from './gup'

export const PAGE_ALIGN = (x: number): number => Math.ceil(x / 4096) * 4096
const isPageAligned = (x: number): boolean => x % 4096 === 0

/** calc_vm_prot_bits(): PROT_* → VM_READ/WRITE/EXEC. */
export function calc_vm_prot_bits(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0)
}

/**
 * vma_wants_writenotify(): must a shared writable mapping start read-only so that the first write
 * faults (->page_mkwrite, dirty accounting)? Soft-dirty tracking is not modelled.
 */
export function vma_wants_writenotify(k: Kernel, vma: VmArea): boolean {
  return vma_needs_dirty_tracking(k, vma)
}

/**
 * vma_needs_dirty_tracking() ("mm/mmap: separate writenotify and dirty tracking logic", 6.5):
 * shared + writable + (has ->page_mkwrite or the mapping can write back). shmem/hugetlbfs and
 * private mappings never need it; ext4/xfs/btrfs shared writable mappings do.
 */
export function vma_needs_dirty_tracking(k: Kernel, vma: VmArea): boolean {
  if ((vma.flags & (VM_WRITE | VM_SHARED)) !== (VM_WRITE | VM_SHARED)) return false
  if (vma.file === null || (vma.flags & VM_PFNMAP) !== 0) return false
  const mapping = k.mappings.get(vma.file.mappingId)
  if (!mapping) return false
  return mapping.ops.page_mkwrite !== undefined || mapping.canWriteback
}

/** get_unmapped_area(), top-down from mm->mmap_base: the highest free gap of `len` bytes. */
export function get_unmapped_area(mm: MmStruct, len: number, hint: number): number {
  if (hint !== 0) {
    const h = PAGE_ALIGN(hint)
    if (h + len <= TASK_SIZE && h >= 0x10000 && !find_vma_intersection(mm, h, h + len)) return h
  }
  let top = mm.mmap_base
  for (let i = mm.vmas.length - 1; i >= -1; i--) {
    const v = i >= 0 ? mm.vmas[i]! : undefined
    if (v !== undefined && v.start >= top) continue
    const gapLo = v === undefined ? 0x10000 : v.end
    if (top - gapLo >= len) return top - len
    if (v === undefined) break
    top = Math.min(top, v.start)
  }
  return -ENOMEM
}

function account(mm: MmStruct, vma: VmArea, sign: number): void {
  mm.total_vm += sign * vma.pages
  if (vma.flags & VM_LOCKED) mm.locked_vm += sign * vma.pages
}

/**
 * do_munmap(): remove [start, end) from the mm: split edge VMAs, zap PTEs (MMU_NOTIFY_UNMAP),
 * drop the VMAs. Pinned pages stay alive for their pin holders.
 */
export function do_munmap(k: Kernel, mm: MmStruct, start: number, end: number): void {
  if (!find_vma_intersection(mm, start, end)) return
  const vmas = vmas_in_range(mm, start, end)
  unmap_vmas(k, mm, vmas, start, end)
  for (const vma of vmas) {
    account(mm, vma, -1)
    mm.vmas.splice(mm.vmas.indexOf(vma), 1)
  }
  vma_merge_all(mm)
}

export function sys_mmap(
  k: Kernel, task: TaskStruct, addr: number, len: number, prot: number, flags: number, file: KFile | null, off: number
): number {
  k.tick(300)
  const ret = do_mmap(k, task, addr, len, prot, flags, file, off)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mmap', args: [addr, len, prot, flags, off], ret }, task.pid)
  return ret
}

function do_mmap(k: Kernel, task: TaskStruct, addr: number, len: number, prot: number, flags: number, file: KFile | null, off: number): number {
  const mm = task.mm
  if (!mm) return -EINVAL
  if (!Number.isFinite(addr) || !Number.isFinite(len) || !Number.isFinite(off) || addr < 0 || off < 0) return -EINVAL
  if (!isPageAligned(off)) return -EINVAL
  if (len <= 0) return -EINVAL
  len = PAGE_ALIGN(len)
  if (len > TASK_SIZE) return -ENOMEM
  // "offset overflow?": pgoff + pages wrapping 64 bits (off is an unsigned long: < 2^64).
  if (off / 4096 + len / 4096 >= 2 ** 64) return -EOVERFLOW

  let type = flags & MAP_TYPE
  if (type === MAP_SHARED_VALIDATE) {
    // "mm: introduce MAP_SHARED_VALIDATE" (4.15); before, type 3 was just invalid.
    if (!k.has('mapSharedValidate')) return -EINVAL
    if (flags & ~(LEGACY_MAP_MASK | MAP_SYNC | MAP_FIXED_NOREPLACE | MAP_SHARED_VALIDATE)) return -EOPNOTSUPP
    // Only fs-DAX files have MAP_SYNC in f_op->mmap_supported_flags (ext4/xfs with -o dax).
    if (flags & MAP_SYNC && !(file !== null && k.mappings.get(file.mappingId)?.isDax)) return -EOPNOTSUPP
    type = MAP_SHARED
  } else if (type !== MAP_SHARED && type !== MAP_PRIVATE) return -EINVAL
  if ((flags & MAP_ANONYMOUS) === 0 && file === null) return -EBADF
  if (flags & MAP_ANONYMOUS) file = null
  // file_mmap_ok() (fileMmapOk, 4.17): the last page must stay below MAX_LFS_FILESIZE
  // (2^63 - 1) — a negative off_t is a huge unsigned offset here.
  if (file !== null && k.has('fileMmapOk') && off / 4096 > Math.floor((2 ** 63 - 1 - len) / 4096)) return -EOVERFLOW
  if (flags & MAP_HUGETLB) return -ENOMEM // no huge pages reserved in PinLab

  // "mm: introduce MAP_FIXED_NOREPLACE" (4.17); older kernels ignore the bit (a plain hint).
  const noreplace = k.has('mapFixedNoreplace') && (flags & MAP_FIXED_NOREPLACE) !== 0
  const fixed = (flags & MAP_FIXED) !== 0 || noreplace
  if (fixed) {
    if (!isPageAligned(addr)) return -EINVAL
    if (addr + len > TASK_SIZE || addr < 4096) return -ENOMEM
    if (noreplace && find_vma_intersection(mm, addr, addr + len)) return -EEXIST
  } else {
    addr = get_unmapped_area(mm, len, addr)
    if (addr < 0) return addr
  }

  let vmFlags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
  // mm->def_flags carries VM_LOCKED (| VM_LOCKONFAULT) after mlockall(MCL_FUTURE).
  vmFlags |= mm.def_flags
  if (flags & MAP_LOCKED) {
    if (!can_do_mlock(task)) return -EPERM
    vmFlags |= VM_LOCKED
  }
  if ((vmFlags & VM_LOCKED) && !mlock_future_ok(task, mm, len)) return -EAGAIN
  if (flags & MAP_GROWSDOWN) vmFlags |= VM_GROWSDOWN
  if (flags & MAP_NORESERVE) vmFlags |= VM_NORESERVE
  let mappingFile = file
  if (file !== null) {
    if (!file.readable) return -EACCES
    if (type === MAP_SHARED) {
      if ((prot & PROT_WRITE) && !file.writable) return -EACCES
      vmFlags |= VM_SHARED | VM_MAYSHARE
      // A MAP_SHARED mapping of a read-only fd can never become writable: it is neither shared-
      // writable nor a COW mapping (is_cow_mapping false), mm/mmap.c do_mmap.
      if (!file.writable) vmFlags &= ~(VM_MAYWRITE | VM_SHARED)
    }
    const mapping = k.mappings.get(file.mappingId)
    if (!mapping) return -ENODEV
    if (mapping.isDax && (flags & MAP_SYNC)) vmFlags |= VM_SYNC
  } else if (type === MAP_SHARED) {
    // shmem_zero_setup(): MAP_SHARED|MAP_ANONYMOUS is backed by a tmpfs object.
    const shm = k.createMapping({ kind: 'shmem', name: 'dev/zero', size: len })
    mappingFile = k.openFile(shm, { path: '/dev/zero (deleted)' })
    vmFlags |= VM_SHARED | VM_MAYSHARE
    off = 0
  } else {
    vmFlags |= VM_ACCOUNT
  }

  // accountable_mapping() + __vm_enough_memory() in the default heuristic mode (OVERCOMMIT_GUESS,
  // mm/util.c): a private writable mapping that is not MAP_NORESERVE may not exceed RAM + swap.
  if ((vmFlags & (VM_SHARED | VM_WRITE)) === VM_WRITE && !(flags & MAP_NORESERVE)) {
    if (len / 4096 > k.phys.config.normalPages + k.phys.config.movablePages) return -ENOMEM
  }
  if (fixed) do_munmap(k, mm, addr, addr + len)
  const pgoff = mappingFile === null ? addr / 4096 : off / 4096
  const vma = new VmArea(addr, addr + len, vmFlags, pgoff, mappingFile, 0)
  vma_insert(mm, vma)
  account(mm, vma, +1)
  // call_mmap(): the file's ->mmap (a driver may turn the VMA into a PFN map, remap_pfn_range).
  const mapOp = mappingFile ? k.mappings.get(mappingFile.mappingId)?.ops.mmap : undefined
  if (mapOp) {
    const r = mapOp(k, mm, vma)
    if (r < 0) {
      do_munmap(k, mm, addr, addr + len)
      return r
    }
  }
  vma_merge_all(mm)
  if ((flags & (MAP_POPULATE | MAP_NONBLOCK)) === MAP_POPULATE || (vmFlags & (VM_LOCKED | VM_LOCKONFAULT)) === VM_LOCKED) __mm_populate(k, task, addr, len)
  return addr
}


export function sys_munmap(k: Kernel, task: TaskStruct, addr: number, len: number): number {
  k.tick(300)
  let ret = 0
  const mm = task.mm
  if (!mm || !Number.isFinite(addr) || !Number.isFinite(len) || addr < 0 || !isPageAligned(addr)) ret = -EINVAL
  else if (len <= 0) ret = -EINVAL
  else {
    len = PAGE_ALIGN(len)
    if (len > TASK_SIZE || addr > TASK_SIZE - len) ret = -EINVAL
    else do_munmap(k, mm, addr, addr + len)
  }
  if (k.tracing) k.emit({ type: 'syscall', name: 'munmap', args: [addr, len], ret }, task.pid)
  return ret
}

/**
 * sys_brk(): returns the new break, or the old one if the request cannot be satisfied (Linux's
 * brk syscall never returns an errno).
 */
export function sys_brk(k: Kernel, task: TaskStruct, brk: number): number {
  k.tick(200)
  const mm = task.mm
  if (!mm) return 0
  let ret = mm.brk
  if (Number.isFinite(brk) && brk >= mm.start_brk && brk <= TASK_SIZE) {
    const newbrk = PAGE_ALIGN(brk)
    const oldbrk = PAGE_ALIGN(mm.brk)
    if (newbrk === oldbrk) {
      mm.brk = brk
      ret = brk
    } else if (brk < mm.brk) {
      do_munmap(k, mm, newbrk, oldbrk)
      mm.brk = brk
      ret = brk
    } else if (!find_vma_intersection(mm, oldbrk, newbrk + 4096)) {
      const flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT | mm.def_flags
      const vma = new VmArea(oldbrk, newbrk, flags, oldbrk / 4096, null, 0)
      vma_insert(mm, vma)
      account(mm, vma, +1)
      vma_merge_all(mm)
      mm.brk = brk
      ret = brk
    }
  }
  if (k.tracing) k.emit({ type: 'syscall', name: 'brk', args: [brk], ret }, task.pid)
  return ret
}

