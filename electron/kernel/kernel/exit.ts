/**
 * kernel/exit.c + mm/mmap.c exit_mmap: a task exits; the last user of an mm tears it down
 * (every VMA zapped with MMU_NOTIFY_UNMAP, the mm removed). Pinned pages outlive the mm — the pin
 * holder keeps them (orphans) until it unpins. The task stays as a zombie (exited, mm = null)
 * until release_task.
 */
import type { Kernel } from '../kernel'
import type { MmStruct } from '../include/linux/mm_types'
import type { TaskStruct } from '../include/linux/sched'
import { unmap_vmas } from '../mm/memory'

export function exit_mmap(k: Kernel, mm: MmStruct): void {
  if (mm.vmas.length) unmap_vmas(k, mm, mm.vmas.slice(), mm.vmas[0]!.start, mm.vmas[mm.vmas.length - 1]!.end)
  mm.vmas = []
  mm.total_vm = 0
  mm.locked_vm = 0
  mm.pgd.flush_tlb_all()
  k.mms.delete(mm.id)
}

/** mmput(): drop one user; the last one runs exit_mmap. */
export function mmput(k: Kernel, mm: MmStruct): void {
  mm.users--
  if (mm.users <= 0) exit_mmap(k, mm)
}

export function do_exit(k: Kernel, task: TaskStruct, code: number): void {
  if (task.exited) return
  k.tick(5000)
  task.exited = true
  task.exit_code = code
  if (task.mm) {
    mmput(k, task.mm)
    task.mm = null
  }
  if (k.tracing) k.emit({ type: 'exit', code }, task.pid)
}

/** release_task(): reap a zombie. */
export function release_task(k: Kernel, task: TaskStruct): void {
  if (task.exited) k.tasks.delete(task.pid)
}
