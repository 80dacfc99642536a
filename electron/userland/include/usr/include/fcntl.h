/*
 * fcntl.h - file control, as glibc on Linux x86-64.
 *
 * The O_* values are octal, as in the kernel's
 * include/uapi/asm-generic/fcntl.h.  O_LARGEFILE is 0 on 64-bit.
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <bits/types.h>
#include <bits/stat.h>

#define O_ACCMODE 0003
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_NDELAY O_NONBLOCK
#define O_DSYNC 010000
#define O_ASYNC 020000
#define FASYNC O_ASYNC
#define O_DIRECT 040000
#define O_LARGEFILE 0
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define O_RSYNC O_SYNC
#define O_PATH 010000000
#define O_TMPFILE (020000000 | O_DIRECTORY)

/* fcntl() commands */
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_SETLEASE 1024
#define F_GETLEASE 1025
#define F_NOTIFY 1026
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034

/* memfd seals (F_ADD_SEALS / F_GET_SEALS) */
#define F_SEAL_SEAL 0x0001		/* no further seals */
#define F_SEAL_SHRINK 0x0002		/* no shrinking */
#define F_SEAL_GROW 0x0004		/* no growing */
#define F_SEAL_WRITE 0x0008		/* no writes, no writable shared mappings */
#define F_SEAL_FUTURE_WRITE 0x0010	/* existing writable mappings stay */
#define F_SEAL_EXEC 0x0020		/* no chmod of the exec bits (6.3) */

#define FD_CLOEXEC 1

/* also in <unistd.h> */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3

/* record locks */
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

struct flock {
	short l_type;
	short l_whence;
	off_t l_start;
	off_t l_len;
	pid_t l_pid;
};

/* *at() */
#define AT_FDCWD -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000

/* splice(), tee(), vmsplice() */
#define SPLICE_F_MOVE 1
#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_MORE 4
#define SPLICE_F_GIFT 8

/* fallocate() (glibc gets them from <linux/falloc.h>) */
#include <linux/falloc.h>

/* posix_fadvise() */
#define POSIX_FADV_NORMAL 0
#define POSIX_FADV_RANDOM 1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define POSIX_FADV_NOREUSE 5

extern int open(const char *pathname, int flags, ...);
extern int open64(const char *pathname, int flags, ...);
extern int openat(int dirfd, const char *pathname, int flags, ...);
extern int creat(const char *pathname, mode_t mode);
extern int lockf(int fd, int cmd, off_t len);
extern int fcntl(int fd, int cmd, ...);
extern int posix_fadvise(int fd, off_t offset, off_t len, int advice);
extern int posix_fallocate(int fd, off_t offset, off_t len);
extern int fallocate(int fd, int mode, off_t offset, off_t len);
extern ssize_t vmsplice(int fd, const struct iovec *iov, size_t nr_segs, unsigned int flags);
extern ssize_t splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned int flags);
extern ssize_t tee(int fd_in, int fd_out, size_t len, unsigned int flags);

#endif /* _FCNTL_H */
