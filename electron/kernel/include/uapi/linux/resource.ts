/**
 * Resource limits (include/uapi/asm-generic/resource.h). RLIM_INFINITY (~0UL) is represented by
 * the JS number Infinity in this API; the C runtime maps it to ~0UL.
 */
export const RLIMIT_CPU = 0
export const RLIMIT_FSIZE = 1
export const RLIMIT_DATA = 2
export const RLIMIT_STACK = 3
export const RLIMIT_CORE = 4
export const RLIMIT_RSS = 5
export const RLIMIT_NPROC = 6
export const RLIMIT_NOFILE = 7
export const RLIMIT_MEMLOCK = 8
export const RLIMIT_AS = 9
export const RLIM_NLIMITS = 16
export const RLIM_INFINITY = Infinity
/** MLOCK_LIMIT before "mm: Increase the default MLOCK_LIMIT to 8 MiB" (5.16): 64 KiB. */
export const MLOCK_LIMIT_OLD = 64 * 1024
export const MLOCK_LIMIT_8MIB = 8 * 1024 * 1024
