/**
 * mm->flags bits (include/linux/sched/coredump.h, later mm_types.h). Only the ones PinLab uses.
 * MMF_HAS_PINNED: set on the first FOLL_PIN of an mm, never cleared, not in MMF_INIT_MASK, so a
 * forked child does not inherit it (kernel-semantics.md §2.1; "mm: gup: pack has_pinned in
 * MMF_HAS_PINNED", 5.14 — 5.9..5.13 used the separate field mm->has_pinned).
 */
export const MMF_HAS_PINNED = 27
