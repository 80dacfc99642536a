/*
 * unistd.h - POSIX operating system API, as glibc on Linux x86-64.
 *
 * Return convention of the system call wrappers: -1 with errno set on
 * failure.
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <bits/types.h>

#ifndef __intptr_t_defined
#define __intptr_t_defined
typedef long intptr_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* access() modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek() whence */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* lockf() */
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3

/* sysconf() names (glibc's enum values) */
#define _SC_ARG_MAX 0
#define _SC_CHILD_MAX 1
#define _SC_CLK_TCK 2
#define _SC_NGROUPS_MAX 3
#define _SC_OPEN_MAX 4
#define _SC_STREAM_MAX 5
#define _SC_TZNAME_MAX 6
#define _SC_JOB_CONTROL 7
#define _SC_SAVED_IDS 8
#define _SC_VERSION 29
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_LINE_MAX 43
#define _SC_IOV_MAX 60
#define _SC_THREADS 67
#define _SC_GETPW_R_SIZE_MAX 70
#define _SC_LOGIN_NAME_MAX 71
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
#define _SC_PHYS_PAGES 85
#define _SC_AVPHYS_PAGES 86
#define _SC_HOST_NAME_MAX 180

extern ssize_t read(int fd, void *buf, size_t count);
extern ssize_t write(int fd, const void *buf, size_t count);
extern ssize_t pread(int fd, void *buf, size_t count, off_t offset);
extern ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
extern off_t lseek(int fd, off_t offset, int whence);
extern int close(int fd);
extern int dup(int oldfd);
extern int dup2(int oldfd, int newfd);
extern int dup3(int oldfd, int newfd, int flags);
extern int pipe(int pipefd[2]);
extern int pipe2(int pipefd[2], int flags);
extern int fsync(int fd);
extern int fdatasync(int fd);
extern void sync(void);
extern int syncfs(int fd);
extern int ftruncate(int fd, off_t length);
extern int truncate(const char *path, off_t length);
extern int lockf(int fd, int cmd, off_t len);

extern int access(const char *pathname, int mode);
extern int unlink(const char *pathname);
extern int rmdir(const char *pathname);
extern int link(const char *oldpath, const char *newpath);
extern int symlink(const char *target, const char *linkpath);
extern ssize_t readlink(const char *pathname, char *buf, size_t bufsiz);
extern int chdir(const char *path);
extern int fchdir(int fd);
extern char *getcwd(char *buf, size_t size);
extern int chown(const char *pathname, uid_t owner, gid_t group);
extern int isatty(int fd);
extern char *ttyname(int fd);

extern pid_t fork(void);
extern pid_t vfork(void);
extern int execve(const char *pathname, char *const argv[], char *const envp[]);
extern int execv(const char *pathname, char *const argv[]);
extern int execvp(const char *file, char *const argv[]);
extern int execl(const char *pathname, const char *arg, ...);
extern int execlp(const char *file, const char *arg, ...);
extern void _exit(int status) __attribute__((__noreturn__));
extern pid_t getpid(void);
extern pid_t getppid(void);
extern pid_t gettid(void);
extern pid_t getpgrp(void);
extern int setpgid(pid_t pid, pid_t pgid);
extern pid_t setsid(void);
extern uid_t getuid(void);
extern uid_t geteuid(void);
extern gid_t getgid(void);
extern gid_t getegid(void);
extern int setuid(uid_t uid);
extern int setgid(gid_t gid);
extern int seteuid(uid_t euid);
extern int setegid(gid_t egid);

extern unsigned int sleep(unsigned int seconds);
extern int usleep(useconds_t usec);
extern unsigned int alarm(unsigned int seconds);
extern int pause(void);

extern long sysconf(int name);
extern int getpagesize(void);
extern int brk(void *addr);
extern void *sbrk(long increment);
extern long syscall(long number, ...);
extern int gethostname(char *name, size_t len);
extern void swab(const void *from, void *to, ssize_t n);

extern int getopt(int argc, char *const argv[], const char *optstring);
extern char *optarg;
extern int optind, opterr, optopt;
extern char **environ;

#endif /* _UNISTD_H */
