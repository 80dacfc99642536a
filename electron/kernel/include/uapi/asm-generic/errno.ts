/**
 * errno values (include/uapi/asm-generic/errno-base.h and errno.h, x86-64). Kernel functions
 * return them negated, as Linux does.
 */
export const EPERM = 1
export const ENOENT = 2
export const EINTR = 4
export const EBADF = 9
export const EAGAIN = 11
export const ENOMEM = 12
export const EACCES = 13
export const EFAULT = 14
export const EBUSY = 16
export const EEXIST = 17
export const ENODEV = 19
export const EINVAL = 22
/** Used only inside GUP to mean "unshare needed"; never returned to callers. */
export const EMLINK = 31
export const EOVERFLOW = 75
export const EOPNOTSUPP = 95
export const EREMOTEIO = 121
export const EHWPOISON = 133

/** Is `ret` a negative errno (Linux's IS_ERR_VALUE on an int return)? */
export function IS_ERR_VALUE(ret: number): boolean {
  return ret < 0 && ret >= -4095
}
