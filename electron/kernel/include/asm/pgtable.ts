/**
 * PinLab's page-table entry encoding (the role of arch/x86/include/asm/pgtable_types.h).
 * A PTE is one int32: `pfn << PTE_PFN_SHIFT | bits`, 0 = pte_none. pfn < 2^25 (128 GiB).
 */
export const _PAGE_PRESENT = 1 << 0
export const _PAGE_RW = 1 << 1
export const _PAGE_DIRTY = 1 << 2
export const _PAGE_ACCESSED = 1 << 3
/** pte_special: no struct page refcounting (the shared zero page). */
export const _PAGE_SPECIAL = 1 << 4
export const _PAGE_SOFT_DIRTY = 1 << 5
export const PTE_PFN_SHIFT = 6
export const PTE_FLAGS_MASK = (1 << PTE_PFN_SHIFT) - 1
export const MAX_PFN = 1 << 25

export const pte_none = (pte: number): boolean => pte === 0
export const pte_present = (pte: number): boolean => (pte & _PAGE_PRESENT) !== 0
export const pte_write = (pte: number): boolean => (pte & _PAGE_RW) !== 0
export const pte_dirty = (pte: number): boolean => (pte & _PAGE_DIRTY) !== 0
export const pte_young = (pte: number): boolean => (pte & _PAGE_ACCESSED) !== 0
export const pte_special = (pte: number): boolean => (pte & _PAGE_SPECIAL) !== 0
export const pte_pfn = (pte: number): number => pte >>> PTE_PFN_SHIFT
export const pfn_pte = (pfn: number, bits: number): number => (pfn << PTE_PFN_SHIFT) | bits | _PAGE_PRESENT
export const pte_wrprotect = (pte: number): number => pte & ~_PAGE_RW
export const pte_mkwrite = (pte: number): number => pte | _PAGE_RW
export const pte_mkdirty = (pte: number): number => pte | _PAGE_DIRTY | _PAGE_SOFT_DIRTY
export const pte_mkclean = (pte: number): number => pte & ~_PAGE_DIRTY
export const pte_mkyoung = (pte: number): number => pte | _PAGE_ACCESSED
export const pte_mkold = (pte: number): number => pte & ~_PAGE_ACCESSED
export const pte_soft_dirty_bit = (pte: number): number => pte & _PAGE_SOFT_DIRTY
