/* sys/uio.h - vectored I/O, as glibc on Linux x86-64. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <bits/types.h>
#include <sys/types.h>

#define UIO_MAXIOV 1024

extern ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
extern ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
extern ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t offset);
extern ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset);
extern ssize_t process_vm_readv(pid_t pid, const struct iovec *local_iov, unsigned long liovcnt, const struct iovec *remote_iov, unsigned long riovcnt, unsigned long flags);
extern ssize_t process_vm_writev(pid_t pid, const struct iovec *local_iov, unsigned long liovcnt, const struct iovec *remote_iov, unsigned long riovcnt, unsigned long flags);

#endif /* _SYS_UIO_H */
