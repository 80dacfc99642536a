/**
 * fs/exec.c exec_mmap() — the memory side of execve: the task gets a fresh, empty mm (new
 * MMF_* flags: MMF_HAS_PINNED starts clear, no mlockall def_flags) and drops its reference to the
 * old one (mmput: the last user tears it down; pinned pages outlive it as orphans of their pin
 * holders). The caller (the userland loader) maps the new program afterwards. Credentials and
 * rlimits are kept. Decision: other threads of the old mm are not killed here (de_thread is the
 * userland's job).
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { EINVAL } from '../include/uapi/asm-generic/errno'
import { mmput } from './exit'

export function exec_mmap(k: Kernel, task: TaskStruct): number {
  if (task.exited) return -EINVAL
  const old = task.mm
  task.mm = k.newMm()
  if (old) mmput(k, old)
  k.tick(10000)
  if (k.tracing) k.emit({ type: 'syscall', name: 'execve', args: [], ret: 0 }, task.pid)
  return 0
}
