/**
 * sys/mman.h and brk: the memory syscalls, straight to the kernel's mm (whose behaviour is the
 * chosen kernel version's). File-backed mappings arrive with the page cache; until then mmap of
 * a descriptor fails with ENODEV.
 */
import type { NativeFn } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_ANONYMOUS } from '../../kernel/include/uapi/asm-generic/mman-common'
import { int, machineOf, num, sysret, threadHostOf } from './runtime'

/** MAP_FAILED as the C program sees it: (void *) -1. */
const MAP_FAILED = 0xffffffffffffffffn

export const mmanFunctions: Record<string, NativeFn> = {
  mmap: (ctx, a) => {
    const flags = int(a[3])
    if (!(flags & MAP_ANONYMOUS)) {
      const fd = int(a[4])
      const file = machineOf(ctx).vfs.file(threadHostOf(ctx).proc.pid, fd)
      sysret(ctx, typeof file === 'number' ? -ERRNO.EBADF : -ERRNO.ENODEV)
      return MAP_FAILED
    }
    const r = machineOf(ctx).kernel.mmap(threadHostOf(ctx).task, num(a[0]), num(a[1]), int(a[2]), flags, null, num(a[5]))
    if (r < 0 && r >= -4095) {
      sysret(ctx, r)
      return MAP_FAILED
    }
    return r
  },
  munmap: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.munmap(threadHostOf(ctx).task, num(a[0]), num(a[1]))),
  mprotect: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mprotect(threadHostOf(ctx).task, num(a[0]), num(a[1]), int(a[2]))),
  madvise: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.madvise(threadHostOf(ctx).task, num(a[0]), num(a[1]), int(a[2]))),
  mlock: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mlock(threadHostOf(ctx).task, num(a[0]), num(a[1]))),
  mlock2: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mlock2(threadHostOf(ctx).task, num(a[0]), num(a[1]), int(a[2]))),
  munlock: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.munlock(threadHostOf(ctx).task, num(a[0]), num(a[1]))),
  mremap: (ctx, a) => {
    const r = machineOf(ctx).kernel.mremap(threadHostOf(ctx).task, num(a[0]), num(a[1]), num(a[2]), int(a[3]), num(a[4] ?? 0))
    if (r < 0 && r >= -4095) {
      sysret(ctx, r)
      return MAP_FAILED
    }
    return r
  },
  msync: () => 0,
  brk: (ctx, a) => {
    const want = num(a[0])
    const got = machineOf(ctx).kernel.brk(threadHostOf(ctx).task, want)
    return got === want ? 0 : sysret(ctx, -ERRNO.ENOMEM)
  },
  sbrk: (ctx, a) => {
    const task = threadHostOf(ctx).task
    const k = machineOf(ctx).kernel
    const old = k.brk(task, 0)
    const inc = num(a[0])
    if (inc === 0) return old
    const got = k.brk(task, old + inc)
    if (got !== old + inc) {
      sysret(ctx, -ERRNO.ENOMEM)
      return MAP_FAILED
    }
    return old
  }
}
