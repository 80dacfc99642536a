/**
 * kernel/sys.c setuid/setgid and prctl(PR_SET_DUMPABLE/PR_GET_DUMPABLE), kernel/cred.c
 * commit_creds' dumpable rule, and include/linux/sched/coredump.h get_dumpable/set_dumpable.
 *
 * Contract: each returns 0 (or the value asked for) or a negative errno, never throws.
 * - __sys_setuid: a privileged caller (euid 0: PinLab's root has every capability, CAP_SETUID
 *   included) sets uid and euid; anyone else may only set the uid it already has (-EPERM). An
 *   invalid id ((uid_t)-1) is -EINVAL. Leaving uid 0 drops every capability (cap_emulate_setxuid).
 *   A changed euid makes the mm non-dumpable (commit_creds → set_dumpable(suid_dumpable = 0)).
 * - __sys_setgid: the same permission rule. PinLab's file-system gid is the uid (credOf), so a
 *   gid is checked but not stored: programs drop privileges with setgid(g) then setuid(g).
 * - prctl PR_SET_DUMPABLE takes 0 or 1 only (-EINVAL otherwise); PR_GET_DUMPABLE returns it.
 * Threads: glibc's setxid applies a set*id() to every thread of the process; callers pass them all.
 */
import type { MmStruct } from '../include/linux/mm_types'
import type { TaskStruct } from '../include/linux/sched'
import type { Kernel } from '../kernel'
import { EINVAL, EPERM } from '../include/uapi/asm-generic/errno'
import { MMF_DUMPABLE_MASK, SUID_DUMP_DISABLE, SUID_DUMP_USER } from '../include/linux/sched/coredump'

export const PR_GET_DUMPABLE = 3
export const PR_SET_DUMPABLE = 4

/** get_dumpable(): SUID_DUMP_DISABLE, SUID_DUMP_USER or SUID_DUMP_ROOT. */
export function get_dumpable(mm: MmStruct): number {
  return mm.flags & MMF_DUMPABLE_MASK
}

export function set_dumpable(mm: MmStruct, value: number): void {
  mm.flags = (mm.flags & ~MMF_DUMPABLE_MASK) | (value & MMF_DUMPABLE_MASK)
}

/** The /proc/PID owner (task_dump_owner): the task's uid if its mm is SUID_DUMP_USER, else root. */
export function task_dump_owner(task: TaskStruct): number {
  if (task.mm && get_dumpable(task.mm) !== SUID_DUMP_USER) return 0
  return task.cred.uid
}

const INVALID_ID = 0xffffffff

function validId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < INVALID_ID
}

/** setuid(2) for all the tasks (threads) of one process; `tasks[0]` is the caller. */
export function __sys_setuid(k: Kernel, tasks: readonly TaskStruct[], uid: number): number {
  k.tick(100)
  const cur = tasks[0]!
  let ret = 0
  if (!validId(uid)) ret = -EINVAL
  else if (cur.cred.euid !== 0 && uid !== cur.cred.uid) ret = -EPERM
  if (ret === 0) {
    const euidChanged = cur.cred.euid !== uid
    for (const t of tasks) {
      t.cred.uid = uid
      t.cred.euid = uid
      if (uid !== 0) t.cred.caps = []
    }
    if (euidChanged && cur.mm) set_dumpable(cur.mm, SUID_DUMP_DISABLE)
  }
  if (k.tracing) k.emit({ type: 'syscall', name: 'setuid', args: [uid], ret }, cur.pid)
  return ret
}

/** setgid(2): the permission rule only (PinLab's gid is the uid). */
export function __sys_setgid(k: Kernel, cur: TaskStruct, gid: number): number {
  k.tick(100)
  let ret = 0
  if (!validId(gid)) ret = -EINVAL
  else if (cur.cred.euid !== 0 && gid !== cur.cred.uid) ret = -EPERM
  if (k.tracing) k.emit({ type: 'syscall', name: 'setgid', args: [gid], ret }, cur.pid)
  return ret
}

/** prctl(2) for PR_SET_DUMPABLE / PR_GET_DUMPABLE; other options -EINVAL. */
export function sys_prctl(k: Kernel, cur: TaskStruct, option: number, arg2: number): number {
  k.tick(100)
  const mm = cur.mm
  if (!mm) return -EINVAL
  if (option === PR_GET_DUMPABLE) return get_dumpable(mm)
  if (option === PR_SET_DUMPABLE) {
    if (arg2 !== SUID_DUMP_DISABLE && arg2 !== SUID_DUMP_USER) return -EINVAL
    set_dumpable(mm, arg2)
    if (k.tracing) k.emit({ type: 'syscall', name: 'prctl', args: [option, arg2], ret: 0 }, cur.pid)
    return 0
  }
  return -EINVAL
}
