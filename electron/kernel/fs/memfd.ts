/**
 * memfd (mm/memfd.c): anonymous tmpfs files and their seals. A seal is a promise the file
 * makes to whoever receives it (it will not shrink, grow or change), which is what makes a
 * buffer safe to share with a process, or a device, that does not trust the sender.
 *
 * Which seal bits and MFD_ flags exist depends on the kernel version; callers pass the ones
 * this kernel knows (version.ts: memfd 3.17, F_SEAL_FUTURE_WRITE 5.1, F_SEAL_EXEC 6.3).
 */
import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import { File, O_RDWR } from './file'
import { S_IFREG } from './inode'
import type { FsCred, Vfs } from './vfs'
import type { Kernel } from '../kernel'
import { VM_SHARED, VM_WRITE } from '../include/linux/mm'

export const F_SEAL_SEAL = 0x1
export const F_SEAL_SHRINK = 0x2
export const F_SEAL_GROW = 0x4
export const F_SEAL_WRITE = 0x8
export const F_SEAL_FUTURE_WRITE = 0x10
export const F_SEAL_EXEC = 0x20

export const MFD_CLOEXEC = 0x1
export const MFD_ALLOW_SEALING = 0x2
export const MFD_HUGETLB = 0x4
export const MFD_NOEXEC_SEAL = 0x8
export const MFD_EXEC = 0x10

/** The longest NAME memfd_create accepts (MFD_NAME_MAX_LEN: NAME_MAX minus "memfd:"). */
const MFD_NAME_MAX_LEN = 249

/**
 * memfd_create(2): an anonymous tmpfs file, linked nowhere, shown as `/memfd:NAME (deleted)`.
 * Without MFD_ALLOW_SEALING it starts sealed against further seals (F_SEAL_SEAL); with
 * MFD_NOEXEC_SEAL it loses its exec bits for good (F_SEAL_EXEC). `mfdFlags` are the MFD_ flags
 * this kernel accepts; any other bit is EINVAL.
 */
export function memfd_create(vfs: Vfs, pid: number, name: string, flags: number, cred: FsCred, mfdFlags: number): number {
  const t = vfs.files(pid)
  if (!t) return -ERRNO.EBADF
  if (flags & ~mfdFlags) return -ERRNO.EINVAL
  if (flags & MFD_HUGETLB) return -ERRNO.ENOMEM // no huge pages are reserved in PinLab
  if (new TextEncoder().encode(name).length > MFD_NAME_MAX_LEN) return -ERRNO.EINVAL
  const inode = vfs.createInode(S_IFREG | 0o777, cred.uid, cred.gid)
  inode.fsKind = 'shmem'
  inode.nlink = 0
  inode.memfdName = name
  inode.seals = flags & MFD_ALLOW_SEALING ? 0 : F_SEAL_SEAL
  if (flags & MFD_NOEXEC_SEAL) {
    inode.mode &= ~0o111
    inode.seals = F_SEAL_EXEC
  }
  return vfs.installFd(t, new File(inode, O_RDWR), (flags & MFD_CLOEXEC) !== 0)
}

/** F_GET_SEALS: the seals, or EINVAL for a file that cannot be sealed. */
export function memfd_get_seals(file: File): number {
  return file.inode.seals === null ? -ERRNO.EINVAL : file.inode.seals
}

/** mapping_writably_mapped: is the page cache mapped shared and writable by any process? */
function mapping_writably_mapped(k: Kernel, mappingId: number): boolean {
  for (const mm of k.mms.values()) {
    for (const vma of mm.vmas) {
      if (vma.file?.mappingId === mappingId && (vma.flags & (VM_SHARED | VM_WRITE)) === (VM_SHARED | VM_WRITE)) return true
    }
  }
  return false
}

/**
 * F_ADD_SEALS (memfd_add_seals): `known` are the seal bits this kernel understands. Adding
 * F_SEAL_WRITE while the page cache is mapped shared and writable somewhere is EBUSY, because
 * such a mapping could still change the pages. `k` is the kernel holding the page cache, if any.
 */
export function memfd_add_seals(file: File, seals: number, known: number, k: Kernel | null): number {
  const inode = file.inode
  if (inode.seals === null) return -ERRNO.EINVAL
  if (seals & ~known) return -ERRNO.EINVAL
  if (!file.writable) return -ERRNO.EPERM
  if (inode.seals & F_SEAL_SEAL) return -ERRNO.EPERM
  if (seals & F_SEAL_WRITE && !(inode.seals & F_SEAL_WRITE) && k && inode.mappingId && mapping_writably_mapped(k, inode.mappingId)) {
    return -ERRNO.EBUSY
  }
  inode.seals |= seals
  return 0
}
