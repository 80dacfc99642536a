/*
 * sched.h - scheduling, as glibc on Linux x86-64.  PinLab's scheduler is
 * deterministic: sched_yield() is a point where it may switch tasks.
 */
#ifndef _SCHED_H
#define _SCHED_H

#include <bits/types.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_RESET_ON_FORK 0x40000000

struct sched_param {
	int sched_priority;
};

/* CPU sets: 1024 CPUs, as glibc. */
#define CPU_SETSIZE 1024
typedef struct {
	unsigned long __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;

#define __CPU_WORD(cpu) ((cpu) / (8 * sizeof(unsigned long)))
#define __CPU_MASK(cpu) (1UL << ((cpu) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(set) \
	do { \
		unsigned int __i; \
		for (__i = 0; __i < sizeof(cpu_set_t) / sizeof(unsigned long); __i++) \
			(set)->__bits[__i] = 0; \
	} while (0)
#define CPU_SET(cpu, set) ((void)((cpu) < CPU_SETSIZE ? ((set)->__bits[__CPU_WORD(cpu)] |= __CPU_MASK(cpu)) : 0))
#define CPU_CLR(cpu, set) ((void)((cpu) < CPU_SETSIZE ? ((set)->__bits[__CPU_WORD(cpu)] &= ~__CPU_MASK(cpu)) : 0))
#define CPU_ISSET(cpu, set) ((cpu) < CPU_SETSIZE ? (((set)->__bits[__CPU_WORD(cpu)] & __CPU_MASK(cpu)) != 0) : 0)

extern int sched_yield(void);
extern int sched_getcpu(void);
extern int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask);
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);
extern int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param);
extern int sched_getscheduler(pid_t pid);
extern int sched_get_priority_max(int policy);
extern int sched_get_priority_min(int policy);

#endif /* _SCHED_H */
