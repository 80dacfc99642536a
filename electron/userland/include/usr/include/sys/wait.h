/*
 * sys/wait.h - waiting for child processes, as glibc on Linux x86-64.
 *
 * The status word: exit status in bits 8..15, terminating signal in bits
 * 0..6, core-dump flag 0x80, 0x7f in the low byte for a stopped child.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <bits/types.h>
#include <signal.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

#define WEXITSTATUS(status) (((status) & 0xff00) >> 8)
#define WTERMSIG(status) ((status) & 0x7f)
#define WSTOPSIG(status) WEXITSTATUS(status)
#define WIFEXITED(status) (WTERMSIG(status) == 0)
#define WIFSIGNALED(status) (((signed char)(((status) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(status) (((status) & 0xff) == 0x7f)
#define WIFCONTINUED(status) ((status) == 0xffff)
#define WCOREDUMP(status) ((status) & 0x80)

typedef enum {
	P_ALL,
	P_PID,
	P_PGID,
	P_PIDFD
} idtype_t;

struct rusage;

extern pid_t wait(int *wstatus);
extern pid_t waitpid(pid_t pid, int *wstatus, int options);
extern int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options);
extern pid_t wait3(int *wstatus, int options, struct rusage *rusage);
extern pid_t wait4(pid_t pid, int *wstatus, int options, struct rusage *rusage);

#endif /* _SYS_WAIT_H */
