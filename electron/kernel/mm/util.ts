/**
 * mm/util.c-style accounting helpers for drivers that pin user memory (ib_umem_get,
 * io_uring buffer registration): mm->pinned_vm against RLIMIT_MEMLOCK.
 *
 * Contract (reference §1.6 "Accounting"): account_pinned_vm adds `npages` to mm->pinned_vm and
 * returns 0, or -ENOMEM (nothing added) if the total would exceed RLIMIT_MEMLOCK and the task
 * lacks CAP_IPC_LOCK; -EPERM if can_do_mlock() is false (RLIMIT_MEMLOCK 0 and no CAP_IPC_LOCK),
 * which is ib_umem_get's first check.
 */
import type { Kernel } from '../kernel'
import type { MmStruct } from '../include/linux/mm_types'
import { capable, type TaskStruct } from '../include/linux/sched'
import { CAP_IPC_LOCK } from '../include/linux/capability'
import { RLIMIT_MEMLOCK } from '../include/uapi/linux/resource'
import { ENOMEM, EPERM } from '../include/uapi/asm-generic/errno'
import { can_do_mlock } from './mlock'

export function account_pinned_vm(k: Kernel, task: TaskStruct, mm: MmStruct, npages: number): number {
  if (!can_do_mlock(task)) return -EPERM
  const limit = Math.floor(task.rlim[RLIMIT_MEMLOCK]![0] / 4096)
  if (mm.pinned_vm + npages > limit && !capable(task, CAP_IPC_LOCK)) return -ENOMEM
  mm.pinned_vm += npages
  k.tick(50)
  return 0
}

export function unaccount_pinned_vm(mm: MmStruct, npages: number): void {
  mm.pinned_vm = Math.max(0, mm.pinned_vm - npages)
}
