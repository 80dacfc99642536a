/*
 * sys/mman.h - memory management declarations, as glibc on Linux x86-64.
 *
 * mmap() returns MAP_FAILED, not NULL, on failure.  madvise(MADV_DONTFORK)
 * is what libibverbs' fork support does to registered memory.
 */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <bits/types.h>
#include <bits/mman.h>
#include <linux/memfd.h>

#define MAP_FAILED ((void *)-1)

extern void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
extern int munmap(void *addr, size_t length);
extern int mprotect(void *addr, size_t len, int prot);
extern int msync(void *addr, size_t length, int flags);
extern int madvise(void *addr, size_t length, int advice);
extern int posix_madvise(void *addr, size_t len, int advice);
extern int mlock(const void *addr, size_t len);
extern int mlock2(const void *addr, size_t len, unsigned int flags);
extern int munlock(const void *addr, size_t len);
extern int mlockall(int flags);
extern int munlockall(void);
extern int mincore(void *addr, size_t length, unsigned char *vec);
extern void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...);
extern int memfd_create(const char *name, unsigned int flags);
extern int shm_open(const char *name, int oflag, mode_t mode);
extern int shm_unlink(const char *name);

#endif /* _SYS_MMAN_H */
