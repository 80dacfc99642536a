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

/**
 * Where a preempted __get_user_pages stopped: at the cond_resched() of its retry label, after a
 * fault, with the gup flags as the fault left them (FOLL_WRITE dropped before 4.9, FOLL_COW set
 * 4.9–5.19). No page reference is held across it (none is in Linux either).
 */
export interface GupResume {
  /** index of the page in the call and its address */
  i: number
  addr: number
  flags: number
  tries: number
  /** the VMA the call was walking (identity by range and flags) */
  vmaStart: number
  vmaEnd: number
  vmaFlags: number
}

/**
 * A syscall preempted inside the kernel (its kernel stack): what the task continues with when it
 * runs again. Plain data, copied by snapshots.
 */
export interface PreemptedSyscall {
  kind: 'access_remote_vm'
  target: number
  addr: number
  len: number
  write: boolean
  gupFlags: number
  /** bytes transferred so far; `buf` holds them (read) or the data to write */
  done: number
  buf: Uint8Array
  gup: GupResume | null
}

export class TaskStruct {
  /** [soft, hard] per resource; Infinity = RLIM_INFINITY. */
  rlim: [number, number][] = Array.from({ length: RLIM_NLIMITS }, () => [Infinity, Infinity] as [number, number])
  /** Pending signal numbers (SIGSEGV/SIGBUS from user accesses are reported, not queued, by uaccess). */
  signal_pending: number[] = []
  exited = false
  exit_code = 0
  /** A syscall preempted at a cond_resched() point (see PreemptedSyscall), or null. */
  preempted: PreemptedSyscall | null = null

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
