/**
 * kernel/sys.c — getrlimit / setrlimit (and prlimit's checks) for the resources PinLab uses.
 *
 * Contract: getrlimit returns [soft, hard] (Infinity = RLIM_INFINITY) or -EINVAL for an unknown
 * resource; setrlimit returns 0 or -EINVAL (soft > hard, bad resource) / -EPERM (raising the hard
 * limit without CAP_SYS_RESOURCE), as do_prlimit does.
 */
import type { Kernel } from '../kernel'
import { EINVAL, EPERM } from '../include/uapi/asm-generic/errno'
import { RLIM_NLIMITS, RLIMIT_MEMLOCK, MLOCK_LIMIT_8MIB, MLOCK_LIMIT_OLD } from '../include/uapi/linux/resource'
import { capable, type TaskStruct } from '../include/linux/sched'
import { CAP_SYS_RESOURCE } from '../include/linux/capability'

/** INIT_RLIMITS defaults for a fresh task; RLIMIT_MEMLOCK is MLOCK_LIMIT (64 KiB, 8 MiB from 5.16). */
export function init_rlimits(k: Kernel, task: TaskStruct): void {
  // "mm: Increase the default MLOCK_LIMIT to 8 MiB" (5.16), include/uapi/linux/resource.h.
  const memlock = k.has('mlockLimit8MiB') ? MLOCK_LIMIT_8MIB : MLOCK_LIMIT_OLD
  task.rlim[RLIMIT_MEMLOCK] = [memlock, memlock]
}

export function sys_getrlimit(k: Kernel, task: TaskStruct, resource: number): [number, number] | number {
  k.tick(100)
  if (!Number.isInteger(resource) || resource < 0 || resource >= RLIM_NLIMITS) return -EINVAL
  const r = task.rlim[resource]!
  return [r[0], r[1]]
}

export function sys_setrlimit(k: Kernel, task: TaskStruct, resource: number, soft: number, hard: number): number {
  k.tick(100)
  let ret = 0
  if (!Number.isInteger(resource) || resource < 0 || resource >= RLIM_NLIMITS) ret = -EINVAL
  else if (!(soft >= 0) || !(hard >= 0) || soft > hard) ret = -EINVAL
  else if (hard > task.rlim[resource]![1] && !capable(task, CAP_SYS_RESOURCE)) ret = -EPERM
  else task.rlim[resource] = [soft, hard]
  if (k.tracing) k.emit({ type: 'syscall', name: 'setrlimit', args: [resource, soft, hard], ret }, task.pid)
  return ret
}
