/** procfs (fs/proc): mount it with `mountProcfs(vfs, kernel, source)`. */
export { mountProcfs, type Procfs } from './root'
export type { ProcSource } from './internal'
export { mem_rw } from './base'
export { pagemap_read, mm_rss, vma_header_line, CONFIG_MEM_SOFT_DIRTY } from './task_mmu'
export { stable_page_flags, kpagecount, kpage_read } from './page'
