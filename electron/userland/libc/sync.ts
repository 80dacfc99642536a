/**
 * fsync(2), fdatasync(2), sync(2), syncfs(2), fallocate(2) and posix_fallocate(3) — the kernel
 * side is electron/kernel/fs/sync.ts. Writeback can hit a filesystem BUG() (ext4 3.11–5.17 on a
 * dirty page without buffers, scenario 4e): then the calling process dies as an oopsing task
 * does (exit status = signal 11, no core, no handler runs) and the call never returns.
 */
import { BLOCK, DONE, raiseSignal, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import { sys_fsync, sys_sync, sys_syncfs, vfs_fallocate } from '../../kernel/fs/sync'
import { take_task_death } from '../../kernel/kernel/bug'
import { ERESTARTSYS } from '../../kernel/include/uapi/asm-generic/errno-base'
import { int, machineOf, num, procOf, sysret } from './runtime'

/**
 * Did the calling task die in a BUG() during the syscall (a filesystem oops in writeback)? Then
 * it is ended as make_task_dead does (SIGSEGV, no handler) and the caller returns DONE.
 */
export function killedByKernelBug(ctx: NativeContext): boolean {
  if (!take_task_death(machineOf(ctx).kernel, procOf(ctx).pid)) return false
  raiseSignal(ctx.thread, 'SIGSEGV', 'KERNEL_OOPS', undefined, true)
  return true
}

/** After a call that may write back: the task's death in a BUG(), or the syscall's result. */
export function afterWriteback(ctx: NativeContext, r: number): NativeResult {
  return killedByKernelBug(ctx) ? DONE : sysret(ctx, r)
}

export const syncFunctions: Record<string, NativeFn> = {
  fsync: (ctx, a) => {
    const m = machineOf(ctx)
    return afterWriteback(ctx, sys_fsync(m.kernel, m.vfs, procOf(ctx).pid, int(a[0]), false))
  },
  fdatasync: (ctx, a) => {
    const m = machineOf(ctx)
    return afterWriteback(ctx, sys_fsync(m.kernel, m.vfs, procOf(ctx).pid, int(a[0]), true))
  },
  sync: (ctx) => {
    const m = machineOf(ctx)
    const r = afterWriteback(ctx, sys_sync(m.kernel, procOf(ctx).pid))
    return r === DONE ? DONE : undefined
  },
  syncfs: (ctx, a) => {
    const m = machineOf(ctx)
    return afterWriteback(ctx, sys_syncfs(m.kernel, m.vfs, procOf(ctx).pid, int(a[0])))
  },
  fallocate: (ctx, a) => {
    const m = machineOf(ctx)
    const r = vfs_fallocate(m.kernel, m.vfs, procOf(ctx).pid, int(a[0]), int(a[1]), num(a[2]), num(a[3]))
    // A DAX hole punch waits for busy pages (break layouts): retried when the machine changes.
    if (r === -ERESTARTSYS) return BLOCK
    return afterWriteback(ctx, r)
  },
  /** glibc: fallocate(fd, 0, …); returns the error number instead of setting errno. */
  posix_fallocate: (ctx, a) => {
    const m = machineOf(ctx)
    const r = vfs_fallocate(m.kernel, m.vfs, procOf(ctx).pid, int(a[0]), 0, num(a[1]), num(a[2]))
    if (take_task_death(m.kernel, procOf(ctx).pid)) {
      raiseSignal(ctx.thread, 'SIGSEGV', 'KERNEL_OOPS', undefined, true)
      return DONE
    }
    return r < 0 ? -r : 0
  }
}
