/**
 * sys/mman.h and brk: the memory syscalls, straight to the kernel's mm (whose behaviour is the
 * chosen kernel version's). mmap of a descriptor goes through the file's page cache (Vfs.mappingOf), so MAP_SHARED stores reach
 * read() and msync() writes them back; non-regular files give ENODEV.
 */
import type { NativeFn } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_ANONYMOUS, MAP_SHARED, MAP_TYPE, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import type { KFile } from '../../kernel/include/linux/fs'
import { F_SEAL_FUTURE_WRITE, F_SEAL_WRITE } from '../../kernel/fs/memfd'
import { int, machineOf, num, sysret, threadHostOf } from './runtime'

/** MAP_FAILED as the C program sees it: (void *) -1. */
const MAP_FAILED = 0xffffffffffffffffn

export const mmanFunctions: Record<string, NativeFn> = {
  mmap: (ctx, a) => {
    const flags = int(a[3])
    const prot = int(a[2])
    const m = machineOf(ctx)
    let kfile: KFile | null = null
    if (!(flags & MAP_ANONYMOUS)) {
      // A file mapping goes through the file's page cache; only regular files can be mapped here.
      const file = m.vfs.file(threadHostOf(ctx).proc.pid, int(a[4]))
      if (typeof file === 'number') {
        sysret(ctx, -ERRNO.EBADF)
        return MAP_FAILED
      }
      const type = flags & MAP_TYPE
      if (!file.readable || (type === MAP_SHARED && prot & PROT_WRITE && !file.writable)) {
        sysret(ctx, -ERRNO.EACCES)
        return MAP_FAILED
      }
      // A sealed memfd refuses new writable shared mappings (F_SEAL_WRITE, F_SEAL_FUTURE_WRITE).
      if (type === MAP_SHARED && prot & PROT_WRITE && (file.inode.seals ?? 0) & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) {
        sysret(ctx, -ERRNO.EPERM)
        return MAP_FAILED
      }
      // a regular file's page cache, or a device that maps kernel pages (an io_uring fd's rings)
      const mapping = m.vfs.mappingOf(file.inode) ?? file.inode.dev?.mmapMapping?.() ?? null
      if (!mapping) {
        sysret(ctx, -ERRNO.ENODEV)
        return MAP_FAILED
      }
      kfile = m.kernel.openFile(mapping, { read: file.readable, write: file.writable, path: file.inode.dev?.mmapMapping ? mapping.name : m.vfs.nameOf(file.inode) })
    }
    const r = m.kernel.mmap(threadHostOf(ctx).task, num(a[0]), num(a[1]), prot, flags, kfile, num(a[5]))
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
