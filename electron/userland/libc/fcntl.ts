/**
 * fcntl(2) and memfd_create(2). The seal bits and MFD_ flags a program may use depend on the
 * kernel version (version.ts: memfd 3.17, F_SEAL_FUTURE_WRITE 5.1, F_SEAL_EXEC and the
 * MFD_NOEXEC_SEAL/MFD_EXEC flags 6.3); a bit the kernel does not know is EINVAL, as it was then.
 */
import type { NativeContext, NativeFn } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import {
  F_SEAL_EXEC, F_SEAL_FUTURE_WRITE, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_WRITE,
  MFD_ALLOW_SEALING, MFD_CLOEXEC, MFD_EXEC, MFD_HUGETLB, MFD_NOEXEC_SEAL, memfd_create
} from '../../kernel/fs/memfd'
import { do_fcntl } from '../../kernel/fs/fcntl'
import { credOf, cstring, int, machineOf, num, procOf, sysret } from './runtime'

/** The seal bits this kernel version understands. */
export function sealFlags(ctx: NativeContext): number {
  const k = machineOf(ctx).kernel
  let flags = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
  if (k.has('memfdFutureWriteSeal')) flags |= F_SEAL_FUTURE_WRITE
  if (k.has('memfdExecSeal')) flags |= F_SEAL_EXEC
  return flags
}

export const fcntlFunctions: Record<string, NativeFn> = {
  fcntl: (ctx, a) =>
    sysret(ctx, do_fcntl(machineOf(ctx).vfs, procOf(ctx).pid, int(a[0]), int(a[1]), num(a[2] ?? 0), sealFlags(ctx))),
  memfd_create: (ctx, a) => {
    const m = machineOf(ctx)
    if (!m.kernel.has('memfd')) return sysret(ctx, -ERRNO.ENOSYS)
    const p = procOf(ctx)
    let accepted = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB
    if (m.kernel.has('memfdExecSeal')) accepted |= MFD_NOEXEC_SEAL | MFD_EXEC
    return sysret(ctx, memfd_create(m.vfs, p.pid, cstring(ctx, a[0]!), num(a[1]) >>> 0, credOf(ctx), accepted))
  }
}
