/**
 * include/linux/mm.h (and mm_types.h / mm/internal.h) constants PinLab needs: VM_* flags with
 * Linux's values, FOLL_* flags, FAULT_FLAG_* and VM_FAULT_* codes.
 *
 * vm_flags are kept in a JS number and tested with `(flags & VM_X) !== 0`; VM_MERGEABLE
 * (0x80000000) therefore reads back negative after `|`, which is harmless for those tests.
 */
export const PAGE_SHIFT = 12
export const PAGE_SIZE = 4096
/** x86-64 4-level paging: TASK_SIZE_MAX = (1 << 47) - PAGE_SIZE. */
export const TASK_SIZE = 2 ** 47 - PAGE_SIZE

export const VM_NONE = 0x0
export const VM_READ = 0x1
export const VM_WRITE = 0x2
export const VM_EXEC = 0x4
export const VM_SHARED = 0x8
export const VM_MAYREAD = 0x10
export const VM_MAYWRITE = 0x20
export const VM_MAYEXEC = 0x40
export const VM_MAYSHARE = 0x80
export const VM_GROWSDOWN = 0x100
export const VM_PFNMAP = 0x400
export const VM_UFFD_WP = 0x1000
export const VM_LOCKED = 0x2000
export const VM_IO = 0x4000
export const VM_SEQ_READ = 0x8000
export const VM_RAND_READ = 0x10000
export const VM_DONTCOPY = 0x20000
export const VM_DONTEXPAND = 0x40000
export const VM_LOCKONFAULT = 0x80000
export const VM_ACCOUNT = 0x100000
export const VM_NORESERVE = 0x200000
export const VM_HUGETLB = 0x400000
export const VM_SYNC = 0x800000
export const VM_WIPEONFORK = 0x2000000
export const VM_DONTDUMP = 0x4000000
export const VM_SOFTDIRTY = 0x8000000
export const VM_MIXEDMAP = 0x10000000
export const VM_HUGEPAGE = 0x20000000
export const VM_NOHUGEPAGE = 0x40000000
export const VM_MERGEABLE = 0x80000000

/** is_cow_mapping(): private and may become writable. */
export function is_cow_mapping(flags: number): boolean {
  return (flags & (VM_SHARED | VM_MAYWRITE)) === VM_MAYWRITE
}

/* Public FOLL_* flags (modern enum in include/linux/mm_types.h; kernel-semantics.md §1.1). */
export const FOLL_WRITE = 1 << 0
export const FOLL_GET = 1 << 1
export const FOLL_DUMP = 1 << 2
export const FOLL_FORCE = 1 << 3
export const FOLL_NOWAIT = 1 << 4
export const FOLL_NOFAULT = 1 << 5
export const FOLL_HWPOISON = 1 << 6
export const FOLL_ANON = 1 << 7
export const FOLL_LONGTERM = 1 << 8
export const FOLL_SPLIT_PMD = 1 << 9
export const FOLL_PCI_P2PDMA = 1 << 10
export const FOLL_INTERRUPTIBLE = 1 << 11
export const FOLL_HONOR_NUMA_FAULT = 1 << 12
/* Internal FOLL_* flags (mm/internal.h; §1.2). */
export const FOLL_TOUCH = 1 << 16
export const FOLL_TRIED = 1 << 17
export const FOLL_REMOTE = 1 << 18
export const FOLL_PIN = 1 << 19
export const FOLL_FAST_ONLY = 1 << 20
export const FOLL_UNLOCKABLE = 1 << 21
export const FOLL_MADV_POPULATE = 1 << 22
/**
 * FOLL_COW existed 4.9..5.19 as 0x4000 in the old #define list. PinLab uses the modern enum
 * numbering for every version (FOLL_* is an in-kernel API, never seen by userspace), so FOLL_COW
 * gets an otherwise unused internal bit. Decision recorded in electron/kernel/README.md.
 */
export const FOLL_COW = 1 << 23

export const INTERNAL_GUP_FLAGS =
  FOLL_TOUCH | FOLL_TRIED | FOLL_REMOTE | FOLL_PIN | FOLL_FAST_ONLY | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE
/** Flags gup_fast_fallback accepts (§1.4). */
export const GUP_FAST_ALLOWED =
  FOLL_WRITE | FOLL_LONGTERM | FOLL_FORCE | FOLL_PIN | FOLL_GET | FOLL_FAST_ONLY | FOLL_NOFAULT | FOLL_PCI_P2PDMA |
  FOLL_HONOR_NUMA_FAULT
export const ALL_PUBLIC_FOLL =
  FOLL_WRITE | FOLL_GET | FOLL_DUMP | FOLL_FORCE | FOLL_NOWAIT | FOLL_NOFAULT | FOLL_HWPOISON | FOLL_ANON |
  FOLL_LONGTERM | FOLL_SPLIT_PMD | FOLL_PCI_P2PDMA | FOLL_INTERRUPTIBLE | FOLL_HONOR_NUMA_FAULT

/** include/linux/mm.h: a FOLL_PIN on a small folio adds this much to the refcount. */
export const GUP_PIN_COUNTING_BIAS = 1 << 10

/* enum fault_flag */
export const FAULT_FLAG_WRITE = 1 << 0
export const FAULT_FLAG_MKWRITE = 1 << 1
export const FAULT_FLAG_ALLOW_RETRY = 1 << 2
export const FAULT_FLAG_RETRY_NOWAIT = 1 << 3
export const FAULT_FLAG_KILLABLE = 1 << 4
export const FAULT_FLAG_TRIED = 1 << 5
export const FAULT_FLAG_USER = 1 << 6
export const FAULT_FLAG_REMOTE = 1 << 7
export const FAULT_FLAG_INSTRUCTION = 1 << 8
export const FAULT_FLAG_INTERRUPTIBLE = 1 << 9
export const FAULT_FLAG_UNSHARE = 1 << 10

/* vm_fault_t */
export const VM_FAULT_OOM = 0x000001
export const VM_FAULT_SIGBUS = 0x000002
export const VM_FAULT_MAJOR = 0x000004
/** "COW was broken" — existed until FOLL_COW's removal in 6.0; faultin_page uses it for FOLL_COW. */
export const VM_FAULT_WRITE = 0x000008
export const VM_FAULT_HWPOISON = 0x000010
export const VM_FAULT_SIGSEGV = 0x000040
export const VM_FAULT_NOPAGE = 0x000100
export const VM_FAULT_LOCKED = 0x000200
export const VM_FAULT_RETRY = 0x000400
export const VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | VM_FAULT_HWPOISON
