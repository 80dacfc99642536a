/**
 * kernel/cred.ts: setuid/setgid permission rules, the capability drop when leaving uid 0, the
 * dumpable bit commit_creds clears when the euid changes, PR_SET_DUMPABLE, and task_dump_owner —
 * which decides who owns /proc/PID files (and so who may open the 0600 /proc/PID/mem).
 */
import { describe, expect, it } from 'vitest'
import { boot } from './helpers'
import {
  CAP_IPC_LOCK, EINVAL, EPERM, Kernel, PR_GET_DUMPABLE, PR_SET_DUMPABLE, __sys_setgid, __sys_setuid, get_dumpable, sys_prctl, task_dump_owner
} from '../../../electron/kernel'

describe('setuid / setgid / prctl dumpable', () => {
  it('root drops to a user: uid and euid change on every thread, capabilities go, the mm becomes non-dumpable', () => {
    const { k } = boot()
    const t = k.createProcess({ uid: 0 })
    const thr = k.createThread(t)
    expect(get_dumpable(t.mm!)).toBe(1)
    expect(task_dump_owner(t)).toBe(0)
    expect(__sys_setuid(k, [t, thr], 1000)).toBe(0)
    expect([t.cred.uid, t.cred.euid, thr.cred.uid, thr.cred.euid]).toEqual([1000, 1000, 1000, 1000])
    expect(t.cred.caps).not.toContain(CAP_IPC_LOCK)
    expect(sys_prctl(k, t, PR_GET_DUMPABLE, 0)).toBe(0)
    expect(task_dump_owner(t)).toBe(0) // non-dumpable: /proc/PID belongs to root
    expect(sys_prctl(k, t, PR_SET_DUMPABLE, 1)).toBe(0)
    expect(task_dump_owner(t)).toBe(1000)
    expect(sys_prctl(k, t, PR_SET_DUMPABLE, 2)).toBe(-EINVAL) // SUID_DUMP_ROOT is not settable
    expect(sys_prctl(k, t, 999, 0)).toBe(-EINVAL)
  })
  it('a user may only keep its own uid; (uid_t)-1 is invalid; setuid to the same uid keeps dumpable', () => {
    const { k } = boot()
    const t = k.createProcess({ uid: 1000 })
    expect(__sys_setuid(k, [t], 0)).toBe(-EPERM)
    expect(__sys_setuid(k, [t], 1001)).toBe(-EPERM)
    expect(__sys_setuid(k, [t], 0xffffffff)).toBe(-EINVAL)
    expect(__sys_setuid(k, [t], 1000)).toBe(0)
    expect(get_dumpable(t.mm!)).toBe(1)
    expect(__sys_setgid(k, t, 1000)).toBe(0)
    expect(__sys_setgid(k, t, 0)).toBe(-EPERM)
    expect(__sys_setgid(k, t, 0xffffffff)).toBe(-EINVAL)
  })
  it('fork inherits the dumpable state (mm->flags); a snapshot keeps it', () => {
    const { k } = boot()
    const t = k.createProcess({ uid: 0 })
    expect(__sys_setuid(k, [t], 1000)).toBe(0)
    const c = k.fork(t)
    if (typeof c === 'number') throw new Error('fork failed')
    expect(get_dumpable(c.mm!)).toBe(0)
    const k2 = Kernel.restore(k.snapshot())
    expect(get_dumpable(k2.task(c.pid)!.mm!)).toBe(0)
  })
})
