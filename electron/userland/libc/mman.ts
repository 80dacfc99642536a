/**
 * sys/mman.h and brk: the memory syscalls, straight to the kernel's mm (whose behaviour is the
 * chosen kernel version's). mmap of a descriptor goes through the file's page cache (Vfs.mappingOf), so MAP_SHARED stores reach
 * read() and msync() writes them back; non-regular files give ENODEV.
 */
import type { NativeContext, NativeFn } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_ANONYMOUS, MAP_SHARED, MAP_TYPE, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import type { KFile } from '../../kernel/include/linux/fs'
import { F_SEAL_FUTURE_WRITE, F_SEAL_WRITE } from '../../kernel/fs/memfd'
import { int, machineOf, num, sysret, threadHostOf, ulong } from './runtime'
import { afterWriteback } from './sync'

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
      // procfs/debugfs files (device ops, generated text) have no ->mmap: ENODEV; a device that
      // maps kernel pages (an io_uring fd's rings) offers its mapping; a regular file its page cache
      const mapping = file.inode.generate ? null : file.inode.dev ? (file.inode.dev.mmapMapping?.() ?? null) : m.vfs.mappingOf(file.inode)
      if (!mapping) {
        sysret(ctx, -ERRNO.ENODEV)
        return MAP_FAILED
      }
      kfile = m.kernel.openFile(mapping, { read: file.readable, write: file.writable, path: file.inode.dev?.mmapMapping ? mapping.name : m.vfs.nameOf(file.inode) })
    }
    const r = m.kernel.mmap(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), prot, flags, kfile, ulong(a[5]))
    if (r < 0 && r >= -4095) {
      sysret(ctx, r)
      return MAP_FAILED
    }
    return r
  },
  munmap: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.munmap(threadHostOf(ctx).task, num(a[0]), ulong(a[1]))),
  mprotect: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mprotect(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), int(a[2]))),
  madvise: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.madvise(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), int(a[2]))),
  mlock: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mlock(threadHostOf(ctx).task, num(a[0]), ulong(a[1]))),
  mlock2: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.mlock2(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), int(a[2]))),
  munlock: (ctx, a) => sysret(ctx, machineOf(ctx).kernel.munlock(threadHostOf(ctx).task, num(a[0]), ulong(a[1]))),
  mremap: (ctx, a) => {
    const r = machineOf(ctx).kernel.mremap(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), ulong(a[2]), int(a[3]), num(a[4] ?? 0))
    if (r < 0 && r >= -4095) {
      sysret(ctx, r)
      return MAP_FAILED
    }
    return r
  },
  mincore: (ctx, a) => sysret(ctx, mincore(ctx, num(a[0]), ulong(a[1]), num(a[2]))),
  // mm/msync.c: MS_SYNC writes the range's dirty shared file pages back (ext4_writepages).
  msync: (ctx, a) =>
    afterWriteback(ctx, machineOf(ctx).kernel.msync(threadHostOf(ctx).task, num(a[0]), ulong(a[1]), int(a[2]))),
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

/**
 * mincore(2) as mm/mincore.c does it: unaligned start → EINVAL; a range outside the user address
 * space → ENOMEM; a vector outside it → EFAULT; then chunk by chunk (4096 pages): the kernel's
 * answer (ENOMEM at a hole), copied to the user's vector (EFAULT when that faults).
 */
function mincore(ctx: NativeContext, start: number, len: number, vec: number): number {
  const TASK_SIZE_MAX = 2 ** 47 - 4096
  if (start % 4096 !== 0) return -ERRNO.EINVAL
  if (start < 0 || start + len > TASK_SIZE_MAX) return -ERRNO.ENOMEM
  const pages = Math.ceil(len / 4096)
  if (vec < 0 || vec + pages > TASK_SIZE_MAX) return -ERRNO.EFAULT
  const k = machineOf(ctx).kernel
  const task = threadHostOf(ctx).task
  for (let done = 0; done < pages; ) {
    const n = Math.min(4096, pages - done)
    const tmp = new Uint8Array(n)
    const r = k.mincore(task, start + done * 4096, n * 4096, tmp)
    if (r < 0) return r
    if (k.uaccess(task).copy_to_user(vec + done, tmp, n) !== 0) return -ERRNO.EFAULT
    done += n
  }
  return 0
}
