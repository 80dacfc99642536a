/**
 * vmsplice(2) (fcntl.h): user pages into a pipe by reference, or pipe data out to user memory —
 * straight to the kernel's fs/splice.c (sys_vmsplice), whose behaviour is the chosen version's.
 * Blocking (a full pipe, an empty one with writers) parks the caller and retries the call;
 * -EPIPE raises SIGPIPE, as send_sig() does in the kernel.
 */
import { BLOCK, type NativeFn } from '../cc/vm'
import { ERESTARTSYS, ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { sys_vmsplice } from '../../kernel/fs/splice'
import { int, machineOf, num, procOf, sysret, threadHostOf } from './runtime'

const SIGPIPE = 13

export const spliceFunctions: Record<string, NativeFn> = {
  vmsplice: (ctx, a) => {
    const m = machineOf(ctx)
    const pid = procOf(ctx).pid
    const nrSegs = num(a[2])
    const r = sys_vmsplice(m.kernel, m.vfs, threadHostOf(ctx).task, pid, int(a[0]), num(a[1]), nrSegs < 0 ? Number.MAX_SAFE_INTEGER : nrSegs, int(a[3]) >>> 0)
    if (r === -ERESTARTSYS) return BLOCK
    if (r === -ERRNO.EPIPE) m.kill(pid, SIGPIPE)
    if (r > 0) m.wake()
    return sysret(ctx, r)
  }
}
