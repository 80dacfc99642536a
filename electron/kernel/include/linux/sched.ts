/**
 * include/linux/sched.h / cred.h — task_struct and its credentials.
 * A task here is a thread-group leader or a thread (threads share `mm`); the userland keeps the
 * register state, the kernel keeps identity, limits, signals and the mm.
 */
import { RLIM_NLIMITS } from '../uapi/linux/resource'
import type { MmStruct } from './mm_types'

export interface Cred {
  uid: number
  euid: number
  /** Effective capability numbers (CAP_IPC_LOCK, CAP_SYS_ADMIN, …); root has all. */
  caps: number[]
}

export class TaskStruct {
  /** [soft, hard] per resource; Infinity = RLIM_INFINITY. */
  rlim: [number, number][] = Array.from({ length: RLIM_NLIMITS }, () => [Infinity, Infinity] as [number, number])
  /** Pending signal numbers (SIGSEGV/SIGBUS from user accesses are reported, not queued, by uaccess). */
  signal_pending: number[] = []
  exited = false
  exit_code = 0

  constructor(
    public readonly pid: number,
    public tgid: number,
    public comm: string,
    public cred: Cred,
    public mm: MmStruct | null,
    public parent: number
  ) {}
}

export function capable(task: TaskStruct, cap: number): boolean {
  return task.cred.caps.includes(cap)
}
