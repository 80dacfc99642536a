/* sys/time.h - gettimeofday() and timeval arithmetic, as glibc on Linux x86-64. */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <bits/types.h>

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

/* glibc spells the timers as an enum (and the names as macros too). */
enum __itimer_which {
	ITIMER_REAL = 0,
	ITIMER_VIRTUAL = 1,
	ITIMER_PROF = 2
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

extern int gettimeofday(struct timeval *tv, void *tz);
extern int getitimer(enum __itimer_which which, struct itimerval *curr_value);
extern int setitimer(enum __itimer_which which, const struct itimerval *new_value, struct itimerval *old_value);

#define timerisset(tvp) ((tvp)->tv_sec || (tvp)->tv_usec)
#define timerclear(tvp) ((tvp)->tv_sec = (tvp)->tv_usec = 0)
#define timercmp(a, b, CMP) \
	(((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_usec CMP (b)->tv_usec) : ((a)->tv_sec CMP (b)->tv_sec))
#define timeradd(a, b, result) \
	do { \
		(result)->tv_sec = (a)->tv_sec + (b)->tv_sec; \
		(result)->tv_usec = (a)->tv_usec + (b)->tv_usec; \
		if ((result)->tv_usec >= 1000000) { \
			++(result)->tv_sec; \
			(result)->tv_usec -= 1000000; \
		} \
	} while (0)
#define timersub(a, b, result) \
	do { \
		(result)->tv_sec = (a)->tv_sec - (b)->tv_sec; \
		(result)->tv_usec = (a)->tv_usec - (b)->tv_usec; \
		if ((result)->tv_usec < 0) { \
			--(result)->tv_sec; \
			(result)->tv_usec += 1000000; \
		} \
	} while (0)

#endif /* _SYS_TIME_H */
