/*
 * sys/resource.h - resource limits and usage, as glibc on Linux x86-64.
 *
 * RLIMIT_MEMLOCK (ulimit -l) bounds mlock() and the pinned memory of RDMA
 * registrations and io_uring fixed buffers; CAP_IPC_LOCK (root) bypasses it.
 */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <bits/types.h>

/* glibc spells the resources as an enum (and the names as macros too). */
enum __rlimit_resource {
	RLIMIT_CPU = 0,
	RLIMIT_FSIZE = 1,
	RLIMIT_DATA = 2,
	RLIMIT_STACK = 3,
	RLIMIT_CORE = 4,
	RLIMIT_RSS = 5,
	RLIMIT_NPROC = 6,
	RLIMIT_NOFILE = 7,
	RLIMIT_MEMLOCK = 8,
	RLIMIT_AS = 9,
	RLIMIT_LOCKS = 10,
	RLIMIT_SIGPENDING = 11,
	RLIMIT_MSGQUEUE = 12,
	RLIMIT_NICE = 13,
	RLIMIT_RTPRIO = 14,
	RLIMIT_RTTIME = 15,
	RLIMIT_NLIMITS = 16
};
#define RLIMIT_OFILE RLIMIT_NOFILE
#define RLIM_NLIMITS RLIMIT_NLIMITS

#define RLIM_INFINITY ((rlim_t)-1)
#define RLIM_SAVED_MAX RLIM_INFINITY
#define RLIM_SAVED_CUR RLIM_INFINITY

struct rlimit {
	rlim_t rlim_cur;	/* soft limit */
	rlim_t rlim_max;	/* hard limit */
};

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct rusage {
	struct timeval ru_utime;
	struct timeval ru_stime;
	long ru_maxrss;
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;
	long ru_majflt;
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

extern int getrlimit(enum __rlimit_resource resource, struct rlimit *rlim);
extern int setrlimit(enum __rlimit_resource resource, const struct rlimit *rlim);
extern int prlimit(pid_t pid, enum __rlimit_resource resource, const struct rlimit *new_limit, struct rlimit *old_limit);
extern int getrusage(int who, struct rusage *usage);

#endif /* _SYS_RESOURCE_H */
