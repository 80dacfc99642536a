/*
 * bits/types.h - PinLab's basic system types for Linux x86-64 (LP64).
 *
 * Every header that needs one of these types includes this file, so the
 * types are defined in one place.  The widths and signedness are those of
 * glibc on x86-64; tests/unit/userland/include checks them against the
 * host's headers.  Unlike glibc, PinLab does not hide names behind feature
 * test macros (_GNU_SOURCE etc.): everything is always visible.
 */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

#include <bits/endian.h>

typedef unsigned long size_t;
typedef long ssize_t;
typedef long ptrdiff_t;
typedef int wchar_t;

typedef long off_t;
typedef long off64_t;
typedef long loff_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef long clock_t;
typedef int clockid_t;
typedef void *timer_t;
typedef int key_t;
typedef unsigned long rlim_t;
typedef unsigned int socklen_t;
typedef char *caddr_t;

/* Signal sets: 1024 bits, as glibc (the kernel itself uses only 64). */
typedef struct {
	unsigned long __val[1024 / (8 * sizeof(unsigned long))];
} sigset_t;

/* POSIX threads.  The contents are private to the runtime; only the sizes
   and alignments are those of glibc on x86-64. */
typedef unsigned long pthread_t;
typedef unsigned int pthread_key_t;
typedef int pthread_once_t;
typedef volatile int pthread_spinlock_t;
typedef union { char __size[56]; long __align; } pthread_attr_t;
typedef union { char __size[40]; long __align; } pthread_mutex_t;
typedef union { char __size[4]; int __align; } pthread_mutexattr_t;
typedef union { char __size[48]; long long __align; } pthread_cond_t;
typedef union { char __size[4]; int __align; } pthread_condattr_t;
typedef union { char __size[56]; long __align; } pthread_rwlock_t;
typedef union { char __size[8]; long __align; } pthread_rwlockattr_t;
typedef union { char __size[32]; long __align; } pthread_barrier_t;
typedef union { char __size[4]; int __align; } pthread_barrierattr_t;

struct timespec {
	time_t tv_sec;		/* seconds */
	long tv_nsec;		/* nanoseconds, 0 .. 999999999 */
};

struct timeval {
	time_t tv_sec;		/* seconds */
	suseconds_t tv_usec;	/* microseconds */
};

/* One buffer of a vectored read or write (readv, vmsplice, io_uring). */
struct iovec {
	void *iov_base;
	size_t iov_len;
};

#endif /* _BITS_TYPES_H */
