/**
 * mm->flags bits (include/linux/sched/coredump.h, later mm_types.h). Only the ones PinLab uses.
 * MMF_HAS_PINNED: set on the first FOLL_PIN of an mm, never cleared, not in MMF_INIT_MASK, so a
 * forked child does not inherit it (kernel-semantics.md §2.1; "mm: gup: pack has_pinned in
 * MMF_HAS_PINNED", 5.14 — 5.9..5.13 used the separate field mm->has_pinned).
 */
export const MMF_HAS_PINNED = 27

/**
 * The dumpable state lives in mm->flags bits 0–1 (MMF_DUMPABLE_BITS): SUID_DUMP_DISABLE (0),
 * SUID_DUMP_USER (1, a fresh exec), SUID_DUMP_ROOT (2). procfs gives /proc/PID files of a
 * non-dumpable process to root (task_dump_owner), so their 0600 files refuse other users.
 */
export const SUID_DUMP_DISABLE = 0
export const SUID_DUMP_USER = 1
export const SUID_DUMP_ROOT = 2
export const MMF_DUMPABLE_MASK = 3
