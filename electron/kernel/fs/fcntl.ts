/**
 * fcntl(2) (fs/fcntl.c): descriptor flags, status flags, duplication, and the memfd seals.
 */
import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import { O_APPEND, O_NONBLOCK } from './file'
import { memfd_add_seals, memfd_get_seals } from './memfd'
import { inode_can_odirect } from './direct-io'
import { NR_OPEN_DEFAULT, type Vfs } from './vfs'
import { F_GETPIPE_SZ, pipe_fcntl_get_size } from './splice'

export const F_DUPFD = 0
export const F_GETFD = 1
export const F_SETFD = 2
export const F_GETFL = 3
export const F_SETFL = 4
export const F_DUPFD_CLOEXEC = 1030
export const F_ADD_SEALS = 1033
export const F_GET_SEALS = 1034
export const FD_CLOEXEC = 1

const O_ASYNC = 0o20000
const O_DIRECT = 0o40000
const O_NOATIME = 0o1000000
/** The status flags F_SETFL may change (setfl()); the access mode and creation flags stay. */
const SETFL_MASK = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME

/** do_fcntl: `sealFlags` are the seal bits this kernel knows. An unknown command is EINVAL. */
export function do_fcntl(vfs: Vfs, pid: number, fd: number, cmd: number, arg: number, sealFlags: number): number {
  const t = vfs.files(pid)
  const file = t?.fds[fd]
  if (!t || !file) return -ERRNO.EBADF
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0 || arg >= NR_OPEN_DEFAULT) return -ERRNO.EINVAL
      file.refcount++
      return vfs.installFd(t, file, cmd === F_DUPFD_CLOEXEC, arg)
    case F_GETFD:
      return t.cloexec.has(fd) ? FD_CLOEXEC : 0
    case F_SETFD:
      if (arg & FD_CLOEXEC) t.cloexec.add(fd)
      else t.cloexec.delete(fd)
      return 0
    case F_GETFL:
      return file.flags
    case F_SETFL:
      // setfl(): O_DIRECT only where open(O_DIRECT) would be accepted (FMODE_CAN_ODIRECT).
      if (arg & O_DIRECT && vfs.kernel && !inode_can_odirect(vfs.kernel, file.inode)) return -ERRNO.EINVAL
      file.flags = (file.flags & ~SETFL_MASK) | (arg & SETFL_MASK)
      return 0
    case F_GET_SEALS:
      return memfd_get_seals(file)
    case F_ADD_SEALS:
      return memfd_add_seals(file, arg, sealFlags, vfs.kernel)
    case F_GETPIPE_SZ:
      return pipe_fcntl_get_size(file.pipe)
    default:
      return -ERRNO.EINVAL
  }
}
