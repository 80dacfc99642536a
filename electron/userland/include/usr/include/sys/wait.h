/* sys/wait.h - waiting for child processes, as glibc on Linux x86-64. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <bits/types.h>
#include <signal.h>
#include <bits/waitstatus.h>

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
